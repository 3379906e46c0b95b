// Package slot names a send slot under the limits Telegram sets (DOMAIN.md
// decision 12): what the bot asks the shared limiter for and what it
// answers. The bot (which sends) and the store (whose Redis keeps the
// limits for every process) both speak it; nothing here does any I/O.
package slot

import "time"

// Ask is a slot under two GCRA limits: Keys[0] is the queue (the whole
// bot's rate: its slot may lie ahead), Keys[1] a gate (one chat's rate: it
// must be open now), each with its emission interval and burst.
type Ask struct {
	Keys      [2]string
	Intervals [2]time.Duration
	Bursts    [2]int
}

// Answer is what the limiter said, as of At: Asked is false when it was
// not asked (then nothing else holds). Reserved: the slot is taken, Wait
// from At. Gated: the gate is closed, nothing taken, Wait until it opens.
// GateTAT is how far ahead of At the gate's theoretical arrival time lies.
type Answer struct {
	Asked           bool
	Reserved, Gated bool
	Wait, GateTAT   time.Duration
	At              time.Time
}
