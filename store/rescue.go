package store

import (
	"context"
	"fmt"
	"time"
)

// Jobs of a process that died: River rescues a job still "running"
// jobs.RescueAfter after it started, with its rescuer looking every 30 s,
// so a card a killed process had begun could wait a minute. Every process
// runs River under its instance name (river.Config.ID), and the instance's
// heartbeat in Redis says when it is dead; RescueJobsOf hands such jobs back
// to the queue at once.

// RunningJobOwners returns the River clients (instance names) that have
// jobs running for longer than grace: the candidates for a rescue.
func (db *DB) RunningJobOwners(ctx context.Context, grace time.Duration) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT DISTINCT attempted_by[array_length(attempted_by, 1)]
FROM river_job
WHERE state = 'running' AND attempted_at < now() - make_interval(secs => $1) AND array_length(attempted_by, 1) > 0`,
		grace.Seconds())
	if err != nil {
		return nil, pgErr("running job owners", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, pgErr("running job owners", err)
		}
		out = append(out, id)
	}
	return out, pgErr("running job owners", rows.Err())
}

// RescueJobsOf makes the running jobs of dead River clients available to
// run again now, and returns how many. Each job's own record keeps it from
// doing twice what the dead run finished (a card's copies, a notice sent).
func (db *DB) RescueJobsOf(ctx context.Context, dead []string) (int64, error) {
	if len(dead) == 0 {
		return 0, nil
	}
	tag, err := db.Pool.Exec(ctx, `
UPDATE river_job SET state = 'available', scheduled_at = now()
WHERE state = 'running' AND attempted_by[array_length(attempted_by, 1)] = ANY($1)`, dead)
	if err != nil {
		return 0, fmt.Errorf("store: rescue jobs: %w", err)
	}
	return tag.RowsAffected(), nil
}
