package notify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"kinerjabot/bot"
	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
	"kinerjabot/reminders"
)

// testRenderer renders replies the way the bot does, in Jakarta time.
func testRenderer(t *testing.T) *bot.Renderer {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return bot.NewRenderer(cat, loc)
}

func testReport(status kinerja.Status) ReportView {
	at := time.Date(2026, 12, 28, 7, 5, 0, 0, time.UTC) // 14.05 WIB
	v := ReportView{
		Aktivitas: kinerja.Aktivitas{ID: 42, PegawaiID: 7, Tanggal: kinerja.Date{Year: 2026, Month: 12, Day: 28},
			Kategori: kinerja.KategoriRHK, RHKID: 3, Deskripsi: "Menyusun notulen rapat koordinasi SPBE",
			Volume: 2.5, Satuan: "dokumen", Menit: 90, Bukti: []string{"a", "b"}, Status: status, Version: 1, UpdatedAt: at},
		Author:  kinerja.Pegawai{ID: 7, NIP: "198703152010011002", Nama: "Sari Wulandari"},
		RHKKode: "U2", RHKTeks: "Terselenggaranya rapat koordinasi", DayMinutes: 150,
	}
	if status != kinerja.StatusDiajukan && status != kinerja.StatusDitarik {
		v.Aktivitas.DecidedAt, v.DecidedBy, v.OnBehalfOf = at, "Budi Hartono", "Dr. Agus Prasetyo"
		v.Aktivitas.Version, v.Aktivitas.Reason = 2, "Lampirkan notulen"
	}
	return v
}

// The card in both languages and every state renders whole (every
// argument present) and says what it should.
func TestCardRendersEveryState(t *testing.T) {
	r := testRenderer(t)
	for _, c := range []struct {
		status kinerja.Status
		lang   string
		want   []string
	}{
		{kinerja.StatusDiajukan, "id", []string{"📋 Sari Wulandari · Senin, 28-12-2026\n🎯 U2 Terselenggaranya rapat koordinasi\n" +
			"📝 Menyusun notulen rapat koordinasi SPBE\n📦 2,5 dokumen · ⏱ 90 menit · 📎 2 bukti\n\n⏳ Menunggu keputusan Bapak/Ibu."}},
		{kinerja.StatusDiajukan, "en", []string{"Monday, 28-12-2026", "📦 2.5 dokumen · ⏱ 90 minutes", "Awaiting your decision."}},
		{kinerja.StatusDisetujui, "id", []string{"✅ Disetujui oleh Budi Hartono atas nama Dr. Agus Prasetyo pada 28-12-2026 14.05 WIB.", "Catatan: Lampirkan notulen"}},
		{kinerja.StatusDikembalikan, "id", []string{"Dikembalikan untuk revisi oleh Budi Hartono atas nama Dr. Agus Prasetyo", "Alasan: Lampirkan notulen"}},
		{kinerja.StatusDitolak, "en", []string{"⛔ Rejected by Budi Hartono on behalf of Dr. Agus Prasetyo on 28-12-2026 14.05 WIB.", "Reason: Lampirkan notulen"}},
		{kinerja.StatusDitarik, "id", []string{"Ditarik oleh pegawai pada 28-12-2026 14.05 WIB."}},
	} {
		reply := cardReply(testReport(c.status), true)
		text, err := r.Fit(reply.Text, c.lang)
		if err != nil {
			t.Fatalf("%s/%s: %v", c.status, c.lang, err)
		}
		for _, want := range c.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s/%s lacks %q:\n%s", c.status, c.lang, want, text)
			}
		}
		if strings.Contains(text, "198703152010011002") {
			t.Errorf("%s/%s: the short card shows the NIP:\n%s", c.status, c.lang, text)
		}
		wantRows := 0
		if c.status == kinerja.StatusDiajukan {
			wantRows = 2 // the decisions; the evidence and the details
		}
		if len(reply.Buttons) != wantRows {
			t.Errorf("%s/%s: buttons %+v, want %d rows", c.status, c.lang, reply.Buttons, wantRows)
		}
		for _, row := range reply.Buttons {
			for _, b := range row {
				if _, err := r.Text(b.Label, c.lang); err != nil {
					t.Errorf("%s/%s: button %s: %v", c.status, c.lang, b.Label.ID, err)
				}
			}
		}
	}
	// The details (Rincian) have what the short card leaves out.
	detail := msg.ApprovalCard(CardView(testReport(kinerja.StatusDiajukan)), msg.CardOptions{Buttons: true, Detail: true})
	text, err := r.Fit(detail.Text, "id")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"🪪 NIP 198703152010011002", "🎯 RHK: U2 Terselenggaranya rapat koordinasi", "📦 Volume: 2,5 dokumen",
		"90 menit (jumlah hari itu: 150 menit)", "Bukti dukung: 2 berkas", "⏳ Menunggu keputusan Bapak/Ibu."} {
		if !strings.Contains(text, want) {
			t.Errorf("the details lack %q:\n%s", want, text)
		}
	}
	if got := detail.Buttons[1][1].Label.ID; got != "approval.card_ringkas" {
		t.Errorf("the details' last button is %s, want the way back to the short card", got)
	}
	// A copy whose holder may no longer decide has no buttons.
	if got := cardReply(testReport(kinerja.StatusDiajukan), false); len(got.Buttons) != 0 {
		t.Errorf("a retired copy keeps buttons: %+v", got.Buttons)
	}
}

