package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"
)

const (
	webhookBackoffMin = 50 * time.Millisecond
	webhookBackoffMax = time.Second
	webhookTimeout    = 30 * time.Second
)

type pendingUpdate struct {
	id       int64
	kind     string
	raw      json.RawMessage
	chat     int64 // its chat (a callback query: its user); 0: none
	inFlight bool
}

// chatOf is the chat an update belongs to, for webhook order per chat.
func chatOf(u *wireUpdate) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

// poller is the getUpdates call currently waiting.
type poller struct {
	terminated chan struct{}
}

type webhookState struct {
	url            string
	secret         string
	maxConnections int
	lastErrorDate  int64
	lastErrorMsg   string
}

// whTarget is one webhook destination with its delivery state.
type whTarget struct {
	url       string
	busy      bool
	backoff   time.Duration
	notBefore time.Time
}

// notifyUpdatesLocked wakes long polls and the webhook loop.
func (s *Server) notifyUpdatesLocked() {
	close(s.updSignal)
	s.updSignal = make(chan struct{})
}

// enqueueLocked adds an update (its update_id is assigned here) unless
// allowed_updates filters its kind out.
func (s *Server) enqueueLocked(kind string, u *wireUpdate) {
	if len(s.allowed) > 0 && !slices.Contains(s.allowed, kind) {
		return
	}
	u.UpdateID = s.nextUpdateID
	s.nextUpdateID++
	raw, err := json.Marshal(u)
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	pu := &pendingUpdate{id: u.UpdateID, kind: kind, raw: raw, chat: chatOf(u)}
	s.queue = append(s.queue, pu)
	if s.updHistory == nil {
		s.updHistory = map[int64]*pendingUpdate{}
	}
	s.updHistory[pu.id] = pu
	s.notifyUpdatesLocked()
}

// UpdateIDs lists the update_id of every update ever enqueued, in order.
func (s *Server) UpdateIDs() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int64, 0, len(s.updHistory))
	for id := range s.updHistory {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Redeliver puts an update that was already handed out back in front of the
// queue, with its original update_id, as Telegram does when a bot died
// before confirming it (or a webhook answer was lost). A poller whose offset
// is already past it drops it, as Telegram would; a restarted bot polling
// from offset 0, or the webhook, receives it again. It reports false for an
// unknown id.
func (s *Server) Redeliver(updateID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	pu, ok := s.updHistory[updateID]
	if !ok {
		return false
	}
	for _, q := range s.queue {
		if q.id == updateID {
			return true
		}
	}
	i := 0
	for i < len(s.queue) && s.queue[i].id < updateID {
		i++
	}
	s.queue = slices.Insert(s.queue, i, &pendingUpdate{id: pu.id, kind: pu.kind, raw: pu.raw, chat: pu.chat})
	s.notifyUpdatesLocked()
	return true
}

// PendingUpdates returns how many updates wait in the queue (not yet
// confirmed by getUpdates offset or delivered to the webhook).
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

func (s *Server) setAllowedLocked(c *call) *apiError {
	raw, ok := c.params["allowed_updates"]
	if !ok || strings.TrimSpace(raw) == "" {
		return nil
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return badRequest("can't parse allowed updates JSON object")
	}
	s.allowed = list
	return nil
}

func (s *Server) mGetUpdates(c *call) (any, error) {
	offset, _ := c.int64p("offset")
	limit, ok := c.intp("limit")
	if !ok || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := c.intp("timeout")
	timeout = max(timeout, 0)

	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return nil, conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	}
	if err := s.setAllowedLocked(c); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	me := &poller{terminated: make(chan struct{})}
	if s.poller != nil {
		close(s.poller.terminated)
	}
	s.poller = me
	defer func() {
		s.mu.Lock()
		if s.poller == me {
			s.poller = nil
		}
		s.mu.Unlock()
	}()
	switch {
	case offset > 0:
		i := 0
		for i < len(s.queue) && s.queue[i].id < offset {
			i++
		}
		s.queue = s.queue[i:]
	case offset < 0:
		if keep := int(-offset); keep < len(s.queue) {
			s.queue = s.queue[len(s.queue)-keep:]
		}
	}
	s.mu.Unlock()

	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		s.mu.Lock()
		if s.webhook.url != "" {
			s.mu.Unlock()
			return nil, conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
		}
		if len(s.queue) > 0 || timeout == 0 || s.closed {
			out := make([]json.RawMessage, 0, min(limit, len(s.queue)))
			for _, u := range s.queue {
				if len(out) == limit {
					break
				}
				out = append(out, u.raw)
			}
			s.mu.Unlock()
			return out, nil
		}
		sig := s.updSignal
		s.mu.Unlock()
		select {
		case <-sig:
		case <-deadline:
			return []json.RawMessage{}, nil
		case <-me.terminated:
			return nil, conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
		case <-c.ctx.Done():
			return nil, c.ctx.Err()
		case <-s.closeCh:
		}
	}
}

