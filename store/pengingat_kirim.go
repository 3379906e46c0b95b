package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// Reminders: the pengingat table holds every reminder planned, with what
// became of it. A row and the job that pushes it are inserted in one
// transaction, and a row's key (recipient, kind, date, subject, round) is
// unique, so however often or in however many processes the planner runs,
// each reminder is planned — and sent — once.

// pgReported is the condition "has a report for the day" on aktivitas a: a
// withdrawn report does not count.
const pgReported = `a.status <> 'ditarik'`

// pgDeclared is the condition "declared the day away" on pernyataan_hari h:
// waiting for the atasan or confirmed, not refused. Like a report, it
// means the person acted for the day.
const pgDeclared = `h.status <> 'ditolak'`

// DailyCandidates lists the people whose daily nudge for today may be due
// at now (their hour, or the start of the spread for those without one, has
// come); the planner decides with the reminder rules.
func (db *DB) DailyCandidates(ctx context.Context, today kinerja.Date, now time.Time, business *time.Location, defaultAt time.Duration) ([]jobs.DailyCandidate, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT p.id, p.nip, coalesce(p.zona, ''), coalesce(p.pengingat_jam, 0),
       coalesce((SELECT array_agg(c.jenis ORDER BY c.jenis) FROM cuti_berlaku c
                 WHERE c.pegawai_id = p.id AND c.mulai <= $1 AND c.selesai >= $1), '{}')
FROM pegawai p
WHERE p.aktif AND NOT p.unreachable AND p.chat_id IS NOT NULL
  AND NOT ('harian' = ANY (p.pengingat_mati))
  AND NOT EXISTS (SELECT 1 FROM pengingat r
                  WHERE r.pegawai_id = p.id AND r.jenis = 'harian' AND r.tanggal = $1 AND r.subjek_id = 0 AND r.ke = 0)
  AND NOT EXISTS (SELECT 1 FROM aktivitas a WHERE a.pegawai_id = p.id AND a.tanggal = $1 AND `+pgReported+`)
  AND NOT EXISTS (SELECT 1 FROM pernyataan_hari h WHERE h.pegawai_id = p.id AND h.tanggal = $1 AND `+pgDeclared+`)
  AND (SELECT extract(hour FROM l) * 60 + extract(minute FROM l)
       FROM (SELECT $2::timestamptz AT TIME ZONE coalesce(p.zona, $3)) AS t(l)) >= coalesce(p.pengingat_jam, $4)
ORDER BY p.id`, pgDate(today), now, business.String(), int(defaultAt/time.Minute))
	if err != nil {
		return nil, pgErr("daily candidates", err)
	}
	out, err := pgx.CollectRows(rows, pgDailyCandidate(today))
	return out, pgErr("daily candidates", err)
}

// pgDailyCandidate reads a row of the candidates' queries: id, NIP, zone,
// the hour (minutes of the day) and the kinds of leave that cover today.
func pgDailyCandidate(today kinerja.Date) pgx.RowToFunc[jobs.DailyCandidate] {
	return func(r pgx.CollectableRow) (jobs.DailyCandidate, error) {
		var c jobs.DailyCandidate
		var jam int16
		var leave []string
		err := r.Scan(&c.PegawaiID, &c.NIP, &c.Zona, &jam, &leave)
		c.At = time.Duration(jam) * time.Minute
		for _, k := range leave {
			c.Leave = append(c.Leave, kinerja.LeaveSpan{Mulai: today, Selesai: today, Jenis: k})
		}
		return c, err
	}
}

// ListCandidates lists the supervisors whose daily list of approvals for
// today may be due at now: they chose a list instead of a card per report,
// its hour (in their zone) has come, they are active, linked and
// reachable, they assess someone today, and today's list is not planned
// yet. At is the list's hour; the planner decides with the reminder rules.
func (db *DB) ListCandidates(ctx context.Context, today kinerja.Date, now time.Time, business *time.Location) ([]jobs.DailyCandidate, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT p.id, p.nip, coalesce(p.zona, ''), p.daftar_jam,
       coalesce((SELECT array_agg(c.jenis ORDER BY c.jenis) FROM cuti_berlaku c
                 WHERE c.pegawai_id = p.id AND c.mulai <= $1 AND c.selesai >= $1), '{}')
FROM pegawai p
WHERE p.daftar_jam IS NOT NULL AND p.aktif AND NOT p.unreachable AND p.chat_id IS NOT NULL
  AND (EXISTS (SELECT 1 FROM pegawai s WHERE s.atasan_id = p.id AND s.aktif)
       OR EXISTS (SELECT 1 FROM delegasi d WHERE d.ke_id = p.id AND d.revoked_at IS NULL AND d.mulai <= $1 AND d.selesai >= $1))
  AND NOT EXISTS (SELECT 1 FROM pengingat r
                  WHERE r.pegawai_id = p.id AND r.jenis = 'daftar' AND r.tanggal = $1 AND r.subjek_id = 0 AND r.ke = 0)
  AND (SELECT extract(hour FROM l) * 60 + extract(minute FROM l)
       FROM (SELECT $2::timestamptz AT TIME ZONE coalesce(p.zona, $3)) AS t(l)) >= p.daftar_jam
ORDER BY p.id`, pgDate(today), now, business.String())
	if err != nil {
		return nil, pgErr("list candidates", err)
	}
	out, err := pgx.CollectRows(rows, pgDailyCandidate(today))
	return out, pgErr("list candidates", err)
}