// Every card button fits Telegram's 64 bytes of callback_data, for the
// largest report id and version.
func TestCardButtonsFitCallbackData(t *testing.T) {
	v := testReport(kinerja.StatusDiajukan)
	v.Aktivitas.ID, v.Aktivitas.Version = 1<<62, 2147483647
	card := cardReply(v, true)
	prompt := msg.ApprovalCard(CardView(v), msg.CardOptions{Detail: true, Buttons: true})
	card.Buttons = append(card.Buttons, prompt.Buttons...)
	card.Buttons = append(card.Buttons, []msg.Button{{Data: msg.Callback{Op: msg.OpApproval, ID: v.Aktivitas.ID,
		Arg: msg.ApprovalReasonArg(msg.ApprovalKembalikan, v.Aktivitas.Version, 99, "Bukti belum dilampirkan")}}})
	for _, row := range card.Buttons {
		for _, b := range row {
			data, err := bot.EncodeCallback(b.Data)
			if err != nil || len(data) > bot.MaxCallbackData {
				t.Fatalf("%s: %q, %v", b.Label.ID, data, err)
			}
		}
	}
}

func TestCardFitsTelegramWithTheLongestContent(t *testing.T) {
	r := testRenderer(t)
	v := testReport(kinerja.StatusDitolak)
	v.Aktivitas.Deskripsi = strings.Repeat("Uraian sangat panjang 😀 ", 200) // far over 1,000 characters
	v.Aktivitas.Reason = strings.Repeat("alasan ", 300)
	v.RHKTeks = strings.Repeat("RHK panjang ", 300)
	v.Author.Nama = strings.Repeat("Nama ", 40)
	for _, lang := range locales.Languages {
		text, err := r.Fit(cardReply(v, true).Text, lang)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(utf16.Encode([]rune(text))); n > 4096 {
			t.Fatalf("%s: %d UTF-16 units, over Telegram's 4096", lang, n)
		}
		if !strings.Contains(text, "…") || !strings.Contains(text, "alasan alasan") {
			t.Fatalf("%s: the description should be cut, the decision kept:\n%s", lang, text[len(text)-200:])
		}
	}
}

