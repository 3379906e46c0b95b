package kinerja

import (
	"cmp"
	"slices"
)

// TargetRule says which side of decision 3's minimum set a month's target.
type TargetRule string

const (
	TargetHarian  TargetRule = "harian"  // daily target × available days (the smaller)
	TargetBulanan TargetRule = "bulanan" // the monthly target (the smaller, or equal)
)

// Jalur says whether a figure is on pace for its target.
type Jalur string

const (
	JalurSesuai      Jalur = "sesuai_jalur" // at or above the expectation to date
	JalurTertinggal  Jalur = "tertinggal"   // below it
	JalurTanpaData   Jalur = "tanpa_data"   // nothing to compare yet (no report of a "last value")
	JalurTanpaTarget Jalur = "tanpa_target" // no usable target, so no pace
)

// TargetMinutes is a month's minutes target for a person with available
// working days that month (decision 3): min(monthly, daily × available).
// No available day (a month of leave) gives 0.
func TargetMinutes(cfg ScoreConfig, available int) int {
	t, _ := targetMinutes(cfg, available)
	return t
}

func targetMinutes(cfg ScoreConfig, available int) (int, TargetRule) {
	byDays := cfg.DailyTargetMinutes * max(available, 0)
	if byDays < cfg.MonthlyTargetMinutes {
		return byDays, TargetHarian
	}
	return cfg.MonthlyTargetMinutes, TargetBulanan
}

// MonthMinutes is one person's minutes target for one calendar month, with
// what produced it.
type MonthMinutes struct {
	Month          Date     // first day of the month
	WorkingDays    int      // working weekdays of the month (Available + len(Off))
	Available      int      // available working days
	Off            []DayOff // the working weekdays that reduced the target, and why
	DailyTarget    int      // configuration used
	MonthlyTarget  int      // configuration used
	Target         int      // min(MonthlyTarget, DailyTarget × Available)
	Rule           TargetRule
	Through        Date // the last day counted as elapsed
	ElapsedDays    int  // available days from the month's start through Through
	ExpectedToDate int  // Target × ElapsedDays / Available, rounded half up
}

// MonthTarget computes the minutes target of the month containing month for
// the person of cal, and the expectation through the business date through
// (inclusive: pass today for "by the end of today", yesterday for "by last
// night"). A through before the month expects nothing; one after it expects
// the whole target.
func MonthTarget(cfg ScoreConfig, cal Calendar, month, through Date) MonthMinutes {
	start, end := month.MonthStart(), month.MonthEnd()
	avail, off := cal.AvailableDays(start, end)
	target, rule := targetMinutes(cfg, avail)
	m := MonthMinutes{
		Month:         start,
		WorkingDays:   avail + len(off),
		Available:     avail,
		Off:           off,
		DailyTarget:   cfg.DailyTargetMinutes,
		MonthlyTarget: cfg.MonthlyTargetMinutes,
		Target:        target,
		Rule:          rule,
		Through:       through,
	}
	last := through
	if end.Before(last) {
		last = end
	}
	m.ElapsedDays, _ = cal.AvailableDays(start, last)
	m.ExpectedToDate = prorate(target, m.ElapsedDays, avail)
	return m
}

// prorate is total × part / whole rounded half up, 0 when whole is 0.
func prorate(total, part, whole int) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	if part >= whole {
		return total
	}
	return (2*total*part + whole) / (2 * whole)
}

// DayMinutes is one day's minutes by status (for the daily chart).
type DayMinutes struct {
	Date     Date
	Approved int
	Pending  int
}

