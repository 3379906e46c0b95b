package conversations_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/msg"
	"kinerjabot/store/storetest"
)

type nopAccounts struct {
	mu   sync.Mutex
	lang map[int64]string
}

func (a *nopAccounts) SetLanguage(_ context.Context, u *conversations.User, lang string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lang[u.TelegramID] = lang
	return nil
}
func (a *nopAccounts) MarkLanguageOffered(context.Context, *conversations.User) error { return nil }

// Two engines on one Redis stand for two bot processes: a flow begun in one
// continues in the other, and the version check holds under contention.
func TestEngineOnRealRedis(t *testing.T) {
	t.Parallel()
	r := storetest.NewRedis(t)
	acc := &nopAccounts{lang: map[int64]string{}}
	newEngine := func() *conversations.Engine {
		e, err := conversations.New(r, conversations.Deps{Accounts: acc}, conversations.WithSessionTTL(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := newEngine(), newEngine()
	ctx := context.Background()
	u := &conversations.User{TelegramID: 77, ChatID: 77, Lang: "id"}

	res, err := a.Handle(ctx, u, conversations.Input{Kind: conversations.KindCommand, Command: "bahasa"})
	if err != nil || len(res.Replies) != 1 || res.Replies[0].Text.ID != "bahasa.ask" {
		t.Fatalf("start in a: %+v %v", res, err)
	}
	nonce := res.Replies[0].Buttons[0][0].Data.Nonce
	// The other process continues the same conversation.
	res, err = b.Handle(ctx, u, conversations.Input{Kind: conversations.KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: "en", Nonce: nonce}, MessageID: 1})
	if err != nil || len(res.Replies) != 2 || res.Replies[0].Text.ID != "bahasa.changed" {
		t.Fatalf("continue in b: %+v %v", res, err)
	}
	if acc.lang[77] != "en" {
		t.Fatalf("language = %q", acc.lang[77])
	}
	// The same button again (a second device) is no longer valid.
	res, err = a.Handle(ctx, u, conversations.Input{Kind: conversations.KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: "id", Nonce: nonce}, MessageID: 1})
	if err != nil || res.Answer == nil || res.Answer.ID != "callback.stale_done" || acc.lang[77] != "en" {
		t.Fatalf("replayed button: %+v %v (lang %q)", res, err, acc.lang[77])
	}

	// Many concurrent inputs of one user across both engines (no user lock
	// here, on purpose): every one is handled, none is lost to a stale write.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		e := a
		if i%2 == 1 {
			e = b
		}
		wg.Go(func() {
			if _, err := e.Handle(ctx, u, conversations.Input{Kind: conversations.KindCommand, Command: "bantuan"}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if !errors.Is(err, conversations.ErrStale) {
			t.Fatalf("unexpected error: %v", err)
		}
		failed++
	}
	raw, _ := r.LoadSession(ctx, 77)
	var s struct{ Version int64 }
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	// Each successful handling bumped the version by exactly one: 2 so far,
	// plus the replayed button, plus every /bantuan that got through.
	if want := int64(3 + 40 - failed); s.Version != want {
		t.Fatalf("version %d, want %d (%d gave up after retries)", s.Version, want, failed)
	}
}