// MaxSnoozes is how often one reminder may be snoozed in a day (the rounds
// of the pengingat table's key stop at 50).
const MaxSnoozes = 20

// Snoozed lists today's snoozed reminders ("Tunda 1 jam") whose next round
// is not planned yet, each as that next round with the instant its snooze
// runs out; the planner plans those whose snooze is over.
func (db *DB) Snoozed(ctx context.Context, today kinerja.Date) ([]kinerja.ReminderPlan, []time.Time, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT r.pegawai_id, r.jenis, r.tanggal, r.subjek_id, r.ke + 1, r.tunda_sampai
FROM pengingat r
WHERE r.tunda_sampai IS NOT NULL AND r.tanggal = $1 AND r.ke < $2
  AND NOT EXISTS (SELECT 1 FROM pengingat n
                  WHERE n.pegawai_id = r.pegawai_id AND n.jenis = r.jenis AND n.tanggal = r.tanggal
                    AND n.subjek_id = r.subjek_id AND n.ke = r.ke + 1)
ORDER BY r.id`, pgDate(today), MaxSnoozes)
	if err != nil {
		return nil, nil, pgErr("snoozed reminders", err)
	}
	defer rows.Close()
	var plans []kinerja.ReminderPlan
	var until []time.Time
	for rows.Next() {
		var p kinerja.ReminderPlan
		var d pgtype.Date
		var ke int16
		var t pgtype.Timestamptz
		if err := rows.Scan(&p.PegawaiID, &p.Jenis, &d, &p.SubjekID, &ke, &t); err != nil {
			return nil, nil, pgErr("snoozed reminders", err)
		}
		p.Tanggal, p.Ke = pgDateOf(d), int(ke)
		plans, until = append(plans, p), append(until, pgTime(t))
	}
	return plans, until, pgErr("snoozed reminders", rows.Err())
}

// PlanReminders inserts the reminders not planned yet, each with its push
// job, in one transaction; skipped maps a plan's index to the reason it is
// recorded as skipped right away (no job). It returns how many jobs it
// enqueued.
func (db *DB) PlanReminders(ctx context.Context, plans []kinerja.ReminderPlan, skipped map[int]string) (int, error) {
	if len(plans) == 0 {
		return 0, nil
	}
	n := 0
	err := db.pgInTx(ctx, "plan reminders", func(tx pgx.Tx) error {
		var err error
		n, err = db.pgPlan(ctx, tx, plans, skipped)
		return err
	})
	return n, err
}

// PlanOnce plans the reminders of a once-a-day kind for date d: the first
// call for (kind, d) marks the day planned and inserts what plans returns,
// in one transaction; later calls (a restart, a second process) do
// nothing. planned reports whether this call did the planning.
func (db *DB) PlanOnce(ctx context.Context, kind kinerja.ReminderKind, d kinerja.Date,
	plans func(ctx context.Context) ([]kinerja.ReminderPlan, map[int]string, error)) (jobs int, planned bool, err error) {
	err = db.pgInTx(ctx, "plan reminders once", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO pengingat_rencana (jenis, tanggal, dibuat) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			string(kind), pgDate(d), db.pgNow())
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		planned = true
		ps, skipped, err := plans(ctx)
		if err != nil {
			return err
		}
		jobs, err = db.pgPlan(ctx, tx, ps, skipped)
		return err
	})
	return jobs, planned, err
}

// PlanEscalations plans the day's escalations once, as PlanOnce plans a
// once-a-day kind: streaks returns the streaks due today (recipient, first
// missed day, person); each not planned before becomes a row without a job
// of its own, waiting to be told. Then every recipient with a streak still
// to tell — new today, or left from a day they were away — gets the day's
// escalation message: one row (subject 0, dated today) with its push job,
// which tells them all at once. All in one transaction; it returns how many
// push jobs it enqueued and whether this call did the planning.
func (db *DB) PlanEscalations(ctx context.Context, today kinerja.Date,
	streaks func(ctx context.Context) ([]kinerja.ReminderPlan, error)) (jobs int, planned bool, err error) {
	err = db.pgInTx(ctx, "plan escalations", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO pengingat_rencana (jenis, tanggal, dibuat) VALUES ('eskalasi', $1, $2) ON CONFLICT DO NOTHING`,
			pgDate(today), db.pgNow())
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		planned = true
		ps, err := streaks(ctx)
		if err != nil {
			return err
		}
		if _, err := db.pgInsertPlans(ctx, tx, ps, nil, false); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
