package bot

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/redis/go-redis/v9"

	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// The floor under an update's cost: one round trip to each of the three
// the bot talks to, through the clients the bot uses, 32 at a time as under
// load. Each reports this process's CPU per call ("cpu-µs/op"): the client
// side for Redis and PostgreSQL (their servers' share is theirs), both ends
// for the Bot API (the fake answers in this process). An update costs at
// least its round trips times these (docs/benchmarks.md):
//
//	go test ./bot -run '^$' -bench Floor -benchtime 20000x

// processCPU is the CPU time this process has used (all its threads).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// floor runs call b.N times, 32 at a time, and reports the CPU per call.
func floor(b *testing.B, call func(ctx context.Context, worker int) error) {
	ctx := context.Background()
	var workers atomic.Int64
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0))) // about 32 goroutines in all
	b.ResetTimer()
	start := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		w := int(workers.Add(1))
		for pb.Next() {
			if err := call(ctx, w); err != nil {
				b.Error(err)
				return
			}
		}
	})
	used := processCPU() - start
	b.ReportMetric(float64(used.Nanoseconds())/1000/float64(b.N), "cpu-µs/op")
}

func BenchmarkFloorRedisRoundTrip(b *testing.B) {
	r := storetest.NewRedis(b)
	rdb := r.Client()
	floor(b, func(ctx context.Context, _ int) error {
		if err := rdb.Get(ctx, "kb:floor:absent").Err(); !errors.Is(err, redis.Nil) {
			return err
		}
		return nil
	})
}

func BenchmarkFloorPostgresRoundTrip(b *testing.B) {
	db := storetest.NewDB(b)
	floor(b, func(ctx context.Context, _ int) error {
		var n int
		return db.Pool.QueryRow(ctx, `SELECT 1`).Scan(&n)
	})
}

func BenchmarkFloorBotAPIRoundTrip(b *testing.B) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	c, err := tg.New(srv.Token(), tg.WithServerURL(srv.URL()), tg.WithSkipGetMe(),
		tg.WithHTTPClient(10*time.Second, newAPIClient(nil, 64)))
	if err != nil {
		b.Fatal(err)
	}
	const users = 64
	for i := range int64(users) {
		srv.User(1000+i, telegramtest.WithStarted())
	}
	floor(b, func(ctx context.Context, w int) error {
		_, err := c.SendMessage(ctx, &tg.SendMessageParams{ChatID: int64(1000 + w%users), Text: "Uraian kegiatan tersimpan."})
		return err
	})
}
