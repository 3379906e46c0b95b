package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"kinerjabot/store"
)

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	b := pgSetup(t)
	ctx := context.Background()
	a := b.submit(t)
	for _, q := range []string{
		`UPDATE audit_log SET action = 'setujui' WHERE entity_id = $1`,
		`DELETE FROM audit_log WHERE entity_id = $1`,
		`TRUNCATE audit_log`,
	} {
		var args []any
		if q != `TRUNCATE audit_log` {
			args = []any{a.ID}
		}
		_, err := b.db.Pool.Exec(ctx, q, args...)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23001" {
			t.Fatalf("%s: err = %v, want restrict_violation", q, err)
		}
	}
	if n := pgAuditCount(t, b, a.ID, ""); n != 1 {
		t.Fatalf("%d entries left, want 1", n)
	}
}

func TestAuditFilter(t *testing.T) {
	t.Parallel()
	b := pgSetup(t)
	ctx := context.Background()
	first := b.submit(t)
	b.clock.Advance(1)
	second := b.submit(t)
	b.clock.Advance(1)
	if _, err := b.db.ApplyAktivitas(ctx, b.decide("setujui", first, "")); err != nil {
		t.Fatal(err)
	}

	byAuthor, err := b.db.Audit(ctx, store.AuditFilter{ActorID: b.author.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(byAuthor) != 2 || byAuthor[0].EntityID != second.ID || byAuthor[1].EntityID != first.ID {
		t.Fatalf("by author, newest first: %+v", byAuthor)
	}
	all, err := b.db.Audit(ctx, store.AuditFilter{Entity: "aktivitas", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Action != "setujui" || all[0].ActorID != b.assessor.ID ||
		all[0].Detail["from"] != "diajukan" || all[0].Detail["to"] != "disetujui" || all[0].Detail["version"] != float64(2) {
		t.Fatalf("limit 2: %+v", all)
	}
	none, err := b.db.Audit(ctx, store.AuditFilter{Entity: "pegawai"})
	if err != nil || len(none) != 0 {
		t.Fatalf("pegawai entries: %v %v", none, err)
	}
}
