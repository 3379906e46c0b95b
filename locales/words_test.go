package locales

import (
	"regexp"
	"strings"
	"testing"
)

// stripTemplate leaves a message's own words: template actions and the
// commands (which stay Indonesian in every language) taken out.
var (
	templateAction = regexp.MustCompile(`\{\{[^}]*\}\}`)
	command        = regexp.MustCompile(`/[a-z_]+`)
)

func ownWords(text string) string {
	return command.ReplaceAllString(templateAction.ReplaceAllString(text, " "), " ")
}

// indonesianWords are words of the Indonesian interface that an English
// reader must not meet. Official terms may follow their English rendering
// in parentheses ("Good (Baik)"); words of files and their columns
// (import, recap) are names, not these.
var indonesianWords = regexp.MustCompile(`(?i)\b(jam|menit|mnt|dokumen|laporan|kegiatan|berkas|orang|predikat|lapor|riwayat|nilai|persetujuan|penilaian|pengaturan|yuk|mohon|silakan)\b`)

// An English reader meets English: no Indonesian words in examples of
// amounts and durations ("1 jam 30 menit", "2 dokumen"), labels
// ("Predikat") or menu keys.
func TestEnglishSpeaksEnglish(t *testing.T) {
	for id, forms := range messages(t, "en") {
		for form, text := range forms {
			words := ownWords(text)
			// An official term in parentheses after its rendering.
			words = regexp.MustCompile(`\([^()]*\)`).ReplaceAllString(words, " ")
			if w := indonesianWords.FindString(words); w != "" {
				t.Errorf("en/%s (%s) says %q: %q", id, form, w, text)
			}
		}
	}
}

// The Indonesian messages keep one register (formal: Bapak/Ibu, never
// Anda, never a casual "Yuk") and one term for a person's daily report
// ("laporan kegiatan", never "laporan aktivitas"); the English ones one
// term too ("work report", never "activity report").
func TestOneRegisterAndOneTerm(t *testing.T) {
	banned := map[string]*regexp.Regexp{
		"id": regexp.MustCompile(`(?i)\b(yuk|anda|laporan aktivitas|aktivitas harian)\b`),
		"en": regexp.MustCompile(`(?i)\b(activity reports?|activities report)\b`),
	}
	for lang, re := range banned {
		for id, forms := range messages(t, lang) {
			for _, text := range forms {
				if w := re.FindString(ownWords(text)); w != "" {
					t.Errorf("%s/%s says %q: %q", lang, id, w, text)
				}
			}
		}
	}
	// The glossary of the terms heads both files.
	for _, lang := range Languages {
		raw, err := files.ReadFile("active." + lang + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(raw), "\n[")
		for _, term := range []string{"laporan kegiatan", "predikat", "atasan"} {
			if !strings.Contains(strings.ToLower(head), term) {
				t.Errorf("active.%s.toml: the header's glossary lacks %q", lang, term)
			}
		}
	}
}

// A sentence that ends after an argument ending in a stop (a name with an
// academic title, a reason) ends with one stop, in every language; other
// punctuation and stops elsewhere are left alone.
func TestOneStopAfterAnArgument(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, id string
		args     map[string]any
		want     string
	}{
		{"id", "start.welcome_back", map[string]any{"Name": "Dewi Lestari, S.Kom."}, "Selamat datang kembali, Bapak/Ibu Dewi Lestari, S.Kom.\n"},
		{"en", "start.welcome_back", map[string]any{"Name": "Dewi Lestari, S.Kom."}, "Welcome back, Dewi Lestari, S.Kom.\n"},
		{"id", "start.welcome_back", map[string]any{"Name": "Dewi Lestari"}, "Selamat datang kembali, Bapak/Ibu Dewi Lestari.\n"},
		{"id", "approval.returned_with_reason", map[string]any{"Nama": "Sari Wulandari", "Date": "Senin, 28-12-2026", "Reason": "Lengkapi notulen."},
			"dengan alasan: Lengkapi notulen. Pegawai akan diberi tahu."},
		{"id", "approval.returned_with_reason", map[string]any{"Nama": "Sari Wulandari", "Date": "Senin, 28-12-2026", "Reason": "Mana notulennya?"},
			"dengan alasan: Mana notulennya? Pegawai akan diberi tahu."},
		{"id", "score.plain", map[string]any{"Text": "dll."}, "dll."},
	} {
		got, err := c.Render(tc.lang, tc.id, tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, tc.want) || strings.Contains(got, "\uE000") {
			t.Errorf("%s/%s: %q, want it to contain %q", tc.lang, tc.id, got, tc.want)
		}
	}
}
