package conversations

import (
	"context"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The buttons of an approval card (sent by the notify package): Setujui,
// Kembalikan, Tolak, Lihat bukti and Rincian; and the buttons a card shows
// while it asks for a reason (the quick reasons, Batal). A person's list in
// /persetujuan has the same buttons per report (persetujuan.go). Every press
// is authorised on the server: the store decides, in the decision's own
// transaction, whether the presser is the author's atasan or their delegate
// today, applies the decision to the version the button showed, and audits
// refusals. The first press wins; a later one is told who decided and when.
// A button of an older version, or of a report decided meanwhile, answers
// with what is true now and changes nothing.

// approvalActions are the decisions that ask for a reason first.
var approvalActions = map[byte]kinerja.Action{
	msg.ApprovalKembalikan: kinerja.ActionKembalikan,
	msg.ApprovalTolak:      kinerja.ActionTolak,
}

// origin is where a report's buttons are: on its card, or in a person's
// list of /persetujuan. What a press shows next goes back there.
type origin string

const (
	originCard  origin = "card"
	originQueue origin = "queue"
)

func (o origin) op() string {
	if o == originQueue {
		return msg.OpQueue
	}
	return msg.OpApproval
}

// reportButton is a decoded report button.
type reportButton struct {
	id      int64
	letter  byte
	version int
	reason  int    // a quick reason's place in the list, -1 for none
	check   string // msg.ReasonCheck of that reason
	from    origin
}

// parsePress decodes a report button's Arg (msg.ApprovalArg, or
// msg.ApprovalReasonArg for a quick reason); letters are what the origin's
// buttons may carry.
func parsePress(id int64, arg, letters string, from origin) (reportButton, bool) {
	p := reportButton{id: id, reason: -1, from: from}
	if len(arg) < 2 || id <= 0 || strings.IndexByte(letters, arg[0]) < 0 {
		return p, false
	}
	p.letter = arg[0]
	ver, tail, quick := strings.Cut(arg[1:], ".")
	v, err := strconv.Atoi(ver)
	if err != nil || v < 1 {
		return p, false
	}
	p.version = v
	if quick {
		if _, ok := approvalActions[p.letter]; !ok {
			return p, false
		}
		idx, check, ok := strings.Cut(tail, ".")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 0 || len(check) != 2 {
			return p, false
		}
		p.reason, p.check = n, check
	}
	return p, true
}

func approvalCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	p := c.User.Pegawai
	if p == nil || !p.Aktif {
		return Result{Answer: &msg.Text{ID: "aktivitas.forbidden"}}, nil
	}
	pr, ok := parsePress(in.Callback.ID, in.Callback.Arg, "sktbdcx", originCard)
	if !ok {
		// No card carries such data: a forged button. Refused and audited.
		c.d.Decisions.RecordRefusal(ctx, p.ID, max(in.Callback.ID, 0), msg.OpApproval, "malformed", false)
		return expired()
	}
	return reportPress(ctx, e, c, in, pr)
}

// reportPress carries out a report's button, on its card or in a list.
func reportPress(ctx context.Context, e *Engine, c *Ctx, in Input, pr reportButton) (Result, error) {
	switch pr.letter {
	case msg.ApprovalBukti:
		return showEvidence(ctx, c, pr.id)
	case msg.ApprovalRincian, msg.ApprovalRingkas:
		return cardView(ctx, c, pr)
	case msg.ApprovalBatal:
		return leaveReason(ctx, c, pr)
	case msg.ApprovalSetujui:
		d := Decision{AktivitasID: pr.id, Version: pr.version, Action: kinerja.ActionSetujui, ActorID: c.User.Pegawai.ID, Today: c.Today()}
		a, card, err := applyPressed(ctx, c, pr, &d)
		res, err := decisionAnswer(a, err, d)
		if err == nil && card != nil {
			editOwnCard(&res, c, d, a, *card)
		}
		return afterDecision(ctx, c, pr, res, err)
	case msg.ApprovalKembalikan, msg.ApprovalTolak:
		if pr.reason >= 0 {
			return quickReason(ctx, c, pr)
		}
		return askReason(ctx, e, c, in, pr)
	}
	return expired()
}