SELECT DISTINCT pegawai_id FROM pengingat
WHERE jenis = 'eskalasi' AND subjek_id <> 0 AND status = 'dijadwalkan'
ORDER BY pegawai_id`)
		if err != nil {
			return err
		}
		to, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		days := make([]kinerja.ReminderPlan, len(to))
		for i, id := range to {
			days[i] = kinerja.ReminderPlan{PegawaiID: id, Jenis: kinerja.ReminderEskalasi, Tanggal: today}
		}
		jobs, err = db.pgPlan(ctx, tx, days, nil)
		return err
	})
	return jobs, planned, err
}

// EscalationsToTell lists the streaks a supervisor has still to be told
// (escalation rows with a subject, still planned), oldest first: what their
// escalation message of the day tells.
func (db *DB) EscalationsToTell(ctx context.Context, pegawaiID int64) ([]kinerja.Reminder, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+pgReminderColumns+` FROM pengingat
WHERE pegawai_id = $1 AND jenis = 'eskalasi' AND subjek_id <> 0 AND status = 'dijadwalkan'
ORDER BY tanggal, subjek_id`, pegawaiID)
	if err != nil {
		return nil, pgErr("escalations to tell", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Reminder, error) { return pgScanReminder(r) })
	return out, pgErr("escalations to tell", err)
}

// FinishReminders is FinishReminder for several reminders at once, in one
// statement: a message that told several (the day's escalation message and
// the streaks in it) is recorded on all of them, or on none. It returns how
// many it finished.
func (db *DB) FinishReminders(ctx context.Context, ids []int64, status, alasan string, chatID, messageID int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	tag, err := db.Pool.Exec(ctx, `
UPDATE pengingat SET status = $2, alasan = $3, chat_id = nullif($4, 0), message_id = nullif($5, 0), diperbarui = $6
WHERE id = ANY($1) AND status = 'dijadwalkan'`, ids, status, pgText(alasan), chatID, messageID, db.pgNow())
	if err != nil {
		return 0, pgErr("finish reminders", err)
	}
	return int(tag.RowsAffected()), nil
}

// pgPlan inserts plans (those already there are left alone) and a push job
// for each new one that is not skipped.
func (db *DB) pgPlan(ctx context.Context, tx pgx.Tx, plans []kinerja.ReminderPlan, skipped map[int]string) (int, error) {
	return db.pgInsertPlans(ctx, tx, plans, skipped, true)
}

// pgInsertPlans inserts plans (those already there are left alone) and,
// with push, a push job for each new one that is not skipped; it returns
// how many jobs it enqueued.
func (db *DB) pgInsertPlans(ctx context.Context, tx pgx.Tx, plans []kinerja.ReminderPlan, skipped map[int]string, push bool) (int, error) {
	if len(plans) == 0 {
		return 0, nil
	}
	ids := make([]int64, len(plans))
	kinds := make([]string, len(plans))
	dates := make([]pgtype.Date, len(plans))
	subjects := make([]int64, len(plans))
	rounds := make([]int16, len(plans))
	statuses := make([]string, len(plans))
	reasons := make([]pgtype.Text, len(plans))
	for i, p := range plans {
		ids[i], kinds[i], dates[i], subjects[i], rounds[i] = p.PegawaiID, string(p.Jenis), pgDate(p.Tanggal), p.SubjekID, int16(p.Ke)
		statuses[i] = kinerja.ReminderPlanned
		if why, ok := skipped[i]; ok {
			statuses[i], reasons[i] = kinerja.ReminderSkipped, pgText(why)
		}
	}
	rows, err := tx.Query(ctx, `
