package storetest_test

import (
	"context"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
)

func TestSeed(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	unit := storetest.SeedUnit(t, db, "Kelurahan Bulusan")
	p := storetest.SeedPegawai(t, db, kinerja.Pegawai{UnitID: unit})
	if p.ID == 0 || !kinerja.ValidNIP(p.NIP) || p.Nama == "" || !p.Aktif || !p.HasRole(kinerja.RolePegawai) {
		t.Fatalf("seeded %+v", p)
	}
	q := storetest.SeedPegawai(t, db, kinerja.Pegawai{AtasanID: p.ID})
	if q.NIP == p.NIP {
		t.Fatal("two seeded people share a NIP")
	}
	rhk, ind := storetest.SeedRHK(t, db, q.ID, 2026)
	rhk2, _ := storetest.SeedRHK(t, db, q.ID, 2026)
	if rhk == 0 || ind == 0 || rhk2 == rhk {
		t.Fatalf("rhk %d %d, indikator %d", rhk, rhk2, ind)
	}
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM skp WHERE pegawai_id = $1`, q.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d skp, %v", n, err)
	}
}

// TestIsolation: two tests' databases do not see each other's rows.
func TestIsolation(t *testing.T) {
	t.Parallel()
	a, b := storetest.NewDB(t), storetest.NewDB(t)
	storetest.SeedUnit(t, a, "Dinas Kesehatan")
	var n int
	if err := b.Pool.QueryRow(context.Background(), `SELECT count(*) FROM unit_kerja`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("second database has %d units, %v", n, err)
	}
}
