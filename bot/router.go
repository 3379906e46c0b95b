package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// callbackAnswerWithin is how long a callback may wait for its outcome
// before it is answered empty (the user would otherwise see a spinner).
const callbackAnswerWithin = 1500 * time.Millisecond

// unsupportedNoticeEvery limits the "cannot handle this kind of message"
// notice to one per user per period, so a burst of stickers gets one reply.
const unsupportedNoticeEvery = time.Minute

// route turns an update into an input for the conversations engine and
// renders the result. It is the default handler of the go-telegram/bot
// dispatcher.
func (b *Bot) route(ctx context.Context, _ *tg.Bot, u *models.Update) {
	switch {
	case u.Message != nil:
		b.routeMessage(ctx, u, u.Message)
	case u.CallbackQuery != nil:
		b.routeCallback(ctx, u.CallbackQuery)
	case u.MyChatMember != nil:
		b.routeMembership(ctx, u.MyChatMember)
	case u.EditedMessage != nil:
		// Editing a sent message changes nothing already recorded; the user
		// sends a new message to correct an answer. No reply, no error.
		b.log.DebugContext(ctx, "edited message ignored", "update_id", u.ID)
	default:
		b.log.DebugContext(ctx, "unsupported update ignored", "update_id", u.ID)
	}
}

func (b *Bot) routeMessage(ctx context.Context, u *models.Update, m *models.Message) {
	if m.From == nil || m.From.IsBot {
		return // other bots and channel posts are not our users
	}
	if m.Chat.Type != models.ChatTypePrivate {
		b.groupNotice(ctx, m)
		return
	}
	cu := userFrom(ctx)
	if cu == nil {
		return
	}
	in := conversations.Input{At: time.Unix(int64(m.Date), 0)}
	switch {
	case m.Text != "":
		// Typed text is cleaned here, once, for every flow: no control
		// characters (a NUL would be refused by the database), no
		// direction overrides (what others read must read as typed).
		// A text of nothing but such characters comes as "": every flow
		// answers it as a text too short.
		in.Kind, in.Text = conversations.KindText, kinerja.CleanText(m.Text)
		switch cmd, args, res := b.parseCommand(m.Text); res {
		case isCommand:
			in.Kind, in.Command, in.Args = conversations.KindCommand, cmd, args
		case forOtherBot:
			return
		default:
			// A reply-keyboard button sends its label as text.
			if cmd, ok := b.keyCommands[strings.TrimSpace(m.Text)]; ok {
				in.Kind, in.Command = conversations.KindCommand, cmd
			}
		}
	case m.Contact != nil:
		in.Kind = conversations.KindContact
		in.Contact = &conversations.Contact{Phone: m.Contact.PhoneNumber, UserID: m.Contact.UserID}
	case len(m.Photo) > 0:
		largest := m.Photo[len(m.Photo)-1]
		in.Kind, in.Text = conversations.KindPhoto, kinerja.CleanText(m.Caption)
		in.Files = []conversations.File{{ID: largest.FileID, MIME: "image/jpeg", Size: int64(largest.FileSize)}}
		in.MediaGroup = m.MediaGroupID
	case m.Document != nil:
		in.Kind, in.Text = conversations.KindDocument, kinerja.CleanText(m.Caption)
		in.Files = []conversations.File{{ID: m.Document.FileID, Name: m.Document.FileName, MIME: m.Document.MimeType, Size: m.Document.FileSize}}
		in.MediaGroup = m.MediaGroupID
	default:
		first, err := b.deps.Coord.Once(ctx, "unsupported:"+strconv.FormatInt(cu.TelegramID, 10), unsupportedNoticeEvery)
		if err != nil || !first {
			return
		}
		in.Kind = conversations.KindUnsupported
	}
	b.run(ctx, cu, in, nil)
}

type commandParse int

const (
	notCommand commandParse = iota
	isCommand
	forOtherBot // "/start@otherbot" in a chat we can see
)

// parseCommand reads "/name[@bot] [args]" at the start of a text.
func (b *Bot) parseCommand(text string) (cmd, args string, res commandParse) {
	if !strings.HasPrefix(text, "/") {
		return "", "", notCommand
	}
	word, rest, _ := strings.Cut(text, " ")
	word = strings.TrimPrefix(word, "/")
	if name, target, found := strings.Cut(word, "@"); found {
		// "/lapor@" (an empty name, as a cut-off mention leaves it) is ours.
		if target != "" && !strings.EqualFold(target, b.username) {
			return "", "", forOtherBot
		}
		word = name
	}
	if word == "" {
		return "", "", notCommand
	}
	return strings.ToLower(word), strings.TrimSpace(rest), isCommand
}

