package msg

import (
	"strings"
	"testing"
)

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

func TestShortenAllKeepsWhatDiffers(t *testing.T) {
	kel := func(s string) string { return "Terlaksananya pelayanan administrasi kependudukan di Kelurahan " + s }
	for _, c := range []struct {
		name string
		in   []string
		n    int
		want []string
	}{
		{"fits: as it is", []string{"Rapat  koordinasi", "Apel pagi"}, 48, []string{"Rapat koordinasi", "Apel pagi"}},
		{"one text: its start", []string{kel("Tugurejo")}, 20, []string{"Terlaksananya pelay…"}},
		{"words shared with a neighbour left out, context kept",
			[]string{kel("Tugurejo"), kel("Mangkang Wetan"), "Tersusunnya laporan"}, 30,
			[]string{"…di Kelurahan Tugurejo", "…di Kelurahan Mangkang Wetan", "Tersusunnya laporan"}},
		{"all share the start",
			[]string{kel("Tugurejo"), kel("Mangkang Wetan")}, 40,
			[]string{"…kependudukan di Kelurahan Tugurejo", "…di Kelurahan Mangkang Wetan"}},
		{"shared start and end: the middle",
			[]string{"Terlaksananya rapat koordinasi perencanaan anggaran tingkat kota tahun 2026",
				"Terlaksananya monitoring dan evaluasi program prioritas tingkat kota tahun 2026"}, 30,
			[]string{"…rapat koordinasi perencanaan…", "…monitoring dan evaluasi…"}},
		{"what differs is too long: cut in its middle",
			[]string{"Tersusunnya dokumen rencana kerja dan anggaran perubahan dinas komunikasi informatika",
				"Terlaksananya pembinaan"}, 40,
			[]string{"Tersusunnya dokumen … informatika", "Terlaksananya pembinaan"}},
		{"shared start, what differs too long: its start and its end",
			[]string{kel("Tugurejo"), "Terlaksananya koordinasi penyusunan rencana strategis dan rencana kerja perangkat daerah"}, 48,
			[]string{"…pelayanan administrasi … di Kelurahan Tugurejo", "…koordinasi penyusunan … kerja perangkat daerah"}},
		{"one long word", []string{"Supercalifragilisticexpialidocious", "x"}, 10, []string{"Supercali…", "x"}},
	} {
		got := ShortenAll(c.in, c.n)
		if len(got) != len(c.want) {
			t.Fatalf("%s: %q", c.name, got)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: [%d] = %q, want %q", c.name, i, got[i], c.want[i])
			}
			if n := len([]rune(got[i])); n > c.n {
				t.Errorf("%s: [%d] %q is %d characters, over %d", c.name, i, got[i], n, c.n)
			}
		}
	}
}

// Whatever the texts, each comes out within n characters.
func TestShortenAllStaysWithinN(t *testing.T) {
	words := []string{"Terlaksananya", "pelayanan", "administrasi", "kependudukan", "di", "Kelurahan", "Tugurejo", "rapat", "a", "2026"}
	texts := make([]string, 6)
	for seed := range 300 {
		for i := range texts {
			k := 1 + (seed*7+i*13)%12
			var w []string
			for j := range k {
				w = append(w, words[(seed+i*j+j*j)%len(words)])
			}
			texts[i] = strings.Join(w, " ")
		}
		for n := 8; n <= 60; n += 4 {
			for i, s := range ShortenAll(texts, n) {
				if len([]rune(s)) > n || s == "" {
					t.Fatalf("ShortenAll(%q, %d)[%d] = %q", texts, n, i, s)
				}
			}
		}
	}
}
