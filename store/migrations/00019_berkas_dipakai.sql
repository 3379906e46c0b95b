-- +goose Up
-- A kept file (berkas) becomes dipakai when a report names it (filed or
-- edited); one never named is swept after two days (store.SweepBerkas: the
-- Mini App's initData is good for 24 hours, so no form can still name it).
-- A file once named is kept for good, as the audit log may name it.
ALTER TABLE berkas ADD COLUMN dipakai boolean NOT NULL DEFAULT false;
CREATE INDEX berkas_belum_dipakai_idx ON berkas (created_at) WHERE NOT dipakai;

-- +goose Down
DROP INDEX berkas_belum_dipakai_idx;
ALTER TABLE berkas DROP COLUMN dipakai;
