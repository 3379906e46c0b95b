package kinerja

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func msgID(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.MessageID
	}
	return ""
}

func TestParseDecimal(t *testing.T) {
	inputAccepts(t, "ParseDecimal", ParseDecimal, map[string]float64{
		"12": 12, " 12 ": 12, "1000": 1000, "0": 0,
		"2,5": 2.5, "2.5": 2.5, "1,5": 1.5, "1.5": 1.5, "1.50": 1.5,
		"0,125":        0.125,  // a leading 0 cannot be a thousands group
		"1234.500":     1234.5, // nor four digits
		"99,50":        99.5,   // two decimals: not thousands
		"1,2345":       1.2345, // four: not thousands
		"1,1250":       1.125,
		"1.000,5":      1000.5, // both marks: the last one is decimal
		"1,000.5":      1000.5,
		"1.000.000":    1000000, // proper thousands groups
		"1,000,000":    1000000,
		"1.000.000,25": 1000000.25,
	})
	inputRefuses(t, "ParseDecimal", ParseDecimal, []inputRefusal{
		{"import.ambiguous_number", nil, []string{"1.000", "1.500", "12,500", "1,125"}},
		{"import.negative_number", nil, []string{
			"-3",
			"−3", // U+2212
			"-1.000",
		}},
		{"import.bad_number", nil, []string{
			"-x", "", "2,", ",5", "1..5", "1,,5", "1.00,5", "1.2.3", "0.000.000", "1 000", "1e3", "NaN",
			"١٢", // Arabic-Indic digits
			"1234567890123456", "123.456.789.012.345,6",
		}},
	})
}

func targetTestParse(s string) ([2]float64, error) {
	lo, hi, err := ParseTarget(s)
	return [2]float64{lo, hi}, err
}

func TestParseTarget(t *testing.T) {
	inputAccepts(t, "ParseTarget", targetTestParse, map[string][2]float64{
		"12":                {12, 12},
		"2,5":               {2.5, 2.5},
		"7-8":               {7, 8},
		"7 - 8":             {7, 8},
		"7–8":               {7, 8}, // en dash
		"7—8":               {7, 8}, // em dash
		"7 s.d. 8":          {7, 8},
		"7 s/d 8":           {7, 8},
		"2,5-3,5":           {2.5, 3.5},
		"7-7":               {7, 7},
		"0-0":               {0, 0},
		"1.000,5 - 2.000,5": {1000.5, 2000.5},
	})
	inputRefuses(t, "ParseTarget", targetTestParse, []inputRefusal{
		{"import.required", nil, []string{"", "   "}},
		{"import.target_min_gt_max", nil, []string{"8-7"}},
		{"import.negative_number", nil, []string{"-5", "-5-7", "5--7"}},
		{"import.bad_target", nil, []string{"7-", "-", "tujuh", "7-8-9", "12 dokumen"}},
		{"import.ambiguous_number", nil, []string{"1.000-2.000"}},
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12", "2,5", "2.5", "1.000", "1.000,5", "-3", "0,125", ",", "9999999999999999", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDecimal(s)
		if err != nil {
			if !strings.HasPrefix(msgID(err), "import.") || v != 0 {
				t.Fatalf("ParseDecimal(%q): %v, %v", s, v, err)
			}
			return
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseDecimal(%q) = %v", s, v)
		}
		// The one value the rule of readNumber gives.
		vals := numberTestValues(strings.TrimSpace(s))
		if len(vals) != 1 {
			t.Fatalf("ParseDecimal(%q) = %v, but the rule says %q", s, v, vals)
		}
		if want, perr := strconv.ParseFloat(vals[0], 64); perr != nil || want != v {
			t.Fatalf("ParseDecimal(%q) = %v, the rule says %v (%v)", s, v, want, perr)
		}
	})
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"7-8", "7 - 8", "7–8", "2,5", "8-7", "-5", "7 s.d. 8", "5--7", "1.000-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, err := ParseTarget(s)
		if err != nil {
			if !strings.HasPrefix(msgID(err), "import.") {
				t.Fatalf("ParseTarget(%q): %v", s, err)
			}
			return
		}
		if lo < 0 || lo > hi || math.IsNaN(lo) || math.IsInf(hi, 0) {
			t.Fatalf("ParseTarget(%q) = %v, %v", s, lo, hi)
		}
		// A plain number is a target of that number.
		if v, err := ParseDecimal(s); err == nil && (lo != v || hi != v) {
			t.Fatalf("ParseTarget(%q) = %v, %v; ParseDecimal says %v", s, lo, hi, v)
		}
	})
}

