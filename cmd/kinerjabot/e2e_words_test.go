package main

// Issue 15, "Words": what people read says things in their language, in
// one register and one set of terms, and names things the way they do.

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// wantKeys checks that u's reply keyboard is exactly want, in order.
func wantKeys(t *testing.T, u *telegramtest.User, want ...string) {
	t.Helper()
	if got := keyboardLabels(u); !slices.Equal(got, want) {
		t.Fatalf("reply keyboard %q, want %q", got, want)
	}
}

// Item 1: changing the language gives the main menu in the new language at
// once (from /bahasa and from /pengaturan); the keys of either language
// work as their commands.
func TestE2EWordsLanguageChangeGivesTheMenuInIt(t *testing.T) {
	w := startDecisionWorld(t)
	u := w.staff
	chat(t, u, script{{"/start", "Selamat datang kembali"}})
	idKeys := []string{"📝 Lapor", "📋 Riwayat", "📊 Nilai", "⚙️ Pengaturan"}
	enKeys := []string{"📝 Report", "📋 History", "📊 Scores", "⚙️ Settings"}
	wantKeys(t, u, idKeys...)

	u.SendCommand("/bahasa")
	ask := expect(t, u, "Pilih bahasa")
	press(t, u, ask, "English")
	eventually(t, "the confirmation", func() bool { return messageText(u, ask.ID) == "Language changed to English." })
	expect(t, u, "The main menu is below.")
	wantKeys(t, u, enKeys...)
	// Both languages' keys stand for their commands.
	chat(t, u, script{
		{"📋 History", "No reports in December 2026 yet."},
		{"📋 Riwayat", "No reports in December 2026 yet."},
	})

	// Back to Indonesian in /pengaturan: the screen and the menu follow.
	u.SendText("⚙️ Settings")
	m := expect(t, u, "⚙️ Settings")
	m = pressEdits(t, u, m, "🌐 Language", "Choose your language")
	pressEdits(t, u, m, "Bahasa Indonesia", "Bahasa diganti ke Bahasa Indonesia.")
	expect(t, u, "Menu utama ditampilkan di bawah.")
	wantKeys(t, u, idKeys...)

	// A supervisor's menu has their keys in English too.
	k := w.kepala
	press(t, k, chat(t, k, script{{"/bahasa", "Pilih bahasa"}}), "English")
	expect(t, k, "The main menu is below.")
	wantKeys(t, k, "📝 Report", "📋 History", "📊 Scores", "✅ Approvals", "🏅 Ratings", "⚙️ Settings")
	chat(t, k, script{{"✅ Approvals", "No reports are waiting for your approval."}})
}

// indonesianWords are words of the Indonesian interface that an English
// reader should not meet (names, units and descriptions people typed are
// theirs, and commands stay Indonesian).
var indonesianWords = regexp.MustCompile(`(?i)(^|[^/\pL_])(jam|menit|mnt|dokumen|laporan|kegiatan|berkas|predikat|lapor|riwayat|nilai|persetujuan|penilaian|pengaturan)([^\pL_]|$)`)

// Item 2: an English reader meets no Indonesian words: examples of amounts
// and durations, the predikat, the menu.
func TestE2EWordsEnglishReaderMeetsNoIndonesian(t *testing.T) {
	_, _, u := newReporter(t, func(e *e2e, f unitFixture) {
		if _, err := e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, f.staf.ID); err != nil {
			t.Fatal(err)
		}
	})
	chat(t, u, script{{"/start", "Welcome back"}})
	d := report{lang: "en", separate: true, desc: "Drafted the minutes of the coordination meeting", volume: "2 documents", minutes: "1 hour 30 min"}.start(t, u)
	d.to(stepDescription)
	d.to(stepVolume)
	d.wrongText("many", "")
	d.to(stepMinutes)
	d.wrongText("a while", "could not be read")
	sum := d.to(stepSummary)
	if !strings.Contains(sum.Text, "Volume: 2 documents") || !strings.Contains(sum.Text, "90 minutes") {
		t.Fatalf("summary:\n%s", sum.Text)
	}
	d.to(stepSent)
	chat(t, u, script{
		{"/nilai", "📊 Scores December 2026"},
		{"/bantuan", "Available commands"},
	})
	// What the staff member's SKP says is theirs, in its words.
	data := []string{"Tersusunnya laporan kinerja bulanan unit", "Terselenggaranya rapat koordinasi", "Pendampingan magang mahasiswa",
		"Jumlah laporan kinerja", "Notulen rapat", "Daftar hadir"}
	for _, m := range u.History() {
		if !m.FromBot {
			continue
		}
		text := m.Text
		for _, s := range data {
			text = strings.ReplaceAll(text, s, "")
		}
		if w := indonesianWords.FindString(text); w != "" {
			t.Errorf("an English reader reads %q in:\n%s", strings.TrimSpace(w), m.Text)
		}
	}
}

