package conversations

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// bantuanCommand lists the commands its reader can use — a supervisor's
// and an admin's only to them, the reporting ones only once the account is
// linked — and reminds of the flow in progress without disturbing it.
func bantuanCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	p := c.User.Pegawai
	linked := p != nil && p.Aktif
	admin := linked && (p.HasRole(kinerja.RoleAdmin) || p.HasRole(kinerja.RoleAdminOPD))
	var res Result
	res.add(msg.Say("bantuan.text", "Linked", linked, "Assessor", linked && p.IsAssessor,
		"Admin", admin, "Rekap", admin && c.d.Rekap != nil))
	if c.Session.InFlow() {
		res.add(msg.Reply{Text: msg.T("bantuan.in_flow", "Flow", e.FlowTitle(c.Session.Flow))})
	}
	return res, nil
}