func TestParseRoles(t *testing.T) {
	for _, tc := range []struct {
		in, seps string
		want     []Role
		bad      string
	}{
		{"", "|;", []Role{RolePegawai}, ""},
		{"pegawai", "|;", []Role{RolePegawai}, ""},
		{"admin_opd", "|;", []Role{RolePegawai, RoleAdminOPD}, ""},
		{"Admin | ADMIN_OPD", "|;", []Role{RolePegawai, RoleAdminOPD, RoleAdmin}, ""},
		{"admin;pegawai", "|;", []Role{RolePegawai, RoleAdmin}, ""},
		{"admin;pegawai", "|", nil, "admin;pegawai"},
		{"pegawai||admin|", "|", []Role{RolePegawai, RoleAdmin}, ""},
		{"pegawai|atasan", "|", nil, "atasan"}, // assessors are derived, never imported
	} {
		got, err := ParseRoles(tc.in, tc.seps)
		if tc.bad != "" {
			var e *Error
			if !errors.As(err, &e) || e.MessageID != "import.bad_peran" || e.Args["Value"] != tc.bad {
				t.Errorf("ParseRoles(%q) err = %v", tc.in, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("ParseRoles(%q, %q) = %v, %v; want %v", tc.in, tc.seps, got, err, tc.want)
		}
	}
}

func TestCheckHeader(t *testing.T) {
	cols := []string{NormalizeColumn(" NIP "), NormalizeColumn("Nama"), NormalizeColumn("Unit Kerja"), NormalizeColumn("atasan-nip"), "", "golongan", "email"}
	if cols[2] != "unit_kerja" || cols[3] != "atasan_nip" {
		t.Fatalf("NormalizeColumn: %v", cols)
	}
	if errs := PegawaiColumns.CheckHeader(1, cols[:5]); len(errs) != 0 {
		t.Fatalf("good header: %v", errs)
	}
	// A pegawai file may carry other columns (an export of SIASN): ignored.
	if errs := PegawaiColumns.CheckHeader(1, cols); len(errs) != 0 {
		t.Fatalf("a pegawai file's extra columns refused: %+v", errs)
	}
	errs := SKPColumns.CheckHeader(1, []string{"nip", "tahun", "rhk_kode", "jenis_rhk", "rhk", "indikator", "target", "satuan", "arah", "golongan", "email"})
	if len(errs) != 1 || errs[0].MessageID != "import.unknown_columns" || errs[0].Args["Columns"] != "golongan, email" {
		t.Fatalf("unknown: %+v", errs)
	}
	errs = SKPColumns.CheckHeader(3, []string{"nip", "nip", "tahun", "target"})
	var ids []string
	for _, e := range errs {
		ids = append(ids, e.MessageID)
		if e.Line != 3 {
			t.Errorf("line %d", e.Line)
		}
	}
	if !slices.Equal(ids, []string{"import.duplicate_column", "import.missing_columns"}) {
		t.Fatalf("ids %v", ids)
	}
	if errs[1].Args["Columns"] != "rhk_kode, jenis_rhk, rhk, indikator, satuan, arah" {
		t.Fatalf("missing: %v", errs[1].Args["Columns"])
	}
}

// row builds a RawRow from "column=value" pairs (a value starting with # is
// a number cell).
func row(line int, kv ...string) RawRow {
	r := RawRow{Line: line, Cells: map[string]Cell{}}
	for _, p := range kv {
		k, v, _ := strings.Cut(p, "=")
		c := Cell{Value: v}
		if strings.HasPrefix(v, "#") {
			c = Cell{Value: v[1:], Numeric: true}
		}
		r.Cells[k] = c
	}
	return r
}

func pegawai(line int, nip string, more ...string) RawRow {
	return row(line, append([]string{"nip=" + nip, "nama=Siti  Rahayu", "unit_kerja= Dinas   Kominfo "}, more...)...)
}

func problems(errs []FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, strconv.Itoa(e.Line)+":"+e.Column+":"+e.MessageID)
	}
	return out
}

