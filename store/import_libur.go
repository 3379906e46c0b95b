package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// LiburImport is one file of national holidays and cuti bersama to import
// (kinerjabot import libur).
type LiburImport struct {
	File    string             // the file's name, for the audit log
	Rows    []kinerja.LiburRow // from kinerja.ParseLiburRows
	ActorID int64              // pegawai id of the admin, 0 for the system (the CLI)
	DryRun  bool               // check everything against the database, write nothing
}

// LiburImportResult says what a libur import did (or, for a dry run, would
// do); Deleted is always 0 (days the file lacks are kept).
type LiburImportResult struct {
	Rows  int
	Libur ImportCounts
}

// ImportLibur upserts the days of a file by tanggal, all or nothing, in one
// transaction: a new date is inserted, a known one gets the file's
// keterangan and jenis. Days the file does not list are kept (a file per
// year is the usual shape). One audit entry "import_libur" (entity
// hari_libur) records the file name and the counts.
func (db *DB) ImportLibur(ctx context.Context, in LiburImport) (LiburImportResult, error) {
	now := db.pgNow()
	var res LiburImportResult
	err := db.pgImportTx(ctx, "import libur", in.DryRun, func(tx pgx.Tx) (kinerja.FieldErrors, error) {
		res = LiburImportResult{Rows: len(in.Rows)}
		if err := pgImportLock(ctx, tx, "libur"); err != nil {
			return nil, err
		}
		dates := make([]pgtype.Date, len(in.Rows))
		for i, r := range in.Rows {
			dates[i] = pgDate(r.Tanggal)
		}
		type day struct{ keterangan, jenis string }
		existing := map[kinerja.Date]day{}
		rows, err := tx.Query(ctx, `
SELECT tanggal, keterangan, jenis FROM hari_libur WHERE tanggal = ANY($1) ORDER BY tanggal FOR UPDATE`, dates)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var d pgtype.Date
			var x day
			if err := rows.Scan(&d, &x.keterangan, &x.jenis); err != nil {
				rows.Close()
				return nil, err
			}
			existing[pgDateOf(d)] = x
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
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
				return nil, err
			}
		}
		return nil, pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: in.ActorID, Action: "import_libur", Entity: "hari_libur",
			Detail: map[string]any{
				"file": in.File, "rows": res.Rows, "inserted": res.Libur.Inserted,
				"updated": res.Libur.Updated, "unchanged": res.Libur.Unchanged,
			},
		})
	})
	if err != nil {
		return LiburImportResult{}, err
	}
	return res, nil
}
