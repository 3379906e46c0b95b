-- +goose Up
-- penilaian: the assessor's rating of one person for one period (DOMAIN.md,
-- "How they are scored" and decision 2): Rating Hasil Kerja, Rating Perilaku
-- Kerja, the Predikat Kinerja they combine into, and optional umpan balik.
--
-- A period is a calendar month in KINERJABOT_TZ (jenis_periode 'bulan',
-- periode = its first day); 'triwulan' (periode = the first day of the
-- quarter) is allowed for deployments that will rate per quarter.
--
-- While a row has unlocked_at NULL the person's period is LOCKED: no report
-- dated in it may be filed, edited, withdrawn or decided. An admin's unlock
-- sets unlocked_at (and unlocked_by, NULL for the system): the row stays as
-- history and the period may be rated again, so at most one row per person
-- and period is current (the partial unique index).
CREATE TABLE penilaian (
    id              bigserial PRIMARY KEY,
    pegawai_id      bigint NOT NULL REFERENCES pegawai (id),
    periode         date NOT NULL,
    jenis_periode   text NOT NULL DEFAULT 'bulan'
                    CONSTRAINT penilaian_jenis_periode_check CHECK (jenis_periode IN ('bulan', 'triwulan')),
    rating_hasil    text NOT NULL
                    CONSTRAINT penilaian_rating_hasil_check CHECK (rating_hasil IN ('di_bawah', 'sesuai', 'di_atas')),
    rating_perilaku text NOT NULL
                    CONSTRAINT penilaian_rating_perilaku_check CHECK (rating_perilaku IN ('di_bawah', 'sesuai', 'di_atas')),
    predikat        text NOT NULL
                    CONSTRAINT penilaian_predikat_check
                    CHECK (predikat IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')),
    umpan_balik     text CONSTRAINT penilaian_umpan_balik_check CHECK (char_length(umpan_balik) BETWEEN 1 AND 1000),
    rated_by        bigint NOT NULL REFERENCES pegawai (id),
    on_behalf_of    bigint REFERENCES pegawai (id), -- the atasan a Plt/Plh rated for
    rated_at        timestamptz NOT NULL,
    unlocked_at     timestamptz,
    unlocked_by     bigint REFERENCES pegawai (id), -- NULL with unlocked_at set: the system (the CLI)
    CONSTRAINT penilaian_periode_check CHECK (
        extract(day FROM periode) = 1
        AND (jenis_periode = 'bulan' OR extract(month FROM periode) IN (1, 4, 7, 10))),
    CONSTRAINT penilaian_self_check CHECK (rated_by <> pegawai_id AND on_behalf_of <> pegawai_id),
    CONSTRAINT penilaian_unlocked_check CHECK (unlocked_by IS NULL OR unlocked_at IS NOT NULL)
);
COMMENT ON TABLE penilaian IS 'Period ratings by the assessor (Rating Hasil/Perilaku Kerja, Predikat Kinerja); a row with unlocked_at NULL locks that person''s period.';
-- One current (locking) rating per person and period; also the index of the
-- lock check "is the period of this date locked for this person?".
CREATE UNIQUE INDEX penilaian_locked_key ON penilaian (pegawai_id, periode) WHERE unlocked_at IS NULL;
-- A person's history, unlocked rows included (pegawai are never deleted, so
-- the other foreign keys need no index).
CREATE INDEX penilaian_pegawai_idx ON penilaian (pegawai_id, periode);

-- +goose Down
-- forward only