func (s *Server) mSetWebhook(c *call) (any, error) {
	u := strings.TrimSpace(c.str("url"))
	secret := c.str("secret_token")
	if u != "" {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return nil, badRequest("bad webhook: invalid webhook URL specified")
		}
		if !s.httpWebhooks {
			if pu.Scheme != "https" {
				return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
			}
			if p := pu.Port(); p != "" && p != "443" && p != "80" && p != "88" && p != "8443" {
				return nil, badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
			}
		}
	}
	if len(secret) > 256 {
		return nil, badRequest("secret token is too long")
	}
	if strings.IndexFunc(secret, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) >= 0 {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.setAllowedLocked(c); err != nil {
		return nil, err
	}
	if c.boolp("drop_pending_updates") {
		s.queue = nil
	}
	if u == "" {
		was := s.webhook.url != ""
		s.webhook = webhookState{}
		s.rebuildTargetsLocked()
		s.notifyUpdatesLocked()
		if was {
			return okDesc{true, "Webhook was deleted"}, nil
		}
		return okDesc{true, "Webhook is already deleted"}, nil
	}
	if s.webhook.url == u && s.webhook.secret == secret {
		return okDesc{true, "Webhook is already set"}, nil
	}
	s.webhook.url, s.webhook.secret = u, secret
	s.webhook.maxConnections, _ = c.intp("max_connections")
	if s.webhook.maxConnections <= 0 {
		s.webhook.maxConnections = 40
	}
	s.webhook.maxConnections = min(s.webhook.maxConnections, 100) // Telegram's 1–100
	s.rebuildTargetsLocked()
	s.notifyUpdatesLocked()
	return okDesc{true, "Webhook was set"}, nil
}

func (s *Server) mDeleteWebhook(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.boolp("drop_pending_updates") {
		s.queue = nil
	}
	was := s.webhook.url != ""
	s.webhook = webhookState{}
	s.rebuildTargetsLocked()
	s.notifyUpdatesLocked()
	if was {
		return okDesc{true, "Webhook was deleted"}, nil
	}
	return okDesc{true, "Webhook is already deleted"}, nil
}

func (s *Server) mGetWebhookInfo(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := wireWebhookInfo{URL: s.webhook.url, PendingUpdateCount: len(s.queue)}
	if s.webhook.url != "" {
		info.IPAddress = "127.0.0.1"
		info.MaxConnections = s.webhook.maxConnections
		info.LastErrorDate = s.webhook.lastErrorDate
		info.LastErrorMessage = s.webhook.lastErrorMsg
		info.AllowedUpdates = s.allowed
	}
	return info, nil
}

// SetWebhookTargets makes webhook delivery round-robin over urls, like a
// load balancer in front of several bot processes: the URL given to
// setWebhook is then only the switch that turns webhook mode on (and the
// secret_token still applies). No urls goes back to the setWebhook URL.
// Each target gets one request at a time; a failing target is skipped
// while it backs off.
func (s *Server) SetWebhookTargets(urls ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.targetURLs = append([]string(nil), urls...)
	s.rebuildTargetsLocked()
	s.notifyUpdatesLocked()
}

