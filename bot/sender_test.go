package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/msg"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// backoffs are the recorded sleeps long enough to be retry waits (the rate
// limiter's own millisecond waits are left out).
func (b *senderBundle) backoffs() []time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []time.Duration
	for _, d := range b.slept {
		if d >= 100*time.Millisecond {
			out = append(out, d)
		}
	}
	return out
}

type senderBundle struct {
	srv         *telegramtest.Server
	s           *Sender
	mu          sync.Mutex
	slept       []time.Duration
	unreachable []int64
}

// setupSender builds a Sender on the real go-telegram client, a telegramtest
// server and the Redis limiter. Sleeps are recorded, not slept, unless
// realSleep is set.
func setupSender(t *testing.T, cfg SenderConfig, realSleep bool, opts ...telegramtest.Option) *senderBundle {
	t.Helper()
	t.Parallel()
	b := &senderBundle{srv: telegramtest.NewServer(opts...)}
	t.Cleanup(b.srv.Close)
	api, err := tg.New(b.srv.Token(), tg.WithServerURL(b.srv.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	b.s = NewSender(api, storetest.NewRedis(t), cfg, slog.New(slog.DiscardHandler), func(_ context.Context, chatID int64) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.unreachable = append(b.unreachable, chatID)
	})
	if !realSleep {
		b.s.sleep = func(ctx context.Context, d time.Duration) error {
			b.mu.Lock()
			defer b.mu.Unlock()
			b.slept = append(b.slept, d)
			return ctx.Err()
		}
	}
	return b
}

func (b *senderBundle) user(id int64) *telegramtest.User {
	u := b.srv.User(id)
	u.SendCommand("/start") // a user must have started the bot to be messaged
	return u
}

var generous = SenderConfig{GlobalRate: 1000, PerChatRate: 1000, PerChatBurst: 1000}

func TestSenderHonours429AndDeliversOnce(t *testing.T) {
	b := setupSender(t, generous, false)
	u := b.user(11)
	b.srv.InjectFault("sendMessage", telegramtest.Fault{Status: 429, RetryAfter: 3, Times: 2})
	if _, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "halo"}); err != nil {
		t.Fatal(err)
	}
	if n := len(u.History()); n != 2 { // the /start and one delivery
		t.Fatalf("%d messages in the chat, want the message exactly once", n)
	}
	if w := b.backoffs(); len(w) != 2 || w[0] < 3*time.Second || w[0] > 4*time.Second {
		t.Fatalf("waits %v, want two waits of retry_after (3 s) plus jitter", w)
	}
}

func TestSenderGivesUpAfterTooMany429(t *testing.T) {
	b := setupSender(t, SenderConfig{GlobalRate: 1000, PerChatRate: 1000, PerChatBurst: 1000, MaxRetry429: 2}, false)
	u := b.user(12)
	b.srv.InjectFault("sendMessage", telegramtest.Fault{Status: 429, RetryAfter: 1, Times: 5})
	_, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "halo"})
	var tm *tg.TooManyRequestsError
	if !errors.As(err, &tm) {
		t.Fatalf("err = %v, want the 429 after giving up", err)
	}
}

func TestSenderRetriesTransientErrors(t *testing.T) {
	b := setupSender(t, generous, false)
	u := b.user(13)
	b.srv.InjectFault("sendMessage", telegramtest.Fault{Status: 502, Times: 2}) // a proxy's HTML page
	if _, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "halo"}); err != nil {
		t.Fatal(err)
	}
	if n := len(u.History()); n != 2 {
		t.Fatalf("%d messages, want the message once", n)
	}
	if w := b.backoffs(); len(w) != 2 || w[1] <= w[0]/2 {
		t.Fatalf("backoff waits %v", w)
	}
	// A persistent 500 ends after MaxAttempts with an error.
	b.srv.InjectFault("sendMessage", telegramtest.Fault{Status: 500, Times: 10})
	before := len(b.srv.Requests("sendMessage"))
	if _, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "lagi"}); err == nil {
		t.Fatal("persistent 500 must fail")
	}
	if got := len(b.srv.Requests("sendMessage")) - before; got != 4 {
		t.Fatalf("%d attempts, want 4", got)
	}
}

