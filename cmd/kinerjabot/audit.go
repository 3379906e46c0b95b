package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/store"
)

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
