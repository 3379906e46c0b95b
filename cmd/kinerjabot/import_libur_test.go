package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

func TestCLIImportLiburEndToEnd(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	getenv := env(map[string]string{"DATABASE_URL": url})
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli(args, getenv, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	path := admWriteFile(t, "libur-2026.csv", mustRead(t, "../../examples/libur-2026.csv"))
	if code, out, errOut := run("import", "libur", path, "--periksa"); code != 0 || out == "" || errOut != "" {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM hari_libur`); n != 0 {
		t.Fatalf("dry run wrote %d days", n)
	}
	code, out, errOut := run("import", "libur", path)
	if code != 0 || errOut != "" || !strings.Contains(out, "libur-2026.csv") || !strings.Contains(out, "25") || strings.Contains(out, "<no value>") {
		t.Fatalf("import libur: %d\n%s\n%s", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM hari_libur WHERE jenis = 'cuti_bersama'`); n != 8 {
		t.Fatalf("%d cuti bersama", n)
	}
	if code, out, errOut := run("import", "libur", "--bahasa", "en", path); code != 0 || errOut != "" || out == "" {
		t.Fatalf("re-import in English: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_libur'`); n != 2 {
		t.Fatalf("%d audit entries", n)
	}
	// A bad date on line 3: exit 1, the line named, nothing written.
	bad := admWriteFile(t, "salah.csv", "tanggal,keterangan\n2027-01-01,Tahun Baru 2027 Masehi\n2027-02-30,Salah\n")
	code, out, errOut = run("import", "libur", bad)
	if code != 1 || out != "" || !strings.Contains(errOut, "salah.csv") || !strings.Contains(errOut, "3") || !strings.Contains(errOut, "2027-02-30") {
		t.Fatalf("bad file: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM hari_libur`); n != 25 {
		t.Fatalf("a refused file wrote: %d days", n)
	}
}

func TestRunImportLiburReports(t *testing.T) {
	t.Parallel()
	_, db := admDB(t)
	ctx := context.Background()
	rep := runImportLibur(ctx, admOpened(db), "../../examples/libur-2026.csv", false)
	if rep.Code != 0 || !slices.Equal(admIDs(rep, false), []string{"import.libur_done", "import.count_libur"}) {
		t.Fatalf("adminReport %+v", rep)
	}
	if a := rep.Out[1].Args; rep.Out[0].Args["Rows"] != 25 || a["Inserted"] != 25 || a["Libur"] != 17 || a["CutiBersama"] != 8 {
		t.Fatalf("counts %+v", rep.Out)
	}
	rep = runImportLibur(ctx, admOpened(db), "../../examples/libur-2026.csv", true)
	if rep.Code != 0 || rep.Out[0].MessageID != "import.checked" || rep.Out[1].Args["Unchanged"] != 25 {
		t.Fatalf("dry run %+v", rep)
	}
	const head = "tanggal,keterangan\n"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"tanggal.csv", head + "2027-01-01,A\n31/04/2027,B\n", []string{"import.failed", "3:tanggal:import.bad_tanggal"}},
		{"dup.csv", head + "2027-01-01,A\n01-01-2027,B\n", []string{"import.failed", "3:tanggal:import.duplicate_tanggal"}},
		{"jenis.csv", "tanggal,keterangan,jenis\n2027-01-01,A,nasional\n", []string{"import.failed", "2:jenis:import.bad_jenis_libur"}},
		{"kolom.csv", "tanggal,nama\n2027-01-01,A\n", []string{"import.failed", "1::import.unknown_columns", "1::import.missing_columns"}},
		{"libur.ods", "x", []string{"import.file_type"}},
	} {
		rep := runImportLibur(ctx, admOpened(db), admWriteFile(t, tc.name, tc.data), false)
		if got := admIDs(rep, true); rep.Code != 1 || !slices.Equal(got, tc.want) || len(rep.Out) != 0 {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
	if n := admCount(t, db, `SELECT count(*) FROM hari_libur`); n != 25 {
		t.Fatalf("refused files wrote: %d days", n)
	}
}
