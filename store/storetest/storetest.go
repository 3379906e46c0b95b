// Package storetest gives tests a fresh, migrated Postgres database each
// (pgtestdb clones a template built once per schema hash) and seed helpers.
//
// The server is 127.0.0.1:5432, user postgres, unless
// KINERJABOT_TEST_DATABASE_URL names another (its host, port, user, password
// and query options are used; its database is the maintenance database).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

// EnvURL names the environment variable that points the tests at another server.
const EnvURL = "KINERJABOT_TEST_DATABASE_URL"

const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// migrator builds the template database with the store's own migrations.
type migrator struct{}

func (migrator) Hash() (string, error) { return store.MigrationsHash(), nil }

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return store.MigrateDB(ctx, db)
}

// serverURL parses the server's URL from the environment or the default.
func serverURL(t testing.TB) *url.URL {
	t.Helper()
	raw := os.Getenv(EnvURL)
	if raw == "" {
		raw = defaultURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("storetest: parse %s: %v", EnvURL, err)
	}
	return u
}

// ServerURL returns the URL of database on the test server, as the server's
// superuser-ish role from the environment: for tests that create and drop
// databases themselves (Migrate's own tests).
func ServerURL(t testing.TB, database string) string {
	t.Helper()
	u := serverURL(t)
	u.Path = "/" + database
	if u.RawQuery == "" {
		u.RawQuery = "sslmode=disable"
	}
	return u.String()
}

func config(t testing.TB) pgtestdb.Config {
	t.Helper()
	u := serverURL(t)
	pass, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	database := u.Path
	if len(database) > 0 && database[0] == '/' {
		database = database[1:]
	}
	if database == "" {
		database = "postgres"
	}
	opts := u.RawQuery
	if opts == "" {
		opts = "sslmode=disable"
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       u.Hostname(),
		Port:       port,
		User:       u.User.Username(),
		Password:   pass,
		Database:   database,
		Options:    opts,
	}
}

// NewURL creates a fresh database with the current schema for this test and
// returns its URL. The database is dropped when the test passes (kept for
// inspection when it fails).
func NewURL(t testing.TB) string {
	t.Helper()
	return pgtestdb.Custom(t, config(t), migrator{}).URL()
}

// NewDB is NewURL plus an open store on it, using the real clock, closed when
// the test ends. Tests that need a fixed clock call store.OpenPostgres on
// NewURL themselves.
func NewDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.OpenPostgres(context.Background(), NewURL(t), time.Now)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// SeedUnit inserts a unit kerja and returns its id.
func SeedUnit(t testing.TB, db *store.DB, nama string) int64 {
	t.Helper()
	var id int64
	err := db.Pool.QueryRow(context.Background(),
		`INSERT INTO unit_kerja (nama, created_at) VALUES ($1, $2) RETURNING id`, nama, time.Now()).Scan(&id)
	if err != nil {
		t.Fatalf("storetest: seed unit %q: %v", nama, err)
	}
	return id
}

// SeedPegawai inserts p and returns it with its ID. An empty NIP becomes a
// random valid one, an empty Nama "Pegawai <NIP>", empty Roles {pegawai}.
// The person is always inserted as aktif (the zero value of Aktif cannot say
// "not given"): deactivate with SQL when a test needs it.
func SeedPegawai(t testing.TB, db *store.DB, p kinerja.Pegawai) kinerja.Pegawai {
	t.Helper()
	if p.NIP == "" {
		p.NIP = RandomNIP(t)
	}
	if p.Nama == "" {
		p.Nama = "Pegawai " + p.NIP
	}
	if len(p.Roles) == 0 {
		p.Roles = []kinerja.Role{kinerja.RolePegawai}
	}
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	p.Aktif = true
	now := time.Now()
	err := db.Pool.QueryRow(context.Background(), `
INSERT INTO pegawai (nip, nama, jabatan, jenis_jabatan, unit_id, atasan_id, telepon, telegram_id, chat_id,
                     roles, bahasa, zona, aktif, unreachable, created_at, updated_at)
VALUES ($1, $2, nullif($3, ''), nullif($4, ''), nullif($5, 0), nullif($6, 0), nullif($7, ''), nullif($8, 0),
        nullif($9, 0), $10, nullif($11, ''), nullif($12, ''), true, $13, $14, $14)
RETURNING id`,
		p.NIP, p.Nama, p.Jabatan, p.JenisJabatan, p.UnitID, p.AtasanID, p.Telepon, p.TelegramID, p.ChatID,
		roles, p.Bahasa, p.Zona, p.Unreachable, now).Scan(&p.ID)
	if err != nil {
		t.Fatalf("storetest: seed pegawai %s: %v", p.NIP, err)
	}
	return p
}

// SeedRHK inserts an RHK (kode "RHK-n") with one indikator into the pegawai's
// SKP of tahun, creating the SKP when needed, and returns both ids.
func SeedRHK(t testing.TB, db *store.DB, pegawaiID int64, tahun int) (rhkID, indikatorID int64) {
	t.Helper()
	ctx := context.Background()
	var skpID int64
	err := db.Pool.QueryRow(ctx, `
INSERT INTO skp (pegawai_id, tahun, status, created_at) VALUES ($1, $2, 'aktif', $3)
ON CONFLICT (pegawai_id, tahun) DO UPDATE SET status = skp.status
RETURNING id`, pegawaiID, tahun, time.Now()).Scan(&skpID)
	if err != nil {
		t.Fatalf("storetest: seed skp: %v", err)
	}
	err = db.Pool.QueryRow(ctx, `
INSERT INTO rhk (skp_id, kode, jenis, teks)
VALUES ($1, 'RHK-' || (SELECT count(*) + 1 FROM rhk WHERE skp_id = $1), 'utama', 'Tersusunnya laporan')
RETURNING id`, skpID).Scan(&rhkID)
	if err != nil {
		t.Fatalf("storetest: seed rhk: %v", err)
	}
	err = db.Pool.QueryRow(ctx, `
INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan)
VALUES ($1, 'Jumlah laporan', 12, 12, 'laporan') RETURNING id`, rhkID).Scan(&indikatorID)
	if err != nil {
		t.Fatalf("storetest: seed indikator: %v", err)
	}
	return rhkID, indikatorID
}

// RandomNIP returns a random NIP of 18 digits (not a real person's).
func RandomNIP(t testing.TB) string {
	t.Helper()
	n, err := rand.Int(rand.Reader, big.NewInt(1e16))
	if err != nil {
		t.Fatalf("storetest: random nip: %v", err)
	}
	return fmt.Sprintf("19%016d", n)
}
