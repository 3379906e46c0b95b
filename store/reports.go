package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// ActiveRHK returns the RHK of a person's active SKP of one year, utama
// first, each with its indikator, in the order of their codes.
func (db *DB) ActiveRHK(ctx context.Context, pegawaiID int64, tahun int) ([]kinerja.RHK, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT r.id, r.skp_id, r.kode, r.jenis, r.teks,
       coalesce(i.id, 0), coalesce(i.teks, ''), coalesce(i.target_min, 0)::float8, coalesce(i.target_max, 0)::float8,
       coalesce(i.satuan, ''), coalesce(i.arah, 'naik'), coalesce(i.agregasi, 'jumlah')
FROM skp s
JOIN rhk r ON r.skp_id = s.id
LEFT JOIN indikator i ON i.rhk_id = r.id
WHERE s.pegawai_id = $1 AND s.tahun = $2 AND s.status = 'aktif'
ORDER BY r.jenis = 'tambahan', r.kode, r.id, i.id`, pegawaiID, tahun)
	if err != nil {
		return nil, pgErr("active rhk", err)
	}
	defer rows.Close()
	var out []kinerja.RHK
	for rows.Next() {
		var r kinerja.RHK
		var i kinerja.Indikator
		var jenis, arah, agregasi string
		if err := rows.Scan(&r.ID, &r.SKPID, &r.Kode, &jenis, &r.Teks,
			&i.ID, &i.Teks, &i.TargetMin, &i.TargetMax, &i.Satuan, &arah, &agregasi); err != nil {
			return nil, pgErr("active rhk", err)
		}
		r.Jenis = kinerja.JenisRHK(jenis)
		if len(out) == 0 || out[len(out)-1].ID != r.ID {
			out = append(out, r)
		}
		if i.ID != 0 {
			i.RHKID = r.ID
			i.Arah, i.Agregasi = kinerja.Arah(arah), kinerja.Agregasi(agregasi)
			last := &out[len(out)-1]
			last.Indikator = append(last.Indikator, i)
		}
	}
	return out, pgErr("active rhk", rows.Err())
}

// DayOff says why a date is not a working day for a person beyond the
// weekday rules: a national holiday or cuti bersama (its name), or the
// person's leave (its kind: cuti, sakit; imported, or a declared day its
// assessor confirmed). Dinas luar is work, not leave
// (DOMAIN.md decision 3). Both empty: a working day.
func (db *DB) DayOff(ctx context.Context, pegawaiID int64, d kinerja.Date) (holiday, leave string, err error) {
	err = db.Pool.QueryRow(ctx, `
SELECT coalesce((SELECT keterangan FROM hari_libur WHERE tanggal = $2), ''),
       coalesce((SELECT jenis FROM cuti_berlaku WHERE pegawai_id = $1 AND mulai <= $2 AND selesai >= $2 AND jenis <> 'dinas_luar'
                 ORDER BY mulai LIMIT 1), '')`, pegawaiID, pgDate(d)).Scan(&holiday, &leave)
	return holiday, leave, pgErr("day off", err)
}

// DayMinutes sums the minutes a person reported for one day in reports that
// still count (submitted, approved or returned; not rejected or withdrawn),
// leaving out report excludeID (the one being edited).
func (db *DB) DayMinutes(ctx context.Context, pegawaiID int64, d kinerja.Date, excludeID int64) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `
SELECT coalesce(sum(menit), 0) FROM aktivitas
WHERE pegawai_id = $1 AND tanggal = $2 AND id <> $3 AND status IN ('diajukan', 'disetujui', 'dikembalikan')`,
		pegawaiID, pgDate(d), excludeID).Scan(&n)
	return n, pgErr("day minutes", err)
}

// AktivitasBetween returns a person's reports dated from..to (inclusive),
// newest date first, then in the order they were filed.
func (db *DB) AktivitasBetween(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Aktivitas, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+pgAktivitasColumns+` FROM aktivitas a
WHERE a.pegawai_id = $1 AND a.tanggal BETWEEN $2 AND $3
ORDER BY a.tanggal DESC, a.id`, pegawaiID, pgDate(from), pgDate(to))
	if err != nil {
		return nil, pgErr("aktivitas between", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Aktivitas, error) { return pgScanAktivitas(r) })
	return out, pgErr("aktivitas between", err)
}

// RecentUraian is a person's latest reports for one kind of work — an RHK
// (and indikator), or a category without one — dated since, one per
// distinct uraian, newest first, at most limit: the uraian a report can
// reuse. Withdrawn and rejected reports are left out.
func (db *DB) RecentUraian(ctx context.Context, pegawaiID int64, kat kinerja.Kategori, rhkID, indikatorID int64, since kinerja.Date, limit int) ([]kinerja.Aktivitas, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+pgAktivitasColumns+` FROM (
  SELECT DISTINCT ON (deskripsi) * FROM aktivitas
  WHERE pegawai_id = $1 AND kategori = $2 AND coalesce(rhk_id, 0) = $3 AND coalesce(indikator_id, 0) = $4
    AND tanggal >= $5 AND status NOT IN ('ditarik', 'ditolak')
  ORDER BY deskripsi, created_at DESC) a
ORDER BY a.created_at DESC LIMIT $6`, pegawaiID, string(kat), rhkID, indikatorID, pgDate(since), limit)
	if err != nil {
		return nil, pgErr("recent uraian", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Aktivitas, error) { return pgScanAktivitas(r) })
	return out, pgErr("recent uraian", err)
}

// EvidenceOf is the reports of one person dated in a month (nip, month set)
// or one report (id set), with their evidence, by date. An unknown NIP or
// report is CodeNotFound.
func (db *DB) EvidenceOf(ctx context.Context, nip string, month kinerja.Date, id int64) ([]kinerja.Aktivitas, error) {
	var rows pgx.Rows
	var err error
	if id != 0 {
		rows, err = db.Pool.Query(ctx, `SELECT `+pgAktivitasColumns+` FROM aktivitas a WHERE a.id = $1`, id)
	} else {
		var pid int64
		if err := db.Pool.QueryRow(ctx, `SELECT id FROM pegawai WHERE nip = $1`, nip).Scan(&pid); pgNoRows(err) {
			return nil, kinerja.Errorf(kinerja.CodeNotFound, "bukti.nip_unknown", map[string]any{"NIP": nip})
		} else if err != nil {
			return nil, pgErr("evidence of", err)
		}
		rows, err = db.Pool.Query(ctx, `SELECT `+pgAktivitasColumns+` FROM aktivitas a
WHERE a.pegawai_id = $1 AND a.tanggal BETWEEN $2 AND $3 ORDER BY a.tanggal, a.id`, pid, pgDate(month.MonthStart()), pgDate(month.MonthEnd()))
	}
	if err != nil {
		return nil, pgErr("evidence of", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Aktivitas, error) { return pgScanAktivitas(r) })
	if err == nil && id != 0 && len(out) == 0 {
		return nil, kinerja.Errorf(kinerja.CodeNotFound, "bukti.report_unknown", map[string]any{"ID": id})
	}
	return out, pgErr("evidence of", err)
}
