package kinerja

import (
	"math"
	"testing"
)

func TestCapaianOf(t *testing.T) {
	t.Parallel()
	def := DefaultScoreConfig() // cap 120, turun selisih
	rasio := def
	rasio.TurunRule = TurunRasio
	wide := def
	wide.MaxCapaian = 1000

	naik := func(min, max float64) Indikator {
		return Indikator{ID: 1, TargetMin: min, TargetMax: max, Satuan: "dokumen", Arah: ArahNaik}
	}
	turun := func(min, max float64) Indikator {
		return Indikator{ID: 2, TargetMin: min, TargetMax: max, Satuan: "hari", Arah: ArahTurun}
	}
	real := func(v float64) Realisasi { return Realisasi{Nilai: v, HasData: true} }

	tests := []struct {
		name     string
		cfg      ScoreConfig
		ind      Indikator
		r        Realisasi
		status   CapaianStatus
		rule     CapaianRule
		bound    RangeBound
		compared float64
		raw      float64
		nilai    float64
		capped   bool
		floored  bool
	}{
		// naik, single target
		{"naik zero realisation", def, naik(10, 10), real(0), CapaianOK, RumusNaik, "", 10, 0, 0, false, false},
		{"naik half", def, naik(10, 10), real(5), CapaianOK, RumusNaik, "", 10, 50, 50, false, false},
		{"naik met", def, naik(10, 10), real(10), CapaianOK, RumusNaik, "", 10, 100, 100, false, false},
		{"naik at the cap", def, naik(10, 10), real(12), CapaianOK, RumusNaik, "", 10, 120, 120, false, false},
		{"naik far above", def, naik(10, 10), real(50), CapaianOK, RumusNaik, "", 10, 500, 120, true, false},
		{"naik far above, cap 1000", wide, naik(1, 1), real(40), CapaianOK, RumusNaik, "", 1, 4000, 1000, true, false},
		{"naik thirds", def, naik(3, 3), real(1), CapaianOK, RumusNaik, "", 3, 100.0 / 3, 100.0 / 3, false, false},
		{"naik zero target", def, naik(0, 0), real(3), CapaianTanpaTarget, "", "", 0, 0, 0, false, false},
		{"naik zero target, zero realisation", def, naik(0, 0), real(0), CapaianTanpaTarget, "", "", 0, 0, 0, false, false},
		{"naik no data", def, naik(10, 10), Realisasi{}, CapaianTanpaData, "", "", 0, 0, 0, false, false},

		// turun, single target, the regional formula
		{"turun met", def, turun(10, 10), real(10), CapaianOK, RumusTurunSelisih, "", 10, 100, 100, false, false},
		{"turun better", def, turun(10, 10), real(9), CapaianOK, RumusTurunSelisih, "", 10, 110, 110, false, false},
		{"turun half: 150 capped", def, turun(10, 10), real(5), CapaianOK, RumusTurunSelisih, "", 10, 150, 120, true, false},
		{"turun zero realisation: 200 capped", def, turun(10, 10), real(0), CapaianOK, RumusTurunSelisih, "", 10, 200, 120, true, false},
		{"turun worse", def, turun(10, 10), real(15), CapaianOK, RumusTurunSelisih, "", 10, 50, 50, false, false},
		{"turun twice the target", def, turun(10, 10), real(20), CapaianOK, RumusTurunSelisih, "", 10, 0, 0, false, false},
		{"turun past twice: never negative", def, turun(10, 10), real(25), CapaianOK, RumusTurunSelisih, "", 10, 0, 0, false, true},
		{"turun zero target met", def, turun(0, 0), real(0), CapaianOK, RumusTurunNol, "", 0, 100, 100, false, false},
		{"turun zero target missed", def, turun(0, 0), real(1), CapaianOK, RumusTurunNol, "", 0, 0, 0, false, true},
		{"turun no data is not 200", def, turun(10, 10), Realisasi{}, CapaianTanpaData, "", "", 0, 0, 0, false, false},

		// turun, the ratio formula
		{"rasio met", rasio, turun(10, 10), real(10), CapaianOK, RumusTurunRasio, "", 10, 100, 100, false, false},
		{"rasio better", rasio, turun(10, 10), real(8), CapaianOK, RumusTurunRasio, "", 10, 125, 120, true, false},
		{"rasio worse", rasio, turun(10, 10), real(20), CapaianOK, RumusTurunRasio, "", 10, 50, 50, false, false},
		{"rasio far worse stays positive", rasio, turun(10, 10), real(1000), CapaianOK, RumusTurunRasio, "", 10, 1, 1, false, false},
		{"rasio zero realisation: the cap", rasio, turun(10, 10), real(0), CapaianOK, RumusTurunRasio, "", 10, 120, 120, true, false},
		{"rasio zero target", rasio, turun(0, 0), real(0), CapaianOK, RumusTurunNol, "", 0, 100, 100, false, false},

		// naik range 7–8
		{"naik range lower bound", def, naik(7, 8), real(7), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},
		{"naik range upper bound", def, naik(7, 8), real(8), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},
		{"naik range inside", def, naik(7, 8), real(7.5), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},
		{"naik range just below", def, naik(7, 8), real(6.93), CapaianOK, RumusNaik, BoundBawah, 7, 99, 99, false, false},
		{"naik range half the lower bound", def, naik(7, 8), real(3.5), CapaianOK, RumusNaik, BoundBawah, 7, 50, 50, false, false},
		{"naik range zero", def, naik(7, 8), real(0), CapaianOK, RumusNaik, BoundBawah, 7, 0, 0, false, false},
		{"naik range above", def, naik(7, 8), real(9), CapaianOK, RumusNaik, BoundAtas, 8, 112.5, 112.5, false, false},
		{"naik range far above", def, naik(7, 8), real(16), CapaianOK, RumusNaik, BoundAtas, 8, 200, 120, true, false},
		{"naik range from zero includes zero", def, naik(0, 5), real(0), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},

		// turun range 7–8 months (DOMAIN.md's example)
		{"turun range: 6.5 months against 7", def, turun(7, 8), real(6.5), CapaianOK, RumusTurunSelisih, BoundBawah, 7, 750.0 / 7, 750.0 / 7, false, false},
		{"turun range lower bound", def, turun(7, 8), real(7), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},
		{"turun range upper bound", def, turun(7, 8), real(8), CapaianOK, RumusDalamRentang, BoundDalam, 0, 100, 100, false, false},
		{"turun range above: against 8", def, turun(7, 8), real(9), CapaianOK, RumusTurunSelisih, BoundAtas, 8, 87.5, 87.5, false, false},
		{"turun range zero realisation", def, turun(7, 8), real(0), CapaianOK, RumusTurunSelisih, BoundBawah, 7, 200, 120, true, false},
		{"turun range far above", def, turun(7, 8), real(20), CapaianOK, RumusTurunSelisih, BoundAtas, 8, 0, 0, false, true},
		{"turun range, rasio", rasio, turun(7, 8), real(6.5), CapaianOK, RumusTurunRasio, BoundBawah, 7, 700 / 6.5, 700 / 6.5, false, false},

		// unusable input
		{"negative realisation", def, naik(10, 10), real(-1), CapaianTidakValid, "", "", 0, 0, 0, false, false},
		{"NaN realisation", def, naik(10, 10), real(math.NaN()), CapaianTidakValid, "", "", 0, 0, 0, false, false},
		{"infinite realisation", def, naik(10, 10), real(math.Inf(1)), CapaianTidakValid, "", "", 0, 0, 0, false, false},
		{"negative target", def, turun(-5, -5), real(1), CapaianTidakValid, "", "", 0, 0, 0, false, false},
		{"reversed range", def, naik(9, 8), real(8.5), CapaianTidakValid, "", "", 0, 0, 0, false, false},
		{"NaN target", def, naik(math.NaN(), 10), real(8.5), CapaianTidakValid, "", "", 0, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := CapaianOf(tt.cfg, tt.ind, tt.r)
			if c.Status != tt.status || c.Rule != tt.rule || c.Bound != tt.bound || c.Compared != tt.compared {
				t.Errorf("status %s rule %s bound %q compared %v; want %s %s %q %v",
					c.Status, c.Rule, c.Bound, c.Compared, tt.status, tt.rule, tt.bound, tt.compared)
			}
			if math.Abs(c.Raw-tt.raw) > 1e-9 || math.Abs(c.Nilai-tt.nilai) > 1e-9 || c.Capped != tt.capped || c.Floored != tt.floored {
				t.Errorf("raw %v nilai %v capped %v floored %v; want %v %v %v %v",
					c.Raw, c.Nilai, c.Capped, c.Floored, tt.raw, tt.nilai, tt.capped, tt.floored)
			}
			if c.Max != tt.cfg.MaxCapaian {
				t.Errorf("max %v", c.Max)
			}
		})
	}
}

