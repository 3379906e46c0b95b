package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"

	"kinerjabot/store"
)

// RedisURL is the Redis the tests use: KINERJABOT_TEST_REDIS_URL, else the
// local one.
func RedisURL() string {
	if u := os.Getenv("KINERJABOT_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// NewRedis returns a store on the test Redis under a key prefix of its own,
// so tests run in parallel; the keys are removed when the test ends.
func NewRedis(t testing.TB) *store.Redis {
	t.Helper()
	rdb := client(t)
	t.Cleanup(func() { _ = rdb.Close() })
	return store.NewRedis(rdb, RedisPrefix(t))
}

// RedisPrefix returns a fresh key prefix for one test (for code that opens
// its own client, such as the whole bot) and removes its keys afterwards.
func RedisPrefix(t testing.TB) string {
	t.Helper()
	prefix := "kbtest:" + RandomHex(6) + ":"
	t.Cleanup(func() {
		rdb := client(t)
		defer rdb.Close()
		ctx := context.Background()
		iter := rdb.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
	})
	return prefix
}

func client(t testing.TB) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("storetest: redis at %s: %v", RedisURL(), err)
	}
	return rdb
}

// RandomHex returns n random bytes as hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