// afterDecision completes the answer to a decision pressed in a person's
// list: the list shows what is left (on a card, the card job shows it).
func afterDecision(ctx context.Context, c *Ctx, pr reportButton, res Result, err error) (Result, error) {
	if err != nil || pr.from != originQueue {
		return res, err
	}
	r, err := personDayOf(ctx, c, pr.id)
	if err != nil {
		return Result{}, err
	}
	r.Edit = true
	res.Replies = append(res.Replies, r)
	return res, nil
}

// decide applies a decision and answers the press. The card itself (every
// copy of it) is brought up to date by the card job the decision enqueued.
func decide(ctx context.Context, c *Ctx, d Decision) (Result, error) {
	a, err := c.d.Decisions.Decide(ctx, d)
	return decisionAnswer(a, err, d)
}

// applyPressed applies a decision pressed on a card or in a list. On a
// card (the decider's own) that is the report's only copy, card is the
// report as it must show now: the answer edits it (editOwnCard) instead of
// a card job (a round of the queue, and the decider's wait).
func applyPressed(ctx context.Context, c *Ctx, pr reportButton, d *Decision) (a kinerja.Aktivitas, card *msg.CardView, err error) {
	if pr.from == originCard {
		d.CardMessageID = c.Input.MessageID // the card (also when turned into a reason's question)
		return c.d.Decisions.DecideOnCard(ctx, *d)
	}
	a, err = c.d.Decisions.Decide(ctx, *d)
	return a, nil, err
}

// editOwnCard adds to res the edit of the decider's own card to show the
// decision (as the card job draws it), recorded once delivered.
func editOwnCard(res *Result, c *Ctx, d Decision, a kinerja.Aktivitas, card msg.CardView) {
	r := msg.ApprovalCard(card, msg.CardOptions{Buttons: true})
	r.Edit = true
	res.Replies = append(res.Replies, r)
	res.Delivered = func(ctx context.Context) error {
		return c.d.Decisions.CardShown(ctx, a.ID, d.ActorID, a.Version, a.Status)
	}
}

// decisionAnswer is the answer to a decision's press: what it did, or why
// it was refused (decided before, by whom and when; changed; not theirs).
func decisionAnswer(a kinerja.Aktivitas, err error, d Decision) (Result, error) {
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

// mayDecide checks that the presser may decide on report id today; a
// refusal is audited as action and answered.
func mayDecide(ctx context.Context, c *Ctx, id int64, action string) (*Result, error) {
	ok, err := c.d.Decisions.CanDecide(ctx, c.User.Pegawai.ID, id, c.Today())
	if err != nil {
		return nil, err
	}
	if !ok {
		c.d.Decisions.RecordRefusal(ctx, c.User.Pegawai.ID, id, action, string(kinerja.CodeForbidden), false)
		return &Result{Answer: &msg.Text{ID: "aktivitas.forbidden"}}, nil
	}
	return nil, nil
}

// showEvidence sends the report's evidence files to an assessor, each as a
// reply to the message whose button was pressed (the card, or the list),
// with a caption naming the report.
func showEvidence(ctx context.Context, c *Ctx, id int64) (Result, error) {
	if refused, err := mayDecide(ctx, c, id, "lihat_bukti"); refused != nil || err != nil {
		return deref(refused), err
	}
	v, err := c.d.Decisions.Card(ctx, id)
	if err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
			return Result{Answer: &msg.Text{ID: "aktivitas.not_found"}}, nil
		}
		return Result{}, err
	}
	a := v.Aktivitas
	if len(a.Bukti) == 0 {
		return Result{Answer: &msg.Text{ID: "approval.no_evidence"}}, nil
	}
	media := make([]msg.Media, len(a.Bukti))
	for i, b := range a.Bukti {
		media[i] = EvidenceMedia(b)
		media[i].Caption = msg.T("approval.evidence_of", "N", i+1, "Count", len(a.Bukti),
			"Nama", v.AuthorNama, "Date", msg.Date(a.Tanggal), "Teks", msg.Shorten(a.Deskripsi, 200))
	}
	return Result{Replies: []msg.Reply{{Media: media, Quote: true}}}, nil
}

