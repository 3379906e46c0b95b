package clock

import (
	"sync"
	"testing"
	"time"
)

func TestStoppedClock(t *testing.T) {
	start := time.Date(2026, time.March, 2, 16, 30, 0, 123456789, time.FixedZone("WIB", 7*3600))
	c := New(start)
	if got := c.Now(); !got.Equal(start) || got.Location() != start.Location() {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	time.Sleep(2 * time.Millisecond)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("a stopped clock moved by itself: %v", got)
	}
	c.Advance(90 * time.Minute)
	if got, want := c.Now(), start.Add(90*time.Minute); !got.Equal(want) {
		t.Fatalf("after Advance: %v, want %v", got, want)
	}
	later := start.AddDate(0, 0, 7)
	c.Set(later)
	if got := c.Now(); !got.Equal(later) {
		t.Fatalf("after Set: %v, want %v", got, later)
	}
}

func TestRunningClock(t *testing.T) {
	var c Clock
	before := time.Now()
	got := c.Now()
	if got.Before(before) || got.After(time.Now()) {
		t.Fatalf("the zero clock is not the real time: %v", got)
	}
	c.Advance(48 * time.Hour)
	before = time.Now().Add(48 * time.Hour)
	got = c.Now()
	if got.Before(before) || got.After(time.Now().Add(48*time.Hour)) {
		t.Fatalf("after Advance: %v, want the real time + 48h", got)
	}
	// It keeps running.
	first := c.Now()
	time.Sleep(2 * time.Millisecond)
	if !c.Now().After(first) {
		t.Fatal("an advanced clock stopped")
	}
	at := time.Date(2026, time.December, 28, 10, 0, 0, 0, time.UTC)
	c.Set(at)
	if !c.Now().Equal(at) {
		t.Fatalf("Set did not stop the clock at %v: %v", at, c.Now())
	}
}

func TestTickingClock(t *testing.T) {
	start := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	c := NewTicking(start, time.Minute)
	for i := range 3 {
		if got, want := c.Now(), start.Add(time.Duration(i)*time.Minute); !got.Equal(want) {
			t.Fatalf("reading %d: %v, want %v", i, got, want)
		}
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("after Set: %v", got)
	}
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Fatalf("Set stopped the ticking: %v", got)
	}
	// Readings from many goroutines are each a moment of their own.
	seen := make(chan time.Time, 100)
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { seen <- c.Now() })
	}
	wg.Wait()
	close(seen)
	moments := map[time.Time]bool{}
	for m := range seen {
		if moments[m] {
			t.Fatalf("%v read twice", m)
		}
		moments[m] = true
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if got := c.Now(); !got.Equal(time.Unix(800, 0)) {
		t.Fatalf("Now = %v after 800 seconds of advances", got)
	}
}
