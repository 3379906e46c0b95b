package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// Delegations (Plt/Plh, DOMAIN.md decision 7): from mulai to selesai
// (inclusive, business dates in KINERJABOT_TZ) the person Ke may decide and
// rate for the people whose atasan is Dari. The decisions themselves check
// the delegation (pgAssessorOf), which also keeps anyone from deciding on
// their own reports: a Plh chosen from Dari's own staff decides for the
// others, their own reports stay with Dari.

// DelegationRequest asks for one delegation.
type DelegationRequest struct {
	DariNIP, KeNIP string       // spaces inside are ignored (NIPs are often written in groups)
	Jenis          string       // kinerja.JenisPlh (the default when "") or kinerja.JenisPlt
	Mulai, Selesai kinerja.Date // inclusive, business dates
	ActorID        int64        // the admin asking; 0 = the system (the CLI)
	Today          kinerja.Date // the business date now, in KINERJABOT_TZ
}

// Delegation is one stored delegation. Dari and Ke carry ID, NIP, Nama,
// UnitID, AtasanID and Aktif.
type Delegation struct {
	ID             int64
	Jenis          string
	Dari, Ke       kinerja.Pegawai
	Mulai, Selesai kinerja.Date
	CreatedBy      int64 // 0: the system
	CreatedAt      time.Time
	RevokedAt      time.Time // zero while not revoked
}

// Active reports whether d counts on day (not revoked, day inside the period).
func (d Delegation) Active(day kinerja.Date) bool {
	return d.RevokedAt.IsZero() && kinerja.DelegasiCovers(d.Mulai, d.Selesai, day)
}

// normNIP drops the spaces of a NIP written in groups.
func normNIP(s string) string { return strings.Join(strings.Fields(s), "") }

