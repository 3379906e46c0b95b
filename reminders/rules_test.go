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

func TestDigestDue(t *testing.T) {
	now := time.Date(2026, 12, 28, 9, 0, 0, 0, time.UTC)
	if !DigestDue(now.Add(-25*time.Hour), now, 24*time.Hour) || DigestDue(now.Add(-23*time.Hour), now, 24*time.Hour) || DigestDue(time.Time{}, now, 24*time.Hour) {
		t.Fatal("digest rule")
	}
}

func TestMissedWorkingDays(t *testing.T) {
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: map[kinerja.Date]string{date(2026, 12, 25): "Natal"},
		Leave: []kinerja.LeaveSpan{{Mulai: date(2026, 12, 17), Selesai: date(2026, 12, 17), Jenis: kinerja.LeaveSakit}}}
	reported := map[kinerja.Date]bool{date(2026, 12, 16): true}
	// Today Monday 28 Dec: back over Sun 27, Sat 26, Fri 25 (holiday), Thu
	// 24, Wed 23, Tue 22, Mon 21, Fri 18, Thu 17 (sick), Wed 16 (reported).
	if got := MissedWorkingDays(cal, date(2026, 12, 28), reported, 31); got != 5 {
		t.Fatalf("missed %d, want 5 (24, 23, 22, 21 and 18 December)", got)
	}
	if got := MissedWorkingDays(cal, date(2026, 12, 17), reported, 31); got != 0 {
		t.Fatalf("the day after a report: %d", got)
	}
}
