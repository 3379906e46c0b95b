package kinerja

import (
	"math"
	"testing"
)

func TestDefaultScoreConfig(t *testing.T) {
	t.Parallel()
	cfg := DefaultScoreConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.MonthlyTargetMinutes != 6750 || cfg.DailyTargetMinutes != 300 || cfg.MaxProductivity != 100 ||
		cfg.MaxCapaian != 120 || cfg.TurunRule != TurunSelisih || cfg.TPPSource != TPPFromProduktivitas || len(cfg.TPPBands) != 7 {
		t.Errorf("defaults %+v", cfg)
	}
	bad := map[string]func(*ScoreConfig){
		"daily 0":                func(c *ScoreConfig) { c.DailyTargetMinutes = 0 },
		"daily above a day":      func(c *ScoreConfig) { c.DailyTargetMinutes = 1441 },
		"monthly below daily":    func(c *ScoreConfig) { c.MonthlyTargetMinutes = 299 },
		"monthly absurd":         func(c *ScoreConfig) { c.MonthlyTargetMinutes = 31*1440 + 1 },
		"productivity cap 90":    func(c *ScoreConfig) { c.MaxProductivity = 90 },
		"productivity cap NaN":   func(c *ScoreConfig) { c.MaxProductivity = math.NaN() },
		"productivity cap huge":  func(c *ScoreConfig) { c.MaxProductivity = 1e6 },
		"capaian cap 0":          func(c *ScoreConfig) { c.MaxCapaian = 0 },
		"capaian cap +Inf":       func(c *ScoreConfig) { c.MaxCapaian = math.Inf(1) },
		"unknown turun rule":     func(c *ScoreConfig) { c.TurunRule = "terbalik" },
		"empty turun rule":       func(c *ScoreConfig) { c.TurunRule = "" },
		"unknown TPP source":     func(c *ScoreConfig) { c.TPPSource = "absensi" },
		"TPP table out of order": func(c *ScoreConfig) { c.TPPBands = TPPTable{{0, 0}, {90, 100}} },
		"no TPP table":           func(c *ScoreConfig) { c.TPPBands = nil },
	}
	for name, f := range bad {
		c := DefaultScoreConfig()
		f(&c)
		if c.Validate() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	ok := DefaultScoreConfig()
	ok.TurunRule, ok.TPPSource, ok.MaxCapaian, ok.MaxProductivity = TurunRasio, TPPFromCapaianUtama, 100, 1000
	if err := ok.Validate(); err != nil {
		t.Errorf("alternatives rejected: %v", err)
	}
}

// DefaultScoreConfig returns a fresh table each time: changing one
// deployment's table cannot change another's.
func TestDefaultTPPTableIsNotShared(t *testing.T) {
	t.Parallel()
	a := DefaultScoreConfig()
	a.TPPBands[0].Persen = 1
	if DefaultScoreConfig().TPPBands[0].Persen != 100 {
		t.Fatal("the default table is shared")
	}
}

func TestParseTPPTable(t *testing.T) {
	got, err := ParseTPPTable("90=100, 80=85,70=70,60=55,50=40,40=25,0=0")
	if err != nil || len(got) != 7 || got.Lookup(89.9).Band.Persen != 85 || got.Lookup(90).Band.Persen != 100 {
		t.Fatalf("table %v, %v", got, err)
	}
	for _, bad := range []string{"", "90", "90=abc", "80=85,90=100,0=0", "90=100,50=40"} {
		if _, err := ParseTPPTable(bad); err == nil {
			t.Errorf("ParseTPPTable(%q) accepted", bad)
		}
	}
}

func TestTPPBandBoundaries(t *testing.T) {
	t.Parallel()
	table := DefaultTPPTable()
	if err := table.Validate(); err != nil {
		t.Fatal(err)
	}
	check := func(score, persen, upper float64) {
		t.Helper()
		l := table.Lookup(score)
		if l.Band.Persen != persen || l.Upper != upper || l.HasUpper != (upper != 0) {
			t.Errorf("Lookup(%v) = %+v, want %v%% below %v", score, l, persen, upper)
		}
		if l.Score < l.Band.Min || (l.HasUpper && l.Score >= l.Upper) || l.Row < 0 || table[l.Row] != l.Band {
			t.Errorf("Lookup(%v) row does not hold the score: %+v", score, l)
		}
	}
	// Every bound pays its row (below the previous bound, 0: none), and a
	// tenth below it (the figure shown next below) pays the next row.
	bands := []TPPBand{{90, 100}, {80, 85}, {70, 70}, {60, 55}, {50, 40}, {40, 25}, {0, 0}}
	for i, b := range bands {
		upper := 0.0
		if i > 0 {
			upper = bands[i-1].Min
		}
		check(b.Min, b.Persen, upper)
		if i+1 < len(bands) {
			check(b.Min-0.1, bands[i+1].Persen, b.Min)
			check(b.Min-0.06, bands[i+1].Persen, b.Min) // shown one tenth below
			check(b.Min-0.05, b.Persen, upper)          // shown as the bound itself
		}
	}
	check(120, 100, 0)
	check(100, 100, 0)
	check(89.99999999999999, 100, 0) // float noise of a computed 90
	check(89.999, 100, 0)            // shown as 90: the band agrees with the screen
	check(89.94, 85, 90)             // shown as 89,9
	check(0.01, 0, 40)
	check(-5, 0, 40)
	check(math.NaN(), 0, 40)
	check(math.Inf(-1), 0, 40)
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
	f.Add(89.95, 89.94)
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
