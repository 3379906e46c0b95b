package kinerja

import (
	"math"
	"slices"
	"testing"
)

func scVol(id, rhk, ind int64, day Date, status Status, volume float64) Aktivitas {
	return Aktivitas{ID: id, Tanggal: day, Kategori: KategoriRHK, RHKID: rhk, IndikatorID: ind, Status: status, Volume: volume, Menit: 60}
}

func TestRealisasiJumlahAndTerakhir(t *testing.T) {
	t.Parallel()
	single := RHK{ID: 1, Indikator: []Indikator{{ID: 11, RHKID: 1, TargetMin: 12, TargetMax: 12, Satuan: "dokumen", Arah: ArahNaik}}}
	double := RHK{ID: 2, Indikator: []Indikator{
		{ID: 21, RHKID: 2, TargetMin: 95, TargetMax: 95, Satuan: "persen", Arah: ArahNaik},
		{ID: 22, RHKID: 2, TargetMin: 7, TargetMax: 8, Satuan: "hari", Arah: ArahTurun},
	}}
	reports := []Aktivitas{
		scVol(1, 1, 11, scDate(2026, 1, 5), StatusDisetujui, 2),
		scVol(2, 1, 0, scDate(2026, 2, 3), StatusDisetujui, 3), // RHK only: its sole indikator
		scVol(3, 1, 11, scDate(2026, 3, 2), StatusDiajukan, 5), // not approved
		scVol(4, 1, 11, scDate(2026, 3, 3), StatusDitolak, 5),
		scVol(5, 1, 11, scDate(2026, 4, 1), StatusDisetujui, 9),   // after the window
		scVol(6, 1, 11, scDate(2025, 12, 31), StatusDisetujui, 9), // before it
		scVol(7, 1, 11, scDate(2026, 3, 31), StatusDisetujui, 0.5),
		// Percentages: the last by date wins, then the higher id on the same day.
		scVol(20, 2, 21, scDate(2026, 3, 10), StatusDisetujui, 60),
		scVol(12, 2, 21, scDate(2026, 3, 20), StatusDisetujui, 70),
		scVol(11, 2, 21, scDate(2026, 3, 20), StatusDisetujui, 65),
		scVol(13, 2, 21, scDate(2026, 3, 25), StatusDikembalikan, 99),
		scVol(14, 2, 0, scDate(2026, 3, 26), StatusDisetujui, 99), // RHK of two indikator: counts for neither
		// Days to finish, lower is better: default terakhir.
		scVol(30, 2, 22, scDate(2026, 2, 10), StatusDisetujui, 9),
		scVol(31, 2, 22, scDate(2026, 3, 10), StatusDisetujui, 6.5),
		scVol(32, 9, 11, scDate(2026, 3, 11), StatusDisetujui, 4), // names indikator 11 under another RHK: the indikator decides
	}
	from, to := scDate(2026, 1, 1), scDate(2026, 3, 31)
	tests := []struct {
		rhk     RHK
		ind     Indikator
		agg     Agregasi
		nilai   float64
		hasData bool
		ids     []int64
		last    int64
	}{
		{single, single.Indikator[0], AgregasiJumlah, 9.5, true, []int64{1, 2, 32, 7}, 0},
		{double, double.Indikator[0], AgregasiTerakhir, 70, true, []int64{20, 11, 12}, 12},
		{double, double.Indikator[1], AgregasiTerakhir, 6.5, true, []int64{30, 31}, 31},
	}
	for _, tt := range tests {
		r := RealisasiOf(tt.rhk, tt.ind, reports, from, to)
		if r.Agregasi != tt.agg || math.Abs(r.Nilai-tt.nilai) > 1e-12 || r.HasData != tt.hasData ||
			!slices.Equal(r.IDs, tt.ids) || r.LastID != tt.last || r.From != from || r.To != to || r.IndikatorID != tt.ind.ID {
			t.Errorf("indikator %d: %+v", tt.ind.ID, r)
		}
	}

	// An explicit agregasi wins over the default: a percentage summed.
	summed := double.Indikator[0]
	summed.Agregasi = AgregasiJumlah
	if r := RealisasiOf(double, summed, reports, from, to); r.Nilai != 195 || r.LastID != 0 {
		t.Errorf("jumlah of percentages: %+v", r)
	}
	// And an explicit terakhir on a count.
	last := single.Indikator[0]
	last.Agregasi = AgregasiTerakhir
	if r := RealisasiOf(single, last, reports, from, to); r.Nilai != 0.5 || r.LastID != 7 {
		t.Errorf("terakhir of a count: %+v", r)
	}
	// Nothing in the window.
	if r := RealisasiOf(single, single.Indikator[0], reports, scDate(2026, 6, 1), scDate(2026, 6, 30)); r.HasData || r.Nilai != 0 || r.IDs != nil {
		t.Errorf("empty window: %+v", r)
	}
	// A volume that is not a number never poisons the sum.
	bad := []Aktivitas{scVol(1, 1, 11, from, StatusDisetujui, math.NaN()), scVol(2, 1, 11, from, StatusDisetujui, 2)}
	if r := RealisasiOf(single, single.Indikator[0], bad, from, to); r.Nilai != 2 || len(r.IDs) != 2 {
		t.Errorf("NaN volume: %+v", r)
	}
}

