package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// poller calls getUpdates itself instead of the library's loop, which
// confirms updates before they are handled (ARCHITECTURE.md, traps). An
// update is confirmed (the next offset passes it) only once it is in the
// Redis stash (see Stash), so a crash loses nothing: a restarted process
// handles what is left in the stash.
type poller struct {
	url     string // {api}/bot{token}/getUpdates
	client  *http.Client
	timeout time.Duration
	log     *slog.Logger
}

type updatesAnswer struct {
	OK          bool             `json:"ok"`
	Result      []*models.Update `json:"result"`
	ErrorCode   int              `json:"error_code"`
	Description string           `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// errPoll is a getUpdates failure; its text never holds the token.
type errPoll struct {
	code int
	desc string
	wait time.Duration
}

func (e *errPoll) Error() string { return fmt.Sprintf("getUpdates: %d %s", e.code, e.desc) }

func (p *poller) fetch(ctx context.Context, offset int64, timeout time.Duration) ([]*models.Update, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"limit":           100,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return nil, &errPoll{desc: "bad request"}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Strip the URL (it holds the token) from the error.
		var uerr interface{ Unwrap() error }
		if errors.As(err, &uerr) && uerr.Unwrap() != nil {
			err = uerr.Unwrap()
		}
		return nil, &errPoll{desc: err.Error()}
	}
	defer resp.Body.Close()
	var a updatesAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return nil, &errPoll{code: resp.StatusCode, desc: "answer is not JSON"}
	}
	if !a.OK {
		return nil, &errPoll{code: a.ErrorCode, desc: a.Description, wait: time.Duration(a.Parameters.RetryAfter) * time.Second}
	}
	return a.Result, nil
}

// dispatcher runs every update of one user one at a time and in arrival
// order, each user in a goroutine of their own (started on demand, gone when
// the user's queue is empty), at most limit users at once. One user waiting
// (a slow handler, their chat's rate limit) holds up nobody else.
type dispatcher struct {
	handle func(*models.Update)
	done   func(*models.Update)
	slots  chan struct{} // counting semaphore: users being handled at once

	mu     sync.Mutex
	queues map[int64][]*models.Update // pending updates per user; present while a goroutine runs
	halted bool                       // halt was called: nothing more is started
	wg     sync.WaitGroup
}

func newDispatcher(limit int, handle, done func(*models.Update)) *dispatcher {
	return &dispatcher{handle: handle, done: done, slots: make(chan struct{}, limit), queues: map[int64][]*models.Update{}}
}

// queueKey is the queue an update waits in: its user's (updateUserID), or
// one of its own when it has no user.
func queueKey(u *models.Update) int64 {
	if k := updateUserID(u); k != 0 {
		return k
	}
	return -u.ID
}

// push queues u behind the user's earlier updates. It never blocks.
func (d *dispatcher) push(u *models.Update) {
	k := queueKey(u)
	d.mu.Lock()
	q, running := d.queues[k]
	d.queues[k] = append(q, u)
	d.mu.Unlock()
	if running {
		return
	}
	d.wg.Go(func() { d.run(k) })
}

// run handles user k's updates in order. The slot is taken for one update
// at a time and given back between them, and goroutines waiting for a slot
// get it in turn (a channel's senders are woken first come, first served):
// a user who answers quickly does not keep the slot while others wait.
func (d *dispatcher) run(k int64) {
	for {
		d.mu.Lock()
		q := d.queues[k]
		if len(q) == 0 {
			delete(d.queues, k)
			d.mu.Unlock()
			return
		}
		if d.halted {
			delete(d.queues, k)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.mu.Unlock()
		d.slots <- struct{}{}
		d.mu.Lock()
		if d.halted {
			// Waited for a slot past the halt: u stays queued (stashed).
			delete(d.queues, k)
			d.mu.Unlock()
			<-d.slots
			return
		}
		d.queues[k] = d.queues[k][1:]
		d.mu.Unlock()
		d.handle(u)
		d.done(u)
		<-d.slots
	}
}

// halt starts no further update (a drain's bound has passed) and returns
// how many were queued and not started: they stay in the stash, for the
// next process to handle.
func (d *dispatcher) halt() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.halted = true
	n := 0
	for _, q := range d.queues {
		n += len(q)
	}
	return n
}

// wait returns once every queued update was handled.
func (d *dispatcher) wait() { d.wg.Wait() }

// Stash keeps updates that were taken from Telegram but not yet handled, so
// the offset can be confirmed at once (no head-of-line blocking) without a
// crash losing them: a restarted process handles what is left in the stash
// first, and the dedupe markers make a second handling a no-op.
type Stash interface {
	// users: the user each update is from (their updates are handled in
	// order, also when one is taken over from a process that died).
	StashUpdates(ctx context.Context, updates map[int64][]byte, users map[int64]int64) error
	StashedUpdates(ctx context.Context) ([][]byte, error)
}

// intake is the polling loop.
type intake struct {
	p        *poller
	d        *dispatcher
	stash    Stash
	log      *slog.Logger
	maxAhead int    // at most this many updates taken and not yet handled
	stashed  func() // called after each stashed batch (Config.Checkpoint)
	metrics  Metrics

	mu        sync.Mutex
	inflight  int
	doneCh    chan struct{}
	recovered map[int64]bool // stashed updates of dead processes taken over, by id
}

// finished counts a handled update out. The middleware took it out of the
// stash already, with its "done" marker (Coordinator.EndUpdate).
func (in *intake) finished(u *models.Update) {
	in.mu.Lock()
	in.inflight--
	in.mu.Unlock()
	select {
	case in.doneCh <- struct{}{}:
	default:
	}
}

func (in *intake) take(u *models.Update) {
	in.mu.Lock()
	in.inflight++
	in.mu.Unlock()
	in.d.push(u)
}

func (in *intake) busy() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.inflight
}

// recover hands out what processes known dead left in the stash (the
// store leaves a living process's updates to it), each once.
func (in *intake) recover(ctx context.Context) {
	raws, err := in.stash.StashedUpdates(ctx)
	if err != nil {
		in.log.ErrorContext(ctx, "could not read the update stash", "err", err)
		return
	}
	n := 0
	for _, raw := range raws {
		var u models.Update
		if err := json.Unmarshal(raw, &u); err != nil {
			in.log.ErrorContext(ctx, "dropping an unreadable stashed update", "err", err)
			continue
		}
		in.mu.Lock()
		seen := in.recovered[u.ID]
		if in.recovered == nil {
			in.recovered = map[int64]bool{}
		}
		in.recovered[u.ID] = true
		in.mu.Unlock()
		if !seen {
			in.take(&u)
			n++
		}
	}
	if n > 0 {
		in.log.InfoContext(ctx, "handling updates left by a process that stopped", "count", n)
	}
}

// recoverSweep looks at the stash again now and then until ctx ends: a
// process that died a moment ago looks alive for AliveFor (its heartbeat),
// and one that dies while others run leaves its updates to them.
func (in *intake) recoverSweep(ctx context.Context) {
	t := time.NewTicker(recoverEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			in.recover(ctx)
		}
	}
}

// recoverEvery is how often the stash is looked at again: a little more
// than a process's heartbeat lasts after its death (store.AliveFor).
const recoverEvery = 2 * time.Second

// run polls until ctx ends and returns the offset that would confirm
// everything taken.
func (in *intake) run(ctx context.Context) int64 {
	in.recover(ctx)
	go in.recoverSweep(ctx)
	var offset int64 // 0: no offset — only after an empty answer, see below
	backoff := time.Duration(0)
	for {
		if ctx.Err() != nil {
			return offset
		}
		if in.busy() >= in.maxAhead {
			in.waitDone(ctx, time.Second)
			continue
		}
		ups, err := in.p.fetch(ctx, offset, in.p.timeout)
		in.countPoll(ctx, err)
		if err != nil {
			if ctx.Err() != nil {
				return offset
			}
			var pe *errPoll
			wait := time.Second
			if errors.As(err, &pe) && pe.wait > 0 {
				wait = pe.wait
			} else {
				backoff = min(max(backoff*2, 500*time.Millisecond), 30*time.Second)
				wait = backoff
			}
			level := slog.LevelWarn
			if errors.As(err, &pe) && pe.code == http.StatusConflict {
				level = slog.LevelError
			}
			in.log.Log(ctx, level, "getUpdates failed, retrying", "err", err, "wait", wait)
			select {
			case <-ctx.Done():
				return offset
			case <-time.After(wait):
			}
			continue
		}
		backoff = 0
		if len(ups) == 0 {
			// Everything before was confirmed by this call's offset. Asking
			// without an offset from now on also survives Telegram starting
			// its update ids afresh (it does after a week without updates).
			offset = 0
			continue
		}
		// The batch is stashed in one round trip; an update that is not
		// stashed is not safe to confirm: ask again from it.
		n := len(ups)
		batch := make(map[int64][]byte, n)
		users := make(map[int64]int64, n)
		for i, u := range ups {
			raw, err := json.Marshal(u)
			if err != nil {
				in.log.ErrorContext(ctx, "could not encode an update, retrying", "update_id", u.ID, "err", err)
				n = i
				break
			}
			batch[u.ID] = raw
			users[u.ID] = updateUserID(u)
		}
		if err := in.stash.StashUpdates(ctx, batch, users); err != nil {
			in.log.ErrorContext(ctx, "could not stash updates, retrying", "update_id", ups[0].ID, "err", err)
			offset = ups[0].ID
			continue
		}
		if in.stashed != nil {
			in.stashed()
		}
		for _, u := range ups[:n] {
			in.take(u)
		}
		if n < len(ups) {
			offset = ups[n].ID
		} else {
			offset = ups[n-1].ID + 1
		}
	}
}

func (in *intake) waitDone(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-in.doneCh:
	case <-time.After(d):
	}
}

// confirm tells Telegram that everything taken is confirmed (at shutdown, so
// the next process does not get the handled updates again).
func (in *intake) confirm(ctx context.Context, offset int64) {
	if offset == 0 {
		return
	}
	if _, err := in.p.fetch(ctx, offset, 0); err != nil && !strings.Contains(err.Error(), "context") {
		in.log.Warn("could not confirm handled updates at shutdown", "err", err)
	}
}

// countPoll counts one getUpdates call for the metrics.
func (in *intake) countPoll(ctx context.Context, err error) {
	if in.metrics == nil || ctx.Err() != nil {
		return
	}
	outcome := "ok"
	var pe *errPoll
	switch {
	case errors.As(err, &pe) && pe.code == http.StatusTooManyRequests:
		outcome = "retry_after"
	case err != nil:
		outcome = "error"
	}
	in.metrics.TelegramCall("getUpdates", outcome)
}