INSERT INTO pengingat (pegawai_id, jenis, tanggal, subjek_id, ke, status, alasan, dibuat, diperbarui)
SELECT u.pegawai_id, u.jenis, u.tanggal, u.subjek_id, u.ke, u.status, u.alasan, $8, $8
FROM unnest($1::bigint[], $2::text[], $3::date[], $4::bigint[], $5::smallint[], $6::text[], $7::text[])
     AS u(pegawai_id, jenis, tanggal, subjek_id, ke, status, alasan)
ON CONFLICT ON CONSTRAINT pengingat_key DO NOTHING
RETURNING id, pegawai_id, jenis, tanggal, subjek_id, ke, status`,
		ids, kinds, dates, subjects, rounds, statuses, reasons, db.pgNow())
	if err != nil {
		return 0, err
	}
	var pushes []river.InsertManyParams
	for rows.Next() {
		var r kinerja.Reminder
		var d pgtype.Date
		var ke int16
		if err := rows.Scan(&r.ID, &r.PegawaiID, &r.Jenis, &d, &r.SubjekID, &ke, &r.Status); err != nil {
			rows.Close()
			return 0, err
		}
		r.Tanggal, r.Ke = pgDateOf(d), int(ke)
		if push && r.Status == kinerja.ReminderPlanned {
			pushes = append(pushes, river.InsertManyParams{Args: jobs.ReminderJobOf(r),
				InsertOpts: &river.InsertOpts{Queue: ReminderQueue, UniqueOpts: river.UniqueOpts{ByArgs: true}}})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(pushes) > 0 {
		if _, err := db.jobs.InsertManyTx(ctx, tx, pushes); err != nil {
			return 0, err
		}
	}
	return len(pushes), nil
}

// ReminderQueue is the River queue of reminder pushes: their own workers,
// so that a morning's thousands of pushes neither wait behind nor hold up
// the cards and notices of the default queue.
const ReminderQueue = "pengingat"

const pgReminderColumns = `id, pegawai_id, jenis, tanggal, subjek_id, ke, status, coalesce(alasan, ''), tunda_sampai`

func pgScanReminder(row pgx.Row) (kinerja.Reminder, error) {
	var r kinerja.Reminder
	var d pgtype.Date
	var ke int16
	var tunda pgtype.Timestamptz
	err := row.Scan(&r.ID, &r.PegawaiID, &r.Jenis, &d, &r.SubjekID, &ke, &r.Status, &r.Alasan, &tunda)
	r.Tanggal, r.Ke, r.TundaSampai = pgDateOf(d), int(ke), pgTime(tunda)
	return r, err
}

// Reminder returns one reminder (a kinerja.CodeNotFound error when unknown).
func (db *DB) Reminder(ctx context.Context, id int64) (kinerja.Reminder, error) {
	r, err := pgScanReminder(db.Pool.QueryRow(ctx, `SELECT `+pgReminderColumns+` FROM pengingat WHERE id = $1`, id))
	if pgNoRows(err) {
		return r, kinerja.Errorf(kinerja.CodeNotFound, "callback.expired", nil)
	}
	return r, pgErr("reminder", err)
}

// FinishReminder records what became of a planned reminder: sent (with the
// message) or skipped (with the reason). A reminder already finished is
// left as it is; finished reports whether this call finished it.
func (db *DB) FinishReminder(ctx context.Context, id int64, status, alasan string, chatID, messageID int64) (finished bool, err error) {
	tag, err := db.Pool.Exec(ctx, `
