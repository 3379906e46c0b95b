package kinerja

// PeriodScore is one person's figures for a month or a quarter, as /nilai
// shows them and the monthly recap lists them: one computation for both, so
// the two never disagree.
type PeriodScore struct {
	Productivity Productivity
	Capaian      CapaianSKP
	TPP          TPP
	// Pace is where the period stands against the working days gone by,
	// while it runs (Pace.Running); an ended period has only its final
	// figures above.
	Pace Pace
}

// ScorePeriod scores the months given (their first days, in order) for the
// person of cal on the business date today: the minutes target of every
// month begun, with the expectation through yesterday while the period
// runs (today's minutes are not in yet); productivity from the reports
// dated in the months; the capaian of the year's RHK from the reports since
// 1 January through today or the period's end, whichever comes first
// (reports must cover that span; others are ignored); and, while the
// period runs, its pace (PaceOf).
func ScorePeriod(cfg ScoreConfig, cal Calendar, months []Date, today Date, reports []Aktivitas, rhk []RHK) PeriodScore {
	if len(months) == 0 {
		return PeriodScore{}
	}
	to := months[len(months)-1].MonthEnd()
	through := to
	if today.Before(through) {
		through = today
	}
	expectThrough := through
	if through == today {
		expectThrough = today.AddDays(-1)
	}
	var mm []MonthMinutes
	for _, m := range months {
		if !today.Before(m) { // months not begun yet have no target so far
			mm = append(mm, MonthTarget(cfg, cal, m, expectThrough))
		}
	}
	var s PeriodScore
	s.Productivity = ProductivityOf(cfg, reports, mm...)
	year := months[0].Year
	s.Capaian = ScoreSKP(cfg, SKP{Tahun: year, RHK: rhk}, reports, WindowToDate(year, through))
	s.TPP = IndicativeTPP(cfg, s.Productivity, s.Capaian)
	s.Pace = PaceOf(cfg, cal, months, today, reports)
	return s
}
