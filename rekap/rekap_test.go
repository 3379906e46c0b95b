package rekap

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
)

// The CSV recap is the Rekap sheet as an Indonesian spreadsheet opens it:
// ";" between columns, a decimal comma, dates DD-MM-YYYY; the other sheets
// are left out, and the totals are counted all the same.
func TestCSVIsTheRekapSheetForIndonesianSpreadsheets(t *testing.T) {
	month := kinerja.Date{Year: 2026, Month: time.November, Day: 1}
	var out bytes.Buffer
	w, err := NewCSV(Options{Month: month, Today: kinerja.Date{Year: 2026, Month: time.December, Day: 3},
		Score: kinerja.DefaultScoreConfig(), Rules: kinerja.DefaultRules()}, &out)
	if err != nil {
		t.Fatal(err)
	}
	decided := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	p := Person{NIP: "199001012015031001", Nama: "Sari Wulandari", Unit: "Bidang Statistik", OPD: "Dinas Kominfo", Linked: true,
		Reports: []kinerja.Aktivitas{
			{ID: 1, Tanggal: kinerja.Date{Year: 2026, Month: time.November, Day: 2}, Kategori: kinerja.KategoriNonSKP, Deskripsi: "Rapat",
				Volume: 1, Satuan: "kegiatan", Menit: 945, Status: kinerja.StatusDisetujui, DecidedBy: 9, DecidedAt: decided},
			{ID: 2, Tanggal: kinerja.Date{Year: 2026, Month: time.November, Day: 3}, Kategori: kinerja.KategoriNonSKP, Deskripsi: "Piket",
				Volume: 1, Satuan: "kegiatan", Menit: 60, Status: kinerja.StatusDiajukan},
		},
		Deciders: []string{"Dr. Agus", ""}}
	if err := w.Add(p); err != nil {
		t.Fatal(err)
	}
	sum, err := w.Write(&out, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "No;NIP;Nama;Jabatan;Unit Kerja;OPD;Atasan") {
		t.Fatalf("csv %q", out.String())
	}
	// November 2026: 21 working days × 300 = 6300 minutes; 945 approved = 15 %.
	cells := strings.Split(lines[1], ";")
	for i, want := range map[int]string{0: "1", 1: "199001012015031001", 8: "21", 9: "2", 10: "1", 11: "1", 15: "945", 16: "6300", 17: "15", 22: "Ya"} {
		if cells[i] != want {
			t.Errorf("%s = %q, want %q", RekapHeader[i], cells[i], want)
		}
	}
	if sum.People != 1 || sum.Reports != 2 || sum.Approved != 1 || sum.Waiting != 1 || sum.MinutesOK != 945 || sum.Reported != 1 {
		t.Errorf("summary %+v", sum)
	}
	if got := csvText(time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)); got != "03-11-2026" {
		t.Errorf("a date: %q", got)
	}
	if got := csvText(12.5); got != "12,5" {
		t.Errorf("a decimal: %q", got)
	}
}
