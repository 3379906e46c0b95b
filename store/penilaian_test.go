package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// The bundle's clock says 2 March 2026: February has ended, March has not.
var (
	pnToday = kinerja.Date{Year: 2026, Month: time.March, Day: 2}
	pnFeb   = kinerja.Date{Year: 2026, Month: time.February, Day: 1}
)

func pnDay(month time.Month, day int) kinerja.Date {
	return kinerja.Date{Year: 2026, Month: month, Day: day}
}

// pnRate rates pegawaiID's February as actor.
func (b pgBundle) pnRate(pegawaiID, actor int64, hasil, perilaku kinerja.Rating, today kinerja.Date) (store.Penilaian, error) {
	return b.db.RatePeriod(context.Background(), store.RatingRequest{
		PegawaiID: pegawaiID, Periode: pnDay(time.February, 17), Hasil: hasil, Perilaku: perilaku,
		ActorID: actor, Today: today,
	})
}

// pnSubmitOn files a report of the author dated day.
func (b pgBundle) pnSubmitOn(t *testing.T, day kinerja.Date, kunci string) kinerja.Aktivitas {
	t.Helper()
	r := b.report()
	r.Tanggal, r.Kunci = day, kunci
	a, err := b.db.SubmitAktivitas(context.Background(), r, b.author.ID)
	if err != nil {
		t.Fatalf("submit %s: %v", day, err)
	}
	return a
}

func (b pgBundle) pnApply(t *testing.T, req store.ApplyRequest) kinerja.Aktivitas {
	t.Helper()
	a, err := b.db.ApplyAktivitas(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", req.Action, err)
	}
	return a
}

// pnRefused checks that err (of the case name) is a kinerja.Error with
// code, message ID msg and the args given.
func pnRefused(t *testing.T, name string, err error, code kinerja.Code, msg string, args map[string]any) {
	t.Helper()
	var de *kinerja.Error
	if !errors.As(err, &de) || de.Code != code || de.MessageID != msg {
		t.Errorf("%s: %v, want %s %s", name, err, code, msg)
		return
	}
	for k, v := range args {
		if de.Args[k] != v {
			t.Errorf("%s: Args[%s] = %v, want %v", name, k, de.Args[k], v)
		}
	}
}

