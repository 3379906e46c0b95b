-- +goose Up
-- Issue 17: evidence given in the Mini App is kept here, by the bot, so
-- filing it costs no Telegram write. file_id is Telegram's id for the file
-- once the bot has sent it somewhere (a supervisor's "Lihat bukti"), so it
-- is uploaded once and sent by id afterwards. A report names a file as
-- "bp:<id>" (a photo) or "bd:<id>" (a document) among its bukti.
CREATE TABLE berkas (
    id         bigserial PRIMARY KEY,
    pegawai_id bigint NOT NULL REFERENCES pegawai (id),
    nama       text NOT NULL,
    jenis      text NOT NULL,
    foto       boolean NOT NULL,
    data       bytea NOT NULL,
    file_id    text,
    created_at timestamptz NOT NULL
);
CREATE INDEX berkas_pegawai_idx ON berkas (pegawai_id);

-- +goose Down
DROP TABLE berkas;
