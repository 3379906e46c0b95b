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

func impLibur(t *testing.T, db *store.DB, name, data string, dryRun bool) (store.LiburImportResult, error) {
	t.Helper()
	s := impSheet(t, name, data)
	raw, errs := s.Rows(kinerja.LiburColumns)
	if len(errs) > 0 {
		t.Fatalf("file problems: %v", errs)
	}
	rows, errs := kinerja.ParseLiburRows(raw)
	if len(errs) > 0 {
		t.Fatalf("file problems: %v", errs)
	}
	return db.ImportLibur(context.Background(), store.LiburImport{File: s.File, Rows: rows, DryRun: dryRun})
}

func impLiburSummary(t *testing.T, db *store.DB, name, data string, dryRun bool) string {
	t.Helper()
	res, err := impLibur(t, db, name, data, dryRun)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Libur
	return fmt.Sprintf("rows=%d %d/%d/%d/%d", res.Rows, c.Inserted, c.Updated, c.Unchanged, c.Deleted)
}

func TestImportLiburReferenceFile(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	ctx := context.Background()
	// A dry run writes nothing, not even the audit entry.
	if got := impLiburSummary(t, db, "libur-2026.csv", "", true); got != "rows=25 25/0/0/0" {
		t.Fatalf("dry run: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur`) + impCount(t, db, `SELECT count(*) FROM audit_log`); n != 0 {
		t.Fatalf("dry run wrote %d rows", n)
	}
	if got := impLiburSummary(t, db, "libur-2026.csv", "", false); got != "rows=25 25/0/0/0" {
		t.Fatalf("import: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur WHERE jenis = 'libur'`); n != 17 {
		t.Fatalf("%d libur", n)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur WHERE jenis = 'cuti_bersama'`); n != 8 {
		t.Fatalf("%d cuti bersama", n)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur WHERE tanggal = '2026-03-24' AND jenis = 'cuti_bersama'
AND keterangan = 'Cuti bersama Idulfitri 1447 H'`); n != 1 {
		t.Fatal("2026-03-24 not stored as cuti bersama")
	}
	// The calendar of /nilai sees them.
	hol, err := db.HolidaysBetween(ctx, kinerja.Date{Year: 2026, Month: 3, Day: 1}, kinerja.Date{Year: 2026, Month: 3, Day: 31})
	if err != nil || len(hol) != 7 || hol[kinerja.Date{Year: 2026, Month: 3, Day: 19}] != "Hari Suci Nyepi (Tahun Baru Saka 1948)" {
		t.Fatalf("holidays of March: %v %v", hol, err)
	}
	if got := impLiburSummary(t, db, "libur-2026.csv", "", false); got != "rows=25 0/0/25/0" {
		t.Fatalf("re-import: %s", got)
	}
	// A correction: one name, one kind by the jenis column, one new day;
	// days the file lacks stay.
	const fix = "Tanggal;Keterangan;Jenis\n" +
		"01/01/2026;Tahun Baru 2026 Masehi;\n" +
		"16-01-2026;Isra Mikraj Nabi Muhammad S.A.W.;\n" +
		"2026-12-24;Cuti bersama Kelahiran Yesus Kristus;libur\n" +
		"2027-01-01;Tahun Baru 2027 Masehi;libur\n"
	if got := impLiburSummary(t, db, "koreksi.csv", fix, false); got != "rows=4 1/2/1/0" {
		t.Fatalf("correction: %s", got)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur`); n != 26 {
		t.Fatalf("%d days", n)
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur WHERE tanggal = '2026-12-24' AND jenis = 'libur'`); n != 1 {
		t.Fatal("jenis not updated")
	}
	entries, err := db.Audit(ctx, store.AuditFilter{Action: "import_libur"})
	if err != nil || len(entries) != 3 { // newest first
		t.Fatalf("audit %+v %v", entries, err)
	}
	e := entries[2]
	if e.Entity != "hari_libur" || e.Detail["file"] != "libur-2026.csv" || e.Detail["inserted"] != float64(25) || e.Detail["rows"] != float64(25) {
		t.Fatalf("first audit entry %+v", e)
	}
	if d := entries[0].Detail; d["file"] != "koreksi.csv" || d["inserted"] != float64(1) || d["updated"] != float64(2) || d["unchanged"] != float64(1) {
		t.Fatalf("last audit entry %+v", entries[0])
	}
}

func TestImportLiburBadFilesWriteNothing(t *testing.T) {
	t.Parallel()
	db := storetest.NewDB(t)
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"tanggal.csv", "tanggal,keterangan\n2026-01-01,A\n2026-02-30,B\n", []string{"3:tanggal:import.bad_tanggal"}},
		{"dup.csv", "tanggal,keterangan\n2026-01-01,A\n2026-01-02,B\n01/01/2026,C\n", []string{"4:tanggal:import.duplicate_tanggal"}},
		{"jenis.csv", "tanggal,keterangan,jenis\n2026-01-01,A,libur\n2026-01-02,B,nasional\n", []string{"3:jenis:import.bad_jenis_libur"}},
		{"kosong.csv", "tanggal,keterangan\n2026-01-01,\n", []string{"2:keterangan:import.required"}},
	} {
		s := impSheet(t, tc.name, tc.data)
		raw, errs := s.Rows(kinerja.LiburColumns)
		if len(errs) == 0 {
			_, errs = kinerja.ParseLiburRows(raw)
		}
		if got := impProblems(t, kinerja.FieldErrors(errs)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if n := impCount(t, db, `SELECT count(*) FROM hari_libur`); n != 0 {
		t.Fatalf("%d days", n)
	}
}
