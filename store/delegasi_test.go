package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kinerjabot/clock"
	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

// dgBundle: a unit tree Pemerintah Kota > Dinas A > Bidang A1, and Dinas B;
// in Bidang A1 the kepala bidang (kabid) with two staff and a kepala seksi
// (kasi, also reporting to kabid); a peer official in Dinas A (pejabat);
// an outsider in Dinas B; admins.
type dgBundle struct {
	db                   *store.DB
	root, dinasA, bidang int64
	dinasB               int64
	kabid, kasi, staf    kinerja.Pegawai
	staf2, pejabat       kinerja.Pegawai
	outsider             kinerja.Pegawai
	admin, adminA        kinerja.Pegawai
	adminB, pegawai      kinerja.Pegawai
	today                kinerja.Date
}

func dgSetup(t *testing.T) (dgBundle, context.Context) { return dgSetupTicking(t, 0) }

// dgSetupTicking is dgSetup with a clock that moves by tick at every
// reading (0: a fixed clock), starting 2 March 2026, 09.00 WIB.
func dgSetupTicking(t *testing.T, tick time.Duration) (dgBundle, context.Context) {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	wib := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, time.March, 2, 9, 0, 0, 0, wib)
	db, err := store.OpenPostgres(ctx, storetest.NewURL(t), clock.NewTicking(start, tick).Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	b := dgBundle{db: db, today: kinerja.DateOf(start, wib)}
	b.root = storetest.SeedUnit(t, db, "Pemerintah Kota Semarang")
	b.dinasA = dgChildUnit(t, db, "Dinas Komunikasi, Informatika, Statistik dan Persandian", b.root)
	b.bidang = dgChildUnit(t, db, "Bidang Aplikasi Informatika", b.dinasA)
	b.dinasB = dgChildUnit(t, db, "Dinas Kesehatan", b.root)
	seed := func(p kinerja.Pegawai) kinerja.Pegawai { return storetest.SeedPegawai(t, db, p) }
	b.kabid = seed(kinerja.Pegawai{Nama: "Budi Santoso", UnitID: b.bidang})
	b.kasi = seed(kinerja.Pegawai{Nama: "Rina Kurniasih", UnitID: b.bidang, AtasanID: b.kabid.ID})
	b.staf = seed(kinerja.Pegawai{Nama: "Siti Rahayu", UnitID: b.bidang, AtasanID: b.kabid.ID, Telepon: "+6281234567890"})
	b.staf2 = seed(kinerja.Pegawai{Nama: "Agus Wibowo", UnitID: b.bidang, AtasanID: b.kasi.ID})
	b.pejabat = seed(kinerja.Pegawai{Nama: "Dewi Lestari", UnitID: b.dinasA})
	b.outsider = seed(kinerja.Pegawai{Nama: "Hendra Gunawan", UnitID: b.dinasB})
	b.admin = seed(kinerja.Pegawai{Nama: "Admin BKPP", Roles: []kinerja.Role{kinerja.RolePegawai, kinerja.RoleAdmin}})
	b.adminA = seed(kinerja.Pegawai{Nama: "Admin Diskominfo", UnitID: b.dinasA, Roles: []kinerja.Role{kinerja.RoleAdminOPD}})
	b.adminB = seed(kinerja.Pegawai{Nama: "Admin Dinkes", UnitID: b.dinasB, Roles: []kinerja.Role{kinerja.RoleAdminOPD}})
	b.pegawai = seed(kinerja.Pegawai{Nama: "Pegawai Biasa", UnitID: b.dinasA})
	return b, ctx
}

