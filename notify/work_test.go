package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// fakeStore serves one card set and records what is saved.
type fakeStore struct {
	mu    sync.Mutex
	set   CardSet
	saved []Card
	told  map[int64]int  // job id → message id of its notice
	day   jobs.DayDigest // the day's message and decisions (DailyDecisions)
	days  []kinerja.Date // the days DailyDecisions was asked about
	busy  bool           // DailyDecisions finds the lock taken
}

func (s *fakeStore) DailyDecisions(ctx context.Context, _ int64, day kinerja.Date, _ *time.Location,
	fn func(context.Context, jobs.DayDigest, func(context.Context, int64, int) error) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.days = append(s.days, day)
	if s.busy {
		return jobs.ErrBusy
	}
	return fn(ctx, s.day, func(_ context.Context, chatID int64, messageID int) error {
		s.day.ChatID, s.day.MessageID = chatID, messageID
		return nil
	})
}

func (s *fakeStore) NoticeSent(_ context.Context, job int64) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.told[job]
	return ok, nil
}

func (s *fakeStore) MarkNoticeSent(_ context.Context, job, _ int64, messageID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.told == nil {
		s.told = map[int64]int{}
	}
	s.told[job] = messageID
	return nil
}

func (s *fakeStore) SyncCards(ctx context.Context, id int64, today kinerja.Date,
	fn func(context.Context, CardSet, func(context.Context, Card) error) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != s.set.Report.Aktivitas.ID {
		return kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	}
	return fn(ctx, s.set, func(_ context.Context, c Card) error {
		s.saved = append(s.saved, c)
		return nil
	})
}

func (s *fakeStore) DeclarationData(context.Context, int64) (jobs.DeclarationData, error) {
	return jobs.DeclarationData{}, kinerja.Errorf(kinerja.CodeNotFound, "pernyataan.not_found", nil)
}

func (s *fakeStore) AssessorsWithTeam(context.Context, kinerja.Date) ([]int64, error) {
	return nil, nil
}

func (s *fakeStore) RatingsDueData(context.Context, int64, kinerja.Date, kinerja.Date) (kinerja.Pegawai, int, error) {
	return kinerja.Pegawai{}, 0, nil
}

func (s *fakeStore) RatingNoticeData(context.Context, int64) (jobs.RatingView, error) {
	return jobs.RatingView{}, kinerja.Errorf(kinerja.CodeNotFound, "penilaian.periode_invalid", nil)
}

func (s *fakeStore) NoticeData(_ context.Context, id int64) (ReportView, error) {
	if id != s.set.Report.Aktivitas.ID {
		return ReportView{}, kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	}
	return s.set.Report, nil
}

// delivered is one message a worker handed to the bot.
type delivered struct {
	to msg.To
	r  msg.Reply
}

// fakeOut answers per chat: an error, or the next message id.
type fakeOut struct {
	mu    sync.Mutex
	gone  bool // every edit finds its message deleted
	fail  map[int64]error
	sent  []delivered
	edits []delivered
}

func (f *fakeOut) Deliver(_ context.Context, to msg.To, r msg.Reply) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[to.ChatID]; err != nil {
		return 0, err
	}
	if r.Edit {
		if f.gone {
			return 0, msg.ErrGone
		}
		f.edits = append(f.edits, delivered{to, r})
		return to.MessageID, nil
	}
	f.sent = append(f.sent, delivered{to, r})
	return 100 + len(f.sent), nil
}

func cardJob(id int64, attempt int) *river.Job[jobs.CardJob] {
	return &river.Job[jobs.CardJob]{JobRow: &rivertype.JobRow{Kind: "kartu", Attempt: attempt}, Args: jobs.CardJob{AktivitasID: id}}
}

