package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"

	"kinerjabot/telegramtest"
)

// In one chat, the senders waiting get the turn replies first, each kind
// in arrival order; a waiter that gives up is skipped; an idle chat is
// forgotten.
func TestTurnsPutRepliesFirst(t *testing.T) {
	tr := newTurns()
	ctx := context.Background()
	release, err := tr.chat(ctx, 7, true)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	gone, cancel := context.WithCancel(ctx)
	for _, w := range []struct {
		name string
		push bool
		ctx  context.Context
	}{{"push 1", true, ctx}, {"push gone", true, gone}, {"reply 1", false, ctx}, {"push 2", true, ctx}, {"reply 2", false, ctx}} {
		n := queued(tr, 7)
		wg.Go(func() {
			rel, err := tr.chat(w.ctx, 7, w.push)
			if err != nil {
				return
			}
			mu.Lock()
			order = append(order, w.name)
			mu.Unlock()
			rel()
		})
		waitFor(t, func() bool { return queued(tr, 7) == n+1 })
	}
	cancel()
	waitFor(t, func() bool { return queued(tr, 7) == 4 })
	release()
	wg.Wait()
	want := []string{"reply 1", "reply 2", "push 1", "push 2"}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
	if len(tr.chats) != 0 {
		t.Fatalf("an idle chat is kept: %v", tr.chats)
	}
}

func queued(tr *turns, chatID int64) int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if q := tr.chats[chatID]; q != nil {
		return len(q.replies) + len(q.pushes)
	}
	return 0
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// A push that sleeps on its chat's limit while holding the chat's turn
// gives the turn up to a reply that comes meanwhile.
func TestTurnsAPushSleepingGivesWayToAReply(t *testing.T) {
	tr := newTurns()
	ctx := context.Background()
	release, err := tr.chat(ctx, 7, true)
	if err != nil {
		t.Fatal(err)
	}
	pctx, stop := tr.preemptible(ctx, 7)
	defer stop()
	got := make(chan struct{})
	go func() {
		rel, err := tr.chat(ctx, 7, false)
		if err == nil {
			close(got)
			rel()
		}
	}()
	select {
	case <-pctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the sleeping push was not woken by a reply")
	}
	release()
	<-got
}

// Through the real limiter: a push waiting for a busy chat does not keep a
// reply to that chat waiting behind it.
func TestSenderPutsRepliesBeforePushesInOneChat(t *testing.T) {
	// The fake allows a burst of 2 where the bot keeps 1: a request that
	// reaches it a few milliseconds early (a busy machine delays one and
	// not the next) is not refused, while a bot ignoring the chat's limit
	// (five at once) still would be.
	b := setupSender(t, SenderConfig{GlobalRate: 1000, PerChatRate: 5, PerChatBurst: 1, BulkRate: 1000}, true,
		telegramtest.WithRateLimit(1000, 5, 2))
	u := b.user(42)
	send := func(ctx context.Context, text string) {
		if _, err := b.s.SendMessage(ctx, &tg.SendMessageParams{ChatID: u.ID(), Text: text}); err != nil {
			t.Error(err)
		}
	}
	send(context.Background(), "first") // the chat is busy for 200 ms
	var wg sync.WaitGroup
	for _, text := range []string{"push 1", "push 2", "push 3"} {
		wg.Go(func() { send(Bulk(context.Background()), text) })
	}
	time.Sleep(50 * time.Millisecond) // the pushes wait for the chat
	send(context.Background(), "reply")
	wg.Wait()
	var texts []string
	for _, m := range u.History() {
		if m.FromBot {
			texts = append(texts, m.Text)
		}
	}
	if len(texts) != 5 || texts[0] != "first" || texts[1] != "reply" {
		t.Fatalf("messages in order %q: the reply must come right after the first", texts)
	}
	if st := b.srv.Stats(); st.RateLimited != 0 {
		t.Fatalf("%d sends refused by the chat's limit", st.RateLimited)
	}
}
