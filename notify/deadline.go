package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/reminders"
)

// The validation deadline (DOMAIN.md decision 2: day VALIDATION_DEADLINE_DAY
// of the next month). In its morning the reports of the closed month still
// waiting are escalated — to the atasan's own atasan and to the OPD's
// admins — or, with AUTO_APPROVE_AT_DEADLINE, approved by the system, each
// audited as such, the author told by the usual decision notice and the
// atasan by one message.

// DeadlineStore is what the deadline job reads and changes.
type DeadlineStore interface {
	WaitingAtDeadline(ctx context.Context, month kinerja.Date) ([]jobs.WaitingGroup, error)
	OPDAdmins(ctx context.Context, opdID int64) ([]kinerja.Pegawai, error)
	AutoApproveMonth(ctx context.Context, month kinerja.Date) ([]jobs.AutoApproved, error)
}

// DeadlineDeps configure the deadline job.
type DeadlineDeps struct {
	Store       DeadlineStore
	DeadlineDay int           // VALIDATION_DEADLINE_DAY
	At          time.Duration // the hour it runs (REMINDER_MORNING_AT)
	AutoApprove bool          // AUTO_APPROVE_AT_DEADLINE
}

// DeadlineSchedule fires at At on day Day of every month (the last day of a
// shorter month), in Location.
type DeadlineSchedule struct {
	Location *time.Location
	Day      int
	At       time.Duration
}

// Next returns the first run after t.
func (s DeadlineSchedule) Next(t time.Time) time.Time {
	t = t.In(s.Location)
	for m := 0; m < 3; m++ {
		first := time.Date(t.Year(), t.Month()+time.Month(m), 1, 0, 0, 0, 0, s.Location)
		month := kinerja.DateOf(first, s.Location)
		d := reminders.Deadline(month.AddMonths(-1), s.Day)
		run := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, s.Location).Add(s.At)
		if run.After(t) {
			return run
		}
	}
	return t.Add(24 * time.Hour) // not reached: a deadline comes every month
}

// DeadlinePeriodic is the periodic job of the deadline: the month before
// the deadline's, once (unique by month).
func DeadlinePeriodic(loc *time.Location, now func() time.Time, dd DeadlineDeps) *river.PeriodicJob {
	if now == nil {
		now = time.Now
	}
	return river.NewPeriodicJob(DeadlineSchedule{Location: loc, Day: dd.DeadlineDay, At: dd.At}, func() (river.JobArgs, *river.InsertOpts) {
		month := kinerja.DateOf(now(), loc).MonthStart().AddMonths(-1)
		return jobs.DeadlineJob{Month: month}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}, nil)
}

// AddDeadlineWorker registers the deadline job's worker.
func AddDeadlineWorker(ws *river.Workers, d Deps, dd DeadlineDeps) {
	w := &deadlineWorker{workers: newWorkers(d), dd: dd}
	river.AddWorker(ws, &worker[jobs.DeadlineJob]{timeout: 5 * time.Minute, work: w.work})
}

type deadlineWorker struct {
	*workers
	dd DeadlineDeps
}

func (w *deadlineWorker) work(ctx context.Context, job *river.Job[jobs.DeadlineJob]) error {
	month := job.Args.Month
	log := w.d.Log.With("job", job.Kind, "month", month.String()[:7])
	if w.dd.AutoApprove {
		done, err := w.dd.Store.AutoApproveMonth(ctx, month)
		if err != nil {
			return outcome(w.d.Log, job.Kind, job.ID, job.Attempt, fmt.Errorf("notify: auto approve: %w", err))
		}
		n := 0
		for _, g := range done {
			n += g.Reports
			w.tell(ctx, g.Atasan, msg.Say("deadline.auto_approved", "Count", g.Reports, "Periode", msg.Month(month)))
		}
		log.Info("reports approved by the system at the validation deadline", "reports", n, "atasan", len(done))
		return nil
	}
	groups, err := w.dd.Store.WaitingAtDeadline(ctx, month)
	if err != nil {
		return outcome(w.d.Log, job.Kind, job.ID, job.Attempt, fmt.Errorf("notify: deadline: %w", err))
	}
	byOPD := map[int64][]msg.Text{}
	var opds []int64
	for _, g := range groups {
		if g.AtasanAtasan.ID != 0 {
			w.tell(ctx, g.AtasanAtasan, msg.Say("deadline.escalated", "Atasan", g.Atasan.Nama, "Count", g.Reports,
				"People", g.People, "Periode", msg.Month(month)))
		}
		if _, ok := byOPD[g.OPD]; !ok {
			opds = append(opds, g.OPD)
		}
		line := msg.T("deadline.admin_line", "Atasan", g.Atasan.Nama, "NIP", g.Atasan.NIP, "Count", g.Reports, "People", g.People)
		if g.Atasan.ID == 0 {
			line = msg.T("deadline.admin_line_none", "Count", g.Reports, "People", g.People)
		}
		byOPD[g.OPD] = append(byOPD[g.OPD], line)
	}
	for _, opd := range opds {
		if opd == 0 {
			continue
		}
		admins, err := w.dd.Store.OPDAdmins(ctx, opd)
		if err != nil {
			return outcome(w.d.Log, job.Kind, job.ID, job.Attempt, fmt.Errorf("notify: deadline admins: %w", err))
		}
		for _, a := range admins {
			w.tell(ctx, a, msg.Say("deadline.admin_summary", "Periode", msg.Month(month), "Lines", msg.Lines(byOPD[opd])))
		}
	}
	log.Info("waiting reports escalated at the validation deadline", "atasan", len(groups))
	return nil
}

// tell sends one message to a person who can be reached; a failure is
// logged (the others are still told; the records are not changed by it).
func (w *deadlineWorker) tell(ctx context.Context, p kinerja.Pegawai, r msg.Reply) {
	if p.ChatID == 0 || p.Unreachable {
		return
	}
	if _, err := w.d.Out.Deliver(ctx, msg.To{ChatID: p.ChatID, Lang: p.Bahasa}, r); err != nil {
		w.d.Log.Warn("deadline message not delivered", "chat_id", p.ChatID, "err", err)
	}
}
