package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/store"
)

// The admin's say over assessment: "kinerjabot delegate" appoints who
// decides and rates in an assessor's place (a Plh or Plt), "kinerjabot
// unlock" opens a rated, and so locked, month again. Both act as the
// system, are audited, and show instants in KINERJABOT_TZ.

const delegateUsage = `Usage: kinerjabot delegate --dari NIP --ke NIP --mulai YYYY-MM-DD --selesai YYYY-MM-DD [--jenis plh|plt] [--bahasa id|en]
       kinerjabot delegate --cabut ID [--bahasa id|en]
       kinerjabot delegate --daftar [--nip NIP] [--bahasa id|en]

Appoints a Plh (pelaksana harian: covers a temporary absence; the default) or
a Plt (pelaksana tugas: fills an empty post): from --mulai to --selesai,
inclusive, business dates in KINERJABOT_TZ, the person --ke may decide on and
rate the reports of the people whose atasan is --dari. During a Plh both may
decide (the first decision counts). At most one year; a period may have begun
already but not ended. Nobody decides on their own reports: when --ke is one
of --dari's own staff, their own reports stay with --dari.

--cabut revokes a delegation at once; --daftar lists the delegations that are
running or still to come (with --nip: those from or to that person).
Everything is written to the audit log.

Flags:
`

// adminDelegateRequest is one "kinerjabot delegate --dari ...".
type adminDelegateRequest struct {
	Dari, Ke, Jenis string
	Mulai, Selesai  string // as typed: YYYY-MM-DD
	Today           kinerja.Date
}

// delegationArgs are the arguments every delegasi.* line about d takes.
func delegationArgs(d store.Delegation) map[string]any {
	return map[string]any{
		"ID": d.ID, "Jenis": jenisLabel(d.Jenis),
		"Dari": d.Dari.Nama, "DariNIP": d.Dari.NIP,
		"Ke": d.Ke.Nama, "KeNIP": d.Ke.NIP,
		"Mulai": d.Mulai.Format(), "Selesai": d.Selesai.Format(),
	}
}

// jenisLabel is how a decree writes the kind: Plh, Plt.
func jenisLabel(jenis string) string {
	switch jenis {
	case kinerja.JenisPlh:
		return "Plh"
	case kinerja.JenisPlt:
		return "Plt"
	}
	return jenis
}

func runDelegate(ctx context.Context, open adminOpenDB, req adminDelegateRequest) adminReport {
	var rep adminReport
	var dates [2]kinerja.Date
	for i, f := range []struct{ flag, value string }{{"--mulai", req.Mulai}, {"--selesai", req.Selesai}} {
		d, err := kinerja.ParseDate(strings.TrimSpace(f.value))
		if err != nil {
			rep.Code = 1
			rep.err("delegasi.date_invalid", map[string]any{"Flag": f.flag, "Value": f.value})
			continue
		}
		dates[i] = d
	}
	if rep.Code != 0 {
		return rep
	}
	d, ok := adminAsk(ctx, open, &rep, "delegasi.internal", func(db *store.DB) (store.Delegation, error) {
		return db.CreateDelegation(ctx, store.DelegationRequest{
			DariNIP: req.Dari, KeNIP: req.Ke, Jenis: req.Jenis,
			Mulai: dates[0], Selesai: dates[1], Today: req.Today,
		})
	})
	if !ok {
		return rep
	}
	rep.out("delegasi.created", delegationArgs(d))
	if d.Ke.AtasanID == d.Dari.ID {
		rep.out("delegasi.note_own_reports", delegationArgs(d))
	}
	return rep
}

func runRevokeDelegation(ctx context.Context, open adminOpenDB, id int64) adminReport {
	var rep adminReport
	d, ok := adminAsk(ctx, open, &rep, "delegasi.internal", func(db *store.DB) (store.Delegation, error) {
		if err := db.RevokeDelegation(ctx, id, 0); err != nil {
			return store.Delegation{}, err
		}
		return db.DelegationByID(ctx, id)
	})
	if !ok {
		return rep
	}
	args := delegationArgs(d)
	args["At"] = d.RevokedAt
	rep.out("delegasi.revoked", args)
	return rep
}

func runListDelegations(ctx context.Context, open adminOpenDB, nip string, today kinerja.Date) adminReport {
	var rep adminReport
	list, ok := adminAsk(ctx, open, &rep, "delegasi.internal", func(db *store.DB) ([]store.Delegation, error) {
		return db.Delegations(ctx, nip, today)
	})
	if !ok {
		return rep
	}
	if len(list) == 0 {
		rep.out("delegasi.list_empty", nil)
		return rep
	}
	rep.out("delegasi.list_header", map[string]any{"Count": len(list), "Today": today.Format()})
	for _, d := range list {
		id := "delegasi.list_future"
		if d.Active(today) {
			id = "delegasi.list_active"
		}
		rep.out(id, delegationArgs(d))
	}
	return rep
}