func deref(r *Result) Result {
	if r == nil {
		return Result{}
	}
	return *r
}

// cardView turns a card into its details (Rincian) or back (Ringkas). A
// card of another version than the report's is not turned: the press is
// told what is true now, and the card job brings the card in line.
func cardView(ctx context.Context, c *Ctx, pr reportButton) (Result, error) {
	if pr.from != originCard {
		return expired()
	}
	action := "rincian"
	if refused, err := mayDecide(ctx, c, pr.id, action); refused != nil || err != nil {
		return deref(refused), err
	}
	v, res, err := currentCard(ctx, c, pr, action)
	if res != nil || err != nil {
		return deref(res), err
	}
	r := msg.ApprovalCard(v, msg.CardOptions{Buttons: true, Detail: pr.letter == msg.ApprovalRincian})
	r.Edit = true
	return Result{Replies: []msg.Reply{r}}, nil
}

// currentCard reads the report of a press and checks that it still waits
// at the version the button showed. When it does not, the answer says what
// is true now (decided, by whom and when; withdrawn; changed), the press is
// audited as refused, and the report's cards are refreshed.
func currentCard(ctx context.Context, c *Ctx, pr reportButton, action string) (msg.CardView, *Result, error) {
	v, err := c.d.Decisions.Card(ctx, pr.id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		return v, &Result{Answer: &msg.Text{ID: "aktivitas.not_found"}}, nil
	}
	if err != nil {
		return v, nil, err
	}
	a := v.Aktivitas
	if a.Status == kinerja.StatusDiajukan && a.Version == pr.version {
		return v, nil, nil
	}
	c.d.Decisions.RecordRefusal(ctx, c.User.Pegawai.ID, pr.id, action, string(kinerja.CodeConflict), true)
	t := msg.CardState(v)
	if a.Status == kinerja.StatusDiajukan {
		t = msg.T("aktivitas.stale_version", "Version", a.Version)
	}
	return v, &Result{Answer: &t}, nil
}

// ---- the reason of a return or a rejection ----

// The card (or the person's list) turns into the question: the report as
// the card shows it (who, when, which RHK, what) and what is asked, with a
// button per quick reason and Batal. Those buttons carry the report and its
// version, so they keep working whatever the conversation does meanwhile; a
// typed reason is taken by a short flow that remembers which report the
// question was about.

const (
	kAlasanID      = "aktivitas"
	kAlasanVersion = "version"
	kAlasanAction  = "action"
	kAlasanNama    = "nama"
	kAlasanDate    = "date"
	kAlasanMsg     = "msg"    // the message holding the question
	kAlasanOrigin  = "origin" // card or queue
)

const alasanName = "alasan"

var alasanFlow = &Flow{
	Name:      alasanName,
	Title:     msg.T("flow.alasan"),
	Start:     "tulis",
	Cancelled: msg.T("approval.reason_cancelled"),
	Steps: map[string]*Step{
		"tulis": {
			// The question is the card itself (askReason): nothing more
			// to send, also after a reason too short.
			Enter:  func(context.Context, *Ctx) ([]msg.Reply, error) { return nil, nil },
			Handle: handleReasonText,
		},
	},
}

