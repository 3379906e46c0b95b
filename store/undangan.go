package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// Invitations (undangan): an admin creates one for a pegawai; its payload
// travels in a Telegram deep link (t.me/<bot>?start=<payload>); the person who
// opens it is linked to that pegawai. Only the SHA-256 of the payload is
// stored, so the table does not hold usable links.

// InvitePayloadBytes is the randomness of a payload: 192 bits, 32 characters
// of base64url without padding (Telegram allows 64 of A-Za-z0-9_-).
const InvitePayloadBytes = 24

// Bounds of an invitation's validity.
const (
	InviteMinTTL     = time.Minute
	InviteMaxTTL     = 90 * 24 * time.Hour
	InviteDefaultTTL = 14 * 24 * time.Hour
)

// inviteHash is what undangan.token_hash holds for a payload.
func inviteHash(payload string) []byte {
	h := sha256.Sum256([]byte(payload))
	return h[:]
}

// validPayload reports whether s can be a deep-link payload at all.
func validPayload(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// CreateInvite creates a single-use invitation for the pegawai with this NIP,
// valid for ttl (InviteMinTTL to InviteMaxTTL), created by createdBy (a
// pegawai id, 0 for the system). It returns the payload, which is stored
// nowhere (only its SHA-256), and when it expires. Older unused invitations
// of that pegawai expire at once: only the newest link works. Audited as
// "invite_created" (never the payload).
//
// Refusals: a malformed NIP → CodeInvalid "pegawai.nip_invalid"; an unknown
// one → CodeNotFound "invite.nip_unknown"; an inactive pegawai →
// CodeForbidden "invite.pegawai_inactive"; a pegawai already linked to a
// Telegram account → CodeConflict "invite.already_linked" (unlink first);
// ttl out of bounds → CodeInvalid "invite.bad_ttl".
func (db *DB) CreateInvite(ctx context.Context, nip string, ttl time.Duration, createdBy int64) (payload string, expires time.Time, err error) {
	nip = normNIP(nip)
	if !kinerja.ValidNIP(nip) {
		return "", time.Time{}, kinerja.Errorf(kinerja.CodeInvalid, "pegawai.nip_invalid", map[string]any{"NIP": nip})
	}
	if ttl < InviteMinTTL || ttl > InviteMaxTTL {
		return "", time.Time{}, kinerja.Errorf(kinerja.CodeInvalid, "invite.bad_ttl", map[string]any{"Value": ttl.String()})
	}
	buf := make([]byte, InvitePayloadBytes)
	if _, err := rand.Read(buf); err != nil {
		return "", time.Time{}, err
	}
	payload = base64.RawURLEncoding.EncodeToString(buf)
	now := db.pgNow()
	expires = now.Add(ttl)
	err = db.pgInTx(ctx, "create invite", func(tx pgx.Tx) error {
		var id, telegramID int64
		var nama string
		var aktif bool
		err := tx.QueryRow(ctx, `SELECT id, nama, aktif, coalesce(telegram_id, 0) FROM pegawai WHERE nip = $1 FOR UPDATE`, nip).
			Scan(&id, &nama, &aktif, &telegramID)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "invite.nip_unknown", map[string]any{"NIP": nip})
		}
		if err != nil {
			return err
		}
		args := map[string]any{"NIP": nip, "Nama": nama}
		if !aktif {
			return kinerja.Errorf(kinerja.CodeForbidden, "invite.pegawai_inactive", args)
		}
		if telegramID != 0 {
			return kinerja.Errorf(kinerja.CodeConflict, "invite.already_linked", args)
		}
		tag, err := tx.Exec(ctx, `UPDATE undangan SET expires_at = $2 WHERE pegawai_id = $1 AND used_at IS NULL AND expires_at > $2`,
			id, now)
		if err != nil {
			return err
		}
		var inviteID int64
		if err := tx.QueryRow(ctx, `
INSERT INTO undangan (pegawai_id, token_hash, expires_at, created_by, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, inviteHash(payload), expires, pgID(createdBy), now).Scan(&inviteID); err != nil {
			return err
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: createdBy, Action: "invite_created", Entity: "undangan", EntityID: inviteID,
			Detail: map[string]any{"pegawai_id": id, "expires_at": expires.Format(time.RFC3339), "superseded": tag.RowsAffected()},
		})
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return payload, expires, nil
}

// RedeemInvite links telegramID/chatID to the invited pegawai, in one
// transaction (SELECT … FOR UPDATE on the invite), and marks the invite used,
// audited ("account_linked", detail {"via":"invite"}, the pegawai as actor).
// "Now" is taken once from the store's clock.
//
// Refusals, in this order: unknown or garbled payload → CodeNotFound
// "onboarding.invite_invalid"; already used → CodeConflict
// "onboarding.invite_used"; expired → CodeInvalid "onboarding.invite_expired";
// the pegawai is inactive → CodeForbidden "onboarding.pegawai_inactive"; that
// pegawai is linked to another Telegram account → CodeConflict
// "onboarding.nip_linked_elsewhere"; this Telegram account is linked to
// another pegawai → CodeConflict "onboarding.account_linked".
//
// Idempotent: redeeming by the account the pegawai is already linked to
// succeeds (the invite is then marked used, nothing is audited), and so does
// redeeming again, by the same account, an invite it already used while the
// link still stands (a redelivered /start after a crash).
func (db *DB) RedeemInvite(ctx context.Context, payload string, telegramID, chatID int64) (*kinerja.Pegawai, error) {
	if !validPayload(payload) {
		return nil, kinerja.Errorf(kinerja.CodeNotFound, "onboarding.invite_invalid", nil)
	}
	now := db.pgNow()
	var out *kinerja.Pegawai
	err := db.pgInTx(ctx, "redeem invite", func(tx pgx.Tx) error {
		var inviteID, pegawaiID, usedBy int64
		var expiresAt time.Time
		var used bool
		err := tx.QueryRow(ctx, `
SELECT id, pegawai_id, expires_at, used_at IS NOT NULL, coalesce(used_by_telegram_id, 0)
FROM undangan WHERE token_hash = $1 FOR UPDATE`, inviteHash(payload)).Scan(&inviteID, &pegawaiID, &expiresAt, &used, &usedBy)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "onboarding.invite_invalid", nil)
		}
		if err != nil {
			return err
		}
		p, err := pgLockPegawai(ctx, tx, pegawaiID)
		if err != nil {
			return err
		}
		if used {
			if usedBy == telegramID && p.TelegramID == telegramID {
				out = p
				return nil
			}
			return kinerja.Errorf(kinerja.CodeConflict, "onboarding.invite_used", nil)
		}
		if !now.Before(expiresAt) {
			return kinerja.Errorf(kinerja.CodeInvalid, "onboarding.invite_expired", nil)
		}
		if !p.Aktif {
			return kinerja.Errorf(kinerja.CodeForbidden, "onboarding.pegawai_inactive", nil)
		}
		if err := pgLinkAccount(ctx, tx, p.ID, p.TelegramID, telegramID, chatID, "invite", now); err != nil {
			return err
		}
		p.TelegramID, p.ChatID, p.Unreachable = telegramID, chatID, false
		if _, err := tx.Exec(ctx, `UPDATE undangan SET used_at = $2, used_by_telegram_id = $3 WHERE id = $1`,
			inviteID, now, telegramID); err != nil {
			return err
		}
		out = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.forgetPeople(fmt.Sprintf("p%d t%d", out.ID, telegramID))
	return out, nil
}

// pgLockPegawai reads and locks one pegawai. IsAssessor says whether an
// active person has them as atasan (delegations, which depend on the day,
// are left to PegawaiByTelegramID).
func pgLockPegawai(ctx context.Context, tx pgx.Tx, id int64) (*kinerja.Pegawai, error) {
	var p kinerja.Pegawai
	var roles []string
	err := tx.QueryRow(ctx, `
SELECT p.id, p.nip, p.nama, coalesce(p.jabatan, ''), coalesce(p.jenis_jabatan, ''),
       coalesce(p.unit_id, 0), coalesce(p.atasan_id, 0), coalesce(p.telepon, ''),
       coalesce(p.telegram_id, 0), coalesce(p.chat_id, 0), p.roles,
       coalesce(p.bahasa, ''), coalesce(p.zona, ''), p.aktif, p.unreachable,
       EXISTS (SELECT 1 FROM pegawai s WHERE s.atasan_id = p.id AND s.aktif)
FROM pegawai p WHERE p.id = $1 FOR UPDATE OF p`, id).Scan(
		&p.ID, &p.NIP, &p.Nama, &p.Jabatan, &p.JenisJabatan,
		&p.UnitID, &p.AtasanID, &p.Telepon,
		&p.TelegramID, &p.ChatID, &roles,
		&p.Bahasa, &p.Zona, &p.Aktif, &p.Unreachable,
		&p.IsAssessor)
	if err != nil {
		return nil, err
	}
	p.Roles = make([]kinerja.Role, len(roles))
	for i, r := range roles {
		p.Roles[i] = kinerja.Role(r)
	}
	return &p, nil
}

// OPDMember is one active person of an OPD, for bulk invitations.
type OPDMember struct {
	NIP, Nama, Unit string
	Linked          bool
}

// OPDMembers lists the active people of an OPD (its top-level unit and every
// unit under it), by unit and name.
func (db *DB) OPDMembers(ctx context.Context, opdID int64) ([]OPDMember, error) {
	rows, err := db.Pool.Query(ctx, `
WITH RECURSIVE tree AS (
  SELECT id FROM unit_kerja WHERE id = $1
  UNION ALL
  SELECT u.id FROM unit_kerja u JOIN tree t ON u.parent_id = t.id
)
SELECT p.nip, p.nama, u.nama, p.telegram_id IS NOT NULL
FROM pegawai p JOIN unit_kerja u ON u.id = p.unit_id
WHERE p.aktif AND p.unit_id IN (SELECT id FROM tree)
ORDER BY u.id, p.nama, p.nip`, opdID)
	if err != nil {
		return nil, pgErr("opd members", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OPDMember, error) {
		var m OPDMember
		err := r.Scan(&m.NIP, &m.Nama, &m.Unit, &m.Linked)
		return m, err
	})
	return out, pgErr("opd members", err)
}