// CreateDelegation records a delegation, audited as "delegasi_dibuat" in
// the same transaction (actor: r.ActorID, NULL for the system).
//
// Refusals, all domain errors with a "delegasi.*" message:
//   - CodeInvalid: jenis_invalid (not plh/plt), nip_invalid (not 18 digits),
//     same_person (Dari = Ke), dates_required, period_reversed (selesai
//     before mulai), period_too_long (over one year: DelegasiLastDay),
//     period_ended (selesai before Today), inactive (Ke, or Dari of a Plh,
//     is not active: a Plt may fill the post of an inactive official),
//     dari_no_team (nobody active has Dari as atasan: the delegation would
//     grant nothing; --dari and --ke swapped?);
//   - CodeNotFound: nip_unknown;
//   - CodeForbidden: forbidden (r.ActorID is neither an admin nor an
//     admin_opd whose unit, or a unit below it, holds both Dari and Ke),
//     self_grant (an admin may not make themselves a delegate);
//   - CodeConflict: overlap (an unrevoked delegation from the same Dari to
//     the same Ke shares a day with this one: revoke it first, or choose
//     days after it). Delegations of one official to different people may
//     overlap (first click wins, as between the official and a Plh).
func (db *DB) CreateDelegation(ctx context.Context, r DelegationRequest) (Delegation, error) {
	jenis := strings.ToLower(strings.TrimSpace(r.Jenis))
	if jenis == "" {
		jenis = kinerja.JenisPlh
	}
	if !kinerja.ValidJenisDelegasi(jenis) {
		return Delegation{}, kinerja.Errorf(kinerja.CodeInvalid, "delegasi.jenis_invalid", map[string]any{"Value": r.Jenis})
	}
	dariNIP, keNIP := normNIP(r.DariNIP), normNIP(r.KeNIP)
	for _, nip := range []string{dariNIP, keNIP} {
		if !kinerja.ValidNIP(nip) {
			return Delegation{}, kinerja.Errorf(kinerja.CodeInvalid, "delegasi.nip_invalid", map[string]any{"NIP": nip})
		}
	}
	if dariNIP == keNIP {
		return Delegation{}, kinerja.Errorf(kinerja.CodeInvalid, "delegasi.same_person", map[string]any{"NIP": dariNIP})
	}
	if r.Today.IsZero() {
		return Delegation{}, errors.New("store: create delegation: Today is required")
	}
	if err := kinerja.ValidateDelegasiPeriod(r.Mulai, r.Selesai, r.Today); err != nil {
		return Delegation{}, err
	}
	now := db.pgNow()
	out := Delegation{Jenis: jenis, Mulai: r.Mulai, Selesai: r.Selesai, CreatedBy: r.ActorID, CreatedAt: now}
	err := db.pgInTx(ctx, "create delegation", func(tx pgx.Tx) error {
		// Locking the official's row makes concurrent requests for the same
		// official take turns, so the overlap check below cannot be raced.
		dari, err := pgDelegationPerson(ctx, tx, dariNIP, true)
		if err != nil {
			return err
		}
		ke, err := pgDelegationPerson(ctx, tx, keNIP, false)
		if err != nil {
			return err
		}
		if err := pgAuthoriseDelegation(ctx, tx, r.ActorID, dari.UnitID, ke.UnitID); err != nil {
			return err
		}
		if r.ActorID != 0 && ke.ID == r.ActorID {
			return kinerja.Errorf(kinerja.CodeForbidden, "delegasi.self_grant", nil)
		}
		if !ke.Aktif || (!dari.Aktif && jenis == kinerja.JenisPlh) {
			p := ke
			if ke.Aktif {
				p = dari
			}
			return kinerja.Errorf(kinerja.CodeInvalid, "delegasi.inactive", map[string]any{"Nama": p.Nama, "NIP": p.NIP})
		}
		var team bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pegawai WHERE atasan_id = $1 AND aktif)`, dari.ID).
			Scan(&team); err != nil {
			return err
		}
		if !team {
			return kinerja.Errorf(kinerja.CodeInvalid, "delegasi.dari_no_team", map[string]any{"Nama": dari.Nama, "NIP": dari.NIP})
		}
		rows, err := tx.Query(ctx, `
SELECT id, mulai, selesai FROM delegasi
WHERE dari_id = $1 AND ke_id = $2 AND revoked_at IS NULL
ORDER BY mulai, id`, dari.ID, ke.ID)
		if err != nil {
			return err
		}
		type period struct {
			id             int64
			mulai, selesai pgtype.Date
		}
		existing, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (period, error) {
			var p period
			return p, row.Scan(&p.id, &p.mulai, &p.selesai)
		})
		if err != nil {
			return err
		}
		for _, p := range existing {
			m, s := pgDateOf(p.mulai), pgDateOf(p.selesai)
			if kinerja.DelegasiOverlap(m, s, r.Mulai, r.Selesai) {
				return kinerja.Errorf(kinerja.CodeConflict, "delegasi.overlap", map[string]any{
					"ID": p.id, "Mulai": m.Format(), "Selesai": s.Format(), "Dari": dari.Nama, "Ke": ke.Nama,
				})
			}
		}
		if err := tx.QueryRow(ctx, `
INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			dari.ID, ke.ID, jenis, pgDate(r.Mulai), pgDate(r.Selesai), pgID(r.ActorID), now).Scan(&out.ID); err != nil {
			return err
		}
		out.Dari, out.Ke = dari, ke
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: r.ActorID, Action: "delegasi_dibuat", Entity: "delegasi", EntityID: out.ID,
			Detail: map[string]any{
				"jenis": jenis, "dari_id": dari.ID, "ke_id": ke.ID,
				"mulai": r.Mulai.String(), "selesai": r.Selesai.String(),
			},
		}); err != nil {
			return err
		}
		// The new delegate gets the cards of what already waits.
		return db.pgEnqueueTeamCards(ctx, tx, dari.ID)
	})
	if err != nil {
		return Delegation{}, err
	}
	return out, nil
}

