package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
)

func testRenderer(t *testing.T) *Renderer {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return NewRenderer(cat, loc)
}

func TestCutKeepsTelegramLimits(t *testing.T) {
	long := "Laporan ini sudah diputuskan oleh " + strings.Repeat("Prof. Dr. Ir. Raden Mas Bambang Sutrisno, S.H., M.Kn. ", 5) + " pada 28-12-2026 10.00 WIB."
	for _, c := range []struct {
		s     string
		limit int
	}{
		{"Baik.", maxCallbackAnswer}, {long, maxCallbackAnswer}, {strings.Repeat("😀", 150), maxCallbackAnswer},
		{strings.Repeat("a", 200), maxCallbackAnswer}, {strings.Repeat("a", 201), maxCallbackAnswer},
		{strings.Repeat("Laporan kinerja ", 400), maxMessageText}, {"pendek", maxCaption},
	} {
		got := cut(c.s, c.limit)
		if n := textLen(got); n > c.limit {
			t.Errorf("cut(%d runes, %d) has %d UTF-16 units", len([]rune(c.s)), c.limit, n)
		}
		if textLen(c.s) <= c.limit && got != c.s {
			t.Errorf("a text within the limit was changed: %q", got)
		}
		if got != c.s && !strings.HasSuffix(got, "…") {
			t.Errorf("a shortened text ends without an ellipsis: %q", got)
		}
	}
}

// Numbers are written with the reader's decimal mark, instants in the
// reader's zone, dates by name, and Count picks the plural form.
func TestRenderWritesFiguresForTheReader(t *testing.T) {
	r := testRenderer(t)
	at := time.Date(2026, 12, 28, 7, 5, 0, 0, time.UTC)
	wita, _ := time.LoadLocation("Asia/Makassar")
	d := msg.Date(kinerjaDate(2026, 12, 28))
	for _, c := range []struct {
		t    msg.Text
		rd   reader
		want string
	}{
		{msg.T("score.plain", "Text", 2.5), reader{lang: "id"}, "2,5"},
		{msg.T("score.plain", "Text", 2.5), reader{lang: "en"}, "2.5"},
		{msg.T("score.range", "Min", 7.0, "Max", 8.5), reader{lang: "id"}, "7–8,5"},
		{msg.T("score.plain", "Text", at), reader{lang: "id"}, "28-12-2026 14.05 WIB"},
		{msg.T("score.plain", "Text", at), reader{lang: "id", zone: wita}, "28-12-2026 15.05 WITA"},
		{d, reader{lang: "id"}, "Senin, 28-12-2026"},
		{d, reader{lang: "en"}, "Monday, 28-12-2026"},
		{msg.T("button.done_files", "Count", 1), reader{lang: "en"}, "Done (1 file)"},
		{msg.T("button.done_files", "Count", 2), reader{lang: "en"}, "Done (2 files)"},
		{msg.T("button.done_files", "Count", 1), reader{lang: "id"}, "Selesai (1 berkas)"},
		// A period in a refusal of the store is named, not coded.
		{msg.T("score.plain", "Text", kinerja.Period{Start: kinerjaDate(2026, 12, 1)}), reader{lang: "id"}, "Desember 2026"},
		{msg.T("score.plain", "Text", kinerja.Period{Start: kinerjaDate(2026, 10, 1), Quarterly: true}), reader{lang: "en"}, "Q4 2026"},
	} {
		got, err := r.render(c.t, c.rd)
		if err != nil || got != c.want {
			t.Errorf("%s/%s: got %q, %v; want %q", c.t.ID, c.rd.lang, got, err, c.want)
		}
	}
}

// A message over Telegram's limit loses the end of its long free text
// first; the rest of it stays whole.
func TestFitShortensTheLongTextFirst(t *testing.T) {
	r := testRenderer(t)
	desc := strings.Repeat("Menyusun notulen rapat koordinasi. ", 200) // ~7,000 characters
	text := msg.T("report.detail", "Date", msg.Date(kinerjaDate(2026, 12, 28)), "RHK", "U2 Rapat", "Deskripsi", msg.Long(desc),
		"Volume", 2.5, "Satuan", "dokumen", "Menit", 90, "Bukti", 2, "Status", msg.T("status.diajukan"), "Alasan", "")
	got, err := r.fit(text, reader{lang: "id"}, maxMessageText)
	if err != nil {
		t.Fatal(err)
	}
	if n := textLen(got); n > maxMessageText || n < maxMessageText-10 {
		t.Fatalf("fitted to %d units, want just under %d", n, maxMessageText)
	}
	for _, want := range []string{"Senin, 28-12-2026", "2,5 dokumen", "90 menit", "menunggu persetujuan", "…"} {
		if !strings.Contains(got, want) {
			t.Errorf("the fitted message lost %q", want)
		}
	}
}

func kinerjaDate(y int, m time.Month, d int) kinerja.Date {
	return kinerja.Date{Year: y, Month: m, Day: d}
}

// textLen counts UTF-16 code units, as Telegram's limits do, without
// building the encoding: the same count as utf16.Encode for plain text,
// emoji outside the BMP (two units), combining marks and invalid bytes.
func TestTextLenCountsUTF16Units(t *testing.T) {
	for _, s := range []string{"", "Laporan disetujui.", "Menyusun laporan 😀👍🏽", "é\u0301\u200b", "\xff\xfeabc", strings.Repeat("🇮🇩", 5)} {
		if got, want := textLen(s), len(utf16.Encode([]rune(s))); got != want {
			t.Errorf("textLen(%q) = %d, want %d", s, got, want)
		}
	}
}
