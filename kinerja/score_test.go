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
	if err != nil || len(got) != 7 || got.Lookup(89.99).Band.Persen != 85 || got.Lookup(90).Band.Persen != 100 {
		t.Fatalf("table %v, %v", got, err)
	}
	for _, bad := range []string{"", "90", "90=abc", "80=85,90=100,0=0", "90=100,50=40"} {
		if _, err := ParseTPPTable(bad); err == nil {
			t.Errorf("ParseTPPTable(%q) accepted", bad)
		}
	}
}
