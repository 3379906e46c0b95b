package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// ApplyRequest is one person's action on a report, as the card they pressed
// showed it.
type ApplyRequest struct {
	AktivitasID int64
	Version     int // the version the actor saw; another one is refused as stale
	Action      kinerja.Action
	Actor       kinerja.Actor
	ActorID     int64              // the pegawai acting
	OnBehalfOf  int64              // the assessor a delegate (Plt/Plh) decides for, 0 when none
	Reason      string             // required to return or reject
	Edit        *kinerja.Aktivitas // the new content for ActionUbah (its ID, PegawaiID, Status and Version are ignored)
	// Today is the business date of the action, in the deployment's zone:
	// a delegation (Plt/Plh) counts only on its days.
	Today kinerja.Date
	// LeaveCards: a decision made away from the cards (the Mini App's
	// board) enqueues no card job, so it costs no Telegram write of its
	// own beyond the author's notice. A copy pressed later is refused as
	// decided, and the refusal refreshes it (RecordRefusal).
	LeaveCards bool
	// CardMessageID is the message a decision was pressed on (its
	// decider's card, for DecideOnOwnCard).
	CardMessageID int
}

const pgAktivitasColumns = `a.id, a.pegawai_id, a.tanggal, a.kategori, coalesce(a.rhk_id, 0), coalesce(a.indikator_id, 0),
a.deskripsi, a.volume, a.satuan, a.menit, a.bukti, a.status, a.version,
coalesce(a.decided_by, 0), coalesce(a.on_behalf_of, 0), coalesce(a.alasan, ''), a.decided_at, a.created_at, a.updated_at,
coalesce(a.kunci, '')`

func pgScanAktivitas(row pgx.Row) (kinerja.Aktivitas, error) {
	return pgScanAktivitasWith(row)
}

// pgScanAktivitasWith scans pgAktivitasColumns followed by extra columns.
func pgScanAktivitasWith(row pgx.Row, extra ...any) (kinerja.Aktivitas, error) {
	var a kinerja.Aktivitas
	var tanggal pgtype.Date
	var kategori, status string
	var decidedAt, createdAt, updatedAt pgtype.Timestamptz
	dest := []any{&a.ID, &a.PegawaiID, &tanggal, &kategori, &a.RHKID, &a.IndikatorID,
		&a.Deskripsi, &a.Volume, &a.Satuan, &a.Menit, &a.Bukti, &status, &a.Version,
		&a.DecidedBy, &a.OnBehalfOf, &a.Reason, &decidedAt, &createdAt, &updatedAt, &a.Kunci}
	err := row.Scan(append(dest, extra...)...)
	if err != nil {
		return a, err
	}
	a.Tanggal = pgDateOf(tanggal)
	a.Kategori = kinerja.Kategori(kategori)
	a.Status = kinerja.Status(status)
	a.DecidedAt, a.CreatedAt, a.UpdatedAt = pgTime(decidedAt), pgTime(createdAt), pgTime(updatedAt)
	if a.Bukti == nil {
		a.Bukti = []string{}
	}
	return a, nil
}

// pgQueueAktivitas queues a statement returning pgAktivitasColumns of at
// most one report on b: when the batch runs, the report goes to dst and
// found says whether there was one.
func pgQueueAktivitas(b *pgx.Batch, dst *kinerja.Aktivitas, found *bool, sql string, args ...any) {
	b.Queue(sql, args...).QueryRow(func(row pgx.Row) error {
		a, err := pgScanAktivitas(row)
		if pgNoRows(err) {
			return nil
		}
		*dst, *found = a, err == nil
		return err
	})
}

func pgBukti(b []string) []string {
	if b == nil {
		return []string{}
	}
	return b
}

// AktivitasByID returns one report, or a CodeNotFound error.
func (db *DB) AktivitasByID(ctx context.Context, id int64) (kinerja.Aktivitas, error) {
	a, err := pgScanAktivitas(db.Pool.QueryRow(ctx, `SELECT `+pgAktivitasColumns+` FROM aktivitas a WHERE a.id = $1`, id))
	if pgNoRows(err) {
		return a, kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	}
	return a, pgErr("aktivitas by id", err)
}

