package store_test

// Reminders: the preferences, planning them once, and what they may send.

import (
	"context"
	"sync"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
)

// TestPlanRemindersOnce: the same plans from many planners at once give
// one row and one job each; PlanOnce plans a kind's day once.
func TestPlanRemindersOnce(t *testing.T) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	var plans []kinerja.ReminderPlan
	day := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	for range 30 {
		p := storetest.SeedPegawai(t, db, kinerja.Pegawai{UnitID: unit})
		plans = append(plans, kinerja.ReminderPlan{PegawaiID: p.ID, Jenis: kinerja.ReminderHarian, Tanggal: day})
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 8 {
		wg.Go(func() {
			n, err := db.PlanReminders(ctx, plans, map[int]string{0: "day_off"})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		})
	}
	wg.Wait()
	var rows, jobs, skipped int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'dilewati') FROM pengingat`).Scan(&rows, &skipped); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'pengingat'`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if total != 29 || rows != 30 || skipped != 1 || jobs != 29 {
		t.Fatalf("enqueued %d, rows %d (skipped %d), jobs %d: want 29, 30 (1), 29", total, rows, skipped, jobs)
	}

	calls := 0
	for i := range 3 {
		_, planned, err := db.PlanOnce(ctx, kinerja.ReminderDigest, day, func(context.Context) ([]kinerja.ReminderPlan, map[int]string, error) {
			calls++
			return nil, nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if planned != (i == 0) {
			t.Fatalf("call %d: planned %v", i, planned)
		}
	}
	if calls != 1 {
		t.Fatalf("the day's recipients were listed %d times", calls)
	}
}

// TestSnoozeAndNudgeAreAuthorised: only the recipient snoozes, once, a sent
// reminder; only the escalation's recipient who still assesses the person
// nudges, once a day; refusals are audited.
func TestSnoozeAndNudgeAreAuthorised(t *testing.T) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	kepala := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala", UnitID: unit})
	lain := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala Lain", UnitID: unit})
	sari := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Sari", UnitID: unit, AtasanID: kepala.ID})
	day := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	if _, err := db.PlanReminders(ctx, []kinerja.ReminderPlan{
		{PegawaiID: sari.ID, Jenis: kinerja.ReminderHarian, Tanggal: day},
		{PegawaiID: kepala.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: day.AddDays(-5), SubjekID: sari.ID},
		{PegawaiID: lain.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: day.AddDays(-5), SubjekID: sari.ID},
	}, nil); err != nil {
		t.Fatal(err)
	}
	id := func(who int64, k kinerja.ReminderKind) int64 {
		var id int64
		if err := db.Pool.QueryRow(ctx, `SELECT id FROM pengingat WHERE pegawai_id = $1 AND jenis = $2`, who, string(k)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	nudge, esc, escLain := id(sari.ID, kinerja.ReminderHarian), id(kepala.ID, kinerja.ReminderEskalasi), id(lain.ID, kinerja.ReminderEskalasi)
	until := time.Date(2026, 12, 28, 16, 30, 0, 0, time.UTC)
	// Not sent yet: no snooze.
	if _, err := db.SnoozeReminder(ctx, nudge, sari.ID, until); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("snooze of a planned reminder: %v", err)
	}
	if _, err := db.FinishReminder(ctx, nudge, kinerja.ReminderSent, "", 1, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SnoozeReminder(ctx, nudge, kepala.ID, until); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("snooze by someone else: %v", err)
	}
	if r, err := db.SnoozeReminder(ctx, nudge, sari.ID, until); err != nil || !r.TundaSampai.Equal(until) {
		t.Fatalf("snooze: %+v, %v", r, err)
	}
	if _, err := db.SnoozeReminder(ctx, nudge, sari.ID, until.Add(time.Hour)); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("second snooze: %v", err)
	}
	due, ends, err := db.Snoozed(ctx, day)
	if err != nil || len(due) != 1 || due[0].Ke != 1 || due[0].PegawaiID != sari.ID || !ends[0].Equal(until) {
		t.Fatalf("snoozed: %+v %v, %v", due, ends, err)
	}

	// An escalation has no snooze (told once per streak), even forged.
	if _, err := db.FinishReminder(ctx, esc, kinerja.ReminderSent, "", 1, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SnoozeReminder(ctx, esc, kepala.ID, until); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("snooze of an escalation: %v", err)
	}

	// Nudges: pressed by someone else than the recipient, by a recipient
	// who does not assess Sari, then by the head (twice).
	if _, err := db.NudgeFromEscalation(ctx, esc, lain.ID, day); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("nudge on another's escalation: %v", err)
	}
	if _, err := db.NudgeFromEscalation(ctx, escLain, lain.ID, day); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("nudge by a non-assessor: %v", err)
	}
	if p, err := db.NudgeFromEscalation(ctx, esc, kepala.ID, day); err != nil || p.ID != sari.ID {
		t.Fatalf("nudge: %+v, %v", p, err)
	}
	if _, err := db.NudgeFromEscalation(ctx, esc, kepala.ID, day); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("second nudge: %v", err)
	}
	var colek, audited, refused int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM pengingat WHERE jenis = 'colek' AND pegawai_id = $1`, sari.ID).Scan(&colek); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE action = 'colek'), count(*) FILTER (WHERE action = 'colek_ditolak') FROM audit_log`).Scan(&audited, &refused); err != nil {
		t.Fatal(err)
	}
	var tunda int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'tunda'`).Scan(&tunda); err != nil {
		t.Fatal(err)
	}
	if colek != 1 || audited != 1 || refused != 1 || tunda != 1 {
		t.Fatalf("colek rows %d, audited %d, refusals audited %d, snoozes audited %d", colek, audited, refused, tunda)
	}
}

// Someone who never reported counts from the day their account was linked,
// not from the roster import (a newcomer has missed nothing).
func TestStaffActivitiesCountFromLinking(t *testing.T) {
	db, ctx := newDB(t)
	wib := time.FixedZone("WIB", 7*3600)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	kepala := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala", UnitID: unit})
	baru := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Baru", UnitID: unit, AtasanID: kepala.ID, Telepon: "+6281234500001"})
	lama := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Lama", UnitID: unit, AtasanID: kepala.ID, TelegramID: 502, ChatID: 502})
	// Imported long ago, linked (by sharing the phone) now.
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET created_at = '2026-10-01 08:00+07' WHERE id = $1`, baru.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LinkByPhone(ctx, "+6281234500001", 501, 501); err != nil {
		t.Fatal(err)
	}
	linked := kinerja.DateOf(time.Now(), wib)
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET created_at = '2026-10-01 08:00+07', terhubung_pada = NULL WHERE id = $1`, lama.ID); err != nil {
		t.Fatal(err)
	}
	today := linked.AddDays(30)
	got, err := db.StaffActivities(ctx, today, wib)
	if err != nil {
		t.Fatal(err)
	}
	last := map[int64]kinerja.Date{}
	for _, s := range got {
		last[s.PegawaiID] = s.Last
		if len(s.Assessors) != 1 || s.Assessors[0] != kepala.ID {
			t.Errorf("assessors of %d: %v", s.PegawaiID, s.Assessors)
		}
	}
	if last[baru.ID] != linked.AddDays(-1) || last[lama.ID] != (kinerja.Date{Year: 2026, Month: 9, Day: 30}) {
		t.Fatalf("last days: %v", last)
	}
}

func TestReminderPrefs(t *testing.T) {
	db, ctx := newDB(t)
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
