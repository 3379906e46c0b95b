package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

var kartuToday = kinerja.Date{Year: 2026, Month: time.March, Day: 2}

// kartuLocks counts the card locks of this test's database (two int4 keys,
// the first "kart").
const kartuLocks = `SELECT count(*) FROM pg_locks
WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint = 1801548404
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`

func kartuDelegate(t *testing.T, b pgBundle, ke int64, mulai, selesai string, revoked bool) {
	t.Helper()
	_, err := b.db.Pool.Exec(context.Background(), `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at, revoked_at)
VALUES ($1, $2, 'plh', $3, $4, now(), CASE WHEN $5 THEN now() END)`, b.assessor.ID, ke, mulai, selesai, revoked)
	if err != nil {
		t.Fatal(err)
	}
}

// sync runs SyncCards and returns the set fn saw.
func kartuSync(t *testing.T, b pgBundle, id int64, save ...store.Card) store.CardSet {
	t.Helper()
	var seen store.CardSet
	err := b.db.SyncCards(context.Background(), id, kartuToday, func(ctx context.Context, set store.CardSet, rec func(context.Context, store.Card) error) error {
		seen = set
		for _, c := range save {
			if err := rec(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen
}

func TestSyncCardsReadsAndRecordsTheCopies(t *testing.T) {
	b, ctx := pgSetup(t)
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Kepala Seksi", TelegramID: 6001, ChatID: 6001, Bahasa: "en"})
	expired := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Minggu Lalu", TelegramID: 6002, ChatID: 6002})
	revoked := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Dicabut", TelegramID: 6003, ChatID: 6003})
	inactive := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Nonaktif", TelegramID: 6004, ChatID: 6004})
	kartuDelegate(t, b, plh.ID, "2026-03-02", "2026-03-02", false) // exactly today
	kartuDelegate(t, b, expired.ID, "2026-02-23", "2026-03-01", false)
	kartuDelegate(t, b, revoked.ID, "2026-03-01", "2026-03-31", true)
	kartuDelegate(t, b, inactive.ID, "2026-03-01", "2026-03-31", false)
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, inactive.ID); err != nil {
		t.Fatal(err)
	}
	a := b.submit(t)
	other := b.report()
	other.Menit, other.Deskripsi = 45, "Rapat koordinasi"
	if _, err := b.db.SubmitAktivitas(ctx, other, b.author.ID); err != nil {
		t.Fatal(err)
	}

	set := kartuSync(t, b, a.ID)
	r := set.Report
	if r.Aktivitas.ID != a.ID || r.Aktivitas.Version != 1 || r.Author.NIP != b.author.NIP || r.Author.Nama != "Siti Rahayu" ||
		r.Author.TelegramID != 5002 || r.RHKKode != "RHK-1" || r.RHKTeks != "Tersusunnya laporan" || r.DayMinutes != 165 ||
		r.DecidedBy != "" || r.OnBehalfOf != "" {
		t.Fatalf("report view = %+v", r)
	}
	if len(set.Assessors) != 2 || set.Assessors[0].ID != b.assessor.ID || set.Assessors[1].ID != plh.ID ||
		set.Assessors[1].ChatID != 6001 || set.Assessors[1].Bahasa != "en" || set.Assessors[0].ChatID != 0 {
		t.Fatalf("assessors = %+v", set.Assessors)
	}
	if len(set.Cards) != 0 {
		t.Fatalf("cards = %+v", set.Cards)
	}

	// Recorded copies come back; a second save for the same person replaces
	// the first (an edit, or a new message after a resubmission).
	first := store.Card{AktivitasID: a.ID, PenerimaID: plh.ID, ChatID: 6001, MessageID: 10, Version: 1, Status: kinerja.StatusDiajukan}
	kartuSync(t, b, a.ID, first, store.Card{AktivitasID: a.ID, PenerimaID: b.assessor.ID, ChatID: 5001, MessageID: 11, Version: 1, Status: kinerja.StatusDiajukan})
	moved := first
	moved.MessageID, moved.Version, moved.Status = 12, 2, kinerja.StatusDitarik
	set = kartuSync(t, b, a.ID, moved)
	if len(set.Cards) != 2 || set.Cards[0].PenerimaID != plh.ID || set.Cards[0].Bahasa != "en" || set.Cards[1].MessageID != 11 {
		t.Fatalf("cards = %+v", set.Cards)
	}
	cards, err := b.db.CardsOf(ctx, a.ID)
	moved.Bahasa = "en"
	if err != nil || len(cards) != 2 || cards[0] != moved {
		t.Fatalf("cards of = %+v, %v", cards, err)
	}
	// The database refuses what cannot be a copy.
	bad := moved
	bad.MessageID = 0
	err = b.db.SyncCards(ctx, a.ID, kartuToday, func(ctx context.Context, _ store.CardSet, rec func(context.Context, store.Card) error) error {
		return rec(ctx, bad)
	})
	if kinerja.ErrorCode(err) != kinerja.CodeInvalid {
		t.Fatalf("message id 0 saved: %v", err)
	}
	// A refused copy leaves no lock held, and copies recorded before a
	// send that fails stay recorded.
	var held int
	if err := b.db.Pool.QueryRow(ctx, kartuLocks).Scan(&held); err != nil || held != 0 {
		t.Fatalf("card locks held after a refused copy: %d, %v", held, err)
	}
	again := moved
	again.MessageID = 13
	err = b.db.SyncCards(ctx, a.ID, kartuToday, func(ctx context.Context, _ store.CardSet, rec func(context.Context, store.Card) error) error {
		if err := rec(ctx, again); err != nil {
			return err
		}
		if err := rec(ctx, store.Card{AktivitasID: a.ID, PenerimaID: b.assessor.ID, ChatID: 5001, MessageID: 14, Version: 2, Status: kinerja.StatusDitarik}); err != nil {
			return err
		}
		return errors.New("a third send fails")
	})
	if err == nil || err.Error() != "a third send fails" {
		t.Fatalf("fn's error lost: %v", err)
	}
	if cards, err := b.db.CardsOf(ctx, a.ID); err != nil || len(cards) != 2 || cards[0].MessageID != 13 || cards[1].MessageID != 14 {
		t.Fatalf("copies after a failed third send = %+v, %v", cards, err)
	}
	// An unknown report: not found, and fn does not run.
	err = b.db.SyncCards(ctx, a.ID+100, kartuToday, func(context.Context, store.CardSet, func(context.Context, store.Card) error) error {
		t.Fatal("fn ran for an unknown report")
		return nil
	})
	if kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Fatalf("unknown report: %v", err)
	}
}

func TestSyncCardsOfOneReportTakeTurns(t *testing.T) {
	b, ctx := pgSetup(t)
	a, other := b.submit(t), b.submit(t)
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- b.db.SyncCards(ctx, a.ID, kartuToday, func(context.Context, store.CardSet, func(context.Context, store.Card) error) error {
			close(holding)
			<-release
			return errors.New("the first job fails")
		})
	}()
	<-holding
	// Another report's job is not held up.
	kartuSync(t, b, other.ID)
	// The same report's job waits for the lock ...
	second := make(chan error, 1)
	go func() {
		second <- b.db.SyncCards(ctx, a.ID, kartuToday, func(context.Context, store.CardSet, func(context.Context, store.Card) error) error { return nil })
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := b.db.Pool.QueryRow(ctx, kartuLocks+` AND NOT granted`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second job never waited for the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-second:
		t.Fatalf("the second job ran while the first held the lock: %v", err)
	default:
	}
	// ... and runs once the first ends, even with an error.
	close(release)
	if err := <-done; err == nil || err.Error() != "the first job fails" {
		t.Fatalf("the first job's error: %v", err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	var held int
	if err := b.db.Pool.QueryRow(ctx, kartuLocks).Scan(&held); err != nil || held != 0 {
		t.Fatalf("%d advisory locks left behind (%v)", held, err)
	}
}

func TestNoticeDataNamesWhoDecided(t *testing.T) {
	b, ctx := pgSetup(t)
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Kepala Seksi"})
	kartuDelegate(t, b, plh.ID, "2026-03-01", "2026-03-05", false)
	a := b.submit(t)
	req := b.decide(kinerja.ActionKembalikan, a, "Lampirkan notulen")
	req.ActorID = plh.ID
	if _, err := b.db.ApplyAktivitas(ctx, req); err != nil {
		t.Fatal(err)
	}
	v, err := b.db.NoticeData(ctx, a.ID)
	if err != nil || v.Aktivitas.Status != kinerja.StatusDikembalikan || v.Aktivitas.Version != 2 || v.Aktivitas.Reason != "Lampirkan notulen" ||
		v.DecidedBy != "Plh Kepala Seksi" || v.OnBehalfOf != "Budi Santoso" || v.Author.Nama != "Siti Rahayu" || v.DayMinutes != 120 {
		t.Fatalf("notice data = %+v, %v", v, err)
	}
	if _, err := b.db.NoticeData(ctx, a.ID+100); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Fatalf("unknown report: %v", err)
	}
}

// A card's assessors are read by key, whatever the size of the city: with
// 5,000 people the statement reads a few dozen buffers (the atasan's row, a
// delegate's, the delegations). Written as "p.id = atasan OR p.id IN
// (delegations)" it read every person's row and ran the subquery for each:
// 5,105 buffers here, 35,676 and 107 ms with the city's 17,500.
func TestAssessorsReadByKey(t *testing.T) {
	b, ctx := pgSetup(t)
	_, err := b.db.Pool.Exec(ctx, `
INSERT INTO pegawai (nip, nama, atasan_id, roles, aktif, created_at, updated_at)
SELECT (197000000000000000 + g)::text, 'Pegawai ' || g, $1, '{pegawai}', true, now(), now()
FROM generate_series(1, 5000) g`, b.assessor.ID)
	if err != nil {
		t.Fatal(err)
	}
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Kepala Seksi", TelegramID: 6001, ChatID: 6001})
	kartuDelegate(t, b, plh.ID, "2026-03-01", "2026-03-31", false)
	if _, err := b.db.Pool.Exec(ctx, `ANALYZE pegawai; ANALYZE delegasi`); err != nil {
		t.Fatal(err)
	}
	a := b.submit(t)
	if set := kartuSync(t, b, a.ID); len(set.Assessors) != 2 || set.Assessors[0].ID != b.assessor.ID || set.Assessors[1].ID != plh.ID {
		t.Fatalf("assessors = %+v", set.Assessors)
	}
	var plan []struct {
		Plan struct {
			Hits int `json:"Shared Hit Blocks"`
			Read int `json:"Shared Read Blocks"`
		}
	}
	if err := b.db.Pool.QueryRow(ctx, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) `+store.ReportAssessorsSQL, a.ID, "2026-03-02").Scan(&plan); err != nil {
		t.Fatal(err)
	}
	if len(plan) != 1 || plan[0].Plan.Hits+plan[0].Plan.Read == 0 || plan[0].Plan.Hits+plan[0].Plan.Read > 100 {
		t.Fatalf("the assessors' statement read %+v buffers, want 1 to 100", plan)
	}
}
