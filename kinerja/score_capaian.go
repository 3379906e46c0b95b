package kinerja

import (
	"math"
	"slices"
)

// CapaianStatus says whether a capaian could be computed.
type CapaianStatus string

const (
	// CapaianOK: computed by Rule.
	CapaianOK CapaianStatus = "ok"
	// CapaianTanpaData: no approved report in the window. Nilai is 0 and the
	// indikator counts as 0 in its RHK's mean: no credit without a report,
	// whatever the direction (a turun indikator is not 200 % for silence).
	CapaianTanpaData CapaianStatus = "tanpa_data"
	// CapaianTanpaTarget: a naik indikator with a target of 0, which nothing
	// can be measured against (an SKP to correct, not the person's doing).
	// Nilai is 0 and the indikator is left out of its RHK's mean.
	CapaianTanpaTarget CapaianStatus = "tanpa_target"
	// CapaianTidakValid: a target or realisation that is negative or not a
	// number, or a range whose bounds are reversed. Nilai is 0 and the
	// indikator is left out of its RHK's mean.
	CapaianTidakValid CapaianStatus = "tidak_valid"
)

// CapaianRule names the formula that produced a capaian.
type CapaianRule string

const (
	RumusNaik         CapaianRule = "naik"          // realisasi / target × 100
	RumusTurunSelisih CapaianRule = "turun_selisih" // (1 + (1 − realisasi/target)) × 100, floored at 0
	RumusTurunRasio   CapaianRule = "turun_rasio"   // target / realisasi × 100
	RumusTurunNol     CapaianRule = "turun_nol"     // turun target 0: 100 at realisation 0, else 0
	RumusDalamRentang CapaianRule = "dalam_rentang" // inside a range target: 100
)

// RangeBound says which bound of a range target a realisation was compared
// with ("" for a single-number target).
type RangeBound string

const (
	BoundBawah RangeBound = "bawah" // below the range: compared with its lower bound
	BoundDalam RangeBound = "dalam" // inside the range: 100
	BoundAtas  RangeBound = "atas"  // above the range: compared with its upper bound
)

// Capaian is the achievement of one indikator and how it came about.
type Capaian struct {
	Status    CapaianStatus
	Rule      CapaianRule // "" unless Status is CapaianOK
	Bound     RangeBound  // "" for a single-number target
	Realisasi float64     // the realisation used
	Compared  float64     // the target value it was compared with
	// Raw is the formula's result, floored at 0 and not capped. Where the
	// formula is unbounded (RumusTurunRasio at a realisation of 0, or a
	// result beyond float64) Raw is the cap and Capped is set.
	Raw     float64
	Nilai   float64 // Raw capped at Max: the figure shown (0 unless CapaianOK)
	Max     float64 // the cap used
	Capped  bool    // Raw was above Max
	Floored bool    // the formula went below 0 (turun, more than twice the target)
}

// CapaianOf computes the capaian of ind for realisation r (DOMAIN.md "How
// they are scored"). Naik: realisasi / target × 100. Turun: cfg.TurunRule.
// A range target [TargetMin, TargetMax] gives 100 inside it (bounds
// included) and compares with the nearest bound outside it, in either
// direction: turun 7–8 months done in 6.5 compares with 7 and gives
// (1 + (1 − 6.5/7)) × 100 ≈ 107.1. The result is never negative, NaN or
// infinite, and at most cfg.MaxCapaian. Any direction other than turun is
// naik.
func CapaianOf(cfg ScoreConfig, ind Indikator, r Realisasi) Capaian {
	c := Capaian{Realisasi: r.Nilai, Max: cfg.MaxCapaian}
	turun := ind.Arah == ArahTurun
	switch {
	case targetInvalid(ind) || !finite(r.Nilai) || r.Nilai < 0:
		c.Status = CapaianTidakValid
		return c
	case !turun && ind.TargetMax == 0:
		c.Status = CapaianTanpaTarget
		return c
	case !r.HasData:
		c.Status = CapaianTanpaData
		return c
	}
	c.Status = CapaianOK
	t := ind.TargetMax
	if ind.TargetMin < ind.TargetMax {
		switch {
		case r.Nilai < ind.TargetMin:
			c.Bound, t = BoundBawah, ind.TargetMin
		case r.Nilai > ind.TargetMax:
			c.Bound, t = BoundAtas, ind.TargetMax
		default:
			c.Bound, c.Rule, c.Raw, c.Nilai = BoundDalam, RumusDalamRentang, 100, 100
			return c
		}
	}
	c.Compared = t
	v := r.Nilai
	switch {
	case !turun:
		// t > 0 here: a zero naik target returned above, and a range's
		// lower bound is only compared with when a realisation ≥ 0 is
		// below it.
		c.Rule, c.Raw = RumusNaik, v*100/t
	case t == 0:
		c.Rule = RumusTurunNol
		if v == 0 {
			c.Raw = 100
		} else {
			c.Floored = true
		}
	case cfg.TurunRule == TurunRasio:
		c.Rule = RumusTurunRasio
		if v == 0 {
			c.Raw = cfg.MaxCapaian
			c.Capped = true
		} else {
			c.Raw = t * 100 / v
		}
	default:
		c.Rule, c.Raw = RumusTurunSelisih, (2*t-v)*100/t
		if !finite(c.Raw) { // 2t overflowed: the same formula, divided first
			c.Raw = (2 - v/t) * 100
		}
		if c.Raw < 0 {
			c.Raw, c.Floored = 0, true
		}
	}
	if math.IsInf(c.Raw, 1) { // beyond float64: unbounded, like rasio at zero
		c.Raw, c.Capped = cfg.MaxCapaian, true
	}
	var capped bool
	c.Nilai, capped = capAt(c.Raw, c.Max)
	c.Capped = c.Capped || capped
	return c
}

