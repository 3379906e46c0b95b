package bot

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func TestFitCallbackAnswer(t *testing.T) {
	long := "Laporan ini sudah diputuskan oleh " + strings.Repeat("Prof. Dr. Ir. Raden Mas Bambang Sutrisno, S.H., M.Kn. ", 5) + " pada 28-12-2026 10.00 WIB."
	for _, s := range []string{"Baik.", long, strings.Repeat("😀", 150), strings.Repeat("a", 200), strings.Repeat("a", 201)} {
		got := fitCallbackAnswer(s)
		if n := len(utf16.Encode([]rune(got))); n > maxCallbackAnswer {
			t.Errorf("fit(%d runes) has %d UTF-16 units", len([]rune(s)), n)
		}
		if len(utf16.Encode([]rune(s))) <= maxCallbackAnswer && got != s {
			t.Errorf("a text within the limit was changed: %q", got)
		}
		if got != s && !strings.HasSuffix(got, "…") {
			t.Errorf("a shortened text ends without an ellipsis: %q", got)
		}
	}
}

func TestFitTextKeepsTelegramLimits(t *testing.T) {
	long := strings.Repeat("Laporan kinerja ", 400) // 6400 characters
	got := fitText(long, maxMessageText)
	if n := len(utf16.Encode([]rune(got))); n > maxMessageText || !strings.HasSuffix(got, "…") {
		t.Fatalf("%d units", n)
	}
	if fitText("pendek", maxCaption) != "pendek" {
		t.Fatal("a short text was changed")
	}
}
