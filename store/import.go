package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// The admin imports (import_pegawai.go, import_skp.go) share these rules:
// one transaction per file, all or nothing; every reference problem found is
// returned at once as kinerja.FieldErrors (nothing is written then); imports
// of one kind are serialised by an advisory lock, so two concurrent files
// cannot together build what each alone would be refused (a cycle of atasan);
// one audit entry per import, with counts and the file name only.

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

// pgImportLock takes the lock of one kind of import for the rest of the
// transaction.
func pgImportLock(ctx context.Context, tx pgx.Tx, kind string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "kinerjabot.import."+kind)
	return err
}

// pgImportTx runs an import in a transaction: fn returns problems (then
// nothing is written and the problems are the error) or nil; dryRun rolls
// back a clean run too.
func (db *DB) pgImportTx(ctx context.Context, op string, dryRun bool, fn func(tx pgx.Tx) (kinerja.FieldErrors, error)) error {
	var problems kinerja.FieldErrors
	err := db.pgInTx(ctx, op, func(tx pgx.Tx) error {
		p, err := fn(tx)
		if err != nil {
			return err
		}
		if len(p) > 0 {
			problems = p
			return errRollback
		}
		if dryRun {
			return errRollback
		}
		return nil
	})
	if len(problems) > 0 {
		kinerja.SortFieldErrors(problems)
		return problems
	}
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

// pgCollectIDsByNIP reads (id, nip) rows into ids and closes them.
func pgCollectIDsByNIP(rows pgx.Rows, ids map[string]int64) error {
	defer rows.Close()
	for rows.Next() {
		var id int64
		var nip string
		if err := rows.Scan(&id, &nip); err != nil {
			return err
		}
		ids[nip] = id
	}
	return rows.Err()
}