UPDATE pengingat SET status = $2, alasan = $3, chat_id = nullif($4, 0), message_id = nullif($5, 0), diperbarui = $6
WHERE id = $1 AND status = 'dijadwalkan'`, id, status, pgText(alasan), chatID, messageID, db.pgNow())
	if err != nil {
		return false, pgErr("finish reminder", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseReminder forgets a planned reminder that turned out not to be due
// yet (the person moved their hour later meanwhile): the planner plans it
// again when it is.
func (db *DB) ReleaseReminder(ctx context.Context, id int64) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM pengingat WHERE id = $1 AND status = 'dijadwalkan'`, id)
	return pgErr("release reminder", err)
}

// SnoozeReminder ("Tunda 1 jam") marks a sent reminder of actorID's to come
// again at until: the planner plans its next round then. Only the
// recipient may snooze, only a sent reminder, once; audited.
func (db *DB) SnoozeReminder(ctx context.Context, id, actorID int64, until time.Time) (kinerja.Reminder, error) {
	var r kinerja.Reminder
	err := db.pgInTx(ctx, "snooze reminder", func(tx pgx.Tx) error {
		var err error
		r, err = pgScanReminder(tx.QueryRow(ctx, `SELECT `+pgReminderColumns+` FROM pengingat WHERE id = $1 FOR UPDATE`, id))
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "callback.expired", nil)
		}
		if err != nil {
			return err
		}
		if r.PegawaiID != actorID {
			return kinerja.Errorf(kinerja.CodeForbidden, "callback.expired", nil)
		}
		var later bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pengingat WHERE pegawai_id = $1 AND jenis = $2 AND tanggal = $3 AND subjek_id = $4 AND ke > $5)`,
			r.PegawaiID, string(r.Jenis), pgDate(r.Tanggal), r.SubjekID, r.Ke).Scan(&later); err != nil {
			return err
		}
		if r.Jenis == kinerja.ReminderEskalasi || r.Jenis == kinerja.ReminderColek || r.Ke >= MaxSnoozes {
			// No Tunda button on these: an escalation is told once per streak.
			return kinerja.Errorf(kinerja.CodeForbidden, "callback.expired", nil)
		}
		if r.Status != kinerja.ReminderSent || !r.TundaSampai.IsZero() || later {
			return kinerja.Errorf(kinerja.CodeConflict, "pengingat.tunda_sudah", nil)
		}
		until = until.Truncate(time.Microsecond).UTC()
		if _, err := tx.Exec(ctx, `UPDATE pengingat SET tunda_sampai = $2, diperbarui = $3 WHERE id = $1`, id, until, db.pgNow()); err != nil {
			return err
		}
		r.TundaSampai = until
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: db.pgNow(), ActorID: actorID, Action: "tunda", Entity: "pengingat",
			EntityID: id, Detail: map[string]any{"jenis": r.Jenis, "tanggal": r.Tanggal.String(), "sampai": until}})
	})
	return r, err
}

// NudgeFromEscalation ("Ingatkan …", one per person on the day's escalation
// message; id is that person's streak) plans a supervisor's own nudge to
// the person the escalation is about. Only the escalation's
// recipient may press it, only while still the person's assessor today (the
// atasan, or their Plt/Plh), at most once per person per day; audited.
// It returns the person.
func (db *DB) NudgeFromEscalation(ctx context.Context, id, actorID int64, today kinerja.Date) (kinerja.Pegawai, error) {
	var subject kinerja.Pegawai
	var refused int64
	err := db.pgInTx(ctx, "nudge", func(tx pgx.Tx) error {
		r, err := pgScanReminder(tx.QueryRow(ctx, `SELECT `+pgReminderColumns+` FROM pengingat WHERE id = $1`, id))
		// The streak's own row names the person; the day's message (subject
		// 0) has no "Ingatkan" of its own.
		if pgNoRows(err) || (err == nil && (r.Jenis != kinerja.ReminderEskalasi || r.PegawaiID != actorID || r.SubjekID == 0)) {
			return kinerja.Errorf(kinerja.CodeForbidden, "callback.expired", nil)
		}
		if err != nil {
			return err
		}
		var assessor bool
		err = tx.QueryRow(ctx, `
