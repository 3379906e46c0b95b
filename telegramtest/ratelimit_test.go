package telegramtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestRateLimitRefusesAndStatsStayWithinLimits(t *testing.T) {
	const global, perChat, burst = 10, 1, 2
	srv := newServer(t, WithRateLimit(global, perChat, burst))
	users := make([]*User, 8)
	for i := range users {
		users[i] = startedUser(srv, int64(100+i))
	}
	var mu sync.Mutex
	ok, limited := 0, 0
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := users[i%len(users)]
			code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": u.ID(), "text": fmt.Sprint("pesan ", i)})
			mu.Lock()
			defer mu.Unlock()
			switch code {
			case 200:
				ok++
			case 429:
				limited++
				ra := 0
				if env.Parameters != nil {
					ra = env.Parameters.RetryAfter
				}
				if ra < 1 || env.Description != fmt.Sprintf("Too Many Requests: retry after %d", ra) || env.ErrorCode != 429 {
					t.Errorf("429 answer = %+v", env)
				}
			default:
				t.Errorf("unexpected %d %+v", code, env)
			}
		}()
	}
	wg.Wait()
	st := srv.Stats()
	if ok == 0 || limited == 0 {
		t.Fatalf("ok=%d limited=%d", ok, limited)
	}
	if st.Sent != ok || st.RateLimited != limited {
		t.Fatalf("stats %+v vs ok=%d limited=%d", st, ok, limited)
	}
	if st.MaxPerSecondGlobal > global || st.MaxPerSecondPerChat > burst+perChat {
		t.Fatalf("limits exceeded: %+v", st)
	}
	delivered := 0
	for _, u := range users {
		for _, m := range u.History() {
			if m.FromBot {
				delivered++
			}
		}
	}
	if delivered != ok {
		t.Fatalf("%d messages in chats, %d accepted", delivered, ok)
	}
}

func TestRateLimitPerChatViaClient(t *testing.T) {
	srv := newServer(t)
	// One message per 500 ms per chat: the second send comes well inside
	// it even on a loaded machine (at 50 ms a slow second send found the
	// bucket refilled, once under CI's load).
	srv.SetRateLimit(0, 2, 1)
	b := newClient(t, srv)
	u := startedUser(srv, 120)
	other := startedUser(srv, 121)
	ctx := context.Background()
	send := func(u *User) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "x"})
		return err
	}
	if err := send(u); err != nil {
		t.Fatal(err)
	}
	err := send(u)
	var tmr *bot.TooManyRequestsError
	if !errors.As(err, &tmr) || tmr.RetryAfter != 1 || !strings.Contains(tmr.Message, "Too Many Requests: retry after 1") {
		t.Fatalf("second send = %v", err)
	}
	if err := send(other); err != nil {
		t.Fatalf("another chat is limited too: %v", err)
	}
	// edits and chat actions are not counted
	m, _ := u.LastBotMessage()
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: m.ID, Text: "y"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(550 * time.Millisecond)
	if err := send(u); err != nil {
		t.Fatalf("after the bucket refilled: %v", err)
	}
	if st := srv.Stats(); st.RateLimited != 1 || st.Sent != 3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestRateLimitGlobalRetryAfter(t *testing.T) {
	srv := newServer(t, WithRateLimit(0.5, 0, 0)) // one message per 2s
	startedUser(srv, 130)
	code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 130, "text": "a"})
	wantOK(t, code, env)
	code, env = callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 130, "text": "b"})
	wantErr(t, code, env, 429, "Too Many Requests: retry after 2")
	if env.Parameters == nil || env.Parameters.RetryAfter != 2 {
		t.Fatalf("parameters = %+v", env.Parameters)
	}
}
