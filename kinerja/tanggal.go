package kinerja

import (
	"strconv"
	"strings"
	"time"
)

// ParseTanggal reads a date as people type it when asked "which day?":
// "hari ini"/"today", "kemarin"/"yesterday", "25" (this month), "25/11" or
// "25-11" (this year), "25-11-2026", "25/11/26", "2026-11-25". A day without a
// month, or a day and month without a year, that lies more than a month
// ahead means the previous month or year (typing "31/12" on 2 January); a
// date a few days ahead stays in the future, so the caller can say that it
// has not come yet. It fails with CodeInvalid "report.date_not_understood".
func ParseTanggal(s string, today Date) (Date, error) {
	bad := Errorf(CodeInvalid, "report.date_not_understood", nil)
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "hari ini", "hariini", "today", "sekarang":
		return today, nil
	case "kemarin", "yesterday":
		return today.AddDays(-1), nil
	case "kemarin lusa", "lusa kemarin":
		return today.AddDays(-2), nil
	}
	parts, ok := dateParts(s)
	if !ok {
		return Date{}, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, bad
		}
		nums[i] = n
	}
	var d Date
	switch {
	case len(nums) == 1 && len(parts[0]) <= 2:
		d = Date{today.Year, today.Month, nums[0]}
		if !d.valid() {
			return Date{}, bad
		}
		if today.AddDays(lookAhead).Before(d) { // "30" on the 2nd: last month
			t := time.Date(today.Year, today.Month-1, nums[0], 0, 0, 0, 0, time.UTC)
			if t.Day() != nums[0] {
				return Date{}, bad
			}
			d = Date{t.Year(), t.Month(), t.Day()}
		}
	case len(nums) == 2:
		d = Date{today.Year, time.Month(nums[1]), nums[0]}
		if !d.valid() {
			return Date{}, bad
		}
		if today.AddDays(lookAhead).Before(d) {
			d.Year--
			if !d.valid() {
				return Date{}, bad
			}
		}
	case len(nums) == 3 && len(parts[0]) == 4:
		d = Date{nums[0], time.Month(nums[1]), nums[2]}
	case len(nums) == 3:
		y := nums[2]
		if len(parts[2]) == 2 {
			y += 2000
		} else if len(parts[2]) != 4 {
			return Date{}, bad
		}
		d = Date{y, time.Month(nums[1]), nums[0]}
	default:
		return Date{}, bad
	}
	if !d.valid() {
		return Date{}, bad
	}
	return d, nil
}

// dateParts splits "25/11/2026" (or with '-', '.', spaces) into its
// numbers. Each gap between two numbers is one separator, spaces around it
// allowed; a sign or separator before the first or after the last number
// ("-3", "3-", "25//11") is no date.
func dateParts(s string) ([]string, bool) {
	var parts []string
	for {
		i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if i == 0 {
			return nil, false // a sign, a separator or a letter where a number belongs
		}
		if i < 0 {
			return append(parts, s), true
		}
		parts = append(parts, s[:i])
		gap := strings.TrimSpace(s[i:])
		switch {
		case strings.ContainsAny(gap[:1], "/-."):
			gap = strings.TrimSpace(gap[1:])
		case gap == s[i:]:
			return nil, false // a letter after a number
		}
		if gap == "" {
			return nil, false // a separator after the last number
		}
		s = gap
	}
}

// lookAhead is how far ahead a date without month or year may lie before it
// is read as the previous month or year.
const lookAhead = 31

// valid reports whether d is a real calendar date.
func (d Date) valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Year < 1900 || d.Year > 9999 {
		return false
	}
	t := d.UTC()
	return t.Day() == d.Day && t.Month() == d.Month
}
