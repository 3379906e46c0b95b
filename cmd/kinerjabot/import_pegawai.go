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
	var rep adminReport
	sheet, err := roster.ReadFile(path)
	if err != nil {
		rep.fail(path, err)
		return rep
	}
	rows, problems := sheet.Pegawai()
	if len(problems) > 0 {
		rep.fail(sheet.File, kinerja.FieldErrors(problems))
		return rep
	}
	db, err := open(ctx)
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	res, err := db.ImportPegawai(ctx, store.PegawaiImport{
		File: sheet.File, Columns: sheet.Columns(), Rows: rows, DryRun: dryRun,
	})
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	head := "import.pegawai_done"
	if dryRun {
		head = "import.checked"
	}
	rep.out(head, map[string]any{"File": sheet.File, "Rows": res.Rows})
	rep.out("import.count_pegawai", map[string]any{"Inserted": res.Inserted, "Updated": res.Updated, "Unchanged": res.Unchanged})
	if n := len(res.UnitsCreated); n > 0 {
		rep.out("import.units_created", map[string]any{"Count": n, "Names": strings.Join(res.UnitsCreated, "; ")})
	}
	if len(res.Notes) > 0 {
		rep.out("import.notes", map[string]any{"Count": len(res.Notes)})
		rep.Out = append(rep.Out, res.Notes...)
	}
	return rep
}
