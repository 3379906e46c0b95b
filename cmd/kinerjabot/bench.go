package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"kinerjabot/kinerja"
	"kinerjabot/miniapp"
	"kinerjabot/store"
	"kinerjabot/telegramtest"
)

// kinerjabot bench: the project's load command. It runs the real bot as a
// child process (so its CPU time and memory are its own) against an
// in-process telegramtest over HTTP, on a fresh PostgreSQL database and a
// fresh Redis prefix (both removed afterwards), onboards the simulated
// staff under their supervisors, and has every staff member file reports
// through the real /lapor dialogue while the supervisors approve the cards
// as they arrive. It prints what the city's peak needs to know: updates
// and reports per second, per-answer latency, who waited too long, the
// bot's CPU per update and peak memory, and Telegram writes per completed
// report by method and by purpose.

const benchUsage = `Runs the real bot under load against a fake Telegram (telegramtest) and
prints throughput, latency, CPU, memory and Telegram writes per report.
Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); uses a fresh database
and Redis prefix of its own and removes them afterwards.

Modes (--limits):
  telegram  the fake refuses above Telegram's limits (30 messages a second
            in total, 1 a second per chat with a burst of 3: HTTP 429 with
            retry_after); the bot runs its defaults
  off       both lifted, to measure what the bot itself costs`

type benchOptions struct {
	Users, Reports, Supervisors int
	Limits                      string
	Push, JSON                  bool
	Spread                      time.Duration // staff start their reports across this long
	Answer                      time.Duration // a step unanswered this long counts as unanswered
	GiveUp                      time.Duration // a step unanswered this long is given up (the person stops)
	CPUProfile                  string        // write the bot's CPU profile here
	// MiniApp is the share of the staff (0 to 1) who file through the Mini
	// App's form (one HTTP call per report) instead of the chat's dialogue.
	MiniApp float64
	// Roster is how many people the database holds in all: those beyond
	// the simulated staff and supervisors are seeded in teams of a
	// supervisor and nine staff (in one unit of their own) and take no
	// part, so the run meets a city's tables (Semarang: 17,500). 0: only
	// the simulated people.
	Roster int
	// History is how many working days before the run's day everyone with
	// an atasan has reports for (two a day, approved, each with its audit
	// rows), so the run meets tables that have lived. 0: none.
	History int
}

