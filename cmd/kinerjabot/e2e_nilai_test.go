package main

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/notify"
	"kinerjabot/store"
	"kinerjabot/telegramtest"
)

func TestE2ENilaiKenapaGrafikAndTeam(t *testing.T) {
	w := startDecisionWorld(t)
	a := fileReport(t, w.e.db, kinerja.Aktivitas{PegawaiID: w.f.staf.ID, Tanggal: kartuDay,
		Kategori: kinerja.KategoriRHK, RHKID: w.f.rhkLaporan, Deskripsi: "Laporan kinerja November", Volume: 1, Satuan: "laporan", Menit: 120})
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID})
	w.submit(t, 27, "Piket", 60)

	u := w.staff
	u.SendText("📊 Nilai")
	// December 2026: 23 weekdays, 24 and 25 December off → 21 days × 300.
	view := expect(t, u, "📊 Nilai Desember 2026 (indikatif)")
	for _, want := range []string{"Produktivitas sejauh ini: 1,9% — disetujui 120 dari target 6300 menit; 60 menit masih menunggu persetujuan",
		"U1 Tersusunnya laporan kinerja bulanan unit: 8,3%", "TPP komponen kinerja: proyeksi 0% bila laju ini bertahan"} {
		if !strings.Contains(view.Text, want) {
			t.Fatalf("/nilai lacks %q:\n%s", want, view.Text)
		}
	}
	press(t, u, view, "❓ Kenapa?")
	why := expect(t, u, "❓ Kenapa? Desember 2026 (indikatif)")
	for _, want := range []string{"300 menit × 21 hari = 6300 menit (libur/cuti: 24-12, 25-12)",
		"Sampai kemarin (17 hari kerja) diharapkan 5100 menit; disetujui 120 (1,9%), menunggu 60.",
		"U1 Jumlah laporan kinerja: 1/12 laporan = 8,3% ⚠️ kurang 10"} {
		if !strings.Contains(why.Text, want) {
			t.Fatalf("Kenapa? lacks %q:\n%s", want, why.Text)
		}
	}
	press(t, u, view, "📈 Grafik")
	for _, caption := range []string{"Menit kerja harian Desember 2026", "Capaian per RHK"} {
		m := expect(t, u, "")
		if !strings.Contains(m.Caption, caption) || len(m.Photo) == 0 {
			t.Fatalf("chart message %+v", m.Caption)
		}
		img, err := png.Decode(bytes.NewReader(m.Photo))
		if err != nil {
			t.Fatalf("the chart is not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 {
			t.Fatalf("chart %dx%d is too small for a phone", b.Dx(), b.Dy())
		}
	}
	press(t, u, view, "Triwulan")
	eventually(t, "the quarter", func() bool { return strings.Contains(messageText(u, view.ID), "triwulan 4 2026") })

	// The head sees the team, and each member's figures.
	k := w.kepala
	k.SendCommand("/nilai")
	own := expect(t, k, "📊 Nilai Desember 2026")
	press(t, k, own, "👥 Tim")
	team := expect(t, k, "Tim Bapak/Ibu — Desember 2026")
	if !strings.Contains(team.Text, "Sari Wulandari: 1,9% (120/6300 menit, 60 menunggu)") {
		t.Fatalf("team:\n%s", team.Text)
	}
	chart := next(t, k)
	if !strings.Contains(chart.Caption, "Produktivitas setiap anggota tim") || len(chart.Photo) == 0 {
		t.Fatalf("team chart: %+v", chart.Caption)
	}
	press(t, k, team, buttonStartingWith(t, team, "1"))
	expect(t, k, "📊 Nilai Desember 2026 — Sari Wulandari (indikatif)")

	// Someone else's figures with a forged button: refused.
	if got := pressData(t, u, view, "v1|nl|"+base36(w.f.kepala.ID)+"|m202612|"); got != "Bapak/Ibu hanya dapat melihat nilai sendiri dan nilai bawahan yang Bapak/Ibu nilai." {
		t.Fatalf("forged answered %q", got)
	}
}

