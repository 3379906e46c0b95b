package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// decisionWorld is the unit fixture with the head linked (as the assessor)
// and a Plh of the head for 28–29 December.
type decisionWorld struct {
	e             *e2e
	f             unitFixture
	kepala, staff *telegramtest.User
	plh           kinerja.Pegawai
	plhUser       *telegramtest.User
	anchors       map[int64]telegramtest.Message // see card
}

const dwKepalaTG, dwPlhTG = 7100, 7200

func newDecisionWorld(t *testing.T) *decisionWorld {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	ctx := context.Background()
	if _, err := e.db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = $1, chat_id = $1 WHERE id = $2`, dwKepalaTG, f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	plh := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Ir. Rudi Hartono", UnitID: f.unit, TelegramID: dwPlhTG, ChatID: dwPlhTG})
	if _, err := e.db.Pool.Exec(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', '2026-12-28', '2026-12-29', now())`, f.kepala.ID, plh.ID); err != nil {
		t.Fatal(err)
	}
	w := &decisionWorld{e: e, f: f, plh: plh, anchors: map[int64]telegramtest.Message{}}
	w.kepala = e.tg.User(dwKepalaTG, telegramtest.WithFirstName("Agus"))
	w.staff = e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"))
	w.plhUser = e.tg.User(dwPlhTG, telegramtest.WithFirstName("Rudi"))
	return w
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
// are tested in e2e_kartu_test.go and in TestE2EWholeLoop.
func (w *decisionWorld) start() func() {
	return w.e.startWith(func(o *runOptions) { o.noWorkers = true })
}

// submit files a report of the staff member directly through the store.
func (w *decisionWorld) submit(t *testing.T, day int, desc string, menit int) kinerja.Aktivitas {
	t.Helper()
	a, err := w.e.db.SubmitAktivitas(context.Background(), kinerja.Aktivitas{
		PegawaiID: w.f.staf.ID, Tanggal: kinerja.Date{Year: 2026, Month: 12, Day: day}, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: desc, Volume: 1, Satuan: "kegiatan", Menit: menit,
	}, w.f.staf.ID)
	if err != nil {
		t.Fatal(err)
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
	id := u.PressRaw(on.ID, data)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ans, err := u.WaitCallbackAnswer(ctx, id)
	if err != nil {
		t.Fatalf("press %s: %v", data, err)
	}
	return ans.Text
}

// card presses a's approval card button (s Setujui, k Kembalikan, t Tolak,
// for a's version) in u's chat and returns the callback's answer.
func (w *decisionWorld) card(t *testing.T, u *telegramtest.User, letter string, a kinerja.Aktivitas) string {
	t.Helper()
	return w.pressAs(t, u, cardData(letter, a))
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

func TestE2EApproveFirstClickWins(t *testing.T) {
	w := startDecisionWorld(t)
	a := w.submit(t, 28, "Rapat koordinasi SPBE", 90)
	if got := w.card(t, w.kepala, "s", a); got != "✅ Laporan disetujui." {
		t.Fatalf("approve answered %q", got)
	}
	if s, v, _ := statusOf(t, w.e.db, a.ID); s != "disetujui" || v != 2 {
		t.Fatalf("status %s v%d", s, v)
	}
	// A second press, by the Plh: nothing changes, and who decided is said.
	got := w.card(t, w.plhUser, "t", a)
	if got != "Laporan ini sudah diputuskan oleh Dr. Agus Prasetyo pada 28-12-2026 10.00 WIB." {
		t.Fatalf("second press answered %q", got)
	}
	if n := auditCount(t, w.e.db, a.ID, "setujui"); n != 1 {
		t.Fatalf("%d approvals audited", n)
	}
}

func TestE2EFiftyPressesTwoApproversOneDecision(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.cfg.Workers = 8
	w.e.start() // with the card workers: the cards and the notice are checked too
	for _, u := range []*telegramtest.User{w.kepala, w.plhUser, w.staff} {
		u.SendCommand("/start")
		expect(t, u, "Selamat datang kembali")
	}
	onK := anchor(t, w.kepala)
	onP := anchor(t, w.plhUser)
	a := w.submit(t, 28, "Menyusun notulen", 60)
	kartuWait(t, w.kepala, 1, "Menyusun notulen")
	kartuWait(t, w.plhUser, 1, "Menyusun notulen")

	var wg sync.WaitGroup
	ids := make([]string, 50)
	users := make([]*telegramtest.User, 50)
	for i := range 50 {
		u, on := w.kepala, onK
		if i%2 == 1 {
			u, on = w.plhUser, onP
		}
		users[i] = u
		wg.Go(func() { ids[i] = u.PressRaw(on.ID, cardData("s", a)) })
	}
	wg.Wait()
	// One approver wins: all of their presses say "approved" (a second
	// press of the winner is the same decision), all of the other's say who
	// decided first.
	winners := map[int64]bool{}
	for i, id := range ids {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		ans, err := users[i].WaitCallbackAnswer(ctx, id)
		cancel()
		if err != nil {
			t.Fatalf("press %d: %v", i, err)
		}
		switch {
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
	if got := w.card(t, w.staff, "s", a); got != "Bapak/Ibu tidak berwenang melakukan tindakan ini pada laporan tersebut." {
		t.Fatalf("forged approve answered %q", got)
	}
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
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a.Tanggal, Kategori: a.Kategori,
			Deskripsi: "Verifikasi data (revisi)", Volume: 1, Satuan: "kegiatan", Menit: 45}}); err != nil {
		t.Fatal(err)
	}
	if got := w.card(t, w.kepala, "s", a); !strings.Contains(got, "telah diubah oleh pegawai") {
		t.Fatalf("stale card answered %q", got)
	}
	// Garbage and another operation's data get "no longer valid".
	if got := w.pressAs(t, w.kepala, "v1|ap|zz|s|"); got != "Tombol ini sudah tidak berlaku." {
		t.Fatalf("garbage answered %q", got)
	}
	// A withdrawn report cannot be decided.
	cur, _ := w.e.db.AktivitasByID(context.Background(), a.ID)
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a.ID, Version: cur.Version, Action: kinerja.ActionTarik,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID}); err != nil {
		t.Fatal(err)
	}
	cur, _ = w.e.db.AktivitasByID(context.Background(), a.ID)
	if got := w.card(t, w.kepala, "s", cur); got != "Laporan ini sudah ditarik oleh pegawai pada 28-12-2026 10.00 WIB; tidak perlu diputuskan." {
		t.Fatalf("withdrawn report answered %q", got)
	}
}

