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
-- The reminder hour's zone is one of Indonesia's three. Nothing wrote zona
-- before; a value set by hand is mapped to its zone (or cleared: the
-- deployment's zone) so that the check holds for every row.
UPDATE pegawai SET zona = CASE
        WHEN zona = 'Asia/Pontianak' THEN 'Asia/Jakarta'
        WHEN zona = 'Asia/Ujung_Pandang' THEN 'Asia/Makassar'
        ELSE NULL END
    WHERE zona IS NOT NULL AND zona NOT IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura');
ALTER TABLE pegawai ADD CONSTRAINT pegawai_zona_check
    CHECK (zona IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'));

-- +goose Down
-- forward only
