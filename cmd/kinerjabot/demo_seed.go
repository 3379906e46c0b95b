package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

// The demo's unit: Dinas Komunikasi, Informatika, Statistik dan Persandian
// Kota Semarang, with its head, two heads of division and six staff, each
// with an SKP, and a month of history in every status. The roster, SKP,
// holidays and leave go in through the same imports an admin runs.

// demoPerson is one seeded person the visitor can chat as.
type demoPerson struct {
	PegawaiID  int64  `json:"-"`
	TelegramID int64  `json:"id"`
	NIP        string `json:"nip"`
	Nama       string `json:"nama"`
	FirstName  string `json:"-"`
	Jabatan    string `json:"jabatan"`
	Role       string `json:"role"` // kepala, atasan, staf, baru (not linked yet)
	Phone      string `json:"-"`
}

type demoSeedResult struct {
	People []demoPerson
	Start  time.Time // the story's "now" when the demo started
}

const demoUnit = "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Semarang"

var demoPeople = []struct {
	nip, nama, first, jabatan, jenis, atasan, phone, role, peran string
	tg                                                           int64
}{
	{"197103152000031001", "Dr. Agus Prasetyo, S.Kom., M.T.", "Agus", "Kepala Dinas", "jpt", "", "+6281100000001", "kepala", "pegawai|admin_opd", 810001},
	{"197808202003122002", "Dewi Lestari, S.T., M.Kom.", "Dewi", "Kepala Bidang Aplikasi Informatika", "administrator", "197103152000031001", "+6281100000002", "atasan", "pegawai", 810002},
	{"198002112005011003", "Ir. Budi Santoso, M.Si.", "Budi", "Kepala Bidang Statistik", "administrator", "197103152000031001", "+6281100000003", "atasan", "pegawai", 810003},
	{"199004252015032004", "Sari Wulandari, S.Kom.", "Sari", "Pranata Komputer Ahli Pertama", "fungsional", "197808202003122002", "+6281100000011", "staf", "pegawai", 810011},
	{"199107072019031005", "Rizky Pratama, A.Md.", "Rizky", "Pengelola Sistem Informasi", "pelaksana", "197808202003122002", "+6281100000012", "staf", "pegawai", 810012},
	{"198812302014022006", "Nur Aini, S.Kom.", "Nur", "Analis Sistem Informasi", "pelaksana", "197808202003122002", "+6281100000013", "staf", "pegawai", 810013},
	{"199203142020121007", "Hendra Gunawan, S.Stat.", "Hendra", "Statistisi Ahli Pertama", "fungsional", "198002112005011003", "+6281100000014", "staf", "pegawai", 810014},
	{"198705192011012008", "Siti Rahayu, S.E.", "Siti", "Pengolah Data", "pelaksana", "198002112005011003", "+6281100000015", "staf", "pegawai", 810015},
	{"199509092022031009", "Yoga Aditya, S.Si.", "Yoga", "Pranata Komputer Terampil", "fungsional", "198002112005011003", "+6281100000016", "staf", "pegawai", 810016},
	// On the roster but not on Telegram yet: /start, then share the phone.
	{"199811022023212010", "Rina Kurniasih, S.Kom.", "Rina", "Pranata Komputer Ahli Pertama", "fungsional", "197808202003122002", "+6281100000020", "baru", "pegawai", 810020},
}

// demoSKP: per role, the RHK and indikator of the year's SKP (rhk_kode,
// jenis, rhk, indikator, target, satuan).
var demoSKP = map[string][][6]string{
	"atasan": {
		{"RHK-1", "utama", "Terkendalinya pelaksanaan program bidang sesuai rencana kerja", "Persentase kegiatan bidang yang terlaksana tepat waktu", "90-100", "persen"},
		{"RHK-2", "utama", "Tersusunnya laporan kinerja bidang", "Jumlah laporan kinerja bidang", "12", "laporan"},
	},
	"staf": {
		{"RHK-1", "utama", "Terlaksananya pemeliharaan aplikasi layanan publik Pemerintah Kota Semarang", "Jumlah permintaan perbaikan aplikasi yang diselesaikan", "120", "tiket"},
		{"RHK-2", "utama", "Tersedianya data sektoral yang mutakhir pada portal Satu Data Semarang", "Jumlah dataset yang dimutakhirkan", "48", "dataset"},
		{"RHK-3", "tambahan", "Terlaksananya pendampingan penggunaan aplikasi bagi perangkat daerah", "Jumlah sesi pendampingan", "24", "sesi"},
	},
}

