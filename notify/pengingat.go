package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/reminders"
)

// Reminders (issue 6). A periodic job (ReminderPlanner, every minute)
// plans what is due: the daily nudge of everyone whose hour has come, the
// next round of every snoozed reminder, and — once per working day from
// the morning hour — the weekly shortfall note, the deadline warning, the
// supervisors' digest and the escalations. Planning inserts one row in the
// pengingat table and one push job per recipient in one transaction; the
// row's key (recipient, kind, date, subject, round) is unique, so a second
// planner run or a second process plans nothing twice.
//
// The push job (ReminderPusher) checks everything again at the moment of
// sending — still active and reachable, not on leave, the kind still
// turned on, not in quiet hours, and the reason still there (no report
// today, still behind, approvals still waiting…) — and records what it did
// on the row: sent, or skipped with the reason. A job whose row is no
// longer planned does nothing, so a retried job never sends twice; as with
// cards, a crash between Telegram's answer and the record is the one
// window in which a reminder can be sent again.

// ReminderStore is what the reminder jobs read and record (*store.DB).
type ReminderStore interface {
	HolidaysBetween(ctx context.Context, from, to kinerja.Date) (map[kinerja.Date]string, error)
	LeaveOf(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.LeaveSpan, error)
	DailyCandidates(ctx context.Context, today kinerja.Date, now time.Time, business *time.Location, defaultAt time.Duration) ([]kinerja.DailyCandidate, error)
	SnoozedDue(ctx context.Context, now time.Time, today kinerja.Date) ([]kinerja.ReminderPlan, error)
	PlanReminders(ctx context.Context, plans []kinerja.ReminderPlan, skipped map[int]string) (int, error)
	PlanOnce(ctx context.Context, kind kinerja.ReminderKind, d kinerja.Date,
		plans func(ctx context.Context) ([]kinerja.ReminderPlan, map[int]string, error)) (int, bool, error)
	Reachable(ctx context.Context) ([]int64, error)
	AssessorsWithTeam(ctx context.Context, today kinerja.Date) ([]int64, error)
	StaffActivities(ctx context.Context, today kinerja.Date, loc *time.Location) ([]kinerja.StaffActivity, error)
	ReminderContext(ctx context.Context, id int64, today, from, to kinerja.Date) (kinerja.ReminderContext, error)
	FinishReminder(ctx context.Context, id int64, status, alasan string, chatID, messageID int64) (bool, error)
	ReleaseReminder(ctx context.Context, id int64) error
	PegawaiAt(ctx context.Context, id int64, today kinerja.Date) (*kinerja.Pegawai, error)
	AktivitasBetween(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Aktivitas, error)
	PendingSummary(ctx context.Context, assessorID int64, today kinerja.Date, before time.Time, from, to kinerja.Date) (int, time.Time, error)
	LastReport(ctx context.Context, pegawaiID int64, today kinerja.Date) (kinerja.Date, error)
	Assesses(ctx context.Context, actorID, pegawaiID int64, today kinerja.Date) (bool, error)
}

// BulkSender sends pushes in the bot's bulk lane (*bot.Sender): a push
// first waits for its bulk token, then is checked, then sent.
type BulkSender interface {
	WaitBulk(ctx context.Context) error
	SendMessage(ctx context.Context, p *tg.SendMessageParams) (*models.Message, error)
}

// ReminderDeps are what the reminder jobs need besides Deps.
type ReminderDeps struct {
	Store  ReminderStore
	Sender BulkSender
	Config reminders.Config
	Rules  kinerja.Rules       // working weekdays
	Score  kinerja.ScoreConfig // the minutes target
}

// opReminder is conversations.OpReminder: ID the pengingat row, Arg one of
// the reminder actions below.
const opReminder = "pg"

// Reminder button arguments (conversations/pengingat.go handles them).
const (
	remArgLapor       = "l" // start /lapor
	remArgTunda       = "t" // come again in an hour
	remArgMatikan     = "m" // turn this kind off
	remArgPersetujuan = "p" // open /persetujuan
	remArgColek       = "c" // escalation: nudge the person
)

