package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// TestMigrateCreatesDatabase: Migrate creates a database that does not exist
// (its name needs quoting), two instances starting at once both succeed, and
// a later run applies nothing.
func TestMigrateCreatesDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "kinerjabot-Migrate " + hex.EncodeToString(suffix)
	url := storetest.ServerURL(t, name)
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, storetest.ServerURL(t, "postgres"))
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})

	var logs storetest.LogBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { errs[i] = store.Migrate(ctx, url, log) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	files, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	// Each migration is applied exactly once although two ran at once.
	if n := strings.Count(logs.String(), "Migration applied."); n != len(files) {
		t.Fatalf("%d migrations applied for %d files, want each once:\n%s", n, len(files), logs.String())
	}

	if err := store.Migrate(ctx, url, log); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if n := strings.Count(logs.String(), "Migration applied."); n != len(files) {
		t.Fatalf("second run applied migrations again:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "applied=0") {
		t.Fatalf("second run did not report 0 applied:\n%s", logs.String())
	}

	db, err := store.OpenPostgres(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int64
	if err := db.Pool.QueryRow(ctx, `SELECT max(version_id) FROM goose_db_version`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	// The schema is at the highest migration's number (branches take their
	// numbers ahead of a merge, so the files may skip one for a while).
	var highest int64
	for _, f := range files {
		n, err := strconv.ParseInt(strings.SplitN(f.Name(), "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s has no number", f.Name())
		}
		highest = max(highest, n)
	}
	if version != highest {
		t.Fatalf("schema version %d, want %d (the highest migration)", version, highest)
	}
	var tables int
	err = db.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
		[]string{"unit_kerja", "pegawai", "skp", "rhk", "indikator", "aktivitas", "audit_log", "delegasi", "hari_libur", "cuti", "undangan"}).
		Scan(&tables)
	if err != nil || tables != 11 {
		t.Fatalf("%d of 11 tables, %v", tables, err)
	}
}

func TestMigrateBadURL(t *testing.T) {
	t.Parallel()
	if err := store.Migrate(context.Background(), "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", nil); err == nil {
		t.Fatal("no error for an unreachable server")
	}
}

func TestMigrationsHash(t *testing.T) {
	t.Parallel()
	h := store.MigrationsHash()
	if len(h) != 64 || h != store.MigrationsHash() {
		t.Fatalf("hash %q not stable", h)
	}
}
