package kinerja

import (
	"fmt"
	"strconv"
	"strings"
)

// TPPBand is one row of a TPP table: a score of at least Min (and below the
// previous row's Min) pays Persen of the performance component.
type TPPBand struct {
	Min    float64 // inclusive lower bound of the score
	Persen float64 // share of the performance component paid, 0..100
}

// TPPTable is a TPP table, rows by descending Min, the last row's Min 0.
type TPPTable []TPPBand

// DefaultTPPTable is Kota Semarang's table (Perwal 76/2021, art. 6): ≥90 →
// 100 %; 80–<90 → 85 %; 70–<80 → 70 %; 60–<70 → 55 %; 50–<60 → 40 %;
// 40–<50 → 25 %; <40 → 0 %.
func DefaultTPPTable() TPPTable {
	return TPPTable{{90, 100}, {80, 85}, {70, 70}, {60, 55}, {50, 40}, {40, 25}, {0, 0}}
}

// Validate checks that the rows are in strictly descending order of Min
// (so they cannot overlap, and each row ends where the previous begins),
// that the last row starts at 0 (every score has a row), and that each Persen
// is 0..100 and never above the row before (a better score never pays less).
func (t TPPTable) Validate() error {
	if len(t) == 0 {
		return fmt.Errorf("no rows")
	}
	for i, b := range t {
		switch {
		case !finite(b.Min) || !finite(b.Persen):
			return fmt.Errorf("row %d: not a number", i+1)
		case b.Persen < 0 || b.Persen > 100:
			return fmt.Errorf("row %d: %v %% is not 0 to 100", i+1, b.Persen)
		case b.Min < 0:
			return fmt.Errorf("row %d: score %v is negative", i+1, b.Min)
		}
		if i == 0 {
			continue
		}
		prev := t[i-1]
		switch {
		case b.Min >= prev.Min:
			return fmt.Errorf("row %d: score %v is not below the row before (%v): rows go from the highest score down without overlap", i+1, b.Min, prev.Min)
		case b.Persen > prev.Persen:
			return fmt.Errorf("row %d: %v %% is above the row before (%v %%): a better score must not pay less", i+1, b.Persen, prev.Persen)
		}
	}
	if last := t[len(t)-1]; last.Min != 0 {
		return fmt.Errorf("last row starts at %v: it must start at 0 so every score has a row", last.Min)
	}
	return nil
}

// TPPLookup is the row of a TPP table a score falls in.
type TPPLookup struct {
	Score    float64 // the score looked up, as shown (rounded half up to one decimal)
	Row      int     // index of the row in the table
	Band     TPPBand
	Upper    float64 // exclusive upper bound of the row (the previous row's Min)
	HasUpper bool    // false for the top row
}

// Lookup finds the row of score. The score is first rounded the way every
// figure is shown in chat and in the recap (RoundHalfUp to one decimal,
// DOMAIN.md decision 14), so the band always agrees with the figure on
// screen: 89.96 is shown 90 and pays 100 %, 89.94 is shown 89.9 and pays
// 85 %; bounds are then exact. A negative or non-number score is read as 0.
// The table must be valid.
func (t TPPTable) Lookup(score float64) TPPLookup {
	s := shownScore(score)
	for i, b := range t {
		if s >= b.Min {
			l := TPPLookup{Score: s, Row: i, Band: b}
			if i > 0 {
				l.Upper, l.HasUpper = t[i-1].Min, true
			}
			return l
		}
	}
	return TPPLookup{Score: s, Row: -1} // unreachable for a valid table
}

// shownScore is v as chat shows it (one decimal, rounded half up; the
// rounding's margin absorbs float noise just below a tenth, so a mean that
// should be 90 but is 89.99999999999999 reads 90), 0 for a negative or
// non-number v.
func shownScore(v float64) float64 {
	if !finite(v) || v <= 0 {
		return 0
	}
	return RoundHalfUp(v, 1)
}

// TPP is the indicative performance component of the TPP allowance
// (decision 11). It is never the payroll's figure: attendance and
// discipline also count there, and the assessor's rating decides.
type TPP struct {
	Source   TPPSource
	HasScore bool      // false when the source has no figure (no minutes target, no scored RHK utama): no band
	Lookup   TPPLookup // the row, when HasScore
	// Indicative is always true: whatever shows this must label it
	// "komponen kinerja, indikatif".
	Indicative bool
}

// IndicativeTPP reads the TPP band from the score cfg.TPPSource names:
// productivity's capped Nilai (default), or the capaian of the SKP's RHK
// utama.
func IndicativeTPP(cfg ScoreConfig, p Productivity, skp CapaianSKP) TPP {
	out := TPP{Source: cfg.TPPSource, Indicative: true}
	var score float64
	switch cfg.TPPSource {
	case TPPFromCapaianUtama:
		score, out.HasScore = skp.Utama.Nilai, skp.Utama.HasScore
	default:
		out.Source = TPPFromProduktivitas
		score, out.HasScore = p.Nilai, !p.NoTarget
	}
	if out.HasScore {
		out.Lookup = cfg.TPPBands.Lookup(score)
	}
	return out
}

// ParseTPPTable reads a table written "90=100,80=85,…,0=0": each pair is a
// band's lowest score and the percentage it pays. The result is validated.
func ParseTPPTable(s string) (TPPTable, error) {
	var t TPPTable
	for _, part := range strings.Split(s, ",") {
		min, pay, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("band %q: want score=percent", part)
		}
		lo, err1 := strconv.ParseFloat(strings.TrimSpace(min), 64)
		p, err2 := strconv.ParseFloat(strings.TrimSpace(pay), 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("band %q: not numbers", part)
		}
		t = append(t, TPPBand{Min: lo, Persen: p})
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}
