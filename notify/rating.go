package notify

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// rating tells a person the rating of their period (the two ratings, the
// predikat, the feedback), unless it was unlocked meanwhile.
func (w *workers) rating(ctx context.Context, job *river.Job[jobs.RatingNoticeJob]) error {
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
	r := msg.Say("penilaian.notice",
		"Periode", msg.Period(v.Periode, w.d.RatingQuarterly),
		"By", by(v.RatedByNama, v.OnBehalfOfNama),
		"Hasil", msg.T(v.Hasil.MessageID()), "Perilaku", msg.T(v.Perilaku.MessageID()),
		"Predikat", msg.T(v.Predikat.MessageID()), "UmpanBalik", msg.Long(v.UmpanBalik))
	_, err = w.d.Out.Deliver(ctx, msg.To{ChatID: v.Person.ChatID, Lang: v.Person.Bahasa}, r)
	if err := delivery(log, "rating notice", v.Person.ChatID, err); err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: rating %d: %w", id, err))
	}
	return nil
}
