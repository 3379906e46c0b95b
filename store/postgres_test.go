package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// started starts a store test in parallel with the others, on a store of
// its own (open is storetest.NewDB or NewRedis), and returns the store and
// the test's context.
func started[S any](t *testing.T, open func(testing.TB) S) (S, context.Context) {
	t.Helper()
	t.Parallel()
	return open(t), context.Background()
}

// newDB starts a store test on a database of its own.
func newDB(t *testing.T) (*store.DB, context.Context) { return started(t, storetest.NewDB) }

// newRedis starts a store test under a Redis key prefix of its own.
func newRedis(t *testing.T) (*store.Redis, context.Context) { return started(t, storetest.NewRedis) }

func TestOpenPostgresPing(t *testing.T) {
	db, _ := newDB(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSchemaConstraints: the database itself refuses bad data, whichever
// code writes it.
func TestSchemaConstraints(t *testing.T) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Kecamatan Tembalang")
	p := storetest.SeedPegawai(t, db, kinerja.Pegawai{UnitID: unit, TelegramID: 7001, NIP: "198703152010011002"})
	rhk, _ := storetest.SeedRHK(t, db, p.ID, 2026)
	_, ind2 := storetest.SeedRHK(t, db, p.ID, 2026)
	now := time.Now()

	const insPegawai = `INSERT INTO pegawai (nip, nama, roles, telepon, telegram_id, jenis_jabatan, bahasa, unit_id, created_at, updated_at)
VALUES ($1, 'X', $2, $3, $4, $5, $6, $7, now(), now())`
	const insAktivitas = `INSERT INTO aktivitas (pegawai_id, tanggal, kategori, rhk_id, indikator_id, deskripsi, volume, satuan, menit,
    status, decided_by, decided_at, alasan, created_at, updated_at)
VALUES ($1, '2026-03-02', $2, $3, $4, $5, $6, 'dokumen', $7, $8, $9, $10, $11, now(), now())`
	type aktivitasRow struct {
		kategori  string
		rhk, ind  any
		deskripsi string
		volume    float64
		menit     int
		status    string
		decidedBy any
		decidedAt any
		alasan    any
	}
	good := aktivitasRow{"rhk", rhk, nil, "Rapat koordinasi", 1, 60, "diajukan", nil, nil, nil}
	aktivitas := func(change func(*aktivitasRow)) []any {
		r := good
		change(&r)
		return []any{p.ID, r.kategori, r.rhk, r.ind, r.deskripsi, r.volume, r.menit, r.status, r.decidedBy, r.decidedAt, r.alasan}
	}
	pegawai := func(nip string, roles []string, telepon any, telegram any, jenis any, bahasa any) []any {
		return []any{nip, roles, telepon, telegram, jenis, bahasa, unit}
	}
	tests := []struct {
		name       string
		sql        string
		args       []any
		code       string // SQLSTATE; "" means accepted
		constraint string
	}{
		{"good pegawai", insPegawai, pegawai("199001012015031001", []string{"pegawai", "admin_opd"}, "+6281234567890", 7002, "pelaksana", "en"), "", ""},
		{"nip of 17 digits", insPegawai, pegawai("19900101201503100", []string{"pegawai"}, nil, nil, nil, nil), "23514", "pegawai_nip_check"},
		{"nip with a letter", insPegawai, pegawai("19900101201503100X", []string{"pegawai"}, nil, nil, nil, nil), "23514", "pegawai_nip_check"},
		{"nip as excel shows it", insPegawai, pegawai("1.98703152010011E+17", []string{"pegawai"}, nil, nil, nil, nil), "23514", "pegawai_nip_check"},
		{"duplicate nip", insPegawai, pegawai(p.NIP, []string{"pegawai"}, nil, nil, nil, nil), "23505", "pegawai_nip_key"},
		{"local phone", insPegawai, pegawai("199001012015031002", []string{"pegawai"}, "081234567890", nil, nil, nil), "23514", "pegawai_telepon_check"},
		{"phone with spaces", insPegawai, pegawai("199001012015031002", []string{"pegawai"}, "+62 812 3456 7890", nil, nil, nil), "23514", "pegawai_telepon_check"},
		{"unknown role", insPegawai, pegawai("199001012015031002", []string{"pegawai", "superadmin"}, nil, nil, nil, nil), "23514", "pegawai_roles_check"},
		{"empty role element", insPegawai, pegawai("199001012015031002", []string{"pegawai", ""}, nil, nil, nil, nil), "23514", "pegawai_roles_check"},
		{"duplicate telegram id", insPegawai, pegawai("199001012015031002", []string{"pegawai"}, nil, 7001, nil, nil), "23505", "pegawai_telegram_id_key"},
		{"unknown jenis jabatan", insPegawai, pegawai("199001012015031002", []string{"pegawai"}, nil, nil, "staf", nil), "23514", "pegawai_jenis_jabatan_check"},
		{"unknown bahasa", insPegawai, pegawai("199001012015031002", []string{"pegawai"}, nil, nil, nil, "jv"), "23514", "pegawai_bahasa_check"},
		{"unknown unit", insPegawai, []any{"199001012015031002", []string{"pegawai"}, nil, nil, nil, nil, 999999}, "23503", "pegawai_unit_id_fkey"},
		{"own atasan", `UPDATE pegawai SET atasan_id = id WHERE id = $1`, []any{p.ID}, "23514", "pegawai_atasan_check"},

		{"good aktivitas", insAktivitas, aktivitas(func(*aktivitasRow) {}), "", ""},
		{"kategori rhk without rhk id", insAktivitas, aktivitas(func(r *aktivitasRow) { r.rhk = nil }), "23514", "aktivitas_rhk_check"},
		{"non-skp with rhk id", insAktivitas, aktivitas(func(r *aktivitasRow) { r.kategori = "non_skp" }), "23514", "aktivitas_rhk_check"},
		{"indikator of another rhk", insAktivitas, aktivitas(func(r *aktivitasRow) { r.ind = ind2 }), "23503", "aktivitas_indikator_rhk_fkey"},
		{"menit 0", insAktivitas, aktivitas(func(r *aktivitasRow) { r.menit = 0 }), "23514", "aktivitas_menit_check"},
		{"menit 1441", insAktivitas, aktivitas(func(r *aktivitasRow) { r.menit = 1441 }), "23514", "aktivitas_menit_check"},
		{"volume 0", insAktivitas, aktivitas(func(r *aktivitasRow) { r.volume = 0 }), "23514", "aktivitas_volume_check"},
		{"empty deskripsi", insAktivitas, aktivitas(func(r *aktivitasRow) { r.deskripsi = "" }), "23514", "aktivitas_deskripsi_check"},
		{"deskripsi of 1001 chars", insAktivitas, aktivitas(func(r *aktivitasRow) { r.deskripsi = strings.Repeat("é", 1001) }), "23514", "aktivitas_deskripsi_check"},
		{"deskripsi of 1000 chars", insAktivitas, aktivitas(func(r *aktivitasRow) { r.deskripsi = strings.Repeat("é", 1000) }), "", ""},
		{"draft status", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status = "draft" }), "23514", "aktivitas_status_check"},
		{"ditolak without alasan", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status, r.decidedBy, r.decidedAt = "ditolak", p.ID, now }), "23514", "aktivitas_alasan_check"},
		{"dikembalikan with blank alasan", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status, r.decidedBy, r.decidedAt, r.alasan = "dikembalikan", p.ID, now, "  " }), "23514", "aktivitas_alasan_check"},
		{"ditolak with alasan", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status, r.decidedBy, r.decidedAt, r.alasan = "ditolak", p.ID, now, "Ganda" }), "", ""},
		{"disetujui without decider", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status, r.decidedAt = "disetujui", now }), "23514", "aktivitas_decided_check"},
		{"diajukan with a decider", insAktivitas, aktivitas(func(r *aktivitasRow) { r.decidedBy, r.decidedAt = p.ID, now }), "23514", "aktivitas_decided_check"},
		{"unknown decider", insAktivitas, aktivitas(func(r *aktivitasRow) { r.status, r.decidedBy, r.decidedAt = "disetujui", 999999, now }), "23503", "aktivitas_decided_by_fkey"},

		{"duplicate root unit", `INSERT INTO unit_kerja (nama, created_at) VALUES ('Kecamatan Tembalang', now())`, nil, "23505", "unit_kerja_nama_parent_key"},
		{"same name under another parent", `INSERT INTO unit_kerja (nama, parent_id, created_at) VALUES ('Kecamatan Tembalang', $1, now())`, []any{unit}, "", ""},
		{"skp year 1999", `INSERT INTO skp (pegawai_id, tahun, created_at) VALUES ($1, 1999, now())`, []any{p.ID}, "23514", "skp_tahun_check"},
		{"second skp of a year", `INSERT INTO skp (pegawai_id, tahun, created_at) VALUES ($1, 2026, now())`, []any{p.ID}, "23505", "skp_pegawai_tahun_key"},
		{"target range reversed", `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'x', 8, 7, 'bulan')`, []any{rhk}, "23514", "indikator_target_check"},
		{"negative target", `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'x', -1, 7, 'bulan')`, []any{rhk}, "23514", "indikator_target_check"},
		{"self delegation", `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at) VALUES ($1, $1, 'plh', '2026-03-01', '2026-03-05', now())`, []any{p.ID}, "23514", "delegasi_self_check"},
		{"leave ending before it starts", `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-03-05', '2026-03-01', 'cuti')`, []any{p.ID}, "23514", "cuti_period_check"},
		{"unknown holiday kind", `INSERT INTO hari_libur (tanggal, keterangan, jenis) VALUES ('2026-03-19', 'Nyepi', 'libur_daerah')`, nil, "23514", "hari_libur_jenis_check"},
		{"short token hash", `INSERT INTO undangan (pegawai_id, token_hash, expires_at, created_at) VALUES ($1, '\x0102', now(), now())`, []any{p.ID}, "23514", "undangan_token_hash_check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Pool.Exec(ctx, tt.sql, tt.args...)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want SQLSTATE %s", err, tt.code)
			}
			if pe.Code != tt.code || pe.ConstraintName != tt.constraint {
				t.Fatalf("got %s %s (%s), want %s %s", pe.Code, pe.ConstraintName, pe.Message, tt.code, tt.constraint)
			}
		})
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	b, ctx := pgSetup(t)
	a := b.submit(t)
	for _, q := range []string{
		`UPDATE audit_log SET action = 'setujui' WHERE entity_id = $1`,
		`DELETE FROM audit_log WHERE entity_id = $1`,
		`TRUNCATE audit_log`,
	} {
		var args []any
		if q != `TRUNCATE audit_log` {
			args = []any{a.ID}
		}
		_, err := b.db.Pool.Exec(ctx, q, args...)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23001" {
			t.Fatalf("%s: err = %v, want restrict_violation", q, err)
		}
	}
	if n := pgAuditCount(t, b, a.ID, ""); n != 1 {
		t.Fatalf("%d entries left, want 1", n)
	}
}