// DOMAIN.md: "a lower-is-better target of 7–8 months, done in 6.5 months,
// is compared with 7: (1 + (1 − 6.5/7)) × 100% ≈ 107.1%".
func TestCapaianDomainExample(t *testing.T) {
	t.Parallel()
	ind := Indikator{TargetMin: 7, TargetMax: 8, Satuan: "bulan", Arah: ArahTurun}
	c := CapaianOf(DefaultScoreConfig(), ind, Realisasi{Nilai: 6.5, HasData: true})
	if math.Round(c.Nilai*10)/10 != 107.1 || c.Compared != 7 {
		t.Fatalf("%+v", c)
	}
}

func TestScoreRHKAndSKP(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	skp := SKP{ID: 5, Tahun: 2026, RHK: []RHK{
		{ID: 1, Kode: "U1", Jenis: RHKUtama, Indikator: []Indikator{
			{ID: 11, RHKID: 1, TargetMin: 12, TargetMax: 12, Satuan: "laporan", Arah: ArahNaik},
			{ID: 12, RHKID: 1, TargetMin: 7, TargetMax: 8, Satuan: "bulan", Arah: ArahTurun},
			{ID: 13, RHKID: 1, TargetMin: 0, TargetMax: 0, Satuan: "dokumen", Arah: ArahNaik}, // no target: left out
		}},
		{ID: 2, Kode: "U2", Jenis: "", Indikator: []Indikator{ // no jenis: utama
			{ID: 21, RHKID: 2, TargetMin: 4, TargetMax: 4, Satuan: "kegiatan", Arah: ArahNaik},
		}},
		{ID: 3, Kode: "U3", Jenis: RHKUtama, Indikator: []Indikator{ // nothing scorable: no score, not a zero
			{ID: 31, RHKID: 3, Satuan: "dokumen", Arah: ArahNaik},
		}},
		{ID: 4, Kode: "T1", Jenis: RHKTambahan, Indikator: []Indikator{
			{ID: 41, RHKID: 4, TargetMin: 2, TargetMax: 2, Satuan: "kegiatan", Arah: ArahNaik},
		}},
	}}
	reports := []Aktivitas{
		scVol(1, 1, 11, scDate(2026, 1, 20), StatusDisetujui, 1),
		scVol(2, 1, 11, scDate(2026, 2, 20), StatusDisetujui, 1),
		scVol(3, 1, 11, scDate(2026, 3, 5), StatusDisetujui, 1),
		scVol(4, 1, 11, scDate(2026, 3, 6), StatusDiajukan, 1),
		scVol(5, 2, 0, scDate(2026, 3, 9), StatusDisetujui, 4), // sole indikator of U2
		scVol(6, 4, 41, scDate(2026, 2, 9), StatusDisetujui, 3),
		scVol(7, 1, 11, scDate(2026, 4, 2), StatusDisetujui, 5), // after the window
	}
	w := WindowToDate(2026, scDate(2026, 3, 31))
	if w.From != scDate(2026, 1, 1) || w.To != scDate(2026, 3, 31) || w.ElapsedMonths != 3 {
		t.Fatalf("window %+v", w)
	}
	s := ScoreSKP(cfg, skp, reports, w)
	if s.SKPID != 5 || s.Tahun != 2026 || s.Window != w {
		t.Errorf("header %+v", s)
	}
	u1 := s.Utama.RHK[0]
	// 3 of 12 laporan = 25 %; the turun indikator has no report = 0 %,
	// counted; the zero target is left out: (25 + 0) / 2 = 12.5.
	if u1.Kode != "U1" || u1.Counted != 2 || !u1.HasScore || u1.Nilai != 12.5 || len(u1.Indikator) != 3 {
		t.Errorf("U1: %+v", u1)
	}
	if i := u1.Indikator[0]; i.Capaian.Nilai != 25 || !i.Counted || i.Expectation.Jalur != JalurSesuai || i.Expectation.Expected != 3 {
		t.Errorf("U1 laporan: %+v", i)
	}
	if i := u1.Indikator[1]; i.Capaian.Status != CapaianTanpaData || !i.Counted || i.Expectation.Jalur != JalurTanpaData {
		t.Errorf("U1 bulan: %+v", i)
	}
	if i := u1.Indikator[2]; i.Capaian.Status != CapaianTanpaTarget || i.Counted {
		t.Errorf("U1 zero target: %+v", i)
	}
	if u2 := s.Utama.RHK[1]; u2.Nilai != 100 || u2.Indikator[0].Realisasi.IDs[0] != 5 {
		t.Errorf("U2: %+v", u2)
	}
	if u3 := s.Utama.RHK[2]; u3.HasScore || u3.Nilai != 0 || u3.Counted != 0 {
		t.Errorf("U3: %+v", u3)
	}
	// Utama: (12.5 + 100) / 2, U3 left out; tambahan apart: 3 of 2 = 150 → 120.
	if len(s.Utama.RHK) != 3 || s.Utama.Counted != 2 || s.Utama.Nilai != 56.25 || !s.Utama.HasScore {
		t.Errorf("utama %+v", s.Utama)
	}
	if len(s.Tambahan.RHK) != 1 || s.Tambahan.Nilai != 120 || !s.Tambahan.RHK[0].Indikator[0].Capaian.Capped {
		t.Errorf("tambahan %+v", s.Tambahan)
	}
	// Fed to TPP when configured so: 56.25 → 50–<60 → 40 %.
	cfg.TPPSource = TPPFromCapaianUtama
	if tpp := IndicativeTPP(cfg, Productivity{NoTarget: true}, s); !tpp.HasScore || tpp.Lookup.Band.Persen != 40 || tpp.Source != TPPFromCapaianUtama {
		t.Errorf("TPP from capaian: %+v", tpp)
	}
	if tpp := IndicativeTPP(cfg, Productivity{}, ScoreSKP(cfg, SKP{}, nil, w)); tpp.HasScore {
		t.Errorf("TPP from an empty SKP: %+v", tpp)
	}
}