// demoSeed seeds an empty demo database (a seeded one is left as it is)
// and sets the demo clock to the story's start.
func demoSeed(ctx context.Context, db *store.DB, loc *time.Location, clock *demoClock) (demoSeedResult, error) {
	holidays := map[kinerja.Date]string{}
	for _, h := range demoHolidays {
		d, _ := kinerja.ParseDate(h[0])
		holidays[d] = h[1]
	}
	start := demoStart(time.Now(), loc, holidays)
	clock.Advance(time.Until(start))
	res := demoSeedResult{Start: start}

	var people, reports int
	if err := db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM pegawai), (SELECT count(*) FROM aktivitas)`).Scan(&people, &reports); err != nil {
		return res, err
	}
	if people > 0 && reports == 0 {
		return res, errors.New("the demo database was seeded only in part (an earlier start stopped midway): run with --reset")
	}
	if people == 0 {
		if err := demoImport(ctx, db, kinerja.DateOf(start, loc)); err != nil {
			return res, err
		}
		if err := demoHistory(ctx, db, kinerja.DateOf(start, loc), holidays); err != nil {
			return res, err
		}
	}
	for _, p := range demoPeople {
		dp := demoPerson{TelegramID: p.tg, NIP: p.nip, Nama: p.nama, FirstName: p.first, Jabatan: p.jabatan, Role: p.role, Phone: p.phone}
		if err := db.Pool.QueryRow(ctx, `SELECT id FROM pegawai WHERE nip = $1`, p.nip).Scan(&dp.PegawaiID); err != nil {
			return res, fmt.Errorf("the demo database holds other data (pegawai %s missing): run with --reset: %w", p.nip, err)
		}
		res.People = append(res.People, dp)
	}
	return res, nil
}

var demoHolidays = [][2]string{
	{"2026-12-24", "Cuti bersama Hari Raya Natal"},
	{"2026-12-25", "Hari Raya Natal"},
	{"2027-01-01", "Tahun Baru 2027 Masehi"},
}

// demoImport writes the roster, SKP, holidays and leave as CSV files and
// imports them like an admin would.
func demoImport(ctx context.Context, db *store.DB, today kinerja.Date) error {
	dir, err := os.MkdirTemp("", "kinerjabot-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var pegawai, skp strings.Builder
	pegawai.WriteString("nip,nama,jabatan,jenis_jabatan,unit_kerja,atasan_nip,telepon,peran\n")
	skp.WriteString("nip,tahun,rhk_kode,jenis_rhk,rhk,indikator,target,satuan,arah,agregasi\n")
	for _, p := range demoPeople {
		fmt.Fprintf(&pegawai, "%s,%s,%s,%s,%s,%s,%s,%s\n", p.nip, q(p.nama), q(p.jabatan), p.jenis, q(demoUnit), p.atasan, p.phone, p.peran)
		role := p.role
		switch role {
		case "kepala":
			role = "atasan"
		case "baru":
			role = "staf"
		}
		// The history reaches 30 days back: in January, into last year.
		for _, year := range slices.Compact([]int{today.AddDays(-31).Year, today.Year}) {
			for _, r := range demoSKP[role] {
				fmt.Fprintf(&skp, "%s,%d,%s,%s,%s,%s,%s,%s,naik,\n", p.nip, year, r[0], r[1], q(r[2]), q(r[3]), r[4], r[5])
			}
		}
	}
	var libur strings.Builder
	libur.WriteString("tanggal,keterangan\n")
	for _, h := range demoHolidays {
		fmt.Fprintf(&libur, "%s,%s\n", h[0], q(h[1]))
	}
	// Hendra is on leave today and tomorrow.
	cuti := fmt.Sprintf("nip,mulai,selesai,jenis\n199203142020121007,%s,%s,cuti\n", today.String(), today.AddDays(1).String())
	open := func(context.Context) (*store.DB, error) { return db, nil }
	for _, f := range []struct {
		name, body string
		run        importRun
	}{
		{"pegawai", pegawai.String(), runImportPegawai},
		{"skp", skp.String(), runImportSKP},
		{"libur", libur.String(), runImportLibur},
		{"cuti", cuti, runImportCuti},
	} {
		path := filepath.Join(dir, f.name+".csv")
		if err := os.WriteFile(path, []byte(f.body), 0o600); err != nil {
			return err
		}
		if rep := f.run(ctx, open, path, importOpts{}); rep.Code != 0 {
			var msgs []string
			for _, m := range rep.Err {
				msgs = append(msgs, fmt.Sprintf("%s %v", m.MessageID, m.Args))
			}
			return fmt.Errorf("import %s: %s", f.name, strings.Join(msgs, "; "))
		}
	}
	// Everyone but the newcomer has joined through the demo's Telegram.
	for _, p := range demoPeople {
		if p.role == "baru" {
			continue
		}
		if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = $1, chat_id = $1 WHERE nip = $2`, p.tg, p.nip); err != nil {
			return err
		}
	}
	return nil
}

