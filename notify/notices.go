package notify

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// notice tells the author of a report about a decision on it (a
// jobs.DecisionNoticeJob), unless the report moved on since the decision
// (the author already edited it: the notice would be stale). A returned
// report comes with a button to fix and resubmit it.
func (w *workers) notice(ctx context.Context, job *river.Job[jobs.DecisionNoticeJob]) error {
	id := job.Args.AktivitasID
	return tellOne(ctx, w, told{what: "notice", kind: job.Kind, idName: "aktivitas_id", id: id, attempt: job.Attempt},
		func(ctx context.Context) (ReportView, error) { return w.d.Store.NoticeData(ctx, id) },
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
		"By", by(v.DecidedBy, v.OnBehalfOf), "At", a.DecidedAt, "Reason", a.Reason)}
	if a.Status == kinerja.StatusDikembalikan {
		r.Buttons = [][]msg.Button{{{Label: msg.T("button.fix_resubmit"),
			Data: msg.Callback{Op: msg.OpHistory, ID: a.ID, Arg: msg.ArgHistoryEdit}}}}
	}
	return r
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
	return tellOne(ctx, w, told{what: "rating notice", kind: job.Kind, idName: "penilaian_id", id: id, attempt: job.Attempt},
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
}

// tellOne is the course of a job that tells one person something: read the
// record (one that is gone drops the job), compose the message or the
// reason not to send it (skip), deliver it; a failure worth retrying is
// retried until the last attempt.
func tellOne[V any](ctx context.Context, w *workers, j told, load func(context.Context) (V, error), compose func(V) (to msg.To, r msg.Reply, skip string)) error {
	log := w.d.Log.With("job", j.kind, j.idName, j.id)
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
		_, err = w.d.Out.Deliver(ctx, to, r)
		if err = delivery(log, j.what, to.ChatID, err); err == nil {
			log.Debug(j.what + " sent")
		}
	}
	if err != nil {
		err = fmt.Errorf("notify: %s, %s %d: %w", j.what, j.idName, j.id, err)
	}
	return outcome(w.d.Log, j.kind, j.id, j.attempt, err)
}