// SubmitAktivitas files a report (Kirim): the row starts as diajukan at
// version 1, and its audit entry commits with it. a.ID, Status, Version and
// the decision fields are ignored. When a.Kunci is set and a report with that
// key exists already (Kirim pressed twice, an update redelivered), that
// report is returned and nothing new is written. An inactive author files
// nothing (CodeForbidden). The database refuses
// content that breaks its rules (CodeInvalid) or names an unknown
// pegawai/RHK/indikator (CodeNotFound); whether the RHK belongs to the
// author's SKP and the back-date window are the caller's checks.
func (db *DB) SubmitAktivitas(ctx context.Context, a kinerja.Aktivitas, actorID int64) (kinerja.Aktivitas, error) {
	now := db.pgNow()
	var out kinerja.Aktivitas
	err := db.pgInTx(ctx, "submit aktivitas", func(tx pgx.Tx) error {
		// One round trip: the person's row FOR SHARE and their rating of
		// the report's month (a rated period is locked: penilaian.go), then
		// the report with its audit entry. A locked month rolls it all back.
		var locked *Penilaian
		inserted := false
		b := &pgx.Batch{}
		b.Queue(`SELECT 1 FROM pegawai WHERE id = $1 FOR SHARE`, a.PegawaiID)
		pgQueueCurrentPenilaian(b, a.PegawaiID, a.Tanggal, &locked)
		pgQueueBerkasUsed(b, a.PegawaiID, a.Bukti)
		pgQueueAktivitas(b, &out, &inserted, `
WITH ins AS (
  INSERT INTO aktivitas AS a (pegawai_id, tanggal, kategori, rhk_id, indikator_id, deskripsi, volume, satuan, menit, bukti,
                              status, version, kunci, created_at, updated_at)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'diajukan', 1, nullif($12, ''), $11, $11
  WHERE EXISTS (SELECT 1 FROM pegawai WHERE id = $1 AND aktif) -- an inactive person files nothing
  ON CONFLICT (kunci) DO NOTHING
  RETURNING `+pgAktivitasColumns+`
), audit AS (
  INSERT INTO audit_log (at, actor_id, on_behalf_of, action, entity, entity_id, detail)
  SELECT $11, nullif($13::bigint, 0), NULL, 'ajukan', 'aktivitas', ins.id,
         jsonb_build_object('to', 'diajukan', 'version', 1, 'tanggal', to_char($2::date, 'YYYY-MM-DD'))
  FROM ins
)
SELECT * FROM ins`,
			a.PegawaiID, pgDate(a.Tanggal), string(a.Kategori), pgID(a.RHKID), pgID(a.IndikatorID),
			a.Deskripsi, a.Volume, a.Satuan, a.Menit, pgBukti(a.Bukti), now, a.Kunci, actorID) // no row: filed before, or not allowed (told below)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if !inserted {
			// The same submission was filed before: return it, write nothing.
			var err error
			out, err = pgScanAktivitas(tx.QueryRow(ctx,
				`SELECT `+pgAktivitasColumns+` FROM aktivitas a WHERE a.kunci = $1 AND a.pegawai_id = $2`, a.Kunci, a.PegawaiID))
			if pgNoRows(err) {
				var aktif bool
				switch err := tx.QueryRow(ctx, `SELECT aktif FROM pegawai WHERE id = $1`, a.PegawaiID).Scan(&aktif); {
				case pgNoRows(err):
					return kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
				case err == nil && !aktif:
					return kinerja.Errorf(kinerja.CodeForbidden, "onboarding.pegawai_inactive", nil)
				}
				return kinerja.Errorf(kinerja.CodeConflict, "error.conflict", nil)
			}
			out.Refiled = err == nil
			return err
		}
		if locked != nil {
			return pgLockedError(*locked, a.Tanggal)
		}
		// The assessor's card is enqueued with the report: neither is lost.
		return db.pgEnqueue(ctx, tx, jobs.CardJob{AktivitasID: out.ID})
	})
	if err != nil {
		return kinerja.Aktivitas{}, err
	}
	return out, nil
}

