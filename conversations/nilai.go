package conversations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /nilai: where a person stands — productivity minutes against the month's
// target, the capaian of each RHK, the indicative TPP band — for this month
// by default, an earlier month or the quarter on request; "Kenapa?" shows
// how each figure came about; "Grafik" sends it as pictures. An assessor
// sees the same for each person of their team, and the team at a glance.
// Everything is indicative until the assessor rates the period.

// Scores is what /nilai reads besides the reports.
type Scores interface {
	HolidaysBetween(ctx context.Context, from, to kinerja.Date) (map[kinerja.Date]string, error)
	LeaveOf(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.LeaveSpan, error)
	// Subordinates are the people whose reports viewerID may decide today.
	Subordinates(ctx context.Context, viewerID int64, today kinerja.Date) ([]kinerja.Pegawai, error)
}

func nilaiCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	r, err := scoreView(ctx, c, c.User.Pegawai, 'm', c.Today().MonthStart())
	return Result{Replies: []msg.Reply{r}}, err
}

func scoreCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	arg := in.Callback.Arg
	if len(arg) < 7 {
		return expired()
	}
	kind, rest := arg[0], arg[1:]
	sub := byte('m')
	if kind == 'w' || kind == 'g' {
		sub, rest = rest[0], rest[1:]
	}
	month, ok := msg.ParseMonthCode(rest)
	if !ok || c.Today().MonthStart().Before(month) || (sub != 'm' && sub != 'q') {
		return expired()
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
			return Result{Answer: &msg.Text{ID: "score.forbidden"}}, nil
		}
	}
	switch kind {
	case 'm', 'q':
		r, err := scoreView(ctx, c, p, kind, month)
		r.Edit = true
		return Result{Replies: []msg.Reply{r}}, err
	case 'o': // opened from the team list: a message of its own
		r, err := scoreView(ctx, c, p, 'm', month)
		return Result{Replies: []msg.Reply{r}}, err
	case 'w':
		r, err := scoreWhy(ctx, c, p, sub, month)
		return Result{Replies: []msg.Reply{r}}, err
	case 'g':
		r, err := scoreCharts(ctx, c, p, sub, month)
		return Result{Replies: r}, err
	case 't':
		r, err := teamView(ctx, c, month)
		return Result{Replies: r}, err
	}
	return expired()
}

// scores is everything computed for one person and one period.
type scores struct {
	who     *kinerja.Pegawai
	label   msg.Text // the period's name
	prod    kinerja.Productivity
	capaian kinerja.CapaianSKP
	tpp     kinerja.TPP
	pace    kinerja.Pace // while the period runs
	rhk     []kinerja.RHK
}

// scoreMonths are the months of kind 'm' (month itself) or 'q' (the
// quarter holding it), with the period's name.
func scoreMonths(kind byte, month kinerja.Date) ([]kinerja.Date, msg.Text) {
	if kind == 'q' {
		first := kinerja.Date{Year: month.Year, Month: time.Month((int(month.Month)-1)/3*3 + 1), Day: 1}
		return []kinerja.Date{first, first.AddMonths(1), first.AddMonths(2)}, msg.Quarter(first)
	}
	return []kinerja.Date{month}, msg.Month(month)
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
	months, label := scoreMonths(kind, month)
	from, to := months[0], months[len(months)-1].MonthEnd()
	leave, err := c.d.Scores.LeaveOf(ctx, p.ID, from, to)
	if err != nil {
		return scores{}, err
	}
	cal := kinerja.Calendar{Rules: c.d.Rules, Holidays: holidays, Leave: leave}
	// Capaian compares with the annual target: reports since 1 January.
	reports, err := c.d.Reports.AktivitasBetween(ctx, p.ID, kinerja.Date{Year: month.Year, Month: 1, Day: 1}, to)
	if err != nil {
		return scores{}, err
	}
	rhk, err := c.d.Reports.ActiveRHK(ctx, p.ID, month.Year)
	if err != nil {
		return scores{}, err
	}
	ps := kinerja.ScorePeriod(c.d.Score, cal, months, c.Today(), reports, rhk)
	return scores{who: p, label: label, rhk: rhk, prod: ps.Productivity, capaian: ps.Capaian, tpp: ps.TPP, pace: ps.Pace}, nil
}

