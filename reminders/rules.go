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
	next := month.MonthStart().AddMonths(1)
	last := next.MonthEnd().Day
	return kinerja.Date{Year: next.Year, Month: next.Month, Day: min(max(deadlineDay, 1), last)}
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

// DigestDue says whether a supervisor's digest of pending approvals is due:
// at least one report has waited longer than after.
func DigestDue(oldestPending time.Time, now time.Time, after time.Duration) bool {
	return !oldestPending.IsZero() && now.Sub(oldestPending) >= after
}

// MissedWorkingDays counts the person's working days without a report,
// going back from the day before today, stopping at the first day with one
// (or after limit days): the escalation to the supervisor is due when it
// reaches the configured number (3), and is told once per streak.
func MissedWorkingDays(cal kinerja.Calendar, today kinerja.Date, reported map[kinerja.Date]bool, limit int) int {
	missed := 0
	d := today
	for i := 0; i < limit; i++ {
		d = d.AddDays(-1)
		if !cal.IsAvailable(d) {
			continue
		}
		if reported[d] {
			break
		}
		missed++
	}
	return missed
}
