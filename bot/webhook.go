package bot

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// WebhookPath is where the bot takes Telegram's webhook requests (on the
// HTTP server of /healthz and /readyz).
const WebhookPath = "/telegram/webhook"

// MaxWebhookBody is the largest webhook request body read (1 MiB); a larger
// one is answered 413.
const MaxWebhookBody = 1 << 20

// allowedUpdates are the update kinds asked for, by polling and webhook alike.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// WebhookConfig turns webhook intake on (URL set): Run calls setWebhook
// instead of polling, and WebhookHandler takes the updates.
type WebhookConfig struct {
	URL            string // public https URL Telegram posts to
	Secret         string // secret_token: the X-Telegram-Bot-Api-Secret-Token every request must carry
	MaxConnections int    // setWebhook's max_connections (default 40)
}

// webhookIntake is the intake of a bot that takes updates by webhook: the
// handler stashes each update (as polling does) and hands it to the same
// dispatcher, then answers 200.
type webhookIntake struct {
	in *intake
	// mu: accept holds it shared while it hands an update over; close
	// takes it alone, so nothing is handed over once the dispatcher is
	// being waited for.
	mu     sync.RWMutex
	closed bool
}

func (w *webhookIntake) accept(ctx context.Context, u *models.Update) int {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return http.StatusServiceUnavailable // Telegram retries, maybe another process
	}
	if w.in.busy() >= w.in.maxAhead {
		return http.StatusServiceUnavailable
	}
	raw, err := json.Marshal(u)
	if err != nil {
		w.in.log.ErrorContext(ctx, "could not encode a webhook update", "update_id", u.ID, "err", err)
		return http.StatusInternalServerError
	}
	if err := w.in.stash.StashUpdates(ctx, map[int64][]byte{u.ID: raw}, map[int64]int64{u.ID: updateUserID(u)}); err != nil {
		// Not stashed, not confirmed: Telegram sends it again.
		w.in.log.ErrorContext(ctx, "could not stash a webhook update", "update_id", u.ID, "err", err)
		return http.StatusInternalServerError
	}
	if w.in.stashed != nil {
		w.in.stashed()
	}
	w.in.take(u)
	return http.StatusOK
}

// close stops taking updates and waits for those taken to be handled.
func (w *webhookIntake) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.in.d.wait()
}

// refusalLog logs refused webhook requests at most once a minute, with how
// many were refused since the last line.
type refusalLog struct {
	mu      sync.Mutex
	last    time.Time
	pending int
}

const refusalLogEvery = time.Minute

func (r *refusalLog) note(ctx context.Context, log *slog.Logger, req *http.Request, now time.Time) {
	r.mu.Lock()
	r.pending++
	if !r.last.IsZero() && now.Sub(r.last) < refusalLogEvery {
		r.mu.Unlock()
		return
	}
	n := r.pending
	r.last, r.pending = now, 0
	r.mu.Unlock()
	// Neither the header given nor the body: only where it came from.
	log.WarnContext(ctx, "webhook request refused: wrong or missing secret token",
		"refused", n, "remote", req.RemoteAddr, "header_present", req.Header.Get(secretHeader) != "")
}

const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler serves Telegram's webhook requests (POST WebhookPath): a
// request without the right secret token is answered 401, a body over
// MaxWebhookBody 413, one that is not an update 400; an update is stashed
// and answered 200 at once, then handled like a polled one (same per-user
// order and dedupe). Until Run is taking webhook updates, and once it
// stops, the answer is 503 (Telegram retries).
func (b *Bot) WebhookHandler() http.Handler {
	want := sha256.Sum256([]byte(b.cfg.Webhook.Secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Both sides hashed: the comparison takes the same time whatever
		// the length of what was sent.
		got := sha256.Sum256([]byte(r.Header.Get(secretHeader)))
		if b.cfg.Webhook.Secret == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			b.refusals.note(r.Context(), b.log, r, time.Now())
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxWebhookBody))
		if err != nil {
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read the body", http.StatusBadRequest)
			return
		}
		var u models.Update
		if err := json.Unmarshal(body, &u); err != nil || u.ID <= 0 {
			http.Error(w, "not an update", http.StatusBadRequest)
			return
		}
		hook := b.hook.Load()
		if hook == nil {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		if code := hook.accept(r.Context(), &u); code != http.StatusOK {
			http.Error(w, http.StatusText(code), code)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// runWebhook is Run in webhook mode: what a previous process left in the
// stash first, then setWebhook, then updates come through WebhookHandler
// until ctx ends; the updates taken are finished before it returns. The
// webhook stays set (the next process, or another one, takes it on).
func (b *Bot) runWebhook(ctx context.Context) error {
	in := &intake{
		stash:    b.deps.Coord,
		log:      b.log,
		stashed:  func() { b.checkpoint("stashed") },
		maxAhead: max(b.cfg.Workers*16, 256),
		doneCh:   make(chan struct{}, 1),
	}
	work := context.WithoutCancel(ctx)
	in.d = newDispatcher(b.cfg.Workers, func(u *models.Update) { b.HandleUpdate(work, u) }, in.finished)
	hook := &webhookIntake{in: in}
	in.recover(ctx)
	go in.recoverSweep(ctx)
	b.hook.Store(hook)
	defer b.hook.Store(nil)
	err := b.setWebhook(ctx)
	if err == nil {
		b.log.InfoContext(ctx, "bot taking updates by webhook", "bot", b.username, "workers", b.cfg.Workers)
		<-ctx.Done()
	}
	hook.close()
	b.log.Info("bot stopped")
	return err
}

// setWebhook registers the webhook, retrying with backoff while Telegram
// cannot be reached; a refusal (400: a bad URL or secret) is an error.
func (b *Bot) setWebhook(ctx context.Context) error {
	p := &tg.SetWebhookParams{
		URL:            b.cfg.Webhook.URL,
		SecretToken:    b.cfg.Webhook.Secret,
		AllowedUpdates: allowedUpdates,
		MaxConnections: b.cfg.Webhook.MaxConnections,
	}
	if p.MaxConnections <= 0 {
		p.MaxConnections = 40
	}
	backoff := time.Duration(0)
	for {
		_, err := b.api.SetWebhook(ctx, p)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, tg.ErrorBadRequest) || errors.Is(err, tg.ErrorUnauthorized) {
			return errors.New("bot: setWebhook refused: " + err.Error())
		}
		backoff = min(max(backoff*2, 500*time.Millisecond), 30*time.Second)
		b.log.WarnContext(ctx, "setWebhook failed, retrying", "err", err, "wait", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
	}
}
