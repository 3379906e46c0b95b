package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/kinerja"
)

// Berkas is a file the bot keeps itself: evidence given in the Mini App
// (migration 00017).
type Berkas struct {
	ID        int64
	PegawaiID int64
	Nama      string // the file name it is sent and downloaded by
	Jenis     string // its content type
	Foto      bool   // a photo (JPG/PNG), else a document
	Data      []byte
	FileID    string // Telegram's id once the bot has sent it; "" before
}

// SaveBerkas keeps a person's file and returns its id.
func (db *DB) SaveBerkas(ctx context.Context, b Berkas) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `
INSERT INTO berkas (pegawai_id, nama, jenis, foto, data, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		b.PegawaiID, b.Nama, b.Jenis, b.Foto, b.Data, db.pgNow()).Scan(&id)
	return id, pgErr("save berkas", err)
}

// BerkasByID returns a kept file, or CodeNotFound "app.evidence_failed".
func (db *DB) BerkasByID(ctx context.Context, id int64) (Berkas, error) {
	b := Berkas{ID: id}
	err := db.Pool.QueryRow(ctx, `SELECT pegawai_id, nama, jenis, foto, data, coalesce(file_id, '') FROM berkas WHERE id = $1`, id).
		Scan(&b.PegawaiID, &b.Nama, &b.Jenis, &b.Foto, &b.Data, &b.FileID)
	if pgNoRows(err) {
		return b, kinerja.Errorf(kinerja.CodeNotFound, "app.evidence_failed", nil)
	}
	return b, pgErr("berkas", err)
}

// SetBerkasFileID records Telegram's id of a kept file, the first time the
// bot sent it (later sends use it instead of uploading again).
func (db *DB) SetBerkasFileID(ctx context.Context, id int64, fileID string) error {
	_, err := db.Pool.Exec(ctx, `UPDATE berkas SET file_id = $2 WHERE id = $1 AND file_id IS NULL`, id, fileID)
	return pgErr("set berkas file id", err)
}

// KeptFileUnused is how long a kept file no report names stays (see
// SweepBerkas).
const KeptFileUnused = 48 * time.Hour

// SweepBerkas deletes the kept files no report ever named that were given
// before before (uploads of forms never filed) and returns how many.
func (db *DB) SweepBerkas(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM berkas WHERE NOT dipakai AND created_at < $1`, before)
	return tag.RowsAffected(), pgErr("sweep berkas", err)
}

// pgQueueBerkasUsed queues, when bukti names kept files
// (kinerja.KeptEvidence), marking those of the author as used: they are
// never swept.
func pgQueueBerkasUsed(b *pgx.Batch, pegawaiID int64, bukti []string) {
	var ids []int64
	for _, x := range bukti {
		if id, _, ok := kinerja.KeptEvidenceOf(x); ok {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		b.Queue(`UPDATE berkas SET dipakai = true WHERE id = ANY($2) AND pegawai_id = $1 AND NOT dipakai`, pegawaiID, ids)
	}
}
