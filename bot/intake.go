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
// confirms updates before they are handled (ARCHITECTURE.md, traps). The
// offset it sends is always the lowest update not yet handled, so a crash
// loses nothing: Telegram gives the unhandled ones again.
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
		"allowed_updates": []string{"message", "edited_message", "callback_query", "my_chat_member"},
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

// shardKey is the user an update belongs to (0 when none).
func shardKey(u *models.Update) int64 {
	switch {
	case u.Message != nil && u.Message.From != nil:
		return u.Message.From.ID
	case u.EditedMessage != nil && u.EditedMessage.From != nil:
		return u.EditedMessage.From.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.From.ID
	case u.Message != nil:
		return u.Message.Chat.ID
	}
	return 0
}

// shards runs handle for every update, one user's updates one at a time and
// in arrival order (same user → same worker), different users in parallel.
type shards struct {
	queues []chan *models.Update
	wg     sync.WaitGroup
}

func newShards(n, depth int, handle func(*models.Update), done func(*models.Update)) *shards {
	s := &shards{queues: make([]chan *models.Update, n)}
	for i := range s.queues {
		q := make(chan *models.Update, depth)
		s.queues[i] = q
		s.wg.Go(func() {
			for u := range q {
				handle(u)
				done(u)
			}
		})
	}
	return s
}

func (s *shards) push(ctx context.Context, u *models.Update) error {
	k := shardKey(u)
	if k == 0 {
		k = u.ID
	}
	if k < 0 {
		k = -k
	}
	select {
	case s.queues[k%int64(len(s.queues))] <- u:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop lets the workers finish what they hold, then returns.
func (s *shards) stop() {
	for _, q := range s.queues {
		close(q)
	}
	s.wg.Wait()
}

// intake is the polling loop with its watermark bookkeeping.
type intake struct {
	p        *poller
	sh       *shards
	log      *slog.Logger
	maxAhead int // at most this many updates handed out and not yet handled

	mu       sync.Mutex
	inflight map[int64]bool
	maxSeen  int64
	doneCh   chan struct{}
}

func (in *intake) finished(u *models.Update) {
	in.mu.Lock()
	delete(in.inflight, u.ID)
	in.mu.Unlock()
	select {
	case in.doneCh <- struct{}{}:
	default:
	}
}

// nextOffset is the lowest update not yet handled.
func (in *intake) nextOffset() (int64, int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	off := in.maxSeen + 1
	for id := range in.inflight {
		if id < off {
			off = id
		}
	}
	return off, len(in.inflight)
}

func (in *intake) run(ctx context.Context, initialOffset int64) {
	in.maxSeen = initialOffset - 1
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		offset, busy := in.nextOffset()
		if busy >= in.maxAhead {
			in.waitDone(ctx, time.Second)
			continue
		}
		timeout := in.p.timeout
		if busy > 0 {
			// Updates are still being handled: ask without waiting, so the
			// offset keeps them at Telegram until they are done.
			timeout = 0
		}
		ups, err := in.p.fetch(ctx, offset, timeout)
		if err != nil {
			if ctx.Err() != nil {
				return
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
				return
			case <-time.After(wait):
			}
			continue
		}
		backoff = 0
		fresh := 0
		for _, u := range ups {
			in.mu.Lock()
			known := u.ID <= in.maxSeen
			if !known {
				in.maxSeen = u.ID
				in.inflight[u.ID] = true
			}
			in.mu.Unlock()
			if known {
				continue
			}
			fresh++
			if err := in.sh.push(ctx, u); err != nil {
				return
			}
		}
		if fresh == 0 && busy > 0 {
			in.waitDone(ctx, 250*time.Millisecond)
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

// confirm tells Telegram that everything below offset is handled (used at
// shutdown so handled updates are not redelivered to the next process).
func (in *intake) confirm(ctx context.Context) {
	offset, _ := in.nextOffset()
	if _, err := in.p.fetch(ctx, offset, 0); err != nil && !strings.Contains(err.Error(), "context") {
		in.log.Warn("could not confirm handled updates at shutdown", "err", err)
	}
}
