package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// Approval cards (table kartu) and what cards and decision notices show.
// Package notify sends them through an interface it declares itself; the
// records are domain types (jobs.Card, ReportView, CardSet), so *DB
// satisfies it without either package importing the other.

// Card, ReportView and CardSet are the records a card job works from (see
// kinerja/kartu.go).
type (
	Card       = jobs.Card
	ReportView = jobs.ReportView
	CardSet    = jobs.CardSet
)

// pgKartuLockSpace is the first key of the card locks (pg_advisory_lock with
// two int4 keys: a space of its own, apart from the one-key locks of the
// migrations and imports); the second is the report id, wrapped to 32 bits
// (two reports 2^32 apart would merely take turns).
const pgKartuLockSpace int32 = 0x6b617274 // "kart"

// SyncCards runs fn holding the card lock of one report, so card jobs of the
// same report take turns and never both send a first card to one person.
// fn gets the report's CardSet, read under the lock (today, the business
// date in the deployment's zone, decides which delegations count), and save,
// which records a copy (inserted, or updated by report and recipient) at
// once in its own statement: a copy sent is recorded even when a later one
// fails. The lock and every query of fn's save use one pooled connection, so
// a job holds one connection and never waits for a second. An unknown
// report is CodeNotFound and fn is not called.
func (db *DB) SyncCards(ctx context.Context, aktivitasID int64, today kinerja.Date,
	fn func(ctx context.Context, set CardSet, save func(context.Context, Card) error) error) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return pgErr("sync cards", err)
	}
	// The lock and the reads in one round trip: the statements run in
	// turn, so the reads see what was committed before the lock was held.
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_lock($1, $2)`, pgKartuLockSpace, int32(aktivitasID))
	set := pgQueueCardSet(b, aktivitasID, today)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		pgDropSession(ctx, conn) // the lock, if it was had, goes with it
		conn.Release()
		return pgErr("sync cards", err)
	}
	defer pgUnlockCards(ctx, conn, aktivitasID)
	save := func(ctx context.Context, c Card) error {
		return pgErr("save card", pgSaveCard(ctx, conn, c, db.pgNow()))
	}
	return fn(ctx, *set, save)
}

// pgDropSession closes a pooled connection whose session may hold an
// advisory lock it cannot be sure of (a batch that failed after taking
// it): the server drops the session's locks with it, and the pool replaces
// the connection. The caller still releases it.
func pgDropSession(ctx context.Context, conn *pgxpool.Conn) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = conn.Conn().Close(cctx)
}

// pgUnlockCards releases a card lock and its connection. A connection whose
// unlock failed still holds the lock: it is closed, not pooled, and the
// server drops the lock with the session.
func pgUnlockCards(ctx context.Context, conn *pgxpool.Conn, aktivitasID int64) {
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1, $2)`, pgKartuLockSpace, int32(aktivitasID)); err != nil {
		_ = conn.Conn().Close(uctx)
	}
	conn.Release()
}

// CardsOf returns the copies of a report's card, in the order they were
// first sent.
func (db *DB) CardsOf(ctx context.Context, aktivitasID int64) ([]Card, error) {
	cards, err := pgCards(ctx, db.Pool, aktivitasID)
	return cards, pgErr("cards of", err)
}

// NoticeData returns a report as a decision notice shows it, or a
// CodeNotFound error.
func (db *DB) NoticeData(ctx context.Context, aktivitasID int64) (ReportView, error) {
	v, err := pgReportView(ctx, db.Pool, aktivitasID)
	return v, pgErr("notice data", err)
}

