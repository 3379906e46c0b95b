package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/telegramtest"
)

// No dead buttons (issue 15, item 3): a message whose buttons stop meaning
// anything loses them, and a press that was already on its way is answered
// with what is true now.

// buttonless waits until message id in u's chat shows no buttons.
func buttonless(t *testing.T, u *telegramtest.User, id int, what string) {
	t.Helper()
	eventually(t, what+" without buttons", func() bool { return len(lastVersion(u, id).Buttons()) == 0 })
}

func TestE2EButtonsLeftBehindAreTakenOff(t *testing.T) {
	e, f, u := newReporter(t)

	// A photo sent at the summary: the summary comes again below it, and
	// the old copy loses Kirim, Ubah and Batal.
	d := report{rhk: "Tugas tambahan", desc: "Menjadi narasumber sosialisasi"}.start(t, u)
	old := d.to(stepSummary)
	kirim, _ := old.Button("✅ Kirim")
	photo("foto kegiatan")(u)
	expect(t, u, "Ringkasan laporan")
	buttonless(t, u, old.ID, "the first summary")
	// Kirim pressed on the old copy anyway (a slow phone): told the truth,
	// nothing filed.
	if got := answerOf(t, u, u.PressRaw(old.ID, kirim.CallbackData)).Text; got !=
		"Tombol ini sudah tidak berlaku: Bapak/Ibu sedang dalam proses laporan kegiatan. Lanjutkan dari pesan terakhir, atau ketik /batal." {
		t.Fatalf("old Kirim answered %q", got)
	}
	if rs := reportsOf(t, e.db, f.staf.ID); len(rs) != 0 {
		t.Fatalf("an old Kirim filed %d reports", len(rs))
	}

	// Changing the evidence: each photo is acknowledged with the question
	// (Selesai, Kembali) again; the copy before it loses its buttons, so
	// only one Selesai is live.
	u.SendCommand("/batal")
	expect(t, u, "dibatalkan")
	d = report{rhk: "Tugas tambahan", desc: "Rapat koordinasi", evidence: []file{photo("satu")}}.start(t, u)
	d.to(stepSummary)
	ask := d.change("Bukti dukung")
	photo("dua")(u)
	first := expect(t, u, "Bukti dukung diterima")
	buttonless(t, u, ask.ID, "the evidence question")
	photo("tiga")(u)
	expect(t, u, "Bukti dukung diterima")
	buttonless(t, u, first.ID, "the first acknowledgement")

	// /batal typed: the question left open loses its buttons.
	u.SendCommand("/batal")
	expect(t, u, "dibatalkan")
	eventually(t, "every message of the cancelled report without buttons", func() bool {
		for _, m := range u.History() {
			if m.FromBot && len(m.Buttons()) > 0 {
				return false
			}
		}
		return true
	})

	// Another flow started while one waits at a question with buttons: the
	// report is kept aside and its question loses the buttons (the report
	// is taken up again through /lapor).
	d = report{}.start(t, u)
	list := d.ask
	u.SendCommand("/pengaturan")
	menu := expect(t, u, "Pengaturan")
	buttonless(t, u, list.ID, "the RHK list kept aside")
	// The settings menu asked for again: only the newest copy keeps its
	// buttons.
	u.SendCommand("/pengaturan")
	expect(t, u, "Pengaturan")
	buttonless(t, u, menu.ID, "the first settings menu")
}

// The reason question loses its quick reasons and Batal once the reason
// is typed, and a press already on its way changes nothing.
func TestE2EAnsweredReasonPromptLosesItsButton(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the card workers
	k := w.kepala
	w.greet(t, k, w.plhUser)
	a := w.submit(t, 28, "Menyusun laporan bulanan", 120)
	card := kartuWait(t, k, 1, "Menyusun laporan bulanan")[0]
	expect(t, k, "📋 ")
	press(t, k, card, "Kembalikan")
	ask := waitEdit(t, k, card.ID, "apa yang perlu diperbaiki")
	batal, ok := ask.Button("Batal")
	if !ok {
		t.Fatalf("the reason question has no Batal: %+v", ask.InlineKeyboard)
	}
	k.SendText("Lampirkan notulen rapat")
	expect(t, k, "dikembalikan untuk revisi dengan alasan")
	eventually(t, "the question without its buttons", func() bool {
		m := lastVersion(k, card.ID)
		_, still := m.Button("Batal")
		return !still && !strings.Contains(m.Text, "apa yang perlu diperbaiki")
	})
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "dikembalikan" {
		t.Fatalf("status %s", s)
	}
	// Its Batal pressed anyway: told what is true now, nothing changes.
	if got := pressData(t, k, ask, batal.CallbackData); !strings.Contains(got, "Dikembalikan untuk revisi oleh Dr. Agus Prasetyo") {
		t.Fatalf("old Batal answered %q", got)
	}
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "dikembalikan" {
		t.Fatalf("status after the old Batal %s", s)
	}
}

