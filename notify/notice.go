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
	_, err = w.d.Out.Deliver(ctx, msg.To{ChatID: v.Author.ChatID, Lang: v.Author.Bahasa}, noticeReply(v))
	if err := delivery(log, "notice", v.Author.ChatID, err); err != nil {
		return outcome(w.d.Log, job.Kind, id, job.Attempt, fmt.Errorf("notify: notice of aktivitas %d: %w", id, err))
	}
	log.Debug("notice sent", "status", a.Status, "version", a.Version)
	return nil
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
