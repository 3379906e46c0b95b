package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

func TestSessionVersionCheck(t *testing.T) {
	r, ctx := newRedis(t)
	if b, err := r.LoadSession(ctx, 7); err != nil || b != nil {
		t.Fatalf("empty load = %q, %v", b, err)
	}
	if ok, err := r.SaveSession(ctx, 7, 0, []byte(`{"version":1,"flow":"a"}`), time.Hour); err != nil || !ok {
		t.Fatalf("first save = %v, %v", ok, err)
	}
	// A writer that loaded "no session" is now stale.
	if ok, err := r.SaveSession(ctx, 7, 0, []byte(`{"version":1,"flow":"b"}`), time.Hour); err != nil || ok {
		t.Fatalf("stale save = %v, %v", ok, err)
	}
	if ok, err := r.SaveSession(ctx, 7, 1, []byte(`{"version":2,"flow":"c"}`), time.Hour); err != nil || !ok {
		t.Fatalf("next save = %v, %v", ok, err)
	}
	b, _ := r.LoadSession(ctx, 7)
	if string(b) != `{"version":2,"flow":"c"}` {
		t.Fatalf("stored %s", b)
	}
	ttl := r.Client().PTTL(ctx, r.Prefix()+"session:7").Val()
	if ttl <= 0 || ttl > time.Hour {
		t.Fatalf("session expiry %v", ttl)
	}
}

func TestSessionConcurrentWritersOneWinsPerVersion(t *testing.T) {
	r, ctx := newRedis(t)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if ok, _ := r.SaveSession(ctx, 8, 0, []byte(`{"version":1}`), time.Hour); ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d writers won the same version", wins.Load())
	}
}

// The end of an update stores the session the handling left, over the
// version it began with only, in the same round trip as the done marker.
func TestEndUpdateStoresTheSessionOverItsVersion(t *testing.T) {
	r, ctx := newRedis(t)
	tok, session, _, err := r.BeginUpdate(ctx, 600, 9, time.Minute, time.Minute)
	if err != nil || tok == "" || session != nil {
		t.Fatalf("begin = %q, %q, %v", tok, session, err)
	}
	stale, err := r.EndUpdate(ctx, 600, 9, tok, time.Hour, []byte(`{"version":1,"flow":"lapor"}`), 0, time.Hour)
	if err != nil || stale {
		t.Fatalf("end = stale %v, %v", stale, err)
	}
	if got, _ := r.LoadSession(ctx, 9); string(got) != `{"version":1,"flow":"lapor"}` {
		t.Fatalf("session after the end = %q", got)
	}
	if ttl := r.Client().PTTL(ctx, r.Prefix()+"session:9").Val(); ttl < 59*time.Minute {
		t.Fatalf("session kept %v, want an hour", ttl)
	}
	// Another handling saved meanwhile (version 2): a late end with the
	// version it began with (1) stores nothing, and still ends the update.
	tok, _, _, _ = r.BeginUpdate(ctx, 601, 9, time.Minute, time.Minute)
	if ok, _ := r.SaveSession(ctx, 9, 1, []byte(`{"version":2,"flow":"nilai"}`), time.Hour); !ok {
		t.Fatal("the concurrent save failed")
	}
	stale, err = r.EndUpdate(ctx, 601, 9, tok, time.Hour, []byte(`{"version":2,"flow":"lapor"}`), 1, time.Hour)
	if err != nil || !stale {
		t.Fatalf("a stale end = stale %v, %v; want stale", stale, err)
	}
	if got, _ := r.LoadSession(ctx, 9); string(got) != `{"version":2,"flow":"nilai"}` {
		t.Fatalf("a stale end overwrote the session: %q", got)
	}
	if again, _, _, _ := r.BeginUpdate(ctx, 601, 9, time.Minute, time.Minute); again != "" {
		t.Fatal("the stale end did not mark the update done")
	}
	if n := r.Client().Exists(ctx, r.Prefix()+"lock:9").Val(); n != 0 {
		t.Fatal("the stale end kept the user's lock")
	}
}

