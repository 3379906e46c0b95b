package store_test

import (
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

func TestPegawaiByTelegramID(t *testing.T) {
	b, ctx := pgSetup(t)
	today := kinerja.Date{Year: 2026, Month: time.March, Day: 2}

	p, err := b.db.PegawaiByTelegramID(ctx, 42, today)
	if p != nil || err != nil {
		t.Fatalf("unlinked: %v, %v", p, err)
	}

	got, err := b.db.PegawaiByTelegramID(ctx, b.author.TelegramID, today)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != b.author.ID || got.NIP != b.author.NIP || got.Nama != "Siti Rahayu" || got.AtasanID != b.assessor.ID ||
		got.UnitID != b.unit || !got.Aktif || !got.HasRole(kinerja.RolePegawai) || got.IsAssessor || got.Bahasa != "" {
		t.Fatalf("author = %+v", got)
	}
	boss, err := b.db.PegawaiByTelegramID(ctx, b.assessor.TelegramID, today)
	if err != nil || !boss.IsAssessor {
		t.Fatalf("assessor = %+v, %v", boss, err)
	}

	// A subordinate who left does not make an assessor.
	lone := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{TelegramID: 6001, Roles: []kinerja.Role{kinerja.RolePegawai, kinerja.RoleAdminOPD}})
	gone := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{AtasanID: lone.ID})
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.db.PegawaiByTelegramID(ctx, 6001, today); got.IsAssessor || !got.HasRole(kinerja.RoleAdminOPD) {
		t.Fatalf("lone = %+v", got)
	}

	// A Plh is an assessor during the delegation only, and not once revoked.
	var delegasi int64
	err = b.db.Pool.QueryRow(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', '2026-03-02', '2026-03-06', now()) RETURNING id`, b.assessor.ID, lone.ID).Scan(&delegasi)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  kinerja.Date
		want bool
	}{
		{today.AddDays(-1), false}, {today, true}, {today.AddDays(4), true}, {today.AddDays(5), false},
	} {
		got, err := b.db.PegawaiByTelegramID(ctx, 6001, tc.day)
		if err != nil || got.IsAssessor != tc.want {
			t.Fatalf("on %s IsAssessor = %v, want %v (%v)", tc.day, got.IsAssessor, tc.want, err)
		}
	}
	if _, err := b.db.Pool.Exec(ctx, `UPDATE delegasi SET revoked_at = now() WHERE id = $1`, delegasi); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.db.PegawaiByTelegramID(ctx, 6001, today); got.IsAssessor {
		t.Fatal("revoked delegation still counts")
	}
}

// TestSetUnreachable: the flag is written only when it changes, since every
// incoming update clears it.
func TestSetUnreachable(t *testing.T) {
	b, ctx := pgSetup(t)
	// xmin changes with every write of the row, even one that changes nothing.
	rowVersion := func() (xmin string, unreachable bool) {
		t.Helper()
		err := b.db.Pool.QueryRow(ctx, `SELECT xmin::text, unreachable FROM pegawai WHERE id = $1`, b.author.ID).Scan(&xmin, &unreachable)
		if err != nil {
			t.Fatal(err)
		}
		return xmin, unreachable
	}
	x0, _ := rowVersion()
	if err := b.db.SetUnreachable(ctx, b.author.TelegramID, false); err != nil {
		t.Fatal(err)
	}
	if x, u := rowVersion(); x != x0 || u {
		t.Fatalf("clearing a clear flag wrote the row (%s → %s)", x0, x)
	}
	if err := b.db.SetUnreachable(ctx, b.author.TelegramID, true); err != nil {
		t.Fatal(err)
	}
	x1, u := rowVersion()
	if x1 == x0 || !u {
		t.Fatal("flag not set")
	}
	if err := b.db.SetUnreachable(ctx, b.author.TelegramID, true); err != nil {
		t.Fatal(err)
	}
	if x, _ := rowVersion(); x != x1 {
		t.Fatal("setting a set flag wrote the row")
	}
	if err := b.db.SetUnreachable(ctx, b.author.TelegramID, false); err != nil {
		t.Fatal(err)
	}
	if _, u := rowVersion(); u {
		t.Fatal("flag not cleared")
	}
	if err := b.db.SetUnreachable(ctx, 123456789, true); err != nil {
		t.Fatalf("unknown account: %v", err)
	}
}

func TestSetBahasa(t *testing.T) {
	b, ctx := pgSetup(t)
	audits := func() []kinerja.AuditEntry {
		t.Helper()
		e, err := b.db.Audit(ctx, store.AuditFilter{Entity: "pegawai", EntityID: b.author.ID})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	bahasa := func() string {
		t.Helper()
		got, err := b.db.PegawaiByTelegramID(ctx, b.author.TelegramID, kinerja.Date{Year: 2026, Month: 3, Day: 2})
		if err != nil {
			t.Fatal(err)
		}
		return got.Bahasa
	}

	if err := b.db.SetBahasa(ctx, b.author.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if bahasa() != "en" {
		t.Fatal("bahasa not saved")
	}
	e := audits()
	if len(e) != 1 || e[0].Action != "bahasa" || e[0].ActorID != b.author.ID || e[0].Detail["from"] != "" || e[0].Detail["to"] != "en" {
		t.Fatalf("audit = %+v", e)
	}
	if err := b.db.SetBahasa(ctx, b.author.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if len(audits()) != 1 {
		t.Fatal("choosing the same language was audited")
	}
	if err := b.db.SetBahasa(ctx, b.author.ID, ""); err != nil {
		t.Fatal(err)
	}
	if bahasa() != "" || len(audits()) != 2 {
		t.Fatal("reset to default not saved or not audited")
	}
	pgWantErr(t, b.db.SetBahasa(ctx, b.author.ID, "jv"), kinerja.CodeInvalid, "pegawai.bahasa_invalid")
	pgWantErr(t, b.db.SetBahasa(ctx, 999999, "id"), kinerja.CodeNotFound, "pegawai.not_found")
}
