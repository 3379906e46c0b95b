package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
)

// Days declared away (issue 15, table pernyataan_hari): "Saya cuti / dinas
// luar hari ini". DeclareDay records the declaration and enqueues the one
// request to the assessor; DecideDeclaration confirms or refuses it,
// authorised in its own transaction like a decision on a report
// (pgAssessorOf: the declarer's atasan, or the holder of a delegation from
// that atasan covering today; never the declarer), and enqueues the one
// answer to the declarer. Both are audited (entity "pernyataan"), and so
// is every refused press. A confirmed cuti or sakit is read as leave
// through the view cuti_berlaku, beside the imported spans.

const pgDeclarationSelect = `
SELECT h.id, h.pegawai_id, p.nama, p.nip, h.tanggal, h.jenis, h.status, coalesce(h.pengingat_id, 0),
       coalesce(h.penerima_id, 0), coalesce(r.nama, a.nama, ''),
       coalesce(h.diputus_oleh, 0), coalesce(d.nama, ''), coalesce(h.atas_nama, 0), coalesce(o.nama, ''),
       h.diputus_pada, h.dibuat
FROM pernyataan_hari h
JOIN pegawai p ON p.id = h.pegawai_id
LEFT JOIN pegawai r ON r.id = h.penerima_id
LEFT JOIN pegawai a ON a.id = p.atasan_id
LEFT JOIN pegawai d ON d.id = h.diputus_oleh
LEFT JOIN pegawai o ON o.id = h.atas_nama
WHERE `

func pgScanDeclaration(row pgx.Row) (kinerja.DayDeclaration, error) {
	var v kinerja.DayDeclaration
	var tanggal pgtype.Date
	var status string
	var decided, created pgtype.Timestamptz
	err := row.Scan(&v.ID, &v.PegawaiID, &v.Nama, &v.NIP, &tanggal, &v.Jenis, &status, &v.PengingatID,
		&v.PenerimaID, &v.PenerimaNama, &v.DecidedBy, &v.DecidedByNama, &v.OnBehalfOf, &v.OnBehalfOfNama,
		&decided, &created)
	v.Tanggal, v.Status = pgDateOf(tanggal), kinerja.DeclarationStatus(status)
	v.DecidedAt, v.CreatedAt = pgTime(decided), pgTime(created)
	return v, err
}

// DeclarationByID returns one declaration (CodeNotFound "pernyataan.not_found").
func (db *DB) DeclarationByID(ctx context.Context, id int64) (kinerja.DayDeclaration, error) {
	v, err := pgScanDeclaration(db.Pool.QueryRow(ctx, pgDeclarationSelect+`h.id = $1`, id))
	if pgNoRows(err) {
		return v, kinerja.Errorf(kinerja.CodeNotFound, "pernyataan.not_found", nil)
	}
	return v, pgErr("declaration", err)
}

// DeclarationOn returns the person's live (waiting or confirmed)
// declaration of day d, nil when there is none.
func (db *DB) DeclarationOn(ctx context.Context, pegawaiID int64, d kinerja.Date) (*kinerja.DayDeclaration, error) {
	v, err := pgScanDeclaration(db.Pool.QueryRow(ctx, pgDeclarationSelect+`h.pegawai_id = $1 AND h.tanggal = $2 AND h.status <> 'ditolak'`,
		pegawaiID, pgDate(d)))
	if pgNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, pgErr("declaration on", err)
	}
	return &v, nil
}