// pnDelegate lets ke decide and rate for dari from mulai to selesai.
func (b pgBundle) pnDelegate(t *testing.T, dari, ke int64, mulai, selesai kinerja.Date) int64 {
	t.Helper()
	var id int64
	err := b.db.Pool.QueryRow(context.Background(), `
INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', $3, $4, $5) RETURNING id`, dari, ke, mulai.UTC(), selesai.UTC(), time.Now()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (b pgBundle) pnJobs(t *testing.T, penilaianID int64) int {
	t.Helper()
	return rowCount(t, b.db, `SELECT count(*) FROM river_job WHERE kind = 'kabar_penilaian' AND (args->>'penilaian_id')::bigint = $1`, penilaianID)
}

func TestRatePeriod(t *testing.T) {
	b, ctx := pgSetup(t)
	// February: one report approved, one returned, one withdrawn — none
	// undecided. A report of March waits: it does not hold February up.
	approved := b.pnSubmitOn(t, pnDay(time.February, 10), "")
	b.pnApply(t, b.decide(kinerja.ActionSetujui, approved, ""))
	returned := b.pnSubmitOn(t, pnDay(time.February, 11), "")
	b.pnApply(t, b.decide(kinerja.ActionKembalikan, returned, "Lengkapi bukti dukung"))
	b.pnApply(t, b.byAuthor(kinerja.ActionTarik, b.pnSubmitOn(t, pnDay(time.February, 12), "")))
	b.submit(t) // 2 March, diajukan
	for _, tc := range []struct {
		day  kinerja.Date
		want int
	}{{pnDay(time.February, 20), 0}, {pnToday, 1}} {
		if n, err := b.db.UndecidedInPeriod(ctx, b.author.ID, tc.day); err != nil || n != tc.want {
			t.Fatalf("undecided in %s = %d %v, want %d", tc.day, n, err, tc.want)
		}
	}

	n, err := b.db.RatePeriod(ctx, store.RatingRequest{
		PegawaiID: b.author.ID, Periode: pnDay(time.February, 17), Hasil: kinerja.RatingDiAtas, Perilaku: kinerja.RatingSesuai,
		UmpanBalik: "  Pertahankan ketepatan waktu laporan.  ", ActorID: b.assessor.ID, Today: pnToday,
	})
	if err != nil {
		t.Fatal(err)
	}
	if n.ID == 0 || n.PegawaiID != b.author.ID || n.PegawaiNIP != b.author.NIP || n.PegawaiNama != "Siti Rahayu" ||
		n.Periode != pnFeb || n.Hasil != kinerja.RatingDiAtas || n.Perilaku != kinerja.RatingSesuai ||
		n.Predikat != kinerja.PredikatBaik || n.UmpanBalik != "Pertahankan ketepatan waktu laporan." ||
		n.RatedBy != b.assessor.ID || n.OnBehalfOf != 0 || n.RatedByNama != "Budi Santoso" || n.OnBehalfOfNama != "" ||
		!n.RatedAt.Equal(b.clock.Now().Truncate(time.Microsecond)) || !n.Locked || !n.UnlockedAt.IsZero() {
		t.Fatalf("rated %+v", n)
	}
	got, err := b.db.PenilaianOf(ctx, b.author.ID, pnDay(time.February, 28))
	if err != nil || got == nil || *got != n {
		t.Fatalf("PenilaianOf = %+v %v, want %+v", got, err, n)
	}
	for _, tc := range []struct {
		who    int64
		day    kinerja.Date
		locked bool
	}{
		{b.author.ID, pnDay(time.February, 1), true},
		{b.author.ID, pnDay(time.February, 28), true},
		{b.author.ID, pnDay(time.January, 31), false},
		{b.author.ID, pnDay(time.March, 1), false},
		{b.other.ID, pnDay(time.February, 10), false},
	} {
		if locked, err := b.db.PeriodLocked(ctx, tc.who, tc.day); err != nil || locked != tc.locked {
			t.Errorf("locked(%d, %s) = %v %v, want %v", tc.who, tc.day, locked, err, tc.locked)
		}
	}
	for _, tc := range []struct {
		who int64
		day kinerja.Date
	}{{b.author.ID, pnToday}, {b.other.ID, pnFeb}} {
		if p, err := b.db.PenilaianOf(ctx, tc.who, tc.day); err != nil || p != nil {
			t.Errorf("PenilaianOf(%d, %s) = %+v %v, want none", tc.who, tc.day, p, err)
		}
	}

	// Audited with the rating, about the person rated; the notice waits in the queue.
	entries, err := b.db.Audit(ctx, store.AuditFilter{Entity: "pegawai", EntityID: b.author.ID, Action: "penilaian"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit %+v %v", entries, err)
	}
	e := entries[0]
	if e.ActorID != b.assessor.ID || e.OnBehalfOf != 0 || !e.At.Equal(n.RatedAt) ||
		e.Detail["hasil"] != "di_atas" || e.Detail["perilaku"] != "sesuai" || e.Detail["predikat"] != "baik" ||
		e.Detail["periode"] != "2026-02-01" || e.Detail["penilaian_id"] != float64(n.ID) ||
		e.Detail["umpan_balik"] != "Pertahankan ketepatan waktu laporan." {
		t.Fatalf("audit entry %+v", e)
	}
	if j := b.pnJobs(t, n.ID); j != 1 {
		t.Fatalf("%d kabar_penilaian jobs, want 1", j)
	}
}

// TestRatePeriodMatrix rates the nine cells of DOMAIN.md's table one after
// another, unlocking in between: each unlock lets the month be rated again.
func TestRatePeriodMatrix(t *testing.T) {
	b, ctx := pgSetup(t)
	R := struct{ bawah, sesuai, atas kinerja.Rating }{kinerja.RatingDiBawah, kinerja.RatingSesuai, kinerja.RatingDiAtas}
	cells := []struct {
		hasil, perilaku kinerja.Rating
		want            kinerja.Predikat
	}{
		{R.atas, R.bawah, kinerja.PredikatKurang},
		{R.atas, R.sesuai, kinerja.PredikatBaik},
		{R.atas, R.atas, kinerja.PredikatSangatBaik},
		{R.sesuai, R.bawah, kinerja.PredikatKurang},
		{R.sesuai, R.sesuai, kinerja.PredikatBaik},
		{R.sesuai, R.atas, kinerja.PredikatBaik},
		{R.bawah, R.bawah, kinerja.PredikatSangatKurang},
		{R.bawah, R.sesuai, kinerja.PredikatButuhPerbaikan},
		{R.bawah, R.atas, kinerja.PredikatButuhPerbaikan},
	}
	seen := map[int64]bool{}
	for _, c := range cells {
		n, err := b.pnRate(b.author.ID, b.assessor.ID, c.hasil, c.perilaku, pnToday)
		if err != nil || n.Predikat != c.want || seen[n.ID] {
			t.Fatalf("%s/%s: %+v %v, want %s", c.hasil, c.perilaku, n, err, c.want)
		}
		seen[n.ID] = true
		if j := b.pnJobs(t, n.ID); j != 1 {
			t.Fatalf("%d jobs for rating %d", j, n.ID)
		}
		stored := rowCount(t, b.db, `SELECT count(*) FROM penilaian WHERE id = $1 AND predikat = $2 AND rating_hasil = $3 AND rating_perilaku = $4`,
			n.ID, string(c.want), string(c.hasil), string(c.perilaku))
		if stored != 1 {
			t.Fatalf("rating %d not stored as rated", n.ID)
		}
		un, err := b.db.UnlockPeriod(ctx, b.author.NIP, pnFeb, 0)
		if err != nil || un.ID != n.ID || un.Locked || !un.UnlockedAt.Equal(b.clock.Now().Truncate(time.Microsecond)) {
			t.Fatalf("unlock: %+v %v", un, err)
		}
		b.clock.Advance(time.Minute)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM penilaian WHERE pegawai_id = $1 AND unlocked_at IS NOT NULL AND unlocked_by IS NULL`, b.author.ID); n != 9 {
		t.Fatalf("%d unlocked ratings kept as history, want 9", n)
	}
}

func TestRatePeriodForbidden(t *testing.T) {
	b, ctx := pgSetup(t)
	stranger := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Hendra Gunawan", UnitID: b.unit})
	outsider := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Rina Kurniasih"})
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Dewi Lestari", UnitID: b.unit})
	b.pnDelegate(t, b.assessor.ID, plh.ID, pnDay(time.March, 3), pnDay(time.March, 5))
	// b.other, one of the assessor's own staff, is Plh today: they rate the
	// others, never themself.
	b.pnDelegate(t, b.assessor.ID, b.other.ID, pnToday, pnToday)
	revoked := b.pnDelegate(t, b.assessor.ID, stranger.ID, pnToday, pnToday)
	if _, err := b.db.Pool.Exec(ctx, `UPDATE delegasi SET revoked_at = $2 WHERE id = $1`, revoked, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		who, actor int64
		today      kinerja.Date
		wantOK     bool
		wantBehalf int64
	}{
		{"a stranger", b.author.ID, outsider.ID, pnToday, false, 0},
		{"a colleague", b.author.ID, b.other.ID, pnDay(time.March, 3), false, 0},
		{"a revoked delegate", b.author.ID, stranger.ID, pnToday, false, 0},
		{"oneself", b.author.ID, b.author.ID, pnToday, false, 0},
		{"the assessor, who has no atasan, rates themself", b.assessor.ID, b.assessor.ID, pnToday, false, 0},
		{"a Plh rates themself", b.other.ID, b.other.ID, pnToday, false, 0},
		{"a Plh before the delegation", b.author.ID, plh.ID, pnToday, false, 0},
		{"a Plh after the delegation", b.author.ID, plh.ID, pnDay(time.March, 6), false, 0},
		{"a Plh on the first day", b.author.ID, plh.ID, pnDay(time.March, 3), true, b.assessor.ID},
		{"a Plh on the last day", b.author.ID, plh.ID, pnDay(time.March, 5), true, b.assessor.ID},
		{"a Plh from the team rates a colleague", b.author.ID, b.other.ID, pnToday, true, b.assessor.ID},
		{"the atasan", b.author.ID, b.assessor.ID, pnToday, true, 0},
	} {
		n, err := b.pnRate(tc.who, tc.actor, kinerja.RatingSesuai, kinerja.RatingSesuai, tc.today)
		if !tc.wantOK {
			var de *kinerja.Error
			if !errors.As(err, &de) || de.Code != kinerja.CodeForbidden || de.MessageID != "penilaian.forbidden" {
				t.Errorf("%s: %+v %v, want penilaian.forbidden", tc.name, n, err)
			}
			continue
		}
		if err != nil || n.RatedBy != tc.actor || n.OnBehalfOf != tc.wantBehalf {
			t.Fatalf("%s: %+v %v", tc.name, n, err)
		}
		if tc.wantBehalf != 0 {
			if n.OnBehalfOfNama != "Budi Santoso" {
				t.Fatalf("%s: on behalf of %q", tc.name, n.OnBehalfOfNama)
			}
			if c := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'penilaian' AND actor_id = $1 AND on_behalf_of = $2 AND entity_id = $3`,
				tc.actor, tc.wantBehalf, tc.who); c == 0 {
				t.Fatalf("%s: not audited on behalf", tc.name)
			}
		}
		if _, err := b.db.UnlockPeriod(ctx, b.author.NIP, pnFeb, 0); err != nil {
			t.Fatal(err)
		}
	}
	// Every refused rating is in the audit log, and stored nothing.
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'ditolak_penilaian' AND detail->>'why' = 'penilaian.forbidden'`); n != 8 {
		t.Fatalf("%d refusals audited, want 8", n)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM penilaian`); n != 4 {
		t.Fatalf("%d ratings stored, want 4", n)
	}
}

