package main

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

// runImportCuti imports a file of leave spans: the file's own problems
// (NIPs, dates, kinds, spans of one person and kind that overlap) are
// reported without touching the database; then the store checks that every
// NIP is registered and upserts by (nip, mulai, jenis), all or nothing.
func runImportCuti(ctx context.Context, open adminOpenDB, path string, dryRun bool) adminReport {
	return importFile(ctx, open, path, dryRun, "import.cuti_done",
		func(sheet *roster.Sheet) ([]kinerja.CutiRow, []kinerja.FieldError) {
			raw, problems := sheet.Rows(kinerja.CutiColumns)
			if len(problems) > 0 {
				return nil, problems
			}
			return kinerja.ParseCutiRows(raw)
		},
		func(ctx context.Context, db *store.DB, file string, rows []kinerja.CutiRow, rep *adminReport) (int, error) {
			res, err := db.ImportCuti(ctx, store.CutiImport{File: file, Rows: rows, DryRun: dryRun})
			if err != nil {
				return 0, err
			}
			rep.out("import.count_cuti", map[string]any{"Inserted": res.Cuti.Inserted, "Updated": res.Cuti.Updated, "Unchanged": res.Cuti.Unchanged})
			return res.Rows, nil
		})
}
