package main

// Decisions on reports, end to end: the unit of e2e_lapor_test.go with the
// head (kepala) linked as the assessor and a Plh standing in for the head;
// the approval cards and decision notices (package notify), the presses on
// them (first click wins, forged and stale ones refused), reasons, bulk
// approval and delegation.

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// decisionWorld is the unit fixture with the head linked (as the assessor)
// and a Plh of the head, also linked.
type decisionWorld struct {
	e             *e2e
	f             unitFixture
	kepala, staff *telegramtest.User
	plh           kinerja.Pegawai
	plhUser       *telegramtest.User
	anchors       map[int64]telegramtest.Message // see card
}

const dwKepalaTG, dwPlhTG = 7100, 7200

// newDecisionWorld has Ir. Rudi Hartono as the Plh for 28–29 December.
func newDecisionWorld(t *testing.T) *decisionWorld {
	return newApprovalWorld(t, kinerja.Pegawai{Nama: "Ir. Rudi Hartono"}, "2026-12-28", "2026-12-29")
}

// newApprovalWorld is the unit fixture with the head linked and plh (seeded
// in the unit) standing in for the head from mulai to selesai.
func newApprovalWorld(t *testing.T, plh kinerja.Pegawai, mulai, selesai string) *decisionWorld {
	t.Helper()
	e, f := newReportE2E(t)
	f.link(t, e.db)
	ctx := context.Background()
	linkTelegram(t, e.db, f.kepala.ID, dwKepalaTG)
	plh.UnitID, plh.TelegramID, plh.ChatID = f.unit, dwPlhTG, dwPlhTG
	plh = storetest.SeedPegawai(t, e.db, plh)
	if _, err := e.db.Pool.Exec(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', $3, $4, now())`, f.kepala.ID, plh.ID, mulai, selesai); err != nil {
		t.Fatal(err)
	}
	w := &decisionWorld{e: e, f: f, plh: plh, anchors: map[int64]telegramtest.Message{}}
	w.kepala = e.tg.User(dwKepalaTG, telegramtest.WithFirstName("Agus"))
	w.staff = e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"))
	w.plhUser = e.tg.User(dwPlhTG, telegramtest.WithFirstName("Rudi"))
	return w
}

// greet has each of us (everyone, when none is named) write to the bot
// once: Telegram lets a bot write only to people who started it.
func (w *decisionWorld) greet(t *testing.T, us ...*telegramtest.User) {
	t.Helper()
	if len(us) == 0 {
		us = []*telegramtest.User{w.kepala, w.plhUser, w.staff}
	}
	for _, u := range us {
		welcome := "Selamat datang kembali"
		if u == w.plhUser && w.plh.Bahasa == "en" {
			welcome = "Welcome back"
		}
		chat(t, u, script{{"/start", welcome}})
	}
}

// startDecisionWorld is newDecisionWorld, started without the card workers.
func startDecisionWorld(t *testing.T) *decisionWorld {
	w := newDecisionWorld(t)
	w.start()
	return w
}

// start runs the bot without the card workers: these tests press buttons
// on a message of their own (the data is what is tested), and cards arriving
// in between would interleave with what they expect; the cards themselves
// are tested in the TestE2EKartu tests and in TestE2EWholeLoop.
func (w *decisionWorld) start() func() {
	return w.e.startWith(func(o *runOptions) { o.noWorkers = true })
}

// submit files a Non-SKP report of the staff member's for day (December
// 2026) directly through the store.
func (w *decisionWorld) submit(t *testing.T, day int, desc string, menit int, bukti ...string) kinerja.Aktivitas {
	t.Helper()
	return fileReport(t, w.e.db, nonSKP(w.f.staf, kinerja.Date{Day: day}, desc, menit, bukti...))
}

// apply applies req on 28 December 2026.
func (w *decisionWorld) apply(t *testing.T, req store.ApplyRequest) kinerja.Aktivitas {
	t.Helper()
	req.Today = kartuDay
	a, err := w.e.db.ApplyAktivitas(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", req.Action, err)
	}
	return a
}

// anchor gives a user a bot message to press buttons on: a press needs a
// message in the chat, and the button's data is what is being tested.
func anchor(t *testing.T, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	u.SendCommand("/bantuan")
	return expect(t, u, "Perintah yang tersedia")
}

// pressData presses raw callback data (a card button, or a forged one) and
// returns the callback's answer.
func pressData(t *testing.T, u *telegramtest.User, on telegramtest.Message, data string) string {
	t.Helper()
	return answerOf(t, u, u.PressRaw(on.ID, data)).Text
}

// card presses a's approval card button (s Setujui, k Kembalikan, t Tolak,
// for a's version) in u's chat and returns the callback's answer.
func (w *decisionWorld) card(t *testing.T, u *telegramtest.User, letter string, a kinerja.Aktivitas) string {
	t.Helper()
	return w.pressAs(t, u, cardData(letter, a))
}

// cardSays is card, whose answer must be want.
func (w *decisionWorld) cardSays(t *testing.T, u *telegramtest.User, letter string, a kinerja.Aktivitas, want string) {
	t.Helper()
	if got := w.card(t, u, letter, a); got != want {
		t.Fatalf("user %d pressed %s on report %d v%d: answered %q, want %q", u.ID(), letter, a.ID, a.Version, got, want)
	}
}

// pressAs presses raw callback data in u's chat, on u's anchor (made at
// u's first press), and returns the callback's answer.
func (w *decisionWorld) pressAs(t *testing.T, u *telegramtest.User, data string) string {
	t.Helper()
	on, ok := w.anchors[u.ID()]
	if !ok {
		on = anchor(t, u)
		w.anchors[u.ID()] = on
	}
	return pressData(t, u, on, data)
}

