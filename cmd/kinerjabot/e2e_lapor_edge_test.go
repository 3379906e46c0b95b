package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerjabot/telegramtest"
)

// A date button pressed after midnight still means the day on its label.
func TestE2EDateButtonKeepsItsDayAcrossMidnight(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	e, _, u := newReporter(t, func(e *e2e, _ unitFixture) { e.clock.Set(time.Date(2026, 12, 30, 23, 55, 0, 0, wib)) })
	q := report{}.start(t, u).choose("Pilih tanggal lain", stepDate)
	e.clock.Set(time.Date(2026, 12, 31, 0, 5, 0, 0, wib))
	// "Kemarin" pressed on the question asked before midnight still means
	// its day, 29-12.
	press(t, u, q, "Kemarin")
	eventually(t, "the chosen day", func() bool {
		return strings.Contains(messageText(u, q.ID), "📝 Laporan Selasa, 29-12-2026")
	})
	// "Min 27-12" of that question is now outside the window: typed, it is
	// refused with the reason, never shifted to another day.
	press(t, u, lastVersion(u, q.ID), "Pilih tanggal lain")
	eventually(t, "the date question again", func() bool { return strings.Contains(messageText(u, q.ID), "Untuk tanggal berapa") })
	u.SendText("27/12")
	expect(t, u, "mulai Senin, 28-12-2026")
}

// Changing the RHK from the summary keeps the report consistent: a unit
// that came from the old indikator is asked again, an RHK with several
// indikator is chosen with one of them, and Kembali changes nothing.
func TestE2EChangeRHKFromSummary(t *testing.T) {
	e, f, u := newReporter(t)
	d := report{rhk: "U1 ", desc: "Menyusun laporan kinerja", volume: "1", asks: map[step]string{stepVolume: "dalam laporan"}}.start(t, u)
	d.to(stepSummary)

	// To Tugas tambahan: "laporan" was the indikator's unit: asked again.
	d.r.rhk, d.r.volume = "Tugas tambahan", "2 kegiatan"
	d.r.asks[stepVolume] = "Berapa volume hasilnya? Ketik angka beserta satuannya"
	d.change("RHK")
	d.to(stepVolume)
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Tugas tambahan") || !strings.Contains(sum.Text, "2 kegiatan") {
		t.Fatalf("summary: %s", sum.Text)
	}
	// Kembali on the RHK list: back to the summary, nothing changed.
	d.change("RHK")
	sum = d.choose("Kembali", stepSummary)
	if !strings.Contains(sum.Text, "Tugas tambahan") {
		t.Fatalf("Kembali changed the report: %s", sum.Text)
	}
	// To U2, which has two indikator: each is a button of its own, and the
	// indikator's unit comes with it.
	d.r.rhk, d.r.indikator = "U2 ", "Daftar hadir (berkas)"
	d.change("RHK")
	sum = d.to(stepSummary)
	if !strings.Contains(sum.Text, "U2 ") || !strings.Contains(sum.Text, "indikator: Daftar hadir") || !strings.Contains(sum.Text, "2 berkas") {
		t.Fatalf("summary after choosing the indikator: %s", sum.Text)
	}
	d.to(stepSent)
	rs := reportsOf(t, e.db, f.staf.ID)
	if len(rs) != 1 || rs[0].Indikator != f.indDaftarHadir || rs[0].Satuan != "berkas" {
		t.Fatalf("reports = %+v", rs)
	}
}

// Kembali while changing the date goes back to the summary; changing the
// evidence keeps the old files until new ones are confirmed.
func TestE2EChangeDateAndEvidenceWithoutLosingAnything(t *testing.T) {
	_, _, u := newReporter(t)
	d := report{desc: "Piket layanan", minutes: "30", evidence: []file{photo("")}}.start(t, u)
	d.to(stepSummary)

	d.change("Tanggal")
	sum := d.back(stepSummary)
	if !strings.Contains(sum.Text, "Piket layanan") || !strings.Contains(sum.Text, "1 berkas") {
		t.Fatalf("Kembali from the date lost the report: %s", sum.Text)
	}
	d.r.evidence = nil // Kembali
	d.change("Bukti dukung")
	sum = d.to(stepSummary)
	if !strings.Contains(sum.Text, "1 berkas") {
		t.Fatalf("Kembali dropped the evidence: %s", sum.Text)
	}
	// An album of three photos gets one answer, and replaces the old file.
	d.change("Bukti dukung")
	for range 3 {
		u.SendPhotoInGroup("album-1", "", pngBytes())
	}
	album := expect(t, u, "Album diterima")
	u.SendCommand("/bantuan") // the next message answers this: no reply per photo
	expect(t, u, "Perintah yang tersedia")
	expect(t, u, "sedang dalam proses")
	eventually(t, "the album's button", func() bool {
		return strings.Contains(strings.Join(buttonTexts(lastVersion(u, album.ID)), "|"), "Selesai")
	})
	sum = d.pressOn(album, buttonStartingWith(t, lastVersion(u, album.ID), "Selesai"), stepSummary)
	if !strings.Contains(sum.Text, "3 berkas") {
		t.Fatalf("the album did not replace the evidence: %s", sum.Text)
	}
}

