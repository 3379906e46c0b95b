package kinerja

import (
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"081234567890":       "+6281234567890",
		"0812-3456-7890":     "+6281234567890",
		"62812 3456 7890":    "+6281234567890",
		"+62 812-3456-7890":  "+6281234567890",
		"+6281234567890":     "+6281234567890",
		"(0812) 3456.7890":   "+6281234567890",
		"81234567890":        "+6281234567890",
		" 0812 3456 7890 ":   "+6281234567890",
		"024-3541095":        "+62243541095", // a Semarang landline
		"+31 20 123 4567":    "+31201234567",
		"":                   "",
		"08123":              "",
		"0812345678901234":   "",
		"+62 0812 3456 7890": "",
		"0812-3456-789O":     "",
		"tel:081234567890":   "",
		"0812+34567890":      "",
		"12345678":           "",
	} {
		got, ok := NormalizePhone(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"081234567890", "+62 812-3456-7890", "62812", "+", "0", "(0)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizePhone(s)
		if !ok {
			if got != "" {
				t.Fatalf("refused %q but returned %q", s, got)
			}
			return
		}
		if !strings.HasPrefix(got, "+") || len(got) < 9 || len(got) > 16 {
			t.Fatalf("NormalizePhone(%q) = %q: not E.164", s, got)
		}
		for _, r := range got[1:] {
			if r < '0' || r > '9' {
				t.Fatalf("NormalizePhone(%q) = %q: not digits", s, got)
			}
		}
		// Normalising again changes nothing.
		if again, ok := NormalizePhone(got); !ok || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
