package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/reminders"
)

// Reminders (issue 6). A periodic job (ReminderPlanner, every minute)
// plans what is due: the daily nudge of everyone whose hour has come, the
// daily list of approvals of every supervisor who chose one instead of a
// card per report and whose hour has come (issue 15), the next round of
// every snoozed reminder, and — once per working day from the morning
// hour — the weekly shortfall note, the deadline warning, the
// supervisors' digest and the escalations (one message per supervisor and
// day naming everyone whose streak is due; each streak told once).
// Planning inserts one row in the pengingat table and one push job per
// recipient in one transaction (an escalation's streak is a row without a
// job: the day's message of its supervisor tells it); the row's key
// (recipient, kind, date, subject, round) is unique, so a second planner
// run or a second process plans nothing twice.
//
// The push job (ReminderPusher) asks the same rule (reminders.Config.Due)
// again at the moment of sending, with everything read afresh — still
// active and reachable, not on leave, the kind still turned on, no report
// today, the snooze over, not in quiet hours — then checks the kind's own
// reason (still behind, approvals still waiting, the streak unchanged…),
// and records what it did on the row: sent, or skipped with the reason. A
// job whose row is no longer planned does nothing, so a retried job never
// sends twice; as with cards, a crash between Telegram's answer and the
// record is the one window in which a reminder can be sent again.

// ReminderStore is what the reminder jobs read and record (*store.DB).
type ReminderStore interface {
	HolidaysBetween(ctx context.Context, from, to kinerja.Date) (map[kinerja.Date]string, error)
	LeaveOf(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.LeaveSpan, error)
	DeclaredDays(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Date, error)
	DailyCandidates(ctx context.Context, today kinerja.Date, now time.Time, business *time.Location, defaultAt time.Duration) ([]jobs.DailyCandidate, error)
	ListCandidates(ctx context.Context, today kinerja.Date, now time.Time, business *time.Location) ([]jobs.DailyCandidate, error)
	Snoozed(ctx context.Context, today kinerja.Date) ([]kinerja.ReminderPlan, []time.Time, error)
	PlanReminders(ctx context.Context, plans []kinerja.ReminderPlan, skipped map[int]string) (int, error)
	PlanOnce(ctx context.Context, kind kinerja.ReminderKind, d kinerja.Date,
		plans func(ctx context.Context) ([]kinerja.ReminderPlan, map[int]string, error)) (int, bool, error)
	PlanEscalations(ctx context.Context, today kinerja.Date, streaks func(ctx context.Context) ([]kinerja.ReminderPlan, error)) (int, bool, error)
	EscalationsToTell(ctx context.Context, pegawaiID int64) ([]kinerja.Reminder, error)
	Reachable(ctx context.Context) ([]int64, error)
	AssessorsWithTeam(ctx context.Context, today kinerja.Date) ([]int64, error)
	StaffActivities(ctx context.Context, today kinerja.Date, loc *time.Location) ([]jobs.StaffActivity, error)
	ReminderContext(ctx context.Context, id int64, today, from, to kinerja.Date) (jobs.ReminderContext, error)
	FinishReminder(ctx context.Context, id int64, status, alasan string, chatID, messageID int64) (bool, error)
	FinishReminders(ctx context.Context, ids []int64, status, alasan string, chatID, messageID int64) (int, error)
	ReleaseReminder(ctx context.Context, id int64) error
	PegawaiAt(ctx context.Context, id int64, today kinerja.Date) (*kinerja.Pegawai, error)
	AktivitasBetween(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Aktivitas, error)
	PendingSummary(ctx context.Context, assessorID int64, today kinerja.Date, before time.Time, from, to kinerja.Date) (int, time.Time, error)
	PendingFor(ctx context.Context, assessorID int64, today kinerja.Date, limit int) ([]jobs.PendingReport, error)
	LastReport(ctx context.Context, pegawaiID int64, today kinerja.Date) (kinerja.Date, error)
	Assesses(ctx context.Context, actorID, pegawaiID int64, today kinerja.Date) (bool, error)
}

// BulkOut delivers pushes in the bot's bulk lane (*bot.Bot): a push first
// waits for its bulk token, then is checked, then delivered.
type BulkOut interface {
	Out
	WaitBulk(ctx context.Context) error
}