func TestParsePegawaiRow(t *testing.T) {
	p, errs := ParsePegawaiRow(pegawai(2, "19870315 201001 1 002", "telepon='0812-3456-7890", "peran=admin_opd",
		"jenis_jabatan=Pelaksana", "atasan_nip=197108141997031004"), "|")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := PegawaiRow{Line: 2, NIP: "198703152010011002", Nama: "Siti Rahayu", JenisJabatan: "pelaksana",
		UnitKerja: "Dinas Kominfo", AtasanNIP: "197108141997031004", Telepon: "+6281234567890",
		Roles: []Role{RolePegawai, RoleAdminOPD}}
	if p.NIP != want.NIP || p.Nama != want.Nama || p.UnitKerja != want.UnitKerja || p.Telepon != want.Telepon ||
		p.JenisJabatan != want.JenisJabatan || p.AtasanNIP != want.AtasanNIP || !slices.Equal(p.Roles, want.Roles) {
		t.Fatalf("got %+v", p)
	}

	for _, tc := range []struct {
		r    RawRow
		want []string
	}{
		{pegawai(3, "1987031520100110"), []string{"3:nip:import.bad_nip"}},
		{pegawai(4, "#1.98703152010011E+17"), []string{"4:nip:import.numeric_cell"}},
		{pegawai(5, "198703152010011002", "telepon=#81234567890"), []string{"5:telepon:import.numeric_cell"}},
		{pegawai(6, "198703152010011002", "telepon=0812"), []string{"6:telepon:import.bad_phone"}},
		{pegawai(7, "198703152010011002", "peran=kepala"), []string{"7:peran:import.bad_peran"}},
		{pegawai(8, "198703152010011002", "atasan_nip=198703152010011002"), []string{"8:atasan_nip:import.atasan_self"}},
		{pegawai(9, "198703152010011002", "atasan_nip=12"), []string{"9:atasan_nip:import.bad_nip"}},
		{pegawai(10, "198703152010011002", "jenis_jabatan=eselon"), []string{"10:jenis_jabatan:import.bad_jenis_jabatan"}},
		{pegawai(11, "198703152010011002", "nama= ", "jabatan="+strings.Repeat("x", MaxNamaLen+1)),
			[]string{"11:nama:import.required", "11:jabatan:import.too_long"}},
		{row(12, "nip=", "nama=A", "unit_kerja="), []string{"12:nip:import.required", "12:unit_kerja:import.required"}},
	} {
		_, errs := ParsePegawaiRow(tc.r, "|")
		if got := problems(errs); !slices.Equal(got, tc.want) {
			t.Errorf("line %d: %v, want %v", tc.r.Line, got, tc.want)
		}
		for _, e := range errs {
			if e.Args["Line"] != e.Line || e.Args["Column"] != e.Column {
				t.Errorf("args lack Line/Column: %+v", e)
			}
		}
	}
}

func TestParsePegawaiRowsDuplicates(t *testing.T) {
	rows := []RawRow{
		pegawai(2, "198703152010011002"),
		pegawai(3, "197108141997031004"),
		pegawai(5, "19870315 2010011002", "telepon=x"), // same NIP, written with a space, and a bad phone
	}
	got, errs := ParsePegawaiRows(rows, "|")
	if got != nil {
		t.Fatal("rows returned with problems")
	}
	if p := problems(errs); !slices.Equal(p, []string{"5:nip:import.duplicate_nip", "5:telepon:import.bad_phone"}) {
		t.Fatalf("problems %v", p)
	}
	if errs[0].Args["First"] != 2 {
		t.Fatalf("First = %v", errs[0].Args["First"])
	}
}