// ApplyAktivitas applies one step of the report life cycle
// (kinerja.Transition) to the version of the report the actor saw, in one
// transaction: the row is locked, so of two concurrent deciders exactly one
// wins and the other is told who decided first and when.
//
// Refusals, in this order: unknown report → CodeNotFound
// "aktivitas.not_found"; an author action by someone else → CodeForbidden;
// a decided or withdrawn report → CodeConflict "aktivitas.already_decided"
// with Args By (nama), At (time) and Status; any other refusal of
// kinerja.Transition; a version other than the current one → CodeConflict
// "aktivitas.stale_version" (the card is out of date: refresh it).
//
// Whether ActorID may decide for this author (the assessor, or a delegate
// with OnBehalfOf) is the caller's check: this method trusts Actor.
func (db *DB) ApplyAktivitas(ctx context.Context, req ApplyRequest) (kinerja.Aktivitas, error) {
	a, _, err := db.apply(ctx, req, false)
	return a, err
}

// DecideOnOwnCard is ApplyAktivitas for a decision pressed on the decider's
// own approval card (req.CardMessageID, as recorded in kartu). When that
// card is the report's only copy, no card job
// is enqueued: view is the report as the card shows it now (read in the
// decision's transaction), for the press's answer to edit the card, and
// CardShown records the copy once the edit is delivered. Otherwise (other
// copies: a Plh's, the official's) view is nil and the card job brings
// every copy in line as usual. A decision that was delivered but whose
// copy was not recorded (a crash in between) leaves the record behind: the
// next card job, or a refused press, brings it in line.
func (db *DB) DecideOnOwnCard(ctx context.Context, req ApplyRequest) (kinerja.Aktivitas, *ReportView, error) {
	return db.apply(ctx, req, true)
}

// CardShown records that penerimaID's copy of a report's card shows
// version and status (edited by the answer to their own press, see
// DecideOnOwnCard). A record of a later version is kept.
func (db *DB) CardShown(ctx context.Context, aktivitasID, penerimaID int64, version int, status kinerja.Status) error {
	_, err := db.Pool.Exec(ctx, `
UPDATE kartu SET version = $3, status = $4, updated_at = $5
WHERE aktivitas_id = $1 AND penerima_id = $2 AND version <= $3`, aktivitasID, penerimaID, version, string(status), db.pgNow())
	return pgErr("card shown", err)
}