// pgRows is a connection or the pool, for reads of several rows.
type pgRows interface {
	pgQuerier
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// pgQueueCardSet queues the reads of a report's CardSet on b; the set is
// filled when the batch runs (an unknown report: CodeNotFound).
func pgQueueCardSet(b *pgx.Batch, aktivitasID int64, today kinerja.Date) *CardSet {
	set := &CardSet{}
	pgQueueReportView(b, aktivitasID, &set.Report)
	b.Queue(pgReportAssessorsSQL, aktivitasID, pgDate(today)).Query(func(rows pgx.Rows) error {
		var err error
		set.Assessors, err = pgCollectAssessors(rows)
		return err
	})
	b.Queue(pgCardsSQL, aktivitasID).Query(func(rows pgx.Rows) error {
		var err error
		set.Cards, err = pgCollectCards(rows)
		return err
	})
	return set
}

// pgExtraRow scans a row whose first columns are pgAktivitasColumns into the
// report, and the columns after them into extra.
type pgExtraRow struct {
	pgx.Row
	extra []any
}

func (r pgExtraRow) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

func pgReportView(ctx context.Context, q pgQuerier, aktivitasID int64) (ReportView, error) {
	return pgScanReportView(q.QueryRow(ctx, pgReportViewSQL, aktivitasID))
}

// pgQueueReportView is pgReportView queued on b: *v is set when the batch
// runs.
func pgQueueReportView(b *pgx.Batch, aktivitasID int64, v *ReportView) {
	b.Queue(pgReportViewSQL, aktivitasID).QueryRow(func(row pgx.Row) error {
		var err error
		*v, err = pgScanReportView(row)
		return err
	})
}

const pgReportViewSQL = `
SELECT ` + pgAktivitasColumns + `,
       w.nip, w.nama, coalesce(w.telegram_id, 0), coalesce(w.chat_id, 0), coalesce(w.bahasa, ''), w.unreachable,
       coalesce(r.kode, ''), coalesce(r.teks, ''),
       (SELECT coalesce(sum(x.menit), 0) FROM aktivitas x
        WHERE x.pegawai_id = a.pegawai_id AND x.tanggal = a.tanggal
          AND x.status IN ('diajukan', 'disetujui', 'dikembalikan')),
       coalesce(d.nama, ''), coalesce(o.nama, ''), a.otomatis
FROM aktivitas a
JOIN pegawai w ON w.id = a.pegawai_id
LEFT JOIN rhk r ON r.id = a.rhk_id
LEFT JOIN pegawai d ON d.id = a.decided_by
LEFT JOIN pegawai o ON o.id = a.on_behalf_of
WHERE a.id = $1`

func pgScanReportView(row pgx.Row) (ReportView, error) {
	var v ReportView
	w := &v.Author
	a, err := pgScanAktivitas(pgExtraRow{Row: row, extra: []any{
		&w.NIP, &w.Nama, &w.TelegramID, &w.ChatID, &w.Bahasa, &w.Unreachable,
		&v.RHKKode, &v.RHKTeks, &v.DayMinutes, &v.DecidedBy, &v.OnBehalfOf, &v.Otomatis,
	}})
	if pgNoRows(err) {
		return v, kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	}
	if err != nil {
		return v, fmt.Errorf("report view: %w", err)
	}
	v.Aktivitas = a
	w.ID, w.Aktif = a.PegawaiID, true
	return v, nil
}

// pgAssessors lists who may decide on authorID's reports today, as
// pgAssessorOf decides it: the active atasan, and active holders of a
// delegation from that atasan covering today; each with DaftarJam, their
// own choice of a card per report or a daily list.
func pgAssessors(ctx context.Context, q pgRows, authorID int64, today kinerja.Date) ([]kinerja.Pegawai, error) {
	rows, err := q.Query(ctx, `WITH author AS (SELECT atasan_id FROM pegawai WHERE id = $1)`+pgAssessorsSQL, authorID, pgDate(today))
	if err != nil {
		return nil, fmt.Errorf("assessors: %w", err)
	}
	return pgCollectAssessors(rows)
}

// pgReportAssessorsSQL lists who may decide on report $1 on day $2.
const pgReportAssessorsSQL = `WITH author AS (SELECT p.atasan_id FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id WHERE a.id = $1)` +
	pgAssessorsSQL

// pgAssessorsSQL follows a WITH clause naming the author's atasan_id
// ("author"); $2 is today. The assessors' ids are gathered first and their
// rows read by key: written as "p.id = atasan OR p.id IN (delegations)",
// PostgreSQL read every person and ran the delegations' subquery for each
// (107 ms and 35,676 buffers a card with 17,500 people; by key 0.4 ms and
// 11 — TestAssessorsReadByKey).
const pgAssessorsSQL = `,
assessor AS (SELECT atasan_id AS id FROM author
             UNION
             SELECT d.ke_id FROM delegasi d, author
             WHERE d.dari_id = author.atasan_id AND d.revoked_at IS NULL AND d.mulai <= $2 AND d.selesai >= $2)
SELECT p.id, p.nip, p.nama, coalesce(p.telegram_id, 0), coalesce(p.chat_id, 0), coalesce(p.bahasa, ''), p.unreachable,
       coalesce(p.daftar_jam, 0)
FROM author, assessor JOIN pegawai p ON p.id = assessor.id
WHERE p.aktif
ORDER BY p.id = author.atasan_id DESC, p.id`

func pgCollectAssessors(rows pgx.Rows) ([]kinerja.Pegawai, error) {
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (kinerja.Pegawai, error) {
		p := kinerja.Pegawai{Aktif: true, IsAssessor: true}
		var daftar int16
		err := row.Scan(&p.ID, &p.NIP, &p.Nama, &p.TelegramID, &p.ChatID, &p.Bahasa, &p.Unreachable, &daftar)
		p.DaftarJam = time.Duration(daftar) * time.Minute
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("assessors: %w", err)
	}
	return out, nil
}

func pgCards(ctx context.Context, q pgRows, aktivitasID int64) ([]Card, error) {
	rows, err := q.Query(ctx, pgCardsSQL, aktivitasID)
	if err != nil {
		return nil, fmt.Errorf("cards: %w", err)
	}
	return pgCollectCards(rows)
}

const pgCardsSQL = `
SELECT k.aktivitas_id, k.penerima_id, k.chat_id, k.message_id, k.version, k.status, coalesce(p.bahasa, '')
FROM kartu k JOIN pegawai p ON p.id = k.penerima_id
WHERE k.aktivitas_id = $1 ORDER BY k.id`

func pgCollectCards(rows pgx.Rows) ([]Card, error) {
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Card, error) {
		var c Card
		var status string
		err := row.Scan(&c.AktivitasID, &c.PenerimaID, &c.ChatID, &c.MessageID, &c.Version, &status, &c.Bahasa)
		c.Status = kinerja.Status(status)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("cards: %w", err)
	}
	return out, nil
}

