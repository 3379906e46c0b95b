package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/bot"
	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// The approval cards and decision notices (package notify), end to end: the
// unit of e2e_lapor_test.go, with the head (kepala) linked to Telegram and a
// Plh covering for the head who reads English.

const (
	kartuKepalaTG = 7101
	kartuPlhTG    = 7102
)

// kartuDay is reportNow's business date (Monday 28 December 2026).
var kartuDay = kinerja.Date{Year: 2026, Month: time.December, Day: 28}

type kartuE2E struct {
	e                  *e2e
	f                  unitFixture
	plh                kinerja.Pegawai
	kepala, plhU, staf *telegramtest.User
}

func newKartuE2E(t *testing.T) *kartuE2E {
	t.Helper()
	e, f := newReportE2E(t)
	f.link(t, e.db)
	ctx := context.Background()
	if _, err := e.db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = $1, chat_id = $1 WHERE id = $2`, kartuKepalaTG, f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	plh := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi Hartono, S.T.", UnitID: f.unit,
		TelegramID: kartuPlhTG, ChatID: kartuPlhTG, Bahasa: "en"})
	if _, err := e.db.Pool.Exec(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', '2026-12-21', '2026-12-31', now())`, f.kepala.ID, plh.ID); err != nil {
		t.Fatal(err)
	}
	return &kartuE2E{e: e, f: f, plh: plh,
		kepala: e.tg.User(kartuKepalaTG), plhU: e.tg.User(kartuPlhTG), staf: e.tg.User(f.stafTelegram)}
}

// greet has everyone write to the bot once: Telegram lets a bot write only
// to people who started it.
func (k *kartuE2E) greet(t *testing.T) {
	t.Helper()
	k.kepala.SendCommand("/start")
	expect(t, k.kepala, "Selamat datang kembali")
	k.plhU.SendCommand("/start")
	expect(t, k.plhU, "Welcome back")
	k.staf.SendCommand("/start")
	expect(t, k.staf, "Selamat datang kembali")
}