// Productivity is the minutes productivity of one person over one or more
// whole months (a month by default, a quarter on request).
type Productivity struct {
	Months         []MonthMinutes // the targets summed, in the order given
	Target         int            // sum of the months' targets
	ExpectedToDate int            // sum of the months' expectations to date

	Approved    int     // minutes of approved reports dated in the months: what counts
	ApprovedIDs []int64 // the reports that counted
	Pending     int     // minutes still waiting for a decision (diajukan): not counted
	PendingIDs  []int64
	Returned    int // minutes returned for revision (dikembalikan): not counted until approved
	ReturnedIDs []int64
	Daily       []DayMinutes // per day with any approved or pending minutes, by date

	Raw      float64 // Approved × 100 / Target, uncapped (0 when NoTarget)
	Nilai    float64 // Raw capped at Max: the figure shown
	Max      float64 // the cap used
	Capped   bool    // Raw was above Max
	NoTarget bool    // the target is 0 (no available day): Nilai is 0 and there is no TPP band
	Jalur    Jalur   // Approved against ExpectedToDate
}

// ProductivityOf computes productivity = approved minutes / target minutes
// × 100 over the given months, from one person's reports (the caller passes
// only that person's; reports outside the months are ignored). Approved
// minutes count on any day, holidays included; the target never grows for
// them. Rejected and withdrawn reports count nowhere.
func ProductivityOf(cfg ScoreConfig, reports []Aktivitas, months ...MonthMinutes) Productivity {
	p := Productivity{Months: months, Max: cfg.MaxProductivity}
	for _, m := range months {
		p.Target += m.Target
		p.ExpectedToDate += m.ExpectedToDate
	}
	inMonths := func(d Date) bool {
		for _, m := range months {
			if d.Year == m.Month.Year && d.Month == m.Month.Month {
				return true
			}
		}
		return false
	}
	daily := map[Date]*DayMinutes{}
	day := func(d Date) *DayMinutes {
		if daily[d] == nil {
			daily[d] = &DayMinutes{Date: d}
		}
		return daily[d]
	}
	for _, a := range sortedReports(reports) {
		if !inMonths(a.Tanggal) {
			continue
		}
		minutes := max(a.Menit, 0)
		switch a.Status {
		case StatusDisetujui:
			p.Approved += minutes
			p.ApprovedIDs = append(p.ApprovedIDs, a.ID)
			day(a.Tanggal).Approved += minutes
		case StatusDiajukan:
			p.Pending += minutes
			p.PendingIDs = append(p.PendingIDs, a.ID)
			day(a.Tanggal).Pending += minutes
		case StatusDikembalikan:
			p.Returned += minutes
			p.ReturnedIDs = append(p.ReturnedIDs, a.ID)
		}
	}
	for _, d := range daily {
		p.Daily = append(p.Daily, *d)
	}
	slices.SortFunc(p.Daily, func(a, b DayMinutes) int { return compareDates(a.Date, b.Date) })

	if p.Target <= 0 {
		p.NoTarget = true
		p.Jalur = JalurTanpaTarget
		return p
	}
	p.Raw = float64(p.Approved) * 100 / float64(p.Target)
	p.Nilai, p.Capped = capAt(p.Raw, p.Max)
	p.Jalur = JalurTertinggal
	if p.Approved >= p.ExpectedToDate {
		p.Jalur = JalurSesuai
	}
	return p
}

// capAt returns v limited to limit, and whether it was.
func capAt(v, limit float64) (float64, bool) {
	if v > limit {
		return limit, true
	}
	return v, false
}

// compareDates orders dates for slices.SortFunc.
func compareDates(a, b Date) int {
	if a.Year != b.Year {
		return cmp.Compare(a.Year, b.Year)
	}
	if a.Month != b.Month {
		return cmp.Compare(a.Month, b.Month)
	}
	return cmp.Compare(a.Day, b.Day)
}

// sortedReports returns the reports ordered by date, then id, without
// touching the caller's slice, so every list of ids is deterministic.
func sortedReports(reports []Aktivitas) []Aktivitas {
	out := slices.Clone(reports)
	slices.SortStableFunc(out, func(a, b Aktivitas) int {
		if c := compareDates(a.Tanggal, b.Tanggal); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}
