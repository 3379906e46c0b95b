package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kinerjabot/bot"
	"kinerjabot/conversations"
	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/miniapp"
	"kinerjabot/notify"
	"kinerjabot/reminders"
	"kinerjabot/store"
)

// runOptions are hooks for tests; production passes none.
type runOptions struct {
	log        *slog.Logger
	now        func() time.Time
	engineHook func(*conversations.Engine) // add test-only commands (a panicking one)
	ready      chan<- string               // receives the HTTP address once serving
	noWorkers  bool                        // run no background jobs (cards, notices): they wait in the queue
	// noPlanner: the reminder planner does not run by itself (tests plan
	// at the moments they choose; pushes still run).
	noPlanner bool
	// checkpoint is called at the named points of bot.Config.Checkpoint and
	// notify.Deps.Checkpoint (the crash test kills the process there).
	checkpoint func(point string)
	// trips, when set, counts the Redis round trips and Postgres queries.
	trips *roundTrips
	// cacheListening, when set, is given a function that reports whether
	// the people cache is listening (and so caching) yet.
	cacheListening func(func() bool)
}

type runOption func(*runOptions)

// serveGCPercent is how far the bot's heap grows past what is live
// before the next collection: 75 % instead of Go's 100 % (an admin's GOGC
// still decides). The bot's live heap is small (10–12 MB at 300 people)
// and its resident memory is mostly that growth and the binary's pages:
// at 300 × 4, with the smaller Redis buffers and statement cache, 65 →
// 59–60 MiB for 2–3 % more of the bot's CPU (docs/benchmarks.md, the
// thirteenth change).
const serveGCPercent = 75