// RevokeDelegation ends delegation id now (revoked_at), audited as
// "delegasi_dicabut" with actorID (0 = the system). From then on the
// delegate's decisions are refused, also today.
//
// Refusals: unknown id → CodeNotFound "delegasi.not_found"; actorID not
// allowed to manage both people (as for CreateDelegation) → CodeForbidden
// "delegasi.forbidden"; already revoked → CodeConflict
// "delegasi.already_revoked" with Args ID and At (time.Time).
func (db *DB) RevokeDelegation(ctx context.Context, id, actorID int64) error {
	now := db.pgNow()
	return db.pgInTx(ctx, "revoke delegation", func(tx pgx.Tx) error {
		d, err := pgDelegationByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := pgAuthoriseDelegation(ctx, tx, actorID, d.Dari.UnitID, d.Ke.UnitID); err != nil {
			return err
		}
		if !d.RevokedAt.IsZero() {
			return kinerja.Errorf(kinerja.CodeConflict, "delegasi.already_revoked", map[string]any{"ID": id, "At": d.RevokedAt})
		}
		if _, err := tx.Exec(ctx, `UPDATE delegasi SET revoked_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: actorID, Action: "delegasi_dicabut", Entity: "delegasi", EntityID: id,
			Detail: map[string]any{
				"jenis": d.Jenis, "dari_id": d.Dari.ID, "ke_id": d.Ke.ID,
				"mulai": d.Mulai.String(), "selesai": d.Selesai.String(),
			},
		}); err != nil {
			return err
		}
		// The former delegate's cards lose their buttons.
		return db.pgEnqueueTeamCards(ctx, tx, d.Dari.ID)
	})
}

// pgEnqueueTeamCards brings the cards of every waiting report of an
// assessor's team in line (who holds a card, with or without buttons).
func (db *DB) pgEnqueueTeamCards(ctx context.Context, tx pgx.Tx, atasanID int64) error {
	rows, err := tx.Query(ctx, `
SELECT a.id FROM aktivitas a JOIN pegawai p ON p.id = a.pegawai_id
WHERE p.atasan_id = $1 AND a.status = 'diajukan'`, atasanID)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return db.pgEnqueueCards(ctx, tx, ids...)
}

// DelegationByID returns one delegation (revoked or not), or CodeNotFound
// "delegasi.not_found".
func (db *DB) DelegationByID(ctx context.Context, id int64) (Delegation, error) {
	var out Delegation
	err := db.pgInTx(ctx, "delegation by id", func(tx pgx.Tx) error {
		var err error
		out, err = pgDelegationByID(ctx, tx, id, false)
		return err
	})
	return out, err
}

// Delegations lists the unrevoked delegations that have not ended before
// from (so, with from = today: the active and the future ones), by mulai.
// With nip, only those where that person is Dari or Ke; an invalid NIP is
// CodeInvalid "delegasi.nip_invalid", an unknown one CodeNotFound
// "delegasi.nip_unknown".
func (db *DB) Delegations(ctx context.Context, nip string, from kinerja.Date) ([]Delegation, error) {
	var person int64
	if nip = normNIP(nip); nip != "" {
		if !kinerja.ValidNIP(nip) {
			return nil, kinerja.Errorf(kinerja.CodeInvalid, "delegasi.nip_invalid", map[string]any{"NIP": nip})
		}
		err := db.Pool.QueryRow(ctx, `SELECT id FROM pegawai WHERE nip = $1`, nip).Scan(&person)
		if pgNoRows(err) {
			return nil, kinerja.Errorf(kinerja.CodeNotFound, "delegasi.nip_unknown", map[string]any{"NIP": nip})
		}
		if err != nil {
			return nil, pgErr("delegations", err)
		}
	}
	rows, err := db.Pool.Query(ctx, pgDelegationSelect+`
WHERE d.revoked_at IS NULL AND d.selesai >= $1 AND ($2::bigint = 0 OR d.dari_id = $2 OR d.ke_id = $2)
ORDER BY d.mulai, d.id`, pgDate(from), person)
	if err != nil {
		return nil, pgErr("delegations", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Delegation, error) { return pgScanDelegation(row) })
	if err != nil {
		return nil, pgErr("delegations", err)
	}
	return out, nil
}

const pgDelegationSelect = `
SELECT d.id, d.jenis, d.mulai, d.selesai, coalesce(d.created_by, 0), d.created_at, d.revoked_at,
       f.id, f.nip, f.nama, coalesce(f.unit_id, 0), coalesce(f.atasan_id, 0), f.aktif,
       k.id, k.nip, k.nama, coalesce(k.unit_id, 0), coalesce(k.atasan_id, 0), k.aktif
FROM delegasi d
JOIN pegawai f ON f.id = d.dari_id
JOIN pegawai k ON k.id = d.ke_id`

func pgScanDelegation(row pgx.Row) (Delegation, error) {
	var d Delegation
	var mulai, selesai pgtype.Date
	var created, revoked pgtype.Timestamptz
	err := row.Scan(&d.ID, &d.Jenis, &mulai, &selesai, &d.CreatedBy, &created, &revoked,
		&d.Dari.ID, &d.Dari.NIP, &d.Dari.Nama, &d.Dari.UnitID, &d.Dari.AtasanID, &d.Dari.Aktif,
		&d.Ke.ID, &d.Ke.NIP, &d.Ke.Nama, &d.Ke.UnitID, &d.Ke.AtasanID, &d.Ke.Aktif)
	d.Mulai, d.Selesai = pgDateOf(mulai), pgDateOf(selesai)
	d.CreatedAt, d.RevokedAt = pgTime(created), pgTime(revoked)
	return d, err
}

func pgDelegationByID(ctx context.Context, tx pgx.Tx, id int64, lock bool) (Delegation, error) {
	q := pgDelegationSelect + `
WHERE d.id = $1`
	if lock {
		q += ` FOR UPDATE OF d`
	}
	d, err := pgScanDelegation(tx.QueryRow(ctx, q, id))
	if pgNoRows(err) {
		return d, kinerja.Errorf(kinerja.CodeNotFound, "delegasi.not_found", map[string]any{"ID": id})
	}
	return d, err
}

// pgDelegationPerson reads the ID, NIP, Nama, UnitID, AtasanID and Aktif of
// the pegawai with nip; lock takes the row (FOR NO KEY UPDATE: it does not
// block the foreign keys that point at it).
func pgDelegationPerson(ctx context.Context, tx pgx.Tx, nip string, lock bool) (kinerja.Pegawai, error) {
	q := `SELECT id, nip, nama, coalesce(unit_id, 0), coalesce(atasan_id, 0), aktif FROM pegawai WHERE nip = $1`
	if lock {
		q += ` FOR NO KEY UPDATE`
	}
	var p kinerja.Pegawai
	err := tx.QueryRow(ctx, q, nip).Scan(&p.ID, &p.NIP, &p.Nama, &p.UnitID, &p.AtasanID, &p.Aktif)
	if pgNoRows(err) {
		return p, kinerja.Errorf(kinerja.CodeNotFound, "delegasi.nip_unknown", map[string]any{"NIP": nip})
	}
	return p, err
}

// pgAuthoriseDelegation checks on the server that actorID may manage a
// delegation between people of these units: the system (0) and an active
// admin anywhere; an active admin_opd only when every unit is its own or
// below it (unit_kerja.parent_id). Anyone else → CodeForbidden
// "delegasi.forbidden".
func pgAuthoriseDelegation(ctx context.Context, tx pgx.Tx, actorID int64, units ...int64) error {
	if actorID == 0 {
		return nil
	}
	forbidden := kinerja.Errorf(kinerja.CodeForbidden, "delegasi.forbidden", nil)
	var roles []string
	var unit int64
	var aktif bool
	err := tx.QueryRow(ctx, `SELECT roles, coalesce(unit_id, 0), aktif FROM pegawai WHERE id = $1`, actorID).
		Scan(&roles, &unit, &aktif)
	if pgNoRows(err) {
		return forbidden
	}
	if err != nil {
		return err
	}
	switch {
	case !aktif:
		return forbidden
	case slices.Contains(roles, string(kinerja.RoleAdmin)):
		return nil
	case !slices.Contains(roles, string(kinerja.RoleAdminOPD)) || unit == 0 || slices.Contains(units, 0):
		return forbidden
	}
	want := slices.Compact(slices.Sorted(slices.Values(units)))
	var inside int
	err = tx.QueryRow(ctx, `
WITH RECURSIVE scope (id) AS (
    SELECT $1::bigint
    UNION
    SELECT u.id FROM unit_kerja u JOIN scope s ON u.parent_id = s.id
)
SELECT count(*) FROM scope WHERE id = ANY ($2::bigint[])`, unit, want).Scan(&inside)
	if err != nil {
		return err
	}
	if inside != len(want) {
		return forbidden
	}
	return nil
}
