package kinerja

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestTargetMinutes(t *testing.T) {
	t.Parallel()
	def := DefaultScoreConfig()
	custom := def
	custom.DailyTargetMinutes, custom.MonthlyTargetMinutes = 330, 7000
	tests := []struct {
		cfg       ScoreConfig
		available int
		want      int
		rule      TargetRule
	}{
		{def, 17, 5100, TargetHarian}, // March 2026 (decision 3)
		{def, 14, 4200, TargetHarian},
		{def, 22, 6600, TargetHarian},
		{def, 23, 6750, TargetBulanan}, // 6,900 capped by the monthly target
		{def, 0, 0, TargetHarian},      // a month of leave
		{def, -3, 0, TargetHarian},
		{custom, 21, 6930, TargetHarian},
		{custom, 22, 7000, TargetBulanan},
	}
	for _, tt := range tests {
		if got := TargetMinutes(tt.cfg, tt.available); got != tt.want {
			t.Errorf("TargetMinutes(%d/%d, %d) = %d, want %d", tt.cfg.DailyTargetMinutes, tt.cfg.MonthlyTargetMinutes, tt.available, got, tt.want)
		}
		if _, rule := targetMinutes(tt.cfg, tt.available); rule != tt.rule {
			t.Errorf("rule for %d days = %s, want %s", tt.available, rule, tt.rule)
		}
	}
}

// scLeaveMarch is the person of the tests: cuti 2–4 March, dinas luar 5 March.
func scLeaveMarch() []LeaveSpan {
	return []LeaveSpan{
		{Mulai: scDate(2026, 3, 2), Selesai: scDate(2026, 3, 4), Jenis: LeaveCuti},
		{Mulai: scDate(2026, 3, 5), Selesai: scDate(2026, 3, 5), Jenis: LeaveDinasLuar},
	}
}

func TestMonthTargetProRating(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	hol := scHolidays2026(t)
	onLeave := Calendar{Rules: DefaultRules(), Holidays: hol, Leave: scLeaveMarch()}
	everyone := Calendar{Rules: DefaultRules(), Holidays: hol}
	tests := []struct {
		name     string
		cal      Calendar
		month    Date
		through  Date
		target   int
		elapsed  int
		expected int
	}{
		{"before the month", onLeave, scDate(2026, 3, 15), scDate(2026, 2, 28), 4200, 0, 0},
		{"first day is leave", onLeave, scDate(2026, 3, 1), scDate(2026, 3, 2), 4200, 0, 0},
		{"dinas luar counts as work", onLeave, scDate(2026, 3, 1), scDate(2026, 3, 5), 4200, 1, 300},
		{"10 March", onLeave, scDate(2026, 3, 1), scDate(2026, 3, 10), 4200, 4, 1200},
		{"17 March, before the holidays", onLeave, scDate(2026, 3, 1), scDate(2026, 3, 17), 4200, 9, 2700},
		{"24 March, the holidays add nothing", onLeave, scDate(2026, 3, 1), scDate(2026, 3, 24), 4200, 9, 2700},
		{"month end", onLeave, scDate(2026, 3, 31), scDate(2026, 3, 31), 4200, 14, 4200},
		{"after the month", onLeave, scDate(2026, 3, 1), scDate(2026, 4, 6), 4200, 14, 4200},
		{"holidays only", everyone, scDate(2026, 3, 1), scDate(2026, 3, 13), 5100, 10, 3000},
		// July 2026: 23 working days, no holiday → 6,900 capped at 6,750;
		// 8 days by the 10th → 6,750 × 8 / 23 = 2,347.8 → 2,348.
		{"monthly cap pro-rated", everyone, scDate(2026, 7, 1), scDate(2026, 7, 10), 6750, 8, 2348},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := MonthTarget(cfg, tt.cal, tt.month, tt.through)
			if m.Target != tt.target || m.ElapsedDays != tt.elapsed || m.ExpectedToDate != tt.expected {
				t.Errorf("target %d, elapsed %d, expected %d; want %d, %d, %d",
					m.Target, m.ElapsedDays, m.ExpectedToDate, tt.target, tt.elapsed, tt.expected)
			}
			if m.Month != tt.month.MonthStart() || m.WorkingDays != m.Available+len(m.Off) || m.Through != tt.through {
				t.Errorf("explanation: %+v", m)
			}
		})
	}
	m := MonthTarget(cfg, onLeave, scDate(2026, 3, 1), scDate(2026, 3, 31))
	if m.WorkingDays != 22 || m.Available != 14 || len(m.Off) != 8 || m.Rule != TargetHarian || m.DailyTarget != 300 || m.MonthlyTarget != 6750 {
		t.Errorf("March explanation: %+v", m)
	}
}

