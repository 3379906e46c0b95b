package store_test

import (
	"slices"
	"testing"
	"time"
)

// The running jobs of a dead River client go back to the queue at once;
// those of others stay; a job that only just started does not name its
// client as a candidate.
func TestRescueJobsOfADeadProcess(t *testing.T) {
	b, ctx := pgSetup(t)
	insert := func(by string, age time.Duration) int64 {
		t.Helper()
		var id int64
		if err := b.db.Pool.QueryRow(ctx, `
INSERT INTO river_job (args, kind, max_attempts, priority, queue, state, attempt, attempted_at, attempted_by, scheduled_at)
VALUES ('{}', 'uji', 25, 2, 'default', 'running', 1, now() - make_interval(secs => $2), ARRAY['earlier', $1], now())
RETURNING id`, by, age.Seconds()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	stuck := insert("dead1", 10*time.Second)
	other := insert("alive1", 10*time.Second)
	young := insert("young1", 0)
	owners, err := b.db.RunningJobOwners(ctx, 3*time.Second)
	slices.Sort(owners)
	if err != nil || !slices.Equal(owners, []string{"alive1", "dead1"}) {
		t.Fatalf("owners %v, %v", owners, err)
	}
	if n, err := b.db.RescueJobsOf(ctx, []string{"dead1"}); err != nil || n != 1 {
		t.Fatalf("rescued %d, %v", n, err)
	}
	state := func(id int64) string {
		var s string
		if err := b.db.Pool.QueryRow(ctx, `SELECT state::text FROM river_job WHERE id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if state(stuck) != "available" || state(other) != "running" || state(young) != "running" {
		t.Fatalf("states %s, %s, %s", state(stuck), state(other), state(young))
	}
}
