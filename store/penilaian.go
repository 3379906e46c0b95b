package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// Period ratings and period locks (DOMAIN.md, decision 2; issue 5, items 5
// and 6). When a period (a calendar month in KINERJABOT_TZ) has ended, the
// assessor — the person's atasan, or a Plt/Plh of that atasan on the day of
// rating, never the person themself — gives Rating Hasil Kerja and Rating
// Perilaku Kerja; the predikat follows from kinerja.PredikatOf. The rating
// locks the person's period: SubmitAktivitas and ApplyAktivitas refuse every
// change of a report dated in it ("penilaian.locked") until an admin unlocks
// it (UnlockPeriod), after which it may be rated again.
//
// Races: RatePeriod and UnlockPeriod take the rated person's pegawai row FOR
// NO KEY UPDATE; the lock check of the report changes (pgRefuseLocked, and
// the batches of SubmitAktivitas and ApplyAktivitas) takes it FOR SHARE
// before it reads penilaian. So a report change and a rating of
// the same person take turns: either the rating sees the report (and refuses
// while it is undecided), or the change sees the rating (and is refused).
// Neither lock blocks the foreign-key checks (FOR KEY SHARE) of other writes.

// MaxUmpanBalik is the longest umpan balik (feedback) a rating may carry, in
// characters.
const MaxUmpanBalik = 1000

// The period kinds RatePeriod writes: a calendar month, or a quarter when
// the deployment rates per quarter (SetQuarterlyRatings).
const (
	jenisBulan    = "bulan"
	jenisTriwulan = "triwulan"
)

// SetQuarterlyRatings makes ratings cover quarters (triwulan) instead of
// months: RatePeriod, TeamToRate and UndecidedInPeriod then work on the
// quarter holding the date they are given. Set once, before use.
func (db *DB) SetQuarterlyRatings(quarterly bool) { db.quarterly = quarterly }

func (db *DB) ratingKind() string {
	if db.quarterly {
		return jenisTriwulan
	}
	return jenisBulan
}

// RatingRequest is one assessor's rating of one person's period.
type RatingRequest struct {
	PegawaiID  int64
	Periode    kinerja.Date // any day of the month rated
	Hasil      kinerja.Rating
	Perilaku   kinerja.Rating
	UmpanBalik string       // optional; trimmed; at most MaxUmpanBalik characters
	ActorID    int64        // the assessor rating
	Today      kinerja.Date // the business date now: the period must have ended, a delegation must cover it
}

// Penilaian is one stored rating.
type Penilaian struct {
	ID, PegawaiID           int64
	PegawaiNIP, PegawaiNama string
	Periode                 kinerja.Date // the first day of the period
	Hasil, Perilaku         kinerja.Rating
	Predikat                kinerja.Predikat
	UmpanBalik              string // "" when none
	RatedBy, OnBehalfOf     int64  // OnBehalfOf: the atasan a Plt/Plh rated for, 0 when none
	RatedByNama             string
	OnBehalfOfNama          string // "" when none
	RatedAt                 time.Time
	Locked                  bool      // the current rating: it locks the period
	UnlockedAt              time.Time // zero while locked
}

// TeamMember is one person an assessor may rate, with the state of their
// period.
type TeamMember struct {
	PegawaiID          int64
	NIP, Nama, Jabatan string
	OnBehalfOf         int64            // the atasan the assessor rates for (a delegation), 0 for their own staff
	PenilaianID        int64            // the current rating of the period, 0 when not rated
	Predikat           kinerja.Predikat // "" when not rated
	Undecided          int              // reports still diajukan dated in the period
}

// Rated reports whether the member's period is rated (and so locked).
func (m TeamMember) Rated() bool { return m.PenilaianID != 0 }

// pgCovers is the condition "the period of rating n contains the date
// param" (a placeholder such as "$2").
func pgCovers(param string) string {
	return `n.periode <= ` + param + `::date AND ` + param + `::date < n.periode +
  CASE n.jenis_periode WHEN 'triwulan' THEN interval '3 months' ELSE interval '1 month' END`
}

