package main

import (
	"strings"
	"testing"
	"time"

	"kinerjabot/telegramtest"
)

// startReport opens /lapor and returns the date question.
func startReport(t *testing.T, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	u.SendCommand("/lapor")
	expect(t, u, "Membuat laporan")
	return expect(t, u, "Untuk tanggal berapa")
}

// toSummary fills a Non-SKP report from the RHK question to the summary.
func toSummary(t *testing.T, u *telegramtest.User, rhkLabel string) telegramtest.Message {
	t.Helper()
	rhk := expect(t, u, "RHK yang mana")
	press(t, u, rhk, rhkLabel)
	expect(t, u, "Tuliskan uraian")
	u.SendText("Rapat kerja teknis")
	expect(t, u, "Berapa volume")
	u.SendText("1 kegiatan")
	expect(t, u, "Berapa lama")
	u.SendText("60")
	press(t, u, expect(t, u, "Kirim bukti dukung"), "Lewati")
	return expect(t, u, "Ringkasan laporan")
}

// A date button pressed after midnight still means the day on its label.
func TestE2EDateButtonKeepsItsDayAcrossMidnight(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	wib := time.FixedZone("WIB", 7*3600)
	e.clock.Set(time.Date(2026, 12, 30, 23, 55, 0, 0, wib))
	e.start()
	u := e.tg.User(f.stafTelegram)
	ask := startReport(t, u)
	e.clock.Set(time.Date(2026, 12, 31, 0, 5, 0, 0, wib))
	// "Min 27-12" is now outside the window: refused with the reason, never
	// shifted to another day.
	press(t, u, ask, "Min 27-12")
	expect(t, u, "mulai Senin, 28-12-2026")
	ask = expect(t, u, "Untuk tanggal berapa")
	_ = ask
	// "Kemarin" pressed on the old question still means its day, 29-12.
	old := lastVersion(u, firstDateQuestion(u).ID)
	press(t, u, old, "Kemarin")
	eventually(t, "the chosen day", func() bool {
		return messageText(u, old.ID) == "📅 Tanggal: Selasa, 29-12-2026"
	})
}

// firstDateQuestion is the earliest date question in the chat.
func firstDateQuestion(u *telegramtest.User) telegramtest.Message {
	for _, m := range u.History() {
		if m.FromBot && strings.Contains(m.Text, "Untuk tanggal berapa") {
			return m
		}
	}
	return telegramtest.Message{}
}

// Changing the RHK from the summary keeps the report consistent: a unit
// that came from the old indikator is asked again, an RHK with several
// indikator needs one, and Kembali never files a report without it.
func TestE2EChangeRHKFromSummary(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.start()
	u := e.tg.User(f.stafTelegram)
	press(t, u, startReport(t, u), "Hari ini")
	rhk := expect(t, u, "RHK yang mana")
	press(t, u, rhk, buttonStartingWith(t, rhk, "U1 "))
	expect(t, u, "Tuliskan uraian")
	u.SendText("Menyusun laporan kinerja")
	expect(t, u, "dalam laporan")
	u.SendText("1")
	expect(t, u, "Berapa lama")
	u.SendText("60")
	press(t, u, expect(t, u, "Kirim bukti dukung"), "Lewati")
	sum := expect(t, u, "Ringkasan laporan")

	// To Tugas tambahan: "laporan" was the indikator's unit: asked again.
	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "RHK")
	press(t, u, expect(t, u, "RHK yang mana"), "Tugas tambahan")
	expect(t, u, "Berapa volume hasilnya? Ketik angka beserta satuannya")
	u.SendText("2 kegiatan")
	sum = expect(t, u, "Ringkasan laporan")
	if !strings.Contains(sum.Text, "Tugas tambahan") || !strings.Contains(sum.Text, "2 kegiatan") {
		t.Fatalf("summary: %s", sum.Text)
	}
	// To U2 (two indikator), then Kembali from the indikator question: back
	// to the RHK list, never straight to a summary without an indikator.
	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "RHK")
	rhk = expect(t, u, "RHK yang mana")
	press(t, u, rhk, buttonStartingWith(t, rhk, "U2 "))
	expect(t, u, "beberapa indikator")
	u.SendText("Kembali") // the keyboard's Kembali
	rhk = expect(t, u, "RHK yang mana")
	press(t, u, rhk, buttonStartingWith(t, rhk, "U2 "))
	press(t, u, expect(t, u, "beberapa indikator"), "Daftar hadir (berkas)")
	sum = expect(t, u, "Ringkasan laporan")
	if !strings.Contains(sum.Text, "U2 ") || !strings.Contains(sum.Text, "2 berkas") {
		t.Fatalf("summary after choosing the indikator: %s", sum.Text)
	}
	press(t, u, sum, "✅ Kirim")
	expect(t, u, "terkirim")
	rs := reportsOf(t, e.db, f.staf.ID)
	if len(rs) != 1 || rs[0].Indikator != f.indDaftarHadir || rs[0].Satuan != "berkas" {
		t.Fatalf("reports = %+v", rs)
	}
}

