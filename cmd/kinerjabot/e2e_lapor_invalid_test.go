package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"kinerjabot/kinerja"
)

// Bad input at the steps the full-report test does not cover: each gets its
// own explanation and the same question, and nothing entered is lost.
func TestE2EInvalidInputAtEveryOtherStep(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.cfg.Rules.MaxEvidence = 2
	e.start()
	u := e.tg.User(f.stafTelegram)

	ask := startReport(t, u)
	u.SendText("kemarin lusa dulu")
	expect(t, u, "Tanggal itu tidak dapat dibaca")
	ask = expect(t, u, "Untuk tanggal berapa")
	press(t, u, ask, "Kemarin")
	expect(t, u, "bukan hari kerja")
	u.SendText("ya")                          // the day-off question wants a button
	expect(t, u, "menekan salah satu tombol") // explained…
	off := expect(t, u, "bukan hari kerja")   // …and asked again
	press(t, u, off, "Ya, tetap laporkan")
	rhk := expect(t, u, "RHK yang mana")
	press(t, u, rhk, buttonStartingWith(t, rhk, "U2 "))
	expect(t, u, "beberapa indikator")
	u.SendText("notulen")
	expect(t, u, "menekan salah satu tombol")
	ind := expect(t, u, "beberapa indikator")
	press(t, u, ind, "Notulen rapat (dokumen)")
	expect(t, u, "Tuliskan uraian")
	u.SendText(strings.Repeat("uraian panjang ", 70)) // 1050 characters, 1049 once trimmed
	expect(t, u, "terlalu panjang (1049 karakter). Paling banyak 1000")
	expect(t, u, "Tuliskan uraian")
	u.SendText("Notulen rapat pleno")
	expect(t, u, "dalam dokumen")
	u.SendText("1")
	expect(t, u, "Berapa lama")
	u.SendText("45")
	expect(t, u, "Kirim bukti dukung")
	u.SendSticker() // not a file
	expect(t, u, "Maaf, jenis pesan ini belum dapat diproses")
	u.SendPhoto("", pngBytes())
	expect(t, u, "(1 berkas)")
	u.SendPhoto("", pngBytes())
	expect(t, u, "(2 berkas)")
	u.SendDocument("ketiga.pdf", "application/pdf", []byte("%PDF"), "")
	expect(t, u, "paling banyak 2 berkas")
	got := expect(t, u, "Kirim bukti dukung")
	press(t, u, got, "Selesai (2 berkas)")
	sum := expect(t, u, "Ringkasan laporan")
	u.SendText("kirim") // the summary wants a button too
	expect(t, u, "menekan salah satu tombol")
	sum = expect(t, u, "Ringkasan laporan")
	for _, want := range []string{"Minggu, 27-12-2026", "U2 ", "Notulen rapat pleno", "1 dokumen", "45 menit", "2 berkas"} {
		if !strings.Contains(sum.Text, want) {
			t.Fatalf("summary lost %q:\n%s", want, sum.Text)
		}
	}
	press(t, u, sum, "✏️ Ubah")
	fields := expect(t, u, "Bagian mana")
	u.SendText("durasi")
	expect(t, u, "menekan salah satu tombol")
	fields = expect(t, u, "Bagian mana")
	press(t, u, fields, "Kembali")
	sum = expect(t, u, "Ringkasan laporan")

	// The day's limit is checked again at Kirim: another report filed
	// meanwhile (another device) leaves too little room.
	if _, err := e.db.SubmitAktivitas(context.Background(), kinerja.Aktivitas{PegawaiID: f.staf.ID,
		Tanggal: kinerja.Date{Year: 2026, Month: 12, Day: 27}, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Lembur piket", Volume: 1, Satuan: "kegiatan", Menit: 630}, f.staf.ID); err != nil {
		t.Fatal(err)
	}
	press(t, u, sum, "✅ Kirim")
	expect(t, u, "melebihi batas 660 menit sehari. Sudah dilaporkan 630 menit; sisa 30 menit")
	sum = expect(t, u, "Ringkasan laporan")
	press(t, u, sum, "✏️ Ubah")
	press(t, u, expect(t, u, "Bagian mana"), "Durasi")
	expect(t, u, "Berapa lama")
	u.SendText("30")
	press(t, u, expect(t, u, "Ringkasan laporan"), "✅ Kirim")
	expect(t, u, "terkirim")
}

// Long lists page: the RHK list six at a time, the history eight.
func TestE2EPaging(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	ctx := context.Background()
	var skp int64
	if err := e.db.Pool.QueryRow(ctx, `SELECT id FROM skp WHERE pegawai_id = $1`, f.staf.ID).Scan(&skp); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 8; i++ {
		if _, err := e.db.Pool.Exec(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, $2, 'tambahan', $3)`,
			skp, fmt.Sprintf("T%d", i), fmt.Sprintf("Tugas tambahan nomor %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 10 {
		if _, err := e.db.SubmitAktivitas(ctx, kinerja.Aktivitas{PegawaiID: f.staf.ID,
			Tanggal: kinerja.Date{Year: 2026, Month: 12, Day: 1 + i}, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: fmt.Sprintf("Kegiatan ke-%d", i+1), Volume: 1, Satuan: "kegiatan", Menit: 30}, f.staf.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.start()
	u := e.tg.User(f.stafTelegram)
	press(t, u, startReport(t, u), "Hari ini")
	rhk := expect(t, u, "halaman 1 dari 2")
	if n := len(rhk.Buttons()); n != 6+1+2 { // six RHK, "next", Tugas tambahan + Non-SKP
		t.Fatalf("%d buttons on page 1", n)
	}
	press(t, u, rhk, "Berikutnya ▶")
	eventually(t, "page 2 in place", func() bool { return strings.Contains(messageText(u, rhk.ID), "halaman 2 dari 2") })
	page2 := lastVersion(u, rhk.ID)
	press(t, u, page2, buttonStartingWith(t, page2, "T8 "))
	expect(t, u, "Tuliskan uraian")

	u.SendCommand("/riwayat")
	list := expect(t, u, "Laporan Desember 2026 (halaman 1 dari 2)")
	if !strings.Contains(list.Text, "Kegiatan ke-10") || strings.Contains(list.Text, "Kegiatan ke-2\n") {
		t.Fatalf("page 1:\n%s", list.Text)
	}
	press(t, u, list, "Berikutnya ▶")
	eventually(t, "history page 2", func() bool { return strings.Contains(messageText(u, list.ID), "halaman 2 dari 2") })
	if txt := messageText(u, list.ID); !strings.Contains(txt, "Kegiatan ke-1\n") || len([]rune(txt)) > 4096 {
		t.Fatalf("page 2:\n%s", txt)
	}
	press(t, u, lastVersion(u, list.ID), "◀ November 2026")
	eventually(t, "November", func() bool { return strings.Contains(messageText(u, list.ID), "Belum ada laporan pada November 2026") })
}
