-- +goose Up
-- "kinerjabot audit --nip" also lists what was done on a person's behalf (by
-- their Plt/Plh); without this index that part read the whole log.
CREATE INDEX audit_log_on_behalf_idx ON audit_log (on_behalf_of, at DESC) WHERE on_behalf_of IS NOT NULL;

-- +goose Down
-- forward only
