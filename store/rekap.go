package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// The monthly recap's data (kinerjabot rekap, /rekap): every person of an
// OPD (or of the whole city) with what their month is scored from, read as
// four streams ordered the same way and merged person by person, so the
// recap of 17,500 people and 770,000 reports never holds more than one
// person's year in memory.

// RekapPerson is one person's month as the recap needs it.
type RekapPerson struct {
	// Pegawai has ID, NIP, Nama, Jabatan, JenisJabatan, UnitID, AtasanID,
	// TelegramID (0: not linked) and Aktif.
	Pegawai   kinerja.Pegawai
	Unit      string // the unit's name ("" when none)
	OPD       string // the name of the unit's top-level unit (the OPD)
	Atasan    string // the atasan's name, "" when none
	AtasanNIP string
	// Reports are the person's reports dated from 1 January through the
	// month's end, by date; Deciders the name of who decided each ("" while
	// undecided), in the same order.
	Reports  []kinerja.Aktivitas
	Deciders []string
	RHK      []kinerja.RHK       // the active SKP of the month's year
	Leave    []kinerja.LeaveSpan // spans that touch the month
	Predikat kinerja.Predikat    // the month's rating, "" when not rated
}

// RekapScope is whose recap: the people of one OPD (a top-level unit and
// every unit under it), or everyone (OPD 0).
type RekapScope struct {
	OPD int64
}

// OPDByName finds a top-level unit by name (spaces collapsed, case
// ignored): its id and name as stored, or a CodeNotFound error.
func (db *DB) OPDByName(ctx context.Context, nama string) (int64, string, error) {
	var id int64
	var stored string
	err := db.Pool.QueryRow(ctx, `
SELECT id, nama FROM unit_kerja
WHERE parent_id IS NULL AND lower(regexp_replace(btrim(nama), '\s+', ' ', 'g')) = lower($1)
ORDER BY id LIMIT 1`, kinerja.CollapseSpaces(nama)).Scan(&id, &stored)
	if pgNoRows(err) {
		return 0, "", kinerja.Errorf(kinerja.CodeNotFound, "rekap.opd_unknown", map[string]any{"OPD": nama})
	}
	return id, stored, pgErr("opd by name", err)
}

// OPDOf is the top-level unit (the OPD) of a person's unit: its id and
// name, 0 and "" when the person has no unit.
func (db *DB) OPDOf(ctx context.Context, pegawaiID int64) (int64, string, error) {
	var id int64
	var nama string
	err := db.Pool.QueryRow(ctx, `
WITH RECURSIVE up AS (
  SELECT u.id, u.parent_id, u.nama FROM unit_kerja u JOIN pegawai p ON p.unit_id = u.id WHERE p.id = $1
  UNION ALL
  SELECT u.id, u.parent_id, u.nama FROM unit_kerja u JOIN up ON u.id = up.parent_id
)
SELECT id, nama FROM up WHERE parent_id IS NULL`, pegawaiID).Scan(&id, &nama)
	if pgNoRows(err) {
		return 0, "", nil
	}
	return id, nama, pgErr("opd of", err)
}

// rekapPeople is the scope's people, as a CTE: every active person of the
// scope's units, and anyone else of them with a report in the month. $1
// the OPD (0: all), $2 the month's first day, $3 its last. Every unit's
// OPD comes with it (opd_of).
const rekapPeople = `
WITH RECURSIVE opd_of AS (
  SELECT id, id AS opd, nama AS opd_nama FROM unit_kerja WHERE parent_id IS NULL
  UNION ALL
  SELECT u.id, o.opd, o.opd_nama FROM unit_kerja u JOIN opd_of o ON u.parent_id = o.id
),
orang AS (
  SELECT p.id, coalesce(p.unit_id, 0) AS unit_id, coalesce(o.opd_nama, '') AS opd_nama
  FROM pegawai p LEFT JOIN opd_of o ON o.id = p.unit_id
  WHERE ($1::bigint = 0 OR o.opd = $1)
    AND (p.aktif OR EXISTS (SELECT 1 FROM aktivitas x WHERE x.pegawai_id = p.id AND x.tanggal BETWEEN $2 AND $3))
)`

