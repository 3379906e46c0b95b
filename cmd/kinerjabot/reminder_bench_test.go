package main

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// BenchmarkReminderPush pushes the daily nudge to N people (BENCH_PUSH_USERS,
// 3,000 by default) through the whole bot — planner, River jobs, the checks
// before sending, the Redis rate limiter, HTTP to telegramtest — with
// telegramtest enforcing a flood limit of BENCH_PUSH_RATE messages per
// second over all chats (300 by default: Telegram's 30/s scaled up 10×, so
// a run takes seconds instead of the ten minutes 17,500 nudges take at
// 30/s). The bot's own global rate is set to that limit and its bulk lane
// to BENCH_PUSH_BULK (default: the limit itself). Each iteration is one
// more working day. Reported: the achieved rate, as messages per second and
// as a percentage of the limit; duplicates (a person nudged twice in a
// day) and losses (a person due but not nudged), which must be 0; how
// often telegramtest had to refuse with 429 (0: the bot kept the limit);
// and the planner's time.
//
//	go test ./cmd/kinerjabot -run XXX -bench ReminderPush -benchtime 3x
func BenchmarkReminderPush(b *testing.B) {
	users := envInt(b, "BENCH_PUSH_USERS", 3000)
	limit := envInt(b, "BENCH_PUSH_RATE", 300)
	bulk := envInt(b, "BENCH_PUSH_BULK", limit)
	e := newE2EFor(b)
	ctx := context.Background()
	e.tg.SetRateLimit(float64(limit), 1, 1)
	e.cfg.RateGlobal, e.cfg.RateBulk, e.cfg.RatePerChat, e.cfg.RatePerChatBurst = limit, bulk, 1, 1
	e.cfg.LogLevel = 0
	unit := storetest.SeedUnit(b, e.db, "Dinas Uji Beban")
	if _, err := e.db.Pool.Exec(ctx, `
INSERT INTO pegawai (nip, nama, unit_id, telegram_id, chat_id, roles, aktif, unreachable, created_at, updated_at)
SELECT (199000000000000000 + g)::text, 'Pegawai ' || g, $1, 5000000 + g, 5000000 + g, '{pegawai}', true, false, now(), now()
FROM generate_series(1, $2) AS g`, unit, users); err != nil {
		b.Fatal(err)
	}
	tgUsers := make([]*telegramtest.User, users)
	for i := range users {
		tgUsers[i] = e.tg.User(int64(5000000+i+1), telegramtest.WithStarted())
	}
	// The first working day after 28 December 2026 plus i, at 15.31 WIB.
	days := []time.Time{}
	for d := time.Date(2027, 1, 4, 15, 31, 0, 0, wib); len(days) < b.N; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	e.clock.Set(days[0].Add(-7 * time.Hour))
	e.start()
	// The once-a-day plans of each day are made before the timing starts
	// (at 09.00 they are due anyway), so that only nudges are measured.
	pl := e.planner(b)
	var rate, pct, planMS float64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		e.clock.Set(days[i].Add(-6*time.Hour - 30*time.Minute))
		if _, err := pl.Plan(ctx); err != nil {
			b.Fatal(err)
		}
		waitPlannedDone(b, e)
		before := e.tg.Stats().Sent
		e.clock.Set(days[i])
		b.StartTimer()
		start := time.Now()
		n, err := pl.Plan(ctx)
		if err != nil {
			b.Fatal(err)
		}
		planMS += float64(time.Since(start).Milliseconds())
		if n != users {
			b.Fatalf("planned %d nudges, want %d", n, users)
		}
		deadline := time.Now().Add(time.Duration(users/limit+60) * time.Second)
		for e.tg.Stats().Sent-before < users {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d nudges delivered", e.tg.Stats().Sent-before, users)
			}
			time.Sleep(5 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		rate += float64(users) / elapsed.Seconds()
		pct += 100 * float64(users) / elapsed.Seconds() / float64(limit)
		waitPlannedDone(b, e)
		b.StartTimer()
	}
	b.StopTimer()
	dups, lost := 0, 0
	for _, u := range tgUsers {
		switch n := nudges(u); {
		case n > b.N:
			dups += n - b.N
		case n < b.N:
			lost += b.N - n
		}
	}
	st := e.tg.Stats()
	b.ReportMetric(rate/float64(b.N), "msgs/s")
	b.ReportMetric(pct/float64(b.N), "%_of_limit")
	b.ReportMetric(float64(dups), "duplicates")
	b.ReportMetric(float64(lost), "lost")
	b.ReportMetric(float64(st.RateLimited), "429s")
	b.ReportMetric(planMS/float64(b.N), "plan_ms")
	b.ReportMetric(0, "ns/op")
	if dups != 0 || lost != 0 {
		b.Errorf("%d duplicates, %d lost", dups, lost)
	}
}

func waitPlannedDone(b *testing.B, e *e2e) {
	b.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		open := e.openReminders(b)
		if open == 0 {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d reminders still planned", open)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive whole number", name, v)
	}
	return n
}