// ReminderPlanPeriodic runs the planner every minute (and once at start).
func ReminderPlanPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Minute), func() (river.JobArgs, *river.InsertOpts) {
		return kinerja.ReminderPlanJob{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			// not completed: the planner runs again a minute later
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
	}, &river.PeriodicJobOpts{RunOnStart: true})
}

// ReminderPlanner plans the reminders that are due.
type ReminderPlanner struct {
	river.WorkerDefaults[kinerja.ReminderPlanJob]
	d Deps
	r ReminderDeps
}

// NewReminderPlanner builds the planner.
func NewReminderPlanner(d Deps, r ReminderDeps) *ReminderPlanner {
	d.defaults()
	return &ReminderPlanner{d: d, r: r}
}

// Timeout bounds one planning run (17,500 people planned at once).
func (w *ReminderPlanner) Timeout(*river.Job[kinerja.ReminderPlanJob]) time.Duration {
	return 2 * time.Minute
}

// Work plans.
func (w *ReminderPlanner) Work(ctx context.Context, _ *river.Job[kinerja.ReminderPlanJob]) error {
	_, err := w.Plan(ctx)
	return err
}

// Plan plans what is due now and returns how many push jobs it enqueued.
func (w *ReminderPlanner) Plan(ctx context.Context) (int, error) {
	now := w.d.Now()
	cfg := w.r.Config
	today := kinerja.DateOf(now, cfg.Business)
	holidays, err := w.r.Store.HolidaysBetween(ctx, today.AddDays(-62), today.AddDays(40))
	if err != nil {
		return 0, fmt.Errorf("notify: plan reminders: %w", err)
	}
	business := kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays}
	if !business.IsAvailable(today) {
		return 0, nil // no reminder of any kind on a weekend or a holiday
	}
	total := 0

	// The daily nudges whose hour has come.
	cands, err := w.r.Store.DailyCandidates(ctx, today, now, cfg.Business, cfg.DailyAt)
	if err != nil {
		return 0, fmt.Errorf("notify: plan reminders: %w", err)
	}
	plans := make([]kinerja.ReminderPlan, 0, len(cands))
	skipped := map[int]string{}
	for _, c := range cands {
		p := reminders.Person{Zone: kinerja.ZoneLocation(c.Zona, cfg.Business), At: c.At, Active: true, Reachable: true,
			Calendar: kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: c.Leave}}
		why := cfg.Daily(p, today, false, now)
		if why == reminders.ReasonNotYet {
			continue
		}
		if why != reminders.ReasonDue {
			// Not today, and it will not become due today (leave, quiet
			// hours): recorded, so the planner stops looking at them.
			skipped[len(plans)] = string(why)
		}
		plans = append(plans, kinerja.ReminderPlan{PegawaiID: c.PegawaiID, Jenis: kinerja.ReminderHarian, Tanggal: today})
	}
	n, err := w.r.Store.PlanReminders(ctx, plans, skipped)
	if err != nil {
		return 0, fmt.Errorf("notify: plan reminders: %w", err)
	}
	total += n
	// The next round of snoozed reminders (on its own: a problem there
	// never holds up the day's nudges).
	snoozed, err := w.r.Store.SnoozedDue(ctx, now, today)
	if err != nil {
		return total, fmt.Errorf("notify: plan snoozed reminders: %w", err)
	}
	n, err = w.r.Store.PlanReminders(ctx, snoozed, nil)
	if err != nil {
		return total, fmt.Errorf("notify: plan snoozed reminders: %w", err)
	}
	total += n

	if !cfg.Morning(business, today, now) {
		return total, nil
	}
	for _, kind := range []kinerja.ReminderKind{kinerja.ReminderMingguan, kinerja.ReminderTenggat, kinerja.ReminderDigest, kinerja.ReminderEskalasi} {
		n, planned, err := w.r.Store.PlanOnce(ctx, kind, today, func(ctx context.Context) ([]kinerja.ReminderPlan, map[int]string, error) {
			ps, err := w.planDay(ctx, kind, today, holidays)
			return ps, nil, err
		})
		if err != nil {
			return total, fmt.Errorf("notify: plan %s reminders: %w", kind, err)
		}
		if planned {
			w.d.Log.Info("reminders planned", "jenis", kind, "tanggal", today.String(), "jobs", n)
		}
		total += n
	}
	return total, nil
}

