package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

const importUsage = `Usage: kinerjabot import pegawai|skp|libur|cuti FILE [--bahasa id|en] [--periksa]
       kinerjabot import pegawai FILE --usulkan-atasan HASIL.csv

Imports a .csv (UTF-8, "," or ";") or .xlsx file (first sheet) with a header row.
All or nothing: when any row is wrong nothing is written and every problem is
listed with its line and column.

  pegawai  columns nip, nama, unit_kerja (required) and jabatan, jenis_jabatan,
           atasan_nip, telepon, peran, gelar_depan, gelar_belakang, eselon,
           unit_induk (optional: a missing column leaves that field of existing
           people unchanged). Upserts by NIP. SIASN's export headers (NIP_BARU,
           NAMA, GELAR_DEPAN, JENIS_JABATAN_NAMA, JABATAN_NAMA, UNOR_NAMA,
           SATUAN_KERJA_INDUK_NAMA, NOMOR_HP, …) are read as these; other
           columns are ignored and named. People left without an atasan are
           listed; --usulkan-atasan writes a proposal for each to HASIL.csv
           (the head of their unit, or of the unit above), to check and import.
  skp      columns nip, tahun, rhk_kode, jenis_rhk, rhk, indikator, target,
           satuan, arah and optionally agregasi. One row per indikator.
  libur    columns tanggal, keterangan and optionally jenis (libur or
           cuti_bersama; when absent, a keterangan starting with "Cuti
           bersama" is cuti_bersama). Upserts by tanggal.
  cuti     columns nip, mulai, selesai, jenis (cuti, sakit or dinas_luar).
           Upserts by nip + mulai + jenis (selesai is updated).

Dates: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY (or an .xlsx date cell).

Samples: examples/pegawai.csv, examples/pegawai.xlsx, examples/skp.csv,
examples/libur-2026.csv, examples/cuti.csv.

Flags:
`

func cmdImport(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	usage := func(w io.Writer) {
		fmt.Fprint(w, importUsage)
		fmt.Fprintln(w, "  --bahasa id|en   language of the messages (default id)")
		fmt.Fprintln(w, "  --periksa        check the file against the database and write nothing")
		fmt.Fprintln(w, "  --usulkan-atasan HASIL.csv  (pegawai) write a proposed atasan for everyone left without one")
		fmt.Fprintln(w, "  --oleh NIP       the admin making the import (default KINERJABOT_ADMIN_NIP; not needed before the roster has an admin)")
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			usage(stderr)
			return 2
		}
		usage(stdout)
		return 0
	}
	kind := args[0]
	run, ok := importKinds[kind]
	if !ok {
		fmt.Fprintf(stderr, "kinerjabot import: unknown kind %q (pegawai, skp, libur or cuti)\n\n", kind)
		usage(stderr)
		return 2
	}
	fs, lang := adminFlags("import "+kind, importUsage, stderr)
	dryRun := fs.Bool("periksa", false, "check the file against the database and write nothing")
	propose := fs.String("usulkan-atasan", "", "(pegawai) write a proposed atasan for everyone left without one to this .csv")
	oleh := actorFlag(fs)
	path, code, done := parseOneArg(fs, args[1:], "kinerjabot import: give exactly one FILE")
	if done {
		return code
	}
	if *propose != "" && kind != "pegawai" {
		fmt.Fprintln(stderr, "kinerjabot import: --usulkan-atasan is for pegawai files only")
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		return run(ctx, open, path, importOpts{dryRun: *dryRun, propose: *propose, render: env.render,
			actor: actorNIP(*oleh, getenv), needsActor: true})
	})
}

// importOpts are the flags of an import: dryRun checks the file against the
// database and writes nothing; propose is where to write the proposed
// atasan (pegawai, "" for none), in render's language.
type importOpts struct {
	dryRun  bool
	propose string
	render  adminRenderer
	// actor is the admin's NIP (--oleh, KINERJABOT_ADMIN_NIP), checked
	// when asked (the CLI; the demo's seeding is the system's).
	actor      string
	needsActor bool
	actorID    int64 // set by importAs
}

// importRun imports the file at path.
type importRun func(ctx context.Context, open adminOpenDB, path string, o importOpts) adminReport

// importKinds are the use cases of "kinerjabot import KIND".
var importKinds = map[string]importRun{
	"pegawai": runImportPegawai,
	"skp":     runImportSKP,
	"libur":   runImportLibur,
	"cuti":    runImportCuti,
}

