package roster

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
)

var update = flag.Bool("update", false, "regenerate ../examples/pegawai.xlsx from ../examples/pegawai.csv")

func problems(errs []kinerja.FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, strconv.Itoa(e.Line)+":"+e.Column+":"+e.MessageID)
	}
	return out
}

func fileErrID(t *testing.T, err error) string {
	t.Helper()
	var de *kinerja.Error
	if errors.As(err, &de) {
		return de.MessageID
	}
	var fe kinerja.FieldErrors
	if errors.As(err, &fe) {
		return strings.Join(problems(fe), ",")
	}
	t.Fatalf("not a domain error: %v", err)
	return ""
}

func TestCSVCommaWithBOMQuotesAndBlankLines(t *testing.T) {
	t.Parallel()
	data := "\xEF\xBB\xBFNIP,Nama,Unit Kerja,Peran\r\n" +
		"198703152010011002,\"Siti Rahayu, S.Kom.\",Dinas Kominfo,admin_opd;admin\r\n" +
		"\r\n" +
		",,,\r\n" +
		"197108141997031004,\"Budi\nSantoso\",Dinas Kominfo,\r\n" +
		"199006172015032001,Dwi,Dinas Kominfo,pegawai\r\n"
	s, err := Read("pegawai.csv", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.Delimiter != ',' || s.HeaderLine != 1 || len(s.Records) != 3 || s.Header[0] != "NIP" {
		t.Fatalf("sheet %+v", s)
	}
	if lines := []int{s.Records[0].Line, s.Records[1].Line, s.Records[2].Line}; !slices.Equal(lines, []int{2, 5, 7}) {
		t.Fatalf("lines %v", lines) // a quoted new line makes record 5 span two lines
	}
	rows, errs := s.Pegawai()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if rows[0].Nama != "Siti Rahayu, S.Kom." || !slices.Equal(rows[0].Roles, []kinerja.Role{"pegawai", "admin_opd", "admin"}) ||
		rows[1].Nama != "Budi Santoso" || rows[2].Line != 7 {
		t.Fatalf("rows %+v", rows)
	}
	if !slices.Equal(s.Columns(), []string{"nip", "nama", "unit_kerja", "peran"}) {
		t.Fatalf("columns %v", s.Columns())
	}
}

func TestCSVSemicolon(t *testing.T) {
	t.Parallel()
	data := "nip;nama;unit_kerja;peran;telepon\n" +
		"198703152010011002;Siti Rahayu, S.Kom.;Dinas Kominfo;pegawai|admin_opd;0812 3456 7890\n" +
		"197108141997031004;Budi;Dinas Kominfo;\"pegawai;admin\";\n"
	s, err := Read("p.csv", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.Delimiter != ';' || s.RoleSeparators() != "|" {
		t.Fatalf("delimiter %q", s.Delimiter)
	}
	_, errs := s.Pegawai()
	if got := problems(errs); !slices.Equal(got, []string{"3:peran:import.bad_peran"}) {
		t.Fatalf("problems %v", got)
	}
}

func TestCSVProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, data, want string
	}{
		{"latin1.csv", "nip,nama,unit_kerja\n1,a,b\n198703152010011002,Jos\xe9,X\n", "3::import.not_utf8"},
		{"utf16.csv", "\xff\xfen\x00i\x00p\x00", "1::import.not_utf8"},
		{"quote.csv", "nip,nama,unit_kerja\n198703152010011002,\"Siti\" Rahayu,X\n", "2::import.csv_syntax"},
		{"empty.csv", "\n\n ,, \n", "import.file_empty"},
		{"bad.txt", "nip\n", "import.file_type"},
		{"old.xls", "nip\n", "import.file_type"},
		{"broken.xlsx", "this is not a zip", "import.xlsx_invalid"},
	} {
		_, err := Read(tc.name, strings.NewReader(tc.data))
		if got := fileErrID(t, err); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	big := bytes.Repeat([]byte("x"), MaxFileSize+1)
	if _, err := Read("big.csv", bytes.NewReader(big)); fileErrID(t, err) != "import.file_too_large" {
		t.Errorf("big: %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.csv")); fileErrID(t, err) != "import.file_unreadable" {
		t.Errorf("missing: %v", err)
	}
}

func TestRowsHeaderProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		data string
		want []string
	}{
		{"nip,nama,golongan\n198703152010011002,A,III/a\n", []string{"1::import.missing_columns"}}, // golongan is ignored
		{"nip,nama,unit_kerja\n198703152010011002,Siti Rahayu,Dinas, Kominfo\n", []string{"2::import.too_many_cells"}},
		{"nip,nama,unit_kerja\n198703152010011002,Siti Rahayu,Dinas,,\n", nil}, // trailing empty cells are fine
		{"nip,nama,unit_kerja\n", []string{"1::import.no_rows"}},
		{"nip,nama,,unit_kerja\n198703152010011002,A,x,B\n", []string{"2::import.unnamed_column"}},
		{"nip,nama\n198703152010011002,A\n198703152010011003\n", []string{"1::import.missing_columns"}},
	} {
		s, err := Read("p.csv", strings.NewReader(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		_, errs := s.Rows(kinerja.PegawaiColumns)
		if got := problems(errs); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.data, got, tc.want)
		}
	}
}

