// Package notify delivers what a change of a report causes in other
// people's chats: the approval card of each assessor (CardWorker) and the
// decision notice to the author (NoticeWorker). Both are River workers; the
// store enqueues their jobs (jobs.CardJob, jobs.DecisionNoticeJob) in
// the same transaction as the change, so a committed change is never left
// without its job, and a rolled-back one never has one.
//
// # Cards
//
// A card job brings every copy of one report's card in line with the
// report, whatever happened since the last job: each current assessor (the
// atasan, and whoever holds a Plt/Plh delegation from the atasan covering
// today in the deployment's zone) who has a linked, reachable Telegram
// account and no copy gets one; every copy showing another (version,
// status) than the report's is edited to the current content. While the
// report waits for a decision the card has the buttons Setujui, Kembalikan,
// Tolak (and Lihat bukti when there is evidence), bound to the version
// shown; once decided or withdrawn it says so and has no buttons (an empty
// keyboard: a null one would leave the old buttons in place). A report
// returned and then resubmitted gets a new card message, so the assessor is
// notified again; the old message keeps its "dikembalikan" text, without
// buttons.
//
// Jobs of one report take turns under the report's card lock (the store's
// SyncCards), so two jobs never both send a first card to one person and an
// older state never overwrites a newer one. Each copy is recorded (table
// kartu, one row per report and recipient) right after Telegram accepted
// it, so a job retried after a failure skips what was already sent.
//
// # Delivery guarantees
//
// Delivery is at least once. A process that dies after Telegram accepted a
// message but before the copy (or the job's completion) was recorded sends
// it again when the job is retried: a second card for that person, or a
// second notice. That window is one round trip; everything else is exactly
// once: a job is enqueued only with its change, a card already recorded is
// never sent again (the unique key on report and recipient), and a bot
// stopped before a job ran delivers it when it starts again.
//
// A recipient who blocked the bot (403, msg.ErrUnreachable) is not an
// error: the bot marks them unreachable, no new card is sent to unreachable
// people, and the job goes on with the others. Transient failures fail the job, which River
// retries with backoff, at most maxAttempts times; permanent refusals (a
// 400 that a retry cannot fix) are logged and skipped.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Card, ReportView and CardSet are the records a card job works from (see
// package jobs).
type (
	Card       = jobs.Card
	ReportView = jobs.ReportView
	CardSet    = jobs.CardSet
)

// Store is what the workers read and record (implemented by *store.DB).
type Store interface {
	// SyncCards runs fn holding the report's card lock, with the report's
	// CardSet read under it; save records a copy at once. An unknown report
	// is a kinerja.CodeNotFound error.
	SyncCards(ctx context.Context, aktivitasID int64, today kinerja.Date,
		fn func(ctx context.Context, set CardSet, save func(context.Context, Card) error) error) error
	// NoticeData returns the report as a notice shows it.
	NoticeData(ctx context.Context, aktivitasID int64) (ReportView, error)
	// RatingNoticeData returns a period rating as its notice shows it.
	RatingNoticeData(ctx context.Context, penilaianID int64) (jobs.RatingView, error)
	// AssessorsWithTeam lists who is asked to rate when a period ends.
	AssessorsWithTeam(ctx context.Context, today kinerja.Date) ([]int64, error)
	// RatingsDueData returns an assessor and how many of their team are
	// still to be rated for a period.
	RatingsDueData(ctx context.Context, assessorID int64, periode, today kinerja.Date) (kinerja.Pegawai, int, error)
}

// Out is the bot's one delivery path (*bot.Bot): it renders a reply for its
// reader and sends it — or, for an Edit, replaces to.MessageID — within
// Telegram's limits, and returns the message's id. Besides errors worth
// retrying it returns msg.ErrUnreachable and msg.ErrRefused.
type Out interface {
	Deliver(ctx context.Context, to msg.To, r msg.Reply) (messageID int, err error)
}

// Deps are what the workers need.
type Deps struct {
	Store    Store
	Out      Out
	Location *time.Location   // the deployment's zone: "today" for delegations
	Now      func() time.Time // the clock (time.Now when nil)
	Log      *slog.Logger     // discarded when nil
	// RatingQuarterly: periods are rated per quarter (names the period).
	RatingQuarterly bool
}

func (d *Deps) defaults() {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
}

// today is the business date now.
func (d *Deps) today() kinerja.Date { return kinerja.DateOf(d.Now(), d.Location) }

// worker runs the jobs of one kind with a timeout: every worker of this
// package is one of these around a function.
type worker[A river.JobArgs] struct {
	river.WorkerDefaults[A]
	timeout time.Duration
	work    func(ctx context.Context, job *river.Job[A]) error
}

func (w *worker[A]) Timeout(*river.Job[A]) time.Duration { return w.timeout }

func (w *worker[A]) Work(ctx context.Context, job *river.Job[A]) error { return w.work(ctx, job) }

// workers are the jobs that follow a report or a rating.
type workers struct{ d Deps }

func newWorkers(d Deps) *workers {
	d.defaults()
	return &workers{d: d}
}

// AddWorkers registers the card, notice and rating workers.
func AddWorkers(ws *river.Workers, d Deps) {
	w := newWorkers(d)
	// A card job holds the report's card lock while it runs: long enough
	// for a few per-chat rate-limit waits and 429 pauses, no longer.
	river.AddWorker(ws, &worker[jobs.CardJob]{timeout: 3 * time.Minute, work: w.card})
	river.AddWorker(ws, &worker[jobs.DecisionNoticeJob]{timeout: time.Minute, work: w.notice})
	river.AddWorker(ws, &worker[jobs.RatingNoticeJob]{timeout: time.Minute, work: w.rating})
	river.AddWorker(ws, &worker[jobs.RatingsDueJob]{timeout: time.Minute, work: w.ratingsDue})
	river.AddWorker(ws, &worker[jobs.RatingsDueNoticeJob]{timeout: time.Minute, work: w.ratingsDueNotice})
}

// maxAttempts caps how often one job is tried: River's backoff (attempt⁴
// seconds) spreads ten attempts over about five hours.
const maxAttempts = 10

// outcome turns a job's failure into River's terms: nil stays nil, the
// last attempt cancels the job (logged, never retried again).
func outcome(log *slog.Logger, kind string, id int64, attempt int, err error) error {
	if err == nil {
		return nil
	}
	if attempt >= maxAttempts {
		log.Error("giving up on a job after repeated failures", "kind", kind, "id", id, "attempt", attempt, "err", err)
		return river.JobCancel(err)
	}
	log.Warn("job failed, will be retried", "kind", kind, "id", id, "attempt", attempt, "err", err)
	return err
}

// delivery classifies a delivery's error: nil when the job may go on without
// this message (sent, the recipient is unreachable, or it was refused for
// good, which a retry cannot change), else the error to retry on.
func delivery(log *slog.Logger, what string, chatID int64, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, msg.ErrUnreachable):
		log.Info("recipient unreachable, message skipped", "what", what, "chat_id", chatID)
		return nil
	case errors.Is(err, msg.ErrRefused):
		log.Error("a message was refused for good, skipped", "what", what, "chat_id", chatID, "err", err)
		return nil
	}
	return fmt.Errorf("%s to chat %d: %w", what, chatID, err)
}

// by names who decided or rated: "Nama", or "Nama atas nama Atasan" for a
// delegate.
func by(nama, onBehalfOf string) msg.Text {
	return msg.T("approval.by", "Nama", nama, "Atasan", onBehalfOf)
}
