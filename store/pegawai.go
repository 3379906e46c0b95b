package store

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// PegawaiByTelegramID returns the pegawai linked to a Telegram account, or
// nil, nil when none is. Inactive people are returned too (Aktif false), so
// the caller can tell them why nothing works. IsAssessor is derived: someone
// active has this person as atasan, or this person holds a delegation (Plt/Plh)
// not revoked and covering today, the business date in the deployment's zone.
func (db *DB) PegawaiByTelegramID(ctx context.Context, telegramID int64, today kinerja.Date) (*kinerja.Pegawai, error) {
	return db.pgPegawaiWhere(ctx, "p.telegram_id = $1", telegramID, today)
}

// pegawaiByID returns one person (nil, nil when unknown); IsAssessor counts
// delegations covering today in UTC, which callers that need it exactly use
// PegawaiByTelegramID for.
func (db *DB) pegawaiByID(ctx context.Context, id int64) (*kinerja.Pegawai, error) {
	return db.pgPegawaiWhere(ctx, "p.id = $1", id, kinerja.DateOf(db.pgNow(), time.UTC))
}

func (db *DB) pgPegawaiWhere(ctx context.Context, where string, arg any, today kinerja.Date) (*kinerja.Pegawai, error) {
	return pgScanPegawai(db.Pool.QueryRow(ctx, pgPegawaiSelect+where, arg, pgDate(today)))
}

// pgPegawaiSelect reads one person for pgScanPegawai; the WHERE clause
// that follows has the person in $1, and $2 is today.
const pgPegawaiSelect = `
SELECT p.id, p.nip, p.nama, coalesce(p.jabatan, ''), coalesce(p.jenis_jabatan, ''),
       coalesce(p.unit_id, 0), coalesce(p.atasan_id, 0), coalesce(p.telepon, ''),
       coalesce(p.telegram_id, 0), coalesce(p.chat_id, 0), p.roles,
       coalesce(p.bahasa, ''), coalesce(p.zona, ''), p.aktif, p.unreachable, coalesce(p.daftar_jam, 0),
       EXISTS (SELECT 1 FROM pegawai s WHERE s.atasan_id = p.id AND s.aktif)
       OR EXISTS (SELECT 1 FROM delegasi d
                  WHERE d.ke_id = p.id AND d.revoked_at IS NULL AND d.mulai <= $2 AND d.selesai >= $2)
FROM pegawai p
WHERE `

// pgScanPegawai scans a row of pgPegawaiSelect: nil, nil when there is none.
func pgScanPegawai(row pgx.Row) (*kinerja.Pegawai, error) {
	var p kinerja.Pegawai
	var roles []string
	var daftar int16
	err := row.Scan(
		&p.ID, &p.NIP, &p.Nama, &p.Jabatan, &p.JenisJabatan,
		&p.UnitID, &p.AtasanID, &p.Telepon,
		&p.TelegramID, &p.ChatID, &roles,
		&p.Bahasa, &p.Zona, &p.Aktif, &p.Unreachable, &daftar,
		&p.IsAssessor,
	)
	p.DaftarJam = time.Duration(daftar) * time.Minute
	if pgNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, pgErr("pegawai", err)
	}
	p.Roles = make([]kinerja.Role, len(roles))
	for i, r := range roles {
		p.Roles[i] = kinerja.Role(r)
	}
	return &p, nil
}

// SetUnreachable records whether the bot can message this Telegram account
// (403 from Telegram sets it, any update from the person clears it). It is
// called on every incoming update, so it writes only when the flag changes:
// the common case is an index lookup that updates nothing. An unknown
// account is not an error.
func (db *DB) SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error {
	tag, err := db.Pool.Exec(ctx,
		`UPDATE pegawai SET unreachable = $2, updated_at = $3 WHERE telegram_id = $1 AND unreachable <> $2`,
		telegramID, unreachable, db.pgNow())
	if err == nil && tag.RowsAffected() > 0 {
		db.forgetPeople("t" + strconv.FormatInt(telegramID, 10))
	}
	return pgErr("set unreachable", err)
}

// SetBahasa records the language a person chose: "id", "en", or "" to go
// back to the default (Indonesian). A change is audited with the person as
// actor; choosing the current language changes nothing.
func (db *DB) SetBahasa(ctx context.Context, pegawaiID int64, bahasa string) error {
	if bahasa != "" && bahasa != "id" && bahasa != "en" {
		return kinerja.Errorf(kinerja.CodeInvalid, "pegawai.bahasa_invalid", nil)
	}
	now := db.pgNow()
	defer db.forgetPeople("p" + strconv.FormatInt(pegawaiID, 10))
	return db.pgInTx(ctx, "set bahasa", func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT coalesce(bahasa, '') FROM pegawai WHERE id = $1 FOR UPDATE`, pegawaiID).Scan(&old)
		if pgNoRows(err) {
			return kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
		}
		if err != nil {
			return err
		}
		if old == bahasa {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE pegawai SET bahasa = $2, updated_at = $3 WHERE id = $1`,
			pegawaiID, pgText(bahasa), now); err != nil {
			return err
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: pegawaiID, Action: "bahasa", Entity: "pegawai", EntityID: pegawaiID,
			Detail: map[string]any{"from": old, "to": bahasa},
		})
	})
}

