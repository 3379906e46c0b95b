-- +goose Up
-- When a person's Telegram account was linked: escalation counts missed
-- working days from then for someone who never reported (counting from the
-- day the roster was imported would tell the supervisor of every newcomer
-- that they "missed" months).
ALTER TABLE pegawai ADD COLUMN terhubung_pada timestamptz;
UPDATE pegawai SET terhubung_pada = updated_at WHERE telegram_id IS NOT NULL;

-- +goose Down
-- forward only
