package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/notify"
	"kinerjabot/rekap"
	"kinerjabot/store"
)

const rekapUsage = `Usage: kinerjabot rekap --periode YYYY-MM (--opd NAMA | --semua) --out FILE.xlsx [--oleh NIP] [--bahasa id|en]

Writes the month's recap workbook: Rekap (one row per person: working days,
days reported, reports by status, approved minutes, target, productivity,
capaian of the RHK utama, predikat, indicative TPP band), Progres Harian (one
row per report, in the order of e-Kinerja's daily progress form), Menunggu
(reports still waiting, per supervisor, with their age) and Kepatuhan (per
unit: people, linked to Telegram, reported this month, reported every working
day, mean approved minutes). The figures are those /nilai shows today.
--out FILE.csv writes the Rekap sheet alone (";" between columns, decimal
comma, as Indonesian spreadsheets read it). Audited with the admin who took
it (--oleh or KINERJABOT_ADMIN_NIP).

Flags:
`

func cmdRekap(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("rekap", rekapUsage, stderr)
	periode := fs.String("periode", "", "the month, YYYY-MM")
	opd := fs.String("opd", "", "the OPD (a top-level unit kerja) by name")
	semua := fs.Bool("semua", false, "the whole city")
	out := fs.String("out", "", "the file to write: .xlsx (every sheet) or .csv (the Rekap sheet)")
	oleh := actorFlag(fs)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case strings.TrimSpace(*periode) == "" || *out == "":
		fmt.Fprintln(stderr, "kinerjabot rekap: give --periode and --out")
	case (*opd == "") == !*semua:
		fmt.Fprintln(stderr, "kinerjabot rekap: give either --opd NAMA or --semua")
	case ext != ".xlsx" && ext != ".csv":
		fmt.Fprintln(stderr, "kinerjabot rekap: --out must end in .xlsx or .csv")
	default:
		if getenv("GOMEMLIMIT") == "" {
			// The city's recap holds about 80 MB live (the workbook's
			// stream buffers); a soft limit keeps the process near that
			// instead of the default twice as much (docs/benchmarks.md).
			debug.SetMemoryLimit(rekapMemoryLimit)
		}
		return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
			return runRekap(ctx, open, env.cfg, adminRekapRequest{Periode: *periode, OPD: *opd, Out: *out, Now: time.Now(),
				Actor: actorNIP(*oleh, getenv)})
		})
	}
	fs.Usage()
	return 2
}

// rekapMemoryLimit is the recap command's soft memory limit, unless
// GOMEMLIMIT says otherwise.
const rekapMemoryLimit = 128 << 20

// adminRekapRequest is one "kinerjabot rekap".
type adminRekapRequest struct {
	Periode string
	OPD     string // "" for the whole city
	Out     string
	Now     time.Time
	Actor   string // --oleh or KINERJABOT_ADMIN_NIP: personal data leaves the bot, by whom
}

