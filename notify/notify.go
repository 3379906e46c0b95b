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
// account, no copy, and keeps the default of a card per report gets one
// (one who chose a daily list in /pengaturan gets none: the list names the
// report at their hour; each assessor's own choice counts, so a Plh may
// get cards while the atasan gets a list); every copy showing another (version,
// status) than the report's is edited to the current content. A card is
// short (msg.ApprovalCard: who, which day, the RHK's short name, the uraian,
// volume and duration); while the report waits for a decision it has the
// buttons Setujui, Kembalikan, Tolak, Lihat bukti (when there is evidence)
// and Rincian (its details, the NIP among them), bound to the version
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
	"math/rand/v2"
	"slices"
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
	// DailyDecisions runs fn holding the lock of a person's message of the
	// day (day in loc), with the day's approvals and rejections of their
	// reports and the message sent for it so far; save records a new one.
	DailyDecisions(ctx context.Context, authorID int64, day kinerja.Date, loc *time.Location,
		fn func(ctx context.Context, d jobs.DayDigest, save func(ctx context.Context, chatID int64, messageID int) error) error) error
	// RatingNoticeData returns a period rating as its notice shows it.
	RatingNoticeData(ctx context.Context, penilaianID int64) (jobs.RatingView, error)
	// AssessorsWithTeam lists who is asked to rate when a period ends.
	AssessorsWithTeam(ctx context.Context, today kinerja.Date) ([]int64, error)
	// RatingsDueData returns an assessor and how many of their team are
	// still to be rated for a period.
	RatingsDueData(ctx context.Context, assessorID int64, periode, today kinerja.Date) (kinerja.Pegawai, int, error)
	// NoticeSent and MarkNoticeSent keep, per job id, that a job's notice
	// went out, so a job run again after a crash does not send it twice.
	NoticeSent(ctx context.Context, jobID int64) (bool, error)
	MarkNoticeSent(ctx context.Context, jobID, chatID int64, messageID int) error
	// DeclarationData returns a declared day with its declarer and the
	// assessor asked to confirm it.
	DeclarationData(ctx context.Context, id int64) (jobs.DeclarationData, error)
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
	// Checkpoint, when set, is called at "notice_sent" (a notice delivered,
	// not yet recorded as sent): the crash test kills the process there.
	Checkpoint func(point string)
}

func (d *Deps) checkpoint(point string) {
	if d.Checkpoint != nil {
		d.Checkpoint(point)
	}
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

// AddWorkers registers the card, notice, rating and declared-day workers.
func AddWorkers(ws *river.Workers, d Deps) {
	w := newWorkers(d)
	// A card job holds the report's card lock while it runs: long enough
	// for a few per-chat rate-limit waits and 429 pauses, no longer.
	river.AddWorker(ws, &worker[jobs.CardJob]{timeout: jobs.MaxRun, work: w.card})
	river.AddWorker(ws, &worker[jobs.DecisionNoticeJob]{timeout: jobs.MaxRun, work: w.notice})
	river.AddWorker(ws, &worker[jobs.RatingNoticeJob]{timeout: jobs.MaxRun, work: w.rating})
	river.AddWorker(ws, &worker[jobs.RatingsDueJob]{timeout: jobs.MaxRun, work: w.ratingsDue})
	river.AddWorker(ws, &worker[jobs.RatingsDueNoticeJob]{timeout: jobs.MaxRun, work: w.ratingsDueNotice})
	river.AddWorker(ws, &worker[jobs.DeclarationRequestJob]{timeout: jobs.MaxRun, work: w.declarationRequest})
	river.AddWorker(ws, &worker[jobs.DeclarationAnswerJob]{timeout: jobs.MaxRun, work: w.declarationAnswer})
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
	case errors.Is(err, msg.ErrGone):
		log.Debug("the message to edit is gone, skipped", "what", what, "chat_id", chatID)
		return nil
	}
	return fmt.Errorf("%s to chat %d: %w", what, chatID, err)
}

// decidedBy names who decided a report: a person (on whose behalf), or the
// system at the validation deadline.
func decidedBy(v ReportView) msg.Text {
	return msg.DecidedBy(v.DecidedBy, v.OnBehalfOf, v.Otomatis)
}

// by names who rated: "Nama", or "Nama atas nama Atasan" for a delegate.
func by(nama, onBehalfOf string) msg.Text {
	return msg.DecidedBy(nama, onBehalfOf, false)
}

