package main

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

// runImportSKP imports an SKP file: the file's own problems (cells, RHK rows
// that disagree) are reported without touching the database; then the store
// checks that every pegawai exists and that no RHK/indikator with reports
// would disappear, and upserts, all or nothing.
func runImportSKP(ctx context.Context, open adminOpenDB, path string, dryRun bool) adminReport {
	var rep adminReport
	sheet, err := roster.ReadFile(path)
	if err != nil {
		rep.fail(path, err)
		return rep
	}
	plans, problems := sheet.SKP()
	if len(problems) > 0 {
		rep.fail(sheet.File, kinerja.FieldErrors(problems))
		return rep
	}
	db, err := open(ctx)
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	res, err := db.ImportSKP(ctx, store.SKPImport{File: sheet.File, Plans: plans, DryRun: dryRun})
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	head := "import.skp_done"
	if dryRun {
		head = "import.checked"
	}
	counts := func(c store.ImportCounts) map[string]any {
		return map[string]any{"Inserted": c.Inserted, "Updated": c.Updated, "Unchanged": c.Unchanged, "Deleted": c.Deleted}
	}
	rep.out(head, map[string]any{"File": sheet.File, "Rows": res.Rows})
	rep.out("import.count_skp", map[string]any{"Inserted": res.SKP.Inserted, "Updated": res.SKP.Updated, "Unchanged": res.SKP.Unchanged})
	rep.out("import.count_rhk", counts(res.RHK))
	rep.out("import.count_indikator", counts(res.Indikator))
	return rep
}