// round1 is a figure as chat shows it: one decimal, rounded half up
// (DOMAIN.md decision 14), the rule the TPP band is looked up with too, so
// a figure reads the same wherever it is shown.
func round1(v float64) float64 { return kinerja.RoundHalfUp(v, 1) }

func pct(g kinerja.CapaianGroup) msg.Text {
	if !g.HasScore {
		return msg.T("score.none")
	}
	return msg.T("score.percent", "Value", round1(g.Nilai))
}

func scoreView(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (msg.Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return msg.Reply{}, err
	}
	var lines msg.Lines
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		v := msg.T("score.none")
		if r.HasScore {
			v = msg.T("score.percent", "Value", round1(r.Nilai))
		}
		lines = append(lines, msg.T("score.rhk_line", "Kode", r.Kode, "Teks", msg.Shorten(rhkText(s.rhk, r.RHKID), 50), "Capaian", v))
	}
	if len(lines) == 0 {
		lines = append(lines, msg.T("score.no_skp", "Year", month.Year))
	}
	tpp := msg.T("score.none")
	if s.tpp.HasScore {
		tpp = msg.T("score.percent", "Value", s.tpp.Lookup.Band.Persen)
	}
	if s.pace.Running {
		tpp = runningTPP(s)
	}
	predikat := msg.T("score.not_rated")
	// The predikat of the period shown, when periods of that length are rated.
	if c.d.Ratings != nil && (c.d.RatingQuarterly || kind == 'm') {
		if pred, ok, err := c.d.Ratings.PredikatOf(ctx, p.ID, month); err != nil {
			return msg.Reply{}, err
		} else if ok {
			predikat = msg.T("score.rated", "Predikat", msg.T(pred.MessageID()))
		}
	}
	jalur := jalurText(s.prod.Jalur)
	if s.prod.NoTarget {
		jalur = msg.T("score.no_target")
	}
	who := msg.Text{}
	if p.ID != c.User.Pegawai.ID {
		who = msg.T("score.of", "Nama", p.Nama)
	}
	id := p.ID
	if id == c.User.Pegawai.ID {
		id = 0
	}
	mc := msg.MonthCode(month)
	prev := month.AddMonths(-1)
	other := byte('q')
	otherLabel := msg.T("score.button_quarter")
	if kind == 'q' {
		other, otherLabel = 'm', msg.T("score.button_month")
	}
	rows := [][]msg.Button{
		{
			{Label: msg.T("score.button_why"), Data: msg.Callback{Op: msg.OpScore, ID: id, Arg: "w" + string(kind) + mc}},
			{Label: msg.T("score.button_chart"), Data: msg.Callback{Op: msg.OpScore, ID: id, Arg: "g" + string(kind) + mc}},
		},
		{
			{Label: msg.T("score.button_prev", "Month", msg.Month(prev)), Data: msg.Callback{Op: msg.OpScore, ID: id, Arg: "m" + msg.MonthCode(prev)}},
			{Label: otherLabel, Data: msg.Callback{Op: msg.OpScore, ID: id, Arg: string(other) + mc}},
		},
	}
	if next := month.AddMonths(1); !c.Today().Before(next) {
		rows[1] = append(rows[1], msg.Button{Label: msg.T("score.button_next"), Data: msg.Callback{Op: msg.OpScore, ID: id, Arg: "m" + msg.MonthCode(next)}})
	}
	if id == 0 && c.User.Pegawai.IsAssessor {
		rows = append(rows, []msg.Button{{Label: msg.T("score.button_team"), Data: msg.Callback{Op: msg.OpScore, Arg: "t" + mc}}})
	}
	text := msg.T("score.summary",
		"Who", who, "Period", s.label,
		"Nilai", round1(s.prod.Nilai), "Approved", s.prod.Approved, "Target", s.prod.Target, "Pending", s.prod.Pending,
		"Jalur", jalur, "Utama", pct(s.capaian.Utama), "Tambahan", pct(s.capaian.Tambahan), "RHK", lines, "TPP", tpp,
		"Predikat", predikat)
	if s.pace.Running {
		// Early in a period its whole target says nothing yet: the pace
		// over the working days gone by, where it is heading, then the
		// figure so far (issue 15).
		text = msg.T("score.summary_running",
			"Who", who, "Period", s.label, "Minutes", paceLines(s),
			"Utama", pct(s.capaian.Utama), "Tambahan", pct(s.capaian.Tambahan), "RHK", lines, "TPP", tpp,
			"Predikat", predikat)
	}
	return msg.Reply{Text: text, Buttons: rows}, nil
}

