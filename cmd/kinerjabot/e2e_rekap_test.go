package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
	"kinerjabot/rekap"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// sheetRow finds the row of a sheet whose column col holds value, as a map
// by header.
func sheetRow(t *testing.T, f *excelize.File, sheet, col, value string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	at := -1
	for i, h := range head {
		if h == col {
			at = i
		}
	}
	for _, r := range rows[1:] {
		if at < len(r) && r[at] == value {
			out := map[string]string{}
			for i, h := range head {
				if i < len(r) {
					out[h] = r[i]
				}
			}
			return out
		}
	}
	t.Fatalf("%s: no row with %s = %q", sheet, col, value)
	return nil
}

// An OPD's admin takes December's recap in chat; its figures are those the
// staff member's own /nilai shows.
func TestE2ERekapMatchesNilai(t *testing.T) {
	w := startDecisionWorld(t)
	ctx := context.Background()
	a := fileReport(t, w.e.db, kinerja.Aktivitas{PegawaiID: w.f.staf.ID, Tanggal: kartuDay,
		Kategori: kinerja.KategoriRHK, RHKID: w.f.rhkLaporan, Deskripsi: "Laporan kinerja November", Volume: 1, Satuan: "laporan", Menit: 120})
	w.apply(t, store.ApplyRequest{AktivitasID: a.ID, Version: 1, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: w.f.kepala.ID})
	w.submit(t, 27, "Piket", 60)
	w.submit(t, 26, "Rapat koordinasi", 90)

	// The staff member's own figures.
	w.staff.SendText("📊 Nilai")
	view := expect(t, w.staff, "📊 Nilai Desember 2026 (indikatif)")
	m := regexp.MustCompile(`Produktivitas(?: sejauh ini)?: ([0-9,]+)% — disetujui (\d+) dari target (\d+) menit`).FindStringSubmatch(view.Text)
	u1 := regexp.MustCompile(`U1 [^:]*: ([0-9,]+)%`).FindStringSubmatch(view.Text)
	u2 := regexp.MustCompile(`U2 [^:]*: ([0-9,]+)%`).FindStringSubmatch(view.Text)
	utama := regexp.MustCompile(`Capaian RHK utama: ([0-9,]+)%`).FindStringSubmatch(view.Text)
	if m == nil || u1 == nil || u2 == nil || utama == nil {
		t.Fatalf("/nilai:\n%s", view.Text)
	}

	// Staff cannot take a recap, nor press a forged recap button.
	w.staff.SendCommand("/rekap")
	expect(t, w.staff, "Rekap bulanan hanya untuk admin OPD")
	forged := kartuCallback(t, msg.OpRekap, w.f.unit, msg.MonthCode(kartuDay.MonthStart()))
	if ans := pressData(t, w.staff, anchor(t, w.staff), forged); !strings.Contains(ans, "hanya untuk admin OPD") {
		t.Fatalf("a forged recap press answered %q", ans)
	}

	// The head is the OPD's admin.
	if _, err := w.e.db.Pool.Exec(ctx, `UPDATE pegawai SET roles = array_append(roles, 'admin_opd') WHERE id = $1`, w.f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	peopleNotified()
	k := w.kepala
	k.SendCommand("/rekap")
	choose := expect(t, k, "Rekap bulanan: pilih bulannya")
	// Another OPD's button, forged: refused.
	other := storetest.SeedUnit(t, w.e.db, "Dinas Pendidikan")
	if ans := pressData(t, k, choose, kartuCallback(t, msg.OpRekap, other, msg.MonthCode(kartuDay.MonthStart()))); !strings.Contains(ans, "bukan untuk OPD") {
		t.Fatalf("another OPD's recap answered %q", ans)
	}
	press(t, k, choose, "Desember 2026")
	doc := next(t, k)
	if doc.Document == nil || !strings.HasSuffix(doc.Document.FileName, "2026-12.xlsx") || !strings.HasPrefix(doc.Caption, "📑 Rekap Desember 2026") {
		t.Fatalf("no workbook: %+v", doc)
	}
	for _, want := range []string{"Pegawai: 3; terhubung ke Telegram: 3; melapor bulan ini: 1.", "Laporan: 3; disetujui: 1; masih menunggu keputusan: 2."} {
		if !strings.Contains(doc.Caption, want) {
			t.Errorf("caption lacks %q:\n%s", want, doc.Caption)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(doc.Document.Data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != "Rekap|Progres Harian|Menunggu|Kepatuhan" {
		t.Fatalf("sheets %v", got)
	}
	row := sheetRow(t, f, rekap.SheetRekap, "Nama", "Sari Wulandari")
	num := func(s string) string { return strings.Replace(s, ",", ".", 1) }
	if row["Menit Disetujui"] != m[2] || row["Target Menit"] != m[3] || row["Produktivitas (%)"] != num(m[1]) ||
		row["Capaian RHK Utama (%)"] != num(utama[1]) || row["Laporan Disetujui"] != "1" || row["Laporan Menunggu"] != "2" || row["Hari Melapor"] != "3" {
		t.Errorf("Rekap row %v does not match /nilai (%v, U1 %s)", row, m[1:], u1[1])
	}
	if row["Capaian per RHK Utama"] != "U1: "+u1[1]+"%; U2: "+u2[1]+"%" || row["Atasan"] != w.f.kepala.Nama || row["Hari Kerja Tersedia"] != "21" {
		t.Errorf("Rekap row %v", row)
	}
	progres := sheetRow(t, f, rekap.SheetProgres, "Uraian", "Laporan kinerja November")
	if progres["Tanggal"] != "28-12-2026" || progres["Status"] != "Disetujui" || progres["Diputuskan Oleh"] != w.f.kepala.Nama ||
		progres["Durasi (menit)"] != "120" || progres["RHK"] != "U1 Tersusunnya laporan kinerja bulanan unit" {
		t.Errorf("Progres Harian row %v", progres)
	}
	wait := sheetRow(t, f, rekap.SheetMenunggu, "Uraian", "Rapat koordinasi")
	if wait["Atasan"] != w.f.kepala.Nama || wait["Tanggal"] != "26-12-2026" {
		t.Errorf("Menunggu row %v", wait)
	}
	unit := sheetRow(t, f, rekap.SheetPatuh, "Unit Kerja", "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	if unit["Pegawai"] != "3" || unit["Melapor Bulan Ini"] != "1" || unit["Rata-rata Menit Disetujui"] != "40.0" {
		t.Errorf("Kepatuhan row %v", unit)
	}
	// Audited, by the admin who took it.
	if n := admCount(t, w.e.db, `SELECT count(*) FROM audit_log WHERE action = 'rekap' AND actor_id = `+strconv.FormatInt(w.f.kepala.ID, 10)); n != 1 {
		t.Errorf("%d audit rows for the recap", n)
	}
}

func TestCLIRekap(t *testing.T) {
	url, _ := admDB(t)
	imported(t, url, "pegawai", "../../examples/pegawai.csv")
	dir := t.TempDir()
	month := time.Now().In(mustZone(t)).Format("2006-01")
	xlsx := filepath.Join(dir, "rekap.xlsx")
	code, out, errOut := admCLI(t, url, "rekap", "--periode", month, "--opd", "dinas komunikasi, informatika, statistik  dan persandian kota semarang", "--out", xlsx)
	if code != 0 || errOut != "" || !strings.Contains(out, "Pegawai: 9; terhubung ke Telegram: 0; melapor bulan ini: 0.") {
		t.Fatalf("rekap --opd: %d\n%s\n%s", code, out, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(rekap.SheetRekap)
	f.Close()
	if len(rows) != 10 || strings.Join(rows[0], "|") != strings.Join(rekap.RekapHeader, "|") {
		t.Fatalf("Rekap sheet: %d rows, header %v", len(rows), rows[0])
	}
	csvPath := filepath.Join(dir, "rekap.csv")
	if code, out, errOut := admCLI(t, url, "rekap", "--periode", month, "--semua", "--out", csvPath); code != 0 || errOut != "" {
		t.Fatalf("rekap --semua csv: %d\n%s\n%s", code, out, errOut)
	}
	if lines := strings.Split(strings.TrimSpace(mustRead(t, csvPath)), "\n"); len(lines) != 10 || !strings.HasPrefix(lines[0], "No;NIP;Nama;") {
		t.Fatalf("csv: %d lines, header %q", len(lines), lines[0])
	}
	for _, bad := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--periode", "2031-01", "--semua", "--out", xlsx}, 1, "tulis bulan yang sudah berjalan"},
		{[]string{"--periode", "kemarin", "--semua", "--out", xlsx}, 1, "tidak valid"},
		{[]string{"--periode", month, "--opd", "Dinas Tidak Ada", "--out", xlsx}, 1, "tidak ditemukan"},
		{[]string{"--periode", month, "--opd", "X", "--semua", "--out", xlsx}, 2, "either --opd NAMA or --semua"},
		{[]string{"--periode", month, "--semua", "--out", filepath.Join(dir, "rekap.pdf")}, 2, ".xlsx or .csv"},
	} {
		code, _, errOut := admCLI(t, url, append([]string{"rekap"}, bad.args...)...)
		if code != bad.code || !strings.Contains(errOut, bad.want) {
			t.Errorf("rekap %v: %d %q, want %d and %q", bad.args, code, errOut, bad.code, bad.want)
		}
	}
}

func mustZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// An admin takes the whole city's recap: it is made in the background and
// sent when ready (longer than an answer may take).
func TestE2ERekapOfTheCityComesWhenReady(t *testing.T) {
	w := newDecisionWorld(t)
	if _, err := w.e.db.Pool.Exec(context.Background(), `UPDATE pegawai SET roles = array_append(roles, 'admin') WHERE id = $1`, w.f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	w.e.start() // with the workers
	k := w.kepala
	k.SendCommand("/rekap")
	choose := expect(t, k, "Rekap bulanan: pilih bulannya")
	var city string
	for _, b := range choose.Buttons() {
		if strings.Contains(b.Text, "Seluruh kota") {
			city = b.Text
			break
		}
	}
	if city == "" {
		t.Fatalf("no city button: %v", choose.Buttons())
	}
	press(t, k, choose, city)
	expect(t, k, "Rekap seluruh kota bulan")
	doc := next(t, k)
	if doc.Document == nil || !strings.HasPrefix(doc.Document.FileName, "rekap-kota-") || !strings.Contains(doc.Caption, "Pegawai: ") {
		t.Fatalf("the city's workbook: %+v", doc)
	}
	// Audited once it is out.
	eventually(t, "the city's recap audited", func() bool {
		return admCount(t, w.e.db, `SELECT count(*) FROM audit_log WHERE action = 'rekap' AND entity = 'unit_kerja' AND coalesce(entity_id, 0) = 0 AND actor_id = `+strconv.FormatInt(w.f.kepala.ID, 10)) == 1
	})
}