// ---- approval cards ----

// card brings the approval cards of a report in line with it (a
// jobs.CardJob): see the package documentation.
func (w *workers) card(ctx context.Context, job *river.Job[jobs.CardJob]) error {
	id := job.Args.AktivitasID
	log := w.d.Log.With("job", job.Kind, "aktivitas_id", id)
	var retry error // the first failure worth retrying; the other copies are still done
	err := w.d.Store.SyncCards(ctx, id, w.d.today(), func(ctx context.Context, set CardSet, save func(context.Context, Card) error) error {
		for _, step := range plan(set) {
			err := w.apply(ctx, log, set.Report, step, save)
			if ctx.Err() != nil {
				return ctx.Err() // stopping or out of time: the rest waits for the retry
			}
			if err != nil && retry == nil {
				retry = err
			}
		}
		return nil
	})
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		log.Warn("card job for an unknown report dropped")
		return nil
	}
	if err == nil {
		err = retry
	}
	if err != nil {
		err = fmt.Errorf("notify: cards of aktivitas %d: %w", id, err)
	}
	return outcome(w.d.Log, job.Kind, id, job.Attempt, err)
}

// step is one thing to do to one person's copy.
type step struct {
	to      kinerja.Pegawai // the recipient (for a send: the current assessor)
	card    Card            // the copy to edit; zero for a send
	send    bool            // send a new message (and record it as the person's copy)
	retired bool            // the holder may no longer decide (a delegation ended, another atasan): no buttons
	movedTo string          // with retired: who decides now (the current atasan), "" when nobody
}

// plan decides what to do, from the report, the current assessors and the
// copies sent. Pure: the card lock makes its input current.
func plan(set CardSet) []step {
	a := set.Report.Aktivitas
	assessors := make(map[int64]kinerja.Pegawai, len(set.Assessors))
	for _, p := range set.Assessors {
		assessors[p.ID] = p
	}
	reachable := func(p kinerja.Pegawai) bool { return p.ChatID != 0 && !p.Unreachable }
	var steps []step
	have := make(map[int64]bool, len(set.Cards))
	for _, c := range set.Cards {
		have[c.PenerimaID] = true
		p, current := assessors[c.PenerimaID]
		if c.Version == a.Version && c.Status == a.Status && (current || a.Status != kinerja.StatusDiajukan) {
			continue
		}
		if !current && a.Status == kinerja.StatusDiajukan {
			// Its holder may not decide any more: the copy stays, without
			// buttons (an edit that changes nothing is "not modified", fine).
			st := step{to: kinerja.Pegawai{ID: c.PenerimaID, Bahasa: c.Bahasa}, card: c, retired: true}
			if len(set.Assessors) > 0 {
				st.movedTo = set.Assessors[0].Nama // the atasan comes first
			}
			steps = append(steps, st)
			continue
		}
		if c.Status == kinerja.StatusDikembalikan && a.Status == kinerja.StatusDiajukan && current && reachable(p) && p.DaftarJam == 0 {
			// Returned, then fixed and resubmitted: a new message, so the
			// assessor hears of it (an edit is silent); the old one keeps
			// saying "dikembalikan", without buttons. (An assessor who
			// chose a daily list hears of it there: their copy is brought
			// in line below, silently, and keeps working.)
			steps = append(steps, step{to: p, send: true})
			continue
		}
		steps = append(steps, step{to: kinerja.Pegawai{ID: c.PenerimaID, Bahasa: c.Bahasa}, card: c})
	}
	if a.Status != kinerja.StatusDiajukan {
		return steps // decided or withdrawn: nobody new needs a card
	}
	for _, p := range set.Assessors {
		// An assessor who chose one daily list instead of a card per
		// report gets no new card (a copy sent before they chose it is
		// still kept in line above, so it keeps working).
		if !have[p.ID] && reachable(p) && p.DaftarJam == 0 {
			steps = append(steps, step{to: p, send: true})
		}
	}
	return steps
}

