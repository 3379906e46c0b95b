package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

const unlockUsage = `Usage: kinerjabot unlock --nip NIP --periode YYYY-MM [--bahasa id|en]

Opens again a month that the assessor rated, and so locked, for one person
(BKPP's task: DOMAIN.md decision 7). While a month is locked nobody can file,
edit, withdraw or decide that person's reports dated in it. After the unlock
they can again, and the assessor can rate the month again; the earlier rating
stays in the history. Written to the audit log as done by the system.

Flags:
`

// adminUnlockRequest is one "kinerjabot unlock".
type adminUnlockRequest struct {
	NIP     string
	Periode string // as typed: YYYY-MM
	Loc     *time.Location
	// Formatter renders a message in the admin's language: the month's
	// name and the predikat.
	Formatter func(id string, args map[string]any) string
}

// parsePeriode reads a month written YYYY-MM as its first day.
func parsePeriode(s string) (kinerja.Date, bool) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return kinerja.Date{}, false
	}
	return kinerja.Date{Year: t.Year(), Month: t.Month(), Day: 1}, true
}

// unlockArgs are the arguments of unlock.done: who, which month (its name
// in the admin's language), and the rating that was lifted.
func unlockArgs(n store.Penilaian, periode string, fm func(string, map[string]any) string) map[string]any {
	return map[string]any{
		"Nama": n.PegawaiNama, "NIP": n.PegawaiNIP, "Periode": periode,
		"Predikat": fm(n.Predikat.MessageID(), nil), "By": n.RatedByNama, "At": n.RatedAt,
	}
}

func runUnlock(ctx context.Context, open adminOpenDB, req adminUnlockRequest) adminReport {
	var rep adminReport
	defer adminFormatTimes(&rep, req.Loc)
	fm := req.Formatter
	if fm == nil {
		fm = func(id string, _ map[string]any) string { return id }
	}
	periode, ok := parsePeriode(req.Periode)
	if !ok {
		rep.Code = 1
		rep.err("unlock.periode_invalid", map[string]any{"Value": req.Periode})
		return rep
	}
	// The month by its name ("Maret 2026") wherever a message names it.
	label := fm("month."+strconv.Itoa(int(periode.Month)), map[string]any{"Year": periode.Year})
	defer func() {
		for _, list := range [][]kinerja.FieldError{rep.Out, rep.Err} {
			for _, m := range list {
				if _, ok := m.Args["Periode"]; ok {
					m.Args["Periode"] = label
				}
			}
		}
	}()
	db, err := open(ctx)
	if err != nil {
		rep.failAs("unlock.internal", "", err)
		return rep
	}
	n, err := db.UnlockPeriod(ctx, req.NIP, periode, 0)
	if err != nil {
		rep.failAs("unlock.internal", "", err)
		return rep
	}
	rep.out("unlock.done", unlockArgs(n, label, fm))
	return rep
}

func cmdUnlock(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("unlock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	nip := fs.String("nip", "", "NIP of the person whose month to open again")
	periode := fs.String("periode", "", "the month, YYYY-MM (in KINERJABOT_TZ)")
	lang := fs.String("bahasa", "id", "language of the messages: id or en")
	fs.Usage = func() {
		fmt.Fprint(stderr, unlockUsage)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if strings.TrimSpace(*nip) == "" || strings.TrimSpace(*periode) == "" {
		fmt.Fprintln(stderr, "kinerjabot unlock: give --nip and --periode")
		fs.Usage()
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		return runUnlock(ctx, open, adminUnlockRequest{
			NIP: *nip, Periode: *periode, Loc: env.cfg.Location, Formatter: env.render.render,
		})
	})
}
