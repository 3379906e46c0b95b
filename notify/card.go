package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

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
			steps = append(steps, step{to: kinerja.Pegawai{ID: c.PenerimaID, Bahasa: c.Bahasa}, card: c, retired: true})
			continue
		}
		if c.Status == kinerja.StatusDikembalikan && a.Status == kinerja.StatusDiajukan && current && reachable(p) {
			// Returned, then fixed and resubmitted: a new message, so the
			// assessor hears of it (an edit is silent); the old one keeps
			// saying "dikembalikan", without buttons.
			steps = append(steps, step{to: p, send: true})
			continue
		}
		steps = append(steps, step{to: kinerja.Pegawai{ID: c.PenerimaID, Bahasa: c.Bahasa}, card: c})
	}
	if a.Status != kinerja.StatusDiajukan {
		return steps // decided or withdrawn: nobody new needs a card
	}
	for _, p := range set.Assessors {
		if !have[p.ID] && reachable(p) {
			steps = append(steps, step{to: p, send: true})
		}
	}
	return steps
}

// apply carries out one step and records the copy. It returns an error only
// for a failure worth retrying.
func (w *workers) apply(ctx context.Context, log *slog.Logger, v ReportView, s step, save func(context.Context, Card) error) error {
	a := v.Aktivitas
	r := cardReply(v, !s.retired)
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

// cardReply is a report's card: its text and, while the report waits and
// the holder may decide, the decision buttons bound to the version shown
// (without them, an edit takes the old buttons off).
func cardReply(v ReportView, buttons bool) msg.Reply {
	a := v.Aktivitas
	r := msg.Reply{Text: msg.T("approval.card",
		"Nama", v.Author.Nama, "NIP", v.Author.NIP, "Date", msg.Date(a.Tanggal), "RHK", rhkText(v),
		"Deskripsi", msg.Long(a.Deskripsi), "Volume", a.Volume, "Satuan", a.Satuan, "Menit", a.Menit,
		"Total", v.DayMinutes, "Bukti", len(a.Bukti), "State", cardState(v))}
	if a.Status != kinerja.StatusDiajukan || !buttons {
		return r
	}
	decide := func(id string, action byte) msg.Button {
		return msg.Button{Label: msg.T(id), Data: msg.Callback{Op: msg.OpApproval, ID: a.ID, Arg: msg.ApprovalArg(action, a.Version)}}
	}
	r.Buttons = [][]msg.Button{{
		decide("approval.card_setujui", msg.ApprovalSetujui),
		decide("approval.card_kembalikan", msg.ApprovalKembalikan),
		decide("approval.card_tolak", msg.ApprovalTolak),
	}}
	if n := len(a.Bukti); n > 0 {
		b := decide("approval.card_bukti", msg.ApprovalBukti)
		b.Label = msg.T("approval.card_bukti", "Count", n)
		r.Buttons = append(r.Buttons, []msg.Button{b})
	}
	return r
}

// rhkText is what a report counts towards: "U2 Terselenggaranya …",
// "Tugas tambahan" or "Non-SKP".
func rhkText(v ReportView) msg.Text {
	switch v.Aktivitas.Kategori {
	case kinerja.KategoriTugasTambahan:
		return msg.T("report.kategori_tugas_tambahan")
	case kinerja.KategoriNonSKP:
		return msg.T("report.kategori_non_skp")
	}
	return msg.Plain(msg.Shorten(v.RHKKode+" "+v.RHKTeks, 300))
}

// cardState is the card's last line: waiting, or what became of the report.
func cardState(v ReportView) msg.Text {
	a := v.Aktivitas
	switch a.Status {
	case kinerja.StatusDiajukan:
		return msg.T("approval.state_diajukan", "Changed", a.Version > 1, "At", a.UpdatedAt)
	case kinerja.StatusDitarik:
		return msg.T("approval.state_ditarik", "At", a.UpdatedAt)
	}
	return msg.T(decidedState[a.Status], "By", by(v.DecidedBy, v.OnBehalfOf), "At", a.DecidedAt, "Reason", a.Reason)
}

// decidedState is the card's last line per decision.
var decidedState = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "approval.state_disetujui",
	kinerja.StatusDikembalikan: "approval.state_dikembalikan",
	kinerja.StatusDitolak:      "approval.state_ditolak",
}
