package main

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/bot"
	"kinerjabot/telegramtest"
)

const (
	e2eHookURL    = "https://kinerja.example.go.id/telegram/webhook"
	e2eHookSecret = "rahasia-E2E_1"
)

// webhookVia makes the fake deliver the webhook to the bot's own HTTP
// server once it listens (the public URL given to setWebhook stands for a
// TLS proxy in front of it); addr receives that server's address.
func webhookVia(tg *telegramtest.Server, addr chan<- string) runOption {
	return func(o *runOptions) {
		orig := o.ready
		ready := make(chan string, 1)
		o.ready = ready
		go func() {
			a := <-ready
			tg.SetWebhookTargets("http://" + a + bot.WebhookPath)
			if addr != nil {
				addr <- a
			}
			orig <- a
		}()
	}
}

// The bot run with TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET takes
// its updates by webhook: setWebhook with the secret and the polling's
// allowed updates, no getUpdates nor deleteWebhook, and a whole report
// filed through the chat.
func TestWebhookE2EFilesAReport(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.cfg.WebhookURL, e.cfg.WebhookSecret = e2eHookURL, e2eHookSecret
	e.startWith(webhookVia(e.tg, nil))
	u := e.tg.User(f.stafTelegram)
	d := report{rhk: "Tugas tambahan", desc: "Menjadi narasumber sosialisasi"}.start(t, u)
	d.to(stepSent)
	if rs := reportsOf(t, e.db, f.staf.ID); len(rs) != 1 {
		t.Fatalf("reports = %+v", rs)
	}
	sets := e.tg.Requests("setWebhook")
	if len(sets) != 1 {
		t.Fatalf("setWebhook called %d times", len(sets))
	}
	p := sets[0].Params
	if p["url"] != e2eHookURL || p["secret_token"] != e2eHookSecret || p["max_connections"] != "40" ||
		!strings.Contains(p["allowed_updates"], "callback_query") || !strings.Contains(p["allowed_updates"], "my_chat_member") {
		t.Fatalf("setWebhook params = %v", p)
	}
	if n := len(e.tg.Requests("getUpdates")) + len(e.tg.Requests("deleteWebhook")); n != 0 {
		t.Fatalf("%d getUpdates/deleteWebhook calls in webhook mode", n)
	}
	if st := e.tg.Stats(); st.WebhookDelivered == 0 || st.WebhookFailed != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

// A webhook request without the right secret gets 401 and is not
// handled; a body over 1 MiB gets 413, one that is not an update 400.
func TestWebhookE2ERefusesWrongSecret(t *testing.T) {
	e := newE2E(t)
	e.cfg.WebhookURL, e.cfg.WebhookSecret = e2eHookURL, e2eHookSecret
	addr := make(chan string, 1)
	e.startWith(webhookVia(e.tg, addr))
	url := "http://" + <-addr + bot.WebhookPath
	u := e.tg.User(4242, telegramtest.WithFirstName("Sari"))
	upd := []byte(`{"update_id":9000001,"message":{"message_id":1,"date":` + strconv.FormatInt(time.Now().Unix(), 10) +
		`,"chat":{"id":4242,"type":"private","first_name":"Sari"},"from":{"id":4242,"is_bot":false,"first_name":"Sari"},"text":"/bantuan"}}`)
	post := func(secret string, body []byte) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
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
	for _, s := range []string{"", "salah", e2eHookSecret + "-"} {
		if code := post(s, upd); code != http.StatusUnauthorized {
			t.Fatalf("secret %q: %d, want 401", s, code)
		}
	}
	if code := post(e2eHookSecret, bytes.Repeat([]byte("x"), bot.MaxWebhookBody+1)); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("big body: %d, want 413", code)
	}
	if code := post(e2eHookSecret, []byte(`{"hello":"world"}`)); code != http.StatusBadRequest {
		t.Fatalf("not an update: %d, want 400", code)
	}
	time.Sleep(300 * time.Millisecond)
	if h := u.History(); len(h) != 0 {
		t.Fatalf("refused requests were answered: %+v", h)
	}
	if n := len(e.logs.records(t, "webhook request refused: wrong or missing secret token")); n != 1 {
		t.Fatalf("refusals logged %d times, want 1", n)
	}
	if strings.Contains(e.logs.String(), "salah") {
		t.Fatal("a wrong secret was logged")
	}
	// Through Telegram, with the secret: answered.
	u.SendCommand("/bantuan")
	expect(t, u, "Perintah yang tersedia")
}

// The webhook variables: both or neither, an https URL on Telegram's
// ports, a secret of 1–256 of A-Za-z0-9_-; the secret never in an error.
func TestWebhookConfig(t *testing.T) {
	base := func(kv ...string) map[string]string {
		m := map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	c, err := LoadConfig(env(base()), true)
	if err != nil || c.WebhookURL != "" || c.webhookConfig().URL != "" {
		t.Fatalf("default: %v %q", err, c.WebhookURL)
	}
	c, err = LoadConfig(env(base("TELEGRAM_WEBHOOK_URL", "https://bot.example.go.id:8443/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET", strings.Repeat("aZ9_-", 51)+"x")), true)
	if err != nil || c.webhookConfig().URL != "https://bot.example.go.id:8443/telegram/webhook" || len(c.webhookConfig().Secret) != 256 {
		t.Fatalf("good: %v %+v", err, c.webhookConfig())
	}
	for _, tc := range []struct {
		url, secret, wantVar string
	}{
		{"http://bot.example.go.id/telegram/webhook", "abc", "TELEGRAM_WEBHOOK_URL"},
		{"https://bot.example.go.id:9443/hook", "abc", "TELEGRAM_WEBHOOK_URL"},
		{"https:///hook", "abc", "TELEGRAM_WEBHOOK_URL"},
		{"bot.example.go.id/hook", "abc", "TELEGRAM_WEBHOOK_URL"},
		{"https://bot.example.go.id/hook", "", "TELEGRAM_WEBHOOK_SECRET"},
		{"https://bot.example.go.id/hook", "has space", "TELEGRAM_WEBHOOK_SECRET"},
		{"https://bot.example.go.id/hook", "tanda!seru", "TELEGRAM_WEBHOOK_SECRET"},
		{"https://bot.example.go.id/hook", strings.Repeat("a", 257), "TELEGRAM_WEBHOOK_SECRET"},
		{"", "sendiri", "TELEGRAM_WEBHOOK_SECRET"},
	} {
		_, err := LoadConfig(env(base("TELEGRAM_WEBHOOK_URL", tc.url, "TELEGRAM_WEBHOOK_SECRET", tc.secret)), true)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Var != tc.wantVar {
			t.Errorf("url %q secret %q: err = %v, want a ConfigError naming %s", tc.url, tc.secret, err, tc.wantVar)
			continue
		}
		if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
			t.Errorf("the secret is in the error: %v", err)
		}
	}
}
