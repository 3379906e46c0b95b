package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"kinerjabot/kinerja"
)

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	ActorID  int64  // entries by this pegawai
	Entity   string // e.g. "aktivitas"
	EntityID int64  // with Entity: one record's history
	Action   string // e.g. "setujui"
	Limit    int    // at most this many, newest first; 0 means 50, capped at 1000
}

// Audit returns the audit entries that match filter, newest first.
func (db *DB) Audit(ctx context.Context, filter AuditFilter) ([]kinerja.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if filter.ActorID != 0 {
		add("actor_id = $%d", filter.ActorID)
	}
	if filter.Entity != "" {
		add("entity = $%d", filter.Entity)
	}
	if filter.EntityID != 0 {
		add("entity_id = $%d", filter.EntityID)
	}
	if filter.Action != "" {
		add("action = $%d", filter.Action)
	}
	limit := filter.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	q := `SELECT id, at, coalesce(actor_id, 0), coalesce(on_behalf_of, 0), action, entity, coalesce(entity_id, 0), detail
FROM audit_log`
	if len(where) > 0 {
		q += "\nWHERE " + strings.Join(where, " AND ")
	}
	args = append(args, limit)
	q += fmt.Sprintf("\nORDER BY at DESC, id DESC LIMIT $%d", len(args))

	rows, err := db.Pool.Query(ctx, q, args...)
	if err != nil {
		return nil, pgErr("audit", err)
	}
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (kinerja.AuditEntry, error) {
		var e kinerja.AuditEntry
		var at pgtype.Timestamptz
		var detail []byte
		if err := row.Scan(&e.ID, &at, &e.ActorID, &e.OnBehalfOf, &e.Action, &e.Entity, &e.EntityID, &detail); err != nil {
			return e, err
		}
		e.At = pgTime(at)
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return e, fmt.Errorf("decode detail of audit entry %d: %w", e.ID, err)
		}
		return e, nil
	})
	if err != nil {
		return nil, pgErr("audit", err)
	}
	return entries, nil
}

// pgInsertAudit appends one entry to the audit log inside the caller's
// transaction, so the change and its record commit together.
func pgInsertAudit(ctx context.Context, tx pgx.Tx, e kinerja.AuditEntry) error {
	sql, args, err := pgAuditInsert(e)
	if err != nil {
		return err
	}
	if _, err = tx.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("insert audit entry: %w", err)
	}
	return nil
}

// pgQueueAudit is pgInsertAudit queued on a batch.
func pgQueueAudit(b *pgx.Batch, e kinerja.AuditEntry) error {
	sql, args, err := pgAuditInsert(e)
	if err != nil {
		return err
	}
	b.Queue(sql, args...)
	return nil
}

func pgAuditInsert(e kinerja.AuditEntry) (string, []any, error) {
	detail := e.Detail
	if detail == nil {
		detail = map[string]any{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return "", nil, fmt.Errorf("encode audit detail: %w", err)
	}
	return `
INSERT INTO audit_log (at, actor_id, on_behalf_of, action, entity, entity_id, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[]any{e.At, pgID(e.ActorID), pgID(e.OnBehalfOf), e.Action, e.Entity, pgID(e.EntityID), string(b)}, nil
}

// RecordExport audits data taken out of the bot (a recap, evidence files):
// e's time is now.
func (db *DB) RecordExport(ctx context.Context, e kinerja.AuditEntry) error {
	e.At = db.pgNow()
	return pgErr("record export", pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error { return pgInsertAudit(ctx, tx, e) }))
}