func buttonTexts(m telegramtest.Message) []string {
	var out []string
	for _, b := range m.Buttons() {
		out = append(out, b.Text)
	}
	return out
}

// The "continue or start over?" question is not itself kept aside: the
// report waiting behind it survives another flow.
func TestE2EParkedReportSurvivesTheResumeQuestion(t *testing.T) {
	_, _, u := newReporter(t)
	d := report{desc: "Mengikuti bimbingan teknis"}.start(t, u)
	d.to(stepVolume)
	d.r.asks[stepResume] = "Ada laporan yang belum selesai (tanggal Senin, 28-12-2026)"
	u.SendCommand("/bahasa")
	ask := expect(t, u, "Pilih bahasa")
	press(t, u, ask, "Batal")
	eventually(t, "the cancellation", func() bool { return strings.Contains(messageText(u, ask.ID), "dibatalkan") })
	d.reopen()
	u.SendCommand("/bahasa") // another flow at the question
	ask = expect(t, u, "Pilih bahasa")
	press(t, u, ask, "Batal")
	eventually(t, "the cancellation", func() bool { return strings.Contains(messageText(u, ask.ID), "dibatalkan") })
	d.reopen()
	d.to(stepVolume)
}

// "1.500" is 1500 to an Indonesian and 1.5 to a phone set to English: the
// bot asks which, with both readings as buttons, and keeps the satuan typed
// with it.
func TestE2EAmbiguousVolumeIsAsked(t *testing.T) {
	_, _, u := newReporter(t)
	d := report{}.start(t, u)
	d.to(stepVolume)
	u.SendText("1.500 lembar")
	q := d.readAs(stepVolume, "Angka itu dapat dibaca dua cara: 1500 (ribuan) atau 1,5 (desimal).")
	d.choose("1,5 (desimal)", stepMinutes) // in its place; the satuan came with the number: no unit question
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "1,5 lembar") {
		t.Fatalf("summary: %s", sum.Text)
	}
	// The question turned into the duration question: the readings' buttons
	// are gone (the quick durations it showed stay, answered truthfully if
	// pressed now).
	if got := lastVersion(u, q.ID); strings.Contains(fmt.Sprint(got.Buttons()), "desimal") {
		t.Fatalf("the question keeps its buttons: %+v", got.InlineKeyboard)
	}
	d.to(stepSent)
	// Typed with the uraian, the ambiguous number is asked the same way, and
	// the duration typed with it is kept.
	d = report{}.start(t, u)
	d.to(stepDescription)
	u.SendText("Mengarsipkan surat masuk\n1.500 lembar\n1 jam")
	q = d.readAs(stepVolume, "1500 (ribuan) atau 1,5 (desimal)")
	sum = d.choose("1500 (ribuan)", stepSummary)
	for _, want := range []string{"Mengarsipkan surat masuk", "1500 lembar", "60 menit"} {
		if !strings.Contains(sum.Text, want) {
			t.Fatalf("summary lacks %q: %s", want, sum.Text)
		}
	}
}

// Issue 15, item 1: a rated (locked) month is not offered as a report's
// date, and a date typed into it is refused when it is chosen, in words to
// the reader — not at Kirim after all seven steps, about them in the third
// person.
func TestE2ELockedMonthIsRefusedWhenTheDateIsChosen(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	if _, err := e.db.Pool.Exec(context.Background(), `INSERT INTO penilaian (pegawai_id, periode, jenis_periode, rating_hasil, rating_perilaku,
		predikat, rated_by, rated_at) VALUES ($1, '2026-12-01', 'bulan', 'sesuai', 'sesuai', 'baik', $2, now())`, f.staf.ID, f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(time.Date(2027, 1, 2, 10, 0, 0, 0, reportNow.Location())) // a Saturday: the window reaches back to 30-12
	e.start()
	u := e.tg.User(f.stafTelegram)
	u.SendCommand("/lapor")
	list := expect(t, u, "bukan hari kerja") // a Saturday: another date is offered first
	press(t, u, list, "Pilih tanggal lain")
	var ask telegramtest.Message
	eventually(t, "the date question", func() bool {
		ask = lastVersion(u, list.ID)
		return strings.Contains(ask.Text, "Untuk tanggal berapa")
	})
	for _, b := range ask.Buttons() {
		if strings.Contains(b.Text, "31-12") || strings.Contains(b.Text, "30-12") {
			t.Fatalf("a day of the rated December is offered: %q", b.Text)
		}
	}
	u.SendText("31-12-2026")
	got := expect(t, u, "Periode Desember 2026 Bapak/Ibu sudah dinilai dan dikunci")
	if strings.Contains(got.Text, "pegawai ini") {
		t.Fatalf("the refusal talks about the reader in the third person: %s", got.Text)
	}
}
