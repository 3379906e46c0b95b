package conversations

import (
	"context"

	"kinerjabot/msg"
)

// batalCommand leaves any flow and says so. Buttons of the abandoned step
// stop working because the nonce changes.
func batalCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	s := c.Session
	if !s.InFlow() {
		return Result{Replies: []msg.Reply{msg.Say("batal.nothing")}}, nil
	}
	return e.cancel(c, false), nil
}
