-- +goose Up
-- Every reminder planned for someone, and what became of it. A row is
-- inserted together with the job that pushes it (one transaction), keyed by
-- recipient, kind, date, subject (the staff member an escalation is about;
-- 0 otherwise) and ke (0, then 1, 2… after "Tunda 1 jam"): the key is the
-- "sent once" guarantee, also after River has deleted the finished job.
-- status: dijadwalkan (planned, job pending), terkirim (Telegram accepted
-- it), dilewati (checked again at sending and no longer due; alasan says
-- why).
CREATE TABLE pengingat (
    id           bigserial PRIMARY KEY,
    pegawai_id   bigint NOT NULL REFERENCES pegawai (id),
    jenis        text NOT NULL CONSTRAINT pengingat_jenis_check
                 CHECK (jenis IN ('harian', 'mingguan', 'tenggat', 'digest', 'eskalasi', 'colek')),
    tanggal      date NOT NULL,
    subjek_id    bigint NOT NULL DEFAULT 0,
    ke           smallint NOT NULL DEFAULT 0 CONSTRAINT pengingat_ke_check CHECK (ke BETWEEN 0 AND 50),
    status       text NOT NULL DEFAULT 'dijadwalkan' CONSTRAINT pengingat_status_check
                 CHECK (status IN ('dijadwalkan', 'terkirim', 'dilewati')),
    alasan       text,
    chat_id      bigint,
    message_id   bigint,
    tunda_sampai timestamptz,
    dibuat       timestamptz NOT NULL,
    diperbarui   timestamptz NOT NULL,
    CONSTRAINT pengingat_key UNIQUE (pegawai_id, jenis, tanggal, subjek_id, ke)
);
COMMENT ON TABLE pengingat IS 'Reminders planned, sent or skipped: one row per recipient, kind, date, subject and snooze round.';
CREATE INDEX pengingat_tunda_idx ON pengingat (tunda_sampai) WHERE tunda_sampai IS NOT NULL;
CREATE INDEX pengingat_tanggal_idx ON pengingat (tanggal, jenis);

-- The once-a-day plans (weekly note, deadline warning, digest, escalation):
-- a row says that the kind's recipients for that date have been planned.
CREATE TABLE pengingat_rencana (
    jenis   text NOT NULL,
    tanggal date NOT NULL,
    dibuat  timestamptz NOT NULL,
    PRIMARY KEY (jenis, tanggal)
);

-- +goose Down
-- forward only
