package conversations

import (
	"context"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The supervisor's board of the Mini App (package miniapp): what waits for
// a decision, and the decision itself, on the rules of the card's buttons —
// the store authorises the decider (the author's atasan or their delegate
// today) in the decision's transaction, and of two decisions the first
// wins; the loser is told who decided and when.

// Board lists the reports u may decide today.
func (e *Engine) Board(ctx context.Context, u *User) ([]PendingReport, error) {
	if u.Pegawai == nil || !u.Pegawai.Aktif {
		return nil, kinerja.Errorf(kinerja.CodeForbidden, "aktivitas.forbidden", nil)
	}
	c := e.formCtx(u)
	return e.deps.Decisions.PendingFor(ctx, u.Pegawai.ID, c.Today())
}

// QuickReasons are the reasons offered for a return or a rejection.
func (e *Engine) QuickReasons() []string { return e.deps.QuickReasons }

// BoardDecision is one decision taken on the board.
type BoardDecision struct {
	AktivitasID int64
	Version     int // the version the board showed
	Action      kinerja.Action
	Reason      string // required for a return and a rejection
}

// DecideOnBoard applies d as u's decision and says what happened in the
// chat's words: done reports whether this decision took effect (or was
// this decider's own, already taken); a refusal (decided by someone else,
// changed by its author, not u's to decide, a reason too short) is told,
// nothing changed. Refused presses are audited as the chat's are.
func (e *Engine) DecideOnBoard(ctx context.Context, u *User, d BoardDecision) (done bool, said msg.Text, err error) {
	if u.Pegawai == nil || !u.Pegawai.Aktif {
		return false, msg.T("aktivitas.forbidden"), nil
	}
	switch d.Action {
	case kinerja.ActionSetujui:
		d.Reason = ""
	case kinerja.ActionKembalikan, kinerja.ActionTolak:
		d.Reason = strings.TrimSpace(kinerja.CleanText(d.Reason))
		if err := checkReason(d.Reason); err != nil {
			id, args := kinerja.ErrorMessage(err)
			return false, msg.Text{ID: id, Args: args}, nil
		}
	default:
		e.deps.Decisions.RecordRefusal(ctx, u.Pegawai.ID, max(d.AktivitasID, 0), "board", "malformed", false)
		return false, msg.T("aktivitas.forbidden"), nil
	}
	c := e.formCtx(u)
	dec := Decision{AktivitasID: d.AktivitasID, Version: d.Version, Action: d.Action, ActorID: u.Pegawai.ID, Reason: d.Reason, Today: c.Today(), OnBoard: true}
	a, err := e.deps.Decisions.Decide(ctx, dec)
	res, rerr := decisionAnswer(a, err, dec) // its Answer is always set when rerr is nil
	if rerr != nil {
		return false, msg.Text{}, rerr
	}
	done = err == nil
	if st, mine := decidedByMe(err, u.Pegawai.ID); mine && st == outcome[d.Action] {
		done = true // the same decision sent again: it had won
	}
	return done, *res.Answer, nil
}
