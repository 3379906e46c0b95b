package kinerja

import (
	"testing"
	"time"
)

func TestDelegasiLastDay(t *testing.T) {
	for _, tc := range []struct{ mulai, want Date }{
		{Date{2026, time.March, 1}, Date{2027, time.February, 28}},
		{Date{2026, time.January, 1}, Date{2026, time.December, 31}},
		{Date{2027, time.March, 1}, Date{2028, time.February, 29}},
		{Date{2028, time.February, 29}, Date{2029, time.February, 28}},
	} {
		if got := DelegasiLastDay(tc.mulai); got != tc.want {
			t.Errorf("DelegasiLastDay(%s) = %s, want %s", tc.mulai, got, tc.want)
		}
	}
}

func TestValidateDelegasiPeriod(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	today := d("2026-03-10")
	for _, tc := range []struct {
		mulai, selesai string
		want           string // message ID, "" = valid
	}{
		{"2026-03-10", "2026-03-10", ""}, // one day, today
		{"2026-03-01", "2026-03-10", ""}, // began earlier, ends today
		{"2026-04-01", "2027-03-31", ""}, // exactly one year
		{"2026-04-01", "2027-04-01", "delegasi.period_too_long"},
		{"2026-03-12", "2026-03-11", "delegasi.period_reversed"},
		{"2026-03-01", "2026-03-09", "delegasi.period_ended"}, // ended yesterday
		{"", "2026-03-11", "delegasi.dates_required"},
		{"2026-03-11", "", "delegasi.dates_required"},
	} {
		var m, s Date
		if tc.mulai != "" {
			m = d(tc.mulai)
		}
		if tc.selesai != "" {
			s = d(tc.selesai)
		}
		err := ValidateDelegasiPeriod(m, s, today)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s..%s: %v", tc.mulai, tc.selesai, err)
			}
			continue
		}
		if id, _ := ErrorMessage(err); id != tc.want || ErrorCode(err) != CodeInvalid {
			t.Errorf("%s..%s: %v, want %s", tc.mulai, tc.selesai, err, tc.want)
		}
	}
}

func TestDelegasiCoversAndOverlap(t *testing.T) {
	m, s := Date{2026, time.March, 2}, Date{2026, time.March, 6}
	for _, tc := range []struct {
		day  Date
		want bool
	}{
		{Date{2026, time.March, 1}, false},
		{m, true},
		{Date{2026, time.March, 4}, true},
		{s, true},
		{Date{2026, time.March, 7}, false},
	} {
		if got := DelegasiCovers(m, s, tc.day); got != tc.want {
			t.Errorf("covers %s = %v", tc.day, got)
		}
	}
	for _, tc := range []struct {
		m2, s2 Date
		want   bool
	}{
		{Date{2026, time.February, 20}, Date{2026, time.March, 1}, false},
		{Date{2026, time.February, 20}, m, true}, // shares the first day
		{s, Date{2026, time.March, 20}, true},    // shares the last day
		{Date{2026, time.March, 3}, Date{2026, time.March, 4}, true},
		{Date{2026, time.March, 7}, Date{2026, time.March, 9}, false},
	} {
		if got := DelegasiOverlap(m, s, tc.m2, tc.s2); got != tc.want {
			t.Errorf("overlap %s..%s = %v", tc.m2, tc.s2, got)
		}
		if got := DelegasiOverlap(tc.m2, tc.s2, m, s); got != tc.want {
			t.Errorf("overlap is not symmetric for %s..%s", tc.m2, tc.s2)
		}
	}
	if ValidJenisDelegasi("PLH") || !ValidJenisDelegasi(JenisPlh) || !ValidJenisDelegasi(JenisPlt) {
		t.Error("ValidJenisDelegasi")
	}
}