func runRekap(ctx context.Context, open adminOpenDB, cfg Config, req adminRekapRequest) adminReport {
	var rep adminReport
	month, ok := parsePeriode(req.Periode)
	today := kinerja.DateOf(req.Now, cfg.Location)
	if !ok || today.MonthStart().Before(month) {
		rep.Code = 1
		rep.err("rekap.periode_invalid", map[string]any{"Value": req.Periode})
		return rep
	}
	actor, ok := adminActor(ctx, open, &rep, "rekap.internal", req.Actor)
	if !ok {
		return rep
	}
	db, err := open(ctx)
	if err != nil {
		rep.failAs("rekap.internal", "", err)
		return rep
	}
	var scope store.RekapScope
	name := ""
	if req.OPD != "" {
		if scope.OPD, name, err = db.OPDByName(ctx, req.OPD); err != nil {
			rep.failAs("rekap.internal", "", err)
			return rep
		}
	}
	f, err := os.Create(req.Out)
	if err != nil {
		rep.Code = 1
		rep.err("rekap.unwritable", map[string]any{"File": req.Out, "Reason": err.Error()})
		return rep
	}
	sum, err := writeRekap(ctx, db, cfg, scope, month, req.Now, f, strings.EqualFold(filepath.Ext(req.Out), ".csv"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(req.Out)
		rep.failAs("rekap.internal", "", err)
		return rep
	}
	if err := db.RecordRekap(ctx, actor, scope.OPD, month, map[string]any{"orang": sum.People, "laporan": sum.Reports, "berkas": filepath.Base(req.Out)}); err != nil {
		rep.failAs("rekap.internal", "", err)
		return rep
	}
	if name == "" {
		name = "Kota Semarang"
	}
	rep.out("rekap.written", map[string]any{"File": req.Out, "OPD": name, "Periode": msg.Month(month)})
	for _, line := range rekapSummary(sum) {
		rep.out(line.MessageID, line.Args)
	}
	return rep
}

// writeRekap streams the recap of scope's month to out: a workbook, or
// with csv its Rekap sheet.
func writeRekap(ctx context.Context, db *store.DB, cfg Config, scope store.RekapScope, month kinerja.Date, now time.Time, out io.Writer, csv bool) (rekap.Summary, error) {
	holidays, err := db.HolidaysBetween(ctx, month.MonthStart(), month.MonthEnd())
	if err != nil {
		return rekap.Summary{}, err
	}
	o := rekap.Options{Month: month, Today: kinerja.DateOf(now, cfg.Location), Score: cfg.Score, Rules: cfg.Rules,
		Holidays: holidays, Location: cfg.Location}
	var w *rekap.Workbook
	if csv {
		w, err = rekap.NewCSV(o, out)
	} else {
		w, err = rekap.New(o)
	}
	if err != nil {
		return rekap.Summary{}, err
	}
	defer w.Close()
	err = db.Rekap(ctx, scope, month, func(p store.RekapPerson) error {
		return w.Add(rekap.Person{NIP: p.Pegawai.NIP, Nama: p.Pegawai.Nama, Jabatan: p.Pegawai.Jabatan, Unit: p.Unit, OPD: p.OPD,
			Atasan: p.Atasan, AtasanNIP: p.AtasanNIP, Linked: p.Pegawai.TelegramID != 0, Reports: p.Reports, Deciders: p.Deciders,
			RHK: p.RHK, Leave: p.Leave, Predikat: p.Predikat})
	})
	if err != nil {
		return rekap.Summary{}, err
	}
	return w.Write(out, now)
}

// rekapSummary is the recap's five lines (the CLI prints them, the chat
// sends them with the workbook).
func rekapSummary(s rekap.Summary) []kinerja.FieldError {
	return []kinerja.FieldError{
		adminMsg("rekap.sum_people", map[string]any{"People": s.People, "Linked": s.Linked, "Reported": s.Reported}),
		adminMsg("rekap.sum_reports", map[string]any{"Reports": s.Reports, "Approved": s.Approved, "Waiting": s.Waiting}),
		adminMsg("rekap.sum_minutes", map[string]any{"Minutes": s.MinutesOK}),
		adminMsg("rekap.sum_productivity", map[string]any{"Mean": kinerja.RoundHalfUp(s.MeanProduktiv, 1), "Count": s.WithProduktiv}),
		adminMsg("rekap.sum_waiting", map[string]any{"Waiting": s.Waiting, "Days": s.OldestWaitDays}),
	}
}

// rekapMaker makes /rekap's workbooks in memory (an OPD's month is a few
// megabytes; Telegram takes documents up to 50 MB).
type rekapMaker struct {
	db  *store.DB
	cfg Config
	now func() time.Time
}

func (m rekapMaker) OPDOf(ctx context.Context, pegawaiID int64) (int64, string, error) {
	return m.db.OPDOf(ctx, pegawaiID)
}

func (m rekapMaker) Rekap(ctx context.Context, actorID, opd int64, month kinerja.Date) (conversations.RekapFile, error) {
	f, sum, err := m.build(ctx, opd, month)
	if err != nil {
		return f, err
	}
	return f, m.audit(ctx, actorID, opd, month, f.Name, sum)
}

func (m rekapMaker) audit(ctx context.Context, actorID, opd int64, month kinerja.Date, name string, sum rekap.Summary) error {
	return m.db.RecordRekap(ctx, actorID, opd, month, map[string]any{"orang": sum.People, "laporan": sum.Reports, "berkas": name})
}

// build makes the workbook of opd's month (0: the city) in memory.
func (m rekapMaker) build(ctx context.Context, opd int64, month kinerja.Date) (conversations.RekapFile, rekap.Summary, error) {
	var buf bytes.Buffer
	sum, err := writeRekap(ctx, m.db, m.cfg, store.RekapScope{OPD: opd}, month, m.now(), &buf, false)
	if err != nil {
		return conversations.RekapFile{}, sum, err
	}
	name := fmt.Sprintf("rekap-kota-%s.xlsx", month.String()[:7])
	if opd != 0 {
		name = fmt.Sprintf("rekap-opd-%d-%s.xlsx", opd, month.String()[:7])
	}
	var lines []msg.Text
	for _, l := range rekapSummary(sum) {
		lines = append(lines, msg.Text{ID: l.MessageID, Args: l.Args})
	}
	return conversations.RekapFile{Name: name, Data: buf.Bytes(), Summary: lines}, sum, nil
}

func (m rekapMaker) RekapLater(ctx context.Context, actorID, opd int64, month kinerja.Date, chatID int64, lang string) error {
	// Unique by its arguments: a double press within the minute asks once.
	asked := m.now().UTC().Truncate(time.Minute).Format(time.RFC3339)
	return m.db.EnqueueUnique(ctx, rekapJob{ActorID: actorID, OPD: opd, Month: month, ChatID: chatID, Lang: lang, Asked: asked})
}

// rekapJob makes a recap asked for in chat and sends it there (the whole
// city's: longer than an answer may take).
type rekapJob struct {
	ActorID int64        `json:"actor_id"`
	OPD     int64        `json:"opd"`
	Month   kinerja.Date `json:"month"`
	ChatID  int64        `json:"chat_id"`
	Lang    string       `json:"lang"`
	Asked   string       `json:"asked"` // the minute it was asked for
}

func (rekapJob) Kind() string { return "rekap" }

// maxUpload is the largest document the workbook is sent as (Telegram's
// limit for bots is 50 MB, multipart overhead included).
const maxUpload = 49 << 20

// InsertOpts: a recap that failed three times is not worth a fourth (the
// admin asks again).
func (rekapJob) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

type rekapWorker struct {
	river.WorkerDefaults[rekapJob]
	maker rekapMaker
	out   notify.Out
}

// Timeout: the city's recap takes about 15 s on a quiet 2-core machine.
func (w *rekapWorker) Timeout(*river.Job[rekapJob]) time.Duration { return 5 * time.Minute }

func (w *rekapWorker) Work(ctx context.Context, job *river.Job[rekapJob]) error {
	a := job.Args
	// Still an admin when it runs (asked a moment ago, but a role may go).
	if ok, err := w.maker.db.IsAdmin(ctx, a.ActorID); err != nil {
		return err
	} else if !ok {
		return river.JobCancel(fmt.Errorf("rekap for chat %d: the asker is no longer an admin", a.ChatID))
	}
	f, sum, err := w.maker.build(ctx, a.OPD, a.Month)
	if err != nil {
		return fmt.Errorf("rekap for chat %d: %w", a.ChatID, err)
	}
	if len(f.Data) > maxUpload {
		// Telegram takes documents up to 50 MB from a bot: the city's
		// workbook is near that. Say how to take it instead.
		_, err := w.out.Deliver(ctx, msg.To{ChatID: a.ChatID, Lang: a.Lang}, msg.Say("rekap.too_large",
			"MB", len(f.Data)>>20, "Periode", a.Month.String()[:7]))
		if err != nil && !errors.Is(err, msg.ErrUnreachable) && !errors.Is(err, msg.ErrRefused) {
			return fmt.Errorf("rekap to chat %d: %w", a.ChatID, err)
		}
		return nil
	}
	if _, err := w.out.Deliver(ctx, msg.To{ChatID: a.ChatID, Lang: a.Lang}, conversations.RekapReply(f, a.Month)); err != nil &&
		!errors.Is(err, msg.ErrUnreachable) && !errors.Is(err, msg.ErrRefused) {
		return fmt.Errorf("rekap to chat %d: %w", a.ChatID, err)
	}
	// Audited once it is out (a retry after a failed upload would
	// otherwise count twice).
	return w.maker.audit(context.WithoutCancel(ctx), a.ActorID, a.OPD, a.Month, f.Name, sum)
}