func TestSender403MarksUnreachableWithoutRetry(t *testing.T) {
	b := setupSender(t, generous, false)
	u := b.user(14)
	b.srv.BlockBy(u.ID())
	before := len(b.srv.Requests("sendMessage"))
	_, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "halo"})
	if !errors.Is(err, msg.ErrUnreachable) {
		t.Fatalf("err = %v", err)
	}
	if got := len(b.srv.Requests("sendMessage")) - before; got != 1 {
		t.Fatalf("%d attempts on a blocked chat, want 1", got)
	}
	if len(b.unreachable) != 1 || b.unreachable[0] != u.ID() {
		t.Fatalf("unreachable calls %v", b.unreachable)
	}
	// Never started the bot: the same.
	_, err = b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: int64(99999), Text: "halo"})
	if !errors.Is(err, msg.ErrUnreachable) {
		t.Fatalf("never started: err = %v", err)
	}
}

func TestSenderEditOutcomes(t *testing.T) {
	b := setupSender(t, generous, false)
	u := b.user(15)
	m, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "kartu",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Setujui", CallbackData: "v1|ap|1|ok|"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	empty := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	edit := &tg.EditMessageTextParams{ChatID: u.ID(), MessageID: m.ID, Text: "disetujui", ReplyMarkup: empty}
	if err := b.s.EditMessageText(context.Background(), edit); err != nil {
		t.Fatal(err)
	}
	last, _ := u.LastBotMessage()
	if last.Text != "disetujui" || len(last.Buttons()) != 0 {
		t.Fatalf("after the edit: %q with %d buttons", last.Text, len(last.Buttons()))
	}
	// The same edit again is "not modified": success, not an error.
	if err := b.s.EditMessageText(context.Background(), edit); err != nil {
		t.Fatalf("not modified: %v", err)
	}
	// A message that is gone is nothing to retry, and said (msg.ErrGone):
	// one asked once, and the caller may send it anew.
	before := len(b.srv.Requests("editMessageText"))
	if err := b.s.EditMessageText(context.Background(), &tg.EditMessageTextParams{ChatID: u.ID(), MessageID: 9999, Text: "x"}); !errors.Is(err, msg.ErrGone) {
		t.Fatalf("gone: %v", err)
	}
	if got := len(b.srv.Requests("editMessageText")) - before; got != 1 {
		t.Fatalf("%d attempts to edit a message that is gone", got)
	}
	// A permanent error comes back at once.
	before = len(b.srv.Requests("sendMessage"))
	_, err = b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: strings.Repeat("a", 4097)})
	if err == nil || Classify(err) != ClassPermanent {
		t.Fatalf("too long: %v", err)
	}
	if got := len(b.srv.Requests("sendMessage")) - before; got != 1 {
		t.Fatalf("%d attempts for a permanent error", got)
	}
}