// submit files a Non-SKP report for kartuDay, as the chat would.
func (k *kartuE2E) submit(t *testing.T, desc string, menit int, bukti []string) kinerja.Aktivitas {
	t.Helper()
	a, err := k.e.db.SubmitAktivitas(context.Background(), kinerja.Aktivitas{
		PegawaiID: k.f.staf.ID, Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: desc, Volume: 1, Satuan: "kegiatan", Menit: menit, Bukti: bukti,
	}, k.f.staf.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (k *kartuE2E) apply(t *testing.T, req store.ApplyRequest) kinerja.Aktivitas {
	t.Helper()
	req.Today = kartuDay
	a, err := k.e.db.ApplyAktivitas(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", req.Action, err)
	}
	return a
}

// cardsIn returns the approval cards in u's chat, oldest first.
func kartuCards(u *telegramtest.User) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range u.History() {
		if m.FromBot && (strings.HasPrefix(m.Text, "📋 Laporan kegiatan harian") || strings.HasPrefix(m.Text, "📋 Daily work report")) {
			out = append(out, m)
		}
	}
	return out
}

// waitCards waits until u's chat holds n cards, the last of them containing
// every one of want, and returns them.
func kartuWait(t *testing.T, u *telegramtest.User, n int, want ...string) []telegramtest.Message {
	t.Helper()
	var got []telegramtest.Message
	ok := func() bool {
		got = kartuCards(u)
		if len(got) != n {
			return false
		}
		for _, w := range want {
			if !strings.Contains(got[n-1].Text, w) {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(wait)
	for !ok() {
		if time.Now().After(deadline) {
			var texts []string
			for _, m := range got {
				texts = append(texts, m.Text)
			}
			t.Fatalf("user %d: want %d cards, the last with %q; have %q", u.ID(), n, want, texts)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if strings.Contains(got[n-1].Text, "<no value>") {
		t.Fatalf("a template argument is missing: %q", got[n-1].Text)
	}
	return got
}

// notices returns the decision notices in the author's chat.
func kartuNotices(u *telegramtest.User) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range u.History() {
		if m.FromBot && strings.Contains(m.Text, "Laporan Bapak/Ibu tanggal") {
			out = append(out, m)
		}
	}
	return out
}

func kartuCallback(t *testing.T, op string, id int64, arg string) string {
	t.Helper()
	s, err := bot.EncodeCallback(conversations.Callback{Op: op, ID: id, Arg: arg})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkButtons compares a message's keyboard, row by row, with labels and
// the approval callback arguments they must carry.
func kartuButtons(t *testing.T, m telegramtest.Message, id int64, rows ...[][2]string) {
	t.Helper()
	if len(m.InlineKeyboard) != len(rows) {
		t.Fatalf("message %d has %d button rows, want %d: %+v", m.ID, len(m.InlineKeyboard), len(rows), m.InlineKeyboard)
	}
	for i, row := range rows {
		if len(m.InlineKeyboard[i]) != len(row) {
			t.Fatalf("row %d: %+v, want %v", i, m.InlineKeyboard[i], row)
		}
		for j, want := range row {
			got := m.InlineKeyboard[i][j]
			if data := kartuCallback(t, "ap", id, want[1]); got.Text != want[0] || got.CallbackData != data {
				t.Errorf("button %d.%d = %q %q, want %q %q", i, j, got.Text, got.CallbackData, want[0], data)
			}
		}
	}
}

func kartuRow3(labels [3]string, version int) [][2]string {
	v := strconv.Itoa(version)
	return [][2]string{{labels[0], "s" + v}, {labels[1], "k" + v}, {labels[2], "t" + v}}
}

var (
	kartuLabelsID = [3]string{"Setujui", "Kembalikan", "Tolak"}
	kartuLabelsEN = [3]string{"Approve", "Return", "Reject"}
)

// jobsDone waits until River has no job left to run or retry.
func kartuJobsDone(t *testing.T, db *store.DB) {
	t.Helper()
	eventually(t, "the background jobs to finish", func() bool {
		var n int
		err := db.Pool.QueryRow(context.Background(),
			`SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`).Scan(&n)
		return err == nil && n == 0
	})
}

type kartuRow struct {
	Penerima int64
	Version  int
	Status   string
	Message  int
}

func kartuRows(t *testing.T, db *store.DB, aktivitasID int64) []kartuRow {
	t.Helper()
	return rowsOf[kartuRow](t, db,
		`SELECT penerima_id, version, status, message_id FROM kartu WHERE aktivitas_id = $1 ORDER BY penerima_id`, aktivitasID)
}

func TestE2EKartuFollowsTheReport(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	a := k.submit(t, "Menyusun notulen rapat koordinasi SPBE", 90, nil)

	// The head's card, in Indonesian, with the three buttons for version 1.
	kc := kartuWait(t, k.kepala, 1, "Menunggu keputusan")[0]
	for _, want := range []string{
		"👤 Sari Wulandari (NIP " + k.f.staf.NIP + ")", "📅 Tanggal: Senin, 28-12-2026", "🎯 RHK: Non-SKP",
		"📝 Uraian: Menyusun notulen rapat koordinasi SPBE", "📦 Volume: 1 kegiatan",
		"⏱ Durasi: 90 menit (jumlah hari itu: 90 menit)", "📎 Bukti dukung: 0 berkas", "⏳ Menunggu keputusan Bapak/Ibu.",
	} {
		if !strings.Contains(kc.Text, want) {
			t.Errorf("the head's card lacks %q:\n%s", want, kc.Text)
		}
	}
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 1))
	// The Plh's copy, in English.
	pc := kartuWait(t, k.plhU, 1, "Awaiting your decision")[0]
	if !strings.Contains(pc.Text, "📅 Date: Monday, 28-12-2026") || !strings.Contains(pc.Text, "(that day's total: 90 minutes)") {
		t.Errorf("the Plh's card:\n%s", pc.Text)
	}
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 1))

	// The author changes it: both copies show the new content, with buttons
	// for the new version (an edit that kept the old ones would decide a
	// version that is gone).
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: k.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Menyusun notulen dan daftar hadir rapat koordinasi SPBE", Volume: 1.5, Satuan: "kegiatan", Menit: 120}})
	kc = kartuWait(t, k.kepala, 1, "notulen dan daftar hadir")[0]
	for _, want := range []string{"📦 Volume: 1,5 kegiatan", "⏱ Durasi: 120 menit (jumlah hari itu: 120 menit)",
		"✏️ Diubah oleh pegawai pada 28-12-2026 10.00 WIB.\n⏳ Menunggu keputusan Bapak/Ibu."} {
		if !strings.Contains(kc.Text, want) {
			t.Errorf("the edited card lacks %q:\n%s", want, kc.Text)
		}
	}
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 2))
	pc = kartuWait(t, k.plhU, 1, "notulen dan daftar hadir", "Volume: 1.5 kegiatan")[0]
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 2))

	// Withdrawn: "ditarik", and no buttons on any copy.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 2, Action: kinerja.ActionTarik, Actor: kinerja.ActorAuthor, ActorID: k.f.staf.ID})
	kc = kartuWait(t, k.kepala, 1, "↩️ Ditarik oleh pegawai pada 28-12-2026 10.00 WIB.")[0]
	pc = kartuWait(t, k.plhU, 1, "Withdrawn by the staff member")[0]
	for _, m := range []telegramtest.Message{kc, pc} {
		if len(m.InlineKeyboard) != 0 || m.ReplyMarkupRaw != `{"inline_keyboard":[]}` {
			t.Errorf("a withdrawn card keeps buttons: %+v (%s)", m.InlineKeyboard, m.ReplyMarkupRaw)
		}
	}
	kartuJobsDone(t, k.e.db)
	got := kartuRows(t, k.e.db, a.ID)
	want := []kartuRow{{k.f.kepala.ID, 3, "ditarik", kc.ID}, {k.plh.ID, 3, "ditarik", pc.ID}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("kartu rows = %+v, want %+v", got, want)
	}
	if n := len(kartuNotices(k.staf)); n != 0 {
		t.Fatalf("the author got %d decision notices for an undecided report", n)
	}
}

