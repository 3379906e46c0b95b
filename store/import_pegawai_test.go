package store_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/roster"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

const (
	impKepala     = "197108141997031004"
	impSekretaris = "197602212001122003"
	impKasubbag   = "198211052006041002"
	impDwi        = "199006172015032001"
	impUnit       = "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Semarang"
)

// impSheet reads a file from text, or from ../examples when data is "".
func impSheet(t *testing.T, name, data string) *roster.Sheet {
	t.Helper()
	var s *roster.Sheet
	var err error
	if data == "" {
		s, err = roster.ReadFile("../examples/" + name)
	} else {
		s, err = roster.Read(name, strings.NewReader(data))
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// impRead reads name (see impSheet) with read; file problems fail the test.
func impRead[R any](t *testing.T, name, data string, read func(*roster.Sheet) ([]R, []kinerja.FieldError)) (*roster.Sheet, []R) {
	t.Helper()
	s := impSheet(t, name, data)
	rows, errs := read(s)
	if len(errs) > 0 {
		t.Fatalf("file problems: %v", errs)
	}
	return s, rows
}

// impColumns reads a sheet's rows by spec and parses them with parse.
func impColumns[R any](spec kinerja.RosterSpec, parse func([]kinerja.RawRow) ([]R, []kinerja.FieldError)) func(*roster.Sheet) ([]R, []kinerja.FieldError) {
	return func(s *roster.Sheet) ([]R, []kinerja.FieldError) {
		raw, errs := s.Rows(spec)
		if len(errs) > 0 {
			return nil, errs
		}
		return parse(raw)
	}
}

// impC is import counts as "inserted/updated/unchanged/deleted".
func impC(c store.ImportCounts) string {
	return fmt.Sprintf("%d/%d/%d/%d", c.Inserted, c.Updated, c.Unchanged, c.Deleted)
}

// impDone is "rows=N" and the counts of a finished import; an error fails
// the test.
func impDone(t *testing.T, err error, rows int, c store.ImportCounts) string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("rows=%d %s", rows, impC(c))
}

// impBad is a file refused with the problems want ("line:column:id").
type impBad struct {
	name, data string
	want       []string
}

// impRefused reads each file with read: each is refused with exactly its
// problems.
func impRefused[R any](t *testing.T, read func(*roster.Sheet) ([]R, []kinerja.FieldError), files []impBad) {
	t.Helper()
	for _, f := range files {
		_, errs := read(impSheet(t, f.name, f.data))
		if got := impProblems(t, kinerja.FieldErrors(errs)); !slices.Equal(got, f.want) {
			t.Errorf("%s: %v, want %v", f.name, got, f.want)
		}
	}
}

func impPegawai(t *testing.T, db *store.DB, name, data string, dryRun bool) (store.PegawaiImportResult, error) {
	t.Helper()
	s, rows := impRead(t, name, data, (*roster.Sheet).Pegawai)
	return db.ImportPegawai(context.Background(), store.PegawaiImport{File: s.File, Columns: s.Columns(), Rows: rows, DryRun: dryRun})
}

func impOK(t *testing.T, db *store.DB, name, data string) store.PegawaiImportResult {
	t.Helper()
	res, err := impPegawai(t, db, name, data, false)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// impProblems returns the problems of a refused import as "line:column:id".
func impProblems(t *testing.T, err error) []string {
	t.Helper()
	var fe kinerja.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("want file problems, got %v", err)
	}
	var out []string
	for _, e := range fe {
		out = append(out, strconv.Itoa(e.Line)+":"+e.Column+":"+e.MessageID)
	}
	return out
}

// rowCount runs a count(*) query.
func rowCount(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func impSummary(r store.PegawaiImportResult) string {
	return fmt.Sprintf("rows=%d ins=%d upd=%d same=%d units=%d", r.Rows, r.Inserted, r.Updated, r.Unchanged, len(r.UnitsCreated))
}

// impSemicolon rewrites the example CSV with ";" as delimiter.
func impSemicolon(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../examples/pegawai.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestImportPegawaiExamples(t *testing.T) {
	t.Parallel()
	semicolon := impSemicolon(t)
	for _, tc := range []struct{ name, data string }{
		{"pegawai.csv", ""},
		{"pegawai-titik-koma.csv", semicolon},
		{"pegawai.xlsx", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, ctx := newDB(t)
			res := impOK(t, db, tc.name, tc.data)
			if got := impSummary(res); got != "rows=9 ins=9 upd=0 same=0 units=1" || res.UnitsCreated[0] != impUnit || len(res.Notes) != 0 {
				t.Fatalf("first import: %s %v %v", got, res.UnitsCreated, res.Notes)
			}
			// The hierarchy, phones and roles as written.
			var atasan, telepon, unit string
			var roles []string
			err := db.Pool.QueryRow(ctx, `
SELECT a.nip, p.telepon, u.nama, p.roles FROM pegawai p JOIN pegawai a ON a.id = p.atasan_id JOIN unit_kerja u ON u.id = p.unit_id
WHERE p.nip = $1`, impDwi).Scan(&atasan, &telepon, &unit, &roles)
			if err != nil || atasan != impKasubbag || telepon != "+6281325007788" || unit != impUnit ||
				!slices.Equal(roles, []string{"pegawai", "admin_opd"}) {
				t.Fatalf("Dwi: %s %s %s %v %v", atasan, telepon, unit, roles, err)
			}
			if n := rowCount(t, db, `SELECT count(*) FROM pegawai WHERE atasan_id IS NULL`); n != 1 {
				t.Fatalf("%d people without atasan, want the kepala only", n)
			}
			if n := rowCount(t, db, `SELECT count(*) FROM pegawai WHERE telepon IS NULL`); n != 1 {
				t.Fatalf("%d people without phone", n)
			}
			// The same file again: nothing changes; the other formats agree.
			for _, again := range []struct{ name, data string }{{tc.name, tc.data}, {"pegawai.csv", ""}, {"x.csv", semicolon}, {"pegawai.xlsx", ""}} {
				if got := impSummary(impOK(t, db, again.name, again.data)); got != "rows=9 ins=0 upd=0 same=9 units=0" {
					t.Fatalf("re-import %s: %s", again.name, got)
				}
			}
			if n := rowCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'import_pegawai'`); n != 5 {
				t.Fatalf("%d import audit entries, want 5", n)
			}
		})
	}
}

const impHeader = "nip,nama,jabatan,jenis_jabatan,unit_kerja,atasan_nip,telepon,peran\n"

func TestImportPegawaiUpdateKeepsAccountFields(t *testing.T) {
	db, ctx := newDB(t)
	impOK(t, db, "pegawai.csv", "")
	// Dwi links Telegram and chooses English; Slamet has left.
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = 9001, chat_id = 9001, bahasa = 'en', zona = 'Asia/Makassar' WHERE nip = $1`, impDwi); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE nip = '198501302009021003'`); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../examples/pegawai.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Dwi moves under the Sekretaris with a new phone and loses admin_opd.
	changed := strings.Replace(string(raw),
		impDwi+`,"Dwi Rahmawati, A.Md.",Pengelola Kepegawaian,pelaksana,"`+impUnit+`",`+impKasubbag+`,0813 2500 7788,admin_opd`,
		impDwi+`,"Dwi Rahmawati, A.Md.",Pengelola Kepegawaian,pelaksana,"`+impUnit+`",`+impSekretaris+`,+62 813-2500-9999,`, 1)
	if changed == string(raw) {
		t.Fatal("the example changed: update this test")
	}
	res := impOK(t, db, "pegawai.csv", changed)
	if got := impSummary(res); got != "rows=9 ins=0 upd=1 same=8 units=0" {
		t.Fatalf("update: %s", got)
	}
	if len(res.Notes) != 1 || res.Notes[0].MessageID != "import.note_inactive" || res.Notes[0].Line != 6 {
		t.Fatalf("notes %+v", res.Notes)
	}
	var tg, chat int64
	var bahasa, zona, telepon, atasan string
	var roles []string
	err = db.Pool.QueryRow(ctx, `
SELECT p.telegram_id, p.chat_id, p.bahasa, p.zona, p.telepon, a.nip, p.roles
FROM pegawai p JOIN pegawai a ON a.id = p.atasan_id WHERE p.nip = $1`, impDwi).Scan(&tg, &chat, &bahasa, &zona, &telepon, &atasan, &roles)
	if err != nil || tg != 9001 || chat != 9001 || bahasa != "en" || zona != "Asia/Makassar" ||
		telepon != "+6281325009999" || atasan != impSekretaris || !slices.Equal(roles, []string{"pegawai"}) {
		t.Fatalf("Dwi after update: %d %d %s %s %s %s %v %v", tg, chat, bahasa, zona, telepon, atasan, roles, err)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai WHERE aktif`); n != 8 {
		t.Fatalf("import changed aktif: %d active", n)
	}

	// A file with fewer columns leaves the others as they are; people
	// missing from it are left alone.
	res = impOK(t, db, "nama.csv", "nip,nama,unit_kerja\n"+impDwi+",Dwi Rahmawati,\""+strings.ToUpper(impUnit)+"\"\n")
	if got := impSummary(res); got != "rows=1 ins=0 upd=1 same=0 units=0" {
		t.Fatalf("partial: %s", got)
	}
	err = db.Pool.QueryRow(ctx, `SELECT p.telepon, a.nip FROM pegawai p JOIN pegawai a ON a.id = p.atasan_id WHERE p.nip = $1`, impDwi).Scan(&telepon, &atasan)
	if err != nil || telepon != "+6281325009999" || atasan != impSekretaris {
		t.Fatalf("partial import touched other fields: %s %s %v", telepon, atasan, err)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai`); n != 9 {
		t.Fatalf("%d people", n)
	}

	// The audit entry has counts and the file name, never a phone number.
	entries, err := db.Audit(ctx, store.AuditFilter{Action: "import_pegawai", Limit: 1})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit %v %v", entries, err)
	}
	d := entries[0].Detail
	if d["file"] != "nama.csv" || d["updated"] != float64(1) || d["rows"] != float64(1) || entries[0].ActorID != 0 || entries[0].Entity != "pegawai" {
		t.Fatalf("audit %+v", entries[0])
	}
	if s := fmt.Sprint(d); strings.Contains(s, "+62") || strings.Contains(s, "0813") {
		t.Fatalf("audit holds a phone: %s", s)
	}
}

func TestImportPegawaiUnitsAreMatchedByName(t *testing.T) {
	db, ctx := newDB(t)
	existing := storetest.SeedUnit(t, db, "dinas  komunikasi, informatika, statistik dan persandian kota semarang")
	res := impOK(t, db, "pegawai.csv", "")
	if len(res.UnitsCreated) != 0 {
		t.Fatalf("created %v", res.UnitsCreated)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai WHERE unit_id = $1`, existing); n != 9 {
		t.Fatalf("%d in the existing unit", n)
	}
	// Someone placed in a bidang of the same name stays there.
	var bidang int64
	if err := db.Pool.QueryRow(ctx, `INSERT INTO unit_kerja (nama, parent_id, created_at) VALUES ($1, $2, now()) RETURNING id`,
		impUnit, existing).Scan(&bidang); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET unit_id = $1 WHERE nip = $2`, bidang, impDwi); err != nil {
		t.Fatal(err)
	}
	if got := impSummary(impOK(t, db, "pegawai.csv", "")); got != "rows=9 ins=0 upd=0 same=9 units=0" {
		t.Fatalf("re-import: %s", got)
	}
	// Two new spellings of one new unit make one unit.
	res = impOK(t, db, "baru.csv", impHeader+
		"196912121990031001,Kepala Kecamatan,,jpt,Kecamatan  Tembalang,,,\n"+
		"197001011991032001,Sekcam,,administrator,KECAMATAN TEMBALANG,196912121990031001,,\n")
	if !slices.Equal(res.UnitsCreated, []string{"Kecamatan Tembalang"}) {
		t.Fatalf("units %v", res.UnitsCreated)
	}
}

func TestImportPegawaiReferenceProblems(t *testing.T) {
	db, ctx := newDB(t)
	impOK(t, db, "pegawai.csv", "")
	before := rowCount(t, db, `SELECT count(*) FROM pegawai`)
	// Line 2: an atasan nobody knows. Line 3: the Kepala (already in the
	// database, under nobody) now under Dwi, who is (through the database)
	// under the Kasubbag, the Sekretaris and the Kepala: a cycle across file
	// and database. Line 4: a new person under someone new in line 5, fine.
	_, err := impPegawai(t, db, "salah.csv", "nip,nama,unit_kerja,atasan_nip\n"+
		"196001011985031001,Tanpa Atasan,Dinas X,196001011985039999\n"+
		impKepala+",Dr. Ir. Hendrawan Prasetyo,\""+impUnit+"\","+impDwi+"\n"+
		"196001011985031002,Staf Baru,Dinas X,196001011985031003\n"+
		"196001011985031003,Atasan Baru,Dinas X,\n", false)
	if got := impProblems(t, err); !slices.Equal(got, []string{"2:atasan_nip:import.atasan_unknown", "3:atasan_nip:import.atasan_cycle"}) {
		t.Fatalf("problems %v", got)
	}
	var fe kinerja.FieldErrors
	errors.As(err, &fe)
	if c := fe[1].Args["Cycle"]; c != strings.Join([]string{impKepala, impDwi, impKasubbag, impSekretaris, impKepala}, " → ") {
		t.Fatalf("cycle %v", c)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai`); n != before {
		t.Fatalf("a refused import wrote %d people", n-before)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM unit_kerja WHERE nama = 'Dinas X'`); n != 0 {
		t.Fatal("a refused import created a unit")
	}
	// A cycle inside the file alone.
	_, err = impPegawai(t, db, "putar.csv", "nip,nama,unit_kerja,atasan_nip\n"+
		"196001011985031001,A,Dinas X,196001011985031002\n"+
		"196001011985031002,B,Dinas X,196001011985031001\n", false)
	if got := impProblems(t, err); !slices.Equal(got, []string{"2:atasan_nip:import.atasan_cycle", "3:atasan_nip:import.atasan_cycle"}) {
		t.Fatalf("problems %v", got)
	}
	// An inactive atasan is a note, not an error.
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE nip = $1`, impKasubbag); err != nil {
		t.Fatal(err)
	}
	res := impOK(t, db, "baru.csv", "nip,nama,unit_kerja,atasan_nip,telepon\n"+
		"196001011985031004,C,Dinas X,"+impKasubbag+",081234567890\n"+
		"196001011985031005,D,Dinas X,,0812-3456-7890\n")
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, strconv.Itoa(n.Line)+":"+n.Column+":"+n.MessageID)
	}
	if !slices.Equal(notes, []string{"2:atasan_nip:import.note_atasan_inactive", "3:telepon:import.note_phone_shared"}) {
		t.Fatalf("notes %v", notes)
	}
}