func TestNoticeRendersEveryDecision(t *testing.T) {
	r := testRenderer(t)
	for _, c := range []struct {
		status  kinerja.Status
		lang    string
		want    string
		buttons int
	}{
		{kinerja.StatusDisetujui, "id", "✅ Laporan Bapak/Ibu tanggal Senin, 28-12-2026 telah disetujui oleh Budi Hartono atas nama Dr. Agus Prasetyo", 0},
		{kinerja.StatusDikembalikan, "id", "Alasan: Lampirkan notulen", 1},
		{kinerja.StatusDitolak, "en", "⛔ Your report of Monday, 28-12-2026 was rejected by Budi Hartono on behalf of Dr. Agus Prasetyo", 0},
		{kinerja.StatusDikembalikan, "en", "returned for revision", 1},
	} {
		reply := noticeReply(testReport(c.status))
		text, err := r.Fit(reply.Text, c.lang)
		if err != nil {
			t.Fatalf("%s/%s: %v", c.status, c.lang, err)
		}
		if !strings.Contains(text, c.want) {
			t.Errorf("%s/%s lacks %q:\n%s", c.status, c.lang, c.want, text)
		}
		n := 0
		for _, row := range reply.Buttons {
			n += len(row)
		}
		if n != c.buttons {
			t.Errorf("%s/%s: %d buttons, want %d", c.status, c.lang, n, c.buttons)
		}
	}
}

// A supervisor's daily list: /persetujuan's first page under the day, its
// buttons bound to the list (a person's day, "Setujui semua" for what
// waited when it was made), and a word on last month's reports while their
// validation deadline is ahead — in both languages.
func TestDailyListRenders(t *testing.T) {
	r := testRenderer(t)
	w := &ReminderPusher{r: ReminderDeps{Config: reminders.DefaultConfig(time.UTC)}}
	pending := func(id, author int64, nama string, d kinerja.Date, menit int) jobs.PendingReport {
		return jobs.PendingReport{Aktivitas: kinerja.Aktivitas{ID: id, PegawaiID: author, Tanggal: d, Menit: menit, Version: 1}, AuthorNama: nama}
	}
	nov, dec := kinerja.Date{Year: 2026, Month: 11, Day: 30}, kinerja.Date{Year: 2026, Month: 12, Day: 1}
	list := []jobs.PendingReport{
		pending(1, 7, "Sari Wulandari", nov, 60), pending(2, 7, "Sari Wulandari", nov, 30),
		pending(3, 8, "Budi Santoso", dec, 45), pending(4, 7, "Sari Wulandari", dec, 15),
	}
	rem := kinerja.Reminder{ID: 99, ReminderPlan: kinerja.ReminderPlan{PegawaiID: 1, Jenis: kinerja.ReminderDaftar, Tanggal: dec}}
	shown := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	text, rows := w.dailyList(rem, list, kinerja.Date{Year: 2026, Month: 12, Day: 2}, shown)
	id, err := r.Text(text, "id")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"🗓 Daftar persetujuan harian · Rabu, 02-12-2026", "4 laporan dari 2 pegawai",
		"• Sari Wulandari · Senin 30 Nov · 2 laporan · 90 menit", "• Budi Santoso · Selasa 1 Des · 1 laporan · 45 menit",
		"⚠️ 2 laporan di antaranya dari bulan November 2026: batas validasinya Sabtu, 05-12-2026."} {
		if !strings.Contains(id, want) {
			t.Errorf("the list lacks %q:\n%s", want, id)
		}
	}
	en, err := r.Text(text, "en")
	if err != nil || !strings.Contains(en, "⚠️ 2 of them are from November 2026") || !strings.Contains(en, "Daily approvals list") {
		t.Errorf("in English: %q, %v", en, err)
	}
	if len(rows) != 4 || rows[0][0].Data != (msg.Callback{Op: msg.OpReminder, ID: 99, Arg: msg.ListPersonArg(7, nov)}) ||
		rows[3][0].Data != (msg.Callback{Op: msg.OpReminder, ID: 99, Arg: msg.ListAllArg(shown)}) {
		t.Fatalf("buttons %+v", rows)
	}
	for _, row := range rows {
		if _, err := bot.EncodeCallback(row[0].Data); err != nil {
			t.Errorf("%+v: %v", row[0].Data, err)
		}
	}
	// After the deadline of November: no word on it.
	text, _ = w.dailyList(rem, list, kinerja.Date{Year: 2026, Month: 12, Day: 7}, shown)
	if id, _ := r.Text(text, "id"); strings.Contains(id, "batas validasi") {
		t.Errorf("a deadline gone by is mentioned:\n%s", id)
	}
}