func TestE2EKartuDecisionsAndNotices(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	a := k.submit(t, "Verifikasi data statistik sektoral", 60, []string{"foto-1", "dokumen-2"})

	kc := kartuWait(t, k.kepala, 1, "📎 Bukti dukung: 2 berkas")[0]
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 1), [][2]string{{"Lihat bukti (2)", "b1"}})
	pc := kartuWait(t, k.plhU, 1, "📎 Evidence: 2 files")[0]
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 1), [][2]string{{"View evidence (2)", "b1"}})

	// The Plh returns it, on behalf of the head: every copy says so and
	// loses its buttons; the author is told once, with a way to fix it.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionKembalikan, Actor: kinerja.ActorAssessor,
		ActorID: k.plh.ID, Reason: "Lampirkan daftar dataset yang diverifikasi"})
	kc = kartuWait(t, k.kepala, 1, "↩️ Dikembalikan untuk revisi oleh Budi Hartono, S.T. atas nama Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.\nAlasan: Lampirkan daftar dataset yang diverifikasi")[0]
	pc = kartuWait(t, k.plhU, 1, "Returned for revision by Budi Hartono, S.T. on behalf of Dr. Agus Prasetyo on 28-12-2026 10.00 WIB.")[0]
	for _, m := range []telegramtest.Message{kc, pc} {
		if len(m.InlineKeyboard) != 0 {
			t.Errorf("a decided card keeps buttons: %+v", m.InlineKeyboard)
		}
	}
	eventually(t, "the return notice", func() bool { return len(kartuNotices(k.staf)) == 1 })
	n := kartuNotices(k.staf)[0]
	for _, want := range []string{"↩️ Laporan Bapak/Ibu tanggal Senin, 28-12-2026 dikembalikan untuk revisi oleh Budi Hartono, S.T. atas nama Dr. Agus Prasetyo",
		"📝 Verifikasi data statistik sektoral", "Alasan: Lampirkan daftar dataset yang diverifikasi"} {
		if !strings.Contains(n.Text, want) {
			t.Errorf("the notice lacks %q:\n%s", want, n.Text)
		}
	}
	fix, ok := n.Button("✏️ Perbaiki dan ajukan lagi")
	if !ok || fix.CallbackData != kartuCallback(t, "rw", a.ID, "e") || len(n.Buttons()) != 1 {
		t.Fatalf("the notice's buttons: %+v", n.InlineKeyboard)
	}

	// Fixed and resubmitted: a new card (a message the assessor is notified
	// of), while the old one keeps saying what happened to version 2.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 2, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: k.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Verifikasi data statistik sektoral, daftar dataset terlampir", Volume: 1, Satuan: "kegiatan", Menit: 60,
			Bukti: []string{"foto-1", "dokumen-2", "daftar-3"}}})
	kcs := kartuWait(t, k.kepala, 2, "daftar dataset terlampir", "Menunggu keputusan")
	kartuButtons(t, kcs[1], a.ID, kartuRow3(kartuLabelsID, 3), [][2]string{{"Lihat bukti (3)", "b3"}})
	if kcs[0].ID != kc.ID || !strings.Contains(kcs[0].Text, "Dikembalikan untuk revisi") || len(kcs[0].InlineKeyboard) != 0 {
		t.Fatalf("the old card changed: %+v", kcs[0])
	}
	pcs := kartuWait(t, k.plhU, 2, "Awaiting your decision")
	kartuButtons(t, pcs[1], a.ID, kartuRow3(kartuLabelsEN, 3), [][2]string{{"View evidence (3)", "b3"}})

	// The head approves: both live copies say so, without buttons; the
	// author gets a second notice, without a button.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 3, Action: kinerja.ActionSetujui, Actor: kinerja.ActorAssessor, ActorID: k.f.kepala.ID})
	kcs = kartuWait(t, k.kepala, 2, "✅ Disetujui oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.")
	pcs = kartuWait(t, k.plhU, 2, "✅ Approved by Dr. Agus Prasetyo on 28-12-2026 10.00 WIB.")
	if len(kcs[1].InlineKeyboard) != 0 || len(pcs[1].InlineKeyboard) != 0 {
		t.Fatalf("approved cards keep buttons: %+v / %+v", kcs[1].InlineKeyboard, pcs[1].InlineKeyboard)
	}
	eventually(t, "the approval notice", func() bool { return len(kartuNotices(k.staf)) == 2 })
	n = kartuNotices(k.staf)[1]
	if !strings.Contains(n.Text, "✅ Laporan Bapak/Ibu tanggal Senin, 28-12-2026 telah disetujui oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.") ||
		len(n.InlineKeyboard) != 0 {
		t.Fatalf("approval notice: %q %+v", n.Text, n.InlineKeyboard)
	}
	kartuJobsDone(t, k.e.db)
	if got := len(kartuNotices(k.staf)); got != 2 {
		t.Fatalf("%d notices, want one per decision (2)", got)
	}
	got := kartuRows(t, k.e.db, a.ID)
	if len(got) != 2 || got[0].Message != kcs[1].ID || got[1].Message != pcs[1].ID || got[0].Status != "disetujui" || got[0].Version != 4 {
		t.Fatalf("kartu rows = %+v", got)
	}
}

