package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// The day's decisions on a person's reports, told in one message that is
// edited as more decisions come (kabar_harian, migration 00014). A return,
// which asks the author to act, is told at once in a message of its own.

// pgKabarLockSpace keys the advisory lock of one person's daily message.
const pgKabarLockSpace int32 = 0x6b616261 // "kaba"

// DayDigest is what the day's message of one person is made from.
type DayDigest = jobs.DayDigest

// DailyDecisions runs fn holding the lock of authorID's daily message for
// day (the business date in loc), with the day's approvals and rejections
// of their reports and the message sent for that day so far; save records
// the message fn sent. Jobs of one person take turns, so the day never
// gets two messages.
func (db *DB) DailyDecisions(ctx context.Context, authorID int64, day kinerja.Date, loc *time.Location,
	fn func(ctx context.Context, d DayDigest, save func(ctx context.Context, chatID int64, messageID int) error) error) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return pgErr("daily decisions", err)
	}
	defer conn.Release()
	// Not waited for: a job blocked here would hold one of the queue's few
	// workers and a connection; it is told busy and comes back. The try and
	// the reads go in one round trip (run in turn: the reads follow the
	// lock); when the lock was not had, what they read is not used.
	from := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc)
	var locked bool
	var dg DayDigest
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_try_advisory_lock($1, $2)`, pgKabarLockSpace, int32(authorID)).QueryRow(func(row pgx.Row) error {
		return row.Scan(&locked)
	})
	b.Queue(`
SELECT `+pgAktivitasColumns+`, coalesce(r.kode, ''), coalesce(r.teks, ''), coalesce(d.nama, ''), coalesce(o.nama, ''), a.otomatis
FROM aktivitas a
LEFT JOIN rhk r ON r.id = a.rhk_id
LEFT JOIN pegawai d ON d.id = a.decided_by
LEFT JOIN pegawai o ON o.id = a.on_behalf_of
WHERE a.pegawai_id = $1 AND a.decided_at >= $2 AND a.decided_at < $3 AND a.status IN ('disetujui', 'ditolak')
ORDER BY a.decided_at, a.id`, authorID, from, from.AddDate(0, 0, 1)).Query(func(rows pgx.Rows) error {
		var err error
		dg.Decided, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReportView, error) {
			var v ReportView
			a, err := pgScanAktivitasWith(r, &v.RHKKode, &v.RHKTeks, &v.DecidedBy, &v.OnBehalfOf, &v.Otomatis)
			v.Aktivitas = a
			return v, err
		})
		return err
	})
	b.Queue(`SELECT chat_id, message_id FROM kabar_harian WHERE pegawai_id = $1 AND tanggal = $2`,
		authorID, pgDate(day)).QueryRow(func(row pgx.Row) error {
		if err := row.Scan(&dg.ChatID, &dg.MessageID); err != nil && !pgNoRows(err) {
			return err
		}
		return nil
	})
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		pgDropSession(ctx, conn) // the lock, if it was had, goes with it
		return pgErr("daily decisions", err)
	}
	if !locked {
		return jobs.ErrBusy
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1, $2)`, pgKabarLockSpace, int32(authorID)); err != nil {
			conn.Conn().Close(uctx) // the server drops the lock with the session
		}
	}()
	save := func(ctx context.Context, chatID int64, messageID int) error {
		// Rows of past days serve nobody: now and then, those older than a
		// week go in the same trip.
		_, err := conn.Exec(ctx, `
WITH gone AS (
  DELETE FROM kabar_harian WHERE $5 AND tanggal < $2::date - 7
)
INSERT INTO kabar_harian (pegawai_id, tanggal, chat_id, message_id) VALUES ($1, $2, $3, $4)
ON CONFLICT (pegawai_id, tanggal) DO UPDATE SET chat_id = EXCLUDED.chat_id, message_id = EXCLUDED.message_id, updated_at = now()`,
			authorID, pgDate(day), chatID, messageID, messageID%50 == 0)
		return pgErr("save daily message", err)
	}
	return fn(ctx, dg, save)
}
