package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/telegramtest"
)

// Bad input at the steps the full-report test does not cover: each gets its
// own explanation and the same question, and nothing entered is lost.
func TestE2EInvalidInputAtEveryOtherStep(t *testing.T) {
	e, f, u := newReporter(t, func(e *e2e, _ unitFixture) { e.cfg.Rules.MaxEvidence = 2 })

	d := report{date: "Kemarin", dayOff: "Ya, tetap laporkan", rhk: "U2 ", indikator: "Notulen rapat (dokumen)",
		desc: "Notulen rapat pleno", volume: "1", minutes: "45", evidence: []file{photo(""), photo("")},
		asks: map[step]string{stepVolume: "dalam dokumen"}}.start(t, u)
	d.to(stepDate)
	d.wrongText("kemarin lusa dulu", "Tanggal itu tidak dapat dibaca")
	d.wrongText("-3", "Tanggal itu tidak dapat dibaca") // not the 3rd
	d.to(stepDayOff)
	d.wrongText("ya", "menekan salah satu tombol") // the day-off question wants a button
	d.to(stepRHK)
	d.wrongText("notulen", "menekan salah satu tombol")
	d.to(stepDescription)
	d.wrongText("\u200B\u200B\u200B\u200B\u200B", "Uraian terlalu pendek (0 karakter)")                       // five zero-width spaces: nothing a reader sees
	d.wrongText("Ra\x00pa", "Uraian terlalu pendek (4 karakter)")                                             // a NUL is no character (and never reaches the database)
	d.wrongText(strings.Repeat("uraian panjang ", 70), "terlalu panjang (1049 karakter). Paling banyak 1000") // 1050 characters, 1049 once trimmed
	d.to(stepSummary)                                                                                         // with the two photos, each answered with the summary
	d.ignored(func(u *telegramtest.User) { u.SendSticker() }, "Maaf, jenis pesan ini belum dapat diproses")   // not a file
	d.wrong(pdf("ketiga.pdf", "%PDF"), "paling banyak 2 berkas")
	sum := d.wrongText("kirim", "Tekan Kirim untuk mengajukan laporan") // the summary wants a button
	for _, want := range []string{"Minggu, 27-12-2026", "U2 ", "Notulen rapat pleno", "1 dokumen", "45 menit", "2 berkas"} {
		if !strings.Contains(sum.Text, want) {
			t.Fatalf("summary lost %q:\n%s", want, sum.Text)
		}
	}
	d.to(stepFields)
	d.wrongText("durasi", "menekan salah satu tombol")
	d.choose("Kembali", stepSummary)

	// The day's limit is checked again at Kirim: another report filed
	// meanwhile (another device) leaves too little room.
	fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 27}, "Lembur piket", 630))
	d.refused(stepSent, "melebihi batas 660 menit sehari. Sudah dilaporkan 630 menit; sisa 30 menit")
	d.r.minutes = "30"
	d.change("Durasi")
	d.to(stepSent)
}

// Long lists page: the RHK list six at a time, the history eight.
func TestE2EPaging(t *testing.T) {
	ctx := context.Background()
	_, _, u := newReporter(t, func(e *e2e, f unitFixture) {
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
			fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 1 + i}, fmt.Sprintf("Kegiatan ke-%d", i+1), 30))
		}
	})
	d := report{rhk: "T8 ", asks: map[step]string{stepRHK: "halaman 1 dari 2"}}.start(t, u)
	rhk := d.to(stepRHK)
	// Six RHK, "next", Tugas tambahan + Non-SKP, "Saya cuti / dinas luar
	// hari ini" (the report is for today), another day + Batal.
	if n := len(rhk.Buttons()); n != 6+1+2+1+2 {
		t.Fatalf("%d buttons on page 1", n)
	}
	press(t, u, rhk, "Berikutnya ▶")
	eventually(t, "page 2 in place", func() bool { return strings.Contains(messageText(u, rhk.ID), "halaman 2 dari 2") })
	d.to(stepDescription) // T8, on page 2

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