// The head rates November once it has ended: the waiting report is decided
// first, then the figures, two ratings, feedback and a confirmation; the
// predikat follows the matrix, the period locks and the staff member is told.
func TestE2EPeriodRatingAndLock(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start() // with the workers: the rating notice is sent by one
	ctx := context.Background()
	w.greet(t, w.kepala, w.staff)
	nov := func(day int, desc string) kinerja.Aktivitas {
		return fileReport(t, w.e.db, nonSKP(w.f.staf, kinerja.Date{Year: 2026, Month: 11, Day: day}, desc, 60))
	}
	a := nov(27, "Rapat akhir November")
	back := nov(26, "Laporan yang dikembalikan")
	w.apply(t, store.ApplyRequest{AktivitasID: back.ID, Version: 1, Action: kinerja.ActionKembalikan,
		Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID, Reason: "Lengkapi uraian"})
	k := w.kepala
	// The 27th's card; the returned one's card goes out only when its job
	// ran before the decision (then it shows the decision): either way
	// only the 27th waits.
	if !waitForLong(func() bool {
		waiting := 0
		for _, m := range kartuCards(k) {
			if _, live := m.Button("Setujui"); live {
				waiting++
				if !strings.Contains(m.Text, "Jumat, 27-11-2026") {
					return false
				}
			}
		}
		return waiting == 1
	}) {
		t.Fatalf("cards %+v", kartuCards(k))
	}
	for { // past the cards, to what the next command answers
		if _, err := k.WaitMessage(300 * time.Millisecond); err != nil {
			break
		}
	}
	k.SendText("🏅 Penilaian")
	list := expect(t, k, "Penilaian periode November 2026")
	if !strings.Contains(list.Text, "Sari Wulandari — 1 laporan masih menunggu keputusan") {
		t.Fatalf("list:\n%s", list.Text)
	}
	press(t, k, list, buttonStartingWith(t, list, "Nilai 1."))
	expect(t, k, "masih 1 yang menunggu keputusan")
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID})
	k.SendCommand("/penilaian")
	list = expect(t, k, "Penilaian periode November 2026")
	press(t, k, list, buttonStartingWith(t, list, "Nilai 1."))
	expect(t, k, "📊 Nilai November 2026 — Sari Wulandari")
	q := answered(t, k, expect(t, k, "Rating Hasil Kerja Sari Wulandari"), "Di Atas Ekspektasi", "Rating Perilaku Kerja")
	answered(t, k, q, "Sesuai Ekspektasi", "Tuliskan umpan balik")
	k.SendText("Pertahankan ketepatan waktu laporan.")
	confirm := expect(t, k, "Simpan penilaian Sari Wulandari untuk November 2026?")
	if !strings.Contains(confirm.Text, "Predikat: Baik") {
		t.Fatalf("confirm:\n%s", confirm.Text)
	}
	answered(t, k, confirm, "✅ Simpan penilaian", "predikat Baik. Periode itu kini terkunci")

	// The staff member hears it, sees it in /nilai, and November is locked.
	var notice telegramtest.Message
	eventually(t, "the rating notice", func() bool {
		for _, m := range w.staff.History() {
			if m.FromBot && strings.Contains(m.Text, "telah memberi penilaian kinerja") {
				notice = m
				return true
			}
		}
		return false
	})
	if !strings.Contains(notice.Text, "Predikat: Baik") || !strings.Contains(notice.Text, "Pertahankan ketepatan waktu") {
		t.Fatalf("notice:\n%s", notice.Text)
	}
	if _, err := w.e.db.SubmitAktivitas(ctx, nonSKP(w.f.staf, kinerja.Date{Year: 2026, Month: 11, Day: 30}, "Terlambat", 30), w.f.staf.ID); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("a report in the locked month: %v", err)
	}
	var n int
	if err := w.e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'penilaian' AND entity_id = $1`, w.f.staf.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d rating audits, %v", n, err)
	}
	// In the chat: fixing the returned November report is refused, clearly.
	u := w.staff
	// Three notices came, in whatever order the workers sent them: the
	// return, the approval of the other report, and the rating.
	var ret telegramtest.Message
	for range 3 {
		if m := next(t, u); strings.Contains(m.Text, "dikembalikan untuk revisi") {
			ret = m
		}
	}
	u.SendCommand("/nilai")
	view := expect(t, u, "📊 Nilai Desember 2026")
	press(t, u, view, buttonStartingWith(t, view, "◀ November"))
	eventually(t, "November's predikat", func() bool {
		return strings.Contains(messageText(u, view.ID), "🏅 Predikat: Baik (ditetapkan atasan)")
	})
	report{}.fix(t, u, ret).stopped(stepSent, "Periode November 2026 Bapak/Ibu sudah dinilai dan dikunci") // said to the author (issue 15)
}

// When a month ends, every assessor — and a Plt/Plh whose delegation covers
// the day — is asked to rate their team, once, with a button to the list.
func TestE2ERatingsDueRequest(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.start()
	k := w.kepala
	w.greet(t, k, w.plhUser) // Telegram refuses a chat the user never started
	queue, err := river.NewClient(riverpgxv5.New(w.e.db.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	nov := kinerja.Date{Year: 2026, Month: 11, Day: 1}
	for range 2 { // planned twice (a second process, a restart): asked once
		if _, err := queue.Insert(context.Background(), jobs.RatingsDueJob{Periode: nov},
			&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
			t.Fatal(err)
		}
	}
	req := expect(t, k, "Periode November 2026 telah berakhir. 1 pegawai tim Bapak/Ibu menunggu penilaian")
	press(t, k, req, "Buka daftar penilaian")
	expect(t, k, "Penilaian periode November 2026")
	kartuJobsDone(t, w.e.db)
	n := 0
	for _, m := range k.History() {
		if m.FromBot && strings.Contains(m.Text, "telah berakhir") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d rating requests, want 1", n)
	}
	// The Plh (2026-12-28 to 29, today is the 28th) is asked too, and the
	// list they open is the delegated team.
	plh := w.plhUser
	preq := expect(t, plh, "Periode November 2026 telah berakhir. 1 pegawai tim Bapak/Ibu menunggu penilaian")
	press(t, plh, preq, "Buka daftar penilaian")
	expect(t, plh, "Penilaian periode November 2026")
	// The staff member, who is nobody's atasan, is not asked.
	for _, m := range w.staff.History() {
		if m.FromBot && strings.Contains(m.Text, "telah berakhir") {
			t.Fatalf("staff asked to rate: %q", m.Text)
		}
	}
	// The schedule: 08:00 WIB on the first day of the next month.
	wib := w.e.cfg.Location
	s := notify.MonthlyRatingSchedule{Location: wib}
	if got := s.Next(time.Date(2026, 11, 30, 23, 0, 0, 0, wib)); !got.Equal(time.Date(2026, 12, 1, 8, 0, 0, 0, wib)) {
		t.Fatalf("next run %v", got)
	}
	if got := s.Next(time.Date(2026, 12, 1, 8, 0, 0, 0, wib)); !got.Equal(time.Date(2027, 1, 1, 8, 0, 0, 0, wib)) {
		t.Fatalf("next run after a run %v", got)
	}
}

// With RATING_PERIOD=triwulan, supervisors rate the last ended quarter and
// the whole quarter locks.
func TestE2EQuarterlyRating(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.cfg.RatingQuarterly = true
	w.start()
	ctx := context.Background()
	k := w.kepala
	k.SendCommand("/penilaian")
	list := expect(t, k, "Penilaian periode triwulan 3 2026")
	press(t, k, list, buttonStartingWith(t, list, "Nilai 1."))
	expect(t, k, "📊 Nilai triwulan 3 2026 — Sari Wulandari")
	q := answered(t, k, expect(t, k, "Rating Hasil Kerja"), "Sesuai Ekspektasi", "Rating Perilaku Kerja")
	q = answered(t, k, q, "Sesuai Ekspektasi", "Tuliskan umpan balik")
	q = answered(t, k, q, "Lewati", "Simpan penilaian Sari Wulandari untuk triwulan 3 2026?")
	answered(t, k, q, "✅ Simpan penilaian", "predikat Baik")
	if _, err := w.e.db.SubmitAktivitas(ctx, nonSKP(w.f.staf, kinerja.Date{Year: 2026, Month: 8, Day: 3}, "Agustus", 30), w.f.staf.ID); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("a report in the locked quarter: %v", err)
	}
	if _, err := w.e.db.SubmitAktivitas(ctx, nonSKP(w.f.staf, kinerja.Date{Year: 2026, Month: 10, Day: 5}, "Oktober", 30), w.f.staf.ID); err != nil {
		t.Fatalf("the next quarter is open: %v", err)
	}
}

// Why? in English writes every figure with a decimal point — the target
// of an indikator as well as its realisation — and scores are rounded half
// up to one decimal.
func TestE2ENilaiWhyInEnglishWritesDecimalPoints(t *testing.T) {
	w := newDecisionWorld(t)
	if _, err := w.e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, w.f.staf.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.db.Pool.Exec(context.Background(), `UPDATE indikator SET target_min = 2.5, target_max = 2.5 WHERE rhk_id = $1`, w.f.rhkLaporan); err != nil {
		t.Fatal(err)
	}
	w.start()
	a := fileReport(t, w.e.db, kinerja.Aktivitas{PegawaiID: w.f.staf.ID, Tanggal: kartuDay,
		Kategori: kinerja.KategoriRHK, RHKID: w.f.rhkLaporan, Deskripsi: "Laporan kinerja November", Volume: 1.5, Satuan: "laporan", Menit: 120})
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID})
	u := w.staff
	u.SendCommand("/nilai")
	view := expect(t, u, "📊 Scores December 2026 (indicative)")
	press(t, u, view, "❓ Why?")
	// 1.5 of 2.5 is 60 %; 120 of 6300 minutes is 1.90… %, shown 1.9.
	why := expect(t, u, "❓ Why? December 2026 (indicative)")
	for _, want := range []string{"1.5/2.5 laporan = 60%", "120 approved (1.9%)"} {
		if !strings.Contains(why.Text, want) {
			t.Fatalf("Why? lacks %q:\n%s", want, why.Text)
		}
	}
	if strings.Contains(why.Text, "2,5") {
		t.Fatalf("a decimal comma in English:\n%s", why.Text)
	}
}

// Issue 15, item 1: a month is rated only after its validation deadline
// (until then its reports can still be filed and decided): /penilaian on 3
// December says from when November can be rated, and the request comes the
// morning after the deadline.
func TestE2ERatingOpensAfterTheValidationDeadline(t *testing.T) {
	w := newDecisionWorld(t)
	w.e.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, w.e.cfg.Location))
	w.start()
	w.greet(t, w.kepala)
	w.kepala.SendCommand("/penilaian")
	expect(t, w.kepala, "Penilaian November 2026 dapat diberikan mulai Minggu, 06-12-2026")
	s := notify.MonthlyRatingSchedule{Location: w.e.cfg.Location, Day: 6}
	if got := s.Next(time.Date(2026, 12, 1, 8, 0, 0, 0, w.e.cfg.Location)); !got.Equal(time.Date(2026, 12, 6, 8, 0, 0, 0, w.e.cfg.Location)) {
		t.Fatalf("the rating request's next run %v", got)
	}
}

// approveOn approves a as the head on the business date today.
func (w *decisionWorld) approveOn(t *testing.T, a kinerja.Aktivitas, today kinerja.Date) {
	t.Helper()
	if _, err := w.e.db.ApplyAktivitas(context.Background(), store.ApplyRequest{AktivitasID: a.ID, Version: a.Version,
		Action: kinerja.ActionSetujui, Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID, Today: today}); err != nil {
		t.Fatalf("approve %d: %v", a.ID, err)
	}
}

// fileOn files a as its author on day (December 2026) at 16.00, the bot's
// clock set to that afternoon (the back-date window is the store's).
func (w *decisionWorld) fileOn(t *testing.T, day int, a kinerja.Aktivitas) kinerja.Aktivitas {
	t.Helper()
	a.PegawaiID, a.Tanggal = w.f.staf.ID, kinerja.Date{Year: 2026, Month: time.December, Day: day}
	w.e.clock.Set(time.Date(2026, 12, day, 16, 0, 0, 0, w.e.cfg.Location))
	return fileReport(t, w.e.db, a)
}

// Issue 15, "figures that help": on 3 December the month has just begun.
// /nilai judges the minutes against the two working days gone by (not the
// month's 6300), says where the month is heading, and gives the TPP band as
// a projection; whoever is behind that pace is told by how much. November,
// a closed month, keeps its final figures.
func TestE2ENilaiEarlyMonthShowsThePace(t *testing.T) {
	w := newDecisionWorld(t)
	ctx := context.Background()
	if _, err := w.e.db.Pool.Exec(ctx, `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, w.f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	dec3 := kinerja.Date{Year: 2026, Month: time.December, Day: 3}
	// Sari worked 300 minutes on Tuesday 1 and Wednesday 2 December; the
	// head has approved the first so far.
	d1 := w.fileOn(t, 1, nonSKP(w.f.staf, kinerja.Date{}, "Menyusun bahan rapat", 300))
	d2 := w.fileOn(t, 2, nonSKP(w.f.staf, kinerja.Date{}, "Mengolah data layanan", 300))
	w.e.clock.Set(time.Date(2026, 12, 3, 10, 0, 0, 0, w.e.cfg.Location))
	w.approveOn(t, d1, dec3)
	w.start()

	u := w.staff
	u.SendCommand("/nilai")
	view := expect(t, u, "📊 Nilai Desember 2026")
	for _, want := range []string{
		"Sesuai laju bila 300 menit yang menunggu disetujui",
		"sampai kemarin 2 hari kerja, diharapkan 600 menit",
		"Dengan laju ini, akhir Desember 2026 ±6300 menit dari target 6300",
		"TPP komponen kinerja: proyeksi 100%",
	} {
		if !strings.Contains(view.Text, want) {
			t.Errorf("/nilai on 3 December lacks %q:\n%s", want, view.Text)
		}
	}
	for _, alarm := range []string{"Tertinggal", "(indikatif): 0%"} {
		if strings.Contains(view.Text, alarm) {
			t.Errorf("/nilai on 3 December says %q to someone on pace:\n%s", alarm, view.Text)
		}
	}

	// Once the second day is approved: on pace, plainly.
	w.approveOn(t, d2, dec3)
	u.SendCommand("/nilai")
	view = expect(t, u, "📊 Nilai Desember 2026")
	if !strings.Contains(view.Text, "✅ Sesuai laju: sampai kemarin 2 hari kerja, diharapkan 600 menit") {
		t.Errorf("/nilai on pace:\n%s", view.Text)
	}

	// The head, who reads English, has reported nothing: behind the pace,
	// by the two days' minutes, not by the month's.
	k := w.kepala
	k.SendCommand("/nilai")
	own := expect(t, k, "📊 Scores December 2026")
	for _, want := range []string{"⚠️ Behind the pace: by yesterday, 2 working days, 600 minutes were expected; 600 minutes short.",
		"TPP performance component: projected 0%"} {
		if !strings.Contains(own.Text, want) {
			t.Errorf("the head's /nilai lacks %q:\n%s", want, own.Text)
		}
	}

	// November has ended: its final figures, no pace and no projection.
	press(t, u, view, "◀ November 2026")
	var nov string
	eventually(t, "November's figures", func() bool {
		nov = messageText(u, view.ID)
		return strings.Contains(nov, "Nilai November 2026")
	})
	for _, want := range []string{"Produktivitas: 0% — disetujui 0 dari target 6300 menit", "⚠️ Tertinggal dari target.", "TPP komponen kinerja (indikatif): 0%"} {
		if !strings.Contains(nov, want) {
			t.Errorf("November lacks %q:\n%s", want, nov)
		}
	}
	if strings.Contains(nov, "laju") || strings.Contains(nov, "proyeksi") {
		t.Errorf("a closed month shows a pace:\n%s", nov)
	}
}