// ReminderDeps are what the reminder jobs need besides Deps.
type ReminderDeps struct {
	Store  ReminderStore
	Out    BulkOut
	Config reminders.Config
	Rules  kinerja.Rules       // working weekdays
	Score  kinerja.ScoreConfig // the minutes target
}

// ReminderPlanPeriodic runs the planner every minute (and once at start).
func ReminderPlanPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Minute), func() (river.JobArgs, *river.InsertOpts) {
		return jobs.ReminderPlanJob{}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			// not completed: the planner runs again a minute later
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
	}, &river.PeriodicJobOpts{RunOnStart: true})
}

// ReminderPlanner plans the reminders that are due.
type ReminderPlanner struct {
	river.WorkerDefaults[jobs.ReminderPlanJob]
	d Deps
	r ReminderDeps
}

// NewReminderPlanner builds the planner.
func NewReminderPlanner(d Deps, r ReminderDeps) *ReminderPlanner {
	d.defaults()
	return &ReminderPlanner{d: d, r: r}
}

// Timeout bounds one planning run (17,500 people planned at once).
func (w *ReminderPlanner) Timeout(*river.Job[jobs.ReminderPlanJob]) time.Duration {
	return jobs.MaxRun
}

// Work plans.
func (w *ReminderPlanner) Work(ctx context.Context, _ *river.Job[jobs.ReminderPlanJob]) error {
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
	// consider plans c's reminder of kind jenis when the rules say it is
	// due now; one that will not become due today (leave, quiet hours, too
	// late) is recorded as skipped, so the planner stops looking at it.
	consider := func(c jobs.DailyCandidate, jenis kinerja.ReminderKind, prefs kinerja.ReminderPrefs) {
		// The candidates' queries list only people who are active, linked
		// and reachable, with the reminder on and not acted on today.
		p := reminders.Person{NIP: c.NIP, Active: true, Linked: true, Reachable: true, Prefs: prefs,
			Calendar: kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: c.Leave}}
		plan := kinerja.ReminderPlan{PegawaiID: c.PegawaiID, Jenis: jenis, Tanggal: today}
		why := cfg.Due(plan, p, now)
		if why == reminders.ReasonNotYet {
			return
		}
		if why != reminders.ReasonDue {
			skipped[len(plans)] = string(why)
		}
		plans = append(plans, plan)
	}
	for _, c := range cands {
		consider(c, kinerja.ReminderHarian, kinerja.ReminderPrefs{At: c.At, Zona: c.Zona})
	}
	// The daily lists of approvals whose hour has come (ListCandidates has
	// only supervisors who chose a list, active, linked and reachable).
	lists, err := w.r.Store.ListCandidates(ctx, today, now, cfg.Business)
	if err != nil {
		return 0, fmt.Errorf("notify: plan reminders: %w", err)
	}
	for _, c := range lists {
		consider(c, kinerja.ReminderDaftar, kinerja.ReminderPrefs{Daftar: c.At, Zona: c.Zona})
	}
	n, err := w.r.Store.PlanReminders(ctx, plans, skipped)
	if err != nil {
		return 0, fmt.Errorf("notify: plan reminders: %w", err)
	}
	total += n
	// The next round of snoozed reminders (on its own: a problem there
	// never holds up the day's nudges).
	snoozed, until, err := w.r.Store.Snoozed(ctx, today)
	if err != nil {
		return total, fmt.Errorf("notify: plan snoozed reminders: %w", err)
	}
	var next []kinerja.ReminderPlan
	for i, p := range snoozed {
		if reminders.SnoozeOver(until[i], now) {
			next = append(next, p)
		}
	}
	n, err = w.r.Store.PlanReminders(ctx, next, nil)
	if err != nil {
		return total, fmt.Errorf("notify: plan snoozed reminders: %w", err)
	}
	total += n

	if !cfg.Morning(business, today, now) {
		return total, nil
	}
	for _, kind := range []kinerja.ReminderKind{kinerja.ReminderMingguan, kinerja.ReminderTenggat, kinerja.ReminderDigest, kinerja.ReminderEskalasi} {
		once := func(ctx context.Context) (int, bool, error) {
			return w.r.Store.PlanOnce(ctx, kind, today, func(ctx context.Context) ([]kinerja.ReminderPlan, map[int]string, error) {
				ps, err := w.planDay(ctx, kind, today, holidays)
				return ps, nil, err
			})
		}
		if kind == kinerja.ReminderEskalasi {
			once = func(ctx context.Context) (int, bool, error) {
				return w.r.Store.PlanEscalations(ctx, today, func(ctx context.Context) ([]kinerja.ReminderPlan, error) {
					return w.planEscalations(ctx, today, holidays)
				})
			}
		}
		n, planned, err := once(ctx)
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

// planEscalations lists one escalation per assessor and streak of missed
// working days that has reached the limit; the key's date is the streak's
// first day, so each streak is told once. The store plans them as lines of
// each assessor's escalation message of the day (PlanEscalations).
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
	river.WorkerDefaults[jobs.ReminderJob]
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
func (w *ReminderPusher) Timeout(*river.Job[jobs.ReminderJob]) time.Duration {
	return jobs.MaxRun
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
func (w *ReminderPusher) Work(ctx context.Context, job *river.Job[jobs.ReminderJob]) error {
	id := job.Args.PengingatID
	log := w.d.Log.With("job", job.Kind, "pengingat_id", id, "jenis", job.Args.Jenis)
	fail := func(err error) error {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: reminder %d: %w", id, err))
	}
	var also []int64 // the streaks a day's escalation message tells (or skips) with it
	finish := func(status, why string, chatID int64, messageID int) error {
		var err error
		if len(also) == 0 {
			_, err = w.r.Store.FinishReminder(ctx, id, status, why, chatID, int64(messageID))
		} else {
			_, err = w.r.Store.FinishReminders(ctx, append([]int64{id}, also...), status, why, chatID, int64(messageID))
		}
		if err != nil {
			return fail(err)
		}
		return nil
	}
	// The bulk token first: the checks below then hold at the moment of
	// sending, not before a wait behind thousands of other pushes.
	if err := w.r.Out.WaitBulk(ctx); err != nil {
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
	if rc.Reminder.Jenis == kinerja.ReminderEskalasi && rc.Reminder.SubjekID != 0 {
		// A streak with a push of its own (planned before escalations were
		// gathered): left planned, its recipient's next day's message
		// tells it with the others.
		log.Debug("escalation left to the day's message")
		return nil
	}
	to, r, also, skip, err := w.compose(ctx, rc)
	switch {
	case errors.Is(err, errRelease):
		return w.r.Store.ReleaseReminder(ctx, id)
	case err != nil:
		return fail(err)
	case skip != "":
		log.Debug("reminder not due any more", "why", skip)
		return finish(kinerja.ReminderSkipped, skip, 0, 0)
	}
	messageID, err := w.r.Out.Deliver(ctx, to, r)
	switch {
	case errors.Is(err, msg.ErrUnreachable):
		return finish(kinerja.ReminderSkipped, "unreachable", 0, 0)
	case errors.Is(err, msg.ErrRefused):
		log.Error("a reminder was refused for good", "err", err)
		return finish(kinerja.ReminderSkipped, "refused", 0, 0)
	case err != nil:
		return fail(err)
	}
	if err := finish(kinerja.ReminderSent, "", to.ChatID, messageID); err != nil {
		// Sent but not recorded: a retry would send it again. Logged, not
		// retried (at most once is kinder than twice here).
		log.Error("reminder sent but not recorded", "err", err)
	}
	return nil
}

// compose asks the reminder rules whether the reminder is due now, checks
// the kind's own reason, and says what to send; skip names why it is not
// sent. errRelease: not due yet, plan it again later.
func (w *ReminderPusher) compose(ctx context.Context, rc jobs.ReminderContext) (to msg.To, r msg.Reply, also []int64, skip string, err error) {
	now := w.d.Now()
	cfg := w.r.Config
	today := kinerja.DateOf(now, cfg.Business)
	rem, who := rc.Reminder, rc.Who
	if who == nil {
		return to, r, also, string(reminders.ReasonInactive), nil
	}
	holidays, err := w.holidaysAround(ctx, today)
	if err != nil {
		return to, r, also, "", err
	}
	// cal is the person's calendar for the minutes target; the reminder
	// rule also takes off a day they declared away (they acted).
	cal := kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: rc.Leave}
	away := cal
	if rc.DeclaredToday {
		away = reminders.Away(cal, []kinerja.Date{today})
	}
	p := reminders.Person{NIP: who.NIP, Active: who.Aktif, Linked: who.ChatID != 0, Reachable: !who.Unreachable, Prefs: rc.Prefs,
		Calendar: away, Reported: rc.ReportedToday, SnoozedUntil: rc.SnoozedUntil}
	switch why := cfg.Due(rem.ReminderPlan, p, now); why {
	case reminders.ReasonDue:
	case reminders.ReasonDayOff:
		if rc.DeclaredToday && cal.IsAvailable(today) {
			return to, r, also, "declared", nil // "Saya cuti / dinas luar hari ini"
		}
		return to, r, also, string(why), nil
	case reminders.ReasonNotYet, reminders.ReasonAway:
		// An escalation is told once per streak: not used up while the
		// supervisor is away; planned again on their next working morning.
		return to, r, also, "", errRelease
	default:
		if rem.Jenis == kinerja.ReminderEskalasi {
			// Not to be sent (turned off, unreachable, not started): neither
			// are the streaks it would have told, as before they were
			// gathered.
			lines, err := w.r.Store.EscalationsToTell(ctx, who.ID)
			if err != nil {
				return to, r, also, "", err
			}
			for _, l := range lines {
				also = append(also, l.ID)
			}
		}
		return to, r, also, string(why), nil
	}
	// Times (the digest's oldest report) in the person's own zone.
	to = msg.To{ChatID: who.ChatID, Lang: who.Bahasa, Zone: cfg.Zone(p)}
	m := reminderMessage{id: rem.ID}
	switch rem.Jenis {
	case kinerja.ReminderColek:
		from, err := w.r.Store.PegawaiAt(ctx, rem.SubjekID, today)
		if err != nil {
			return to, r, also, "", err
		}
		if from == nil {
			return to, r, also, string(reminders.ReasonInactive), nil
		}
		m.text = msg.T("pengingat.colek", "From", from.Nama, "Date", msg.Date(today))
		m.add(msg.ArgReminderLapor)
	case kinerja.ReminderHarian:
		m.text, m.rows = msg.DailyNudge(rem.ID, who.Nama, today, who.AtasanID != 0)
	case kinerja.ReminderMingguan:
		// Expected by last night: today's work is not reported yet.
		done, target, err := w.monthMinutes(ctx, who.ID, cal, today, today.AddDays(-1))
		if err != nil {
			return to, r, also, "", err
		}
		if !reminders.WeeklyShortfall(cal, today, cfg.WeeklyDay, done, target.ExpectedToDate) {
			return to, r, also, "on_track", nil
		}
		m.text = msg.T("pengingat.mingguan", "Month", msg.Month(today),
			"Minutes", done, "Expected", target.ExpectedToDate, "Target", target.Target, "Gap", target.ExpectedToDate-done)
		m.add(msg.ArgReminderLapor, msg.ArgReminderTunda, msg.ArgReminderMatikan)
	case kinerja.ReminderTenggat:
		month, deadline, ok := reminders.WarnedMonth(w.r.Rules, holidays, rem.Tanggal, cfg.DeadlineDay, cfg.WarningDays)
		if !ok {
			return to, r, also, "no_deadline", nil
		}
		done, target, err := w.monthMinutes(ctx, who.ID, cal, month, month.MonthEnd())
		if err != nil {
			return to, r, also, "", err
		}
		var parts msg.Paragraphs
		if done < target.Target {
			parts = append(parts, msg.T("pengingat.tenggat_staf", "Minutes", done, "Target", target.Target, "Gap", target.Target-done))
			m.add(msg.ArgReminderLapor)
		}
		if who.IsAssessor {
			waiting, _, err := w.r.Store.PendingSummary(ctx, who.ID, today, now, month.MonthStart(), month.MonthEnd())
			if err != nil {
				return to, r, also, "", err
			}
			if waiting > 0 {
				parts = append(parts, msg.T("pengingat.tenggat_atasan", "Count", waiting))
				m.add(msg.ArgReminderPersetujuan)
			}
		}
		if len(parts) == 0 {
			return to, r, also, "on_track", nil
		}
		m.text = msg.T("pengingat.tenggat", "Month", msg.Month(month), "Deadline", msg.Date(deadline), "Parts", parts)
		m.add(msg.ArgReminderTunda)
	case kinerja.ReminderDigest:
		if who.DaftarJam != 0 {
			// Their daily list names everything waiting, every working day.
			return to, r, also, "daftar", nil
		}
		n, oldest, err := w.r.Store.PendingSummary(ctx, who.ID, today, now.Add(-cfg.DigestAfter), kinerja.Date{}, kinerja.Date{})
		if err != nil {
			return to, r, also, "", err
		}
		if n == 0 {
			return to, r, also, "nothing_waiting", nil
		}
		m.text = msg.T("pengingat.digest", "Count", n, "Hours", int(cfg.DigestAfter/time.Hour), "Oldest", oldest)
		m.add(msg.ArgReminderPersetujuan, msg.ArgReminderTunda, msg.ArgReminderMatikan)
	case kinerja.ReminderEskalasi:
		told, err := w.escalationsToTell(ctx, who.ID, holidays, today)
		if err != nil {
			return to, r, also, "", err
		}
		if len(told) == 0 {
			return to, r, also, "nothing_due", nil
		}
		var lines msg.Lines
		for i, e := range told {
			also = append(also, e.streak)
			if i == escalationMax {
				lines = append(lines, msg.T("pengingat.eskalasi_more", "Count", len(told)-escalationMax))
				continue
			}
			if i > escalationMax {
				continue
			}
			lines = append(lines, msg.T("pengingat.eskalasi_line", "Name", e.Nama, "NIP", e.NIP, "Days", e.missed, "Since", msg.Date(e.since)))
			// "Ingatkan" carries the person's streak: whom to nudge.
			m.rows = append(m.rows, []msg.Button{{Label: msg.T("pengingat.btn_colek", "Name", msg.Shorten(e.Nama, 40)),
				Data: msg.Callback{Op: msg.OpReminder, ID: e.streak, Arg: msg.ArgReminderColek}}})
		}
		m.text = msg.T("pengingat.eskalasi", "Lines", lines)
		m.add(msg.ArgReminderMatikan)
	case kinerja.ReminderDaftar:
		// The instant of the list: its "Setujui semua" covers what waited
		// then, not what comes after.
		shown := now
		list, err := w.r.Store.PendingFor(ctx, who.ID, today, 500)
		if err != nil {
			return to, r, also, "", err
		}
		if len(list) == 0 {
			return to, r, also, "nothing_waiting", nil
		}
		m.text, m.rows = w.dailyList(rem, list, today, shown)
	default:
		return to, r, also, "unknown_kind", nil
	}
	return to, msg.Reply{Text: m.text, Buttons: m.rows}, also, "", nil
}

// escalated is the person an escalation is about, with their streak.
type escalated struct {
	*kinerja.Pegawai
	missed int
	since  kinerja.Date // the streak's first day
	streak int64        // the streak's reminder
}

// escalationMax is how many people the day's escalation message names one
// by one (each with an "Ingatkan" button); the others are counted.
const escalationMax = 30

// escalationsToTell checks each streak the supervisor has still to be told
// (escalationSubject) and returns those still due, the longest first; the
// others are recorded as skipped, with their reason, and not told.
func (w *ReminderPusher) escalationsToTell(ctx context.Context, supervisorID int64, holidays map[kinerja.Date]string, today kinerja.Date) ([]escalated, error) {
	streaks, err := w.r.Store.EscalationsToTell(ctx, supervisorID)
	if err != nil {
		return nil, err
	}
	var told []escalated
	gone := map[string][]int64{}
	for _, st := range streaks {
		e, why, err := w.escalationSubject(ctx, st, holidays, today)
		if err != nil {
			return nil, err
		}
		if why != "" {
			gone[why] = append(gone[why], st.ID)
			continue
		}
		e.since, e.streak = st.Tanggal, st.ID
		told = append(told, e)
	}
	for why, ids := range gone {
		if _, err := w.r.Store.FinishReminders(ctx, ids, kinerja.ReminderSkipped, why, 0, 0); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(told, func(a, b escalated) int {
		if a.missed != b.missed {
			return b.missed - a.missed
		}
		return strings.Compare(a.Nama, b.Nama)
	})
	return told, nil
}

// dailyList is a supervisor's daily list of what waits for them: the first
// page of /persetujuan's list (msg.ApprovalQueue), under the day, with its
// buttons bound to the list (a person's day; "Setujui semua" for what
// waited at shown), and a word on the reports of a month whose validation
// deadline is still ahead.
func (w *ReminderPusher) dailyList(rem kinerja.Reminder, list []jobs.PendingReport, today kinerja.Date, shown time.Time) (msg.Text, [][]msg.Button) {
	var groups []msg.QueueGroup
	month := today.MonthStart()
	var early kinerja.Date // the latest month before this one with reports waiting and its deadline ahead
	earlyCount := 0
	for _, p := range list {
		groups = msg.AddToQueue(groups, p.PegawaiID, p.AuthorNama, p.Tanggal, p.Menit)
		m := p.Tanggal.MonthStart()
		if !m.Before(month) || reminders.Deadline(m, w.r.Config.DeadlineDay).Before(today) {
			continue
		}
		switch {
		case early.IsZero() || early.Before(m):
			early, earlyCount = m, 1
		case early == m:
			earlyCount++
		}
	}
	q, _ := msg.ApprovalQueue(groups, 0, msg.QueueButtons{
		Person: func(_ int, g msg.QueueGroup) msg.Callback {
			return msg.Callback{Op: msg.OpReminder, ID: rem.ID, Arg: msg.ListPersonArg(g.PegawaiID, g.Date)}
		},
		All: msg.Callback{Op: msg.OpReminder, ID: rem.ID, Arg: msg.ListAllArg(shown)},
	})
	var deadline msg.Text
	if earlyCount > 0 {
		deadline = msg.T("pengingat.daftar_tenggat", "Count", earlyCount, "Month", msg.Month(early),
			"Deadline", msg.Date(reminders.Deadline(early, w.r.Config.DeadlineDay)))
	}
	return msg.T("pengingat.daftar", "Date", msg.Date(today), "List", q.Text, "Tenggat", deadline), q.Buttons
}

// escalationSubject checks a streak's own reason to be told: the person
// still active, still not reported since the streak began, still assessed
// by the recipient, and the streak — with leave, holidays or days declared
// away entered since planning — still the one planned.
func (w *ReminderPusher) escalationSubject(ctx context.Context, rem kinerja.Reminder, holidays map[kinerja.Date]string, today kinerja.Date) (escalated, string, error) {
	subject, err := w.r.Store.PegawaiAt(ctx, rem.SubjekID, today)
	if err != nil {
		return escalated{}, "", err
	}
	if subject == nil || !subject.Aktif {
		return escalated{}, string(reminders.ReasonInactive), nil
	}
	last, err := w.r.Store.LastReport(ctx, subject.ID, today.AddDays(1))
	if err != nil {
		return escalated{}, "", err
	}
	if !last.IsZero() && !last.Before(rem.Tanggal) {
		return escalated{}, string(reminders.ReasonReported), nil
	}
	assesses, err := w.r.Store.Assesses(ctx, rem.PegawaiID, subject.ID, today)
	if err != nil {
		return escalated{}, "", err
	}
	if !assesses {
		return escalated{}, "not_assessor", nil
	}
	leave, err := w.r.Store.LeaveOf(ctx, subject.ID, rem.Tanggal, today)
	if err != nil {
		return escalated{}, "", err
	}
	declared, err := w.r.Store.DeclaredDays(ctx, subject.ID, rem.Tanggal, today)
	if err != nil {
		return escalated{}, "", err
	}
	cal := reminders.Away(kinerja.Calendar{Rules: w.r.Rules, Holidays: holidays, Leave: leave}, declared)
	start, missed, due := reminders.Escalation(cal, today, rem.Tanggal.AddDays(-1), w.r.Config.EscalateAfter)
	if !due || start != rem.Tanggal {
		return escalated{}, "streak_changed", nil
	}
	return escalated{Pegawai: subject, missed: missed}, "", nil
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
	id   int64 // the reminder
	text msg.Text
	rows [][]msg.Button
}

// reminderButtons label a reminder's buttons by their argument.
var reminderButtons = map[string]string{
	msg.ArgReminderLapor:       "pengingat.btn_lapor",
	msg.ArgReminderTunda:       "pengingat.btn_tunda",
	msg.ArgReminderMatikan:     "pengingat.btn_matikan",
	msg.ArgReminderPersetujuan: "pengingat.btn_persetujuan",
}

// add appends buttons, one per row.
func (m *reminderMessage) add(args ...string) {
	for _, arg := range args {
		m.rows = append(m.rows, []msg.Button{{Label: msg.T(reminderButtons[arg]), Data: msg.Callback{Op: msg.OpReminder, ID: m.id, Arg: arg}}})
	}
}