// WebhookInfo returns the last delivery error (as getWebhookInfo shows it).
func (s *Server) WebhookInfo() (url string, pending int, lastError string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook.url, len(s.queue), s.webhook.lastErrorMsg
}

func (s *Server) rebuildTargetsLocked() {
	s.targets, s.rr = nil, 0
	if s.webhook.url == "" {
		return
	}
	urls := s.targetURLs
	if len(urls) == 0 {
		urls = []string{s.webhook.url}
	}
	for _, u := range urls {
		s.targets = append(s.targets, &whTarget{url: u})
	}
}

// webhookLoop hands pending updates, in order, to free webhook targets.
func (s *Server) webhookLoop() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		upd, target, wait := s.nextDeliveryLocked(time.Now())
		if upd != nil {
			upd.inFlight, target.busy = true, true
			secret := s.webhook.secret
			s.wg.Add(1)
			s.mu.Unlock()
			go s.deliver(upd, target, secret)
			continue
		}
		sig := s.updSignal
		s.mu.Unlock()
		var timer *time.Timer
		var tc <-chan time.Time
		if wait > 0 {
			timer = time.NewTimer(wait)
			tc = timer.C
		}
		select {
		case <-sig:
		case <-tc:
		case <-s.closeCh:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// nextDeliveryLocked picks the first update not in flight and the next
// free target in round-robin order. wait > 0 is how long until a target
// leaves its backoff.
func (s *Server) nextDeliveryLocked(now time.Time) (*pendingUpdate, *whTarget, time.Duration) {
	if s.webhook.url == "" || len(s.targets) == 0 {
		return nil, nil, 0
	}
	// The first update whose chat has no earlier update still queued (in
	// flight or waiting for a target): one chat's updates go one at a
	// time, in order, whatever the number of targets.
	var upd *pendingUpdate
	var busyChats map[int64]bool
	for _, u := range s.queue {
		if !u.inFlight && (u.chat == 0 || !busyChats[u.chat]) {
			upd = u
			break
		}
		if u.chat != 0 {
			if busyChats == nil {
				busyChats = map[int64]bool{}
			}
			busyChats[u.chat] = true
		}
	}
	if upd == nil {
		return nil, nil, 0
	}
	var wait time.Duration
	n := len(s.targets)
	for i := 0; i < n; i++ {
		t := s.targets[(s.rr+i)%n]
		if t.busy {
			continue
		}
		if d := t.notBefore.Sub(now); d > 0 {
			if wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		s.rr = (s.rr + i + 1) % n
		return upd, t, 0
	}
	return nil, nil, wait
}

func (s *Server) deliver(upd *pendingUpdate, t *whTarget, secret string) {
	defer s.wg.Done()
	errMsg := ""
	ctx, cancel := context.WithTimeout(s.baseCtx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(upd.raw))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		var resp *http.Response
		resp, err = s.fetch.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			if resp.StatusCode/100 != 2 {
				errMsg = fmt.Sprintf("Wrong response from the webhook: %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
			}
		}
	}
	if err != nil {
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			errMsg = "Connection refused"
		case errors.Is(err, context.DeadlineExceeded):
			errMsg = "Read timeout expired"
		default:
			errMsg = err.Error()
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	t.busy = false
	upd.inFlight = false
	if errMsg == "" {
		t.backoff, t.notBefore = 0, time.Time{}
		for i, u := range s.queue {
			if u == upd {
				if i == 0 {
					s.queue[0] = nil
					s.queue = s.queue[1:]
				} else {
					s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
				}
				break
			}
		}
		s.stats.WebhookDelivered++
	} else if !s.closed {
		t.backoff = min(max(t.backoff*2, webhookBackoffMin), webhookBackoffMax)
		t.notBefore = time.Now().Add(t.backoff)
		s.webhook.lastErrorDate = s.now().Unix()
		s.webhook.lastErrorMsg = errMsg
		s.stats.WebhookFailed++
	}
	s.notifyUpdatesLocked()
}