// kenapaWorld is a realistic staff member on Wednesday 16 December 2026:
// five RHK (one with two indikator, one with none), ten days of approved
// reports (2940 minutes: 46.67 % of 6300) and one still waiting.
func kenapaWorld(t *testing.T, lang string) *decisionWorld {
	t.Helper()
	w := newDecisionWorld(t)
	ctx := context.Background()
	db := w.e.db
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.Pool.Exec(ctx, `UPDATE pegawai SET bahasa = $1 WHERE id = $2`, lang, w.f.staf.ID)
	must(err)
	var skp, u3, t2 int64
	must(db.Pool.QueryRow(ctx, `SELECT skp_id FROM rhk WHERE id = $1`, w.f.rhkLaporan).Scan(&skp))
	must(db.Pool.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'U3', 'utama', 'Tertanganinya pengaduan layanan publik') RETURNING id`, skp).Scan(&u3))
	_, err = db.Pool.Exec(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan, agregasi) VALUES ($1, 'Pengaduan ditindaklanjuti', 90, 90, '%', 'terakhir')`, u3)
	must(err)
	must(db.Pool.QueryRow(ctx, `INSERT INTO rhk (skp_id, kode, jenis, teks) VALUES ($1, 'T2', 'tambahan', 'Narasumber literasi digital') RETURNING id`, skp).Scan(&t2))
	_, err = db.Pool.Exec(ctx, `INSERT INTO indikator (rhk_id, teks, target_min, target_max, satuan) VALUES ($1, 'Kegiatan literasi', 2, 2, 'kegiatan')`, t2)
	must(err)
	rhk := func(id, ind int64, desc string, volume float64, satuan string) kinerja.Aktivitas {
		return kinerja.Aktivitas{Kategori: kinerja.KategoriRHK, RHKID: id, IndikatorID: ind, Deskripsi: desc, Volume: volume, Satuan: satuan, Menit: 294}
	}
	plain := func(desc string) kinerja.Aktivitas { return nonSKP(w.f.staf, kinerja.Date{}, desc, 294) }
	days := []struct {
		day int
		a   kinerja.Aktivitas
	}{
		{1, rhk(w.f.rhkLaporan, 0, "Laporan kinerja November", 1, "laporan")},
		{2, rhk(w.f.rhkRapat, w.f.indNotulen, "Notulen rapat koordinasi", 2, "dokumen")},
		{3, rhk(u3, 0, "Rekap tindak lanjut pengaduan", 85, "%")},
		{4, rhk(t2, 0, "Narasumber literasi digital SMP 3", 1, "kegiatan")},
		{7, plain("Piket layanan")},
		{8, rhk(t2, 0, "Narasumber literasi digital SMA 1", 1, "kegiatan")},
		{9, rhk(t2, 0, "Narasumber literasi digital SMK 2", 1, "kegiatan")},
		{10, rhk(w.f.rhkRapat, w.f.indDaftarHadir, "Daftar hadir rapat", 1, "berkas")},
		{11, plain("Pendampingan mahasiswa magang")},
		{14, plain("Pemutakhiran data")},
	}
	for _, d := range days {
		a := w.fileOn(t, d.day, d.a)
		w.approveOn(t, a, a.Tanggal)
	}
	w.fileOn(t, 15, nonSKP(w.f.staf, kinerja.Date{}, "Rapat evaluasi", 300)) // waits
	w.e.clock.Set(time.Date(2026, 12, 16, 10, 0, 0, 0, w.e.cfg.Location))
	w.start()
	return w
}

