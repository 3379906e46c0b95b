package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/conversations"
	"kinerjabot/msg"
	"kinerjabot/slot"
)

// The middleware chain, outermost first: recoverPanic → answerCallbacks →
// logUpdate → begin (dedupe and the user's lock) → loadUser → route. What the inner layers
// learn (the user, the callback's answerer) is kept in one updateState the
// outermost layer puts in the context, so the recovery, which sees every
// panic, still apologises in the user's language and answers the button.

type ctxKey int

const keyState ctxKey = iota

// updateState is what the middleware learns about one update.
type updateState struct {
	user   *conversations.User
	answer func(*msg.Text, string) // answers the update's callback query once; nil for other updates
	// prefs are the account's preferences, read by begin on the way.
	prefs map[string]string
	// save is the session the engine left to store with the update's end.
	save *conversations.SessionSave
	// outcome is how the handling ended, for the metrics ("": handled).
	outcome string
}

func stateFrom(ctx context.Context) *updateState {
	s, _ := ctx.Value(keyState).(*updateState)
	if s == nil {
		return &updateState{}
	}
	return s
}

// answerFrom returns the once-only answerer of the update's callback query
// (nil for other updates).
func answerFrom(ctx context.Context) func(*msg.Text, string) { return stateFrom(ctx).answer }

func userFrom(ctx context.Context) *conversations.User { return stateFrom(ctx).user }

// recoverPanic is the outermost layer: a panic anywhere inside — a handler,
// dedupe, the user's lock, loading the user — becomes one error log and a
// polite apology, and the bot keeps serving.
func (b *Bot) recoverPanic(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		st := &updateState{}
		ctx = context.WithValue(ctx, keyState, st)
		start := time.Now()
		defer func() {
			if r := recover(); r != nil {
				st.outcome = "panic"
				b.log.ErrorContext(ctx, "panic while handling an update", "update_id", u.ID, "kind", updateKind(u), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				b.apologise(context.WithoutCancel(ctx), u)
			}
			outcome := st.outcome
			if outcome == "" {
				outcome = "handled"
			}
			b.metrics().Update(updateKind(u), outcome, time.Since(start))
		}()
		next(ctx, api, u)
	}
}

// answerCallbacks answers a button press within callbackAnswerWithin
// whatever happens inside (waiting for the user's lock, a slow handler),
// and exactly once.
func (b *Bot) answerCallbacks(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		if u.CallbackQuery == nil {
			next(ctx, api, u)
			return
		}
		answer := b.callbackAnswerer(ctx, u.CallbackQuery.ID)
		stateFrom(ctx).answer = answer
		defer answer(nil, "")
		next(ctx, api, u)
	}
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
		b.log.DebugContext(ctx, "update handled", "update_id", u.ID, "kind", updateKind(u), "user_id", updateUserID(u), "took", time.Since(start))
	}
}

// begin claims the update and takes its user's lock, in one Redis round
// trip that also reads the user's session and preferences (passed on to
// loadUser and the engine), and ends both in one more when the update is
// handled.
//
// Dedupe: an update already handled is skipped (Telegram redelivers after
// a crash or a webhook failure). The marker is "in progress" while handling
// and "done" afterwards — also after a panic, which a second handling would
// only repeat — so an interrupted handling is redone: the "in progress" of
// a process that died is taken over as soon as it is known dead (see
// store.Redis.BeginUpdate), and one of a living process is waited for.
//
// The per-user lock makes one user's updates run one at a time also when
// several processes share the token. The lock outlives the handler's
// deadline, never the other way round.
func (b *Bot) begin(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		uid := updateUserID(u)
		hold := b.cfg.HandlerTimeout + 10*time.Second
		// An update that will be answered in its private chat takes its
		// reply's send slot with the begin: one round trip fewer.
		var ask *slot.Ask
		if chatID := replyChat(u); chatID != 0 && chatID == uid {
			a := b.sender.ReplySlot(chatID)
			ask = &a
		}
		token, session, prefs, got, err := b.beginInOrder(ctx, u, uid, hold, ask)
		if got.Asked {
			ctx = b.sender.WithReplySlot(ctx, uid, got)
		}
		if ctx.Value(keyState) == nil {
			ctx = context.WithValue(ctx, keyState, &updateState{})
		}
		st := stateFrom(ctx)
		if token != "" || err == nil {
			defer func() { b.end(ctx, u.ID, uid, token, st.save) }()
		}
		switch {
		case err != nil && token != "":
			// The update is ours, its user's lock is not: another update of
			// theirs is taking too long.
			setOutcome(ctx, "busy")
			b.log.WarnContext(ctx, "user lock not acquired", "user_id", uid, "err", err)
			b.sayTo(context.WithoutCancel(ctx), u, "error.busy")
			return
		case err != nil && ctx.Err() != nil:
			// Another living process has been handling it all this time:
			// it stays with that process.
			setOutcome(ctx, "elsewhere")
			b.log.WarnContext(ctx, "update still in progress elsewhere, left to it", "update_id", u.ID)
			return
		case err != nil:
			// Without Redis nothing can be handled safely (sessions live
			// there too): apologise once per update and move on.
			setOutcome(ctx, "error")
			b.log.ErrorContext(ctx, "dedupe unavailable", "update_id", u.ID, "err", err)
			b.apologise(ctx, u)
			return
		case token == "":
			// Rare (a redelivery after a crash) and worth seeing when it is
			// not: a fake that reuses ids looks like a silent bot.
			setOutcome(ctx, "duplicate")
			b.log.InfoContext(ctx, "duplicate update skipped", "update_id", u.ID)
			return
		}
		st.prefs = prefs
		if uid != 0 {
			ctx = conversations.WithSession(ctx, session)
		}
		next(ctx, api, u)
	}
}