// Kembali while changing the date goes back to the summary; changing the
// evidence keeps the old files until new ones are confirmed.
func TestE2EChangeDateAndEvidenceWithoutLosingAnything(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.start()
	u := e.tg.User(f.stafTelegram)
	press(t, u, startReport(t, u), "Hari ini")
	rhk := expect(t, u, "RHK yang mana")
	press(t, u, rhk, "Non-SKP")
	expect(t, u, "Tuliskan uraian")
	u.SendText("Piket layanan")
	expect(t, u, "Berapa volume")
	u.SendText("1 kegiatan")
	expect(t, u, "Berapa lama")
	u.SendText("30")
	expect(t, u, "Kirim bukti dukung")
	u.SendPhoto("", pngBytes())
	press(t, u, expect(t, u, "(1 berkas)"), "Selesai (1 berkas)")
	sum := expect(t, u, "Ringkasan laporan")

	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "Tanggal")
	expect(t, u, "Untuk tanggal berapa")
	u.SendText("Kembali")
	sum = expect(t, u, "Ringkasan laporan")
	if !strings.Contains(sum.Text, "Piket layanan") || !strings.Contains(sum.Text, "1 berkas") {
		t.Fatalf("Kembali from the date lost the report: %s", sum.Text)
	}
	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "Bukti dukung")
	press(t, u, expect(t, u, "Kirim bukti dukung"), "Lewati")
	sum = expect(t, u, "Ringkasan laporan")
	if !strings.Contains(sum.Text, "1 berkas") {
		t.Fatalf("Lewati dropped the evidence: %s", sum.Text)
	}
	// An album of three photos gets one answer, and replaces the old file.
	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "Bukti dukung")
	expect(t, u, "Kirim bukti dukung")
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
	press(t, u, lastVersion(u, album.ID), buttonStartingWith(t, lastVersion(u, album.ID), "Selesai"))
	sum = expect(t, u, "Ringkasan laporan")
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
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.start()
	u := e.tg.User(f.stafTelegram)
	press(t, u, startReport(t, u), "Hari ini")
	press(t, u, expect(t, u, "RHK yang mana"), "Non-SKP")
	expect(t, u, "Tuliskan uraian")
	u.SendText("Mengikuti bimbingan teknis")
	expect(t, u, "Berapa volume")
	u.SendCommand("/bahasa")
	press(t, u, expect(t, u, "Pilih bahasa"), "Batal")
	expect(t, u, "Menu utama")
	u.SendCommand("/lapor")
	expect(t, u, "Membuat laporan")
	expect(t, u, "Ada laporan yang belum selesai (tanggal Senin, 28-12-2026)")
	u.SendCommand("/bahasa") // another flow at the question
	press(t, u, expect(t, u, "Pilih bahasa"), "Batal")
	expect(t, u, "Menu utama")
	u.SendCommand("/lapor")
	expect(t, u, "Membuat laporan")
	resume := expect(t, u, "Ada laporan yang belum selesai (tanggal Senin, 28-12-2026)")
	press(t, u, resume, "Lanjutkan")
	expect(t, u, "Berapa volume")
}