func cmdDelegate(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("delegate", delegateUsage, stderr)
	dari := fs.String("dari", "", "NIP of the official (atasan) whose post is covered")
	ke := fs.String("ke", "", "NIP of the Plh/Plt who decides in their place")
	mulai := fs.String("mulai", "", "first day, YYYY-MM-DD (in KINERJABOT_TZ)")
	selesai := fs.String("selesai", "", "last day, YYYY-MM-DD, inclusive (at most one year after --mulai)")
	jenis := fs.String("jenis", kinerja.JenisPlh, "plh (temporary absence) or plt (empty post)")
	cabut := fs.Int64("cabut", 0, "revoke the delegation with this ID")
	daftar := fs.Bool("daftar", false, "list the running and future delegations")
	nip := fs.String("nip", "", "with --daftar: only the delegations from or to this NIP")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	create := set["dari"] || set["ke"] || set["mulai"] || set["selesai"] || set["jenis"]
	modes := 0
	for _, m := range []bool{create, set["cabut"], *daftar} {
		if m {
			modes++
		}
	}
	switch {
	case modes != 1:
		fmt.Fprintln(stderr, "kinerjabot delegate: choose one of: --dari/--ke/--mulai/--selesai (create), --cabut ID, --daftar")
		fs.Usage()
		return 2
	case set["nip"] && !*daftar:
		fmt.Fprintln(stderr, "kinerjabot delegate: --nip goes with --daftar")
		return 2
	case set["cabut"] && *cabut <= 0:
		fmt.Fprintln(stderr, "kinerjabot delegate: --cabut needs the ID of a delegation (see --daftar)")
		return 2
	case create && (*dari == "" || *ke == "" || *mulai == "" || *selesai == ""):
		fmt.Fprintln(stderr, "kinerjabot delegate: give --dari, --ke, --mulai and --selesai")
		fs.Usage()
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		today := kinerja.DateOf(time.Now(), env.cfg.Location)
		switch {
		case *daftar:
			return runListDelegations(ctx, open, *nip, today)
		case set["cabut"]:
			return runRevokeDelegation(ctx, open, *cabut)
		}
		return runDelegate(ctx, open, adminDelegateRequest{
			Dari: *dari, Ke: *ke, Jenis: *jenis, Mulai: *mulai, Selesai: *selesai,
			Today: today,
		})
	})
}

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
}

// parsePeriode reads a month written YYYY-MM as its first day.
func parsePeriode(s string) (kinerja.Date, bool) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return kinerja.Date{}, false
	}
	return kinerja.Date{Year: t.Year(), Month: t.Month(), Day: 1}, true
}

// unlockArgs are the arguments of unlock.done: who, which month, and the
// rating that was lifted.
func unlockArgs(n store.Penilaian, periode msg.Text) map[string]any {
	return map[string]any{
		"Nama": n.PegawaiNama, "NIP": n.PegawaiNIP, "Periode": periode,
		"Predikat": msg.T(n.Predikat.MessageID()), "By": n.RatedByNama, "At": n.RatedAt,
	}
}

func runUnlock(ctx context.Context, open adminOpenDB, req adminUnlockRequest) adminReport {
	var rep adminReport
	periode, ok := parsePeriode(req.Periode)
	if !ok {
		rep.Code = 1
		rep.err("unlock.periode_invalid", map[string]any{"Value": req.Periode})
		return rep
	}
	// The month by its name ("Maret 2026") wherever a message names it.
	label := msg.Month(periode)
	defer rep.eachArgs(func(args map[string]any) {
		if _, ok := args["Periode"]; ok {
			args["Periode"] = label
		}
	})
	n, ok := adminAsk(ctx, open, &rep, "unlock.internal", func(db *store.DB) (store.Penilaian, error) {
		return db.UnlockPeriod(ctx, req.NIP, periode, 0)
	})
	if !ok {
		return rep
	}
	rep.out("unlock.done", unlockArgs(n, label))
	return rep
}

func cmdUnlock(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("unlock", unlockUsage, stderr)
	nip := fs.String("nip", "", "NIP of the person whose month to open again")
	periode := fs.String("periode", "", "the month, YYYY-MM (in KINERJABOT_TZ)")
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
			NIP: *nip, Periode: *periode,
		})
	})
}
