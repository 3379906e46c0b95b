package store_test

import (
	"context"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
)

func TestReminderPrefs(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	ctx := context.Background()
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	p := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Sari", UnitID: unit})

	got, err := db.ReminderPrefs(ctx, p.ID)
	if err != nil || got.At != 0 || len(got.Off) != 0 || got.Zona != "" {
		t.Fatalf("defaults = %+v, %v", got, err)
	}
	want := kinerja.ReminderPrefs{At: 7*time.Hour + 45*time.Minute, Off: []kinerja.ReminderKind{kinerja.ReminderMingguan, kinerja.ReminderHarian}, Zona: "Asia/Jayapura"}
	if err := db.UpdateReminderPrefs(ctx, p.ID, func(cur *kinerja.ReminderPrefs) { *cur = want }); err != nil {
		t.Fatal(err)
	}
	got, err = db.ReminderPrefs(ctx, p.ID)
	if err != nil || got.At != want.At || len(got.Off) != 2 || got.Off[0] != kinerja.ReminderHarian || got.Zona != "Asia/Jayapura" {
		t.Fatalf("stored %+v, %v", got, err)
	}
	// The same again writes nothing; each change one audit row.
	if err := db.UpdateReminderPrefs(ctx, p.ID, func(cur *kinerja.ReminderPrefs) { *cur = got }); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'pengaturan' AND entity_id = $1`, p.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d audit rows, %v", n, err)
	}
	// Refused by the domain, and by the database for anyone going around it.
	for _, bad := range []kinerja.ReminderPrefs{
		{Off: []kinerja.ReminderKind{kinerja.ReminderTenggat}},
		{At: 21 * time.Hour},
		{Zona: "Europe/Berlin"},
	} {
		if err := db.UpdateReminderPrefs(ctx, p.ID, func(cur *kinerja.ReminderPrefs) { *cur = bad }); kinerja.ErrorCode(err) != kinerja.CodeInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	for _, q := range []string{
		`UPDATE pegawai SET pengingat_mati = '{tenggat}' WHERE id = $1`,
		`UPDATE pegawai SET pengingat_jam = 1200 WHERE id = $1`,
		`UPDATE pegawai SET zona = 'UTC' WHERE id = $1`,
	} {
		if _, err := db.Pool.Exec(ctx, q, p.ID); err == nil {
			t.Errorf("the database accepted %s", q)
		}
	}
	if _, err := db.ReminderPrefs(ctx, 999999); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Fatalf("unknown person: %v", err)
	}
}
