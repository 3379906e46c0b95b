package conversations

import (
	"context"
	"math"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
)

// /nilai: where a person stands — productivity minutes against the month's
// target, the capaian of each RHK, the indicative TPP band — for this month
// by default, an earlier month or the quarter on request; "Kenapa?" shows
// how each figure came about; "Grafik" sends it as pictures. An assessor
// sees the same for each person of their team, and the team at a glance.
// Everything is indicative until the assessor rates the period.

// OpScore is the callback operation of /nilai's buttons. ID is the person
// shown (0: oneself). Arg: a letter and a month yyyymm — m (the month), q
// (its quarter), o (the month, as a new message), w then m/q (why), g then
// m/q (charts), t (the team).
const OpScore = "nl"

// Scores is what /nilai reads besides the reports.
type Scores interface {
	HolidaysBetween(ctx context.Context, from, to kinerja.Date) (map[kinerja.Date]string, error)
	LeaveOf(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.LeaveSpan, error)
	// Subordinates are the people whose reports viewerID may decide today.
	Subordinates(ctx context.Context, viewerID int64, today kinerja.Date) ([]kinerja.Pegawai, error)
}

// Chart is a picture the bot draws and sends as a photo.
type Chart struct {
	Title       Text
	Days        []ChartDay // a month's minutes per day (a month chart)…
	DailyTarget int
	Bars        []ChartBar // …or bars (capaian per RHK, a team's productivity)
	Reference   float64    // a reference line for bars (100 %)
	BarsPercent bool
}

// ChartDay is one day of a month chart.
type ChartDay struct {
	Day               int
	Approved, Pending int
	Off               bool
}

// ChartBar is one bar.
type ChartBar struct {
	Label string
	Value float64
}

func nilaiCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	r, err := scoreView(ctx, c, c.User.Pegawai, 'm', c.Today().MonthStart())
	return Result{Replies: []Reply{r}}, err
}

// maxOffShown is how many days off Kenapa? names one by one per month.
const maxOffShown = 10

func monthCode(m kinerja.Date) string { return strconv.Itoa(m.Year*100 + int(m.Month)) }

func parseMonthCode(s string) (kinerja.Date, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 6 || n%100 < 1 || n%100 > 12 {
		return kinerja.Date{}, false
	}
	return kinerja.Date{Year: n / 100, Month: timeMonth(n % 100), Day: 1}, true
}

func scoreCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	arg := in.Callback.Arg
	if len(arg) < 7 {
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
	}
	kind, rest := arg[0], arg[1:]
	sub := byte('m')
	if kind == 'w' || kind == 'g' {
		sub, rest = rest[0], rest[1:]
	}
	month, ok := parseMonthCode(rest)
	if !ok || c.Today().MonthStart().Before(month) || (sub != 'm' && sub != 'q') {
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
	}
	// Whose figures: one's own, or (checked now, on the server) a person
	// of the team one assesses today.
	p := c.User.Pegawai
	if id := in.Callback.ID; id != 0 && id != p.ID {
		subs, err := c.d.Scores.Subordinates(ctx, p.ID, c.Today())
		if err != nil {
			return Result{}, err
		}
		p = nil
		for i := range subs {
			if subs[i].ID == id {
				p = &subs[i]
			}
		}
		if p == nil {
			return Result{Answer: &Text{ID: "score.forbidden"}}, nil
		}
	}
	switch kind {
	case 'm', 'q':
		r, err := scoreView(ctx, c, p, kind, month)
		r.Edit = true
		return Result{Replies: []Reply{r}}, err
	case 'o': // opened from the team list: a message of its own
		r, err := scoreView(ctx, c, p, 'm', month)
		return Result{Replies: []Reply{r}}, err
	case 'w':
		r, err := scoreWhy(ctx, c, p, sub, month)
		return Result{Replies: []Reply{r}}, err
	case 'g':
		r, err := scoreCharts(ctx, c, p, sub, month)
		return Result{Replies: r}, err
	case 't':
		r, err := teamView(ctx, c, month)
		return Result{Replies: r}, err
	}
	return Result{Answer: &Text{ID: "callback.expired"}}, nil
}

