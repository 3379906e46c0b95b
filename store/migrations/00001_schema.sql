-- Schema v1 of kinerjabot. Forward-only: a later change is a new numbered file,
-- never an edit of this one (its hash names the test template database).
--
-- Conventions: instants are timestamptz written by the application from its
-- injected clock (never now()/CURRENT_DATE: the server's zone is not the
-- business zone); business days are date, already resolved in KINERJABOT_TZ.
-- Constraints are named so the store can map a violation onto a message.

-- +goose Up

CREATE TABLE unit_kerja (
    id         bigserial PRIMARY KEY,
    nama       text NOT NULL CONSTRAINT unit_kerja_nama_check CHECK (btrim(nama) <> ''),
    parent_id  bigint REFERENCES unit_kerja (id),
    created_at timestamptz NOT NULL,
    CONSTRAINT unit_kerja_nama_parent_key UNIQUE NULLS NOT DISTINCT (nama, parent_id),
    CONSTRAINT unit_kerja_parent_check CHECK (parent_id <> id)
);
COMMENT ON TABLE unit_kerja IS 'Unit kerja / perangkat daerah (OPD) tree: dinas, badan, kecamatan, kelurahan, sekolah, puskesmas.';
CREATE INDEX unit_kerja_parent_idx ON unit_kerja (parent_id);

CREATE TABLE pegawai (
    id            bigserial PRIMARY KEY,
    nip           text NOT NULL
                  CONSTRAINT pegawai_nip_check CHECK (nip ~ '^[0-9]{18}$')
                  CONSTRAINT pegawai_nip_key UNIQUE,
    nama          text NOT NULL CONSTRAINT pegawai_nama_check CHECK (btrim(nama) <> ''),
    jabatan       text,
    jenis_jabatan text CONSTRAINT pegawai_jenis_jabatan_check
                  CHECK (jenis_jabatan IN ('jpt', 'administrator', 'pengawas', 'pelaksana', 'fungsional')),
    unit_id       bigint REFERENCES unit_kerja (id),
    atasan_id     bigint REFERENCES pegawai (id),
    telepon       text CONSTRAINT pegawai_telepon_check CHECK (telepon ~ '^\+[1-9][0-9]{6,14}$'),
    telegram_id   bigint CONSTRAINT pegawai_telegram_id_key UNIQUE,
    chat_id       bigint,
    roles         text[] NOT NULL DEFAULT '{pegawai}'
                  CONSTRAINT pegawai_roles_check
                  CHECK (roles <@ ARRAY['pegawai', 'admin_opd', 'admin']::text[]),
    bahasa        text CONSTRAINT pegawai_bahasa_check CHECK (bahasa IN ('id', 'en')),
    zona          text,
    aktif         boolean NOT NULL DEFAULT true,
    unreachable   boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT pegawai_atasan_check CHECK (atasan_id <> id)
);
COMMENT ON TABLE pegawai IS 'ASN (PNS and PPPK), identified by NIP; atasan_id is the atasan langsung = pejabat penilai kinerja. Never deleted: deactivated (aktif = false).';
-- telegram_id lookups use the unique index; these serve "my team" and contact matching.
CREATE INDEX pegawai_atasan_idx ON pegawai (atasan_id);
CREATE INDEX pegawai_telepon_idx ON pegawai (telepon);
CREATE INDEX pegawai_unit_idx ON pegawai (unit_id);

CREATE TABLE skp (
    id         bigserial PRIMARY KEY,
    pegawai_id bigint NOT NULL REFERENCES pegawai (id),
    tahun      integer NOT NULL CONSTRAINT skp_tahun_check CHECK (tahun BETWEEN 2000 AND 2100),
    status     text NOT NULL DEFAULT 'draft' CONSTRAINT skp_status_check CHECK (status IN ('draft', 'aktif', 'selesai')),
    created_at timestamptz NOT NULL,
    CONSTRAINT skp_pegawai_tahun_key UNIQUE (pegawai_id, tahun)
);
COMMENT ON TABLE skp IS 'Sasaran Kinerja Pegawai: one per pegawai per year (PermenPANRB 6/2022).';

CREATE TABLE rhk (
    id     bigserial PRIMARY KEY,
    skp_id bigint NOT NULL REFERENCES skp (id) ON DELETE CASCADE,
    kode   text NOT NULL,
    jenis  text NOT NULL CONSTRAINT rhk_jenis_check CHECK (jenis IN ('utama', 'tambahan')),
    teks   text NOT NULL CONSTRAINT rhk_teks_check CHECK (btrim(teks) <> ''),
    CONSTRAINT rhk_skp_kode_key UNIQUE (skp_id, kode)
);
COMMENT ON TABLE rhk IS 'Rencana Hasil Kerja of an SKP, utama or tambahan.';