// planDay lists the recipients of a once-a-day kind for today; the push
// job decides for each whether it is due.
func (w *ReminderPlanner) planDay(ctx context.Context, kind kinerja.ReminderKind, today kinerja.Date, holidays map[kinerja.Date]string) ([]kinerja.ReminderPlan, error) {
	cfg := w.r.Config
	var ids []int64
	var err error
	switch kind {
	case kinerja.ReminderMingguan:
		if today.Weekday() != cfg.WeeklyDay {
			return nil, nil
		}
		ids, err = w.r.Store.Reachable(ctx)
	case kinerja.ReminderTenggat:
		if _, _, ok := reminders.WarnedMonth(w.r.Rules, holidays, today, cfg.DeadlineDay, cfg.WarningDays); !ok {
			return nil, nil
		}
		ids, err = w.r.Store.Reachable(ctx)
	case kinerja.ReminderDigest:
		ids, err = w.r.Store.AssessorsWithTeam(ctx, today)
	case kinerja.ReminderEskalasi:
		return w.planEscalations(ctx, today, holidays)
	}
	if err != nil {
		return nil, err
	}
	out := make([]kinerja.ReminderPlan, len(ids))
	for i, id := range ids {
		out[i] = kinerja.ReminderPlan{PegawaiID: id, Jenis: kind, Tanggal: today}
	}
	return out, nil
}

// planEscalations plans one escalation per assessor and streak of missed
// working days that has reached the limit; the key's date is the streak's
// first day, so each streak is told once.
func (w *ReminderPlanner) planEscalations(ctx context.Context, today kinerja.Date, holidays map[kinerja.Date]string) ([]kinerja.ReminderPlan, error) {
	staff, err := w.r.Store.StaffActivities(ctx, today, w.r.Config.Business)
	if err != nil {
		return nil, err
	}
	var far map[kinerja.Date]string // holidays before the planner's window, read when needed
	var out []kinerja.ReminderPlan
	for _, s := range staff {
		hs := holidays
		if s.Last.Before(today.AddDays(-62)) {
			if far == nil {
				if far, err = w.r.Store.HolidaysBetween(ctx, today.AddDays(-400), today); err != nil {
					return nil, err
				}
			}
			hs = far
		}
		cal := kinerja.Calendar{Rules: w.r.Rules, Holidays: hs, Leave: s.Leave}
		start, _, due := reminders.Escalation(cal, today, s.Last, w.r.Config.EscalateAfter)
		if !due {
			continue
		}
		for _, a := range s.Assessors {
			out = append(out, kinerja.ReminderPlan{PegawaiID: a, Jenis: kinerja.ReminderEskalasi, Tanggal: start, SubjekID: s.PegawaiID})
		}
	}
	return out, nil
}

// ReminderPusher sends one planned reminder, if it is still due.
type ReminderPusher struct {
	river.WorkerDefaults[kinerja.ReminderJob]
	d Deps
	r ReminderDeps

	// The holidays around today, read once a minute at most instead of
	// once per push (an import shows within a minute).
	mu           sync.Mutex
	holidays     map[kinerja.Date]string
	holidaysDay  kinerja.Date
	holidaysRead time.Time
}

// holidaysAround returns the holidays from two months before today to
// forty days after it.
func (w *ReminderPusher) holidaysAround(ctx context.Context, today kinerja.Date) (map[kinerja.Date]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.holidays != nil && w.holidaysDay == today && time.Since(w.holidaysRead) < time.Minute {
		return w.holidays, nil
	}
	h, err := w.r.Store.HolidaysBetween(ctx, today.AddDays(-62), today.AddDays(40))
	if err != nil {
		return nil, err
	}
	w.holidays, w.holidaysDay, w.holidaysRead = h, today, time.Now()
	return h, nil
}

// NewReminderPusher builds the pusher.
func NewReminderPusher(d Deps, r ReminderDeps) *ReminderPusher {
	d.defaults()
	return &ReminderPusher{d: d, r: r}
}

// Timeout bounds one push (rate-limit waits included).
func (w *ReminderPusher) Timeout(*river.Job[kinerja.ReminderJob]) time.Duration {
	return 2 * time.Minute
}

