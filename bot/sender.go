package bot

import (
	"context"
	"errors"
	"fmt"
	"kinerjabot/msg"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Limiter hands out send tokens shared by every bot process (Redis GCRA).
// It returns 0 when a token was taken, else how long to wait.
type Limiter interface {
	Allow(ctx context.Context, key string, rate int, period time.Duration, burst int) (time.Duration, error)
}

// SenderConfig are Telegram's limits as this deployment keeps them.
type SenderConfig struct {
	GlobalRate   int // messages per second over all chats (Telegram: about 30)
	PerChatRate  int // messages per second in one chat (Telegram: about 1)
	PerChatBurst int // short burst allowed in one chat
	MaxAttempts  int // attempts for transient errors (429 waits do not count)
	MaxRetry429  int // how many 429 answers to honour before giving up
	// BulkRate caps pushes (reminders) per second, under GlobalRate, so
	// that people talking to the bot are answered while a push runs: the
	// rest of the global rate is theirs.
	BulkRate int
}

func (c *SenderConfig) defaults() {
	if c.GlobalRate <= 0 {
		c.GlobalRate = 30
	}
	if c.PerChatRate <= 0 {
		c.PerChatRate = 1
	}
	if c.PerChatBurst <= 0 {
		c.PerChatBurst = 3
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 4
	}
	if c.MaxRetry429 <= 0 {
		c.MaxRetry429 = 10
	}
	if c.BulkRate <= 0 || c.BulkRate > c.GlobalRate {
		c.BulkRate = max(c.GlobalRate*5/6, 1)
	}
}

// Sender is the one way out to Telegram: every message and edit goes
// through it, so the global and per-chat limits hold, 429 answers are
// honoured, 403 marks the user unreachable (msg.ErrUnreachable), a request
// Telegram refuses for good is not retried (msg.ErrRefused) and transient
// errors are retried with backoff.
type Sender struct {
	api         *tg.Bot
	lim         Limiter
	cfg         SenderConfig
	log         *slog.Logger
	unreachable func(ctx context.Context, chatID int64)
	sleep       func(ctx context.Context, d time.Duration) error
}

// NewSender builds the sender. unreachable is called once for a chat that
// answered 403 (may be nil).
func NewSender(api *tg.Bot, lim Limiter, cfg SenderConfig, log *slog.Logger, unreachable func(ctx context.Context, chatID int64)) *Sender {
	cfg.defaults()
	return &Sender{api: api, lim: lim, cfg: cfg, log: log, unreachable: unreachable, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// SendMessage sends a text message.
func (s *Sender) SendMessage(ctx context.Context, p *tg.SendMessageParams) (*models.Message, error) {
	var m *models.Message
	err := s.do(ctx, "sendMessage", chatIDOf(p.ChatID), func(ctx context.Context) (err error) {
		m, err = s.api.SendMessage(ctx, p)
		return err
	})
	return m, err
}

// WaitBulk takes one token of the bulk lane (BulkRate, under GlobalRate):
// a push that nobody is waiting for (a reminder) waits here first, then
// checks its reason, then goes out with SendMessage — so pushes never take
// the whole global rate from people talking to the bot.
func (s *Sender) WaitBulk(ctx context.Context) error {
	return s.wait(ctx, "bulk", s.cfg.BulkRate, 1)
}

// SendPhoto sends a photo.
func (s *Sender) SendPhoto(ctx context.Context, p *tg.SendPhotoParams) (*models.Message, error) {
	var m *models.Message
	err := s.do(ctx, "sendPhoto", chatIDOf(p.ChatID), func(ctx context.Context) (err error) {
		m, err = s.api.SendPhoto(ctx, p)
		return err
	})
	return m, err
}

// SendDocument sends a document.
func (s *Sender) SendDocument(ctx context.Context, p *tg.SendDocumentParams) (*models.Message, error) {
	var m *models.Message
	err := s.do(ctx, "sendDocument", chatIDOf(p.ChatID), func(ctx context.Context) (err error) {
		m, err = s.api.SendDocument(ctx, p)
		return err
	})
	return m, err
}

// EditMessageText edits a message's text (and its keyboard: pass the
// buttons again to keep them, an empty keyboard to remove them).
func (s *Sender) EditMessageText(ctx context.Context, p *tg.EditMessageTextParams) error {
	return s.do(ctx, "editMessageText", chatIDOf(p.ChatID), func(ctx context.Context) error {
		_, err := s.api.EditMessageText(ctx, p)
		return err
	})
}

// RemoveButtons takes the inline keyboard off a message (an empty keyboard:
// a null one would leave the buttons in place).
func (s *Sender) RemoveButtons(ctx context.Context, chatID int64, messageID int) error {
	return s.do(ctx, "editMessageReplyMarkup", chatID, func(ctx context.Context) error {
		_, err := s.api.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{
			ChatID: chatID, MessageID: messageID,
			ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}},
		})
		return err
	})
}

