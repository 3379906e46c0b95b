package main

import (
	"sync"
	"testing"
	"time"
)

// What one plain step costs — a typed uraian, answered with the next
// question, nothing written to the database: 3 Redis round trips (the
// stash of the getUpdates batch, shared by all its updates under load; the
// update's begin, which claims it, locks the user, reads the session and
// preferences and takes the reply's send slot; the update's end, which
// stores the session, marks the update done, unlocks and unstashes) and no
// Postgres query (the person comes from the people cache). Before, it was
// 10 and 1, then 4 and 0 with the slot asked for apart.
// Counted, not timed; the
// background jobs are off so that only the update is counted.
func TestAPlainStepsRoundTrips(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	trips := &roundTrips{}
	var listening func() bool
	var mu sync.Mutex
	e.startWith(func(o *runOptions) {
		o.trips, o.noWorkers = trips, true
		o.cacheListening = func(f func() bool) { mu.Lock(); listening = f; mu.Unlock() }
	})
	// The people cache caches only once it listens for changes (on a busy
	// machine that can take a moment after the start).
	eventually(t, "the people cache listening", func() bool { mu.Lock(); defer mu.Unlock(); return listening != nil && listening() })
	u := e.tg.User(f.stafTelegram)
	u.SendCommand("/lapor")
	list := expect(t, u, "RHK yang mana")
	press(t, u, list, list.Buttons()[0].Text)
	eventually(t, "the uraian question, edited into the list", func() bool { return len(lastVersion(u, list.ID).Buttons()) == 0 })
	settle := func() (redis, pg int64) {
		// The update's end comes after its reply: wait until nothing moves.
		r, p := trips.counts()
		for {
			time.Sleep(150 * time.Millisecond)
			r2, p2 := trips.counts()
			if r2 == r && p2 == p {
				return r, p
			}
			r, p = r2, p2
		}
	}
	r0, p0 := settle()
	u.SendText("Menyusun notula rapat koordinasi")
	expect(t, u, "Berapa volume")
	r1, p1 := settle()
	redis, pg := r1-r0, p1-p0
	t.Logf("a plain step: %d Redis round trips, %d Postgres queries", redis, pg)
	if redis != 3 {
		t.Fatalf("a plain step took %d Redis round trips, want 3: stash, begin (with the reply's send slot), end (with the session)", redis)
	}
	if pg != 0 {
		t.Fatalf("a plain step took %d Postgres queries, want 0 (the person is cached)", pg)
	}
}
