package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// hookTarget is a webhook receiver that records what it gets.
type hookTarget struct {
	*httptest.Server
	failFirst atomic.Int32 // answer 500 to this many requests first
	inFlight  atomic.Int32
	overlap   atomic.Bool // two requests at once to this target
	mu        sync.Mutex
	ids       []int64
	texts     []string
	secrets   []string
	got       chan int64
}

func newHookTarget(t *testing.T) *hookTarget {
	h := &hookTarget{got: make(chan int64, 100)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.inFlight.Add(1) > 1 {
			h.overlap.Store(true)
		}
		defer h.inFlight.Add(-1)
		body, _ := io.ReadAll(r.Body)
		if h.failFirst.Add(-1) >= 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		var u models.Update
		if err := json.Unmarshal(body, &u); err != nil || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.ids = append(h.ids, u.ID)
		if u.Message != nil {
			h.texts = append(h.texts, u.Message.Text)
		}
		h.secrets = append(h.secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		h.mu.Unlock()
		h.got <- u.ID
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookTarget) wait(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-h.got:
		case <-time.After(2 * time.Second):
			t.Fatalf("webhook target got %d updates, want %d", len(h.snapshot()), n)
		}
	}
}

func (h *hookTarget) snapshot() []int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]int64(nil), h.ids...)
}

func TestWebhookDeliveryWithSecret(t *testing.T) {
	srv := newServer(t, WithHTTPWebhooks())
	target := newHookTarget(t)
	b := newClient(t, srv)
	ctx := context.Background()
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: target.URL + "/hook", SecretToken: "s3cret_TOKEN-1"}); err != nil {
		t.Fatal(err)
	}
	u := srv.User(80)
	for _, txt := range []string{"satu", "dua", "tiga"} {
		u.SendText(txt)
	}
	target.wait(t, 3)
	target.mu.Lock()
	texts, secrets := append([]string(nil), target.texts...), append([]string(nil), target.secrets...)
	target.mu.Unlock()
	if len(texts) != 3 || texts[0] != "satu" || texts[2] != "tiga" {
		t.Fatalf("order = %v", texts)
	}
	for _, s := range secrets {
		if s != "s3cret_TOKEN-1" {
			t.Fatalf("secret header = %q", s)
		}
	}
	waitFor(t, "empty queue", func() bool { return srv.PendingUpdates() == 0 })

	// getUpdates is refused while the webhook is set
	code, env := callJSON(t, srv, "getUpdates", nil)
	wantErr(t, code, env, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != target.URL+"/hook" || info.PendingUpdateCount != 0 {
		t.Fatalf("info = %+v %v", info, err)
	}
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	code, env = callJSON(t, srv, "getUpdates", nil)
	wantOK(t, code, env)
	_, env = callJSON(t, srv, "setWebhook", map[string]any{"url": target.URL, "secret_token": "bad token!"})
	if env.Description != "Bad Request: secret token contains unallowed characters" {
		t.Fatalf("bad secret: %+v", env)
	}
}

func TestWebhookRetriesUntil2xx(t *testing.T) {
	srv := newServer(t, WithHTTPWebhooks())
	target := newHookTarget(t)
	target.failFirst.Store(2)
	code, env := callJSON(t, srv, "setWebhook", map[string]any{"url": target.URL})
	wantOK(t, code, env)
	if env.Description != "" && env.Description != "Webhook was set" {
		t.Fatalf("description = %q", env.Description)
	}
	u := srv.User(81)
	u.SendText("pertama")
	u.SendText("kedua")
	start := time.Now()
	target.wait(t, 2)
	// Delivery is at least once, as Telegram's: a request whose answer was
	// lost on a loaded machine is sent again. What must hold is the order
	// and that each update arrives.
	var texts []string
	waitFor(t, "both updates", func() bool {
		target.mu.Lock()
		defer target.mu.Unlock()
		texts = texts[:0]
		for _, x := range target.texts {
			if len(texts) == 0 || texts[len(texts)-1] != x {
				texts = append(texts, x)
			}
		}
		return len(texts) >= 2
	})
	if len(texts) != 2 || texts[0] != "pertama" || texts[1] != "kedua" {
		t.Fatalf("texts = %v", texts)
	}
	if d := time.Since(start); d < 100*time.Millisecond { // 50ms + 100ms backoff
		t.Fatalf("retried too fast: %v", d)
	}
	_, env = callJSON(t, srv, "getWebhookInfo", nil)
	info := decode[wireWebhookInfo](t, env.Result)
	if info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate == 0 {
		t.Fatalf("info = %+v", info)
	}
	waitFor(t, "the last 2xx to be counted", func() bool { return srv.Stats().WebhookDelivered == 2 })
	if st := srv.Stats(); st.WebhookFailed != 2 {
		t.Fatalf("stats = %+v", st)
	}
	if target.overlap.Load() {
		t.Fatal("two concurrent requests to one target")
	}
}

func TestWebhookRoundRobin(t *testing.T) {
	srv := newServer(t)
	a, b := newHookTarget(t), newHookTarget(t)
	srv.SetWebhookTargets(a.URL, b.URL)
	code, env := callJSON(t, srv, "setWebhook", map[string]any{"url": "https://bot.example.com/hook", "secret_token": "abc"})
	wantOK(t, code, env)
	for i := range 6 {
		srv.User(int64(90 + i)).SendText("hi")
	}
	deadline := time.After(2 * time.Second)
	total := 0
	for total < 6 {
		select {
		case <-a.got:
		case <-b.got:
		case <-deadline:
			t.Fatalf("delivered %d of 6", total)
		}
		total++
	}
	ga, gb := a.snapshot(), b.snapshot()
	if len(ga) == 0 || len(gb) == 0 || len(ga)+len(gb) != 6 {
		t.Fatalf("a got %v, b got %v", ga, gb)
	}
	for _, h := range []*hookTarget{a, b} {
		h.mu.Lock()
		for _, s := range h.secrets {
			if s != "abc" {
				t.Errorf("secret = %q", s)
			}
		}
		h.mu.Unlock()
		if h.overlap.Load() {
			t.Error("two concurrent requests to one target")
		}
	}
}

