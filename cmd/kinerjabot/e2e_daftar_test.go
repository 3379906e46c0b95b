package main

// Issue 15, "the supervisor with twenty reports", the last two items: a
// supervisor may choose in /pengaturan one daily list of what waits for
// them instead of a card per report, and the escalations about their team
// come in one message a day.

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// listsSent counts the daily lists of approvals sent to a chat (a list
// turns into what its buttons show, so its chat's history may no longer
// say what was sent).
func listsSent(e *e2e, chatID int64) int {
	n := 0
	for _, r := range e.tg.Requests("sendMessage") {
		if r.Params["chat_id"] == strconv.FormatInt(chatID, 10) && strings.HasPrefix(r.Params["text"], "🗓 Daftar persetujuan harian") {
			n++
		}
	}
	return n
}

// Item 1: the head chooses a daily list at 15.00 in /pengaturan. From then
// on no card per report reaches him (the Plh, who keeps the default, still
// gets one per report), while the card he had before still decides; at
// 15.00 on each working day one message lists everything waiting for him
// by person and day, with the buttons of /persetujuan: a person's day
// decides report by report through the same authorised and audited path
// (first click wins, the Plh's card follows), and "Setujui semua" approves
// what the list showed, not what came after. Nothing waits: no message.
func TestE2EDailyListInsteadOfCards(t *testing.T) {
	w := newDecisionWorld(t)
	e := w.e
	ctx := context.Background()
	e.start() // with the card and reminder workers
	k, plh := w.kepala, w.plhUser
	w.greet(t)
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, wib) }

	// Before choosing: a card per report, to the head and to the Plh.
	before := w.submit(t, 28, "Apel pagi", 30)
	oldCard := kartuWait(t, k, 1, "Apel pagi")[0]
	expect(t, k, "📋 ")
	kartuWait(t, plh, 1, "Apel pagi")
	expect(t, plh, "📋 ")

	// The head chooses one daily list at 15.00.
	k.SendCommand("/pengaturan")
	m := expect(t, k, "📋 Laporan tim: kartu per laporan")
	m = pressEdits(t, k, m, "📋 Laporan tim", "Daftar harian")
	if got := strings.Join(labels(m), "|"); !strings.HasPrefix(got, "📨 Kartu per laporan|🗓 Daftar 08.00|🗓 Daftar 13.00|🗓 Daftar 15.00") {
		t.Fatalf("the choice's buttons: %s", got)
	}
	m = pressEdits(t, k, m, "🗓 Daftar 15.00", "satu daftar setiap hari kerja pukul 15.00")
	if !strings.Contains(m.Text, "📋 Laporan tim: daftar harian pukul 15.00 WIB") {
		t.Fatalf("the overview does not say so:\n%s", m.Text)
	}
	pressEdits(t, k, m, "✅ Selesai", "Pengaturan tersimpan")
	var jam *int16
	if err := e.db.Pool.QueryRow(ctx, `SELECT daftar_jam FROM pegawai WHERE id = $1`, w.f.kepala.ID).Scan(&jam); err != nil || jam == nil || *jam != 15*60 {
		t.Fatalf("daftar_jam = %v, %v", jam, err)
	}
	var audited int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'pengaturan' AND actor_id = $1 AND detail ? 'daftar'`,
		w.f.kepala.ID).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("%d changes of the choice audited (%v), want 1", audited, err)
	}
	// The Plh, who has no team of his own today but the head's, keeps his
	// own setting: a card per report.
	plh.SendCommand("/pengaturan")
	expect(t, plh, "📋 Laporan tim: kartu per laporan")
	plh.SendCommand("/batal")
	expect(t, plh, "Pengaturan ditutup")

	// Three reports: the Plh gets a card for each, the head none.
	a1 := w.submit(t, 28, "Menyusun notulen rapat", 60)
	w.submit(t, 28, "Verifikasi data", 45)
	fileReport(t, e.db, nonSKP(w.f.staf, kinerja.Date{Day: 23}, "Rekap absensi", 30))
	kartuWait(t, plh, 4)
	kartuJobsDone(t, e.db)
	if n := len(kartuCards(k)); n != 1 {
		t.Fatalf("the head has %d cards, want only the one from before his choice", n)
	}
	// The card from before still works.
	if ans := press(t, k, oldCard, "Setujui"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("the old card's Setujui answered %q", ans.Text)
	}
	waitEdit(t, k, oldCard.ID, "✅ Disetujui oleh Dr. Agus Prasetyo")
	if s, _, _ := statusOf(t, e.db, before.ID); s != "disetujui" {
		t.Fatalf("the old card's report is %s", s)
	}

	// 14.59: not yet. 15.01: one message, the list; planning again sends
	// nothing more that day.
	e.clock.Set(day(28, 14, 59))
	e.plan(t)
	settleReminders(t, e)
	if n := listsSent(e, dwKepalaTG); n != 0 {
		t.Fatalf("%d lists before the hour", n)
	}
	e.clock.Set(day(28, 15, 1))
	e.plan(t)
	list := expect(t, k, "🗓 Daftar persetujuan harian · Senin, 28-12-2026")
	for _, want := range []string{"Menunggu persetujuan Bapak/Ibu: 3 laporan dari 1 pegawai.",
		"• Sari Wulandari · Rabu 23 Des · 1 laporan · 30 menit", "• Sari Wulandari · Senin 28 Des · 2 laporan · 105 menit"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("the list lacks %q:\n%s", want, list.Text)
		}
	}
	if got := strings.Join(labels(list), "|"); got != "Sari · Rabu 23 Des (1)|Sari · Senin 28 Des (2)|✅ Setujui semua (3)" {
		t.Fatalf("the list's buttons: %s", got)
	}
	settleReminders(t, e)
	e.clock.Set(day(28, 15, 2))
	e.plan(t)
	settleReminders(t, e)
	if n := listsSent(e, dwKepalaTG); n != 1 {
		t.Fatalf("%d lists on one day", n)
	}

	// A person's day from the list: each report with its buttons; the
	// decision is the store's (authorised, audited) and the Plh's card
	// follows it.
	sariDay := pressEdits(t, k, list, "Sari · Senin 28 Des (2)", "NIP "+w.f.staf.NIP)
	if ans := press(t, k, sariDay, "✅ Setujui 1"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("Setujui 1 answered %q", ans.Text)
	}
	if s, _, _ := statusOf(t, e.db, a1.ID); s != "disetujui" {
		t.Fatalf("the report is %s", s)
	}
	if n := auditCount(t, e.db, a1.ID, "setujui"); n != 1 {
		t.Fatalf("%d approvals audited", n)
	}
	var plhCard telegramtest.Message
	for _, c := range kartuCards(plh) {
		if strings.Contains(c.Text, "Menyusun notulen rapat") {
			plhCard = c
		}
	}
	waitEdit(t, plh, plhCard.ID, "✅ Disetujui oleh Dr. Agus Prasetyo")
	// First click wins: the Plh's press comes second.
	if got := answerOf(t, plh, plh.PressRaw(plhCard.ID, cardData("s", a1))).Text; !strings.Contains(got, "sudah diputuskan oleh Dr. Agus Prasetyo") {
		t.Fatalf("the Plh's second press answered %q", got)
	}

	// Tuesday 15.01: the list of what is left. A report filed after it is
	// not in its "Setujui semua".
	e.clock.Set(day(29, 15, 1))
	e.plan(t)
	list = expect(t, k, "🗓 Daftar persetujuan harian · Selasa, 29-12-2026")
	if !strings.Contains(list.Text, "2 laporan dari 1 pegawai") {
		t.Fatalf("Tuesday's list:\n%s", list.Text)
	}
	e.clock.Set(day(29, 15, 5))
	late := w.submit(t, 29, "Rapat evaluasi", 60)
	lateCard := kartuWait(t, plh, 5, "Rapat evaluasi")[4]
	press(t, k, list, "✅ Setujui semua (2)")
	confirm := expect(t, k, "Setujui 2 laporan dari 1 pegawai?")
	answered(t, k, confirm, "Ya, setujui 2 laporan", "✅ 2 laporan disetujui.")
	if s, _, _ := statusOf(t, e.db, late.ID); s != "diajukan" {
		t.Fatalf("the report filed after the list is %s: approved unseen", s)
	}
	// The Plh decides it on his card.
	if ans := press(t, plh, lateCard, "Setujui"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("the Plh's Setujui answered %q", ans.Text)
	}
	kartuJobsDone(t, e.db)

	// Wednesday: nothing waits, so no message.
	e.clock.Set(day(30, 15, 1))
	e.plan(t)
	settleReminders(t, e)
	if n := listsSent(e, dwKepalaTG); n != 2 {
		t.Fatalf("%d lists by Wednesday, want 2 (none when nothing waits)", n)
	}
	var skipped int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM pengingat WHERE pegawai_id = $1 AND tanggal = '2026-12-30' AND status = 'dilewati'
  AND alasan = 'nothing_waiting'`, w.f.kepala.ID).Scan(&skipped); err != nil || skipped != 1 {
		t.Fatalf("Wednesday's list not recorded as skipped: %d, %v", skipped, err)
	}
	if n := len(kartuCards(k)); n != 1 {
		t.Fatalf("the head has %d cards, want 1", n)
	}
}

