package conversations

import "context"

// batalCommand leaves any flow and says so. Buttons of the abandoned step
// stop working because the nonce changes.
func batalCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	s := c.Session
	if !s.InFlow() {
		return Result{Replies: []Reply{Say("batal.nothing")}}, nil
	}
	title := e.FlowTitle(s.Flow)
	s.clear()
	s.Nonce++
	return Result{Replies: []Reply{{Text: T("batal.done", "Flow", title), RemoveKeyboard: false}}}, nil
}