func scReport(id int64, day Date, status Status, menit int) Aktivitas {
	return Aktivitas{ID: id, PegawaiID: 7, Tanggal: day, Kategori: KategoriRHK, RHKID: 1, Status: status, Menit: menit, Volume: 1}
}

func TestProductivityMarchWithHolidaysAndLeave(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	cal := Calendar{Rules: DefaultRules(), Holidays: scHolidays2026(t), Leave: scLeaveMarch()}
	reports := []Aktivitas{
		scReport(26, scDate(2026, 4, 1), StatusDisetujui, 300),  // next month
		scReport(25, scDate(2026, 2, 27), StatusDisetujui, 300), // last month
		scReport(1, scDate(2026, 3, 5), StatusDisetujui, 300),   // dinas luar
	}
	id := int64(2)
	for _, d := range []int{6, 9, 10, 11, 12, 13, 16, 17} {
		reports = append(reports, scReport(id, scDate(2026, 3, d), StatusDisetujui, 300))
		id++
	}
	reports = append(reports,
		scReport(20, scDate(2026, 3, 21), StatusDisetujui, 120), // worked on Idulfitri (a Saturday): counts
		scReport(21, scDate(2026, 3, 25), StatusDiajukan, 300),
		scReport(22, scDate(2026, 3, 26), StatusDikembalikan, 240),
		scReport(23, scDate(2026, 3, 27), StatusDitolak, 300),
		scReport(24, scDate(2026, 3, 27), StatusDitarik, 200),
	)
	before := slices.Clone(reports)

	mid := MonthTarget(cfg, cal, scDate(2026, 3, 1), scDate(2026, 3, 17))
	p := ProductivityOf(cfg, reports, mid)
	if !slices.EqualFunc(reports, before, func(a, b Aktivitas) bool { return a.ID == b.ID }) {
		t.Error("the caller's slice was reordered")
	}
	if p.Target != 4200 || p.Approved != 2820 || p.Pending != 300 || p.Returned != 240 {
		t.Fatalf("target %d approved %d pending %d returned %d", p.Target, p.Approved, p.Pending, p.Returned)
	}
	if want := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 20}; !slices.Equal(p.ApprovedIDs, want) {
		t.Errorf("approved ids %v, want %v", p.ApprovedIDs, want)
	}
	if !slices.Equal(p.PendingIDs, []int64{21}) || !slices.Equal(p.ReturnedIDs, []int64{22}) {
		t.Errorf("pending %v returned %v", p.PendingIDs, p.ReturnedIDs)
	}
	if math.Abs(p.Raw-67.142857142857) > 1e-9 || p.Nilai != p.Raw || p.Capped || p.NoTarget || p.Max != 100 {
		t.Errorf("raw %v nilai %v capped %v", p.Raw, p.Nilai, p.Capped)
	}
	if p.ExpectedToDate != 2700 || p.Jalur != JalurSesuai {
		t.Errorf("expected %d jalur %s", p.ExpectedToDate, p.Jalur)
	}
	if len(p.Daily) != 11 || p.Daily[0] != (DayMinutes{scDate(2026, 3, 5), 300, 0}) ||
		p.Daily[9] != (DayMinutes{scDate(2026, 3, 21), 120, 0}) || p.Daily[10] != (DayMinutes{scDate(2026, 3, 25), 0, 300}) {
		t.Errorf("daily %v", p.Daily)
	}
	if tpp := IndicativeTPP(cfg, p, CapaianSKP{}); !tpp.HasScore || tpp.Lookup.Band.Persen != 55 || !tpp.Indicative {
		t.Errorf("TPP %+v", tpp)
	}

	end := MonthTarget(cfg, cal, scDate(2026, 3, 1), scDate(2026, 3, 31))
	if p := ProductivityOf(cfg, reports, end); p.ExpectedToDate != 4200 || p.Jalur != JalurTertinggal {
		t.Errorf("at month end: expected %d jalur %s", p.ExpectedToDate, p.Jalur)
	}
}

