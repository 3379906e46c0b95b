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
	Actor           string // --oleh or KINERJABOT_ADMIN_NIP
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
	actor, ok := adminActor(ctx, open, &rep, "delegasi.internal", req.Actor)
	if !ok {
		return rep
	}
	d, ok := adminAsk(ctx, open, &rep, "delegasi.internal", func(db *store.DB) (store.Delegation, error) {
		return db.CreateDelegation(ctx, store.DelegationRequest{
			DariNIP: req.Dari, KeNIP: req.Ke, Jenis: req.Jenis,
			Mulai: dates[0], Selesai: dates[1], Today: req.Today, ActorID: actor,
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

func runRevokeDelegation(ctx context.Context, open adminOpenDB, id int64, actorNIP string) adminReport {
	var rep adminReport
	actor, ok := adminActor(ctx, open, &rep, "delegasi.internal", actorNIP)
	if !ok {
		return rep
	}
	d, ok := adminAsk(ctx, open, &rep, "delegasi.internal", func(db *store.DB) (store.Delegation, error) {
		if err := db.RevokeDelegation(ctx, id, actor); err != nil {
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
	oleh := actorFlag(fs)
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
			return runRevokeDelegation(ctx, open, *cabut, actorNIP(*oleh, getenv))
		}
		return runDelegate(ctx, open, adminDelegateRequest{
			Dari: *dari, Ke: *ke, Jenis: *jenis, Mulai: *mulai, Selesai: *selesai,
			Today: today, Actor: actorNIP(*oleh, getenv),
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
	Actor   string // --oleh or KINERJABOT_ADMIN_NIP
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
	actor, ok := adminActor(ctx, open, &rep, "unlock.internal", req.Actor)
	if !ok {
		return rep
	}
	n, ok := adminAsk(ctx, open, &rep, "unlock.internal", func(db *store.DB) (store.Penilaian, error) {
		return db.UnlockPeriod(ctx, req.NIP, periode, actor)
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
	oleh := actorFlag(fs)
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
			NIP: *nip, Periode: *periode, Actor: actorNIP(*oleh, getenv),
		})
	})
}

const auditUsage = `Usage: kinerjabot audit --nip NIP [--laporan ID] [--sejak YYYY-MM-DD] [--batas N] [--bahasa id|en]
       kinerjabot audit --laporan ID [--sejak YYYY-MM-DD] [--batas N] [--bahasa id|en]

Prints the append-only audit trail, oldest first, one entry a line: the time
(in KINERJABOT_TZ), who acted (or "sistem") and on whose behalf, what was
done, the report concerned and its date, and the reason or the change of
status. Refused attempts (a forged or expired button) are shown too.

  --nip      everything that person did, that a delegate did on their behalf,
             that happened to their reports, their account, their invitations
             and the delegations from or to them
  --laporan  everything that happened to one report (with --nip: both must hold)

Only the newest --batas entries are shown; --sejak leaves out older ones.
Phone numbers and invitation links are never printed.

Flags:
`

// adminAuditRequest is one "kinerjabot audit".
type adminAuditRequest struct {
	NIP       string
	Laporan   int64
	Sejak     string // YYYY-MM-DD in Loc, "" for no bound
	Batas     int
	Loc       *time.Location
	Formatter func(id string, args map[string]any) string // renders the pieces of a line
}

// auditActionIDs names the words for the actions the code records; an
// action not listed is printed as it is stored.
var auditActionIDs = map[string]string{
	"ajukan":           "audit.act_ajukan",
	"ubah":             "audit.act_ubah",
	"tarik":            "audit.act_tarik",
	"setujui":          "audit.act_setujui",
	"kembalikan":       "audit.act_kembalikan",
	"tolak":            "audit.act_tolak",
	"account_linked":   "audit.act_account_linked",
	"import_pegawai":   "audit.act_import_pegawai",
	"import_skp":       "audit.act_import_skp",
	"invite_created":   "audit.act_invite_created",
	"delegasi_dibuat":  "audit.act_delegasi_dibuat",
	"delegasi_dicabut": "audit.act_delegasi_dicabut",
	"bahasa":           "audit.act_bahasa",
	"pengaturan":       "audit.act_pengaturan",
	"import_libur":     "audit.act_import_libur",
	"import_cuti":      "audit.act_import_cuti",
	"penilaian":        "audit.act_penilaian",
	"penilaian_dibuka": "audit.act_penilaian_dibuka",
	"lihat_bukti":      "audit.act_lihat_bukti",
	"ap":               "audit.act_ap",
	"nyatakan_hari":    "audit.act_nyatakan_hari",
	"konfirmasi_hari":  "audit.act_konfirmasi_hari",
	"tolak_hari":       "audit.act_tolak_hari",
}

// auditStatusIDs are the words for the report statuses.
var auditStatusIDs = map[string]string{
	string(kinerja.StatusDiajukan):     "status.diajukan",
	string(kinerja.StatusDisetujui):    "status.disetujui",
	string(kinerja.StatusDikembalikan): "status.dikembalikan",
	string(kinerja.StatusDitolak):      "status.ditolak",
	string(kinerja.StatusDitarik):      "status.ditarik",
}

// auditRefusedPrefix marks a refused attempt: "ditolak_setujui".
const auditRefusedPrefix = "ditolak_"

func runAudit(ctx context.Context, open adminOpenDB, req adminAuditRequest) adminReport {
	var rep adminReport
	f := store.AuditTrailFilter{NIP: req.NIP, AktivitasID: req.Laporan, Limit: req.Batas}
	if s := strings.TrimSpace(req.Sejak); s != "" {
		d, err := kinerja.ParseDate(s)
		if err != nil {
			rep.Code = 1
			rep.err("audit.sejak_invalid", map[string]any{"Value": req.Sejak})
			return rep
		}
		f.Since = d.In(req.Loc)
	}
	trail, ok := adminAsk(ctx, open, &rep, "audit.internal", func(db *store.DB) (store.AuditTrail, error) {
		return db.AuditTrailOf(ctx, f)
	})
	if !ok {
		return rep
	}
	n := len(trail.Entries)
	switch {
	case n == 0:
		rep.out("audit.empty", nil)
		return rep
	case req.Laporan != 0 && trail.Person.ID != 0:
		rep.out("audit.header_both", map[string]any{"Nama": trail.Person.Nama, "NIP": trail.Person.NIP, "ID": req.Laporan, "Count": n})
	case req.Laporan != 0:
		rep.out("audit.header_report", map[string]any{"ID": req.Laporan, "Count": n})
	default:
		rep.out("audit.header_nip", map[string]any{"Nama": trail.Person.Nama, "NIP": trail.Person.NIP, "Count": n})
	}
	for _, e := range trail.Entries {
		rep.Out = append(rep.Out, auditLine(e))
	}
	if trail.Truncated {
		rep.out("audit.truncated", map[string]any{"Limit": n})
	}
	return rep
}

// auditLine is one entry: its pieces as messages of their own, put
// together by audit.line or audit.line_detail.
func auditLine(e store.AuditTrailEntry) kinerja.FieldError {
	who := msg.T("audit.system")
	switch {
	case e.ActorID != 0 && e.OnBehalfOf != 0:
		who = msg.T("audit.who_on_behalf", "Nama", e.Actor.Nama, "NIP", e.Actor.NIP, "OnBehalfNama", e.OnBehalf.Nama, "OnBehalfNIP", e.OnBehalf.NIP)
	case e.ActorID != 0:
		who = msg.T("audit.who", "Nama", e.Actor.Nama, "NIP", e.Actor.NIP)
	}
	var details msg.Inline
	str := func(k string) string { s, _ := e.Detail[k].(string); return s }
	switch e.Entity {
	case "aktivitas":
		if e.ReportDate.IsZero() {
			details = append(details, msg.T("audit.report_missing", "ID", e.EntityID))
		} else {
			details = append(details, msg.T("audit.report", "ID", e.EntityID, "Date", e.ReportDate.Format(), "Author", e.Subject.Nama, "AuthorNIP", e.Subject.NIP))
		}
		status := func(s string) msg.Text {
			if id, ok := auditStatusIDs[s]; ok {
				return msg.T(id)
			}
			return msg.Plain(s)
		}
		switch from, to := str("from"), str("to"); {
		case from != "" && to != "":
			details = append(details, msg.T("audit.status_change", "From", status(from), "To", status(to)))
		case to != "":
			details = append(details, msg.T("audit.status_to", "To", status(to)))
		}
	case "pernyataan":
		if !e.ReportDate.IsZero() {
			details = append(details, msg.T("audit.declaration", "ID", e.EntityID, "Kind", msg.T("leave."+e.DeclaredKind),
				"Date", e.ReportDate.Format(), "Author", e.Subject.Nama, "AuthorNIP", e.Subject.NIP))
		}
	case "delegasi":
		if d := e.Delegation; d != nil {
			details = append(details, msg.Text{ID: "audit.delegation", Args: delegationArgs(*d)})
		}
	case "pegawai", "undangan":
		if e.Subject.ID != 0 && e.Subject.ID != e.ActorID {
			details = append(details, msg.T("audit.subject", "Nama", e.Subject.Nama, "NIP", e.Subject.NIP))
		}
	}
	if rows, ok := e.Detail["rows"]; ok && str("file") != "" {
		details = append(details, msg.T("audit.file", "File", str("file"), "Rows", rows))
	}
	if reason := str("reason"); reason != "" {
		details = append(details, msg.T("audit.reason", "Reason", reason))
	}
	args := map[string]any{"Time": e.At, "Who": who, "Action": auditAction(e.Action)}
	if len(details) == 0 {
		return adminMsg("audit.line", args)
	}
	args["Details"] = details
	return adminMsg("audit.line_detail", args)
}

// auditAction is an action in words; a refused attempt names what was tried.
func auditAction(action string) msg.Text {
	if id, ok := auditActionIDs[action]; ok {
		return msg.T(id)
	}
	if tried, ok := strings.CutPrefix(action, auditRefusedPrefix); ok && tried != "" {
		return msg.T("audit.refused", "Action", auditAction(tried))
	}
	return msg.Plain(action)
}

func cmdAudit(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("audit", auditUsage, stderr)
	nip := fs.String("nip", "", "the person whose trail to print")
	laporan := fs.Int64("laporan", 0, "the report (aktivitas) ID whose trail to print")
	sejak := fs.String("sejak", "", "leave out entries before this day, YYYY-MM-DD (in KINERJABOT_TZ)")
	batas := fs.Int("batas", store.AuditTrailDefaultLimit, fmt.Sprintf("print at most this many of the newest entries (1 to %d)", store.AuditTrailMaxLimit))
	if code, done := parseFlags(fs, args); done {
		return code
	}
	switch {
	case strings.TrimSpace(*nip) == "" && *laporan == 0:
		fmt.Fprintln(stderr, "kinerjabot audit: give --nip NIP or --laporan ID")
		fs.Usage()
		return 2
	case *laporan < 0:
		fmt.Fprintln(stderr, "kinerjabot audit: --laporan needs a report ID")
		return 2
	case *batas < 1 || *batas > store.AuditTrailMaxLimit:
		fmt.Fprintf(stderr, "kinerjabot audit: --batas must be between 1 and %d\n", store.AuditTrailMaxLimit)
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		return runAudit(ctx, open, adminAuditRequest{
			NIP: *nip, Laporan: *laporan, Sejak: *sejak, Batas: *batas,
			Loc: env.cfg.Location, Formatter: env.render.render,
		})
	})
}
