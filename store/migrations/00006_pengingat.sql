-- +goose Up
-- A person's reminder settings (/pengaturan). pengingat_jam: the daily
-- nudge's hour in minutes from midnight, NULL = the deployment's default;
-- it must lie outside the quiet hours (06:00–19:59). pengingat_mati: the
-- kinds turned off; the deadline warning (tenggat) cannot be.
ALTER TABLE pegawai
    ADD COLUMN pengingat_jam smallint
        CONSTRAINT pegawai_pengingat_jam_check CHECK (pengingat_jam BETWEEN 360 AND 1199),
    ADD COLUMN pengingat_mati text[] NOT NULL DEFAULT '{}'
        CONSTRAINT pegawai_pengingat_mati_check
        CHECK (pengingat_mati <@ ARRAY['harian', 'mingguan', 'digest', 'eskalasi']::text[]);
-- The reminder hour's zone is one of Indonesia's three. NOT VALID: rows
-- written before this check are not re-read; every new write is checked.
ALTER TABLE pegawai ADD CONSTRAINT pegawai_zona_check
    CHECK (zona IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')) NOT VALID;

-- +goose Down
-- forward only
