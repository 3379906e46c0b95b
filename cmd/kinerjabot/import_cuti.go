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
	var rep adminReport
	sheet, err := roster.ReadFile(path)
	if err != nil {
		rep.fail(path, err)
		return rep
	}
	raw, problems := sheet.Rows(kinerja.CutiColumns)
	var rows []kinerja.CutiRow
	if len(problems) == 0 {
		rows, problems = kinerja.ParseCutiRows(raw)
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
	res, err := db.ImportCuti(ctx, store.CutiImport{File: sheet.File, Rows: rows, DryRun: dryRun})
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	head := "import.cuti_done"
	if dryRun {
		head = "import.checked"
	}
	rep.out(head, map[string]any{"File": sheet.File, "Rows": res.Rows})
	rep.out("import.count_cuti", map[string]any{"Inserted": res.Cuti.Inserted, "Updated": res.Cuti.Updated, "Unchanged": res.Cuti.Unchanged})
	return rep
}
