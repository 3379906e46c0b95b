package main

// The import command: files of pegawai, SKP, leave (cuti) and holidays
// (libur), through cli and through the run* functions behind it.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kinerjabot/store"
)

func admWriteFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// admRows checks that table (and a WHERE, if any) has want rows.
func admRows(t *testing.T, db *store.DB, table string, want int) {
	t.Helper()
	if n := admCount(t, db, "SELECT count(*) FROM "+table); n != want {
		t.Fatalf("%d rows in %s, want %d", n, table, want)
	}
}

// imported runs "import args…" through cli: it must succeed, print every
// message rendered and nothing on stderr; it returns what it printed.
func imported(t *testing.T, url string, args ...string) string {
	t.Helper()
	code, out, errOut := admCLI(t, url, append([]string{"import"}, args...)...)
	if code != 0 || errOut != "" || out == "" || strings.Contains(out, "<no value>") {
		t.Fatalf("import %q: %d\n%s\n%s", args, code, out, errOut)
	}
	return out
}

// importRefused runs "import args…" through cli: it must fail (exit 1) with
// nothing on stdout; it returns what it printed on stderr.
func importRefused(t *testing.T, url string, args ...string) string {
	t.Helper()
	code, out, errOut := admCLI(t, url, append([]string{"import"}, args...)...)
	if code != 1 || out != "" || errOut == "" {
		t.Fatalf("import %q: %d %q %q, want it refused", args, code, out, errOut)
	}
	return errOut
}

// importReport runs run on path: it must succeed with the messages want
// (their IDs, in order).
func importReport(t *testing.T, db *store.DB, run importRun, path string, dryRun bool, want ...string) adminReport {
	t.Helper()
	rep := run(context.Background(), admOpened(db), path, importOpts{dryRun: dryRun})
	if got := admIDs(rep, false); rep.Code != 0 || !slices.Equal(got, want) {
		t.Fatalf("%s: %d %v, want %v (%+v)", path, rep.Code, got, want, rep)
	}
	return rep
}

// importChecked is importReport for a dry run of path, which would change
// none of its n rows (count is the ID of the counting message, then).
func importChecked(t *testing.T, db *store.DB, run importRun, path, count string, n int, then ...string) {
	t.Helper()
	if rep := importReport(t, db, run, path, true, append([]string{"import.checked", count}, then...)...); rep.Out[1].Args["Unchanged"] != n {
		t.Fatalf("dry run %+v", rep)
	}
}

// badFile is an import file and the messages (line:column:id) it is
// refused with.
type badFile struct {
	name, data string
	want       []string
}

// importRefuses runs run on each file: each is refused with exactly its
// messages and nothing on stdout.
func importRefuses(t *testing.T, db *store.DB, run importRun, files []badFile) {
	t.Helper()
	for _, f := range files {
		rep := run(context.Background(), admOpened(db), admWriteFile(t, f.name, f.data), importOpts{})
		if got := admIDs(rep, true); rep.Code != 1 || !slices.Equal(got, f.want) || len(rep.Out) != 0 {
			t.Errorf("%s: %d %v, want %v", f.name, rep.Code, got, f.want)
		}
	}
}

func TestCLIImportEndToEnd(t *testing.T) {
	url, db := admDB(t)
	// A dry run first: nothing is written.
	imported(t, url, "pegawai", "../../examples/pegawai.csv", "--periksa")
	admRows(t, db, "pegawai", 0)
	if out := imported(t, url, "pegawai", "../../examples/pegawai.csv"); !strings.Contains(out, "pegawai.csv") {
		t.Fatalf("import pegawai:\n%s", out)
	}
	admRows(t, db, "pegawai", 9)
	// Flags before the file, in English; the XLSX changes nothing.
	imported(t, url, "pegawai", "--bahasa", "en", "../../examples/pegawai.xlsx")
	if out := imported(t, url, "skp", "../../examples/skp.csv"); !strings.Contains(out, "skp.csv") {
		t.Fatalf("import skp:\n%s", out)
	}
	admRows(t, db, "indikator", 20)
	admRows(t, db, "audit_log WHERE action IN ('import_pegawai', 'import_skp')", 3)

	// A file whose last row of 200 is wrong: exit 1, every row refused.
	var b strings.Builder
	b.WriteString("nip,nama,unit_kerja\n")
	for i := 1; i <= 200; i++ {
		nip := fmt.Sprintf("19800101200503%04d", i)
		if i == 200 {
			nip = "1980010120050302" // 16 digits
		}
		fmt.Fprintf(&b, "%s,Pegawai %d,Dinas Baru\n", nip, i)
	}
	if errOut := importRefused(t, url, "pegawai", admWriteFile(t, "besar.csv", b.String())); !strings.Contains(errOut, "201") || !strings.Contains(errOut, "1980010120050302") {
		t.Fatalf("bad file: %q", errOut)
	}
	admRows(t, db, "pegawai", 9)
	admRows(t, db, "unit_kerja", 1)
}