func TestMeanStaysWithinItsValues(t *testing.T) {
	t.Parallel()
	if _, ok := mean(nil); ok {
		t.Error("mean of nothing")
	}
	vals := []float64{120, 120, 120, 120, 120, 120, 120}
	if m, _ := mean(vals); m != 120 {
		t.Errorf("mean %v", m)
	}
	if m, _ := mean([]float64{0.1, 0.2, 0.3}); math.Abs(m-0.2) > 1e-15 {
		t.Errorf("mean %v", m)
	}
}

// FuzzCapaianOf: whatever the target and realisation, the capaian is a
// number from 0 to the cap, 100 inside a range, and has a status.
func FuzzCapaianOf(f *testing.F) {
	f.Add(7.0, 8.0, 6.5, true, false, true)
	f.Add(10.0, 10.0, 0.0, true, true, true)
	f.Add(0.0, 0.0, 3.0, false, false, true)
	f.Add(1e-300, 1e-300, 1e300, false, false, true)
	f.Add(1e300, 1e300, 1e-300, true, true, true)
	f.Fuzz(func(t *testing.T, lo, hi, real float64, isTurun, isRasio, hasData bool) {
		cfg := DefaultScoreConfig()
		if isRasio {
			cfg.TurunRule = TurunRasio
		}
		arah := ArahNaik
		if isTurun {
			arah = ArahTurun
		}
		ind := Indikator{TargetMin: lo, TargetMax: hi, Arah: arah}
		c := CapaianOf(cfg, ind, Realisasi{Nilai: real, HasData: hasData})
		if !finite(c.Nilai) || !finite(c.Raw) || c.Nilai < 0 || c.Raw < 0 || c.Nilai > cfg.MaxCapaian {
			t.Fatalf("%+v for %+v and %v", c, ind, real)
		}
		switch c.Status {
		case CapaianOK:
			if c.Rule == "" {
				t.Fatalf("no rule: %+v", c)
			}
			if lo < hi && lo <= real && real <= hi && c.Nilai != 100 {
				t.Fatalf("inside the range but %v", c.Nilai)
			}
		case CapaianTanpaData, CapaianTanpaTarget, CapaianTidakValid:
			if c.Nilai != 0 {
				t.Fatalf("%s with %v", c.Status, c.Nilai)
			}
		default:
			t.Fatalf("status %q", c.Status)
		}
	})
}
