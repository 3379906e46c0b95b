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
// editing the message that carried the buttons.
func setLanguage(ctx context.Context, c *Ctx, lang string) (Result, error) {
	if err := saveLanguage(ctx, c, lang); err == errNoSuchLanguage {
		return expired()
	} else if err != nil {
		return Result{}, err
	}
	return Result{Replies: []msg.Reply{{Text: msg.T("bahasa.changed"), Edit: true, Lang: lang}}}, nil
}

// languageOffer handles the welcome's one-time language buttons. They carry
// no nonce: choosing a language is valid whenever it is pressed.
func languageOffer(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	return setLanguage(ctx, c, in.Callback.Arg)
}
