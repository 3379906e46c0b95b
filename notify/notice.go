package notify

import (
	"context"
	"fmt"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"kinerjabot/kinerja"
)

// NoticeWorker tells the author of a report about a decision on it
// (kinerja.DecisionNoticeJob), in the author's language; a returned report
// comes with a button to fix and resubmit it.
type NoticeWorker struct {
	river.WorkerDefaults[kinerja.DecisionNoticeJob]
	d Deps
}

// NewNoticeWorker builds the notice worker.
func NewNoticeWorker(d Deps) *NoticeWorker {
	d.defaults()
	return &NoticeWorker{d: d}
}

// Timeout bounds one run (a rate-limit wait or two).
func (w *NoticeWorker) Timeout(*river.Job[kinerja.DecisionNoticeJob]) time.Duration {
	return time.Minute
}

// Work sends the notice, unless the report moved on since the decision (the
// author already edited it: the notice would be stale).
func (w *NoticeWorker) Work(ctx context.Context, job *river.Job[kinerja.DecisionNoticeJob]) error {
	id := job.Args.AktivitasID
	log := w.d.Log.With("job", job.Kind, "aktivitas_id", id)
	v, err := w.d.Store.NoticeData(ctx, id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		log.Warn("notice for an unknown report dropped")
		return nil
	}
	if err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: notice of aktivitas %d: %w", id, err))
	}
	a := v.Aktivitas
	switch {
	case a.Version != job.Args.Version:
		log.Debug("stale notice skipped", "version", a.Version, "notice_version", job.Args.Version)
		return nil
	case noticeMessage[a.Status] == "":
		log.Warn("notice for a report that is not decided skipped", "status", a.Status)
		return nil
	case v.Author.ChatID == 0:
		log.Debug("author not linked to Telegram, notice skipped")
		return nil
	}
	p, err := w.render(v)
	if err != nil {
		log.Error("notice could not be rendered", "err", err)
		return nil // a bug that a retry will not fix
	}
	_, err = w.d.Sender.SendMessage(ctx, p)
	if err := delivery(log, "notice", v.Author.ChatID, err); err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: notice of aktivitas %d: %w", id, err))
	}
	log.Debug("notice sent", "status", a.Status, "version", a.Version)
	return nil
}

func (w *NoticeWorker) render(v ReportView) (*tg.SendMessageParams, error) {
	t := &texts{cat: w.d.Catalog, lang: lang(v.Author), loc: w.d.Location}
	a := v.Aktivitas
	text := t.get(noticeMessage[a.Status],
		"Date", t.date(a.Tanggal), "Teks", shorten(a.Deskripsi, 80), "By", t.by(v), "At", t.at(a.DecidedAt), "Reason", a.Reason)
	p := &tg.SendMessageParams{ChatID: v.Author.ChatID, Text: fit("", func(string) string { return text })}
	if a.Status == kinerja.StatusDikembalikan {
		btn, err := button(t.get("button.fix_resubmit"), opHistory, a.ID, "e")
		if err != nil {
			return nil, err
		}
		p.ReplyMarkup = models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{btn}}}
	}
	return p, t.err
}

// noticeMessage is the notice per decision.
var noticeMessage = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "notice.disetujui",
	kinerja.StatusDikembalikan: "notice.dikembalikan",
	kinerja.StatusDitolak:      "notice.ditolak",
}
