package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

const benchRekapUsage = `Usage: kinerjabot bench-rekap [--users 17500] [--per-day 2] [--periode YYYY-MM]

Measures the monthly recap of the whole city: seeds a fresh database
(kinerjabot_benchrekap_<id>, removed afterwards) with --users people in 60
OPDs of 6 units, each with an SKP of two RHK, and --per-day reports on every
working day of the month (most approved, some waiting, returned or
rejected), then runs "kinerjabot rekap --semua" as a child process, as an
admin would, and prints its wall time, CPU, peak RSS and the workbook's size.
Needs PostgreSQL (DATABASE_URL).

Flags:
`

func cmdBenchRekap(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("bench-rekap", benchRekapUsage, stderr)
	users := fs.Int("users", 17500, "people")
	perDay := fs.Int("per-day", 2, "reports per person per working day")
	periode := fs.String("periode", "", "the month (default: the last whole month)")
	keep := fs.Bool("keep", false, "keep the seeded database and print its URL (to run rekap on it again)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	cfg, err := LoadConfig(getenv, false)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	month := kinerja.DateOf(time.Now(), cfg.Location).MonthStart().AddMonths(-1)
	if *periode != "" {
		var ok bool
		if month, ok = parsePeriode(*periode); !ok {
			fmt.Fprintln(stderr, "bench-rekap: --periode must be YYYY-MM")
			return 2
		}
	}
	if *users < 10 || *perDay < 1 {
		fmt.Fprintln(stderr, "bench-rekap: --users at least 10, --per-day at least 1")
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	if err := benchRekap(ctx, cfg, getenv, *users, *perDay, month, *keep, stdout); err != nil {
		fmt.Fprintln(stderr, "bench-rekap:", err)
		return 1
	}
	return 0
}

func benchRekap(ctx context.Context, cfg Config, getenv func(string) string, users, perDay int, month kinerja.Date, keep bool, out io.Writer) error {
	w := &benchWorld{redis: cfg.RedisURL}
	var err error
	if w.dbURL, err = withDatabase(cfg.DatabaseURL, "kinerjabot_benchrekap_"+strconv.FormatInt(time.Now().UnixNano(), 36)); err != nil {
		return err
	}
	defer func() {
		if keep {
			w.db.Close()
			fmt.Fprintln(out, "bench-rekap: kept", redactURL(w.dbURL))
			return
		}
		w.cleanup(out)
	}()
	if err := store.Migrate(ctx, w.dbURL, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	if w.db, err = store.OpenPostgres(ctx, w.dbURL, time.Now); err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintf(out, "bench-rekap: seeding %d people, %d reports a working day each, %s…\n", users, perDay, month.String()[:7])
	reports, err := seedRekapCity(ctx, w.db, cfg, users, perDay, month)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(out, "bench-rekap: seeded %d reports in %.1f s\n", reports, time.Since(start).Seconds())

	self, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "benchrekap")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "rekap-kota.xlsx")
	cmd := exec.CommandContext(ctx, self, "rekap", "--periode", month.String()[:7], "--semua", "--out", file)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+w.dbURL)
	if tz := getenv("KINERJABOT_TZ"); tz != "" {
		cmd.Env = append(cmd.Env, "KINERJABOT_TZ="+tz)
	}
	cmd.Stdout, cmd.Stderr = out, out
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("rekap: %w", err)
	}
	wall := time.Since(t0)
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	var cpu time.Duration
	var rss float64
	if ru != nil {
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		rss = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	fmt.Fprintf(out, "kinerjabot bench-rekap: --users %d --per-day %d --periode %s\n", users, perDay, month.String()[:7])
	fmt.Fprintf(out, "  reports in the month   %d\n", reports)
	fmt.Fprintf(out, "  rekap --semua          %.1f s wall, %.1f s CPU, peak RSS %.1f MiB\n", wall.Seconds(), cpu.Seconds(), rss)
	fmt.Fprintf(out, "  workbook               %.1f MiB\n", float64(st.Size())/(1<<20))
	return nil
}