func askReason(ctx context.Context, e *Engine, c *Ctx, in Input, pr reportButton) (Result, error) {
	action := approvalActions[pr.letter]
	// Don't ask for a reason that cannot be used: the report must still be
	// waiting at the version on the button, and the presser allowed to
	// decide. Else refused through the store, which gives the answer a
	// decision would (who decided, or stale) and audits the attempt.
	ok, err := c.d.Decisions.CanDecide(ctx, c.User.Pegawai.ID, pr.id, c.Today())
	if err != nil {
		return Result{}, err
	}
	var v msg.CardView
	if ok {
		if v, err = c.d.Decisions.Card(ctx, pr.id); err != nil && kinerja.ErrorCode(err) != kinerja.CodeNotFound {
			return Result{}, err
		}
	}
	if a := v.Aktivitas; !ok || err != nil || a.Status != kinerja.StatusDiajukan || a.Version != pr.version {
		res, err := decide(ctx, c, Decision{AktivitasID: pr.id, Version: pr.version, Action: action, ActorID: c.User.Pegawai.ID, Reason: "-", Today: c.Today()})
		return afterDecision(ctx, c, pr, res, err)
	}
	var replies []msg.Reply
	s := c.Session
	if s.Flow == alasanName {
		// Another report's question is open: it turns back into its card
		// (or list), so only one question waits for a typed reason.
		if old := atoi(s.Get(kAlasanMsg)); old != 0 && old != in.MessageID {
			prev := reportButton{id: atoi64(s.Get(kAlasanID)), from: origin(s.Get(kAlasanOrigin))}
			r, err := restore(ctx, c, prev)
			if err != nil {
				return Result{}, err
			}
			r.Edit, r.MessageID = true, old
			replies = append(replies, r)
		}
	}
	a := v.Aktivitas
	if _, err := e.Resume(ctx, c, alasanName, "tulis", map[string]string{
		kAlasanID:      itoa64(a.ID),
		kAlasanVersion: strconv.Itoa(a.Version),
		kAlasanAction:  string(action),
		kAlasanNama:    v.AuthorNama,
		kAlasanDate:    a.Tanggal.String(),
		kAlasanMsg:     strconv.Itoa(in.MessageID),
		kAlasanOrigin:  string(pr.from),
	}); err != nil {
		return Result{}, err
	}
	return Result{Replies: append(replies, reasonPrompt(c, v, pr))}, nil
}

// reasonPrompt is the question of a return or a rejection, in place of the
// message whose button was pressed.
func reasonPrompt(c *Ctx, v msg.CardView, pr reportButton) msg.Reply {
	a := v.Aktivitas
	id := "approval.ask_reason_return"
	if pr.letter == msg.ApprovalTolak {
		id = "approval.ask_reason_reject"
	}
	q := msg.T(id, "Nama", v.AuthorNama, "Date", msg.Date(a.Tanggal), "Max", kinerja.MaxReasonLen)
	r := msg.ApprovalCard(v, msg.CardOptions{State: q})
	for i, reason := range c.d.QuickReasons {
		r.Buttons = append(r.Buttons, []msg.Button{{Label: msg.Plain(reason),
			Data: msg.Callback{Op: pr.from.op(), ID: a.ID, Arg: msg.ApprovalReasonArg(pr.letter, a.Version, i, reason)}}})
	}
	r.Buttons = append(r.Buttons, []msg.Button{{Label: msg.T("button.cancel"),
		Data: msg.Callback{Op: pr.from.op(), ID: a.ID, Arg: msg.ApprovalArg(msg.ApprovalBatal, a.Version)}}})
	r.Edit = true
	return r
}

// quickReason decides with the quick reason the button named.
func quickReason(ctx context.Context, c *Ctx, pr reportButton) (Result, error) {
	reasons := c.d.QuickReasons
	if pr.reason >= len(reasons) || msg.ReasonCheck(reasons[pr.reason]) != pr.check {
		// The list was changed since the button was shown: what it said
		// is not what it would give. Nothing is decided.
		return expired()
	}
	reason := reasons[pr.reason]
	d := Decision{AktivitasID: pr.id, Version: pr.version, Action: approvalActions[pr.letter],
		ActorID: c.User.Pegawai.ID, Reason: reason, Today: c.Today()}
	a, card, err := applyPressed(ctx, c, pr, &d)
	if err != nil {
		res, err := decisionAnswer(a, err, d) // the refusal's answer (decided, by whom; stale)
		return afterDecision(ctx, c, pr, res, err)
	}
	forgetQuestion(c, pr.id)
	id := "approval.returned_with_reason"
	if a.Status == kinerja.StatusDitolak {
		id = "approval.rejected_with_reason"
	}
	nama := ""
	if card != nil {
		nama = card.AuthorNama
	} else if v, err := c.d.Decisions.Card(ctx, a.ID); err == nil {
		nama = v.AuthorNama
	}
	t := msg.T(id, "Nama", nama, "Date", msg.Date(a.Tanggal), "Reason", reason)
	res := Result{Answer: &t}
	if card != nil {
		editOwnCard(&res, c, d, a, *card)
	}
	return afterDecision(ctx, c, pr, res, nil)
}