// AddReminderWorkers registers the planner and the pusher.
func AddReminderWorkers(ws *river.Workers, d Deps, r ReminderDeps) {
	river.AddWorker(ws, NewReminderPlanner(d, r))
	river.AddWorker(ws, NewReminderPusher(d, r))
}

// errRelease: the reminder is not due yet; its row is released so the
// planner plans it again when it is.
var errRelease = errors.New("not yet due")

// Work checks and sends.
func (w *ReminderPusher) Work(ctx context.Context, job *river.Job[kinerja.ReminderJob]) error {
	id := job.Args.PengingatID
	log := w.d.Log.With("job", job.Kind, "pengingat_id", id, "jenis", job.Args.Jenis)
	fail := func(err error) error {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: reminder %d: %w", id, err))
	}
	// The bulk token first: the checks below then hold at the moment of
	// sending, not before a wait behind thousands of other pushes.
	if err := w.r.Sender.WaitBulk(ctx); err != nil {
		return fail(err)
	}
	today := kinerja.DateOf(w.d.Now(), w.r.Config.Business)
	rc, err := w.r.Store.ReminderContext(ctx, id, today, today.MonthStart().AddMonths(-1), today.AddDays(40))
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		return nil
	}
	if err != nil {
		return fail(err)
	}
	if rc.Reminder.Status != kinerja.ReminderPlanned {
		log.Debug("reminder already finished", "status", rc.Reminder.Status)
		return nil
	}
	p, skip, err := w.compose(ctx, rc)
	switch {
	case errors.Is(err, errRelease):
		return w.r.Store.ReleaseReminder(ctx, id)
	case err != nil:
		return fail(err)
	case skip != "":
		_, err := w.r.Store.FinishReminder(ctx, id, kinerja.ReminderSkipped, skip, 0, 0)
		if err != nil {
			return fail(err)
		}
		log.Debug("reminder not due any more", "why", skip)
		return nil
	}
	msg, err := w.r.Sender.SendMessage(ctx, p)
	if errors.Is(err, bot.ErrUnreachable) || (err != nil && bot.Classify(err) == bot.ClassPermanent) {
		why := "unreachable"
		if !errors.Is(err, bot.ErrUnreachable) {
			why = "refused"
			log.Error("telegram refused a reminder", "err", err)
		}
		if _, err := w.r.Store.FinishReminder(ctx, id, kinerja.ReminderSkipped, why, 0, 0); err != nil {
			return fail(err)
		}
		return nil
	}
	if err != nil {
		return fail(err)
	}
	var msgID int64
	if msg != nil {
		msgID = int64(msg.ID)
	}
	if _, err := w.r.Store.FinishReminder(ctx, id, kinerja.ReminderSent, "", p.ChatID.(int64), msgID); err != nil {
		// Sent but not recorded: a retry would send it again. Logged, not
		// retried (at most once is kinder than twice here).
		log.Error("reminder sent but not recorded", "err", err)
	}
	return nil
}

