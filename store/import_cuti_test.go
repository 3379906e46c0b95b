package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

func impCutiRows(t *testing.T, name, data string) (string, []kinerja.CutiRow, []kinerja.FieldError) {
	t.Helper()
	s := impSheet(t, name, data)
	raw, errs := s.Rows(kinerja.CutiColumns)
	if len(errs) > 0 {
		return s.File, nil, errs
	}
	rows, errs := kinerja.ParseCutiRows(raw)
	return s.File, rows, errs
}

func impCuti(t *testing.T, db *store.DB, name, data string, dryRun bool) (store.CutiImportResult, error) {
	t.Helper()
	file, rows, errs := impCutiRows(t, name, data)
	if len(errs) > 0 {
		t.Fatalf("file problems: %v", errs)
	}
	return db.ImportCuti(context.Background(), store.CutiImport{File: file, Rows: rows, DryRun: dryRun})
}

func impCutiSummary(t *testing.T, db *store.DB, name, data string, dryRun bool) string {
	t.Helper()
	res, err := impCuti(t, db, name, data, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Cuti
	return fmt.Sprintf("rows=%d %d/%d/%d/%d", res.Rows, c.Inserted, c.Updated, c.Unchanged, c.Deleted)
}

func TestImportCutiExample(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	ctx := context.Background()
	impOK(t, db, "pegawai.csv", "")
	if got := impCutiSummary(t, db, "cuti.csv", "", true); got != "rows=7 7/0/0/0" {
		t.Fatalf("dry run: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti`); n != 0 {
		t.Fatalf("dry run wrote %d spans", n)
	}
	if got := impCutiSummary(t, db, "cuti.csv", "", false); got != "rows=7 7/0/0/0" {
		t.Fatalf("import: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti c JOIN pegawai p ON p.id = c.pegawai_id
WHERE p.nip = $1 AND c.jenis = 'dinas_luar' AND c.mulai = '2026-04-13' AND c.selesai = '2026-04-15'`, impRizky); n != 1 {
		t.Fatal("dinas luar span not stored")
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti WHERE mulai = '2026-07-20' AND selesai = '2026-07-24'`); n != 1 {
		t.Fatal("DD/MM/YYYY span not stored")
	}
	if got := impCutiSummary(t, db, "cuti.csv", "", false); got != "rows=7 0/0/7/0" {
		t.Fatalf("re-import: %s", got)
	}
	// Upsert by (nip, mulai, jenis): a longer span updates selesai; the same
	// start with another kind is another span.
	data := "nip,mulai,selesai,jenis\n" +
		impSlamet + ",2026-03-25,2026-03-31,cuti\n" +
		impSlamet + ",2026-03-25,2026-03-25,sakit\n" +
		impFajar + ",2026-02-09,2026-02-10,sakit\n"
	if got := impCutiSummary(t, db, "ubah.csv", data, false); got != "rows=3 1/1/1/0" {
		t.Fatalf("update: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti WHERE mulai = '2026-03-25' AND jenis = 'cuti' AND selesai = '2026-03-31'`); n != 1 {
		t.Fatal("selesai not updated")
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti`); n != 8 {
		t.Fatalf("%d spans", n)
	}
	entries, err := db.Audit(ctx, store.AuditFilter{Action: "import_cuti"})
	if err != nil || len(entries) != 3 { // newest first
		t.Fatalf("audit %+v %v", entries, err)
	}
	if e := entries[2]; e.Entity != "cuti" || e.Detail["file"] != "cuti.csv" || e.Detail["inserted"] != float64(7) {
		t.Fatalf("first audit entry %+v", e)
	}
	if d := entries[0].Detail; d["file"] != "ubah.csv" || d["inserted"] != float64(1) || d["updated"] != float64(1) || d["unchanged"] != float64(1) {
		t.Fatalf("last audit entry %+v", entries[0])
	}
}

func TestImportCutiBadFilesWriteNothing(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	impOK(t, db, "pegawai.csv", "")
	const head = "nip,mulai,selesai,jenis\n"
	ok := impSlamet + ",2026-05-04,2026-05-08,cuti\n"
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"tanggal.csv", head + ok + impFajar + ",2026-05-32,2026-06-01,cuti\n", []string{"3:mulai:import.bad_tanggal"}},
		{"jenis.csv", head + ok + impFajar + ",2026-05-04,2026-05-08,izin\n", []string{"3:jenis:import.bad_jenis_cuti"}},
		{"nip.csv", head + ok + "19960725202003100,2026-05-04,2026-05-08,cuti\n", []string{"3:nip:import.bad_nip"}},
		{"urutan.csv", head + ok + impFajar + ",2026-05-08,2026-05-04,cuti\n", []string{"3:selesai:import.cuti_order"}},
		{"lama.csv", head + ok + impFajar + ",2026-01-01,2027-06-30,sakit\n", []string{"3:selesai:import.cuti_too_long"}},
		{"tumpang.csv", head + ok + impFajar + ",2026-05-06,2026-05-06,cuti\n" + impSlamet + ",2026-05-08,2026-05-12,cuti\n",
			[]string{"4:mulai:import.cuti_overlap"}},
		{"kolom.csv", "nip,mulai,selesai\n" + impSlamet + ",2026-05-04,2026-05-08\n", []string{"1::import.missing_columns"}},
	} {
		_, _, errs := impCutiRows(t, tc.name, tc.data)
		if got := impProblems(t, kinerja.FieldErrors(errs)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// An unknown NIP is found by the store, on each of its lines; the valid
	// line before it is not written either.
	_, err := impCuti(t, db, "orang.csv", head+ok+
		"199912312024121999,2026-05-04,2026-05-08,cuti\n"+
		"199912312024121999,2026-06-01,2026-06-02,sakit\n", false)
	if got := impProblems(t, err); !slices.Equal(got, []string{"3:nip:import.pegawai_unknown", "4:nip:import.pegawai_unknown"}) {
		t.Fatalf("unknown nip: %v", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM cuti`); n != 0 {
		t.Fatalf("refused files wrote %d spans", n)
	}
	if n := impCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_cuti'`); n != 0 {
		t.Fatalf("refused files audited %d", n)
	}
}
