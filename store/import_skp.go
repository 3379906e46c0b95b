package store

import (
	"context"
	"strings"
	"time"

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

// pgImportStored is what an SKP import knows of a stored RHK or indikator.
type pgImportStored struct {
	id   int64
	refs int  // aktivitas rows referring to it
	kept bool // the file lists it still
}

type pgImportRHK struct {
	pgImportStored
	skpID int64
	kode  string
	jenis string
	teks  string
	ind   []pgImportIndikator
}

type pgImportIndikator struct {
	pgImportStored
	teks     string
	min, max float64
	satuan   string
	arah     string
	agregasi string
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
	run := pgImportRun{kind: "skp", entity: "skp", file: in.File, actorID: in.ActorID, dryRun: in.DryRun}
	return pgImport(ctx, db, run, func(tx pgx.Tx, now time.Time) (SKPImportResult, kinerja.FieldErrors, error) {
		var res SKPImportResult
		for _, p := range in.Plans {
			for _, r := range p.RHK {
				res.Rows += len(r.Indikator)
			}
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
		pegawaiID, err := pgPegawaiIDs(ctx, tx, nips)
		if err != nil {
			return res, nil, err
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
		rows, err := tx.Query(ctx, `
SELECT s.id, s.pegawai_id, s.tahun, s.status FROM skp s
JOIN unnest($1::bigint[], $2::int[]) AS k(pegawai_id, tahun) ON k.pegawai_id = s.pegawai_id AND k.tahun = s.tahun
ORDER BY s.id
FOR UPDATE OF s`, kp, kt)
		if err != nil {
			return res, nil, err
		}
		var skpIDs []int64
		var sk skpKey
		var sr skpRow
		if _, err := pgx.ForEachRow(rows, []any{&sr.id, &sk.pegawai, &sk.tahun, &sr.status}, func() error {
			skps[sk] = sr
			skpIDs = append(skpIDs, sr.id)
			return nil
		}); err != nil {
			return res, nil, err
		}
		rhks, err := pgImportExistingRHK(ctx, tx, skpIDs)
		if err != nil {
			return res, nil, err
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
		// insertRHK plans a new RHK of plan pi with all its indikator.
		insertRHK := func(pi int, rp *kinerja.RHKPlan) {
			newRHK = append(newRHK, rhkInsert{pi, rp})
			res.RHK.Inserted++
			for _, row := range rp.Indikator {
				newInd = append(newInd, indInsert{newRHK: len(newRHK) - 1, row: row})
				res.Indikator.Inserted++
			}
		}
		// unlisted sorts out a stored RHK or indikator the file no longer
		// lists: while reports refer to it, it stays and inUse is the
		// problem; otherwise its id joins del and unlisted reports true.
		unlisted := func(st pgImportStored, del *[]int64, inUse kinerja.FieldError) bool {
			switch {
			case st.kept:
				return false
			case st.refs > 0:
				problems = append(problems, inUse)
				return false
			}
			*del = append(*del, st.id)
			return true
		}
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
					insertRHK(pi, &p.RHK[ri])
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
					insertRHK(pi, rp)
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
					if unlisted(ei.pgImportStored, &delInd, kinerja.NewFieldError(rp.Line, "indikator", "import.indikator_in_use",
						map[string]any{"Value": ei.teks, "Kode": rp.Kode, "Count": ei.refs})) {
						res.Indikator.Deleted++
						rhkChanged = true
					}
				}
				if rhkChanged { // itself or one of its indikator
					changed = true
					res.RHK.Updated++
				} else {
					res.RHK.Unchanged++
				}
			}
			for _, ex := range rhks[s.id] {
				if unlisted(ex.pgImportStored, &delRHK, kinerja.NewFieldError(p.Line, "rhk_kode", "import.rhk_in_use",
					map[string]any{"Value": ex.kode, "Tahun": p.Tahun, "Count": ex.refs})) {
					res.RHK.Deleted++
					res.Indikator.Deleted += len(ex.ind)
					changed = true
				}
			}
			if changed {
				res.SKP.Updated++
			} else {
				res.SKP.Unchanged++
			}
		}
		if len(problems) > 0 {
			return res, problems, nil
		}

		// Write.
		if len(newSKP) > 0 {
			var sp []int64
			var st []int32
			for _, pi := range newSKP {
				sp, st = append(sp, pegawaiID[in.Plans[pi].NIP]), append(st, int32(in.Plans[pi].Tahun))
			}
			var k skpKey
			created, err := pgQueryIDs(ctx, tx, &k, []any{&k.pegawai, &k.tahun}, `
INSERT INTO skp (pegawai_id, tahun, status, created_at)
SELECT t.pegawai_id, t.tahun, 'aktif', $3 FROM unnest($1::bigint[], $2::int[]) WITH ORDINALITY AS t(pegawai_id, tahun, n)
ORDER BY t.n
RETURNING id, pegawai_id, tahun`, sp, st, now)
			if err != nil {
				return res, nil, err
			}
			for _, pi := range newSKP {
				skpOf[pi] = created[skpKey{pegawaiID[in.Plans[pi].NIP], in.Plans[pi].Tahun}]
			}
		}
		if len(activate) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE skp SET status = 'aktif' WHERE id = ANY($1)`, activate); err != nil {
				return res, nil, err
			}
		}
		if len(delInd) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM indikator WHERE id = ANY($1)`, delInd); err != nil {
				return res, nil, err
			}
		}
		if len(delRHK) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM rhk WHERE id = ANY($1)`, delRHK); err != nil {
				return res, nil, err
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
				return res, nil, err
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
			type rk struct {
				skp  int64
				kode string
			}
			var k rk
			got, err := pgQueryIDs(ctx, tx, &k, []any{&k.skp, &k.kode}, `
INSERT INTO rhk (skp_id, kode, jenis, teks)
SELECT t.skp_id, t.kode, t.jenis, t.teks
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(skp_id, kode, jenis, teks, n)
ORDER BY t.n
RETURNING id, skp_id, kode`, skp, kode, jenis, teks)
			if err != nil {
				return res, nil, err
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
				return res, nil, err
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
				return res, nil, err
			}
		}
		return res, nil, nil
	})
}

func (r SKPImportResult) auditDetail() map[string]any {
	return map[string]any{
		"rows":         r.Rows,
		"skp_inserted": r.SKP.Inserted, "skp_updated": r.SKP.Updated, "skp_unchanged": r.SKP.Unchanged,
		"rhk_inserted": r.RHK.Inserted, "rhk_updated": r.RHK.Updated, "rhk_deleted": r.RHK.Deleted,
		"indikator_inserted": r.Indikator.Inserted, "indikator_updated": r.Indikator.Updated,
		"indikator_deleted": r.Indikator.Deleted,
	}
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
	var r pgImportRHK
	if _, err := pgx.ForEachRow(rows, []any{&r.id, &r.skpID, &r.kode, &r.jenis, &r.teks}, func() error {
		rhk := r
		out[r.skpID] = append(out[r.skpID], &rhk)
		byID[r.id] = &rhk
		rhkIDs = append(rhkIDs, r.id)
		return nil
	}); err != nil {
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
	var ind pgImportIndikator
	var rhkID int64
	if _, err := pgx.ForEachRow(rows, []any{&ind.id, &rhkID, &ind.teks, &ind.min, &ind.max, &ind.satuan, &ind.arah, &ind.agregasi}, func() error {
		byID[rhkID].ind = append(byID[rhkID].ind, ind)
		return nil
	}); err != nil {
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