// paceLines are the minutes of a running period: the pace against the
// working days gone by, the projection to the period's end, the figure so
// far.
func paceLines(s scores) msg.Lines {
	p := s.pace
	var out msg.Lines
	switch p.Jalur {
	case kinerja.JalurSesuai:
		out = append(out, msg.T("score.pace_sesuai", "Count", p.Elapsed, "Expected", p.Expected))
	case kinerja.JalurMenunggu:
		out = append(out, msg.T("score.pace_menunggu", "Count", p.Elapsed, "Expected", p.Expected, "Pending", p.Pending))
	case kinerja.JalurTertinggal:
		out = append(out, msg.T("score.pace_tertinggal", "Count", p.Elapsed, "Expected", p.Expected, "Gap", p.Gap()))
	case kinerja.JalurTanpaData:
		out = append(out, msg.T("score.pace_start"))
	default:
		out = append(out, msg.T("score.no_target"))
	}
	if p.HasProjection {
		out = append(out, msg.T("score.projection", "Period", s.label, "Projected", p.Projected, "Target", p.Target, "Pending", p.Pending))
	}
	return append(out, msg.T("score.so_far",
		"Nilai", round1(s.prod.Nilai), "Approved", s.prod.Approved, "Target", s.prod.Target, "Pending", s.prod.Pending))
}

// runningTPP is the TPP band of a running period: a projection when it
// comes from the minutes, the band so far (provisional) when it comes from
// the capaian.
func runningTPP(s scores) msg.Text {
	switch {
	case !s.tpp.HasScore:
		return msg.T("score.none")
	case s.tpp.Source == kinerja.TPPFromCapaianUtama:
		return msg.T("score.tpp_sementara", "Persen", s.tpp.Lookup.Band.Persen)
	case s.pace.HasProjection:
		return msg.T("score.tpp_projected", "Persen", s.pace.ProjectedTPP.Band.Persen)
	}
	return msg.T("score.tpp_later")
}

func rhkText(list []kinerja.RHK, id int64) string {
	for _, r := range list {
		if r.ID == id {
			return r.Teks
		}
	}
	return ""
}

// scoreWhy explains the figures in a few lines a staff member can act on
// (issue 15): where the minutes target comes from, the minutes against the
// pace (or the final figure of an ended period), what a working day must
// bring to keep or reach a TPP band, and each indikator against its annual
// target and its pace, those behind first when not all fit. Figures read
// as /nilai shows them.
func scoreWhy(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (msg.Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return msg.Reply{}, err
	}
	var lines msg.Lines
	for _, m := range s.prod.Months {
		lines = append(lines, whyTarget(m, len(s.prod.Months) > 1))
	}
	lines = append(lines, whyMinutes(c, s)...)
	lines = append(lines, whyCapaian(s)...)
	return msg.Reply{Text: msg.T("score.why", "Period", s.label, "Lines", lines)}, nil
}

// maxOffShown is how many days off Kenapa? names one by one per month.
const maxOffShown = 6