const pgPenilaianSelect = `
SELECT n.id, n.pegawai_id, p.nip, p.nama, n.periode, n.rating_hasil, n.rating_perilaku, n.predikat,
       coalesce(n.umpan_balik, ''), n.rated_by, coalesce(n.on_behalf_of, 0), r.nama, coalesce(o.nama, ''),
       n.rated_at, n.unlocked_at
FROM penilaian n
JOIN pegawai p ON p.id = n.pegawai_id
JOIN pegawai r ON r.id = n.rated_by
LEFT JOIN pegawai o ON o.id = n.on_behalf_of`

func pgScanPenilaian(row pgx.Row) (Penilaian, error) {
	var n Penilaian
	var periode pgtype.Date
	var hasil, perilaku, predikat string
	var ratedAt, unlockedAt pgtype.Timestamptz
	err := row.Scan(&n.ID, &n.PegawaiID, &n.PegawaiNIP, &n.PegawaiNama, &periode, &hasil, &perilaku, &predikat,
		&n.UmpanBalik, &n.RatedBy, &n.OnBehalfOf, &n.RatedByNama, &n.OnBehalfOfNama, &ratedAt, &unlockedAt)
	n.Periode = pgDateOf(periode)
	n.Hasil, n.Perilaku, n.Predikat = kinerja.Rating(hasil), kinerja.Rating(perilaku), kinerja.Predikat(predikat)
	n.RatedAt, n.UnlockedAt = pgTime(ratedAt), pgTime(unlockedAt)
	n.Locked = !unlockedAt.Valid
	return n, err
}

// LockedPeriodOf says whether d lies in a rated (locked) period of the
// person, and that period's first day.
func (db *DB) LockedPeriodOf(ctx context.Context, pegawaiID int64, d kinerja.Date) (kinerja.Date, bool, error) {
	cur, err := pgCurrentPenilaian(ctx, db.Pool, pegawaiID, d)
	if err != nil || cur == nil {
		return kinerja.Date{}, false, pgErr("locked period", err)
	}
	return cur.Periode, true, nil
}

// pgCurrentPenilaian returns the rating that locks the period containing d
// for pegawaiID, nil when none.
var pgCurrentPenilaianSQL = pgPenilaianSelect + `
WHERE n.pegawai_id = $1 AND n.unlocked_at IS NULL AND ` + pgCovers("$2") + `
ORDER BY n.periode DESC, n.id DESC LIMIT 1`

