package notify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
)

// fakeStore serves one card set and records what is saved.
type fakeStore struct {
	mu    sync.Mutex
	set   CardSet
	saved []Card
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

func (s *fakeStore) AssessorsWithTeam(context.Context, kinerja.Date) ([]int64, error) {
	return nil, nil
}

func (s *fakeStore) RatingsDueData(context.Context, int64, kinerja.Date, kinerja.Date) (kinerja.Pegawai, int, error) {
	return kinerja.Pegawai{}, 0, nil
}

func (s *fakeStore) RatingNoticeData(context.Context, int64) (kinerja.RatingView, error) {
	return kinerja.RatingView{}, kinerja.Errorf(kinerja.CodeNotFound, "penilaian.periode_invalid", nil)
}

func (s *fakeStore) NoticeData(_ context.Context, id int64) (ReportView, error) {
	if id != s.set.Report.Aktivitas.ID {
		return ReportView{}, kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	}
	return s.set.Report, nil
}

// fakeSender answers per chat: an error, or a message with the next id.
type fakeSender struct {
	mu    sync.Mutex
	fail  map[int64]error
	sent  []*tg.SendMessageParams
	edits []*tg.EditMessageTextParams
}

func (f *fakeSender) SendMessage(_ context.Context, p *tg.SendMessageParams) (*models.Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[p.ChatID.(int64)]; err != nil {
		return &models.Message{}, err // the library answers a zero message with its errors
	}
	f.sent = append(f.sent, p)
	return &models.Message{ID: 100 + len(f.sent)}, nil
}

func (f *fakeSender) EditMessageText(_ context.Context, p *tg.EditMessageTextParams) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[p.ChatID.(int64)]; err != nil {
		return err
	}
	f.edits = append(f.edits, p)
	return nil
}

func cardJob(id int64, attempt int) *river.Job[kinerja.CardJob] {
	return &river.Job[kinerja.CardJob]{JobRow: &rivertype.JobRow{Kind: "kartu", Attempt: attempt}, Args: kinerja.CardJob{AktivitasID: id}}
}

func workSetup(t *testing.T, fail map[int64]error) (*fakeStore, *fakeSender, Deps) {
	d := testDeps(t)
	st := &fakeStore{set: CardSet{Report: testReport(kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{
		{ID: 1, ChatID: 101}, {ID: 2, ChatID: 102, Bahasa: "en"},
	}}}
	out := &fakeSender{fail: fail}
	d.Store, d.Sender = st, out
	return st, out, d
}

func TestCardWorkerSkipsAnUnreachableAssessor(t *testing.T) {
	unreachable := fmt.Errorf("%w: %w", bot.ErrUnreachable, tg.ErrorForbidden)
	st, out, d := workSetup(t, map[int64]error{101: unreachable})
	if err := NewCardWorker(d).Work(context.Background(), cardJob(42, 1)); err != nil {
		t.Fatalf("a blocked assessor fails the job: %v", err)
	}
	if len(out.sent) != 1 || out.sent[0].ChatID != int64(102) || len(st.saved) != 1 || st.saved[0].PenerimaID != 2 {
		t.Fatalf("sent %+v, saved %+v", out.sent, st.saved)
	}
}

func TestCardWorkerRetriesTransientFailuresAndGivesUp(t *testing.T) {
	transient := errors.New("bot: sendMessage: connection reset by peer")
	st, out, d := workSetup(t, map[int64]error{101: transient})
	w := NewCardWorker(d)
	err := w.Work(context.Background(), cardJob(42, 1))
	var cancel *river.JobCancelError
	if err == nil || errors.As(err, &cancel) {
		t.Fatalf("a transient failure must be retried: %v", err)
	}
	// The other assessor was served and recorded all the same.
	if len(out.sent) != 1 || len(st.saved) != 1 || st.saved[0].PenerimaID != 2 || st.saved[0].MessageID != 101 {
		t.Fatalf("sent %+v, saved %+v", out.sent, st.saved)
	}
	err = w.Work(context.Background(), cardJob(42, maxAttempts))
	if !errors.As(err, &cancel) {
		t.Fatalf("the last attempt must cancel the job, got %v", err)
	}
}

func TestCardWorkerDropsAJobForAnUnknownReport(t *testing.T) {
	_, out, d := workSetup(t, nil)
	if err := NewCardWorker(d).Work(context.Background(), cardJob(999, 1)); err != nil || len(out.sent) != 0 {
		t.Fatalf("err %v, sent %d", err, len(out.sent))
	}
}

func TestNoticeWorkerSkipsAStaleNotice(t *testing.T) {
	st, out, d := workSetup(t, nil)
	st.set.Report = testReport(kinerja.StatusDikembalikan) // decided at version 2
	st.set.Report.Author.ChatID = 7
	w := NewNoticeWorker(d)
	job := func(version int) *river.Job[kinerja.DecisionNoticeJob] {
		return &river.Job[kinerja.DecisionNoticeJob]{JobRow: &rivertype.JobRow{Kind: "kabar_keputusan", Attempt: 1},
			Args: kinerja.DecisionNoticeJob{AktivitasID: 42, Version: version}}
	}
	if err := w.Work(context.Background(), job(1)); err != nil || len(out.sent) != 0 {
		t.Fatalf("stale notice: err %v, sent %d", err, len(out.sent))
	}
	if err := w.Work(context.Background(), job(2)); err != nil || len(out.sent) != 1 || out.sent[0].ChatID != int64(7) {
		t.Fatalf("current notice: err %v, sent %+v", err, out.sent)
	}
}