// apply carries out one step and records the copy. It returns an error only
// for a failure worth retrying.
func (w *workers) apply(ctx context.Context, log *slog.Logger, v ReportView, s step, save func(context.Context, Card) error) error {
	a := v.Aktivitas
	o := msg.CardOptions{Buttons: !s.retired}
	if s.retired && s.movedTo != "" && a.Status == kinerja.StatusDiajukan {
		// The holder may no longer decide (a mutasi, an ended
		// delegation): the copy says who decides now.
		o.State = msg.T("approval.state_moved", "Nama", s.movedTo)
	}
	r := msg.ApprovalCard(CardView(v), o)
	to := msg.To{ChatID: s.to.ChatID, Lang: s.to.Bahasa}
	what := "card"
	if !s.send {
		to.ChatID, to.MessageID, r.Edit, what = s.card.ChatID, s.card.MessageID, true, "card edit"
		// The decider's own card answers their press: it goes with the
		// replies, not behind the pushes.
		to.Answer = a.DecidedBy != 0 && s.card.PenerimaID == a.DecidedBy
	}
	id, err := w.d.Out.Deliver(ctx, to, r)
	if err != nil {
		// Unreachable or refused for good: no copy is recorded (an edit
		// keeps its old record), so a later job may try again. Else
		// retried.
		return delivery(log, what, to.ChatID, err)
	}
	if s.send && id == 0 {
		return fmt.Errorf("card to chat %d: telegram answered without a message", to.ChatID)
	}
	log.Debug(what+" delivered", "penerima_id", s.to.ID, "chat_id", to.ChatID, "version", a.Version, "status", a.Status)
	// Telegram has the message now: record it even if the job is being
	// stopped, or a retry would send it again.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	// The store does not know the message if this fails: a retry sends it
	// again (the at-least-once window of the package comment).
	return save(sctx, Card{AktivitasID: a.ID, PenerimaID: s.to.ID, ChatID: to.ChatID, MessageID: id, Version: a.Version, Status: a.Status})
}

// cardReply is a report's card as the card job sends it: short, and while
// the report waits and the holder may decide, with the decision buttons
// bound to the version shown (without them, an edit takes the old buttons
// off).
func cardReply(v ReportView, buttons bool) msg.Reply {
	return msg.ApprovalCard(CardView(v), msg.CardOptions{Buttons: buttons})
}

// CardView is a report as its card shows it.
func CardView(v ReportView) msg.CardView {
	return msg.CardView{
		Aktivitas: v.Aktivitas, AuthorNama: v.Author.Nama, AuthorNIP: v.Author.NIP,
		RHKKode: v.RHKKode, RHKTeks: v.RHKTeks, DayMinutes: v.DayMinutes,
		DecidedBy: v.DecidedBy, OnBehalfOf: v.OnBehalfOf, Otomatis: v.Otomatis,
	}
}

// ---- notices to a person about their own records ----

// notice tells the author of a report about a decision on it (a
// jobs.DecisionNoticeJob), unless the report moved on since the decision
// (the author already edited it: the notice would be stale). A returned
// report comes with a button to fix and resubmit it.
//
// Approvals and rejections are told in the author's one message of the day
// (see digest); a return, which asks the author to act, at once.
func (w *workers) notice(ctx context.Context, job *river.Job[jobs.DecisionNoticeJob]) error {
	id := job.Args.AktivitasID
	// Read once: the digest and the notice of a return both start from it.
	view, loadErr := w.d.Store.NoticeData(ctx, id)
	if loadErr == nil && view.Aktivitas.Version == job.Args.Version &&
		(view.Aktivitas.Status == kinerja.StatusDisetujui || view.Aktivitas.Status == kinerja.StatusDitolak) {
		return w.digest(ctx, job, view)
	}
	return tellOne(ctx, w, told{what: "notice", kind: job.Kind, idName: "aktivitas_id", id: id, attempt: job.Attempt, job: job.ID},
		func(context.Context) (ReportView, error) { return view, loadErr },
		func(v ReportView) (msg.To, msg.Reply, string) {
			a := v.Aktivitas
			switch {
			case a.Version != job.Args.Version:
				return msg.To{}, msg.Reply{}, fmt.Sprintf("stale: the report is at version %d, the notice at %d", a.Version, job.Args.Version)
			case noticeMessage[a.Status] == "":
				return msg.To{}, msg.Reply{}, "the report is not decided: " + string(a.Status)
			case v.Author.ChatID == 0:
				return msg.To{}, msg.Reply{}, "the author is not linked to Telegram"
			}
			return msg.To{ChatID: v.Author.ChatID, Lang: v.Author.Bahasa}, noticeReply(v), ""
		})
}

