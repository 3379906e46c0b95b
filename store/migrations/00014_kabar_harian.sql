-- +goose Up
-- The day's decisions on a person's reports are told in one message, edited
-- as more come (issue 15): the message of each person's day.
CREATE TABLE kabar_harian (
    pegawai_id bigint NOT NULL REFERENCES pegawai (id) ON DELETE CASCADE,
    tanggal    date   NOT NULL,
    chat_id    bigint NOT NULL,
    message_id int    NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pegawai_id, tanggal)
);

-- +goose Down
DROP TABLE kabar_harian;
