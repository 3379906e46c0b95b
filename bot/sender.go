package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/msg"
	"kinerjabot/slot"
)

// Limiter hands out send slots shared by every bot process (GCRA in Redis):
// Reserve takes the next slot of the queue keys[0] (the whole bot's rate),
// which may lie ahead, once the gates keys[1:] (the chat's rate) are free
// now, and says how long to wait for it; while a gate is closed it takes
// nothing, says gated and when the gate opens. gateTAT is when the gates
// will have no sends ahead (from now). With onlyNow it takes a slot only
// when one is free now, else reserved is false and wait says when to ask
// again.
type Limiter interface {
	Reserve(ctx context.Context, keys []string, intervals []time.Duration, bursts []int, onlyNow bool) (wait, gateTAT time.Duration, reserved, gated bool, err error)
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
	turns       *turns
	// globalFree is when the global queue has no slot taken ahead, the
	// latest the limiter has told this process (by a reservation or a
	// begin's answer), as nanoseconds after epoch on the monotonic clock
	// (a wall clock set back does not hold the pushes up): a push waits
	// for it before asking, instead of asking to be refused.
	globalFree atomic.Int64
	epoch      time.Time
	metrics    Metrics // nil: none (SetMetrics)
}

// NewSender builds the sender. unreachable is called once for a chat that
// answered 403 (may be nil).
func NewSender(api *tg.Bot, lim Limiter, cfg SenderConfig, log *slog.Logger, unreachable func(ctx context.Context, chatID int64)) *Sender {
	cfg.defaults()
	return &Sender{api: api, lim: lim, cfg: cfg, log: log, unreachable: unreachable, sleep: sleepCtx, turns: newTurns(), epoch: time.Now()}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
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
	return send(ctx, s, "sendMessage", p.ChatID, func(ctx context.Context) (*models.Message, error) { return s.api.SendMessage(ctx, p) })
}

// SendPhoto sends a photo.
func (s *Sender) SendPhoto(ctx context.Context, p *tg.SendPhotoParams) (*models.Message, error) {
	return send(ctx, s, "sendPhoto", p.ChatID, func(ctx context.Context) (*models.Message, error) { return s.api.SendPhoto(ctx, p) })
}

// SendDocument sends a document.
func (s *Sender) SendDocument(ctx context.Context, p *tg.SendDocumentParams) (*models.Message, error) {
	return send(ctx, s, "sendDocument", p.ChatID, func(ctx context.Context) (*models.Message, error) { return s.api.SendDocument(ctx, p) })
}

// send runs one call that returns a message under the limits (do).
func send(ctx context.Context, s *Sender, method string, chatID any, call func(context.Context) (*models.Message, error)) (*models.Message, error) {
	var m *models.Message
	err := s.do(ctx, method, chatIDOf(chatID), func(ctx context.Context) (err error) {
		m, err = call(ctx)
		return err
	})
	return m, err
}

// WaitBulk waits for a slot of the bulk lane (BulkRate, under GlobalRate):
// the pushes of all processes are spaced by it, so they never arrive at
// the global limit all at once. A push that nobody is waiting for (a
// reminder) waits here first, then checks its reason, then is delivered in
// the bulk lane (see Bulk), behind every reply.
func (s *Sender) WaitBulk(ctx context.Context) error {
	start := time.Now()
	defer func() { s.met().LimiterWait("bulk", time.Since(start)) }()
	return s.reserve(ctx, "bulk", perSecond(s.cfg.BulkRate))
}

type laneKey struct{}

// Bulk marks ctx's sends as pushes (cards, notices, reminders): they take a
// slot of the global limit only when one is free now, so people talking to
// the bot are never queued behind them; a push takes what replies leave.
func Bulk(ctx context.Context) context.Context { return context.WithValue(ctx, laneKey{}, true) }

func isBulk(ctx context.Context) bool { b, _ := ctx.Value(laneKey{}).(bool); return b }

// arrivalMargin stretches every interval between two sends by 3 %:
// Telegram counts when a request arrives, and two requests sent exactly an
// interval apart can arrive closer (one waited longer for a connection or a
// CPU). At 30 a second, 30 sends then span 30 ms more than a second.
func arrivalMargin(d time.Duration) time.Duration { return d + d*3/100 }

// lateSlot is how long after its slot a reply whose slot was taken with
// the update's begin may still use it while the bot's queue is busy. The
// margin above leaves 30 ms in a second for requests to arrive later than
// their slots; a reply handled for longer than its wait spends that alone,
// so it asks the bot's queue again instead (one more round trip, only for
// an update slower than this at a busy moment: see lateAmongBooked).
const lateSlot = 15 * time.Millisecond

