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
	return importFile(ctx, open, path, dryRun, "import.skp_done",
		func(sheet *roster.Sheet) ([]kinerja.SKPPlan, []kinerja.FieldError) { return sheet.SKP() },
		func(ctx context.Context, db *store.DB, file string, plans []kinerja.SKPPlan, rep *adminReport) (int, error) {
			res, err := db.ImportSKP(ctx, store.SKPImport{File: file, Plans: plans, DryRun: dryRun})
			if err != nil {
				return 0, err
			}
			counts := func(c store.ImportCounts) map[string]any {
				return map[string]any{"Inserted": c.Inserted, "Updated": c.Updated, "Unchanged": c.Unchanged, "Deleted": c.Deleted}
			}
			rep.out("import.count_skp", map[string]any{"Inserted": res.SKP.Inserted, "Updated": res.SKP.Updated, "Unchanged": res.SKP.Unchanged})
			rep.out("import.count_rhk", counts(res.RHK))
			rep.out("import.count_indikator", counts(res.Indikator))
			return res.Rows, nil
		})
}