func TestAgregasiOf(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ind  Indikator
		want Agregasi
	}{
		{Indikator{Satuan: "dokumen", Arah: ArahNaik}, AgregasiJumlah},
		{Indikator{Satuan: "%", Arah: ArahNaik}, AgregasiTerakhir},
		{Indikator{Satuan: "hari", Arah: ArahTurun}, AgregasiTerakhir},
		{Indikator{Satuan: "persen", Arah: ArahNaik, Agregasi: AgregasiJumlah}, AgregasiJumlah},
		{Indikator{Satuan: "dokumen", Arah: ArahNaik, Agregasi: AgregasiTerakhir}, AgregasiTerakhir},
		{Indikator{Satuan: "dokumen", Arah: ArahNaik, Agregasi: "rata-rata"}, AgregasiJumlah},
	} {
		if got := AgregasiOf(tt.ind); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.ind, got, tt.want)
		}
	}
}

// TestMonthsElapsed also checks WindowToDate, the capaian window that
// carries the months elapsed.
func TestMonthsElapsed(t *testing.T) {
	t.Parallel()
	check := func(through Date, months int, to Date) {
		t.Helper()
		if got := MonthsElapsed(2026, through); got != months {
			t.Errorf("MonthsElapsed(2026, %v) = %d, want %d", through, got, months)
		}
		if got, want := WindowToDate(2026, through), (CapaianWindow{scDate(2026, 1, 1), to, months}); got != want {
			t.Errorf("WindowToDate(2026, %v) = %+v, want %+v", through, got, want)
		}
	}
	// Within the year, a month counts once its last day is reached, and the
	// window ends on the day itself.
	for through, months := range map[Date]int{
		scDate(2026, 1, 1):   0,
		scDate(2026, 1, 30):  0,
		scDate(2026, 1, 31):  1,
		scDate(2026, 2, 28):  2,
		scDate(2026, 3, 10):  2,
		scDate(2026, 3, 31):  3,
		scDate(2026, 6, 30):  6,
		scDate(2026, 12, 30): 11,
		scDate(2026, 12, 31): 12,
	} {
		check(through, months, through)
	}
	// Outside it: none before, all twelve after, in a window of the year.
	check(scDate(2025, 12, 31), 0, scDate(2025, 12, 31))
	check(scDate(2027, 1, 1), 12, scDate(2026, 12, 31))
	check(scDate(2027, 1, 5), 12, scDate(2026, 12, 31))
	if MonthsElapsed(2028, scDate(2028, 2, 28)) != 1 || MonthsElapsed(2028, scDate(2028, 2, 29)) != 2 {
		t.Error("leap February")
	}
}