func (db *DB) apply(ctx context.Context, req ApplyRequest, ownCard bool) (kinerja.Aktivitas, *ReportView, error) {
	now := db.pgNow()
	reason := strings.TrimSpace(req.Reason)
	var out kinerja.Aktivitas
	var view *ReportView
	ownCard = ownCard && req.Action.IsDecision()
	err := db.pgInTx(ctx, "apply aktivitas", func(tx pgx.Tx) error {
		// One round trip for everything the checks read: the report (FOR
		// UPDATE: of two deciders exactly one goes on), who may decide it,
		// the author's row FOR SHARE and their ratings of the report's date
		// (and an edit's new date): a rated period is locked (penilaian.go).
		var (
			cur     kinerja.Aktivitas
			found   bool
			facts   pgAssessorFacts
			locked  *Penilaian
			lockedE *Penilaian // the edit's new date
		)
		b := &pgx.Batch{}
		pgQueueAktivitas(b, &cur, &found, `SELECT `+pgAktivitasColumns+` FROM aktivitas a WHERE a.id = $1 FOR UPDATE`, req.AktivitasID)
		if req.Actor == kinerja.ActorAssessor {
			b.Queue(`SELECT `+pgAssessorFactsColumns+` FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id WHERE a.id = $1`,
				req.AktivitasID, req.ActorID, pgDate(req.Today)).QueryRow(func(row pgx.Row) error {
				err := row.Scan(&facts.atasan, &facts.actorActive, &facts.delegated)
				if pgNoRows(err) {
					return nil
				}
				return err
			})
		}
		b.Queue(`SELECT 1 FROM pegawai WHERE id = (SELECT pegawai_id FROM aktivitas WHERE id = $1) FOR SHARE`, req.AktivitasID)
		pgQueuePenilaian(b, &locked, pgPenilaianSelect+`
JOIN aktivitas x ON x.id = $1 AND x.pegawai_id = n.pegawai_id
WHERE n.unlocked_at IS NULL AND `+pgCovers("x.tanggal")+`
ORDER BY n.periode DESC, n.id DESC LIMIT 1`, req.AktivitasID)
		var own, others int // copies of the card: the decider's, anyone else's
		if ownCard {
			b.Queue(`SELECT count(*) FILTER (WHERE penerima_id = $2 AND message_id = $3), count(*) FILTER (WHERE penerima_id <> $2)
FROM kartu WHERE aktivitas_id = $1`, req.AktivitasID, req.ActorID, req.CardMessageID).QueryRow(func(row pgx.Row) error {
				return row.Scan(&own, &others)
			})
		}
		if req.Action == kinerja.ActionUbah && req.Edit != nil && req.Actor == kinerja.ActorAuthor {
			pgQueueCurrentPenilaian(b, req.ActorID, req.Edit.Tanggal, &lockedE) // used only when the actor is the author
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if !found {
			return kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
		}
		if req.Actor == kinerja.ActorAuthor && cur.PegawaiID != req.ActorID {
			return kinerja.Errorf(kinerja.CodeForbidden, "aktivitas.forbidden", nil)
		}
		if req.Actor == kinerja.ActorAssessor {
			// Who may decide is settled here, in the same transaction: the
			// author's atasan, or whoever holds a delegation from that atasan
			// covering today (then on behalf of the atasan). The caller's
			// OnBehalfOf is never trusted.
			onBehalf, ok := facts.verdict(cur.PegawaiID, req.ActorID)
			if !ok {
				return kinerja.Errorf(kinerja.CodeForbidden, "aktivitas.forbidden", nil)
			}
			req.OnBehalfOf = onBehalf
		}
		to, err := kinerja.Transition(cur.Status, req.Action, req.Actor, reason)
		if err != nil {
			if kinerja.ErrorCode(err) == kinerja.CodeConflict {
				return pgAlreadyDecided(ctx, tx, cur)
			}
			return err
		}
		if req.Version != cur.Version {
			return kinerja.Errorf(kinerja.CodeConflict, "aktivitas.stale_version",
				map[string]any{"Version": cur.Version})
		}
		if locked != nil {
			return pgLockedError(*locked, cur.Tanggal)
		}
		if lockedE != nil && req.Edit.Tanggal != cur.Tanggal {
			return pgLockedError(*lockedE, req.Edit.Tanggal)
		}
		detail := map[string]any{"from": string(cur.Status), "to": string(to), "version": cur.Version + 1}
		if reason != "" {
			detail["reason"] = reason
		}
		var update string
		var args []any
		switch {
		case req.Action.IsDecision():
			update = `
UPDATE aktivitas AS a
SET status = $3, version = version + 1, decided_by = $4, on_behalf_of = $5, decided_at = $6, alasan = $7, updated_at = $6
WHERE id = $1 AND version = $2
RETURNING ` + pgAktivitasColumns
			args = []any{cur.ID, cur.Version, string(to), req.ActorID, pgID(req.OnBehalfOf), now, pgText(reason)}
		case req.Action == kinerja.ActionUbah:
			e := req.Edit
			if e == nil {
				return kinerja.Errorf(kinerja.CodeInvalid, "aktivitas.edit_required", nil)
			}
			detail["before"] = pgAktivitasContent(cur)
			update = `
UPDATE aktivitas AS a
SET status = $3, version = version + 1, decided_by = NULL, on_behalf_of = NULL, decided_at = NULL, alasan = NULL,
    tanggal = $4, kategori = $5, rhk_id = $6, indikator_id = $7, deskripsi = $8, volume = $9, satuan = $10,
    menit = $11, bukti = $12, updated_at = $13
WHERE id = $1 AND version = $2
RETURNING ` + pgAktivitasColumns
			args = []any{cur.ID, cur.Version, string(to),
				pgDate(e.Tanggal), string(e.Kategori), pgID(e.RHKID), pgID(e.IndikatorID), e.Deskripsi, e.Volume, e.Satuan,
				e.Menit, pgBukti(e.Bukti), now}
		default: // withdrawal
			update = `
UPDATE aktivitas AS a
SET status = $3, version = version + 1, updated_at = $4
WHERE id = $1 AND version = $2
RETURNING ` + pgAktivitasColumns
			args = []any{cur.ID, cur.Version, string(to), now}
		}
		// The change and its audit entry in one round trip (the entry needs
		// nothing the change returns).
		updated := false
		b = &pgx.Batch{}
		pgQueueAktivitas(b, &out, &updated, update, args...)
		if req.Action == kinerja.ActionUbah {
			pgQueueBerkasUsed(b, cur.PegawaiID, req.Edit.Bukti)
		}
		if err := pgQueueAudit(b, kinerja.AuditEntry{
			At: now, ActorID: req.ActorID, OnBehalfOf: req.OnBehalfOf, Action: string(req.Action),
			Entity: "aktivitas", EntityID: cur.ID, Detail: detail,
		}); err != nil {
			return err
		}
		editOwn := ownCard && own == 1 && others == 0
		var shown ReportView
		if editOwn { // the card as it will show the decision, read after it
			pgQueueReportView(b, cur.ID, &shown)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		if !updated { // cannot happen under FOR UPDATE; the guard keeps the rule local
			return kinerja.Errorf(kinerja.CodeConflict, "aktivitas.stale_version", map[string]any{"Version": cur.Version})
		}
		// The cards follow the report (new content, a decision, "ditarik");
		// the author hears of a decision.
		var caused []river.JobArgs
		switch {
		case editOwn:
			view = &shown // the press's answer edits the only copy
		case req.LeaveCards && req.Action.IsDecision():
		default:
			caused = append(caused, jobs.CardJob{AktivitasID: cur.ID, Decided: req.Action.IsDecision()})
		}
		if req.Action.IsDecision() {
			caused = append(caused, jobs.DecisionNoticeJob{AktivitasID: cur.ID, Version: out.Version})
		}
		return db.pgEnqueue(ctx, tx, caused...)
	})
	if req.Actor == kinerja.ActorAssessor || kinerja.ErrorCode(err) == kinerja.CodeForbidden {
		switch code := kinerja.ErrorCode(err); code {
		case kinerja.CodeForbidden, kinerja.CodeConflict, kinerja.CodeNotFound:
			// Every refused press is audited (a forged or replayed button,
			// a decided or withdrawn report, an old card, an expired
			// delegation); an old card is refreshed on the way.
			db.RecordRefusal(ctx, req.ActorID, req.AktivitasID, string(req.Action), string(code), code == kinerja.CodeConflict)
		}
	}
	if err != nil {
		return kinerja.Aktivitas{}, nil, err
	}
	return out, view, nil
}

// pgAssessorOf says whether actorID may decide on reports of authorID today:
// as the author's atasan (onBehalf 0), or as the holder of a delegation from
// that atasan covering today (onBehalf = the atasan).
func pgAssessorOf(ctx context.Context, tx pgQuerier, authorID, actorID int64, today kinerja.Date) (onBehalf int64, ok bool, err error) {
	var f pgAssessorFacts
	err = tx.QueryRow(ctx, `SELECT `+pgAssessorFactsColumns+` FROM pegawai p WHERE p.id = $1`,
		authorID, actorID, pgDate(today)).Scan(&f.atasan, &f.actorActive, &f.delegated)
	if err != nil {
		return 0, false, err
	}
	onBehalf, ok = f.verdict(authorID, actorID)
	return onBehalf, ok, nil
}

// pgAssessorFactsColumns read, from the author's row p, what decides
// whether $2 may decide on the author's reports on day $3: the author's
// atasan, whether $2 is active, whether $2 holds a delegation from that
// atasan covering the day.
const pgAssessorFactsColumns = `coalesce(p.atasan_id, 0), coalesce((SELECT aktif FROM pegawai WHERE id = $2), false),
       EXISTS (SELECT 1 FROM delegasi d WHERE d.dari_id = p.atasan_id AND d.ke_id = $2 AND d.revoked_at IS NULL
               AND d.mulai <= $3 AND d.selesai >= $3)`

type pgAssessorFacts struct {
	atasan      int64
	actorActive bool
	delegated   bool
}

// verdict is the rule: the author's atasan decides (onBehalf 0), or the
// holder of a delegation from that atasan (onBehalf the atasan); nobody
// decides on their own reports, not even as a Plh of their atasan.
func (f pgAssessorFacts) verdict(authorID, actorID int64) (onBehalf int64, ok bool) {
	switch {
	case f.atasan == 0 || !f.actorActive || actorID == authorID:
		return 0, false
	case f.atasan == actorID:
		return 0, true
	case f.delegated:
		return f.atasan, true
	}
	return 0, false
}

// pgQuerier is a transaction or the pool.
type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// RefusalsAuditedPerHour is how many refused presses of one person an hour
// are written to the audit log one by one (see RecordRefusal).
const RefusalsAuditedPerHour = 20

// RecordRefusal writes a refused action (a forged or replayed button, an
// expired delegation, a stale card) to the audit log in its own
// transaction: the refused one rolled back. refresh also enqueues the
// report's card job, so an out-of-date card is brought in line. A failure
// to write is not the caller's concern: the refusal stands.
//
// One person's refusals other than conflicts (the presses a forger makes:
// not theirs to decide, malformed) are itemised up to
// RefusalsAuditedPerHour an hour; the rest of that hour are counted in
// audit_ditahan (one row per person and hour), so a script pressing forged
// buttons cannot flood the log.
func (db *DB) RecordRefusal(ctx context.Context, actorID, aktivitasID int64, action, why string, refresh bool) {
	db.recordRefusal(ctx, actorID, "aktivitas", aktivitasID, action, why, refresh)
}

// recordRefusal is RecordRefusal for a record of any entity; refresh only
// means something for reports.
func (db *DB) recordRefusal(ctx context.Context, actorID int64, entity string, entityID int64, action, why string, refresh bool) {
	ctx = context.WithoutCancel(ctx)
	_ = db.pgInTx(ctx, "audit refusal", func(tx pgx.Tx) error {
		now := db.pgNow()
		hour := now.Truncate(time.Hour)
		var n int
		// A conflict (a card already decided, an old version) is the race
		// of a real card and always itemised; the rest (not theirs to
		// decide, a malformed button) is what a forger sends, and limited.
		if forged := why != string(kinerja.CodeConflict); forged && actorID > 0 {
			// The actor's lock on their own refusals: two at once are counted one after the other.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('audit_refusal'), $1::int)`, int32(actorID)); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `
SELECT count(*) FROM audit_log
WHERE actor_id = $1 AND at >= $2 AND action LIKE 'ditolak\_%' AND detail->>'why' <> $3`, actorID, hour, string(kinerja.CodeConflict)).Scan(&n); err != nil {
				return err
			}
		}
		if n < RefusalsAuditedPerHour {
			if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{
				At: now, ActorID: actorID, Action: "ditolak_" + action,
				Entity: entity, EntityID: entityID,
				Detail: map[string]any{"why": why},
			}); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, `
INSERT INTO audit_ditahan (actor_id, jam, jumlah) VALUES ($1, $2, 1)
ON CONFLICT (actor_id, jam) DO UPDATE SET jumlah = audit_ditahan.jumlah + 1`, actorID, hour); err != nil {
			return err
		}
		if refresh && entity == "aktivitas" && entityID > 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM aktivitas WHERE id = $1)`, entityID).Scan(&exists); err != nil || !exists {
				return err
			}
			return db.pgEnqueue(ctx, tx, jobs.CardJob{AktivitasID: entityID})
		}
		return nil
	})
}

// pgAlreadyDecided builds the refusal for a report that left diajukan: who
// decided it and when, so the chat can say "sudah diputuskan oleh … pada …".
// A withdrawn report names its author and the time of withdrawal.
func pgAlreadyDecided(ctx context.Context, tx pgx.Tx, cur kinerja.Aktivitas) error {
	if cur.Status == kinerja.StatusDitarik {
		return kinerja.Errorf(kinerja.CodeConflict, "aktivitas.already_withdrawn",
			map[string]any{"At": cur.UpdatedAt, "Status": string(cur.Status)})
	}
	var nama, atas string
	if err := tx.QueryRow(ctx, `
SELECT p.nama, coalesce((SELECT nama FROM pegawai WHERE id = $2), '') FROM pegawai p WHERE p.id = $1`,
		cur.DecidedBy, pgID(cur.OnBehalfOf)).Scan(&nama, &atas); err != nil {
		return err
	}
	return kinerja.Errorf(kinerja.CodeConflict, "aktivitas.already_decided",
		map[string]any{"By": nama, "Atas": atas, "ByID": cur.DecidedBy, "At": cur.DecidedAt, "Status": string(cur.Status)})
}

// pgAktivitasContent is what an author's edit may change, kept in the audit
// entry of the edit.
func pgAktivitasContent(a kinerja.Aktivitas) map[string]any {
	return map[string]any{
		"tanggal": a.Tanggal.String(), "kategori": string(a.Kategori), "rhk_id": a.RHKID,
		"indikator_id": a.IndikatorID, "deskripsi": a.Deskripsi, "volume": a.Volume, "satuan": a.Satuan,
		"menit": a.Menit, "bukti": a.Bukti,
	}
}
