package telegramtest

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// BenchmarkSendMessage measures the fake's throughput for sendMessage
// through the go-telegram client, the user side reading each message.
func BenchmarkSendMessage(b *testing.B) {
	srv := NewServer()
	defer srv.Close()
	c, err := bot.New(srv.Token(), bot.WithServerURL(srv.URL()), bot.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	u := srv.User(1)
	u.SendText("/start")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "halo"}); err != nil {
			b.Fatal(err)
		}
		if _, err := u.WaitMessage(time.Second); err != nil {
			b.Fatal(err)
		}
	}
}