func TestRatePeriodRefusals(t *testing.T) {
	b, ctx := pgSetup(t)
	valid := store.RatingRequest{
		PegawaiID: b.author.ID, Periode: pnFeb, Hasil: kinerja.RatingSesuai, Perilaku: kinerja.RatingDiAtas,
		ActorID: b.assessor.ID, Today: pnToday,
	}
	for _, tc := range []struct {
		name   string
		change func(r *store.RatingRequest)
		code   kinerja.Code
		msg    string
		args   map[string]any
	}{
		{"no periode", func(r *store.RatingRequest) { r.Periode = kinerja.Date{} }, kinerja.CodeInvalid, "penilaian.periode_invalid", nil},
		{"hasil", func(r *store.RatingRequest) { r.Hasil = "baik" }, kinerja.CodeInvalid, "penilaian.rating_invalid", map[string]any{"Value": "baik"}},
		{"perilaku", func(r *store.RatingRequest) { r.Perilaku = "" }, kinerja.CodeInvalid, "penilaian.rating_invalid", map[string]any{"Value": ""}},
		{"umpan balik", func(r *store.RatingRequest) { r.UmpanBalik = strings.Repeat("é", store.MaxUmpanBalik+1) },
			kinerja.CodeInvalid, "penilaian.umpan_balik_too_long", map[string]any{"Max": store.MaxUmpanBalik, "Length": store.MaxUmpanBalik + 1}},
		{"this month", func(r *store.RatingRequest) { r.Periode = pnToday }, kinerja.CodeInvalid, "penilaian.period_not_ended",
			map[string]any{"Periode": kinerja.Period{Start: kinerja.Date{Year: 2026, Month: time.March, Day: 1}}, "Month": 3, "Year": 2026, "From": "01-04-2026"}},
		{"this month on its last day", func(r *store.RatingRequest) { r.Periode, r.Today = pnToday, pnDay(time.March, 31) },
			kinerja.CodeInvalid, "penilaian.period_not_ended", nil},
		{"a month to come", func(r *store.RatingRequest) { r.Periode = pnDay(time.April, 1) }, kinerja.CodeInvalid, "penilaian.period_not_ended", nil},
		{"nobody", func(r *store.RatingRequest) { r.PegawaiID = 987654 }, kinerja.CodeNotFound, "pegawai.not_found", nil},
	} {
		r := valid
		tc.change(&r)
		_, err := b.db.RatePeriod(ctx, r)
		pnRefused(t, tc.name, err, tc.code, tc.msg, tc.args)
	}
	noToday := valid
	noToday.Today = kinerja.Date{}
	if _, err := b.db.RatePeriod(ctx, noToday); kinerja.ErrorCode(err) != kinerja.CodeInternal {
		t.Fatalf("without Today: %v", err)
	}

	// Undecided reports hold the rating up until the last is decided or withdrawn.
	first := b.pnSubmitOn(t, pnDay(time.February, 26), "")
	second := b.pnSubmitOn(t, pnDay(time.February, 27), "")
	for _, step := range []func(){
		func() {},
		func() { b.pnApply(t, b.decide(kinerja.ActionSetujui, first, "")) },
	} {
		step()
		want, _ := b.db.UndecidedInPeriod(ctx, b.author.ID, pnFeb)
		_, err := b.db.RatePeriod(ctx, valid)
		if de := pgWantErr(t, err, kinerja.CodeConflict, "penilaian.undecided"); want == 0 || de.Args["Count"] != want {
			t.Fatalf("undecided: Args %v, want Count %d", de.Args, want)
		}
	}
	b.pnApply(t, b.byAuthor(kinerja.ActionTarik, second))
	r := valid
	r.UmpanBalik = strings.Repeat("é", store.MaxUmpanBalik)
	n, err := b.db.RatePeriod(ctx, r)
	if err != nil || n.Predikat != kinerja.PredikatBaik || n.UmpanBalik != r.UmpanBalik {
		t.Fatalf("rate: %+v %v", n, err)
	}

	// Rated once: a second rating, even by a Plh, is refused and audited.
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	b.pnDelegate(t, b.assessor.ID, plh.ID, pnToday, pnToday)
	for _, actor := range []int64{b.assessor.ID, plh.ID} {
		r := valid
		r.ActorID, r.Hasil = actor, kinerja.RatingDiBawah
		_, err = b.db.RatePeriod(ctx, r)
		de := pgWantErr(t, err, kinerja.CodeConflict, "penilaian.already_rated")
		if at, _ := de.Args["At"].(time.Time); de.Args["By"] != "Budi Santoso" || !at.Equal(n.RatedAt) ||
			de.Args["Predikat"] != "baik" || de.Args["Periode"] != (kinerja.Period{Start: kinerja.Date{Year: 2026, Month: time.February, Day: 1}}) {
			t.Fatalf("already rated: %v", de.Args)
		}
	}
	if c := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'ditolak_penilaian' AND detail->>'why' = 'penilaian.already_rated'`); c != 2 {
		t.Fatalf("%d refusals audited, want 2", c)
	}
	if got, _ := b.db.PenilaianOf(ctx, b.author.ID, pnFeb); got == nil || got.ID != n.ID || got.Hasil != kinerja.RatingSesuai {
		t.Fatalf("the first rating stands: %+v", got)
	}
}

// TestPeriodLockRefusesChanges: once a month is rated, no report dated in
// it is filed, edited (from or into it), withdrawn or decided; the next
// month is untouched; an unlock lifts it all.
func TestPeriodLockRefusesChanges(t *testing.T) {
	b, ctx := pgSetup(t)
	waiting := b.pnSubmitOn(t, pnDay(time.February, 10), "kunci-feb-0001")
	returned := b.pnSubmitOn(t, pnDay(time.February, 11), "")
	returned = b.pnApply(t, b.decide(kinerja.ActionKembalikan, returned, "Lengkapi bukti dukung"))
	march := b.submit(t)
	// RatePeriod never locks a month with a report still waiting; the row
	// is written directly so that every action meets the lock.
	if _, err := b.db.Pool.Exec(ctx, `
INSERT INTO penilaian (pegawai_id, periode, rating_hasil, rating_perilaku, predikat, rated_by, rated_at)
VALUES ($1, '2026-02-01', 'sesuai', 'sesuai', 'baik', $2, $3)`, b.author.ID, b.assessor.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	locked := func(name string, err error, tanggal string) {
		t.Helper()
		var de *kinerja.Error
		if !errors.As(err, &de) || de.Code != kinerja.CodeConflict || de.MessageID != "penilaian.locked" {
			t.Fatalf("%s: %v, want penilaian.locked", name, err)
		}
		if de.Args["Periode"] != (kinerja.Period{Start: kinerja.Date{Year: 2026, Month: time.February, Day: 1}}) || de.Args["Tanggal"] != tanggal || de.Args["Month"] != 2 || de.Args["Year"] != 2026 {
			t.Fatalf("%s: Args %v", name, de.Args)
		}
	}
	edit := func(a kinerja.Aktivitas, day kinerja.Date) store.ApplyRequest {
		req := b.byAuthor(kinerja.ActionUbah, a)
		req.Edit.Tanggal = day
		return req
	}

	r := b.report()
	r.Tanggal = pnDay(time.February, 20)
	_, err := b.db.SubmitAktivitas(ctx, r, b.author.ID)
	locked("submit", err, "20-02-2026")
	// Kirim pressed again for a report filed before the lock: that report, nothing new.
	r.Tanggal, r.Kunci = pnDay(time.February, 10), "kunci-feb-0001"
	if again, err := b.db.SubmitAktivitas(ctx, r, b.author.ID); err != nil || again.ID != waiting.ID {
		t.Fatalf("replay: %+v %v", again, err)
	}
	_, err = b.db.ApplyAktivitas(ctx, edit(waiting, waiting.Tanggal))
	locked("edit in the month", err, "10-02-2026")
	_, err = b.db.ApplyAktivitas(ctx, edit(returned, pnDay(time.March, 3)))
	locked("edit out of the month (old date)", err, "11-02-2026")
	_, err = b.db.ApplyAktivitas(ctx, edit(march, pnDay(time.February, 25)))
	locked("edit into the month (new date)", err, "25-02-2026")
	_, err = b.db.ApplyAktivitas(ctx, b.byAuthor(kinerja.ActionTarik, waiting))
	locked("withdraw", err, "10-02-2026")
	for _, action := range []kinerja.Action{kinerja.ActionSetujui, kinerja.ActionKembalikan, kinerja.ActionTolak} {
		_, err = b.db.ApplyAktivitas(ctx, b.decide(action, waiting, "Lengkapi bukti dukung"))
		locked(string(action), err, "10-02-2026")
	}
	if n := pgAuditCount(t, b, waiting.ID, "ditolak_setujui"); n != 1 {
		t.Fatalf("%d refused decisions audited, want 1", n)
	}
	for _, a := range []kinerja.Aktivitas{waiting, returned} {
		if got, _ := b.db.AktivitasByID(ctx, a.ID); got.Status != a.Status || got.Version != a.Version || got.Tanggal != a.Tanggal {
			t.Fatalf("changed in a locked month: %+v, was %+v", got, a)
		}
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM aktivitas WHERE pegawai_id = $1`, b.author.ID); n != 3 {
		t.Fatalf("%d reports, want 3", n)
	}

	// March is open: file, edit inside March, decide.
	r.Tanggal, r.Kunci = pnDay(time.March, 3), ""
	if _, err := b.db.SubmitAktivitas(ctx, r, b.author.ID); err != nil {
		t.Fatal(err)
	}
	march = b.pnApply(t, edit(march, pnDay(time.March, 1)))
	b.pnApply(t, b.decide(kinerja.ActionSetujui, march, ""))
	// Another person's February is theirs.
	if _, err := b.db.SubmitAktivitas(ctx, kinerja.Aktivitas{
		PegawaiID: b.other.ID, Tanggal: pnDay(time.February, 20), Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}, b.other.ID); err != nil {
		t.Fatal(err)
	}

	// Unlocked: February moves again.
	if _, err := b.db.UnlockPeriod(ctx, b.author.NIP, pnFeb, 0); err != nil {
		t.Fatal(err)
	}
	b.pnApply(t, b.byAuthor(kinerja.ActionTarik, waiting))
	b.pnApply(t, edit(returned, pnDay(time.February, 12)))
	r.Tanggal = pnDay(time.February, 20)
	if _, err := b.db.SubmitAktivitas(ctx, r, b.author.ID); err != nil {
		t.Fatal(err)
	}
}