func workSetup(t *testing.T, fail map[int64]error) (*fakeStore, *fakeOut, *workers) {
	st := &fakeStore{set: CardSet{Report: testReport(kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{
		{ID: 1, ChatID: 101}, {ID: 2, ChatID: 102, Bahasa: "en"},
	}}}
	out := &fakeOut{fail: fail}
	return st, out, newWorkers(Deps{Store: st, Out: out})
}

func TestCardWorkerSkipsAnUnreachableAssessor(t *testing.T) {
	unreachable := fmt.Errorf("%w: forbidden: bot was blocked by the user", msg.ErrUnreachable)
	st, out, w := workSetup(t, map[int64]error{101: unreachable})
	if err := w.card(context.Background(), cardJob(42, 1)); err != nil {
		t.Fatalf("a blocked assessor fails the job: %v", err)
	}
	if len(out.sent) != 1 || out.sent[0].to.ChatID != 102 || out.sent[0].to.Lang != "en" || len(st.saved) != 1 || st.saved[0].PenerimaID != 2 {
		t.Fatalf("sent %+v, saved %+v", out.sent, st.saved)
	}
}

func TestCardWorkerRetriesTransientFailuresAndGivesUp(t *testing.T) {
	transient := errors.New("bot: sendMessage: connection reset by peer")
	st, out, w := workSetup(t, map[int64]error{101: transient})
	err := w.card(context.Background(), cardJob(42, 1))
	var cancel *river.JobCancelError
	if err == nil || errors.As(err, &cancel) {
		t.Fatalf("a transient failure must be retried: %v", err)
	}
	// The other assessor was served and recorded all the same.
	if len(out.sent) != 1 || len(st.saved) != 1 || st.saved[0].PenerimaID != 2 || st.saved[0].MessageID != 101 {
		t.Fatalf("sent %+v, saved %+v", out.sent, st.saved)
	}
	err = w.card(context.Background(), cardJob(42, maxAttempts))
	if !errors.As(err, &cancel) {
		t.Fatalf("the last attempt must cancel the job, got %v", err)
	}
}

func TestCardWorkerDropsAJobForAnUnknownReport(t *testing.T) {
	_, out, w := workSetup(t, nil)
	if err := w.card(context.Background(), cardJob(999, 1)); err != nil || len(out.sent) != 0 {
		t.Fatalf("err %v, sent %d", err, len(out.sent))
	}
}

func TestNoticeWorkerSkipsAStaleNotice(t *testing.T) {
	st, out, w := workSetup(t, nil)
	st.set.Report = testReport(kinerja.StatusDikembalikan) // decided at version 2
	st.set.Report.Author.ChatID = 7
	job := func(version int) *river.Job[jobs.DecisionNoticeJob] {
		return &river.Job[jobs.DecisionNoticeJob]{JobRow: &rivertype.JobRow{Kind: "kabar_keputusan", Attempt: 1},
			Args: jobs.DecisionNoticeJob{AktivitasID: 42, Version: version}}
	}
	if err := w.notice(context.Background(), job(1)); err != nil || len(out.sent) != 0 {
		t.Fatalf("stale notice: err %v, sent %d", err, len(out.sent))
	}
	if err := w.notice(context.Background(), job(2)); err != nil || len(out.sent) != 1 || out.sent[0].to.ChatID != 7 {
		t.Fatalf("current notice: err %v, sent %+v", err, out.sent)
	}
}

// At a decision, the decider's copy of the card answers their press (it
// goes with the replies); the other assessor's copy is a push.
func TestCardEditOfTheDeciderIsAnAnswer(t *testing.T) {
	st, out, w := workSetup(t, nil)
	st.set.Report = testReport(kinerja.StatusDisetujui)
	st.set.Report.Aktivitas.DecidedBy = 2
	st.set.Cards = []Card{
		{AktivitasID: 42, PenerimaID: 1, ChatID: 101, MessageID: 11, Version: 1, Status: kinerja.StatusDiajukan},
		{AktivitasID: 42, PenerimaID: 2, ChatID: 102, MessageID: 12, Version: 1, Status: kinerja.StatusDiajukan},
	}
	if err := w.card(context.Background(), cardJob(42, 1)); err != nil {
		t.Fatal(err)
	}
	answers := map[int64]bool{}
	for _, e := range out.edits {
		answers[e.to.ChatID] = e.to.Answer
	}
	if len(out.edits) != 2 || answers[101] || !answers[102] || len(out.sent) != 0 {
		t.Fatalf("edits %+v (answer by chat %v), sends %d: want both copies edited, only the decider's as an answer", out.edits, answers, len(out.sent))
	}
}

// A job run again (River rescues the job of a process that died after the
// send) finds its notice recorded as sent and does not send it twice; a
// new job about the same decision (another id) is its own notice.
func TestNoticeJobRunAgainSendsOnce(t *testing.T) {
	st, out, w := workSetup(t, nil)
	st.set.Report = testReport(kinerja.StatusDikembalikan)
	st.set.Report.Author.ChatID = 7
	// River counts a run again (a retry, a rescue) as the next attempt.
	job := func(id int64, attempt int) *river.Job[jobs.DecisionNoticeJob] {
		return &river.Job[jobs.DecisionNoticeJob]{JobRow: &rivertype.JobRow{ID: id, Kind: "kabar_keputusan", Attempt: attempt},
			Args: jobs.DecisionNoticeJob{AktivitasID: 42, Version: st.set.Report.Aktivitas.Version}}
	}
	for attempt := range 2 {
		if err := w.notice(context.Background(), job(500, attempt+1)); err != nil {
			t.Fatal(err)
		}
	}
	if len(out.sent) != 1 || st.told[500] != 101 {
		t.Fatalf("sent %d notices, recorded %v; want 1 and job 500 → message 101", len(out.sent), st.told)
	}
	if err := w.notice(context.Background(), job(501, 1)); err != nil || len(out.sent) != 2 {
		t.Fatalf("another job's notice: err %v, sent %d", err, len(out.sent))
	}
}

// Approvals and rejections are told in one message of the day: the first
// decision sends it, a later one edits it (no sound), listing both; a
// return is told at once in its own message.
func TestDecisionsOfADayShareOneMessage(t *testing.T) {
	st, out, w := workSetup(t, nil)
	wib := time.FixedZone("WIB", 7*3600)
	w.d.Location = wib
	first := testReport(kinerja.StatusDisetujui)
	first.Author.ChatID = 7
	first.Aktivitas.DecidedAt = time.Date(2026, 12, 28, 23, 30, 0, 0, wib) // late in the evening: still the 28th there
	st.set.Report = first
	st.day.Decided = []ReportView{first}
	job := &river.Job[jobs.DecisionNoticeJob]{JobRow: &rivertype.JobRow{ID: 1, Kind: "kabar_keputusan", Attempt: 1},
		Args: jobs.DecisionNoticeJob{AktivitasID: 42, Version: first.Aktivitas.Version}}
	if err := w.notice(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 1 || out.sent[0].to.ChatID != 7 || out.sent[0].r.Text.ID != "notice.digest" || st.day.MessageID != 101 {
		t.Fatalf("first decision: sent %+v, day %+v", out.sent, st.day)
	}
	if len(st.days) != 1 || st.days[0] != (kinerja.Date{Year: 2026, Month: 12, Day: 28}) {
		t.Fatalf("the day of the decision: %v", st.days)
	}
	rejected := first
	rejected.Aktivitas.Status, rejected.Aktivitas.Reason = kinerja.StatusDitolak, "Bukan tugas jabatan"
	st.day.Decided = append(st.day.Decided, rejected)
	if err := w.notice(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 1 || len(out.edits) != 1 || out.edits[0].to.MessageID != 101 {
		t.Fatalf("second decision: sent %d, edits %+v; want the day's message edited", len(out.sent), out.edits)
	}
	if args := out.edits[0].r.Text.Args; args["Approved"] != 1 || args["Rejected"] != 1 || len(args["Lines"].(msg.Lines)) != 2 {
		t.Fatalf("the edited message: %+v", args)
	}
	// The author deleted the day's message: the next decision sends it
	// anew, and that one is kept up to date from then on.
	out.gone = true
	if err := w.notice(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	out.gone = false
	if len(out.sent) != 2 || out.sent[1].r.Text.ID != "notice.digest" || st.day.MessageID != 102 {
		t.Fatalf("after the message was deleted: sent %d, day %+v", len(out.sent), st.day)
	}
	// Another job of the same author at the message: this one is snoozed,
	// not failed.
	st.busy = true
	var snooze *river.JobSnoozeError
	if err := w.notice(context.Background(), job); !errors.As(err, &snooze) {
		t.Fatalf("busy: %v, want a snooze", err)
	}
	st.busy = false
	// A return: at once, with its button, not in the day's message.
	st.set.Report = testReport(kinerja.StatusDikembalikan)
	st.set.Report.Author.ChatID = 7
	job.Args.Version = st.set.Report.Aktivitas.Version
	if err := w.notice(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if len(out.sent) != 3 || out.sent[2].r.Text.ID != "notice.dikembalikan" || len(out.sent[2].r.Buttons) == 0 {
		t.Fatalf("a return: %+v", out.sent)
	}
}
