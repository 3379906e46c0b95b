package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// AuditTrailFilter selects the audit entries an admin reads with
// "kinerjabot audit". At least one of NIP and AktivitasID is required; when
// both are given an entry must match both.
type AuditTrailFilter struct {
	// NIP: the entries where this person acted, was acted for (a delegate
	// decided on their behalf), wrote the report concerned, or is the
	// subject (their account, their invitation, a delegation from or to
	// them).
	NIP         string
	AktivitasID int64     // the entries of this report (refused attempts on it included)
	Since       time.Time // entries at or after this instant; zero: no bound
	Limit       int       // the newest Limit entries: 0 means 200, capped at 1000
}

// Bounds of AuditTrailFilter.Limit.
const (
	AuditTrailDefaultLimit = 200
	AuditTrailMaxLimit     = 1000
)

// AuditTrailEntry is one audit entry with the people and records it names.
// The pegawai carry ID, NIP and Nama only (no phone number ever).
type AuditTrailEntry struct {
	kinerja.AuditEntry
	Actor    kinerja.Pegawai // zero for the system
	OnBehalf kinerja.Pegawai // the official a delegate acted for; zero when none
	// Subject is whom the entry is about: a report's author, a declared
	// day's declarer, the pegawai of an account or an invitation; zero when
	// none (or the report does not exist, as for a forged id).
	Subject kinerja.Pegawai
	// ReportDate is, for entity aktivitas, the report's date, and for
	// entity pernyataan the day declared away (whose kind is DeclaredKind:
	// cuti, sakit, dinas_luar); zero when there is no such record.
	ReportDate   kinerja.Date
	DeclaredKind string
	Delegation   *Delegation // entity delegasi: the delegation as it is now
}

// AuditTrail is what AuditTrailOf found.
type AuditTrail struct {
	Person    kinerja.Pegawai   // the person of Filter.NIP (ID, NIP, Nama), zero without it
	Entries   []AuditTrailEntry // oldest first
	Truncated bool              // older entries matched but were left out by the limit
}