// run wires everything and serves until ctx ends. It is the whole bot,
// in-process, so an end-to-end test can start it against telegramtest.
func run(ctx context.Context, cfg Config, opts ...runOption) error {
	o := runOptions{log: slog.New(slog.DiscardHandler), now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	log := o.log
	// A Config built by hand (tests) may leave out the rule sets: defaults.
	if cfg.Reminders.Business == nil {
		cfg.Reminders = reminders.DefaultConfig(cfg.Location)
	}
	if cfg.Score.MonthlyTargetMinutes == 0 {
		cfg.Score = kinerja.DefaultScoreConfig()
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 20 * time.Second
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}

	if err := store.Migrate(ctx, cfg.DatabaseURL, log); err != nil {
		return err
	}
	var tracer []pgx.QueryTracer
	if o.trips != nil {
		tracer = append(tracer, o.trips)
	}
	db, err := store.OpenPostgres(ctx, cfg.DatabaseURL, o.now, tracer...)
	if err != nil {
		return err
	}
	db.SetQuarterlyRatings(cfg.RatingQuarterly)
	// A handling abandoned at the drain's bound may still hold a
	// connection: the pool's close is not waited for past SHUTDOWN_TIMEOUT.
	var drainStart atomic.Int64 // UnixNano of the signal; 0 until then
	exitBy := func() time.Time {
		if t0 := drainStart.Load(); t0 != 0 {
			return time.Unix(0, t0).Add(cfg.ShutdownTimeout)
		}
		return time.Now().Add(time.Second)
	}
	defer func() { closeWithin(db.Close, exitBy()) }()
	// The people read on every update, kept until Postgres says they
	// changed (the listener ends with ctx, before the pool closes).
	people := db.NewPegawaiCache(log)
	if o.cacheListening != nil {
		o.cacheListening(people.Listening)
	}
	lctx, stopListening := context.WithCancel(ctx)
	listening := make(chan struct{})
	go func() {
		defer close(listening)
		people.Run(lctx)
	}()
	defer func() {
		stopListening()
		<-listening
	}()
	rds, err := store.OpenRedis(ctx, cfg.RedisURL, cfg.RedisPrefix)
	if err != nil {
		return err
	}
	defer rds.Close()
	if o.trips != nil {
		rds.Client().AddHook(o.trips)
	}
	met := newMetrics()
	catalog, err := locales.Load()
	if err != nil {
		return err
	}
	engine, err := conversations.New(rds, conversations.Deps{
		Accounts:        accounts{db: db, r: rds},
		Onboarding:      onboarding{db},
		Reports:         meteredReports{reports{db, people}, met},
		Decisions:       meteredDecisions{decisions{db}, met},
		Admin:           admin{db},
		Scores:          db,
		Ratings:         ratings{db},
		RatingQuarterly: cfg.RatingQuarterly,
		Rules:           cfg.Rules,
		Score:           cfg.Score,
		Location:        cfg.Location,
		Settings:        db,
		ReminderDefault: cfg.Reminders.DailyAt,
		Reminders:       db,
		ReminderSnooze:  cfg.Reminders.Snooze,
		Declarations:    db,
		DeadlineDay:     cfg.Reminders.DeadlineDay,
		QuickReasons:    cfg.QuickReasons,
		Rekap:           rekapMaker{db: db, cfg: cfg, now: o.now},
		MiniAppURL:      cfg.MiniAppURL,
	},
		conversations.WithSessionTTL(cfg.SessionTTL),
		conversations.WithClock(o.now),
		conversations.WithLogger(log))
	if err != nil {
		return err
	}
	if o.engineHook != nil {
		o.engineHook(engine)
	}
	drain := drainTimes(cfg.ShutdownTimeout)
	b, err := bot.New(ctx, bot.Config{
		Token:      cfg.TelegramToken,
		APIURL:     cfg.TelegramAPIURL,
		Workers:    cfg.Workers,
		Location:   cfg.Location,
		Checkpoint: o.checkpoint,
		Metrics:    met,
		Webhook:    cfg.webhookConfig(),
		MiniAppURL: cfg.MiniAppURL,
		Sender: bot.SenderConfig{
			GlobalRate:   cfg.RateGlobal,
			PerChatRate:  cfg.RatePerChat,
			PerChatBurst: cfg.RatePerChatBurst,
			BulkRate:     cfg.RateBulk,
		},
		DrainTimeout:   drain.soft,
		ConfirmTimeout: drain.hard - drain.soft,
	}, bot.Deps{
		Engine:    engine,
		Directory: directory{db: db, people: people, loc: cfg.Location, now: o.now},
		Coord:     rds,
		Catalog:   catalog,
		Log:       log,
		Files:     keptFiles{db},
	})
	if err != nil {
		return err
	}
	met.sampled(b.Backlog, db.Pool, rds.Client(), cfg.RedisPrefix, log)
	workersStopped := make(chan struct{})
	if o.noWorkers {
		close(workersStopped)
	} else {
		stopWorkers, err := startWorkers(db, cfg, notify.Deps{
			Store: db, Out: b, Location: cfg.Location, Now: o.now, Log: log,
			RatingQuarterly: cfg.RatingQuarterly, Checkpoint: o.checkpoint,
		}, notify.ReminderDeps{Store: met.reminderStore(db), Out: b, Config: cfg.Reminders, Rules: cfg.Rules, Score: cfg.Score}, !o.noPlanner, rds.Instance(), log, met)
		if err != nil {
			return err
		}
		// River stops with the drain: it fetches no more jobs and lets the
		// running ones finish until the drain's bound, then cancels them
		// (they go back to the queue for another process).
		wctx, stopNow := context.WithCancel(ctx)
		go func() {
			defer close(workersStopped)
			<-wctx.Done()
			t0 := time.Now()
			drainStart.CompareAndSwap(0, t0.UnixNano())
			stopWorkers(t0.Add(drain.soft), t0.Add(drain.hard))
		}()
		defer func() { // before the pool closes: deferred later, runs first
			stopNow()
			<-workersStopped
		}()
		rctx, stopRescue := context.WithCancel(ctx)
		rescuing := make(chan struct{})
		go func() {
			defer close(rescuing)
			rescueDeadJobs(rctx, db, rds, log)
		}()
		defer func() {
			stopRescue()
			<-rescuing
		}()
	}

	// /readyz answers 503 from the moment the drain starts (a load balancer
	// or Kubernetes sends no more traffic); /healthz answers until exit.
	var draining atomic.Bool
	go func() {
		<-ctx.Done()
		drainStart.CompareAndSwap(0, time.Now().UnixNano())
		draining.Store(true)
		log.Info("draining: /readyz answers 503", "shutdown_timeout", cfg.ShutdownTimeout)
	}()
	handler := withWebhook(health(draining.Load, db, rds), b, cfg)
	if cfg.MiniAppURL != "" {
		handler = withMiniApp(handler, miniapp.Deps{
			Token: cfg.TelegramToken, Engine: engine, Out: b, Now: o.now, Log: log,
			Directory: directory{db: db, people: people, loc: cfg.Location, now: o.now},
			Render:    bot.NewRenderer(catalog, cfg.Location), Charts: b,
			Evidence: miniAppEvidence{db: db, apiURL: cfg.TelegramAPIURL, token: cfg.TelegramToken},
		})
	}
	switch cfg.MetricsAddr {
	case "":
	case cfg.HTTPAddr:
		handler = met.withMetrics(handler)
	default:
		stopMetrics, err := met.serve(cfg.MetricsAddr, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	srv, ln, err := listenHTTP(cfg.HTTPAddr, handler)
	if err != nil {
		return err
	}
	httpErr := make(chan error, 1)
	go func() { httpErr <- srv.Serve(ln) }()
	log.InfoContext(ctx, "http listening", "addr", ln.Addr().String())
	if o.ready != nil {
		o.ready <- ln.Addr().String()
	}

	botErr := b.Run(ctx)
	// River hands its jobs over before the HTTP server stops: /healthz
	// answers until the very end.
	<-workersStopped
	sctx, cancel := context.WithDeadline(context.Background(), exitBy())
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
	}
	if err := <-httpErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http: %w", err)
	}
	return botErr
}

// withMiniApp serves the Mini App (MINIAPP_URL) at /app/ beside h.
func withMiniApp(h http.Handler, d miniapp.Deps) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(miniapp.Path, miniapp.Handler(d))
	mux.Handle("/", h)
	return mux
}