// DeclaredDays lists the days from..to that the person declared away and
// that are still live (waiting or confirmed, any kind): the reminder rules
// count none of them as missed.
func (db *DB) DeclaredDays(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Date, error) {
	rows, err := db.Pool.Query(ctx, `
SELECT tanggal FROM pernyataan_hari WHERE pegawai_id = $1 AND tanggal BETWEEN $2 AND $3 AND status <> 'ditolak' ORDER BY tanggal`,
		pegawaiID, pgDate(from), pgDate(to))
	if err != nil {
		return nil, pgErr("declared days", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (kinerja.Date, error) {
		var d pgtype.Date
		err := r.Scan(&d)
		return pgDateOf(d), err
	})
	return out, pgErr("declared days", err)
}

// DeclareDay records that pegawaiID is away on day (today, in the
// deployment's zone) for jenis (kinerja.LeaveCuti, LeaveSakit or
// LeaveDinasLuar), declared from nudge pengingatID (0: from /lapor), and,
// in the same transaction, its audit entry ("nyatakan_hari", entity pernyataan)
// and the job that asks one assessor to confirm it: the atasan, or a Plt/Plh
// of the atasan when the atasan is on leave that day or cannot be reached
// (pgDeclarationRecipient). When nobody can be reached, the declaration
// still stands (the person acted; the day's reminders stop) and the answer
// names the atasan, to be told in person.
//
// Refusals: an inactive person (CodeForbidden "onboarding.pegawai_inactive");
// nobody to confirm (CodeConflict "pernyataan.tanpa_atasan"); a national
// holiday or cuti bersama (CodeConflict "pernyataan.libur", Args Name); a
// rated period (CodeConflict "penilaian.locked"); a live declaration of the
// day already (CodeConflict "pernyataan.sudah", Args Kind, Status, Atasan,
// with the declaration).
func (db *DB) DeclareDay(ctx context.Context, pegawaiID int64, day kinerja.Date, jenis string, pengingatID int64) (kinerja.DayDeclaration, error) {
	req := struct {
		PegawaiID   int64
		Tanggal     kinerja.Date
		Jenis       string
		PengingatID int64
	}{pegawaiID, day, jenis, pengingatID}
	if !kinerja.ValidDeclarationKind(req.Jenis) || req.Tanggal.IsZero() {
		return kinerja.DayDeclaration{}, kinerja.Errorf(kinerja.CodeInvalid, "callback.expired", nil)
	}
	var out kinerja.DayDeclaration
	err := db.pgInTx(ctx, "declare day", func(tx pgx.Tx) error {
		now := db.pgNow()
		var aktif bool
		var atasan int64
		// The person's row is locked: two presses (two devices) take turns.
		err := tx.QueryRow(ctx, `SELECT aktif, coalesce(atasan_id, 0) FROM pegawai WHERE id = $1 FOR NO KEY UPDATE`, req.PegawaiID).
			Scan(&aktif, &atasan)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
		}
		if err != nil {
			return err
		}
		if !aktif {
			return kinerja.Errorf(kinerja.CodeForbidden, "onboarding.pegawai_inactive", nil)
		}
		if atasan == 0 {
			return kinerja.Errorf(kinerja.CodeConflict, "pernyataan.tanpa_atasan", nil)
		}
		if cur, err := pgScanDeclaration(tx.QueryRow(ctx, pgDeclarationSelect+`h.pegawai_id = $1 AND h.tanggal = $2 AND h.status <> 'ditolak'`,
			req.PegawaiID, pgDate(req.Tanggal))); err == nil {
			out = cur
			return pgAlreadyDeclared(cur)
		} else if !pgNoRows(err) {
			return err
		}
		var holiday string
		if err := tx.QueryRow(ctx, `SELECT keterangan FROM hari_libur WHERE tanggal = $1`, pgDate(req.Tanggal)).Scan(&holiday); err == nil {
			return kinerja.Errorf(kinerja.CodeConflict, "pernyataan.libur", map[string]any{"Name": holiday})
		} else if !pgNoRows(err) {
			return err
		}
		if err := pgRefuseLocked(ctx, tx, req.PegawaiID, req.Tanggal); err != nil {
			return err
		}
		penerima, err := pgDeclarationRecipient(ctx, tx, req.PegawaiID, atasan, req.Tanggal)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `
INSERT INTO pernyataan_hari (pegawai_id, tanggal, jenis, pengingat_id, penerima_id, dibuat)
VALUES ($1, $2, $3, (SELECT id FROM pengingat WHERE id = $4 AND pegawai_id = $1), $5, $6)
RETURNING id`, req.PegawaiID, pgDate(req.Tanggal), req.Jenis, req.PengingatID, pgID(penerima), now).Scan(&id); err != nil {
			return err
		}
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: now, ActorID: req.PegawaiID, Action: "nyatakan_hari", Entity: "pernyataan",
			EntityID: id, Detail: map[string]any{"tanggal": req.Tanggal.String(), "jenis": req.Jenis,
				"pengingat_id": req.PengingatID, "penerima_id": penerima}}); err != nil {
			return err
		}
		if out, err = pgScanDeclaration(tx.QueryRow(ctx, pgDeclarationSelect+`h.id = $1`, id)); err != nil {
			return err
		}
		if penerima == 0 {
			return nil
		}
		return db.pgEnqueue(ctx, tx, jobs.DeclarationRequestJob{PernyataanID: id})
	})
	return out, err
}

