package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
)

const (
	impRizky  = "199503122019021005"
	impFajar  = "199607252020031007"
	impSlamet = "198501302009021003"
)

func impSKP(t *testing.T, db *store.DB, name, data string, dryRun bool) (store.SKPImportResult, error) {
	t.Helper()
	s, plans := impRead(t, name, data, (*roster.Sheet).SKP)
	return db.ImportSKP(context.Background(), store.SKPImport{File: s.File, Plans: plans, DryRun: dryRun})
}

func impSKPOK(t *testing.T, db *store.DB, name, data string) string {
	t.Helper()
	res, err := impSKP(t, db, name, data, false)
	if err != nil {
		t.Fatal(err)
	}
	return impSKPSummary(res)
}

func impSKPSummary(r store.SKPImportResult) string {
	return fmt.Sprintf("rows=%d skp=%s rhk=%s ind=%s", r.Rows, impC(r.SKP), impC(r.RHK), impC(r.Indikator))
}

func impExampleSKP(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../examples/skp.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// impSKPSetup imports the example pegawai and SKP into a fresh database.
func impSKPSetup(t *testing.T) *store.DB {
	t.Helper()
	db, _ := newDB(t)
	impOK(t, db, "pegawai.csv", "")
	if got := impSKPOK(t, db, "skp.csv", ""); got != "rows=20 skp=6/0/0/0 rhk=14/0/0/0 ind=20/0/0/0" {
		t.Fatalf("first import: %s", got)
	}
	return db
}

// impReport files an aktivitas against the indikator of an RHK (by kode) of
// the 2026 SKP of nip, as the report flow would.
func impReport(t *testing.T, db *store.DB, nip, kode, indikator string) {
	t.Helper()
	_, err := db.Pool.Exec(context.Background(), `
INSERT INTO aktivitas (pegawai_id, tanggal, kategori, rhk_id, indikator_id, deskripsi, volume, satuan, menit, created_at, updated_at)
SELECT p.id, '2026-03-02', 'rhk', r.id, i.id, 'Kegiatan', 1, i.satuan, 60, now(), now()
FROM pegawai p JOIN skp s ON s.pegawai_id = p.id AND s.tahun = 2026 JOIN rhk r ON r.skp_id = s.id AND r.kode = $2
JOIN indikator i ON i.rhk_id = r.id AND i.teks = $3
WHERE p.nip = $1`, nip, kode, indikator)
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportSKPExample(t *testing.T) {
	db := impSKPSetup(t)
	ctx := context.Background()
	var lo, hi float64
	var arah, agregasi string
	err := db.Pool.QueryRow(ctx, `
SELECT i.target_min::float8, i.target_max::float8, i.arah, i.agregasi FROM indikator i JOIN rhk r ON r.id = i.rhk_id
WHERE i.teks = 'Waktu rata-rata penyelesaian satu usulan'`).Scan(&lo, &hi, &arah, &agregasi)
	if err != nil || lo != 5 || hi != 7 || arah != "turun" || agregasi != "terakhir" {
		t.Fatalf("range turun: %v %v %s %s %v", lo, hi, arah, agregasi, err)
	}
	err = db.Pool.QueryRow(ctx, `SELECT target_min::float8, agregasi FROM indikator WHERE teks = 'Persentase ketersediaan layanan aplikasi (uptime)'`).Scan(&lo, &agregasi)
	if err != nil || lo != 99.5 || agregasi != "terakhir" {
		t.Fatalf("decimal comma: %v %s %v", lo, agregasi, err)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM skp WHERE status = 'aktif' AND tahun = 2026`); n != 6 {
		t.Fatalf("%d active SKP", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM rhk WHERE jenis = 'tambahan'`); n != 2 {
		t.Fatalf("%d tambahan", n)
	}
	// Again: unchanged; the audit has two entries with counts.
	if got := impSKPOK(t, db, "skp.csv", ""); got != "rows=20 skp=0/0/6/0 rhk=0/0/14/0 ind=0/0/20/0" {
		t.Fatalf("re-import: %s", got)
	}
	entries, err := db.Audit(ctx, store.AuditFilter{Action: "import_skp"})
	if err != nil || len(entries) != 2 || entries[1].Detail["skp_inserted"] != float64(6) || entries[1].Detail["file"] != "skp.csv" {
		t.Fatalf("audit %+v %v", entries, err)
	}
}

func TestImportSKPUpdatesInPlace(t *testing.T) {
	db := impSKPSetup(t)
	ctx := context.Background()
	ids := func() string {
		var s string
		if err := db.Pool.QueryRow(ctx, `SELECT string_agg(id::text, ',' ORDER BY id) FROM indikator`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := ids()
	impReport(t, db, impRizky, "RHK-1", "Rata-rata waktu pemulihan gangguan aplikasi")
	data := impExampleSKP(t)
	// A new target and a case change in a referenced indikator: updated in place.
	changed := strings.Replace(data, `Rata-rata waktu pemulihan gangguan aplikasi,"2,5",jam`, `rata-rata waktu pemulihan gangguan aplikasi,"2 - 3",jam`, 1)
	if changed == data {
		t.Fatal("the example changed: update this test")
	}
	if got := impSKPOK(t, db, "skp.csv", changed); got != "rows=20 skp=0/1/5/0 rhk=0/1/13/0 ind=0/1/19/0" {
		t.Fatalf("update: %s", got)
	}
	if after := ids(); after != before {
		t.Fatalf("indikator ids changed: %s → %s", before, after)
	}
	var lo, hi float64
	var teks string
	if err := db.Pool.QueryRow(ctx, `SELECT teks, target_min::float8, target_max::float8 FROM indikator WHERE teks ILIKE 'rata-rata waktu pemulihan%'`).Scan(&teks, &lo, &hi); err != nil ||
		lo != 2 || hi != 3 || teks != "rata-rata waktu pemulihan gangguan aplikasi" {
		t.Fatalf("indikator %s %v %v %v", teks, lo, hi, err)
	}

	// Dropping Fajar's RHK-2 (no reports) and adding an RHK-3 replaces it.
	lines := strings.Split(strings.TrimRight(changed, "\n"), "\n")
	var kept []string
	for _, l := range lines {
		if !strings.HasPrefix(l, impFajar+",2026,RHK-2,") {
			kept = append(kept, l)
		}
	}
	kept = append(kept, impFajar+",2026,RHK-3,tambahan,Terlaksananya sosialisasi keamanan informasi,Jumlah sosialisasi,4,kegiatan,naik,")
	if got := impSKPOK(t, db, "skp.csv", strings.Join(kept, "\n")); got != "rows=20 skp=0/1/5/0 rhk=1/0/13/1 ind=1/0/19/1" {
		t.Fatalf("replace RHK: %s", got)
	}

	// A new year is a new SKP; a draft SKP becomes aktif.
	if _, err := db.Pool.Exec(ctx, `UPDATE skp SET status = 'draft' WHERE pegawai_id = (SELECT id FROM pegawai WHERE nip = $1)`, impSlamet); err != nil {
		t.Fatal(err)
	}
	next := "nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan,arah\n" +
		impSlamet + ",2027,RHK-1,utama,Terlaksananya pengelolaan surat,Jumlah surat,1100,surat,naik\n"
	if got := impSKPOK(t, db, "2027.csv", next); got != "rows=1 skp=1/0/0/0 rhk=1/0/0/0 ind=1/0/0/0" {
		t.Fatalf("2027: %s", got)
	}
	if got := impSKPOK(t, db, "skp.csv", strings.Join(kept, "\n")); got != "rows=20 skp=0/1/5/0 rhk=0/0/14/0 ind=0/0/20/0" {
		t.Fatalf("draft → aktif: %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM skp WHERE status <> 'aktif'`); n != 0 {
		t.Fatalf("%d SKP not aktif", n)
	}
}

func TestImportSKPRefusals(t *testing.T) {
	db := impSKPSetup(t)
	ctx := context.Background()
	impReport(t, db, impFajar, "RHK-2", "Jumlah sertifikat elektronik yang diterbitkan")
	impReport(t, db, impFajar, "RHK-2", "Jumlah sertifikat elektronik yang diterbitkan")
	impReport(t, db, impRizky, "RHK-3", "Jumlah bimbingan teknis yang dilaksanakan")
	if _, err := db.Pool.Exec(ctx, `UPDATE skp SET status = 'selesai' WHERE pegawai_id = (SELECT id FROM pegawai WHERE nip = $1)`, impSlamet); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(impExampleSKP(t), "\n"), "\n")
	var file []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, impFajar+",2026,RHK-2,"): // referenced RHK dropped
		case strings.HasPrefix(l, impRizky+",2026,RHK-3,"): // referenced indikator renamed
			file = append(file, strings.Replace(l, "Jumlah bimbingan teknis yang dilaksanakan", "Jumlah bimtek", 1))
		default:
			file = append(file, l)
		}
	}
	file = append(file, "199912312024121001,2026,RHK-1,utama,Sesuatu,Jumlah,1,dokumen,naik,",
		"199912312024121001,2026,RHK-2,utama,Lain,Jumlah,1,dokumen,naik,")
	count := func() string {
		return fmt.Sprintf("%d/%d/%d/%d", rowCount(t, db, `SELECT count(*) FROM skp`), rowCount(t, db, `SELECT count(*) FROM rhk`),
			rowCount(t, db, `SELECT count(*) FROM indikator`), rowCount(t, db, `SELECT count(*) FROM audit_log`))
	}
	before := count()
	_, err := impSKP(t, db, "skp.csv", strings.Join(file, "\n"), false)
	// Lines: Slamet's SKP starts on line 6 (closed), Rizky's RHK-3 is on
	// line 15, Fajar's SKP on 19, the unknown NIP on 21 (Fajar's last line
	// was dropped).
	want := []string{"6:tahun:import.skp_closed", "15:indikator:import.indikator_in_use", "19:rhk_kode:import.rhk_in_use", "21:nip:import.pegawai_unknown"}
	if got := impProblems(t, err); !slices.Equal(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	var fe kinerja.FieldErrors
	errors.As(err, &fe)
	if fe[2].Args["Value"] != "RHK-2" || fe[2].Args["Count"] != 2 || fe[1].Args["Value"] != "Jumlah bimbingan teknis yang dilaksanakan" {
		t.Fatalf("args %v / %v", fe[2].Args, fe[1].Args)
	}
	if after := count(); after != before {
		t.Fatalf("skp/rhk/indikator/audit %s → %s", before, after)
	}
}
