package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// The reporting world of these tests: Monday 28 December 2026, 10:00 WIB.
// The window reaches back to Friday 25 December (Christmas, a holiday);
// Saturday 26 and Sunday 27 are the weekend.
var reportNow = time.Date(2026, 12, 28, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// unitFixture is a small unit: a head, and a staff member with an SKP of
// three RHK (one with two indikator).
type unitFixture struct {
	unit             int64
	kepala, staf     kinerja.Pegawai
	rhkLaporan       int64 // one indikator (satuan "laporan")
	rhkRapat         int64 // two indikator
	indNotulen       int64
	indDaftarHadir   int64
	rhkTanpaSatuan   int64 // an RHK with no indikator
	stafTelegram     int64
	stafPhone        string
	stafPhoneAsTyped string
}

func seedUnit(t *testing.T, db *store.DB, stafTelegram int64) unitFixture {
	t.Helper()
	ctx := context.Background()
	f := unitFixture{stafTelegram: stafTelegram, stafPhone: "+6281234567890", stafPhoneAsTyped: "0812-3456-7890"}
	f.unit = storetest.SeedUnit(t, db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	f.kepala = storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Dr. Agus Prasetyo", UnitID: f.unit, JenisJabatan: "jpt"})
	f.staf = storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Sari Wulandari", UnitID: f.unit, AtasanID: f.kepala.ID, JenisJabatan: "pelaksana", Telepon: f.stafPhone})
	var skp int64
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Pool.QueryRow(ctx, `INSERT INTO skp (pegawai_id, tahun, status, created_at) VALUES ($1, 2026, 'aktif', now()) RETURNING id`, f.staf.ID).Scan(&skp))
	must(db.Pool.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'U1', 'utama', 'Tersusunnya laporan kinerja bulanan unit') RETURNING id`, skp).Scan(&f.rhkLaporan))
	must(db.Pool.QueryRow(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'Jumlah laporan kinerja', 12, 12, 'laporan') RETURNING id`, f.rhkLaporan).Scan(new(int64)))
	must(db.Pool.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'U2', 'utama', 'Terselenggaranya rapat koordinasi') RETURNING id`, skp).Scan(&f.rhkRapat))
	must(db.Pool.QueryRow(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'Notulen rapat', 24, 24, 'dokumen') RETURNING id`, f.rhkRapat).Scan(&f.indNotulen))
	must(db.Pool.QueryRow(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'Daftar hadir', 24, 24, 'berkas') RETURNING id`, f.rhkRapat).Scan(&f.indDaftarHadir))
	must(db.Pool.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'T1', 'tambahan', 'Pendampingan magang mahasiswa') RETURNING id`, skp).Scan(&f.rhkTanpaSatuan))
	_, err := db.Pool.Exec(ctx, `INSERT INTO hari_libur (tanggal, keterangan) VALUES ('2026-12-25', 'Hari Raya Natal'), ('2026-12-24', 'Cuti bersama Hari Raya Natal')`)
	must(err)
	return f
}

// link sets the staff member's Telegram account directly (onboarding has
// its own tests).
func (f unitFixture) link(t *testing.T, db *store.DB) {
	t.Helper()
	linkTelegram(t, db, f.staf.ID, f.stafTelegram)
}

// linkTelegram links a person to a Telegram account (its private chat).
func linkTelegram(t *testing.T, db *store.DB, pegawaiID, telegramID int64) {
	t.Helper()
	if _, err := db.Pool.Exec(context.Background(), `UPDATE pegawai SET telegram_id = $1, chat_id = $1 WHERE id = $2`, telegramID, pegawaiID); err != nil {
		t.Fatal(err)
	}
}

// nonSKP is a Non-SKP report of p's: one kegiatan, menit minutes long, on
// day (in December 2026 unless a month is given).
func nonSKP(p kinerja.Pegawai, day kinerja.Date, desc string, menit int, bukti ...string) kinerja.Aktivitas {
	if day.Year == 0 {
		day.Year, day.Month = 2026, time.December
	}
	return kinerja.Aktivitas{PegawaiID: p.ID, Tanggal: day, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: desc, Volume: 1, Satuan: "kegiatan", Menit: menit, Bukti: bukti}
}

