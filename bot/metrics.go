package bot

import (
	"context"
	"time"
)

// Metrics receives what the bot counts (Config.Metrics). Every label is a
// fixed word (a kind, an outcome, a method, a lane), never a user's id,
// name or text. The bot knows no metrics library: cmd/kinerjabot
// implements it with Prometheus.
type Metrics interface {
	// Update: one update handled, of kind (message, callback_query, …),
	// with outcome (handled, duplicate, busy, elsewhere, error, panic),
	// in took.
	Update(kind, outcome string, took time.Duration)
	// TelegramCall: one call to the Bot API by method, with outcome (ok,
	// gone, canceled, unreachable, refused, retry_after (a 429),
	// transient, error).
	TelegramCall(method, outcome string)
	// LimiterWait: how long a send waited for its slot, by lane (reply,
	// push, bulk).
	LimiterWait(lane string, waited time.Duration)
}

type noMetrics struct{}

func (noMetrics) Update(string, string, time.Duration) {}
func (noMetrics) TelegramCall(string, string)          {}
func (noMetrics) LimiterWait(string, time.Duration)    {}

// SetMetrics sets where the sender reports its calls and waits (nil: nowhere).
func (s *Sender) SetMetrics(m Metrics) {
	if m == nil {
		m = noMetrics{}
	}
	s.metrics = m
}

func (s *Sender) met() Metrics {
	if s.metrics == nil {
		return noMetrics{}
	}
	return s.metrics
}

// callOutcome names a call's class for the metrics.
func callOutcome(c Class) string {
	switch c {
	case ClassOK:
		return "ok"
	case ClassGone:
		return "gone"
	case ClassCanceled:
		return "canceled"
	case ClassUnreachable:
		return "unreachable"
	case ClassPermanent:
		return "refused"
	case ClassRetryAfter:
		return "retry_after"
	case ClassTransient:
		return "transient"
	}
	return "error"
}

func laneOf(ctx context.Context) string {
	if isBulk(ctx) {
		return "push"
	}
	return "reply"
}

// Backlog is how many updates this process has taken from Telegram (and
// stashed) and not yet handled: its share of the intake stash.
func (b *Bot) Backlog() int {
	if in := b.intake.Load(); in != nil {
		return in.busy()
	}
	return 0
}

// setOutcome names how the update's handling ended, for the metrics.
func setOutcome(ctx context.Context, outcome string) {
	if st, ok := ctx.Value(keyState).(*updateState); ok && st.outcome == "" {
		st.outcome = outcome
	}
}
