package kinerja

// Realisasi is the realisation of one indikator over a period, from approved
// reports (decision 4), with the reports it was taken from.
type Realisasi struct {
	IndikatorID int64
	Agregasi    Agregasi // the aggregation used: the indikator's, else DefaultAgregasi
	From, To    Date     // the period, inclusive
	Nilai       float64  // jumlah: sum of volumes; terakhir: the last value; 0 without data
	HasData     bool     // at least one approved report counted
	IDs         []int64  // the approved reports linked to the indikator in the period, by date then id
	LastID      int64    // terakhir: the report whose value is used (0 for jumlah or without data)
}

// AgregasiOf is the aggregation of ind: its own, else the default for its
// satuan and direction.
func AgregasiOf(ind Indikator) Agregasi {
	if ind.Agregasi == AgregasiJumlah || ind.Agregasi == AgregasiTerakhir {
		return ind.Agregasi
	}
	return DefaultAgregasi(ind.Satuan, ind.Arah)
}

// ReportCountsFor reports whether report a is linked to indikator ind of
// rhk: it names the indikator, or it names only the RHK and the RHK has
// exactly this one indikator (the report flow asks which indikator when
// there are several, so a report without one cannot be split among them).
func ReportCountsFor(rhk RHK, ind Indikator, a Aktivitas) bool {
	if a.IndikatorID != 0 {
		return ind.ID != 0 && a.IndikatorID == ind.ID
	}
	return rhk.ID != 0 && a.RHKID == rhk.ID && len(rhk.Indikator) == 1 && rhk.Indikator[0].ID == ind.ID
}

// RealisasiOf aggregates the approved reports linked to ind (see
// ReportCountsFor) dated from from to to, inclusive. For capaian, which
// compares with the annual target, pass the SKP year up to the end of the
// period shown (1 January .. 31 March for the March view). Jumlah sums the
// volumes; terakhir takes the volume of the last report by date, then by id
// (a later report of the same day supersedes an earlier one). Reports of
// other statuses never count.
func RealisasiOf(rhk RHK, ind Indikator, reports []Aktivitas, from, to Date) Realisasi {
	r := Realisasi{IndikatorID: ind.ID, Agregasi: AgregasiOf(ind), From: from, To: to}
	for _, a := range sortedReports(reports) {
		if a.Status != StatusDisetujui || a.Tanggal.Before(from) || to.Before(a.Tanggal) || !ReportCountsFor(rhk, ind, a) {
			continue
		}
		v := a.Volume
		if !finite(v) {
			v = 0 // never reached through the report flow; keep the sum a number
		}
		r.HasData = true
		r.IDs = append(r.IDs, a.ID)
		if r.Agregasi == AgregasiTerakhir {
			r.Nilai, r.LastID = v, a.ID
		} else {
			r.Nilai += v
		}
	}
	return r
}

// MonthsElapsed is the number of whole months of year that have ended by
// through (inclusive): 2 on 10 March, 3 on 31 March, 0 before the year,
// 12 after it. It is the "to date" of the pro-rated expectation: a month
// counts once its last day is reached, so nobody is behind for the month
// they are still working in.
func MonthsElapsed(year int, through Date) int {
	switch {
	case through.Year < year:
		return 0
	case through.Year > year:
		return 12
	}
	n := int(through.Month) - 1
	if through == through.MonthEnd() {
		n++
	}
	return n
}

// Expectation says whether a realisation is on pace for its annual target
// (decision 4: "sesuai jalur" compares with the target pro-rated by
// elapsed months).
type Expectation struct {
	ElapsedMonths int     // of 12, clamped
	Prorated      bool    // naik: the target is pro-rated; turun: the target holds all year
	Expected      float64 // what the realisation is compared with
	Jalur         Jalur
}

// epsilon absorbs float noise when comparing a realisation with an
// expectation computed by division (0.1 × 3 is not 0.3).
const epsilon = 1e-9

// ExpectationOf compares r with ind's target to date. Naik: the expectation
// is the lower bound of the target × elapsedMonths / 12, and the realisation
// must reach it. Turun is not pro-rated (a lower-is-better value such as
// days to finish or complaints is held to the whole target all year): the
// realisation must not exceed the upper bound. Without approved reports a
// naik jumlah indikator compares 0 (the sum of nothing); any other has
// nothing to compare (JalurTanpaData). An invalid target, or a zero naik
// target, gives JalurTanpaTarget. Any direction other than turun is naik.
func ExpectationOf(ind Indikator, r Realisasi, elapsedMonths int) Expectation {
	e := Expectation{ElapsedMonths: min(max(elapsedMonths, 0), 12)}
	if targetInvalid(ind) || (ind.Arah != ArahTurun && ind.TargetMax == 0) {
		e.Jalur = JalurTanpaTarget
		return e
	}
	if ind.Arah == ArahTurun {
		e.Expected = ind.TargetMax
		switch {
		case !r.HasData:
			e.Jalur = JalurTanpaData
		case r.Nilai <= e.Expected+epsilon:
			e.Jalur = JalurSesuai
		default:
			e.Jalur = JalurTertinggal
		}
		return e
	}
	e.Prorated = true
	e.Expected = ind.TargetMin * float64(e.ElapsedMonths) / 12
	switch {
	case !r.HasData && AgregasiOf(ind) != AgregasiJumlah:
		e.Jalur = JalurTanpaData
	case r.Nilai >= e.Expected-epsilon:
		e.Jalur = JalurSesuai
	default:
		e.Jalur = JalurTertinggal
	}
	return e
}

// targetInvalid reports whether ind's target cannot be scored at all:
// not a number, negative, or a range whose bounds are reversed.
func targetInvalid(ind Indikator) bool {
	return !finite(ind.TargetMin) || !finite(ind.TargetMax) || ind.TargetMin < 0 || ind.TargetMin > ind.TargetMax
}
