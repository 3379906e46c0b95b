-- +goose Up
-- kabar_terkirim: the notices (decision, rating, rating request) a job sent,
-- by the job's id. A job run again after its process died (River rescues it)
-- reads this first and does not send twice; a notice sent whose row was not
-- written yet is sent again (once more at worst: better than not at all).
-- Rows are needed only while River may run the job again: two days.
CREATE TABLE kabar_terkirim (
    job_id       bigint PRIMARY KEY,
    chat_id      bigint NOT NULL,
    message_id   bigint NOT NULL,
    dikirim_pada timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kabar_terkirim_dikirim_pada_idx ON kabar_terkirim (dikirim_pada);

-- +goose Down
-- forward only