func TestWebhookDropPendingAndClose(t *testing.T) {
	t.Parallel()
	srv := NewServer(WithHTTPWebhooks())
	u := srv.User(95)
	u.SendText("lama")
	code, env := callJSON(t, srv, "setWebhook", map[string]any{"url": "http://127.0.0.1:1/unreachable", "drop_pending_updates": true})
	wantOK(t, code, env)
	if n := srv.PendingUpdates(); n != 0 {
		t.Fatalf("pending after drop = %d", n)
	}
	u.SendText("baru") // cannot be delivered: retried until Close
	waitFor(t, "a delivery error", func() bool { _, _, e := srv.WebhookInfo(); return e != "" })
	if _, pending, _ := srv.WebhookInfo(); pending != 1 {
		t.Fatalf("pending = %d", pending)
	}
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close hangs with a failing webhook")
	}
}

// TestWebhookWithClientHandler drives go-telegram's own webhook handler.
func TestWebhookWithClientHandler(t *testing.T) {
	srv := newServer(t, WithHTTPWebhooks())
	got := make(chan *models.Update, 10)
	b := newClient(t, srv, bot.WithWebhookSecretToken("rahasia"),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	hook := httptest.NewServer(b.WebhookHandler())
	t.Cleanup(hook.Close)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.StartWebhook(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "rahasia"}); err != nil {
		t.Fatal(err)
	}
	u := srv.User(96)
	u.SendText("lewat webhook")
	if upd := nextUpdate(t, got); upd.Message == nil || upd.Message.Text != "lewat webhook" {
		t.Fatalf("update = %+v", upd)
	}
	waitFor(t, "empty queue", func() bool { return srv.PendingUpdates() == 0 })
}

// setWebhook checks the URL and the secret as Telegram does: https on
// Telegram's ports unless WithHTTPWebhooks, a secret of at most 256 of
// A-Za-z0-9_-.
func TestWebhookValidation(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		params map[string]any
		want   string
	}{
		{map[string]any{"url": "http://bot.example.com/hook"}, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{map[string]any{"url": "https://bot.example.com:9000/hook"}, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"},
		{map[string]any{"url": "not a url"}, "Bad Request: bad webhook: invalid webhook URL specified"},
		{map[string]any{"url": "https://bot.example.com/hook", "secret_token": strings.Repeat("a", 257)}, "Bad Request: secret token is too long"},
		{map[string]any{"url": "https://bot.example.com/hook", "secret_token": "with space"}, "Bad Request: secret token contains unallowed characters"},
	} {
		code, env := callJSON(t, srv, "setWebhook", tc.params)
		wantErr(t, code, env, 400, tc.want)
	}
	if url, _, _ := srv.WebhookInfo(); url != "" {
		t.Fatalf("a refused setWebhook set %q", url)
	}
	code, env := callJSON(t, srv, "setWebhook", map[string]any{"url": "https://bot.example.com:8443/hook", "secret_token": strings.Repeat("aZ0_-", 51), "max_connections": 500})
	wantOK(t, code, env)
	_, env = callJSON(t, srv, "getWebhookInfo", nil)
	if info := decode[wireWebhookInfo](t, env.Result); info.MaxConnections != 100 || info.URL != "https://bot.example.com:8443/hook" {
		t.Fatalf("info = %+v", info)
	}
	// allowed http for tests
	srv2 := NewServer(WithHTTPWebhooks())
	defer srv2.Close()
	code, env = callJSON(t, srv2, "setWebhook", map[string]any{"url": "http://127.0.0.1:9/hook"})
	wantOK(t, code, env)
}

// Over several targets, one chat's updates still arrive one at a time and
// in order (other chats go in parallel).
func TestWebhookOrderPerChatOverTargets(t *testing.T) {
	srv := newServer(t)
	var mu sync.Mutex
	seq := map[int64][]string{}
	inFlight := map[int64]int{}
	overlap := false
	done := make(chan struct{}, 100)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u models.Update
		_ = json.NewDecoder(r.Body).Decode(&u)
		chat := u.Message.Chat.ID
		mu.Lock()
		if inFlight[chat]++; inFlight[chat] > 1 {
			overlap = true
		}
		seq[chat] = append(seq[chat], u.Message.Text)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inFlight[chat]--
		mu.Unlock()
		done <- struct{}{}
	})
	a, b := httptest.NewServer(h), httptest.NewServer(h)
	t.Cleanup(a.Close)
	t.Cleanup(b.Close)
	srv.SetWebhookTargets(a.URL, b.URL)
	code, env := callJSON(t, srv, "setWebhook", map[string]any{"url": "https://bot.example.com/hook"})
	wantOK(t, code, env)
	u, v := srv.User(70), srv.User(71)
	const n = 8
	for i := range n {
		u.SendText(strings.Repeat("u", i+1))
		v.SendText(strings.Repeat("v", i+1))
	}
	for total := 0; total < 2*n; total++ {
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("delivered %d of %d", total, 2*n)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if overlap {
		t.Fatal("two updates of one chat delivered at once")
	}
	for chat, texts := range seq {
		for i, txt := range texts {
			if len(txt) != i+1 {
				t.Fatalf("chat %d got %v, out of order", chat, texts)
			}
		}
	}
}