// pgSaveCard records what a copy shows now: a new copy, or a copy edited
// (or replaced by a new message) for the same report and recipient.
func pgSaveCard(ctx context.Context, q *pgxpool.Conn, c Card, now time.Time) error {
	_, err := q.Exec(ctx, `
INSERT INTO kartu (aktivitas_id, penerima_id, chat_id, message_id, version, status, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
ON CONFLICT (aktivitas_id, penerima_id) DO UPDATE
SET chat_id = EXCLUDED.chat_id, message_id = EXCLUDED.message_id, version = EXCLUDED.version,
    status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
		c.AktivitasID, c.PenerimaID, c.ChatID, c.MessageID, c.Version, string(c.Status), now)
	return err
}

// NoticeSent reports whether the job with this id already sent its notice
// (see MarkNoticeSent).
func (db *DB) NoticeSent(ctx context.Context, jobID int64) (bool, error) {
	var sent bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM kabar_terkirim WHERE job_id = $1)`, jobID).Scan(&sent)
	return sent, pgErr("notice sent", err)
}

// MarkNoticeSent records that the job with this id sent its notice, so a
// second run of the job (after its process died) does not send it again.
// Rows older than two days, which no run can need, go in the same trip now
// and then.
func (db *DB) MarkNoticeSent(ctx context.Context, jobID, chatID int64, messageID int) error {
	_, err := db.Pool.Exec(ctx, `
WITH gone AS (
  DELETE FROM kabar_terkirim WHERE $4 AND dikirim_pada < now() - interval '2 days'
)
INSERT INTO kabar_terkirim (job_id, chat_id, message_id) VALUES ($1, $2, $3)
ON CONFLICT (job_id) DO NOTHING`, jobID, chatID, messageID, jobID%100 == 0)
	return pgErr("mark notice sent", err)
}
