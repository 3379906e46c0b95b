package main

// Issue 15, "the supervisor with twenty reports": short cards with their
// details a press away, /persetujuan by person with every report's own
// buttons and "Setujui semua" over everything waiting, quick reasons and a
// Batal that gives the card back, and evidence under its card.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// waitEdit waits until message id in u's chat contains want and returns it.
func waitEdit(t *testing.T, u *telegramtest.User, id int, want string) telegramtest.Message {
	t.Helper()
	eventually(t, fmt.Sprintf("message %d to contain %q (it says %q)", id, want, messageText(u, id)), func() bool {
		return strings.Contains(messageText(u, id), want)
	})
	m := lastVersion(u, id)
	if strings.Contains(m.Text, "<no value>") {
		t.Fatalf("a template argument is missing: %q", m.Text)
	}
	return m
}

// rhkReport is an RHK report of the staff member's on 28 December 2026.
func (w *decisionWorld) rhkReport(t *testing.T, rhk int64, desc, satuan string, menit int) kinerja.Aktivitas {
	t.Helper()
	return fileReport(t, w.e.db, kinerja.Aktivitas{PegawaiID: w.f.staf.ID, Tanggal: kartuDay, Kategori: kinerja.KategoriRHK,
		RHKID: rhk, Deskripsi: desc, Volume: 1, Satuan: satuan, Menit: menit})
}

// Item 1: the card is short — who, when, the RHK's short name, the uraian,
// volume and duration — and the NIP, the whole RHK and the day's total are
// in its details (Rincian), from which it decides as well.
func TestE2EKartuIsShortWithItsDetails(t *testing.T) {
	w := newDecisionWorld(t)
	const rhkTeks = "Tersusunnya laporan kinerja bulanan unit yang akurat, tepat waktu, dan sesuai ketentuan"
	if _, err := w.e.db.Pool.Exec(context.Background(), `UPDATE rhk SET teks = $1 WHERE id = $2`, rhkTeks, w.f.rhkLaporan); err != nil {
		t.Fatal(err)
	}
	w.e.start() // with the card workers
	k := w.kepala
	w.greet(t, k, w.plhUser)
	a := w.rhkReport(t, w.f.rhkLaporan, "Menyusun laporan kinerja November", "laporan", 120)

	card := kartuWait(t, k, 1, "Menyusun laporan kinerja November")[0]
	for _, want := range []string{"Sari Wulandari", "Senin, 28-12-2026", "U1 Tersusunnya laporan kinerja", "Menyusun laporan kinerja November",
		"1 laporan", "120 menit", "Menunggu keputusan"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the card lacks %q:\n%s", want, card.Text)
		}
	}
	if strings.Contains(card.Text, w.f.staf.NIP) || strings.Contains(card.Text, rhkTeks) {
		t.Errorf("the card shows the NIP or the whole RHK:\n%s", card.Text)
	}
	if n := utf8.RuneCountInString(card.Text); n > 250 {
		t.Errorf("the card has %d characters, want a short one (≤ 250):\n%s", n, card.Text)
	}

	// Rincian turns the card into its details, Ringkas back.
	press(t, k, card, "🔎 Rincian")
	d := waitEdit(t, k, card.ID, "NIP "+w.f.staf.NIP)
	for _, want := range []string{rhkTeks, "jumlah hari itu: 120 menit", "Menunggu keputusan"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("the details lack %q:\n%s", want, d.Text)
		}
	}
	kartuButtons(t, d, a.ID, kartuRow3(kartuLabelsID, 1), [][2]string{{"🔼 Ringkas", "c1"}})
	press(t, k, d, "🔼 Ringkas")
	eventually(t, "the short card again", func() bool { return messageText(k, card.ID) == card.Text })
	kartuButtons(t, lastVersion(k, card.ID), a.ID, kartuRow3(kartuLabelsID, 1), [][2]string{{"🔎 Rincian", "d1"}})

	// The details decide like the card; the decision edits the card.
	press(t, k, lastVersion(k, card.ID), "🔎 Rincian")
	d = waitEdit(t, k, card.ID, "NIP "+w.f.staf.NIP)
	if ans := press(t, k, d, "Setujui"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("Setujui in the details answered %q", ans.Text)
	}
	done := waitEdit(t, k, card.ID, "✅ Disetujui oleh Dr. Agus Prasetyo")
	eventually(t, "the decided card without buttons", func() bool { return len(lastVersion(k, card.ID).Buttons()) == 0 })
	if strings.Contains(done.Text, w.f.staf.NIP) {
		t.Errorf("the decided card shows the NIP:\n%s", done.Text)
	}
	// A Rincian of the decided report says what became of it and changes
	// nothing (its card has no buttons: a press kept from before).
	ans := answerOf(t, k, k.PressRaw(card.ID, cardData("d", a)))
	if !strings.Contains(ans.Text, "Disetujui oleh Dr. Agus Prasetyo") {
		t.Fatalf("a Rincian of a decided report answered %q", ans.Text)
	}
	// Someone else's Rincian is refused and audited.
	if got := pressData(t, w.staff, anchor(t, w.staff), cardData("d", a)); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("the author's Rincian answered %q", got)
	}
	if n := auditCount(t, w.e.db, a.ID, "ditolak_rincian"); n != 2 {
		t.Fatalf("%d refused Rincian audited, want 2 (the stale one and the author's)", n)
	}
}