// demoHistory files a month of reports for the staff (and the heads of
// division): most approved by their atasan, the last two days waiting, and
// one each returned, rejected and withdrawn.
func demoHistory(ctx context.Context, db *store.DB, today kinerja.Date, holidays map[kinerja.Date]string) error {
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(), Holidays: holidays}
	var days []kinerja.Date
	for d := today.AddDays(-30); d.Before(today); d = d.AddDays(1) {
		if cal.IsAvailable(d) {
			days = append(days, d)
		}
	}
	if len(days) < 6 {
		return errors.New("not enough working days for the history")
	}
	texts := []string{
		"Menindaklanjuti tiket perbaikan formulir pada aplikasi layanan perizinan",
		"Memutakhirkan dataset jumlah penduduk per kelurahan di portal Satu Data",
		"Rapat koordinasi integrasi aplikasi dengan Dinas Kependudukan",
		"Pendampingan operator kecamatan menggunakan aplikasi pengaduan",
		"Menyusun laporan pemeliharaan server aplikasi",
	}
	for pi, p := range demoPeople {
		if p.role == "kepala" || p.role == "baru" {
			continue
		}
		var pegawaiID, atasanID int64
		if err := db.Pool.QueryRow(ctx, `SELECT id, coalesce(atasan_id, 0) FROM pegawai WHERE nip = $1`, p.nip).Scan(&pegawaiID, &atasanID); err != nil {
			return err
		}
		rows, err := db.Pool.Query(ctx, `
SELECT s.tahun, r.id, i.id, i.satuan FROM rhk r JOIN skp s ON s.id = r.skp_id JOIN indikator i ON i.rhk_id = r.id
WHERE s.pegawai_id = $1 ORDER BY s.tahun, r.kode, i.id`, pegawaiID)
		if err != nil {
			return err
		}
		type ind struct {
			rhk, id int64
			satuan  string
		}
		inds := map[int][]ind{} // by the SKP's year
		for rows.Next() {
			var x ind
			var year int
			if err := rows.Scan(&year, &x.rhk, &x.id, &x.satuan); err != nil {
				rows.Close()
				return err
			}
			inds[year] = append(inds[year], x)
		}
		rows.Close()
		for di, d := range days {
			if p.nip == "199203142020121007" && di == len(days)-1 {
				continue // Hendra missed the last day before his leave
			}
			year := inds[d.Year]
			if len(year) == 0 {
				return fmt.Errorf("no indikator for %s in %d", p.nip, d.Year)
			}
			x := year[(di+pi)%len(year)]
			status, alasan := kinerja.StatusDisetujui, ""
			switch {
			case di >= len(days)-2:
				status = kinerja.StatusDiajukan
			case di == len(days)-4 && p.role == "staf" && pi%3 == 0:
				status, alasan = kinerja.StatusDikembalikan, "Mohon lampirkan bukti dukung (tangkapan layar tiket yang diselesaikan)."
			case di == len(days)-6 && pi%3 == 1:
				status, alasan = kinerja.StatusDitolak, "Kegiatan ini sudah dilaporkan pada hari sebelumnya."
			case di == len(days)-5 && pi%3 == 2:
				status = kinerja.StatusDitarik
			}
			at := time.Date(d.Year, d.Month, d.Day, 16, 0, 0, 0, time.UTC).Add(-7 * time.Hour) // 16.00 WIB
			var decidedBy any
			var decidedAt any
			var reason any
			if status == kinerja.StatusDisetujui || status == kinerja.StatusDikembalikan || status == kinerja.StatusDitolak {
				decidedBy, decidedAt = atasanID, at.Add(20*time.Hour)
			}
			if alasan != "" {
				reason = alasan
			}
			menit := 240 + 30*((di+pi)%5)
			if _, err := db.Pool.Exec(ctx, `
INSERT INTO aktivitas (pegawai_id, tanggal, kategori, rhk_id, indikator_id, deskripsi, volume, satuan, menit, status,
                       decided_by, alasan, decided_at, created_at, updated_at)
VALUES ($1, $2, 'rhk', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
				pegawaiID, d.UTC(), x.rhk, x.id, texts[(di+pi)%len(texts)], 1+(di%3), x.satuan, menit, string(status),
				decidedBy, reason, decidedAt, at); err != nil {
				return fmt.Errorf("history of %s: %w", p.nip, err)
			}
		}
	}
	return nil
}
