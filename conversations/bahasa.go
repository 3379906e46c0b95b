package conversations

import (
	"context"

	"kinerjabot/kinerja"
)

// OpLanguage is the callback operation of the one-time English offer.
const OpLanguage = "lg"

var bahasaFlow = &Flow{
	Name:  "bahasa",
	Title: T("flow.bahasa"),
	Start: "pilih",
	Steps: map[string]*Step{
		"pilih": {
			Enter: bahasaPrompt,
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []Reply, error) {
				if in.Kind != KindCallback {
					return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "bahasa.ask", nil)
				}
				res, err := setLanguage(ctx, c, in.Callback.Arg)
				return Done, res.Replies, err
			},
			// Typed text instead of a button: ask again.
			Fallback: func(ctx context.Context, c *Ctx, err error) []Reply { return bahasaPrompt(ctx, c) },
		},
	},
}

func bahasaPrompt(ctx context.Context, c *Ctx) []Reply {
	return []Reply{{
		Text: T("bahasa.ask"),
		Buttons: [][]Button{{
			c.Choice(T("button.lang_id"), "id"),
			c.Choice(T("button.lang_en"), "en"),
		}, {
			c.CancelButton(),
		}},
	}}
}

func bahasaCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	replies, err := e.Start(ctx, c, bahasaFlow.Name)
	return Result{Replies: replies}, err
}

// setLanguage applies a language choice and confirms it in the new language,
// editing the message that carried the buttons.
func setLanguage(ctx context.Context, c *Ctx, lang string) (Result, error) {
	if lang != "id" && lang != "en" {
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
	}
	if err := c.d.Accounts.SetLanguage(ctx, c.User, lang); err != nil {
		return Result{}, err
	}
	c.User.Lang, c.User.LangChosen = lang, true
	return Result{Replies: []Reply{{Text: T("bahasa.changed"), Edit: true, Lang: lang}}}, nil
}

// languageOffer handles the welcome's one-time language buttons. They carry
// no nonce: choosing a language is valid whenever it is pressed.
func languageOffer(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	return setLanguage(ctx, c, in.Callback.Arg)
}