// Three reports a day (issue 15, the staff member's items): "Lapor lagi"
// on the confirmation starts the next report of the same day at the RHK
// list; an earlier uraian of the same kind of work is offered to reuse,
// with its volume and duration; the duration has quick buttons.
func TestE2EThreeReportsADay(t *testing.T) {
	e, f, u := newReporter(t)
	// The first report, for yesterday (Sunday is no working day here, so
	// the Friday before: the window is three days).
	d := report{rhk: "Tugas tambahan", desc: "Menjadi narasumber sosialisasi SAKIP", volume: "1 kegiatan", minutes: "120"}.start(t, u)
	q := d.choose("Pilih tanggal lain", stepDate)
	press(t, u, q, "Kemarin")
	eventually(t, "the day off question", func() bool { return strings.Contains(messageText(u, q.ID), "bukan hari kerja") })
	press(t, u, lastVersion(u, q.ID), "Ya, tetap laporkan")
	eventually(t, "the RHK list for Sunday", func() bool { return strings.Contains(messageText(u, q.ID), "RHK yang mana") })
	d.ask, d.step, d.dated, d.typed = lastVersion(u, q.ID), stepRHK, true, false
	done := d.to(stepSent)
	if !strings.Contains(done.Text, "27-12-2026") {
		t.Fatalf("first report: %s", done.Text)
	}

	// Lapor lagi: the RHK list of the same day, as a new message; the
	// confirmation stays as it is.
	press(t, u, lastVersion(u, done.ID), "📝 Lapor lagi")
	list := expect(t, u, "📝 Laporan Minggu, 27-12-2026")
	if !strings.Contains(messageText(u, done.ID), "terkirim") {
		t.Fatalf("the confirmation changed: %s", messageText(u, done.ID))
	}
	// The same kind of work: the earlier uraian is offered; reusing it
	// brings its volume and duration to the summary.
	press(t, u, list, "Tugas tambahan")
	eventually(t, "the uraian question", func() bool { return strings.Contains(messageText(u, list.ID), "Tuliskan uraian") })
	ask := lastVersion(u, list.ID)
	if !strings.Contains(ask.Text, "pilih uraian yang pernah Bapak/Ibu laporkan") {
		t.Fatalf("no reuse offered: %s", ask.Text)
	}
	press(t, u, ask, "↩️ Menjadi narasumber sosialisasi SAKIP")
	eventually(t, "the summary", func() bool { return strings.Contains(messageText(u, ask.ID), "Ringkasan laporan") })
	sum := lastVersion(u, ask.ID)
	for _, want := range []string{"Menjadi narasumber sosialisasi SAKIP", "1 kegiatan", "120 menit", "27-12-2026"} {
		if !strings.Contains(sum.Text, want) {
			t.Fatalf("summary lacks %q: %s", want, sum.Text)
		}
	}
	press(t, u, sum, "✅ Kirim")
	eventually(t, "the second report filed", func() bool { return strings.Contains(messageText(u, sum.ID), "terkirim") })

	// The third: a new uraian typed, then the volume; the duration is one
	// tap. The typed uraian leaves the earlier-uraian buttons behind; a
	// press on them is answered with what is true now.
	press(t, u, lastVersion(u, sum.ID), "📝 Lapor lagi")
	list = expect(t, u, "📝 Laporan Minggu, 27-12-2026")
	press(t, u, list, "Tugas tambahan")
	eventually(t, "the uraian question", func() bool { return strings.Contains(messageText(u, list.ID), "Tuliskan uraian") })
	ask = lastVersion(u, list.ID)
	u.SendText("Menyusun notulen rapat koordinasi")
	expect(t, u, "Berapa volume hasilnya")
	u.SendText("1 dokumen")
	dur := expect(t, u, "Berapa lama kegiatan ini")
	var labels []string
	for _, b := range dur.Buttons() {
		labels = append(labels, b.Text)
	}
	if strings.Join(labels, "|") != "30 mnt|1 jam|1,5 jam|2 jam|3 jam|4 jam" {
		t.Fatalf("duration buttons %q", labels)
	}
	reuse, _ := ask.Button("↩️ Menjadi narasumber sosialisasi SAKIP")
	if got := answerOf(t, u, u.PressRaw(ask.ID, reuse.CallbackData)).Text; !strings.HasPrefix(got, "Tombol ini sudah tidak berlaku: Bapak/Ibu sedang dalam proses laporan kegiatan") {
		t.Fatalf("an earlier uraian pressed after typing one: %q", got)
	}
	press(t, u, dur, "1,5 jam")
	eventually(t, "the summary", func() bool { return strings.Contains(messageText(u, dur.ID), "Ringkasan laporan") })
	if sum := messageText(u, dur.ID); !strings.Contains(sum, "90 menit") || !strings.Contains(sum, "Menyusun notulen rapat koordinasi") {
		t.Fatalf("summary: %s", sum)
	}
	press(t, u, lastVersion(u, dur.ID), "✅ Kirim")
	eventually(t, "three reports", func() bool { return len(reportsOf(t, e.db, f.staf.ID)) == 3 })
	for _, r := range reportsOf(t, e.db, f.staf.ID) {
		if !strings.HasPrefix(r.Tanggal, "2026-12-27") {
			t.Fatalf("a report for %s, want 2026-12-27: %+v", r.Tanggal, r)
		}
	}
}

