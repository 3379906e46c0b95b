package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// CutiImport is one file of personal leave spans to import (kinerjabot
// import cuti).
type CutiImport struct {
	File    string            // the file's name, for the audit log
	Rows    []kinerja.CutiRow // from kinerja.ParseCutiRows
	ActorID int64             // pegawai id of the admin, 0 for the system (the CLI)
	DryRun  bool              // check everything against the database, write nothing
}

// CutiImportResult says what a cuti import did (or, for a dry run, would
// do); Deleted is always 0 (spans the file lacks are kept).
type CutiImportResult struct {
	Rows int
	Cuti ImportCounts
}

// ImportCuti upserts the leave spans of a file by (pegawai, mulai, jenis),
// all or nothing, in one transaction: a known span gets the file's selesai.
// Every NIP must belong to a registered pegawai (import.pegawai_unknown on
// each line that names an unknown one). Spans the file does not list are
// kept. One audit entry "import_cuti" (entity cuti) records the file name
// and the counts.
func (db *DB) ImportCuti(ctx context.Context, in CutiImport) (CutiImportResult, error) {
	now := db.pgNow()
	var res CutiImportResult
	err := db.pgImportTx(ctx, "import cuti", in.DryRun, func(tx pgx.Tx) (kinerja.FieldErrors, error) {
		res = CutiImportResult{Rows: len(in.Rows)}
		if err := pgImportLock(ctx, tx, "cuti"); err != nil {
			return nil, err
		}
		var nips []string
		seen := map[string]bool{}
		for _, r := range in.Rows {
			if !seen[r.NIP] {
				seen[r.NIP] = true
				nips = append(nips, r.NIP)
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
		var problems kinerja.FieldErrors
		for _, r := range in.Rows {
			if pegawaiID[r.NIP] == 0 {
				problems = append(problems, kinerja.NewFieldError(r.Line, "nip", "import.pegawai_unknown",
					map[string]any{"Value": r.NIP}))
			}
		}
		if len(problems) > 0 {
			return problems, nil
		}

		type key struct {
			pegawai int64
			mulai   kinerja.Date
			jenis   string
		}
		kp := make([]int64, len(in.Rows))
		km := make([]pgtype.Date, len(in.Rows))
		kj := make([]string, len(in.Rows))
		for i, r := range in.Rows {
			kp[i], km[i], kj[i] = pegawaiID[r.NIP], pgDate(r.Mulai), r.Jenis
		}
		type span struct {
			id      int64
			selesai kinerja.Date
		}
		existing := map[key]span{}
		rows, err = tx.Query(ctx, `
SELECT c.id, c.pegawai_id, c.mulai, c.jenis, c.selesai FROM cuti c
JOIN unnest($1::bigint[], $2::date[], $3::text[]) AS k(pegawai_id, mulai, jenis)
  ON k.pegawai_id = c.pegawai_id AND k.mulai = c.mulai AND k.jenis = c.jenis
ORDER BY c.id
FOR UPDATE OF c`, kp, km, kj)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k key
			var s span
			var m, e pgtype.Date
			if err := rows.Scan(&s.id, &k.pegawai, &m, &k.jenis, &e); err != nil {
				rows.Close()
				return nil, err
			}
			k.mulai, s.selesai = pgDateOf(m), pgDateOf(e)
			existing[k] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}

		var upID []int64
		var upSelesai []pgtype.Date
		var newP []int64
		var newM, newS []pgtype.Date
		var newJ []string
		for _, r := range in.Rows {
			k := key{pegawaiID[r.NIP], r.Mulai, r.Jenis}
			s, ok := existing[k]
			switch {
			case !ok:
				res.Cuti.Inserted++
				newP, newM = append(newP, k.pegawai), append(newM, pgDate(r.Mulai))
				newS, newJ = append(newS, pgDate(r.Selesai)), append(newJ, r.Jenis)
			case s.selesai == r.Selesai:
				res.Cuti.Unchanged++
			default:
				res.Cuti.Updated++
				upID, upSelesai = append(upID, s.id), append(upSelesai, pgDate(r.Selesai))
			}
		}
		if len(upID) > 0 {
			if _, err := tx.Exec(ctx, `
UPDATE cuti AS c SET selesai = t.selesai
FROM unnest($1::bigint[], $2::date[]) AS t(id, selesai) WHERE c.id = t.id`, upID, upSelesai); err != nil {
				return nil, err
			}
		}
		if len(newP) > 0 {
			if _, err := tx.Exec(ctx, `
INSERT INTO cuti (pegawai_id, mulai, selesai, jenis)
SELECT t.pegawai_id, t.mulai, t.selesai, t.jenis
FROM unnest($1::bigint[], $2::date[], $3::date[], $4::text[]) WITH ORDINALITY AS t(pegawai_id, mulai, selesai, jenis, n)
ORDER BY t.n`, newP, newM, newS, newJ); err != nil {
				return nil, err
			}
		}
		return nil, pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: in.ActorID, Action: "import_cuti", Entity: "cuti",
			Detail: map[string]any{
				"file": in.File, "rows": res.Rows, "inserted": res.Cuti.Inserted,
				"updated": res.Cuti.Updated, "unchanged": res.Cuti.Unchanged,
			},
		})
	})
	if err != nil {
		return CutiImportResult{}, err
	}
	return res, nil
}
