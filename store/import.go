package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// The admin imports (import_pegawai.go, import_skp.go, import_libur.go)
// share these rules, kept by pgImport: one transaction per file, all or
// nothing; every reference problem found is returned at once as
// kinerja.FieldErrors (nothing is written then); imports of one kind are
// serialised by an advisory lock, so two concurrent files cannot together
// build what each alone would be refused (a cycle of atasan); one audit
// entry per import, with counts and the file name only.

// errRollback ends an import's transaction without writing: the file has
// problems, or the caller asked for a dry run.
var errRollback = errors.New("import rolled back")

// ImportCounts counts the records of one kind an import touched.
type ImportCounts struct {
	Inserted  int
	Updated   int
	Unchanged int
	Deleted   int
}

// ImportFile is one file of rows to import, as kinerja parsed them.
type ImportFile[R any] struct {
	File    string // the file's name, for the audit log
	Rows    []R
	ActorID int64 // pegawai id of the admin, 0 for the system (the CLI)
	DryRun  bool  // check everything against the database, write nothing
}

func (f ImportFile[R]) run(kind, entity string) pgImportRun {
	return pgImportRun{kind: kind, entity: entity, file: f.File, actorID: f.ActorID, dryRun: f.DryRun}
}

// pgImportRun is one import as the locks and the audit log know it: kind
// ("cuti") names its advisory lock, its errors ("import cuti: …") and its
// audit action ("import_cuti"); entity is its audit entry's.
type pgImportRun struct {
	kind, entity string
	file         string // the file's name, for the audit entry
	actorID      int64
	dryRun       bool
}

// pgImportResult is what an import did: the counts of its audit entry.
type pgImportResult interface {
	auditDetail() map[string]any
}

// pgImport runs an import in one transaction, under the lock of its kind:
// fn checks the file's rows against the database and writes them. When fn
// returns problems nothing is written and they are the error; otherwise one
// audit entry records the file name and the counts, and a dry run is rolled
// back.
func pgImport[R pgImportResult](ctx context.Context, db *DB, run pgImportRun,
	fn func(tx pgx.Tx, now time.Time) (R, kinerja.FieldErrors, error)) (R, error) {
	now := db.pgNow()
	var res, none R
	var problems kinerja.FieldErrors
	err := db.pgInTx(ctx, "import "+run.kind, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "kinerjabot.import."+run.kind); err != nil {
			return err
		}
		r, p, err := fn(tx, now)
		if err != nil {
			return err
		}
		if len(p) > 0 {
			problems = p
			return errRollback
		}
		detail := r.auditDetail()
		detail["file"] = run.file
		if err := pgInsertAudit(ctx, tx, kinerja.AuditEntry{
			At: now, ActorID: run.actorID, Action: "import_" + run.kind, Entity: run.entity, Detail: detail,
		}); err != nil {
			return err
		}
		res = r
		if run.dryRun {
			return errRollback
		}
		return nil
	})
	switch {
	case len(problems) > 0:
		kinerja.SortFieldErrors(problems)
		return none, problems
	case err != nil && !errors.Is(err, errRollback):
		return none, err
	}
	return res, nil
}

// auditDetail are the counts of an import's audit entry for a file of rows.
func (c ImportCounts) auditDetail(rows int) map[string]any {
	return map[string]any{"rows": rows, "inserted": c.Inserted, "updated": c.Updated, "unchanged": c.Unchanged}
}

// pgPegawaiIDs finds the registered pegawai among nips: their ids by NIP.
func pgPegawaiIDs(ctx context.Context, tx pgx.Tx, nips []string) (map[string]int64, error) {
	var nip string
	return pgQueryIDs(ctx, tx, &nip, []any{&nip}, `SELECT id, nip FROM pegawai WHERE nip = ANY($1)`, nips)
}

// pgQueryIDs runs a query whose rows are an id followed by the columns of a
// key (an INSERT … RETURNING, say) and returns the ids by key: keyCols point
// into *key, which holds each row's key in turn.
func pgQueryIDs[K comparable](ctx context.Context, tx pgx.Tx, key *K, keyCols []any, sql string, args ...any) (map[K]int64, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	ids := map[K]int64{}
	var id int64
	_, err = pgx.ForEachRow(rows, append([]any{&id}, keyCols...), func() error {
		ids[*key] = id
		return nil
	})
	return ids, err
}