// whyTarget is one month's minutes target and the days that reduced it.
func whyTarget(m kinerja.MonthMinutes, named bool) msg.Text {
	var dates []string
	for i, d := range m.Off {
		if i == maxOffShown {
			dates = append(dates, "+"+strconv.Itoa(len(m.Off)-i))
			break
		}
		dates = append(dates, d.Date.FormatShort())
	}
	off := msg.Text{}
	if len(dates) > 0 {
		off = msg.T("score.why_off", "Dates", strings.Join(dates, ", "))
	}
	rule := msg.T("score.rule_daily", "Daily", m.DailyTarget, "Available", m.Available)
	if m.Rule == kinerja.TargetBulanan {
		rule = msg.T("score.rule_monthly", "Monthly", m.MonthlyTarget)
	}
	name := msg.Text{}
	if named {
		name = msg.T("score.why_month_name", "Month", msg.Month(m.Month))
	}
	return msg.T("score.why_target", "Month", name, "Rule", rule, "Target", m.Target, "Off", off)
}

// whyMinutes is the minutes against the pace and the projection with the
// advice while the period runs; the final figure, and what the reports
// still waiting would make of it, once it has ended.
func whyMinutes(c *Ctx, s scores) msg.Lines {
	if s.prod.NoTarget {
		return msg.Lines{msg.T("score.no_target")}
	}
	var out msg.Lines
	fromMinutes := s.tpp.Source != kinerja.TPPFromCapaianUtama
	p := s.pace
	if p.Running {
		if p.Elapsed > 0 {
			out = append(out, msg.T("score.why_pace", "Count", p.Elapsed, "Expected", p.Expected,
				"Approved", s.prod.Approved, "Nilai", round1(s.prod.Nilai), "Pending", s.prod.Pending))
		} else {
			out = append(out, msg.T("score.why_pace_start", "Approved", s.prod.Approved, "Pending", s.prod.Pending))
		}
		if p.HasProjection {
			tpp := msg.Text{}
			if fromMinutes {
				tpp = msg.T("score.why_band", "Persen", p.ProjectedTPP.Band.Persen)
			}
			out = append(out, msg.T("score.why_projection", "Projected", p.Projected, "Nilai", round1(p.ProjectedNilai), "TPP", tpp))
		}
		if a, ok := p.Advice(c.d.Score); ok {
			switch {
			case a.Short == 0:
				out = append(out, msg.T("score.why_advice_done", "Persen", a.Band.Persen))
			case a.Keep:
				out = append(out, msg.T("score.why_advice_keep", "Persen", a.Band.Persen, "PerDay", a.PerDay, "Count", a.Days))
			default:
				out = append(out, msg.T("score.why_advice_next", "Persen", a.Band.Persen, "PerDay", a.PerDay, "Count", a.Days))
			}
		}
	} else {
		tpp := msg.Text{}
		if fromMinutes && s.tpp.HasScore {
			tpp = msg.T("score.why_band", "Persen", s.tpp.Lookup.Band.Persen)
		}
		capped := msg.Text{}
		if s.prod.Capped {
			capped = msg.T("score.why_capped", "Max", s.prod.Max)
		}
		out = append(out, msg.T("score.why_final", "Approved", s.prod.Approved, "Target", s.prod.Target,
			"Nilai", round1(s.prod.Raw), "Capped", capped, "TPP", tpp))
		if s.prod.Pending > 0 {
			all := float64(s.prod.Approved+s.prod.Pending) * 100 / float64(s.prod.Target)
			all = min(all, s.prod.Max)
			tpp := msg.Text{}
			if fromMinutes {
				tpp = msg.T("score.why_band", "Persen", c.d.Score.TPPBands.Lookup(all).Band.Persen)
			}
			out = append(out, msg.T("score.why_final_pending", "Pending", s.prod.Pending, "Nilai", round1(all), "TPP", tpp))
		}
	}
	if !fromMinutes && s.tpp.HasScore {
		out = append(out, msg.T("score.why_tpp_capaian", "Nilai", round1(s.capaian.Utama.Nilai), "Persen", s.tpp.Lookup.Band.Persen))
	}
	return out
}

