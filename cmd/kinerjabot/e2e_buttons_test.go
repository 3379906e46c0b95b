package main

import (
	"strings"
	"testing"

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
		"Tombol ini sudah tidak berlaku: Bapak/Ibu sedang dalam proses laporan harian. Lanjutkan dari pesan terakhir, atau ketik /batal." {
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

// The reason prompt loses its Batal once the reason is given.
func TestE2EAnsweredReasonPromptLosesItsButton(t *testing.T) {
	w := startDecisionWorld(t)
	a := w.submit(t, 28, "Menyusun laporan bulanan", 120)
	w.card(t, w.kepala, "k", a)
	ask := expect(t, w.kepala, "Tuliskan alasan laporan ini dikembalikan")
	if len(ask.Buttons()) == 0 {
		t.Fatal("the reason prompt has no Batal")
	}
	w.kepala.SendText("Lampirkan notulen rapat")
	expect(t, w.kepala, "dikembalikan untuk revisi dengan alasan")
	buttonless(t, w.kepala, ask.ID, "the answered reason prompt")
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "dikembalikan" {
		t.Fatalf("status %s", s)
	}
	// Its Batal pressed anyway: the process is over, and nothing changes.
	if got := pressData(t, w.kepala, ask, ask.Buttons()[0].CallbackData); !strings.HasPrefix(got, "Tombol ini sudah tidak berlaku: proses itu sudah selesai") {
		t.Fatalf("old Batal answered %q", got)
	}
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "dikembalikan" {
		t.Fatalf("status after the old Batal %s", s)
	}
}
