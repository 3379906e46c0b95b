package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/roster"
	"kinerjabot/store"
)

// The admin commands (import, invite) talk to Indonesian admins: everything
// they print goes through the locales catalog, Indonesian by default,
// English with --bahasa en. A use case builds an adminReport (message IDs and
// arguments, testable without rendering); cli renders it.

const importUsage = `Usage: kinerjabot import pegawai|skp|libur|cuti FILE [--bahasa id|en] [--periksa]

Imports a .csv (UTF-8, "," or ";") or .xlsx file (first sheet) with a header row.
All or nothing: when any row is wrong nothing is written and every problem is
listed with its line and column.

  pegawai  columns nip, nama, unit_kerja (required) and jabatan, jenis_jabatan,
           atasan_nip, telepon, peran (optional: a missing column leaves that
           field of existing people unchanged). Upserts by NIP.
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

// adminReport is what an admin command prints: lines for stdout and for stderr
// (a FieldError with Line 0 is a plain message) and the exit code.
type adminReport struct {
	Out, Err []kinerja.FieldError
	Code     int
}

func adminMsg(id string, args map[string]any) kinerja.FieldError {
	return kinerja.FieldError{MessageID: id, Args: args}
}

func (r *adminReport) out(id string, args map[string]any) { r.Out = append(r.Out, adminMsg(id, args)) }
func (r *adminReport) err(id string, args map[string]any) { r.Err = append(r.Err, adminMsg(id, args)) }

// fail records err: a file's problems one per line under a heading, a domain
// error as its message, anything else as an internal error with its text
// (admins run these commands on the server; the detail helps them).
func (r *adminReport) fail(file string, err error) { r.failAs("import.internal", file, err) }

// failAs is fail with the message of an internal error of another command.
func (r *adminReport) failAs(internalID, file string, err error) {
	r.Code = 1
	var fe kinerja.FieldErrors
	var de *kinerja.Error
	switch {
	case errors.As(err, &fe):
		r.err("import.failed", map[string]any{"File": file, "Count": len(fe)})
		r.Err = append(r.Err, fe...)
	case errors.As(err, &de) && de.Code != kinerja.CodeInternal:
		r.Err = append(r.Err, adminMsg(de.MessageID, de.Args))
	default:
		r.err(internalID, map[string]any{"Err": err.Error()})
	}
}

// adminRenderer turns the lines of an adminReport into text in one language.
type adminRenderer struct {
	cat  *locales.Catalog
	lang string
}

// text renders one line; a problem of a file gets its line and column in
// front. A message missing from the catalog is printed as its ID and
// arguments rather than hidden behind an apology.
func (r adminRenderer) text(m kinerja.FieldError) string {
	s := r.render(m.MessageID, m.Args)
	switch {
	case m.Line == 0:
		return s
	case m.Column == "":
		return r.render("import.at_line", map[string]any{"Line": m.Line, "Text": s})
	}
	return r.render("import.at_cell", map[string]any{"Line": m.Line, "Column": m.Column, "Text": s})
}

func (r adminRenderer) render(id string, args map[string]any) string {
	if r.cat != nil {
		if s, err := r.cat.Render(r.lang, id, args); err == nil {
			return s
		}
	}
	if len(args) == 0 {
		return id
	}
	return fmt.Sprintf("%s %v", id, args)
}

func (r adminRenderer) print(rep adminReport, stdout, stderr io.Writer) int {
	for _, m := range rep.Out {
		fmt.Fprintln(stdout, r.text(m))
	}
	for _, m := range rep.Err {
		fmt.Fprintln(stderr, r.text(m))
	}
	return rep.Code
}

// parseInterspersed parses flags given before, between or after the
// positional arguments ("import pegawai FILE --bahasa en") and returns the
// positional ones; done is set when the command should stop with code.
func parseInterspersed(fs *flag.FlagSet, args []string) (pos []string, code int, done bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, true
			}
			return nil, 2, true
		}
		if fs.NArg() == 0 {
			return pos, 0, false
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// adminEnv is what the admin commands share: the configuration, the
// renderer of --bahasa, and a lazily opened store (a file with problems is
// refused without touching the database).
type adminEnv struct {
	cfg    Config
	render adminRenderer
}

func newAdminEnv(getenv func(string) string, lang string, stderr io.Writer) (adminEnv, int, bool) {
	if !locales.Supported(lang) {
		fmt.Fprintf(stderr, "--bahasa must be one of %s\n", strings.Join(locales.Languages, ", "))
		return adminEnv{}, 2, true
	}
	cfg, err := LoadConfig(getenv, false)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return adminEnv{}, 2, true
	}
	cat, err := locales.Load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return adminEnv{}, 1, true
	}
	return adminEnv{cfg: cfg, render: adminRenderer{cat: cat, lang: lang}}, 0, false
}

// adminOpener opens the store on first use and remembers it.
// runAdmin is the common tail of the admin commands: configuration and
// catalog, a signal-aware context, the database opened on first use, and
// the report printed in the chosen language.
func runAdmin(getenv func(string) string, lang string, stdout, stderr io.Writer,
	do func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport) int {
	env, code, done := newAdminEnv(getenv, lang, stderr)
	if done {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	o := &adminOpener{url: env.cfg.DatabaseURL}
	defer o.close()
	return env.render.print(do(ctx, env, o.open), stdout, stderr)
}

type adminOpener struct {
	url string
	db  *store.DB
}

func (o *adminOpener) open(ctx context.Context) (*store.DB, error) {
	if o.db == nil {
		db, err := store.OpenPostgres(ctx, o.url, time.Now)
		if err != nil {
			return nil, err
		}
		o.db = db
	}
	return o.db, nil
}

func (o *adminOpener) close() {
	if o.db != nil {
		o.db.Close()
	}
}

// adminOpenDB is how a use case reaches the store.
type adminOpenDB func(ctx context.Context) (*store.DB, error)

func cmdImport(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	usage := func(w io.Writer, fs *flag.FlagSet) {
		fmt.Fprint(w, importUsage)
		if fs != nil {
			fs.SetOutput(w)
			fs.PrintDefaults()
		} else {
			fmt.Fprintln(w, "  --bahasa id|en   language of the messages (default id)")
			fmt.Fprintln(w, "  --periksa        check the file against the database and write nothing")
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			usage(stderr, nil)
			return 2
		}
		usage(stdout, nil)
		return 0
	}
	kind := args[0]
	run, ok := importKinds[kind]
	if !ok {
		fmt.Fprintf(stderr, "kinerjabot import: unknown kind %q (pegawai, skp, libur or cuti)\n\n", kind)
		usage(stderr, nil)
		return 2
	}
	fs := flag.NewFlagSet("import "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("bahasa", "id", "language of the messages: id or en")
	dryRun := fs.Bool("periksa", false, "check the file against the database and write nothing")
	fs.Usage = func() { usage(stderr, fs) }
	pos, code, done := parseInterspersed(fs, args[1:])
	if done {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "kinerjabot import: give exactly one FILE")
		fs.Usage()
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		return run(ctx, open, pos[0], *dryRun)
	})
}

// importKinds are the use cases of "kinerjabot import KIND".
var importKinds = map[string]func(ctx context.Context, open adminOpenDB, path string, dryRun bool) adminReport{
	"pegawai": runImportPegawai,
	"skp":     runImportSKP,
	"libur":   runImportLibur,
	"cuti":    runImportCuti,
}

// importFile is the pipeline every import shares: read the file, check its
// own rows (reported without touching the database), open the database and
// hand the rows to save, which writes all or nothing and adds its summary.
// done is the message of a real run; a dry run (--periksa) says "checked".
func importFile[R any](ctx context.Context, open adminOpenDB, path string, dryRun bool, done string,
	parse func(*roster.Sheet) (R, []kinerja.FieldError),
	save func(ctx context.Context, db *store.DB, file string, rows R, rep *adminReport) (int, error)) adminReport {
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
	var summary adminReport
	n, err := save(ctx, db, sheet.File, rows, &summary)
	if err != nil {
		rep.fail(sheet.File, err)
		return rep
	}
	if dryRun {
		done = "import.checked"
	}
	rep.out(done, map[string]any{"File": sheet.File, "Rows": n})
	rep.Out = append(rep.Out, summary.Out...)
	return rep
}