func TestExpectation(t *testing.T) {
	t.Parallel()
	count := Indikator{ID: 1, TargetMin: 12, TargetMax: 12, Satuan: "laporan", Arah: ArahNaik}
	rangeNaik := Indikator{ID: 2, TargetMin: 10, TargetMax: 14, Satuan: "kegiatan", Arah: ArahNaik}
	pct := Indikator{ID: 3, TargetMin: 95, TargetMax: 95, Satuan: "persen", Arah: ArahNaik}
	days := Indikator{ID: 4, TargetMin: 7, TargetMax: 8, Satuan: "bulan", Arah: ArahTurun}
	small := Indikator{ID: 5, TargetMin: 1.2, TargetMax: 1.2, Satuan: "dokumen", Arah: ArahNaik}
	zero := Indikator{ID: 6, Satuan: "dokumen", Arah: ArahNaik}
	reversed := Indikator{ID: 7, TargetMin: 9, TargetMax: 8, Satuan: "dokumen", Arah: ArahNaik}
	data := func(ind Indikator, v float64) Realisasi {
		return Realisasi{IndikatorID: ind.ID, Agregasi: AgregasiOf(ind), Nilai: v, HasData: true}
	}
	noData := func(ind Indikator) Realisasi { return Realisasi{IndikatorID: ind.ID, Agregasi: AgregasiOf(ind)} }
	tests := []struct {
		name     string
		ind      Indikator
		r        Realisasi
		months   int
		expected float64
		jalur    Jalur
	}{
		{"on pace", count, data(count, 3), 3, 3, JalurSesuai},
		{"ahead", count, data(count, 7), 3, 3, JalurSesuai},
		{"behind", count, data(count, 2), 3, 3, JalurTertinggal},
		{"January: nothing due yet", count, noData(count), 0, 0, JalurSesuai},
		{"no report by March is behind", count, noData(count), 2, 2, JalurTertinggal},
		{"range: paced on the lower bound", rangeNaik, data(rangeNaik, 5), 6, 5, JalurSesuai},
		{"range behind", rangeNaik, data(rangeNaik, 4.9), 6, 5, JalurTertinggal},
		{"percentage pro-rated", pct, data(pct, 30), 3, 23.75, JalurSesuai},
		{"percentage without report", pct, noData(pct), 3, 23.75, JalurTanpaData},
		{"float noise: 1.2 × 3 / 12 = 0.3", small, data(small, 0.3), 3, 0.3, JalurSesuai},
		{"months clamped", count, data(count, 12), 15, 12, JalurSesuai},
		{"negative months", count, data(count, 0), -1, 0, JalurSesuai},
		{"turun within the target all year", days, data(days, 8), 1, 8, JalurSesuai},
		{"turun better", days, data(days, 6.5), 1, 8, JalurSesuai},
		{"turun worse", days, data(days, 8.5), 11, 8, JalurTertinggal},
		{"turun without report", days, noData(days), 5, 8, JalurTanpaData},
		{"zero naik target", zero, data(zero, 3), 3, 0, JalurTanpaTarget},
		{"reversed range", reversed, data(reversed, 3), 3, 0, JalurTanpaTarget},
	}
	for _, tt := range tests {
		e := ExpectationOf(tt.ind, tt.r, tt.months)
		if math.Abs(e.Expected-tt.expected) > 1e-9 || e.Jalur != tt.jalur {
			t.Errorf("%s: expected %v %s; want %v %s", tt.name, e.Expected, e.Jalur, tt.expected, tt.jalur)
		}
		if e.ElapsedMonths < 0 || e.ElapsedMonths > 12 || (e.Prorated != (tt.ind.Arah != ArahTurun) && e.Jalur != JalurTanpaTarget) {
			t.Errorf("%s: %+v", tt.name, e)
		}
	}
}