func TestE2EKartuBlockedAssessorDoesNotStopTheOthers(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	k.e.tg.BlockBy(kartuKepalaTG)
	a := k.submit(t, "Piket layanan pengaduan", 60, nil)

	kartuWait(t, k.plhU, 1, "Piket layanan pengaduan")
	kartuJobsDone(t, k.e.db)
	var state string
	var attempt int
	if err := k.e.db.Pool.QueryRow(context.Background(),
		`SELECT state, attempt FROM river_job WHERE kind = 'kartu' ORDER BY id LIMIT 1`).Scan(&state, &attempt); err != nil {
		t.Fatal(err)
	}
	if state != "completed" || attempt != 1 {
		t.Fatalf("card job %s after %d attempts, want completed at once", state, attempt)
	}
	if got := kartuRows(t, k.e.db, a.ID); len(got) != 1 || got[0].Penerima != k.plh.ID {
		t.Fatalf("kartu rows = %+v, want the Plh's only", got)
	}
	var unreachable bool
	if err := k.e.db.Pool.QueryRow(context.Background(), `SELECT unreachable FROM pegawai WHERE id = $1`, k.f.kepala.ID).Scan(&unreachable); err != nil || !unreachable {
		t.Fatalf("the head is not marked unreachable: %v, %v", unreachable, err)
	}
	if n := len(kartuCards(k.kepala)); n != 0 {
		t.Fatalf("a blocked chat shows %d cards", n)
	}

	// Back again: the head's next message clears the flag, and the next
	// change of the report brings the card.
	k.e.tg.Unblock(kartuKepalaTG)
	k.kepala.SendCommand("/start")
	expect(t, k.kepala, "Selamat datang kembali")
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: k.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Piket layanan pengaduan masyarakat", Volume: 1, Satuan: "kegiatan", Menit: 60}})
	kc := kartuWait(t, k.kepala, 1, "Piket layanan pengaduan masyarakat")[0]
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 2))
}