func TestAtasanCycles(t *testing.T) {
	got := AtasanCycles(map[string]string{
		"A": "B", "B": "C", "C": "A", // a cycle
		"D": "A",          // leads into it, not on it
		"E": "E",          // itself
		"F": "G", "G": "", // a chain to the top
		"H": "X", // an atasan that is not a key
	})
	if len(got) != 4 {
		t.Fatalf("cycles %v", got)
	}
	if strings.Join(got["B"], ">") != "B>C>A>B" || strings.Join(got["E"], ">") != "E>E" {
		t.Fatalf("B: %v, E: %v", got["B"], got["E"])
	}
	if _, ok := got["D"]; ok {
		t.Fatal("D is not on the cycle")
	}
	// A long chain is linear, not quadratic.
	long := map[string]string{}
	for i := 0; i < 100000; i++ {
		long[strconv.Itoa(i)] = strconv.Itoa(i + 1)
	}
	if c := AtasanCycles(long); len(c) != 0 {
		t.Fatal("no cycle in a chain")
	}
}

func skp(line int, nip, kode, jenis, rhk, ind string, more ...string) RawRow {
	return row(line, append([]string{"nip=" + nip, "tahun=2026", "rhk_kode=" + kode, "jenis_rhk=" + jenis, "rhk=" + rhk,
		"indikator=" + ind, "target=12", "satuan=laporan", "arah=naik"}, more...)...)
}

func TestParseSKPRow(t *testing.T) {
	r, errs := ParseSKPRow(skp(2, "198703152010011002", " RHK-1 ", "Utama", "Tersusunnya laporan", "Jumlah laporan",
		"target=7 - 8", "arah=TURUN", "satuan= bulan "))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if r.RHKKode != "RHK-1" || r.JenisRHK != RHKUtama || r.TargetMin != 7 || r.TargetMax != 8 || r.Arah != ArahTurun ||
		r.Satuan != "bulan" || r.Agregasi != AgregasiTerakhir || r.Tahun != 2026 {
		t.Fatalf("got %+v", r)
	}
	r, errs = ParseSKPRow(skp(3, "198703152010011002", "1", "tambahan", "R", "I", "target=#1.125", "tahun=#2026", "satuan=persen", "agregasi=jumlah"))
	if len(errs) > 0 || r.TargetMin != 1.125 || r.Tahun != 2026 || r.Agregasi != AgregasiJumlah {
		t.Fatalf("number cells: %+v %v", r, errs)
	}
	for _, tc := range []struct {
		r    RawRow
		want []string
	}{
		{skp(4, "1987", "1", "utama", "R", "I"), []string{"4:nip:import.bad_nip"}},
		{skp(5, "198703152010011002", "1", "pokok", "R", "I", "tahun=26"), []string{"5:tahun:import.bad_tahun", "5:jenis_rhk:import.bad_jenis_rhk"}},
		{skp(6, "198703152010011002", "1", "utama", "R", "I", "target=8-7", "arah=naik turun"),
			[]string{"6:target:import.target_min_gt_max", "6:arah:import.bad_arah"}},
		{skp(7, "198703152010011002", "", "utama", "", "I", "target=abc", "agregasi=rata2"),
			[]string{"7:rhk_kode:import.required", "7:rhk:import.required", "7:target:import.bad_target", "7:agregasi:import.bad_agregasi"}},
		{skp(8, "198703152010011002", "1", "utama", "R", "I", "target=#-2", "tahun=#2026.5"),
			[]string{"8:tahun:import.bad_tahun", "8:target:import.negative_number"}},
	} {
		_, errs := ParseSKPRow(tc.r)
		if got := problems(errs); !slices.Equal(got, tc.want) {
			t.Errorf("line %d: %v, want %v", tc.r.Line, got, tc.want)
		}
	}
}