// fileReport submits a through the store, as its author in the chat would.
func fileReport(t *testing.T, db *store.DB, a kinerja.Aktivitas) kinerja.Aktivitas {
	t.Helper()
	saved, err := db.SubmitAktivitas(context.Background(), a, a.PegawaiID)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// newReporter is newReportE2E with the staff member linked and the bot
// running (after setup, which may change e.cfg): their chat.
func newReporter(t *testing.T, setup ...func(e *e2e, f unitFixture)) (*e2e, unitFixture, *telegramtest.User) {
	t.Helper()
	e, f := newReportE2E(t)
	f.link(t, e.db)
	for _, s := range setup {
		s(e, f)
	}
	e.start()
	return e, f, e.tg.User(f.stafTelegram)
}

func newReportE2E(t *testing.T) (*e2e, unitFixture) {
	e := newE2E(t)
	e.clock.Set(reportNow)
	f := seedUnit(t, e.db, 7001)
	return e, f
}

// press presses the button labelled label on message m and waits for the
// callback to be answered.
func press(t *testing.T, u *telegramtest.User, m telegramtest.Message, label string) telegramtest.CallbackAnswer {
	t.Helper()
	btn, ok := m.Button(label)
	if !ok {
		var labels []string
		for _, b := range m.Buttons() {
			labels = append(labels, b.Text)
		}
		t.Fatalf("no button %q on %q (buttons %q)", label, m.Text, labels)
	}
	id := u.Press(m.ID, btn.CallbackData)
	if id == "" {
		t.Fatalf("could not press %q", label)
	}
	return answerOf(t, u, id)
}

// buttonStartingWith finds a button by the start of its label.
func buttonStartingWith(t *testing.T, m telegramtest.Message, prefix string) string {
	t.Helper()
	for _, b := range m.Buttons() {
		if strings.HasPrefix(b.Text, prefix) {
			return b.Text
		}
	}
	t.Fatalf("no button starting with %q on %q", prefix, m.Text)
	return ""
}

func keyboardLabels(u *telegramtest.User) []string {
	var out []string
	for _, row := range u.ReplyKeyboard() {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

type aktivitasRow struct {
	ID                   int64
	Tanggal              string
	Kategori, Status     string
	RHK, Indikator       int64
	Deskripsi, Satuan    string
	Volume               float64
	Menit, Version, Nbkt int
}

func reportsOf(t *testing.T, db *store.DB, pegawaiID int64) []aktivitasRow {
	t.Helper()
	return rowsOf[aktivitasRow](t, db, `
SELECT id, tanggal::text, kategori, status, coalesce(rhk_id,0), coalesce(indikator_id,0), deskripsi, satuan, volume::float8, menit, version, cardinality(bukti)
FROM aktivitas WHERE pegawai_id = $1 ORDER BY id`, pegawaiID)
}

func TestE2EOnboardingByPhone(t *testing.T) {
	e, f := newReportE2E(t)
	e.start()
	u := e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"))

	u.SendCommand("/start")
	expect(t, u, "Bagikan nomor HP")
	kb := u.ReplyKeyboard()
	if len(kb) != 1 || !kb[0][0].RequestContact {
		t.Fatalf("the welcome offers a contact button: %+v", kb)
	}
	// Someone else's contact is refused.
	u.SendContact(f.stafPhoneAsTyped, 424242)
	expect(t, u, "kontak orang lain tidak dapat dipakai")
	// A number not on the roster.
	u.SendContact("0899-0000-1111", u.ID())
	expect(t, u, "tidak ditemukan pada data kepegawaian aktif")
	// Their own number, as the phone formats it: linked.
	u.SendContact(f.stafPhoneAsTyped, u.ID())
	m := expect(t, u, "berhasil terhubung")
	for _, want := range []string{"Sari Wulandari", f.staf.NIP, "Dinas Komunikasi", "Dr. Agus Prasetyo"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("welcome lacks %q: %q", want, m.Text)
		}
	}
	expect(t, u, "Gunakan menu di bawah")
	if got := strings.Join(keyboardLabels(u), "|"); got != "📝 Lapor|📋 Riwayat|📊 Nilai|⚙️ Pengaturan" {
		t.Fatalf("main menu = %q", got)
	}
	// /start again shows the menu again; a contact now changes nothing.
	u.SendCommand("/start")
	expect(t, u, "Selamat datang kembali, Bapak/Ibu Sari Wulandari")
	u.SendContact(f.stafPhoneAsTyped, u.ID())
	expect(t, u, "sudah terhubung atas nama Sari Wulandari")

	// Another account with the same phone: the NIP is taken.
	other := e.tg.User(7002)
	other.SendContact(f.stafPhone, other.ID())
	expect(t, other, "sudah terhubung dengan akun Telegram lain")

	var tg int64
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT telegram_id FROM pegawai WHERE id = $1`, f.staf.ID).Scan(&tg); err != nil || tg != f.stafTelegram {
		t.Fatalf("telegram_id = %d, %v", tg, err)
	}
	var audits int
	_ = e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'account_linked' AND entity_id = $1`, f.staf.ID).Scan(&audits)
	if audits != 1 {
		t.Fatalf("%d link audits, want 1", audits)
	}
}

func TestE2EOnboardingByInvite(t *testing.T) {
	e, f := newReportE2E(t)
	e.start()
	ctx := context.Background()
	payload, _, err := e.db.CreateInvite(ctx, f.staf.NIP, 14*24*time.Hour, 0)
	if err != nil {
		t.Fatal(err)
	}
	u := e.tg.User(f.stafTelegram)
	u.SendCommand("/start", "tidak-ada-undangan-seperti-ini")
	expect(t, u, "Tautan undangan tidak dikenali")
	u.SendCommand("/start", payload)
	expect(t, u, "berhasil terhubung")
	expect(t, u, "Gunakan menu di bawah")

	// The same invitation from another account: used.
	other := e.tg.User(7003)
	other.SendCommand("/start", payload)
	expect(t, other, "sudah pernah dipakai")

	// An invitation for someone else, opened by an account already linked.
	p2 := storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Rina", UnitID: f.unit, AtasanID: f.kepala.ID})
	pay2, _, err := e.db.CreateInvite(ctx, p2.NIP, time.Hour, 0)
	if err != nil {
		t.Fatal(err)
	}
	u.SendCommand("/start", pay2)
	expect(t, u, "sudah terhubung dengan pegawai lain. Hanya admin")
	expect(t, u, "Selamat datang kembali") // a linked person keeps their link and their menu
	other.SendCommand("/start", pay2)
	expect(t, other, "berhasil terhubung")
}

func pngBytes() []byte {
	// A 1×1 PNG.
	return []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
		0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
		0x00, 0x05, 0x00, 0x01, 0xe9, 0xfa, 0xdc, 0xd8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
		0xae, 0x42, 0x60, 0x82}
}

