package conversations

import (
	"context"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

var bahasaFlow = &Flow{
	Anyone: true,
	Name:   "bahasa",
	Title:  msg.T("flow.bahasa"),
	Start:  "pilih",
	Steps: map[string]*Step{
		"pilih": {
			Enter: bahasaPrompt,
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
				if in.Kind != KindCallback {
					return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "bahasa.ask", nil)
				}
				res, err := setLanguage(ctx, c, in.Callback.Arg)
				return Done, res.Replies, err
			},
			// Typed text instead of a button: ask again.
			Fallback: func(ctx context.Context, c *Ctx, err error) ([]msg.Reply, error) { return bahasaPrompt(ctx, c) },
		},
	},
}

func bahasaPrompt(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{{
		Text:    msg.T("bahasa.ask"),
		Buttons: [][]msg.Button{langButtons(c, ""), {c.CancelButton()}},
	}}, nil
}

func bahasaCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	replies, err := e.Start(ctx, c, bahasaFlow.Name)
	return Result{Replies: replies}, err
}

// langButtons are the two language choices, their step arguments prefixed
// with prefix.
func langButtons(c *Ctx, prefix string) []msg.Button {
	return []msg.Button{c.Choice(msg.T("button.lang_id"), prefix+"id"), c.Choice(msg.T("button.lang_en"), prefix+"en")}
}

// errNoSuchLanguage is a language argument no button carries.
var errNoSuchLanguage = kinerja.Errorf(kinerja.CodeInvalid, "pegawai.bahasa_invalid", nil)

// saveLanguage stores a language choice and speaks it from now on.
func saveLanguage(ctx context.Context, c *Ctx, lang string) error {
	if lang != "id" && lang != "en" {
		return errNoSuchLanguage
	}
	if err := c.d.Accounts.SetLanguage(ctx, c.User, lang); err != nil {
		return err
	}
	c.User.Lang, c.User.LangChosen = lang, true
	return nil
}

// setLanguage applies a language choice and confirms it in the new language,
// editing the message that carried the buttons; the reply keyboard follows
// (languageKeyboard).
func setLanguage(ctx context.Context, c *Ctx, lang string) (Result, error) {
	was := c.User.Lang
	if err := saveLanguage(ctx, c, lang); err == errNoSuchLanguage {
		return expired()
	} else if err != nil {
		return Result{}, err
	}
	res := Result{Replies: []msg.Reply{{Text: msg.T("bahasa.changed"), Edit: true, Lang: lang}}}
	if r, ok := languageKeyboard(c, was); ok {
		res.add(r)
	}
	return res, nil
}

// languageKeyboard is the reply keyboard in the language just chosen (was
// the one before): the main menu, or for someone not linked yet the
// "share phone number" key. An edit cannot carry a reply keyboard, so it
// comes on a short message of its own; none when the language stayed the
// same, or when the keyboard is not the menu's (an inactive person has
// none; an unfinished report's Kembali/Batal of an earlier version stays).
// Both languages' keys work as commands (KeyCommands), so a keyboard left
// on another device still works.
func languageKeyboard(c *Ctx, was string) (msg.Reply, bool) {
	u := c.User
	if u.Lang == was || c.Session.FlowKeyboard {
		return msg.Reply{}, false
	}
	switch p := u.Pegawai; {
	case p == nil:
		return msg.Reply{Text: msg.T("onboarding.not_linked"), Keyboard: contactKeyboard, Lang: u.Lang}, true
	case !p.Aktif:
		return msg.Reply{}, false
	}
	return msg.Reply{Text: msg.T("menu.shown"), Keyboard: MainMenu(u), Lang: u.Lang}, true
}

// languageOffer handles the welcome's one-time language buttons. They carry
// no nonce: choosing a language is valid whenever it is pressed.
func languageOffer(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	return setLanguage(ctx, c, in.Callback.Arg)
}
