package main

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

// runImportLibur imports a file of national holidays and cuti bersama: the
// file's own problems (dates, kinds, a date twice) are reported without
// touching the database; then the store upserts by tanggal, all or nothing.
func runImportLibur(ctx context.Context, open adminOpenDB, path string, dryRun bool) adminReport {
	return importFile(ctx, open, path, dryRun, "import.libur_done",
		func(sheet *roster.Sheet) ([]kinerja.LiburRow, []kinerja.FieldError) {
			raw, problems := sheet.Rows(kinerja.LiburColumns)
			if len(problems) > 0 {
				return nil, problems
			}
			return kinerja.ParseLiburRows(raw)
		},
		func(ctx context.Context, db *store.DB, file string, rows []kinerja.LiburRow, rep *adminReport) (int, error) {
			res, err := db.ImportLibur(ctx, store.LiburImport{File: file, Rows: rows, DryRun: dryRun})
			if err != nil {
				return 0, err
			}
			libur, bersama := 0, 0
			for _, r := range rows {
				if r.Jenis == kinerja.JenisCutiBersama {
					bersama++
				} else {
					libur++
				}
			}
			rep.out("import.count_libur", map[string]any{
				"Inserted": res.Libur.Inserted, "Updated": res.Libur.Updated, "Unchanged": res.Libur.Unchanged,
				"Libur": libur, "CutiBersama": bersama,
			})
			return res.Rows, nil
		})
}
