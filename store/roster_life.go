package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// The roster's life (kinerjabot pegawai nonaktif|aktif|lepas): each change
// is one transaction with its audit entry, naming the admin who made it.

// AdminByNIP finds the admin a CLI write action is made by: an active
// person with the role admin or admin_opd. Anyone else is CodeForbidden, an
// unknown NIP CodeNotFound.
func (db *DB) AdminByNIP(ctx context.Context, nip string) (int64, string, error) {
	var id int64
	var nama string
	var aktif bool
	var roles []string
	err := db.Pool.QueryRow(ctx, `SELECT id, nama, aktif, roles FROM pegawai WHERE nip = $1`, nip).Scan(&id, &nama, &aktif, &roles)
	if pgNoRows(err) {
		return 0, "", kinerja.Errorf(kinerja.CodeNotFound, "pegawai_admin.actor_unknown", map[string]any{"NIP": nip})
	}
	if err != nil {
		return 0, "", pgErr("admin by nip", err)
	}
	isAdmin := false
	for _, r := range roles {
		isAdmin = isAdmin || r == string(kinerja.RoleAdmin) || r == string(kinerja.RoleAdminOPD)
	}
	if !aktif || !isAdmin {
		return 0, "", kinerja.Errorf(kinerja.CodeForbidden, "pegawai_admin.actor_not_admin", map[string]any{"NIP": nip, "Nama": nama})
	}
	return id, nama, nil
}

// HasAdmin reports whether the roster has an active admin (admin or
// admin_opd) yet: on a fresh installation nobody can be named for the first
// import.
func (db *DB) HasAdmin(ctx context.Context) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pegawai WHERE aktif AND roles && ARRAY['admin', 'admin_opd'])`).Scan(&ok)
	return ok, pgErr("has admin", err)
}

// IsAdmin reports whether a person is an active admin of the city (role
// admin).
func (db *DB) IsAdmin(ctx context.Context, pegawaiID int64) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pegawai WHERE id = $1 AND aktif AND 'admin' = ANY(roles))`, pegawaiID).Scan(&ok)
	return ok, pgErr("is admin", err)
}

// AktifChange is one activation or deactivation.
type AktifChange struct {
	NIP     string
	Aktif   bool
	Mulai   kinerja.Date // deactivation: from this day (zero: today); a future day is planned
	Alasan  string       // deactivation: why (3–500 characters)
	ActorID int64
	Today   kinerja.Date
}

// AktifResult says what SetAktif did.
type AktifResult struct {
	Nama      string
	Planned   bool // the deactivation waits for Mulai
	Unchanged bool // already so
	Waiting   int  // the person's reports still waiting for a decision (they stay decidable)
}

