package reminders

import (
	"testing"
	"time"

	"kinerjabot/kinerja"
)

func date(y int, m time.Month, d int) kinerja.Date { return kinerja.Date{Year: y, Month: m, Day: d} }

func TestWeeklyShortfall(t *testing.T) {
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: map[kinerja.Date]string{date(2026, 12, 25): "Natal"}}
	fri := date(2026, 12, 18)
	if !WeeklyShortfall(cal, fri, time.Friday, 3000, 3900) {
		t.Error("behind on a Friday: due")
	}
	if WeeklyShortfall(cal, fri, time.Friday, 3900, 3900) {
		t.Error("on track: not due")
	}
	if WeeklyShortfall(cal, date(2026, 12, 17), time.Friday, 0, 3900) {
		t.Error("Thursday: not due")
	}
	if WeeklyShortfall(cal, date(2026, 12, 25), time.Friday, 0, 3900) {
		t.Error("a Friday holiday: not due")
	}
}

func TestDeadlineAndWarningDay(t *testing.T) {
	rules := kinerja.DefaultRules()
	if got := Deadline(date(2026, 12, 1), 5); got != date(2027, 1, 5) {
		t.Fatalf("deadline %v", got)
	}
	if got := Deadline(date(2026, 1, 1), 31); got != date(2026, 2, 28) {
		t.Fatalf("deadline clamped to February's end: %v", got)
	}
	// Deadline Tuesday 5 January 2027; 1 January (Friday) a holiday: H-3
	// working days are 4 Jan (Mon), 31 Dec (Thu), 30 Dec (Wed).
	holidays := map[kinerja.Date]string{date(2027, 1, 1): "Tahun Baru"}
	if got := WarningDay(rules, holidays, date(2027, 1, 5), 3); got != date(2026, 12, 30) {
		t.Fatalf("warning day %v", got)
	}
	// Deadline Thursday 5 February 2026: H-3 is Monday 2 February.
	if got := WarningDay(rules, nil, date(2026, 2, 5), 3); got != date(2026, 2, 2) {
		t.Fatalf("warning day %v", got)
	}
}

func TestEscalation(t *testing.T) {
	rules := kinerja.DefaultRules()
	// December 2026: Friday 25 a holiday; a person on leave 14–15.
	cal := kinerja.Calendar{Rules: rules,
		Holidays: map[kinerja.Date]string{date(2026, 12, 25): "Natal"},
		Leave:    []kinerja.LeaveSpan{{Mulai: date(2026, 12, 14), Selesai: date(2026, 12, 15), Jenis: kinerja.LeaveCuti}}}
	cases := []struct {
		name        string
		today, last kinerja.Date
		start       kinerja.Date
		missed      int
		due         bool
	}{
		{"reported yesterday", date(2026, 12, 9), date(2026, 12, 8), kinerja.Date{}, 0, false},
		{"reported today counts as recent", date(2026, 12, 9), date(2026, 12, 9), kinerja.Date{}, 0, false},
		{"two days missed", date(2026, 12, 10), date(2026, 12, 7), date(2026, 12, 8), 2, false},
		{"three days missed: due", date(2026, 12, 11), date(2026, 12, 7), date(2026, 12, 8), 3, true},
		{"a weekend is not missed", date(2026, 12, 8), date(2026, 12, 3), date(2026, 12, 4), 2, false},
		// Last report Fri 11; Mon 14–Tue 15 leave; missed Wed 16, Thu 17, Fri 18.
		{"leave is not missed", date(2026, 12, 17), date(2026, 12, 11), date(2026, 12, 16), 1, false},
		{"after leave: due on the third day", date(2026, 12, 21), date(2026, 12, 11), date(2026, 12, 16), 3, true},
		// The streak keeps its first day while it goes on: told once.
		{"streak goes on, same start", date(2026, 12, 23), date(2026, 12, 11), date(2026, 12, 16), 5, true},
		// Last report Wed 23; Thu 24, (Fri 25 holiday), Mon 28.
		{"holiday is not missed", date(2026, 12, 29), date(2026, 12, 23), date(2026, 12, 24), 2, false},
		{"across the month end", date(2027, 1, 4), date(2026, 12, 28), date(2026, 12, 29), 4, true},
	}
	for _, c := range cases {
		start, missed, due := Escalation(cal, c.today, c.last, 3)
		if start != c.start || missed != c.missed || due != c.due {
			t.Errorf("%s: got start %v missed %d due %v, want %v %d %v", c.name, start, missed, due, c.start, c.missed, c.due)
		}
	}
}

func TestWarnedMonth(t *testing.T) {
	rules := kinerja.DefaultRules()
	holidays := map[kinerja.Date]string{date(2027, 1, 1): "Tahun Baru"}
	// December's deadline is 5 January 2027; its warning 30 December.
	m, dl, ok := WarnedMonth(rules, holidays, date(2026, 12, 30), 5, 3)
	if !ok || m != date(2026, 12, 1) || dl != date(2027, 1, 5) {
		t.Fatalf("30 Dec: %v %v %v", m, dl, ok)
	}
	for _, d := range []kinerja.Date{date(2026, 12, 29), date(2026, 12, 31), date(2027, 1, 4)} {
		if _, _, ok := WarnedMonth(rules, holidays, d, 5, 3); ok {
			t.Errorf("%v is no warning day", d)
		}
	}
	// A late deadline (the 20th) is warned of in the next month.
	m, dl, ok = WarnedMonth(rules, nil, date(2027, 1, 15), 20, 3)
	if !ok || m != date(2026, 12, 1) || dl != date(2027, 1, 20) {
		t.Fatalf("late deadline: %v %v %v", m, dl, ok)
	}
}

func TestMorning(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	c := DefaultConfig(wib)
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: map[kinerja.Date]string{date(2026, 12, 25): "Natal"}}
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, wib) }
	cases := []struct {
		d    kinerja.Date
		now  time.Time
		want bool
	}{
		{date(2026, 12, 28), at(2026, 12, 28, 8, 59), false},
		{date(2026, 12, 28), at(2026, 12, 28, 9, 0), true},
		{date(2026, 12, 28), at(2026, 12, 29, 9, 0), false},  // another day
		{date(2026, 12, 25), at(2026, 12, 25, 10, 0), false}, // holiday
		{date(2026, 12, 26), at(2026, 12, 26, 10, 0), false}, // Saturday
	}
	for _, tc := range cases {
		if got := c.Morning(cal, tc.d, tc.now); got != tc.want {
			t.Errorf("Morning(%v, %v) = %v", tc.d, tc.now, got)
		}
	}
}