// seedRekapCity fills the database in a few set-based statements: units,
// people (the first of each unit heads it; the others report to them; the
// heads to their OPD's head), an SKP of two RHK utama each with one
// indikator, and perDay reports on every working day of month. It returns
// the number of reports.
func seedRekapCity(ctx context.Context, db *store.DB, cfg Config, users, perDay int, month kinerja.Date) (int, error) {
	var days []string
	cal := kinerja.Calendar{Rules: cfg.Rules}
	for d := month.MonthStart(); !month.MonthEnd().Before(d); d = d.AddDays(1) {
		if cal.IsAvailable(d) {
			days = append(days, d.String())
		}
	}
	now := time.Now()
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO unit_kerja (nama, created_at) SELECT 'OPD ' || g, $1 FROM generate_series(1, 60) g`, []any{now}},
		{`INSERT INTO unit_kerja (nama, parent_id, created_at)
SELECT 'Bidang ' || b, o.id, $1 FROM unit_kerja o, generate_series(1, 5) b WHERE o.parent_id IS NULL`, []any{now}},
		{`INSERT INTO pegawai (nip, nama, jabatan, jenis_jabatan, unit_id, telegram_id, chat_id, created_at, updated_at)
SELECT lpad((199001010000000000 + g)::text, 18, '0'), 'Pegawai ' || g, 'Pelaksana', 'pelaksana',
       (SELECT id FROM unit_kerja ORDER BY id OFFSET (g % 360) LIMIT 1),
       CASE WHEN g % 10 <> 0 THEN 5000000000 + g END, CASE WHEN g % 10 <> 0 THEN 5000000000 + g END, $2, $2
FROM generate_series(1, $1::int) g`, []any{users, now}},
		// The first of each unit heads it; the others report to them.
		{`WITH head AS (SELECT DISTINCT ON (unit_id) unit_id, id FROM pegawai ORDER BY unit_id, id)
UPDATE pegawai p SET atasan_id = h.id FROM head h WHERE p.unit_id = h.unit_id AND p.id <> h.id`, nil},
		{`WITH head AS (SELECT DISTINCT ON (unit_id) unit_id, id FROM pegawai ORDER BY unit_id, id),
opd_head AS (SELECT u.id AS unit, oh.id AS atasan FROM unit_kerja u JOIN head oh ON oh.unit_id = u.parent_id)
UPDATE pegawai p SET atasan_id = o.atasan, jenis_jabatan = 'administrator', jabatan = 'Kepala Bidang'
FROM head h JOIN opd_head o ON o.unit = h.unit_id WHERE p.id = h.id`, nil},
		{`INSERT INTO skp (pegawai_id, tahun, status, created_at) SELECT id, $1, 'aktif', $2 FROM pegawai`, []any{month.Year, now}},
		{`INSERT INTO rhk (skp_id, kode, jenis, teks) SELECT s.id, k, 'utama', 'Rencana hasil kerja ' || k FROM skp s, unnest(ARRAY['U1', 'U2']) k`, nil},
		{`INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) SELECT id, 'Jumlah dokumen', 200, 240, 'dokumen' FROM rhk`, nil},
		{`INSERT INTO aktivitas (pegawai_id, tanggal, kategori, rhk_id, indikator_id, deskripsi, volume, satuan, menit, status,
                       decided_by, alasan, decided_at, created_at, updated_at)
SELECT p.id, d::date, 'rhk', r.id, i.id, 'Menyusun dokumen ' || n || ' tanggal ' || d, 1 + (p.id + n) % 3, 'dokumen',
       60 + ((p.id * 7 + n * 13) % 180), s.status,
       CASE WHEN s.status <> 'diajukan' THEN coalesce(p.atasan_id, p.id) END,
       CASE WHEN s.status IN ('dikembalikan', 'ditolak') THEN 'Lengkapi buktinya' END,
       CASE WHEN s.status <> 'diajukan' THEN d::date + time '16:00' END,
       d::date + time '15:00', d::date + time '15:00'
FROM pegawai p
JOIN skp k ON k.pegawai_id = p.id
JOIN rhk r ON r.skp_id = k.id AND r.kode = 'U1'
JOIN indikator i ON i.rhk_id = r.id
CROSS JOIN unnest($1::text[]) d
CROSS JOIN generate_series(1, $2::int) n
CROSS JOIN LATERAL (SELECT CASE (p.id + n + extract(day FROM d::date)::int) % 20
  WHEN 0 THEN 'diajukan' WHEN 1 THEN 'diajukan' WHEN 2 THEN 'dikembalikan' WHEN 3 THEN 'ditolak' ELSE 'disetujui' END AS status) s`,
			[]any{days, perDay}},
		{`ANALYZE`, nil},
	}
	for _, s := range steps {
		if _, err := db.Pool.Exec(ctx, s.sql, s.args...); err != nil {
			return 0, err
		}
	}
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM aktivitas`).Scan(&n)
	return n, err
}