func TestImportPegawaiHalfWayFailureWritesNothing(t *testing.T) {
	db, _ := newDB(t)
	var b strings.Builder
	b.WriteString("nip,nama,unit_kerja,atasan_nip,telepon\n")
	for i := 1; i <= 200; i++ {
		atasan := ""
		if i > 1 {
			atasan = fmt.Sprintf("19800101200503%04d", i-1)
		}
		if i == 200 {
			atasan = "199912312024121999" // nobody
		}
		fmt.Fprintf(&b, "19800101200503%04d,Pegawai %d,Unit %d,%s,08123456%04d\n", i, i, i%7, atasan, i)
	}
	count := func() string {
		return fmt.Sprintf("%d/%d/%d", rowCount(t, db, `SELECT count(*) FROM pegawai`),
			rowCount(t, db, `SELECT count(*) FROM unit_kerja`), rowCount(t, db, `SELECT count(*) FROM audit_log`))
	}
	before := count()
	_, err := impPegawai(t, db, "besar.csv", b.String(), false)
	if got := impProblems(t, err); !slices.Equal(got, []string{"201:atasan_nip:import.atasan_unknown"}) {
		t.Fatalf("problems %v", got)
	}
	if after := count(); after != before {
		t.Fatalf("pegawai/unit/audit %s → %s", before, after)
	}
	// Fixed, it all goes in; a dry run first writes nothing but counts.
	fixed := strings.Replace(b.String(), "199912312024121999", "198001012005030199", 1)
	res, err := impPegawai(t, db, "besar.csv", fixed, true)
	if err != nil || impSummary(res) != "rows=200 ins=200 upd=0 same=0 units=7" {
		t.Fatalf("dry run %s %v", impSummary(res), err)
	}
	if after := count(); after != before {
		t.Fatalf("dry run wrote: %s → %s", before, after)
	}
	if got := impSummary(impOK(t, db, "besar.csv", fixed)); got != "rows=200 ins=200 upd=0 same=0 units=7" {
		t.Fatalf("import %s", got)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai p JOIN pegawai a ON a.id = p.atasan_id`); n != 199 {
		t.Fatalf("%d atasan links", n)
	}
}
