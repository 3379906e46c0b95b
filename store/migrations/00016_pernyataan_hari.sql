-- +goose Up
-- Issue 15: "Saya cuti / dinas luar hari ini". A person declares a day
-- (today) as cuti, sakit or dinas luar, from the afternoon nudge or from
-- /lapor; the assessor who may decide that day (the atasan, or a Plt/Plh)
-- confirms or refuses it. status: diajukan (waiting), disetujui
-- (confirmed), ditolak (refused). A waiting or confirmed declaration stops
-- the day's reminders and keeps the day from counting as missed; a
-- confirmed cuti or sakit is leave for the minutes target (the view
-- cuti_berlaku below), dinas luar stays work (DOMAIN.md decision 3).
-- penerima_id: who was asked to confirm (NULL: nobody could be reached);
-- pengingat_id: the nudge it came from (NULL: /lapor).
CREATE TABLE pernyataan_hari (
    id           bigserial PRIMARY KEY,
    pegawai_id   bigint NOT NULL REFERENCES pegawai (id),
    tanggal      date NOT NULL,
    jenis        text NOT NULL CONSTRAINT pernyataan_hari_jenis_check CHECK (jenis IN ('cuti', 'sakit', 'dinas_luar')),
    status       text NOT NULL DEFAULT 'diajukan' CONSTRAINT pernyataan_hari_status_check
                 CHECK (status IN ('diajukan', 'disetujui', 'ditolak')),
    pengingat_id bigint REFERENCES pengingat (id),
    penerima_id  bigint REFERENCES pegawai (id),
    diputus_oleh bigint REFERENCES pegawai (id),
    atas_nama    bigint REFERENCES pegawai (id),
    diputus_pada timestamptz,
    dibuat       timestamptz NOT NULL,
    CONSTRAINT pernyataan_hari_putusan_check
        CHECK ((status = 'diajukan') = (diputus_oleh IS NULL AND diputus_pada IS NULL))
);
COMMENT ON TABLE pernyataan_hari IS 'Days a person declared as cuti, sakit or dinas luar, and their assessor''s confirmation or refusal.';
-- One live (waiting or confirmed) declaration per person and day; a
-- refused one may be followed by another.
CREATE UNIQUE INDEX pernyataan_hari_berlaku_key ON pernyataan_hari (pegawai_id, tanggal) WHERE status <> 'ditolak';
CREATE INDEX pernyataan_hari_tanggal_idx ON pernyataan_hari (tanggal) WHERE status <> 'ditolak';

-- The leave that counts: imported spans and confirmed declarations (one
-- day each). Readers count days (kinerja.Calendar), so a day covered by
-- both counts once.
CREATE VIEW cuti_berlaku AS
    SELECT pegawai_id, mulai, selesai, jenis FROM cuti
    UNION ALL
    SELECT pegawai_id, tanggal, tanggal, jenis FROM pernyataan_hari WHERE status = 'disetujui';
COMMENT ON VIEW cuti_berlaku IS 'Imported leave and confirmed declared days: what the target, the reminders and the recap read.';

-- +goose Down
-- forward only