func dgChildUnit(t *testing.T, db *store.DB, nama string, parent int64) int64 {
	t.Helper()
	var id int64
	if err := db.Pool.QueryRow(context.Background(),
		`INSERT INTO unit_kerja (nama, parent_id, created_at) VALUES ($1, $2, $3) RETURNING id`,
		nama, parent, time.Now()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b dgBundle) days(n int) kinerja.Date { return b.today.AddDays(n) }

// req is kabid → pejabat (a peer, not one of kabid's staff), plh, from
// today for five days, by the system.
func (b dgBundle) req() store.DelegationRequest {
	return store.DelegationRequest{DariNIP: b.kabid.NIP, KeNIP: b.pejabat.NIP, Mulai: b.today, Selesai: b.days(4), Today: b.today}
}

func (b dgBundle) create(t *testing.T, r store.DelegationRequest) store.Delegation {
	t.Helper()
	d, err := b.db.CreateDelegation(context.Background(), r)
	if err != nil {
		t.Fatalf("create delegation %+v: %v", r, err)
	}
	return d
}

func dgIDs(ds []store.Delegation) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func dgSame(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestDelegationCreateListRevoke(t *testing.T) {
	b, ctx := dgSetup(t)

	r := b.req()
	r.DariNIP = b.kabid.NIP[:8] + " " + b.kabid.NIP[8:14] + " " + b.kabid.NIP[14:] // as printed on a decree
	d := b.create(t, r)
	if d.ID == 0 || d.Jenis != kinerja.JenisPlh || d.Dari.ID != b.kabid.ID || d.Ke.ID != b.pejabat.ID ||
		d.Dari.Nama != b.kabid.Nama || d.Ke.NIP != b.pejabat.NIP || d.Mulai != b.today || d.Selesai != b.days(4) ||
		!d.RevokedAt.IsZero() || d.CreatedBy != 0 || !d.Active(b.today) || d.Active(b.days(5)) {
		t.Fatalf("created %+v", d)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dibuat' AND entity = 'delegasi'
AND entity_id = $1 AND actor_id IS NULL AND detail->>'jenis' = 'plh' AND detail->>'mulai' = $2`, d.ID, b.today.String()); n != 1 {
		t.Fatalf("%d creation audit entries", n)
	}
	// A Plt starting later, for the same official and another delegate.
	r = b.req()
	r.KeNIP, r.Jenis, r.Mulai, r.Selesai = b.kasi.NIP, "PLT", b.days(10), b.days(20)
	future := b.create(t, r)
	if future.Jenis != kinerja.JenisPlt {
		t.Fatalf("jenis %q", future.Jenis)
	}

	for _, tc := range []struct {
		nip  string
		from kinerja.Date
		want []int64
	}{
		{"", b.today, []int64{d.ID, future.ID}},
		{b.kabid.NIP, b.today, []int64{d.ID, future.ID}},
		{b.pejabat.NIP, b.today, []int64{d.ID}},
		{b.kasi.NIP, b.today, []int64{future.ID}},
		{b.outsider.NIP, b.today, nil},
		{"", b.days(5), []int64{future.ID}}, // the first one has ended
		{"", b.days(21), nil},
	} {
		got, err := b.db.Delegations(ctx, tc.nip, tc.from)
		if err != nil || !dgSame(dgIDs(got), tc.want...) {
			t.Errorf("Delegations(%q, %s) = %v, %v; want %v", tc.nip, tc.from, dgIDs(got), err, tc.want)
		}
	}
	if _, err := b.db.Delegations(ctx, "123", b.today); kinerja.ErrorCode(err) != kinerja.CodeInvalid {
		t.Errorf("invalid NIP: %v", err)
	}
	if _, err := b.db.Delegations(ctx, storetest.RandomNIP(t), b.today); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Errorf("unknown NIP: %v", err)
	}

	if err := b.db.RevokeDelegation(ctx, d.ID, 0); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.DelegationByID(ctx, d.ID)
	if err != nil || got.RevokedAt.IsZero() || got.Active(b.today) {
		t.Fatalf("after revoke: %+v %v", got, err)
	}
	if list, _ := b.db.Delegations(ctx, "", b.today); !dgSame(dgIDs(list), future.ID) {
		t.Fatalf("a revoked delegation is listed: %v", dgIDs(list))
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dicabut' AND entity_id = $1 AND actor_id IS NULL`, d.ID); n != 1 {
		t.Fatalf("%d revocation audit entries", n)
	}
	err = b.db.RevokeDelegation(ctx, d.ID, 0)
	if e := dgWantErr(t, err, kinerja.CodeConflict, "delegasi.already_revoked"); e.Args["ID"] != d.ID {
		t.Fatalf("args %v", e.Args)
	}
	dgWantErr(t, b.db.RevokeDelegation(ctx, d.ID+1000, 0), kinerja.CodeNotFound, "delegasi.not_found")
	if _, err := b.db.DelegationByID(ctx, d.ID+1000); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Fatalf("by unknown id: %v", err)
	}
}

func TestDelegationRefusals(t *testing.T) {
	b, ctx := dgSetup(t)
	inactive := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Pensiunan", UnitID: b.bidang})
	vacant := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Nama: "Kepala Bidang Lama", UnitID: b.bidang})
	storetest.SeedPegawai(t, b.db, kinerja.Pegawai{UnitID: b.bidang, AtasanID: vacant.ID})
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = ANY ($1)`, []int64{inactive.ID, vacant.ID}); err != nil {
		t.Fatal(err)
	}
	auditBefore := rowCount(t, b.db, `SELECT count(*) FROM audit_log`)

	for _, tc := range []struct {
		name string
		edit func(r *store.DelegationRequest)
		code kinerja.Code
		msg  string
	}{
		{"jenis", func(r *store.DelegationRequest) { r.Jenis = "pj" }, kinerja.CodeInvalid, "delegasi.jenis_invalid"},
		{"dari nip", func(r *store.DelegationRequest) { r.DariNIP = "19870315201001100" }, kinerja.CodeInvalid, "delegasi.nip_invalid"},
		{"ke nip", func(r *store.DelegationRequest) { r.KeNIP = "1.98703E+17" }, kinerja.CodeInvalid, "delegasi.nip_invalid"},
		{"same person", func(r *store.DelegationRequest) { r.KeNIP = b.kabid.NIP[:9] + " " + b.kabid.NIP[9:] }, kinerja.CodeInvalid, "delegasi.same_person"},
		{"no dates", func(r *store.DelegationRequest) { r.Mulai = kinerja.Date{} }, kinerja.CodeInvalid, "delegasi.dates_required"},
		{"reversed", func(r *store.DelegationRequest) { r.Mulai, r.Selesai = b.days(3), b.days(2) }, kinerja.CodeInvalid, "delegasi.period_reversed"},
		{"too long", func(r *store.DelegationRequest) { r.Selesai = kinerja.DelegasiLastDay(r.Mulai).AddDays(1) }, kinerja.CodeInvalid, "delegasi.period_too_long"},
		{"ended", func(r *store.DelegationRequest) { r.Mulai, r.Selesai = b.days(-5), b.days(-1) }, kinerja.CodeInvalid, "delegasi.period_ended"},
		{"unknown dari", func(r *store.DelegationRequest) { r.DariNIP = "199912312024121999" }, kinerja.CodeNotFound, "delegasi.nip_unknown"},
		{"unknown ke", func(r *store.DelegationRequest) { r.KeNIP = "199912312024121999" }, kinerja.CodeNotFound, "delegasi.nip_unknown"},
		{"inactive ke", func(r *store.DelegationRequest) { r.KeNIP = inactive.NIP }, kinerja.CodeInvalid, "delegasi.inactive"},
		{"inactive dari of a plh", func(r *store.DelegationRequest) { r.DariNIP = vacant.NIP }, kinerja.CodeInvalid, "delegasi.inactive"},
		{"dari without staff", func(r *store.DelegationRequest) { r.DariNIP, r.KeNIP = b.pejabat.NIP, b.kabid.NIP }, kinerja.CodeInvalid, "delegasi.dari_no_team"},
		{"plain pegawai", func(r *store.DelegationRequest) { r.ActorID = b.pegawai.ID }, kinerja.CodeForbidden, "delegasi.forbidden"},
	} {
		r := b.req()
		tc.edit(&r)
		_, err := b.db.CreateDelegation(ctx, r)
		if kinerja.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			continue
		}
		if id, _ := kinerja.ErrorMessage(err); id != tc.msg {
			t.Errorf("%s: message %s, want %s", tc.name, id, tc.msg)
		}
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM delegasi`); n != 0 {
		t.Fatalf("refusals wrote %d delegations", n)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log`); n != auditBefore {
		t.Fatalf("refusals were audited: %d entries, want %d", n, auditBefore)
	}
	if _, err := b.db.CreateDelegation(ctx, store.DelegationRequest{DariNIP: b.kabid.NIP, KeNIP: b.pejabat.NIP,
		Mulai: b.today, Selesai: b.today}); kinerja.ErrorCode(err) != kinerja.CodeInternal {
		t.Fatalf("a request without Today is a programming error: %v", err)
	}

	// A Plt fills the post of an official who left (inactive): allowed.
	r := b.req()
	r.DariNIP, r.Jenis = vacant.NIP, kinerja.JenisPlt
	if d := b.create(t, r); d.Dari.Aktif {
		t.Fatalf("%+v", d)
	}
	// A period that began before today is allowed (a decree recorded late).
	r = b.req()
	r.KeNIP, r.Mulai = b.kasi.NIP, b.days(-3)
	b.create(t, r)
	// Exactly one year is allowed.
	r = b.req()
	r.KeNIP, r.Mulai = b.outsider.NIP, b.days(30)
	r.Selesai = kinerja.DelegasiLastDay(r.Mulai)
	b.create(t, r)
}

func TestDelegationAdminScope(t *testing.T) {
	b, ctx := dgSetup(t)
	inactiveAdmin := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{UnitID: b.dinasA, Roles: []kinerja.Role{kinerja.RoleAdmin}})
	noUnitOPD := storetest.SeedPegawai(t, b.db, kinerja.Pegawai{Roles: []kinerja.Role{kinerja.RoleAdminOPD}})
	if _, err := b.db.Pool.Exec(ctx, `UPDATE pegawai SET aktif = false WHERE id = $1`, inactiveAdmin.ID); err != nil {
		t.Fatal(err)
	}
	as := func(actor int64, ke kinerja.Pegawai, mulai int) store.DelegationRequest {
		r := b.req()
		r.ActorID, r.KeNIP, r.Mulai, r.Selesai = actor, ke.NIP, b.days(mulai), b.days(mulai)
		return r
	}

	// admin_opd of Dinas A: kabid (Bidang A1, below Dinas A) to pejabat (Dinas A).
	d := b.create(t, as(b.adminA.ID, b.pejabat, 0))
	if d.CreatedBy != b.adminA.ID || rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dibuat' AND actor_id = $1`, b.adminA.ID) != 1 {
		t.Fatalf("the admin is not recorded: %+v", d)
	}
	// The BKPP admin anywhere, also across OPDs.
	cross := b.create(t, as(b.admin.ID, b.outsider, 1))

	for _, tc := range []struct {
		name  string
		actor int64
		ke    kinerja.Pegawai
		msg   string
	}{
		{"admin_opd of another OPD", b.adminB.ID, b.pejabat, "delegasi.forbidden"},
		{"admin_opd, delegate outside its OPD", b.adminA.ID, b.outsider, "delegasi.forbidden"},
		{"admin_opd without a unit", noUnitOPD.ID, b.pejabat, "delegasi.forbidden"},
		{"plain pegawai", b.pegawai.ID, b.pejabat, "delegasi.forbidden"},
		{"inactive admin", inactiveAdmin.ID, b.pejabat, "delegasi.forbidden"},
		{"unknown actor", b.pegawai.ID + 10000, b.pejabat, "delegasi.forbidden"},
		{"admin_opd appointing themselves", b.adminA.ID, b.adminA, "delegasi.self_grant"},
		{"admin appointing themselves", b.admin.ID, b.admin, "delegasi.self_grant"},
	} {
		_, err := b.db.CreateDelegation(ctx, as(tc.actor, tc.ke, 2))
		dgWantErrNamed(t, tc.name, err, kinerja.CodeForbidden, tc.msg)
	}

	// Revoking follows the same scope.
	dgWantErrNamed(t, "revoke by another OPD", b.db.RevokeDelegation(ctx, d.ID, b.adminB.ID), kinerja.CodeForbidden, "delegasi.forbidden")
	dgWantErrNamed(t, "revoke across OPDs", b.db.RevokeDelegation(ctx, cross.ID, b.adminA.ID), kinerja.CodeForbidden, "delegasi.forbidden")
	if err := b.db.RevokeDelegation(ctx, d.ID, b.adminA.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.db.RevokeDelegation(ctx, cross.ID, b.admin.ID); err != nil {
		t.Fatal(err)
	}
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'delegasi_dicabut' AND actor_id IN ($1, $2)`, b.adminA.ID, b.admin.ID); n != 2 {
		t.Fatalf("%d revocations audited with their admin", n)
	}
}

// dgWantErr fails unless err is a domain error with code and messageID.
func dgWantErr(t *testing.T, err error, code kinerja.Code, messageID string) *kinerja.Error {
	t.Helper()
	var e *kinerja.Error
	if !errors.As(err, &e) || e.Code != code || e.MessageID != messageID {
		t.Fatalf("err = %v, want %s %s", err, code, messageID)
	}
	return e
}

func dgWantErrNamed(t *testing.T, name string, err error, code kinerja.Code, msg string) {
	t.Helper()
	if kinerja.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", name, err, code)
		return
	}
	if id, _ := kinerja.ErrorMessage(err); id != msg {
		t.Errorf("%s: message %s, want %s", name, id, msg)
	}
}

func TestDelegationOverlap(t *testing.T) {
	b, ctx := dgSetup(t)
	period := func(ke kinerja.Pegawai, from, to int) store.DelegationRequest {
		r := b.req()
		r.KeNIP, r.Mulai, r.Selesai = ke.NIP, b.days(from), b.days(to)
		return r
	}
	first := b.create(t, period(b.pejabat, 0, 4))
	for _, p := range [][2]int{{4, 8}, {-2, 0}, {1, 2}, {-1, 10}} {
		_, err := b.db.CreateDelegation(ctx, period(b.pejabat, p[0], p[1]))
		e := dgWantErr(t, err, kinerja.CodeConflict, "delegasi.overlap")
		if e.Args["ID"] != first.ID || e.Args["Mulai"] != b.today.Format() {
			t.Fatalf("overlap args %v", e.Args)
		}
	}
	b.create(t, period(b.pejabat, 5, 9)) // the next days: no overlap
	b.create(t, period(b.kasi, 0, 4))    // the same days to someone else: allowed
	if err := b.db.RevokeDelegation(ctx, first.ID, 0); err != nil {
		t.Fatal(err)
	}
	b.create(t, period(b.pejabat, 0, 4)) // a revoked delegation no longer counts

	// Concurrent requests for the same days: exactly one is recorded.
	errs := race(8, func(int) error {
		_, err := b.db.CreateDelegation(ctx, period(b.outsider, 20, 25))
		return err
	})
	ok := 0
	for _, err := range errs {
		switch kinerja.ErrorCode(err) {
		case "":
			ok++
		case kinerja.CodeConflict:
		default:
			t.Fatalf("concurrent create: %v", err)
		}
	}
	if ok != 1 || rowCount(t, b.db, `SELECT count(*) FROM delegasi WHERE ke_id = $1`, b.outsider.ID) != 1 {
		t.Fatalf("%d concurrent creations succeeded, want 1", ok)
	}
}

// dgSubmit files a non-SKP report of author.
func dgSubmit(t *testing.T, db *store.DB, author int64, day kinerja.Date) kinerja.Aktivitas {
	t.Helper()
	a, err := db.SubmitAktivitas(context.Background(), kinerja.Aktivitas{
		PegawaiID: author, Tanggal: day, Kategori: kinerja.KategoriNonSKP,
		Deskripsi: "Rapat koordinasi layanan aduan", Volume: 1, Satuan: "kegiatan", Menit: 60,
	}, author)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDelegationDecisionBoundaries(t *testing.T) {
	b, ctx := dgSetup(t)
	d := b.create(t, b.req()) // kabid → pejabat, today .. today+4
	approve := func(a kinerja.Aktivitas, actor int64, today kinerja.Date) (kinerja.Aktivitas, error) {
		return b.db.ApplyAktivitas(ctx, store.ApplyRequest{
			AktivitasID: a.ID, Version: a.Version, Action: kinerja.ActionSetujui,
			Actor: kinerja.ActorAssessor, ActorID: actor, Today: today,
		})
	}
	reports := make([]kinerja.Aktivitas, 6)
	for i := range reports {
		reports[i] = dgSubmit(t, b.db, b.staf.ID, b.today)
	}

	for i, tc := range []struct {
		name  string
		today kinerja.Date
		ok    bool
	}{
		{"the day before mulai", d.Mulai.AddDays(-1), false},
		{"mulai", d.Mulai, true},
		{"selesai", d.Selesai, true},
		{"the day after selesai", d.Selesai.AddDays(1), false},
	} {
		got, err := approve(reports[i], b.pejabat.ID, tc.today)
		if !tc.ok {
			dgWantErrNamed(t, tc.name, err, kinerja.CodeForbidden, "aktivitas.forbidden")
			continue
		}
		if err != nil || got.Status != kinerja.StatusDisetujui || got.DecidedBy != b.pejabat.ID || got.OnBehalfOf != b.kabid.ID {
			t.Fatalf("%s: %+v %v", tc.name, got, err)
		}
	}
	// The audit says who decided and on whose behalf.
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'setujui' AND actor_id = $1 AND on_behalf_of = $2`,
		b.pejabat.ID, b.kabid.ID); n != 2 {
		t.Fatalf("%d decisions on behalf audited, want 2", n)
	}
	// During a Plh the official may still decide.
	if got, err := approve(reports[4], b.kabid.ID, d.Mulai.AddDays(1)); err != nil || got.OnBehalfOf != 0 {
		t.Fatalf("the official during the Plh: %+v %v", got, err)
	}
	// Revoked: refused at once, inside the period.
	if err := b.db.RevokeDelegation(ctx, d.ID, 0); err != nil {
		t.Fatal(err)
	}
	_, err := approve(reports[5], b.pejabat.ID, d.Mulai.AddDays(1))
	dgWantErrNamed(t, "after revoke", err, kinerja.CodeForbidden, "aktivitas.forbidden")
	if n := rowCount(t, b.db, `SELECT count(*) FROM audit_log WHERE action = 'ditolak_setujui' AND actor_id = $1`, b.pejabat.ID); n != 3 {
		t.Fatalf("%d refusals audited, want 3", n)
	}
}