CREATE TABLE indikator (
    id         bigserial PRIMARY KEY,
    rhk_id     bigint NOT NULL REFERENCES rhk (id) ON DELETE CASCADE,
    teks       text NOT NULL CONSTRAINT indikator_teks_check CHECK (btrim(teks) <> ''),
    target_min numeric NOT NULL,
    target_max numeric NOT NULL,
    satuan     text NOT NULL CONSTRAINT indikator_satuan_check CHECK (btrim(satuan) <> ''),
    arah       text NOT NULL DEFAULT 'naik' CONSTRAINT indikator_arah_check CHECK (arah IN ('naik', 'turun')),
    agregasi   text NOT NULL DEFAULT 'jumlah' CONSTRAINT indikator_agregasi_check CHECK (agregasi IN ('jumlah', 'terakhir')),
    CONSTRAINT indikator_target_check CHECK (target_min >= 0 AND target_min <= target_max),
    -- lets aktivitas check that its indikator belongs to its rhk
    CONSTRAINT indikator_id_rhk_key UNIQUE (id, rhk_id)
);
COMMENT ON TABLE indikator IS 'Indikator kinerja individu of an RHK: target (a range; min = max for a single number), satuan, direction, aggregation.';
CREATE INDEX indikator_rhk_idx ON indikator (rhk_id);

CREATE TABLE aktivitas (
    id           bigserial PRIMARY KEY,
    pegawai_id   bigint NOT NULL REFERENCES pegawai (id),
    tanggal      date NOT NULL,
    kategori     text NOT NULL CONSTRAINT aktivitas_kategori_check CHECK (kategori IN ('rhk', 'tugas_tambahan', 'non_skp')),
    rhk_id       bigint CONSTRAINT aktivitas_rhk_id_fkey REFERENCES rhk (id),
    indikator_id bigint CONSTRAINT aktivitas_indikator_id_fkey REFERENCES indikator (id),
    deskripsi    text NOT NULL CONSTRAINT aktivitas_deskripsi_check CHECK (char_length(btrim(deskripsi)) BETWEEN 1 AND 1000),
    volume       numeric NOT NULL CONSTRAINT aktivitas_volume_check CHECK (volume > 0),
    satuan       text NOT NULL CONSTRAINT aktivitas_satuan_check CHECK (btrim(satuan) <> ''),
    menit        integer NOT NULL CONSTRAINT aktivitas_menit_check CHECK (menit > 0 AND menit <= 1440),
    bukti        text[] NOT NULL DEFAULT '{}',
    -- no 'draft': unfinished reports live in the session (DOMAIN.md, decision 1)
    status       text NOT NULL DEFAULT 'diajukan'
                 CONSTRAINT aktivitas_status_check
                 CHECK (status IN ('diajukan', 'disetujui', 'dikembalikan', 'ditolak', 'ditarik')),
    version      integer NOT NULL DEFAULT 1 CONSTRAINT aktivitas_version_check CHECK (version >= 1),
    decided_by   bigint REFERENCES pegawai (id),
    on_behalf_of bigint REFERENCES pegawai (id),
    alasan       text,
    decided_at   timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    CONSTRAINT aktivitas_rhk_check CHECK ((kategori = 'rhk') = (rhk_id IS NOT NULL)),
    CONSTRAINT aktivitas_indikator_check CHECK (indikator_id IS NULL OR rhk_id IS NOT NULL),
    CONSTRAINT aktivitas_indikator_rhk_fkey FOREIGN KEY (indikator_id, rhk_id) REFERENCES indikator (id, rhk_id),
    CONSTRAINT aktivitas_alasan_check CHECK (
        CASE WHEN status IN ('ditolak', 'dikembalikan') THEN coalesce(btrim(alasan), '') <> ''
             WHEN status = 'disetujui' THEN true -- an approval may carry a note
             ELSE alasan IS NULL
        END),
    CONSTRAINT aktivitas_decided_check CHECK (
        CASE WHEN status IN ('disetujui', 'dikembalikan', 'ditolak') THEN decided_by IS NOT NULL AND decided_at IS NOT NULL
             ELSE decided_by IS NULL AND decided_at IS NULL AND on_behalf_of IS NULL
        END)
);
COMMENT ON TABLE aktivitas IS 'Laporan aktivitas harian: one submitted daily report and its life cycle; version grows with every change so a stale card cannot decide.';
CREATE INDEX aktivitas_pegawai_tanggal_idx ON aktivitas (pegawai_id, tanggal);
-- The pending queue of an assessor's team: small, hot, by author.
CREATE INDEX aktivitas_diajukan_idx ON aktivitas (pegawai_id, tanggal) WHERE status = 'diajukan';
-- Referencing columns, so deleting an RHK/indikator does not scan millions of rows.
CREATE INDEX aktivitas_rhk_idx ON aktivitas (rhk_id) WHERE rhk_id IS NOT NULL;
CREATE INDEX aktivitas_indikator_idx ON aktivitas (indikator_id) WHERE indikator_id IS NOT NULL;

CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_id     bigint REFERENCES pegawai (id), -- NULL: the system
    on_behalf_of bigint REFERENCES pegawai (id),
    action       text NOT NULL CONSTRAINT audit_log_action_check CHECK (action <> ''),
    entity       text NOT NULL CONSTRAINT audit_log_entity_check CHECK (entity <> ''),
    entity_id    bigint,
    detail       jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE audit_log IS 'Who did what to which record, append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.';
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE delegasi (
    id         bigserial PRIMARY KEY,
    dari_id    bigint NOT NULL REFERENCES pegawai (id), -- the assessor whose post is covered
    ke_id      bigint NOT NULL REFERENCES pegawai (id), -- the Plt / Plh
    jenis      text NOT NULL CONSTRAINT delegasi_jenis_check CHECK (jenis IN ('plt', 'plh')),
    mulai      date NOT NULL,
    selesai    date NOT NULL,
    created_by bigint REFERENCES pegawai (id),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT delegasi_period_check CHECK (mulai <= selesai),
    CONSTRAINT delegasi_self_check CHECK (dari_id <> ke_id)
);
COMMENT ON TABLE delegasi IS 'Plt/Plh: ke_id may decide and rate for dari_id from mulai to selesai (inclusive, business dates) unless revoked.';
CREATE INDEX delegasi_ke_idx ON delegasi (ke_id, selesai) WHERE revoked_at IS NULL;
CREATE INDEX delegasi_dari_idx ON delegasi (dari_id, selesai) WHERE revoked_at IS NULL;

CREATE TABLE hari_libur (
    tanggal    date PRIMARY KEY,
    keterangan text NOT NULL,
    jenis      text NOT NULL DEFAULT 'libur' CONSTRAINT hari_libur_jenis_check CHECK (jenis IN ('libur', 'cuti_bersama'))
);
COMMENT ON TABLE hari_libur IS 'National holidays and cuti bersama, imported per year (e.g. data/libur-2026.csv).';

CREATE TABLE cuti (
    id         bigserial PRIMARY KEY,
    pegawai_id bigint NOT NULL REFERENCES pegawai (id),
    mulai      date NOT NULL,
    selesai    date NOT NULL,
    jenis      text NOT NULL CONSTRAINT cuti_jenis_check CHECK (jenis IN ('cuti', 'sakit', 'dinas_luar')),
    CONSTRAINT cuti_period_check CHECK (mulai <= selesai),
    CONSTRAINT cuti_pegawai_mulai_jenis_key UNIQUE (pegawai_id, mulai, jenis)
);
COMMENT ON TABLE cuti IS 'Imported personal leave (cuti, sakit) and dinas luar (work, not leave) periods, inclusive.';

CREATE TABLE undangan (
    id                  bigserial PRIMARY KEY,
    pegawai_id          bigint NOT NULL REFERENCES pegawai (id),
    token_hash          bytea NOT NULL
                        CONSTRAINT undangan_token_hash_check CHECK (octet_length(token_hash) = 32)
                        CONSTRAINT undangan_token_hash_key UNIQUE,
    expires_at          timestamptz NOT NULL,
    used_at             timestamptz,
    used_by_telegram_id bigint,
    created_by          bigint REFERENCES pegawai (id),
    created_at          timestamptz NOT NULL,
    CONSTRAINT undangan_used_check CHECK ((used_at IS NULL) = (used_by_telegram_id IS NULL))
);
COMMENT ON TABLE undangan IS 'Invitation deep links: only the SHA-256 of the /start payload is stored; single use, expiring.';
CREATE INDEX undangan_pegawai_idx ON undangan (pegawai_id);
