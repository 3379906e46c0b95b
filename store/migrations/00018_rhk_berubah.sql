-- +goose Up
-- The RHK a person reports against (their SKP, its RHK and indikator) are
-- cached with the person (store.PegawaiCache.ActiveRHK): a change to any of
-- them is announced on pegawai_berubah as "p<pegawai id>" of the SKP's
-- owner, as a change to the person is (migration 00011). Postgres sends a
-- payload once per transaction, so an import of a whole SKP announces its
-- owner once.
-- +goose StatementBegin
CREATE FUNCTION rhk_berubah() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owners bigint[] := '{}';
BEGIN
    -- Each table's fields in its own branch: a record has only its own.
    IF TG_TABLE_NAME = 'skp' THEN
        IF TG_OP <> 'INSERT' THEN owners := owners || OLD.pegawai_id; END IF;
        IF TG_OP <> 'DELETE' THEN owners := owners || NEW.pegawai_id; END IF;
    ELSIF TG_TABLE_NAME = 'rhk' THEN
        IF TG_OP <> 'INSERT' THEN owners := owners || (SELECT s.pegawai_id FROM skp s WHERE s.id = OLD.skp_id); END IF;
        IF TG_OP <> 'DELETE' THEN owners := owners || (SELECT s.pegawai_id FROM skp s WHERE s.id = NEW.skp_id); END IF;
    ELSE -- indikator
        IF TG_OP <> 'INSERT' THEN
            owners := owners || (SELECT s.pegawai_id FROM rhk r JOIN skp s ON s.id = r.skp_id WHERE r.id = OLD.rhk_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            owners := owners || (SELECT s.pegawai_id FROM rhk r JOIN skp s ON s.id = r.skp_id WHERE r.id = NEW.rhk_id);
        END IF;
    END IF;
    -- (A row whose SKP went in the same cascade finds no owner: the SKP's
    -- own row announced it.)
    IF array_length(array_remove(owners, NULL), 1) > 0 THEN
        PERFORM pg_notify('pegawai_berubah',
            (SELECT string_agg(DISTINCT 'p' || o, ' ') FROM unnest(array_remove(owners, NULL)) AS o));
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER skp_berubah AFTER INSERT OR UPDATE OR DELETE ON skp
    FOR EACH ROW EXECUTE FUNCTION rhk_berubah();
CREATE TRIGGER rhk_berubah AFTER INSERT OR UPDATE OR DELETE ON rhk
    FOR EACH ROW EXECUTE FUNCTION rhk_berubah();
CREATE TRIGGER indikator_berubah AFTER INSERT OR UPDATE OR DELETE ON indikator
    FOR EACH ROW EXECUTE FUNCTION rhk_berubah();

-- +goose Down
-- forward only
