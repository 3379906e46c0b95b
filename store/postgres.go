// Package store keeps kinerjabot's records: Postgres (this half: pegawai,
// aktivitas, audit log, migrations) and Redis (sessions, locks, dedupe).
package store

import (
	"context"
	"errors"
	"fmt"
	"kinerjabot/jobs"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kinerjabot/kinerja"
)

// DB is the Postgres store. Every method that changes records owns its
// transaction and takes "now" once, at its start, from the injected clock.
type DB struct {
	Pool *pgxpool.Pool
	now  func() time.Time
	// jobs is an insert-only River client: state changes enqueue the work
	// they cause (cards, notices) in their own transaction.
	jobs *river.Client[pgx.Tx]
	// quarterly: period ratings cover quarters, not months.
	quarterly bool
	// people are the caches of people made from this DB: what this
	// process changes it drops from them at once (the notification of the
	// change reaches them, and the other processes, a moment later).
	peopleMu sync.Mutex
	people   []*PegawaiCache
}

// forgetPeople drops people ("p<id> t<telegram id> …") from this process's
// caches, after a change of them committed.
func (db *DB) forgetPeople(who string) {
	db.peopleMu.Lock()
	caches := db.people
	db.peopleMu.Unlock()
	for _, c := range caches {
		c.drop(who)
	}
}

// OpenPostgres connects a pool to url and checks that the server answers.
// now is the clock every write uses (time.Now when nil). tracer, when
// given, sees every query (the bench counts them).
func OpenPostgres(ctx context.Context, url string, now func() time.Time, tracer ...pgx.QueryTracer) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse postgres url: %w", err)
	}
	if len(tracer) > 0 {
		cfg.ConnConfig.Tracer = tracer[0]
	}
	if !strings.Contains(url, "statement_cache_capacity") {
		// Each connection keeps its prepared statements; pgx makes room
		// for 512 up front (a map of a thousand slots per connection, 1.2
		// MB of the bot's heap for the pool), and the bot and River run
		// fewer than 256 different statements.
		cfg.ConnConfig.StatementCacheCapacity = 256
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgx's default (the number of CPUs, at least 4) leaves too little
		// for the chat, the card workers and River's own connections.
		cfg.MaxConns = 20
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: ping postgres: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	jobs, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: job queue: %w", err)
	}
	return &DB{Pool: pool, now: now, jobs: jobs}, nil
}

// pgEnqueue adds background jobs in tx, in one insert: they run only if tx
// commits.
func (db *DB) pgEnqueue(ctx context.Context, tx pgx.Tx, caused ...river.JobArgs) error {
	switch len(caused) {
	case 0:
		return nil
	case 1:
		if _, err := db.jobs.InsertTx(ctx, tx, caused[0], jobOpts(caused[0])); err != nil {
			return fmt.Errorf("enqueue %s: %w", caused[0].Kind(), err)
		}
		return nil
	}
	params := make([]river.InsertManyParams, len(caused))
	for i, j := range caused {
		params[i] = river.InsertManyParams{Args: j, InsertOpts: jobOpts(j)}
	}
	if _, err := db.jobs.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue %d jobs (%s, …): %w", len(caused), caused[0].Kind(), err)
	}
	return nil
}

// pgEnqueueCards enqueues the card jobs of reports (their cards follow a
// change of who may decide them).
func (db *DB) pgEnqueueCards(ctx context.Context, tx pgx.Tx, aktivitasIDs ...int64) error {
	cards := make([]river.JobArgs, len(aktivitasIDs))
	for i, id := range aktivitasIDs {
		cards[i] = jobs.CardJob{AktivitasID: id}
	}
	return db.pgEnqueue(ctx, tx, cards...)
}

// jobOpts: River runs the lower priority number first. The card of a
// report just decided answers the decider's press and goes first (1); new
// cards, which nobody is waiting for, after it (2). The authors' decision
// notices have a queue of their own (NoticeQueue): card jobs wait for the
// supervisors' chats (one message a second each) while they hold a worker,
// and in a burst they took every worker of the default queue, so no author
// heard of a decision until the last card was out.
func jobOpts(j river.JobArgs) *river.InsertOpts {
	switch c := j.(type) {
	case jobs.CardJob:
		if c.Decided {
			return &river.InsertOpts{Priority: 1}
		}
	case jobs.DecisionNoticeJob:
		return &river.InsertOpts{Queue: NoticeQueue, Priority: 2}
	}
	return &river.InsertOpts{Priority: 2}
}

// NoticeQueue is the River queue of the authors' decision notices.
const NoticeQueue = "kabar"

// Close closes every connection of the pool.
func (db *DB) Close() { db.Pool.Close() }

// Ping checks that the server answers (for the health check).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.Pool.Ping(ctx); err != nil {
		return fmt.Errorf("store: ping postgres: %w", err)
	}
	return nil
}

// pgNow is the instant a transaction records, at the precision Postgres keeps,
// so what a method returns equals what a later read returns.
func (db *DB) pgNow() time.Time {
	return db.now().Truncate(time.Microsecond).UTC()
}

// pgInTx runs fn in a transaction and commits when fn returns nil. Errors are
// mapped by pgErr with op as their prefix.
func (db *DB) pgInTx(ctx context.Context, op string, fn func(tx pgx.Tx) error) error {
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return pgErr(op, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := fn(tx); err != nil {
		return pgErr(op, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return pgErr(op, err)
	}
	return nil
}

// pgDate converts a civil date for a date column (pgx writes a date from the
// Y-M-D of a time, read back as UTC midnight).
func pgDate(d kinerja.Date) pgtype.Date {
	if d.IsZero() {
		return pgtype.Date{}
	}
	return pgtype.Date{Time: d.UTC(), Valid: true}
}

// pgDateOf converts a date column back to a civil date.
func pgDateOf(d pgtype.Date) kinerja.Date {
	if !d.Valid {
		return kinerja.Date{}
	}
	y, m, day := d.Time.Date()
	return kinerja.Date{Year: y, Month: m, Day: day}
}

// pgID turns an optional id (0 = none) into a nullable parameter.
func pgID(id int64) pgtype.Int8 { return pgtype.Int8{Int64: id, Valid: id != 0} }

// pgText turns an optional string ("" = none) into a nullable parameter.
func pgText(s string) pgtype.Text { return pgtype.Text{String: s, Valid: s != ""} }

// pgTime reads a nullable timestamptz as UTC, the zero time for NULL.
func pgTime(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// pgNoRows reports whether err says a query returned no row.
func pgNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// EnqueueUnique adds one background job unless an equal one (same kind and
// arguments) is already queued or was finished within River's retention
// (the demo's clock control uses it to end a period at once).
func (db *DB) EnqueueUnique(ctx context.Context, job river.JobArgs) error {
	if _, err := db.jobs.Insert(ctx, job, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", job.Kind(), err)
	}
	return nil
}