// maxIndikatorShown is how many indikator Kenapa? lists (those behind
// their pace first when there are more).
const maxIndikatorShown = 5

// whyCapaian is each indikator's realisation against its annual target,
// and what it lacks to be on pace.
func whyCapaian(s scores) msg.Lines {
	type entry struct {
		line   msg.Text
		behind bool
	}
	var all []entry
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		for _, is := range r.Indikator {
			line, behind := whyIndikator(r.Kode, is)
			all = append(all, entry{line, behind})
		}
	}
	if len(all) == 0 {
		return nil
	}
	shown := make([]bool, len(all))
	n := 0
	for _, behindFirst := range []bool{true, false} {
		for i, e := range all {
			if n < maxIndikatorShown && !shown[i] && (e.behind || !behindFirst) {
				shown[i] = true
				n++
			}
		}
	}
	out := msg.Lines{msg.T("score.why_capaian")}
	for i, e := range all {
		if shown[i] {
			out = append(out, e.line)
		}
	}
	if rest := len(all) - n; rest > 0 {
		out = append(out, msg.T("score.more_indikator", "Count", rest))
	}
	return out
}

// whyIndikator is one indikator's line, and whether it is behind its pace.
func whyIndikator(kode string, is kinerja.IndikatorScore) (msg.Text, bool) {
	teks := msg.Shorten(is.Indikator.Teks, 24)
	c, e := is.Capaian, is.Expectation
	switch {
	case c.Status == kinerja.CapaianTanpaTarget || c.Status == kinerja.CapaianTidakValid:
		return msg.T("score.why_indikator_other", "Kode", kode, "Teks", teks, "Why", msg.T("score.rumus_tanpa_target")), false
	case c.Status == kinerja.CapaianTanpaData && e.Jalur == kinerja.JalurTanpaData:
		return msg.T("score.why_indikator_other", "Kode", kode, "Teks", teks, "Why", msg.T("score.rumus_tanpa_data")), false
	}
	capped := msg.Text{}
	if c.Capped {
		capped = msg.T("score.why_capped", "Max", c.Max)
	}
	turun := msg.Text{}
	if is.Indikator.Arah == kinerja.ArahTurun {
		turun = msg.T("score.why_turun")
	}
	jalur := msg.T("score.why_jalur_ok")
	behind := e.Jalur == kinerja.JalurTertinggal
	switch {
	case behind && e.Prorated:
		jalur = msg.T("score.why_jalur_short", "Gap", round1(e.Expected-is.Realisasi.Nilai))
	case behind:
		jalur = msg.T("score.why_jalur_down", "Target", round1(e.Expected))
	case e.Jalur != kinerja.JalurSesuai:
		jalur = msg.Text{}
	}
	return msg.T("score.why_indikator", "Kode", kode, "Teks", teks,
		"Realisasi", round1(is.Realisasi.Nilai), "Target", targetText(is.Indikator), "Satuan", is.Indikator.Satuan, "Turun", turun,
		"Capaian", round1(c.Raw), "Capped", capped, "Jalur", jalur), behind
}

// targetText is an indikator's target: a number, or a range.
func targetText(ind kinerja.Indikator) msg.Text {
	if ind.TargetMin == ind.TargetMax {
		return msg.T("score.plain", "Text", ind.TargetMax)
	}
	return msg.T("score.range", "Min", ind.TargetMin, "Max", ind.TargetMax)
}

