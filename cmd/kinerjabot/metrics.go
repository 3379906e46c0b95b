package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/notify"
	"kinerjabot/store"
)

// metrics are the series of GET /metrics (METRICS_ADDR), on a registry of
// their own (not Prometheus's global one), so that tests and several bots
// in one process do not collide. Their names are a contract (the Grafana
// dashboard in docs/grafana-kinerjabot.json reads them); no label ever
// carries a user's id, NIP, name or text — only fixed words.
type metrics struct {
	reg         *prometheus.Registry
	updates     *prometheus.CounterVec
	handling    *prometheus.HistogramVec
	telegram    *prometheus.CounterVec
	limiterWait *prometheus.HistogramVec
	jobs        *prometheus.CounterVec
	reminders   *prometheus.CounterVec
	reports     *prometheus.CounterVec
}

// The series' names.
const (
	metricUpdates          = "kinerjabot_updates_total"
	metricHandling         = "kinerjabot_update_handling_seconds"
	metricTelegram         = "kinerjabot_telegram_requests_total"
	metricLimiterWait      = "kinerjabot_limiter_wait_seconds"
	metricBacklog          = "kinerjabot_intake_backlog"
	metricQueueJobs        = "kinerjabot_river_queue_jobs"
	metricJobs             = "kinerjabot_river_jobs_total"
	metricConversations    = "kinerjabot_open_conversations"
	metricReminders        = "kinerjabot_reminders_total"
	metricReportTransition = "kinerjabot_report_status_changes_total"
)

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricUpdates,
			Help: "Telegram updates handled, by kind (message, callback_query, …) and outcome (handled, duplicate, busy, elsewhere, error, panic)."},
			[]string{"kind", "outcome"}),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: metricHandling,
			Help:    "Time to handle one update (middleware, engine, replies sent), by kind.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20}},
			[]string{"kind"}),
		telegram: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricTelegram,
			Help: "Bot API calls by method and outcome (ok, retry_after = a 429, transient, unreachable, refused, gone, canceled, error)."},
			[]string{"method", "outcome"}),
		limiterWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: metricLimiterWait,
			Help:    "Time a send waited for its rate-limiter slot, by lane (reply, push, bulk).",
			Buckets: []float64{.001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}},
			[]string{"lane"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricJobs,
			Help: "Background jobs run by this process, by queue, kind and outcome (completed, failed = to be retried, discarded, cancelled, snoozed)."},
			[]string{"queue", "kind", "outcome"}),
		reminders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricReminders,
			Help: "Reminders finished, by outcome (sent, skipped) and the reason of a skip."},
			[]string{"outcome", "reason"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricReportTransition,
			Help: "Reports moved to a status (diajukan on submit, disetujui/dikembalikan/ditolak on a decision, ditarik on withdrawal)."},
			[]string{"status"}),
	}
	m.reg.MustRegister(m.updates, m.handling, m.telegram, m.limiterWait, m.jobs, m.reminders, m.reports,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// The bot's hooks (bot.Metrics).

func (m *metrics) Update(kind, outcome string, took time.Duration) {
	m.updates.WithLabelValues(kind, outcome).Inc()
	m.handling.WithLabelValues(kind).Observe(took.Seconds())
}

func (m *metrics) TelegramCall(method, outcome string) {
	m.telegram.WithLabelValues(method, outcome).Inc()
}

func (m *metrics) LimiterWait(lane string, waited time.Duration) {
	m.limiterWait.WithLabelValues(lane).Observe(waited.Seconds())
}

// handler serves the registry in Prometheus's text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, Timeout: 10 * time.Second})
}

// withMetrics adds GET /metrics to the health endpoints' mux (METRICS_ADDR
// equal to HTTP_ADDR).
func (m *metrics) withMetrics(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	mux.Handle("/", h)
	return mux
}

// serve serves GET /metrics on an address of its own (METRICS_ADDR apart
// from HTTP_ADDR) until the returned stop is called.
func (m *metrics) serve(addr string, log *slog.Logger) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.handler())
	srv, ln, err := listenHTTP(addr, mux)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}

// sampled registers the gauges read when scraped: the intake backlog,
// River's queue depths and the open conversations.
func (m *metrics) sampled(backlog func() int, pool *pgxpool.Pool, rdb *redis.Client, prefix string, log *slog.Logger) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metricBacklog,
		Help: "Updates this process took from Telegram (stashed) and has not handled yet."},
		func() float64 { return float64(backlog()) }))
	m.reg.MustRegister(&sampler{pool: pool, rdb: rdb, prefix: prefix, log: log,
		queue: prometheus.NewDesc(metricQueueJobs, "River jobs waiting or running, by queue and state (all processes).", []string{"queue", "state"}, nil),
		conv:  prometheus.NewDesc(metricConversations, "Conversation sessions open (a user in a flow), counted in Redis at most every 30 s.", nil, nil),
	})
}

// sampler reads the queue depths from river_job and counts the session
// keys in Redis (a SCAN, kept for 30 s) when scraped.
type sampler struct {
	pool        *pgxpool.Pool
	rdb         *redis.Client
	prefix      string
	log         *slog.Logger
	queue, conv *prometheus.Desc

	mu       sync.Mutex
	sessions float64
	counted  time.Time
}

func (s *sampler) Describe(ch chan<- *prometheus.Desc) { ch <- s.queue; ch <- s.conv }

