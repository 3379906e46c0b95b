package msg

import "testing"

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"  Rapat\n koordinasi   SPBE ", 80, "Rapat koordinasi SPBE"},
		{"abcdefghij", 5, "abcd…"},
		{"abcde", 5, "abcde"},
		{"Menyusun laporan", 5, "Meny…"},
		{"Rapat koordinasi", 7, "Rapat…"}, // no space before the ellipsis
	} {
		if got := Shorten(c.in, c.n); got != c.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestMonthCodeReadsBack(t *testing.T) {
	for _, s := range []string{"202612", "202701", "209912"} {
		d, ok := ParseMonthCode(s)
		if !ok || MonthCode(d) != s || d.Day != 1 {
			t.Errorf("%s: %v, %v", s, d, ok)
		}
	}
	for _, s := range []string{"202613", "202600", "20261", "abcdef", ""} {
		if _, ok := ParseMonthCode(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}
