package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// When a period ends (monthly: on the first day of the next month, in the
// morning), every assessor is asked to rate their team. A planning job
// enqueues one notice job per assessor, unique by (assessor, period), so a
// restart or a second process does not ask twice while River keeps the
// finished jobs (a day by default).

// MonthlyRatingSchedule fires at 08:00 on day Day (1 when zero) of each
// month in the deployment's zone: the day after the validation deadline, so
// a period is rated only once its reports can no longer be filed or
// decided.
type MonthlyRatingSchedule struct {
	Location *time.Location
	Day      int
}

// Next returns the first run after t.
func (s MonthlyRatingSchedule) Next(t time.Time) time.Time {
	t = t.In(s.Location)
	day := min(max(s.Day, 1), 28)
	next := time.Date(t.Year(), t.Month(), day, 8, 0, 0, 0, s.Location)
	if !next.After(t) {
		next = time.Date(t.Year(), t.Month()+1, day, 8, 0, 0, 0, s.Location)
	}
	return next
}

// RatingsDuePeriodic is the periodic job that plans the pushes for the
// period that has just ended: the month, or — when periods are quarters —
// the quarter, on the day after its validation deadline (deadlineDay of
// the next month; other months plan nothing).
func RatingsDuePeriodic(loc *time.Location, now func() time.Time, quarterly bool, deadlineDay int) *river.PeriodicJob {
	if now == nil {
		now = time.Now
	}
	return river.NewPeriodicJob(MonthlyRatingSchedule{Location: loc, Day: deadlineDay + 1}, func() (river.JobArgs, *river.InsertOpts) {
		today := kinerja.DateOf(now(), loc)
		start, end := kinerja.LastEndedPeriod(today, quarterly)
		if end != today.MonthStart().AddDays(-1) {
			return nil, nil // the period holding yesterday has not ended
		}
		return jobs.RatingsDueJob{Periode: start}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
	}, nil)
}

// ratingsDue enqueues one request per assessor (a jobs.RatingsDueJob).
func (w *workers) ratingsDue(ctx context.Context, job *river.Job[jobs.RatingsDueJob]) error {
	ids, err := w.d.Store.AssessorsWithTeam(ctx, w.d.today())
	if err != nil {
		return fmt.Errorf("notify: ratings due: %w", err)
	}
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("notify: ratings due: %w", err)
	}
	params := make([]river.InsertManyParams, 0, len(ids))
	for _, id := range ids {
		params = append(params, river.InsertManyParams{
			Args:       jobs.RatingsDueNoticeJob{AssessorID: id, Periode: job.Args.Periode},
			InsertOpts: &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}},
		})
	}
	if len(params) > 0 {
		if _, err := client.InsertMany(ctx, params); err != nil {
			return fmt.Errorf("notify: ratings due: %w", err)
		}
	}
	w.d.Log.Info("rating requests planned", "periode", job.Args.Periode.String(), "assessors", len(ids))
	return nil
}

// ratingsDueNotice asks one assessor to rate, with a button to the list,
// unless everyone is rated already.
func (w *workers) ratingsDueNotice(ctx context.Context, job *river.Job[jobs.RatingsDueNoticeJob]) error {
	a := job.Args
	type due struct {
		p    kinerja.Pegawai
		open int
	}
	return tellOne(ctx, w, told{what: "rating request", kind: job.Kind, idName: "assessor_id", id: a.AssessorID, attempt: job.Attempt, job: job.ID},
		func(ctx context.Context) (due, error) {
			p, open, err := w.d.Store.RatingsDueData(ctx, a.AssessorID, a.Periode, w.d.today())
			return due{p, open}, err
		},
		func(d due) (msg.To, msg.Reply, string) {
			if d.open == 0 || d.p.ChatID == 0 || d.p.Unreachable || !d.p.Aktif {
				return msg.To{}, msg.Reply{}, "everyone is rated, or the assessor cannot be reached"
			}
			return msg.To{ChatID: d.p.ChatID, Lang: d.p.Bahasa}, msg.Reply{
				Text: msg.T("penilaian.due", "Periode", msg.Period(a.Periode, w.d.RatingQuarterly), "Count", d.open),
				Buttons: [][]msg.Button{{{Label: msg.T("penilaian.button_open"),
					Data: msg.Callback{Op: msg.OpRatingList, Arg: msg.MonthCode(a.Periode)}}}},
			}, ""
		})
}
