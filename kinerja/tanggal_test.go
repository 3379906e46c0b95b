package kinerja

import (
	"strings"
	"testing"
)

func TestParseTanggal(t *testing.T) {
	today := Date{2026, 11, 27}
	for in, want := range map[string]Date{
		"hari ini":   today,
		"Kemarin":    {2026, 11, 26},
		"yesterday":  {2026, 11, 26},
		"25":         {2026, 11, 25},
		"30":         {2026, 11, 30}, // three days ahead: the caller says "not yet"
		"25/11":      {2026, 11, 25},
		"25-11":      {2026, 11, 25},
		"26/12":      {2026, 12, 26}, // ahead, but within a month: still this year
		"31/12":      {2025, 12, 31},
		"15/12":      {2026, 12, 15},
		"29/12":      {2025, 12, 29}, // more than a month ahead: last year
		"25-11-2026": {2026, 11, 25},
		"25/11/26":   {2026, 11, 25},
		"2026-11-25": {2026, 11, 25},
		" 1.11.2026": {2026, 11, 1},
		"25 / 11":    {2026, 11, 25},
		"25 11 2026": {2026, 11, 25},
	} {
		got, err := ParseTanggal(in, today)
		if err != nil || got != want {
			t.Errorf("ParseTanggal(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "besok lusa", "31/11", "29-02-2026", "0", "32", "25/13", "25-11-202", "abc", "1/2/3/4",
		"-3", "3-", "+3", "25//11", "25/-11", "25/11/", "25x11"} {
		if _, err := ParseTanggal(in, today); ErrorCode(err) != CodeInvalid {
			t.Errorf("ParseTanggal(%q) err = %v, want invalid", in, err)
		}
	}
	// On 2 January, "31/12" is last year's; on 1 March, "30" is February's
	// (no 30 February: refused) and "28" is this month's.
	if got, _ := ParseTanggal("31/12", Date{2027, 1, 2}); got != (Date{2026, 12, 31}) {
		t.Errorf("31/12 on 2 Jan = %v", got)
	}
	if got, _ := ParseTanggal("28", Date{2027, 3, 1}); got != (Date{2027, 3, 28}) {
		t.Errorf("28 on 1 Mar = %v", got)
	}
}

func FuzzParseTanggal(f *testing.F) {
	for _, s := range []string{"25/11", "kemarin", "2026-11-25", "31", "1.1.26", "-3", "3-", "25--11", "+7", "25 / 11 / 2026"} {
		f.Add(s)
	}
	today := Date{2026, 11, 27}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseTanggal(s, today)
		if err != nil {
			return
		}
		if !d.valid() {
			t.Fatalf("ParseTanggal(%q) = %v: not a date", s, d)
		}
		if again, err := ParseTanggal(d.String(), today); err != nil || again != d {
			t.Fatalf("%q -> %v -> %v, %v", s, d, again, err)
		}
		// A sign before the number, or a separator after the last, is no date.
		if tr := strings.TrimSpace(s); strings.ContainsAny(tr[:1], "-+/.") || strings.ContainsAny(tr[len(tr)-1:], "-/.") {
			t.Fatalf("ParseTanggal(%q) = %v, want refused", s, d)
		}
	})
}