// AuditTrailOf returns the newest Limit entries that match f, oldest first.
// Refusals: no NIP nor report → CodeInvalid "audit.filter_required"; a
// malformed NIP → CodeInvalid "audit.nip_invalid"; an unknown one →
// CodeNotFound "audit.nip_unknown".
func (db *DB) AuditTrailOf(ctx context.Context, f AuditTrailFilter) (AuditTrail, error) {
	var out AuditTrail
	nip := normNIP(f.NIP)
	if nip == "" && f.AktivitasID == 0 {
		return out, kinerja.Errorf(kinerja.CodeInvalid, "audit.filter_required", nil)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = AuditTrailDefaultLimit
	}
	limit = min(limit, AuditTrailMaxLimit)

	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if nip != "" {
		if !kinerja.ValidNIP(nip) {
			return out, kinerja.Errorf(kinerja.CodeInvalid, "audit.nip_invalid", map[string]any{"NIP": nip})
		}
		p := &out.Person
		err := db.Pool.QueryRow(ctx, `SELECT id, nip, nama FROM pegawai WHERE nip = $1`, nip).Scan(&p.ID, &p.NIP, &p.Nama)
		if pgNoRows(err) {
			return out, kinerja.Errorf(kinerja.CodeNotFound, "audit.nip_unknown", map[string]any{"NIP": nip})
		}
		if err != nil {
			return out, pgErr("audit trail", err)
		}
		// One indexed lookup per way of being concerned, united: an OR over
		// the joins would read the whole log.
		id := arg(p.ID)
		where = append(where, `l.id IN (
    SELECT x.id FROM audit_log x WHERE x.actor_id = `+id+`
    UNION SELECT x.id FROM audit_log x WHERE x.on_behalf_of = `+id+`
    UNION SELECT x.id FROM aktivitas a JOIN audit_log x ON x.entity = 'aktivitas' AND x.entity_id = a.id
          WHERE a.pegawai_id = `+id+`
    UNION SELECT x.id FROM audit_log x WHERE x.entity = 'pegawai' AND x.entity_id = `+id+`
    UNION SELECT x.id FROM undangan u JOIN audit_log x ON x.entity = 'undangan' AND x.entity_id = u.id
          WHERE u.pegawai_id = `+id+`
    UNION SELECT x.id FROM delegasi d JOIN audit_log x ON x.entity = 'delegasi' AND x.entity_id = d.id
          WHERE d.dari_id = `+id+` OR d.ke_id = `+id+`
    UNION SELECT x.id FROM pernyataan_hari h JOIN audit_log x ON x.entity = 'pernyataan' AND x.entity_id = h.id
          WHERE h.pegawai_id = `+id+`)`)
	}
	if f.AktivitasID != 0 {
		where = append(where, `l.entity = 'aktivitas' AND l.entity_id = `+arg(f.AktivitasID))
	}
	if !f.Since.IsZero() {
		where = append(where, `l.at >= `+arg(f.Since))
	}
	q := `
SELECT l.id, l.at, coalesce(l.actor_id, 0), coalesce(l.on_behalf_of, 0), l.action, l.entity,
       coalesce(l.entity_id, 0), l.detail,
       coalesce(ac.nip, ''), coalesce(ac.nama, ''),
       coalesce(ob.nip, ''), coalesce(ob.nama, ''),
       coalesce(sp.id, 0), coalesce(sp.nip, ''), coalesce(sp.nama, ''),
       coalesce(a.tanggal, ph.tanggal), d.id IS NOT NULL, coalesce(ph.jenis, '')
FROM audit_log l
LEFT JOIN pegawai ac ON ac.id = l.actor_id
LEFT JOIN pegawai ob ON ob.id = l.on_behalf_of
LEFT JOIN aktivitas a ON l.entity = 'aktivitas' AND a.id = l.entity_id
LEFT JOIN undangan u ON l.entity = 'undangan' AND u.id = l.entity_id
LEFT JOIN pernyataan_hari ph ON l.entity = 'pernyataan' AND ph.id = l.entity_id
LEFT JOIN pegawai sp ON sp.id = CASE l.entity WHEN 'aktivitas' THEN a.pegawai_id
                                              WHEN 'undangan' THEN u.pegawai_id
                                              WHEN 'pernyataan' THEN ph.pegawai_id
                                              WHEN 'pegawai' THEN l.entity_id END
LEFT JOIN delegasi d ON l.entity = 'delegasi' AND d.id = l.entity_id
WHERE ` + strings.Join(where, "\n  AND ") + `
ORDER BY l.at DESC, l.id DESC
LIMIT ` + arg(limit+1)

	rows, err := db.Pool.Query(ctx, q, args...)
	if err != nil {
		return out, pgErr("audit trail", err)
	}
	var delegations []int64
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AuditTrailEntry, error) {
		var e AuditTrailEntry
		var at pgtype.Timestamptz
		var tanggal pgtype.Date
		var detail []byte
		var isDelegation bool
		err := row.Scan(&e.ID, &at, &e.ActorID, &e.OnBehalfOf, &e.Action, &e.Entity, &e.EntityID, &detail,
			&e.Actor.NIP, &e.Actor.Nama, &e.OnBehalf.NIP, &e.OnBehalf.Nama,
			&e.Subject.ID, &e.Subject.NIP, &e.Subject.Nama, &tanggal, &isDelegation, &e.DeclaredKind)
		if err != nil {
			return e, err
		}
		e.At = pgTime(at)
		e.Actor.ID, e.OnBehalf.ID = e.ActorID, e.OnBehalfOf
		e.ReportDate = pgDateOf(tanggal)
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return e, fmt.Errorf("decode detail of audit entry %d: %w", e.ID, err)
		}
		if isDelegation {
			delegations = append(delegations, e.EntityID)
		}
		return e, nil
	})
	if err != nil {
		return out, pgErr("audit trail", err)
	}
	if len(entries) > limit {
		entries, out.Truncated = entries[:limit], true
	}
	slices.Reverse(entries)
	if len(delegations) > 0 {
		byID, err := db.pgDelegationsByID(ctx, delegations)
		if err != nil {
			return out, pgErr("audit trail", err)
		}
		for i := range entries {
			if d, ok := byID[entries[i].EntityID]; ok && entries[i].Entity == "delegasi" {
				entries[i].Delegation = &d
			}
		}
	}
	out.Entries = entries
	return out, nil
}

func (db *DB) pgDelegationsByID(ctx context.Context, ids []int64) (map[int64]Delegation, error) {
	rows, err := db.Pool.Query(ctx, pgDelegationSelect+`
WHERE d.id = ANY ($1::bigint[])`, ids)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Delegation, error) { return pgScanDelegation(row) })
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Delegation, len(list))
	for _, d := range list {
		out[d.ID] = d
	}
	return out, nil
}