// scores is everything computed for one person and one period.
type scores struct {
	who     *kinerja.Pegawai
	label   Text // the period's name
	prod    kinerja.Productivity
	capaian kinerja.CapaianSKP
	tpp     kinerja.TPP
	rhk     []kinerja.RHK
}

// scoreMonths are the months of kind 'm' (month itself) or 'q' (the
// quarter holding it), with the period's name.
func scoreMonths(kind byte, month kinerja.Date) ([]kinerja.Date, Text) {
	if kind == 'q' {
		first := kinerja.Date{Year: month.Year, Month: timeMonth((int(month.Month)-1)/3*3 + 1), Day: 1}
		return []kinerja.Date{first, first.AddMonths(1), first.AddMonths(2)}, quarterText(first)
	}
	return []kinerja.Date{month}, monthText(month)
}

// compute loads and scores one person's month, or the quarter holding it.
func compute(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (scores, error) {
	months, _ := scoreMonths(kind, month)
	holidays, err := c.d.Scores.HolidaysBetween(ctx, months[0], months[len(months)-1].MonthEnd())
	if err != nil {
		return scores{}, err
	}
	return computeWith(ctx, c, p, kind, month, holidays)
}

// computeWith is compute with the period's holidays already loaded (a team
// shares them).
func computeWith(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date, holidays map[kinerja.Date]string) (scores, error) {
	today := c.Today()
	months, label := scoreMonths(kind, month)
	from, to := months[0], months[len(months)-1].MonthEnd()
	through := to
	if today.Before(through) {
		through = today
	}
	leave, err := c.d.Scores.LeaveOf(ctx, p.ID, from, to)
	if err != nil {
		return scores{}, err
	}
	cal := kinerja.Calendar{Rules: c.d.Rules, Holidays: holidays, Leave: leave}
	// The expectation counts the days that are over: through yesterday
	// while the period runs (today's minutes are not in yet).
	expectThrough := through
	if through == today {
		expectThrough = today.AddDays(-1)
	}
	var mm []kinerja.MonthMinutes
	for _, m := range months {
		if !today.Before(m) { // months not begun yet have no target so far
			mm = append(mm, kinerja.MonthTarget(c.d.Score, cal, m, expectThrough))
		}
	}
	// Capaian compares with the annual target: reports since 1 January.
	reports, err := c.d.Reports.AktivitasBetween(ctx, p.ID, kinerja.Date{Year: month.Year, Month: 1, Day: 1}, to)
	if err != nil {
		return scores{}, err
	}
	rhk, err := c.d.Reports.ActiveRHK(ctx, p.ID, month.Year)
	if err != nil {
		return scores{}, err
	}
	s := scores{who: p, label: label, rhk: rhk}
	s.prod = kinerja.ProductivityOf(c.d.Score, reports, mm...)
	s.capaian = kinerja.ScoreSKP(c.d.Score, kinerja.SKP{Tahun: month.Year, RHK: rhk}, reports, kinerja.WindowToDate(month.Year, through))
	s.tpp = kinerja.IndicativeTPP(c.d.Score, s.prod, s.capaian)
	return s, nil
}

// round1 keeps one decimal, cut rather than rounded, as the TPP band reads
// the score: 89.95 shows 89.9, never 90 next to an 85 % band.
func round1(v float64) float64 { return math.Floor(v*10+1e-9) / 10 }

func pct(g kinerja.CapaianGroup) Text {
	if !g.HasScore {
		return T("score.none")
	}
	return T("score.percent", "Value", round1(g.Nilai))
}

func scoreView(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return Reply{}, err
	}
	var lines Lines
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		v := T("score.none")
		if r.HasScore {
			v = T("score.percent", "Value", round1(r.Nilai))
		}
		lines = append(lines, T("score.rhk_line", "Kode", r.Kode, "Teks", truncate(rhkText(s.rhk, r.RHKID), 50), "Capaian", v))
	}
	if len(lines) == 0 {
		lines = append(lines, T("score.no_skp", "Year", month.Year))
	}
	tpp := T("score.none")
	if s.tpp.HasScore {
		tpp = T("score.percent", "Value", s.tpp.Lookup.Band.Persen)
	}
	predikat := T("score.not_rated")
	// The predikat of the period shown, when periods of that length are rated.
	if c.d.Ratings != nil && (c.d.RatingQuarterly || kind == 'm') {
		if pred, ok, err := c.d.Ratings.PredikatOf(ctx, p.ID, month); err != nil {
			return Reply{}, err
		} else if ok {
			predikat = T("score.rated", "Predikat", T(pred.MessageID()))
		}
	}
	jalur := jalurText(s.prod.Jalur)
	if s.prod.NoTarget {
		jalur = T("score.no_target")
	}
	who := Text{}
	if p.ID != c.User.Pegawai.ID {
		who = T("score.of", "Nama", p.Nama)
	}
	id := p.ID
	if id == c.User.Pegawai.ID {
		id = 0
	}
	mc := monthCode(month)
	prev := month.AddMonths(-1)
	other := byte('q')
	otherLabel := T("score.button_quarter")
	if kind == 'q' {
		other, otherLabel = 'm', T("score.button_month")
	}
	rows := [][]Button{
		{
			{Label: T("score.button_why"), Data: Callback{Op: OpScore, ID: id, Arg: "w" + string(kind) + mc}},
			{Label: T("score.button_chart"), Data: Callback{Op: OpScore, ID: id, Arg: "g" + string(kind) + mc}},
		},
		{
			{Label: T("score.button_prev", "Month", monthText(prev)), Data: Callback{Op: OpScore, ID: id, Arg: "m" + monthCode(prev)}},
			{Label: otherLabel, Data: Callback{Op: OpScore, ID: id, Arg: string(other) + mc}},
		},
	}
	if next := month.AddMonths(1); !c.Today().Before(next) {
		rows[1] = append(rows[1], Button{Label: T("score.button_next"), Data: Callback{Op: OpScore, ID: id, Arg: "m" + monthCode(next)}})
	}
	if id == 0 && c.User.Pegawai.IsAssessor {
		rows = append(rows, []Button{{Label: T("score.button_team"), Data: Callback{Op: OpScore, Arg: "t" + mc}}})
	}
	return Reply{
		Text: T("score.summary",
			"Who", who, "Period", s.label,
			"Nilai", round1(s.prod.Nilai), "Approved", s.prod.Approved, "Target", s.prod.Target, "Pending", s.prod.Pending,
			"Jalur", jalur, "Utama", pct(s.capaian.Utama), "Tambahan", pct(s.capaian.Tambahan), "RHK", lines, "TPP", tpp,
			"Predikat", predikat),
		Buttons: rows,
	}, nil
}