// pgDeclarationRecipient picks who is asked to confirm pegawaiID's
// declaration of day d — one person, one message: of the people who may
// decide for them that day (pgAssessors: the active atasan, and active
// holders of a delegation from the atasan), the atasan when they can be
// reached and are not on leave that day (imported or confirmed cuti or
// sakit, or a cuti or sakit they declared themselves), else a delegate
// (Plt/Plh) who can be reached, else the atasan if reachable at all; 0
// when nobody can be reached. Never the declarer.
func pgDeclarationRecipient(ctx context.Context, tx pgx.Tx, pegawaiID, atasanID int64, d kinerja.Date) (int64, error) {
	people, err := pgAssessors(ctx, tx, pegawaiID, d)
	if err != nil {
		return 0, err
	}
	var atasan, delegate int64
	for _, p := range people {
		switch {
		case p.ID == pegawaiID || p.ChatID == 0 || p.Unreachable:
		case p.ID == atasanID:
			atasan = p.ID
		case delegate == 0:
			delegate = p.ID
		}
	}
	if atasan == 0 || delegate == 0 {
		return max(atasan, delegate), nil
	}
	var away bool
	if err := tx.QueryRow(ctx, `
SELECT EXISTS (SELECT 1 FROM cuti_berlaku c WHERE c.pegawai_id = $1 AND c.mulai <= $2 AND c.selesai >= $2 AND c.jenis <> 'dinas_luar')
    OR EXISTS (SELECT 1 FROM pernyataan_hari h WHERE h.pegawai_id = $1 AND h.tanggal = $2 AND h.status = 'diajukan' AND h.jenis <> 'dinas_luar')`,
		atasan, pgDate(d)).Scan(&away); err != nil {
		return 0, err
	}
	if away {
		return delegate, nil
	}
	return atasan, nil
}

// pgAlreadyDeclared is the refusal of a second declaration of a day.
func pgAlreadyDeclared(cur kinerja.DayDeclaration) error {
	return kinerja.Errorf(kinerja.CodeConflict, "pernyataan.sudah", map[string]any{
		"Kind": cur.Jenis, "Status": string(cur.Status), "Atasan": cur.PenerimaNama})
}