// Item 3: /bantuan lists what its reader can use: supervisors' commands
// for supervisors, admins' for admins, linking for someone not linked.
func TestE2EWordsHelpListsWhatTheReaderCanUse(t *testing.T) {
	w := newDecisionWorld(t)
	storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Admin OPD", UnitID: w.f.unit, TelegramID: 7400, ChatID: 7400,
		Roles: []kinerja.Role{kinerja.RolePegawai, kinerja.RoleAdminOPD}})
	w.start()
	help := func(u *telegramtest.User) string {
		t.Helper()
		u.SendCommand("/bantuan")
		return expect(t, u, "Perintah yang tersedia").Text
	}
	check := func(who, text string, has, hasNot []string) {
		t.Helper()
		for _, c := range has {
			if !strings.Contains(text, c+" ") {
				t.Errorf("%s: /bantuan lacks %s:\n%s", who, c, text)
			}
		}
		for _, c := range hasNot {
			if strings.Contains(text, c+" ") {
				t.Errorf("%s: /bantuan offers %s:\n%s", who, c, text)
			}
		}
	}
	staff := []string{"/lapor", "/riwayat", "/nilai", "/pengaturan"}
	boss := []string{"/persetujuan", "/penilaian"}
	admins := []string{"/rekap", "/delegasi"}
	check("staff", help(w.staff), staff, append(boss, admins...))
	check("supervisor", help(w.kepala), append(staff, boss...), admins)
	check("admin", help(w.e.tg.User(7400)), append(staff, admins...), boss)
	stranger := help(w.e.tg.User(7500))
	check("not linked", stranger, []string{"/start", "/bahasa"}, append(append(staff, boss...), admins...))
}

// Item 4: a period is named, not coded: a rating refused because someone
// else rated the month first names the month ("November 2026", not
// "11-2026").
func TestE2EWordsPeriodIsNamed(t *testing.T) {
	w := startDecisionWorld(t)
	k := w.kepala
	k.SendText("🏅 Penilaian")
	list := expect(t, k, "Penilaian periode November 2026")
	press(t, k, list, buttonStartingWith(t, list, "Nilai 1."))
	expect(t, k, "📊 Nilai November 2026 — Sari Wulandari")
	q := answered(t, k, expect(t, k, "Rating Hasil Kerja Sari Wulandari"), "Sesuai Ekspektasi", "Rating Perilaku Kerja")
	q = answered(t, k, q, "Sesuai Ekspektasi", "Tuliskan umpan balik")
	confirm := answered(t, k, q, "Lewati", "Simpan penilaian Sari Wulandari untuk November 2026?")
	// Meanwhile the Plh rates November.
	if _, err := w.e.db.RatePeriod(context.Background(), store.RatingRequest{PegawaiID: w.f.staf.ID,
		Periode: kinerja.Date{Year: 2026, Month: 11, Day: 1}, Hasil: kinerja.RatingSesuai, Perilaku: kinerja.RatingSesuai,
		ActorID: w.plh.ID, Today: kartuDay}); err != nil {
		t.Fatal(err)
	}
	got := answered(t, k, confirm, "✅ Simpan penilaian", "sudah dinilai")
	if !strings.Contains(got.Text, "Periode November 2026 pegawai ini sudah dinilai oleh Ir. Rudi Hartono") || strings.Contains(got.Text, "11-2026") {
		t.Fatalf("refusal: %q", got.Text)
	}
}

// Item 5: a name ending in an academic title's stop ends a sentence with
// one stop.
func TestE2EWordsOneStopAfterATitle(t *testing.T) {
	e := newE2E(t)
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Dewi Lestari, S.Kom.", TelegramID: 8001, ChatID: 8001})
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi Santoso, M.Kom.", TelegramID: 8002, ChatID: 8002, Bahasa: "en"})
	e.start()
	dewi, budi := e.tg.User(8001), e.tg.User(8002)
	dewi.SendCommand("/start")
	if m := expect(t, dewi, "Selamat datang kembali, Bapak/Ibu Dewi Lestari, S.Kom.\n"); strings.Contains(m.Text, "..") {
		t.Fatalf("two stops: %q", m.Text)
	}
	budi.SendCommand("/start")
	if m := expect(t, budi, "Welcome back, Budi Santoso, M.Kom.\n"); strings.Contains(m.Text, "..") {
		t.Fatalf("two stops: %q", m.Text)
	}
}

// Item 6: RHKs that start alike are told apart on the /lapor buttons: the
// words they all share give way to the words that differ.
func TestE2EWordsRHKButtonsShowWhatDiffers(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	ctx := context.Background()
	for id, teks := range map[int64]string{
		f.rhkLaporan:     "Terlaksananya pelayanan administrasi kependudukan di Kelurahan Tugurejo",
		f.rhkTanpaSatuan: "Terlaksananya pelayanan administrasi kependudukan di Kelurahan Mangkang Wetan",
		f.rhkRapat:       "Terlaksananya pelayanan administrasi kependudukan di Kelurahan Wonosari",
	} {
		if _, err := e.db.Pool.Exec(ctx, `UPDATE rhk SET teks = $1 WHERE id = $2`, teks, id); err != nil {
			t.Fatal(err)
		}
	}
	e.start()
	u := e.tg.User(f.stafTelegram)
	u.SendCommand("/lapor")
	list := expect(t, u, "RHK yang mana")
	var labels []string
	for _, b := range list.Buttons() {
		if strings.HasPrefix(b.Text, "U") || strings.HasPrefix(b.Text, "T1") {
			labels = append(labels, b.Text)
			if n := len(b.Text); n > 64 {
				t.Errorf("button %q is %d bytes", b.Text, n)
			}
		}
	}
	mustHave := map[string]string{"U1 ": "Tugurejo", "T1 ": "Mangkang Wetan", "U2 ": "Wonosari"}
	for prefix, place := range mustHave {
		found := false
		for _, l := range labels {
			if strings.HasPrefix(l, prefix) {
				found = true
				if !strings.Contains(l, place) {
					t.Errorf("button %q does not name %s", l, place)
				}
			}
		}
		if !found {
			t.Errorf("no button for %s in %q", prefix, labels)
		}
	}
}