func cmdBench(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("bench", benchUsage, stderr)
	var o benchOptions
	fs.IntVar(&o.Users, "users", 300, "simulated staff")
	fs.IntVar(&o.Reports, "reports", 4, "reports each staff member files")
	fs.IntVar(&o.Supervisors, "supervisors", 0, "supervisors who approve the cards (default: one per 30 staff)")
	fs.StringVar(&o.Limits, "limits", "telegram", "telegram or off")
	fs.BoolVar(&o.Push, "push", false, "push a daily nudge to every staff member at the start (a city-wide push)")
	fs.Float64Var(&o.MiniApp, "miniapp", 0, "share of the staff (0 to 1) who file through the Mini App's form instead of the chat, e.g. 0.5")
	fs.IntVar(&o.Roster, "roster", 0, "people in the database in all, the rest idle (e.g. 17500, the city's ASN); 0: only the simulated ones")
	fs.IntVar(&o.History, "history", 0, "working days before the run of approved reports (two a day) for everyone with an atasan, e.g. 20 (a month); 0: none")
	fs.BoolVar(&o.JSON, "json", false, "print the results as JSON")
	fs.DurationVar(&o.Spread, "spread", 0, "start the staff's reports spread across this long (0: all at once)")
	fs.DurationVar(&o.Answer, "answer-within", 15*time.Second, "a step without an answer this long counts as unanswered")
	fs.DurationVar(&o.GiveUp, "give-up", 2*time.Minute, "a step without an answer this long is given up: the person stops reporting")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write the bot's CPU profile of the whole run to this file (go tool pprof)")
	harness := fs.String("harness-cpuprofile", "", "write the CPU profile of the bench itself (the fake Telegram, the simulated people) to this file")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if o.Supervisors == 0 {
		o.Supervisors = max((o.Users+29)/30, 1)
	}
	switch {
	case o.Users < 1 || o.Reports < 1 || o.Supervisors < 1 || o.Supervisors > o.Users:
		fmt.Fprintln(stderr, "bench: --users and --reports must be at least 1, --supervisors from 1 to --users")
		return 2
	case o.Limits != "telegram" && o.Limits != "off":
		fmt.Fprintln(stderr, "bench: --limits must be telegram or off")
		return 2
	case o.MiniApp < 0 || o.MiniApp > 1:
		fmt.Fprintln(stderr, "bench: --miniapp must be from 0 to 1")
		return 2
	case o.History < 0 || o.History > 260:
		fmt.Fprintln(stderr, "bench: --history must be from 0 to 260 working days")
		return 2
	case o.Roster != 0 && o.Roster < o.Users+o.Supervisors:
		fmt.Fprintln(stderr, "bench: --roster counts everyone: at least --users plus --supervisors")
		return 2
	}
	cfg, err := LoadConfig(getenv, false)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	stopProfile, err := cpuProfile(*harness)
	if err != nil {
		fmt.Fprintln(stderr, "bench: --harness-cpuprofile:", err)
		return 2
	}
	defer stopProfile()
	ctx, stop := signalContext()
	defer stop()
	res, err := runBench(ctx, cfg, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 1
	}
	if o.JSON {
		res.printJSON(stdout)
	} else {
		res.print(stdout)
	}
	return 0
}

// benchWorld is one bench run's resources.
type benchWorld struct {
	o        benchOptions
	dbURL    string
	redis    string
	prefix   string
	db       *store.DB
	tg       *telegramtest.Server
	staff    []benchPerson
	bosses   []benchPerson
	clock    time.Time // the bot's clock at the start: a working Monday, 16.35 WIB
	botStart time.Time // when the bot process was started (its clock read clock then)
	started  time.Time
	env      []string // more environment for the bot process (the crash test's KINERJABOT_CRASH_AT)
	appBase  string   // the Mini App's address on the bot (--miniapp)
	people   int      // in the database, the roster's idle ones included
	// pastReports are the reports in the database before the run (--history).
	pastReports int
}

// benchMiniAppURL is MINIAPP_URL of the bench's bot (the bench calls the
// bot's own /app/ directly).
const benchMiniAppURL = "https://bench.invalid/app/"

// benchPerson is a simulated person: their pegawai row and Telegram user.
type benchPerson struct {
	id  int64
	u   *telegramtest.User
	app bool // files through the Mini App (--miniapp)
}