func rhkText(list []kinerja.RHK, id int64) string {
	for _, r := range list {
		if r.ID == id {
			return r.Teks
		}
	}
	return ""
}

// scoreWhy explains each figure: which days reduced the target and why,
// which reports counted, which rule applied.
func scoreWhy(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return Reply{}, err
	}
	var lines Lines
	for _, m := range s.prod.Months {
		var off Inline
		for i, d := range m.Off {
			if i == maxOffShown {
				off = append(off, T("score.off_more", "Count", len(m.Off)-i))
				break
			}
			why := leaveText(d.Leave)
			if d.Holiday != "" {
				why = T("score.plain", "Text", truncate(d.Holiday, 40))
			}
			off = append(off, T("score.off_day", "Date", d.Date.FormatShort(), "Why", why))
		}
		offText := T("score.none")
		if len(off) > 0 {
			offText = T("score.plain", "Text", off)
		}
		rule := "score.rule_daily"
		if m.Rule == kinerja.TargetBulanan {
			rule = "score.rule_monthly"
		}
		lines = append(lines, T("score.why_month",
			"Month", monthText(m.Month),
			"Working", m.WorkingDays, "Available", m.Available, "Off", offText,
			"Rule", T(rule, "Daily", m.DailyTarget, "Monthly", m.MonthlyTarget, "Available", m.Available), "Target", m.Target,
			"Expected", m.ExpectedToDate))
	}
	var ind Lines
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		for _, is := range r.Indikator {
			ind = append(ind, T("score.why_indikator",
				"Kode", r.Kode, "Teks", truncate(is.Indikator.Teks, 40),
				"Realisasi", round1(is.Realisasi.Nilai), "Count", len(is.Realisasi.IDs),
				"Target", targetText(is.Indikator), "Satuan", is.Indikator.Satuan,
				"Capaian", round1(is.Capaian.Nilai), "Rule", rumusText(is.Capaian),
				"Agregasi", agregasiText(is.Realisasi.Agregasi), "Jalur", jalurText(is.Expectation.Jalur)))
		}
	}
	const maxInd = 8
	if len(ind) > maxInd {
		ind = append(ind[:maxInd], T("score.more_indikator", "Count", len(ind)-maxInd))
	}
	// Which reports counted: the approved minutes, newest last.
	byID := map[int64]kinerja.Aktivitas{}
	if all, err := c.d.Reports.AktivitasBetween(ctx, p.ID, s.prod.Months[0].Month, s.prod.Months[len(s.prod.Months)-1].Month.MonthEnd()); err == nil {
		for _, a := range all {
			byID[a.ID] = a
		}
	}
	var counted Lines
	const maxCounted = 8
	for i, id := range s.prod.ApprovedIDs {
		if i == maxCounted {
			counted = append(counted, T("score.more_reports", "Count", len(s.prod.ApprovedIDs)-maxCounted))
			break
		}
		if a, ok := byID[id]; ok {
			counted = append(counted, T("score.counted_line", "Date", a.Tanggal.FormatShort(), "Menit", a.Menit, "Teks", truncate(a.Deskripsi, 40)))
		}
	}
	band := T("score.none")
	if s.tpp.HasScore {
		band = T("score.band", "Score", s.tpp.Lookup.Score, "Min", s.tpp.Lookup.Band.Min, "Persen", s.tpp.Lookup.Band.Persen)
	}
	return Reply{Text: T("score.why",
		"Period", s.label, "Months", lines,
		"Approved", s.prod.Approved, "Count", len(s.prod.ApprovedIDs), "Pending", s.prod.Pending, "PendingCount", len(s.prod.PendingIDs),
		"Target", s.prod.Target, "Raw", round1(s.prod.Raw), "Max", s.prod.Max, "Capped", s.prod.Capped,
		"Band", band, "Indikator", ind, "Counted", counted)}, nil
}