// settleReminders waits until every planned reminder's job has run.
func settleReminders(t *testing.T, e *e2e) {
	t.Helper()
	eventually(t, "reminders finished", func() bool { return e.openReminders(t) == 0 })
}

// Item 2: three of the head's staff stop reporting. On the Monday two of
// them have missed enough working days: the head gets one message naming
// both, each with their streak and their own "Ingatkan"; on the Tuesday
// nothing new (each streak is told once); on the Wednesday the third
// person's streak is due: one message naming only her.
func TestE2EEscalationsInOneMessage(t *testing.T) {
	mon := time.Date(2026, 12, 21, 9, 1, 0, 0, wib)
	w := newReminderWorld(t, mon)
	e := w.e
	ctx := context.Background()
	dewi := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Dewi Lestari", UnitID: w.sari.UnitID, AtasanID: w.kepala.ID,
		TelegramID: 7003, ChatID: 7003})
	e.tg.User(7003, telegramtest.WithStarted())
	old := time.Date(2026, 12, 17, 16, 0, 0, 0, wib)
	w.file(t, w.sari, 1, 300, kinerja.StatusDisetujui, old)  // missed 2–18 December: 13 working days
	w.file(t, w.budi, 15, 300, kinerja.StatusDisetujui, old) // missed 16–18: 3
	w.file(t, dewi, 17, 300, kinerja.StatusDisetujui, old)   // missed 18: 1 (3 by Wednesday)
	e.start()

	escalations := func() []telegramtest.Message {
		var out []telegramtest.Message
		for _, m := range w.uKepala.History() {
			if m.FromBot && strings.HasPrefix(m.Text, "🔔") {
				out = append(out, m)
			}
		}
		return out
	}

	e.plan(t)
	w.settle(t)
	got := escalations()
	if len(got) != 1 {
		var texts []string
		for _, m := range got {
			texts = append(texts, m.Text)
		}
		t.Fatalf("Monday: %d escalation messages, want one naming both:\n%s", len(got), strings.Join(texts, "\n---\n"))
	}
	esc := expect(t, w.uKepala, "🔔")
	if esc.ID != got[0].ID {
		t.Fatalf("the head's first message is not the escalation: %q", esc.Text)
	}
	for _, want := range []string{"Sari Wulandari (NIP " + w.sari.NIP + "): belum lapor selama 13 hari kerja, sejak Rabu, 02-12-2026",
		"Budi Santoso (NIP " + w.budi.NIP + "): belum lapor selama 3 hari kerja, sejak Rabu, 16-12-2026"} {
		if !strings.Contains(esc.Text, want) {
			t.Errorf("the escalation lacks %q:\n%s", want, esc.Text)
		}
	}
	if strings.Contains(esc.Text, "Dewi") {
		t.Errorf("Dewi missed one day only:\n%s", esc.Text)
	}
	if got := strings.Join(labels(esc), "|"); got != "👋 Ingatkan Sari Wulandari|👋 Ingatkan Budi Santoso|🔕 Matikan pengingat ini" {
		t.Fatalf("the escalation's buttons: %s", got)
	}
	// Each "Ingatkan" nudges its own person.
	press(t, w.uKepala, esc, "👋 Ingatkan Budi Santoso")
	expect(t, w.uKepala, "Pengingat untuk Budi Santoso segera dikirim")
	expect(t, w.uBu, "Atasan Bapak/Ibu, Dr. Agus Prasetyo, mengingatkan")
	w.settle(t)
	if m, ok := w.uSari.LastBotMessage(); ok && strings.Contains(m.Text, "mengingatkan") {
		t.Errorf("Sari was nudged: %q", m.Text)
	}

	// Tuesday: the same streaks, told already; Dewi has missed two days.
	e.clock.Set(mon.AddDate(0, 0, 1))
	e.plan(t)
	w.settle(t)
	if n := len(escalations()); n != 1 {
		t.Fatalf("Tuesday: %d escalation messages in all, want still 1", n)
	}

	// Wednesday: Dewi's streak (18, 21, 22 December) is due; only she is
	// named.
	e.clock.Set(mon.AddDate(0, 0, 2))
	e.plan(t)
	w.settle(t)
	got = escalations()
	if len(got) != 2 {
		t.Fatalf("Wednesday: %d escalation messages in all, want 2", len(got))
	}
	if m := got[1]; !strings.Contains(m.Text, "Dewi Lestari (NIP "+dewi.NIP+"): belum lapor selama 3 hari kerja, sejak Jumat, 18-12-2026") ||
		strings.Contains(m.Text, "Sari") || strings.Contains(m.Text, "Budi") {
		t.Fatalf("Wednesday's escalation:\n%s", m.Text)
	}
	var streaks int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(DISTINCT subjek_id) FROM pengingat WHERE jenis = 'eskalasi' AND status = 'terkirim' AND subjek_id <> 0`).Scan(&streaks); err != nil {
		t.Fatal(err)
	}
	if streaks != 3 {
		t.Errorf("%d streaks recorded as told, want 3", streaks)
	}
}