func TestCLIImportCutiEndToEnd(t *testing.T) {
	url, db := admDB(t)
	// Before the staff exist every line is an unknown NIP.
	if errOut := importRefused(t, url, "cuti", "../../examples/cuti.csv"); !strings.Contains(errOut, "198501302009021003") {
		t.Fatalf("no staff yet: %q", errOut)
	}
	imported(t, url, "pegawai", "../../examples/pegawai.csv")
	imported(t, url, "cuti", "../../examples/cuti.csv", "--periksa")
	admRows(t, db, "cuti", 0)
	if out := imported(t, url, "cuti", "../../examples/cuti.csv", "--bahasa", "en"); !strings.Contains(out, "cuti.csv") {
		t.Fatalf("import cuti:\n%s", out)
	}
	admRows(t, db, "cuti", 7)
	admRows(t, db, "audit_log WHERE action = 'import_cuti'", 1)
	// Overlapping spans of one person and kind: exit 1, nothing written.
	bad := admWriteFile(t, "tumpang.csv", "nip,mulai,selesai,jenis\n"+
		"199006172015032001,2026-11-02,2026-11-06,cuti\n"+
		"199006172015032001,06/11/2026,10/11/2026,cuti\n")
	if errOut := importRefused(t, url, "cuti", bad); !strings.Contains(errOut, "tumpang.csv") || !strings.Contains(errOut, "3") {
		t.Fatalf("overlap: %q", errOut)
	}
	admRows(t, db, "cuti", 7)
}

func TestCLIImportLiburEndToEnd(t *testing.T) {
	url, db := admDB(t)
	path := admWriteFile(t, "libur-2026.csv", mustRead(t, "../../examples/libur-2026.csv"))
	imported(t, url, "libur", path, "--periksa")
	admRows(t, db, "hari_libur", 0)
	if out := imported(t, url, "libur", path); !strings.Contains(out, "libur-2026.csv") || !strings.Contains(out, "25") {
		t.Fatalf("import libur:\n%s", out)
	}
	admRows(t, db, "hari_libur WHERE jenis = 'cuti_bersama'", 8)
	imported(t, url, "libur", "--bahasa", "en", path) // again, in English
	admRows(t, db, "audit_log WHERE action = 'import_libur'", 2)
	// A bad date on line 3: exit 1, the line named, nothing written.
	bad := admWriteFile(t, "salah.csv", "tanggal,keterangan\n2027-01-01,Tahun Baru 2027 Masehi\n2027-02-30,Salah\n")
	if errOut := importRefused(t, url, "libur", bad); !strings.Contains(errOut, "salah.csv") || !strings.Contains(errOut, "3") || !strings.Contains(errOut, "2027-02-30") {
		t.Fatalf("bad file: %q", errOut)
	}
	admRows(t, db, "hari_libur", 25)
}

func TestCLIImportUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"import"}, 2},
		{[]string{"import", "--help"}, 0},
		{[]string{"import", "guru", "x.csv"}, 2},
		{[]string{"import", "pegawai"}, 2},
		{[]string{"import", "pegawai", "a.csv", "b.csv"}, 2},
		{[]string{"import", "pegawai", "a.csv", "--bahasa", "jv"}, 2},
		{[]string{"import", "skp", "-h"}, 0},
		{[]string{"import", "libur"}, 2},
		{[]string{"import", "cuti", "a.csv", "b.csv"}, 2},
		{[]string{"import", "cuti", "-h"}, 0},
		{[]string{"import", "libur", "a.csv", "--bahasa", "jv"}, 2},
		{[]string{"invite"}, 2},
		{[]string{"invite", "198703152010011002", "--berlaku", "sebentar"}, 2},
		{[]string{"invite", "198703152010011002", "--bot", "a b"}, 2},
		{[]string{"invite", "--help"}, 0},
	} {
		if code, out, errOut := admCLI(t, "", tc.args...); code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out, errOut)
		}
	}
	// A file problem is found before the database is needed.
	for _, tc := range []struct{ kind, name, data, want string }{
		{"pegawai", "p.csv", "nip,nama\n1,A\n", "unit_kerja"},
		{"libur", "l.csv", "tanggal\n2026-01-01\n", "keterangan"},
	} {
		if errOut := importRefused(t, "postgres://nobody@127.0.0.1:1/x", tc.kind, admWriteFile(t, tc.name, tc.data)); !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: missing column: %q", tc.kind, errOut)
		}
	}
	// The usage names the commands, and the kinds of import.
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"help"}, []string{"import ", "invite "}},
		{[]string{"import", "--help"}, []string{"libur", "cuti"}},
	} {
		_, out, errOut := admCLI(t, "", tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%v lacks %q: %s", tc.args, w, out+errOut)
			}
		}
	}
}

