package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// The days off a person is not expected to work: national holidays and cuti
// bersama (kinerjabot import libur) and personal leave (kinerjabot import
// cuti).

// LiburImport is one file of national holidays and cuti bersama to import
// (kinerjabot import libur), its rows from kinerja.ParseLiburRows.
type LiburImport = ImportFile[kinerja.LiburRow]

// LiburImportResult says what a libur import did (or, for a dry run, would
// do); Deleted is always 0 (days the file lacks are kept).
type LiburImportResult struct {
	Rows  int
	Libur ImportCounts
}

// CutiImport is one file of personal leave spans to import (kinerjabot
// import cuti), its rows from kinerja.ParseCutiRows.
type CutiImport = ImportFile[kinerja.CutiRow]

// CutiImportResult says what a cuti import did (or, for a dry run, would
// do); Deleted is always 0 (spans the file lacks are kept).
type CutiImportResult struct {
	Rows int
	Cuti ImportCounts
}

// ImportLibur upserts the days of a file by tanggal, all or nothing, in one
// transaction: a new date is inserted, a known one gets the file's
// keterangan and jenis. Days the file does not list are kept (a file per
// year is the usual shape). One audit entry "import_libur" (entity
// hari_libur) records the file name and the counts.
func (db *DB) ImportLibur(ctx context.Context, in LiburImport) (LiburImportResult, error) {
	return pgImport(ctx, db, in.run("libur", "hari_libur"), func(tx pgx.Tx, _ time.Time) (LiburImportResult, kinerja.FieldErrors, error) {
		res := LiburImportResult{Rows: len(in.Rows)}
		dates := make([]pgtype.Date, len(in.Rows))
		for i, r := range in.Rows {
			dates[i] = pgDate(r.Tanggal)
		}
		type day struct{ keterangan, jenis string }
		existing := map[kinerja.Date]day{}
		rows, err := tx.Query(ctx, `
SELECT tanggal, keterangan, jenis FROM hari_libur WHERE tanggal = ANY($1) ORDER BY tanggal FOR UPDATE`, dates)
		if err != nil {
			return res, nil, err
		}
		var tanggal pgtype.Date
		var got day
		if _, err := pgx.ForEachRow(rows, []any{&tanggal, &got.keterangan, &got.jenis}, func() error {
			existing[pgDateOf(tanggal)] = got
			return nil
		}); err != nil {
			return res, nil, err
		}
		var upDates []pgtype.Date
		var upKet, upJenis []string
		for _, r := range in.Rows {
			x, ok := existing[r.Tanggal]
			switch {
			case !ok:
				res.Libur.Inserted++
			case x.keterangan == r.Keterangan && x.jenis == r.Jenis:
				res.Libur.Unchanged++
				continue
			default:
				res.Libur.Updated++
			}
			upDates = append(upDates, pgDate(r.Tanggal))
			upKet, upJenis = append(upKet, r.Keterangan), append(upJenis, r.Jenis)
		}
		if len(upDates) > 0 {
			if _, err := tx.Exec(ctx, `
INSERT INTO hari_libur (tanggal, keterangan, jenis)
SELECT t.tanggal, t.keterangan, t.jenis FROM unnest($1::date[], $2::text[], $3::text[]) AS t(tanggal, keterangan, jenis)
ON CONFLICT (tanggal) DO UPDATE SET keterangan = EXCLUDED.keterangan, jenis = EXCLUDED.jenis`,
				upDates, upKet, upJenis); err != nil {
				return res, nil, err
			}
		}
		return res, nil, nil
	})
}

func (r LiburImportResult) auditDetail() map[string]any { return r.Libur.auditDetail(r.Rows) }

// ImportCuti upserts the leave spans of a file by (pegawai, mulai, jenis),
// all or nothing, in one transaction: a known span gets the file's selesai.
// Every NIP must belong to a registered pegawai (import.pegawai_unknown on
// each line that names an unknown one). Spans the file does not list are
// kept. One audit entry "import_cuti" (entity cuti) records the file name
// and the counts.
func (db *DB) ImportCuti(ctx context.Context, in CutiImport) (CutiImportResult, error) {
	return pgImport(ctx, db, in.run("cuti", "cuti"), func(tx pgx.Tx, _ time.Time) (CutiImportResult, kinerja.FieldErrors, error) {
		res := CutiImportResult{Rows: len(in.Rows)}
		var nips []string
		seen := map[string]bool{}
		for _, r := range in.Rows {
			if !seen[r.NIP] {
				seen[r.NIP] = true
				nips = append(nips, r.NIP)
			}
		}
		pegawaiID, err := pgPegawaiIDs(ctx, tx, nips)
		if err != nil {
			return res, nil, err
		}
		var problems kinerja.FieldErrors
		for _, r := range in.Rows {
			if pegawaiID[r.NIP] == 0 {
				problems = append(problems, kinerja.NewFieldError(r.Line, "nip", "import.pegawai_unknown",
					map[string]any{"Value": r.NIP}))
			}
		}
		if len(problems) > 0 {
			return res, problems, nil
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
		rows, err := tx.Query(ctx, `
SELECT c.id, c.pegawai_id, c.mulai, c.jenis, c.selesai FROM cuti c
JOIN unnest($1::bigint[], $2::date[], $3::text[]) AS k(pegawai_id, mulai, jenis)
  ON k.pegawai_id = c.pegawai_id AND k.mulai = c.mulai AND k.jenis = c.jenis
ORDER BY c.id
FOR UPDATE OF c`, kp, km, kj)
		if err != nil {
			return res, nil, err
		}
		var ek key
		var es span
		var m, e pgtype.Date
		if _, err := pgx.ForEachRow(rows, []any{&es.id, &ek.pegawai, &m, &ek.jenis, &e}, func() error {
			ek.mulai, es.selesai = pgDateOf(m), pgDateOf(e)
			existing[ek] = es
			return nil
		}); err != nil {
			return res, nil, err
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
				return res, nil, err
			}
		}
		if len(newP) > 0 {
			if _, err := tx.Exec(ctx, `
INSERT INTO cuti (pegawai_id, mulai, selesai, jenis)
SELECT t.pegawai_id, t.mulai, t.selesai, t.jenis
FROM unnest($1::bigint[], $2::date[], $3::date[], $4::text[]) WITH ORDINALITY AS t(pegawai_id, mulai, selesai, jenis, n)
ORDER BY t.n`, newP, newM, newS, newJ); err != nil {
				return res, nil, err
			}
		}
		return res, nil, nil
	})
}

func (r CutiImportResult) auditDetail() map[string]any { return r.Cuti.auditDetail(r.Rows) }