func (s *sampler) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	depth := map[[2]string]float64{}
	for _, q := range []string{river.QueueDefault, store.NoticeQueue, store.ReminderQueue} {
		for _, st := range []string{"available", "scheduled", "retryable", "running"} {
			depth[[2]string{q, st}] = 0
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT queue, state::text, count(*) FROM river_job
		WHERE state IN ('available', 'scheduled', 'retryable', 'running', 'pending') GROUP BY 1, 2`)
	if err == nil {
		for rows.Next() {
			var q, st string
			var n int64
			if err = rows.Scan(&q, &st, &n); err != nil {
				break
			}
			depth[[2]string{q, st}] = float64(n)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil {
		s.log.Warn("metrics: could not read the queue depths", "err", err)
	} else {
		for k, n := range depth {
			ch <- prometheus.MustNewConstMetric(s.queue, prometheus.GaugeValue, n, k[0], k[1])
		}
	}
	if n, ok := s.openSessions(ctx); ok {
		ch <- prometheus.MustNewConstMetric(s.conv, prometheus.GaugeValue, n)
	}
}

func (s *sampler) openSessions(ctx context.Context) (float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.counted.IsZero() && time.Since(s.counted) < 30*time.Second {
		return s.sessions, true
	}
	var n int
	iter := s.rdb.Scan(ctx, 0, s.prefix+"session:*", 1000).Iterator()
	for iter.Next(ctx) {
		n++
	}
	if err := iter.Err(); err != nil {
		s.log.Warn("metrics: could not count the sessions", "err", err)
		return 0, false
	}
	s.sessions, s.counted = float64(n), time.Now()
	return s.sessions, true
}

// watchJobs counts the jobs this process's River client finishes, until
// the returned stop is called.
func (m *metrics) watchJobs(c *river.Client[pgx.Tx]) (stop func()) {
	events, cancel := c.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled, river.EventKindJobSnoozed)
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			case ev, ok := <-events:
				if !ok {
					return
				}
				if ev == nil || ev.Job == nil {
					continue
				}
				outcome := string(ev.Kind)
				switch ev.Kind {
				case river.EventKindJobCompleted:
					outcome = "completed"
				case river.EventKindJobFailed:
					outcome = "failed"
					if ev.Job.State == rivertype.JobStateDiscarded {
						outcome = "discarded"
					}
				case river.EventKindJobCancelled:
					outcome = "cancelled"
				case river.EventKindJobSnoozed:
					outcome = "snoozed"
				}
				m.jobs.WithLabelValues(ev.Job.Queue, ev.Job.Kind, outcome).Inc()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		cancel()
	}
}

// reminderStore counts the reminders finished (sent, skipped with its
// reason) and those skipped when planned.
type reminderStore struct {
	notify.ReminderStore
	m *metrics
}

func (m *metrics) reminderStore(s notify.ReminderStore) notify.ReminderStore {
	return reminderStore{ReminderStore: s, m: m}
}

func (r reminderStore) PlanReminders(ctx context.Context, plans []kinerja.ReminderPlan, skipped map[int]string) (int, error) {
	n, err := r.ReminderStore.PlanReminders(ctx, plans, skipped)
	if err == nil {
		for _, why := range skipped {
			r.m.reminders.WithLabelValues(reminderOutcome(kinerja.ReminderSkipped), why).Inc()
		}
	}
	return n, err
}

func (r reminderStore) FinishReminder(ctx context.Context, id int64, status, alasan string, chatID, messageID int64) (bool, error) {
	ok, err := r.ReminderStore.FinishReminder(ctx, id, status, alasan, chatID, messageID)
	if err == nil && ok {
		r.m.reminders.WithLabelValues(reminderOutcome(status), alasan).Inc()
	}
	return ok, err
}

func (r reminderStore) FinishReminders(ctx context.Context, ids []int64, status, alasan string, chatID, messageID int64) (int, error) {
	n, err := r.ReminderStore.FinishReminders(ctx, ids, status, alasan, chatID, messageID)
	if err == nil && n > 0 {
		r.m.reminders.WithLabelValues(reminderOutcome(status), alasan).Add(float64(n))
	}
	return n, err
}

func reminderOutcome(status string) string {
	switch status {
	case kinerja.ReminderSent:
		return "sent"
	case kinerja.ReminderSkipped:
		return "skipped"
	}
	return status
}

// meteredReports counts the reports submitted and withdrawn.
type meteredReports struct {
	reports
	m *metrics
}

func (r meteredReports) SubmitAktivitas(ctx context.Context, a kinerja.Aktivitas, actorID int64) (kinerja.Aktivitas, error) {
	out, err := r.reports.SubmitAktivitas(ctx, a, actorID)
	if err == nil && !out.Refiled {
		r.m.reports.WithLabelValues(string(out.Status)).Inc()
	}
	return out, err
}

func (r meteredReports) WithdrawAktivitas(ctx context.Context, id int64, version int, actorID int64) (kinerja.Aktivitas, error) {
	out, err := r.reports.WithdrawAktivitas(ctx, id, version, actorID)
	if err == nil {
		r.m.reports.WithLabelValues(string(out.Status)).Inc()
	}
	return out, err
}

// meteredDecisions counts the reports decided, by the status they moved to.
type meteredDecisions struct {
	decisions
	m *metrics
}

func (d meteredDecisions) Decide(ctx context.Context, x conversations.Decision) (kinerja.Aktivitas, error) {
	out, err := d.decisions.Decide(ctx, x)
	if err == nil {
		d.m.reports.WithLabelValues(string(out.Status)).Inc()
	}
	return out, err
}

func (d meteredDecisions) DecideOnCard(ctx context.Context, x conversations.Decision) (kinerja.Aktivitas, *msg.CardView, error) {
	out, card, err := d.decisions.DecideOnCard(ctx, x)
	if err == nil {
		d.m.reports.WithLabelValues(string(out.Status)).Inc()
	}
	return out, card, err
}
