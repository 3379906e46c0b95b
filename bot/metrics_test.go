package bot

import (
	"context"
	"sync"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"

	"kinerjabot/telegramtest"
)

type countingMetrics struct {
	mu    sync.Mutex
	calls map[string]int
	waits map[string]int
}

func (c *countingMetrics) Update(string, string, time.Duration) {}
func (c *countingMetrics) TelegramCall(method, outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[method+" "+outcome]++
}
func (c *countingMetrics) LimiterWait(lane string, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits[lane]++
}

// A 429 is counted as retry_after, the delivery after it as ok, and every
// attempt's wait for its slot in its lane.
func TestSenderCountsCallsAnd429s(t *testing.T) {
	b := setupSender(t, generous, false)
	m := &countingMetrics{calls: map[string]int{}, waits: map[string]int{}}
	b.s.SetMetrics(m)
	u := b.user(12)
	b.srv.InjectFault("sendMessage", telegramtest.Fault{Status: 429, RetryAfter: 1, Times: 2})
	if _, err := b.s.SendMessage(context.Background(), &tg.SendMessageParams{ChatID: u.ID(), Text: "halo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.s.SendMessage(Bulk(context.Background()), &tg.SendMessageParams{ChatID: u.ID(), Text: "pengingat"}); err != nil {
		t.Fatal(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls["sendMessage retry_after"] != 2 || m.calls["sendMessage ok"] != 2 {
		t.Errorf("calls %v, want 2 retry_after and 2 ok", m.calls)
	}
	if m.waits["reply"] != 3 || m.waits["push"] != 1 {
		t.Errorf("waits %v, want 3 reply (one per attempt), 1 push", m.waits)
	}
}
