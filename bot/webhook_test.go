package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kinerjabot/locales"
	"kinerjabot/store/storetest"
)

const (
	testHookURL    = "https://bot.example.com/telegram/webhook"
	testHookSecret = "rahasia_WEBHOOK-1"
)

// startWebhook runs the bundle's bot in webhook mode behind an httptest
// server, which the fake delivers to (SetWebhookTargets: the setWebhook URL
// is the public one).
func (b *intakeBundle) startWebhook(t *testing.T, logs *storetest.LogBuffer) (hook *httptest.Server, bt *Bot) {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	bt, err = New(context.Background(), Config{
		Token: b.srv.Token(), APIURL: b.srv.URL(), Workers: 8, HandlerTimeout: 10 * time.Second,
		Sender:  SenderConfig{GlobalRate: 10000, PerChatRate: 1000, PerChatBurst: 1000},
		Webhook: WebhookConfig{URL: testHookURL, Secret: testHookSecret},
	}, Deps{Engine: b.engine, Directory: noDirectory{}, Coord: b.redis, Catalog: cat,
		Log: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+WebhookPath, bt.WebhookHandler())
	hook = httptest.NewServer(mux)
	t.Cleanup(hook.Close)
	b.srv.SetWebhookTargets(hook.URL + WebhookPath)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("bot did not stop")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if url, _, _ := b.srv.WebhookInfo(); url == testHookURL {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("setWebhook was not called")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return hook, bt
}

func post(t *testing.T, url, secret string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Updates delivered by webhook are handled like polled ones: every one,
// in order per user, and the stash is left empty.
func TestWebhookIntakeHandlesUpdates(t *testing.T) {
	b := setupIntake(t)
	logs := &storetest.LogBuffer{}
	b.startWebhook(t, logs)
	u := b.srv.User(11)
	for _, txt := range []string{"satu", "dua", "tiga"} {
		u.SendText(txt)
	}
	for range 3 {
		if _, err := u.WaitMessage(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		left, _ := b.redis.StashLen(context.Background())
		_, pending, _ := b.srv.WebhookInfo()
		if left == 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stash holds %d, fake holds %d", left, pending)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.engine.mu.Lock()
	defer b.engine.mu.Unlock()
	if b.engine.seen[11] != 3 {
		t.Fatalf("handled %d times, want 3", b.engine.seen[11])
	}
	if st := b.srv.Stats(); st.WebhookFailed != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

// A request without the right secret is refused (401) and handles
// nothing; the refusals are logged once, without the secret or the body;
// a body over 1 MiB is 413, one that is not an update 400.
func TestWebhookRefusals(t *testing.T) {
	b := setupIntake(t)
	logs := &storetest.LogBuffer{}
	hook, _ := b.startWebhook(t, logs)
	url := hook.URL + WebhookPath
	upd := []byte(`{"update_id":777,"message":{"message_id":1,"date":1,"chat":{"id":12,"type":"private"},"from":{"id":12,"first_name":"X"},"text":"BODYTEXT"}}`)
	for _, secret := range []string{"", "salah", testHookSecret + "x", strings.ToUpper(testHookSecret)} {
		if code := post(t, url, secret, upd); code != http.StatusUnauthorized {
			t.Errorf("secret %q: %d, want 401", secret, code)
		}
	}
	if code := post(t, url, testHookSecret, bytes.Repeat([]byte(" "), MaxWebhookBody+1)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: %d, want 413", code)
	}
	for _, body := range []string{"", "not json", "{}", "[1,2]", `{"update_id":"x"}`, `{"update_id":-3}`} {
		if code := post(t, url, testHookSecret, []byte(body)); code != http.StatusBadRequest {
			t.Errorf("body %q: %d, want 400", body, code)
		}
	}
	if code := post(t, url+"x", testHookSecret, upd); code == http.StatusOK {
		t.Error("another path accepted")
	}
	time.Sleep(200 * time.Millisecond)
	b.engine.mu.Lock()
	seen := len(b.engine.seen)
	b.engine.mu.Unlock()
	if seen != 0 {
		t.Fatalf("refused requests were handled: %v", b.engine.seen)
	}
	if left, _ := b.redis.StashLen(context.Background()); left != 0 {
		t.Fatalf("refused requests stashed: %d", left)
	}
	out := logs.String()
	if n := strings.Count(out, "webhook request refused"); n != 1 {
		t.Fatalf("refusals logged %d times, want once a minute:\n%s", n, out)
	}
	for _, leak := range []string{testHookSecret, "salah", "BODYTEXT"} {
		if strings.Contains(out, leak) {
			t.Fatalf("log holds %q", leak)
		}
	}
	// The right secret with the same update: handled.
	if code := post(t, url, testHookSecret, upd); code != http.StatusOK {
		t.Fatalf("good update: %d", code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.engine.mu.Lock()
		n := b.engine.seen[12]
		b.engine.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("good update not handled")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Delivered again (an answer lost): not handled twice.
	if code := post(t, url, testHookSecret, upd); code != http.StatusOK {
		t.Fatalf("redelivery: %d", code)
	}
	time.Sleep(200 * time.Millisecond)
	b.engine.mu.Lock()
	defer b.engine.mu.Unlock()
	if n := b.engine.seen[12]; n != 1 {
		t.Fatalf("redelivered update handled %d times", n)
	}
}

func TestRefusalLogOncePerMinute(t *testing.T) {
	var r refusalLog
	logs := &storetest.LogBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	req := httptest.NewRequest(http.MethodPost, WebhookPath, nil)
	t0 := time.Now()
	for i := range 5 {
		r.note(context.Background(), log, req, t0.Add(time.Duration(i)*time.Second))
	}
	r.note(context.Background(), log, req, t0.Add(61*time.Second))
	out := logs.String()
	if n := strings.Count(out, "webhook request refused"); n != 2 || !strings.Contains(out, `"refused":5`) {
		t.Fatalf("log:\n%s", out)
	}
}

// Without a webhook URL the bot polls and removes any webhook, as before;
// its webhook handler, never started, answers 503 (Telegram retries).
func TestWithoutWebhookTheBotPolls(t *testing.T) {
	b := setupIntake(t)
	b.start(t)
	u := b.srv.User(13)
	u.SendText("halo")
	if _, err := u.WaitMessage(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(b.srv.Requests("deleteWebhook")); n != 1 {
		t.Fatalf("deleteWebhook called %d times", n)
	}
	if n := len(b.srv.Requests("setWebhook")); n != 0 {
		t.Fatalf("setWebhook called %d times", n)
	}
}

func TestWebhookHandlerBeforeRun(t *testing.T) {
	b := setupIntake(t)
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	bt, err := New(context.Background(), Config{Token: b.srv.Token(), APIURL: b.srv.URL(), Webhook: WebhookConfig{URL: testHookURL, Secret: testHookSecret}},
		Deps{Engine: b.engine, Directory: noDirectory{}, Coord: b.redis, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(bt.WebhookHandler())
	t.Cleanup(hook.Close)
	upd := []byte(`{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":14,"type":"private"},"from":{"id":14,"first_name":"X"},"text":"x"}}`)
	if code := post(t, hook.URL, testHookSecret, upd); code != http.StatusServiceUnavailable {
		t.Fatalf("before Run: %d, want 503", code)
	}
	if left, _ := b.redis.StashLen(context.Background()); left != 0 {
		t.Fatalf("stashed before Run: %d", left)
	}
}
