package store

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// SKPImport is one SKP file to import (kinerjabot import skp).
type SKPImport struct {
	File    string            // the file's name, for the audit log
	Plans   []kinerja.SKPPlan // from kinerja.ParseSKPRows
	ActorID int64             // pegawai id of the admin, 0 for the system (the CLI)
	DryRun  bool              // check everything against the database, write nothing
}

// SKPImportResult says what an SKP import did (or, for a dry run, would do).
type SKPImportResult struct {
	Rows      int // indikator rows of the file
	SKP       ImportCounts
	RHK       ImportCounts
	Indikator ImportCounts
}

type pgImportRHK struct {
	id    int64
	skpID int64
	kode  string
	jenis string
	teks  string
	refs  int // aktivitas rows referring to it
	ind   []pgImportIndikator
	kept  bool
}

type pgImportIndikator struct {
	id       int64
	teks     string
	min, max float64
	satuan   string
	arah     string
	agregasi string
	refs     int
	kept     bool
}

// indikatorKey compares indikator texts ignoring case and repeated spaces.
func indikatorKey(s string) string { return strings.ToLower(kinerja.CollapseSpaces(s)) }

// ImportSKP upserts the SKP of each (pegawai, tahun) of a file, all or
// nothing, in one transaction. The pegawai must exist. An SKP is created with
// status aktif, or set to aktif when it was a draft; an SKP already "selesai"
// is refused.
//
// Re-importing updates in place, so daily reports keep their references: an
// RHK is matched by rhk_kode (its jenis and text are updated), an indikator
// of it by its text (ignoring case and repeated spaces; target, satuan, arah,
// agregasi and the spelling of the text are updated). RHK and indikator the
// file no longer has are deleted, unless an aktivitas refers to them: then
// the import is refused with import.rhk_in_use / import.indikator_in_use on
// the SKP's first line (a renamed indikator counts as removed). One audit
// entry "import_skp" (entity skp) records the file name and the counts.
func (db *DB) ImportSKP(ctx context.Context, in SKPImport) (SKPImportResult, error) {
	now := db.pgNow()
	var res SKPImportResult
	err := db.pgImportTx(ctx, "import skp", in.DryRun, func(tx pgx.Tx) (kinerja.FieldErrors, error) {
		res = SKPImportResult{}
		for _, p := range in.Plans {
			for _, r := range p.RHK {
				res.Rows += len(r.Indikator)
			}
		}
		if err := pgImportLock(ctx, tx, "skp"); err != nil {
			return nil, err
		}
		var problems kinerja.FieldErrors

		// Pegawai by NIP.
		var nips []string
		firstLine := map[string]int{}
		for _, p := range in.Plans {
			if _, ok := firstLine[p.NIP]; !ok {
				firstLine[p.NIP] = p.Line
				nips = append(nips, p.NIP)
			}
		}
		pegawaiID := map[string]int64{}
		rows, err := tx.Query(ctx, `SELECT id, nip FROM pegawai WHERE nip = ANY($1)`, nips)
		if err != nil {
			return nil, err
		}
		if err := pgCollectIDsByNIP(rows, pegawaiID); err != nil {
			return nil, err
		}
		for _, nip := range nips {
			if pegawaiID[nip] == 0 {
				problems = append(problems, kinerja.NewFieldError(firstLine[nip], "nip", "import.pegawai_unknown",
					map[string]any{"Value": nip}))
			}
		}

		// Existing SKPs, their RHK and indikator, locked, with their references.
		type skpKey struct {
			pegawai int64
			tahun   int
		}
		type skpRow struct {
			id     int64
			status string
		}
		var kp []int64
		var kt []int32
		for _, p := range in.Plans {
			if id := pegawaiID[p.NIP]; id != 0 {
				kp, kt = append(kp, id), append(kt, int32(p.Tahun))
			}
		}
		skps := map[skpKey]skpRow{}
		rows, err = tx.Query(ctx, `
SELECT s.id, s.pegawai_id, s.tahun, s.status FROM skp s
JOIN unnest($1::bigint[], $2::int[]) AS k(pegawai_id, tahun) ON k.pegawai_id = s.pegawai_id AND k.tahun = s.tahun
ORDER BY s.id
FOR UPDATE OF s`, kp, kt)
		if err != nil {
			return nil, err
		}
		var skpIDs []int64
		for rows.Next() {
			var k skpKey
			var s skpRow
			if err := rows.Scan(&s.id, &k.pegawai, &k.tahun, &s.status); err != nil {
				rows.Close()
				return nil, err
			}
			skps[k] = s
			skpIDs = append(skpIDs, s.id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rhks, err := pgImportExistingRHK(ctx, tx, skpIDs)
		if err != nil {
			return nil, err
		}

		// The plan of changes.
		var delRHK, delInd []int64
		var upRHK []*pgImportRHK
		type indUpdate struct {
			id  int64
			row kinerja.SKPRow
		}
		var upInd []indUpdate
		type rhkInsert struct {
			skp  int // index in in.Plans
			plan *kinerja.RHKPlan
		}
		var newRHK []rhkInsert
		type indInsert struct {
			rhkID  int64 // existing RHK
			newRHK int   // else index in newRHK
			row    kinerja.SKPRow
		}
		var newInd []indInsert
		var newSKP []int         // indexes in in.Plans
		var activate []int64     // draft SKPs to set aktif
		skpOf := map[int]int64{} // plan index → existing skp id
		for pi := range in.Plans {
			p := &in.Plans[pi]
			pid := pegawaiID[p.NIP]
			if pid == 0 {
				continue
			}
			changed := false
			s, ok := skps[skpKey{pid, p.Tahun}]
			if !ok {
				res.SKP.Inserted++
				newSKP = append(newSKP, pi)
				for ri := range p.RHK {
					newRHK = append(newRHK, rhkInsert{pi, &p.RHK[ri]})
					res.RHK.Inserted++
					for _, row := range p.RHK[ri].Indikator {
						newInd = append(newInd, indInsert{newRHK: len(newRHK) - 1, row: row})
						res.Indikator.Inserted++
					}
				}
				continue
			}
			skpOf[pi] = s.id
			if s.status == "selesai" {
				problems = append(problems, kinerja.NewFieldError(p.Line, "tahun", "import.skp_closed",
					map[string]any{"Value": p.Tahun, "NIP": p.NIP}))
				continue
			}
			if s.status != "aktif" {
				activate = append(activate, s.id)
				changed = true
			}
			byKode := map[string]*pgImportRHK{}
			for _, r := range rhks[s.id] {
				byKode[r.kode] = r
			}
			for ri := range p.RHK {
				rp := &p.RHK[ri]
				ex := byKode[rp.Kode]
				if ex == nil {
					newRHK = append(newRHK, rhkInsert{pi, rp})
					res.RHK.Inserted++
					for _, row := range rp.Indikator {
						newInd = append(newInd, indInsert{newRHK: len(newRHK) - 1, row: row})
						res.Indikator.Inserted++
					}
					changed = true
					continue
				}
				ex.kept = true
				rhkChanged := false
				if ex.jenis != string(rp.Jenis) || ex.teks != rp.Teks {
					upRHK = append(upRHK, ex)
					ex.jenis, ex.teks = string(rp.Jenis), rp.Teks
					rhkChanged = true
				}
				byText := map[string]*pgImportIndikator{}
				for i := range ex.ind {
					byText[indikatorKey(ex.ind[i].teks)] = &ex.ind[i]
				}
				for _, row := range rp.Indikator {
					ei := byText[indikatorKey(row.Indikator)]
					if ei == nil || ei.kept {
						newInd = append(newInd, indInsert{rhkID: ex.id, row: row})
						res.Indikator.Inserted++
						rhkChanged = true
						continue
					}
					ei.kept = true
					if ei.teks != row.Indikator || ei.min != row.TargetMin || ei.max != row.TargetMax ||
						ei.satuan != row.Satuan || ei.arah != string(row.Arah) || ei.agregasi != string(row.Agregasi) {
						upInd = append(upInd, indUpdate{ei.id, row})
						res.Indikator.Updated++
						rhkChanged = true
					} else {
						res.Indikator.Unchanged++
					}
				}
				for _, ei := range ex.ind {
					if ei.kept {
						continue
					}
					if ei.refs > 0 {
						problems = append(problems, kinerja.NewFieldError(rp.Line, "indikator", "import.indikator_in_use",
							map[string]any{"Value": ei.teks, "Kode": rp.Kode, "Count": ei.refs}))
						continue
					}
					delInd = append(delInd, ei.id)
					res.Indikator.Deleted++
					rhkChanged = true
				}
				if rhkChanged { // itself or one of its indikator
					changed = true
					res.RHK.Updated++
				} else {
					res.RHK.Unchanged++
				}
			}
			for _, ex := range rhks[s.id] {
				if ex.kept {
					continue
				}
				if ex.refs > 0 {
					problems = append(problems, kinerja.NewFieldError(p.Line, "rhk_kode", "import.rhk_in_use",
						map[string]any{"Value": ex.kode, "Tahun": p.Tahun, "Count": ex.refs}))
					continue
				}
				delRHK = append(delRHK, ex.id)
				res.RHK.Deleted++
				res.Indikator.Deleted += len(ex.ind)
				changed = true
			}
			if changed {
				res.SKP.Updated++
			} else {
				res.SKP.Unchanged++
			}
		}
		if len(problems) > 0 {
			return problems, nil
		}

		// Write.
		if len(newSKP) > 0 {
			var sp []int64
			var st []int32
			for _, pi := range newSKP {
				sp, st = append(sp, pegawaiID[in.Plans[pi].NIP]), append(st, int32(in.Plans[pi].Tahun))
			}
			rows, err := tx.Query(ctx, `
INSERT INTO skp (pegawai_id, tahun, status, created_at)
SELECT t.pegawai_id, t.tahun, 'aktif', $3 FROM unnest($1::bigint[], $2::int[]) WITH ORDINALITY AS t(pegawai_id, tahun, n)
ORDER BY t.n
RETURNING id, pegawai_id, tahun`, sp, st, now)
			if err != nil {
				return nil, err
			}
			created := map[skpKey]int64{}
			for rows.Next() {
				var id int64
				var k skpKey
				if err := rows.Scan(&id, &k.pegawai, &k.tahun); err != nil {
					rows.Close()
					return nil, err
				}
				created[k] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			for _, pi := range newSKP {
				skpOf[pi] = created[skpKey{pegawaiID[in.Plans[pi].NIP], in.Plans[pi].Tahun}]
			}
		}
		if len(activate) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE skp SET status = 'aktif' WHERE id = ANY($1)`, activate); err != nil {
				return nil, err
			}
		}
		if len(delInd) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM indikator WHERE id = ANY($1)`, delInd); err != nil {
				return nil, err
			}
		}
		if len(delRHK) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM rhk WHERE id = ANY($1)`, delRHK); err != nil {
				return nil, err
			}
		}
		if len(upRHK) > 0 {
			var id []int64
			var jenis, teks []string
			for _, r := range upRHK {
				id, jenis, teks = append(id, r.id), append(jenis, r.jenis), append(teks, r.teks)
			}
			if _, err := tx.Exec(ctx, `
UPDATE rhk AS r SET jenis = t.jenis, teks = t.teks
FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(id, jenis, teks) WHERE r.id = t.id`, id, jenis, teks); err != nil {
				return nil, err
			}
		}
		newRHKID := make([]int64, len(newRHK))
		if len(newRHK) > 0 {
			var skp []int64
			var kode, jenis, teks []string
			for _, r := range newRHK {
				skp, kode = append(skp, skpOf[r.skp]), append(kode, r.plan.Kode)
				jenis, teks = append(jenis, string(r.plan.Jenis)), append(teks, r.plan.Teks)
			}
			rows, err := tx.Query(ctx, `
INSERT INTO rhk (skp_id, kode, jenis, teks)
SELECT t.skp_id, t.kode, t.jenis, t.teks
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(skp_id, kode, jenis, teks, n)
ORDER BY t.n
RETURNING id, skp_id, kode`, skp, kode, jenis, teks)
			if err != nil {
				return nil, err
			}
			type rk struct {
				skp  int64
				kode string
			}
			got := map[rk]int64{}
			for rows.Next() {
				var id int64
				var k rk
				if err := rows.Scan(&id, &k.skp, &k.kode); err != nil {
					rows.Close()
					return nil, err
				}
				got[k] = id
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			for i, r := range newRHK {
				newRHKID[i] = got[rk{skpOf[r.skp], r.plan.Kode}]
			}
		}
		if len(upInd) > 0 {
			var id []int64
			var teks, satuan, arah, agregasi []string
			var lo, hi []float64
			for _, u := range upInd {
				id, teks, satuan = append(id, u.id), append(teks, u.row.Indikator), append(satuan, u.row.Satuan)
				arah, agregasi = append(arah, string(u.row.Arah)), append(agregasi, string(u.row.Agregasi))
				lo, hi = append(lo, u.row.TargetMin), append(hi, u.row.TargetMax)
			}
			if _, err := tx.Exec(ctx, `
UPDATE indikator AS i
SET teks = t.teks, target_min = t.lo, target_max = t.hi, satuan = t.satuan, arah = t.arah, agregasi = t.agregasi
FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[])
     AS t(id, teks, lo, hi, satuan, arah, agregasi)
WHERE i.id = t.id`, id, teks, lo, hi, satuan, arah, agregasi); err != nil {
				return nil, err
			}
		}
		if len(newInd) > 0 {
			var rhk []int64
			var teks, satuan, arah, agregasi []string
			var lo, hi []float64
			for _, n := range newInd {
				id := n.rhkID
				if id == 0 {
					id = newRHKID[n.newRHK]
				}
				rhk, teks, satuan = append(rhk, id), append(teks, n.row.Indikator), append(satuan, n.row.Satuan)
				arah, agregasi = append(arah, string(n.row.Arah)), append(agregasi, string(n.row.Agregasi))
				lo, hi = append(lo, n.row.TargetMin), append(hi, n.row.TargetMax)
			}
			if _, err := tx.Exec(ctx, `
INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan, arah, agregasi)
SELECT t.rhk_id, t.teks, t.lo, t.hi, t.satuan, t.arah, t.agregasi
FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[])
     WITH ORDINALITY AS t(rhk_id, teks, lo, hi, satuan, arah, agregasi, n)
ORDER BY t.n`, rhk, teks, lo, hi, satuan, arah, agregasi); err != nil {
				return nil, err
			}
		}
		return nil, pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: in.ActorID, Action: "import_skp", Entity: "skp",
			Detail: map[string]any{
				"file": in.File, "rows": res.Rows,
				"skp_inserted": res.SKP.Inserted, "skp_updated": res.SKP.Updated, "skp_unchanged": res.SKP.Unchanged,
				"rhk_inserted": res.RHK.Inserted, "rhk_updated": res.RHK.Updated, "rhk_deleted": res.RHK.Deleted,
				"indikator_inserted": res.Indikator.Inserted, "indikator_updated": res.Indikator.Updated,
				"indikator_deleted": res.Indikator.Deleted,
			},
		})
	})
	if err != nil {
		return SKPImportResult{}, err
	}
	return res, nil
}

// pgImportExistingRHK loads and locks the RHK and indikator of the SKPs, with
// the number of aktivitas referring to each. The rows are locked before the
// references are counted, so a report filed meanwhile either is counted or
// waits for the import (its foreign key check needs the row).
func pgImportExistingRHK(ctx context.Context, tx pgx.Tx, skpIDs []int64) (map[int64][]*pgImportRHK, error) {
	out := map[int64][]*pgImportRHK{}
	if len(skpIDs) == 0 {
		return out, nil
	}
	byID := map[int64]*pgImportRHK{}
	rows, err := tx.Query(ctx, `SELECT id, skp_id, kode, jenis, teks FROM rhk WHERE skp_id = ANY($1) ORDER BY id FOR UPDATE`, skpIDs)
	if err != nil {
		return nil, err
	}
	var rhkIDs []int64
	for rows.Next() {
		r := &pgImportRHK{}
		if err := rows.Scan(&r.id, &r.skpID, &r.kode, &r.jenis, &r.teks); err != nil {
			rows.Close()
			return nil, err
		}
		out[r.skpID] = append(out[r.skpID], r)
		byID[r.id] = r
		rhkIDs = append(rhkIDs, r.id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(rhkIDs) == 0 {
		return out, nil
	}
	rows, err = tx.Query(ctx, `
SELECT id, rhk_id, teks, target_min::float8, target_max::float8, satuan, arah, agregasi
FROM indikator WHERE rhk_id = ANY($1) ORDER BY id FOR UPDATE`, rhkIDs)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var i pgImportIndikator
		var rhkID int64
		if err := rows.Scan(&i.id, &rhkID, &i.teks, &i.min, &i.max, &i.satuan, &i.arah, &i.agregasi); err != nil {
			rows.Close()
			return nil, err
		}
		r := byID[rhkID]
		r.ind = append(r.ind, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `
SELECT rhk_id, coalesce(indikator_id, 0), count(*) FROM aktivitas WHERE rhk_id = ANY($1)
GROUP BY rhk_id, indikator_id`, rhkIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rhkID, indID int64
		var n int
		if err := rows.Scan(&rhkID, &indID, &n); err != nil {
			return nil, err
		}
		r := byID[rhkID]
		r.refs += n
		for i := range r.ind {
			if r.ind[i].id == indID {
				r.ind[i].refs += n
			}
		}
	}
	return out, rows.Err()
}