// The day's decisions in one message (issue 15): the first approval sends
// it, later approvals and rejections edit it (no new notification), a
// return comes at once in its own message with its button, and the next
// day starts a new message.
func TestE2EDecisionsOfADayInOneMessage(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	var rs []kinerja.Aktivitas
	for i, desc := range []string{"Rapat koordinasi SPBE", "Menyusun notulen", "Verifikasi data", "Entri data"} {
		rs = append(rs, k.submit(t, 24+i%2, desc, 60))
	}
	decide := func(a kinerja.Aktivitas, act kinerja.Action, reason string) {
		k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: act, Actor: kinerja.ActorAssessor, ActorID: k.f.kepala.ID, Reason: reason})
		kartuJobsDone(t, k.e.db)
	}
	digests := func() []telegramtest.Message {
		var out []telegramtest.Message
		for _, m := range k.staff.History() {
			if m.FromBot && strings.HasPrefix(m.Text, "🗓 Keputusan atas laporan") {
				out = append(out, m)
			}
		}
		return out
	}
	decide(rs[0], kinerja.ActionSetujui, "")
	eventually(t, "the day's message", func() bool { return len(digests()) == 1 })
	first := digests()[0]
	decide(rs[1], kinerja.ActionSetujui, "")
	decide(rs[2], kinerja.ActionTolak, "Bukan tugas jabatan")
	eventually(t, "the day's message with three decisions", func() bool {
		return strings.Contains(messageText(k.staff, first.ID), "2 disetujui, 1 ditolak")
	})
	day := messageText(k.staff, first.ID)
	for _, want := range []string{"✅ Kam 24-12 · Rapat koordinasi SPBE — disetujui oleh Dr. Agus Prasetyo",
		"✅ Jum 25-12 · Menyusun notulen", "⛔ Kam 24-12 · Verifikasi data — ditolak oleh Dr. Agus Prasetyo. Alasan: Bukan tugas jabatan",
		"Laporan yang ditolak tidak dihitung"} {
		if !strings.Contains(day, want) {
			t.Fatalf("the day's message lacks %q:\n%s", want, day)
		}
	}
	if n := len(digests()); n != 1 {
		t.Fatalf("%d messages for one day's decisions, want 1", n)
	}
	sends := 0
	for _, q := range k.e.tg.Requests("sendMessage") {
		if q.Params["chat_id"] == strconv.FormatInt(k.f.stafTelegram, 10) && strings.HasPrefix(q.Params["text"], "🗓") {
			sends++
		}
	}
	if sends != 1 {
		t.Fatalf("the day's message was sent %d times, want once and edited after", sends)
	}
	// A return needs the author to act: told at once, with its button.
	decide(rs[3], kinerja.ActionKembalikan, "Lengkapi jumlah data")
	eventually(t, "the return", func() bool {
		for _, m := range k.staff.History() {
			if m.FromBot && strings.Contains(m.Text, "dikembalikan untuk revisi") && len(m.Buttons()) == 1 {
				return true
			}
		}
		return false
	})
	if strings.Contains(messageText(k.staff, first.ID), "Entri data") {
		t.Fatal("the return is in the day's message too")
	}
	// The next day: a message of its own.
	k.e.clock.Set(reportNow.AddDate(0, 0, 1))
	b := k.submit(t, 28, "Rapat evaluasi", 60)
	k.apply(t, store.ApplyRequest{AktivitasID: b.ID, Version: 1, Action: kinerja.ActionSetujui, Actor: kinerja.ActorAssessor, ActorID: k.f.kepala.ID,
		Today: kinerja.Date{Year: 2026, Month: 12, Day: 29}})
	eventually(t, "the next day's message", func() bool { return len(digests()) == 2 })
	if next := digests()[1]; !strings.Contains(next.Text, "Selasa, 29-12-2026: 1 disetujui, 0 ditolak") {
		t.Fatalf("the next day's message: %s", next.Text)
	}
}

// English counts its evidence files in English: "1 file", "2 files".
func TestE2EEnglishEvidenceCount(t *testing.T) {
	e, f, u := newReporter(t)
	if _, err := e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, f.staf.ID); err != nil {
		t.Fatal(err)
	}
	sum := report{lang: "en", rhk: "Additional task", desc: "Spoke at the SAKIP workshop", evidence: []file{photo("one")}}.start(t, u).to(stepSummary)
	if !strings.Contains(sum.Text, "📎 Evidence: 1 file\n") && !strings.HasSuffix(sum.Text, "📎 Evidence: 1 file") && !strings.Contains(sum.Text, "📎 Evidence: 1 file —") {
		t.Fatalf("summary: %s", sum.Text)
	}
}