// drainBounds split SHUTDOWN_TIMEOUT, counted from the signal: until soft
// the updates in hand and River's running jobs finish normally; until hard
// River cancels what still runs and the bot confirms its offset; the rest
// is for closing the HTTP server and the pools.
type drainBounds struct{ soft, hard time.Duration }

func drainTimes(total time.Duration) drainBounds {
	return drainBounds{soft: total - min(total/4, 3*time.Second), hard: total - min(total/8, time.Second)}
}

// closeWithin calls f and waits for it at most until t.
func closeWithin(f func(), t time.Time) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Until(t)):
	}
}

// startWorkers runs the background jobs (approval cards, decision notices)
// on River until the returned stop is called. Each card job holds one pooled
// connection (its report's lock) while it runs, so the job workers are kept
// to a quarter of the pool: the bot's own queries always find connections.
func startWorkers(db *store.DB, cfg Config, deps notify.Deps, rem notify.ReminderDeps, planner bool, instance string, log *slog.Logger, met *metrics) (stop func(soft, hard time.Time), err error) {
	workers := river.NewWorkers()
	notify.AddWorkers(workers, deps)
	notify.AddReminderWorkers(workers, deps, rem)
	now := deps.Now
	if now == nil {
		now = time.Now
	}
	river.AddWorker(workers, &dueDeactivations{db: db, loc: deps.Location, now: now})
	river.AddWorker(workers, &keptFilesSweep{db: db, now: now})
	deadline := notify.DeadlineDeps{Store: db, DeadlineDay: rem.Config.DeadlineDay, At: rem.Config.MorningAt, AutoApprove: cfg.AutoApproveAtDeadline}
	notify.AddDeadlineWorker(workers, deps, deadline)
	river.AddWorker(workers, &rekapWorker{maker: rekapMaker{db: db, cfg: cfg, now: now}, out: deps.Out})
	n := min(max(int(db.Pool.Config().MaxConns)/4, 1), 10)
	periodic := []*river.PeriodicJob{notify.RatingsDuePeriodic(deps.Location, deps.Now, deps.RatingQuarterly, rem.Config.DeadlineDay)}
	if planner {
		periodic = append(periodic, notify.ReminderPlanPeriodic(), hourly(dueDeactivationsJob{}), hourly(keptFilesSweepJob{}),
			notify.DeadlinePeriodic(deps.Location, deps.Now, deadline))
	}
	queue, err := river.NewClient(riverpgxv5.New(db.Pool), &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: n},
			// The authors' decision notices, apart from the cards (see
			// store.NoticeQueue).
			store.NoticeQueue: {MaxWorkers: n},
			// A push holds a connection only for its short queries, not
			// while it waits for a send token: many run at once, so that
			// the rate limiter, not River's fetching, sets the pace.
			store.ReminderQueue: {MaxWorkers: 50},
		},
		Workers: workers,
		Logger:  log,
		// The process's instance name (its heartbeat in Redis): the jobs it
		// was running when it died are rescued at once (rescueDeadJobs).
		ID: instance,
		// A job left running by a crashed process is run again after this
		// (River's default is an hour); longer than any job's own timeout.
		JobTimeout:           jobs.MaxRun,
		RescueStuckJobsAfter: jobs.RescueAfter,
		// River waits this long between fetches (100 ms by default), which
		// caps a queue at MaxWorkers jobs per wait: 500 pushes a second
		// for the reminders' 50 workers at 100 ms, 5,000 at 10 ms; and the
		// cards' and notices' 5 workers, whose jobs take a few
		// milliseconds, sit idle between fetches (docs/benchmarks.md,
		// eleventh change: 25 → 10 ms, a run settled 17 % sooner). Only a
		// busy queue fetches this often: an idle one waits for River's
		// notification or its poll.
		FetchCooldown: 10 * time.Millisecond,
		// When a month ends, assessors are asked to rate their team; every
		// minute, the reminders that have come due are planned.
		PeriodicJobs: periodic,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	// Not the run's context: its end would cancel jobs midway; stop lets
	// them finish first.
	if err := queue.Start(context.Background()); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	stopWatching := met.watchJobs(queue)
	// stop: no more jobs are fetched; the running ones may finish until
	// soft, then they are cancelled (River records them for a retry) and
	// waited for until hard.
	return func(soft, hard time.Time) {
		defer stopWatching()
		ctx, cancel := context.WithDeadline(context.Background(), soft)
		defer cancel()
		if err := queue.Stop(ctx); err != nil {
			log.Warn("jobs did not finish in time, cancelling them", "err", err)
			ctx, cancel := context.WithDeadline(context.Background(), hard)
			defer cancel()
			if err := queue.StopAndCancel(ctx); err != nil {
				log.Warn("cancelled jobs did not end in time", "err", err)
			}
		}
	}, nil
}