func TestE2EReturnWithReasonAndCancel(t *testing.T) {
	w := startDecisionWorld(t)
	a := w.submit(t, 28, "Menyusun laporan bulanan", 120)
	w.card(t, w.kepala, "k", a)
	ask := expect(t, w.kepala, "Tuliskan alasan laporan ini dikembalikan")
	// Batal returns to the card, the report untouched.
	press(t, w.kepala, ask, "Batal")
	eventually(t, "the cancelled question", func() bool {
		return messageText(w.kepala, ask.ID) == "Proses pemberian alasan dibatalkan. Tidak ada data yang tersimpan dari proses itu."
	})
	if s, _, _ := statusOf(t, w.e.db, a.ID); s != "diajukan" {
		t.Fatalf("cancel changed the report: %s", s)
	}
	w.card(t, w.kepala, "k", a)
	expect(t, w.kepala, "Tuliskan alasan laporan ini dikembalikan")
	w.kepala.SendText("ok")
	expect(t, w.kepala, "Alasan terlalu singkat")
	expect(t, w.kepala, "Tuliskan alasan")
	w.kepala.SendText("Lampirkan notulen yang sudah ditandatangani")
	expect(t, w.kepala, "dikembalikan untuk revisi dengan alasan: Lampirkan notulen yang sudah ditandatangani")
	if s, _, r := statusOf(t, w.e.db, a.ID); s != "dikembalikan" || r != "Lampirkan notulen yang sudah ditandatangani" {
		t.Fatalf("status %s reason %q", s, r)
	}

	// Rejecting needs a reason too; the Plh decides on behalf of the head.
	b := w.submit(t, 28, "Apel pagi", 30)
	w.card(t, w.plhUser, "t", b)
	expect(t, w.plhUser, "Tuliskan alasan laporan ini ditolak")
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
	if got := w.card(t, w.plhUser, "s", a); got != "✅ Laporan disetujui." {
		t.Fatalf("last day answered %q", got)
	}
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
	if got := w.card(t, w.plhUser, "s", b); got != "✅ Laporan disetujui." {
		t.Fatalf("first day answered %q", got)
	}
}

