package kinerja

import "math"

// JalurMenunggu: below the pace on approved minutes alone, on it once the
// minutes still waiting for a decision are approved (the person has done
// their part; the assessor has not decided yet).
const JalurMenunggu Jalur = "sesuai_bila_disetujui"

// Pace is where a period still running stands against the working days
// gone by, and where it is heading (issue 15: early in the month the whole
// month's target says nothing yet; the days so far do). It is indicative
// like every figure here, and none of it is the period's final score: that
// is Productivity once the period has ended.
type Pace struct {
	// Running is false once the period has ended on the business date: its
	// figures are then final (Productivity) and the rest of Pace is zero.
	Running bool
	Through Date // the last day counted as gone by: yesterday

	Target    int // the whole period's minutes target (months not begun included)
	Available int // available working days in the whole period
	Elapsed   int // of them, from the period's start through Through
	Remaining int // Available − Elapsed: today (when available) and the days after it
	Expected  int // minutes expected through Through (the months' ExpectedToDate)

	Approved int   // approved minutes dated in the period (today's included)
	Pending  int   // minutes dated in the period still waiting for a decision
	Jalur    Jalur // Approved against Expected; JalurMenunggu; JalurTanpaData while no working day has gone by; JalurTanpaTarget

	// HasProjection: at least one working day has gone by and there is a
	// target, so the minutes per day so far say where the period is heading.
	HasProjection  bool
	Projected      int       // minutes at the period's end if the pace holds (approved and waiting minutes alike)
	ProjectedNilai float64   // Projected as productivity, capped like Productivity.Nilai
	ProjectedTPP   TPPLookup // the TPP band of ProjectedNilai
}

// Gap is how many minutes the approved and waiting minutes are short of the
// expectation so far (0 when they are not).
func (p Pace) Gap() int { return max(p.Expected-p.Approved-p.Pending, 0) }

// PaceOf is the pace of the period made of months (their first days, in
// order) on the business date today, for the person of cal and their
// reports (only theirs; those outside the period are ignored). A period that
// has ended, or not begun, is not running.
//
// The expectation is the months' ExpectedToDate through yesterday (today's
// minutes are not in yet), the figure the weekly shortfall reminder uses.
// The projection spreads the minutes reported through yesterday over the
// working days gone by, and carries that rate to the period's end; minutes
// already reported for today replace today's share when they are more, so
// the projection never reads below what is already reported.
func PaceOf(cfg ScoreConfig, cal Calendar, months []Date, today Date, reports []Aktivitas) Pace {
	if len(months) == 0 {
		return Pace{}
	}
	start, end := months[0], months[len(months)-1].MonthEnd()
	p := Pace{Through: today.AddDays(-1)}
	if today.Before(start) || end.Before(today) {
		return p
	}
	p.Running = true
	for _, m := range months {
		mm := MonthTarget(cfg, cal, m, p.Through)
		p.Target += mm.Target
		p.Available += mm.Available
		p.Elapsed += mm.ElapsedDays
		p.Expected += mm.ExpectedToDate
	}
	p.Remaining = p.Available - p.Elapsed
	var throughYesterday int
	for _, a := range reports {
		if a.Tanggal.Before(start) || end.Before(a.Tanggal) {
			continue
		}
		minutes := max(a.Menit, 0)
		switch a.Status {
		case StatusDisetujui:
			p.Approved += minutes
		case StatusDiajukan:
			p.Pending += minutes
		default:
			continue
		}
		if !p.Through.Before(a.Tanggal) {
			throughYesterday += minutes
		}
	}
	switch {
	case p.Target <= 0:
		p.Jalur = JalurTanpaTarget
	case p.Elapsed == 0:
		p.Jalur = JalurTanpaData
	case p.Approved >= p.Expected:
		p.Jalur = JalurSesuai
	case p.Approved+p.Pending >= p.Expected:
		p.Jalur = JalurMenunggu
	default:
		p.Jalur = JalurTertinggal
	}
	if p.Target <= 0 || p.Elapsed == 0 {
		return p
	}
	rate := float64(throughYesterday) / float64(p.Elapsed)
	after := p.Remaining
	if cal.IsAvailable(today) {
		after-- // today's share: the rate, or what is already reported for today if more
	}
	projected := max(rate*float64(p.Available), float64(p.Approved+p.Pending)+rate*float64(max(after, 0)))
	p.HasProjection = true
	p.Projected = int(math.Floor(projected + 0.5))
	p.ProjectedNilai, _ = capAt(float64(p.Projected)*100/float64(p.Target), cfg.MaxProductivity)
	p.ProjectedTPP = cfg.TPPBands.Lookup(p.ProjectedNilai)
	return p
}

// BandAdvice is what the minutes must come to by a running period's end for
// a TPP band, and what that asks of each working day left.
type BandAdvice struct {
	Band   TPPBand
	Keep   bool // the projection already reaches Band (the top band): this is what holds it
	Need   int  // minutes needed by the period's end (approved)
	Short  int  // Need − (approved + waiting minutes), at least 0: 0 means reported already
	Days   int  // working days left (today included when available)
	PerDay int  // Short spread over Days, rounded up
}

// Advice is the BandAdvice of a running period whose TPP band comes from
// the minutes (cfg.TPPSource productivity): at the top band, what keeps it;
// otherwise the best band the days left can still reach at no more than the
// daily target a day, or, when that is no better than the projection, the
// next band above it. False when there is nothing to advise: the period has
// ended, the band comes from another score, there is no target, or no
// working day is left with minutes still short.
func (p Pace) Advice(cfg ScoreConfig) (BandAdvice, bool) {
	if !p.Running || p.Target <= 0 || cfg.TPPSource == TPPFromCapaianUtama || len(cfg.TPPBands) == 0 {
		return BandAdvice{}, false
	}
	advise := func(row int) (BandAdvice, bool) {
		a := BandAdvice{Band: cfg.TPPBands[row], Days: p.Remaining}
		need, ok := MinutesForScore(p.Target, a.Band.Min, cfg.MaxProductivity)
		if !ok {
			return a, false
		}
		a.Need, a.Short = need, max(need-p.Approved-p.Pending, 0)
		switch {
		case a.Short == 0:
		case a.Days <= 0:
			return a, false
		default:
			a.PerDay = (a.Short + a.Days - 1) / a.Days
		}
		return a, true
	}
	projected := len(cfg.TPPBands) // below every row: no projection yet
	if p.HasProjection {
		projected = p.ProjectedTPP.Row
	}
	if projected == 0 {
		a, ok := advise(0)
		a.Keep = true
		return a, ok
	}
	for row := 0; row < projected; row++ {
		if a, ok := advise(row); ok && a.PerDay <= cfg.DailyTargetMinutes {
			return a, true
		}
	}
	if projected < len(cfg.TPPBands) {
		return advise(projected - 1)
	}
	return advise(0)
}

// MinutesForScore is the least number of approved minutes whose
// productivity against target, as shown (rounded half up to one decimal),
// is at least score; false when no number of minutes reaches it (a score
// above the productivity cap, or no target).
func MinutesForScore(target int, score, maxProductivity float64) (int, bool) {
	if target <= 0 || !finite(score) || score > maxProductivity {
		return 0, false
	}
	shown := func(m int) float64 {
		v, _ := capAt(float64(m)*100/float64(target), maxProductivity)
		return RoundHalfUp(v, 1)
	}
	m := max(int(math.Ceil((score-0.05)*float64(target)/100)), 0)
	for m > 0 && shown(m-1) >= score {
		m--
	}
	for shown(m) < score {
		m++
	}
	return m, true
}