// SetAktif deactivates a person (from today or a later day) or activates
// them again (which also drops a planned deactivation). An inactive person
// gets no reminder and files no report; their waiting reports stay
// decidable by their atasan.
func (db *DB) SetAktif(ctx context.Context, c AktifChange) (AktifResult, error) {
	var res AktifResult
	if !c.Aktif && c.Mulai.IsZero() {
		c.Mulai = c.Today
	}
	alasan := kinerja.CollapseSpaces(c.Alasan)
	if !c.Aktif && (len([]rune(alasan)) < 3 || len([]rune(alasan)) > 500) {
		return res, kinerja.Errorf(kinerja.CodeInvalid, "pegawai_admin.alasan_required", nil)
	}
	if !c.Aktif && c.Mulai.Before(c.Today.AddDays(-31)) {
		return res, kinerja.Errorf(kinerja.CodeInvalid, "pegawai_admin.mulai_too_old", map[string]any{"Mulai": c.Mulai.Format()})
	}
	var id int64
	defer func() {
		if id != 0 {
			db.forgetPeople("p" + strconv.FormatInt(id, 10))
		}
	}()
	err := db.pgInTx(ctx, "set aktif", func(tx pgx.Tx) error {
		var aktif bool
		var planned *string
		err := tx.QueryRow(ctx, `SELECT id, nama, aktif, nonaktif_mulai::text FROM pegawai WHERE nip = $1 FOR UPDATE`, c.NIP).
			Scan(&id, &res.Nama, &aktif, &planned)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pegawai_admin.nip_unknown", map[string]any{"NIP": c.NIP})
		}
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM aktivitas WHERE pegawai_id = $1 AND status = 'diajukan'`, id).Scan(&res.Waiting); err != nil {
			return err
		}
		now := db.pgNow()
		detail := map[string]any{}
		action := "aktifkan"
		switch {
		case c.Aktif && aktif && planned == nil:
			res.Unchanged = true
			return nil
		case c.Aktif:
			_, err = tx.Exec(ctx, `UPDATE pegawai SET aktif = true, nonaktif_mulai = NULL, nonaktif_alasan = NULL, updated_at = $2 WHERE id = $1`, id, now)
		case !aktif:
			res.Unchanged = true
			return nil
		default:
			action = "nonaktifkan"
			res.Planned = c.Today.Before(c.Mulai)
			detail["mulai"], detail["alasan"] = c.Mulai.String(), alasan
			_, err = tx.Exec(ctx, `UPDATE pegawai SET aktif = $2, nonaktif_mulai = $3, nonaktif_alasan = $4, updated_at = $5 WHERE id = $1`,
				id, res.Planned, pgDate(c.Mulai), alasan, now)
		}
		if err != nil {
			return err
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: now, ActorID: c.ActorID, Action: action, Entity: "pegawai", EntityID: id, Detail: detail})
	})
	return res, err
}

// ApplyDueDeactivations carries out the planned deactivations whose day has
// come (a periodic job), each audited as the system's. It returns how many.
func (db *DB) ApplyDueDeactivations(ctx context.Context, today kinerja.Date) (int, error) {
	n := 0
	err := db.pgInTx(ctx, "due deactivations", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
UPDATE pegawai SET aktif = false, updated_at = $2
WHERE aktif AND nonaktif_mulai IS NOT NULL AND nonaktif_mulai <= $1
RETURNING id, nonaktif_mulai::text, coalesce(nonaktif_alasan, '')`, pgDate(today), db.pgNow())
		if err != nil {
			return err
		}
		type done struct {
			id            int64
			mulai, alasan string
		}
		var all []done
		var d done
		if _, err := pgx.ForEachRow(rows, []any{&d.id, &d.mulai, &d.alasan}, func() error {
			all = append(all, d)
			return nil
		}); err != nil {
			return err
		}
		for _, d := range all {
			if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: db.pgNow(), Action: "nonaktifkan", Entity: "pegawai", EntityID: d.id,
				Detail: map[string]any{"mulai": d.mulai, "alasan": d.alasan, "terjadwal": true}}); err != nil {
				return err
			}
		}
		n = len(all)
		return nil
	})
	return n, err
}

// Unlink takes a person's Telegram account off them (a lost phone, an
// account handed over): they join again with an invitation or their phone
// number. It returns their name and the Telegram id that was linked (0: none,
// nothing changed).
func (db *DB) Unlink(ctx context.Context, nip string, actorID int64) (nama string, telegramID int64, err error) {
	err = db.pgInTx(ctx, "unlink", func(tx pgx.Tx) error {
		var id int64
		var tg *int64
		err := tx.QueryRow(ctx, `SELECT id, nama, telegram_id FROM pegawai WHERE nip = $1 FOR UPDATE`, strings.TrimSpace(nip)).Scan(&id, &nama, &tg)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pegawai_admin.nip_unknown", map[string]any{"NIP": nip})
		}
		if err != nil || tg == nil {
			return err
		}
		telegramID = *tg
		now := db.pgNow()
		if _, err := tx.Exec(ctx, `UPDATE pegawai SET telegram_id = NULL, chat_id = NULL, terhubung_pada = NULL, updated_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{At: now, ActorID: actorID, Action: "lepas", Entity: "pegawai", EntityID: id})
	})
	if err == nil && telegramID != 0 {
		db.forgetPeople("t" + strconv.FormatInt(telegramID, 10))
	}
	return nama, telegramID, err
}
