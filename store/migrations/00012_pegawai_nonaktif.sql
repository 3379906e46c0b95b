-- +goose Up
-- A person is deactivated (pensiun, pindah keluar, meninggal, tugas belajar)
-- from a day, with the reason: nonaktif_mulai in the future is a planned
-- deactivation, carried out on that day (kinerjabot pegawai nonaktif).
ALTER TABLE pegawai ADD COLUMN nonaktif_mulai date;
ALTER TABLE pegawai ADD COLUMN nonaktif_alasan text
    CONSTRAINT pegawai_nonaktif_alasan_check CHECK (char_length(btrim(nonaktif_alasan)) BETWEEN 3 AND 500);
CREATE INDEX pegawai_nonaktif_mulai_idx ON pegawai (nonaktif_mulai) WHERE aktif AND nonaktif_mulai IS NOT NULL;

-- +goose Down
DROP INDEX pegawai_nonaktif_mulai_idx;
ALTER TABLE pegawai DROP COLUMN nonaktif_alasan;
ALTER TABLE pegawai DROP COLUMN nonaktif_mulai;
