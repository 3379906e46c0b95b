package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"kinerjabot/kinerja"
)

// LinkByPhone links a Telegram account to the one active pegawai whose phone
// (E.164) it shared, in one audited transaction. Refusals are domain errors:
// no such phone → CodeNotFound "onboarding.phone_not_found"; several active
// people share it → CodeConflict "onboarding.phone_ambiguous"; the account is
// linked to someone else → "onboarding.account_linked"; that pegawai is
// linked to another account → "onboarding.nip_linked_elsewhere". Linking the
// account that is already linked to that pegawai is success.
func (db *DB) LinkByPhone(ctx context.Context, phone string, telegramID, chatID int64) (*kinerja.Pegawai, error) {
	now := db.pgNow()
	var id int64
	err := db.pgInTx(ctx, "link by phone", func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, coalesce(telegram_id, 0) FROM pegawai WHERE telepon = $1 AND aktif FOR UPDATE`, phone)
		if err != nil {
			return err
		}
		type match struct{ id, tg int64 }
		ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (match, error) {
			var m match
			return m, r.Scan(&m.id, &m.tg)
		})
		if err != nil {
			return err
		}
		switch {
		case len(ms) == 0:
			return kinerja.Errorf(kinerja.CodeNotFound, "onboarding.phone_not_found", nil)
		case len(ms) > 1:
			return kinerja.Errorf(kinerja.CodeConflict, "onboarding.phone_ambiguous", nil)
		}
		id = ms[0].id
		return pgLinkAccount(ctx, tx, id, ms[0].tg, telegramID, chatID, "phone", now)
	})
	if err != nil {
		return nil, err
	}
	db.forgetPeople(fmt.Sprintf("p%d t%d", id, telegramID))
	return db.pegawaiByID(ctx, id)
}

// pgLinkAccount writes telegram_id/chat_id on pegawai id (whose current
// telegram_id is current, 0 when none) after the checks every way of linking
// shares, and audits it.
func pgLinkAccount(ctx context.Context, tx pgx.Tx, id, current, telegramID, chatID int64, via string, now time.Time) error {
	if current != 0 && current != telegramID {
		return kinerja.Errorf(kinerja.CodeConflict, "onboarding.nip_linked_elsewhere", nil)
	}
	var other int64
	err := tx.QueryRow(ctx, `SELECT id FROM pegawai WHERE telegram_id = $1 AND id <> $2`, telegramID, id).Scan(&other)
	if err == nil {
		return kinerja.Errorf(kinerja.CodeConflict, "onboarding.account_linked", nil)
	}
	if !pgNoRows(err) {
		return err
	}
	if current == telegramID {
		_, err = tx.Exec(ctx, `UPDATE pegawai SET chat_id = $2, unreachable = false, updated_at = $3 WHERE id = $1`, id, chatID, now)
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE pegawai SET telegram_id = $2, chat_id = $3, unreachable = false, updated_at = $4, terhubung_pada = $4 WHERE id = $1`,
		id, telegramID, chatID, now)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == pgUniqueViolation {
		// Linked to another pegawai by a concurrent link that committed first.
		return kinerja.Errorf(kinerja.CodeConflict, "onboarding.account_linked", nil)
	}
	if err != nil {
		return err
	}
	return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
		At: now, ActorID: id, Action: "account_linked", Entity: "pegawai", EntityID: id,
		Detail: map[string]any{"via": via},
	})
}

// Profile is what the welcome shows about a person.
type Profile struct {
	Unit   string
	Atasan string // "" when none
}

// PegawaiProfile returns the unit and supervisor names of a person.
func (db *DB) PegawaiProfile(ctx context.Context, pegawaiID int64) (Profile, error) {
	var p Profile
	err := db.Pool.QueryRow(ctx, `
SELECT coalesce(u.nama, ''), coalesce(a.nama, '')
FROM pegawai p LEFT JOIN unit_kerja u ON u.id = p.unit_id LEFT JOIN pegawai a ON a.id = p.atasan_id
WHERE p.id = $1`, pegawaiID).Scan(&p.Unit, &p.Atasan)
	if pgNoRows(err) {
		return p, kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
	}
	return p, pgErr("pegawai profile", err)
}
