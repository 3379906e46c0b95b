package telegramtest

import (
	"math"
	"time"
)

// rateLimiter enforces the flood limits and measures the delivered rate.
// Guarded by Server.mu; it always uses the real clock.
type rateLimiter struct {
	global     float64
	perChat    float64
	burst      int
	globalLog  timeQueue // deliveries inside the global window
	buckets    map[int64]*bucket
	statGlobal timeQueue // deliveries in the last second (stats)
	statChat   map[int64]*timeQueue
}

// timeQueue is a FIFO of times with amortised O(1) pruning.
type timeQueue struct {
	ts   []time.Time
	head int
}

func (q *timeQueue) len() int { return len(q.ts) - q.head }

func (q *timeQueue) at(i int) time.Time { return q.ts[q.head+i] }

func (q *timeQueue) push(t time.Time) { q.ts = append(q.ts, t) }

// pruneBefore drops the times not after cut (the window is (cut, now]).
func (q *timeQueue) pruneBefore(cut time.Time) {
	for q.head < len(q.ts) && !q.ts[q.head].After(cut) {
		q.head++
	}
	if q.head == len(q.ts) {
		q.ts, q.head = q.ts[:0], 0
	} else if q.head > 64 && q.head*2 > len(q.ts) {
		n := copy(q.ts, q.ts[q.head:])
		q.ts, q.head = q.ts[:n], 0
	}
}

type bucket struct {
	tokens float64
	last   time.Time
}

func (rl *rateLimiter) init() {
	rl.buckets = map[int64]*bucket{}
	rl.statChat = map[int64]*timeQueue{}
}

func (rl *rateLimiter) configure(global, perChat float64, burst int) {
	rl.global = max(global, 0)
	rl.perChat = max(perChat, 0)
	rl.burst = max(burst, 1)
	rl.globalLog = timeQueue{}
	rl.buckets = map[int64]*bucket{}
}

// globalWindow returns how many deliveries are allowed per window.
func (rl *rateLimiter) globalWindow() (int, time.Duration) {
	if rl.global >= 1 {
		return int(math.Floor(rl.global)), time.Second
	}
	return 1, time.Duration(float64(time.Second) / rl.global)
}

// check reports whether a message to chatID may be delivered now; if not,
// it returns the whole seconds to wait (at least 1).
func (rl *rateLimiter) check(chatID int64, now time.Time) (bool, int) {
	var wait time.Duration
	if rl.global > 0 {
		n, win := rl.globalWindow()
		rl.globalLog.pruneBefore(now.Add(-win))
		if l := rl.globalLog.len(); l >= n {
			wait = max(wait, rl.globalLog.at(l-n).Add(win).Sub(now))
		}
	}
	if rl.perChat > 0 {
		b := rl.bucketFor(chatID, now)
		if b.tokens < 1 {
			need := time.Duration((1 - b.tokens) / rl.perChat * float64(time.Second))
			wait = max(wait, need)
		}
	}
	if wait > 0 {
		return false, max(1, int(math.Ceil(wait.Seconds())))
	}
	return true, 0
}

func (rl *rateLimiter) bucketFor(chatID int64, now time.Time) *bucket {
	b := rl.buckets[chatID]
	if b == nil {
		b = &bucket{tokens: float64(rl.burst), last: now}
		rl.buckets[chatID] = b
	}
	b.tokens = math.Min(float64(rl.burst), b.tokens+now.Sub(b.last).Seconds()*rl.perChat)
	b.last = now
	return b
}

// delivered records a delivery: consumes the limits and updates the
// per-second maxima in st.
func (rl *rateLimiter) delivered(chatID int64, now time.Time, st *Stats) {
	if rl.global > 0 {
		rl.globalLog.push(now)
	}
	if rl.perChat > 0 {
		rl.bucketFor(chatID, now).tokens--
	}
	cut := now.Add(-time.Second)
	rl.statGlobal.pruneBefore(cut)
	rl.statGlobal.push(now)
	st.MaxPerSecondGlobal = max(st.MaxPerSecondGlobal, rl.statGlobal.len())
	q := rl.statChat[chatID]
	if q == nil {
		q = &timeQueue{}
		rl.statChat[chatID] = q
	}
	q.pruneBefore(cut)
	q.push(now)
	st.MaxPerSecondPerChat = max(st.MaxPerSecondPerChat, q.len())
}
