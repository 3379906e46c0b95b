package conversations

import "kinerjabot/msg"

// No dead buttons (issue 15): a step's buttons mean something only while
// that step is the current one. A button answers by turning its own message
// into the next screen (inPlace), so the usual path leaves none behind and
// costs no extra write. Where a step's prompt is left behind instead — the
// flow ended by a typed answer or /batal, another flow started, the prompt
// asked again as a new message (a photo at the summary, a wrong answer) —
// the old prompt loses its buttons in the same update: one edit, only on
// those paths. The session remembers which message that is (Session.Live,
// learnt from the delivery through Result.Sent). A press on an older copy
// that was missed anyway is answered with what is true now, and that copy
// loses its buttons too.

// hasStepButtons reports whether r carries buttons of a flow's step.
func hasStepButtons(r msg.Reply) bool {
	for _, row := range r.Buttons {
		for _, b := range row {
			if b.Data.Op == msg.OpStep {
				return true
			}
		}
	}
	return false
}

// edits reports whether r edits message id (pressed: the message whose
// button was pressed, 0 for a typed input).
func edits(r msg.Reply, id, pressed int) bool {
	if !r.Edit || id == 0 {
		return false
	}
	if r.MessageID != 0 {
		return r.MessageID == id
	}
	return pressed == id
}

// tidyButtons takes the buttons off the message that showed the step's
// buttons before this input (live), when this input left it behind: the
// step changed or ended (the nonce moved on) or a newer copy of the prompt
// is sent, and no reply edits it. It arranges for the session to learn
// which message shows the step's buttons afterwards.
//
// A Shortcuts step's prompt answered by typing is the exception: it keeps
// its buttons (they would cost every typed answer a write) and is
// forgotten; pressed later, staleStep answers it.
func tidyButtons(res *Result, in Input, live int, nonceBefore uint32, s *Session, shortcuts bool) {
	pressed := 0
	if in.Kind == KindCallback {
		pressed = in.MessageID
	}
	if shortcuts && in.Kind == KindText && s.Nonce != nonceBefore {
		live = 0
	}
	if live != 0 {
		edited, newPrompt := false, false
		for _, r := range res.Replies {
			edited = edited || edits(r, live, pressed)
			newPrompt = newPrompt || (hasStepButtons(r) && !r.Edit)
		}
		if !edited && (s.Nonce != nonceBefore || newPrompt) {
			strip := msg.Reply{Edit: true, RemoveButtons: true, MessageID: live}
			res.Replies = append([]msg.Reply{strip}, res.Replies...)
		}
	}
	replies := res.Replies
	res.Sent = func(ids []int) {
		now := live
		for i, r := range replies {
			if i >= len(ids) {
				break
			}
			if now != 0 && edits(r, now, pressed) {
				now = 0 // replaced or stripped; kept below if it shows step buttons again
			}
			if hasStepButtons(r) && ids[i] != 0 {
				now = ids[i]
			}
		}
		s.Live = now
	}
}

// staleStep answers a press of a step button that no longer applies with
// what is true now, and takes the buttons off its message unless it is the
// one showing the current step (a second tap on a message already turned
// into the next screen). Which one that is must be known: a session that
// does not know (saved by an earlier version, a delivery that failed) only
// answers, lest the current step lose its buttons.
func staleStep(c *Ctx, e *Engine, in Input) (Result, error) {
	answer := msg.T("callback.stale_done")
	if c.Session.InFlow() {
		answer = msg.T("callback.stale_in_flow", "Flow", e.FlowTitle(c.Session.Flow))
	}
	res := Result{Answer: &answer}
	if in.MessageID != 0 && c.Session.Live != 0 && in.MessageID != c.Session.Live {
		res.Replies = []msg.Reply{{Edit: true, RemoveButtons: true}}
	}
	return res, nil
}

// isStale reports whether a toast says a button no longer applies.
func isStale(t msg.Text) bool {
	return t.ID == "callback.expired" || t.ID == "callback.stale_done" || t.ID == "callback.stale_in_flow"
}