func TestBeginUpdateClaimsOnceAndReadsTheSession(t *testing.T) {
	r, ctx := newRedis(t)
	if _, err := r.SaveSession(ctx, 7, 0, []byte(`{"version":1,"flow":"lapor"}`), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := r.SetPref(ctx, 7, "lang", "en"); err != nil {
		t.Fatal(err)
	}
	tok, session, prefs, err := r.BeginUpdate(ctx, 100, 7, time.Minute, time.Minute)
	if err != nil || tok == "" || string(session) != `{"version":1,"flow":"lapor"}` || prefs["lang"] != "en" {
		t.Fatalf("begin = %q, %q, %v, %v", tok, session, prefs, err)
	}
	// A user without a session or preferences.
	tok8, session, prefs, err := r.BeginUpdate(ctx, 108, 8, time.Minute, time.Minute)
	if err != nil || tok8 == "" || session != nil || len(prefs) != 0 {
		t.Fatalf("begin of a new user = %q, %q, %v, %v", tok8, session, prefs, err)
	}
	if again, _, _, _ := r.BeginUpdate(ctx, 100, 7, time.Minute, time.Minute); again != "" {
		t.Fatal("an update in progress was claimed twice")
	}
	if _, err := r.EndUpdate(ctx, 100, 7, tok, 24*time.Hour, nil, 0, 0); err != nil {
		t.Fatal(err)
	}
	if again, _, _, _ := r.BeginUpdate(ctx, 100, 7, time.Minute, time.Minute); again != "" {
		t.Fatal("a done update was claimed again")
	}
	if ttl := r.Client().TTL(ctx, r.Prefix()+"update:100").Val(); ttl < 23*time.Hour {
		t.Fatalf("done marker kept %v, want 24h", ttl)
	}
	if n := r.Client().Exists(ctx, r.Prefix()+"lock:7").Val(); n != 0 {
		t.Fatal("the user's lock outlived the update")
	}
	// A claim whose holder crashed expires, so a redelivery is handled.
	if tok, _, _, _ := r.BeginUpdate(ctx, 101, 0, 50*time.Millisecond, time.Minute); tok == "" {
		t.Fatal("claim 101")
	}
	time.Sleep(80 * time.Millisecond)
	if tok, _, _, _ := r.BeginUpdate(ctx, 101, 0, time.Minute, time.Minute); tok == "" {
		t.Fatal("an abandoned claim must expire")
	}
	// The stash: an ended update is gone from it, claimed or not.
	if err := r.StashUpdates(ctx, map[int64][]byte{100: []byte("{}"), 102: []byte("{}")}, nil); err != nil {
		t.Fatal(err)
	}
	tok102, _, _, _ := r.BeginUpdate(ctx, 102, 0, time.Minute, time.Minute)
	_, _ = r.EndUpdate(ctx, 102, 0, tok102, time.Hour, nil, 0, 0)
	_, _ = r.EndUpdate(ctx, 100, 7, "", time.Hour, nil, 0, 0) // skipped as done
	if n, err := r.StashLen(ctx); err != nil || n != 0 {
		t.Fatalf("stash after the ends: %d left, %v", n, err)
	}
}

func TestBeginUpdateSerialisesOneUser(t *testing.T) {
	r, ctx := newRedis(t)
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			tok, _, _, err := r.BeginUpdate(ctx, int64(300+i), 42, time.Minute, 5*time.Second)
			if err != nil || tok == "" {
				t.Error(tok, err)
				return
			}
			n := inside.Add(1)
			for {
				m := maxInside.Load()
				if n <= m || maxInside.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(2 * time.Millisecond)
			inside.Add(-1)
			if _, err := r.EndUpdate(ctx, int64(300+i), 42, tok, time.Hour, nil, 0, 0); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if maxInside.Load() != 1 {
		t.Fatalf("%d holders at once", maxInside.Load())
	}
	// Another user is not blocked by this one.
	held, _, _, err := r.BeginUpdate(ctx, 400, 42, time.Minute, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if tok, _, _, err := r.BeginUpdate(tctx, 401, 43, time.Minute, 5*time.Second); err != nil || tok == "" {
		t.Fatalf("user 43 blocked by user 42: %v", err)
	}
	// Waiting for a held lock ends with the context: the update is claimed
	// (its token comes back, to end it), the user's lock is not.
	wctx, cancel2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel2()
	tok, _, _, err := r.BeginUpdate(wctx, 402, 42, time.Minute, 5*time.Second)
	if !errors.Is(err, store.ErrLockTimeout) || tok == "" {
		t.Fatalf("err = %v, token %q", err, tok)
	}
	_, _ = r.EndUpdate(ctx, 402, 42, tok, time.Hour, nil, 0, 0) // must not free the lock it never had
	wctx3, cancel3 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel3()
	if _, _, _, err := r.BeginUpdate(wctx3, 403, 42, time.Minute, 5*time.Second); !errors.Is(err, store.ErrLockTimeout) {
		t.Fatalf("a waiter's end freed the holder's lock: %v", err)
	}
	_, _ = r.EndUpdate(ctx, 400, 42, held, time.Hour, nil, 0, 0)
}

func TestUserLockExpiresAndEndIsOwnerOnly(t *testing.T) {
	r, ctx := newRedis(t)
	stale, _, _, err := r.BeginUpdate(ctx, 500, 1, time.Minute, 40*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	// The holder is stuck (its lock outlived): the lock frees itself.
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	fresh, _, _, err := r.BeginUpdate(tctx, 501, 1, time.Minute, 5*time.Second)
	if err != nil {
		t.Fatalf("expired lock not freed: %v", err)
	}
	_, _ = r.EndUpdate(ctx, 500, 1, stale, time.Hour, nil, 0, 0) // the old holder's late end must not free the new holder's lock
	wctx, cancel2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel2()
	if _, _, _, err := r.BeginUpdate(wctx, 502, 1, time.Minute, time.Second); err == nil {
		t.Fatal("a stale end freed someone else's lock")
	}
	_, _ = r.EndUpdate(ctx, 501, 1, fresh, time.Hour, nil, 0, 0)
}

func TestOnceAndPrefs(t *testing.T) {
	r, ctx := newRedis(t)
	first, _ := r.Once(ctx, "group:-5", 0)
	again, _ := r.Once(ctx, "group:-5", 0)
	if !first || again {
		t.Fatalf("once = %v then %v", first, again)
	}
	lang, offered, err := r.LoadPrefs(ctx, 5)
	if err != nil || lang != "" || offered {
		t.Fatalf("empty prefs = %q %v %v", lang, offered, err)
	}
	_ = r.SetPref(ctx, 5, "lang", "en")
	_ = r.SetPref(ctx, 5, "lang_offered", "1")
	lang, offered, _ = r.LoadPrefs(ctx, 5)
	if lang != "en" || !offered {
		t.Fatalf("prefs = %q %v", lang, offered)
	}
}

// Reservations keep the rate and the burst: each caller gets its own slot
// and sleeps once until it. A push (onlyNow) takes nothing while a slot is
// taken ahead of it, and is told when to ask again.
func TestReserveKeepsTheRateAndPutsRepliesFirst(t *testing.T) {
	r, ctx := newRedis(t)
	keys, every, burst := []string{"chat:1"}, []time.Duration{time.Second}, []int{3}
	var waits []time.Duration
	for range 6 {
		w, _, ok, _, err := r.Reserve(ctx, keys, every, burst, false)
		if err != nil || !ok {
			t.Fatalf("reserve: %v, %v", ok, err)
		}
		waits = append(waits, w)
	}
	// A burst of 3 at once, then one a second: 0, 0, 0, ~1 s, ~2 s, ~3 s.
	for i, w := range waits {
		lo := time.Duration(max(i-2, 0)) * time.Second
		if w < lo-50*time.Millisecond || w > lo+50*time.Millisecond {
			t.Fatalf("slot %d in %v, want about %v (all: %v)", i, w, lo, waits)
		}
	}
	// The limit is taken for four seconds: a push takes nothing.
	w, _, ok, gated, err := r.Reserve(ctx, keys, every, burst, true)
	if err != nil || ok || gated || w < 900*time.Millisecond {
		t.Fatalf("a push behind the replies: wait %v, reserved %v, gated %v, %v", w, ok, gated, err)
	}
	w2, _, _, _, _ := r.Reserve(ctx, keys, every, burst, false)
	if w2 < waits[5]+900*time.Millisecond {
		t.Fatalf("the refused push took a slot: the next reply waits %v", w2)
	}
	// A busy chat is a gate: nothing is taken from the global queue until
	// the chat is free, and the caller is told when that is.
	both, every2, burst2 := []string{"global", "chat:1"}, []time.Duration{100 * time.Millisecond, time.Second}, []int{1, 3}
	w, _, ok, gated, err = r.Reserve(ctx, both, every2, burst2, false)
	if err != nil || ok || !gated || w < w2-50*time.Millisecond {
		t.Fatalf("global and a busy chat: wait %v, reserved %v, gated %v (chat busy for %v), %v", w, ok, gated, w2, err)
	}
	// The global queue was left alone: two other chats get its next two
	// slots, now and 100 ms later.
	for i, chat := range []string{"chat:2", "chat:3"} {
		w, tat, ok, _, err := r.Reserve(ctx, []string{"global", chat}, every2, burst2, false)
		if tat < w+900*time.Millisecond || tat > w+1100*time.Millisecond {
			t.Fatalf("%s: the gate's arrival time %v after a slot in %v, want a second later", chat, tat, w)
		}
		want := time.Duration(i) * 100 * time.Millisecond
		if err != nil || !ok || w < want-30*time.Millisecond || w > want+30*time.Millisecond {
			t.Fatalf("%s behind a waiting chat: wait %v, reserved %v, want about %v, %v", chat, w, ok, want, err)
		}
	}
	// A push takes the next slot at most: a reply after it waits one
	// interval, never a queue of pushes.
	push := func() (time.Duration, bool) {
		w, _, ok, _, err := r.Reserve(ctx, []string{"pushes"}, []time.Duration{100 * time.Millisecond}, []int{1}, true)
		if err != nil {
			t.Fatal(err)
		}
		return w, ok
	}
	if _, _, ok, _, err := r.Reserve(ctx, []string{"pushes"}, []time.Duration{100 * time.Millisecond}, []int{1}, false); !ok || err != nil {
		t.Fatalf("a reply: %v, %v", ok, err)
	}
	if w, ok := push(); !ok || w < 50*time.Millisecond || w > 100*time.Millisecond {
		t.Fatalf("a push right behind a reply: reserved %v in %v, want the next slot", ok, w)
	}
	if w, ok := push(); ok {
		t.Fatalf("a second push took the slot after the next one, in %v", w)
	}
}

// Two processes on one Redis: what one holds (an update in progress, a
// user's lock) the other waits for while the holder lives, and takes over
// once the holder is dead — a kill -9 leaves its marks, but not its
// instance's heartbeat — without waiting for the marks' own expiry.
func TestInstancesTakeOverFromADeadOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	prefix := storetest.RedisPrefix(t)
	a, aClient := openInstance(t, prefix)
	b, _ := openInstance(t, prefix)
	if a.Instance() == b.Instance() {
		t.Fatal("two stores share an instance name")
	}
	tok, _, _, err := a.BeginUpdate(ctx, 200, 7, time.Minute, time.Minute)
	if err != nil || tok == "" {
		t.Fatalf("a begins 200: %q, %v", tok, err)
	}
	// a's stashed updates are a's while it lives: b does not take them
	// over (nor does a see its own as left behind).
	if err := a.StashUpdates(ctx, map[int64][]byte{200: []byte(`{"update_id":200}`), 202: []byte(`{"update_id":202}`)}, nil); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*store.Redis{a, b} {
		if left, err := s.StashedUpdates(ctx); err != nil || len(left) != 0 {
			t.Fatalf("a living instance's stash handed out: %q, %v", left, err)
		}
	}
	if n, err := b.StashLen(ctx); err != nil || n != 2 {
		t.Fatalf("stash length %d, %v", n, err)
	}
	// While a lives, b waits for the update and for the user.
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if tok, _, _, err := b.BeginUpdate(short, 200, 7, time.Minute, time.Minute); tok != "" || err == nil {
		t.Fatalf("b claimed an update a is handling: %q, %v", tok, err)
	}
	short2, cancel3 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel3()
	if _, _, _, err := b.BeginUpdate(short2, 210, 7, time.Minute, time.Minute); !errors.Is(err, store.ErrLockTimeout) {
		t.Fatalf("b took a's lock of a living user: %v", err)
	}
	// An update a finishes while b waits is done for b: not claimed.
	tok201, _, _, err := a.BeginUpdate(ctx, 201, 0, time.Minute, time.Minute)
	if err != nil || tok201 == "" {
		t.Fatal("a claims 201")
	}
	got := make(chan string, 1)
	go func() {
		tok, _, _, err := b.BeginUpdate(ctx, 201, 0, time.Minute, time.Minute)
		if err != nil {
			t.Error(err)
		}
		got <- tok
	}()
	time.Sleep(100 * time.Millisecond)
	if _, err := a.EndUpdate(ctx, 201, 0, tok201, time.Hour, nil, 0, 0); err != nil {
		t.Fatal(err)
	}
	if <-got != "" {
		t.Fatal("b claimed an update a finished")
	}
	// a dies without a word (its client gone, its marks left behind): b
	// takes the update and the user once a's heartbeat has run out — long
	// before the marks' own minute.
	_ = aClient.Close()
	// Its stash is b's once its heartbeat has run out.
	deadline := time.Now().Add(10 * time.Second)
	for {
		left, err := b.StashedUpdates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 2 && string(left[0]) == `{"update_id":200}` && string(left[1]) == `{"update_id":202}` {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a dead instance's stash not handed out: %q", left)
		}
		time.Sleep(100 * time.Millisecond)
	}
	wait, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	tok, _, _, err = b.BeginUpdate(wait, 200, 7, time.Minute, time.Minute)
	if err != nil || tok == "" {
		t.Fatalf("b could not take over the update and the user of a dead instance: %q, %v", tok, err)
	}
	// b's own claim in progress is not claimed twice by b.
	if again, _, _, _ := b.BeginUpdate(ctx, 200, 0, time.Minute, time.Minute); again != "" {
		t.Fatal("b claimed its own update in progress twice")
	}
}

func TestDeadInstances(t *testing.T) {
	r, ctx := newRedis(t)
	// An instance is alive from its first update on.
	if _, _, _, err := r.BeginUpdate(ctx, 900, 0, time.Minute, time.Minute); err != nil {
		t.Fatal(err)
	}
	dead, err := r.DeadInstances(ctx, []string{r.Instance(), "gone"})
	if err != nil || len(dead) != 1 || dead[0] != "gone" {
		t.Fatalf("dead = %v, %v", dead, err)
	}
}

// A user's inputs keep their order across a crash: a process that died
// with the user's earlier update begun (or only stashed) leaves it to the
// one that gets the next update, which is told to handle the earlier one
// first — once the dead process is known dead, never while it lives.
func TestEarlierUpdateOfADeadInstanceComesFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	prefix := storetest.RedisPrefix(t)
	a, aClient := openInstance(t, prefix)
	b, _ := openInstance(t, prefix)
	// a takes 700 and 701 of user 9 and 800 of user 8; it begins 700 (and
	// dies before its end), 701 and 800 it never begins.
	err := a.StashUpdates(ctx,
		map[int64][]byte{700: []byte(`{"update_id":700}`), 701: []byte(`{"update_id":701}`), 800: []byte(`{"update_id":800}`)},
		map[int64]int64{700: 9, 701: 9, 800: 8})
	if err != nil {
		t.Fatal(err)
	}
	if tok, _, _, err := a.BeginUpdate(ctx, 700, 9, time.Minute, time.Minute); err != nil || tok == "" {
		t.Fatalf("a begins 700: %q, %v", tok, err)
	}
	// A user with nothing earlier is not held up by another's updates.
	// 800 is earlier and a lives: b waits for it (and, given up, is told
	// busy like one that found the lock held).
	short0, cancel0 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel0()
	if _, _, _, err := b.BeginUpdate(short0, 810, 8, time.Minute, time.Minute); !errors.Is(err, store.ErrLockTimeout) {
		t.Fatalf("b began 810 before 800 of a living instance: %v", err)
	}
	if tok, _, _, err := b.BeginUpdate(ctx, 900, 10, time.Minute, time.Minute); err != nil || tok == "" {
		t.Fatalf("b begins an update of a user with nothing earlier: %q, %v", tok, err)
	}
	// While a lives, 702 waits (and, given up, is told busy like one that
	// found the lock held).
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, _, _, err := b.BeginUpdate(short, 702, 9, time.Minute, time.Minute); !errors.Is(err, store.ErrLockTimeout) {
		t.Fatalf("b began 702 while a's 700 was in progress: %v", err)
	}
	_ = aClient.Close() // a dies
	var earlier *store.EarlierUpdateError
	wait, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	if _, _, _, err := b.BeginUpdate(wait, 702, 9, time.Minute, time.Minute); !errors.As(err, &earlier) || string(earlier.Update) != `{"update_id":700}` {
		t.Fatalf("b begins 702 after a died: %v, want 700 first", err)
	}
	tok, _, _, err := b.BeginUpdate(ctx, 700, 9, time.Minute, time.Minute)
	if err != nil || tok == "" {
		t.Fatalf("b takes over 700: %q, %v", tok, err)
	}
	if _, err := b.EndUpdate(ctx, 700, 9, tok, time.Hour, nil, 0, 0); err != nil {
		t.Fatal(err)
	}
	// 701 (stashed by a, never begun) is next.
	if _, _, _, err := b.BeginUpdate(wait, 702, 9, time.Minute, time.Minute); !errors.As(err, &earlier) || string(earlier.Update) != `{"update_id":701}` {
		t.Fatalf("b begins 702 after 700: %v, want 701 first", err)
	}
	// 701 taken out of the stash some other way (skipped as handled): it
	// no longer holds the user up.
	if err := b.UnstashUpdate(ctx, 701); err != nil {
		t.Fatal(err)
	}
	if tok, _, _, err := b.BeginUpdate(wait, 702, 9, time.Minute, time.Minute); err != nil || tok == "" {
		t.Fatalf("b begins 702 once nothing earlier is left: %q, %v", tok, err)
	}
	if n := b.Client().ZCard(ctx, prefix+"pending:9").Val(); n != 0 {
		t.Fatalf("user 9's index keeps %d entries", n)
	}
}

// openInstance is one process's Redis store on prefix (its own client and
// instance name), closed with the test.
func openInstance(t *testing.T, prefix string) (*store.Redis, *redis.Client) {
	t.Helper()
	opt, err := redis.ParseURL(storetest.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	return store.NewRedis(rdb, prefix), rdb
}
