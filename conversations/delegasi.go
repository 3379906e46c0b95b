package conversations

import (
	"context"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /delegasi NIP_DARI NIP_KE MULAI SELESAI [plh|plt]: an admin makes someone
// the Plt/Plh of an assessor for a period, from the chat (the same as
// `kinerjabot delegate`). The store authorises the admin: an admin anywhere,
// an admin_opd for the people of their own units.
func delegasiCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	p := c.User.Pegawai
	if !p.HasRole(kinerja.RoleAdmin) && !p.HasRole(kinerja.RoleAdminOPD) {
		return Result{Replies: []msg.Reply{msg.Say("admin.only")}}, nil
	}
	f := strings.Fields(in.Args)
	if len(f) < 4 || len(f) > 5 {
		return Result{Replies: []msg.Reply{msg.Say("admin.delegasi_usage")}}, nil
	}
	jenis := "plh"
	if len(f) == 5 {
		jenis = strings.ToLower(f[4])
	}
	mulai, err1 := kinerja.ParseDate(f[2])
	selesai, err2 := kinerja.ParseDate(f[3])
	if err1 != nil || err2 != nil || (jenis != "plh" && jenis != "plt") {
		return Result{Replies: []msg.Reply{msg.Say("admin.delegasi_usage")}}, nil
	}
	d, err := c.d.Admin.Delegate(ctx, p.ID, f[0], f[1], jenis, mulai, selesai, c.Today())
	if err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeInternal {
			return Result{}, err
		}
		id, args := kinerja.ErrorMessage(err)
		return Result{Replies: []msg.Reply{{Text: msg.Text{ID: id, Args: args}}}}, nil
	}
	res := Result{Replies: []msg.Reply{msg.Say("delegasi.created", "ID", d.ID, "Jenis", strings.ToUpper(d.Jenis),
		"Ke", d.KeNama, "KeNIP", d.KeNIP, "Dari", d.DariNama, "DariNIP", d.DariNIP,
		"Mulai", msg.Date(d.Mulai), "Selesai", msg.Date(d.Selesai))}}
	if d.KeIsSubordinateOfDari {
		res.add(msg.Say("delegasi.note_own_reports", "Ke", d.KeNama, "Dari", d.DariNama))
	}
	return res, nil
}