// An export of SIASN: its headers are aliases of ours, its other columns
// are ignored (and named), and an ignored column's data is no problem.
func TestRowsOfASIASNExport(t *testing.T) {
	t.Parallel()
	data := "PNS_ID,NIP_BARU,NIP_LAMA,NAMA,GELAR_DEPAN,GELAR_BELAKANG,JENIS_JABATAN_NAMA,JABATAN_NAMA,UNOR_NAMA,SATUAN_KERJA_INDUK_NAMA,NOMOR_HP\n" +
		"8ae4a1b2,198703152010011002,340012345,BUDI SANTOSO,Drs.,M.Si.,JPT Pratama,Kepala Dinas,Dinas Kominfo,Dinas Kominfo,081234567890\n"
	s, err := Read("siasn.csv", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, errs := s.Pegawai()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !slices.Equal(s.Ignored, []string{"PNS_ID", "NIP_LAMA"}) {
		t.Fatalf("ignored %v", s.Ignored)
	}
	want := []string{"nip", "nama", "gelar_depan", "gelar_belakang", "jenis_jabatan", "jabatan", "unit_kerja", "unit_induk", "telepon"}
	if !slices.Equal(s.Columns(), want) {
		t.Fatalf("columns %v, want %v", s.Columns(), want)
	}
	p := rows[0]
	if p.NIP != "198703152010011002" || p.Nama != "Drs. BUDI SANTOSO, M.Si." || p.JenisJabatan != "jpt" || p.UnitKerja != "Dinas Kominfo" ||
		p.UnitInduk != "" || p.Telepon != "+6281234567890" || p.Jabatan != "Kepala Dinas" {
		t.Fatalf("row %+v", p)
	}
	// SKP files stay strict: an unknown column there is a typo to fix.
	s, _ = Read("skp.csv", strings.NewReader("nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan,arah,catatan\n"))
	if _, errs := s.SKP(); len(errs) == 0 || errs[0].MessageID != "import.unknown_columns" {
		t.Fatalf("skp with an unknown column: %v", errs)
	}
}

func TestCSVShortRowsAreEmptyCells(t *testing.T) {
	t.Parallel()
	s, err := Read("p.csv", strings.NewReader("nip,nama,unit_kerja,telepon\n198703152010011002,A,B\n"))
	if err != nil {
		t.Fatal(err)
	}
	rows, errs := s.Rows(kinerja.PegawaiColumns)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if c, ok := rows[0].Cells["telepon"]; !ok || c.Value != "" {
		t.Fatalf("short row: %+v", rows[0].Cells)
	}
}

// workbook builds an .xlsx in memory: rows of cells where an int64, float64
// or int is written as a number cell, a string as text.
func workbook(t *testing.T, rows [][]any, prep func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var err error
			if s, ok := v.(string); ok {
				err = f.SetCellStr("Sheet1", cell, s)
			} else {
				err = f.SetCellValue("Sheet1", cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if prep != nil {
		prep(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSXNumericCellsAreRefused(t *testing.T) {
	t.Parallel()
	data := workbook(t, [][]any{
		{},
		{"NIP", "Nama", "Unit Kerja", "Telepon", "Jenis Jabatan"},
		{"198703152010011002", "Siti Rahayu", "Dinas Kominfo", "081234567890", "pelaksana"},
		{int64(197108141997031004), "Budi Santoso", "Dinas Kominfo", 81234567891, ""},
		{"199006172015032001", "Dwi", "Dinas Kominfo", "", ""},
	}, nil)
	s, err := Read("pegawai.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if s.HeaderLine != 2 || len(s.Records) != 3 || s.Records[0].Line != 3 {
		t.Fatalf("sheet %+v", s)
	}
	if !s.Records[1].Cells[0].Numeric || s.Records[0].Cells[0].Numeric {
		t.Fatalf("numeric flags %+v", s.Records)
	}
	_, errs := s.Pegawai()
	if got := problems(errs); !slices.Equal(got, []string{"4:nip:import.numeric_cell", "4:telepon:import.numeric_cell"}) {
		t.Fatalf("problems %v", got)
	}
	if v := errs[0].Args["Value"].(string); !strings.Contains(v, "E+17") && !strings.HasPrefix(v, "1971") {
		t.Fatalf("value shown %q", v)
	}
}

func TestXLSXMergedCellsAndNumbers(t *testing.T) {
	t.Parallel()
	head := []any{"nip", "tahun", "rhk_kode", "jenis_rhk", "rhk", "indikator", "target", "satuan", "arah"}
	data := workbook(t, [][]any{
		head,
		{"198703152010011002", 2026, "RHK-1", "utama", "Tersusunnya laporan", "Jumlah laporan", 12, "laporan", "naik"},
		{"", "", "", "", "", "Ketepatan waktu", "7-8", "hari", "turun"},
		{"198703152010011002", 2026, "RHK-2", "tambahan", "Pendampingan", "Jumlah orang", 2.5, "orang", "naik", "sisa"},
	}, func(f *excelize.File) {
		for _, col := range []string{"A", "B", "C", "D", "E"} {
			if err := f.MergeCell("Sheet1", col+"2", col+"3"); err != nil {
				t.Fatal(err)
			}
		}
	})
	s, err := Read("skp.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := s.SKP()
	if got := problems(errs); !slices.Equal(got, []string{"4::import.unnamed_column"}) || errs[0].Args["Position"] != "J" {
		t.Fatalf("problems %v %v", got, errs)
	}
	// Without the stray cell: the merged RHK covers both indikator rows.
	s.Records[2].Cells = s.Records[2].Cells[:9]
	plans, errs := s.SKP()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(plans) != 1 || len(plans[0].RHK) != 2 || len(plans[0].RHK[0].Indikator) != 2 ||
		plans[0].RHK[0].Indikator[1].TargetMax != 8 || plans[0].RHK[1].Indikator[0].TargetMin != 2.5 {
		t.Fatalf("plans %+v", plans)
	}
}

// TestExamplePegawaiXLSX checks that examples/pegawai.xlsx holds the same
// people as examples/pegawai.csv, with NIP and phone cells as text. Run with
// -update to regenerate it.
func TestExamplePegawaiXLSX(t *testing.T) {
	const csvPath, xlsxPath = "../examples/pegawai.csv", "../examples/pegawai.xlsx"
	csvSheet, err := ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		writeExampleXLSX(t, csvSheet, xlsxPath)
	}
	xSheet, err := ReadFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	want, errs := csvSheet.Pegawai()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got, errs := xSheet.Pegawai()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, csv has %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.NIP != w.NIP || g.Nama != w.Nama || g.Telepon != w.Telepon || g.AtasanNIP != w.AtasanNIP ||
			g.UnitKerja != w.UnitKerja || g.Jabatan != w.Jabatan || g.JenisJabatan != w.JenisJabatan || !slices.Equal(g.Roles, w.Roles) {
			t.Errorf("row %d: xlsx %+v, csv %+v", i, g, w)
		}
	}
}

func writeExampleXLSX(t *testing.T, s *Sheet, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Pegawai"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": Text, so Excel keeps what is typed later
	if err != nil {
		t.Fatal(err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		t.Fatal(err)
	}
	for j, h := range s.Header {
		col, _ := excelize.ColumnNumberToName(j + 1)
		switch h {
		case "nip", "atasan_nip", "telepon":
			if err := f.SetColStyle(sheet, col, text); err != nil {
				t.Fatal(err)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := f.SetCellStr(sheet, cell, h); err != nil {
			t.Fatal(err)
		}
		width := 18.0
		if h == "nama" || h == "jabatan" {
			width = 36
		} else if h == "unit_kerja" {
			width = 60
		}
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetRowStyle(sheet, 1, 1, bold); err != nil {
		t.Fatal(err)
	}
	for i, rec := range s.Records {
		for j, c := range rec.Cells {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if err := f.SetCellStr(sheet, cell, c.Value); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
}