func TestParseSKPRowsGroups(t *testing.T) {
	const a, b = "198703152010011002", "197108141997031004"
	plans, errs := ParseSKPRows([]RawRow{
		skp(2, a, "RHK-1", "utama", "Tersusunnya laporan", "Jumlah laporan"),
		skp(3, b, "RHK-1", "utama", "Lain", "Jumlah"),
		skp(4, a, "RHK-1", "utama", "tersusunnya  LAPORAN", "Ketepatan waktu", "target=7-8", "satuan=hari", "arah=turun"),
		skp(5, a, "RHK-2", "tambahan", "Terlaksananya pendampingan", "Jumlah orang"),
		skp(6, a, "RHK-1", "utama", "Tersusunnya laporan", "Jumlah dokumen", "tahun=2027"),
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(plans) != 3 || plans[0].NIP != a || plans[0].Line != 2 || plans[1].NIP != b || plans[2].Tahun != 2027 {
		t.Fatalf("plans %+v", plans)
	}
	if len(plans[0].RHK) != 2 || len(plans[0].RHK[0].Indikator) != 2 || plans[0].RHK[0].Teks != "Tersusunnya laporan" ||
		plans[0].RHK[1].Jenis != RHKTambahan || plans[0].RHK[0].Indikator[1].Line != 4 {
		t.Fatalf("RHK %+v", plans[0].RHK)
	}

	_, errs = ParseSKPRows([]RawRow{
		skp(2, a, "RHK-1", "utama", "Tersusunnya laporan", "Jumlah laporan"),
		skp(3, a, "RHK-1", "tambahan", "Tersusunnya laporan", "Lain"),
		skp(4, a, "RHK-1", "utama", "Laporan lain", "Lain lagi"),
		skp(5, a, "RHK-1", "utama", "Tersusunnya laporan", "jumlah  laporan"),
		skp(6, a, "RHK-2", "utama", "X", "Y", "target=x"),
	})
	if got := problems(errs); !slices.Equal(got, []string{
		"3:jenis_rhk:import.rhk_inconsistent", "4:rhk:import.rhk_inconsistent", "5:indikator:import.duplicate_indikator", "6:target:import.bad_target",
	}) {
		t.Fatalf("problems %v", got)
	}
	if errs[0].Args["First"] != 2 || errs[0].Args["Expected"] != "utama" || errs[0].Args["Kode"] != "RHK-1" {
		t.Fatalf("args %v", errs[0].Args)
	}
}

func TestFieldErrorsError(t *testing.T) {
	e := FieldErrors{NewFieldError(3, "nip", "import.bad_nip", nil), NewFieldError(1, "", "import.missing_columns", nil)}
	SortFieldErrors(e)
	if e[0].Line != 1 || !strings.Contains(e.Error(), "2 problem") || !strings.Contains(e[1].Error(), "line 3, column nip") {
		t.Fatalf("%v / %v", e, e.Error())
	}
}

func TestJenisFromLabelReadsPeoplesLabels(t *testing.T) {
	for _, tc := range []struct {
		label, eselon, want string
		needEselon, ok      bool
	}{
		{"jpt", "", "jpt", false, true},
		{"JPT Pratama", "", "jpt", false, true},
		{"JPT  Madya", "", "jpt", false, true},
		{"Jabatan Pimpinan Tinggi", "", "jpt", false, true},
		{"Jabatan Administrator", "", "administrator", false, true},
		{"jabatan pengawas", "", "pengawas", false, true},
		{"Jabatan Fungsional Tertentu", "", "fungsional", false, true},
		{"JABATAN FUNGSIONAL", "", "fungsional", false, true},
		{"Jabatan Fungsional Umum", "", "pelaksana", false, true},
		{"Jabatan Pelaksana", "", "pelaksana", false, true},
		{"Jabatan Struktural", "II.b", "jpt", false, true},
		{"Struktural", "III/a", "administrator", false, true},
		{"struktural", "Eselon IV.a", "pengawas", false, true},
		{"Jabatan Struktural", "", "", true, true},
		{"Jabatan Struktural", "tidak ada", "", true, true},
		{"Jabatan Struktural", "/", "", true, true},
		{"Struktural", " . ", "", true, true},
		{"Honorer", "", "", false, false},
	} {
		got, need, ok := JenisFromLabel(tc.label, tc.eselon)
		if got != tc.want || need != tc.needEselon || ok != tc.ok {
			t.Errorf("JenisFromLabel(%q, %q) = %q, %v, %v; want %q, %v, %v", tc.label, tc.eselon, got, need, ok, tc.want, tc.needEselon, tc.ok)
		}
	}
}

func TestWithGelar(t *testing.T) {
	for _, tc := range []struct{ depan, nama, belakang, want string }{
		{"Dr. Ir.", "Budi  Santoso", "M.T.", "Dr. Ir. Budi Santoso, M.T."},
		{"", "Siti Rahayu", "S.Kom., M.Kom.", "Siti Rahayu, S.Kom., M.Kom."},
		{"drg.", "Ayu Lestari", "", "drg. Ayu Lestari"},
		{"", "Ahmad", ", S.E.", "Ahmad, S.E."},
		{" ", "Ahmad", " ", "Ahmad"},
	} {
		if got := WithGelar(tc.depan, tc.nama, tc.belakang); got != tc.want {
			t.Errorf("WithGelar(%q, %q, %q) = %q, want %q", tc.depan, tc.nama, tc.belakang, got, tc.want)
		}
	}
}

func TestMergeRepeatedReportsAProblemOnce(t *testing.T) {
	var errs []FieldError
	for line := 2; line <= 301; line++ {
		errs = append(errs, NewFieldError(line, "jenis_jabatan", "import.bad_jenis_jabatan", map[string]any{"Value": "Honorer"}))
	}
	errs = append(errs, NewFieldError(150, "nip", "import.bad_nip", map[string]any{"Value": "123"}))
	errs = append(errs, NewFieldError(305, "jenis_jabatan", "import.bad_jenis_jabatan", map[string]any{"Value": "Honorer"}))
	errs = append(errs, NewFieldError(306, "jenis_jabatan", "import.bad_jenis_jabatan", map[string]any{"Value": "PPPK"}))
	SortFieldErrors(errs)
	got := MergeRepeated(errs)
	if len(got) != 3 {
		t.Fatalf("merged into %d problems, want 3: %+v", len(got), got)
	}
	if got[0].Line != 2 || len(got[0].Lines) != 301 || LineRanges(got[0].Lines) != "2–301, 305" {
		t.Fatalf("the repeated problem: line %d, %d lines, %q", got[0].Line, len(got[0].Lines), LineRanges(got[0].Lines))
	}
	if got[1].MessageID != "import.bad_nip" || got[1].Lines != nil || got[2].Args["Value"] != "PPPK" {
		t.Fatalf("the single problems: %+v, %+v", got[1], got[2])
	}
}

func TestParsePegawaiRowOfASIASNExport(t *testing.T) {
	r := RawRow{Line: 7, Cells: map[string]Cell{
		"nip": {Value: "198703152010011002"}, "nama": {Value: "BUDI SANTOSO"}, "gelar_depan": {Value: "Drs."},
		"gelar_belakang": {Value: "M.Si."}, "jenis_jabatan": {Value: "Jabatan Struktural"}, "eselon": {Value: ""},
		"jabatan": {Value: "Kepala Bidang Aplikasi Informatika"}, "unit_kerja": {Value: "Bidang Aplikasi Informatika"},
		"unit_induk": {Value: "Dinas Komunikasi, Informatika, Statistik dan Persandian"}, "telepon": {Value: "0812-3456-7890"},
	}}
	p, errs := ParsePegawaiRow(r, "|;")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if p.Nama != "Drs. BUDI SANTOSO, M.Si." || p.JenisJabatan != "" || p.UnitInduk != "Dinas Komunikasi, Informatika, Statistik dan Persandian" {
		t.Fatalf("row %+v", p)
	}
	if len(p.Notes) != 1 || p.Notes[0].MessageID != "import.note_struktural" || p.Notes[0].Line != 7 {
		t.Fatalf("notes %+v", p.Notes)
	}
	// The unit being its own OPD (SIASN writes the dinas in both) is a top-level unit.
	r.Cells["unit_induk"] = Cell{Value: "bidang aplikasi  informatika"}
	r.Cells["eselon"] = Cell{Value: "III.b"}
	p, _ = ParsePegawaiRow(r, "|;")
	if p.UnitInduk != "" || p.JenisJabatan != "administrator" || len(p.Notes) != 0 {
		t.Fatalf("row %+v", p)
	}
}
