package conversations

import (
	"context"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The buttons of an approval card (sent by the notify package): Setujui,
// Kembalikan, Tolak and Lihat bukti. Every press is authorised on the
// server: the store decides, in the decision's own transaction, whether the
// presser is the author's atasan or their delegate today, applies the
// decision to the version the card showed, and audits refusals. The first
// press wins; a later one is told who decided and when.

// approvalActions are the decisions that ask for a reason first.
var approvalActions = map[byte]kinerja.Action{
	'k': kinerja.ActionKembalikan,
	't': kinerja.ActionTolak,
}

func approvalCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	arg := in.Callback.Arg
	p := c.User.Pegawai
	if p == nil || !p.Aktif {
		return Result{Answer: &msg.Text{ID: "aktivitas.forbidden"}}, nil
	}
	version, err := strconv.Atoi(arg[min(1, len(arg)):])
	if len(arg) < 2 || err != nil || version < 1 || in.Callback.ID <= 0 || strings.IndexByte("sktb", arg[0]) < 0 {
		// No card carries such data: a forged button. Refused and audited.
		c.d.Decisions.RecordRefusal(ctx, p.ID, max(in.Callback.ID, 0), msg.OpApproval, "malformed", false)
		return expired()
	}
	switch arg[0] {
	case 'b':
		return showEvidence(ctx, c, in.Callback.ID)
	case 's':
		return decide(ctx, c, Decision{AktivitasID: in.Callback.ID, Version: version, Action: kinerja.ActionSetujui, ActorID: p.ID, Today: c.Today()})
	case 'k', 't':
		return askReason(ctx, e, c, in, approvalActions[arg[0]], version)
	}
	return expired()
}

// decide applies a decision and answers the press. The card itself (every
// copy of it) is brought up to date by the card job the decision enqueued.
func decide(ctx context.Context, c *Ctx, d Decision) (Result, error) {
	a, err := c.d.Decisions.Decide(ctx, d)
	if err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeInternal {
			return Result{}, err
		}
		if st, mine := decidedByMe(err, d.ActorID); mine {
			if st == outcome[d.Action] {
				// The same press handled again (a retried update): it did win.
				return Result{Answer: &msg.Text{ID: decidedToast(st)}}, nil
			}
			// Another button of a card they had already decided ("Tolak"
			// just after "Setujui"): the first decision stands, say which.
			return Result{Answer: &msg.Text{ID: mineToast[st]}}, nil
		}
		id, args := kinerja.ErrorMessage(err)
		return Result{Answer: &msg.Text{ID: id, Args: args}}, nil
	}
	return Result{Answer: &msg.Text{ID: decidedToast(a.Status)}}, nil
}

// decidedByMe reports whether a refusal says the report was already decided
// by actorID: a decision handled a second time is that decision, not a loss.
func decidedByMe(err error, actorID int64) (kinerja.Status, bool) {
	id, args := kinerja.ErrorMessage(err)
	by, _ := args["ByID"].(int64)
	st, _ := args["Status"].(string)
	return kinerja.Status(st), id == "aktivitas.already_decided" && by == actorID
}

// outcome is the status each decision leads to.
var outcome = map[kinerja.Action]kinerja.Status{
	kinerja.ActionSetujui:    kinerja.StatusDisetujui,
	kinerja.ActionKembalikan: kinerja.StatusDikembalikan,
	kinerja.ActionTolak:      kinerja.StatusDitolak,
}

// mineToast answers a decider pressing another button of a card they
// already decided.
var mineToast = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "approval.mine_disetujui",
	kinerja.StatusDikembalikan: "approval.mine_dikembalikan",
	kinerja.StatusDitolak:      "approval.mine_ditolak",
}

func decidedToast(s kinerja.Status) string {
	switch s {
	case kinerja.StatusDikembalikan:
		return "approval.done_dikembalikan"
	case kinerja.StatusDitolak:
		return "approval.done_ditolak"
	}
	return "approval.done_disetujui"
}

