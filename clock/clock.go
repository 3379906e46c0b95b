// Package clock is a settable clock: the time a bot, a store or the demo
// runs on, moved by a test or by a visitor. It is safe for concurrent use.
//
// A zero Clock runs with the machine's time; Advance moves it forward and
// it keeps running. Set (or New) stops it at a moment, where it stays until
// it is set again or advanced.
package clock

import (
	"sync"
	"time"
)

// Clock is a settable clock. The zero value runs with the real time.
type Clock struct {
	mu      sync.Mutex
	stopped bool
	at      time.Time     // the moment a stopped clock shows
	offset  time.Duration // how far a running clock is ahead of the real time
	tick    time.Duration // how far each reading moves the clock on
}

// New returns a clock stopped at t.
func New(t time.Time) *Clock {
	return &Clock{stopped: true, at: t}
}

// NewTicking returns a clock stopped at t that moves on by tick after each
// reading, so that every reading is a moment of its own.
func NewTicking(t time.Time, tick time.Duration) *Clock {
	return &Clock{stopped: true, at: t, tick: tick}
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		now := c.at
		c.at = c.at.Add(c.tick)
		return now
	}
	now := time.Now().Add(c.offset)
	c.offset += c.tick
	return now
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped, c.at = true, t
}

// Advance moves the clock by d (forward for a positive d); a running clock
// keeps running, a stopped one stays stopped.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		c.at = c.at.Add(d)
		return
	}
	c.offset += d
}