func kartuSentTo(tg *telegramtest.Server, chatID int64) int {
	n := 0
	for _, r := range tg.Requests("sendMessage") {
		if r.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			n++
		}
	}
	return n
}

func TestE2EKartuDeliveredOnceAfterRestart(t *testing.T) {
	k := newKartuE2E(t)
	stop := k.e.startWith(func(o *runOptions) { o.noWorkers = true })
	k.greet(t)
	// The report is filed in the chat while no job runs (a bot stopped
	// between the submission and the card's delivery).
	report{desc: "Rapat evaluasi layanan aduan", minutes: "45"}.submit(t, k.staf)
	stop()

	rs := reportsOf(t, k.e.db, k.f.staf.ID)
	if len(rs) != 1 {
		t.Fatalf("reports = %+v", rs)
	}
	var waiting int
	if err := k.e.db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM river_job WHERE kind = 'kartu' AND state = 'available'`).Scan(&waiting); err != nil || waiting != 1 {
		t.Fatalf("%d card jobs waiting (%v), want 1", waiting, err)
	}
	if len(kartuCards(k.kepala))+len(kartuCards(k.plhU)) != 0 || len(kartuRows(t, k.e.db, rs[0].ID)) != 0 {
		t.Fatal("a card went out with the workers off")
	}
	before := map[int64]int{kartuKepalaTG: kartuSentTo(k.e.tg, kartuKepalaTG), kartuPlhTG: kartuSentTo(k.e.tg, kartuPlhTG)}

	// Started again: the waiting job delivers each card exactly once.
	k.e.start()
	kartuWait(t, k.kepala, 1, "Rapat evaluasi layanan aduan")
	kartuWait(t, k.plhU, 1, "Rapat evaluasi layanan aduan")
	kartuJobsDone(t, k.e.db)
	for chat, n := range before {
		if got := kartuSentTo(k.e.tg, chat); got != n+1 {
			t.Errorf("chat %d: %d messages sent after the restart, want exactly 1", chat, got-n)
		}
	}
	if got := kartuRows(t, k.e.db, rs[0].ID); len(got) != 2 || got[0].Penerima == got[1].Penerima {
		t.Fatalf("kartu rows = %+v, want one per assessor", got)
	}
}