// compose checks the reminder again and renders it; skip names why it is
// not sent.
func (w *ReminderPusher) compose(ctx context.Context, rc kinerja.ReminderContext) (*tg.SendMessageParams, string, error) {
	now := w.d.Now()
	cfg := w.r.Config
	today := kinerja.DateOf(now, cfg.Business)
	r, who, prefs := rc.Reminder, rc.Who, rc.Prefs
	switch {
	case who == nil || !who.Aktif:
		return nil, string(reminders.ReasonInactive), nil
	case who.ChatID == 0:
		return nil, string(reminders.ReasonNotStarted), nil
	case who.Unreachable:
		return nil, string(reminders.ReasonInactive), nil
	}
	if r.Jenis != kinerja.ReminderColek && !prefs.Enabled(r.Jenis) {
		return nil, string(reminders.ReasonDisabled), nil
	}
	holidays, err := w.holidaysAround(ctx, today)
	if err != nil {
		return nil, "", err
	}
	cal := kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: rc.Leave}
	person := reminders.Person{Zone: kinerja.ZoneLocation(prefs.Zona, cfg.Business), At: prefs.At, Active: true, Reachable: true, Calendar: cal}
	if r.Jenis != kinerja.ReminderEskalasi && r.Tanggal != today {
		return nil, string(reminders.ReasonDayIsOver), nil
	}
	if !cal.IsAvailable(today) || cfg.Quiet(now, cfg.Zone(person)) {
		if r.Jenis == kinerja.ReminderEskalasi {
			// Told once per streak: not used up while the supervisor
			// is away; planned again on their next working morning.
			return nil, "", errRelease
		}
		if !cal.IsAvailable(today) {
			return nil, string(reminders.ReasonDayOff), nil
		}
		return nil, string(reminders.ReasonQuiet), nil
	}
	// Times (the digest's oldest report) in the person's own zone.
	t := &texts{cat: w.d.Catalog, lang: lang(*who), loc: cfg.Zone(person)}
	m := reminderMessage{t: t, r: r}
	switch r.Jenis {
	case kinerja.ReminderHarian, kinerja.ReminderColek:
		reported := rc.ReportedToday
		if r.Jenis == kinerja.ReminderColek {
			if reported {
				return nil, string(reminders.ReasonReported), nil
			}
			from, err := w.r.Store.PegawaiAt(ctx, r.SubjekID, today)
			if err != nil {
				return nil, "", err
			}
			if from == nil {
				return nil, string(reminders.ReasonInactive), nil
			}
			m.text = t.get("pengingat.colek", "From", from.Nama, "Date", t.date(today))
			m.lapor()
			break
		}
		if r.Ke > 0 {
			// A snoozed round: its hour is the end of the snooze, which
			// has come (the planner plans it only then).
			person.At = kinerja.ReminderEarliest
		}
		switch why := cfg.Daily(person, r.Tanggal, reported, now); why {
		case reminders.ReasonDue:
		case reminders.ReasonNotYet:
			return nil, "", errRelease
		default:
			return nil, string(why), nil
		}
		m.text = t.get("pengingat.harian", "Name", who.Nama, "Date", t.date(today))
		m.lapor()
		m.tunda()
		m.matikan()
	case kinerja.ReminderMingguan:
		// Expected by last night: today's work is not reported yet.
		done, target, err := w.monthMinutes(ctx, who.ID, cal, today, today.AddDays(-1))
		if err != nil {
			return nil, "", err
		}
		if !reminders.WeeklyShortfall(cal, today, cfg.WeeklyDay, done, target.ExpectedToDate) {
			return nil, "on_track", nil
		}
		m.text = t.get("pengingat.mingguan", "Month", periodName(t, today.MonthStart(), false),
			"Minutes", done, "Expected", target.ExpectedToDate, "Target", target.Target, "Gap", target.ExpectedToDate-done)
		m.lapor()
		m.tunda()
		m.matikan()
	case kinerja.ReminderTenggat:
		month, deadline, ok := reminders.WarnedMonth(w.r.Rules, holidays, r.Tanggal, cfg.DeadlineDay, cfg.WarningDays)
		if !ok {
			return nil, "no_deadline", nil
		}
		done, target, err := w.monthMinutes(ctx, who.ID, cal, month, month.MonthEnd())
		if err != nil {
			return nil, "", err
		}
		var parts []string
		if done < target.Target {
			parts = append(parts, t.get("pengingat.tenggat_staf", "Minutes", done, "Target", target.Target, "Gap", target.Target-done))
		}
		waiting := 0
		if who.IsAssessor {
			waiting, _, err = w.r.Store.PendingSummary(ctx, who.ID, today, now, month.MonthStart(), month.MonthEnd())
			if err != nil {
				return nil, "", err
			}
			if waiting > 0 {
				parts = append(parts, t.get("pengingat.tenggat_atasan", "Count", waiting))
			}
		}
		if len(parts) == 0 {
			return nil, "on_track", nil
		}
		m.text = t.get("pengingat.tenggat", "Month", periodName(t, month, false), "Deadline", t.date(deadline))
		for _, s := range parts {
			m.text += "\n\n" + s
		}
		if done < target.Target {
			m.lapor()
		}
		if waiting > 0 {
			m.persetujuan()
		}
		m.tunda()
	case kinerja.ReminderDigest:
		n, oldest, err := w.r.Store.PendingSummary(ctx, who.ID, today, now.Add(-cfg.DigestAfter), kinerja.Date{}, kinerja.Date{})
		if err != nil {
			return nil, "", err
		}
		if n == 0 {
			return nil, "nothing_waiting", nil
		}
		m.text = t.get("pengingat.digest", "Count", n, "Hours", int(cfg.DigestAfter/time.Hour), "Oldest", t.at(oldest))
		m.persetujuan()
		m.tunda()
		m.matikan()
	case kinerja.ReminderEskalasi:
		subject, err := w.r.Store.PegawaiAt(ctx, r.SubjekID, today)
		if err != nil {
			return nil, "", err
		}
		if subject == nil || !subject.Aktif {
			return nil, string(reminders.ReasonInactive), nil
		}
		last, err := w.r.Store.LastReport(ctx, subject.ID, today.AddDays(1))
		if err != nil {
			return nil, "", err
		}
		if !last.IsZero() && !last.Before(r.Tanggal) {
			return nil, string(reminders.ReasonReported), nil
		}
		assesses, err := w.r.Store.Assesses(ctx, who.ID, subject.ID, today)
		if err != nil {
			return nil, "", err
		}
		if !assesses {
			return nil, "not_assessor", nil
		}
		sleave, err := w.r.Store.LeaveOf(ctx, subject.ID, r.Tanggal, today)
		if err != nil {
			return nil, "", err
		}
		// The streak again, with leave or holidays entered since planning.
		scal := kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: sleave}
		start, missed, due := reminders.Escalation(scal, today, r.Tanggal.AddDays(-1), cfg.EscalateAfter)
		if !due || start != r.Tanggal {
			return nil, "streak_changed", nil
		}
		m.text = t.get("pengingat.eskalasi", "Name", subject.Nama, "NIP", subject.NIP, "Days", missed, "Since", t.date(r.Tanggal))
		m.colek(subject.Nama)
		m.matikan()
	default:
		return nil, "unknown_kind", nil
	}
	if t.err != nil || m.err != nil {
		return nil, "", errors.Join(t.err, m.err)
	}
	return &tg.SendMessageParams{ChatID: who.ChatID, Text: fit("", func(string) string { return m.text }),
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: m.rows}}, "", nil
}

