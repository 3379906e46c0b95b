package store_test

import (
	"context"
	"testing"
	"time"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// kabarLocks counts the day-message locks of this test's database (two
// int4 keys, the first "kaba").
const kabarLocks = `SELECT count(*) FROM pg_locks
WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint = 1801544289
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`

// The day's message is recorded under the lock, the next job finds it,
// and no lock is left behind.
func TestDailyDecisionsRecordsTheMessageUnderItsLock(t *testing.T) {
	b, ctx := pgSetup(t)
	a, err := b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionSetujui, b.submit(t), ""))
	if err != nil {
		t.Fatal(err)
	}
	day := kinerja.DateOf(a.DecidedAt, time.UTC)
	run := func(fn func(ctx context.Context, dg jobs.DayDigest, save func(context.Context, int64, int) error) error) {
		t.Helper()
		if err := b.db.DailyDecisions(ctx, b.author.ID, day, time.UTC, fn); err != nil {
			t.Fatal(err)
		}
		var held int
		if err := b.db.Pool.QueryRow(ctx, kabarLocks).Scan(&held); err != nil || held != 0 {
			t.Fatalf("day-message locks held after the job: %d, %v", held, err)
		}
	}
	run(func(ctx context.Context, dg jobs.DayDigest, save func(context.Context, int64, int) error) error {
		if len(dg.Decided) != 1 || dg.Decided[0].Aktivitas.ID != a.ID || dg.MessageID != 0 {
			t.Fatalf("first job saw %+v", dg)
		}
		var held int
		if err := b.db.Pool.QueryRow(ctx, kabarLocks).Scan(&held); err != nil || held != 1 {
			t.Fatalf("day-message locks held during the job: %d, %v", held, err)
		}
		return save(ctx, 5002, 77)
	})
	run(func(ctx context.Context, dg jobs.DayDigest, _ func(context.Context, int64, int) error) error {
		if dg.ChatID != 5002 || dg.MessageID != 77 {
			t.Fatalf("the next job saw message %d in chat %d, want 77 in 5002", dg.MessageID, dg.ChatID)
		}
		return nil
	})
}