func TestE2EPersetujuanBulkSkipsWhatWasDecidedMeanwhile(t *testing.T) {
	w := startDecisionWorld(t)
	a1 := w.submit(t, 28, "Rapat A", 60)
	w.submit(t, 28, "Rapat B", 60)
	a3 := w.submit(t, 28, "Rapat C", 30)
	w.submit(t, 27, "Piket akhir pekan", 120)

	w.kepala.SendCommand("/start")
	expect(t, w.kepala, "Selamat datang kembali")
	if got := strings.Join(keyboardLabels(w.kepala), "|"); got != "📝 Lapor|📋 Riwayat|📊 Nilai|✅ Persetujuan|🏅 Penilaian|⚙️ Pengaturan" {
		t.Fatalf("an assessor's menu = %q", got)
	}
	w.kepala.SendText("✅ Persetujuan")
	q := expect(t, w.kepala, "Laporan menunggu persetujuan: 4 laporan")
	if !strings.Contains(q.Text, "1. Sari Wulandari · Min 27-12 · 1 laporan · 120 menit") ||
		!strings.Contains(q.Text, "2. Sari Wulandari · Sen 28-12 · 3 laporan · 150 menit") {
		t.Fatalf("queue:\n%s", q.Text)
	}
	press(t, w.kepala, q, "Rincian 2")
	d := expect(t, w.kepala, "Sari Wulandari (NIP")
	if !strings.Contains(d.Text, "Rapat C — 1 kegiatan, 30 menit") {
		t.Fatalf("detail:\n%s", d.Text)
	}
	press(t, w.kepala, q, "✅ 2: Setujui semua (3)")
	confirm := expect(t, w.kepala, "Setujui 3 laporan Sari Wulandari tanggal Senin, 28-12-2026 sekaligus?")
	// Meanwhile the Plh approves one of them, and the author changes another.
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a1.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.plh.ID, Today: kinerja.Date{Year: 2026, Month: 12, Day: 28}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a3.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a3.Tanggal, Kategori: a3.Kategori,
			Deskripsi: "Rapat C (durasi dikoreksi)", Volume: 1, Satuan: "kegiatan", Menit: 45}}); err != nil {
		t.Fatal(err)
	}
	press(t, w.kepala, confirm, "Ya, setujui 3 laporan")
	expect(t, w.kepala, "✅ 1 laporan disetujui. 2 dilewati")
	// The changed report still waits, at its new version; the queue says so.
	if s, v, _ := statusOf(t, w.e.db, a3.ID); s != "diajukan" || v != 2 {
		t.Fatalf("changed report: %s v%d", s, v)
	}
	w.kepala.SendCommand("/persetujuan")
	q = expect(t, w.kepala, "Laporan menunggu persetujuan: 2 laporan")
	press(t, w.kepala, q, "✅ Setujui semua yang tampil (2)")
	confirm = expect(t, w.kepala, "Setujui 2 laporan dari 1 pegawai sekaligus?")
	press(t, w.kepala, confirm, "Ya, setujui 2 laporan")
	expect(t, w.kepala, "✅ 2 laporan disetujui. 0 dilewati")
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
	if got := w.card(t, ru, "s", a); got != "✅ Laporan disetujui." {
		t.Fatalf("the new Plt answered %q", got)
	}
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
	for _, a := range []*telegramtest.User{k, w.plhUser} { // both have started the bot
		a.SendCommand("/start")
		expect(t, a, "Selamat datang kembali")
	}

	report{rhk: "U1 ", desc: "Menyusun laporan kinerja November", volume: "1", minutes: "2 jam",
		evidence: []file{pdf("laporan.pdf", "%PDF-1.4 laporan")}, asks: map[step]string{stepVolume: "dalam laporan"}}.submit(t, u)

	card := kartuWait(t, k, 1, "Sari Wulandari", "Menyusun laporan kinerja November", "120 menit")[0]
	expect(t, k, "📋 Laporan kegiatan harian") // the card, read
	// The evidence, on request.
	press(t, k, card, "Lihat bukti (1)")
	expect(t, k, "Bukti dukung laporan")
	if doc := next(t, k); doc.Document == nil || doc.Document.FileName != "laporan.pdf" {
		t.Fatalf("evidence sent as %+v", doc)
	}
	press(t, k, card, "Kembalikan")
	expect(t, k, "Tuliskan alasan laporan ini dikembalikan")
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
	expect(t, k, "📋 Laporan kegiatan harian")
	press(t, k, cards[1], "Setujui")
	expect(t, u, "telah disetujui oleh Dr. Agus Prasetyo")
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
	q := expect(t, w.kepala, "Laporan menunggu persetujuan: 2 laporan")
	// Meanwhile the author changes one and files another for the same day.
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a1.ID, Version: 1, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: w.f.staf.ID, Edit: &kinerja.Aktivitas{Tanggal: a1.Tanggal, Kategori: a1.Kategori,
			Deskripsi: "Rapat A (400 menit)", Volume: 1, Satuan: "kegiatan", Menit: 400}}); err != nil {
		t.Fatal(err)
	}
	c := w.submit(t, 28, "Rapat C", 30)
	press(t, w.kepala, q, "✅ 1: Setujui semua (2)")
	confirm := expect(t, w.kepala, "Setujui 2 laporan Sari Wulandari")
	press(t, w.kepala, confirm, "Ya, setujui 2 laporan")
	expect(t, w.kepala, "✅ 1 laporan disetujui. 1 dilewati")
	if s, _, _ := statusOf(t, w.e.db, a1.ID); s != "diajukan" {
		t.Fatalf("the changed report was approved unseen: %s", s)
	}
	if s, _, _ := statusOf(t, w.e.db, c.ID); s != "diajukan" {
		t.Fatalf("the new report was approved unseen: %s", s)
	}
	// The old list's buttons now answer with the current list.
	w.kepala.SendCommand("/persetujuan")
	fresh := expect(t, w.kepala, "Laporan menunggu persetujuan: 2 laporan")
	if got := pressData(t, w.kepala, fresh, q.Buttons()[1].CallbackData); got != "Daftar sudah berubah. Berikut daftar terbaru." {
		t.Fatalf("an old button answered %q", got)
	}
}
