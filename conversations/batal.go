package conversations

import "context"

// batalCommand leaves any flow and says so. Buttons of the abandoned step
// stop working because the nonce changes.
func batalCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	s := c.Session
	if !s.InFlow() {
		return Result{Replies: []Reply{Say("batal.nothing")}}, nil
	}
	return e.cancel(c, false), nil
}
