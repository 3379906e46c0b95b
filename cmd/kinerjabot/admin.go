package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
	"kinerjabot/store"
)

// The admin commands (import, invite, delegate, audit, unlock) talk to
// Indonesian admins: everything they print goes through the locales catalog,
// Indonesian by default, English with --bahasa en. A use case builds an
// adminReport (message IDs and arguments, testable without rendering); cli
// renders it.

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
		r.Err = append(r.Err, kinerja.MergeRepeated(fe)...)
	case errors.As(err, &de) && de.Code != kinerja.CodeInternal:
		r.Err = append(r.Err, adminMsg(de.MessageID, de.Args))
	default:
		r.err(internalID, map[string]any{"Err": err.Error()})
	}
}

// adminRenderer turns the lines of an adminReport into text in one
// language, through the bot's renderer: instants in KINERJABOT_TZ, numbers
// with the language's decimal mark, message arguments rendered in turn.
type adminRenderer struct {
	r    *bot.Renderer // nil: lines print as their IDs and arguments
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
	case len(m.Lines) > 1:
		args := map[string]any{"Lines": kinerja.LineRanges(m.Lines), "Count": len(m.Lines), "Column": m.Column, "Text": s}
		if m.Column == "" {
			return r.render("import.at_lines", args)
		}
		return r.render("import.at_lines_cell", args)
	case m.Column == "":
		return r.render("import.at_line", map[string]any{"Line": m.Line, "Text": s})
	}
	return r.render("import.at_cell", map[string]any{"Line": m.Line, "Column": m.Column, "Text": s})
}

func (r adminRenderer) render(id string, args map[string]any) string {
	if r.r != nil {
		if s, err := r.r.Text(msg.Text{ID: id, Args: args}, r.lang); err == nil {
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

// adminFlags is the flag set of an admin command: -h prints usage and the
// flags; lang is --bahasa, the language of the messages.
func adminFlags(name, usage string, stderr io.Writer) (fs *flag.FlagSet, lang *string) {
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs, fs.String("bahasa", "id", "language of the messages: id or en")
}

// parseOneArg parses flags given before or after the command's one
// positional argument ("import pegawai FILE --bahasa en") and returns it;
// without exactly one it prints missing and the usage. done is set when the
// command should stop with code.
func parseOneArg(fs *flag.FlagSet, args []string, missing string) (arg string, code int, done bool) {
	pos, code, done := parseArgs(fs, args)
	if done {
		return "", code, true
	}
	if len(pos) != 1 {
		fmt.Fprintln(fs.Output(), missing)
		fs.Usage()
		return "", 2, true
	}
	return pos[0], 0, false
}

// parseArgs parses flags given before, between or after the positional
// arguments and returns those.
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int, done bool) {
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
	return adminEnv{cfg: cfg, render: adminRenderer{r: bot.NewRenderer(cat, cfg.Location), lang: lang}}, 0, false
}

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

// adminOpener opens the store on first use and remembers it.
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

// adminAsk opens the store and asks it q. When either fails, the failure
// is recorded in rep (internalID is the message of an unexpected error) and
// ok is false.
func adminAsk[T any](ctx context.Context, open adminOpenDB, rep *adminReport, internalID string,
	q func(db *store.DB) (T, error)) (v T, ok bool) {
	db, err := open(ctx)
	if err == nil {
		if v, err = q(db); err == nil {
			return v, true
		}
	}
	rep.failAs(internalID, "", err)
	return v, false
}

// eachArgs calls fn with the arguments of every line of the report, which
// it may change.
func (r *adminReport) eachArgs(fn func(args map[string]any)) {
	for _, list := range [][]kinerja.FieldError{r.Out, r.Err} {
		for _, m := range list {
			fn(m.Args)
		}
	}
}
