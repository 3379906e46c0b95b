package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// The validation deadline (VALIDATION_DEADLINE_DAY of the next month): the
// reports of the closed month still waiting are escalated, or approved by
// the system (AUTO_APPROVE_AT_DEADLINE).

// WaitingAtDeadline groups the reports dated in month still waiting for a
// decision by the author's atasan, the most first; reports of people with
// no atasan are grouped by their OPD with Atasan.ID 0.
func (db *DB) WaitingAtDeadline(ctx context.Context, month kinerja.Date) ([]jobs.WaitingGroup, error) {
	rows, err := db.Pool.Query(ctx, `
WITH RECURSIVE opd_of AS (
  SELECT id, id AS opd FROM unit_kerja WHERE parent_id IS NULL
  UNION ALL
  SELECT u.id, o.opd FROM unit_kerja u JOIN opd_of o ON u.parent_id = o.id
)
SELECT coalesce(at.id, 0), coalesce(at.nip, ''), coalesce(at.nama, ''), coalesce(at.chat_id, 0), coalesce(at.bahasa, ''), coalesce(at.unreachable, false),
       coalesce(aa.id, 0), coalesce(aa.nip, ''), coalesce(aa.nama, ''), coalesce(aa.chat_id, 0), coalesce(aa.bahasa, ''), coalesce(aa.unreachable, false),
       coalesce((SELECT opd FROM opd_of WHERE id = coalesce(at.unit_id, p.unit_id)), 0) AS opd, count(*), count(DISTINCT a.pegawai_id)
FROM aktivitas a
JOIN pegawai p ON p.id = a.pegawai_id
LEFT JOIN pegawai at ON at.id = p.atasan_id
LEFT JOIN pegawai aa ON aa.id = at.atasan_id AND aa.aktif
WHERE a.status = 'diajukan' AND a.tanggal BETWEEN $1 AND $2
GROUP BY at.id, aa.id, 13
ORDER BY count(*) DESC, coalesce(at.nama, '')`, pgDate(month.MonthStart()), pgDate(month.MonthEnd()))
	if err != nil {
		return nil, pgErr("waiting at deadline", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (jobs.WaitingGroup, error) {
		var g jobs.WaitingGroup
		a, aa := &g.Atasan, &g.AtasanAtasan
		err := r.Scan(&a.ID, &a.NIP, &a.Nama, &a.ChatID, &a.Bahasa, &a.Unreachable,
			&aa.ID, &aa.NIP, &aa.Nama, &aa.ChatID, &aa.Bahasa, &aa.Unreachable, &g.OPD, &g.Reports, &g.People)
		return g, err
	})
	return out, pgErr("waiting at deadline", err)
}

// OPDAdmins lists the active admin_opd of an OPD (its units included) who
// can be reached on Telegram: ID, NIP, Nama, ChatID and Bahasa.
func (db *DB) OPDAdmins(ctx context.Context, opdID int64) ([]kinerja.Pegawai, error) {
	rows, err := db.Pool.Query(ctx, `
WITH RECURSIVE tree AS (
  SELECT id FROM unit_kerja WHERE id = $1
  UNION ALL
  SELECT u.id FROM unit_kerja u JOIN tree t ON u.parent_id = t.id
)
SELECT id, nip, nama, chat_id, coalesce(bahasa, '') FROM pegawai
WHERE aktif AND 'admin_opd' = ANY(roles) AND chat_id IS NOT NULL AND NOT unreachable AND unit_id IN (SELECT id FROM tree)
ORDER BY id`, opdID)
	if err != nil {
		return nil, pgErr("opd admins", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Pegawai, error) {
		var p kinerja.Pegawai
		err := r.Scan(&p.ID, &p.NIP, &p.Nama, &p.ChatID, &p.Bahasa)
		return p, err
	})
	return out, pgErr("opd admins", err)
}

// AutoApproveMonth approves, as the system, every report dated in month
// still waiting, in one transaction: each is audited ("setujui", no actor,
// otomatis), its cards follow and its author is told (the decision's jobs).
// Reports in a rated (locked) period are left. It returns the approvals per
// atasan.
func (db *DB) AutoApproveMonth(ctx context.Context, month kinerja.Date) ([]jobs.AutoApproved, error) {
	var out []jobs.AutoApproved
	err := db.pgInTx(ctx, "auto approve", func(tx pgx.Tx) error {
		now := db.pgNow()
		rows, err := tx.Query(ctx, `
UPDATE aktivitas a SET status = 'disetujui', otomatis = true, decided_at = $3, version = a.version + 1, updated_at = $3
WHERE a.status = 'diajukan' AND a.tanggal BETWEEN $1 AND $2
  AND NOT EXISTS (SELECT 1 FROM penilaian n WHERE n.pegawai_id = a.pegawai_id AND n.unlocked_at IS NULL
                  AND a.tanggal >= n.periode AND a.tanggal < n.periode + CASE n.jenis_periode WHEN 'triwulan' THEN interval '3 months' ELSE interval '1 month' END)
RETURNING a.id, a.version, a.pegawai_id`, pgDate(month.MonthStart()), pgDate(month.MonthEnd()), now)
		if err != nil {
			return err
		}
		type done struct {
			id, author int64
			version    int
		}
		var all []done
		var d done
		if _, err := pgx.ForEachRow(rows, []any{&d.id, &d.version, &d.author}, func() error {
			all = append(all, d)
			return nil
		}); err != nil {
			return err
		}
		var caused []river.JobArgs
		for _, d := range all {
			if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: now, Action: string(kinerja.ActionSetujui), Entity: "aktivitas", EntityID: d.id,
				Detail: map[string]any{"from": "diajukan", "to": "disetujui", "version": d.version, "otomatis": true}}); err != nil {
				return err
			}
			caused = append(caused, jobs.CardJob{AktivitasID: d.id, Decided: true}, jobs.DecisionNoticeJob{AktivitasID: d.id, Version: d.version})
		}
		if err := db.pgEnqueue(ctx, tx, caused...); err != nil {
			return err
		}
		if len(all) == 0 {
			return nil
		}
		ids := make([]int64, len(all))
		for i, d := range all {
			ids[i] = d.id
		}
		grp, err := tx.Query(ctx, `
SELECT at.id, at.nama, coalesce(at.chat_id, 0), coalesce(at.bahasa, ''), at.unreachable, count(*)
FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id JOIN pegawai at ON at.id = p.atasan_id
WHERE a.id = ANY($1) GROUP BY at.id ORDER BY at.id`, ids)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(grp, func(r pgx.CollectableRow) (jobs.AutoApproved, error) {
			var g jobs.AutoApproved
			a := &g.Atasan
			err := r.Scan(&a.ID, &a.Nama, &a.ChatID, &a.Bahasa, &a.Unreachable, &g.Reports)
			return g, err
		})
		return err
	})
	return out, err
}
