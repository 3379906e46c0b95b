-- +goose Up
-- audit_ditahan: refused presses beyond the first RefusalsAuditedPerHour of
-- one person in one hour (a script forging buttons) are not written one row
-- each to audit_log but counted here, one row per person and hour.
CREATE TABLE audit_ditahan (
    actor_id bigint NOT NULL REFERENCES pegawai (id),
    jam      timestamptz NOT NULL,
    jumlah   integer NOT NULL CHECK (jumlah > 0),
    PRIMARY KEY (actor_id, jam)
);
COMMENT ON TABLE audit_ditahan IS 'Refused presses counted, not itemised, once a person passed the hourly audit allowance.';

-- +goose Down
-- forward only