// TestSenderKeepsTheLimits sends to several chats at once through a fake
// Telegram that enforces limits a little above the sender's: nothing is
// refused and the observed rates stay within them. It takes real time
// (about two seconds): the rate is what is being tested.
func TestSenderKeepsTheLimits(t *testing.T) {
	b := setupSender(t, SenderConfig{GlobalRate: 10, PerChatRate: 2, PerChatBurst: 1}, true,
		telegramtest.WithRateLimit(12, 3, 1))
	var users []*telegramtest.User
	for i := range 5 {
		users = append(users, b.user(int64(100+i)))
	}
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			for range 4 {
				if _, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "pengingat"}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	st := b.srv.Stats()
	if st.Sent != 20 || st.RateLimited != 0 {
		t.Fatalf("sent %d, refused %d: want 20 sent, none refused", st.Sent, st.RateLimited)
	}
	if st.MaxPerSecondGlobal > 12 || st.MaxPerSecondPerChat > 3+1 {
		t.Fatalf("observed %d/s global, %d/s in one chat", st.MaxPerSecondGlobal, st.MaxPerSecondPerChat)
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want Class
	}{
		{nil, ClassOK},
		{context.Canceled, ClassCanceled},
		{&tg.TooManyRequestsError{Message: "too many requests", RetryAfter: 3}, ClassRetryAfter},
		{errors.Join(tg.ErrorForbidden, errors.New("bot was blocked by the user")), ClassUnreachable},
		{wrapBad("message is not modified: specified new message content ..."), ClassOK},
		{wrapBad("message to edit not found"), ClassGone},
		{wrapBad("query is too old and response timeout expired or query ID is invalid"), ClassGone},
		{wrapBad("chat not found"), ClassUnreachable},
		{wrapBad("message is too long"), ClassPermanent},
		{errors.New("error decode response body for method sendMessage, <html>..."), ClassTransient},
		{errors.New("error response from telegram for method sendMessage, 500 Internal Server Error"), ClassTransient},
	} {
		if got := Classify(tc.err); got != tc.want {
			t.Errorf("Classify(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func wrapBad(desc string) error {
	return errors.Join(tg.ErrorBadRequest, errors.New("Bad Request: "+desc))
}

// countingLimiter counts the questions asked of a limiter.
type countingLimiter struct {
	Limiter
	mu sync.Mutex
	n  int
}

func (c *countingLimiter) Reserve(ctx context.Context, keys []string, intervals []time.Duration, bursts []int, onlyNow bool) (time.Duration, time.Duration, bool, bool, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.Limiter.Reserve(ctx, keys, intervals, bursts, onlyNow)
}

// beginSlotSender is a sender on the real Redis limiter (counted) and a
// fake Telegram with the given limits, for the tests of the slots taken
// with an update's begin (t runs in parallel).
func beginSlotSender(t *testing.T, limits telegramtest.Option, cfg SenderConfig) (*telegramtest.Server, *store.Redis, *countingLimiter, *Sender) {
	t.Helper()
	t.Parallel()
	srv := telegramtest.NewServer(limits)
	t.Cleanup(srv.Close)
	api, err := tg.New(srv.Token(), tg.WithServerURL(srv.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	rds := storetest.NewRedis(t)
	lim := &countingLimiter{Limiter: rds}
	return srv, rds, lim, NewSender(api, lim, cfg, slog.New(slog.DiscardHandler), nil)
}

// A reply's slot taken with its update's begin (store.BeginUpdateSlot) is
// the first send's: no question of its own, and the limits still hold when
// every update of five busy chats takes its slot that way.
func TestSenderUsesTheSlotTakenWithTheBegin(t *testing.T) {
	srv, rds, lim, s := beginSlotSender(t, telegramtest.WithRateLimit(12, 3, 1), SenderConfig{GlobalRate: 10, PerChatRate: 2, PerChatBurst: 1})
	var users []*telegramtest.User
	for i := range 5 {
		u := srv.User(int64(200 + i))
		u.SendCommand("/start")
		users = append(users, u)
	}
	var wg sync.WaitGroup
	var update sync.Mutex
	next := int64(0)
	for _, u := range users {
		wg.Go(func() {
			for range 4 {
				update.Lock()
				next++
				id := next
				update.Unlock()
				ask := s.ReplySlot(u.ID())
				tok, _, _, got, err := rds.BeginUpdateSlot(context.Background(), id, u.ID(), time.Minute, time.Minute, &ask)
				if err != nil || tok == "" || !got.Asked {
					t.Errorf("begin: %q %+v %v", tok, got, err)
					return
				}
				ctx := s.WithReplySlot(context.Background(), u.ID(), got)
				if _, err := s.SendMessage(ctx, &tg.SendMessageParams{ChatID: u.ID(), Text: "jawaban"}); err != nil {
					t.Error(err)
				}
				if _, err := rds.EndUpdate(context.Background(), id, u.ID(), tok, time.Minute, nil, 0, 0); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	st := srv.Stats()
	if st.Sent != 20 || st.RateLimited != 0 {
		t.Fatalf("sent %d, refused %d: want 20 sent, none refused", st.Sent, st.RateLimited)
	}
	if st.MaxPerSecondGlobal > 12 || st.MaxPerSecondPerChat > 3+1 {
		t.Fatalf("observed %d/s global, %d/s in one chat", st.MaxPerSecondGlobal, st.MaxPerSecondPerChat)
	}
	// Only a slot the begin found gated (the chat's gate still closed from
	// its previous reply) is asked for again, once the gate opens.
	lim.mu.Lock()
	asked := lim.n
	lim.mu.Unlock()
	if asked >= 20 {
		t.Fatalf("the sender asked the limiter %d times for 20 replies whose slots the begin took", asked)
	}
	t.Logf("20 replies, %d asked again (gated at the begin)", asked)
	// A second send in the same update asks for its own slot.
	u := users[0]
	ask := s.ReplySlot(u.ID())
	tok, _, _, got, err := rds.BeginUpdateSlot(context.Background(), 999, u.ID(), time.Minute, time.Minute, &ask)
	if err != nil || tok == "" {
		t.Fatal(tok, err)
	}
	ctx := s.WithReplySlot(context.Background(), u.ID(), got)
	before := asked
	for range 2 {
		if _, err := s.SendMessage(ctx, &tg.SendMessageParams{ChatID: u.ID(), Text: "dua"}); err != nil {
			t.Fatal(err)
		}
	}
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if got.Reserved && lim.n != before+1 {
		t.Fatalf("two sends with one slot taken at the begin asked %d times, want 1", lim.n-before)
	}
}

// A reply handled for longer than its wait does not use the slot taken
// with its begin: by then the slots after it are booked, and sent late it
// would make one second hold more than the limit (the bench at Telegram's
// limits saw a 429 so in its first second). Fourteen replies take their
// slots at once, as a crowd's first messages do; the first is sent a
// second after its slot, the others on time (by then the queue is booked
// only 0.44 s past now, but 1.44 s past the late reply's slot: the second
// after that slot is full).
func TestSenderAsksAgainForASlotItsUpdateOutlived(t *testing.T) {
	srv, rds, lim, s := beginSlotSender(t, telegramtest.WithRateLimit(10, 0, 1), SenderConfig{GlobalRate: 10, PerChatRate: 1, PerChatBurst: 3})
	// A connection to the fake first, out of the second measured: the
	// first request's dial would make its reply late too.
	warm := srv.User(399)
	warm.SendCommand("/start")
	if _, err := s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: warm.ID(), Text: "halo"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	type begun struct {
		u   *telegramtest.User
		ctx context.Context
	}
	var all []begun
	for i := range 14 {
		u := srv.User(int64(300 + i))
		u.SendCommand("/start")
		ask := s.ReplySlot(u.ID())
		_, _, _, got, err := rds.BeginUpdateSlot(context.Background(), int64(i+1), u.ID(), time.Minute, time.Minute, &ask)
		if err != nil || !got.Reserved {
			t.Fatalf("begin %d: %+v %v", i, got, err)
		}
		all = append(all, begun{u, s.WithReplySlot(context.Background(), u.ID(), got)})
	}
	var wg sync.WaitGroup
	for i, b := range all {
		wg.Go(func() {
			if i == 0 {
				time.Sleep(time.Second) // a slow update
			}
			if _, err := s.SendMessage(b.ctx, &tg.SendMessageParams{ChatID: b.u.ID(), Text: "jawaban"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	st := srv.Stats()
	if st.Sent != 15 || st.RateLimited != 0 || st.MaxPerSecondGlobal > 10 {
		t.Fatalf("sent %d, refused %d, at most %d in a second: want 15 sent, none refused, at most 10", st.Sent, st.RateLimited, st.MaxPerSecondGlobal)
	}
	lim.mu.Lock()
	asked := lim.n
	lim.mu.Unlock()
	if asked != 2 {
		t.Fatalf("the limiter was asked %d times: want twice, for the first message and the slow update's reply", asked)
	}
	// With nothing booked ahead, a late reply crowds nobody: it keeps the
	// slot its begin took (no question asked).
	time.Sleep(1500 * time.Millisecond) // the queue and the fake's second run empty
	u := srv.User(400)
	u.SendCommand("/start")
	ask := s.ReplySlot(u.ID())
	_, _, _, got, err := rds.BeginUpdateSlot(context.Background(), 100, u.ID(), time.Minute, time.Minute, &ask)
	if err != nil || !got.Reserved {
		t.Fatalf("begin: %+v %v", got, err)
	}
	ctx := s.WithReplySlot(context.Background(), u.ID(), got)
	time.Sleep(100 * time.Millisecond)
	if _, err := s.SendMessage(ctx, &tg.SendMessageParams{ChatID: u.ID(), Text: "jawaban"}); err != nil {
		t.Fatal(err)
	}
	lim.mu.Lock()
	defer lim.mu.Unlock()
	if lim.n != asked {
		t.Fatalf("a late reply with nothing booked ahead asked the limiter again (%d times in all)", lim.n)
	}
	if st := srv.Stats(); st.RateLimited != 0 {
		t.Fatalf("refused %d", st.RateLimited)
	}
}
