package kinerja

import "testing"

// December 2026: 23 weekdays, 24 (cuti bersama) and 25 (Natal) off → 21
// available days, target 6300.
func TestPaceEarlyInTheMonth(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	cal := Calendar{Rules: DefaultRules(), Holidays: scHolidays2026(t)}
	dec := []Date{scDate(2026, 12, 1)}
	dec3 := scDate(2026, 12, 3)
	onPace := []Aktivitas{scReport(1, scDate(2026, 12, 1), StatusDisetujui, 300), scReport(2, scDate(2026, 12, 2), StatusDisetujui, 300)}

	p := PaceOf(cfg, cal, dec, dec3, onPace)
	if !p.Running || p.Through != scDate(2026, 12, 2) || p.Target != 6300 || p.Available != 21 || p.Elapsed != 2 || p.Remaining != 19 || p.Expected != 600 {
		t.Fatalf("3 December: %+v", p)
	}
	if p.Jalur != JalurSesuai || !p.HasProjection || p.Projected != 6300 || p.ProjectedNilai != 100 || p.ProjectedTPP.Band.Persen != 100 || p.Gap() != 0 {
		t.Errorf("on pace: %+v", p)
	}
	if a, ok := p.Advice(cfg); !ok || !a.Keep || a.Band.Persen != 100 || a.Need != 5667 || a.Short != 5067 || a.Days != 19 || a.PerDay != 267 {
		t.Errorf("advice on pace: %+v %v", a, ok)
	}

	// The second day still waits: on pace once it is approved.
	waiting := []Aktivitas{onPace[0], scReport(2, scDate(2026, 12, 2), StatusDiajukan, 300)}
	if p := PaceOf(cfg, cal, dec, dec3, waiting); p.Jalur != JalurMenunggu || p.Approved != 300 || p.Pending != 300 || p.Projected != 6300 {
		t.Errorf("waiting: %+v", p)
	}

	// Half the pace: behind by 300, heading for 3150 (50 % → TPP 40 %);
	// the top band is still in reach at under 300 minutes a day.
	half := []Aktivitas{scReport(1, scDate(2026, 12, 1), StatusDisetujui, 150), scReport(2, scDate(2026, 12, 2), StatusDisetujui, 150)}
	p = PaceOf(cfg, cal, dec, dec3, half)
	if p.Jalur != JalurTertinggal || p.Gap() != 300 || p.Projected != 3150 || p.ProjectedTPP.Band.Persen != 40 {
		t.Errorf("half the pace: %+v", p)
	}
	if a, ok := p.Advice(cfg); !ok || a.Keep || a.Band.Persen != 100 || a.Need != 5667 || a.Short != 5367 || a.PerDay != 283 {
		t.Errorf("advice at half the pace: %+v %v", a, ok)
	}

	// Half the pace until Monday 21 December (14 days gone by, 7 left):
	// heading for 3150 (TPP 40 %). 100 %, 85 % and 70 % would ask more than
	// 300 minutes a day (70 % from 4407 minutes: 330); 55 % (from 3777)
	// asks 1677 / 7 → 240.
	var late []Aktivitas
	for i, d := range []int{1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18} {
		late = append(late, scReport(int64(i+1), scDate(2026, 12, d), StatusDisetujui, 150))
	}
	p = PaceOf(cfg, cal, dec, scDate(2026, 12, 21), late)
	if p.Elapsed != 14 || p.Remaining != 7 || p.Projected != 3150 {
		t.Errorf("21 December: %+v", p)
	}
	if a, ok := p.Advice(cfg); !ok || a.Band.Persen != 55 || a.Need != 3777 || a.Short != 1677 || a.Days != 7 || a.PerDay != 240 {
		t.Errorf("advice on 21 December: %+v %v", a, ok)
	}

	// Minutes already reported for today count when they beat the rate;
	// the projection never reads below what is reported.
	today := append(half, scReport(3, dec3, StatusDiajukan, 600))
	if p := PaceOf(cfg, cal, dec, dec3, today); p.Projected != 900+150*18 {
		t.Errorf("with today's minutes: %+v", p)
	}

	// Far behind with one day left: the next band above the projection,
	// even when it asks more than a day's target.
	var last []Aktivitas
	for i, d := range []int{1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 28, 29, 30} {
		last = append(last, scReport(int64(i+1), scDate(2026, 12, d), StatusDisetujui, 150))
	}
	p = PaceOf(cfg, cal, dec, scDate(2026, 12, 31), last)
	if a, ok := p.Advice(cfg); !ok || p.ProjectedTPP.Band.Persen != 40 || a.Band.Persen != 55 || a.Days != 1 || a.PerDay != 777 {
		t.Errorf("advice on 31 December: %+v %v (%+v)", a, ok, p)
	}

	// 1 December: no working day has gone by; no projection, and the
	// advice aims at the top band over the whole month.
	p = PaceOf(cfg, cal, dec, scDate(2026, 12, 1), nil)
	if !p.Running || p.Elapsed != 0 || p.Jalur != JalurTanpaData || p.HasProjection {
		t.Errorf("1 December: %+v", p)
	}
	if a, ok := p.Advice(cfg); !ok || a.Keep || a.Band.Persen != 100 || a.PerDay != 270 || a.Days != 21 {
		t.Errorf("advice on 1 December: %+v %v", a, ok)
	}

	// An ended month is not running: its figures are final.
	if p := PaceOf(cfg, cal, []Date{scDate(2026, 11, 1)}, dec3, onPace); p.Running || p.HasProjection {
		t.Errorf("November on 3 December: %+v", p)
	}
	if _, ok := (Pace{}).Advice(cfg); ok {
		t.Error("advice for an ended period")
	}
	// The band from the capaian: the minutes give no advice.
	capaian := cfg
	capaian.TPPSource = TPPFromCapaianUtama
	if _, ok := PaceOf(capaian, cal, dec, dec3, onPace).Advice(capaian); ok {
		t.Error("minutes advice for a band read from the capaian")
	}
}

