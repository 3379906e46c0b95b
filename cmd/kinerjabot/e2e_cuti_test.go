package main

// "Saya cuti / dinas luar hari ini" (issue 15), end to end: the button on
// the afternoon nudge and on /lapor's RHK list, the choice with Batal, the
// one request to the atasan, Konfirmasi and Tolak (authorised and audited:
// a forged press and a late one are refused truthfully), the one answer to
// the person, and what a confirmed day changes: the month's target in
// /nilai, no more reminders that day, no escalation for it — while a
// refused one changes nothing and imported leave of the same day counts
// once.

import (
	"context"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

const (
	cutiButton = "🗓 Saya cuti / dinas luar hari ini"
	budiTG     = 7002
)

// availableDays is the store's count of a person's available working days
// in December 2026 (holidays and leave as /nilai and the recap read them).
func availableDays(t *testing.T, e *e2e, pegawaiID int64) int {
	t.Helper()
	ctx := context.Background()
	from, to := kinerja.Date{Year: 2026, Month: time.December, Day: 1}, kinerja.Date{Year: 2026, Month: time.December, Day: 31}
	holidays, err := e.db.HolidaysBetween(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	leave, err := e.db.LeaveOf(ctx, pegawaiID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: holidays, Leave: leave}.AvailableDays(from, to)
	return n
}

// editedTo waits until message m in u's chat reads want and returns it as
// it is now.
func editedTo(t *testing.T, u *telegramtest.User, m telegramtest.Message, want string) telegramtest.Message {
	t.Helper()
	eventually(t, "the message turned into "+want, func() bool { return strings.Contains(messageText(u, m.ID), want) })
	return lastVersion(u, m.ID)
}

// nextWith waits for the next new bot message in u's chat starting with
// prefix, passing over others (pushes arrive in between).
func nextWith(t *testing.T, u *telegramtest.User, prefix string) telegramtest.Message {
	t.Helper()
	for {
		if m := next(t, u); strings.HasPrefix(m.Text, prefix) {
			return m
		}
	}
}

// nilaiTarget asks /nilai and checks the month's minutes target it shows.
func nilaiTarget(t *testing.T, u *telegramtest.User, target string) {
	t.Helper()
	u.SendCommand("/nilai")
	m := nextWith(t, u, "📊 Nilai Desember 2026")
	if !strings.Contains(m.Text, "dari target "+target+" menit") {
		t.Fatalf("/nilai does not show the target %s:\n%s", target, m.Text)
	}
}

func auditActions(t *testing.T, e *e2e, who int64) string {
	t.Helper()
	var got []string
	for _, r := range rowsOf[struct {
		Action string
		Why    string
	}](t, e.db, `SELECT l.action, coalesce(l.detail->>'why', '') FROM audit_log l
WHERE l.entity = 'pernyataan' AND (l.actor_id = $1 OR l.entity_id IN (SELECT id FROM pernyataan_hari WHERE pegawai_id = $1))
ORDER BY l.id`, who) {
		if r.Why != "" {
			r.Action += "(" + r.Why + ")"
		}
		got = append(got, r.Action)
	}
	return strings.Join(got, " ")
}

func TestE2ECutiFromTheNudge(t *testing.T) {
	w := newDecisionWorld(t) // Monday 28 December 2026, 10.00 WIB; Ir. Rudi Hartono is the head's Plh on 28–29 December
	e := w.e
	ctx := context.Background()
	budi := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi Santoso", UnitID: w.f.unit, AtasanID: w.f.kepala.ID,
		TelegramID: budiTG, ChatID: budiTG})
	// Both last reported on Monday 21 December: 22 and 23 December missed
	// (24–25 are holidays), so a third missed working day escalates.
	for _, id := range []int64{w.f.staf.ID, budi.ID} {
		if _, err := e.db.Pool.Exec(ctx, `
INSERT INTO aktivitas (pegawai_id, tanggal, kategori, deskripsi, volume, satuan, menit, status, decided_by, decided_at, created_at, updated_at)
VALUES ($1, '2026-12-21', 'non_skp', 'Rapat koordinasi', 1, 'kegiatan', 120, 'disetujui', $2, now(), now(), now())`, id, w.f.kepala.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.start() // with the workers: the request and the answer are jobs
	uBudi := e.tg.User(budiTG, telegramtest.WithFirstName("Budi"))
	w.greet(t, w.kepala, w.plhUser, w.staff, uBudi)
	k, sari := w.kepala, w.staff

	// 10.00: Budi opens /lapor and declares today as sakit from the RHK list.
	uBudi.SendCommand("/lapor")
	list := nextWith(t, uBudi, "📝 Laporan Senin, 28-12-2026")
	press(t, uBudi, list, cutiButton)
	choice := editedTo(t, uBudi, list, "Bapak/Ibu tidak bekerja di kantor karena")
	if got := strings.Join(labels(choice), "|"); got != "🏖 Cuti|🤒 Sakit|🚗 Dinas luar|Batal" {
		t.Fatalf("choice buttons %q", got)
	}
	// Batal gives the list back; the button again gives the choice.
	press(t, uBudi, choice, "Batal")
	press(t, uBudi, editedTo(t, uBudi, list, "📝 Laporan Senin, 28-12-2026"), cutiButton)
	choice = editedTo(t, uBudi, list, "Bapak/Ibu tidak bekerja di kantor karena")
	press(t, uBudi, choice, "🤒 Sakit")
	sent := editedTo(t, uBudi, list, "Bapak/Ibu menyatakan sakit hari ini, Senin, 28-12-2026.")
	if !strings.Contains(sent.Text, "Permintaan konfirmasi sudah dikirim kepada Dr. Agus Prasetyo") || len(sent.Buttons()) != 0 {
		t.Fatalf("after the choice: %q (buttons %v)", sent.Text, sent.Buttons())
	}
	// One message to the head, which he refuses: Budi is told, once.
	req := lastWith(t, k, "🗓 Budi Santoso")
	if !strings.Contains(req.Text, "menyatakan sakit pada Senin, 28-12-2026") || strings.Join(labels(req), "|") != "✅ Konfirmasi|✖️ Tolak" {
		t.Fatalf("request %q (buttons %q)", req.Text, labels(req))
	}
	if ans := press(t, k, req, "✖️ Tolak"); ans.Text != "✖️ Ditolak. Budi Santoso diberi tahu." {
		t.Fatalf("Tolak answered %q", ans.Text)
	}
	editedTo(t, k, req, "✖️ Ditolak oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.")
	refused := lastWith(t, uBudi, "✖️ Dr. Agus Prasetyo tidak mengonfirmasi sakit Bapak/Ibu pada Senin, 28-12-2026.")
	if got := strings.Join(labels(refused), "|"); got != "📝 Lapor sekarang" {
		t.Fatalf("refusal buttons %q", got)
	}
	if len(lastVersion(k, req.ID).Buttons()) != 0 {
		t.Fatal("the decided request kept its buttons")
	}

	// 15.31: the nudges. Budi's refused day is a working day: he is nudged.
	e.clock.Set(at(15, 31))
	e.plan(t)
	nudge := lastWith(t, sari, "⏰ Bapak/Ibu Sari Wulandari")
	if got := strings.Join(labels(nudge), "|"); got != "📝 Lapor sekarang|"+cutiButton+"|⏰ Tunda 1 jam|🔕 Matikan pengingat ini" {
		t.Fatalf("nudge buttons %q", got)
	}
	lastWith(t, uBudi, "⏰ Bapak/Ibu Budi Santoso")

	// Sari: the nudge turns into the choice, Batal gives it back, Cuti
	// declares the day.
	press(t, sari, nudge, cutiButton)
	choice = editedTo(t, sari, nudge, "🗓 Hari ini, Senin, 28-12-2026, Bapak/Ibu tidak bekerja di kantor karena:")
	press(t, sari, choice, "Batal")
	back := editedTo(t, sari, nudge, "⏰ Bapak/Ibu Sari Wulandari")
	if len(back.Buttons()) != 4 {
		t.Fatalf("Batal did not give the nudge back: %q %v", back.Text, back.Buttons())
	}
	press(t, sari, back, cutiButton)
	choice = editedTo(t, sari, nudge, "Bapak/Ibu tidak bekerja di kantor karena")
	cuti := buttonData(t, choice, "🏖 Cuti")
	press(t, sari, choice, "🏖 Cuti")
	editedTo(t, sari, nudge, "Bapak/Ibu menyatakan cuti hari ini, Senin, 28-12-2026. Permintaan konfirmasi sudah dikirim kepada Dr. Agus Prasetyo")
	// The same choice pressed again (a second device): nothing new.
	if ans := pressData(t, sari, nudge, cuti); ans != "" {
		t.Fatalf("second choice answered %q", ans)
	}
	editedTo(t, sari, nudge, "Hari ini sudah Bapak/Ibu nyatakan sebagai cuti (menunggu konfirmasi Dr. Agus Prasetyo).")

	// Not confirmed yet: the target is unchanged (21 days, 6,300 minutes).
	if n := availableDays(t, e, w.f.staf.ID); n != 21 {
		t.Fatalf("%d available days while waiting, want 21", n)
	}
	nilaiTarget(t, sari, "6300")

	req = lastWith(t, k, "🗓 Sari Wulandari")
	// A forged press: Sari confirms her own declaration with the request's
	// button data. Refused, truthfully, and audited.
	confirm := buttonData(t, req, "✅ Konfirmasi")
	if ans := pressData(t, sari, nudge, confirm); ans != "Hanya atasan langsung, atau Plt/Plh yang ditunjuk atasan itu untuk hari ini, yang dapat memutuskan pernyataan ini." {
		t.Fatalf("forged press answered %q", ans)
	}
	e.clock.Set(at(15, 40))
	if ans := press(t, k, req, "✅ Konfirmasi"); ans.Text != "✅ Dikonfirmasi. Sari Wulandari diberi tahu." {
		t.Fatalf("Konfirmasi answered %q", ans.Text)
	}
	editedTo(t, k, req, "✅ Dikonfirmasi oleh Dr. Agus Prasetyo pada 28-12-2026 15.40 WIB.")
	lastWith(t, sari, "✅ Dr. Agus Prasetyo mengonfirmasi cuti Bapak/Ibu pada Senin, 28-12-2026. Hari itu tidak dihitung dalam target menit bulan ini")
	// The Plh, who may decide too, comes late with Tolak: told who decided.
	w.plhUser.SendCommand("/bantuan")
	plhAnchor := nextWith(t, w.plhUser, "Perintah yang tersedia")
	if ans := pressData(t, w.plhUser, plhAnchor, strings.Replace(confirm, "|y|", "|n|", 1)); ans != "Pernyataan ini sudah dikonfirmasi oleh Dr. Agus Prasetyo pada 28-12-2026 15.40 WIB." {
		t.Fatalf("late Tolak answered %q", ans)
	}

	// Confirmed: the day leaves the target (20 days, 6,000 minutes).
	if n := availableDays(t, e, w.f.staf.ID); n != 20 {
		t.Fatalf("%d available days after the confirmation, want 20", n)
	}
	nilaiTarget(t, sari, "6000")

	// No more reminders that day: the head's "Ingatkan" nudge, planned as
	// the escalation button would, is checked at sending and skipped.
	today := kinerja.Date{Year: 2026, Month: time.December, Day: 28}
	if _, err := e.db.PlanReminders(ctx, []kinerja.ReminderPlan{{PegawaiID: w.f.staf.ID, Jenis: kinerja.ReminderColek, Tanggal: today, SubjekID: w.f.kepala.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, "reminders finished", func() bool { return e.openReminders(t) == 0 })
	e.clock.Set(at(16, 45))
	e.plan(t)
	eventually(t, "reminders finished", func() bool { return e.openReminders(t) == 0 })
	type reminderRow struct {
		Jenis, Status, Alasan string
	}
	if got := rowsOf[reminderRow](t, e.db, `SELECT jenis, status, coalesce(alasan, '') FROM pengingat WHERE pegawai_id = $1 ORDER BY id`, w.f.staf.ID); len(got) != 2 ||
		got[0] != (reminderRow{"harian", "terkirim", ""}) || got[1].Jenis != "colek" || got[1].Status != "dilewati" {
		t.Errorf("Sari's reminders: %+v, want the nudge she answered and the head's nudge skipped", got)
	}
	for _, m := range sari.History() {
		if m.FromBot && strings.HasPrefix(m.Text, "👋") {
			t.Errorf("Sari was nudged after her day was confirmed: %q", m.Text)
		}
	}
	if n := nudges(uBudi); n != 1 {
		t.Errorf("Budi got %d nudges, want 1", n)
	}

	// Leave imported for the same day (and the next) counts the day once.
	if _, err := e.db.Pool.Exec(ctx, `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-12-28', '2026-12-29', 'cuti')`, w.f.staf.ID); err != nil {
		t.Fatal(err)
	}
	if n := availableDays(t, e, w.f.staf.ID); n != 19 {
		t.Fatalf("%d available days with the imported leave, want 19 (the 28th counted once)", n)
	}
	nilaiTarget(t, sari, "5700")

	// Tuesday 29, 09.01: Budi missed 22, 23 and 28 December (his sakit was
	// refused): escalated. Sari's 28th was confirmed: not missed, nothing.
	e.clock.Set(time.Date(2026, 12, 29, 9, 1, 0, 0, wib))
	e.plan(t)
	eventually(t, "reminders finished", func() bool { return e.openReminders(t) == 0 })
	// The day's one escalation message names Budi, not Sari.
	esc := lastWith(t, k, "🔔 Bawahan Bapak/Ibu yang belum mengirim laporan kegiatan")
	if !strings.Contains(esc.Text, "• Budi Santoso") || strings.Contains(esc.Text, "Sari Wulandari") {
		t.Errorf("the escalation: %q", esc.Text)
	}
	var aboutSari, aboutBudi int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE subjek_id = $1), count(*) FILTER (WHERE subjek_id = $2)
FROM pengingat WHERE jenis = 'eskalasi'`, w.f.staf.ID, budi.ID).Scan(&aboutSari, &aboutBudi); err != nil {
		t.Fatal(err)
	}
	if aboutSari != 0 || aboutBudi == 0 {
		t.Errorf("escalations: %d about Sari (want 0), %d about Budi (want some)", aboutSari, aboutBudi)
	}

	// Everything is in the audit log: who declared, who confirmed or
	// refused, and the refused presses with why.
	if got, want := auditActions(t, e, w.f.staf.ID), "nyatakan_hari ditolak_konfirmasi_hari(forbidden) konfirmasi_hari ditolak_tolak_hari(conflict)"; got != want {
		t.Errorf("Sari's declaration audited as %q, want %q", got, want)
	}
	if got, want := auditActions(t, e, budi.ID), "nyatakan_hari tolak_hari"; got != want {
		t.Errorf("Budi's declaration audited as %q, want %q", got, want)
	}
	var by, onBehalf int64
	if err := e.db.Pool.QueryRow(ctx, `SELECT actor_id, coalesce(on_behalf_of, 0) FROM audit_log WHERE entity = 'pernyataan' AND action = 'konfirmasi_hari'`).
		Scan(&by, &onBehalf); err != nil || by != w.f.kepala.ID || onBehalf != 0 {
		t.Errorf("confirmation audited as by %d for %d (%v), want the head himself", by, onBehalf, err)
	}
}