func TestRunImportPegawaiReports(t *testing.T) {
	_, db := admDB(t)
	rep := importReport(t, db, runImportPegawai, "../../examples/pegawai.csv", false, "import.pegawai_done", "import.count_pegawai", "import.units_created",
		"import.without_atasan", "2::import.person") // the Kepala Dinas: their atasan is outside the bot
	if a := rep.Out[1].Args; a["Inserted"] != 9 || a["Updated"] != 0 || a["Unchanged"] != 0 {
		t.Fatalf("counts %v", a)
	}
	importChecked(t, db, runImportPegawai, "../../examples/pegawai.xlsx", "import.count_pegawai", 9, "import.without_atasan", "2::import.person")

	const head = "nip,nama,jabatan,jenis_jabatan,unit_kerja,atasan_nip,telepon,peran\n"
	importRefuses(t, db, runImportPegawai, []badFile{
		{"nip.csv", head + "1987031520100110,A,,,Dinas X,,,\n", []string{"import.failed", "2:nip:import.bad_nip"}},
		{"dup.csv", head + "198703152010011002,A,,,Dinas X,,,\n198703152010011002,B,,,Dinas X,,,\n", []string{"import.failed", "3:nip:import.duplicate_nip"}},
		{"hp.csv", head + "198703152010011002,A,,,Dinas X,,0812,\n", []string{"import.failed", "2:telepon:import.bad_phone"}},
		{"peran.csv", head + "198703152010011002,A,,,Dinas X,,,atasan\n", []string{"import.failed", "2:peran:import.bad_peran"}},
		{"self.csv", head + "198703152010011002,A,,,Dinas X,198703152010011002,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_self"}},
		{"atasan.csv", head + "198703152010011002,A,,,Dinas X,199912312024121999,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_unknown"}},
		{"cycle.csv", head + "197108141997031004,Kepala,,,Dinas X,199006172015032001,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_cycle"}},
		{"kolom.csv", "nip,nama,golongan\n198703152010011002,A,III/a\n", []string{"import.failed", "1::import.missing_columns"}}, // golongan is ignored (SIASN exports carry many columns),
		{"kosong.csv", "", []string{"import.file_empty"}},
		{"data.ods", "x", []string{"import.file_type"}},
	})
	admRows(t, db, "pegawai", 9)

	// A numeric NIP cell in a workbook is refused with its row.
	f := excelize.NewFile()
	for i, v := range []any{"nip", "nama", "unit_kerja"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, v)
	}
	f.SetCellValue("Sheet1", "A2", "198703152010011002")
	f.SetCellValue("Sheet1", "B2", "A")
	f.SetCellValue("Sheet1", "C2", "Dinas X")
	f.SetCellValue("Sheet1", "A3", 1.98703152010011e17)
	f.SetCellValue("Sheet1", "B3", "B")
	f.SetCellValue("Sheet1", "C3", "Dinas X")
	xlsx := filepath.Join(t.TempDir(), "angka.xlsx")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	rep = runImportPegawai(context.Background(), admOpened(db), xlsx, importOpts{})
	if got := admIDs(rep, true); !slices.Equal(got, []string{"import.failed", "3:nip:import.numeric_cell"}) {
		t.Fatalf("numeric cell: %v", got)
	}
}

// importPegawai fills db with the example staff, whom the other files name.
func importPegawai(t *testing.T, db *store.DB) {
	t.Helper()
	importReport(t, db, runImportPegawai, "../../examples/pegawai.csv", false, "import.pegawai_done", "import.count_pegawai", "import.units_created",
		"import.without_atasan", "2::import.person") // the Kepala Dinas: their atasan is outside the bot
}

