package main

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

func mustRead(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestCLIImportCutiEndToEnd(t *testing.T) {
	t.Parallel()
	url, db := admDB(t)
	getenv := env(map[string]string{"DATABASE_URL": url})
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli(args, getenv, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	// Before the staff exist every line is an unknown NIP.
	code, out, errOut := run("import", "cuti", "../../examples/cuti.csv")
	if code != 1 || out != "" || !strings.Contains(errOut, "198501302009021003") {
		t.Fatalf("no staff yet: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run("import", "pegawai", "../../examples/pegawai.csv"); code != 0 {
		t.Fatalf("import pegawai: %d %q", code, errOut)
	}
	if code, out, errOut := run("import", "cuti", "../../examples/cuti.csv", "--periksa"); code != 0 || out == "" || errOut != "" {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM cuti`); n != 0 {
		t.Fatalf("dry run wrote %d spans", n)
	}
	code, out, errOut = run("import", "cuti", "../../examples/cuti.csv", "--bahasa", "en")
	if code != 0 || errOut != "" || !strings.Contains(out, "cuti.csv") || strings.Contains(out, "<no value>") {
		t.Fatalf("import cuti: %d\n%s\n%s", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM cuti`); n != 7 {
		t.Fatalf("%d spans", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_cuti'`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	// Overlapping spans of one person and kind: exit 1, nothing written.
	bad := admWriteFile(t, "tumpang.csv", "nip,mulai,selesai,jenis\n"+
		"199006172015032001,2026-11-02,2026-11-06,cuti\n"+
		"199006172015032001,06/11/2026,10/11/2026,cuti\n")
	code, out, errOut = run("import", "cuti", bad)
	if code != 1 || out != "" || !strings.Contains(errOut, "tumpang.csv") || !strings.Contains(errOut, "3") {
		t.Fatalf("overlap: %d %q %q", code, out, errOut)
	}
	if n := admCount(t, db, `SELECT count(*) FROM cuti`); n != 7 {
		t.Fatalf("a refused file wrote: %d spans", n)
	}
}

func TestRunImportCutiReports(t *testing.T) {
	t.Parallel()
	_, db := admDB(t)
	ctx := context.Background()
	if rep := runImportPegawai(ctx, admOpened(db), "../../examples/pegawai.csv", false); rep.Code != 0 {
		t.Fatal(rep)
	}
	rep := runImportCuti(ctx, admOpened(db), "../../examples/cuti.csv", false)
	if rep.Code != 0 || !slices.Equal(admIDs(rep, false), []string{"import.cuti_done", "import.count_cuti"}) {
		t.Fatalf("adminReport %+v", rep)
	}
	if rep.Out[0].Args["Rows"] != 7 || rep.Out[1].Args["Inserted"] != 7 {
		t.Fatalf("counts %+v", rep.Out)
	}
	rep = runImportCuti(ctx, admOpened(db), "../../examples/cuti.csv", true)
	if rep.Code != 0 || rep.Out[0].MessageID != "import.checked" || rep.Out[1].Args["Unchanged"] != 7 {
		t.Fatalf("dry run %+v", rep)
	}
	const head = "nip,mulai,selesai,jenis\n"
	const nip = "199006172015032001"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"tanggal.csv", head + nip + ",2026-11-02,2026-13-01,cuti\n", []string{"import.failed", "2:selesai:import.bad_tanggal"}},
		{"jenis.csv", head + nip + ",2026-11-02,2026-11-03,izin\n", []string{"import.failed", "2:jenis:import.bad_jenis_cuti"}},
		{"nip.csv", head + "19900617201503200,2026-11-02,2026-11-03,cuti\n", []string{"import.failed", "2:nip:import.bad_nip"}},
		{"orang.csv", head + nip + ",2026-11-02,2026-11-03,cuti\n199912312024121999,2026-11-02,2026-11-03,cuti\n",
			[]string{"import.failed", "3:nip:import.pegawai_unknown"}},
		{"urutan.csv", head + nip + ",2026-11-03,2026-11-02,sakit\n", []string{"import.failed", "2:selesai:import.cuti_order"}},
		{"lama.csv", head + nip + ",2026-01-01,2027-03-01,dinas luar\n", []string{"import.failed", "2:selesai:import.cuti_too_long"}},
		{"tumpang.csv", head + nip + ",2026-11-02,2026-11-06,cuti\n" + nip + ",2026-11-01,2026-11-02,cuti\n",
			[]string{"import.failed", "3:mulai:import.cuti_overlap"}},
	} {
		rep := runImportCuti(ctx, admOpened(db), admWriteFile(t, tc.name, tc.data), false)
		if got := admIDs(rep, true); rep.Code != 1 || !slices.Equal(got, tc.want) || len(rep.Out) != 0 {
			t.Errorf("%s: %d %v, want %v", tc.name, rep.Code, got, tc.want)
		}
	}
	if n := admCount(t, db, `SELECT count(*) FROM cuti`); n != 7 {
		t.Fatalf("refused files wrote: %d spans", n)
	}
}

func TestCLIImportNewKindsUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"import", "libur"}, 2},
		{[]string{"import", "cuti", "a.csv", "b.csv"}, 2},
		{[]string{"import", "cuti", "-h"}, 0},
		{[]string{"import", "libur", "a.csv", "--bahasa", "jv"}, 2},
	} {
		var out, errOut bytes.Buffer
		if code := cli(tc.args, env(nil), &out, &errOut); code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out.String(), errOut.String())
		}
	}
	var help bytes.Buffer
	cli([]string{"import", "--help"}, env(nil), &help, &help)
	if !strings.Contains(help.String(), "libur") || !strings.Contains(help.String(), "cuti") {
		t.Fatalf("usage lacks the new kinds: %s", help.String())
	}
	// A file problem is found before the database is needed.
	var out, errOut bytes.Buffer
	p := admWriteFile(t, "l.csv", "tanggal\n2026-01-01\n")
	if code := cli([]string{"import", "libur", p}, env(map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}), &out, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "keterangan") {
		t.Fatalf("missing column: %d %q", code, errOut.String())
	}
}