SELECT s.nama, s.nip, s.aktif, `+pgAssessesSQL+`
FROM pegawai s WHERE s.id = $1`, r.SubjekID, actorID, pgDate(today)).Scan(&subject.Nama, &subject.NIP, &subject.Aktif, &assessor)
		if err != nil {
			return err
		}
		subject.ID = r.SubjekID
		if !assessor || !subject.Aktif {
			refused = r.SubjekID
			return kinerja.Errorf(kinerja.CodeForbidden, "pengingat.colek_bukan", map[string]any{"Name": subject.Nama})
		}
		// Once a day per person, whoever presses (the atasan or a Plt/Plh):
		// the person's row is locked so two presses take turns.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM pegawai WHERE id = $1 FOR UPDATE`, r.SubjekID); err != nil {
			return err
		}
		var nudged bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pengingat WHERE pegawai_id = $1 AND jenis = 'colek' AND tanggal = $2)`,
			r.SubjekID, pgDate(today)).Scan(&nudged); err != nil {
			return err
		}
		n := 0
		if !nudged {
			if n, err = db.pgPlan(ctx, tx, []kinerja.ReminderPlan{{PegawaiID: r.SubjekID, Jenis: kinerja.ReminderColek, Tanggal: today, SubjekID: actorID}}, nil); err != nil {
				return err
			}
		}
		if n == 0 { // nudged today already
			return kinerja.Errorf(kinerja.CodeConflict, "pengingat.colek_sudah", map[string]any{"Name": subject.Nama})
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: db.pgNow(), ActorID: actorID, Action: "colek", Entity: "pegawai",
			EntityID: r.SubjekID, Detail: map[string]any{"pengingat_id": id}})
	})
	if refused != 0 {
		// The refusal is audited on its own: the transaction rolled back.
		if aerr := db.pgInTx(ctx, "audit refused nudge", func(tx pgx.Tx) error {
			return pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: db.pgNow(), ActorID: actorID, Action: "colek_ditolak", Entity: "pegawai",
				EntityID: refused, Detail: map[string]any{"pengingat_id": id, "why": "not_assessor"}})
		}); aerr != nil {
			return subject, aerr
		}
	}
	return subject, err
}

// PegawaiAt returns one person with IsAssessor as of today (nil, nil when
// unknown).
func (db *DB) PegawaiAt(ctx context.Context, id int64, today kinerja.Date) (*kinerja.Pegawai, error) {
	return db.pgPegawaiWhere(ctx, "p.id = $1", id, today)
}

// Reachable lists the people a reminder can reach: active, linked and not
// blocking the bot.
func (db *DB) Reachable(ctx context.Context) ([]int64, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id FROM pegawai WHERE aktif AND chat_id IS NOT NULL AND NOT unreachable ORDER BY id`)
	if err != nil {
		return nil, pgErr("reachable", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	return ids, pgErr("reachable", err)
}

// StaffActivities lists every active, linked person who has an atasan,
// with their leave (imported, and confirmed declared days) and, as leave of
// kind kinerja.LeaveDeclared, every day they declared away (waiting or
// confirmed, dinas luar too): the escalation counts none of them as missed.
func (db *DB) StaffActivities(ctx context.Context, today kinerja.Date, loc *time.Location) ([]jobs.StaffActivity, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT p.id,
       (SELECT max(a.tanggal) FROM aktivitas a WHERE a.pegawai_id = p.id AND a.tanggal < $1 AND `+pgReported+`),
       coalesce(p.terhubung_pada, p.created_at),
       ARRAY(SELECT p.atasan_id UNION
             SELECT d.ke_id FROM delegasi d
             WHERE d.dari_id = p.atasan_id AND d.ke_id <> p.id AND d.revoked_at IS NULL AND d.mulai <= $1 AND d.selesai >= $1)
FROM pegawai p
WHERE p.aktif AND p.chat_id IS NOT NULL AND p.atasan_id IS NOT NULL
ORDER BY p.id`, pgDate(today))
	if err != nil {
		return nil, pgErr("staff activity", err)
	}
	byID := map[int64]int{}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (jobs.StaffActivity, error) {
		var s jobs.StaffActivity
		var last pgtype.Date
		var created time.Time
		err := r.Scan(&s.PegawaiID, &last, &created, &s.Assessors)
		s.Last = pgDateOf(last)
		if !last.Valid {
			s.Last = kinerja.DateOf(created, loc).AddDays(-1)
		}
		return s, err
	})
	if err != nil {
		return nil, pgErr("staff activity", err)
	}
	var from kinerja.Date
	for i, s := range out {
		byID[s.PegawaiID] = i
		if from.IsZero() || s.Last.Before(from) {
			from = s.Last
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	lrows, err := db.Pool.Query(ctx, `SELECT pegawai_id, mulai, selesai, jenis FROM cuti_berlaku WHERE mulai <= $2 AND selesai >= $1`, pgDate(from), pgDate(today))
	if err != nil {
		return nil, pgErr("staff activity", err)
	}
	_, err = pgx.CollectRows(lrows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		l, err := pgScanLeaveAfter(r, &id)
		if i, ok := byID[id]; ok && err == nil {
			out[i].Leave = append(out[i].Leave, l)
		}
		return struct{}{}, err
	})
	if err != nil {
		return nil, pgErr("staff activity", err)
	}
	drows, err := db.Pool.Query(ctx, `SELECT h.pegawai_id, h.tanggal FROM pernyataan_hari h WHERE h.tanggal BETWEEN $1 AND $2 AND `+pgDeclared,
		pgDate(from), pgDate(today))
	if err != nil {
		return nil, pgErr("staff activity", err)
	}
	_, err = pgx.CollectRows(drows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		var d pgtype.Date
		err := r.Scan(&id, &d)
		if i, ok := byID[id]; ok && err == nil {
			day := pgDateOf(d)
			out[i].Leave = append(out[i].Leave, kinerja.LeaveSpan{Mulai: day, Selesai: day, Jenis: kinerja.LeaveDeclared})
		}
		return struct{}{}, err
	})
	return out, pgErr("staff activity", err)
}

// LastReport is the last day before today that a person reported (zero
// when never).
func (db *DB) LastReport(ctx context.Context, pegawaiID int64, today kinerja.Date) (kinerja.Date, error) {
	var d pgtype.Date
	err := db.Pool.QueryRow(ctx, `SELECT max(a.tanggal) FROM aktivitas a WHERE a.pegawai_id = $1 AND a.tanggal < $2 AND `+pgReported,
		pegawaiID, pgDate(today)).Scan(&d)
	return pgDateOf(d), pgErr("last report", err)
}

// PendingSummary counts the undecided reports assessorID may decide today
// (as PendingFor) that have waited since before `before` and whose day lies
// in from..to (zero dates: any day), with the oldest one's submission time.
func (db *DB) PendingSummary(ctx context.Context, assessorID int64, today kinerja.Date, before time.Time, from, to kinerja.Date) (int, time.Time, error) {
	var n int
	var oldest pgtype.Timestamptz
	err := db.Pool.QueryRow(ctx, `
SELECT count(*), min(a.updated_at)
FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id
WHERE a.status = 'diajukan' AND a.pegawai_id <> $1 AND a.updated_at < $3
  AND ($4::date IS NULL OR a.tanggal >= $4) AND ($5::date IS NULL OR a.tanggal <= $5)
  AND (p.atasan_id = $1 OR p.atasan_id IN (
        SELECT dari_id FROM delegasi
        WHERE ke_id = $1 AND revoked_at IS NULL AND mulai <= $2 AND selesai >= $2))`,
		assessorID, pgDate(today), before, pgDate(from), pgDate(to)).Scan(&n, &oldest)
	return n, pgTime(oldest), pgErr("pending summary", err)
}

// ReminderContext reads, in one round trip, what the push of reminder id
// checks first: the reminder, its recipient (IsAssessor as of today) and
// their settings, their leave overlapping from..to (imported, and confirmed
// declared days), and whether they have a report for today or declared
// today away. An unknown reminder is a kinerja.CodeNotFound error;
// Who is nil when the recipient is gone.
func (db *DB) ReminderContext(ctx context.Context, id int64, today, from, to kinerja.Date) (jobs.ReminderContext, error) {
	const who = `(SELECT pegawai_id FROM pengingat WHERE id = $1)`
	var rc jobs.ReminderContext
	found := false
	b := &pgx.Batch{}
	b.Queue(`SELECT `+pgReminderColumns+` FROM pengingat WHERE id = $1`, id).QueryRow(func(row pgx.Row) error {
		r, err := pgScanReminder(row)
		if pgNoRows(err) {
			return nil
		}
		rc.Reminder, found = r, err == nil
		return err
	})
	b.Queue(pgPegawaiSelect+`p.id = `+who, id, pgDate(today)).QueryRow(func(row pgx.Row) error {
		p, err := pgScanPegawai(row)
		rc.Who = p
		return err
	})
	b.Queue(pgReminderPrefsSelect+who, id).QueryRow(func(row pgx.Row) error {
		p, _, err := pgScanReminderPrefs(row)
		if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
			return nil
		}
		rc.Prefs = p
		return err
	})
	b.Queue(`SELECT mulai, selesai, jenis FROM cuti_berlaku WHERE pegawai_id = `+who+` AND mulai <= $3 AND selesai >= $2 ORDER BY mulai`,
		id, pgDate(from), pgDate(to)).Query(func(rows pgx.Rows) error {
		var err error
		rc.Leave, err = pgx.CollectRows(rows, pgScanLeave)
		return err
	})
	b.Queue(`SELECT EXISTS (SELECT 1 FROM aktivitas a WHERE a.pegawai_id = `+who+` AND a.tanggal = $2 AND `+pgReported+`)`,
		id, pgDate(today)).QueryRow(func(row pgx.Row) error { return row.Scan(&rc.ReportedToday) })
	b.Queue(`SELECT EXISTS (SELECT 1 FROM pernyataan_hari h WHERE h.pegawai_id = `+who+` AND h.tanggal = $2 AND `+pgDeclared+`)`,
		id, pgDate(today)).QueryRow(func(row pgx.Row) error { return row.Scan(&rc.DeclaredToday) })
	// The snooze that brought this round: the round before's.
	b.Queue(`SELECT p.tunda_sampai FROM pengingat r JOIN pengingat p
  ON p.pegawai_id = r.pegawai_id AND p.jenis = r.jenis AND p.tanggal = r.tanggal AND p.subjek_id = r.subjek_id AND p.ke = r.ke - 1
WHERE r.id = $1`, id).QueryRow(func(row pgx.Row) error {
		var t pgtype.Timestamptz
		err := row.Scan(&t)
		if pgNoRows(err) {
			return nil
		}
		rc.SnoozedUntil = pgTime(t)
		return err
	})
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return rc, pgErr("reminder context", err)
	}
	if !found {
		return rc, kinerja.Errorf(kinerja.CodeNotFound, "callback.expired", nil)
	}
	return rc, nil
}

// pgAssessesSQL is true when $2 assesses person s on $3: s's atasan, or
// the holder of a delegation from s's atasan covering that day.
const pgAssessesSQL = `coalesce(s.atasan_id = $2, false) OR EXISTS (SELECT 1 FROM delegasi d
    WHERE d.dari_id = s.atasan_id AND d.ke_id = $2 AND d.revoked_at IS NULL AND d.mulai <= $3 AND d.selesai >= $3)`

// Assesses reports whether actorID assesses pegawaiID today.
func (db *DB) Assesses(ctx context.Context, actorID, pegawaiID int64, today kinerja.Date) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT `+pgAssessesSQL+` FROM pegawai s WHERE s.id = $1`, pegawaiID, actorID, pgDate(today)).Scan(&ok)
	if pgNoRows(err) {
		return false, nil
	}
	return ok, pgErr("assesses", err)
}
