-- +goose Up
-- How a supervisor receives their team's reports (issue 15, /pengaturan):
-- daftar_jam NULL is a card per report, sent as it is submitted (the
-- default); a time of day (minutes from midnight, in the person's zone) is
-- one daily list of everything waiting for them at that hour, on their
-- working days, and no card per report. Like pengingat_jam it lies outside
-- the quiet hours (06:00–19:59). The trigger pegawai_berubah (00011) fires
-- on every update of a row, whatever the column, so every process's cache
-- of people hears of a change at once.
ALTER TABLE pegawai ADD COLUMN daftar_jam smallint
    CONSTRAINT pegawai_daftar_jam_check CHECK (daftar_jam BETWEEN 360 AND 1199);
CREATE INDEX pegawai_daftar_jam_idx ON pegawai (id) WHERE daftar_jam IS NOT NULL;

-- The daily list is a reminder of its own kind, 'daftar': planned at the
-- person's hour and pushed like the daily nudge, once a day.
ALTER TABLE pengingat DROP CONSTRAINT pengingat_jenis_check;
ALTER TABLE pengingat ADD CONSTRAINT pengingat_jenis_check
    CHECK (jenis IN ('harian', 'mingguan', 'tenggat', 'digest', 'eskalasi', 'colek', 'daftar'));

-- Escalations are told in one message per supervisor and day: the day's
-- message is a row of its own (subject 0, dated that day, with the push
-- job); each streak it tells is still a row keyed by its first day and its
-- person ("told once per streak"), without a job, waiting (dijadwalkan)
-- until a day's message tells it. This index finds those still to tell.
CREATE INDEX pengingat_eskalasi_terbuka_idx ON pengingat (pegawai_id)
    WHERE jenis = 'eskalasi' AND subjek_id <> 0 AND status = 'dijadwalkan';

-- +goose Down
-- forward only
