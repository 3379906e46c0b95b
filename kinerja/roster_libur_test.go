package kinerja

import (
	"slices"
	"testing"
)

func TestParseImportDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		numeric bool
		want    string // "" when refused
	}{
		{"2026-03-20", false, "2026-03-20"},
		{" 2026-3-2 ", false, "2026-03-02"},
		{"20-03-2026", false, "2026-03-20"},
		{"20/03/2026", false, "2026-03-20"},
		{"5/1/2026", false, "2026-01-05"},
		{"46023", true, "2026-01-01"},
		{"2024-02-29", false, "2024-02-29"},
		{"2026-02-29", false, ""},
		{"2026/03/20", false, ""},
		{"20-03-26", false, ""},
		{"03/20/2026", false, ""},
		{"20.03.2026", false, ""},
		{"20/03-2026", false, ""},
		{"1999-12-31", false, ""},
		{"besok", false, ""},
		{"46023.5", true, ""},
		{"46023", false, ""},
	} {
		d, err := ParseImportDate(Cell{Value: tc.in, Numeric: tc.numeric})
		got := ""
		if err == nil {
			got = d.String()
		} else if e, ok := err.(*Error); !ok || e.MessageID != "import.bad_tanggal" {
			t.Errorf("%q: error %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("%q (numeric %v): %q, want %q", tc.in, tc.numeric, got, tc.want)
		}
	}
	if _, err := ParseImportDate(Cell{}); err == nil || err.(*Error).MessageID != "import.required" {
		t.Errorf("empty: %v", err)
	}
}

func rosterRows(cols []string, lines ...[]string) []RawRow {
	var out []RawRow
	for i, l := range lines {
		cells := map[string]Cell{}
		for j, c := range cols {
			cells[c] = Cell{Value: l[j]}
		}
		out = append(out, RawRow{Line: i + 2, Cells: cells})
	}
	return out
}

func TestParseLiburRows(t *testing.T) {
	t.Parallel()
	cols := []string{"tanggal", "keterangan", "jenis"}
	rows, errs := ParseLiburRows(rosterRows(cols,
		[]string{"2026-03-20", "Cuti Bersama  Idulfitri 1447 H", ""},
		[]string{"21/03/2026", "Idulfitri 1447 H", ""},
		[]string{"2026-12-24", "Libur khusus", "Cuti Bersama"},
		[]string{"2026-12-31", "Cuti bersama (dibatalkan)", "libur"},
	))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Tanggal.String()+" "+r.Jenis+" "+r.Keterangan)
	}
	want := []string{
		"2026-03-20 cuti_bersama Cuti Bersama Idulfitri 1447 H",
		"2026-03-21 libur Idulfitri 1447 H",
		"2026-12-24 cuti_bersama Libur khusus",
		"2026-12-31 libur Cuti bersama (dibatalkan)",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q", got)
	}

	_, errs = ParseLiburRows(rosterRows(cols,
		[]string{"2026-13-01", "A", ""},
		[]string{"2026-03-20", "B", ""},
		[]string{"20-03-2026", "", "nasional"},
	))
	if got, want := problems(errs), []string{
		"2:tanggal:import.bad_tanggal", "4:tanggal:import.duplicate_tanggal",
		"4:keterangan:import.required", "4:jenis:import.bad_jenis_libur",
	}; !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
	if errs[1].Args["First"] != 3 {
		t.Fatalf("first %v", errs[1].Args)
	}
}

func TestParseCutiRows(t *testing.T) {
	t.Parallel()
	const a, b = "198501302009021003", "199607252020031007"
	cols := []string{"nip", "mulai", "selesai", "jenis"}
	rows, errs := ParseCutiRows(rosterRows(cols,
		[]string{a, "2026-03-25", "27/03/2026", "cuti"},
		[]string{a, "2026-03-26", "2026-03-26", "Dinas Luar"},
		[]string{a, "2026-03-28", "2026-03-28", "cuti"},
		[]string{b, "2026-03-25", "2026-03-27", "cuti"},
		[]string{b, "2026-01-01", "2026-12-31", "sakit"},
		[]string{b, "2024-02-29", "2025-02-28", "dinas-luar"},
	))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(rows) != 6 || rows[1].Jenis != LeaveDinasLuar || rows[5].Jenis != LeaveDinasLuar || rows[0].Selesai.String() != "2026-03-27" {
		t.Fatalf("%+v", rows)
	}

	_, errs = ParseCutiRows(rosterRows(cols,
		[]string{"19850130200902100", "2026-03-25", "2026-03-27", "cuti"},
		[]string{a, "2026-03-27", "2026-03-25", "cuti"},
		[]string{a, "2026-01-01", "2027-01-02", "sakit"},
		[]string{a, "2026-05-04", "2026-05-08", "cuti"},
		[]string{a, "2026-05-08", "2026-05-11", "cuti"},
		[]string{a, "2026-05-04", "2026-05-08", "libur"},
		[]string{a, "kemarin", "", ""},
		[]string{a, "2026-05-04", "2026-05-08", "cuti"},
	))
	if got, want := problems(errs), []string{
		"2:nip:import.bad_nip",
		"3:selesai:import.cuti_order",
		"4:selesai:import.cuti_too_long",
		"6:mulai:import.cuti_overlap",
		"7:jenis:import.bad_jenis_cuti",
		"8:mulai:import.bad_tanggal", "8:selesai:import.required", "8:jenis:import.required",
		"9:mulai:import.cuti_overlap",
	}; !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
	if errs[3].Args["First"] != 5 || errs[8].Args["First"] != 5 {
		t.Fatalf("first %v %v", errs[3].Args, errs[8].Args)
	}
	// A year exactly: 2026-01-01..2026-12-31 and a leap year's 366 days pass;
	// 2026-01-01..2027-01-01 is 366 days too, the most allowed.
	if _, errs := ParseCutiRows(rosterRows(cols, []string{a, "2026-01-01", "2027-01-01", "cuti"})); len(errs) > 0 {
		t.Fatal(errs)
	}
}