// monthMinutes returns a person's approved and pending minutes in month
// and the month's target, expected through `through`.
func (w *ReminderPusher) monthMinutes(ctx context.Context, pegawaiID int64, cal kinerja.Calendar, month, through kinerja.Date) (int, kinerja.MonthMinutes, error) {
	reports, err := w.r.Store.AktivitasBetween(ctx, pegawaiID, month.MonthStart(), month.MonthEnd())
	if err != nil {
		return 0, kinerja.MonthMinutes{}, err
	}
	done := 0
	for _, a := range reports {
		if a.Status == kinerja.StatusDisetujui || a.Status == kinerja.StatusDiajukan {
			done += a.Menit
		}
	}
	return done, kinerja.MonthTarget(w.r.Score, cal, month, through), nil
}

// reminderMessage collects a reminder's text and buttons (one per row).
type reminderMessage struct {
	t    *texts
	r    kinerja.Reminder
	text string
	rows [][]models.InlineKeyboardButton
	err  error
}

func (m *reminderMessage) add(label, arg string) {
	b, err := button(label, opReminder, m.r.ID, arg)
	if err != nil && m.err == nil {
		m.err = err
	}
	m.rows = append(m.rows, []models.InlineKeyboardButton{b})
}

func (m *reminderMessage) lapor() { m.add(m.t.get("pengingat.btn_lapor"), remArgLapor) }
func (m *reminderMessage) tunda() { m.add(m.t.get("pengingat.btn_tunda"), remArgTunda) }
func (m *reminderMessage) persetujuan() {
	m.add(m.t.get("pengingat.btn_persetujuan"), remArgPersetujuan)
}
func (m *reminderMessage) colek(name string) {
	m.add(m.t.get("pengingat.btn_colek", "Name", shorten(name, 40)), remArgColek)
}
func (m *reminderMessage) matikan() {
	m.add(m.t.get("pengingat.btn_matikan"), remArgMatikan)
}