func runBench(ctx context.Context, cfg Config, o benchOptions, progress io.Writer) (*benchResult, error) {
	w, err := newBenchWorld(ctx, cfg, o, progress)
	if w != nil {
		defer w.close(progress)
	}
	if err != nil {
		return nil, err
	}
	child, err := w.startBot(ctx)
	if err != nil {
		return nil, err
	}
	w.appBase = "http://" + child.addr + miniapp.Path
	for i := range w.staff {
		w.staff[i].app = float64(i) < o.MiniApp*float64(len(w.staff))
	}
	fmt.Fprintf(progress, "bench: %s limits, %d reports each%s…\n", o.Limits, o.Reports, map[bool]string{true: ", a push to everyone"}[o.Push])
	rec := newBenchRecorder()
	redisBefore := w.redisCalls(ctx)
	cpuBefore := child.cpu()
	machineBefore := sampleMachineCPU(ctx, w.db.Pool, w.redis)
	redisBeforeTrips, pgBefore, _ := child.roundTrips()
	w.started = time.Now()
	if o.Push {
		if err := w.push(ctx, kinerja.DateOf(w.clock, cfg.Location)); err != nil {
			child.stop()
			return nil, err
		}
	}
	runCtx, cancel := context.WithCancel(ctx)
	var bosses sync.WaitGroup
	for _, b := range w.bosses {
		bosses.Go(func() { w.approve(runCtx, b, rec) })
	}
	var staff sync.WaitGroup
	for i, s := range w.staff {
		delay := time.Duration(0)
		if o.Spread > 0 {
			delay = time.Duration(int64(o.Spread) * int64(i) / int64(len(w.staff)))
		}
		staff.Go(func() { w.work(runCtx, s, delay, rec) })
	}
	staff.Wait()
	reportsDone := time.Now()
	// The cards of the last reports, their decisions and the pushes finish.
	w.settle(ctx, rec, o.Reports*o.Users)
	cancel()
	bosses.Wait()
	end := time.Now()
	cpu := child.cpu() - cpuBefore
	machineAfter := sampleMachineCPU(ctx, w.db.Pool, w.redis)
	redisTrips, pgQueries, tripsOK := child.roundTrips()
	redisCalls := diffCounts(w.redisCalls(ctx), redisBefore)
	usage, err := child.stop()
	if err != nil {
		return nil, err
	}
	res := w.result(ctx, rec, usage, cpu, reportsDone, end)
	res.RedisCalls = redisCalls
	res.setMachineCPU(machineBefore, machineAfter)
	if tripsOK && res.Updates > 0 {
		res.RedisTripsPerUpdate = float64(redisTrips-redisBeforeTrips) / float64(res.Updates)
		res.PGQueriesPerUpdate = float64(pgQueries-pgBefore) / float64(res.Updates)
	}
	return res, nil
}

// newBenchWorld makes a run's database (migrated), Redis prefix and fake
// Telegram, and seeds the people; close removes them all (also after an
// error, when the world is not nil).
func newBenchWorld(ctx context.Context, cfg Config, o benchOptions, progress io.Writer) (*benchWorld, error) {
	w := &benchWorld{o: o}
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	var err error
	if w.dbURL, err = withDatabase(cfg.DatabaseURL, "kinerjabot_bench_"+suffix); err != nil {
		return nil, err
	}
	w.redis, w.prefix = cfg.RedisURL, "kbbench:"+suffix+":"
	discard := slog.New(slog.DiscardHandler)
	if err := store.Migrate(ctx, w.dbURL, discard); err != nil {
		return w, err
	}
	if w.db, err = store.OpenPostgres(ctx, w.dbURL, time.Now); err != nil {
		return w, err
	}
	var tgOpts []telegramtest.Option
	if o.Limits == "telegram" {
		tgOpts = append(tgOpts, telegramtest.WithRateLimit(30, 1, 3))
	}
	w.tg = telegramtest.NewServer(tgOpts...)
	// A working Monday: at 10.00, before any nudge; with --push after the
	// afternoon nudges' hour, so every nudge is due at once.
	w.clock = nextMonday(time.Now().In(cfg.Location)).Add(10 * time.Hour)
	if o.Push {
		w.clock = w.clock.Add(6*time.Hour + 35*time.Minute)
	}
	fmt.Fprintf(progress, "bench: seeding %d staff under %d supervisors…\n", o.Users, o.Supervisors)
	if err := w.seed(ctx, w.clock); err != nil {
		return w, fmt.Errorf("seed: %w", err)
	}
	if idle := o.Roster - o.Users - o.Supervisors; idle > 0 {
		fmt.Fprintf(progress, "bench: seeding %d more people who take no part (--roster %d)…\n", idle, o.Roster)
		if err := w.seedRoster(ctx, idle); err != nil {
			return w, fmt.Errorf("seed the roster: %w", err)
		}
	}
	if o.History > 0 {
		fmt.Fprintf(progress, "bench: seeding %d working days of reports (--history %d)…\n", o.History, o.History)
		if err := w.seedHistory(ctx, o.History); err != nil {
			return w, fmt.Errorf("seed the history: %w", err)
		}
	}
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pegawai`).Scan(&w.people); err != nil {
		return w, fmt.Errorf("count the people: %w", err)
	}
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM aktivitas`).Scan(&w.pastReports); err != nil {
		return w, fmt.Errorf("count the reports: %w", err)
	}
	return w, nil
}

