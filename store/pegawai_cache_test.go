package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

// The people cache answers from memory once listening, and drops a person
// as soon as Postgres announces a change to them — to their row, to their
// staff (whether they assess anyone), to their delegations — whoever made
// it; a new day reads afresh.
func TestPegawaiCacheFollowsPostgres(t *testing.T) {
	b, ctx := pgSetup(t)
	cache := runPegawaiCache(t, ctx, b.db)
	today := kinerja.Date{Year: 2026, Month: time.March, Day: 2}
	read := func(tg int64) *kinerja.Pegawai {
		t.Helper()
		p, err := cache.PegawaiByTelegramID(ctx, tg, today)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	eventually := func(what string, ok func() bool) { t.Helper(); within5s(t, what, ok) }
	exec := func(sql string, args ...any) { t.Helper(); mustExec(t, ctx, b.db, sql, args...) }
	eventually("the cache listening", cache.Listening)
	// Kept: a change Postgres does not announce (the trigger off for one
	// statement) is not seen, which shows the read came from memory.
	if p := read(5002); p.Nama != "Siti Rahayu" {
		t.Fatalf("first read: %+v", p)
	}
	silently(t, b.db, `UPDATE pegawai SET nama = 'Siti R.' WHERE id = $1`, b.author.ID)
	if p := read(5002); p.Nama != "Siti Rahayu" {
		t.Fatalf("not kept: %q", p.Nama)
	}
	// What the cache returns is a copy: the caller changing it changes
	// nothing kept.
	read(5002).Nama = "changed by the caller"
	if p := read(5002); p.Nama != "Siti Rahayu" {
		t.Fatalf("the caller changed the kept person: %q", p.Nama)
	}
	// The language: changed by an UPDATE anyone could run, announced.
	exec(`UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, b.author.ID)
	eventually("the new language", func() bool { p := read(5002); return p.Bahasa == "en" && p.Nama == "Siti R." })
	// How a supervisor receives reports (migration 00015's column): a
	// daily list at 15.00 instead of a card per report, announced like any
	// change of the row; through the store, seen at once.
	exec(`UPDATE pegawai SET daftar_jam = 900 WHERE id = $1`, b.author.ID)
	eventually("the daily list's hour", func() bool { return read(5002).DaftarJam == 15*time.Hour })
	if err := b.db.UpdateReminderPrefs(ctx, b.author.ID, func(p *kinerja.ReminderPrefs) { p.Daftar = 0 }); err != nil {
		t.Fatal(err)
	}
	if p := read(5002); p.DaftarJam != 0 {
		t.Fatalf("back to a card per report, still cached as a list at %v", p.DaftarJam)
	}

	// Assessing: Agus has no staff; once Siti reports to him he assesses.
	if read(5003).IsAssessor {
		t.Fatal("Agus assesses nobody yet")
	}
	exec(`UPDATE pegawai SET atasan_id = $1 WHERE id = $2`, b.other.ID, b.author.ID)
	eventually("Agus assessing his new staff", func() bool { return read(5003).IsAssessor })

	// A delegation to Siti covering today makes her an assessor too.
	if read(5002).IsAssessor {
		t.Fatal("Siti assesses nobody yet")
	}
	exec(`INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at) VALUES ($1, $2, 'plh', $3, $3, now())`,
		b.assessor.ID, b.author.ID, today.UTC())
	eventually("Siti as Plh", func() bool { return read(5002).IsAssessor })

	// A Telegram id nobody has yet: nil (not kept), until somebody is
	// linked to it.
	if read(7777) != nil {
		t.Fatal("an unknown Telegram id found somebody")
	}
	exec(`UPDATE pegawai SET telegram_id = 7777 WHERE id = $1`, b.other.ID)
	eventually("the newly linked account", func() bool { p := read(7777); return p != nil && p.ID == b.other.ID })
	eventually("the old Telegram id forgotten", func() bool { return read(5003) == nil })

	// A change this process makes through the store is seen at once, not
	// only when its notification comes back.
	if err := b.db.SetBahasa(ctx, b.author.ID, "id"); err != nil {
		t.Fatal(err)
	}
	if p := read(5002); p.Bahasa != "id" {
		t.Fatalf("the language this process just set: %q", p.Bahasa)
	}

	// Another day is read afresh (the delegation covered only today).
	p, err := cache.PegawaiByTelegramID(ctx, 5002, today.AddDays(1))
	if err != nil || p.IsAssessor {
		t.Fatalf("the next day: %+v, %v", p, err)
	}
}

// Without the listener (not started, or its connection lost) nothing is
// kept: every read is Postgres' current answer.
func TestPegawaiCacheWithoutListenerReadsThrough(t *testing.T) {
	b, ctx := pgSetup(t)
	cache := b.db.NewPegawaiCache(slog.New(slog.DiscardHandler))
	today := kinerja.Date{Year: 2026, Month: time.March, Day: 2}
	if p, err := cache.PegawaiByTelegramID(ctx, 5002, today); err != nil || p.Bahasa == "en" {
		t.Fatalf("%+v, %v", p, err)
	}
	// A change Postgres does not announce (the trigger off for this one
	// statement) is still seen: nothing was kept.
	silently(t, b.db, `UPDATE pegawai SET bahasa = 'en' WHERE id = $1`, b.author.ID)
	if p, err := cache.PegawaiByTelegramID(ctx, 5002, today); err != nil || p.Bahasa != "en" {
		t.Fatalf("without the listener a stale person came back: %+v, %v", p, err)
	}
}

// silently runs one change to pegawai with its trigger off: Postgres does
// not announce it, so only a read that goes to Postgres sees it.
func silently(t *testing.T, db *store.DB, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range []struct {
		sql  string
		args []any
	}{{`ALTER TABLE pegawai DISABLE TRIGGER pegawai_berubah`, nil}, {sql, args}, {`ALTER TABLE pegawai ENABLE TRIGGER pegawai_berubah`, nil}} {
		if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// A person's RHK list is kept with them (the report flow reads it on most
// steps) and dropped when their SKP, an RHK or an indikator of it changes,
// whoever changes it (migration 00018); another person's change leaves it.
func TestPegawaiCacheKeepsTheRHKUntilTheSKPChanges(t *testing.T) {
	b, ctx := pgSetup(t)
	cache := runPegawaiCache(t, ctx, b.db)
	read := func() []kinerja.RHK {
		t.Helper()
		list, err := cache.ActiveRHK(ctx, b.author.ID, 2026)
		if err != nil || len(list) == 0 {
			t.Fatalf("rhk: %v %v", list, err)
		}
		return list
	}
	eventually := func(what string, ok func() bool) { t.Helper(); within5s(t, what, ok) }
	exec := func(sql string, args ...any) { t.Helper(); mustExec(t, ctx, b.db, sql, args...) }
	// silentRHK changes the RHK's text without the announcement.
	silentRHK := func(teks string) {
		t.Helper()
		tx, err := b.db.Pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		for _, q := range []string{`ALTER TABLE rhk DISABLE TRIGGER rhk_berubah`, `UPDATE rhk SET teks = '` + teks + `' WHERE id = ` + fmt.Sprint(b.rhk),
			`ALTER TABLE rhk ENABLE TRIGGER rhk_berubah`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	eventually("the cache listening", cache.Listening)
	first := read()
	orig := first[0].Teks
	// Kept: a change not announced is not seen.
	silentRHK("diubah diam-diam")
	if got := read()[0].Teks; got != orig {
		t.Fatalf("not kept: %q", got)
	}
	// The list returned is the caller's own.
	mine := read()
	mine[0].Teks = "changed by the caller"
	if len(mine[0].Indikator) > 0 {
		mine[0].Indikator[0].Satuan = "changed"
	}
	if got := read(); got[0].Teks != orig || (len(got[0].Indikator) > 0 && got[0].Indikator[0].Satuan == "changed") {
		t.Fatalf("the caller changed the kept list: %+v", got[0])
	}
	// Someone else's change leaves it.
	exec(`UPDATE pegawai SET nama = nama WHERE id = $1`, b.assessor.ID)
	time.Sleep(100 * time.Millisecond)
	if got := read()[0].Teks; got != orig {
		t.Fatalf("dropped by another person's change: %q", got)
	}
	// An indikator of it, an RHK, the SKP itself: each announced as the
	// owner's change, and read afresh.
	exec(`UPDATE indikator SET satuan = 'berkas' WHERE rhk_id = $1`, b.rhk)
	eventually("the indikator's change", func() bool { return read()[0].Teks == "diubah diam-diam" })
	exec(`UPDATE rhk SET teks = 'Tersusunnya laporan' WHERE id = $1`, b.rhk)
	eventually("the RHK's change", func() bool { return read()[0].Teks == "Tersusunnya laporan" })
	exec(`UPDATE skp SET status = 'selesai' WHERE pegawai_id = $1 AND tahun = 2026`, b.author.ID)
	eventually("the SKP's change", func() bool {
		list, err := cache.ActiveRHK(ctx, b.author.ID, 2026)
		return err == nil && len(list) == 0
	})
}

// runPegawaiCache runs a people cache of db until the test ends.
func runPegawaiCache(t *testing.T, ctx context.Context, db *store.DB) *store.PegawaiCache {
	cache := db.NewPegawaiCache(slog.New(slog.DiscardHandler))
	lctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		cache.Run(lctx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
	return cache
}

// within5s polls ok until it holds, failing the test after five seconds.
func within5s(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func mustExec(t *testing.T, ctx context.Context, db *store.DB, sql string, args ...any) {
	t.Helper()
	if _, err := db.Pool.Exec(ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
}