func TestProductivityEdges(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	hol := scHolidays2026(t)
	everyone := Calendar{Rules: DefaultRules(), Holidays: hol}
	march := MonthTarget(cfg, everyone, scDate(2026, 3, 1), scDate(2026, 3, 31)) // 5,100
	approved := func(minutes ...int) []Aktivitas {
		var out []Aktivitas
		for i, m := range minutes {
			out = append(out, scReport(int64(i+1), scDate(2026, 3, 2+i%5), StatusDisetujui, m))
		}
		return out
	}
	tests := []struct {
		name    string
		reports []Aktivitas
		raw     float64
		nilai   float64
		capped  bool
		band    float64
	}{
		{"nothing reported", nil, 0, 0, false, 0},
		{"exactly 90", approved(4000, 590), 90, 90, false, 100},
		{"just under 90, shown as 90", approved(4000, 589), 89.98039215686275, 89.98039215686275, false, 100},
		{"shown as 89,9", approved(4000, 586), 89.92156862745098, 89.92156862745098, false, 85},
		{"exactly the target", approved(5100), 100, 100, false, 100},
		{"over the target is capped", approved(5100, 510), 110, 100, true, 100},
		{"negative minutes count as none", approved(-300, 2550), 50, 50, false, 40},
	}
	for _, tt := range tests {
		p := ProductivityOf(cfg, tt.reports, march)
		if p.Raw != tt.raw || p.Nilai != tt.nilai || p.Capped != tt.capped || p.NoTarget {
			t.Errorf("%s: raw %v nilai %v capped %v; want %v %v %v", tt.name, p.Raw, p.Nilai, p.Capped, tt.raw, tt.nilai, tt.capped)
		}
		if tpp := IndicativeTPP(cfg, p, CapaianSKP{}); tpp.Lookup.Band.Persen != tt.band {
			t.Errorf("%s: band %v, want %v", tt.name, tpp.Lookup.Band.Persen, tt.band)
		}
	}

	// A month entirely on leave has no target: a defined zero, no band.
	allMonth := Calendar{Rules: DefaultRules(), Holidays: hol, Leave: []LeaveSpan{{scDate(2026, 2, 20), scDate(2026, 4, 10), LeaveCuti}}}
	none := MonthTarget(cfg, allMonth, scDate(2026, 3, 1), scDate(2026, 3, 31))
	p := ProductivityOf(cfg, approved(300), none)
	if none.Target != 0 || !p.NoTarget || p.Raw != 0 || p.Nilai != 0 || p.Jalur != JalurTanpaTarget || p.Approved != 300 {
		t.Errorf("no target: %+v", p)
	}
	if tpp := IndicativeTPP(cfg, p, CapaianSKP{}); tpp.HasScore || !tpp.Indicative {
		t.Errorf("no target gives a band: %+v", tpp)
	}
	if p := ProductivityOf(cfg, approved(300)); !p.NoTarget || p.Approved != 0 {
		t.Errorf("no month: %+v", p)
	}

	// A higher cap keeps over-achievement visible.
	loose := cfg
	loose.MaxProductivity = 150
	if p := ProductivityOf(loose, approved(5100, 2550), march); p.Nilai != 150 || p.Raw != 150 || p.Capped {
		t.Errorf("cap 150: %+v", p)
	}
}

func TestProductivityOverAQuarter(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	cal := Calendar{Rules: DefaultRules(), Holidays: scHolidays2026(t)}
	through := scDate(2026, 3, 31)
	var months []MonthMinutes
	for m := scDate(2026, 1, 1); m.Month <= time.March; m = m.AddMonths(1) {
		months = append(months, MonthTarget(cfg, cal, m, through))
	}
	// January: 22 weekdays − 1 and 16 Jan = 20 → 6,000; February: 20 − Imlek
	// (16, 17) = 18 → 5,400; March: 17 → 5,100.
	if months[0].Target != 6000 || months[1].Target != 5400 || months[2].Target != 5100 {
		t.Fatalf("targets %d %d %d", months[0].Target, months[1].Target, months[2].Target)
	}
	reports := []Aktivitas{
		scReport(1, scDate(2026, 1, 5), StatusDisetujui, 8250),
		scReport(2, scDate(2026, 2, 2), StatusDisetujui, 4125),
		scReport(3, scDate(2026, 3, 2), StatusDisetujui, 4125),
		scReport(4, scDate(2026, 4, 1), StatusDisetujui, 9999),
	}
	p := ProductivityOf(cfg, reports, months...)
	if p.Target != 16500 || p.ExpectedToDate != 16500 || p.Approved != 16500 || p.Nilai != 100 || p.Jalur != JalurSesuai {
		t.Errorf("quarter: %+v", p)
	}
}

func TestProrate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ total, part, whole, want int }{
		{5100, 0, 17, 0}, {5100, 1, 17, 300}, {5100, 17, 17, 5100}, {5100, 20, 17, 5100},
		{6750, 1, 23, 293}, {6750, 8, 23, 2348}, {6750, 22, 23, 6457}, {0, 3, 0, 0}, {100, 1, 8, 13},
	} {
		if got := prorate(tt.total, tt.part, tt.whole); got != tt.want {
			t.Errorf("prorate(%d, %d, %d) = %d, want %d", tt.total, tt.part, tt.whole, got, tt.want)
		}
	}
}
