package reminders

import (
	"time"

	"kinerjabot/kinerja"
)

// The other reminders of issue 6, as pure rules. Each takes the business
// date or instant it is asked about; planning and the last check before
// sending call the same function, so nothing is sent to someone who has
// acted meanwhile.

// WeeklyShortfall is due on the configured weekday (Friday) when the
// month's approved and pending minutes are behind the target pro-rated to
// that day. It is never due on a day off.
func WeeklyShortfall(cal kinerja.Calendar, d kinerja.Date, weekday time.Weekday, minutes int, expected int) bool {
	return d.Weekday() == weekday && cal.IsAvailable(d) && minutes < expected
}

// Deadline is the validation deadline of month: day DeadlineDay of the next
// month (DOMAIN.md decision 2: the 5th by default).
func Deadline(month kinerja.Date, deadlineDay int) kinerja.Date {
	return kinerja.ValidationDeadline(month, deadlineDay)
}

// WarningDay is the day of the month-end warning: n working days (of the
// business calendar, holidays counted off) before the deadline. With the
// deadline on a day off the count starts from the last working day before.
func WarningDay(rules kinerja.Rules, holidays map[kinerja.Date]string, deadline kinerja.Date, n int) kinerja.Date {
	cal := kinerja.Calendar{Rules: rules, Holidays: holidays}
	d := deadline
	for counted := 0; counted < n; {
		d = d.AddDays(-1)
		if cal.IsAvailable(d) {
			counted++
		}
	}
	return d
}

// Escalation looks at a person's reports up to yesterday: last is the last
// day they reported (or, when they never did, the day before they could
// start). The streak of missed working days starts on the first available
// day after last; it is due for escalation when it has reached n days by
// yesterday. The streak's first day is the key that makes the supervisor
// be told once per streak.
func Escalation(cal kinerja.Calendar, today, last kinerja.Date, n int) (start kinerja.Date, missed int, due bool) {
	yesterday := today.AddDays(-1)
	if !last.Before(yesterday) || n <= 0 {
		return kinerja.Date{}, 0, false
	}
	missed, _ = cal.AvailableDays(last.AddDays(1), yesterday)
	if missed == 0 {
		return kinerja.Date{}, 0, false
	}
	start = last.AddDays(1)
	for !cal.IsAvailable(start) {
		start = start.AddDays(1)
	}
	return start, missed, missed >= n
}

// WarnedMonth returns the month whose deadline warning falls on d (the
// warning of month M lies in M or, with a late deadline, in M+1), with its
// deadline.
func WarnedMonth(rules kinerja.Rules, holidays map[kinerja.Date]string, d kinerja.Date, deadlineDay, n int) (month, deadline kinerja.Date, ok bool) {
	for _, m := range []kinerja.Date{d.MonthStart().AddMonths(-1), d.MonthStart()} {
		dl := Deadline(m, deadlineDay)
		if WarningDay(rules, holidays, dl, n) == d {
			return m, dl, true
		}
	}
	return kinerja.Date{}, kinerja.Date{}, false
}

// Morning reports whether the once-a-day reminders of business date d are
// due to be planned at now: a working day of the business calendar (no
// weekend, no holiday) and at or after MorningAt in the business zone.
func (c Config) Morning(cal kinerja.Calendar, d kinerja.Date, now time.Time) bool {
	if kinerja.DateOf(now, c.Business) != d || !cal.IsAvailable(d) {
		return false
	}
	start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.Business).Add(c.MorningAt)
	return !now.Before(start)
}

// Zone is p's zone, the business zone when they chose none.
func (c Config) Zone(p Person) *time.Location {
	return kinerja.ZoneLocation(p.Prefs.Zona, c.Business)
}
