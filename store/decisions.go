package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// CanDecide says whether actorID may decide on report aktivitasID today (as
// its author's atasan or their delegate). Decisions check this again in
// their own transaction; this read is for showing evidence and for not
// asking a reason in vain.
func (db *DB) CanDecide(ctx context.Context, actorID, aktivitasID int64, today kinerja.Date) (bool, error) {
	var author int64
	err := db.Pool.QueryRow(ctx, `SELECT pegawai_id FROM aktivitas WHERE id = $1`, aktivitasID).Scan(&author)
	if pgNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, pgErr("can decide", err)
	}
	_, ok, err := pgAssessorOf(ctx, db.Pool, author, actorID, today)
	return ok, pgErr("can decide", err)
}

// PendingReport is a report waiting for a decision, with its author.
type PendingReport = jobs.PendingReport

// PendingFor lists the undecided reports that assessorID may decide today:
// of the people whose atasan they are, and of the people whose atasan
// delegated to them for today. Oldest day first, by author, then as filed.
func (db *DB) PendingFor(ctx context.Context, assessorID int64, today kinerja.Date, limit int) ([]PendingReport, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	rows, err := db.Pool.Query(ctx, `
SELECT `+pgAktivitasColumns+`, p.nama, p.nip, coalesce(r.kode, ''), coalesce(r.teks, '')
FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id
LEFT JOIN rhk r ON r.id = a.rhk_id
WHERE a.status = 'diajukan' AND a.pegawai_id <> $1
  AND (p.atasan_id = $1 OR p.atasan_id IN (
        SELECT dari_id FROM delegasi
        WHERE ke_id = $1 AND revoked_at IS NULL AND mulai <= $2 AND selesai >= $2))
ORDER BY a.tanggal, p.nama, p.id, a.id
LIMIT $3`, assessorID, pgDate(today), limit)
	if err != nil {
		return nil, pgErr("pending for", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (PendingReport, error) {
		var p PendingReport
		a, err := pgScanAktivitasWith(r, &p.AuthorNama, &p.AuthorNIP, &p.RHKKode, &p.RHKTeks)
		p.Aktivitas = a
		return p, err
	})
	return out, pgErr("pending for", err)
}
