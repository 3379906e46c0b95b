package kinerja

import "testing"

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Amount
	}{
		{"2 dokumen, 90 menit", Amount{Volume: 2, Satuan: "dokumen", HasVolume: true, Menit: 90, HasMenit: true}},
		{"2 dokumen 1 jam 30 menit", Amount{Volume: 2, Satuan: "dokumen", HasVolume: true, Menit: 90, HasMenit: true}},
		{"1,5 laporan; 45 menit", Amount{Volume: 1.5, Satuan: "laporan", HasVolume: true, Menit: 45, HasMenit: true}},
		{"2 lembar surat 90 menit", Amount{Volume: 2, Satuan: "lembar surat", HasVolume: true, Menit: 90, HasMenit: true}},
		{"2\n90", Amount{Volume: 2, HasVolume: true, Menit: 90, HasMenit: true}},
		{"2 90", Amount{Volume: 2, HasVolume: true, Menit: 90, HasMenit: true}},
		{"90 menit, 2 dokumen", Amount{Volume: 2, Satuan: "dokumen", HasVolume: true, Menit: 90, HasMenit: true}},
		{"3 kegiatan dan 08.00-09.30", Amount{Volume: 3, Satuan: "kegiatan", HasVolume: true, Menit: 90, HasMenit: true}},
		{"2 jam pelajaran, 90 menit", Amount{Volume: 2, Satuan: "jam pelajaran", HasVolume: true, Menit: 90, HasMenit: true}},
		// One of the two alone.
		{"90 menit", Amount{Menit: 90, HasMenit: true}},
		{"1 jam 30 menit", Amount{Menit: 90, HasMenit: true}},
		{"1,5 jam", Amount{Menit: 90, HasMenit: true}},
		{"08.00-09.30", Amount{Menit: 90, HasMenit: true}},
		{"2 dokumen", Amount{Volume: 2, Satuan: "dokumen", HasVolume: true}},
		{"2", Amount{Volume: 2, HasVolume: true}},
	} {
		got, err := ParseAmount(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	// An ambiguous volume is asked; the duration typed with it is kept.
	got, err := ParseAmount("1.500 lembar 90 menit")
	if th, dec, sat, ok := VolumeReadings(err); !ok || th != 1500 || dec != 1.5 || sat != "lembar" || !got.HasMenit || got.Menit != 90 {
		t.Errorf("ambiguous: %+v, %v", got, err)
	}
	for in, want := range map[string]string{
		"":                     "report.volume_empty",
		"sekitar dua":          "report.volume_not_number",
		"2 dokumen, lama":      "report.minutes_not_understood",
		"1, 2, 3":              "report.amount_not_understood",
		"-2 dokumen, 90 menit": "report.volume_not_positive",
	} {
		_, err := ParseAmount(in)
		if id, _ := ErrorMessage(err); id != want {
			t.Errorf("ParseAmount(%q): %v, want %s", in, err, want)
		}
	}
}

func TestSplitReport(t *testing.T) {
	for _, c := range []struct {
		in, uraian string
		want       Amount
	}{
		{"Menyusun notulen rapat SPBE\n2 dokumen\n90 menit", "Menyusun notulen rapat SPBE",
			Amount{Volume: 2, Satuan: "dokumen", HasVolume: true, Menit: 90, HasMenit: true}},
		{"Menyusun notulen rapat SPBE\n2 dokumen, 90 menit", "Menyusun notulen rapat SPBE",
			Amount{Volume: 2, Satuan: "dokumen", HasVolume: true, Menit: 90, HasMenit: true}},
		{"Rapat koordinasi\n1 jam 30 menit", "Rapat koordinasi", Amount{Menit: 90, HasMenit: true}},
		{"Rapat koordinasi\nbersama Dinas Kominfo", "Rapat koordinasi\nbersama Dinas Kominfo", Amount{}},
		{"Rapat koordinasi SPBE", "Rapat koordinasi SPBE", Amount{}},
		{"2 dokumen", "2 dokumen", Amount{}}, // one line is always the uraian
		{"  Menyusun laporan\n\n  3 laporan  \n 2 jam ", "Menyusun laporan",
			Amount{Volume: 3, Satuan: "laporan", HasVolume: true, Menit: 120, HasMenit: true}},
	} {
		uraian, got, err := SplitReport(c.in)
		if err != nil || uraian != c.uraian || got != c.want {
			t.Errorf("SplitReport(%q) = %q, %+v, %v; want %q, %+v", c.in, uraian, got, err, c.uraian, c.want)
		}
	}
}