// noticeReply is the notice of a decision.
func noticeReply(v ReportView) msg.Reply {
	a := v.Aktivitas
	r := msg.Reply{Text: msg.T(noticeMessage[a.Status], "Date", msg.Date(a.Tanggal), "Teks", msg.Shorten(a.Deskripsi, 80),
		"By", decidedBy(v), "At", a.DecidedAt, "Reason", a.Reason)}
	if a.Status == kinerja.StatusDikembalikan {
		r.Buttons = [][]msg.Button{{{Label: msg.T("button.fix_resubmit"),
			Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: msg.ArgHistoryEdit}}}}
	}
	return r
}

// The day's message lists at most digestMax decisions one by one
// (rejections first: they are final and may call for a new report), each
// reason cut to digestReason characters: within Telegram's 4,096 however
// the day goes.
const (
	digestMax    = 12
	digestReason = 150
)

// digest brings the author's message of the day — every approval and
// rejection of their reports decided that day — in line: sent with the
// day's first decision, edited with each later one (an edit makes no
// sound: one notification a day instead of one per report). Jobs of one
// author take turns (the store's lock). Run again after a crash, it edits
// the same message; a crash between the first send and its record sends a
// second message rather than none.
func (w *workers) digest(ctx context.Context, job *river.Job[jobs.DecisionNoticeJob], v ReportView) error {
	a := v.Aktivitas
	log := w.d.Log.With("job", job.Kind, "aktivitas_id", a.ID)
	if v.Author.ChatID == 0 || v.Author.Unreachable {
		log.Debug("decision not told", "why", "the author cannot be reached on Telegram")
		return nil
	}
	day := kinerja.DateOf(a.DecidedAt, w.d.Location)
	err := w.d.Store.DailyDecisions(ctx, a.PegawaiID, day, w.d.Location, func(ctx context.Context, dg jobs.DayDigest, save func(context.Context, int64, int) error) error {
		r := digestReply(day, dg.Decided)
		to := msg.To{ChatID: v.Author.ChatID, Lang: v.Author.Bahasa}
		if dg.MessageID != 0 && dg.ChatID == to.ChatID {
			to.MessageID, r.Edit = dg.MessageID, true
		}
		id, err := w.d.Out.Deliver(ctx, to, r)
		if r.Edit && (errors.Is(err, msg.ErrGone) || errors.Is(err, msg.ErrRefused)) {
			// The day's message was deleted (or can no longer be edited):
			// a new one, recorded below.
			to.MessageID, r.Edit = 0, false
			id, err = w.d.Out.Deliver(ctx, to, r)
		}
		if err != nil {
			return delivery(log, "daily decisions", to.ChatID, err)
		}
		w.d.checkpoint("notice_sent")
		if id == 0 || id == dg.MessageID {
			return nil
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return save(sctx, to.ChatID, id)
	})
	if errors.Is(err, jobs.ErrBusy) {
		// Another job of the same author is at the message: this one
		// comes back in a moment (not an attempt lost) and finds it done.
		return river.JobSnooze(time.Second + time.Duration(rand.Int64N(int64(time.Second))))
	}
	if err != nil {
		err = fmt.Errorf("notify: daily decisions of pegawai %d: %w", a.PegawaiID, err)
	}
	return outcome(w.d.Log, job.Kind, a.ID, job.Attempt, err)
}

// digestReply is the day's message: the counts, then each decision.
func digestReply(day kinerja.Date, decided []ReportView) msg.Reply {
	var lines msg.Lines
	approved, rejected := 0, 0
	decided = slices.Clone(decided)
	slices.SortStableFunc(decided, func(a, b ReportView) int {
		ra, rb := a.Aktivitas.Status == kinerja.StatusDitolak, b.Aktivitas.Status == kinerja.StatusDitolak
		switch {
		case ra == rb:
			return 0
		case ra:
			return -1
		}
		return 1
	})
	for _, v := range decided {
		a := v.Aktivitas
		if a.Status == kinerja.StatusDitolak {
			rejected++
		} else {
			approved++
		}
		if len(lines) == digestMax {
			continue
		}
		id := "notice.digest_approved"
		if a.Status == kinerja.StatusDitolak {
			id = "notice.digest_rejected"
		}
		lines = append(lines, msg.T(id, "Date", msg.ShortDate(a.Tanggal), "Teks", msg.Shorten(a.Deskripsi, 60),
			"By", decidedBy(v), "Reason", msg.Shorten(a.Reason, digestReason)))
	}
	if n := len(decided) - len(lines); n > 0 {
		lines = append(lines, msg.T("notice.digest_more", "Count", n))
	}
	return msg.Reply{Text: msg.T("notice.digest", "Day", msg.Date(day), "Approved", approved, "Rejected", rejected, "Lines", lines)}
}

// noticeMessage is the notice per decision.
var noticeMessage = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "notice.disetujui",
	kinerja.StatusDikembalikan: "notice.dikembalikan",
	kinerja.StatusDitolak:      "notice.ditolak",
}