// Issue 15, "figures that help": Kenapa? of a person with several RHK fits
// in about 700 characters, shows every figure as /nilai does (46.67 % is
// 46,7 in both, never 46,66), drops formulas nobody can act on, and says
// what to do: how many minutes a working day keep or reach a TPP band.
func TestE2ENilaiKenapaIsShortAndSaysWhatToDo(t *testing.T) {
	for _, tt := range []struct {
		lang, view, why, figure, notFigure string
		want                               []string
	}{
		{"id", "📊 Nilai Desember 2026", "❓ Kenapa?", "46,7%", "46,66", []string{
			"menit per hari kerja", "10 hari kerja tersisa", "150%", "dihitung 120%", "kurang", "24-12, 25-12"}},
		{"en", "📊 Scores December 2026", "❓ Why?", "46.7%", "46.66", []string{
			"minutes per working day", "10 working days left", "150%", "counted as 120%", "short", "24-12, 25-12"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := kenapaWorld(t, tt.lang)
			u := w.staff
			u.SendCommand("/nilai")
			view := expect(t, u, tt.view)
			if !strings.Contains(view.Text, tt.figure) {
				t.Fatalf("/nilai lacks %s:\n%s", tt.figure, view.Text)
			}
			press(t, u, view, tt.why)
			why := next(t, u)
			t.Logf("Kenapa? (%d characters):\n%s", textLength(why.Text), why.Text)
			if n := textLength(why.Text); n > 700 {
				t.Errorf("Kenapa? is %d characters, want at most 700", n)
			}
			if !strings.Contains(why.Text, tt.figure) || strings.Contains(why.Text, tt.notFigure) {
				t.Errorf("Kenapa? does not read %s as /nilai does (or also reads %s)", tt.figure, tt.notFigure)
			}
			for _, want := range tt.want {
				if !strings.Contains(why.Text, want) {
					t.Errorf("Kenapa? lacks %q", want)
				}
			}
			for _, noise := range []string{"× 100", " ≥ ", "Perwal", "<no value>"} {
				if strings.Contains(why.Text, noise) {
					t.Errorf("Kenapa? still shows %q", noise)
				}
			}
		})
	}
}

// textLength is a text's length as Telegram counts it (UTF-16 code units).
func textLength(s string) int { return len(utf16.Encode([]rune(s))) }