func pgCurrentPenilaian(ctx context.Context, q pgQuerier, pegawaiID int64, d kinerja.Date) (*Penilaian, error) {
	n, err := pgScanPenilaian(q.QueryRow(ctx, pgCurrentPenilaianSQL, pegawaiID, pgDate(d)))
	if pgNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// pgQueueCurrentPenilaian is pgCurrentPenilaian queued on b: *cur is set
// when the batch runs and a rating covers d.
func pgQueueCurrentPenilaian(b *pgx.Batch, pegawaiID int64, d kinerja.Date, cur **Penilaian) {
	pgQueuePenilaian(b, cur, pgCurrentPenilaianSQL, pegawaiID, pgDate(d))
}

// pgQueuePenilaian queues a query of at most one rating (pgPenilaianSelect)
// on b: *cur is set when the batch runs and the query finds one.
func pgQueuePenilaian(b *pgx.Batch, cur **Penilaian, sql string, args ...any) {
	b.Queue(sql, args...).QueryRow(func(row pgx.Row) error {
		n, err := pgScanPenilaian(row)
		if pgNoRows(err) {
			return nil
		}
		if err == nil {
			*cur = &n
		}
		return err
	})
}

// periodeArgs are the arguments of a message about the period starting at
// p: Periode (a kinerja.Period: the bot names it, "Maret 2026"), and its
// Month and Year.
func periodeArgs(p kinerja.Date) map[string]any { return periodeArgsOf(p, false) }

// periodeArgsOf is periodeArgs for a month or, when quarterly, the quarter
// starting at p.
func periodeArgsOf(p kinerja.Date, quarterly bool) map[string]any {
	return map[string]any{"Periode": kinerja.Period{Start: p, Quarterly: quarterly}, "Month": int(p.Month), "Year": p.Year}
}

// pgRefuseLocked refuses (CodeConflict "penilaian.locked", Args Periode,
// Month, Year and Tanggal) when one of dates lies in a locked period of
// pegawaiID. It takes the person's row FOR SHARE first, so a rating in
// progress is waited for and then seen (see the top of this file).
func pgRefuseLocked(ctx context.Context, tx pgx.Tx, pegawaiID int64, dates ...kinerja.Date) error {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM pegawai WHERE id = $1 FOR SHARE`, pegawaiID); err != nil {
		return err
	}
	for i, d := range dates {
		if slices.Contains(dates[:i], d) {
			continue
		}
		cur, err := pgCurrentPenilaian(ctx, tx, pegawaiID, d)
		if err != nil {
			return err
		}
		if cur == nil {
			continue
		}
		return pgLockedError(*cur, d)
	}
	return nil
}

// pgLockedError is the refusal of a change dated d in the period rating
// cur locked.
func pgLockedError(cur Penilaian, d kinerja.Date) error {
	args := periodeArgs(cur.Periode)
	args["Tanggal"] = d.Format()
	return kinerja.Errorf(kinerja.CodeConflict, "penilaian.locked", args)
}

// RatePeriod stores an assessor's rating of one person's month and so locks
// it, in one transaction with its audit entry ("penilaian", entity pegawai =
// the person rated) and the job that tells the person
// (jobs.RatingNoticeJob).
//
// Refusals, in this order:
//   - CodeInvalid: "penilaian.periode_invalid" (no Periode),
//     "penilaian.rating_invalid" (Args Value: not di_bawah/sesuai/di_atas),
//     "penilaian.umpan_balik_too_long" (Args Max, Length),
//     "penilaian.period_not_ended" (Args Periode, Month, Year, From: the
//     first day a rating is allowed — a month is rated from the day after
//     its last day on);
//   - CodeNotFound "pegawai.not_found": no such person;
//   - CodeForbidden "penilaian.forbidden": ActorID is neither the person's
//     atasan nor holds a delegation of that atasan covering Today, or is the
//     person themself (audited as "ditolak_penilaian");
//   - CodeConflict "penilaian.already_rated" (Args By, At, Predikat and the
//     period's): the period is rated and locked (audited as
//     "ditolak_penilaian");
//   - CodeConflict "penilaian.undecided" (Args Count and the period's):
//     reports of the person dated in the period still wait for a decision.
func (db *DB) RatePeriod(ctx context.Context, r RatingRequest) (Penilaian, error) {
	if r.Today.IsZero() {
		return Penilaian{}, errors.New("store: rate period: Today is required")
	}
	if r.Periode.IsZero() {
		return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "penilaian.periode_invalid", nil)
	}
	for _, x := range []kinerja.Rating{r.Hasil, r.Perilaku} {
		if !x.Valid() {
			return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "penilaian.rating_invalid", map[string]any{"Value": string(x)})
		}
	}
	predikat, _ := kinerja.PredikatOf(r.Hasil, r.Perilaku)
	umpan := strings.TrimSpace(r.UmpanBalik)
	if n := utf8.RuneCountInString(umpan); n > MaxUmpanBalik {
		return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "penilaian.umpan_balik_too_long",
			map[string]any{"Max": MaxUmpanBalik, "Length": n})
	}
	start, end := kinerja.PeriodOf(r.Periode, db.quarterly)
	if !end.Before(r.Today) {
		args := periodeArgsOf(start, db.quarterly)
		args["From"] = end.AddDays(1).Format()
		return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "penilaian.period_not_ended", args)
	}
	now := db.pgNow()
	var out Penilaian
	err := db.pgInTx(ctx, "rate period", func(tx pgx.Tx) error {
		var exists bool
		err := tx.QueryRow(ctx, `SELECT true FROM pegawai WHERE id = $1 FOR NO KEY UPDATE`, r.PegawaiID).Scan(&exists)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
		}
		if err != nil {
			return err
		}
		onBehalf, ok, err := pgAssessorOf(ctx, tx, r.PegawaiID, r.ActorID, r.Today)
		if err != nil {
			return err
		}
		if !ok {
			return kinerja.Errorf(kinerja.CodeForbidden, "penilaian.forbidden", nil)
		}
		cur, err := pgCurrentPenilaian(ctx, tx, r.PegawaiID, start)
		if err != nil {
			return err
		}
		if cur != nil {
			args := periodeArgs(cur.Periode)
			args["By"], args["At"], args["Predikat"] = cur.RatedByNama, cur.RatedAt, string(cur.Predikat)
			return kinerja.Errorf(kinerja.CodeConflict, "penilaian.already_rated", args)
		}
		n, err := pgUndecided(ctx, tx, r.PegawaiID, start, end)
		if err != nil {
			return err
		}
		if n > 0 {
			args := periodeArgsOf(start, db.quarterly)
			args["Count"] = n
			return kinerja.Errorf(kinerja.CodeConflict, "penilaian.undecided", args)
		}
		var id int64
		err = tx.QueryRow(ctx, `
INSERT INTO penilaian (pegawai_id, periode, jenis_periode, rating_hasil, rating_perilaku, predikat, umpan_balik,
                       rated_by, on_behalf_of, rated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id`,
			r.PegawaiID, pgDate(start), db.ratingKind(), string(r.Hasil), string(r.Perilaku), string(predikat), pgText(umpan),
			r.ActorID, pgID(onBehalf), now).Scan(&id)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == pgUniqueViolation && pe.ConstraintName == "penilaian_locked_key" {
			// Cannot happen while the person's row is locked above; the
			// index is the last word.
			return kinerja.Errorf(kinerja.CodeConflict, "error.conflict", nil)
		}
		if err != nil {
			return err
		}
		out, err = pgScanPenilaian(tx.QueryRow(ctx, pgPenilaianSelect+` WHERE n.id = $1`, id))
		if err != nil {
			return err
		}
		detail := map[string]any{
			"penilaian_id": id, "periode": start.String(), "jenis_periode": db.ratingKind(),
			"hasil": string(r.Hasil), "perilaku": string(r.Perilaku), "predikat": string(predikat),
		}
		if umpan != "" {
			detail["umpan_balik"] = umpan
		}
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: r.ActorID, OnBehalfOf: onBehalf, Action: "penilaian",
			Entity: "pegawai", EntityID: r.PegawaiID, Detail: detail,
		}); err != nil {
			return err
		}
		return db.pgEnqueue(ctx, tx, jobs.RatingNoticeJob{PenilaianID: id})
	})
	var de *kinerja.Error
	if errors.As(err, &de) && (de.Code == kinerja.CodeForbidden || de.MessageID == "penilaian.already_rated") {
		db.pgRecordRatingRefusal(ctx, r.ActorID, r.PegawaiID, start, de.MessageID)
	}
	if err != nil {
		return Penilaian{}, err
	}
	return out, nil
}

// pgRecordRatingRefusal writes a refused rating to the audit log in its own
// transaction (the refused one rolled back), as RecordRefusal does for
// reports. A failure to write is not the caller's concern.
func (db *DB) pgRecordRatingRefusal(ctx context.Context, actorID, pegawaiID int64, periode kinerja.Date, why string) {
	ctx = context.WithoutCancel(ctx)
	_ = db.pgInTx(ctx, "audit rating refusal", func(tx pgx.Tx) error {
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: db.pgNow(), ActorID: actorID, Action: "ditolak_penilaian", Entity: "pegawai", EntityID: pegawaiID,
			Detail: map[string]any{"why": why, "periode": periode.String()},
		})
	})
}

// pgUndecided counts the reports of pegawaiID still diajukan dated from
// start to end, inclusive.
func pgUndecided(ctx context.Context, q pgQuerier, pegawaiID int64, start, end kinerja.Date) (int, error) {
	var n int
	err := q.QueryRow(ctx, `
SELECT count(*) FROM aktivitas
WHERE pegawai_id = $1 AND status = 'diajukan' AND tanggal BETWEEN $2 AND $3`,
		pegawaiID, pgDate(start), pgDate(end)).Scan(&n)
	return n, err
}

// PenilaianOf returns the current rating (the one that locks it) of the
// month of periode for pegawaiID, nil when the month is not rated or was
// unlocked since.
func (db *DB) PenilaianOf(ctx context.Context, pegawaiID int64, periode kinerja.Date) (*Penilaian, error) {
	n, err := pgCurrentPenilaian(ctx, db.Pool, pegawaiID, periode.MonthStart())
	return n, pgErr("penilaian of", err)
}

// PeriodLocked reports whether d lies in a locked period of pegawaiID.
func (db *DB) PeriodLocked(ctx context.Context, pegawaiID int64, d kinerja.Date) (bool, error) {
	var locked bool
	err := db.Pool.QueryRow(ctx, `
SELECT EXISTS (SELECT 1 FROM penilaian n WHERE n.pegawai_id = $1 AND n.unlocked_at IS NULL AND `+pgCovers("$2")+`)`,
		pegawaiID, pgDate(d)).Scan(&locked)
	return locked, pgErr("period locked", err)
}

// UndecidedInPeriod counts the reports of pegawaiID dated in the month of
// periode that still wait for a decision (diajukan): a rating is refused
// while there are any.
func (db *DB) UndecidedInPeriod(ctx context.Context, pegawaiID int64, periode kinerja.Date) (int, error) {
	start, end := kinerja.PeriodOf(periode, db.quarterly)
	n, err := pgUndecided(ctx, db.Pool, pegawaiID, start, end)
	return n, pgErr("undecided in period", err)
}

// TeamToRate lists the people assessorID may rate today (as RatePeriod
// authorises: their atasan, or a delegate of that atasan covering today;
// never themself), active ones only, by name, each with the state of the
// month of periode: its current rating and the number of undecided reports.
// An inactive assessor has nobody to rate.
func (db *DB) TeamToRate(ctx context.Context, assessorID int64, periode kinerja.Date, today kinerja.Date) ([]TeamMember, error) {
	start, end := kinerja.PeriodOf(periode, db.quarterly)
	rows, err := db.Pool.Query(ctx, `
SELECT p.id, p.nip, p.nama, coalesce(p.jabatan, ''),
       CASE WHEN p.atasan_id = $1 THEN 0 ELSE p.atasan_id END,
       coalesce(cur.id, 0), coalesce(cur.predikat, ''),
       (SELECT count(*) FROM aktivitas a
        WHERE a.pegawai_id = p.id AND a.status = 'diajukan' AND a.tanggal BETWEEN $3 AND $4)
FROM pegawai p
LEFT JOIN LATERAL (
    SELECT n.id, n.predikat FROM penilaian n
    WHERE n.pegawai_id = p.id AND n.unlocked_at IS NULL AND `+pgCovers("$3")+`
    ORDER BY n.periode DESC, n.id DESC LIMIT 1) cur ON true
WHERE p.aktif AND p.id <> $1
  AND EXISTS (SELECT 1 FROM pegawai me WHERE me.id = $1 AND me.aktif)
  AND (p.atasan_id = $1 OR p.atasan_id IN (
        SELECT dari_id FROM delegasi
        WHERE ke_id = $1 AND revoked_at IS NULL AND mulai <= $2 AND selesai >= $2))
ORDER BY p.nama, p.id`, assessorID, pgDate(today), pgDate(start), pgDate(end))
	if err != nil {
		return nil, pgErr("team to rate", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (TeamMember, error) {
		var m TeamMember
		var predikat string
		err := row.Scan(&m.PegawaiID, &m.NIP, &m.Nama, &m.Jabatan, &m.OnBehalfOf, &m.PenilaianID, &predikat, &m.Undecided)
		m.Predikat = kinerja.Predikat(predikat)
		return m, err
	})
	return out, pgErr("team to rate", err)
}

// UnlockPeriod opens again the rated month of periode for the person with
// nip: the current rating is kept as history (unlocked_at, unlocked_by set),
// reports dated in the month may change again, and the month may be rated
// again. Audited as "penilaian_dibuka" (entity pegawai = the person) in the
// same transaction. actorID 0 is the system (the CLI); anyone else must be
// an active admin (BKPP: DOMAIN.md decision 7). It returns the rating it
// unlocked.
//
// Refusals: "unlock.periode_invalid" (CodeInvalid: no periode),
// "unlock.nip_invalid" (CodeInvalid, Args NIP), "unlock.forbidden"
// (CodeForbidden), "unlock.nip_unknown" (CodeNotFound, Args NIP),
// "unlock.not_locked" (CodeConflict, Args Nama, NIP and the period's).
func (db *DB) UnlockPeriod(ctx context.Context, nip string, periode kinerja.Date, actorID int64) (Penilaian, error) {
	if periode.IsZero() {
		return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "unlock.periode_invalid", map[string]any{"Value": ""})
	}
	nip = normNIP(nip)
	if !kinerja.ValidNIP(nip) {
		return Penilaian{}, kinerja.Errorf(kinerja.CodeInvalid, "unlock.nip_invalid", map[string]any{"NIP": nip})
	}
	start := periode.MonthStart()
	now := db.pgNow()
	var out Penilaian
	err := db.pgInTx(ctx, "unlock period", func(tx pgx.Tx) error {
		if err := pgAuthoriseUnlock(ctx, tx, actorID); err != nil {
			return err
		}
		var id int64
		var nama string
		err := tx.QueryRow(ctx, `SELECT id, nama FROM pegawai WHERE nip = $1 FOR NO KEY UPDATE`, nip).Scan(&id, &nama)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "unlock.nip_unknown", map[string]any{"NIP": nip})
		}
		if err != nil {
			return err
		}
		cur, err := pgCurrentPenilaian(ctx, tx, id, start)
		if err != nil {
			return err
		}
		if cur == nil {
			args := periodeArgs(start)
			args["Nama"], args["NIP"] = nama, nip
			return kinerja.Errorf(kinerja.CodeConflict, "unlock.not_locked", args)
		}
		if _, err := tx.Exec(ctx, `UPDATE penilaian SET unlocked_at = $2, unlocked_by = $3 WHERE id = $1`,
			cur.ID, now, pgID(actorID)); err != nil {
			return err
		}
		out = *cur
		out.Locked, out.UnlockedAt = false, now
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: actorID, Action: "penilaian_dibuka", Entity: "pegawai", EntityID: id,
			Detail: map[string]any{
				"penilaian_id": cur.ID, "periode": cur.Periode.String(), "predikat": string(cur.Predikat),
				"rated_by": cur.RatedBy, "rated_at": cur.RatedAt,
			},
		})
	})
	if err != nil {
		return Penilaian{}, err
	}
	return out, nil
}

// pgAuthoriseUnlock lets the system (0) and active admins unlock periods.
func pgAuthoriseUnlock(ctx context.Context, tx pgx.Tx, actorID int64) error {
	if actorID == 0 {
		return nil
	}
	var admin bool
	err := tx.QueryRow(ctx, `SELECT aktif AND 'admin' = ANY (roles) FROM pegawai WHERE id = $1`, actorID).Scan(&admin)
	if err != nil && !pgNoRows(err) {
		return err
	}
	if !admin {
		return kinerja.Errorf(kinerja.CodeForbidden, "unlock.forbidden", nil)
	}
	return nil
}

// RatingNoticeData returns what the rated person is told about a rating.
func (db *DB) RatingNoticeData(ctx context.Context, penilaianID int64) (jobs.RatingView, error) {
	var v jobs.RatingView
	var periode pgtype.Date
	var hasil, perilaku, predikat string
	err := db.Pool.QueryRow(ctx, `
SELECT n.id, p.id, p.nama, coalesce(p.chat_id, 0), coalesce(p.bahasa, ''), p.unreachable, n.periode,
       n.rating_hasil, n.rating_perilaku, n.predikat, coalesce(n.umpan_balik, ''),
       r.nama, coalesce(o.nama, ''), n.unlocked_at IS NULL
FROM penilaian n
JOIN pegawai p ON p.id = n.pegawai_id
JOIN pegawai r ON r.id = n.rated_by
LEFT JOIN pegawai o ON o.id = n.on_behalf_of
WHERE n.id = $1`, penilaianID).Scan(&v.PenilaianID, &v.Person.ID, &v.Person.Nama, &v.Person.ChatID, &v.Person.Bahasa,
		&v.Person.Unreachable, &periode, &hasil, &perilaku, &predikat, &v.UmpanBalik, &v.RatedByNama, &v.OnBehalfOfNama, &v.Locked)
	if pgNoRows(err) {
		return v, kinerja.Errorf(kinerja.CodeNotFound, "penilaian.periode_invalid", nil)
	}
	v.Periode = pgDateOf(periode)
	v.Hasil, v.Perilaku, v.Predikat = kinerja.Rating(hasil), kinerja.Rating(perilaku), kinerja.Predikat(predikat)
	return v, pgErr("rating notice data", err)
}

// AssessorsWithTeam lists the active, linked people who are asked to rate
// when a period ends: the atasan of at least one active person, and whoever
// holds a Plt/Plh delegation covering today from such an atasan (the team
// list they open, TeamToRate, includes the delegated team).
func (db *DB) AssessorsWithTeam(ctx context.Context, today kinerja.Date) ([]int64, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT a.id FROM pegawai a
WHERE a.aktif AND a.chat_id IS NOT NULL AND NOT a.unreachable
  AND (EXISTS (SELECT 1 FROM pegawai s WHERE s.atasan_id = a.id AND s.aktif)
    OR EXISTS (SELECT 1 FROM delegasi d JOIN pegawai s ON s.atasan_id = d.dari_id AND s.aktif AND s.id <> a.id
               WHERE d.ke_id = a.id AND d.revoked_at IS NULL AND d.mulai <= $1 AND d.selesai >= $1))
ORDER BY a.id`, pgDate(today))
	if err != nil {
		return nil, pgErr("assessors with team", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, pgErr("assessors with team", err)
}

// RatingsDueData returns an assessor (chat, language) and how many people of
// their team are still to be rated for periode.
func (db *DB) RatingsDueData(ctx context.Context, assessorID int64, periode, today kinerja.Date) (kinerja.Pegawai, int, error) {
	var p kinerja.Pegawai
	err := db.Pool.QueryRow(ctx, `SELECT id, nama, coalesce(chat_id, 0), coalesce(bahasa, ''), unreachable, aktif FROM pegawai WHERE id = $1`,
		assessorID).Scan(&p.ID, &p.Nama, &p.ChatID, &p.Bahasa, &p.Unreachable, &p.Aktif)
	if pgNoRows(err) {
		return p, 0, kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
	}
	if err != nil {
		return p, 0, pgErr("ratings due", err)
	}
	team, err := db.TeamToRate(ctx, assessorID, periode, today)
	if err != nil {
		return p, 0, err
	}
	open := 0
	for _, m := range team {
		if !m.Rated() {
			open++
		}
	}
	return p, open, nil
}