func TestDelegateNeverDecidesOwnReports(t *testing.T) {
	b, ctx := dgSetup(t)
	// The kepala seksi, one of kabid's staff, is Plh for kabid: they decide
	// for their colleagues, never for themselves.
	r := b.req()
	r.KeNIP = b.kasi.NIP
	b.create(t, r)
	own := dgSubmit(t, b.db, b.kasi.ID, b.today)
	colleague := dgSubmit(t, b.db, b.staf.ID, b.today)
	decide := func(a kinerja.Aktivitas) (kinerja.Aktivitas, error) {
		return b.db.ApplyAktivitas(ctx, store.ApplyRequest{
			AktivitasID: a.ID, Version: a.Version, Action: kinerja.ActionSetujui,
			Actor: kinerja.ActorAssessor, ActorID: b.kasi.ID, Today: b.today,
		})
	}
	_, err := decide(own)
	dgWantErrNamed(t, "own report", err, kinerja.CodeForbidden, "aktivitas.forbidden")
	if got, err := decide(colleague); err != nil || got.OnBehalfOf != b.kabid.ID {
		t.Fatalf("colleague's report: %+v %v", got, err)
	}
	// The official still decides on the Plh's own report.
	if _, err := b.db.ApplyAktivitas(ctx, store.ApplyRequest{
		AktivitasID: own.ID, Version: own.Version, Action: kinerja.ActionSetujui,
		Actor: kinerja.ActorAssessor, ActorID: b.kabid.ID, Today: b.today,
	}); err != nil {
		t.Fatal(err)
	}
}

// Creating and revoking a delegation brings the cards of every waiting
// report of the official's team in line: one card job per report, in one
// insert with the delegation.
func TestDelegationEnqueuesTeamCards(t *testing.T) {
	b, _ := dgSetup(t)
	a1 := dgSubmit(t, b.db, b.staf.ID, b.today)
	a2 := dgSubmit(t, b.db, b.kasi.ID, b.today)
	jobs := func() int {
		return rowCount(t, b.db, `SELECT count(*) FROM river_job WHERE kind = $1 AND (args->>'aktivitas_id')::bigint IN ($2, $3)`,
			jobs.CardJob{}.Kind(), a1.ID, a2.ID)
	}
	before := jobs()
	d := b.create(t, b.req())
	if got := jobs(); got != before+2 {
		t.Fatalf("%d card jobs after the delegation, want %d", got, before+2)
	}
	if err := b.db.RevokeDelegation(context.Background(), d.ID, 0); err != nil {
		t.Fatal(err)
	}
	if got := jobs(); got != before+4 {
		t.Fatalf("%d card jobs after the revocation, want %d", got, before+4)
	}
}
