package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"kinerjabot/bot"
	"kinerjabot/clock"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/notify"
	"kinerjabot/store"
	"kinerjabot/telegramtest"
)

// kinerjabot demo: the real bot against an embedded telegramtest server —
// the code path it runs with Telegram, only the API base URL differs — on
// the machine's Postgres and Redis, in its own database (kinerjabot_demo)
// and Redis prefix, with a seeded unit and a web page to chat as any of its
// people, and a clock the visitor moves forward.

const demoDatabase = "kinerjabot_demo"

const demoRedisPrefix = "kbdemo:"

// demoOptions configure one demo run (the command, or a test).
type demoOptions struct {
	DatabaseURL string // the demo's own database (its name is used as is)
	RedisURL    string
	RedisPrefix string
	Addr        string // the web page's address
	Reset       bool
	Log         *slog.Logger
	Ready       chan<- string // receives the page's base URL once serving
	// anyDatabase lets a test run the demo in its own throw-away database
	// (the command always uses kinerjabot_demo).
	anyDatabase bool
}

// demoClock is the demo's time: real time moved by what the visitor chose
// (a zero clock.Clock runs with the real time; Advance moves it forward).
type demoClock = clock.Clock

// demoStart is when the demo's story starts: 10.00 on the last working day
// on or before today (a visitor on a Sunday still meets a working day).
func demoStart(now time.Time, loc *time.Location, holidays map[kinerja.Date]string) time.Time {
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: holidays}
	d := kinerja.DateOf(now, loc)
	for !cal.IsAvailable(d) {
		d = d.AddDays(-1)
	}
	return time.Date(d.Year, d.Month, d.Day, 10, 0, 0, 0, loc)
}

func cmdDemo(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", "Runs the whole bot offline: an embedded fake Telegram, a seeded unit and a web chat page.\n"+
		"Uses DATABASE_URL's server with its own database "+demoDatabase+" and REDIS_URL with the prefix "+demoRedisPrefix+".", stderr)
	addr := fs.String("addr", "localhost:8080", "address of the demo page")
	reset := fs.Bool("reset", false, "start over: drop the demo database and its Redis keys first")
	cfg, code, done := parseConfig(fs, args, getenv, false)
	if done {
		return code
	}
	dbURL, err := demoDatabaseURL(cfg.DatabaseURL)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signalContext()
	defer stop()
	ready := make(chan string, 1)
	go func() {
		select {
		case u := <-ready:
			fmt.Fprintf(stdout, "kinerjabot demo: buka %s/demo di peramban (open it in a browser). Ctrl+C untuk berhenti.\n", u)
		case <-ctx.Done():
		}
	}()
	err = runDemo(ctx, demoOptions{DatabaseURL: dbURL, RedisURL: cfg.RedisURL, RedisPrefix: demoRedisPrefix,
		Addr: *addr, Reset: *reset, Log: log, Ready: ready})
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "kinerjabot demo:", err)
		return 1
	}
	return 0
}

// demoDatabaseURL is url with its database replaced by the demo's own: the
// demo never touches any other database.
func demoDatabaseURL(raw string) (string, error) {
	out, err := withDatabase(raw, demoDatabase)
	if err != nil {
		return "", err
	}
	if err := demoOnly(out); err != nil {
		return "", err
	}
	return out, nil
}

// demoOnly refuses a connection string that does not name the demo's own
// database: the demo migrates, seeds and (with --reset) drops it.
func demoOnly(dbURL string) error {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return &ConfigError{"DATABASE_URL", redactURL(dbURL), "not a valid PostgreSQL URL"}
	}
	if cfg.Database != demoDatabase {
		return fmt.Errorf("demo: refusing to use database %q: the demo only uses %s", cfg.Database, demoDatabase)
	}
	return nil
}

