package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/conversations"
)

// The middleware chain, outermost first: answerCallbacks → logUpdate → dedupe → serialise →
// loadUser → recoverPanic → route. recoverPanic sits inside loadUser so the
// apology is in the user's language; HandleUpdate keeps a last recover for
// the middleware itself. State for the inner layers travels in the context.

type ctxKey int

const (
	keyUser ctxKey = iota
	keyAnswer
)

// answerFrom returns the once-only answerer of the update's callback query
// (nil for other updates).
func answerFrom(ctx context.Context) func(*conversations.Text, string) {
	a, _ := ctx.Value(keyAnswer).(func(*conversations.Text, string))
	return a
}

// answerCallbacks is the outermost layer: a button press is answered within
// callbackAnswerWithin whatever happens inside (waiting for the user's lock,
// a slow handler), and exactly once.
func (b *Bot) answerCallbacks(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		if u.CallbackQuery == nil {
			next(ctx, api, u)
			return
		}
		answer := b.callbackAnswerer(ctx, u.CallbackQuery.ID)
		defer answer(nil, "")
		next(context.WithValue(ctx, keyAnswer, answer), api, u)
	}
}

func userFrom(ctx context.Context) *conversations.User {
	u, _ := ctx.Value(keyUser).(*conversations.User)
	return u
}

// updateKind names an update for logs (never its content).
func updateKind(u *models.Update) string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.CallbackQuery != nil:
		return "callback_query"
	case u.MyChatMember != nil:
		return "my_chat_member"
	}
	return "other"
}

// logUpdate logs each update at debug level: id, kind, user, duration. No
// message text, phone number or token is ever logged.
func (b *Bot) logUpdate(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		start := time.Now()
		next(ctx, api, u)
		b.log.DebugContext(ctx, "update handled", "update_id", u.ID, "kind", updateKind(u), "user_id", shardKey(u), "took", time.Since(start))
	}
}

// dedupe skips an update that was already handled (Telegram redelivers after
// a crash or a webhook failure). The marker is "in progress" while handling
// and "done" afterwards, so an interrupted handling is redone.
func (b *Bot) dedupe(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		claimed, err := b.deps.Coord.ClaimUpdate(ctx, u.ID, b.cfg.HandlerTimeout+10*time.Second)
		if err != nil {
			// Without Redis nothing can be handled safely (sessions live
			// there too): apologise once per update and move on.
			b.log.ErrorContext(ctx, "dedupe unavailable", "update_id", u.ID, "err", err)
			b.apologise(ctx, u)
			return
		}
		if !claimed {
			b.log.DebugContext(ctx, "duplicate update skipped", "update_id", u.ID)
			return
		}
		next(ctx, api, u)
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if err := b.deps.Coord.FinishUpdate(fctx, u.ID, dedupeKeep); err != nil {
			b.log.ErrorContext(ctx, "could not mark update done", "update_id", u.ID, "err", err)
		}
	}
}

// serialise takes the per-user lock, so one user's updates are handled one
// at a time also when several processes share the token. The lock outlives
// the handler's deadline, never the other way round.
func (b *Bot) serialise(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		uid := shardKey(u)
		if uid == 0 {
			next(ctx, api, u)
			return
		}
		release, err := b.deps.Coord.Lock(ctx, uid, b.cfg.HandlerTimeout+10*time.Second)
		if err != nil {
			b.log.WarnContext(ctx, "user lock not acquired", "user_id", uid, "err", err)
			b.sayTo(context.WithoutCancel(ctx), u, "error.busy")
			return
		}
		defer release()
		next(ctx, api, u)
	}
}

// recoverPanic turns a panic into one error log and a polite apology; the
// bot keeps serving.
func (b *Bot) recoverPanic(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		defer func() {
			if r := recover(); r != nil {
				b.log.ErrorContext(ctx, "panic while handling an update", "update_id", u.ID, "kind", updateKind(u), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				b.apologise(context.WithoutCancel(ctx), u)
			}
		}()
		next(ctx, api, u)
	}
}

// loadUser finds the pegawai behind the Telegram account and picks the
// language: the person's choice, else Indonesian (DOMAIN.md decision 6:
// Telegram's language_code does not switch the bot). Any update from a user
// clears their "unreachable" flag.
func (b *Bot) loadUser(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		from := sender(u)
		if from == nil || from.IsBot {
			next(ctx, api, u)
			return
		}
		cu := &conversations.User{
			TelegramID:   from.ID,
			ChatID:       from.ID,
			FirstName:    from.FirstName,
			TelegramLang: from.LanguageCode,
			Lang:         "id",
		}
		p, err := b.deps.Directory.PegawaiByTelegramID(ctx, from.ID)
		if err != nil {
			b.log.ErrorContext(ctx, "could not load pegawai", "user_id", from.ID, "err", err)
			b.apologise(ctx, u)
			return
		}
		cu.Pegawai = p
		lang, offered, err := b.deps.Coord.LoadPrefs(ctx, from.ID)
		if err != nil {
			b.log.ErrorContext(ctx, "could not load preferences", "user_id", from.ID, "err", err)
			b.apologise(ctx, u)
			return
		}
		cu.LangOffered = offered
		switch {
		case p != nil && p.Bahasa != "":
			cu.Lang, cu.LangChosen = p.Bahasa, true
		case lang != "":
			cu.Lang, cu.LangChosen = lang, true
		}
		if p != nil && p.Unreachable && u.MyChatMember == nil {
			if err := b.deps.Directory.SetUnreachable(ctx, from.ID, false); err != nil {
				b.log.WarnContext(ctx, "could not clear unreachable flag", "user_id", from.ID, "err", err)
			}
		}
		next(context.WithValue(ctx, keyUser, cu), api, u)
	}
}

func sender(u *models.Update) *models.User {
	switch {
	case u.Message != nil:
		return u.Message.From
	case u.EditedMessage != nil:
		return u.EditedMessage.From
	case u.CallbackQuery != nil:
		return &u.CallbackQuery.From
	case u.MyChatMember != nil:
		return &u.MyChatMember.From
	}
	return nil
}

// apologise sends the internal-error apology to the private chat of the
// update, if it has one; a callback is answered too.
func (b *Bot) apologise(ctx context.Context, u *models.Update) {
	b.sayTo(ctx, u, "error.internal")
}

func (b *Bot) sayTo(ctx context.Context, u *models.Update, id string) {
	lang := "id"
	if cu := userFrom(ctx); cu != nil {
		lang = cu.Lang
	}
	if answer := answerFrom(ctx); answer != nil {
		answer(nil, "")
	}
	chat := privateChat(u)
	if chat == 0 {
		return
	}
	if _, err := b.sender.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: b.deps.Catalog.Text(lang, id, nil)}); err != nil && !errors.Is(err, context.Canceled) {
		b.log.ErrorContext(ctx, "could not send a notice", "message", id, "err", err)
	}
}

// privateChat is the private chat an update came from, 0 for groups and
// updates without a chat.
func privateChat(u *models.Update) int64 {
	var m *models.Message
	switch {
	case u.Message != nil:
		m = u.Message
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil:
		m = u.CallbackQuery.Message.Message
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	if m == nil || m.Chat.Type != models.ChatTypePrivate {
		return 0
	}
	return m.Chat.ID
}
