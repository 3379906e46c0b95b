-- +goose Up
-- kartu: every copy of an approval card the bot sent, so that each copy can
-- be brought up to date when the report changes (edited, withdrawn, decided).
-- One row per report and recipient (the atasan, a Plt/Plh): the unique key is
-- what keeps a retried card job from sending a second card to the same person.
-- version and status are what the copy shows now; a copy whose pair differs
-- from the report's is edited.
CREATE TABLE kartu (
    id           bigserial PRIMARY KEY,
    aktivitas_id bigint NOT NULL REFERENCES aktivitas (id),
    penerima_id  bigint NOT NULL REFERENCES pegawai (id),
    chat_id      bigint NOT NULL,
    message_id   bigint NOT NULL CONSTRAINT kartu_message_id_check CHECK (message_id > 0),
    version      integer NOT NULL CONSTRAINT kartu_version_check CHECK (version >= 1),
    status       text NOT NULL
                 CONSTRAINT kartu_status_check
                 CHECK (status IN ('diajukan', 'disetujui', 'dikembalikan', 'ditolak', 'ditarik')),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT kartu_aktivitas_penerima_key UNIQUE (aktivitas_id, penerima_id)
);
COMMENT ON TABLE kartu IS 'Approval cards sent to assessors: one row per report and recipient, with the Telegram message to edit and the report version/status it shows.';
-- The copies of one report are read by aktivitas_id: the unique key's index
-- leads with it, so it serves those reads and no second index is kept.

-- +goose Down
-- forward only