// scoreCharts draws the month's minutes per day against the daily target,
// and the capaian per RHK.
func scoreCharts(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) ([]msg.Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return nil, err
	}
	var out []msg.Reply
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
		var days []msg.ChartDay
		for d := m.Month; !m.Month.MonthEnd().Before(d); d = d.AddDays(1) {
			x := byDay[d]
			days = append(days, msg.ChartDay{Day: d.Day, Approved: x.Approved, Pending: x.Pending, Off: off[d] || !c.d.Rules.IsWorkingWeekday(d)})
		}
		daily := m.DailyTarget
		if m.Available > 0 {
			daily = (m.Target + m.Available/2) / m.Available // the monthly cap spread over the days
		}
		out = append(out, msg.Reply{Text: msg.T("score.chart_minutes_caption", "Period", s.label), Chart: &msg.Chart{
			Title: msg.T("score.chart_minutes", "Period", s.label), Days: days, DailyTarget: daily,
		}})
	}
	var bars []msg.ChartBar
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		bars = append(bars, msg.ChartBar{Label: r.Kode, Value: round1(r.Nilai)})
	}
	if len(bars) > 0 {
		out = append(out, msg.Reply{Text: msg.T("score.chart_capaian_caption", "Period", s.label), Chart: &msg.Chart{
			Title: msg.T("score.chart_capaian", "Period", s.label), Bars: bars, Reference: 100, BarsPercent: true,
		}})
	}
	if len(out) == 0 {
		return []msg.Reply{msg.Say("score.chart_nothing")}, nil
	}
	return out, nil
}

// teamView lists the assessor's team with each person's productivity, with
// a button to open each, and the team as a chart.
func teamView(ctx context.Context, c *Ctx, month kinerja.Date) ([]msg.Reply, error) {
	subs, err := c.d.Scores.Subordinates(ctx, c.User.Pegawai.ID, c.Today())
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return []msg.Reply{msg.Say("score.team_empty")}, nil
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
	var lines msg.Lines
	var rows [][]msg.Button
	var row []msg.Button
	var bars []msg.ChartBar
	for i := range subs {
		p := &subs[i]
		s, err := computeWith(ctx, c, p, 'm', month, holidays)
		if err != nil {
			return nil, err
		}
		lines = append(lines, msg.T("score.team_line", "N", i+1, "Nama", msg.Shorten(p.Nama, 40), "Nilai", round1(s.prod.Nilai), "Approved", s.prod.Approved, "Target", s.prod.Target, "Pending", s.prod.Pending))
		row = append(row, msg.Button{Label: msg.T("report.history_open", "N", i+1), Data: msg.Callback{Op: msg.OpScore, ID: p.ID, Arg: "o" + msg.MonthCode(month)}})
		if len(row) == 5 {
			rows, row = append(rows, row), nil
		}
		bars = append(bars, msg.ChartBar{Label: firstName(p.Nama), Value: round1(s.prod.Nilai)})
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if more > 0 {
		lines = append(lines, msg.T("score.team_more", "Count", more))
	}
	label := msg.Month(month)
	return []msg.Reply{
		{Text: msg.T("score.team", "Period", label, "Items", lines), Buttons: rows},
		{Text: msg.T("score.chart_team_caption", "Period", label), Chart: &msg.Chart{Title: msg.T("score.chart_team", "Period", label), Bars: bars, Reference: 100, BarsPercent: true}},
	}, nil
}

// firstName is a short label for a chart bar.
func firstName(nama string) string {
	for _, f := range strings.Fields(nama) {
		t := strings.TrimRight(f, ".,")
		if len(t) > 3 || !strings.ContainsAny(f, ".,") { // skip titles like "Dr." and "Ir."
			return msg.Shorten(t, 12)
		}
	}
	return msg.Shorten(nama, 12)
}

var jalurIDs = map[kinerja.Jalur]string{
	kinerja.JalurSesuai:     "score.jalur_sesuai",
	kinerja.JalurTertinggal: "score.jalur_tertinggal",
}

func jalurText(j kinerja.Jalur) msg.Text { return msg.T(idOr(jalurIDs, j, "score.jalur_none")) }

// idOr is m's message ID for k, or otherwise.
func idOr[K comparable](m map[K]string, k K, otherwise string) string {
	if id, ok := m[k]; ok {
		return id
	}
	return otherwise
}
