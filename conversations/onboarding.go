package conversations

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// contactKeyboard offers the phone-number button to people not linked yet.
var contactKeyboard = [][]msg.KeyButton{{{Label: msg.T("button.share_phone"), RequestContact: true}}}

// welcomeLinked greets a person who has just been linked: name, unit,
// supervisor, and the main menu.
func welcomeLinked(ctx context.Context, c *Ctx, p *kinerja.Pegawai) ([]msg.Reply, error) {
	c.User.Pegawai = p
	if p.Bahasa != "" {
		c.User.Lang, c.User.LangChosen = p.Bahasa, true
	}
	unit, atasan, err := c.d.Onboarding.Profile(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if atasan == "" {
		atasan = "-"
	}
	return []msg.Reply{
		{Text: msg.T("onboarding.linked", "Name", p.Nama, "NIP", p.NIP, "Unit", unit, "Atasan", atasan), Lang: c.User.Lang},
		{Text: msg.T("onboarding.menu_hint"), Keyboard: MainMenu(c.User), Lang: c.User.Lang},
	}, nil
}

// refusal turns a domain error of linking into a reply; other errors pass.
func refusal(err error) (msg.Reply, error) {
	switch kinerja.ErrorCode(err) {
	case kinerja.CodeInvalid, kinerja.CodeNotFound, kinerja.CodeConflict, kinerja.CodeForbidden:
		id, args := kinerja.ErrorMessage(err)
		return msg.Reply{Text: msg.Text{ID: id, Args: args}, Keyboard: contactKeyboard}, nil
	}
	return msg.Reply{}, err
}

// redeemInvite handles "/start <payload>" from a person not linked yet.
func redeemInvite(ctx context.Context, c *Ctx, payload string) (Result, error) {
	p, err := c.d.Onboarding.RedeemInvite(ctx, payload, c.User.TelegramID, c.User.ChatID)
	return linked(ctx, c, p, err)
}

// linked answers a link attempt: the welcome, or why it was refused.
func linked(ctx context.Context, c *Ctx, p *kinerja.Pegawai, err error) (Result, error) {
	if err != nil {
		r, err := refusal(err)
		if err != nil {
			return Result{}, err
		}
		return Result{Replies: []msg.Reply{r}}, nil
	}
	replies, err := welcomeLinked(ctx, c, p)
	return Result{Replies: replies}, err
}

// contactShared links a person by the phone number they shared with the
// "Bagikan nomor HP" button. Only their own contact counts: Telegram says so
// by contact.user_id equal to the sender.
func contactShared(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	u := c.User
	if u.Pegawai != nil {
		return Result{Replies: []msg.Reply{{Text: msg.T("onboarding.already_linked", "Name", u.Pegawai.Nama), Keyboard: MainMenu(u)}}}, nil
	}
	if in.Contact == nil || in.Contact.UserID != u.TelegramID {
		return Result{Replies: []msg.Reply{{Text: msg.T("onboarding.contact_not_own"), Keyboard: contactKeyboard}}}, nil
	}
	phone, ok := kinerja.NormalizePhone(in.Contact.Phone)
	if !ok {
		return Result{Replies: []msg.Reply{{Text: msg.T("onboarding.phone_not_found"), Keyboard: contactKeyboard}}}, nil
	}
	p, err := c.d.Onboarding.LinkByPhone(ctx, phone, u.TelegramID, u.ChatID)
	return linked(ctx, c, p, err)
}
