package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerjabot/clock"
	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

type invBundle struct {
	db    *store.DB
	clock *clock.Clock
	staf  kinerja.Pegawai
	boss  kinerja.Pegawai
}

func invSetup(t *testing.T) (invBundle, context.Context) {
	t.Helper()
	t.Parallel()
	c := clock.New(time.Date(2026, time.March, 2, 9, 15, 0, 0, time.FixedZone("WIB", 7*3600)))
	db, err := store.OpenPostgres(context.Background(), storetest.NewURL(t), c.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	unit := storetest.SeedUnit(t, db, "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Semarang")
	boss := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Agus Setiawan", UnitID: unit, TelegramID: 5001, ChatID: 5001})
	staf := storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Dwi Rahmawati", UnitID: unit, AtasanID: boss.ID, Telepon: "+6281325007788"})
	return invBundle{db: db, clock: c, staf: staf, boss: boss}, context.Background()
}

func invWantErr(t *testing.T, err error, code kinerja.Code, id string) {
	t.Helper()
	var e *kinerja.Error
	if !errors.As(err, &e) || e.Code != code || e.MessageID != id {
		t.Fatalf("err = %v; want %s %s", err, code, id)
	}
}

func (b invBundle) invite(t *testing.T, nip string, ttl time.Duration) string {
	t.Helper()
	p, _, err := b.db.CreateInvite(context.Background(), nip, ttl, b.boss.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCreateInvite(t *testing.T) {
	b, ctx := invSetup(t)
	payload, expires, err := b.db.CreateInvite(ctx, b.staf.NIP, 14*24*time.Hour, b.boss.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Telegram's deep-link payload: at most 64 of A-Za-z0-9_-, here 192 random bits.
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || len(raw) != store.InvitePayloadBytes || len(payload) > 64 || len(payload) != 32 || strings.ContainsAny(payload, "=+/") {
		t.Fatalf("payload %q (%d bytes, %v)", payload, len(raw), err)
	}
	if want := b.clock.Now().Add(14 * 24 * time.Hour); !expires.Equal(want) {
		t.Fatalf("expires %v, want %v", expires, want)
	}
	// Only the hash is stored.
	var hash []byte
	var storedExpiry time.Time
	var createdBy int64
	if err := b.db.Pool.QueryRow(ctx, `SELECT token_hash, expires_at, created_by FROM undangan WHERE pegawai_id = $1`, b.staf.ID).
		Scan(&hash, &storedExpiry, &createdBy); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(payload))
	if string(hash) != string(sum[:]) || !storedExpiry.Equal(expires) || createdBy != b.boss.ID {
		t.Fatalf("stored %x %v %d", hash, storedExpiry, createdBy)
	}
	var dump string
	if err := b.db.Pool.QueryRow(ctx, `SELECT string_agg(u::text, '') || string_agg(a::text, '') FROM undangan u, audit_log a`).Scan(&dump); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(dump, payload) {
		t.Fatal("the payload is stored somewhere")
	}
	entries, err := b.db.Audit(ctx, store.AuditFilter{Action: "invite_created"})
	if err != nil || len(entries) != 1 || entries[0].ActorID != b.boss.ID || entries[0].Detail["pegawai_id"] != float64(b.staf.ID) {
		t.Fatalf("audit %+v %v", entries, err)
	}

	// Refusals.
	_, _, err = b.db.CreateInvite(ctx, "1987", time.Hour, 0)
	invWantErr(t, err, kinerja.CodeInvalid, "pegawai.nip_invalid")
	_, _, err = b.db.CreateInvite(ctx, "199912312024121999", time.Hour, 0)
	invWantErr(t, err, kinerja.CodeNotFound, "invite.nip_unknown")
	_, _, err = b.db.CreateInvite(ctx, b.boss.NIP, time.Hour, 0)
	invWantErr(t, err, kinerja.CodeConflict, "invite.already_linked")
	for _, ttl := range []time.Duration{0, -time.Hour, 30 * time.Second, 91 * 24 * time.Hour} {
		_, _, err = b.db.CreateInvite(ctx, b.staf.NIP, ttl, 0)
		invWantErr(t, err, kinerja.CodeInvalid, "invite.bad_ttl")
	}
	gone := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Pensiun"})
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = b.db.CreateInvite(ctx, gone.NIP, time.Hour, 0)
	invWantErr(t, err, kinerja.CodeForbidden, "invite.pegawai_inactive")

	// A newer invitation replaces the older unused one.
	newer := b.invite(t, b.staf.NIP, time.Hour)
	_, err = b.db.RedeemInvite(ctx, payload, 7001, 7001)
	invWantErr(t, err, kinerja.CodeInvalid, "onboarding.invite_expired")
	if _, err := b.db.RedeemInvite(ctx, newer, 7001, 7001); err != nil {
		t.Fatal(err)
	}
}

func TestRedeemInvite(t *testing.T) {
	b, ctx := invSetup(t)
	payload := b.invite(t, b.staf.NIP, 14*24*time.Hour)
	b.clock.Advance(time.Hour)
	p, err := b.db.RedeemInvite(ctx, payload, 7001, 8001)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != b.staf.ID || p.NIP != b.staf.NIP || p.Nama != "Dwi Rahmawati" || p.TelegramID != 7001 || p.ChatID != 8001 ||
		!p.Aktif || p.AtasanID != b.boss.ID || p.Telepon != "+6281325007788" || !p.HasRole(kinerja.RolePegawai) {
		t.Fatalf("pegawai %+v", p)
	}
	got, err := b.db.PegawaiByTelegramID(ctx, 7001, kinerja.Date{Year: 2026, Month: 3, Day: 2})
	if err != nil || got == nil || got.ID != b.staf.ID || got.ChatID != 8001 {
		t.Fatalf("linked %+v %v", got, err)
	}
	var usedAt time.Time
	var usedBy int64
	if err := b.db.Pool.QueryRow(ctx, `SELECT used_at, used_by_telegram_id FROM undangan`).Scan(&usedAt, &usedBy); err != nil ||
		!usedAt.Equal(b.clock.Now()) || usedBy != 7001 {
		t.Fatalf("used %v %d %v", usedAt, usedBy, err)
	}
	entries, err := b.db.Audit(ctx, store.AuditFilter{Action: "account_linked"})
	if err != nil || len(entries) != 1 || entries[0].ActorID != b.staf.ID || entries[0].EntityID != b.staf.ID ||
		fmt.Sprint(entries[0].Detail) != "map[via:invite]" || !entries[0].At.Equal(b.clock.Now()) {
		t.Fatalf("audit %+v %v", entries, err)
	}
	// The same account again (a redelivered /start): success, nothing new.
	if p, err := b.db.RedeemInvite(ctx, payload, 7001, 8001); err != nil || p.ID != b.staf.ID {
		t.Fatalf("again: %+v %v", p, err)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'account_linked'`); n != 1 {
		t.Fatalf("%d link audits", n)
	}
	// Another account: used.
	_, err = b.db.RedeemInvite(ctx, payload, 7002, 7002)
	invWantErr(t, err, kinerja.CodeConflict, "onboarding.invite_used")
}

func TestRedeemInviteRefusals(t *testing.T) {
	b, ctx := invSetup(t)
	db := b.db
	newPegawai := func() kinerja.Pegawai { return storetest.SeedPegawai(t, db, kinerja.Pegawai{}) }

	// Unknown or garbled payloads.
	for _, p := range []string{"", "tidak-ada-undangan-seperti-ini", "a b", "!!!", strings.Repeat("A", 65), "ÄÖÜ"} {
		_, err := db.RedeemInvite(ctx, p, 7001, 7001)
		invWantErr(t, err, kinerja.CodeNotFound, "onboarding.invite_invalid")
	}

	// Expired: valid until the instant before expiry.
	p1 := newPegawai()
	pay := b.invite(t, p1.NIP, time.Hour)
	b.clock.Advance(time.Hour)
	_, err := db.RedeemInvite(ctx, pay, 7001, 7001)
	invWantErr(t, err, kinerja.CodeInvalid, "onboarding.invite_expired")
	p1b := newPegawai()
	pay = b.invite(t, p1b.NIP, time.Hour)
	b.clock.Advance(time.Hour - time.Microsecond)
	if _, err := db.RedeemInvite(ctx, pay, 7011, 7011); err != nil {
		t.Fatalf("one microsecond before expiry: %v", err)
	}

	// The pegawai left after the invitation.
	p2 := newPegawai()
	pay = b.invite(t, p2.NIP, time.Hour)
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, p2.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.RedeemInvite(ctx, pay, 7001, 7001)
	invWantErr(t, err, kinerja.CodeForbidden, "onboarding.pegawai_inactive")

	// The pegawai got linked to another account meanwhile.
	p3 := newPegawai()
	pay = b.invite(t, p3.NIP, time.Hour)
	if _, err := db.Pool.Exec(ctx, `UPDATE pegawai SET telegram_id = 7300 WHERE id = $1`, p3.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.RedeemInvite(ctx, pay, 7001, 7001)
	invWantErr(t, err, kinerja.CodeConflict, "onboarding.nip_linked_elsewhere")
	// … but the account it is linked to may redeem it: success, marked used.
	if p, err := db.RedeemInvite(ctx, pay, 7300, 7300); err != nil || p.ID != p3.ID {
		t.Fatalf("own account: %+v %v", p, err)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM undangan WHERE pegawai_id = $1 AND used_by_telegram_id = 7300`, p3.ID); n != 1 {
		t.Fatal("invite not marked used")
	}
	if n := rowCount(t, db, `SELECT count(*) FROM audit_log WHERE action = 'account_linked' AND entity_id = $1`, p3.ID); n != 0 {
		t.Fatal("an already existing link was audited as new")
	}

	// This account already belongs to someone else (the boss).
	p4 := newPegawai()
	pay = b.invite(t, p4.NIP, time.Hour)
	_, err = db.RedeemInvite(ctx, pay, b.boss.TelegramID, b.boss.TelegramID)
	invWantErr(t, err, kinerja.CodeConflict, "onboarding.account_linked")
	// Nothing was changed by the refusals.
	if n := rowCount(t, db, `SELECT count(*) FROM pegawai WHERE telegram_id = 7001`); n != 0 {
		t.Fatalf("%d linked to 7001", n)
	}
	if n := rowCount(t, db, `SELECT count(*) FROM undangan WHERE pegawai_id = $1 AND used_at IS NOT NULL`, p4.ID); n != 0 {
		t.Fatal("a refused redeem marked the invite used")
	}
}

func TestRedeemInviteConcurrently(t *testing.T) {
	b, ctx := invSetup(t)
	payload := b.invite(t, b.staf.NIP, time.Hour)
	errs := race(6, func(i int) error {
		_, err := b.db.RedeemInvite(ctx, payload, int64(7100+i), int64(7100+i))
		return err
	})
	if wins := winners(errs, func(err error) { invWantErr(t, err, kinerja.CodeConflict, "onboarding.invite_used") }); wins != 1 {
		t.Fatalf("%d winners: %v", wins, errs)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM pegawai WHERE telegram_id BETWEEN 7100 AND 7199`); n != 1 {
		t.Fatalf("%d linked", n)
	}

	// One account redeeming two invitations (two people) at once: one link.
	p1 := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{})
	p2 := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{})
	pays := []string{b.invite(t, p1.NIP, time.Hour), b.invite(t, p2.NIP, time.Hour)}
	errs = race(2, func(i int) error {
		_, err := b.db.RedeemInvite(ctx, pays[i], 7200, 7200)
		return err
	})
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither: %v / %v", errs[0], errs[1])
	}
	for _, err := range errs[:2] {
		if err != nil {
			invWantErr(t, err, kinerja.CodeConflict, "onboarding.account_linked")
		}
	}
}