// The imports of each kind: how the sheet is read, and how its rows are
// saved (the store checks what the file alone cannot, and writes all or
// nothing) and summed up.
var (
	runImportPegawai = importAs("import.pegawai_done", (*roster.Sheet).Pegawai, savePegawai)
	runImportSKP     = importAs("import.skp_done", (*roster.Sheet).SKP, saveSKP)
	runImportLibur   = importAs("import.libur_done", (*roster.Sheet).Libur, saveLibur)
	runImportCuti    = importAs("import.cuti_done", (*roster.Sheet).Cuti, saveCuti)
)

// importSave hands the checked rows of a sheet to the store (with dryRun it
// writes nothing) and adds the lines that sum up what it did to rep; it
// returns the number of rows of the file. On an error its lines are dropped.
type importSave[R any] func(ctx context.Context, db *store.DB, sheet *roster.Sheet, rows []R, o importOpts, rep *adminReport) (int, error)

// importAs is the pipeline every import shares: read the file, check its
// own rows (reported without touching the database), open the database,
// save. done is the message of a real run; a dry run (--periksa) says
// import.checked.
func importAs[R any](done string, parse func(*roster.Sheet) ([]R, []kinerja.FieldError), save importSave[R]) importRun {
	return func(ctx context.Context, open adminOpenDB, path string, o importOpts) adminReport {
		var rep adminReport
		sheet, err := roster.ReadFile(path)
		if err != nil {
			rep.fail(path, err)
			return rep
		}
		rows, problems := parse(sheet)
		if len(problems) > 0 {
			rep.fail(sheet.File, kinerja.FieldErrors(problems))
			return rep
		}
		db, err := open(ctx)
		if err != nil {
			rep.fail(sheet.File, err)
			return rep
		}
		if o.needsActor && !o.dryRun {
			var ok bool
			if o.actorID, ok = adminActor(ctx, open, &rep, "import.internal", o.actor); !ok {
				return rep
			}
		}
		var summary adminReport
		n, err := save(ctx, db, sheet, rows, o, &summary)
		if err != nil {
			rep.fail(sheet.File, err)
			return rep
		}
		msg := done
		if o.dryRun {
			msg = "import.checked"
		}
		rep.out(msg, map[string]any{"File": sheet.File, "Rows": n})
		rep.Out = append(rep.Out, summary.Out...)
		return rep
	}
}

// countArgs are the arguments of an import.count_* line.
func countArgs(c store.ImportCounts) map[string]any {
	return map[string]any{"Inserted": c.Inserted, "Updated": c.Updated, "Unchanged": c.Unchanged}
}

// savePegawai: the store checks the references (atasan, cycles) and upserts
// by NIP; a column the file lacks leaves that field as it is.
func savePegawai(ctx context.Context, db *store.DB, sheet *roster.Sheet, rows []kinerja.PegawaiRow, o importOpts, rep *adminReport) (int, error) {
	if o.propose != "" {
		// The proposals' file is checked first: an import is not made
		// that could not hand its proposals over.
		f, err := os.OpenFile(o.propose, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return len(rows), kinerja.Errorf(kinerja.CodeInvalid, "import.proposals_unwritable", map[string]any{"File": o.propose, "Reason": err.Error()})
		}
		f.Close()
	}
	res, err := db.ImportPegawai(ctx, store.PegawaiImport{File: sheet.File, Columns: sheet.Columns(), Rows: rows,
		DryRun: o.dryRun, Propose: o.propose != "", ActorID: o.actorID})
	if err != nil {
		return res.Rows, err
	}
	rep.out("import.count_pegawai", countArgs(store.ImportCounts{Inserted: res.Inserted, Updated: res.Updated, Unchanged: res.Unchanged}))
	if n := len(res.UnitsCreated); n > 0 {
		rep.out("import.units_created", map[string]any{"Count": n, "Names": strings.Join(res.UnitsCreated, "; ")})
	}
	if n := len(res.UnitsMoved); n > 0 {
		rep.out("import.units_moved", map[string]any{"Count": n, "Names": strings.Join(res.UnitsMoved, "; ")})
	}
	if n := len(res.Moves); n > 0 {
		rep.out("import.moves", map[string]any{"Count": n})
		for _, m := range res.Moves {
			rep.Out = append(rep.Out, kinerja.FieldError{Line: m.Line, MessageID: "import.move", Args: map[string]any{
				"Nama": m.Nama, "NIP": m.NIP, "AtasanLama": m.AtasanLama, "AtasanBaru": m.AtasanBaru,
				"UnitLama": m.UnitLama, "UnitBaru": m.UnitBaru, "Waiting": m.Waiting}})
		}
	}
	if len(sheet.Ignored) > 0 {
		rep.out("import.ignored_columns", map[string]any{"Count": len(sheet.Ignored), "Columns": strings.Join(sheet.Ignored, ", ")})
	}
	if len(res.Notes) > 0 {
		kinerja.SortFieldErrors(res.Notes)
		rep.out("import.notes", map[string]any{"Count": len(res.Notes)})
		rep.Out = append(rep.Out, kinerja.MergeRepeated(res.Notes)...)
	}
	if n := len(res.WithoutAtasan); n > 0 {
		rep.out("import.without_atasan", map[string]any{"Count": n})
		for i, p := range res.WithoutAtasan {
			if i == maxListed {
				rep.out("import.and_more", map[string]any{"Count": n - maxListed})
				break
			}
			rep.Out = append(rep.Out, kinerja.FieldError{Line: p.Line, MessageID: "import.person", Args: map[string]any{"NIP": p.NIP, "Nama": p.Nama}})
		}
	}
	if o.propose != "" {
		if err := writeProposals(o.propose, res.Proposals, o.render); err != nil {
			return res.Rows, err
		}
		proposed := 0
		for _, p := range res.Proposals {
			if p.AtasanNIP != "" {
				proposed++
			}
		}
		rep.out("import.proposals_written", map[string]any{"File": o.propose, "Count": len(res.Proposals),
			"Proposed": proposed, "None": len(res.Proposals) - proposed})
	}
	return res.Rows, nil
}

