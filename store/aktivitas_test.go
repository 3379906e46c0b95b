package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"kinerjabot/clock"
	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// pgBundle is what most store tests start from: a database with one unit, an
// assessor, an author reporting to them and a bystander.
type pgBundle struct {
	db       *store.DB
	unit     int64
	assessor kinerja.Pegawai
	author   kinerja.Pegawai
	other    kinerja.Pegawai
	rhk      int64
	ind      int64
	clock    *clock.Clock
}

// pgSetup starts a test (in parallel) on the bundle's database; it returns
// the bundle and the test's context.
func pgSetup(t *testing.T) (pgBundle, context.Context) {
	t.Helper()
	t.Parallel()
	wib := time.FixedZone("WIB", 7*3600)
	c := clock.New(time.Date(2026, time.March, 2, 16, 30, 0, 123456789, wib))
	db, err := store.OpenPostgres(context.Background(), storetest.NewURL(t), c.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	b := pgBundle{db: db, clock: c}
	b.unit = storetest.SeedUnit(t, db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	b.assessor = storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Budi Santoso", UnitID: b.unit, TelegramID: 5001, JenisJabatan: "pengawas"})
	b.author = storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Siti Rahayu", UnitID: b.unit, AtasanID: b.assessor.ID, TelegramID: 5002})
	b.other = storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: "Agus Wibowo", UnitID: b.unit, AtasanID: b.assessor.ID, TelegramID: 5003})
	b.rhk, b.ind = storetest.SeedRHK(t, db, b.author.ID, 2026)
	return b, context.Background()
}

func (b pgBundle) report() kinerja.Aktivitas {
	return kinerja.Aktivitas{
		PegawaiID:   b.author.ID,
		Tanggal:     kinerja.Date{Year: 2026, Month: time.March, Day: 2},
		Kategori:    kinerja.KategoriRHK,
		RHKID:       b.rhk,
		IndikatorID: b.ind,
		Deskripsi:   "Menyusun laporan bulanan pengaduan masyarakat",
		Volume:      1.5,
		Satuan:      "laporan",
		Menit:       120,
		Bukti:       []string{"AgACAgUAAxkBAAIB"},
	}
}

func (b pgBundle) submit(t *testing.T) kinerja.Aktivitas {
	t.Helper()
	a, err := b.db.SubmitAktivitas(context.Background(), b.report(), b.author.ID)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return a
}

func (b pgBundle) decide(action kinerja.Action, a kinerja.Aktivitas, reason string) store.ApplyRequest {
	return store.ApplyRequest{AktivitasID: a.ID, Version: a.Version, Action: action,
		Actor: kinerja.ActorAssessor, ActorID: b.assessor.ID, Reason: reason,
		Today: kinerja.Date{Year: 2026, Month: time.March, Day: 2}}
}

func (b pgBundle) byAuthor(action kinerja.Action, a kinerja.Aktivitas) store.ApplyRequest {
	req := store.ApplyRequest{AktivitasID: a.ID, Version: a.Version, Action: action,
		Actor: kinerja.ActorAuthor, ActorID: b.author.ID}
	if action == kinerja.ActionUbah {
		e := b.report()
		e.Deskripsi = "Menyusun laporan bulanan pengaduan masyarakat (revisi)"
		e.Menit = 90
		req.Edit = &e
	}
	return req
}