// Item 2: /persetujuan names its buttons by person and day, opens a
// person's day with a Setujui, Kembalikan and Tolak per report (and the way
// back), and "Setujui semua" covers everything waiting on every page, with
// the count in the question and what really happened in the answer.
func TestE2EPersetujuanByPerson(t *testing.T) {
	w := startDecisionWorld(t)
	k := w.kepala
	unit, head := w.f.unit, w.f.kepala.ID
	staff := map[string]kinerja.Pegawai{"Sari": w.f.staf}
	for _, nama := range []string{"Dewi Lestari, S.Kom.", "Budi Santoso", "Eko Prasetyo", "Fitri Handayani", "Drs. Hadi Wibowo", "Rina Kurniasih, S.E."} {
		staff[callNameOf(nama)] = storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: nama, UnitID: unit, AtasanID: head})
	}
	var sari28 []kinerja.Aktivitas
	for _, r := range []struct {
		who  string
		date kinerja.Date
		n    int
	}{
		{"Dewi", kinerja.Date{Day: 3}, 3}, {"Fitri", kinerja.Date{Day: 21}, 3}, {"Budi", kinerja.Date{Day: 22}, 1},
		{"Eko", kinerja.Date{Day: 22}, 2}, {"Sari", kinerja.Date{Day: 23}, 2}, {"Budi", kinerja.Date{Day: 28}, 2},
		{"Dewi", kinerja.Date{Day: 28}, 1}, {"Hadi", kinerja.Date{Day: 28}, 2}, {"Rina", kinerja.Date{Day: 28}, 4},
		{"Sari", kinerja.Date{Day: 28}, 3},
	} {
		for i := range r.n {
			a := fileReport(t, w.e.db, nonSKP(staff[r.who], r.date, fmt.Sprintf("Kegiatan %s %d-%d", r.who, r.date.Day, i+1), 30))
			if r.who == "Sari" && r.date.Day == 28 {
				sari28 = append(sari28, a)
			}
		}
	}

	k.SendCommand("/persetujuan")
	q := expect(t, k, "Menunggu persetujuan Bapak/Ibu: 23 laporan dari 7 pegawai.")
	if strings.Contains(q.Text, "kelompok") || strings.Contains(q.Text, "pegawai-hari") {
		t.Errorf("the list speaks of groups:\n%s", q.Text)
	}
	if !strings.Contains(q.Text, "• Dewi Lestari, S.Kom. · Kamis 3 Des · 3 laporan · 90 menit") {
		t.Errorf("the list lacks Dewi's line:\n%s", q.Text)
	}
	if strings.Contains(q.Text, w.f.staf.NIP) {
		t.Errorf("the list shows a NIP:\n%s", q.Text)
	}
	want := "Dewi · Kamis 3 Des (3)|Fitri · Senin 21 Des (3)|Budi · Selasa 22 Des (1)|Eko · Selasa 22 Des (2)|Sari · Rabu 23 Des (2)|" +
		"Budi · Senin 28 Des (2)|Dewi · Senin 28 Des (1)|Hadi · Senin 28 Des (2)|Berikutnya ▶|✅ Setujui semua (23)"
	if got := strings.Join(labels(q), "|"); got != want {
		t.Fatalf("the list's buttons:\n%s\nwant\n%s", got, want)
	}
	p2 := pressEdits(t, k, q, "Berikutnya ▶", "Sari · Senin 28 Des (3)")
	if got := strings.Join(labels(p2), "|"); got != "Rina · Senin 28 Des (4)|Sari · Senin 28 Des (3)|◀ Sebelumnya|✅ Setujui semua (23)" {
		t.Fatalf("page 2's buttons: %s", got)
	}

	// A person's day: each report with its own buttons, and the way back.
	day := pressEdits(t, k, p2, "Sari · Senin 28 Des (3)", "NIP "+w.f.staf.NIP)
	for _, want := range []string{"Sari Wulandari", "Senin, 28-12-2026 · 3 laporan · 90 menit", "1. 🎯 Non-SKP", "Kegiatan Sari 28-1", "Kegiatan Sari 28-3"} {
		if !strings.Contains(day.Text, want) {
			t.Errorf("Sari's day lacks %q:\n%s", want, day.Text)
		}
	}
	wantDay := "✅ Setujui 1|↩️ Kembalikan 1|⛔ Tolak 1|✅ Setujui 2|↩️ Kembalikan 2|⛔ Tolak 2|✅ Setujui 3|↩️ Kembalikan 3|⛔ Tolak 3|" +
		"✅ Setujui semua laporan Sari (3)|⬅️ Kembali ke daftar"
	if got := strings.Join(labels(day), "|"); got != wantDay {
		t.Fatalf("Sari's day's buttons:\n%s\nwant\n%s", got, wantDay)
	}
	first, firstTolak := buttonData(t, day, "✅ Setujui 1"), buttonData(t, day, "⛔ Tolak 1")
	if ans := press(t, k, day, "✅ Setujui 1"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("Setujui 1 answered %q", ans.Text)
	}
	day = waitEdit(t, k, q.ID, "2 laporan · 60 menit")
	if s, _, _ := statusOf(t, w.e.db, sari28[0].ID); s != "disetujui" {
		t.Fatalf("the first report is %s", s)
	}
	// Tolak asks why, naming whose report of which day; Batal gives the
	// day back, nothing decided.
	press(t, k, day, "⛔ Tolak 1")
	ask := waitEdit(t, k, q.ID, "Tolak laporan Sari Wulandari tanggal Senin, 28-12-2026")
	if !strings.Contains(ask.Text, "Kegiatan Sari 28-2") || !strings.Contains(ask.Text, "Non-SKP") {
		t.Errorf("the question does not show the report:\n%s", ask.Text)
	}
	press(t, k, ask, "Batal")
	day = waitEdit(t, k, q.ID, "2 laporan · 60 menit")
	if s, _, _ := statusOf(t, w.e.db, sari28[1].ID); s != "diajukan" {
		t.Fatalf("Batal decided: %s", s)
	}
	// Kembalikan with a typed reason: told, and the day shows what is left.
	press(t, k, day, "↩️ Kembalikan 2")
	waitEdit(t, k, q.ID, "apa yang perlu diperbaiki Sari Wulandari")
	k.SendText("Lampirkan notulen rapatnya")
	expect(t, k, "↩️ Laporan Sari Wulandari tanggal Senin, 28-12-2026 dikembalikan untuk revisi dengan alasan: Lampirkan notulen rapatnya.")
	day = waitEdit(t, k, q.ID, "1 laporan · 30 menit")
	if s, _, r := statusOf(t, w.e.db, sari28[2].ID); s != "dikembalikan" || r != "Lampirkan notulen rapatnya" {
		t.Fatalf("the third report: %s %q", s, r)
	}
	// A button kept from before answers what is true now and does nothing.
	if got := answerOf(t, k, k.PressRaw(q.ID, firstTolak)).Text; got != "Laporan ini sudah Bapak/Ibu setujui sebelumnya; keputusan pertama yang berlaku." {
		t.Fatalf("a stale Tolak answered %q", got)
	}
	if s, _, _ := statusOf(t, w.e.db, sari28[0].ID); s != "disetujui" {
		t.Fatalf("a stale Tolak changed the report: %s", s)
	}
	// Someone who may not decide is refused, audited.
	if got := pressData(t, w.staff, anchor(t, w.staff), first); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("the author's own Setujui answered %q", got)
	}

	// Back to the list, on the page it was left; "Setujui semua" is every
	// report waiting, on every page.
	list := pressEdits(t, k, lastVersion(k, q.ID), "⬅️ Kembali ke daftar", "21 laporan dari 7 pegawai")
	if !strings.Contains(list.Text, "Halaman 2 dari 2") {
		t.Errorf("back went to another page:\n%s", list.Text)
	}
	press(t, k, list, "✅ Setujui semua (21)")
	confirm := expect(t, k, "Setujui 21 laporan dari 7 pegawai?")
	// Meanwhile one author changes a report: it is skipped, not approved
	// unseen, and the answer counts what really happened.
	dewi := reportsOf(t, w.e.db, staff["Dewi"].ID)[0]
	w.apply(t, store.ApplyRequest{AktivitasID: dewi.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: staff["Dewi"].ID, Edit: &kinerja.Aktivitas{Tanggal: kinerja.Date{Year: 2026, Month: 12, Day: 3}, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Kegiatan Dewi (durasi dikoreksi)", Volume: 1, Satuan: "kegiatan", Menit: 45}})
	answered(t, k, confirm, "Ya, setujui 21 laporan", "✅ 20 laporan disetujui. 1 dilewati")
	var waiting int
	if err := w.e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM aktivitas WHERE status = 'diajukan'`).Scan(&waiting); err != nil || waiting != 1 {
		t.Fatalf("%d reports still wait (%v), want the changed one", waiting, err)
	}
	k.SendCommand("/persetujuan")
	expect(t, k, "Menunggu persetujuan Bapak/Ibu: 1 laporan dari 1 pegawai.")
}

// callNameOf is how the list names a person on a button in the tests.
func callNameOf(nama string) string {
	base, _, _ := strings.Cut(nama, ",")
	for _, w := range strings.Fields(base) {
		if !strings.HasSuffix(w, ".") {
			return w
		}
	}
	return base
}

// Item 3: Kembalikan and Tolak turn the card into the question — the
// report as the card shows it (who, which day, which RHK), the quick
// reasons as buttons, Batal — and Batal gives the card back unchanged; a
// typed reason still works; a quick reason of an older version decides
// nothing.
func TestE2EReasonPromptWithQuickReasons(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the card workers
	k := w.kepala
	w.greet(t, k, w.plhUser)
	a := w.rhkReport(t, w.f.rhkRapat, "Rapat koordinasi SPBE", "dokumen", 90)
	card := kartuWait(t, k, 1, "Rapat koordinasi SPBE")[0]
	expect(t, k, "📋 ") // the card, read

	press(t, k, card, "Kembalikan")
	ask := waitEdit(t, k, card.ID, "apa yang perlu diperbaiki")
	for _, want := range []string{"Sari Wulandari", "Senin, 28-12-2026", "U2 Terselenggaranya rapat koordinasi", "Rapat koordinasi SPBE"} {
		if !strings.Contains(ask.Text, want) {
			t.Errorf("the question lacks %q:\n%s", want, ask.Text)
		}
	}
	if got := strings.Join(labels(ask), "|"); got != "Bukti belum dilampirkan|Volume/durasi tidak sesuai|Uraian kurang jelas|Bukan bagian RHK ini|Batal" {
		t.Fatalf("the question's buttons: %s", got)
	}
	press(t, k, ask, "Batal")
	eventually(t, "the card back as it was", func() bool {
		m := lastVersion(k, card.ID)
		return m.Text == card.Text && strings.Join(labels(m), "|") == strings.Join(labels(card), "|")
	})
	if s, v, _ := statusOf(t, w.e.db, a.ID); s != "diajukan" || v != 1 {
		t.Fatalf("Batal changed the report: %s v%d", s, v)
	}

	// Tolak with a quick reason: decided with that reason, audited once,
	// the card says so.
	press(t, k, lastVersion(k, card.ID), "Tolak")
	ask = waitEdit(t, k, card.ID, "Tolak laporan Sari Wulandari tanggal Senin, 28-12-2026")
	if ans := press(t, k, ask, "Bukan bagian RHK ini"); !strings.Contains(ans.Text, "ditolak dengan alasan: Bukan bagian RHK ini") {
		t.Fatalf("the quick reason answered %q", ans.Text)
	}
	if s, _, r := statusOf(t, w.e.db, a.ID); s != "ditolak" || r != "Bukan bagian RHK ini" {
		t.Fatalf("status %s, reason %q", s, r)
	}
	if n := auditCount(t, w.e.db, a.ID, "tolak"); n != 1 {
		t.Fatalf("%d rejections audited", n)
	}
	waitEdit(t, k, card.ID, "⛔ Ditolak oleh Dr. Agus Prasetyo")
	eventually(t, "the decided card without buttons", func() bool { return len(lastVersion(k, card.ID).Buttons()) == 0 })

	// A typed reason: too short is said once; the answer names whose report.
	b := w.submit(t, 28, "Apel pagi", 30)
	cb := kartuWait(t, k, 2, "Apel pagi")[1]
	expect(t, k, "📋 ")
	press(t, k, cb, "Kembalikan")
	waitEdit(t, k, cb.ID, "apa yang perlu diperbaiki")
	k.SendText("ok")
	expect(t, k, "Alasan terlalu singkat")
	k.SendText("Lampirkan daftar hadir apel")
	expect(t, k, "↩️ Laporan Sari Wulandari tanggal Senin, 28-12-2026 dikembalikan untuk revisi dengan alasan: Lampirkan daftar hadir apel")
	if s, _, r := statusOf(t, w.e.db, b.ID); s != "dikembalikan" || r != "Lampirkan daftar hadir apel" {
		t.Fatalf("status %s, reason %q", s, r)
	}

	// The author changes a report while its question is open: the card
	// shows the new version, and a quick reason kept from the question
	// decides nothing.
	c := w.submit(t, 28, "Verifikasi data", 45)
	cc := kartuWait(t, k, 3, "Verifikasi data")[2]
	expect(t, k, "📋 ")
	press(t, k, cc, "Kembalikan")
	ask = waitEdit(t, k, cc.ID, "apa yang perlu diperbaiki")
	stale := buttonData(t, ask, "Uraian kurang jelas")
	w.apply(t, store.ApplyRequest{AktivitasID: c.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Verifikasi data (revisi)", Volume: 1, Satuan: "kegiatan", Menit: 45}})
	waitEdit(t, k, cc.ID, "Verifikasi data (revisi)")
	if got := answerOf(t, k, k.PressRaw(cc.ID, stale)).Text; !strings.Contains(got, "telah diubah oleh pegawai") {
		t.Fatalf("a quick reason of the old version answered %q", got)
	}
	if s, v, _ := statusOf(t, w.e.db, c.ID); s != "diajukan" || v != 2 {
		t.Fatalf("the changed report: %s v%d", s, v)
	}

	// A second question gives the first one's card back: a typed reason
	// goes to the report last asked about, and only to it.
	d1, d2 := w.submit(t, 28, "Rapat evaluasi", 60), w.submit(t, 28, "Rapat persiapan", 60)
	var c1, c2 telegramtest.Message
	eventually(t, "both cards", func() bool {
		for _, m := range kartuCards(k) {
			switch {
			case strings.Contains(m.Text, "Rapat evaluasi"):
				c1 = m
			case strings.Contains(m.Text, "Rapat persiapan"):
				c2 = m
			}
		}
		return c1.ID != 0 && c2.ID != 0
	})
	expect(t, k, "📋 ")
	expect(t, k, "📋 ")
	press(t, k, c1, "Kembalikan")
	waitEdit(t, k, c1.ID, "apa yang perlu diperbaiki")
	press(t, k, c2, "Kembalikan")
	waitEdit(t, k, c2.ID, "apa yang perlu diperbaiki")
	eventually(t, "the first card back", func() bool { return messageText(k, c1.ID) == c1.Text })
	k.SendText("Sebutkan agenda rapatnya")
	expect(t, k, "dikembalikan untuk revisi dengan alasan: Sebutkan agenda rapatnya")
	if s1, _, _ := statusOf(t, w.e.db, d1.ID); s1 != "diajukan" {
		t.Fatalf("the first report was decided: %s", s1)
	}
	if s2, _, _ := statusOf(t, w.e.db, d2.ID); s2 != "dikembalikan" {
		t.Fatalf("the second report: %s", s2)
	}
}

// Item 4: "Lihat bukti" sends the evidence as replies to the card, each
// file captioned with whose report of which day it is.
func TestE2EEvidenceUnderItsCard(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the card workers
	u, k := w.staff, w.kepala
	w.greet(t, k, w.plhUser)
	report{rhk: "U1 ", desc: "Menyusun laporan kinerja November", volume: "1", minutes: "2 jam",
		evidence: []file{photo(""), pdf("laporan.pdf", "%PDF-1.4 laporan")}, asks: map[step]string{stepVolume: "dalam laporan"}}.submit(t, u)
	card := kartuWait(t, k, 1, "Menyusun laporan kinerja November")[0]
	expect(t, k, "📋 ") // the card, read

	press(t, k, card, "Lihat bukti (2)")
	for i := range 2 {
		m := next(t, k)
		if m.ReplyToID != card.ID {
			t.Fatalf("evidence %d is not a reply to its card (%d): %+v", i+1, card.ID, m)
		}
		for _, want := range []string{fmt.Sprintf("Bukti %d dari 2", i+1), "Sari Wulandari", "Senin, 28-12-2026", "Menyusun laporan kinerja November"} {
			if !strings.Contains(m.Caption, want) {
				t.Errorf("evidence %d's caption lacks %q: %q", i+1, want, m.Caption)
			}
		}
		if i == 0 && m.Photo == nil || i == 1 && (m.Document == nil || m.Document.FileName != "laporan.pdf") {
			t.Fatalf("evidence %d sent as %+v", i+1, m)
		}
	}
	// Only the author's atasan (or their delegate) sees it: the author
	// pressing the same button is refused, audited.
	rs := reportsOf(t, w.e.db, w.f.staf.ID)
	a := kinerja.Aktivitas{ID: rs[0].ID, Version: rs[0].Version}
	if got := pressData(t, u, anchor(t, u), cardData("b", a)); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("the author's Lihat bukti answered %q", got)
	}
	if n := auditCount(t, w.e.db, a.ID, "ditolak_lihat_bukti"); n != 1 {
		t.Fatalf("%d refused evidence requests audited", n)
	}
}