// maxListed is how many people a list of the import's summary names; the
// rest are counted.
const maxListed = 50

// writeProposals writes the proposed atasan as a pegawai file the admin
// checks and imports (nip, nama, unit_kerja, atasan_nip; atasan_nama and
// dasar are read by people and ignored by the import).
func writeProposals(path string, props []kinerja.AtasanProposal, render adminRenderer) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"nip", "nama", "unit_kerja", "atasan_nip", "atasan_nama", "dasar"})
	for _, p := range props {
		_ = w.Write([]string{p.NIP, p.Nama, p.Unit, p.AtasanNIP, p.AtasanNama, render.render(p.DasarID, p.DasarArgs)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return kinerja.Errorf(kinerja.CodeInvalid, "import.proposals_unwritable", map[string]any{"File": path, "Reason": err.Error()})
	}
	return nil
}

// saveSKP: the store checks that every pegawai exists and that no
// RHK/indikator with reports would disappear, and upserts.
func saveSKP(ctx context.Context, db *store.DB, sheet *roster.Sheet, plans []kinerja.SKPPlan, o importOpts, rep *adminReport) (int, error) {
	res, err := db.ImportSKP(ctx, store.SKPImport{File: sheet.File, Plans: plans, DryRun: o.dryRun, ActorID: o.actorID})
	rep.out("import.count_skp", countArgs(res.SKP))
	for _, c := range []struct {
		id     string
		counts store.ImportCounts
	}{{"import.count_rhk", res.RHK}, {"import.count_indikator", res.Indikator}} {
		args := countArgs(c.counts)
		args["Deleted"] = c.counts.Deleted
		rep.out(c.id, args)
	}
	return res.Rows, err
}

// saveLibur: national holidays and cuti bersama, upserted by tanggal.
func saveLibur(ctx context.Context, db *store.DB, sheet *roster.Sheet, rows []kinerja.LiburRow, o importOpts, rep *adminReport) (int, error) {
	res, err := db.ImportLibur(ctx, store.LiburImport{File: sheet.File, Rows: rows, DryRun: o.dryRun, ActorID: o.actorID})
	libur, bersama := 0, 0
	for _, r := range rows {
		if r.Jenis == kinerja.JenisCutiBersama {
			bersama++
		} else {
			libur++
		}
	}
	args := countArgs(res.Libur)
	args["Libur"], args["CutiBersama"] = libur, bersama
	rep.out("import.count_libur", args)
	return res.Rows, err
}

// saveCuti: personal leave; the store checks that every NIP is registered
// and upserts by (nip, mulai, jenis).
func saveCuti(ctx context.Context, db *store.DB, sheet *roster.Sheet, rows []kinerja.CutiRow, o importOpts, rep *adminReport) (int, error) {
	res, err := db.ImportCuti(ctx, store.CutiImport{File: sheet.File, Rows: rows, DryRun: o.dryRun, ActorID: o.actorID})
	rep.out("import.count_cuti", countArgs(res.Cuti))
	return res.Rows, err
}
