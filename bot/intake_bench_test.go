package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"kinerjabot/locales"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// BenchmarkIntakeRoundTrip measures updates handled end to end per second:
// many users each send one message to a bot on real Redis (dedupe, lock,
// session, rate limiter) and a fake Telegram over loopback HTTP, and wait
// for the answer. Limits are set out of the way: this measures the bot, not
// Telegram's 30 msg/s.
//
//	go test ./bot -run XXX -bench IntakeRoundTrip -benchtime 2000x
func BenchmarkIntakeRoundTrip(b *testing.B) {
	srv := telegramtest.NewServer()
	defer srv.Close()
	cat, err := locales.Load()
	if err != nil {
		b.Fatal(err)
	}
	eng := &slowEngine{release: make(chan struct{}), seen: map[int64]int{}}
	bt, err := New(context.Background(), Config{
		Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second, Workers: 64, HandlerTimeout: 10 * time.Second,
		Sender: SenderConfig{GlobalRate: 100000, PerChatRate: 100000, PerChatBurst: 100000},
	}, Deps{Engine: eng, Directory: noDirectory{}, Coord: storetest.NewRedis(b), Catalog: cat, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = bt.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	users := make([]*telegramtest.User, b.N)
	for i := range users {
		users[i] = srv.User(int64(1_000_000 + i))
	}
	b.ResetTimer()
	start := time.Now()
	for _, u := range users {
		u.SendText(fmt.Sprintf("halo %d", u.ID()))
	}
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() {
			if _, err := u.WaitMessage(60 * time.Second); err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
}
