package store_test

// The imports of who works when: leave spans (cuti) and holidays (libur).

import (
	"context"
	"slices"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

var (
	impCutiRead  = impColumns(kinerja.CutiColumns, kinerja.ParseCutiRows)
	impLiburRead = impColumns(kinerja.LiburColumns, kinerja.ParseLiburRows)
)

func impCuti(t *testing.T, db *store.DB, name, data string, dryRun bool) (store.CutiImportResult, error) {
	t.Helper()
	s, rows := impRead(t, name, data, impCutiRead)
	return db.ImportCuti(context.Background(), store.CutiImport{File: s.File, Rows: rows, DryRun: dryRun})
}

func impCutiSummary(t *testing.T, db *store.DB, name, data string, dryRun bool) string {
	t.Helper()
	res, err := impCuti(t, db, name, data, dryRun)
	return impDone(t, err, res.Rows, res.Cuti)
}

func impLiburSummary(t *testing.T, db *store.DB, name, data string, dryRun bool) string {
	t.Helper()
	s, rows := impRead(t, name, data, impLiburRead)
	res, err := db.ImportLibur(context.Background(), store.LiburImport{File: s.File, Rows: rows, DryRun: dryRun})
	return impDone(t, err, res.Rows, res.Libur)
}

func TestImportCutiExample(t *testing.T) {
	db, ctx := newDB(t)
	impOK(t, db, "pegawai.csv", "")
	if got := impCutiSummary(t, db, "cuti.csv", "", true); got != "rows=7 7/0/0/0" {
		t.Fatalf("dry run: %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM cuti`); n != 0 {
		t.Fatalf("dry run wrote %d spans", n)
	}
	if got := impCutiSummary(t, db, "cuti.csv", "", false); got != "rows=7 7/0/0/0" {
		t.Fatalf("import: %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM cuti c JOIN pegawai p ON p.id = c.pegawai_id
WHERE p.nip = $1 AND c.jenis = 'dinas_luar' AND c.mulai = '2026-04-13' AND c.selesai = '2026-04-15'`, impRizky); n != 1 {
		t.Fatal("dinas luar span not stored")
	}
	if n := rowCount(t, db, `SELECT count(*) FROM cuti WHERE mulai = '2026-07-20' AND selesai = '2026-07-24'`); n != 1 {
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
	if n := rowCount(t, db, `SELECT count(*) FROM cuti WHERE mulai = '2026-03-25' AND jenis = 'cuti' AND selesai = '2026-03-31'`); n != 1 {
		t.Fatal("selesai not updated")
	}
	if n := rowCount(t, db, `SELECT count(*) FROM cuti`); n != 8 {
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
	db, _ := newDB(t)
	impOK(t, db, "pegawai.csv", "")
	const head = "nip,mulai,selesai,jenis\n"
	ok := impSlamet + ",2026-05-04,2026-05-08,cuti\n"
	impRefused(t, impCutiRead, []impBad{
		{"tanggal.csv", head + ok + impFajar + ",2026-05-32,2026-06-01,cuti\n", []string{"3:mulai:import.bad_tanggal"}},
		{"jenis.csv", head + ok + impFajar + ",2026-05-04,2026-05-08,izin\n", []string{"3:jenis:import.bad_jenis_cuti"}},
		{"nip.csv", head + ok + "19960725202003100,2026-05-04,2026-05-08,cuti\n", []string{"3:nip:import.bad_nip"}},
		{"urutan.csv", head + ok + impFajar + ",2026-05-08,2026-05-04,cuti\n", []string{"3:selesai:import.cuti_order"}},
		{"lama.csv", head + ok + impFajar + ",2026-01-01,2027-06-30,sakit\n", []string{"3:selesai:import.cuti_too_long"}},
		{"tumpang.csv", head + ok + impFajar + ",2026-05-06,2026-05-06,cuti\n" + impSlamet + ",2026-05-08,2026-05-12,cuti\n",
			[]string{"4:mulai:import.cuti_overlap"}},
		{"kolom.csv", "nip,mulai,selesai\n" + impSlamet + ",2026-05-04,2026-05-08\n", []string{"1::import.missing_columns"}},
	})
	// An unknown NIP is found by the store, on each of its lines; the valid
	// line before it is not written either.
	_, err := impCuti(t, db, "orang.csv", head+ok+
		"199912312024121999,2026-05-04,2026-05-08,cuti\n"+
		"199912312024121999,2026-06-01,2026-06-02,sakit\n", false)
	if got := impProblems(t, err); !slices.Equal(got, []string{"3:nip:import.pegawai_unknown", "4:nip:import.pegawai_unknown"}) {
		t.Fatalf("unknown nip: %v", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM cuti`); n != 0 {
		t.Fatalf("refused files wrote %d spans", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_cuti'`); n != 0 {
		t.Fatalf("refused files audited %d", n)
	}
}

func TestImportLiburReferenceFile(t *testing.T) {
	db, ctx := newDB(t)
	// A dry run writes nothing, not even the audit entry.
	if got := impLiburSummary(t, db, "libur-2026.csv", "", true); got != "rows=25 25/0/0/0" {
		t.Fatalf("dry run: %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur`) + rowCount(t, db, `SELECT count(*) FROM audit_log`); n != 0 {
		t.Fatalf("dry run wrote %d rows", n)
	}
	if got := impLiburSummary(t, db, "libur-2026.csv", "", false); got != "rows=25 25/0/0/0" {
		t.Fatalf("import: %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur WHERE jenis = 'libur'`); n != 17 {
		t.Fatalf("%d libur", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur WHERE jenis = 'cuti_bersama'`); n != 8 {
		t.Fatalf("%d cuti bersama", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur WHERE tanggal = '2026-03-24' AND jenis = 'cuti_bersama'
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
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur`); n != 26 {
		t.Fatalf("%d days", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur WHERE tanggal = '2026-12-24' AND jenis = 'libur'`); n != 1 {
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
	db, _ := newDB(t)
	impRefused(t, impLiburRead, []impBad{
		{"tanggal.csv", "tanggal,keterangan\n2026-01-01,A\n2026-02-30,B\n", []string{"3:tanggal:import.bad_tanggal"}},
		{"dup.csv", "tanggal,keterangan\n2026-01-01,A\n2026-01-02,B\n01/01/2026,C\n", []string{"4:tanggal:import.duplicate_tanggal"}},
		{"jenis.csv", "tanggal,keterangan,jenis\n2026-01-01,A,libur\n2026-01-02,B,nasional\n", []string{"3:jenis:import.bad_jenis_libur"}},
		{"kosong.csv", "tanggal,keterangan\n2026-01-01,\n", []string{"2:keterangan:import.required"}},
	})
	if n := rowCount(t, db, `SELECT count(*) FROM hari_libur`); n != 0 {
		t.Fatalf("%d days", n)
	}
}
