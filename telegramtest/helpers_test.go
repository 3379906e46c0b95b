package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// envelope is the Bot API answer as a test reads it.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// newServer starts a test (in parallel with the others) on a server of its
// own.
func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	t.Parallel()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t *testing.T, srv *Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(srv.URL()),
		bot.WithErrorsHandler(func(error) {}),
		bot.WithDefaultHandler(func(context.Context, *bot.Bot, *models.Update) {}),
	}, opts...)
	b, err := bot.New(srv.Token(), opts...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// viaClient starts a test of the go-telegram client on a server of its own,
// with a user who started the bot (none for id 0).
func viaClient(t *testing.T, id int64) (*Server, *bot.Bot, *User, context.Context) {
	t.Helper()
	srv := newServer(t)
	b := newClient(t, srv)
	var u *User
	if id != 0 {
		u = startedUser(srv, id)
	}
	return srv, b, u, context.Background()
}

// startPolling runs the go-telegram long-polling loop and returns the
// updates it receives.
func startPolling(t *testing.T, srv *Server) (*bot.Bot, <-chan *models.Update) {
	t.Helper()
	ch := make(chan *models.Update, 100)
	b := newClient(t, srv, bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { ch <- u }))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return b, ch
}

func nextUpdate(t *testing.T, ch <-chan *models.Update) *models.Update {
	t.Helper()
	select {
	case u := <-ch:
		return u
	case <-time.After(2 * time.Second):
		t.Fatal("no update within 2s")
		return nil
	}
}

func doReq(t *testing.T, req *http.Request) (int, envelope, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var env envelope
	_ = json.Unmarshal(body, &env)
	return resp.StatusCode, env, body
}

func methodURL(srv *Server, method string) string {
	return srv.URL() + "/bot" + srv.Token() + "/" + method
}

// callJSON calls a method with an application/json body.
func callJSON(t *testing.T, srv *Server, method string, params map[string]any) (int, envelope) {
	t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, methodURL(srv, method), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	code, env, _ := doReq(t, req)
	return code, env
}

// callForm calls a method with an application/x-www-form-urlencoded body.
func callForm(t *testing.T, srv *Server, method string, vals url.Values) (int, envelope) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, methodURL(srv, method), strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	code, env, _ := doReq(t, req)
	return code, env
}

// wantErr checks an error answer.
func wantErr(t *testing.T, code int, env envelope, wantCode int, wantDesc string) {
	t.Helper()
	if code != wantCode || env.OK || env.ErrorCode != wantCode || env.Description != wantDesc {
		t.Fatalf("got HTTP %d %+v, want %d %q", code, env, wantCode, wantDesc)
	}
}

func wantOK(t *testing.T, code int, env envelope) {
	t.Helper()
	if code != 200 || !env.OK {
		t.Fatalf("got HTTP %d %+v, want ok", code, env)
	}
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

// startedUser returns a user who pressed Start (so the bot may write).
func startedUser(srv *Server, id int64, opts ...UserOption) *User {
	u := srv.User(id, opts...)
	u.SendCommand("/start")
	return u
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// waitFor polls cond (for server-internal state without an event).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// A new server does not start its update ids where the last one did: a bot
// started again would drop them as duplicates of updates it handled.
func TestNewServersDoNotReuseUpdateIDs(t *testing.T) {
	seen := map[int64]bool{}
	for range 5 {
		s := NewServer()
		id := s.nextUpdateID
		s.Close()
		if id < 100_000_000 || id >= 1<<31 || seen[id] {
			t.Fatalf("first update id %d (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
}