func TestUnlockPeriod(t *testing.T) {
	b, ctx := pgSetup(t)
	admin := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Admin BKPP", Roles: []kinerja.Role{kinerja.RoleAdmin}})
	adminOPD := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Admin OPD", UnitID: b.unit, Roles: []kinerja.Role{kinerja.RoleAdminOPD}})
	rated, err := b.pnRate(b.author.ID, b.assessor.ID, kinerja.RatingSesuai, kinerja.RatingSesuai, pnToday)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		nip     string
		periode kinerja.Date
		actor   int64
		code    kinerja.Code
		msg     string
		args    map[string]any
	}{
		{"nip", "12345", pnFeb, 0, kinerja.CodeInvalid, "unlock.nip_invalid", map[string]any{"NIP": "12345"}},
		{"no periode", b.author.NIP, kinerja.Date{}, 0, kinerja.CodeInvalid, "unlock.periode_invalid", nil},
		{"unknown", "199912312024121999", pnFeb, 0, kinerja.CodeNotFound, "unlock.nip_unknown", map[string]any{"NIP": "199912312024121999"}},
		{"not rated", b.other.NIP, pnFeb, 0, kinerja.CodeConflict, "unlock.not_locked",
			map[string]any{"Nama": "Agus Wibowo", "NIP": b.other.NIP, "Periode": kinerja.Period{Start: kinerja.Date{Year: 2026, Month: time.February, Day: 1}}}},
		{"another month", b.author.NIP, pnDay(time.January, 5), 0, kinerja.CodeConflict, "unlock.not_locked", nil},
		{"the assessor", b.author.NIP, pnFeb, b.assessor.ID, kinerja.CodeForbidden, "unlock.forbidden", nil},
		{"an admin_opd", b.author.NIP, pnFeb, adminOPD.ID, kinerja.CodeForbidden, "unlock.forbidden", nil},
	} {
		_, err := b.db.UnlockPeriod(ctx, tc.nip, tc.periode, tc.actor)
		pnRefused(t, tc.name, err, tc.code, tc.msg, tc.args)
	}
	if locked, _ := b.db.PeriodLocked(ctx, b.author.ID, pnFeb); !locked {
		t.Fatal("refused unlocks unlocked")
	}

	// An admin unlocks (the NIP written in groups): kept as history, audited.
	spaced := b.author.NIP[:8] + " " + b.author.NIP[8:14] + " " + b.author.NIP[14:]
	un, err := b.db.UnlockPeriod(ctx, spaced, pnDay(time.February, 28), admin.ID)
	if err != nil || un.ID != rated.ID || un.Locked || un.Predikat != kinerja.PredikatBaik || un.RatedByNama != "Budi Santoso" {
		t.Fatalf("unlock: %+v %v", un, err)
	}
	if got, err := b.db.PenilaianOf(ctx, b.author.ID, pnFeb); err != nil || got != nil {
		t.Fatalf("still current: %+v %v", got, err)
	}
	if locked, _ := b.db.PeriodLocked(ctx, b.author.ID, pnFeb); locked {
		t.Fatal("still locked")
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM penilaian WHERE id = $1 AND unlocked_by = $2 AND unlocked_at IS NOT NULL`, rated.ID, admin.ID); n != 1 {
		t.Fatal("the unlocked rating is not kept as history")
	}
	entries, err := b.db.Audit(ctx, store.AuditFilter{Entity: "pegawai", EntityID: b.author.ID, Action: "penilaian_dibuka"})
	if err != nil || len(entries) != 1 || entries[0].ActorID != admin.ID || entries[0].Detail["penilaian_id"] != float64(rated.ID) ||
		entries[0].Detail["periode"] != "2026-02-01" {
		t.Fatalf("audit %+v %v", entries, err)
	}
	_, err = b.db.UnlockPeriod(ctx, b.author.NIP, pnFeb, admin.ID)
	pgWantErr(t, err, kinerja.CodeConflict, "unlock.not_locked")

	// Rated again: a new current rating.
	again, err := b.pnRate(b.author.ID, b.assessor.ID, kinerja.RatingDiAtas, kinerja.RatingDiAtas, pnToday)
	if err != nil || again.ID == rated.ID || again.Predikat != kinerja.PredikatSangatBaik {
		t.Fatalf("rate again: %+v %v", again, err)
	}
	if got, _ := b.db.PenilaianOf(ctx, b.author.ID, pnFeb); got == nil || got.ID != again.ID {
		t.Fatalf("current: %+v", got)
	}
}

func TestTeamToRate(t *testing.T) {
	b, ctx := pgSetup(t)
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	b.pnDelegate(t, b.assessor.ID, plh.ID, pnToday, pnDay(time.March, 3))
	gone := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Bambang Pensiun", AtasanID: b.assessor.ID})
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	b.pnSubmitOn(t, pnDay(time.February, 3), "")
	b.pnSubmitOn(t, pnDay(time.February, 4), "")
	b.submit(t) // March: not counted for February
	rated, err := b.pnRate(b.other.ID, b.assessor.ID, kinerja.RatingDiBawah, kinerja.RatingSesuai, pnToday)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, behalf, penilaian int64
		predikat              kinerja.Predikat
		undecided             int
	}
	team := func(assessor int64, today kinerja.Date) []row {
		t.Helper()
		ms, err := b.db.TeamToRate(ctx, assessor, pnDay(time.February, 14), today)
		if err != nil {
			t.Fatal(err)
		}
		out := []row{}
		for _, m := range ms {
			if m.Rated() != (m.PenilaianID != 0) || m.NIP == "" || m.Nama == "" {
				t.Fatalf("member %+v", m)
			}
			out = append(out, row{m.PegawaiID, m.OnBehalfOf, m.PenilaianID, m.Predikat, m.Undecided})
		}
		return out
	}
	same := func(name string, got []row, want ...row) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %+v, want %+v", name, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: %+v, want %+v", name, got, want)
			}
		}
	}
	// By name: Agus Wibowo (rated), Siti Rahayu (two waiting).
	agus := row{b.other.ID, 0, rated.ID, kinerja.PredikatButuhPerbaikan, 0}
	siti := row{b.author.ID, 0, 0, "", 2}
	same("the atasan", team(b.assessor.ID, pnToday), agus, siti)
	agus.behalf, siti.behalf = b.assessor.ID, b.assessor.ID
	same("the Plh", team(plh.ID, pnToday), agus, siti)
	same("the Plh after the delegation", team(plh.ID, pnDay(time.March, 4)))
	same("a member", team(b.author.ID, pnToday))
	// A member who is Plh today rates the others, not themself.
	b.pnDelegate(t, b.assessor.ID, b.author.ID, pnToday, pnToday)
	same("a member as Plh", team(b.author.ID, pnToday), agus)
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, b.assessor.ID); err != nil {
		t.Fatal(err)
	}
	same("an inactive atasan", team(b.assessor.ID, pnToday))
}

// TestRatingRaces: two assessors rate at once (one wins); reports filed
// while a rating is made either hold it up or are refused — a locked month
// never holds a report that waits.
func TestRatingRaces(t *testing.T) {
	b, ctx := pgSetup(t)
	plh := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Dewi Lestari"})
	b.pnDelegate(t, b.assessor.ID, plh.ID, pnToday, pnToday)

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, actor := range []int64{b.assessor.ID, plh.ID} {
		wg.Go(func() {
			_, errs[i] = b.pnRate(b.other.ID, actor, kinerja.RatingSesuai, kinerja.RatingSesuai, pnToday)
		})
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither won: %v", errs)
	}
	for _, err := range errs {
		if err != nil && kinerja.ErrorCode(err) != kinerja.CodeConflict {
			t.Fatalf("the loser: %v", err)
		}
	}

	const reports = 8
	errs = make([]error, reports+1)
	for i := range reports {
		wg.Go(func() {
			r := b.report()
			r.Tanggal = pnDay(time.February, 1+i)
			_, errs[i] = b.db.SubmitAktivitas(ctx, r, b.author.ID)
		})
	}
	wg.Go(func() {
		_, errs[reports] = b.pnRate(b.author.ID, b.assessor.ID, kinerja.RatingSesuai, kinerja.RatingSesuai, pnToday)
	})
	wg.Wait()
	for i, err := range errs[:reports] {
		if err != nil && (kinerja.ErrorCode(err) != kinerja.CodeConflict || !strings.Contains(err.Error(), "penilaian.locked")) {
			t.Fatalf("submit %d: %v", i, err)
		}
	}
	waiting := rowCount(t, b.db, `SELECT count(*) FROM aktivitas WHERE pegawai_id = $1 AND status = 'diajukan' AND tanggal < '2026-03-01'`, b.author.ID)
	locked, err := b.db.PeriodLocked(ctx, b.author.ID, pnFeb)
	if err != nil {
		t.Fatal(err)
	}
	if locked && waiting != 0 {
		t.Fatalf("a locked month holds %d waiting reports", waiting)
	}
	if !locked && kinerja.ErrorCode(errs[reports]) != kinerja.CodeConflict {
		t.Fatalf("rating: %v", errs[reports])
	}
	t.Logf("rating %v; %d reports waiting", errs[reports], waiting)
}

// TestSubmitWaitsForRatingInProgress: a report filed while a rating of its
// author is being written waits for it, then sees it and is refused.
func TestSubmitWaitsForRatingInProgress(t *testing.T) {
	b, ctx := pgSetup(t)
	// A rating midway, as RatePeriod writes it: the person's row taken,
	// the rating inserted, not yet committed.
	tx, err := b.db.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT 1 FROM pegawai WHERE id = $1 FOR NO KEY UPDATE`, b.author.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO penilaian (pegawai_id, periode, rating_hasil, rating_perilaku, predikat, rated_by, rated_at)
VALUES ($1, '2026-02-01', 'sesuai', 'sesuai', 'baik', $2, $3)`, b.author.ID, b.assessor.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		r := b.report()
		r.Tanggal = pnDay(time.February, 27)
		_, err := b.db.SubmitAktivitas(ctx, r, b.author.ID)
		done <- err
	}()
	// Wait until the submission waits for the rating's lock.
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("the submission did not wait for the rating: %v", err)
		default:
		}
		var waiting int
		if err := b.db.Pool.QueryRow(ctx, `
SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the submission never waited")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	pgWantErr(t, <-done, kinerja.CodeConflict, "penilaian.locked")
}
