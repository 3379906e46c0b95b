-- +goose Up
-- kunci: a key the chat flow draws once per report it is about to submit, so
-- that pressing Kirim twice (two devices, a redelivered update after a crash)
-- files one report, not two.
ALTER TABLE aktivitas ADD COLUMN kunci text;
ALTER TABLE aktivitas ADD CONSTRAINT aktivitas_kunci_key UNIQUE (kunci);
ALTER TABLE aktivitas ADD CONSTRAINT aktivitas_kunci_check CHECK (kunci IS NULL OR char_length(kunci) BETWEEN 8 AND 64);
COMMENT ON COLUMN aktivitas.kunci IS 'Idempotency key of the submission that created the row (NULL for imported rows).';

-- +goose Down
-- forward only
