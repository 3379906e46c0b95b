package conversations

import (
	"context"

	"kinerjabot/msg"
)

// startCommand greets and links. A linked person gets the main menu again;
// "/start <payload>" redeems an invitation; anyone else learns how to
// register and gets the "share phone number" button.
func startCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	u := c.User
	var res Result
	if p := u.Pegawai; p != nil {
		if !p.Aktif {
			res.add(msg.Reply{Text: msg.T("onboarding.pegawai_inactive"), RemoveKeyboard: true})
			return res, nil
		}
		if in.Args != "" {
			// An invitation opened by an account that is already linked: to
			// the same person it is simply used up; to someone else it is
			// refused (only an admin can unlink).
			if _, err := c.d.Onboarding.RedeemInvite(ctx, in.Args, u.TelegramID, u.ChatID); err != nil {
				r, err := refusal(err)
				if err != nil {
					return Result{}, err
				}
				r.Keyboard = nil
				res.add(r)
			}
		}
		menu := MainMenu(u)
		if c.Session.FlowKeyboard {
			menu = nil // a report is being filled in: keep its Kembali/Batal
		}
		res.add(msg.Reply{Text: msg.T("start.welcome_back", "Name", u.Name()), Keyboard: menu})
		if c.Session.InFlow() {
			res.add(msg.Reply{Text: msg.T("bantuan.in_flow", "Flow", e.FlowTitle(c.Session.Flow))})
		}
		return res, nil
	}
	if in.Args != "" {
		return redeemInvite(ctx, c, in.Args)
	}
	res.add(msg.Reply{Text: msg.T("start.welcome_unknown", "Name", u.Name()), Keyboard: contactKeyboard})
	// DOMAIN.md decision 6: language_code=en does not switch the bot; it only
	// makes the welcome offer English, once.
	if u.TelegramLang == "en" && !u.LangChosen && !u.LangOffered {
		res.add(msg.Reply{
			Text: msg.T("start.offer_english"),
			Buttons: [][]msg.Button{{
				{Label: msg.T("button.lang_en"), Data: msg.Callback{Op: msg.OpLanguage, Arg: "en"}},
				{Label: msg.T("button.lang_id"), Data: msg.Callback{Op: msg.OpLanguage, Arg: "id"}},
			}},
		})
		if err := c.d.Accounts.MarkLanguageOffered(ctx, u); err != nil {
			return Result{}, err
		}
		u.LangOffered = true
	}
	return res, nil
}
