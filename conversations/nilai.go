package conversations

import (
	"context"
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

// maxOffShown is how many days off Kenapa? names one by one per month.
const maxOffShown = 10

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
	return scores{who: p, label: label, rhk: rhk, prod: ps.Productivity, capaian: ps.Capaian, tpp: ps.TPP}, nil
}

// round1 is a figure as chat shows it: one decimal, rounded half up
// (DOMAIN.md decision 14). The TPP band is looked up with the score at two
// decimals, and Kenapa? shows that score next to the band.
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
	return msg.Reply{
		Text: msg.T("score.summary",
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
func scoreWhy(ctx context.Context, c *Ctx, p *kinerja.Pegawai, kind byte, month kinerja.Date) (msg.Reply, error) {
	s, err := compute(ctx, c, p, kind, month)
	if err != nil {
		return msg.Reply{}, err
	}
	var lines msg.Lines
	for _, m := range s.prod.Months {
		var off msg.Inline
		for i, d := range m.Off {
			if i == maxOffShown {
				off = append(off, msg.T("score.off_more", "Count", len(m.Off)-i))
				break
			}
			why := leaveText(d.Leave)
			if d.Holiday != "" {
				why = msg.Plain(msg.Shorten(d.Holiday, 40))
			}
			off = append(off, msg.T("score.off_day", "Date", d.Date.FormatShort(), "Why", why))
		}
		offText := msg.T("score.none")
		if len(off) > 0 {
			offText = msg.T("score.plain", "Text", off)
		}
		rule := "score.rule_daily"
		if m.Rule == kinerja.TargetBulanan {
			rule = "score.rule_monthly"
		}
		lines = append(lines, msg.T("score.why_month",
			"Month", msg.Month(m.Month),
			"Working", m.WorkingDays, "Available", m.Available, "Off", offText,
			"Rule", msg.T(rule, "Daily", m.DailyTarget, "Monthly", m.MonthlyTarget, "Available", m.Available), "Target", m.Target,
			"Expected", m.ExpectedToDate))
	}
	var ind msg.Lines
	for _, r := range append(append([]kinerja.CapaianRHK{}, s.capaian.Utama.RHK...), s.capaian.Tambahan.RHK...) {
		for _, is := range r.Indikator {
			ind = append(ind, msg.T("score.why_indikator",
				"Kode", r.Kode, "Teks", msg.Shorten(is.Indikator.Teks, 40),
				"Realisasi", round1(is.Realisasi.Nilai), "Count", len(is.Realisasi.IDs),
				"Target", targetText(is.Indikator), "Satuan", is.Indikator.Satuan,
				"Capaian", round1(is.Capaian.Nilai), "Rule", rumusText(is.Capaian),
				"Agregasi", agregasiText(is.Realisasi.Agregasi), "Jalur", jalurText(is.Expectation.Jalur)))
		}
	}
	const maxInd = 8
	if len(ind) > maxInd {
		ind = append(ind[:maxInd], msg.T("score.more_indikator", "Count", len(ind)-maxInd))
	}
	// Which reports counted: the approved minutes, newest last.
	byID := map[int64]kinerja.Aktivitas{}
	if all, err := c.d.Reports.AktivitasBetween(ctx, p.ID, s.prod.Months[0].Month, s.prod.Months[len(s.prod.Months)-1].Month.MonthEnd()); err == nil {
		for _, a := range all {
			byID[a.ID] = a
		}
	}
	var counted msg.Lines
	const maxCounted = 8
	for i, id := range s.prod.ApprovedIDs {
		if i == maxCounted {
			counted = append(counted, msg.T("score.more_reports", "Count", len(s.prod.ApprovedIDs)-maxCounted))
			break
		}
		if a, ok := byID[id]; ok {
			counted = append(counted, msg.T("score.counted_line", "Date", a.Tanggal.FormatShort(), "Menit", a.Menit, "Teks", msg.Shorten(a.Deskripsi, 40)))
		}
	}
	band := msg.T("score.none")
	if s.tpp.HasScore {
		band = msg.T("score.band", "Score", s.tpp.Lookup.Score, "Min", s.tpp.Lookup.Band.Min, "Persen", s.tpp.Lookup.Band.Persen)
	}
	return msg.Reply{Text: msg.T("score.why",
		"Period", s.label, "Months", lines,
		"Approved", s.prod.Approved, "Count", len(s.prod.ApprovedIDs), "Pending", s.prod.Pending, "PendingCount", len(s.prod.PendingIDs),
		"Target", s.prod.Target, "Raw", round1(s.prod.Raw), "Max", s.prod.Max, "Capped", s.prod.Capped,
		"Band", band, "Indikator", ind, "Counted", counted)}, nil
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

var rumusIDs = map[kinerja.CapaianRule]string{
	kinerja.RumusTurunSelisih: "score.rumus_turun_selisih",
	kinerja.RumusTurunRasio:   "score.rumus_turun_rasio",
	kinerja.RumusTurunNol:     "score.rumus_turun_nol",
	kinerja.RumusDalamRentang: "score.rumus_dalam_rentang",
}

func rumusText(c kinerja.Capaian) msg.Text {
	switch {
	case c.Status == kinerja.CapaianTanpaData:
		return msg.T("score.rumus_tanpa_data")
	case c.Status == kinerja.CapaianTanpaTarget || c.Status == kinerja.CapaianTidakValid:
		return msg.T("score.rumus_tanpa_target")
	}
	return msg.T(idOr(rumusIDs, c.Rule, "score.rumus_naik"))
}

// idOr is m's message ID for k, or otherwise.
func idOr[K comparable](m map[K]string, k K, otherwise string) string {
	if id, ok := m[k]; ok {
		return id
	}
	return otherwise
}

func agregasiText(a kinerja.Agregasi) msg.Text {
	if a == kinerja.AgregasiTerakhir {
		return msg.T("score.agregasi_terakhir")
	}
	return msg.T("score.agregasi_jumlah")
}
