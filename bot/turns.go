package bot

import (
	"context"
	"sync"
	"time"
)

// turns are the process's queues in front of the shared limiter. Sends to
// one chat ask the limiter one at a time, replies before pushes; pushes ask
// for a free slot of the whole bot one at a time. The others wait on a
// channel, at no cost, until the one ahead has its slot: ten cards queued
// for one busy supervisor make one limiter call each, not ten every time
// the chat frees up. (The limiter in Redis still decides between
// processes; a turn only orders this process's own senders.)
type turns struct {
	mu    sync.Mutex
	chats map[int64]*turn
	bulk  turn
	// gates: when each chat's limit will have no sends ahead (its
	// theoretical arrival time), as the limiter last said. A send that
	// knows the chat is still busy sleeps without asking.
	gates map[int64]time.Time
}

// turn is one queue: held by one sender at a time; replies waiting go
// before pushes waiting, each in arrival order. A push that holds a chat's
// turn while it sleeps until the chat's limit opens gives it up to a reply
// that comes meanwhile (preempt).
type turn struct {
	held            bool
	replies, pushes []chan struct{}
	preempt         context.CancelFunc // the sleeping push holder's, while it sleeps
}

func newTurns() *turns { return &turns{chats: map[int64]*turn{}, gates: map[int64]time.Time{}} }

// learnGate remembers when chatID's limit has no sends ahead.
func (t *turns) learnGate(chatID int64, tat time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.gates) >= 4096 { // forget the chats that are free again
		now := time.Now()
		for id, at := range t.gates {
			if at.Before(now) {
				delete(t.gates, id)
			}
		}
	}
	t.gates[chatID] = tat
}

// gateWait is how long chatID's limit is still closed to a send that may
// arrive tolerance before the chat's arrival time (its burst), as far as
// this process knows; 0 when it may ask.
func (t *turns) gateWait(chatID int64, tolerance time.Duration) time.Duration {
	t.mu.Lock()
	at, ok := t.gates[chatID]
	t.mu.Unlock()
	if !ok {
		return 0
	}
	return max(time.Until(at.Add(-tolerance)), 0)
}

// chat waits for the turn at chatID's limit. The returned release must be
// called once the send has its slot (or gives up).
func (t *turns) chat(ctx context.Context, chatID int64, push bool) (release func(), err error) {
	t.mu.Lock()
	q := t.chats[chatID]
	if q == nil {
		q = &turn{}
		t.chats[chatID] = q
	}
	ch := t.enter(q, push)
	t.mu.Unlock()
	forget := func() {
		if !q.held && t.chats[chatID] == q {
			delete(t.chats, chatID) // nobody waits: forget the chat
		}
	}
	if err := t.await(ctx, q, ch); err != nil {
		t.mu.Lock()
		forget()
		t.mu.Unlock()
		return nil, err
	}
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		q.preempt = nil
		t.pass(q)
		forget()
	}, nil
}

// preemptible returns a context for a push that holds chatID's turn and
// is about to sleep until the chat's limit opens: it is cancelled when a
// reply to the chat comes meanwhile, and the push should then give the
// turn up (release) and queue again. stop ends that.
func (t *turns) preemptible(ctx context.Context, chatID int64) (context.Context, func()) {
	pctx, cancel := context.WithCancel(ctx)
	t.mu.Lock()
	defer t.mu.Unlock()
	q := t.chats[chatID]
	if q == nil || !q.held {
		return pctx, cancel
	}
	if len(q.replies) > 0 {
		cancel() // a reply is already waiting
		return pctx, cancel
	}
	q.preempt = cancel
	return pctx, func() {
		t.mu.Lock()
		q.preempt = nil
		t.mu.Unlock()
		cancel()
	}
}

// push waits for the turn to ask for a free slot of the whole bot.
func (t *turns) push(ctx context.Context) (release func(), err error) {
	t.mu.Lock()
	ch := t.enter(&t.bulk, true)
	t.mu.Unlock()
	if err := t.await(ctx, &t.bulk, ch); err != nil {
		return nil, err
	}
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.pass(&t.bulk)
	}, nil
}

// enter takes q if it is free (nil), else queues a channel that q will be
// passed on. Called with t.mu held.
func (t *turns) enter(q *turn, push bool) chan struct{} {
	if !q.held {
		q.held = true
		return nil
	}
	ch := make(chan struct{}, 1)
	if push {
		q.pushes = append(q.pushes, ch)
	} else {
		q.replies = append(q.replies, ch)
		if q.preempt != nil {
			q.preempt() // a push sleeps holding the turn: it gives it up
			q.preempt = nil
		}
	}
	return ch
}

// await waits until q is passed on ch (nil: already taken).
func (t *turns) await(ctx context.Context, q *turn, ch chan struct{}) error {
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		t.mu.Lock()
		defer t.mu.Unlock()
		if !remove(&q.replies, ch) && !remove(&q.pushes, ch) {
			// The turn was passed to us meanwhile: pass it on.
			t.pass(q)
		}
		return ctx.Err()
	}
}

// pass gives q to the next waiter, a reply first; q is free when nobody
// waits. Called with t.mu held.
func (t *turns) pass(q *turn) {
	for _, list := range []*[]chan struct{}{&q.replies, &q.pushes} {
		if len(*list) > 0 {
			ch := (*list)[0]
			*list = (*list)[1:]
			ch <- struct{}{}
			return
		}
	}
	q.held = false
}

func remove(list *[]chan struct{}, ch chan struct{}) bool {
	for i, c := range *list {
		if c == ch {
			*list = append((*list)[:i], (*list)[i+1:]...)
			return true
		}
	}
	return false
}
