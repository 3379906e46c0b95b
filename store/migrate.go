package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// riverSchema names the River job-queue schema version the migrations
// include, so the test template is rebuilt when River's tables change.
const riverSchema = "river v0.51.2"

// migrationFiles holds the numbered, forward-only schema migrations.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// pgMigrateLockID is the session-level advisory lock (scoped to one database)
// that serialises migrations when several instances start at once.
const pgMigrateLockID int64 = 0x6b696e6a61 // "kinja"

// Migrate creates the database named in url when it does not exist, then
// applies the pending embedded migrations, logging each one (the CLI's
// output). It is safe to run concurrently and again: a second run applies
// nothing.
func Migrate(ctx context.Context, url string, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("store: migrate: parse url: %w", err)
	}
	if err := pgEnsureDatabase(ctx, cfg, log); err != nil {
		return err
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	return pgMigrate(ctx, db, log)
}

// MigrateDB applies the pending embedded migrations to an open database (the
// test template uses it).
func MigrateDB(ctx context.Context, db *sql.DB) error {
	return pgMigrate(ctx, db, slog.New(slog.DiscardHandler))
}

// MigrationsHash is a stable hash of the embedded migration files' names and
// contents: it changes exactly when the schema they build changes.
func MigrationsHash() string {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(fmt.Sprintf("store: list embedded migrations: %v", err)) // a static pattern cannot fail
	}
	sort.Strings(names)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", riverSchema)
	for _, name := range names {
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			panic(fmt.Sprintf("store: read embedded migration %s: %v", name, err))
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path.Base(name), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// pgEnsureDatabase creates cfg's database when connecting says it does not
// exist, through the "postgres" maintenance database of the same server. A
// concurrent creator winning the race is success.
func pgEnsureDatabase(ctx context.Context, cfg *pgx.ConnConfig, log *slog.Logger) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn.Close(ctx)
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != pgInvalidCatalogName {
		return fmt.Errorf("store: migrate: connect: %w", err)
	}
	maint := cfg.Copy()
	maint.Database = "postgres"
	mconn, err := pgx.ConnectConfig(ctx, maint)
	if err != nil {
		return fmt.Errorf("store: migrate: connect to maintenance database: %w", err)
	}
	defer func() { _ = mconn.Close(context.WithoutCancel(ctx)) }()
	// CREATE DATABASE takes no parameters: the name is quoted as an identifier.
	_, err = mconn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cfg.Database}.Sanitize())
	if err != nil {
		// 42P04 when the other creator committed first; 23505 (on
		// pg_database's name index) when both were inserting at once.
		if errors.As(err, &pe) && (pe.Code == pgDuplicateDatabase || pe.Code == pgUniqueViolation) {
			return nil
		}
		return fmt.Errorf("store: migrate: create database: %w", err)
	}
	log.InfoContext(ctx, "Database created.", "database", cfg.Database)
	return nil
}

// pgMigrate applies the embedded migrations with a goose provider (no goose
// globals), holding an advisory lock so concurrent migrators take turns.
func pgMigrate(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(pgMigrateLocker{}),
		goose.WithSlog(log),
	)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		log.InfoContext(ctx, "Migration applied.",
			"version", r.Source.Version, "file", path.Base(r.Source.Path), "duration", r.Duration)
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: read version: %w", err)
	}
	if err := pgMigrateRiver(ctx, db, log); err != nil {
		return err
	}
	log.InfoContext(ctx, "Database schema is up to date.", "version", version, "applied", len(results))
	return nil
}

// pgMigrateRiver applies River's own migrations (its job tables), under the
// same advisory lock as ours so concurrent instances take turns.
func pgMigrateRiver(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate river: %w", err)
	}
	defer conn.Close()
	if err := (pgMigrateLocker{}).SessionLock(ctx, conn); err != nil {
		return fmt.Errorf("store: migrate river: %w", err)
	}
	defer func() { _ = (pgMigrateLocker{}).SessionUnlock(context.WithoutCancel(ctx), conn) }()
	m, err := rivermigrate.New(riverdatabasesql.New(db), &rivermigrate.Config{Logger: log})
	if err != nil {
		return fmt.Errorf("store: migrate river: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("store: migrate river: %w", err)
	}
	for _, v := range res.Versions {
		log.InfoContext(ctx, "River migration applied.", "version", v.Version, "name", v.Name)
	}
	return nil
}

// pgMigrateLocker is a goose session locker that blocks on the advisory lock
// (pg_advisory_lock) instead of polling for it: a waiting instance starts
// as soon as the first one finishes, and ctx bounds the wait.
type pgMigrateLocker struct{}

func (pgMigrateLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", pgMigrateLockID); err != nil {
		return fmt.Errorf("take migration lock: %w", err)
	}
	return nil
}

func (pgMigrateLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", pgMigrateLockID); err != nil {
		return fmt.Errorf("release migration lock: %w", err)
	}
	return nil
}