func TestRunImportSKPReports(t *testing.T) {
	_, db := admDB(t)
	importPegawai(t, db)
	rep := importReport(t, db, runImportSKP, "../../examples/skp.csv", false, "import.skp_done", "import.count_skp", "import.count_rhk", "import.count_indikator")
	if rep.Out[0].Args["Rows"] != 20 || rep.Out[1].Args["Inserted"] != 6 || rep.Out[2].Args["Inserted"] != 14 || rep.Out[3].Args["Inserted"] != 20 {
		t.Fatalf("counts %+v", rep.Out)
	}
	const head = "nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan,arah\n"
	const nip = "199006172015032001"
	importRefuses(t, db, runImportSKP, []badFile{
		{"target.csv", head + nip + ",2026,R1,utama,Teks,Ind,banyak,dokumen,naik\n", []string{"import.failed", "2:target:import.bad_target"}},
		{"range.csv", head + nip + ",2026,R1,utama,Teks,Ind,8-7,bulan,turun\n", []string{"import.failed", "2:target:import.target_min_gt_max"}},
		{"ribuan.csv", head + nip + ",2026,R1,utama,Teks,Ind,1.000,dokumen,naik\n", []string{"import.failed", "2:target:import.ambiguous_number"}},
		{"orang.csv", head + "199912312024121999,2026,R1,utama,Teks,Ind,1,dokumen,naik\n", []string{"import.failed", "2:nip:import.pegawai_unknown"}},
		{"rhk.csv", head + nip + ",2026,R1,utama,Teks,Ind,1,dokumen,naik\n" + nip + ",2026,R1,tambahan,Teks,Ind 2,1,dokumen,naik\n",
			[]string{"import.failed", "3:jenis_rhk:import.rhk_inconsistent"}},
		{"kolom.csv", "nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan\n" + nip + ",2026,R1,utama,T,I,1,dokumen\n",
			[]string{"import.failed", "1::import.missing_columns"}},
	})
	admRows(t, db, "indikator", 20)
}

func TestRunImportCutiReports(t *testing.T) {
	_, db := admDB(t)
	importPegawai(t, db)
	rep := importReport(t, db, runImportCuti, "../../examples/cuti.csv", false, "import.cuti_done", "import.count_cuti")
	if rep.Out[0].Args["Rows"] != 7 || rep.Out[1].Args["Inserted"] != 7 {
		t.Fatalf("counts %+v", rep.Out)
	}
	importChecked(t, db, runImportCuti, "../../examples/cuti.csv", "import.count_cuti", 7)
	const head = "nip,mulai,selesai,jenis\n"
	const nip = "199006172015032001"
	importRefuses(t, db, runImportCuti, []badFile{
		{"tanggal.csv", head + nip + ",2026-11-02,2026-13-01,cuti\n", []string{"import.failed", "2:selesai:import.bad_tanggal"}},
		{"jenis.csv", head + nip + ",2026-11-02,2026-11-03,izin\n", []string{"import.failed", "2:jenis:import.bad_jenis_cuti"}},
		{"nip.csv", head + "19900617201503200,2026-11-02,2026-11-03,cuti\n", []string{"import.failed", "2:nip:import.bad_nip"}},
		{"orang.csv", head + nip + ",2026-11-02,2026-11-03,cuti\n199912312024121999,2026-11-02,2026-11-03,cuti\n",
			[]string{"import.failed", "3:nip:import.pegawai_unknown"}},
		{"urutan.csv", head + nip + ",2026-11-03,2026-11-02,sakit\n", []string{"import.failed", "2:selesai:import.cuti_order"}},
		{"lama.csv", head + nip + ",2026-01-01,2027-03-01,dinas luar\n", []string{"import.failed", "2:selesai:import.cuti_too_long"}},
		{"tumpang.csv", head + nip + ",2026-11-02,2026-11-06,cuti\n" + nip + ",2026-11-01,2026-11-02,cuti\n",
			[]string{"import.failed", "3:mulai:import.cuti_overlap"}},
	})
	admRows(t, db, "cuti", 7)
}

func TestRunImportLiburReports(t *testing.T) {
	_, db := admDB(t)
	rep := importReport(t, db, runImportLibur, "../../examples/libur-2026.csv", false, "import.libur_done", "import.count_libur")
	if a := rep.Out[1].Args; rep.Out[0].Args["Rows"] != 25 || a["Inserted"] != 25 || a["Libur"] != 17 || a["CutiBersama"] != 8 {
		t.Fatalf("counts %+v", rep.Out)
	}
	importChecked(t, db, runImportLibur, "../../examples/libur-2026.csv", "import.count_libur", 25)
	const head = "tanggal,keterangan\n"
	importRefuses(t, db, runImportLibur, []badFile{
		{"tanggal.csv", head + "2027-01-01,A\n31/04/2027,B\n", []string{"import.failed", "3:tanggal:import.bad_tanggal"}},
		{"dup.csv", head + "2027-01-01,A\n01-01-2027,B\n", []string{"import.failed", "3:tanggal:import.duplicate_tanggal"}},
		{"jenis.csv", "tanggal,keterangan,jenis\n2027-01-01,A,nasional\n", []string{"import.failed", "2:jenis:import.bad_jenis_libur"}},
		{"kolom.csv", "tanggal,nama\n2027-01-01,A\n", []string{"import.failed", "1::import.unknown_columns", "1::import.missing_columns"}},
		{"libur.ods", "x", []string{"import.file_type"}},
	})
	admRows(t, db, "hari_libur", 25)
}
