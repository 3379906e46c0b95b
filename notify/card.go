package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"kinerjabot/kinerja"
)

// CardWorker brings the approval cards of a report in line with it
// (kinerja.CardJob): see the package documentation.
type CardWorker struct {
	river.WorkerDefaults[kinerja.CardJob]
	d Deps
}

// NewCardWorker builds the card worker.
func NewCardWorker(d Deps) *CardWorker {
	d.defaults()
	return &CardWorker{d: d}
}

// Timeout bounds one run, long enough for a few per-chat rate-limit waits
// and 429 pauses; the report's card lock is held that long at most.
func (w *CardWorker) Timeout(*river.Job[kinerja.CardJob]) time.Duration { return 3 * time.Minute }

// Work sends the missing copies and edits the stale ones.
func (w *CardWorker) Work(ctx context.Context, job *river.Job[kinerja.CardJob]) error {
	id := job.Args.AktivitasID
	log := w.d.Log.With("job", job.Kind, "aktivitas_id", id)
	today := kinerja.DateOf(w.d.Now(), w.d.Location)
	var retry error // the first failure worth retrying; the other copies are still done
	err := w.d.Store.SyncCards(ctx, id, today, func(ctx context.Context, set CardSet, save func(context.Context, Card) error) error {
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
func (w *CardWorker) apply(ctx context.Context, log *slog.Logger, v ReportView, s step, save func(context.Context, Card) error) error {
	lang := lang(s.to)
	text, kb, err := w.render(v, lang, !s.retired)
	if err != nil {
		// A missing message or argument: a bug that a retry will not fix.
		log.Error("card could not be rendered", "lang", lang, "err", err)
		return nil
	}
	a := v.Aktivitas
	rec := Card{AktivitasID: a.ID, PenerimaID: s.to.ID, Version: a.Version, Status: a.Status}
	if s.send {
		m, err := w.d.Sender.SendMessage(ctx, &tg.SendMessageParams{ChatID: s.to.ChatID, Text: text, ReplyMarkup: kb})
		if err != nil {
			// Unreachable or refused for good: no copy is recorded, and a
			// later job may send one. Else retried.
			return delivery(log, "card", s.to.ChatID, err)
		}
		if m == nil || m.ID == 0 {
			return fmt.Errorf("card to chat %d: telegram answered without a message", s.to.ChatID)
		}
		rec.ChatID, rec.MessageID = s.to.ChatID, m.ID
		log.Debug("card sent", "penerima_id", s.to.ID, "chat_id", s.to.ChatID, "version", a.Version)
	} else {
		err := w.d.Sender.EditMessageText(ctx, &tg.EditMessageTextParams{
			ChatID: s.card.ChatID, MessageID: s.card.MessageID, Text: text, ReplyMarkup: kb,
		})
		if err != nil {
			// Unreachable, refused for good or retried later: the copy keeps
			// its old record, so the next job tries again.
			return delivery(log, "card edit", s.card.ChatID, err)
		}
		rec.ChatID, rec.MessageID = s.card.ChatID, s.card.MessageID
		log.Debug("card updated", "penerima_id", s.to.ID, "chat_id", s.card.ChatID, "version", a.Version, "status", a.Status)
	}
	// Telegram has the message now: record it even if the job is being
	// stopped, or a retry would send it again.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := save(sctx, rec); err != nil {
		// The store does not know the message: a retry sends it again (the
		// at-least-once window of the package comment).
		return err
	}
	return nil
}

// render builds a card in one language: its text and its keyboard (the
// decision buttons while the report waits, else an empty keyboard, which
// removes the buttons of an edited copy).
func (w *CardWorker) render(v ReportView, lang string, buttons bool) (string, models.InlineKeyboardMarkup, error) {
	t := &texts{cat: w.d.Catalog, lang: lang, loc: w.d.Location}
	a := v.Aktivitas
	state := w.state(t, v)
	text := fit(a.Deskripsi, func(desc string) string {
		return t.get("approval.card",
			"Nama", v.Author.Nama, "NIP", v.Author.NIP, "Date", t.date(a.Tanggal), "RHK", t.rhk(v),
			"Deskripsi", desc, "Volume", t.number(a.Volume), "Satuan", a.Satuan, "Menit", a.Menit,
			"Total", v.DayMinutes, "Bukti", len(a.Bukti), "State", state)
	})
	kb := noButtons()
	if a.Status == kinerja.StatusDiajukan && buttons {
		ver := strconv.Itoa(a.Version)
		var row []models.InlineKeyboardButton
		for _, b := range []struct{ id, arg string }{
			{"approval.card_setujui", "s"}, {"approval.card_kembalikan", "k"}, {"approval.card_tolak", "t"},
		} {
			btn, err := button(t.get(b.id), opApproval, a.ID, b.arg+ver)
			if err != nil {
				return "", kb, err
			}
			row = append(row, btn)
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, row)
		if n := len(a.Bukti); n > 0 {
			btn, err := button(t.get("approval.card_bukti", "Count", n), opApproval, a.ID, "b"+ver)
			if err != nil {
				return "", kb, err
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, []models.InlineKeyboardButton{btn})
		}
	}
	return text, kb, t.err
}

// state is the card's last line: waiting, or what became of the report.
func (w *CardWorker) state(t *texts, v ReportView) string {
	a := v.Aktivitas
	switch a.Status {
	case kinerja.StatusDiajukan:
		return t.get("approval.state_diajukan", "Changed", a.Version > 1, "At", t.at(a.UpdatedAt))
	case kinerja.StatusDitarik:
		return t.get("approval.state_ditarik", "At", t.at(a.UpdatedAt))
	}
	return t.get(decidedState[a.Status], "By", t.by(v), "At", t.at(a.DecidedAt), "Reason", a.Reason)
}

// decidedState is the card's last line per decision.
var decidedState = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "approval.state_disetujui",
	kinerja.StatusDikembalikan: "approval.state_dikembalikan",
	kinerja.StatusDitolak:      "approval.state_ditolak",
}
