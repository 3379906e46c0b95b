package main

// A raw SIASN export of three OPDs (examples/pegawai-siasn.csv, 300 people,
// no atasan) imported as an admin would: its headers and labels read, its
// other columns ignored, units placed under their OPD, and the atasan
// proposed from the unit tree, checked here against the tree the file
// itself describes, then imported.

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// siasnRow is one person of the example as the file says: who heads what is
// read from the jabatan, independently of the code under test.
type siasnRow struct {
	nip, jabatan, unit, induk string
}

func readSIASN(t *testing.T) []siasnRow {
	t.Helper()
	f, err := os.Open("../../examples/pegawai-siasn.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var out []siasnRow
	for _, r := range recs[1:] {
		out = append(out, siasnRow{nip: r[col["NIP_BARU"]], jabatan: r[col["JABATAN_NAMA"]], unit: r[col["UNOR_NAMA"]], induk: r[col["SATUAN_KERJA_INDUK_NAMA"]]})
	}
	return out
}

// heads is the head of each unit (by OPD and unit) as the jabatan says:
// Kepala …, Camat …, Lurah …, or the Sekretaris of a Sekretariat.
func siasnHeads(rows []siasnRow) map[[2]string]string {
	heads := map[[2]string]string{}
	for _, r := range rows {
		j := r.jabatan
		if strings.HasPrefix(j, "Kepala ") || strings.HasPrefix(j, "Camat ") || strings.HasPrefix(j, "Lurah ") ||
			(j == "Sekretaris" && strings.HasPrefix(r.unit, "Sekretariat")) {
			heads[[2]string{r.induk, r.unit}] = r.nip
		}
	}
	return heads
}

func TestCLIImportASIASNExportWithProposedAtasan(t *testing.T) {
	url, db := admDB(t)
	rows := readSIASN(t)
	if len(rows) != 300 {
		t.Fatalf("the example has %d people, want 300", len(rows))
	}
	hasil := filepath.Join(t.TempDir(), "usulan-atasan.csv")
	out := imported(t, url, "pegawai", "../../examples/pegawai-siasn.csv", "--usulkan-atasan", hasil)
	for _, want := range []string{
		"Pegawai: 300 ditambahkan, 0 diperbarui, 0 tidak berubah.",
		"Kolom yang diabaikan (8): PNS_ID, NIP_LAMA, TEMPAT_LAHIR_NAMA, TGL_LAHIR, JENIS_KELAMIN, GOL_AKHIR_NAMA, INSTANSI_KERJA_NAMA, EMAIL.",
		"Belum punya atasan (300)",
		"… dan 250 lainnya.",
		"Usulan atasan untuk 300 pegawai ditulis ke " + hasil + ": 297 dengan usulan, 3 tanpa usulan.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import's summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Catatan") {
		t.Errorf("a clean export gave notes:\n%s", out)
	}
	// The tree: 3 OPDs at the top, every other unit under its own OPD
	// (two "Sekretariat", one per OPD).
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja WHERE parent_id IS NULL`); n != 3 {
		t.Errorf("%d top-level units, want the 3 OPDs", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja u JOIN unit_kerja p ON p.id = u.parent_id WHERE u.nama = 'Sekretariat'`); n != 2 {
		t.Errorf("%d Sekretariat under an OPD, want 2", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai p JOIN unit_kerja u ON u.id = p.unit_id
		JOIN unit_kerja o ON o.id = u.parent_id WHERE u.nama = 'Kelurahan Sekayu' AND o.nama = 'Kecamatan Semarang Tengah'`); n < 5 {
		t.Errorf("%d people in Kelurahan Sekayu under the kecamatan", n)
	}
	// Names with their titles, labels read, phones normalised.
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE jenis_jabatan IS NULL`); n != 0 {
		t.Errorf("%d people without a jenis_jabatan", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE jenis_jabatan = 'jpt'`); n != 2 {
		t.Errorf("%d jpt, want the 2 heads of dinas and badan", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE nama LIKE 'Dr%. %' OR nama LIKE '%, S.%'`); n == 0 {
		t.Error("no name carries its titles")
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE telepon IS NOT NULL AND telepon NOT LIKE '+628%'`); n != 0 {
		t.Errorf("%d phones not normalised", n)
	}

	// Every proposal against the tree the file describes.
	heads := siasnHeads(rows)
	f, err := os.Open(hasil)
	if err != nil {
		t.Fatal(err)
	}
	props, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(props[0], ",") != "nip,nama,unit_kerja,atasan_nip,atasan_nama,dasar" || len(props) != 301 {
		t.Fatalf("proposals: header %v, %d lines", props[0], len(props))
	}
	byNIP := map[string]siasnRow{}
	for _, r := range rows {
		byNIP[r.nip] = r
	}
	for _, p := range props[1:] {
		r := byNIP[p[0]]
		own := heads[[2]string{r.induk, r.unit}]
		opdHead := heads[[2]string{r.induk, r.induk}]
		var want string
		switch {
		case own != r.nip:
			want = own // staff: the head of their unit
		case r.unit != r.induk:
			want = opdHead // the head of a unit: the head of its OPD
		default:
			want = "" // the head of an OPD
		}
		if p[3] != want {
			t.Errorf("%s (%s, %s): proposed %q, want %q (dasar %q)", p[0], r.jabatan, r.unit, p[3], want, p[5])
		}
		if p[5] == "" || strings.Contains(p[5], "import.") {
			t.Errorf("%s: dasar %q", p[0], p[5])
		}
	}

	// The admin imports the proposals: only the three OPD heads are left.
	out = imported(t, url, "pegawai", hasil)
	for _, want := range []string{"Pegawai: 0 ditambahkan, 297 diperbarui, 3 tidak berubah.", "Kolom yang diabaikan (2): atasan_nama, dasar", "Belum punya atasan (3)"} {
		if !strings.Contains(out, want) {
			t.Errorf("importing the proposals: the summary lacks %q:\n%s", want, out)
		}
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE atasan_id IS NULL`); n != 3 {
		t.Errorf("%d people without an atasan after the proposals, want 3", n)
	}
	// Units stay where they are (the proposals carry no unit_induk).
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja WHERE parent_id IS NULL`); n != 3 {
		t.Errorf("%d top-level units after the proposals, want 3", n)
	}
}

// An older file made sub-units top-level; a file with unit_induk moves them
// under their OPD. Identical problems on many lines are printed once.
func TestImportPlacesUnitsUnderTheirOPD(t *testing.T) {
	url, db := admDB(t)
	imported(t, url, "pegawai", admWriteFile(t, "lama.csv", "nip,nama,unit_kerja\n198703152010011002,Budi,Bidang Statistik\n"))
	out := imported(t, url, "pegawai", admWriteFile(t, "baru.csv",
		"nip,nama,unit_kerja,unit_induk\n198703152010011002,Budi,Bidang Statistik,Dinas Kominfo\n199001012015031003,Ani,Bidang Statistik,Dinas Kominfo\n"))
	if !strings.Contains(out, "Unit kerja yang kini berada di bawah OPD-nya (1): Dinas Kominfo › Bidang Statistik.") {
		t.Errorf("summary:\n%s", out)
	}
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja u JOIN unit_kerja o ON o.id = u.parent_id WHERE u.nama = 'Bidang Statistik' AND o.nama = 'Dinas Kominfo'`); n != 1 {
		t.Errorf("Bidang Statistik under the dinas: %d", n)
	}
	if n := admCount(t, db, `SELECT count(DISTINCT unit_id) FROM pegawai`); n != 1 {
		t.Errorf("the two are in %d units, want 1", n)
	}

	// A top-level unit shared with people not in the file stays where it is:
	// the file's people get a unit of that name under their own OPD.
	imported(t, url, "pegawai", admWriteFile(t, "lama2.csv", "nip,nama,unit_kerja\n198001012005011001,Citra,Sekretariat\n"))
	imported(t, url, "pegawai", admWriteFile(t, "baru2.csv", "nip,nama,unit_kerja,unit_induk\n198101012005011002,Dodi,Sekretariat,Dinas Pendidikan\n"))
	if n := admCount(t, db, `SELECT count(*) FROM unit_kerja WHERE nama = 'Sekretariat' AND parent_id IS NULL`); n != 1 {
		t.Errorf("the shared top-level Sekretariat moved (%d left at the top)", n)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai p JOIN unit_kerja u ON u.id = p.unit_id JOIN unit_kerja o ON o.id = u.parent_id
		WHERE p.nip = '198101012005011002' AND u.nama = 'Sekretariat' AND o.nama = 'Dinas Pendidikan'`); n != 1 {
		t.Error("Dodi is not in a Sekretariat under Dinas Pendidikan")
	}

	// "Struktural" without an eselon cannot be read: the stored kind stays.
	imported(t, url, "pegawai", admWriteFile(t, "j1.csv", "nip,nama,unit_kerja,jenis_jabatan\n198001012005011001,Citra,Sekretariat,pengawas\n"))
	if out := imported(t, url, "pegawai", admWriteFile(t, "j2.csv", "nip,nama,unit_kerja,jenis_jabatan\n198001012005011001,Citra,Sekretariat,Jabatan Struktural\n")); !strings.Contains(out, "tanpa eselon") {
		t.Errorf("no note for Struktural without an eselon:\n%s", out)
	}
	if n := admCount(t, db, `SELECT count(*) FROM pegawai WHERE nip = '198001012005011001' AND jenis_jabatan = 'pengawas'`); n != 1 {
		t.Error("Struktural without an eselon erased the stored kind")
	}

	var b strings.Builder
	b.WriteString("nip,nama,unit_kerja,jenis_jabatan\n")
	for i := range 300 {
		fmt.Fprintf(&b, "199001012015031%03d,Pegawai %d,U,Honorer\n", i+1, i+1)
	}
	errOut := importRefused(t, url, "pegawai", admWriteFile(t, "honorer.csv", b.String()))
	if strings.Count(errOut, "Honorer") != 1 || strings.Count(errOut, "\n") != 2 || !strings.Contains(errOut, "Baris 2–301 (300 baris), kolom jenis_jabatan:") {
		t.Errorf("300 identical problems:\n%s", errOut)
	}
}

// Mutasi: an import that gives someone a new atasan sends the cards of
// their waiting reports to the new atasan, edits the old copies to say who
// decides now, and lists the move.
func TestE2EMutasiMovesTheCards(t *testing.T) {
	w := newDecisionWorld(t)
	const hendraTG = 7444
	hendra := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Hendra Wijaya", UnitID: w.f.unit, JenisJabatan: "administrator",
		TelegramID: hendraTG, ChatID: hendraTG})
	h := w.e.tg.User(hendraTG, telegramtest.WithFirstName("Hendra"))
	w.e.start() // with the card workers
	w.greet(t, w.kepala, w.plhUser)
	chat(t, h, script{{"/start", "Selamat datang kembali"}})

	report{desc: "Menyusun notula rapat", minutes: "60"}.submit(t, w.staff)
	old := kartuWait(t, w.kepala, 1, "Menyusun notula rapat")[0]

	path := admWriteFile(t, "mutasi.csv", "nip,nama,unit_kerja,atasan_nip\n"+
		w.f.staf.NIP+`,Sari Wulandari,"Dinas Komunikasi, Informatika, Statistik dan Persandian",`+hendra.NIP+"\n")
	rep := runImportPegawai(context.Background(), admOpened(w.e.db), path, importOpts{})
	if rep.Code != 0 {
		t.Fatalf("import: %+v", rep)
	}
	var move map[string]any
	for _, m := range rep.Out {
		if m.MessageID == "import.move" {
			move = m.Args
		}
	}
	if move == nil || move["AtasanLama"] != w.f.kepala.Nama || move["AtasanBaru"] != "Hendra Wijaya" || move["Waiting"] != 1 {
		t.Fatalf("the move: %+v", rep.Out)
	}
	// The new atasan gets the card; the old copy says who decides now.
	kartuWait(t, h, 1, "Menyusun notula rapat")
	eventually(t, "the old copy edited", func() bool {
		return strings.Contains(messageText(w.kepala, old.ID), "kini diputuskan oleh Hendra Wijaya") && len(lastVersion(w.kepala, old.ID).Buttons()) == 0
	})
}
