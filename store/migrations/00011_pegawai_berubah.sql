-- +goose Up
-- pegawai_berubah: every change to a person, or to what the bot reads with a
-- person on each update (whether they assess anyone: their staff, their
-- delegations), is announced on the channel of that name, so that every
-- process's cache of people (store.PegawaiCache) drops what changed, whoever
-- changed it (the bot, an import, another instance). The payload names the
-- people: "p<pegawai id>" and "t<telegram id>", separated by spaces.
-- +goose StatementBegin
CREATE FUNCTION pegawai_berubah() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who text := '';
BEGIN
    IF TG_TABLE_NAME = 'pegawai' THEN
        IF TG_OP <> 'INSERT' THEN
            who := who || ' p' || OLD.id || coalesce(' p' || OLD.atasan_id, '') || coalesce(' t' || OLD.telegram_id, '');
        END IF;
        IF TG_OP <> 'DELETE' THEN
            who := who || ' p' || NEW.id || coalesce(' p' || NEW.atasan_id, '') || coalesce(' t' || NEW.telegram_id, '');
        END IF;
    ELSE -- delegasi
        IF TG_OP <> 'INSERT' THEN
            who := who || ' p' || OLD.dari_id || ' p' || OLD.ke_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            who := who || ' p' || NEW.dari_id || ' p' || NEW.ke_id;
        END IF;
    END IF;
    PERFORM pg_notify('pegawai_berubah', ltrim(who));
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER pegawai_berubah AFTER INSERT OR UPDATE OR DELETE ON pegawai
    FOR EACH ROW EXECUTE FUNCTION pegawai_berubah();
CREATE TRIGGER delegasi_berubah AFTER INSERT OR UPDATE OR DELETE ON delegasi
    FOR EACH ROW EXECUTE FUNCTION pegawai_berubah();

-- +goose Down
-- forward only