// rescueDeadJobs hands the jobs a dead process was running back to the
// queue, a few seconds after its death instead of River's own rescue (30 s
// after the job started, looked for every 30 s): it looks every 5 s, and a
// process is dead when its heartbeat has run out (store.AliveFor). A job
// younger than 3 s is left alone (its process may only just have started).
func rescueDeadJobs(ctx context.Context, db *store.DB, rds *store.Redis, log *slog.Logger) {
	for wait := 2 * time.Second; ; wait = 5 * time.Second {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		owners, err := db.RunningJobOwners(ctx, 3*time.Second)
		if err == nil {
			owners = slices.DeleteFunc(owners, func(id string) bool { return id == rds.Instance() })
			var dead []string
			if dead, err = rds.DeadInstances(ctx, owners); err == nil && len(dead) > 0 {
				var n int64
				if n, err = db.RescueJobsOf(ctx, dead); n > 0 {
					log.InfoContext(ctx, "jobs of a stopped process handed back to the queue", "jobs", n, "processes", len(dead))
				}
			}
		}
		if err != nil && ctx.Err() == nil {
			log.WarnContext(ctx, "could not look for jobs of stopped processes", "err", err)
		}
	}
}

func listenHTTP(addr string, h http.Handler) (*http.Server, net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("http: listen %s: %w", addr, err)
	}
	// Public when it serves the webhook or the Mini App: slow or idle
	// clients do not hold connections for long.
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}, ln, nil
}

type pinger interface {
	Ping(ctx context.Context) error
}

// health serves /healthz (the process is up) and /readyz (not draining,
// and Postgres and Redis answer).
func health(draining func() bool, deps ...pinger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if draining() {
			http.Error(w, "draining\n", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		for _, d := range deps {
			if err := d.Ping(ctx); err != nil {
				http.Error(w, "not ready\n", http.StatusServiceUnavailable)
				return
			}
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	return mux
}