// seedHistory gives everyone with an atasan two approved reports on each
// of the given number of working days (Monday to Friday) before the run's day, each
// with the audit rows of its filing and approval, and has PostgreSQL
// gather those tables' statistics, as autovacuum would have.
func (w *benchWorld) seedHistory(ctx context.Context, days int) error {
	var dates []time.Time
	for d := w.clock.AddDate(0, 0, -1); len(dates) < days; d = d.AddDate(0, 0, -1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC))
		}
	}
	return w.seedAndAnalyze(ctx, "aktivitas, audit_log", func(tx pgx.Tx) error {
		// At 10.00 and 14.00 WIB, approved at 16.00 WIB (03.00, 07.00 and
		// 09.00 UTC); version 2 like a report decided once.
		_, err := tx.Exec(ctx, `
WITH ins AS (
  INSERT INTO aktivitas (pegawai_id, tanggal, kategori, deskripsi, volume, satuan, menit, status, version,
                         decided_by, decided_at, created_at, updated_at)
  SELECT p.id, d, 'non_skp', 'Kegiatan rutin ' || n, 1, 'kegiatan', 120, 'disetujui', 2,
         p.atasan_id, (d + interval '9 hours') AT TIME ZONE 'UTC',
         (d + interval '3 hours' + (n - 1) * interval '4 hours') AT TIME ZONE 'UTC', (d + interval '9 hours') AT TIME ZONE 'UTC'
  FROM pegawai p, unnest($1::date[]) AS d, generate_series(1, 2) AS n
  WHERE p.atasan_id IS NOT NULL
  RETURNING id, pegawai_id, decided_by, tanggal, created_at, decided_at
)
INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail)
SELECT ins.created_at, ins.pegawai_id, 'ajukan', 'aktivitas', ins.id,
       jsonb_build_object('to', 'diajukan', 'version', 1, 'tanggal', to_char(ins.tanggal, 'YYYY-MM-DD'))
FROM ins
UNION ALL
SELECT ins.decided_at, ins.decided_by, 'setujui', 'aktivitas', ins.id, jsonb_build_object('to', 'disetujui', 'version', 2)
FROM ins`, dates)
		return err
	})
}

// seedAndAnalyze runs seed in one transaction, then has PostgreSQL gather
// the statistics of tables, as autovacuum would have on a lived-in
// database.
func (w *benchWorld) seedAndAnalyze(ctx context.Context, tables string, seed func(pgx.Tx) error) error {
	if err := pgx.BeginFunc(ctx, w.db.Pool, seed); err != nil {
		return err
	}
	_, err := w.db.Pool.Exec(ctx, `ANALYZE `+tables)
	return err
}

