package kinerja

// Leave kinds of an imported leave span (the cuti table's jenis).
const (
	LeaveCuti      = "cuti"       // leave: not a working day
	LeaveSakit     = "sakit"      // sick leave: not a working day
	LeaveDinasLuar = "dinas_luar" // official travel: work, not leave (decision 3)
)

// LeaveSpan is one imported period of a person's leave, inclusive.
type LeaveSpan struct {
	Mulai   Date
	Selesai Date
	Jenis   string // LeaveCuti, LeaveSakit or LeaveDinasLuar
}

// IsLeave reports whether the span takes the person off work: every kind but
// dinas luar does (the same rule as the store's DayOff query), so an unknown
// kind is treated as leave and lowers the target rather than raising it.
func (l LeaveSpan) IsLeave() bool { return l.Jenis != LeaveDinasLuar }

// Covers reports whether d lies in the span. A reversed span covers nothing.
func (l LeaveSpan) Covers(d Date) bool { return !d.Before(l.Mulai) && !l.Selesai.Before(d) }

// DayOff is a working weekday that is not an available working day, with
// why: exactly one of Holiday and Leave is set.
type DayOff struct {
	Date    Date
	Holiday string // the holiday or cuti bersama's name, "" when it is leave
	Leave   string // the leave kind (cuti, sakit), "" when it is a holiday
}

// Calendar is one person's working calendar: the deployment's (or unit's)
// working weekdays, the imported national holidays and cuti bersama, and
// the person's leave. Rules.WorkingDays must be set (DefaultRules does).
type Calendar struct {
	Rules    Rules
	Holidays map[Date]string // holiday and cuti bersama names by date
	Leave    []LeaveSpan
}

// OffDay reports whether d, a working weekday, is taken off the person's
// available days, and why. A holiday wins over leave on the same day (it is
// off for everyone, so it is not spent as leave). Weekends and other
// non-working weekdays are never "off": they were not working days to begin
// with, so a holiday or leave falling on them subtracts nothing.
func (c Calendar) OffDay(d Date) (DayOff, bool) {
	if !c.Rules.IsWorkingWeekday(d) {
		return DayOff{}, false
	}
	if name, ok := c.Holidays[d]; ok {
		if name == "" {
			name = "libur"
		}
		return DayOff{Date: d, Holiday: name}, true
	}
	for _, l := range c.Leave {
		if l.IsLeave() && l.Covers(d) {
			kind := l.Jenis
			if kind == "" {
				kind = LeaveCuti
			}
			return DayOff{Date: d, Leave: kind}, true
		}
	}
	return DayOff{}, false
}

// IsAvailable reports whether the person is expected to work on d.
func (c Calendar) IsAvailable(d Date) bool {
	if !c.Rules.IsWorkingWeekday(d) {
		return false
	}
	_, off := c.OffDay(d)
	return !off
}

// AvailableDays counts the available working days from from to to
// (inclusive): working weekdays minus holidays and cuti bersama minus the
// person's leave days. off lists every working weekday that was subtracted,
// in date order, so days + len(off) is the number of working weekdays.
// A reversed range has no days.
func (c Calendar) AvailableDays(from, to Date) (days int, off []DayOff) {
	for d := from; !to.Before(d); d = d.AddDays(1) {
		if !c.Rules.IsWorkingWeekday(d) {
			continue
		}
		if o, isOff := c.OffDay(d); isOff {
			off = append(off, o)
			continue
		}
		days++
	}
	return days, off
}
