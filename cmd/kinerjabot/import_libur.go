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
	var rep adminReport
	sheet, err := roster.ReadFile(path)
	if err != nil {
		rep.fail(path, err)
		return rep
	}
	raw, problems := sheet.Rows(kinerja.LiburColumns)
	var rows []kinerja.LiburRow
	if len(problems) == 0 {
		rows, problems = kinerja.ParseLiburRows(raw)
	}
	if len(problems) > 0 {
		rep.fail(sheet.File, kinerja.FieldErrors(problems))
		return rep
	}
	db, err := open(ctx)
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	res, err := db.ImportLibur(ctx, store.LiburImport{File: sheet.File, Rows: rows, DryRun: dryRun})
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	head := "import.libur_done"
	if dryRun {
		head = "import.checked"
	}
	libur, bersama := 0, 0
	for _, r := range rows {
		if r.Jenis == kinerja.JenisCutiBersama {
			bersama++
		} else {
			libur++
		}
	}
	rep.out(head, map[string]any{"File": sheet.File, "Rows": res.Rows})
	rep.out("import.count_libur", map[string]any{
		"Inserted": res.Libur.Inserted, "Updated": res.Libur.Updated, "Unchanged": res.Libur.Unchanged,
		"Libur": libur, "CutiBersama": bersama,
	})
	return rep
}