// counts reports whether a capaian takes part in its RHK's mean.
func (c Capaian) counts() bool { return c.Status == CapaianOK || c.Status == CapaianTanpaData }

// CapaianWindow is what the capaian of an SKP is computed over: reports
// dated From..To (inclusive) count towards the annual target, and
// ElapsedMonths pro-rates the target for "sesuai jalur".
type CapaianWindow struct {
	From, To      Date
	ElapsedMonths int
}

// WindowToDate is the window of the SKP year tahun up to through: from 1
// January to through (at most 31 December), with MonthsElapsed(tahun,
// through). Pass the last day of the period shown: today for this month,
// the month's (or quarter's) last day for an earlier one.
func WindowToDate(tahun int, through Date) CapaianWindow {
	end := Date{tahun, 12, 31}
	if through.Before(end) {
		end = through
	}
	return CapaianWindow{From: Date{tahun, 1, 1}, To: end, ElapsedMonths: MonthsElapsed(tahun, through)}
}

// IndikatorScore is everything computed for one indikator.
type IndikatorScore struct {
	Indikator   Indikator
	Realisasi   Realisasi
	Capaian     Capaian
	Expectation Expectation
	Counted     bool // takes part in its RHK's mean (see CapaianStatus)
}

// ScoreIndikator computes realisation, capaian and pace of ind of rhk.
func ScoreIndikator(cfg ScoreConfig, rhk RHK, ind Indikator, reports []Aktivitas, w CapaianWindow) IndikatorScore {
	r := RealisasiOf(rhk, ind, reports, w.From, w.To)
	c := CapaianOf(cfg, ind, r)
	return IndikatorScore{
		Indikator:   ind,
		Realisasi:   r,
		Capaian:     c,
		Expectation: ExpectationOf(ind, r, w.ElapsedMonths),
		Counted:     c.counts(),
	}
}

// CapaianRHK is the capaian of one RHK: the mean of its indikator's capped
// capaian, each indikator weighing the same (an indikator without data
// counts as 0; one without a usable target is left out and listed).
type CapaianRHK struct {
	RHKID     int64
	Kode      string
	Jenis     JenisRHK
	Indikator []IndikatorScore // in the RHK's order
	Counted   int              // indikator in the mean
	Nilai     float64          // the mean, 0 when HasScore is false
	HasScore  bool             // at least one indikator counted
}

// ScoreRHK computes the capaian of rhk over the window.
func ScoreRHK(cfg ScoreConfig, rhk RHK, reports []Aktivitas, w CapaianWindow) CapaianRHK {
	out := CapaianRHK{RHKID: rhk.ID, Kode: rhk.Kode, Jenis: rhk.Jenis}
	var values []float64
	for _, ind := range rhk.Indikator {
		s := ScoreIndikator(cfg, rhk, ind, reports, w)
		out.Indikator = append(out.Indikator, s)
		if s.Counted {
			values = append(values, s.Capaian.Nilai)
		}
	}
	out.Counted = len(values)
	out.Nilai, out.HasScore = mean(values)
	return out
}

// mean is the arithmetic mean of values, kept within their least and
// greatest (float rounding never pushes a mean of capped figures above the
// cap), and false when there are none.
func mean(values []float64) (float64, bool) {
	if len(values) == 0 {
		return 0, false
	}
	var sum float64
	for _, v := range values {
		sum += v
	}
	return min(max(sum/float64(len(values)), slices.Min(values)), slices.Max(values)), true
}

// CapaianGroup is the capaian of the RHK of one kind (utama or tambahan):
// the mean of the RHK that have a score, each RHK weighing the same
// whatever its number of indikator.
type CapaianGroup struct {
	RHK      []CapaianRHK // in the SKP's order
	Counted  int          // RHK in the mean
	Nilai    float64      // the mean, 0 when HasScore is false
	HasScore bool
}

func groupOf(rhks []CapaianRHK) CapaianGroup {
	g := CapaianGroup{RHK: rhks}
	var values []float64
	for _, r := range rhks {
		if r.HasScore {
			values = append(values, r.Nilai)
		}
	}
	g.Counted = len(values)
	g.Nilai, g.HasScore = mean(values)
	return g
}

// CapaianSKP is the capaian of an SKP, utama and tambahan apart: they are
// never added together (tambahan is extra work, and the TPP option reads
// utama only).
type CapaianSKP struct {
	SKPID    int64
	Tahun    int
	Window   CapaianWindow
	Utama    CapaianGroup
	Tambahan CapaianGroup
}

// ScoreSKP computes the capaian of every RHK of skp over the window. An RHK
// whose jenis is not tambahan is utama.
func ScoreSKP(cfg ScoreConfig, skp SKP, reports []Aktivitas, w CapaianWindow) CapaianSKP {
	var utama, tambahan []CapaianRHK
	for _, rhk := range skp.RHK {
		s := ScoreRHK(cfg, rhk, reports, w)
		if rhk.Jenis == RHKTambahan {
			tambahan = append(tambahan, s)
		} else {
			utama = append(utama, s)
		}
	}
	return CapaianSKP{SKPID: skp.ID, Tahun: skp.Tahun, Window: w, Utama: groupOf(utama), Tambahan: groupOf(tambahan)}
}