// ReminderPrefs returns a person's reminder settings (/pengaturan).
func (db *DB) ReminderPrefs(ctx context.Context, pegawaiID int64) (kinerja.ReminderPrefs, error) {
	p, _, err := pgReminderPrefs(ctx, db.Pool, pegawaiID, "")
	return p, err
}

// pgReminderPrefs reads the settings, with lock appended to the query
// (" FOR UPDATE" inside a change); the raw hour is returned for the audit.
func pgReminderPrefs(ctx context.Context, q pgQuerier, pegawaiID int64, lock string) (kinerja.ReminderPrefs, *int16, error) {
	return pgScanReminderPrefs(q.QueryRow(ctx, pgReminderPrefsSelect+`$1`+lock, pegawaiID))
}

// pgReminderPrefsSelect reads the settings of the person whose id follows.
const pgReminderPrefsSelect = `SELECT pengingat_jam, pengingat_mati, coalesce(zona, ''), coalesce(daftar_jam, 0) FROM pegawai WHERE id = `

func pgScanReminderPrefs(row pgx.Row) (kinerja.ReminderPrefs, *int16, error) {
	var p kinerja.ReminderPrefs
	var jam *int16
	var off []string
	var daftar int16
	err := row.Scan(&jam, &off, &p.Zona, &daftar)
	p.Daftar = time.Duration(daftar) * time.Minute
	if pgNoRows(err) {
		return p, nil, kinerja.Errorf(kinerja.CodeNotFound, "pegawai.not_found", nil)
	}
	if err != nil {
		return p, nil, pgErr("reminder prefs", err)
	}
	if jam != nil {
		p.At = time.Duration(*jam) * time.Minute
	}
	for _, k := range off {
		p.Off = append(p.Off, kinerja.ReminderKind(k))
	}
	return p, jam, nil
}

// UpdateReminderPrefs applies change to a person's reminder settings under
// the row's lock, checks the result, stores it and audits what changed
// ("pengaturan", entity pegawai, from and to; "daftar" for how a supervisor
// receives their team's reports: null for a card per report, else the
// daily list's minute of the day), all in one transaction; a change that
// changes nothing writes nothing.
func (db *DB) UpdateReminderPrefs(ctx context.Context, pegawaiID int64, change func(*kinerja.ReminderPrefs)) error {
	now := db.pgNow()
	defer db.forgetPeople("p" + strconv.FormatInt(pegawaiID, 10))
	return db.pgInTx(ctx, "set reminder prefs", func(tx pgx.Tx) error {
		old, oldJam, err := pgReminderPrefs(ctx, tx, pegawaiID, " FOR UPDATE")
		if err != nil {
			return err
		}
		p := old
		p.Off = slices.Clone(old.Off)
		change(&p)
		if err := p.Validate(); err != nil {
			return err
		}
		var jam *int16
		if p.At != 0 {
			v := int16(p.At / time.Minute)
			jam = &v
		}
		oldOff := make([]string, 0, len(old.Off))
		for _, k := range old.Off {
			oldOff = append(oldOff, string(k))
		}
		off := make([]string, 0, len(p.Off))
		for _, k := range p.Off {
			off = append(off, string(k))
		}
		slices.Sort(off)
		off = slices.Compact(off)
		detail := map[string]any{}
		if !ptrEqual(oldJam, jam) {
			detail["jam"] = map[string]any{"from": oldJam, "to": jam}
		}
		if !slices.Equal(oldOff, off) {
			detail["mati"] = map[string]any{"from": oldOff, "to": off}
		}
		if old.Zona != p.Zona {
			detail["zona"] = map[string]any{"from": old.Zona, "to": p.Zona}
		}
		minutes := func(d time.Duration) *int16 {
			if d == 0 {
				return nil
			}
			v := int16(d / time.Minute)
			return &v
		}
		daftar := minutes(p.Daftar)
		if old.Daftar != p.Daftar {
			detail["daftar"] = map[string]any{"from": minutes(old.Daftar), "to": daftar}
		}
		if len(detail) == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE pegawai SET pengingat_jam = $2, pengingat_mati = $3, zona = $4, daftar_jam = $5, updated_at = $6 WHERE id = $1`,
			pegawaiID, jam, off, pgText(p.Zona), daftar, now); err != nil {
			return err
		}
		return pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: pegawaiID, Action: "pengaturan", Entity: "pegawai", EntityID: pegawaiID, Detail: detail,
		})
	})
}

func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