// AnswerCallbackQuery answers a button press. It is not a message, so it
// takes no send token; it is never retried (Telegram forgets a query after
// a few seconds).
func (s *Sender) AnswerCallbackQuery(ctx context.Context, p *tg.AnswerCallbackQueryParams) error {
	_, err := s.api.AnswerCallbackQuery(ctx, p)
	switch Classify(err) {
	case ClassOK, ClassGone:
		return nil
	}
	return fmt.Errorf("bot: answer callback: %w", err)
}

// SetMyCommands registers the command list for one language.
func (s *Sender) SetMyCommands(ctx context.Context, p *tg.SetMyCommandsParams) error {
	return s.do(ctx, "setMyCommands", 0, func(ctx context.Context) error {
		_, err := s.api.SetMyCommands(ctx, p)
		return err
	})
}

func chatIDOf(v any) int64 {
	switch id := v.(type) {
	case int64:
		return id
	case int:
		return int64(id)
	case string:
		n, _ := strconv.ParseInt(id, 10, 64)
		return n
	}
	return 0
}

// do runs one call under the limits with the retry policy.
func (s *Sender) do(ctx context.Context, method string, chatID int64, call func(ctx context.Context) error) error {
	attempts, waits := 0, 0
	backoff := 200 * time.Millisecond
	for {
		if chatID != 0 {
			if err := s.take(ctx, chatID); err != nil {
				return err
			}
		}
		err := call(ctx)
		class := Classify(err)
		switch class {
		case ClassOK:
			return nil
		case ClassGone:
			s.log.DebugContext(ctx, "telegram: target gone", "method", method, "chat_id", chatID, "err", err)
			return nil
		case ClassCanceled:
			return err
		case ClassUnreachable:
			s.log.InfoContext(ctx, "telegram: chat unreachable, not retrying", "method", method, "chat_id", chatID)
			if s.unreachable != nil && chatID != 0 {
				s.unreachable(ctx, chatID)
			}
			return fmt.Errorf("%w: %w", msg.ErrUnreachable, err)
		case ClassPermanent:
			s.log.ErrorContext(ctx, "telegram: request refused", "method", method, "chat_id", chatID, "err", err)
			return fmt.Errorf("%w: bot: %s: %w", msg.ErrRefused, method, err)
		case ClassRetryAfter:
			waits++
			if waits > s.cfg.MaxRetry429 {
				return fmt.Errorf("bot: %s: still limited after %d waits: %w", method, waits-1, err)
			}
			var tm *tg.TooManyRequestsError
			errors.As(err, &tm)
			d := time.Duration(max(tm.RetryAfter, 1)) * time.Second
			// A little jitter, so many waiting senders do not return at once.
			d += time.Duration(rand.Int64N(int64(250 * time.Millisecond)))
			s.log.WarnContext(ctx, "telegram: 429, waiting", "method", method, "chat_id", chatID, "retry_after", tm.RetryAfter)
			if err := s.sleep(ctx, d); err != nil {
				return err
			}
		case ClassTransient:
			attempts++
			if attempts >= s.cfg.MaxAttempts {
				s.log.ErrorContext(ctx, "telegram: giving up after transient errors", "method", method, "chat_id", chatID, "attempts", attempts, "err", err)
				return fmt.Errorf("bot: %s: %w", method, err)
			}
			s.log.WarnContext(ctx, "telegram: transient error, retrying", "method", method, "chat_id", chatID, "attempt", attempts, "err", err)
			if err := s.sleep(ctx, backoff+time.Duration(rand.Int64N(int64(backoff/2)))); err != nil {
				return err
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}
}

// take waits for a global token, then for a per-chat one. The chat token
// is taken last, right before the call, so one chat's messages keep their
// spacing even when the global wait was long; the global rate can be
// bunched a little by messages that waited for their chat, which is why
// deployments set the global rate somewhat under Telegram's (a 429 is still
// honoured when it happens).
func (s *Sender) take(ctx context.Context, chatID int64) error {
	for _, l := range []struct {
		key         string
		rate, burst int
	}{
		{"global", s.cfg.GlobalRate, 1},
		{"chat:" + strconv.FormatInt(chatID, 10), s.cfg.PerChatRate, s.cfg.PerChatBurst},
	} {
		if err := s.wait(ctx, l.key, l.rate, l.burst); err != nil {
			return err
		}
	}
	return nil
}

// wait takes one token of the limit key, waiting as long as needed.
func (s *Sender) wait(ctx context.Context, key string, rate, burst int) error {
	for {
		wait, err := s.lim.Allow(ctx, key, rate, time.Second, burst)
		if err != nil {
			// The limiter is down: sending anyway risks a 429, which is
			// honoured; not sending loses the message.
			s.log.WarnContext(ctx, "rate limiter unavailable, sending unthrottled", "err", err)
			return nil
		}
		if wait == 0 {
			return nil
		}
		if err := s.sleep(ctx, wait); err != nil {
			return err
		}
	}
}