// DecideDeclaration confirms (confirm) or refuses a waiting declaration as
// actorID on business date today, in one transaction with its audit entry
// ("konfirmasi_hari" or "tolak_hari", entity pernyataan, on behalf of the atasan when a
// Plt/Plh decides) and the job that tells the declarer.
//
// Refusals, in this order: unknown declaration → CodeNotFound
// "pernyataan.not_found"; actorID may not decide for the declarer today →
// CodeForbidden "pernyataan.forbidden"; already decided → CodeConflict
// "pernyataan.sudah_diputuskan" (Args By, Atas, At, Status, ByID); a rated
// period → CodeConflict "penilaian.locked". Every refusal is audited
// ("ditolak_konfirmasi_hari" / "ditolak_tolak_hari" with why).
func (db *DB) DecideDeclaration(ctx context.Context, id, actorID int64, confirm bool, today kinerja.Date) (kinerja.DayDeclaration, error) {
	action, to := "tolak_hari", kinerja.DeclarationDitolak
	if confirm {
		action, to = "konfirmasi_hari", kinerja.DeclarationDisetujui
	}
	var out kinerja.DayDeclaration
	err := db.pgInTx(ctx, "decide declaration", func(tx pgx.Tx) error {
		now := db.pgNow()
		cur, err := pgScanDeclaration(tx.QueryRow(ctx, pgDeclarationSelect+`h.id = $1 FOR UPDATE OF h`, id))
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pernyataan.not_found", nil)
		}
		if err != nil {
			return err
		}
		onBehalf, ok, err := pgAssessorOf(ctx, tx, cur.PegawaiID, actorID, today)
		if err != nil {
			return err
		}
		if !ok {
			return kinerja.Errorf(kinerja.CodeForbidden, "pernyataan.forbidden", nil)
		}
		out = cur
		if cur.Status != kinerja.DeclarationDiajukan {
			return kinerja.Errorf(kinerja.CodeConflict, "pernyataan.sudah_diputuskan", map[string]any{
				"By": cur.DecidedByNama, "Atas": cur.OnBehalfOfNama, "At": cur.DecidedAt, "Status": string(cur.Status), "ByID": cur.DecidedBy})
		}
		if err := pgRefuseLocked(ctx, tx, cur.PegawaiID, cur.Tanggal); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
UPDATE pernyataan_hari SET status = $2, diputus_oleh = $3, atas_nama = $4, diputus_pada = $5 WHERE id = $1`,
			id, string(to), actorID, pgID(onBehalf), now); err != nil {
			return err
		}
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: now, ActorID: actorID, OnBehalfOf: onBehalf, Action: action,
			Entity: "pernyataan", EntityID: id, Detail: map[string]any{"from": string(cur.Status), "to": string(to),
				"pegawai_id": cur.PegawaiID, "tanggal": cur.Tanggal.String(), "jenis": cur.Jenis}}); err != nil {
			return err
		}
		if out, err = pgScanDeclaration(tx.QueryRow(ctx, pgDeclarationSelect+`h.id = $1`, id)); err != nil {
			return err
		}
		return db.pgEnqueue(ctx, tx, jobs.DeclarationAnswerJob{PernyataanID: id})
	})
	switch code := kinerja.ErrorCode(err); code {
	case kinerja.CodeForbidden, kinerja.CodeConflict, kinerja.CodeNotFound:
		db.RecordDeclarationRefusal(ctx, actorID, id, action, string(code))
	}
	return out, err
}

// RecordDeclarationRefusal audits a refused press about declaration id (a
// forged or stale button), as RecordRefusal does for reports: the first
// RefusalsAuditedPerHour of a person an hour one row each, the rest
// counted.
func (db *DB) RecordDeclarationRefusal(ctx context.Context, actorID, id int64, action, why string) {
	db.recordRefusal(ctx, actorID, "pernyataan", id, action, why, false)
}

// DeclarationData reads a declaration with the people its messages go to
// (CodeNotFound when it is gone).
func (db *DB) DeclarationData(ctx context.Context, id int64) (jobs.DeclarationData, error) {
	var out jobs.DeclarationData
	v, err := db.DeclarationByID(ctx, id)
	if err != nil {
		return out, err
	}
	out.Declaration = v
	today := kinerja.DateOf(db.now(), time.UTC) // IsAssessor is not used by these messages
	for _, who := range []struct {
		id int64
		to *kinerja.Pegawai
	}{{v.PegawaiID, &out.Declarer}, {v.PenerimaID, &out.Penerima}} {
		if who.id == 0 {
			continue
		}
		p, err := db.PegawaiAt(ctx, who.id, today)
		if err != nil {
			return out, err
		}
		if p != nil {
			*who.to = *p
		}
	}
	return out, nil
}