// showEvidence sends the report's evidence files to an assessor.
func showEvidence(ctx context.Context, c *Ctx, id int64) (Result, error) {
	ok, err := c.d.Decisions.CanDecide(ctx, c.User.Pegawai.ID, id, c.Today())
	if err != nil {
		return Result{}, err
	}
	if !ok {
		c.d.Decisions.RecordRefusal(ctx, c.User.Pegawai.ID, id, "lihat_bukti", string(kinerja.CodeForbidden), false)
		return Result{Answer: &msg.Text{ID: "aktivitas.forbidden"}}, nil
	}
	a, err := c.d.Reports.AktivitasByID(ctx, id)
	if err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
			return Result{Answer: &msg.Text{ID: "aktivitas.not_found"}}, nil
		}
		return Result{}, err
	}
	if len(a.Bukti) == 0 {
		return Result{Answer: &msg.Text{ID: "approval.no_evidence"}}, nil
	}
	media := make([]msg.Media, len(a.Bukti))
	for i, b := range a.Bukti {
		media[i] = EvidenceMedia(b)
	}
	return Result{Replies: []msg.Reply{{
		Text:  msg.T("approval.evidence_of", "Date", msg.Date(a.Tanggal), "Teks", msg.Shorten(a.Deskripsi, 80), "Count", len(a.Bukti)),
		Media: media,
	}}}, nil
}

// ---- the reason of a return or a rejection: a short flow ----

const (
	kAlasanID      = "aktivitas"
	kAlasanVersion = "version"
	kAlasanAction  = "action"
)

const alasanName = "alasan"

var alasanFlow = &Flow{
	Name:  alasanName,
	Title: msg.T("flow.alasan"),
	Start: "tulis",
	Steps: map[string]*Step{
		"tulis": {
			Enter:  askReasonText,
			Handle: handleReasonText,
		},
	},
}

func askReason(ctx context.Context, e *Engine, c *Ctx, in Input, action kinerja.Action, version int) (Result, error) {
	// Don't ask for a reason that cannot be used: the report must still be
	// waiting at the version on the card, and the presser allowed to decide.
	a, err := c.d.Reports.AktivitasByID(ctx, in.Callback.ID)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		return Result{Answer: &msg.Text{ID: "aktivitas.not_found"}}, nil
	}
	if err != nil {
		return Result{}, err
	}
	ok, err := c.d.Decisions.CanDecide(ctx, c.User.Pegawai.ID, a.ID, c.Today())
	if err != nil {
		return Result{}, err
	}
	if !ok || a.Status != kinerja.StatusDiajukan || a.Version != version {
		// Not theirs to decide, already decided or stale: refused through the
		// store, which gives the same answer a decision would (who decided,
		// or stale) and audits the attempt.
		return decide(ctx, c, Decision{AktivitasID: a.ID, Version: version, Action: action, ActorID: c.User.Pegawai.ID, Reason: "-", Today: c.Today()})
	}
	replies, err := e.Resume(ctx, c, alasanName, "tulis", map[string]string{
		kAlasanID:      itoa64(a.ID),
		kAlasanVersion: strconv.Itoa(version),
		kAlasanAction:  string(action),
	})
	return Result{Replies: replies}, err
}

func askReasonText(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	s := c.Session
	id := "approval.ask_reason_return"
	if kinerja.Action(s.Get(kAlasanAction)) == kinerja.ActionTolak {
		id = "approval.ask_reason_reject"
	}
	return []msg.Reply{{Text: msg.T(id, "Max", kinerja.MaxReasonLen), Buttons: [][]msg.Button{{c.CancelButton()}}}}, nil
}

func handleReasonText(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	reason := strings.TrimSpace(in.Text) // cleaned at the boundary (bot/router.go)
	if kinerja.Visible(reason) < 3 {
		return Stay, nil, invalid("approval.reason_short")
	} else if n := len([]rune(reason)); n > kinerja.MaxReasonLen {
		return Stay, nil, invalid("aktivitas.reason_too_long", "Max", kinerja.MaxReasonLen)
	}
	s := c.Session
	version, _ := strconv.Atoi(s.Get(kAlasanVersion))
	d := Decision{
		AktivitasID: atoi64(s.Get(kAlasanID)),
		Version:     version,
		Action:      kinerja.Action(s.Get(kAlasanAction)),
		ActorID:     c.User.Pegawai.ID,
		Reason:      reason,
		Today:       c.Today(),
	}
	a, err := c.d.Decisions.Decide(ctx, d)
	if err != nil {
		if code := kinerja.ErrorCode(err); code == kinerja.CodeInternal || code == kinerja.CodeInvalid {
			return Stay, nil, err
		}
		// Decided by someone else meanwhile, or changed by its author: say
		// so and end; the card shows the current state.
		id, args := kinerja.ErrorMessage(err)
		return Done, []msg.Reply{{Text: msg.Text{ID: id, Args: args}}}, nil
	}
	id := "approval.returned_with_reason"
	if a.Status == kinerja.StatusDitolak {
		id = "approval.rejected_with_reason"
	}
	return Done, []msg.Reply{msg.Say(id, "Date", msg.Date(a.Tanggal), "Reason", reason)}, nil
}
