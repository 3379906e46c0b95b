package kinerja

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rules are the reporting rules of a deployment (DOMAIN.md: they differ by
// region, so none of them is a constant in code). Per-unit rules come later;
// the shape stays the same.
type Rules struct {
	BackDateDays     int            // how many days back a report may be dated (0: today only)
	MaxMinutesPerDay int            // the most minutes one person may report for one day
	MinDescription   int            // shortest description, in characters
	MaxDescription   int            // longest description, in characters
	MaxEvidence      int            // most evidence files on one report
	WorkingDays      []time.Weekday // days that are working days unless a holiday or leave
}

// DefaultRules are Kota Semarang's defaults.
func DefaultRules() Rules {
	return Rules{
		BackDateDays:     3,
		MaxMinutesPerDay: 660,
		MinDescription:   5,
		MaxDescription:   1000,
		MaxEvidence:      10,
		WorkingDays:      []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	}
}

// Validate checks that the rules make sense together.
func (r Rules) Validate() error {
	switch {
	case r.BackDateDays < 0 || r.BackDateDays > 31:
		return fmt.Errorf("back-date window %d: must be 0 to 31 days", r.BackDateDays)
	case r.MaxMinutesPerDay < 1 || r.MaxMinutesPerDay > 1440:
		return fmt.Errorf("maximum minutes per day %d: must be 1 to 1440", r.MaxMinutesPerDay)
	case r.MinDescription < 1 || r.MinDescription > r.MaxDescription:
		return fmt.Errorf("description length %d–%d: minimum must be at least 1 and not above the maximum", r.MinDescription, r.MaxDescription)
	case r.MaxDescription > 1000:
		return fmt.Errorf("description maximum %d: the database keeps at most 1000 characters", r.MaxDescription)
	case r.MaxEvidence < 0 || r.MaxEvidence > 50:
		return fmt.Errorf("evidence files %d: must be 0 to 50", r.MaxEvidence)
	case len(r.WorkingDays) == 0:
		return fmt.Errorf("no working days")
	}
	return nil
}

// IsWorkingWeekday reports whether d's weekday is a working day (holidays
// and leave are checked elsewhere).
func (r Rules) IsWorkingWeekday(d Date) bool { return slices.Contains(r.WorkingDays, d.Weekday()) }

var weekdayNames = map[string]time.Weekday{
	"sen": time.Monday, "mon": time.Monday,
	"sel": time.Tuesday, "tue": time.Tuesday,
	"rab": time.Wednesday, "wed": time.Wednesday,
	"kam": time.Thursday, "thu": time.Thursday,
	"jum": time.Friday, "fri": time.Friday,
	"sab": time.Saturday, "sat": time.Saturday,
	"min": time.Sunday, "sun": time.Sunday,
}

// ParseWorkingDays reads a list like "sen,sel,rab,kam,jum" or
// "mon-fri" (Indonesian or English three-letter names, commas and ranges).
func ParseWorkingDays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	add := func(d time.Weekday) {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, part := range strings.Split(strings.ToLower(s), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, ok := weekdayNames[strings.TrimSpace(from)]
		if !ok {
			return nil, fmt.Errorf("unknown day %q (use sen,sel,rab,kam,jum,sab,min or mon..sun)", from)
		}
		if !isRange {
			add(a)
			continue
		}
		b, ok := weekdayNames[strings.TrimSpace(to)]
		if !ok {
			return nil, fmt.Errorf("unknown day %q", to)
		}
		for d := a; ; d = (d + 1) % 7 {
			add(d)
			if d == b {
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no working days in %q", s)
	}
	slices.Sort(out)
	return out, nil
}

// ReportDateProblem says why a report may not be dated d when today is
// today: "" when it may, else the message ID of the reason.
func (r Rules) ReportDateProblem(d, today Date) string {
	switch {
	case today.Before(d):
		return "report.date_future"
	case d.Before(today.AddDays(-r.BackDateDays)):
		return "report.date_too_old"
	}
	return ""
}

// PeriodOf returns the rating period holding d: its calendar month, or its
// quarter (triwulan) when quarterly (DOMAIN.md decision 2).
func PeriodOf(d Date, quarterly bool) (start, end Date) {
	start = d.MonthStart()
	if quarterly {
		start = Date{d.Year, time.Month((int(d.Month)-1)/3*3 + 1), 1}
		return start, start.AddMonths(2).MonthEnd()
	}
	return start, start.MonthEnd()
}

// Period is a rating period as an argument of a message (a refusal of the
// store's): the bot names it the way people do, in the reader's language
// ("Desember 2026", "Triwulan IV 2026"); anything that prints it as it is
// gets its code (String).
type Period struct {
	Start     Date // the first day of the month, or of the quarter
	Quarterly bool
}

// String is the period's code: "03-2026", or "10–12-2026" for a quarter.
func (p Period) String() string {
	if p.Quarterly {
		return fmt.Sprintf("%02d–%02d-%04d", int(p.Start.Month), int(p.Start.AddMonths(2).Month), p.Start.Year)
	}
	return fmt.Sprintf("%02d-%04d", int(p.Start.Month), p.Start.Year)
}

// LastEndedPeriod is the latest rating period that has ended by today.
func LastEndedPeriod(today Date, quarterly bool) (start, end Date) {
	cur, _ := PeriodOf(today, quarterly)
	return PeriodOf(cur.AddDays(-1), quarterly)
}

// ValidationDeadline is the validation deadline of month: day deadlineDay
// of the next month (DOMAIN.md decision 2: the 5th by default; the last day
// of a shorter month). Until it, the month's reports can still be filed
// (back-dated) and decided; a period is rated after it.
func ValidationDeadline(month Date, deadlineDay int) Date {
	next := month.MonthStart().AddMonths(1)
	last := next.MonthEnd().Day
	return Date{Year: next.Year, Month: next.Month, Day: min(max(deadlineDay, 1), last)}
}