// forgetQuestion ends the flow waiting for a typed reason when it is about
// report id (answered by a button, or left with Batal).
func forgetQuestion(c *Ctx, id int64) {
	s := c.Session
	if s.Flow == alasanName && s.Get(kAlasanID) == itoa64(id) {
		s.clear()
		s.Nonce++
	}
}

// leaveReason is Batal on a question: the card (or the person's list) as
// it is now, nothing decided.
func leaveReason(ctx context.Context, c *Ctx, pr reportButton) (Result, error) {
	if refused, err := mayDecide(ctx, c, pr.id, "batal"); refused != nil || err != nil {
		return deref(refused), err
	}
	forgetQuestion(c, pr.id)
	if pr.from == originCard {
		if _, res, err := currentCard(ctx, c, pr, "batal"); res != nil || err != nil {
			return deref(res), err
		}
	}
	r, err := restore(ctx, c, pr)
	if err != nil {
		return Result{}, err
	}
	r.Edit = true
	return Result{Replies: []msg.Reply{r}}, nil
}

// restore is what a question about a report gives way to: the report's card,
// or the list of its person's day.
func restore(ctx context.Context, c *Ctx, pr reportButton) (msg.Reply, error) {
	if pr.from == originQueue {
		return personDayOf(ctx, c, pr.id)
	}
	v, err := c.d.Decisions.Card(ctx, pr.id)
	if err != nil {
		return msg.Reply{}, err
	}
	ok, err := c.d.Decisions.CanDecide(ctx, c.User.Pegawai.ID, pr.id, c.Today())
	if err != nil {
		return msg.Reply{}, err
	}
	return msg.ApprovalCard(v, msg.CardOptions{Buttons: ok}), nil
}

func handleReasonText(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	reason := strings.TrimSpace(in.Text) // cleaned at the boundary (bot/router.go)
	if err := checkReason(reason); err != nil {
		return Stay, nil, err
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
	from := origin(s.Get(kAlasanOrigin))
	var replies []msg.Reply
	a, err := c.d.Decisions.Decide(ctx, d)
	if err != nil {
		if code := kinerja.ErrorCode(err); code == kinerja.CodeInternal || code == kinerja.CodeInvalid {
			return Stay, nil, err
		}
		// Decided by someone else meanwhile, or changed by its author: say
		// so and end; the card shows the current state.
		id, args := kinerja.ErrorMessage(err)
		replies = append(replies, msg.Reply{Text: msg.Text{ID: id, Args: args}})
	} else {
		id := "approval.returned_with_reason"
		if a.Status == kinerja.StatusDitolak {
			id = "approval.rejected_with_reason"
		}
		replies = append(replies, msg.Say(id, "Nama", s.Get(kAlasanNama), "Date", msg.Date(a.Tanggal), "Reason", reason))
	}
	if from == originQueue {
		// The person's list the question was asked in shows what is left;
		// a card is brought in line by the card job.
		r, err := personDayOf(ctx, c, d.AktivitasID)
		if err != nil {
			return Stay, nil, err
		}
		r.Edit, r.MessageID = true, atoi(s.Get(kAlasanMsg))
		replies = append(replies, r)
	}
	return Done, replies, nil
}

// checkReason applies the rules of a typed reason (a return's, a
// rejection's): at least three visible characters, at most MaxReasonLen.
func checkReason(reason string) error {
	if kinerja.Visible(reason) < 3 {
		return invalid("approval.reason_short")
	} else if n := len([]rune(reason)); n > kinerja.MaxReasonLen {
		return invalid("aktivitas.reason_too_long", "Max", kinerja.MaxReasonLen)
	}
	return nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