// runDemo runs the demo until ctx ends.
func runDemo(ctx context.Context, o demoOptions) error {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return err
	}
	if o.Reset {
		if !o.anyDatabase {
			if err := demoOnly(o.DatabaseURL); err != nil {
				return err
			}
		}
		if err := demoReset(ctx, o); err != nil {
			return err
		}
	}
	if err := store.Migrate(ctx, o.DatabaseURL, o.Log); err != nil {
		return err
	}
	clock := &demoClock{}
	db, err := store.OpenPostgres(ctx, o.DatabaseURL, clock.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	seed, err := demoSeed(ctx, db, loc, clock)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	tg := telegramtest.NewServer(telegramtest.WithBotUsername("kinerjabot_demo_bot"), telegramtest.WithClock(clock.Now))
	defer tg.Close()
	for _, p := range seed.People {
		opts := []telegramtest.UserOption{telegramtest.WithFirstName(p.FirstName)}
		if p.Role != "baru" {
			opts = append(opts, telegramtest.WithStarted())
		}
		tg.User(p.TelegramID, opts...)
	}
	cfg, err := LoadConfig(func(string) string { return "" }, false)
	if err != nil {
		return err
	}
	cfg.TelegramToken, cfg.TelegramAPIURL = tg.Token(), tg.URL()
	cfg.DatabaseURL, cfg.RedisURL, cfg.RedisPrefix = o.DatabaseURL, o.RedisURL, o.RedisPrefix
	cfg.Location, cfg.HTTPAddr = loc, "127.0.0.1:0"
	// One visitor: no need to wait for Telegram's limits.
	cfg.RateGlobal, cfg.RateBulk, cfg.RatePerChat, cfg.RatePerChatBurst = 1000, 1000, 100, 100
	cfg.Reminders.Business = loc
	// The clock's "Ke 15.31" brings every afternoon nudge at once (in a
	// city they are spread over an hour, REMINDER_DAILY_SPREAD).
	cfg.Reminders.DailySpread = 0
	// The Mini App: the bot serves it, the demo page opens it in a phone's
	// panel through its own address (/app/, passed on to the bot), as
	// Telegram opens the https address a real deployment sets.
	cfg.MiniAppURL = demoMiniAppURL

	botErr := make(chan error, 1)
	botReady := make(chan string, 1)
	bctx, cancelBot := context.WithCancel(ctx)
	defer cancelBot()
	go func() {
		botErr <- run(bctx, cfg, func(ro *runOptions) { ro.log, ro.now, ro.ready = o.Log, clock.Now, botReady })
	}()
	var botAddr string
	select {
	case botAddr = <-botReady:
	case err := <-botErr:
		return fmt.Errorf("bot: %w", err)
	case <-ctx.Done():
		return ctx.Err()
	}
	// Everyone already on Telegram has opened the bot before: their chat
	// starts with its greeting and the menu keyboard, as it would on a phone
	// (a report's dialogue edits its own messages and leaves the keyboard as
	// it was).
	for _, p := range seed.People {
		if p.Role != "baru" {
			tg.User(p.TelegramID).SendCommand("/start")
		}
	}

	cat, err := locales.Load()
	if err != nil {
		return err
	}
	planner := notify.NewReminderPlanner(notify.Deps{Store: db, Location: loc, Now: clock.Now},
		notify.ReminderDeps{Store: db, Config: cfg.Reminders, Rules: cfg.Rules, Score: cfg.Score})
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("demo page: %w", err)
	}
	web := &demoWeb{tg: tg, seed: seed, clock: clock, db: db, loc: loc, render: bot.NewRenderer(cat, loc), planner: planner, log: o.Log,
		deadlineDay: cfg.Reminders.DeadlineDay, botAddr: botAddr,
		hosts: demoHosts(pageHost(o.Addr, ln.Addr()))}
	srv := &http.Server{Handler: web.routes(), ReadHeaderTimeout: 5 * time.Second}
	webErr := make(chan error, 1)
	go func() { webErr <- srv.Serve(ln) }()
	if o.Ready != nil {
		o.Ready <- "http://" + pageHost(o.Addr, ln.Addr())
	}
	select {
	case <-ctx.Done():
	case err := <-webErr:
		cancelBot()
		<-botErr
		return err
	case err := <-botErr:
		_ = srv.Close()
		return fmt.Errorf("bot: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	cancelBot()
	if err := <-botErr; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// demoReset drops the demo database and deletes the demo's Redis keys.
func demoReset(ctx context.Context, o demoOptions) error {
	cfg, err := pgx.ParseConfig(o.DatabaseURL)
	if err != nil {
		return err
	}
	name := cfg.Database
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	if o.RedisPrefix == "" || !strings.HasSuffix(o.RedisPrefix, ":") {
		return fmt.Errorf("reset: refusing to delete Redis keys under prefix %q", o.RedisPrefix)
	}
	ropt, err := redis.ParseURL(o.RedisURL)
	if err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	rc := redis.NewClient(ropt)
	defer rc.Close()
	iter := rc.Scan(ctx, 0, o.RedisPrefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
		if len(keys) == 500 {
			if err := rc.Unlink(ctx, keys...).Err(); err != nil {
				return fmt.Errorf("reset: %w", err)
			}
			keys = keys[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	if len(keys) > 0 {
		return rc.Unlink(ctx, keys...).Err()
	}
	return nil
}

// pageHost is host:port of the page as the visitor should type it: the
// host they asked for (localhost) with the port actually listened on.
func pageHost(asked string, got net.Addr) string {
	host, _, err := net.SplitHostPort(asked)
	_, port, perr := net.SplitHostPort(got.String())
	if err != nil || perr != nil || host == "" || host == "0.0.0.0" || host == "::" {
		return got.String()
	}
	return net.JoinHostPort(host, port)
}
