package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// HolidaysBetween returns the national holidays and cuti bersama from..to.
func (db *DB) HolidaysBetween(ctx context.Context, from, to kinerja.Date) (map[kinerja.Date]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT tanggal, keterangan FROM hari_libur WHERE tanggal BETWEEN $1 AND $2`, pgDate(from), pgDate(to))
	if err != nil {
		return nil, pgErr("holidays", err)
	}
	defer rows.Close()
	out := map[kinerja.Date]string{}
	for rows.Next() {
		var d pgtype.Date
		var name string
		if err := rows.Scan(&d, &name); err != nil {
			return nil, pgErr("holidays", err)
		}
		out[pgDateOf(d)] = name
	}
	return out, pgErr("holidays", rows.Err())
}

// LeaveOf returns a person's leave spans that touch from..to: imported, and
// the declared days their assessor confirmed (dinas luar included: the
// calendar knows it is work). A day both cover counts once (the calendar
// counts days, not spans).
func (db *DB) LeaveOf(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.LeaveSpan, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT mulai, selesai, jenis FROM cuti_berlaku WHERE pegawai_id = $1 AND mulai <= $3 AND selesai >= $2 ORDER BY mulai`,
		pegawaiID, pgDate(from), pgDate(to))
	if err != nil {
		return nil, pgErr("leave", err)
	}
	out, err := pgx.CollectRows(rows, pgScanLeave)
	return out, pgErr("leave", err)
}

// pgScanLeave scans a leave span from (mulai, selesai, jenis), after any
// columns given in before.
func pgScanLeave(r pgx.CollectableRow) (kinerja.LeaveSpan, error) { return pgScanLeaveAfter(r) }

func pgScanLeaveAfter(r pgx.CollectableRow, before ...any) (kinerja.LeaveSpan, error) {
	var m, s pgtype.Date
	var l kinerja.LeaveSpan
	err := r.Scan(append(before, &m, &s, &l.Jenis)...)
	l.Mulai, l.Selesai = pgDateOf(m), pgDateOf(s)
	return l, err
}

// Subordinates lists the active people whose reports viewerID may decide
// today: their own team, and the team of an atasan who delegated to them.
func (db *DB) Subordinates(ctx context.Context, viewerID int64, today kinerja.Date) ([]kinerja.Pegawai, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT p.id, p.nip, p.nama FROM pegawai p
WHERE p.aktif AND p.id <> $1 AND (p.atasan_id = $1 OR p.atasan_id IN (
      SELECT dari_id FROM delegasi WHERE ke_id = $1 AND revoked_at IS NULL AND mulai <= $2 AND selesai >= $2))
ORDER BY p.nama, p.id`, viewerID, pgDate(today))
	if err != nil {
		return nil, pgErr("subordinates", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Pegawai, error) {
		var p kinerja.Pegawai
		err := r.Scan(&p.ID, &p.NIP, &p.Nama)
		return p, err
	})
	return out, pgErr("subordinates", err)
}