func TestE2EFullReportWithEvidence(t *testing.T) {
	e, f, u := newReporter(t)

	// The whole report, with bad input at every step: each is explained,
	// and the question asked again.
	d := report{open: "📝 Lapor", // the main-menu button
		rhk: "U2 ", indikator: "Notulen rapat (dokumen)", desc: "Menyusun notulen rapat koordinasi SPBE", volume: "2",
		minutes: "08.00-09.30", evidence: []file{photo("foto rapat"), pdf("notulen.pdf", "%PDF-1.4 notulen")},
		asks: map[step]string{stepDescription: "Tuliskan uraian kegiatan", stepVolume: "dalam dokumen", stepMinutes: "Berapa lama kegiatan ini"},
	}.start(t, u)
	// No keyboard of its own: whatever the chat showed stays.
	keyboard := strings.Join(keyboardLabels(u), "|")
	if strings.Contains(keyboard, "Kembali") {
		t.Fatalf("keyboard during the report = %q", keyboard)
	}
	// Typed dates: the future, and too far back, are refused with the reason.
	d.choose("Pilih tanggal lain", stepDate)
	d.wrongText("31/12", "belum tiba")
	d.wrongText("20/12", "mulai Jumat, 25-12-2026")
	if rhk := d.to(stepRHK); !strings.Contains(rhk.Text, "Laporan Senin, 28-12-2026") {
		t.Fatalf("the RHK question does not name the day: %q", rhk.Text)
	}
	d.wrongText("U2", "menekan salah satu tombol") // typing instead of choosing
	d.to(stepDescription)
	d.wrong(func(u *telegramtest.User) { u.SendPhoto("", []byte("not really a photo")) }, "dengan mengetik teks")
	d.wrongText("rpt", "terlalu pendek (3 karakter)")
	d.to(stepVolume)
	d.wrongText("sekitar dua", "") // the parser's own explanation
	d.wrongText("0", "")
	d.to(stepMinutes)
	d.wrongText("lama sekali", "")
	d.wrongText("10.00-09.00", "")
	d.to(stepSummary) // the two files, each answered with the summary
	d.wrongText("ini buktinya", "Tekan Kirim untuk mengajukan laporan")
	sum := d.to(stepSummary)
	for _, want := range []string{"Senin, 28-12-2026", "U2 Terselenggaranya rapat koordinasi", "Menyusun notulen rapat koordinasi SPBE", "2 dokumen", "90 menit", "2 berkas"} {
		if !strings.Contains(sum.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.Text)
		}
	}
	done := d.to(stepSent)
	if !strings.Contains(done.Text, "28-12-2026") || !strings.Contains(done.Text, "90 menit") {
		t.Fatalf("confirmation: %q", done.Text)
	}
	if got := strings.Join(keyboardLabels(u), "|"); got != keyboard {
		t.Fatalf("the keyboard changed after Kirim: %q", got)
	}
	eventually(t, "the summary to lose its buttons", func() bool {
		for _, m := range u.History() {
			if m.ID == sum.ID {
				b := m.Buttons()
				return len(b) == 1 && b[0].Text == "📝 Lapor lagi" // the confirmation's one button
			}
		}
		return false
	})
	rs := reportsOf(t, e.db, f.staf.ID)
	if len(rs) != 1 {
		t.Fatalf("%d reports, want 1", len(rs))
	}
	r := rs[0]
	if r.Tanggal != "2026-12-28" || r.Status != "diajukan" || r.RHK != f.rhkRapat || r.Indikator != f.indNotulen ||
		r.Satuan != "dokumen" || r.Volume != 2 || r.Menit != 90 || r.Nbkt != 2 || r.Version != 1 {
		t.Fatalf("report = %+v", r)
	}
	var audits int
	_ = e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE entity = 'aktivitas' AND entity_id = $1 AND action = 'ajukan'`, r.ID).Scan(&audits)
	if audits != 1 {
		t.Fatalf("%d audit rows for the submission", audits)
	}

	// The day's total: 660 − 90 = 570 minutes are left for 28 December.
	d = report{desc: "Apel pagi dan senam bersama", volume: "1", unit: "kegiatan", minutes: "10 jam"}.start(t, u)
	d.to(stepMinutes)
	d.refused(stepSummary, "Sudah dilaporkan 90 menit; sisa 570 menit")
	d.back(stepVolume)  // Kembali, typed
	u.SendText("Batal") // Batal, typed
	expect(t, u, "Proses laporan kegiatan dibatalkan")
	if got := strings.Join(keyboardLabels(u), "|"); got != keyboard {
		t.Fatalf("the keyboard changed after Batal: %q", got)
	}
	if n := len(reportsOf(t, e.db, f.staf.ID)); n != 1 {
		t.Fatalf("a cancelled report was written: %d rows", n)
	}
}

func TestE2EDayOffNeedsConfirmationAndChangeFromSummary(t *testing.T) {
	e, f, u := newReporter(t)
	d := report{date: "Jum 25-12", dayOff: "Ya, tetap laporkan", rhk: "T1 ", desc: "Mendampingi mahasiswa magang menyusun laporan",
		volume: "1,5 orang", minutes: "1,5 jam", asks: map[step]string{
			stepDayOff: "bukan hari kerja: hari libur (Hari Raya Natal)", // Christmas
			stepVolume: "Berapa volume hasilnya dan berapa lama? Ketik misalnya: 2 dokumen, 90 menit",
		}}.start(t, u)
	d.to(stepDayOff)
	d.choose("Pilih tanggal lain", stepDate)
	d.r.date, d.r.asks[stepDayOff] = "Kemarin", "bukan hari kerja: akhir pekan" // a Sunday
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Minggu, 27-12-2026") || !strings.Contains(sum.Text, "1,5 orang") || !strings.Contains(sum.Text, "90 menit") {
		t.Fatalf("summary: %s", sum.Text)
	}
	// Change the duration from the summary: back to the summary afterwards.
	d.r.minutes = "45 menit"
	d.change("Durasi")
	sum = d.to(stepSummary)
	if !strings.Contains(sum.Text, "45 menit") || !strings.Contains(sum.Text, "1,5 orang") {
		t.Fatalf("summary after the change: %s", sum.Text)
	}
	d.to(stepSent)
	rs := reportsOf(t, e.db, f.staf.ID)
	if len(rs) != 1 || rs[0].Tanggal != "2026-12-27" || rs[0].Menit != 45 || rs[0].RHK != f.rhkTanpaSatuan || rs[0].Volume != 1.5 || rs[0].Satuan != "orang" {
		t.Fatalf("reports = %+v", rs)
	}
}

func TestE2EReportSurvivesARestart(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	stop := e.start()
	u := e.tg.User(f.stafTelegram)
	d := report{rhk: "U1 ", desc: "Menyusun laporan kinerja bulan Desember", volume: "1", minutes: "2 jam",
		asks: map[step]string{stepVolume: "dalam laporan"}}.start(t, u)
	d.to(stepVolume)
	stop()

	// A new process picks up exactly where the user was.
	e.start()
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Menyusun laporan kinerja bulan Desember") || !strings.Contains(sum.Text, "1 laporan") {
		t.Fatalf("summary after restart: %s", sum.Text)
	}
	d.to(stepSent)
	if rs := reportsOf(t, e.db, f.staf.ID); len(rs) != 1 || rs[0].Menit != 120 {
		t.Fatalf("reports = %+v", rs)
	}
}

func TestE2ETwoDevicesRacingOnKirim(t *testing.T) {
	e, f, u := newReporter(t)
	d := report{rhk: "Tugas tambahan", desc: "Menjadi narasumber sosialisasi"}.start(t, u)
	sum := d.to(stepSummary)
	btn, _ := sum.Button("✅ Kirim")
	// Phone and desktop press Kirim at the same moment.
	ids := make([]string, 2)
	atOnce(len(ids), func(i int) { ids[i] = u.Press(sum.ID, btn.CallbackData) })
	expired := 0
	for _, id := range ids {
		if strings.HasPrefix(answerOf(t, u, id).Text, "Tombol ini sudah tidak berlaku") {
			expired++
		}
	}
	d.edited(stepSent)
	if rs := reportsOf(t, e.db, f.staf.ID); len(rs) != 1 {
		t.Fatalf("%d reports from two presses, want 1", len(rs))
	}
	if expired != 1 {
		t.Fatalf("%d presses answered as expired, want 1", expired)
	}
}

func TestE2EReportInEnglish(t *testing.T) {
	_, _, u := newReporter(t, func(e *e2e, f unitFixture) {
		if _, err := e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, f.staf.ID); err != nil {
			t.Fatal(err)
		}
	})
	d := report{lang: "en", desc: "Flag ceremony", minutes: "30"}.start(t, u)
	d.to(stepDescription)
	d.wrongText("ok", "too short (2 characters)")
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Monday, 28-12-2026") || !strings.Contains(sum.Text, "30 minutes") {
		t.Fatalf("summary: %s", sum.Text)
	}
	d.to(stepSent)
}

func TestE2EHistoryEditAndWithdraw(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.startWith(func(o *runOptions) { o.noWorkers = true }) // decision notices would interleave with what this test reads
	ctx := context.Background()
	fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Rapat evaluasi layanan aduan", 60))
	a2 := fileReport(t, e.db, nonSKP(f.staf, kinerja.Date{Day: 28}, "Verifikasi data statistik sektoral", 120))
	// The head returns a2 with a reason.
	if _, err := e.db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: a2.ID, Version: 1, Action: kinerja.ActionKembalikan,
		Actor: kinerja.ActorAssessor, ActorID: f.kepala.ID, Reason: "Lampirkan daftar dataset"}); err != nil {
		t.Fatal(err)
	}

	u := e.tg.User(f.stafTelegram)
	u.SendText("📋 Riwayat")
	list := expect(t, u, "Laporan Desember 2026")
	if !strings.Contains(list.Text, "menunggu persetujuan") || !strings.Contains(list.Text, "dikembalikan untuk revisi") || !strings.Contains(list.Text, "180 menit") {
		t.Fatalf("list:\n%s", list.Text)
	}
	// Withdraw the first.
	press(t, u, list, "1")
	eventually(t, "the detail", func() bool {
		txt := messageText(u, list.ID)
		return strings.Contains(txt, "Status:") && strings.Contains(txt, "Rapat evaluasi layanan aduan")
	})
	detail := lastVersion(u, list.ID)
	press(t, u, detail, "↩️ Tarik")
	eventually(t, "the withdrawal question", func() bool { return strings.Contains(messageText(u, list.ID), "Tarik laporan") })
	press(t, u, lastVersion(u, list.ID), "Ya, tarik laporan")
	eventually(t, "the withdrawal", func() bool { return strings.Contains(messageText(u, list.ID), "telah ditarik") })

	// Fix and resubmit the returned one: its reason is shown.
	u.SendCommand("/riwayat")
	list = expect(t, u, "Laporan Desember 2026")
	press(t, u, list, "2")
	eventually(t, "the returned report's detail", func() bool {
		return strings.Contains(messageText(u, list.ID), "Alasan atasan: Lampirkan daftar dataset")
	})
	d := report{desc: "Verifikasi data statistik sektoral, daftar dataset terlampir"}.fix(t, u, lastVersion(u, list.ID))
	d.change("Uraian")
	d.to(stepSummary)
	if done := d.to(stepSent); !strings.Contains(done.Text, "Perubahan laporan tanggal Senin, 28-12-2026 terkirim") || !strings.Contains(done.Text, "120 menit") {
		t.Fatalf("confirmation: %q", done.Text)
	}

	rs := reportsOf(t, e.db, f.staf.ID)
	if len(rs) != 2 || rs[0].Status != "ditarik" || rs[1].Status != "diajukan" || rs[1].Version != 3 ||
		!strings.Contains(rs[1].Deskripsi, "terlampir") {
		t.Fatalf("reports = %+v", rs)
	}
	// Someone else's report cannot be opened with a forged button.
	intruder := e.tg.User(7009)
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Penyusup", UnitID: f.unit, TelegramID: 7009, ChatID: 7009})
	intruder.SendCommand("/riwayat")
	empty := expect(t, intruder, "Belum ada laporan")
	if ans := answerOf(t, intruder, intruder.PressRaw(empty.ID, "v1|rw|"+base36(a2.ID)+"|v|")); ans.Text != "Laporan tidak ditemukan." {
		t.Fatalf("forged open: %+v", ans)
	}
}

func lastVersion(u *telegramtest.User, id int) telegramtest.Message {
	for _, m := range u.History() {
		if m.ID == id {
			return m
		}
	}
	return telegramtest.Message{}
}

func base36(n int64) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{digits[n%36]}, b...)
		n /= 36
	}
	return string(b)
}

func TestE2EAnotherFlowKeepsTheReportAside(t *testing.T) {
	_, _, u := newReporter(t)
	d := report{date: "Kemarin", dayOff: "Ya, tetap laporkan", desc: "Piket layanan pengaduan akhir pekan", minutes: "3 jam"}.start(t, u)
	d.to(stepVolume)

	// Another flow starts: the report is kept aside, not dropped.
	u.SendCommand("/bahasa")
	ask := expect(t, u, "Pilih bahasa")
	press(t, u, ask, "Bahasa Indonesia")
	eventually(t, "the language confirmation", func() bool { return messageText(u, ask.ID) == "Bahasa diganti ke Bahasa Indonesia." })

	d.r.open = "📝 Lapor"
	d.r.asks[stepResume] = "Ada laporan yang belum selesai (tanggal Minggu, 27-12-2026)"
	d.reopen()
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Piket layanan pengaduan akhir pekan") || !strings.Contains(sum.Text, "Minggu, 27-12-2026") {
		t.Fatalf("the resumed report lost data: %s", sum.Text)
	}
	d.to(stepSent)

	// While a report is being filled in, /riwayat's Ubah does not replace it.
	report{}.start(t, u)
	u.SendCommand("/riwayat")
	list := expect(t, u, "Laporan Desember 2026")
	press(t, u, list, "1")
	eventually(t, "the detail", func() bool { return strings.Contains(messageText(u, list.ID), "Status:") })
	press(t, u, lastVersion(u, list.ID), "✏️ Ubah")
	expect(t, u, "Bapak/Ibu sedang mengisi laporan lain")
}
