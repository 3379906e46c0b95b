package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// adminDB is a fresh database for one test: its URL (for cli) and a store
// on it (for assertions and the run* functions).
func admDB(t *testing.T) (string, *store.DB) {
	t.Helper()
	url := storetest.NewURL(t)
	db, err := store.OpenPostgres(context.Background(), url, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return url, db
}

func admOpened(db *store.DB) adminOpenDB {
	return func(context.Context) (*store.DB, error) { return db, nil }
}

func admIDs(rep adminReport, stderr bool) []string {
	ms := rep.Out
	if stderr {
		ms = rep.Err
	}
	var out []string
	for _, m := range ms {
		if m.Line == 0 {
			out = append(out, m.MessageID)
			continue
		}
		out = append(out, strconv.Itoa(m.Line)+":"+m.Column+":"+m.MessageID)
	}
	return out
}

func admCount(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func admWriteFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCLIImportEndToEnd(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	getenv := env(map[string]string{"DATABASE_URL": url})
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli(args, getenv, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	// A dry run first: nothing is written.
	if code, out, errOut := run("import", "pegawai", "../../examples/pegawai.csv", "--periksa"); code != 0 || out == "" || errOut != "" {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai`); n != 0 {
		t.Fatalf("dry run wrote %d people", n)
	}
	code, out, errOut := run("import", "pegawai", "../../examples/pegawai.csv")
	if code != 0 || errOut != "" || !strings.Contains(out, "pegawai.csv") || strings.Contains(out, "<no value>") {
		t.Fatalf("import pegawai: %d\n%s\n%s", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai`); n != 9 {
		t.Fatalf("%d people", n)
	}
	// Flags before the file, in English; the XLSX changes nothing.
	if code, out, errOut := run("import", "pegawai", "--bahasa", "en", "../../examples/pegawai.xlsx"); code != 0 || errOut != "" || out == "" {
		t.Fatalf("import xlsx: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run("import", "skp", "../../examples/skp.csv"); code != 0 || errOut != "" || !strings.Contains(out, "skp.csv") {
		t.Fatalf("import skp: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM indikator`); n != 20 {
		t.Fatalf("%d indikator", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action IN ('import_pegawai', 'import_skp')`); n != 3 {
		t.Fatalf("%d audit entries", n)
	}

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
	code, out, errOut = run("import", "pegawai", admWriteFile(t, "besar.csv", b.String()))
	if code != 1 || out != "" || !strings.Contains(errOut, "201") || !strings.Contains(errOut, "1980010120050302") {
		t.Fatalf("bad file: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai`); n != 9 {
		t.Fatalf("a refused file wrote: %d people", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja`); n != 1 {
		t.Fatalf("a refused file wrote: %d units", n)
	}
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
		{[]string{"invite"}, 2},
		{[]string{"invite", "198703152010011002", "--berlaku", "sebentar"}, 2},
		{[]string{"invite", "198703152010011002", "--bot", "a b"}, 2},
		{[]string{"invite", "--help"}, 0},
	} {
		var out, errOut bytes.Buffer
		if code := cli(tc.args, env(nil), &out, &errOut); code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out.String(), errOut.String())
		}
	}
	// A file problem is found before the database is needed.
	var out, errOut bytes.Buffer
	p := admWriteFile(t, "p.csv", "nip,nama\n1,A\n")
	if code := cli([]string{"import", "pegawai", p}, env(map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "unit_kerja") {
		t.Fatalf("missing column: %d %q", code, errOut.String())
	}
	var help bytes.Buffer
	cli([]string{"help"}, env(nil), &help, &help)
	if !strings.Contains(help.String(), "import ") || !strings.Contains(help.String(), "invite ") {
		t.Fatalf("usage lacks the commands: %s", help.String())
	}
}

func TestRunImportPegawaiReports(t *testing.T) {
	t.Parallel()
	_, db := admDB(t)
	ctx := context.Background()
	rep := runImportPegawai(ctx, admOpened(db), "../../examples/pegawai.csv", false)
	if rep.Code != 0 || !slices.Equal(admIDs(rep, false), []string{"import.pegawai_done", "import.count_pegawai", "import.units_created"}) {
		t.Fatalf("adminReport %+v", rep)
	}
	if a := rep.Out[1].Args; a["Inserted"] != 9 || a["Updated"] != 0 || a["Unchanged"] != 0 {
		t.Fatalf("counts %v", a)
	}
	rep = runImportPegawai(ctx, admOpened(db), "../../examples/pegawai.xlsx", true)
	if rep.Code != 0 || rep.Out[0].MessageID != "import.checked" || rep.Out[1].Args["Unchanged"] != 9 {
		t.Fatalf("dry run %+v", rep)
	}

	const head = "nip,nama,jabatan,jenis_jabatan,unit_kerja,atasan_nip,telepon,peran\n"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"nip.csv", head + "1987031520100110,A,,,Dinas X,,,\n", []string{"import.failed", "2:nip:import.bad_nip"}},
		{"dup.csv", head + "198703152010011002,A,,,Dinas X,,,\n198703152010011002,B,,,Dinas X,,,\n", []string{"import.failed", "3:nip:import.duplicate_nip"}},
		{"hp.csv", head + "198703152010011002,A,,,Dinas X,,0812,\n", []string{"import.failed", "2:telepon:import.bad_phone"}},
		{"peran.csv", head + "198703152010011002,A,,,Dinas X,,,atasan\n", []string{"import.failed", "2:peran:import.bad_peran"}},
		{"self.csv", head + "198703152010011002,A,,,Dinas X,198703152010011002,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_self"}},
		{"atasan.csv", head + "198703152010011002,A,,,Dinas X,199912312024121999,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_unknown"}},
		{"cycle.csv", head + "197108141997031004,Kepala,,,Dinas X,199006172015032001,,\n", []string{"import.failed", "2:atasan_nip:import.atasan_cycle"}},
		{"kolom.csv", "nip,nama,golongan\n198703152010011002,A,III/a\n", []string{"import.failed", "1::import.unknown_columns", "1::import.missing_columns"}},
		{"kosong.csv", "", []string{"import.file_empty"}},
		{"data.ods", "x", []string{"import.file_type"}},
	} {
		rep := runImportPegawai(ctx, admOpened(db), admWriteFile(t, tc.name, tc.data), false)
		if got := admIDs(rep, true); rep.Code != 1 || !slices.Equal(got, tc.want) || len(rep.Out) != 0 {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai`); n != 9 {
		t.Fatalf("refused files wrote: %d people", n)
	}

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
	rep = runImportPegawai(ctx, admOpened(db), xlsx, false)
	if got := admIDs(rep, true); !slices.Equal(got, []string{"import.failed", "3:nip:import.numeric_cell"}) {
		t.Fatalf("numeric cell: %v", got)
	}
}

func TestRunImportSKPReports(t *testing.T) {
	t.Parallel()
	_, db := admDB(t)
	ctx := context.Background()
	if rep := runImportPegawai(ctx, admOpened(db), "../../examples/pegawai.csv", false); rep.Code != 0 {
		t.Fatal(rep)
	}
	rep := runImportSKP(ctx, admOpened(db), "../../examples/skp.csv", false)
	if rep.Code != 0 || !slices.Equal(admIDs(rep, false), []string{"import.skp_done", "import.count_skp", "import.count_rhk", "import.count_indikator"}) {
		t.Fatalf("adminReport %+v", rep)
	}
	if rep.Out[0].Args["Rows"] != 20 || rep.Out[1].Args["Inserted"] != 6 || rep.Out[2].Args["Inserted"] != 14 || rep.Out[3].Args["Inserted"] != 20 {
		t.Fatalf("counts %+v", rep.Out)
	}
	const head = "nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan,arah\n"
	const nip = "199006172015032001"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"target.csv", head + nip + ",2026,R1,utama,Teks,Ind,banyak,dokumen,naik\n", []string{"import.failed", "2:target:import.bad_target"}},
		{"range.csv", head + nip + ",2026,R1,utama,Teks,Ind,8-7,bulan,turun\n", []string{"import.failed", "2:target:import.target_min_gt_max"}},
		{"ribuan.csv", head + nip + ",2026,R1,utama,Teks,Ind,1.000,dokumen,naik\n", []string{"import.failed", "2:target:import.ambiguous_number"}},
		{"orang.csv", head + "199912312024121999,2026,R1,utama,Teks,Ind,1,dokumen,naik\n", []string{"import.failed", "2:nip:import.pegawai_unknown"}},
		{"rhk.csv", head + nip + ",2026,R1,utama,Teks,Ind,1,dokumen,naik\n" + nip + ",2026,R1,tambahan,Teks,Ind 2,1,dokumen,naik\n",
			[]string{"import.failed", "3:jenis_rhk:import.rhk_inconsistent"}},
		{"kolom.csv", "nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan\n" + nip + ",2026,R1,utama,T,I,1,dokumen\n",
			[]string{"import.failed", "1::import.missing_columns"}},
	} {
		rep := runImportSKP(ctx, admOpened(db), admWriteFile(t, tc.name, tc.data), false)
		if got := admIDs(rep, true); rep.Code != 1 || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
}

func TestRendererFallsBackToIDs(t *testing.T) {
	t.Parallel()
	r := adminRenderer{lang: "id"}
	if got := r.text(adminMsg("import.no_such", map[string]any{"B": 2, "A": 1})); got != "import.no_such map[A:1 B:2]" {
		t.Fatalf("fallback %q", got)
	}
	rep := adminReport{}
	rep.fail("f.csv", fmt.Errorf("store: boom"))
	if rep.Code != 1 || rep.Err[0].MessageID != "import.internal" || rep.Err[0].Args["Err"] != "store: boom" {
		t.Fatalf("internal %+v", rep)
	}
}
