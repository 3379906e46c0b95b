package kinerja

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Rapat koordinasi", "Rapat koordinasi"},
		{"Rapat\x00 koordinasi", "Rapat koordinasi"},
		{"  baris satu\r\nbaris dua\t(tab)  ", "baris satu\nbaris dua\t(tab)"},
		{"bel\x07 dan \u0085NEL", "bel dan NEL"},
		{"\u202Efdp.exe", "fdp.exe"},
		{"a\u2066b\u2069c\u202Ad\u202Ce", "abcde"},
		{"kata\u200Dgabung \u200Farah", "kata\u200Dgabung \u200Farah"},
		{"rusak \xff\xfe", "rusak \uFFFD"},
		{"😀 laporan", "😀 laporan"},
	} {
		if got := CleanText(tc.in); got != tc.want {
			t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestVisible(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"abc", 3},
		{"a b\nc", 3},
		{"\u200B\u200B\u200B\u200B\u200B", 0},
		{"ok\u200B\uFEFF\u2060", 2},
		{"\u200E\u200F", 0},
		{"Ringkas", 7},
		{"😀👍", 2},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// Whatever is typed, the cleaned text holds no control character but line
// breaks and tabs, no direction override, valid UTF-8; cleaning twice
// changes nothing; Visible never counts more than the runes.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"Rapat\x00", "\u200B\u200B\u200B\u200B\u200B", "\u202Efdp.exe", "a\r\nb", "\xff", "  ", "ok\u2066x\u2069"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanText(s)
		if !utf8.ValidString(c) {
			t.Fatalf("CleanText(%q) = %q: invalid UTF-8", s, c)
		}
		for _, r := range c {
			if (unicode.IsControl(r) && r != '\n' && r != '\t') || bidiControl(r) {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, c, r)
			}
		}
		if again := CleanText(c); again != c {
			t.Fatalf("CleanText not stable: %q → %q → %q", s, c, again)
		}
		if v := Visible(c); v > utf8.RuneCountInString(c) || v < 0 {
			t.Fatalf("Visible(%q) = %d", c, v)
		}
	})
}
