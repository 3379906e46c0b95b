package kinerja

import (
	"fmt"
	"math"
)

// Scoring (DOMAIN.md "How they are scored", decisions 2, 3, 4 and 11).
//
// Everything in the score*.go files is a pure function of its arguments: the
// caller loads reports, the SKP, holidays and leave, and passes the business
// date ("through", "today") in; nothing here reads a clock or the zone.
//
// Every figure comes back as a small struct holding the inputs that produced
// it (the report ids that counted, the days that reduced the target, the rule
// that applied), so the chat can answer "Kenapa?" without recomputing. No
// figure is ever NaN, ±Inf or negative; the cases where a division has no
// meaning (zero target, no data, invalid input) have a status of their own.
//
// All of it is indicative (DOMAIN.md: the official predikat is the
// assessor's, and the TPP figure is only the performance component).
//
// Files: score.go (configuration), score_calendar.go (available working
// days), score_minutes.go (minutes target and productivity),
// score_realisasi.go (realisation and "sesuai jalur"), score_capaian.go
// (capaian of indikator, RHK and SKP), score_predikat.go (the 3×3 matrix),
// score_tpp.go (TPP bands), score_pace.go (a running period's pace,
// projection and what a working day must bring for a TPP band).

// TurunRule is the formula for a lower-is-better (turun) indikator. DOMAIN.md
// decision 4 calls the usual formula a regional convention to keep
// configurable.
type TurunRule string

const (
	// TurunSelisih is the regional convention of DOMAIN.md:
	// (1 + (1 − realisasi/target)) × 100 %. It reaches 200 % at a realisation
	// of zero and falls below zero past twice the target (floored at 0).
	TurunSelisih TurunRule = "selisih"
	// TurunRasio is target/realisasi × 100 %: halving the target value
	// doubles the capaian; unbounded at a realisation of zero (so capped).
	TurunRasio TurunRule = "rasio"
)

// TPPSource is the score the indicative TPP band is read from.
type TPPSource string

const (
	// TPPFromProduktivitas feeds the band with the minutes productivity (the
	// default: it is what the regional TPP systems measure monthly).
	TPPFromProduktivitas TPPSource = "produktivitas"
	// TPPFromCapaianUtama feeds it with the capaian of the SKP's RHK utama.
	TPPFromCapaianUtama TPPSource = "capaian_utama"
)

// ScoreConfig holds every number of the scoring rules: all of them differ by
// region (DOMAIN.md), so none is a constant in code.
type ScoreConfig struct {
	// MonthlyTargetMinutes caps the month's minutes target (default 6,750).
	MonthlyTargetMinutes int
	// DailyTargetMinutes is the target per available working day (default
	// 300). Target = min(monthly, daily × available days) (decision 3).
	DailyTargetMinutes int
	// MaxProductivity caps the productivity percentage (default 100: minutes
	// beyond the target are logging, not more performance, and the top TPP
	// band starts at 90 anyway). The uncapped figure stays in Productivity.Raw.
	MaxProductivity float64
	// MaxCapaian caps the capaian of one indikator (default 120), so one
	// badly set target (1 dokumen, 40 done = 4,000 %) cannot swamp the mean
	// of its RHK, while real over-achievement still shows. It also bounds
	// the turun formulas at a realisation of zero.
	MaxCapaian float64
	// TurunRule is the lower-is-better formula (default TurunSelisih).
	TurunRule TurunRule
	// TPPBands is the TPP table (default Kota Semarang's, Perwal 76/2021).
	TPPBands TPPTable
	// TPPSource is which score feeds the TPP band (default productivity).
	TPPSource TPPSource
}

// DefaultScoreConfig is Kota Semarang's configuration.
func DefaultScoreConfig() ScoreConfig {
	return ScoreConfig{
		MonthlyTargetMinutes: 6750,
		DailyTargetMinutes:   300,
		MaxProductivity:      100,
		MaxCapaian:           120,
		TurunRule:            TurunSelisih,
		TPPBands:             DefaultTPPTable(),
		TPPSource:            TPPFromProduktivitas,
	}
}

// maxPercentCap bounds the configurable caps, so a typo cannot make a
// figure meaningless.
const maxPercentCap = 1000

// Validate checks that the configuration makes sense.
func (c ScoreConfig) Validate() error {
	switch {
	case c.DailyTargetMinutes < 1 || c.DailyTargetMinutes > 1440:
		return fmt.Errorf("daily target %d minutes: must be 1 to 1440", c.DailyTargetMinutes)
	case c.MonthlyTargetMinutes < c.DailyTargetMinutes || c.MonthlyTargetMinutes > 31*1440:
		return fmt.Errorf("monthly target %d minutes: must be at least the daily target (%d) and at most %d",
			c.MonthlyTargetMinutes, c.DailyTargetMinutes, 31*1440)
	case !finite(c.MaxProductivity) || c.MaxProductivity < 100 || c.MaxProductivity > maxPercentCap:
		return fmt.Errorf("productivity cap %v: must be 100 to %d", c.MaxProductivity, maxPercentCap)
	case !finite(c.MaxCapaian) || c.MaxCapaian < 100 || c.MaxCapaian > maxPercentCap:
		return fmt.Errorf("capaian cap %v: must be 100 to %d", c.MaxCapaian, maxPercentCap)
	case c.TurunRule != TurunSelisih && c.TurunRule != TurunRasio:
		return fmt.Errorf("turun rule %q: must be %q or %q", c.TurunRule, TurunSelisih, TurunRasio)
	case c.TPPSource != TPPFromProduktivitas && c.TPPSource != TPPFromCapaianUtama:
		return fmt.Errorf("TPP source %q: must be %q or %q", c.TPPSource, TPPFromProduktivitas, TPPFromCapaianUtama)
	}
	if err := c.TPPBands.Validate(); err != nil {
		return fmt.Errorf("TPP table: %w", err)
	}
	return nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
