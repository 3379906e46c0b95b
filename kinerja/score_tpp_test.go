package kinerja

import (
	"math"
	"testing"
)

func TestTPPBandBoundaries(t *testing.T) {
	t.Parallel()
	table := DefaultTPPTable()
	if err := table.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		score  float64
		persen float64
		upper  float64 // 0: top row
	}{
		{120, 100, 0},
		{100, 100, 0},
		{90, 100, 0},
		{89.99999999999999, 100, 0}, // float noise of a computed 90
		{89.999, 85, 90},            // shown as 89,99: the band agrees with the screen
		{89.99, 85, 90},
		{80, 85, 90},
		{79.99, 70, 80},
		{70, 70, 80},
		{69.99, 55, 70},
		{60, 55, 70},
		{59.99, 40, 60},
		{50, 40, 60},
		{49.99, 25, 50},
		{40, 25, 50},
		{39.99, 0, 40},
		{0.01, 0, 40},
		{0, 0, 40},
		{-5, 0, 40},
		{math.NaN(), 0, 40},
		{math.Inf(-1), 0, 40},
	}
	for _, tt := range tests {
		l := table.Lookup(tt.score)
		if l.Band.Persen != tt.persen || l.Upper != tt.upper || l.HasUpper != (tt.upper != 0) {
			t.Errorf("Lookup(%v) = %+v, want %v%% below %v", tt.score, l, tt.persen, tt.upper)
		}
		if l.Score < l.Band.Min || (l.HasUpper && l.Score >= l.Upper) || l.Row < 0 || table[l.Row] != l.Band {
			t.Errorf("Lookup(%v) row does not hold the score: %+v", tt.score, l)
		}
	}
	// +Inf is not a score: read as 0 like NaN.
	if l := table.Lookup(math.Inf(1)); l.Band.Persen != 0 {
		t.Errorf("+Inf: %+v", l)
	}
}

func TestTPPTableValidate(t *testing.T) {
	t.Parallel()
	bad := map[string]TPPTable{
		"empty":              {},
		"ascending":          {{0, 0}, {90, 100}},
		"overlapping":        {{90, 100}, {90, 85}, {0, 0}},
		"last row not 0":     {{90, 100}, {40, 25}},
		"negative bound":     {{90, 100}, {-1, 0}},
		"above 100 %":        {{90, 110}, {0, 0}},
		"negative %":         {{90, 100}, {0, -1}},
		"better pays less":   {{90, 85}, {80, 100}, {0, 0}},
		"not a number":       {{math.NaN(), 100}, {0, 0}},
		"infinite threshold": {{math.Inf(1), 100}, {0, 0}},
	}
	for name, table := range bad {
		if table.Validate() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	good := TPPTable{{95, 100}, {75, 80}, {0, 50}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	if l := good.Lookup(80); l.Band.Persen != 80 || l.Row != 1 {
		t.Errorf("custom table: %+v", l)
	}
	if l := (TPPTable{{0, 100}}).Lookup(12); l.Band.Persen != 100 || l.HasUpper {
		t.Errorf("one-row table: %+v", l)
	}
}

func TestIndicativeTPPSource(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	p := Productivity{Raw: 95, Nilai: 95}
	skp := CapaianSKP{Utama: CapaianGroup{Nilai: 45, HasScore: true}}
	if tpp := IndicativeTPP(cfg, p, skp); tpp.Source != TPPFromProduktivitas || tpp.Lookup.Band.Persen != 100 || !tpp.Indicative {
		t.Errorf("default source: %+v", tpp)
	}
	cfg.TPPSource = TPPFromCapaianUtama
	if tpp := IndicativeTPP(cfg, p, skp); tpp.Source != TPPFromCapaianUtama || tpp.Lookup.Band.Persen != 25 || !tpp.Indicative {
		t.Errorf("capaian source: %+v", tpp)
	}
}

// FuzzTPPLookup: a higher score never pays less, and the row found holds
// the score.
func FuzzTPPLookup(f *testing.F) {
	f.Add(90.0, 89.99)
	f.Add(40.0, 39.99)
	f.Add(0.0, -1.0)
	f.Fuzz(func(t *testing.T, a, b float64) {
		table := DefaultTPPTable()
		la, lb := table.Lookup(a), table.Lookup(b)
		for _, l := range []TPPLookup{la, lb} {
			if l.Row < 0 || l.Score < l.Band.Min || (l.HasUpper && l.Score >= l.Upper) || !finite(l.Score) {
				t.Fatalf("%+v", l)
			}
		}
		if la.Score < lb.Score && la.Band.Persen > lb.Band.Persen {
			t.Fatalf("%v pays %v, %v pays %v", a, la.Band.Persen, b, lb.Band.Persen)
		}
	})
}
