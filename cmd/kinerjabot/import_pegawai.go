package main

import (
	"context"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

// runImportPegawai imports a pegawai file: the file's own problems are
// reported without touching the database; then the store checks references
// (atasan, cycles) and upserts, all or nothing.
func runImportPegawai(ctx context.Context, open adminOpenDB, path string, dryRun bool) adminReport {
	var columns []string
	return importFile(ctx, open, path, dryRun, "import.pegawai_done",
		func(sheet *roster.Sheet) ([]kinerja.PegawaiRow, []kinerja.FieldError) {
			columns = sheet.Columns()
			return sheet.Pegawai()
		},
		func(ctx context.Context, db *store.DB, file string, rows []kinerja.PegawaiRow, rep *adminReport) (int, error) {
			res, err := db.ImportPegawai(ctx, store.PegawaiImport{File: file, Columns: columns, Rows: rows, DryRun: dryRun})
			if err != nil {
				return 0, err
			}
			rep.out("import.count_pegawai", map[string]any{"Inserted": res.Inserted, "Updated": res.Updated, "Unchanged": res.Unchanged})
			if n := len(res.UnitsCreated); n > 0 {
				rep.out("import.units_created", map[string]any{"Count": n, "Names": strings.Join(res.UnitsCreated, "; ")})
			}
			if len(res.Notes) > 0 {
				rep.out("import.notes", map[string]any{"Count": len(res.Notes)})
				rep.Out = append(rep.Out, res.Notes...)
			}
			return res.Rows, nil
		})
}
