package kinerja

import (
	"fmt"
	"time"
)

// Date is a civil date (no time, no zone): business dates are civil dates in
// the deployment's zone (DOMAIN.md, decision 5), never instants.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("kinerja: parse date %q: %w", s, err)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// In returns midnight of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// UTC returns midnight UTC of d (how pgx reads and writes a date column).
func (d Date) UTC() time.Time { return d.In(time.UTC) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	t := d.UTC().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.UTC().Before(o.UTC()) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.UTC().Weekday() }

// Format is d as Indonesians write it: 27-11-2026.
func (d Date) Format() string { return fmt.Sprintf("%02d-%02d-%04d", d.Day, d.Month, d.Year) }

// FormatShort is d without the year: 27-11.
func (d Date) FormatShort() string { return fmt.Sprintf("%02d-%02d", d.Day, d.Month) }

// MonthStart is the first day of d's month.
func (d Date) MonthStart() Date { return Date{d.Year, d.Month, 1} }

// MonthEnd is the last day of d's month.
func (d Date) MonthEnd() Date {
	t := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// AddMonths moves d's month by n, keeping day 1 (for month navigation).
func (d Date) AddMonths(n int) Date {
	t := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), 1}
}