// Rekap calls fn for every person of the scope, in the order they were
// registered (an import's file order), with their month (month is its first day).
// fn's error stops it and is returned.
func (db *DB) Rekap(ctx context.Context, scope RekapScope, month kinerja.Date, fn func(RekapPerson) error) error {
	from, to := month.MonthStart(), month.MonthEnd()
	yearStart := kinerja.Date{Year: month.Year, Month: 1, Day: 1}
	args := []any{scope.OPD, pgDate(from), pgDate(to)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	people, err := db.Pool.Query(ctx, rekapPeople+`
SELECT o.unit_id, p.id, p.nip, p.nama, coalesce(p.jabatan, ''), coalesce(p.jenis_jabatan, ''), coalesce(p.atasan_id, 0),
       coalesce(p.telegram_id, 0), p.aktif, coalesce(u.nama, ''), o.opd_nama, coalesce(a.nama, ''), coalesce(a.nip, ''),
       coalesce((SELECT n.predikat FROM penilaian n WHERE n.pegawai_id = p.id AND n.periode = $2
                 AND n.jenis_periode = 'bulan' AND n.unlocked_at IS NULL ORDER BY n.id DESC LIMIT 1), '')
FROM orang o JOIN pegawai p ON p.id = o.id
LEFT JOIN unit_kerja u ON u.id = p.unit_id
LEFT JOIN pegawai a ON a.id = p.atasan_id
ORDER BY p.id`, args...)
	if err != nil {
		return pgErr("rekap: people", err)
	}
	defer people.Close()

	reports := &pgStream[rekapReport]{scan: func(r pgx.Rows) (k rekapKey, v rekapReport, err error) {
		v.a, err = pgScanAktivitasWith(r, &v.decider)
		return v.a.PegawaiID, v, err
	}}
	reports.rows, err = db.Pool.Query(ctx, rekapPeople+`
SELECT `+pgAktivitasColumns+`, coalesce(d.nama, '')
FROM orang o JOIN aktivitas a ON a.pegawai_id = o.id
LEFT JOIN pegawai d ON d.id = a.decided_by
WHERE a.tanggal BETWEEN $4 AND $3
ORDER BY a.pegawai_id, a.tanggal, a.id`, append(args, pgDate(yearStart))...)
	if err != nil {
		return pgErr("rekap: reports", err)
	}
	defer reports.rows.Close()

	rhks := &pgStream[rekapRHK]{scan: func(r pgx.Rows) (k rekapKey, v rekapRHK, err error) {
		var jenis, arah, agregasi string
		i := &v.ind
		err = r.Scan(&k, &v.rhk.ID, &v.rhk.SKPID, &v.rhk.Kode, &jenis, &v.rhk.Teks,
			&i.ID, &i.Teks, &i.TargetMin, &i.TargetMax, &i.Satuan, &arah, &agregasi)
		v.rhk.Jenis = kinerja.JenisRHK(jenis)
		i.RHKID, i.Arah, i.Agregasi = v.rhk.ID, kinerja.Arah(arah), kinerja.Agregasi(agregasi)
		return k, v, err
	}}
	rhks.rows, err = db.Pool.Query(ctx, rekapPeople+`
SELECT o.id, r.id, r.skp_id, r.kode, r.jenis, r.teks,
       coalesce(i.id, 0), coalesce(i.teks, ''), coalesce(i.target_min, 0)::float8, coalesce(i.target_max, 0)::float8,
       coalesce(i.satuan, ''), coalesce(i.arah, 'naik'), coalesce(i.agregasi, 'jumlah')
FROM orang o JOIN skp s ON s.pegawai_id = o.id AND s.tahun = $4 AND s.status = 'aktif'
JOIN rhk r ON r.skp_id = s.id
LEFT JOIN indikator i ON i.rhk_id = r.id
ORDER BY o.id, r.jenis = 'tambahan', r.kode, r.id, i.id`, append(args, month.Year)...)
	if err != nil {
		return pgErr("rekap: rhk", err)
	}
	defer rhks.rows.Close()

	leave := &pgStream[kinerja.LeaveSpan]{scan: func(r pgx.Rows) (k rekapKey, v kinerja.LeaveSpan, err error) {
		v, err = pgScanLeaveAfter(r, &k)
		return k, v, err
	}}
	leave.rows, err = db.Pool.Query(ctx, rekapPeople+`
SELECT o.id, c.mulai, c.selesai, c.jenis
FROM orang o JOIN cuti_berlaku c ON c.pegawai_id = o.id
WHERE c.mulai <= $3 AND c.selesai >= $2
ORDER BY o.id, c.mulai`, args...)
	if err != nil {
		return pgErr("rekap: leave", err)
	}
	defer leave.rows.Close()

	reports.next()
	rhks.next()
	leave.next()
	for people.Next() {
		var p RekapPerson
		w := &p.Pegawai
		var unit int64
		var predikat string
		if err := people.Scan(&unit, &w.ID, &w.NIP, &w.Nama, &w.Jabatan, &w.JenisJabatan, &w.AtasanID,
			&w.TelegramID, &w.Aktif, &p.Unit, &p.OPD, &p.Atasan, &p.AtasanNIP, &predikat); err != nil {
			return pgErr("rekap: people", err)
		}
		k := w.ID
		w.UnitID = unit
		p.Predikat = kinerja.Predikat(predikat)
		for _, r := range reports.take(k) {
			p.Reports = append(p.Reports, r.a)
			p.Deciders = append(p.Deciders, r.decider)
		}
		for _, r := range rhks.take(k) {
			if len(p.RHK) == 0 || p.RHK[len(p.RHK)-1].ID != r.rhk.ID {
				p.RHK = append(p.RHK, r.rhk)
			}
			if r.ind.ID != 0 {
				last := &p.RHK[len(p.RHK)-1]
				last.Indikator = append(last.Indikator, r.ind)
			}
		}
		p.Leave = leave.take(k)
		for _, s := range []error{reports.err, rhks.err, leave.err} {
			if s != nil {
				return pgErr("rekap", s)
			}
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return pgErr("rekap: people", people.Err())
}

// rekapKey orders the recap's streams: the person's id. Each stream reads
// its own snapshot; a person whose unit an import changes meanwhile keeps
// their rows (the unit's name may be a moment old).
type rekapKey = int64

type rekapReport struct {
	a       kinerja.Aktivitas
	decider string
}

type rekapRHK struct {
	rhk kinerja.RHK
	ind kinerja.Indikator
}

// pgStream reads rows ordered by rekapKey one ahead, so the rows of one
// key are taken together.
type pgStream[T any] struct {
	rows pgx.Rows
	scan func(pgx.Rows) (rekapKey, T, error)
	has  bool
	key  rekapKey
	cur  T
	err  error
}

func (s *pgStream[T]) next() {
	if s.err != nil {
		s.has = false
		return
	}
	if !s.rows.Next() {
		s.has, s.err = false, s.rows.Err()
		return
	}
	s.key, s.cur, s.err = s.scan(s.rows)
	s.has = s.err == nil
	if s.err != nil {
		s.err = fmt.Errorf("scan: %w", s.err)
	}
}

// take returns the rows of key k, skipping any before it.
func (s *pgStream[T]) take(k rekapKey) []T {
	for s.has && s.key < k {
		s.next()
	}
	var out []T
	for s.has && s.key == k {
		out = append(out, s.cur)
		s.next()
	}
	return out
}

// RecordRekap audits a recap taken: who (0: the system, the CLI), of which
// OPD (0: the city) and month, and how many people it holds.
func (db *DB) RecordRekap(ctx context.Context, actorID, opdID int64, month kinerja.Date, detail map[string]any) error {
	d := map[string]any{"periode": month.MonthStart().String()[:7]}
	for k, v := range detail {
		d[k] = v
	}
	return db.RecordExport(ctx, kinerja.AuditEntry{ActorID: actorID, Action: "rekap", Entity: "unit_kerja", EntityID: opdID, Detail: d})
}
