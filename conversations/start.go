package conversations

import "context"

// startCommand greets. Onboarding (invitations, shared phone numbers) builds
// on this in the onboarding flow; until then an unknown user learns what is
// needed to register.
func startCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	u := c.User
	var res Result
	if u.Pegawai != nil {
		res.add(Say("start.welcome_back", "Name", u.Name()))
		if c.Session.InFlow() {
			res.add(Reply{Text: T("bantuan.in_flow", "Flow", e.FlowTitle(c.Session.Flow))})
		}
		return res, nil
	}
	res.add(Say("start.welcome_unknown", "Name", u.Name()))
	// DOMAIN.md decision 6: language_code=en does not switch the bot; it only
	// makes the welcome offer English, once.
	if u.TelegramLang == "en" && !u.LangChosen && !u.LangOffered {
		res.add(Reply{
			Text: T("start.offer_english"),
			Buttons: [][]Button{{
				{Label: T("button.lang_en"), Data: Callback{Op: OpLanguage, Arg: "en"}},
				{Label: T("button.lang_id"), Data: Callback{Op: OpLanguage, Arg: "id"}},
			}},
		})
		if err := e.accounts.MarkLanguageOffered(ctx, u); err != nil {
			return Result{}, err
		}
		u.LangOffered = true
	}
	return res, nil
}
