-- +goose Up
-- A report still waiting at the validation deadline may be approved by the
-- system (AUTO_APPROVE_AT_DEADLINE): otomatis, with no decider.
ALTER TABLE aktivitas ADD COLUMN otomatis boolean NOT NULL DEFAULT false;
ALTER TABLE aktivitas DROP CONSTRAINT aktivitas_decided_check;
ALTER TABLE aktivitas ADD CONSTRAINT aktivitas_decided_check CHECK (
    CASE WHEN status IN ('disetujui', 'dikembalikan', 'ditolak')
         THEN decided_at IS NOT NULL AND (decided_by IS NOT NULL OR (otomatis AND status = 'disetujui'))
         ELSE decided_by IS NULL AND decided_at IS NULL AND on_behalf_of IS NULL AND NOT otomatis
    END);

-- +goose Down
ALTER TABLE aktivitas DROP CONSTRAINT aktivitas_decided_check;
ALTER TABLE aktivitas ADD CONSTRAINT aktivitas_decided_check CHECK (
    CASE WHEN status IN ('disetujui', 'dikembalikan', 'ditolak') THEN decided_by IS NOT NULL AND decided_at IS NOT NULL
         ELSE decided_by IS NULL AND decided_at IS NULL AND on_behalf_of IS NULL
    END);
ALTER TABLE aktivitas DROP COLUMN otomatis;
