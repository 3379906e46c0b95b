package conversations

import (
	"context"

	"kinerjabot/msg"
)

// bantuanCommand lists the commands, and reminds of the flow in progress
// without disturbing it.
func bantuanCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	var res Result
	res.add(msg.Say("bantuan.text"))
	if c.Session.InFlow() {
		res.add(msg.Reply{Text: msg.T("bantuan.in_flow", "Flow", e.FlowTitle(c.Session.Flow))})
	}
	return res, nil
}