// rating tells a person the rating of their period (the two ratings, the
// predikat, the feedback), unless it was unlocked meanwhile.
func (w *workers) rating(ctx context.Context, job *river.Job[jobs.RatingNoticeJob]) error {
	id := job.Args.PenilaianID
	return tellOne(ctx, w, told{what: "rating notice", kind: job.Kind, idName: "penilaian_id", id: id, attempt: job.Attempt, job: job.ID},
		func(ctx context.Context) (jobs.RatingView, error) { return w.d.Store.RatingNoticeData(ctx, id) },
		func(v jobs.RatingView) (msg.To, msg.Reply, string) {
			if !v.Locked || v.Person.ChatID == 0 || v.Person.Unreachable {
				return msg.To{}, msg.Reply{}, "unlocked meanwhile, or the person cannot be reached"
			}
			r := msg.Say("penilaian.notice",
				"Periode", msg.Period(v.Periode, w.d.RatingQuarterly),
				"By", by(v.RatedByNama, v.OnBehalfOfNama),
				"Hasil", msg.T(v.Hasil.MessageID()), "Perilaku", msg.T(v.Perilaku.MessageID()),
				"Predikat", msg.T(v.Predikat.MessageID()), "UmpanBalik", msg.Long(v.UmpanBalik))
			return msg.To{ChatID: v.Person.ChatID, Lang: v.Person.Bahasa}, r, ""
		})
}

// told names a job that tells one person something.
type told struct {
	what, kind, idName string
	id                 int64
	attempt            int
	job                int64 // the job's own id
}

// tellOne is the course of a job that tells one person something: read the
// record (one that is gone drops the job), compose the message or the
// reason not to send it (skip), deliver it; a failure worth retrying is
// retried until the last attempt.
func tellOne[V any](ctx context.Context, w *workers, j told, load func(context.Context) (V, error), compose func(V) (to msg.To, r msg.Reply, skip string)) error {
	log := w.d.Log.With("job", j.kind, j.idName, j.id)
	if j.attempt > 1 {
		// Run again (a retry, or rescued from a process that died): an
		// earlier run may have sent it already.
		sent, err := w.d.Store.NoticeSent(ctx, j.job)
		if err != nil {
			return outcome(w.d.Log, j.kind, j.id, j.attempt, fmt.Errorf("notify: %s, %s %d: %w", j.what, j.idName, j.id, err))
		}
		if sent {
			log.Info(j.what + " was sent by an earlier run of its job: not sent again")
			return nil
		}
	}
	v, err := load(ctx)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		log.Warn(j.what + " about a record that is gone dropped")
		return nil
	}
	if err == nil {
		to, r, skip := compose(v)
		if skip != "" {
			log.Debug(j.what+" skipped", "why", skip)
			return nil
		}
		var messageID int
		messageID, err = w.d.Out.Deliver(ctx, to, r)
		if err = delivery(log, j.what, to.ChatID, err); err == nil {
			log.Debug(j.what + " sent")
			w.d.checkpoint("notice_sent")
			if err := w.d.Store.MarkNoticeSent(context.WithoutCancel(ctx), j.job, to.ChatID, messageID); err != nil {
				// Sent, not recorded: a crash now would send it once more.
				log.Warn(j.what+" sent but not recorded as sent", "err", err)
			}
		}
	}
	if err != nil {
		err = fmt.Errorf("notify: %s, %s %d: %w", j.what, j.idName, j.id, err)
	}
	return outcome(w.d.Log, j.kind, j.id, j.attempt, err)
}