func perSecond(rate int) time.Duration { return time.Second / time.Duration(max(rate, 1)) }

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
	s.met().TelegramCall("answerCallbackQuery", callOutcome(Classify(err)))
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
			start := time.Now()
			err := s.take(ctx, chatID)
			s.met().LimiterWait(laneOf(ctx), time.Since(start))
			if err != nil {
				return err
			}
		}
		err := call(ctx)
		class := Classify(err)
		s.met().TelegramCall(method, callOutcome(class))
		switch class {
		case ClassOK:
			return nil
		case ClassGone:
			s.log.DebugContext(ctx, "telegram: target gone", "method", method, "chat_id", chatID, "err", err)
			if method == "editMessageText" {
				// Said, so that a message kept up to date (the day's
				// decisions) can be sent anew.
				return msg.ErrGone
			}
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

// take waits for the message's slot under the global and the chat's
// limits: the chat's limit first (a message waiting for its chat keeps no
// place in the bot's queue), then one reservation of the global rate and
// one sleep until it — waiting costs no CPU and no polling. A push (Bulk)
// takes a slot only when one is free now, and otherwise sleeps until the
// replies ahead of it are out.
//
// Within one chat too, replies come first: a push passes the chat's limit
// only when the chat has no sends ahead at all (a burst of 1), so a reply
// waiting for the chat (a supervisor's decision while their cards arrive)
// gets the chat's next slot and the burst stays the replies'.
//
// In this process, the sends to one chat and the pushes wait their turn to
// ask (see turns): a refusal is followed by one sleep until the limit
// opens, by the one sender whose turn it is.
func (s *Sender) take(ctx context.Context, chatID int64) error {
	bulk, burst := isBulk(ctx), s.cfg.PerChatBurst
	if bulk {
		burst = 1
	}
	release, err := s.turns.chat(ctx, chatID, bulk)
	if err != nil {
		return err
	}
	// requeue gives a push's turn at the chat up to a reply and queues again.
	requeue := func() error {
		release()
		release, err = s.turns.chat(ctx, chatID, true)
		return err
	}
	var releasePush func() // held while a push asks for a free slot of the bot
	done := func() {
		if releasePush != nil {
			releasePush()
		}
		release()
	}
	keys := []string{"global", "chat:" + strconv.FormatInt(chatID, 10)}
	intervals := []time.Duration{arrivalMargin(perSecond(s.cfg.GlobalRate)), arrivalMargin(perSecond(s.cfg.PerChatRate))}
	tolerance := time.Duration(burst-1) * intervals[1]
	// The first reply of an update may have its slot already, asked for
	// with the update's begin (see ReplySlot): its answer stands for the
	// first question.
	pre := prereservedFor(ctx, chatID, bulk)
	if pre != nil && pre.Reserved && s.lateAmongBooked(pre) {
		// The update was handled past its slot, and the second of slots
		// after it is booked: sent now, it would land among them, and a
		// second could hold one more than the limit. A fresh slot of the
		// bot's queue instead; the chat's limit was passed at the begin.
		s.turns.learnGate(chatID, time.Now().Add(pre.GateTAT-time.Since(pre.At)))
		wait, _, _, _, err := s.lim.Reserve(ctx, keys[:1], intervals[:1], []int{1}, false)
		release()
		if err != nil {
			return s.limiterDown(ctx, err)
		}
		s.bookedUntil(time.Now().Add(wait + intervals[0]))
		return s.sleep(ctx, wait)
	}
	for {
		var wait time.Duration
		var reserved, gated bool
		if pre != nil {
			now := time.Now()
			ago := now.Sub(pre.At)
			wait, reserved, gated = max(pre.Wait-ago, 0), pre.Reserved, pre.Gated
			s.turns.learnGate(chatID, now.Add(pre.GateTAT-ago))
			switch {
			case reserved:
				s.bookedUntil(now.Add(wait + intervals[0]))
			case !gated:
				s.bookedUntil(now.Add(wait))
			}
			pre = nil
		} else if known := s.turns.gateWait(chatID, tolerance); known > 0 {
			// This process sent to the chat a moment ago and knows its
			// limit is still closed: no need to ask.
			wait, gated = known, true
		} else {
			if bulk && releasePush == nil {
				if releasePush, err = s.turns.push(ctx); err != nil {
					release()
					return err
				}
			}
			if bulk {
				// A push may take the next slot at most: while replies hold
				// more than that, it would be refused.
				if d := time.Until(s.freeAt().Add(-intervals[0])); d > 0 {
					if err := s.sleep(ctx, d); err != nil {
						done()
						return err
					}
				}
			}
			var gateTAT time.Duration
			wait, gateTAT, reserved, gated, err = s.lim.Reserve(ctx, keys, intervals, []int{1, burst}, bulk)
			if err != nil {
				done()
				return s.limiterDown(ctx, err)
			}
			now := time.Now()
			s.turns.learnGate(chatID, now.Add(gateTAT))
			switch {
			case reserved:
				s.bookedUntil(now.Add(wait + intervals[0]))
			case !gated:
				s.bookedUntil(now.Add(wait))
			}
		}
		if reserved {
			done()
			return s.sleep(ctx, wait)
		}
		if gated && bulk {
			// The chat's closed gate concerns only this chat: other
			// pushes may ask meanwhile; a reply to this chat that comes
			// while the push sleeps takes its turn.
			if releasePush != nil {
				releasePush()
				releasePush = nil
			}
			pctx, stop := s.turns.preemptible(ctx, chatID)
			err := s.sleep(pctx, wait)
			stop()
			if ctx.Err() != nil {
				release()
				return ctx.Err()
			}
			if err != nil { // preempted
				if err := requeue(); err != nil {
					return err
				}
			}
			continue
		}
		// Sleep until the gate opens or the replies ahead are out, then
		// ask again.
		if err := s.sleep(ctx, wait); err != nil {
			done()
			return err
		}
	}
}

// ReplySlot is the slot the first reply to chatID asks for (a reply's
// limits: the bot's rate and the chat's, with its burst), for the update's
// begin to reserve in the same round trip (store.BeginUpdateSlot).
func (s *Sender) ReplySlot(chatID int64) slot.Ask {
	return slot.Ask{
		Keys:      [2]string{"global", "chat:" + strconv.FormatInt(chatID, 10)},
		Intervals: [2]time.Duration{arrivalMargin(perSecond(s.cfg.GlobalRate)), arrivalMargin(perSecond(s.cfg.PerChatRate))},
		Bursts:    [2]int{1, s.cfg.PerChatBurst},
	}
}

type prereservedKey struct{}

// prereserved is a reply slot taken with an update's begin, used by the
// update's first send to its chat.
type prereserved struct {
	chatID int64
	answer slot.Answer
	used   atomic.Bool
}

// WithReplySlot hands the limiter's answer for chatID's reply slot (taken
// with the update's begin) to the update's first send to that chat, and
// learns from it how far ahead the bot's queue is booked.
func (s *Sender) WithReplySlot(ctx context.Context, chatID int64, a slot.Answer) context.Context {
	if !a.Asked {
		return ctx
	}
	if a.Reserved {
		s.bookedUntil(a.At.Add(a.Wait + arrivalMargin(perSecond(s.cfg.GlobalRate))))
	}
	return context.WithValue(ctx, prereservedKey{}, &prereserved{chatID: chatID, answer: a})
}

// bookedUntil learns that the bot's queue is booked until t at least
// (globalFree only moves forward: answers reach this process out of order).
func (s *Sender) bookedUntil(t time.Time) {
	after := int64(t.Sub(s.epoch))
	for {
		free := s.globalFree.Load()
		if free >= after || s.globalFree.CompareAndSwap(free, after) {
			return
		}
	}
}

// freeAt is globalFree as a time.
func (s *Sender) freeAt() time.Time { return s.epoch.Add(time.Duration(s.globalFree.Load())) }

// lateAmongBooked reports whether a reply's slot taken with its begin is
// too late to use: its update was handled for more than lateSlot past it,
// and the bot's queue is booked a second or more past that slot (as the
// begins and sends of this process know), so a second's worth of slots
// after it is taken and the late send would make one second hold one more
// than the limit. With less booked, a late reply crowds nobody and keeps
// its slot. (At the limit of n a second, slots 1.03/n s apart, the crowding
// needs the n slots after it booked: 1.03 s and more.)
func (s *Sender) lateAmongBooked(pre *slot.Answer) bool {
	due := pre.At.Add(pre.Wait)
	if time.Since(due) <= lateSlot {
		return false
	}
	return s.freeAt().Sub(due) >= time.Second
}

// prereservedFor returns the slot taken for this reply, once.
func prereservedFor(ctx context.Context, chatID int64, bulk bool) *slot.Answer {
	p, ok := ctx.Value(prereservedKey{}).(*prereserved)
	if bulk || !ok || p.chatID != chatID || !p.used.CompareAndSwap(false, true) {
		return nil
	}
	return &p.answer
}

// limiterDown: with the limiter unavailable, sending anyway risks a 429,
// which is honoured; not sending loses the message.
func (s *Sender) limiterDown(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.log.WarnContext(ctx, "rate limiter unavailable, sending unthrottled", "err", err)
	return nil
}

// reserve takes a slot of one queue (no gates) and sleeps until it.
func (s *Sender) reserve(ctx context.Context, key string, interval time.Duration) error {
	wait, _, _, _, err := s.lim.Reserve(ctx, []string{key}, []time.Duration{interval}, []int{1}, false)
	if err != nil {
		return s.limiterDown(ctx, err)
	}
	return s.sleep(ctx, wait)
}