func (b *Bot) routeCallback(ctx context.Context, q *models.CallbackQuery) {
	cu := userFrom(ctx)
	answer := answerFrom(ctx)
	if answer == nil { // called without the middleware (tests)
		answer = b.callbackAnswerer(ctx, q.ID)
		defer answer(nil, "")
	}
	if cu == nil || q.Message.Message == nil || q.Message.Message.Chat.Type != models.ChatTypePrivate {
		return
	}
	data, err := DecodeCallback(q.Data)
	if err != nil {
		b.log.InfoContext(ctx, "undecodable callback", "user_id", cu.TelegramID, "err", err)
		answer(&msg.Text{ID: "callback.expired"}, cu.Lang)
		return
	}
	in := conversations.Input{Kind: conversations.KindCallback, Callback: data, MessageID: q.Message.Message.ID, At: time.Now()}
	b.run(ctx, cu, in, answer)
}

// callbackAnswerer answers a callback exactly once: with the outcome when it
// comes quickly, else empty after callbackAnswerWithin.
func (b *Bot) callbackAnswerer(ctx context.Context, id string) func(*msg.Text, string) {
	var once sync.Once
	send := func(t *msg.Text, lang string) {
		once.Do(func() {
			p := &tg.AnswerCallbackQueryParams{CallbackQueryID: id}
			if t != nil {
				text, err := b.render.fit(*t, reader{lang: lang}, maxCallbackAnswer)
				if err != nil {
					b.log.ErrorContext(ctx, "message could not be rendered", "message", t.ID, "lang", lang, "err", err)
					text = cut(b.apology(lang), maxCallbackAnswer)
				}
				p.Text = text
			}
			if err := b.sender.AnswerCallbackQuery(context.WithoutCancel(ctx), p); err != nil {
				b.log.WarnContext(ctx, "could not answer callback", "err", err)
			}
		})
	}
	timer := time.AfterFunc(callbackAnswerWithin, func() { send(nil, "") })
	return func(t *msg.Text, lang string) {
		timer.Stop()
		send(t, lang)
	}
}

// routeMembership records that a user blocked (or unblocked) the bot.
func (b *Bot) routeMembership(ctx context.Context, m *models.ChatMemberUpdated) {
	if m.Chat.Type != models.ChatTypePrivate {
		return
	}
	blocked := m.NewChatMember.Type == models.ChatMemberTypeBanned || m.NewChatMember.Type == models.ChatMemberTypeLeft
	if err := b.deps.Directory.SetUnreachable(ctx, m.From.ID, blocked); err != nil {
		b.log.ErrorContext(ctx, "could not record membership change", "user_id", m.From.ID, "err", err)
	}
}

// groupNotice says once per group that the bot works in private chat.
func (b *Bot) groupNotice(ctx context.Context, m *models.Message) {
	first, err := b.deps.Coord.Once(ctx, "group:"+strconv.FormatInt(m.Chat.ID, 10), 0)
	if err != nil || !first {
		return
	}
	if _, err := b.deliver(ctx, msg.To{ChatID: m.Chat.ID, Lang: "id"}, msg.Say("group.private_only", "Bot", b.username), true); err != nil {
		b.log.WarnContext(ctx, "could not send the group notice", "chat_id", m.Chat.ID, "err", err)
	}
}

// run hands an input to the engine and sends what it answers.
func (b *Bot) run(ctx context.Context, cu *conversations.User, in conversations.Input, answer func(*msg.Text, string)) {
	b.checkpoint("handling")
	res, err := b.deps.Engine.Handle(ctx, cu, in)
	if err != nil {
		attrs := []any{"user_id", cu.TelegramID, "kind", int(in.Kind), "err", err}
		var se *conversations.StepError
		if errors.As(err, &se) {
			attrs = append(attrs, "flow", se.Flow, "step", se.Step, "phase", se.Phase)
		}
		b.log.ErrorContext(ctx, "handling failed", attrs...)
		if answer != nil {
			answer(nil, "")
		}
		b.answer(ctx, cu.ChatID, cu.Lang, 0, []msg.Reply{msg.Say("error.internal")})
		return
	}
	b.checkpoint("handled")
	// The button's answer (a toast, or nothing) and the replies (usually
	// the pressed message edited) go out side by side: the press waits one
	// round trip to Telegram, not two.
	var answered sync.WaitGroup
	if answer != nil {
		answered.Go(func() { answer(res.Answer, cu.Lang) })
	}
	ids, delivered := b.answer(ctx, cu.ChatID, cu.Lang, in.MessageID, res.Replies)
	answered.Wait()
	if res.Sent != nil {
		res.Sent(ids)
	}
	if delivered && res.Delivered != nil {
		if err := res.Delivered(context.WithoutCancel(ctx)); err != nil {
			b.log.WarnContext(ctx, "could not note a delivered confirmation", "user_id", cu.TelegramID, "err", err)
		}
	}
	// Stored with the update's end (begin), after the replies: a crash
	// before that handles the update again from the state it came to.
	stateFrom(ctx).save = res.Save
}
