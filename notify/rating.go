package notify

import (
	"context"
	"fmt"
	"strconv"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/riverqueue/river"

	"kinerjabot/kinerja"
)

// RatingWorker tells a person the rating of their period (the two ratings,
// the predikat, the feedback), in their language.
type RatingWorker struct {
	river.WorkerDefaults[kinerja.RatingNoticeJob]
	d Deps
}

// NewRatingWorker builds the rating notice worker.
func NewRatingWorker(d Deps) *RatingWorker {
	d.defaults()
	return &RatingWorker{d: d}
}

// Timeout bounds one run.
func (w *RatingWorker) Timeout(*river.Job[kinerja.RatingNoticeJob]) time.Duration { return time.Minute }

// Work sends the notice unless the rating was unlocked meanwhile.
func (w *RatingWorker) Work(ctx context.Context, job *river.Job[kinerja.RatingNoticeJob]) error {
	id := job.Args.PenilaianID
	log := w.d.Log.With("job", job.Kind, "penilaian_id", id)
	v, err := w.d.Store.RatingNoticeData(ctx, id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		log.Warn("rating notice for an unknown rating dropped")
		return nil
	}
	if err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: rating %d: %w", id, err))
	}
	if !v.Locked || v.Person.ChatID == 0 || v.Person.Unreachable {
		log.Debug("rating notice skipped", "locked", v.Locked)
		return nil
	}
	t := &texts{cat: w.d.Catalog, lang: lang(v.Person), loc: w.d.Location}
	by := t.get("approval.by", "Nama", v.RatedByNama, "Atasan", v.OnBehalfOfNama)
	text := t.get("penilaian.notice",
		"Periode", periodName(t, v.Periode, w.d.RatingQuarterly),
		"By", by,
		"Hasil", t.get(v.Hasil.MessageID()), "Perilaku", t.get(v.Perilaku.MessageID()),
		"Predikat", t.get(v.Predikat.MessageID()), "UmpanBalik", v.UmpanBalik)
	if t.err != nil {
		log.Error("rating notice could not be rendered", "err", t.err)
		return nil
	}
	_, err = w.d.Sender.SendMessage(ctx, &tg.SendMessageParams{ChatID: v.Person.ChatID, Text: fit("", func(string) string { return text })})
	if err := delivery(log, "rating notice", v.Person.ChatID, err); err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: rating %d: %w", id, err))
	}
	return nil
}

// periodName names a rating period in the recipient's language.
func periodName(t *texts, start kinerja.Date, quarterly bool) string {
	if quarterly {
		return t.get("score.quarter", "Q", (int(start.Month)-1)/3+1, "Year", start.Year)
	}
	return t.get("month."+strconv.Itoa(int(start.Month)), "Year", start.Year)
}
