package conversations

import (
	"context"
	"errors"
	"strconv"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /rekap: an OPD's admin (admin_opd) takes the month's recap workbook of
// their OPD, an admin of the city's or of their own OPD. The role and the
// scope are checked again at the press (a forwarded or forged button gets
// nothing), and every recap taken is audited by the maker.

// Rekap makes recap workbooks.
type Rekap interface {
	// OPDOf is the OPD (the top-level unit) of a person's unit; 0 when
	// they have none.
	OPDOf(ctx context.Context, pegawaiID int64) (id int64, nama string, err error)
	// Rekap makes the workbook of opd's month (opd 0: the whole city) for
	// actor, and audits it.
	Rekap(ctx context.Context, actorID, opd int64, month kinerja.Date) (RekapFile, error)
	// RekapLater has the workbook made in the background and sent to the
	// chat when it is ready (the whole city: a minute's work, longer than
	// an answer may take).
	RekapLater(ctx context.Context, actorID, opd int64, month kinerja.Date, chatID int64, lang string) error
}

// RekapFile is a recap made: the workbook and the lines that sum it up.
type RekapFile struct {
	Name    string
	Data    []byte
	Summary []msg.Text
}

// rekapMonths is how many months back /rekap offers (this one included).
const rekapMonths = 3

func canRekap(p *kinerja.Pegawai) bool {
	return p.HasRole(kinerja.RoleAdminOPD) || p.HasRole(kinerja.RoleAdmin)
}

func rekapCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	p := c.User.Pegawai
	if !canRekap(p) || c.d.Rekap == nil {
		return Result{Replies: []msg.Reply{msg.Say("rekap.not_admin")}}, nil
	}
	opd, nama, err := c.d.Rekap.OPDOf(ctx, p.ID)
	if err != nil {
		return Result{}, err
	}
	today := c.Today().MonthStart()
	var rows [][]msg.Button
	type scope struct {
		id   int64
		name msg.Text
	}
	var scopes []scope
	if opd != 0 {
		scopes = append(scopes, scope{opd, msg.Plain(nama)})
	}
	if p.HasRole(kinerja.RoleAdmin) {
		scopes = append(scopes, scope{0, msg.T("rekap.city")})
	}
	if len(scopes) == 0 {
		return Result{Replies: []msg.Reply{msg.Say("rekap.no_opd")}}, nil
	}
	for _, s := range scopes {
		var row []msg.Button
		for i := range rekapMonths {
			m := today.AddMonths(-i)
			label := msg.T("rekap.button", "Periode", msg.Month(m))
			if len(scopes) > 1 {
				label = msg.T("rekap.button_scope", "Periode", msg.Month(m), "Scope", s.name)
			}
			row = append(row, msg.Button{Label: label,
				Data: msg.Callback{Op: msg.OpRekap, ID: s.id, Arg: msg.MonthCode(m)}})
		}
		rows = append(rows, row)
	}
	return Result{Replies: []msg.Reply{{Text: msg.T("rekap.choose"), Buttons: rows}}}, nil
}

func rekapCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	p := c.User.Pegawai
	month, ok := msg.ParseMonthCode(in.Callback.Arg)
	today := c.Today().MonthStart()
	if !ok || today.Before(month) || month.Before(today.AddMonths(-(rekapMonths - 1))) {
		return expired()
	}
	if !canRekap(p) || c.d.Rekap == nil {
		return Result{Answer: &msg.Text{ID: "rekap.not_admin"}}, nil
	}
	opd, _, err := c.d.Rekap.OPDOf(ctx, p.ID)
	if err != nil {
		return Result{}, err
	}
	// The scope is checked here, not taken from the button: an admin_opd
	// has their own OPD only (as it is now); an admin any OPD and the city.
	scope := in.Callback.ID
	if !p.HasRole(kinerja.RoleAdmin) && (scope == 0 || scope != opd) {
		return Result{Answer: &msg.Text{ID: "rekap.not_yours"}}, nil
	}
	if scope == 0 {
		if err := c.d.Rekap.RekapLater(ctx, p.ID, scope, month, c.User.ChatID, c.User.Lang); err != nil {
			return Result{}, err
		}
		return Result{Answer: &msg.Text{ID: "rekap.sent"},
			Replies: []msg.Reply{msg.Say("rekap.preparing", "Periode", msg.Month(month))}}, nil
	}
	f, err := c.d.Rekap.Rekap(ctx, p.ID, scope, month)
	if err != nil {
		var ke *kinerja.Error
		if errors.As(err, &ke) && ke.Code == kinerja.CodeNotFound {
			return Result{Answer: &msg.Text{ID: "rekap.not_yours"}}, nil
		}
		return Result{}, err
	}
	return Result{Answer: &msg.Text{ID: "rekap.sent"}, Replies: []msg.Reply{RekapReply(f, month)}}, nil
}

// RekapReply is a recap sent: the workbook, its summary as the caption.
func RekapReply(f RekapFile, month kinerja.Date) msg.Reply {
	args := []any{"Periode", msg.Month(month)}
	for i, line := range f.Summary {
		args = append(args, "L"+strconv.Itoa(i+1), line)
	}
	return msg.Reply{Text: msg.T("rekap.caption", args...), Upload: &msg.Upload{Name: f.Name, Data: f.Data}}
}