// seedRoster adds n people who take no part in the run, in teams of ten
// (a supervisor and nine staff), and has PostgreSQL gather the people's
// statistics, as autovacuum would have on a city's database (only theirs:
// the reports' tables are empty before the run, and statistics saying so
// would mislead the planner once they fill).
func (w *benchWorld) seedRoster(ctx context.Context, n int) error {
	return w.seedAndAnalyze(ctx, "pegawai, unit_kerja", func(tx pgx.Tx) error {
		var unit int64
		if err := tx.QueryRow(ctx, `INSERT INTO unit_kerja (nama, created_at) VALUES ('Unit Lain', now()) RETURNING id`).Scan(&unit); err != nil {
			return err
		}
		// NIPs 19850101 followed by the number: none of the simulated ones.
		if _, err := tx.Exec(ctx, `INSERT INTO pegawai (nip, nama, unit_id, created_at, updated_at)
SELECT '19850101' || lpad(g::text, 10, '0'), 'Atasan Kota ' || g, $1, now(), now()
FROM generate_series(1, $2::int) g WHERE g % 10 = 1`, unit, n); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO pegawai (nip, nama, unit_id, atasan_id, created_at, updated_at)
SELECT '19850101' || lpad(g::text, 10, '0'), 'Pegawai Kota ' || g, $1, s.id, now(), now()
FROM generate_series(1, $2::int) g JOIN pegawai s ON s.nip = '19850101' || lpad((g - (g - 1) % 10)::text, 10, '0')
WHERE g % 10 <> 1`, unit, n)
		return err
	})
}

// close stops the fake Telegram and removes the run's database and keys.
func (w *benchWorld) close(progress io.Writer) {
	if w.tg != nil {
		w.tg.Close()
	}
	w.cleanup(progress)
}

// redisCalls are the Redis server's calls per command so far (INFO
// commandstats: the whole server, so a bench should run alone).
func (w *benchWorld) redisCalls(ctx context.Context) map[string]int {
	ropt, err := redis.ParseURL(w.redis)
	if err != nil {
		return nil
	}
	rc := redis.NewClient(ropt)
	defer rc.Close()
	info, err := rc.Info(ctx, "commandstats").Result()
	if err != nil {
		return nil
	}
	out := map[string]int{}
	for _, line := range strings.Split(info, "\n") {
		// cmdstat_evalsha:calls=12,usec=...
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":calls=")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(rest[:strings.IndexByte(rest+",", ',')])
		out[strings.TrimPrefix(name, "cmdstat_")] = n
	}
	return out
}

// diffCounts is after - before, without the zeros (and without the INFO
// calls of the bench itself).
func diffCounts(after, before map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d > 0 && k != "info" {
			out[k] = d
		}
	}
	return out
}

// withDatabase is raw with its database replaced by name (a dbname or
// database parameter, which would override the path, is dropped).
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", &ConfigError{"DATABASE_URL", redactURL(raw), "not a valid URL"}
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("dbname")
	q.Del("database")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// nextMonday is the first Monday after t, at midnight in t's zone.
func nextMonday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	for d = d.AddDate(0, 0, 1); d.Weekday() != time.Monday; d = d.AddDate(0, 0, 1) {
	}
	return d
}

// seed creates the unit, the supervisors and their staff (30 each, in
// turn), linked to their Telegram accounts that morning, each with an SKP
// of two RHK, the second with two indikator.
func (w *benchWorld) seed(ctx context.Context, now time.Time) error {
	year := now.Year()
	o := w.o
	return pgx.BeginFunc(ctx, w.db.Pool, func(tx pgx.Tx) error {
		var unit int64
		if err := tx.QueryRow(ctx, `INSERT INTO unit_kerja (nama, created_at) VALUES ('Unit Beban', now()) RETURNING id`).Scan(&unit); err != nil {
			return err
		}
		nip := func(n int) string { return fmt.Sprintf("19900101202001%04d", n) }
		add := func(n int, nama string, atasan *int64) (benchPerson, error) {
			tgID := int64(5_000_000 + n)
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO pegawai (nip, nama, unit_id, atasan_id, telegram_id, chat_id, terhubung_pada, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5, $6, now(), now()) RETURNING id`, nip(n), nama, unit, atasan, tgID, now).Scan(&id)
			if err != nil {
				return benchPerson{}, err
			}
			return benchPerson{id: id, u: w.tg.User(tgID, telegramtest.WithFirstName(nama), telegramtest.WithStarted())}, nil
		}
		for i := range o.Supervisors {
			b, err := add(i, fmt.Sprintf("Atasan %d", i+1), nil)
			if err != nil {
				return err
			}
			w.bosses = append(w.bosses, b)
		}
		for i := range o.Users {
			boss := w.bosses[i%len(w.bosses)].id
			s, err := add(o.Supervisors+i, fmt.Sprintf("Pegawai %d", i+1), &boss)
			if err != nil {
				return err
			}
			w.staff = append(w.staff, s)
			var skp, rhk1, rhk2 int64
			if err := tx.QueryRow(ctx, `INSERT INTO skp (pegawai_id, tahun, status, created_at) VALUES ($1, $2, 'aktif', now()) RETURNING id`, s.id, year).Scan(&skp); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'U1', 'utama', 'Tersusunnya laporan kinerja bulanan unit') RETURNING id`, skp).Scan(&rhk1); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'U2', 'utama', 'Terselenggaranya rapat koordinasi') RETURNING id`, skp).Scan(&rhk2); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES
($1, 'Laporan kinerja bulanan', 12, 12, 'dokumen'), ($2, 'Notulen rapat', 24, 24, 'dokumen'), ($2, 'Daftar hadir', 24, 24, 'berkas')`, rhk1, rhk2); err != nil {
				return err
			}
		}
		return nil
	})
}

// benchChild is the bot process under measurement.
type benchChild struct {
	cmd   *exec.Cmd
	done  chan error
	trips chan [2]int64 // the bot's answers to SIGUSR1: Redis round trips, Postgres queries so far
	addr  string        // the HTTP address (/healthz, /readyz)
	// points are the checkpoints the bot reports ("handling 2": the second
	// time it reached "handling") when KINERJABOT_SLOW_AT is set.
	points chan string
}

// roundTrips asks the bot how many Redis round trips and Postgres queries
// it made so far (ok false: no answer).
func (c *benchChild) roundTrips() (redis, pg int64, ok bool) {
	if err := c.cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		return 0, 0, false
	}
	select {
	case t := <-c.trips:
		return t[0], t[1], true
	case <-time.After(5 * time.Second):
		return 0, 0, false
	}
}

// startBot starts the bot as a child process (the hidden bench-bot command)
// and waits until it serves.
func (w *benchWorld) startBot(ctx context.Context) (*benchChild, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{"bench-bot", "--clock", w.clock.Format(time.RFC3339Nano)}
	if w.o.CPUProfile != "" {
		args = append(args, "--cpuprofile", w.o.CPUProfile)
	}
	cmd := exec.Command(self, args...)
	env := append(os.Environ(),
		"DATABASE_URL="+w.dbURL, "REDIS_URL="+w.redis, "REDIS_PREFIX="+w.prefix,
		"TELEGRAM_BOT_TOKEN="+w.tg.Token(), "TELEGRAM_API_URL="+w.tg.URL(),
		"HTTP_ADDR=127.0.0.1:0", "LOG_LEVEL=warn", "LOG_FORMAT=text")
	if w.o.MiniApp > 0 {
		env = append(env, "MINIAPP_URL="+benchMiniAppURL)
	}
	if w.o.Limits == "off" {
		env = append(env, "TELEGRAM_RATE_GLOBAL=10000", "TELEGRAM_RATE_PER_CHAT=1000", "TELEGRAM_RATE_PER_CHAT_BURST=1000",
			"TELEGRAM_RATE_BULK=1000")
	} else {
		// The bot's defaults: Telegram's own limits.
		for _, k := range []string{"TELEGRAM_RATE_GLOBAL", "TELEGRAM_RATE_PER_CHAT", "TELEGRAM_RATE_PER_CHAT_BURST", "TELEGRAM_RATE_BULK"} {
			env = append(env, k+"=")
		}
	}
	cmd.Env = append(env, w.env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.botStart = time.Now() // the bot's clock reads w.clock about now
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the bot: %w", err)
	}
	c := &benchChild{cmd: cmd, done: make(chan error, 1), trips: make(chan [2]int64, 1), points: make(chan string, 256)}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var t [2]int64
			switch line := sc.Text(); {
			case strings.HasPrefix(line, "ready "):
				c.addr = strings.TrimPrefix(line, "ready ")
				close(ready)
			case strings.HasPrefix(line, "checkpoint "):
				select {
				case c.points <- strings.TrimPrefix(line, "checkpoint "):
				default:
				}
			case strings.HasPrefix(line, "trips "):
				if _, err := fmt.Sscanf(line, "trips %d %d", &t[0], &t[1]); err == nil {
					c.trips <- t
				}
			}
		}
		c.done <- cmd.Wait()
	}()
	select {
	case <-ready:
		return c, nil
	case err := <-c.done:
		return nil, fmt.Errorf("the bot stopped before serving: %v", err)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		return nil, errors.New("the bot did not start in a minute")
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		return nil, ctx.Err()
	}
}

// cpu is the CPU time the bot has used so far (Linux: /proc/PID/stat, in
// clock ticks of 10 ms), so the bench can leave start-up and shutdown out.
func (c *benchChild) cpu() time.Duration { return procCPU(c.cmd.Process.Pid) }

// stop ends the bot and returns what it used.
func (c *benchChild) stop() (*syscall.Rusage, error) {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	ru, ok := c.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return nil, errors.New("no resource usage of the bot")
	}
	return ru, nil
}

// cmdBenchBot is the bot process of the bench: serve, on a clock that
// starts at --clock (the bench's working day) and runs at the real pace.
// Not for use by hand.
func cmdBenchBot(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench-bot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	start := fs.String("clock", "", "the clock at the start, RFC 3339")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	cfg, code, done := parseConfig(fs, args, getenv, true)
	if done {
		return code
	}
	base, err := time.Parse(time.RFC3339Nano, *start)
	if err != nil {
		fmt.Fprintln(stderr, "bench-bot: --clock:", err)
		return 2
	}
	stopProfile, err := cpuProfile(*profile)
	if err != nil {
		fmt.Fprintln(stderr, "bench-bot: --cpuprofile:", err)
		return 2
	}
	defer stopProfile()
	t0 := time.Now()
	now := func() time.Time { return base.Add(time.Since(t0)) }
	ctx, stop := signalContext()
	defer stop()
	ready := make(chan string, 1)
	go func() {
		if addr, ok := <-ready; ok {
			fmt.Fprintln(stdout, "ready", addr)
		}
	}()
	log := newLogger(cfg, stderr)
	// SIGUSR1: the Redis round trips and Postgres queries so far, on stdout.
	trips := &roundTrips{}
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	defer signal.Stop(usr1)
	go func() {
		for range usr1 {
			r, p := trips.counts()
			fmt.Fprintf(stdout, "trips %d %d\n", r, p)
		}
	}()
	crash, err := crashAt(getenv("KINERJABOT_CRASH_AT"))
	if err != nil {
		fmt.Fprintln(stderr, "bench-bot: KINERJABOT_CRASH_AT:", err)
		return 2
	}
	slow, err := slowAt(getenv("KINERJABOT_SLOW_AT"), stdout)
	if err != nil {
		fmt.Fprintln(stderr, "bench-bot: KINERJABOT_SLOW_AT:", err)
		return 2
	}
	checkpoint := crash
	if slow != nil {
		checkpoint = func(p string) {
			slow(p)
			if crash != nil {
				crash(p)
			}
		}
	}
	if err := run(ctx, cfg, func(o *runOptions) { o.log, o.now, o.ready, o.checkpoint, o.trips = log, now, ready, checkpoint, trips }); err != nil {
		log.Error("bench bot stopped with an error", "err", err)
		return 1
	}
	return 0
}

// cpuProfile profiles this process's CPU into the file at path until the
// returned stop is called (path "": nothing, stop does nothing).
func cpuProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// crashAt reads "point" or "point:n" and returns a checkpoint that kills
// this process (SIGKILL, as a crash would: no defer, no clean-up) the n-th
// time (default 1) the bot reaches that point — for the crash test; nil
// for "".
func crashAt(spec string) (func(string), error) {
	if spec == "" {
		return nil, nil
	}
	point, count, _ := strings.Cut(spec, ":")
	n := 1
	if count != "" {
		var err error
		if n, err = strconv.Atoi(count); err != nil || n < 1 {
			return nil, fmt.Errorf("%q: the count after the colon must be 1 or more", spec)
		}
	}
	var hits atomic.Int64
	return func(p string) {
		if p == point && hits.Add(1) == int64(n) {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal takes the process before anything else runs
		}
	}, nil
}

// slowAt reads "point:n:duration,..." and returns a checkpoint that reports
// every checkpoint reached on out ("checkpoint handling 2") and sleeps for
// duration the n-th time the bot reaches point — for the drain test, which
// signals the bot while an update is being handled; nil for "".
func slowAt(spec string, out io.Writer) (func(string), error) {
	if spec == "" {
		return nil, nil
	}
	type stop struct {
		n    int64
		wait time.Duration
	}
	stops := map[string][]stop{}
	for _, one := range strings.Split(spec, ",") {
		f := strings.Split(one, ":")
		if len(f) != 3 {
			return nil, fmt.Errorf("%q: want point:n:duration", one)
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q: the count must be 1 or more", one)
		}
		d, err := time.ParseDuration(f[2])
		if err != nil {
			return nil, fmt.Errorf("%q: %v", one, err)
		}
		stops[f[0]] = append(stops[f[0]], stop{int64(n), d})
	}
	var mu sync.Mutex
	hits := map[string]int64{}
	return func(p string) {
		mu.Lock()
		hits[p]++
		n := hits[p]
		fmt.Fprintf(out, "checkpoint %s %d\n", p, n)
		mu.Unlock()
		for _, s := range stops[p] {
			if s.n == n {
				time.Sleep(s.wait)
			}
		}
	}, nil
}

// push plans a daily nudge for every staff member for today, as the
// planner would at their hour: the bot's push jobs send them.
func (w *benchWorld) push(ctx context.Context, today kinerja.Date) error {
	plans := make([]kinerja.ReminderPlan, len(w.staff))
	for i, s := range w.staff {
		plans[i] = kinerja.ReminderPlan{PegawaiID: s.id, Jenis: kinerja.ReminderHarian, Tanggal: today}
	}
	_, err := w.db.PlanReminders(ctx, plans, nil)
	return err
}

// settle waits (at most two minutes) until every report filed is decided
// and its notice sent, and every push is sent or skipped.
func (w *benchWorld) settle(ctx context.Context, rec *benchRecorder, reports int) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		var undecided, pushes int
		_ = w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM aktivitas WHERE status = 'diajukan'`).Scan(&undecided)
		_ = w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pengingat WHERE status = 'dijadwalkan'`).Scan(&pushes)
		notices := len(w.tg.Requests("sendMessage")) // settles once nothing more is sent
		if undecided == 0 && pushes == 0 {
			time.Sleep(2 * time.Second)
			if len(w.tg.Requests("sendMessage")) == notices {
				return
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// cleanup drops the database and the Redis keys of the run.
func (w *benchWorld) cleanup(progress io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if w.db != nil {
		w.db.Close()
	}
	if cfg, err := pgx.ParseConfig(w.dbURL); err == nil {
		name := cfg.Database
		cfg.Database = "postgres"
		if conn, err := pgx.ConnectConfig(ctx, cfg); err == nil {
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
				fmt.Fprintln(progress, "bench: could not drop", name+":", err)
			}
			_ = conn.Close(ctx)
		}
	}
	if ropt, err := redis.ParseURL(w.redis); err == nil && strings.HasPrefix(w.prefix, "kbbench:") {
		rc := redis.NewClient(ropt)
		iter := rc.Scan(ctx, 0, w.prefix+"*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			_ = rc.Unlink(ctx, keys...).Err()
		}
		_ = rc.Close()
	}
}