// beginInOrder begins u; when an earlier update of the same user was left
// unhandled by a process that died (the store says so, see
// store.EarlierUpdateError), that one is handled first, here, and u begun
// after it: the user's inputs keep their order across a crash. A process
// that took the earlier one from the stash as well finds it done.
func (b *Bot) beginInOrder(ctx context.Context, u *models.Update, uid int64, hold time.Duration, ask *slot.Ask) (string, []byte, map[string]string, slot.Answer, error) {
	for range maxEarlier {
		token, session, prefs, got, err := b.deps.Coord.BeginUpdateSlot(ctx, u.ID, uid, hold, hold, ask)
		var earlier interface{ EarlierUpdate() []byte }
		if !errors.As(err, &earlier) {
			return token, session, prefs, got, err
		}
		var eu models.Update
		if jerr := json.Unmarshal(earlier.EarlierUpdate(), &eu); jerr != nil || eu.ID == 0 || eu.ID >= u.ID {
			// Unreadable: nothing can handle it; it must not hold this
			// user up (the stash sweep logs and drops it).
			b.log.ErrorContext(ctx, "an earlier stashed update cannot be read", "update_id", u.ID, "err", jerr)
			return "", nil, nil, got, err
		}
		b.log.InfoContext(ctx, "handling first an earlier update left by a process that stopped", "update_id", u.ID, "earlier", eu.ID)
		b.HandleUpdate(ctx, &eu)
	}
	return "", nil, nil, slot.Answer{}, fmt.Errorf("bot: %d earlier updates of this user still unhandled", maxEarlier)
}

// maxEarlier bounds how many earlier updates one begin handles first.
const maxEarlier = 8

// end ends an update begun: the session the engine left is stored with the
// done marker and the lock's release, in one round trip. A session changed
// meanwhile (this handling outlived its lock and another took over) is not
// overwritten: the replies are out, the other handling's state stands.
func (b *Bot) end(ctx context.Context, updateID, uid int64, token string, save *conversations.SessionSave) {
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	var raw []byte
	var expect int64
	var ttl time.Duration
	if save != nil && token != "" {
		var err error
		if raw, err = save.Encode(); err != nil {
			b.log.ErrorContext(ctx, "could not encode the session", "user_id", uid, "err", err)
		}
		expect, ttl = save.Expect, save.TTL
	}
	stale, err := b.deps.Coord.EndUpdate(fctx, updateID, uid, token, dedupeKeep, raw, expect, ttl)
	switch {
	case err != nil:
		b.log.ErrorContext(ctx, "could not end the update (session, done marker)", "update_id", updateID, "err", err)
	case stale:
		b.log.WarnContext(ctx, "session changed while the update was handled, its change dropped", "update_id", updateID, "user_id", uid)
	}
}

// loadUser finds the pegawai behind the Telegram account and picks the
// language: the person's choice, else Indonesian (DOMAIN.md decision 6:
// Telegram's language_code does not switch the bot). Any update from a user
// clears their "unreachable" flag.
func (b *Bot) loadUser(next tg.HandlerFunc) tg.HandlerFunc {
	return func(ctx context.Context, api *tg.Bot, u *models.Update) {
		from := updateUser(u)
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
			setOutcome(ctx, "error")
			b.log.ErrorContext(ctx, "could not load pegawai", "user_id", from.ID, "err", err)
			b.apologise(ctx, u)
			return
		}
		cu.Pegawai = p
		prefs := stateFrom(ctx).prefs
		lang, offered := prefs["lang"], prefs["lang_offered"] == "1"
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
		stateFrom(ctx).user = cu
		next(ctx, api, u)
	}
}

// updateUser is the Telegram user an update comes from (nil for channel
// posts and kinds we do not take).
func updateUser(u *models.Update) *models.User {
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

// updateUserID is whose turn an update takes: its user, else the chat of a
// message without one, else 0.
func updateUserID(u *models.Update) int64 {
	if from := updateUser(u); from != nil {
		return from.ID
	}
	if u.Message != nil {
		return u.Message.Chat.ID
	}
	return 0
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
	if _, err := b.deliver(ctx, msg.To{ChatID: chat, Lang: lang}, msg.Say(id), true); err != nil && !errors.Is(err, context.Canceled) {
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

// replyChat is the private chat an update will surely be answered in with
// a message or an edit: a message there (but not a later file of an album,
// answered once for all), or a press of a conversation step's button. 0
// for anything else — a decision's press is answered with a toast and its
// card is edited by a job, so a slot taken for it would go unused and hold
// up the chat's next message.
func replyChat(u *models.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat.Type == models.ChatTypePrivate && u.Message.MediaGroupID == "":
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message.Message != nil &&
		u.CallbackQuery.Message.Message.Chat.Type == models.ChatTypePrivate:
		if c, err := DecodeCallback(u.CallbackQuery.Data); err == nil && c.Op == msg.OpStep {
			return u.CallbackQuery.Message.Message.Chat.ID
		}
	}
	return 0
}