func targetText(ind kinerja.Indikator) string {
	f := func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }
	if ind.TargetMin == ind.TargetMax {
		return f(ind.TargetMax)
	}
	return f(ind.TargetMin) + "–" + f(ind.TargetMax)
}

// scoreCharts draws the month's minutes per day against the daily target,
// and the capaian per RHK.
func scoreCharts(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) ([]Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return nil, err
	}
	var out []Reply
	if kind == 'm' && len(s.prod.Months) == 1 {
		m := s.prod.Months[0]
		byDay := map[kinerja.Date]kinerja.DayMinutes{}
		for _, d := range s.prod.Daily {
			byDay[d.Date] = d
		}
		off := map[kinerja.Date]bool{}
		for _, d := range m.Off {
			off[d.Date] = true
		}
		var days []ChartDay
		for d := m.Month; !m.Month.MonthEnd().Before(d); d = d.AddDays(1) {
			x := byDay[d]
			days = append(days, ChartDay{Day: d.Day, Approved: x.Approved, Pending: x.Pending, Off: off[d] || !c.d.Rules.IsWorkingWeekday(d)})
		}
		daily := m.DailyTarget
		if m.Available > 0 {
			daily = (m.Target + m.Available/2) / m.Available // the monthly cap spread over the days
		}
		out = append(out, Reply{Text: T("score.chart_minutes_caption", "Period", s.label), Chart: &Chart{
			Title: T("score.chart_minutes", "Period", s.label), Days: days, DailyTarget: daily,
		}})
	}
	var bars []ChartBar
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		bars = append(bars, ChartBar{Label: r.Kode, Value: round1(r.Nilai)})
	}
	if len(bars) > 0 {
		out = append(out, Reply{Text: T("score.chart_capaian_caption", "Period", s.label), Chart: &Chart{
			Title: T("score.chart_capaian", "Period", s.label), Bars: bars, Reference: 100, BarsPercent: true,
		}})
	}
	if len(out) == 0 {
		return []Reply{Say("score.chart_nothing")}, nil
	}
	return out, nil
}