// A quarter's pace counts its months not begun yet in the target it heads
// for, and nothing of them as gone by.
func TestPaceOfAQuarter(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	cal := Calendar{Rules: DefaultRules(), Holidays: scHolidays2026(t)}
	q4 := []Date{scDate(2026, 10, 1), scDate(2026, 11, 1), scDate(2026, 12, 1)}
	// Thursday 15 October: 1–14 October has 10 weekdays.
	p := PaceOf(cfg, cal, q4, scDate(2026, 10, 15), []Aktivitas{scReport(1, scDate(2026, 10, 14), StatusDisetujui, 3000)})
	if !p.Running || p.Elapsed != 10 || p.Expected != 3000 || p.Target != 6600+6300+6300 || p.Available != 22+21+21 || p.Jalur != JalurSesuai {
		t.Errorf("Q4 on 15 October: %+v", p)
	}
	if p.Projected != 300*64 {
		t.Errorf("Q4 projected %d", p.Projected)
	}
}

func TestMinutesForScore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		target int
		score  float64
		want   int
		ok     bool
	}{
		{6300, 90, 5667, true}, // 5667/6300 = 89.952… shown 90
		{6300, 0, 0, true},
		{5100, 90, 4588, true}, // 89.96 shown 90; 4587 is 89.94, shown 89.9
		{6300, 100, 6297, true},
		{6300, 101, 0, false}, // above the cap
		{0, 90, 0, false},
	}
	for _, tt := range tests {
		got, ok := MinutesForScore(tt.target, tt.score, 100)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MinutesForScore(%d, %v) = %d, %v; want %d, %v", tt.target, tt.score, got, ok, tt.want, tt.ok)
		}
		if ok && DefaultTPPTable().Lookup(float64(got)*100/float64(tt.target)).Score < tt.score {
			t.Errorf("%d minutes of %d do not show %v", got, tt.target, tt.score)
		}
	}
}
