package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/notify"
	"kinerjabot/reminders"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// wib is the deployment's zone in these tests.
var wib = time.FixedZone("WIB", 7*3600)

// at is a time on Monday 28 December 2026 (a working day), WIB.
func at(h, m int) time.Time { return time.Date(2026, 12, 28, h, m, 0, 0, wib) }

// planner is the reminder planner as the bot runs it, on the test's own
// handle of the database (planning needs no Telegram).
func (e *e2e) planner(t testing.TB) *notify.ReminderPlanner {
	t.Helper()
	cfg := e.cfg.Reminders
	if cfg.Business == nil {
		t.Fatal("e.cfg.Reminders not set")
	}
	return notify.NewReminderPlanner(notify.Deps{Store: e.db, Location: e.cfg.Location, Now: e.clock.Now},
		notify.ReminderDeps{Store: e.db, Config: cfg, Rules: e.cfg.Rules, Score: kinerja.DefaultScoreConfig()})
}

func (e *e2e) plan(t testing.TB) int {
	t.Helper()
	n, err := e.planner(t).Plan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// openReminders counts the reminders planned and not yet sent or skipped,
// whose push job is still to run: an escalation's streak has no job of its
// own (the day's message of its supervisor tells it) and may wait for a
// day its supervisor is there.
func (e *e2e) openReminders(t testing.TB) int {
	t.Helper()
	var open int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pengingat WHERE status = 'dijadwalkan'
  AND NOT (jenis = 'eskalasi' AND subjek_id <> 0)`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	return open
}

// nudges counts the daily nudges in a chat.
func nudges(u *telegramtest.User) int {
	n := 0
	for _, m := range u.History() {
		if m.FromBot && strings.HasPrefix(m.Text, "⏰ Bapak/Ibu") {
			n++
		}
	}
	return n
}

// TestE2EReminderWorkingDay simulates a working day of 200 people in
// telegramtest with its flood limits on and two bot processes running: each
// person due gets exactly one nudge at their hour, nobody else gets one
// (reported, on leave, turned off, inactive, blocked the bot, or whose
// hour has not come), someone who reported between planning and sending
// gets nothing, injected 429 answers are waited out and the message still
// arrives once, a snoozed nudge comes once more an hour later, and the
// limits are never exceeded.
func TestE2EReminderWorkingDay(t *testing.T) {
	e := newE2E(t)
	e.clock.Set(at(8, 0))
	ctx := context.Background()
	// Telegram's limits, the global one scaled up 2× so the day takes
	// seconds: 60/s over all chats, 1/s per chat with a burst of 2 (exact
	// 1-second spacing on the bot's side can arrive 999 ms apart). The bot
	// keeps under them: 55/s, 1/s per chat without a burst.
	e.tg.SetRateLimit(60, 1, 2)
	e.cfg.RateGlobal, e.cfg.RateBulk, e.cfg.RatePerChat, e.cfg.RatePerChatBurst = 55, 50, 1, 1

	unit := storetest.SeedUnit(t, e.db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	kepala := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Kepala Dinas", UnitID: unit})
	type group struct {
		name  string
		n     int
		setup string // SQL run for each person ($1 = pegawai id)
		want  int    // nudges expected by the end of the day
	}
	groups := []group{
		{name: "default hour, due", n: 110, want: 1},
		{name: "reported between planning and sending", n: 10, want: 0},
		{name: "reported this morning", n: 15, want: 0},
		{name: "WITA 15.30 (14.30 WIB)", n: 20, setup: `UPDATE pegawai SET zona = 'Asia/Makassar' WHERE id = $1`, want: 1},
		{name: "own hour 17.00", n: 10, setup: `UPDATE pegawai SET pengingat_jam = 1020 WHERE id = $1`, want: 1},
		{name: "own hour 19.30 (planner not run then)", n: 5, setup: `UPDATE pegawai SET pengingat_jam = 1170 WHERE id = $1`, want: 0},
		{name: "on leave", n: 10, setup: `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-12-28', '2026-12-29', 'cuti')`, want: 0},
		{name: "turned the nudge off", n: 8, setup: `UPDATE pegawai SET pengingat_mati = '{harian}' WHERE id = $1`, want: 0},
		{name: "inactive", n: 5, setup: `UPDATE pegawai SET aktif = false WHERE id = $1`, want: 0},
		{name: "blocked the bot", n: 5, want: 0},
		{name: "snoozes once", n: 2, want: 2},
	}
	type person struct {
		g  int
		id int64
		u  *telegramtest.User
	}
	var people []person
	tgID := int64(900000)
	for gi, g := range groups {
		for range g.n {
			tgID++
			p := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: fmt.Sprintf("Pegawai %d", tgID), UnitID: unit, AtasanID: kepala.ID,
				TelegramID: tgID, ChatID: tgID})
			if g.setup != "" {
				if _, err := e.db.Pool.Exec(ctx, g.setup, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			people = append(people, person{g: gi, id: p.ID, u: e.tg.User(tgID, telegramtest.WithStarted())})
		}
	}
	if len(people) != 200 {
		t.Fatalf("%d people", len(people))
	}
	report := func(id int64) {
		t.Helper()
		if _, err := e.db.Pool.Exec(ctx, `
INSERT INTO aktivitas (pegawai_id, tanggal, kategori, deskripsi, volume, satuan, menit, created_at, updated_at)
VALUES ($1, '2026-12-28', 'non_skp', 'Rapat koordinasi', 1, 'kegiatan', 120, now(), now())`, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range people {
		switch groups[p.g].name {
		case "reported this morning":
			report(p.id)
		case "blocked the bot":
			e.tg.BlockBy(p.u.ID())
		}
	}

	// 09.01: the once-a-day reminders are planned (the head of unit, who
	// has not started the bot, is due a digest check and escalations about
	// everyone who never reported; the jobs skip them as not started).
	e.clock.Set(at(9, 1))
	if n := e.plan(t); n == 0 {
		t.Fatal("09.01: nothing planned")
	}

	// 14.31: only the WITA group's hour has come. Planned twice at once
	// (two planners): planned once.
	e.clock.Set(at(14, 31))
	planned := make([]int, 2)
	pl := e.planner(t)
	atOnce(len(planned), func(i int) {
		n, err := pl.Plan(ctx)
		if err != nil {
			t.Error(err)
		}
		planned[i] = n
	})
	if planned[0]+planned[1] != 20 {
		t.Fatalf("14.31: planned %v jobs, want 20 in all", planned)
	}

	// 15.31, bots still stopped: the 15.30 people are planned; then ten
	// of them report before any job runs.
	e.clock.Set(at(15, 31))
	if n := e.plan(t); n != 110+10+2+5 {
		t.Fatalf("15.31: planned %d jobs, want %d", n, 110+10+2+5)
	}
	for _, p := range people {
		if groups[p.g].name == "reported between planning and sending" {
			report(p.id)
		}
	}

	// Telegram answers the first sends with 429 (retry after 1 s).
	e.tg.InjectFault("sendMessage", telegramtest.Fault{Status: 429, RetryAfter: 1, Times: 3})
	// Two processes.
	e.start()
	e.start()

	due := func(p person) bool {
		g := groups[p.g].name
		return g == "default hour, due" || g == "WITA 15.30 (14.30 WIB)" || g == "snoozes once"
	}
	eventually(t, "every due person nudged", func() bool {
		for _, p := range people {
			if due(p) && nudges(p.u) == 0 {
				return false
			}
		}
		return true
	})
	// Every planned job has finished (sent or skipped).
	eventually(t, "every reminder finished", func() bool { return e.openReminders(t) == 0 })

	// Snooze: the two press "Tunda 1 jam".
	for _, p := range people {
		if groups[p.g].name != "snoozes once" {
			continue
		}
		m := expect(t, p.u, "belum ada")
		press(t, p.u, m, "⏰ Tunda 1 jam")
		expect(t, p.u, "pukul 16.31 WIB")
		eventually(t, "the snoozed reminder's buttons removed", func() bool { return messageButtons(p.u, m.ID) == 0 })
	}
	// 16.00: nothing new. 16.32: the snoozed come again; 17.01: the 17.00
	// people. 20.30: quiet hours, nothing, though the 19.30 people were
	// never nudged (the planner did not run at their hour).
	for _, step := range []struct {
		now  time.Time
		want int
	}{{at(16, 0), 0}, {at(16, 32), 2}, {at(17, 1), 10}, {at(20, 30), 0}} {
		e.clock.Set(step.now)
		if n := e.plan(t); n != step.want {
			t.Fatalf("%s: planned %d jobs, want %d", step.now.Format("15.04"), n, step.want)
		}
		eventually(t, "reminders finished", func() bool { return e.openReminders(t) == 0 })
	}

	for _, p := range people {
		if got, want := nudges(p.u), groups[p.g].want; got != want {
			t.Errorf("%s (pegawai %d): %d nudges, want %d", groups[p.g].name, p.id, got, want)
		}
	}
	// What the table recorded: 147 sent (110 + 20 + 2×2 + 10 + … ), the
	// blocked ones skipped as unreachable and marked so, the ten who
	// reported meanwhile skipped as reported.
	var sent, reportedSkips, unreachable int
	if err := e.db.Pool.QueryRow(ctx, `
SELECT count(*) FILTER (WHERE status = 'terkirim'),
       count(*) FILTER (WHERE status = 'dilewati' AND alasan = 'reported'),
       count(*) FILTER (WHERE status = 'dilewati' AND alasan = 'unreachable')
FROM pengingat`).Scan(&sent, &reportedSkips, &unreachable); err != nil {
		t.Fatal(err)
	}
	if sent != 110+20+2*2+10 || reportedSkips != 10 || unreachable != 5 {
		t.Errorf("recorded %d sent, %d skipped as reported, %d unreachable", sent, reportedSkips, unreachable)
	}
	var marked int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pegawai WHERE unreachable`).Scan(&marked); err != nil {
		t.Fatal(err)
	}
	if marked != 5 {
		t.Errorf("%d people marked unreachable, want the 5 who blocked the bot", marked)
	}
	st := e.tg.Stats()
	if st.RateLimited != 0 || st.MaxPerSecondGlobal > 60 || st.MaxPerSecondPerChat > 2 {
		t.Errorf("limits: %d refused by the flood limit, %d/s at most over all chats, %d/s in one chat",
			st.RateLimited, st.MaxPerSecondGlobal, st.MaxPerSecondPerChat)
	}
	if st.Faults != 3 {
		t.Errorf("%d injected 429s answered, want 3", st.Faults)
	}
	if n := len(e.logs.records(t, "telegram: 429, waiting")); n != 3 {
		t.Errorf("the sender waited out %d 429s, want 3", n)
	}
}

// messageButtons counts the buttons a message shows now.
func messageButtons(u *telegramtest.User, id int) int {
	for _, m := range u.History() {
		if m.ID == id {
			return len(m.Buttons())
		}
	}
	return -1
}

// reminderWorld is a small unit for the once-a-day reminders: a head of
// unit with two staff members, all linked and started.
type reminderWorld struct {
	e                   *e2e
	kepala, sari, budi  kinerja.Pegawai
	uKepala, uSari, uBu *telegramtest.User
}

func newReminderWorld(t *testing.T, now time.Time) *reminderWorld {
	e := newE2E(t)
	e.clock.Set(now)
	unit := storetest.SeedUnit(t, e.db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	w := &reminderWorld{e: e}
	w.kepala = storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Dr. Agus Prasetyo", UnitID: unit, TelegramID: 7100, ChatID: 7100})
	w.sari = storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Sari Wulandari", UnitID: unit, AtasanID: w.kepala.ID, TelegramID: 7001, ChatID: 7001})
	w.budi = storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi Santoso", UnitID: unit, AtasanID: w.kepala.ID, TelegramID: 7002, ChatID: 7002})
	w.uKepala = e.tg.User(7100, telegramtest.WithStarted())
	w.uSari = e.tg.User(7001, telegramtest.WithStarted())
	w.uBu = e.tg.User(7002, telegramtest.WithStarted())
	if _, err := e.db.Pool.Exec(context.Background(), `INSERT INTO hari_libur (tanggal, keterangan) VALUES
('2026-12-24', 'Cuti bersama Natal'), ('2026-12-25', 'Natal'), ('2027-01-01', 'Tahun Baru')`); err != nil {
		t.Fatal(err)
	}
	return w
}

// file inserts a report: status disetujui or diajukan, submitted at
// updated (a time).
func (w *reminderWorld) file(t *testing.T, p kinerja.Pegawai, day, menit int, status kinerja.Status, updated time.Time) {
	t.Helper()
	decided := "NULL, NULL"
	if status == kinerja.StatusDisetujui {
		decided = fmt.Sprintf("%d, $3", w.kepala.ID)
	}
	if _, err := w.e.db.Pool.Exec(context.Background(), `
INSERT INTO aktivitas (pegawai_id, tanggal, kategori, deskripsi, volume, satuan, menit, status, decided_by, decided_at, created_at, updated_at)
VALUES ($1, $2, 'non_skp', 'Rapat koordinasi', 1, 'kegiatan', $4, $5, `+decided+`, $3, $3)`,
		p.ID, time.Date(2026, 12, day, 0, 0, 0, 0, time.UTC), updated, menit, string(status)); err != nil {
		t.Fatal(err)
	}
}

// settle waits until no reminder is left planned.
func (w *reminderWorld) settle(t *testing.T) {
	t.Helper()
	eventually(t, "reminders finished", func() bool { return w.e.openReminders(t) == 0 })
}

// TestE2ERemindersOfTheWeek covers the once-a-day reminders and the buttons
// on them: Friday's shortfall note (to the one behind, not to the one on
// track), the supervisors' digest of approvals waiting over a day, the
// escalation after three missed working days told once per streak with its
// "Ingatkan" button (authorised, once a day), "Matikan pengingat ini",
// "Lapor sekarang", a forged press, nothing on a holiday, and the H-3
// deadline warning without an off switch.
func TestE2ERemindersOfTheWeek(t *testing.T) {
	fri := time.Date(2026, 12, 18, 9, 1, 0, 0, wib)
	w := newReminderWorld(t, fri)
	e := w.e
	ctx := context.Background()
	old := time.Date(2026, 12, 16, 10, 0, 0, 0, wib)
	// Sari reported on 1 December only: behind, and silent since.
	w.file(t, w.sari, 1, 120, kinerja.StatusDisetujui, old)
	// Budi is on track (4 × 1,100 minutes by the 17th), two of them still
	// waiting since the 16th; and one waiting since this morning.
	w.file(t, w.budi, 14, 1100, kinerja.StatusDisetujui, old)
	w.file(t, w.budi, 15, 1100, kinerja.StatusDisetujui, old)
	w.file(t, w.budi, 16, 1100, kinerja.StatusDiajukan, old)
	w.file(t, w.budi, 17, 1100, kinerja.StatusDiajukan, old)
	w.file(t, w.budi, 18, 60, kinerja.StatusDiajukan, fri.Add(-time.Hour))
	e.start()

	if n := e.plan(t); n == 0 {
		t.Fatal("nothing planned on Friday morning")
	}
	w.settle(t)
	// Planning again (a restart, another process) plans nothing.
	if n := e.plan(t); n != 0 {
		t.Fatalf("planned %d jobs again", n)
	}

	// Sari: the weekly note. December: 21 available days (24–25 off),
	// target 6,300; by last night (the 17th: 13 days) 3,900 expected; she
	// has 120.
	weekly := expect(t, w.uSari, "baru 120 menit")
	for _, want := range []string{"semestinya sudah 3900 menit", "kurang 3780 menit", "target sebulan 6300 menit"} {
		if !strings.Contains(weekly.Text, want) {
			t.Errorf("weekly note %q lacks %q", weekly.Text, want)
		}
	}
	if got := labels(weekly); strings.Join(got, "|") != "📝 Lapor sekarang|⏰ Tunda 1 jam|🔕 Matikan pengingat ini" {
		t.Errorf("weekly note buttons %q", got)
	}
	// Budi is on track: nothing.
	if m, ok := w.uBu.LastBotMessage(); ok {
		t.Errorf("Budi got %q", m.Text)
	}
	// The head: the digest (2 waiting over 24 h, not this morning's), the
	// escalation about Sari (missed 2–17 December), and their own weekly
	// note (no reports at all) — in some order.
	got := map[string]telegramtest.Message{}
	for range 3 {
		m := next(t, w.uKepala)
		switch {
		case strings.HasPrefix(m.Text, "📬"):
			got["digest"] = m
		case strings.HasPrefix(m.Text, "🔔"):
			got["eskalasi"] = m
		case strings.HasPrefix(m.Text, "📉"):
			got["mingguan"] = m
		default:
			t.Fatalf("unexpected message to the head: %q", m.Text)
		}
	}
	if d := got["digest"]; !strings.Contains(d.Text, "📬 2 laporan tim") || !strings.Contains(d.Text, "lebih dari 24 jam") {
		t.Errorf("digest %q", d.Text)
	}
	esc := got["eskalasi"]
	if !strings.Contains(esc.Text, "Sari Wulandari") || !strings.Contains(esc.Text, "selama 12 hari kerja") || !strings.Contains(esc.Text, "sejak Rabu, 02-12-2026") {
		t.Errorf("escalation %q", esc.Text)
	}
	if strings.Contains(esc.Text, "Budi") {
		t.Errorf("Budi reported yesterday: %q", esc.Text)
	}

	// A forged press: Budi sends the head's "Ingatkan" from his own chat.
	anchorMsg := anchor(t, w.uBu)
	if ans := pressData(t, w.uBu, anchorMsg, buttonData(t, esc, "👋 Ingatkan Sari Wulandari")); ans != "Tombol ini sudah tidak berlaku." {
		t.Errorf("forged press answered %q", ans)
	}
	// The head presses "Ingatkan": Sari gets the nudge, once.
	press(t, w.uKepala, esc, "👋 Ingatkan Sari Wulandari")
	expect(t, w.uKepala, "Pengingat untuk Sari Wulandari segera dikirim")
	colek := expect(t, w.uSari, "Atasan Bapak/Ibu, Dr. Agus Prasetyo, mengingatkan")
	if got := labels(colek); strings.Join(got, "|") != "📝 Lapor sekarang" {
		t.Errorf("nudge buttons %q", got)
	}
	if ans := press(t, w.uKepala, esc, "👋 Ingatkan Sari Wulandari"); ans.Text != "Sari Wulandari sudah diingatkan hari ini." {
		t.Errorf("second press answered %q", ans.Text)
	}
	w.settle(t)
	if n := colekCount(t, e); n != 1 {
		t.Errorf("%d nudges recorded", n)
	}

	// Sari: "Lapor sekarang" starts /lapor; "Matikan pengingat ini" turns
	// the weekly note off (audited like /pengaturan).
	press(t, w.uSari, weekly, "📝 Lapor sekarang")
	report{}.opened(t, w.uSari)
	press(t, w.uSari, weekly, "🔕 Matikan pengingat ini")
	expect(t, w.uSari, "“Catatan menit kurang (Jumat)” dimatikan")
	prefs, err := e.db.ReminderPrefs(ctx, w.sari.ID)
	if err != nil {
		t.Fatal(err)
	}
	if prefs.Enabled(kinerja.ReminderMingguan) || !prefs.Enabled(kinerja.ReminderHarian) {
		t.Errorf("prefs after Matikan: %+v", prefs)
	}

	// At 19.15 the digest cannot be snoozed into the night.
	e.clock.Set(time.Date(2026, 12, 18, 19, 15, 0, 0, wib))
	press(t, w.uKepala, got["digest"], "⏰ Tunda 1 jam")
	expect(t, w.uKepala, "tidak dapat ditunda sampai pukul 20.15")
	if due, _, err := e.db.Snoozed(ctx, kinerja.Date{Year: 2026, Month: 12, Day: 18}); err != nil || len(due) != 0 {
		t.Errorf("snoozed anyway: %+v, %v", due, err)
	}

	// Monday 21: the escalation is not told again (same streak).
	e.clock.Set(time.Date(2026, 12, 21, 9, 1, 0, 0, wib))
	e.plan(t)
	w.settle(t)
	var told int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pengingat WHERE jenis = 'eskalasi' AND subjek_id <> 0 AND status = 'terkirim'`).Scan(&told); err != nil {
		t.Fatal(err)
	}
	if told != 1 {
		t.Errorf("escalation told %d times", told)
	}

	// Friday 25 December, a holiday: nothing at all.
	e.clock.Set(time.Date(2026, 12, 25, 16, 0, 0, 0, wib))
	if n := e.plan(t); n != 0 {
		t.Errorf("planned %d on a holiday", n)
	}

	// Budi has not reported since the 18th: 21, 22 and 23 December missed
	// (24–25 off), so on Monday 28 his escalation is due — but the head is
	// on leave that day. It is kept, not used up: told on Tuesday 29.
	if _, err := e.db.Pool.Exec(ctx, `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-12-28', '2026-12-28', 'cuti')`, w.kepala.ID); err != nil {
		t.Fatal(err)
	}
	aboutBudi := func() int {
		n := 0
		for _, m := range w.uKepala.History() {
			if strings.HasPrefix(m.Text, "🔔") && strings.Contains(m.Text, "Budi Santoso") {
				n++
			}
		}
		return n
	}
	e.clock.Set(time.Date(2026, 12, 28, 9, 1, 0, 0, wib))
	e.plan(t)
	w.settle(t)
	if n := aboutBudi(); n != 0 {
		t.Fatalf("told about Budi %d times while on leave", n)
	}
	e.clock.Set(time.Date(2026, 12, 29, 9, 1, 0, 0, wib))
	e.plan(t)
	w.settle(t)
	if n := aboutBudi(); n != 1 {
		t.Fatalf("told about Budi %d times after the leave, want 1", n)
	}
	if m := lastWith(t, w.uKepala, "🔔"); !strings.Contains(m.Text, "Budi Santoso") || !strings.Contains(m.Text, "selama 4 hari kerja") || !strings.Contains(m.Text, "sejak Senin, 21-12-2026") {
		t.Errorf("escalation about Budi: %q", m.Text)
	}

	// Wednesday 30 December: H-3 working days before the deadline of 5
	// January (4 January, 31 and 30 December; 1 January a holiday). Sari is
	// short of the month's target; the head has reports waiting. The
	// warning cannot be turned off: no such button.
	e.clock.Set(time.Date(2026, 12, 30, 9, 1, 0, 0, wib))
	e.plan(t)
	w.settle(t)
	warn := lastWith(t, w.uSari, "⚠️ Batas validasi laporan Desember 2026 adalah Selasa, 05-01-2027.")
	if !strings.Contains(warn.Text, "baru 120 dari target 6300 menit") {
		t.Errorf("warning to Sari %q", warn.Text)
	}
	if got := strings.Join(labels(warn), "|"); got != "📝 Lapor sekarang|⏰ Tunda 1 jam" {
		t.Errorf("warning buttons %q", got)
	}
	hw := lastWith(t, w.uKepala, "⚠️ Batas validasi")
	if !strings.Contains(hw.Text, "Masih ada 3 laporan tim") || strings.Join(labels(hw), "|") != "📝 Lapor sekarang|✅ Buka persetujuan|⏰ Tunda 1 jam" {
		t.Errorf("warning to the head %q (buttons %q)", hw.Text, labels(hw))
	}
	// Budi met the target? 2,200 approved + 2,260 pending = 4,460 < 6,300:
	// he is warned too.
	lastWith(t, w.uBu, "⚠️ Batas validasi")
}

func labels(m telegramtest.Message) []string {
	var out []string
	for _, b := range m.Buttons() {
		out = append(out, b.Text)
	}
	return out
}

// lastWith waits for a bot message in u's chat starting with prefix and
// returns the latest such.
func lastWith(t *testing.T, u *telegramtest.User, prefix string) telegramtest.Message {
	t.Helper()
	var found telegramtest.Message
	eventually(t, "a message "+prefix, func() bool {
		for _, m := range u.History() {
			if m.FromBot && strings.HasPrefix(m.Text, prefix) {
				found = m
			}
		}
		return found.ID != 0
	})
	return found
}

func colekCount(t *testing.T, e *e2e) int {
	t.Helper()
	var n int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pengingat WHERE jenis = 'colek' AND status = 'terkirim'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// With REMINDER_DAILY_SPREAD, the nudges of people without an hour of their
// own are planned over the hour from 15.30, each at their own minute: at
// 15.30 only those whose minute it is, by 16.29 everyone, nobody twice;
// someone with an hour of their own keeps it.
func TestE2EDailyNudgeSpread(t *testing.T) {
	e := newE2E(t)
	e.cfg.Reminders.DailySpread = time.Hour
	unit := storetest.SeedUnit(t, e.db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	var nips []string
	for i := range 40 {
		p := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: fmt.Sprintf("Pegawai %d", i), UnitID: unit,
			TelegramID: int64(950000 + i), ChatID: int64(950000 + i)})
		nips = append(nips, p.NIP)
	}
	own := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Jam sendiri", UnitID: unit, TelegramID: 951000, ChatID: 951000})
	if _, err := e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET pengingat_jam = 930 WHERE id = $1`, own.ID); err != nil {
		t.Fatal(err)
	}
	dueBy := func(m time.Time) int {
		n := 0
		for _, nip := range nips {
			if !at(15, 30).Add(reminders.SpreadOffset(nip, time.Hour)).After(m) {
				n++
			}
		}
		return n
	}
	planned := func() int {
		var n int
		if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pengingat WHERE jenis = 'harian'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	total := 0
	for _, m := range []time.Time{at(15, 30), at(15, 45), at(16, 0), at(16, 29), at(16, 45)} {
		e.clock.Set(m)
		total += e.plan(t)
		want := dueBy(m) + 1 // and the one with 15.30 of their own
		if got := planned(); got != want || total != want {
			t.Fatalf("at %s: %d nudges planned (%d jobs), want %d", m.Format("15.04"), got, total, want)
		}
	}
	if dueBy(at(15, 30)) >= 20 || dueBy(at(16, 29)) != 40 {
		t.Fatalf("not spread: %d due at 15.30, %d by 16.29", dueBy(at(15, 30)), dueBy(at(16, 29)))
	}
}
