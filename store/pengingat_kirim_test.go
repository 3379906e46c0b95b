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
	// A supervisor's daily list instead of a card per report: stored,
	// audited with what it was, and back.
	for _, at := range []time.Duration{15 * time.Hour, 0} {
		if err := db.UpdateReminderPrefs(ctx, p.ID, func(cur *kinerja.ReminderPrefs) { cur.Daftar = at }); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ReminderPrefs(ctx, p.ID); err != nil || got.Daftar != at || got.At != want.At {
			t.Fatalf("daily list at %v: stored %+v, %v", at, got, err)
		}
	}
	var details []string
	rows, err := db.Pool.Query(ctx, `SELECT detail->'daftar'->>'from' || '→' || coalesce(detail->'daftar'->>'to', 'kartu')
FROM audit_log WHERE action = 'pengaturan' AND entity_id = $1 AND detail ? 'daftar' ORDER BY id`, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var d *string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		if d == nil {
			details = append(details, "kartu→900")
		} else {
			details = append(details, *d)
		}
	}
	if len(details) != 2 || details[0] != "kartu→900" || details[1] != "900→kartu" {
		t.Fatalf("audited %q", details)
	}
	// Refused by the domain, and by the database for anyone going around it.
	for _, bad := range []kinerja.ReminderPrefs{
		{Off: []kinerja.ReminderKind{kinerja.ReminderTenggat}},
		{At: 21 * time.Hour},
		{Daftar: 5 * time.Hour},
		{Zona: "Europe/Berlin"},
	} {
		if err := db.UpdateReminderPrefs(ctx, p.ID, func(cur *kinerja.ReminderPrefs) { *cur = bad }); kinerja.ErrorCode(err) != kinerja.CodeInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	for _, q := range []string{
		`UPDATE pegawai SET pengingat_mati = '{tenggat}' WHERE id = $1`,
		`UPDATE pegawai SET pengingat_jam = 1200 WHERE id = $1`,
		`UPDATE pegawai SET daftar_jam = 300 WHERE id = $1`,
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

// TestListCandidates: a supervisor who chose a daily list is a candidate
// once its hour has come in their zone, while they assess someone, until
// today's list is planned; staff and supervisors with cards never are.
func TestListCandidates(t *testing.T) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	day := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	at := func(h, m int) time.Time { return time.Date(2026, 12, 28, h, m, 0, 0, wib) }
	head := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala", UnitID: unit, TelegramID: 1, ChatID: 1})
	storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Staf", UnitID: unit, AtasanID: head.ID})
	cards := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala lain", UnitID: unit, TelegramID: 2, ChatID: 2})
	storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Staf lain", UnitID: unit, AtasanID: cards.ID})
	alone := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Tanpa tim", UnitID: unit, TelegramID: 3, ChatID: 3})
	for _, id := range []int64{head.ID, alone.ID} {
		if err := db.UpdateReminderPrefs(ctx, id, func(p *kinerja.ReminderPrefs) { p.Daftar = 15 * time.Hour }); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(now time.Time) []int64 {
		t.Helper()
		cs, err := db.ListCandidates(ctx, day, now, wib)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range cs {
			if c.At != 15*time.Hour {
				t.Errorf("candidate %d at %v", c.PegawaiID, c.At)
			}
			out = append(out, c.PegawaiID)
		}
		return out
	}
	if got := ids(at(14, 59)); len(got) != 0 {
		t.Fatalf("14.59: %v", got)
	}
	if got := ids(at(15, 0)); len(got) != 1 || got[0] != head.ID {
		t.Fatalf("15.00: %v, want the head only", got)
	}
	if _, err := db.PlanReminders(ctx, []kinerja.ReminderPlan{{PegawaiID: head.ID, Jenis: kinerja.ReminderDaftar, Tanggal: day}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(at(16, 0)); len(got) != 0 {
		t.Fatalf("planned already: %v", got)
	}
}

// TestPlanEscalations: the day's streaks become rows without a job of
// their own, and each supervisor with a streak to tell gets one message of
// the day (one row, one job); planned once a day; a streak left untold (the
// supervisor away) brings the next day's message.
func TestPlanEscalations(t *testing.T) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	head := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Kepala", UnitID: unit})
	plh := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Plh", UnitID: unit})
	var staff []int64
	for range 3 {
		staff = append(staff, storetest.SeedPegawai(t, db, kinerja.Pegawai{UnitID: unit, AtasanID: head.ID}).ID)
	}
	mon := kinerja.Date{Year: 2026, Month: 12, Day: 21}
	start := kinerja.Date{Year: 2026, Month: 12, Day: 16}
	streaks := []kinerja.ReminderPlan{
		{PegawaiID: head.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: start, SubjekID: staff[0]},
		{PegawaiID: head.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: start, SubjekID: staff[1]},
		{PegawaiID: plh.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: start, SubjekID: staff[0]},
	}
	calls := 0
	plan := func(d kinerja.Date, ps []kinerja.ReminderPlan) (int, bool) {
		t.Helper()
		n, planned, err := db.PlanEscalations(ctx, d, func(context.Context) ([]kinerja.ReminderPlan, error) { calls++; return ps, nil })
		if err != nil {
			t.Fatal(err)
		}
		return n, planned
	}
	if n, planned := plan(mon, streaks); n != 2 || !planned {
		t.Fatalf("Monday: %d jobs (planned %v), want one message each for the head and the Plh", n, planned)
	}
	if n, planned := plan(mon, streaks); n != 0 || planned || calls != 1 {
		t.Fatalf("Monday again: %d jobs, planned %v, %d calls", n, planned, calls)
	}
	var lines, days, jobs int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE subjek_id <> 0), count(*) FILTER (WHERE subjek_id = 0 AND tanggal = $1) FROM pengingat WHERE jenis = 'eskalasi'`,
		mon.UTC()).Scan(&lines, &days); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'pengingat'`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if lines != 3 || days != 2 || jobs != 2 {
		t.Fatalf("%d streaks, %d messages, %d jobs: want 3, 2, 2", lines, days, jobs)
	}
	head1, err := db.EscalationsToTell(ctx, head.ID)
	if err != nil || len(head1) != 2 || head1[0].SubjekID != staff[0] || head1[1].SubjekID != staff[1] {
		t.Fatalf("the head's streaks: %+v, %v", head1, err)
	}
	// The head's message tells his two; the Plh's is released (away): on
	// Tuesday, with nothing new, only the Plh gets a message, and a new
	// streak of the head's brings him one naming it alone.
	var headDay, plhDay int64
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT id FROM pengingat WHERE pegawai_id = $1 AND jenis = 'eskalasi' AND subjek_id = 0),
  (SELECT id FROM pengingat WHERE pegawai_id = $2 AND jenis = 'eskalasi' AND subjek_id = 0)`, head.ID, plh.ID).Scan(&headDay, &plhDay); err != nil {
		t.Fatal(err)
	}
	if n, err := db.FinishReminders(ctx, []int64{headDay, head1[0].ID, head1[1].ID}, kinerja.ReminderSent, "", 1, 10); err != nil || n != 3 {
		t.Fatalf("finished %d, %v", n, err)
	}
	if err := db.ReleaseReminder(ctx, plhDay); err != nil {
		t.Fatal(err)
	}
	if n, _ := plan(mon.AddDays(1), streaks); n != 1 {
		t.Fatalf("Tuesday: %d jobs, want the Plh's message only", n)
	}
	if left, err := db.EscalationsToTell(ctx, head.ID); err != nil || len(left) != 0 {
		t.Fatalf("the head has %+v still to tell, %v", left, err)
	}
	more := append(streaks, kinerja.ReminderPlan{PegawaiID: head.ID, Jenis: kinerja.ReminderEskalasi, Tanggal: mon, SubjekID: staff[2]})
	if n, _ := plan(mon.AddDays(2), more); n != 2 {
		t.Fatalf("Wednesday: %d jobs, want the head's (the new streak) and the Plh's (still untold)", n)
	}
	if left, err := db.EscalationsToTell(ctx, head.ID); err != nil || len(left) != 1 || left[0].SubjekID != staff[2] {
		t.Fatalf("the head's streaks on Wednesday: %+v, %v", left, err)
	}
}