// pgWantErr fails unless err is a domain error with code and, when given, messageID.
// race runs do(0) … do(n-1) at the same moment, each in a goroutine of its
// own released with the others, and returns their errors.
func race(n int, do func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = do(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// winners counts the calls of a race that succeeded; each failure goes to
// lost.
func winners(errs []error, lost func(error)) int {
	n := 0
	for _, err := range errs {
		if err == nil {
			n++
			continue
		}
		lost(err)
	}
	return n
}

func pgWantErr(t *testing.T, err error, code kinerja.Code, messageID string) *kinerja.Error {
	t.Helper()
	var de *kinerja.Error
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a kinerja.Error %s %s", err, code, messageID)
	}
	if de.Code != code || (messageID != "" && de.MessageID != messageID) {
		t.Fatalf("err = %v, want %s %s", err, code, messageID)
	}
	return de
}

func pgAuditCount(t *testing.T, b pgBundle, id int64, action string) int {
	t.Helper()
	entries, err := b.db.Audit(context.Background(), store.AuditFilter{Entity: "aktivitas", EntityID: id, Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func TestSubmitAktivitas(t *testing.T) {
	b, ctx := pgSetup(t)
	a := b.submit(t)
	want := b.report()
	if a.ID == 0 || a.Status != kinerja.StatusDiajukan || a.Version != 1 {
		t.Fatalf("submitted = %+v", a)
	}
	if a.Tanggal != want.Tanggal || a.Kategori != want.Kategori || a.RHKID != b.rhk || a.IndikatorID != b.ind ||
		a.Deskripsi != want.Deskripsi || a.Volume != want.Volume || a.Satuan != want.Satuan || a.Menit != want.Menit ||
		len(a.Bukti) != 1 || a.Bukti[0] != want.Bukti[0] {
		t.Fatalf("submitted = %+v, want content %+v", a, want)
	}
	if !a.CreatedAt.Equal(b.clock.Now().Truncate(time.Microsecond)) || !a.UpdatedAt.Equal(a.CreatedAt) || !a.DecidedAt.IsZero() {
		t.Fatalf("times = %v %v %v", a.CreatedAt, a.UpdatedAt, a.DecidedAt)
	}
	got, err := b.db.AktivitasByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(a) {
		t.Fatalf("read back %+v, want %+v", got, a)
	}
	entries, err := b.db.Audit(ctx, store.AuditFilter{Entity: "aktivitas", EntityID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "ajukan" || entries[0].ActorID != b.author.ID ||
		entries[0].Detail["to"] != "diajukan" || !entries[0].At.Equal(a.CreatedAt) {
		t.Fatalf("audit = %+v", entries)
	}

	// Non-RHK reports carry no RHK and no evidence.
	n := b.report()
	n.Kategori, n.RHKID, n.IndikatorID, n.Bukti = kinerja.KategoriNonSKP, 0, 0, nil
	got, err = b.db.SubmitAktivitas(ctx, n, b.author.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RHKID != 0 || got.IndikatorID != 0 || got.Bukti == nil || len(got.Bukti) != 0 {
		t.Fatalf("non-skp = %+v", got)
	}

	// A key files once: the same submission again returns the report filed,
	// marked Refiled, and writes nothing (no second audit entry).
	k := b.report()
	k.Kunci = "app-samekey01"
	first, err := b.db.SubmitAktivitas(ctx, k, b.author.ID)
	if err != nil || first.Refiled {
		t.Fatalf("first with a key: %+v, %v", first, err)
	}
	again, err := b.db.SubmitAktivitas(ctx, k, b.author.ID)
	if err != nil || !again.Refiled || again.ID != first.ID {
		t.Fatalf("the same key again: %+v, %v (first %d)", again, err, first.ID)
	}
	if entries, err := b.db.Audit(ctx, store.AuditFilter{Entity: "aktivitas", EntityID: first.ID}); err != nil || len(entries) != 1 {
		t.Fatalf("audit of a refiled report: %+v, %v", entries, err)
	}

	if _, err := b.db.AktivitasByID(ctx, 999999); err == nil {
		t.Fatal("unknown id: no error")
	} else {
		pgWantErr(t, err, kinerja.CodeNotFound, "aktivitas.not_found")
	}
}

// TestSubmitAktivitasRefused checks that what the database refuses reaches
// the caller as a domain code with a message for the user.
func TestSubmitAktivitasRefused(t *testing.T) {
	b, _ := pgSetup(t)
	_, otherInd := storetest.SeedRHK(t, b.db, b.other.ID, 2026)
	tests := []struct {
		name   string
		change func(*kinerja.Aktivitas)
		code   kinerja.Code
		msg    string
	}{
		{"menit 0", func(a *kinerja.Aktivitas) { a.Menit = 0 }, kinerja.CodeInvalid, "aktivitas.menit_invalid"},
		{"menit over a day", func(a *kinerja.Aktivitas) { a.Menit = 1441 }, kinerja.CodeInvalid, "aktivitas.menit_invalid"},
		{"volume 0", func(a *kinerja.Aktivitas) { a.Volume = 0 }, kinerja.CodeInvalid, "aktivitas.volume_invalid"},
		{"blank deskripsi", func(a *kinerja.Aktivitas) { a.Deskripsi = "   " }, kinerja.CodeInvalid, "aktivitas.deskripsi_invalid"},
		{"rhk without rhk id", func(a *kinerja.Aktivitas) { a.RHKID, a.IndikatorID = 0, 0 }, kinerja.CodeInvalid, "aktivitas.rhk_required"},
		{"non-skp with rhk id", func(a *kinerja.Aktivitas) { a.Kategori, a.IndikatorID = kinerja.KategoriNonSKP, 0 }, kinerja.CodeInvalid, "aktivitas.rhk_required"},
		{"unknown kategori", func(a *kinerja.Aktivitas) { a.Kategori = "lain" }, kinerja.CodeInvalid, "aktivitas.kategori_invalid"},
		{"unknown rhk", func(a *kinerja.Aktivitas) { a.RHKID, a.IndikatorID = 987654, 0 }, kinerja.CodeNotFound, "aktivitas.rhk_not_found"},
		{"indikator of another rhk", func(a *kinerja.Aktivitas) { a.IndikatorID = otherInd }, kinerja.CodeNotFound, "aktivitas.indikator_not_found"},
		{"unknown pegawai", func(a *kinerja.Aktivitas) { a.PegawaiID = 987654 }, kinerja.CodeNotFound, "pegawai.not_found"},
		{"no date", func(a *kinerja.Aktivitas) { a.Tanggal = kinerja.Date{} }, kinerja.CodeInvalid, "error.invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := b.report()
			tt.change(&a)
			_, err := b.db.SubmitAktivitas(context.Background(), a, b.author.ID)
			pgWantErr(t, err, tt.code, tt.msg)
		})
	}
}

// TestApplyAktivitasLifeCycle drives a report into every status and applies
// every action to it, by the actor the action belongs to and by the other.
func TestApplyAktivitasLifeCycle(t *testing.T) {
	b, _ := pgSetup(t)
	// The life cycle of DOMAIN.md decision 1, written out independently of
	// kinerja's table: from → action → to. Every other pair is refused.
	allowed := map[kinerja.Status]map[kinerja.Action]kinerja.Status{
		kinerja.StatusDiajukan: {
			kinerja.ActionSetujui:    kinerja.StatusDisetujui,
			kinerja.ActionKembalikan: kinerja.StatusDikembalikan,
			kinerja.ActionTolak:      kinerja.StatusDitolak,
			kinerja.ActionUbah:       kinerja.StatusDiajukan,
			kinerja.ActionTarik:      kinerja.StatusDitarik,
		},
		kinerja.StatusDikembalikan: {kinerja.ActionUbah: kinerja.StatusDiajukan},
	}
	// How to bring a fresh report into each status.
	into := map[kinerja.Status]kinerja.Action{
		kinerja.StatusDisetujui:    kinerja.ActionSetujui,
		kinerja.StatusDikembalikan: kinerja.ActionKembalikan,
		kinerja.StatusDitolak:      kinerja.ActionTolak,
		kinerja.StatusDitarik:      kinerja.ActionTarik,
	}
	actions := []kinerja.Action{kinerja.ActionSetujui, kinerja.ActionKembalikan, kinerja.ActionTolak, kinerja.ActionUbah, kinerja.ActionTarik}
	for _, from := range kinerja.Statuses {
		for _, action := range actions {
			for _, wrongActor := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s", from, action)
				if wrongActor {
					name += "/wrong_actor"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					ctx := context.Background()
					a := b.submit(t)
					if act, ok := into[from]; ok {
						req := b.decide(act, a, "Lengkapi bukti dukung")
						if act == kinerja.ActionTarik {
							req = b.byAuthor(act, a)
						}
						var err error
						if a, err = b.db.ApplyAktivitas(ctx, req); err != nil {
							t.Fatalf("into %s: %v", from, err)
						}
					}
					auditBefore := pgAuditCount(t, b, a.ID, "")

					var req store.ApplyRequest
					if action.IsDecision() != wrongActor {
						req = b.decide(action, a, "Volume tidak sesuai")
					} else {
						req = b.byAuthor(action, a)
					}
					got, err := b.db.ApplyAktivitas(ctx, req)

					to, ok := allowed[from][action]
					if ok && !wrongActor {
						if err != nil {
							t.Fatalf("refused: %v", err)
						}
						if got.Status != to || got.Version != a.Version+1 {
							t.Fatalf("got %s v%d, want %s v%d", got.Status, got.Version, to, a.Version+1)
						}
						decided := action.IsDecision()
						if (got.DecidedBy == b.assessor.ID) != decided || got.DecidedAt.IsZero() == decided {
							t.Fatalf("decision fields %d %v for %s", got.DecidedBy, got.DecidedAt, action)
						}
						if action.NeedsReason() && got.Reason != "Volume tidak sesuai" {
							t.Fatalf("reason = %q", got.Reason)
						}
						if action == kinerja.ActionUbah && (got.Menit != 90 || got.Reason != "") {
							t.Fatalf("edit not applied or reason kept: %+v", got)
						}
						if n := pgAuditCount(t, b, a.ID, string(action)); n != 1 {
							t.Fatalf("%d audit entries for %s, want 1", n, action)
						}
						return
					}
					if err == nil {
						t.Fatalf("allowed: %+v", got)
					}
					switch {
					case ok && wrongActor:
						pgWantErr(t, err, kinerja.CodeForbidden, "aktivitas.forbidden")
					case from == kinerja.StatusDiajukan:
						t.Fatalf("unexpected refusal %v", err) // every action is allowed from diajukan
					case from == kinerja.StatusDitarik:
						// Withdrawn: said so, with when (nobody decided it).
						de := pgWantErr(t, err, kinerja.CodeConflict, "aktivitas.already_withdrawn")
						if de.Args["At"].(time.Time).IsZero() || de.Args["Status"] != string(from) {
							t.Fatalf("args = %v", de.Args)
						}
					default:
						de := pgWantErr(t, err, kinerja.CodeConflict, "aktivitas.already_decided")
						if de.Args["By"] == "" || de.Args["ByID"] != b.assessor.ID || de.Args["At"].(time.Time).IsZero() || de.Args["Status"] != string(from) {
							t.Fatalf("args = %v", de.Args)
						}
					}
					now, err := b.db.AktivitasByID(ctx, a.ID)
					if err != nil {
						t.Fatal(err)
					}
					if now.Version != a.Version || now.Status != a.Status {
						t.Fatalf("refused action changed the row: %+v", now)
					}
					// A forbidden action (someone acting in a role that is not
					// theirs: a forged button) is audited as a refusal; the
					// others change nothing at all.
					// Every refused assessor press is audited too (a replayed
					// button on a decided report, a stale card).
					wantAudit := auditBefore
					if (ok && wrongActor) || req.Actor == kinerja.ActorAssessor {
						wantAudit++
						if n := pgAuditCount(t, b, a.ID, "ditolak_"+string(action)); n != 1 {
							t.Fatalf("%d refusal entries, want 1", n)
						}
					}
					if n := pgAuditCount(t, b, a.ID, ""); n != wantAudit {
						t.Fatalf("refused action audited: %d entries, want %d", n, wantAudit)
					}
				})
			}
		}
	}
}

func TestApplyAktivitasRefusals(t *testing.T) {
	b, ctx := pgSetup(t)

	t.Run("not found", func(t *testing.T) {
		t.Parallel()
		_, err := b.db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: 424242, Version: 1,
			Action: kinerja.ActionSetujui, Actor: kinerja.ActorAssessor, ActorID: b.assessor.ID})
		pgWantErr(t, err, kinerja.CodeNotFound, "aktivitas.not_found")
	})
	t.Run("someone else's report", func(t *testing.T) {
		t.Parallel()
		a := b.submit(t)
		for _, action := range []kinerja.Action{kinerja.ActionUbah, kinerja.ActionTarik} {
			req := b.byAuthor(action, a)
			req.ActorID = b.other.ID
			_, err := b.db.ApplyAktivitas(ctx, req)
			pgWantErr(t, err, kinerja.CodeForbidden, "aktivitas.forbidden")
		}
	})
	t.Run("reason required", func(t *testing.T) {
		t.Parallel()
		a := b.submit(t)
		for _, action := range []kinerja.Action{kinerja.ActionKembalikan, kinerja.ActionTolak} {
			_, err := b.db.ApplyAktivitas(ctx, b.decide(action, a, "  \n "))
			pgWantErr(t, err, kinerja.CodeInvalid, "aktivitas.reason_required")
		}
	})
	t.Run("edit without content", func(t *testing.T) {
		t.Parallel()
		a := b.submit(t)
		req := b.byAuthor(kinerja.ActionUbah, a)
		req.Edit = nil
		_, err := b.db.ApplyAktivitas(ctx, req)
		pgWantErr(t, err, kinerja.CodeInvalid, "aktivitas.edit_required")
	})
	t.Run("edit breaking a rule", func(t *testing.T) {
		t.Parallel()
		a := b.submit(t)
		req := b.byAuthor(kinerja.ActionUbah, a)
		req.Edit.Menit = 0
		_, err := b.db.ApplyAktivitas(ctx, req)
		pgWantErr(t, err, kinerja.CodeInvalid, "aktivitas.menit_invalid")
		if now, _ := b.db.AktivitasByID(ctx, a.ID); now.Version != 1 {
			t.Fatalf("version = %d after a refused edit", now.Version)
		}
	})
	t.Run("stale version", func(t *testing.T) {
		t.Parallel()
		a := b.submit(t)
		for _, v := range []int{0, 2} {
			req := b.decide(kinerja.ActionSetujui, a, "")
			req.Version = v
			_, err := b.db.ApplyAktivitas(ctx, req)
			pgWantErr(t, err, kinerja.CodeConflict, "aktivitas.stale_version")
		}
	})
}

// TestAuthorEditMakesCardsStale: a returned report edited by its author is a
// new version; the assessor's card of the old version cannot decide it.
func TestAuthorEditMakesCardsStale(t *testing.T) {
	b, ctx := pgSetup(t)
	v1 := b.submit(t)

	// Edit while submitted: v2; the card of v1 is stale.
	v2, err := b.db.ApplyAktivitas(ctx, b.byAuthor(kinerja.ActionUbah, v1))
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Status != kinerja.StatusDiajukan || v2.Menit != 90 {
		t.Fatalf("after edit: %+v", v2)
	}
	_, err = b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionSetujui, v1, ""))
	pgWantErr(t, err, kinerja.CodeConflict, "aktivitas.stale_version")

	// Returned (v3), edited again (v4): decided fields cleared; v3's card is stale.
	b.clock.Advance(time.Hour)
	v3, err := b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionKembalikan, v2, "Lampirkan foto kegiatan"))
	if err != nil {
		t.Fatal(err)
	}
	if v3.Status != kinerja.StatusDikembalikan || v3.Version != 3 || v3.DecidedBy != b.assessor.ID ||
		!v3.DecidedAt.Equal(b.clock.Now().Truncate(time.Microsecond)) || v3.Reason != "Lampirkan foto kegiatan" {
		t.Fatalf("returned: %+v", v3)
	}
	edit := b.byAuthor(kinerja.ActionUbah, v3)
	edit.Edit.Bukti = []string{"foto-1", "foto-2"}
	v4, err := b.db.ApplyAktivitas(ctx, edit)
	if err != nil {
		t.Fatal(err)
	}
	if v4.Status != kinerja.StatusDiajukan || v4.Version != 4 || v4.DecidedBy != 0 || !v4.DecidedAt.IsZero() ||
		v4.Reason != "" || len(v4.Bukti) != 2 {
		t.Fatalf("resubmitted: %+v", v4)
	}
	_, err = b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionSetujui, v3, ""))
	pgWantErr(t, err, kinerja.CodeConflict, "aktivitas.stale_version")
	v5, err := b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionSetujui, v4, ""))
	if err != nil || v5.Status != kinerja.StatusDisetujui || v5.Version != 5 {
		t.Fatalf("approve v4: %+v, %v", v5, err)
	}

	// The edit's audit entry keeps what was there before.
	entries, err := b.db.Audit(ctx, store.AuditFilter{Entity: "aktivitas", EntityID: v1.ID, Action: "ubah"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Detail["version"] != float64(4) {
		t.Fatalf("edit audit = %+v", entries)
	}
	before, _ := entries[0].Detail["before"].(map[string]any)
	if before["menit"] != float64(90) || len(before["bukti"].([]any)) != 1 {
		t.Fatalf("before = %v", before)
	}
}

// TestConcurrentDecisions: many deciders press at once on one card; exactly
// one wins, the others learn who decided.
func TestConcurrentDecisions(t *testing.T) {
	b, ctx := pgSetup(t)
	a := b.submit(t)
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Plh Kepala Seksi"})
	if _, err := b.db.Pool.Exec(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', '2026-03-01', '2026-03-05', now())`, b.assessor.ID, plh.ID); err != nil {
		t.Fatal(err)
	}

	// Open every connection of the pool first, so the deciders really overlap
	// instead of queueing behind connection set-up.
	conns := make([]*pgxpool.Conn, b.db.Pool.Config().MaxConns)
	for i := range conns {
		c, err := b.db.Pool.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	for _, c := range conns {
		c.Release()
	}

	errs := race(50, func(i int) error {
		req := b.decide(kinerja.ActionSetujui, a, "")
		if i%2 == 1 {
			req = b.decide(kinerja.ActionTolak, a, "Bukan tugas jabatan")
		}
		if i%5 == 0 { // a Plh deciding for the assessor races too
			req.ActorID, req.OnBehalfOf = plh.ID, b.assessor.ID
		}
		_, err := b.db.ApplyAktivitas(ctx, req)
		return err
	})
	if wins := winners(errs, func(err error) {
		de := pgWantErr(t, err, kinerja.CodeConflict, "")
		if de.MessageID != "aktivitas.already_decided" && de.MessageID != "aktivitas.stale_version" {
			t.Fatalf("loser got %v", err)
		}
	}); wins != 1 {
		t.Fatalf("%d deciders won, want exactly 1", wins)
	}
	decisions := pgAuditCount(t, b, a.ID, "setujui") + pgAuditCount(t, b, a.ID, "tolak")
	if decisions != 1 {
		t.Fatalf("%d decision audit entries, want 1", decisions)
	}
	got, err := b.db.AktivitasByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || (got.Status != kinerja.StatusDisetujui && got.Status != kinerja.StatusDitolak) {
		t.Fatalf("after the race: %+v", got)
	}
	// The losers were told who decided: the winner's name.
	wantBy := b.assessor.Nama
	if got.DecidedBy == plh.ID {
		wantBy = plh.Nama
		if got.OnBehalfOf != b.assessor.ID {
			t.Fatalf("on_behalf_of = %d", got.OnBehalfOf)
		}
	}
	for _, err := range errs {
		var de *kinerja.Error
		if errors.As(err, &de) && de.MessageID == "aktivitas.already_decided" {
			if de.Args["By"] != wantBy || !de.Args["At"].(time.Time).Equal(got.DecidedAt) {
				t.Fatalf("args = %v, want By %s At %v", de.Args, wantBy, got.DecidedAt)
			}
		}
	}
}

// The card job of a decision answers the decider's press: River runs it
// (priority 1) before the cards of new reports and the notices (2).
func TestDecisionCardJobGoesFirst(t *testing.T) {
	b, _ := pgSetup(t)
	ctx := context.Background()
	a := b.submit(t)
	if _, err := b.db.ApplyAktivitas(ctx, b.decide(kinerja.ActionSetujui, a, "")); err != nil {
		t.Fatal(err)
	}
	rows, err := b.db.Pool.Query(ctx, `SELECT kind, coalesce(args->>'decided', 'false'), priority FROM river_job
WHERE (args->>'aktivitas_id')::bigint = $1 ORDER BY id`, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var kind, decided string
		var prio int
		if err := rows.Scan(&kind, &decided, &prio); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s decided=%s p%d", kind, decided, prio))
	}
	want := []string{"kartu decided=false p2", "kartu decided=true p1", "kabar_keputusan decided=false p2"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("jobs %q, want %q", got, want)
	}
}

// A person pressing forged buttons in a loop: the first
// RefusalsAuditedPerHour refusals of the hour are itemised in the audit
// log, the rest counted in one audit_ditahan row; the next hour starts
// afresh, and nobody else's refusals are held back.
func TestRefusalsBeyondTheHourlyAllowanceAreCounted(t *testing.T) {
	b, ctx := pgSetup(t)
	a := b.submit(t)
	const presses = store.RefusalsAuditedPerHour + 7
	for range presses {
		b.db.RecordRefusal(ctx, b.other.ID, a.ID, "setujui", "forbidden", false)
	}
	b.db.RecordRefusal(ctx, b.author.ID, a.ID, "setujui", "forbidden", false)
	b.db.RecordRefusal(ctx, b.other.ID, a.ID, "setujui", "conflict", false) // a real card's race: always itemised
	itemised := func(actor int64) int {
		return rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND action = 'ditolak_setujui'`, actor)
	}
	if n := itemised(b.other.ID); n != store.RefusalsAuditedPerHour+1 {
		t.Fatalf("%d refusals itemised, want %d and the conflict", n, store.RefusalsAuditedPerHour)
	}
	if n := rowCount(t, b.db, `SELECT coalesce(sum(jumlah), 0) FROM audit_ditahan WHERE actor_id = $1`, b.other.ID); n != 7 {
		t.Fatalf("%d refusals counted, want 7", n)
	}
	if n := itemised(b.author.ID); n != 1 {
		t.Fatalf("another person's refusal: %d itemised, want 1", n)
	}
	b.clock.Advance(time.Hour)
	b.db.RecordRefusal(ctx, b.other.ID, a.ID, "setujui", "forbidden", false)
	if n := itemised(b.other.ID); n != store.RefusalsAuditedPerHour+2 {
		t.Fatalf("the next hour: %d itemised, want %d", n, store.RefusalsAuditedPerHour+2)
	}
}