func cardData(letter string, a kinerja.Aktivitas) string {
	return fmt.Sprintf("v1|ap|%s|%s%d|", base36(a.ID), letter, a.Version)
}

func statusOf(t *testing.T, db *store.DB, id int64) (status string, version int, reason string) {
	t.Helper()
	if err := db.Pool.QueryRow(context.Background(), `SELECT status, version, coalesce(alasan,'') FROM aktivitas WHERE id = $1`, id).Scan(&status, &version, &reason); err != nil {
		t.Fatal(err)
	}
	return
}

func auditCount(t *testing.T, db *store.DB, id int64, action string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE entity = 'aktivitas' AND entity_id = $1 AND action = $2`, id, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// kartuDay is reportNow's business date (Monday 28 December 2026).
var kartuDay = kinerja.Date{Year: 2026, Month: time.December, Day: 28}

// newKartuE2E has Budi Hartono, S.T., who reads English, as the Plh for the
// last weeks of December.
func newKartuE2E(t *testing.T) *decisionWorld {
	return newApprovalWorld(t, kinerja.Pegawai{Nama: "Budi Hartono, S.T.", Bahasa: "en"}, "2026-12-21", "2026-12-31")
}

// cardsIn returns the approval cards in u's chat, oldest first.
func kartuCards(u *telegramtest.User) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range u.History() {
		if m.FromBot && strings.HasPrefix(m.Text, "📋 ") {
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
		if m.FromBot && (strings.Contains(m.Text, "Laporan Bapak/Ibu tanggal") || strings.HasPrefix(m.Text, "🗓 Keputusan atas laporan")) {
			out = append(out, m)
		}
	}
	return out
}

func kartuCallback(t *testing.T, op string, id int64, arg string) string {
	t.Helper()
	s, err := bot.EncodeCallback(msg.Callback{Op: op, ID: id, Arg: arg})
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

func kartuSentTo(tg *telegramtest.Server, chatID int64) int {
	n := 0
	for _, r := range tg.Requests("sendMessage") {
		if r.Params["chat_id"] == strconv.FormatInt(chatID, 10) {
			n++
		}
	}
	return n
}

func TestE2EKartuFollowsTheReport(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	a := k.submit(t, 28, "Menyusun notulen rapat koordinasi SPBE", 90)

	// The head's card, in Indonesian, with the three buttons for version 1.
	kc := kartuWait(t, k.kepala, 1, "Menunggu keputusan")[0]
	// Short (issue 15): who, when, what for, what, how much and how long;
	// the NIP and the day's total are in its details (Rincian).
	for _, want := range []string{
		"📋 Sari Wulandari · Senin, 28-12-2026", "🎯 Non-SKP",
		"📝 Menyusun notulen rapat koordinasi SPBE", "📦 1 kegiatan · ⏱ 90 menit", "⏳ Menunggu keputusan Bapak/Ibu.",
	} {
		if !strings.Contains(kc.Text, want) {
			t.Errorf("the head's card lacks %q:\n%s", want, kc.Text)
		}
	}
	if strings.Contains(kc.Text, k.f.staf.NIP) || strings.Contains(kc.Text, "bukti") {
		t.Errorf("the head's card shows the NIP, or evidence it has not:\n%s", kc.Text)
	}
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 1), [][2]string{{"🔎 Rincian", "d1"}})
	// The Plh's copy, in English.
	pc := kartuWait(t, k.plhUser, 1, "Awaiting your decision")[0]
	if !strings.Contains(pc.Text, "📋 Sari Wulandari · Monday, 28-12-2026") || !strings.Contains(pc.Text, "⏱ 90 minutes") {
		t.Errorf("the Plh's card:\n%s", pc.Text)
	}
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 1), [][2]string{{"🔎 Details", "d1"}})

	// The author changes it: both copies show the new content, with buttons
	// for the new version (an edit that kept the old ones would decide a
	// version that is gone).
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: k.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Menyusun notulen dan daftar hadir rapat koordinasi SPBE", Volume: 1.5, Satuan: "kegiatan", Menit: 120}})
	kc = kartuWait(t, k.kepala, 1, "notulen dan daftar hadir")[0]
	for _, want := range []string{"📦 1,5 kegiatan · ⏱ 120 menit",
		"✏️ Diubah oleh pegawai pada 28-12-2026 10.00 WIB.\n⏳ Menunggu keputusan Bapak/Ibu."} {
		if !strings.Contains(kc.Text, want) {
			t.Errorf("the edited card lacks %q:\n%s", want, kc.Text)
		}
	}
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 2), [][2]string{{"🔎 Rincian", "d2"}})
	pc = kartuWait(t, k.plhUser, 1, "notulen dan daftar hadir", "📦 1.5 kegiatan")[0]
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 2), [][2]string{{"🔎 Details", "d2"}})

	// Withdrawn: "ditarik", and no buttons on any copy.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 2, Action: kinerja.ActionTarik, Actor: kinerja.ActorAuthor, ActorID: k.f.staf.ID})
	kc = kartuWait(t, k.kepala, 1, "↩️ Ditarik oleh pegawai pada 28-12-2026 10.00 WIB.")[0]
	pc = kartuWait(t, k.plhUser, 1, "Withdrawn by the staff member")[0]
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
	if n := len(kartuNotices(k.staff)); n != 0 {
		t.Fatalf("the author got %d decision notices for an undecided report", n)
	}
}

func TestE2EKartuDecisionsAndNotices(t *testing.T) {
	k := newKartuE2E(t)
	k.e.start()
	k.greet(t)
	a := k.submit(t, 28, "Verifikasi data statistik sektoral", 60, "foto-1", "dokumen-2")

	kc := kartuWait(t, k.kepala, 1, "📎 2 bukti")[0]
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 1), [][2]string{{"Lihat bukti (2)", "b1"}, {"🔎 Rincian", "d1"}})
	pc := kartuWait(t, k.plhUser, 1, "📎 evidence: 2")[0]
	kartuButtons(t, pc, a.ID, kartuRow3(kartuLabelsEN, 1), [][2]string{{"View evidence (2)", "b1"}, {"🔎 Details", "d1"}})

	// The Plh returns it, on behalf of the head: every copy says so and
	// loses its buttons; the author is told once, with a way to fix it.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionKembalikan, Actor: kinerja.ActorAssessor,
		ActorID: k.plh.ID, Reason: "Lampirkan daftar dataset yang diverifikasi"})
	kc = kartuWait(t, k.kepala, 1, "↩️ Dikembalikan untuk revisi oleh Budi Hartono, S.T. atas nama Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.\nAlasan: Lampirkan daftar dataset yang diverifikasi")[0]
	pc = kartuWait(t, k.plhUser, 1, "Returned for revision by Budi Hartono, S.T. on behalf of Dr. Agus Prasetyo on 28-12-2026 10.00 WIB.")[0]
	for _, m := range []telegramtest.Message{kc, pc} {
		if len(m.InlineKeyboard) != 0 {
			t.Errorf("a decided card keeps buttons: %+v", m.InlineKeyboard)
		}
	}
	eventually(t, "the return notice", func() bool { return len(kartuNotices(k.staff)) == 1 })
	n := kartuNotices(k.staff)[0]
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
	kartuButtons(t, kcs[1], a.ID, kartuRow3(kartuLabelsID, 3), [][2]string{{"Lihat bukti (3)", "b3"}, {"🔎 Rincian", "d3"}})
	if kcs[0].ID != kc.ID || !strings.Contains(kcs[0].Text, "Dikembalikan untuk revisi") || len(kcs[0].InlineKeyboard) != 0 {
		t.Fatalf("the old card changed: %+v", kcs[0])
	}
	pcs := kartuWait(t, k.plhUser, 2, "Awaiting your decision")
	kartuButtons(t, pcs[1], a.ID, kartuRow3(kartuLabelsEN, 3), [][2]string{{"View evidence (3)", "b3"}, {"🔎 Details", "d3"}})

	// The head approves: both live copies say so, without buttons; the
	// author gets a second notice, without a button.
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 3, Action: kinerja.ActionSetujui, Actor: kinerja.ActorAssessor, ActorID: k.f.kepala.ID})
	kcs = kartuWait(t, k.kepala, 2, "✅ Disetujui oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB.")
	pcs = kartuWait(t, k.plhUser, 2, "✅ Approved by Dr. Agus Prasetyo on 28-12-2026 10.00 WIB.")
	if len(kcs[1].InlineKeyboard) != 0 || len(pcs[1].InlineKeyboard) != 0 {
		t.Fatalf("approved cards keep buttons: %+v / %+v", kcs[1].InlineKeyboard, pcs[1].InlineKeyboard)
	}
	eventually(t, "the approval notice", func() bool { return len(kartuNotices(k.staff)) == 2 })
	n = kartuNotices(k.staff)[1]
	// Approvals are told in the day's one message (a return at once).
	if !strings.Contains(n.Text, "🗓 Keputusan atas laporan Bapak/Ibu pada Senin, 28-12-2026: 1 disetujui, 0 ditolak.") ||
		!strings.Contains(n.Text, "✅ Sen 28-12 · ") || !strings.Contains(n.Text, "— disetujui oleh Dr. Agus Prasetyo") ||
		len(n.InlineKeyboard) != 0 {
		t.Fatalf("approval notice: %q %+v", n.Text, n.InlineKeyboard)
	}
	kartuJobsDone(t, k.e.db)
	if got := len(kartuNotices(k.staff)); got != 2 {
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
	k.e.tg.BlockBy(dwKepalaTG)
	a := k.submit(t, 28, "Piket layanan pengaduan", 60)

	kartuWait(t, k.plhUser, 1, "Piket layanan pengaduan")
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
	k.e.tg.Unblock(dwKepalaTG)
	k.kepala.SendCommand("/start")
	expect(t, k.kepala, "Selamat datang kembali")
	k.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah, Actor: kinerja.ActorAuthor,
		ActorID: k.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: kartuDay, Kategori: kinerja.KategoriNonSKP,
			Deskripsi: "Piket layanan pengaduan masyarakat", Volume: 1, Satuan: "kegiatan", Menit: 60}})
	kc := kartuWait(t, k.kepala, 1, "Piket layanan pengaduan masyarakat")[0]
	kartuButtons(t, kc, a.ID, kartuRow3(kartuLabelsID, 2), [][2]string{{"🔎 Rincian", "d2"}})
}

func TestE2EKartuDeliveredOnceAfterRestart(t *testing.T) {
	k := newKartuE2E(t)
	stop := k.e.startWith(func(o *runOptions) { o.noWorkers = true })
	k.greet(t)
	// The report is filed in the chat while no job runs (a bot stopped
	// between the submission and the card's delivery).
	report{desc: "Rapat evaluasi layanan aduan", minutes: "45"}.submit(t, k.staff)
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
	if len(kartuCards(k.kepala))+len(kartuCards(k.plhUser)) != 0 || len(kartuRows(t, k.e.db, rs[0].ID)) != 0 {
		t.Fatal("a card went out with the workers off")
	}
	before := map[int64]int{dwKepalaTG: kartuSentTo(k.e.tg, dwKepalaTG), dwPlhTG: kartuSentTo(k.e.tg, dwPlhTG)}

	// Started again: the waiting job delivers each card exactly once.
	k.e.start()
	kartuWait(t, k.kepala, 1, "Rapat evaluasi layanan aduan")
	kartuWait(t, k.plhUser, 1, "Rapat evaluasi layanan aduan")
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

func TestE2EApproveFirstClickWins(t *testing.T) {
	w := startDecisionWorld(t)
	a := w.submit(t, 28, "Rapat koordinasi SPBE", 90)
	w.cardSays(t, w.kepala, "s", a, "✅ Laporan disetujui.")
	if s, v, _ := statusOf(t, w.e.db, a.ID); s != "disetujui" || v != 2 {
		t.Fatalf("status %s v%d", s, v)
	}
	// A second press, by the Plh: nothing changes, and who decided is said.
	got := w.card(t, w.plhUser, "t", a)
	if got != "Laporan ini sudah diputuskan oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB." {
		t.Fatalf("second press answered %q", got)
	}
	// The approver presses Tolak on the card they just approved: the first
	// decision stands, and the answer says which one it was.
	if got := w.card(t, w.kepala, "t", a); got != "Laporan ini sudah Bapak/Ibu setujui sebelumnya; keputusan pertama yang berlaku." {
		t.Fatalf("Tolak after Setujui answered %q", got)
	}
	if n := auditCount(t, w.e.db, a.ID, "setujui"); n != 1 {
		t.Fatalf("%d approvals audited", n)
	}
}

func TestE2EFiftyPressesTwoApproversOneDecision(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.cfg.Workers = 8
	w.e.start() // with the card workers: the cards and the notice are checked too
	w.greet(t)
	onK := anchor(t, w.kepala)
	onP := anchor(t, w.plhUser)
	a := w.submit(t, 28, "Menyusun notulen", 60)
	kartuWait(t, w.kepala, 1, "Menyusun notulen")
	kartuWait(t, w.plhUser, 1, "Menyusun notulen")

	ids := make([]string, 50)
	users := make([]*telegramtest.User, 50)
	ons := make([]telegramtest.Message, 50)
	for i := range 50 {
		users[i], ons[i] = w.kepala, onK
		if i%2 == 1 {
			users[i], ons[i] = w.plhUser, onP
		}
	}
	atOnce(50, func(i int) { ids[i] = users[i].PressRaw(ons[i].ID, cardData("s", a)) })
	// One approver wins: all of their presses say "approved" (a second
	// press of the winner is the same decision), all of the other's say who
	// decided first.
	winners := map[int64]bool{}
	for i, id := range ids {
		switch ans := answerOf(t, users[i], id); {
		case ans.Text == "✅ Laporan disetujui.":
			winners[users[i].ID()] = true
		case strings.HasPrefix(ans.Text, "Laporan ini sudah diputuskan oleh "):
		default:
			t.Fatalf("press %d answered %q", i, ans.Text)
		}
	}
	if len(winners) != 1 {
		t.Fatalf("%d approvers were told they won, want exactly 1", len(winners))
	}
	if s, v, _ := statusOf(t, w.e.db, a.ID); s != "disetujui" || v != 2 {
		t.Fatalf("status %s v%d", s, v)
	}
	if n := auditCount(t, w.e.db, a.ID, "setujui"); n != 1 {
		t.Fatalf("%d approvals audited, want 1", n)
	}
	// Both copies of the card say the same, without buttons; the staff
	// member hears of it exactly once.
	for _, u := range []*telegramtest.User{w.kepala, w.plhUser} {
		c := kartuWait(t, u, 1)[0]
		eventually(t, "a consistent card", func() bool {
			m := lastVersion(u, c.ID)
			return strings.Contains(m.Text, "✅ Disetujui oleh") && len(m.Buttons()) == 0
		})
	}
	eventually(t, "the notice", func() bool { return len(kartuNotices(w.staff)) >= 1 })
	kartuJobsDone(t, w.e.db)
	if n := len(kartuNotices(w.staff)); n != 1 {
		t.Fatalf("%d notices to the staff member, want 1", n)
	}
}

func TestE2EForgedAndReplayedCallbacksAreRefused(t *testing.T) {
	w := startDecisionWorld(t)
	a := w.submit(t, 28, "Verifikasi data", 60)
	// The staff member presses a forged Setujui on their own report.
	w.cardSays(t, w.staff, "s", a, "Bapak/Ibu tidak berwenang melakukan tindakan ini pada laporan tersebut.")
	// Someone unrelated tries a rejection.
	stranger := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Orang Lain", TelegramID: 7300, ChatID: 7300})
	_ = stranger
	su := w.e.tg.User(7300)
	if got := w.card(t, su, "t", a); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("stranger answered %q", got)
	}
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "diajukan" {
		t.Fatalf("a refused press changed the report: %s", s)
	}
	if n := auditCount(t, w.e.db, a.ID, "ditolak_setujui") + auditCount(t, w.e.db, a.ID, "ditolak_tolak"); n != 2 {
		t.Fatalf("%d refusals audited, want 2", n)
	}
	// A card for an older version (the author changed the report since) is
	// refused as stale, not decided.
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a.Tanggal, Kategori: a.Kategori,
			Deskripsi: "Verifikasi data (revisi)", Volume: 1, Satuan: "kegiatan", Menit: 45}})
	if got := w.card(t, w.kepala, "s", a); !strings.Contains(got, "telah diubah oleh pegawai") {
		t.Fatalf("stale card answered %q", got)
	}
	// Garbage and another operation's data get "no longer valid".
	if got := w.pressAs(t, w.kepala, "v1|ap|zz|s|"); got != "Tombol ini sudah tidak berlaku." {
		t.Fatalf("garbage answered %q", got)
	}
	// A withdrawn report cannot be decided.
	cur, _ := w.e.db.AktivitasByID(context.Background(), a.ID)
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: cur.Version, Action: kinerja.ActionTarik,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID})
	cur, _ = w.e.db.AktivitasByID(context.Background(), a.ID)
	w.cardSays(t, w.kepala, "s", cur, "Laporan ini sudah ditarik oleh pegawai pada 28-12-2026 10.00 WIB; tidak perlu diputuskan.")
}

func TestE2EReturnWithReasonAndCancel(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the card workers: the question is the card itself
	w.greet(t, w.kepala, w.plhUser)
	a := w.submit(t, 28, "Menyusun laporan bulanan", 120)
	card := kartuWait(t, w.kepala, 1, "Menyusun laporan bulanan")[0]
	expect(t, w.kepala, "📋 ") // the card, read
	press(t, w.kepala, card, "Kembalikan")
	ask := waitEdit(t, w.kepala, card.ID, "↩️ Kembalikan untuk revisi: apa yang perlu diperbaiki Sari Wulandari")
	// Batal returns to the card, the report untouched.
	press(t, w.kepala, ask, "Batal")
	eventually(t, "the card back", func() bool { return messageText(w.kepala, card.ID) == card.Text })
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "diajukan" {
		t.Fatalf("cancel changed the report: %s", s)
	}
	press(t, w.kepala, lastVersion(w.kepala, card.ID), "Kembalikan")
	waitEdit(t, w.kepala, card.ID, "apa yang perlu diperbaiki")
	w.kepala.SendText("ok")
	expect(t, w.kepala, "Alasan terlalu singkat. Mohon tuliskan alasan")
	// Four zero-width spaces are no reason; a NUL is no character.
	w.kepala.SendText("\u200B\u200B\u200B\u200B")
	expect(t, w.kepala, "Alasan terlalu singkat. Mohon tuliskan alasan")
	w.kepala.SendText("o\x00k")
	expect(t, w.kepala, "Alasan terlalu singkat. Mohon tuliskan alasan")
	w.kepala.SendText("Lampirkan notulen\x00 yang sudah \u202Editandatangani")
	expect(t, w.kepala, "dikembalikan untuk revisi dengan alasan: Lampirkan notulen yang sudah ditandatangani")
	if s, _, r := statusOf(t, w.e.db, a.ID); s != "dikembalikan" || r != "Lampirkan notulen yang sudah ditandatangani" {
		t.Fatalf("status %s reason %q", s, r)
	}
	waitEdit(t, w.kepala, card.ID, "Alasan: Lampirkan notulen yang sudah ditandatangani")

	// Rejecting needs a reason too; the Plh decides on behalf of the head.
	b := w.submit(t, 28, "Apel pagi", 30)
	pc := kartuWait(t, w.plhUser, 2, "Apel pagi")[1]
	for range 2 {
		expect(t, w.plhUser, "📋 ") // both cards, read
	}
	press(t, w.plhUser, pc, "Tolak")
	waitEdit(t, w.plhUser, pc.ID, "⛔ Tolak laporan Sari Wulandari tanggal Senin, 28-12-2026 ini: apa alasannya?")
	w.plhUser.SendText("Apel tidak dihitung sebagai kinerja")
	expect(t, w.plhUser, "ditolak dengan alasan")
	var onBehalf int64
	if err := w.e.db.Pool.QueryRow(context.Background(), `SELECT coalesce(on_behalf_of,0) FROM aktivitas WHERE id = $1`, b.ID).Scan(&onBehalf); err != nil || onBehalf != w.f.kepala.ID {
		t.Fatalf("on behalf of %d, %v", onBehalf, err)
	}
}

func TestE2EDelegationWindowInJakarta(t *testing.T) {
	w := newDecisionWorld(t)
	// 29 December 23:30 WIB is still the Plh's last day (it is already 30
	// December in some zones, and still 29 December 16:30 in UTC).
	w.e.clock.Set(time.Date(2026, 12, 29, 23, 30, 0, 0, time.FixedZone("WIB", 7*3600)))
	w.start()
	a := w.submit(t, 28, "Uji batas hari terakhir", 30)
	w.cardSays(t, w.plhUser, "s", a, "✅ Laporan disetujui.")
	// Half an hour later it is 30 December in Jakarta: the Plh may not.
	w.e.clock.Set(time.Date(2026, 12, 30, 0, 0, 1, 0, time.FixedZone("WIB", 7*3600)))
	b := w.submit(t, 28, "Uji sesudah masa Plh", 30)
	if got := w.card(t, w.plhUser, "s", b); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("after the period answered %q", got)
	}
	// And the day before the first day neither.
	w.e.clock.Set(time.Date(2026, 12, 27, 23, 59, 0, 0, time.FixedZone("WIB", 7*3600)))
	if got := w.card(t, w.plhUser, "s", b); !strings.Contains(got, "tidak berwenang") {
		t.Fatalf("before the period answered %q", got)
	}
	// The first day, 00:00 WIB.
	w.e.clock.Set(time.Date(2026, 12, 28, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600)))
	w.cardSays(t, w.plhUser, "s", b, "✅ Laporan disetujui.")
}

func TestE2EPersetujuanBulkSkipsWhatWasDecidedMeanwhile(t *testing.T) {
	w := startDecisionWorld(t)
	a1 := w.submit(t, 28, "Rapat A", 60)
	w.submit(t, 28, "Rapat B", 60)
	a3 := w.submit(t, 28, "Rapat C", 30)
	w.submit(t, 27, "Piket akhir pekan", 120)

	w.greet(t, w.kepala)
	if got := strings.Join(keyboardLabels(w.kepala), "|"); got != "📝 Lapor|📋 Riwayat|📊 Nilai|✅ Persetujuan|🏅 Penilaian|⚙️ Pengaturan" {
		t.Fatalf("an assessor's menu = %q", got)
	}
	w.kepala.SendText("✅ Persetujuan")
	q := expect(t, w.kepala, "Menunggu persetujuan Bapak/Ibu: 4 laporan dari 1 pegawai.")
	if !strings.Contains(q.Text, "• Sari Wulandari · Minggu 27 Des · 1 laporan · 120 menit") ||
		!strings.Contains(q.Text, "• Sari Wulandari · Senin 28 Des · 3 laporan · 150 menit") {
		t.Fatalf("queue:\n%s", q.Text)
	}
	d := pressEdits(t, w.kepala, q, "Sari · Senin 28 Des (3)", "Sari Wulandari · NIP")
	if !strings.Contains(d.Text, "📝 Rapat C — 1 kegiatan, 30 menit") {
		t.Fatalf("detail:\n%s", d.Text)
	}
	press(t, w.kepala, d, "✅ Setujui semua laporan Sari (3)")
	confirm := expect(t, w.kepala, "Setujui 3 laporan Sari Wulandari tanggal Senin, 28-12-2026 sekaligus?")
	// Meanwhile the Plh approves one of them, and the author changes another.
	w.apply(t, store.ApplyRequest{AktivitasID: a1.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.plh.ID})
	w.apply(t, store.ApplyRequest{AktivitasID: a3.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a3.Tanggal, Kategori: a3.Kategori,
			Deskripsi: "Rapat C (durasi dikoreksi)", Volume: 1, Satuan: "kegiatan", Menit: 45}})
	answered(t, w.kepala, confirm, "Ya, setujui 3 laporan", "✅ 1 laporan disetujui. 2 dilewati")
	// The changed report still waits, at its new version; the queue says so.
	if s, v, _ := statusOf(t, w.e.db, a3.ID); s != "diajukan" || v != 2 {
		t.Fatalf("changed report: %s v%d", s, v)
	}
	w.kepala.SendCommand("/persetujuan")
	q = expect(t, w.kepala, "Menunggu persetujuan Bapak/Ibu: 2 laporan dari 1 pegawai.")
	press(t, w.kepala, q, "✅ Setujui semua (2)")
	confirm = expect(t, w.kepala, "Setujui 2 laporan dari 1 pegawai?")
	answered(t, w.kepala, confirm, "Ya, setujui 2 laporan", "✅ 2 laporan disetujui.")
	// Issue 15, item 2: the same list's button pressed again afterwards
	// approves nothing, and says so (it said "✅ 2 laporan disetujui").
	press(t, w.kepala, q, "✅ Setujui semua (2)")
	confirm = expect(t, w.kepala, "Setujui 2 laporan dari 1 pegawai?")
	answered(t, w.kepala, confirm, "Ya, setujui 2 laporan", "Tidak ada laporan yang disetujui kali ini. 2 sudah Bapak/Ibu setujui sebelumnya.")
	w.kepala.SendCommand("/persetujuan")
	expect(t, w.kepala, "Tidak ada laporan yang menunggu persetujuan")

	// Someone who is nobody's assessor sees an empty queue, and a forged
	// queue button only ever reaches their own (empty) queue.
	w.staff.SendCommand("/persetujuan")
	empty := expect(t, w.staff, "Tidak ada laporan yang menunggu")
	if got := pressData(t, w.staff, empty, "v1|pq||a0|"); got != "Daftar sudah berubah. Berikut daftar terbaru." {
		t.Fatalf("forged queue button answered %q", got)
	}
}

func TestE2EDelegasiFromTheChat(t *testing.T) {
	w := newDecisionWorld(t)
	admin := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Admin BKPP", TelegramID: 7400, ChatID: 7400,
		Roles: []kinerja.Role{kinerja.RolePegawai, kinerja.RoleAdmin}})
	_ = admin
	rina := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Rina Kurniasih", UnitID: w.f.unit, TelegramID: 7500, ChatID: 7500})
	w.start()
	a := w.submit(t, 28, "Menyusun rencana kerja", 60)

	w.staff.SendCommand("/delegasi", w.f.kepala.NIP, rina.NIP, "2026-12-28", "2026-12-31")
	expect(t, w.staff, "hanya untuk admin kepegawaian")

	au := w.e.tg.User(7400)
	au.SendCommand("/delegasi", w.f.kepala.NIP)
	expect(t, au, "Cara menetapkan Plt/Plh")
	au.SendCommand("/delegasi", w.f.kepala.NIP, rina.NIP, "2026-12-31", "2026-12-28")
	expect(t, au, "lebih awal daripada tanggal mulai")
	au.SendCommand("/delegasi", w.f.kepala.NIP, rina.NIP, "2026-12-28", "2026-12-31", "plt")
	expect(t, au, "sebagai PLT untuk Dr. Agus Prasetyo")

	ru := w.e.tg.User(7500)
	w.cardSays(t, ru, "s", a, "✅ Laporan disetujui.")
	var onBehalf int64
	if err := w.e.db.Pool.QueryRow(context.Background(), `SELECT coalesce(on_behalf_of,0) FROM aktivitas WHERE id = $1`, a.ID).Scan(&onBehalf); err != nil || onBehalf != w.f.kepala.ID {
		t.Fatalf("on behalf of %d, %v", onBehalf, err)
	}
}

// The whole loop, through the buttons people press: the staff member reports
// in the chat, the head gets the card and returns it with a reason, the staff
// member is told and fixes it from the notice, the head gets the new version
// and approves it, and the staff member sees it approved.
func TestE2EWholeLoop(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the card workers
	u, k := w.staff, w.kepala
	w.greet(t, k, w.plhUser)

	report{rhk: "U1 ", desc: "Menyusun laporan kinerja November", volume: "1", minutes: "2 jam",
		evidence: []file{pdf("laporan.pdf", "%PDF-1.4 laporan")}, asks: map[step]string{stepVolume: "dalam laporan"}}.submit(t, u)

	card := kartuWait(t, k, 1, "Sari Wulandari", "Menyusun laporan kinerja November", "120 menit")[0]
	expect(t, k, "📋 Sari Wulandari") // the card, read
	// The evidence, on request, under its card.
	press(t, k, card, "Lihat bukti (1)")
	if doc := next(t, k); doc.Document == nil || doc.Document.FileName != "laporan.pdf" || doc.ReplyToID != card.ID ||
		!strings.Contains(doc.Caption, "Bukti 1 dari 1 · Sari Wulandari") {
		t.Fatalf("evidence sent as %+v", doc)
	}
	press(t, k, card, "Kembalikan")
	waitEdit(t, k, card.ID, "apa yang perlu diperbaiki Sari Wulandari")
	k.SendText("Sebutkan jumlah halaman laporannya")
	expect(t, k, "dikembalikan untuk revisi dengan alasan")
	eventually(t, "the card to show the decision without buttons", func() bool {
		c := lastVersion(k, card.ID)
		return strings.Contains(c.Text, "Dikembalikan untuk revisi oleh Dr. Agus Prasetyo") && len(c.Buttons()) == 0
	})
	// The Plh's copy shows the same.
	plhCards := kartuWait(t, w.plhUser, 1)
	eventually(t, "the Plh's copy", func() bool {
		return strings.Contains(lastVersion(w.plhUser, plhCards[0].ID).Text, "Dikembalikan untuk revisi")
	})

	notice := expect(t, u, "dikembalikan untuk revisi oleh Dr. Agus Prasetyo")
	if !strings.Contains(notice.Text, "Sebutkan jumlah halaman laporannya") {
		t.Fatalf("notice: %s", notice.Text)
	}
	d := report{desc: "Menyusun laporan kinerja November (24 halaman)"}.fix(t, u, notice)
	d.change("Uraian")
	d.to(stepSent)

	cards := kartuWait(t, k, 2, "(24 halaman)")
	expect(t, k, "📋 Sari Wulandari")
	press(t, k, cards[1], "Setujui")
	expect(t, u, "— disetujui oleh Dr. Agus Prasetyo")
	u.SendCommand("/riwayat")
	list := expect(t, u, "Laporan Desember 2026")
	if !strings.Contains(list.Text, "disetujui") {
		t.Fatalf("history: %s", list.Text)
	}
	rs := reportsOf(t, w.e.db, w.f.staf.ID)
	if len(rs) != 1 || rs[0].Status != "disetujui" || rs[0].Version != 4 {
		t.Fatalf("reports = %+v", rs)
	}
}

// A bulk approval covers exactly the reports (and versions) the list
// showed: not a report filed after it, not a newer version of one.
func TestE2EBulkApprovesOnlyWhatWasShown(t *testing.T) {
	w := startDecisionWorld(t)
	a1 := w.submit(t, 28, "Rapat A", 60)
	w.submit(t, 28, "Rapat B", 60)
	w.kepala.SendCommand("/persetujuan")
	q := expect(t, w.kepala, "Menunggu persetujuan Bapak/Ibu: 2 laporan")
	day := pressEdits(t, w.kepala, q, "Sari · Senin 28 Des (2)", "Sari Wulandari · NIP")
	// Meanwhile the author changes one and files another for the same day.
	w.apply(t, store.ApplyRequest{AktivitasID: a1.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a1.Tanggal, Kategori: a1.Kategori,
			Deskripsi: "Rapat A (400 menit)", Volume: 1, Satuan: "kegiatan", Menit: 400}})
	c := w.submit(t, 28, "Rapat C", 30)
	press(t, w.kepala, day, "✅ Setujui semua laporan Sari (2)")
	confirm := expect(t, w.kepala, "Setujui 2 laporan Sari Wulandari")
	answered(t, w.kepala, confirm, "Ya, setujui 2 laporan", "✅ 1 laporan disetujui. 1 dilewati")
	if s, _, _ := statusOf(t, w.e.db, a1.ID); s != "diajukan" {
		t.Fatalf("the changed report was approved unseen: %s", s)
	}
	if s, _, _ := statusOf(t, w.e.db, c.ID); s != "diajukan" {
		t.Fatalf("the new report was approved unseen: %s", s)
	}
	// The old list's buttons now answer with the current list.
	w.kepala.SendCommand("/persetujuan")
	fresh := expect(t, w.kepala, "Menunggu persetujuan Bapak/Ibu: 2 laporan")
	if got := pressData(t, w.kepala, fresh, buttonData(t, day, "✅ Setujui semua laporan Sari (2)")); got != "Daftar sudah berubah. Berikut daftar terbaru." {
		t.Fatalf("an old button answered %q", got)
	}
}

// writesSince counts the writes after the first `from` requests of the
// fake, per chat and method ("7001 sendMessage").
func writesSince(tg *telegramtest.Server, from int) (map[string]int, int) {
	all := tg.Requests("")
	out, n := map[string]int{}, 0
	for _, r := range all[from:] {
		if telegramWrites[r.Method] {
			out[r.Params["chat_id"]+" "+r.Method]++
			n++
		}
	}
	return out, n
}

// A completed report costs at most 8 Telegram writes all-in (DOMAIN.md
// decision 12): the staff member's dialogue, the supervisor's card, the
// card's edit at the decision, and the notice. Counted from the fake's own
// request log.
func TestE2EWritesPerReport(t *testing.T) {
	// The Plh's delegation is over: one assessor, one card.
	w := newApprovalWorld(t, kinerja.Pegawai{Nama: "Ir. Rudi Hartono"}, "2026-11-02", "2026-11-03")
	w.e.start() // with the card workers
	u, k := w.staff, w.kepala
	w.greet(t, k, u)
	from := len(w.e.tg.Requests(""))
	answersFrom := len(w.e.tg.Requests("answerCallbackQuery"))

	report{rhk: "U1 ", desc: "Menyusun laporan kinerja November", volume: "1", minutes: "2 jam"}.submit(t, u)
	card := kartuWait(t, k, 1, "Menyusun laporan kinerja November")[0]
	press(t, k, card, "Setujui")
	expect(t, u, "— disetujui oleh Dr. Agus Prasetyo")
	kartuJobsDone(t, w.e.db)
	eventually(t, "the card's decision", func() bool { return strings.Contains(messageText(k, card.ID), "Disetujui oleh") })

	by, n := writesSince(w.e.tg, from)
	staff, head := strconv.FormatInt(w.f.stafTelegram, 10), strconv.FormatInt(dwKepalaTG, 10)
	want := map[string]int{
		staff + " sendMessage":     3, // the RHK list, the summary, the decision notice
		staff + " editMessageText": 2, // the RHK list into the uraian question, the summary into the confirmation
		head + " sendMessage":      1, // the card
		head + " editMessageText":  1, // the card at the decision
	}
	if n > 8 || !maps.Equal(by, want) {
		t.Fatalf("%d writes for one report (want at most 8): %v, want %v", n, by, want)
	}
	answers := len(w.e.tg.Requests("answerCallbackQuery")) - answersFrom
	t.Logf("one report: %d writes (%v), %d callback answers", n, by, answers)
}

// Setujui (and a return with a quick reason) on the decider's own card,
// the report's only copy: the press's answer edits the card (no card job: the decider sees it at once and the
// queue is spared a round), and the copy is recorded as showing the
// decision. A press on the card of a report with another copy goes through
// the card job as before (TestE2EKartuDecisionsAndNotices).
func TestE2EApproveOnTheOnlyCardEditsItInTheAnswer(t *testing.T) {
	const bossID = 9201
	e, f := newReportE2E(t)
	f.link(t, e.db)
	linkTelegram(t, e.db, f.kepala.ID, bossID)
	e.start()
	boss := e.tg.User(bossID, telegramtest.WithStarted())
	a := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Menyusun notula rapat koordinasi", 60))
	card := expect(t, boss, "Menyusun notula rapat koordinasi")
	kartuJobsDone(t, e.db)
	edits := len(e.tg.Requests("editMessageText"))
	if ans := press(t, boss, card, "Setujui"); ans.Text != "✅ Laporan disetujui." {
		t.Fatalf("Setujui answered %q", ans.Text)
	}
	eventually(t, "the card edited by the answer", func() bool {
		m := messageOf(boss, card.ID)
		return strings.Contains(m.Text, "✅ Disetujui oleh") && len(m.InlineKeyboard) == 0
	})
	eventually(t, "the copy recorded", func() bool {
		rows := kartuRows(t, e.db, a.ID)
		return len(rows) == 1 && rows[0].Version == 2 && rows[0].Status == "disetujui" && rows[0].Message == card.ID
	})
	kartuJobsDone(t, e.db)
	var cardJobs int
	if err := e.db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM river_job WHERE kind = 'kartu' AND (args->>'aktivitas_id')::bigint = $1`, a.ID).Scan(&cardJobs); err != nil || cardJobs != 1 {
		t.Fatalf("%d card jobs for the report (%v), want 1 (its first card only)", cardJobs, err)
	}
	if got := len(e.tg.Requests("editMessageText")) - edits; got != 1 {
		t.Errorf("%d edits after the press, want 1 (the card)", got)
	}
	// The same press again (a retried update, a double tap): the decision
	// stands, nothing else is written.
	if ans := pressData(t, boss, card, card.Buttons()[0].CallbackData); !strings.Contains(ans, "disetujui") {
		t.Errorf("the press again answered %q", ans)
	}
	if n := auditCount(t, e.db, a.ID, "setujui"); n != 1 {
		t.Errorf("%d approvals audited", n)
	}

	// A return with a quick reason, pressed on the card turned into the
	// question: the same, the answer edits the card.
	r := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Memeriksa daftar hadir rapat", 30))
	card = expect(t, boss, "Memeriksa daftar hadir rapat")
	kartuJobsDone(t, e.db)
	press(t, boss, card, "Kembalikan")
	var question telegramtest.Message
	eventually(t, "the card turned into the question", func() bool {
		question = messageOf(boss, card.ID)
		return len(question.Buttons()) > 1 && question.Buttons()[0].Text != card.Buttons()[0].Text
	})
	reason := question.Buttons()[0]
	if ans := answerOf(t, boss, boss.Press(card.ID, reason.CallbackData)); !strings.Contains(ans.Text, "dikembalikan") {
		t.Fatalf("the quick reason %q answered %q", reason.Text, ans.Text)
	}
	eventually(t, "the returned card edited by the answer", func() bool {
		m := messageOf(boss, card.ID)
		return strings.Contains(m.Text, "Dikembalikan untuk revisi oleh") && len(m.InlineKeyboard) == 0
	})
	eventually(t, "its copy recorded", func() bool {
		rows := kartuRows(t, e.db, r.ID)
		return len(rows) == 1 && rows[0].Version == 2 && rows[0].Status == "dikembalikan"
	})
	kartuJobsDone(t, e.db)
	if err := e.db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM river_job WHERE kind = 'kartu' AND (args->>'aktivitas_id')::bigint = $1`, r.ID).Scan(&cardJobs); err != nil || cardJobs != 1 {
		t.Fatalf("%d card jobs for the returned report (%v), want 1", cardJobs, err)
	}
}