// teamView lists the assessor's team with each person's productivity, with
// a button to open each, and the team as a chart.
func teamView(ctx context.Context, c *Ctx, month kinerja.Date) ([]Reply, error) {
	subs, err := c.d.Scores.Subordinates(ctx, c.User.Pegawai.ID, c.Today())
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return []Reply{Say("score.team_empty")}, nil
	}
	const maxTeam = 25
	more := 0
	if len(subs) > maxTeam {
		subs, more = subs[:maxTeam], len(subs)-maxTeam
	}
	holidays, err := c.d.Scores.HolidaysBetween(ctx, month, month.MonthEnd())
	if err != nil {
		return nil, err
	}
	var lines Lines
	var rows [][]Button
	var row []Button
	var bars []ChartBar
	for i := range subs {
		p := &subs[i]
		s, err := computeWith(ctx, c, p, 'm', month, holidays)
		if err != nil {
			return nil, err
		}
		lines = append(lines, T("score.team_line", "N", i+1, "Nama", truncate(p.Nama, 40), "Nilai", round1(s.prod.Nilai), "Approved", s.prod.Approved, "Target", s.prod.Target, "Pending", s.prod.Pending))
		row = append(row, Button{Label: T("report.history_open", "N", i+1), Data: Callback{Op: OpScore, ID: p.ID, Arg: "o" + monthCode(month)}})
		if len(row) == 5 {
			rows, row = append(rows, row), nil
		}
		bars = append(bars, ChartBar{Label: firstName(p.Nama), Value: round1(s.prod.Nilai)})
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if more > 0 {
		lines = append(lines, T("score.team_more", "Count", more))
	}
	label := monthText(month)
	return []Reply{
		{Text: T("score.team", "Period", label, "Items", lines), Buttons: rows},
		{Text: T("score.chart_team_caption", "Period", label), Chart: &Chart{Title: T("score.chart_team", "Period", label), Bars: bars, Reference: 100, BarsPercent: true}},
	}, nil
}

// firstName is a short label for a chart bar.
func firstName(nama string) string {
	for _, f := range strings.Fields(nama) {
		t := strings.TrimRight(f, ".,")
		if len(t) > 3 || !strings.ContainsAny(f, ".,") { // skip titles like "Dr." and "Ir."
			return truncate(t, 12)
		}
	}
	return truncate(nama, 12)
}

func jalurText(j kinerja.Jalur) Text {
	switch j {
	case kinerja.JalurSesuai:
		return T("score.jalur_sesuai")
	case kinerja.JalurTertinggal:
		return T("score.jalur_tertinggal")
	}
	return T("score.jalur_none")
}

func rumusText(c kinerja.Capaian) Text {
	switch {
	case c.Status == kinerja.CapaianTanpaData:
		return T("score.rumus_tanpa_data")
	case c.Status == kinerja.CapaianTanpaTarget || c.Status == kinerja.CapaianTidakValid:
		return T("score.rumus_tanpa_target")
	}
	switch c.Rule {
	case kinerja.RumusTurunSelisih:
		return T("score.rumus_turun_selisih")
	case kinerja.RumusTurunRasio:
		return T("score.rumus_turun_rasio")
	case kinerja.RumusTurunNol:
		return T("score.rumus_turun_nol")
	case kinerja.RumusDalamRentang:
		return T("score.rumus_dalam_rentang")
	}
	return T("score.rumus_naik")
}

func agregasiText(a kinerja.Agregasi) Text {
	if a == kinerja.AgregasiTerakhir {
		return T("score.agregasi_terakhir")
	}
	return T("score.agregasi_jumlah")
}
