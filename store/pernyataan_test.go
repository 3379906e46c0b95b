package store_test

// Days declared away (issue 15): who is asked to confirm, who may decide,
// what is audited, and what a declaration changes for the target and the
// reminders.

import (
	"context"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
)

type declarationWorld struct {
	db                      *store.DB
	kepala, plh, sari, budi kinerja.Pegawai
	lain, tanpaAtasan       kinerja.Pegawai
	day                     kinerja.Date
}

// newDeclarationWorld: a head with a Plh on day, two staff, someone
// outside the team and someone without an atasan; everyone linked.
func newDeclarationWorld(t *testing.T) (*declarationWorld, context.Context) {
	db, ctx := newDB(t)
	unit := storetest.SeedUnit(t, db, "Dinas Uji")
	w := &declarationWorld{db: db, day: kinerja.Date{Year: 2026, Month: time.December, Day: 28}}
	seed := func(nama string, atasan, chat int64) kinerja.Pegawai {
		return storetest.SeedPegawai(t, db, kinerja.Pegawai{Nama: nama, UnitID: unit, AtasanID: atasan, TelegramID: chat, ChatID: chat})
	}
	w.kepala = seed("Kepala", 0, 100)
	w.plh = seed("Plh", w.kepala.ID, 101)
	w.sari = seed("Sari", w.kepala.ID, 102)
	w.budi = seed("Budi", w.kepala.ID, 103)
	w.lain = seed("Lain", 0, 104)
	w.tanpaAtasan = seed("Tanpa Atasan", 0, 105)
	if _, err := db.Pool.Exec(ctx, `INSERT INTO delegasi (dari_id, ke_id, jenis, mulai, selesai, created_at)
VALUES ($1, $2, 'plh', '2026-12-28', '2026-12-28', now())`, w.kepala.ID, w.plh.ID); err != nil {
		t.Fatal(err)
	}
	return w, ctx
}

func (w *declarationWorld) count(t *testing.T, ctx context.Context, q string, args ...any) int {
	t.Helper()
	var n int
	if err := w.db.Pool.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDeclareDay: the request goes to the atasan — to the Plh when the
// atasan is on leave that day —, never to the declarer; a second
// declaration of the day, a holiday and a person without an atasan are
// refused; the declaration and its one request job are written together
// with the audit entry.
func TestDeclareDay(t *testing.T) {
	w, ctx := newDeclarationWorld(t)
	db := w.db
	v, err := db.DeclareDay(ctx, w.sari.ID, w.day, kinerja.LeaveCuti, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != kinerja.DeclarationDiajukan || v.PenerimaID != w.kepala.ID || v.PenerimaNama != "Kepala" || v.Nama != "Sari" {
		t.Fatalf("declared %+v", v)
	}
	if n := w.count(t, ctx, `SELECT count(*) FROM river_job WHERE kind = 'pernyataan_minta'`); n != 1 {
		t.Fatalf("%d request jobs", n)
	}
	if n := w.count(t, ctx, `SELECT count(*) FROM audit_log WHERE entity = 'pernyataan' AND entity_id = $1 AND action = 'nyatakan_hari' AND actor_id = $2`, v.ID, w.sari.ID); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	// Twice: the first stands.
	again, err := db.DeclareDay(ctx, w.sari.ID, w.day, kinerja.LeaveDinasLuar, 0)
	if id, _ := kinerja.ErrorMessage(err); id != "pernyataan.sudah" || again.ID != v.ID || again.Jenis != kinerja.LeaveCuti {
		t.Fatalf("second declaration: %v, %+v", err, again)
	}
	// The head on leave that day: his Plh is asked.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-12-28', '2026-12-28', 'sakit')`, w.kepala.ID); err != nil {
		t.Fatal(err)
	}
	b, err := db.DeclareDay(ctx, w.budi.ID, w.day, kinerja.LeaveDinasLuar, 0)
	if err != nil || b.PenerimaID != w.plh.ID {
		t.Fatalf("Budi's declaration went to %d (%v), want the Plh %d", b.PenerimaID, err, w.plh.ID)
	}
	// The Plh declares: never asked himself, the head (away or not) is.
	p, err := db.DeclareDay(ctx, w.plh.ID, w.day, kinerja.LeaveSakit, 0)
	if err != nil || p.PenerimaID != w.kepala.ID {
		t.Fatalf("the Plh's declaration went to %d (%v)", p.PenerimaID, err)
	}
	// Refusals.
	if _, err := db.DeclareDay(ctx, w.tanpaAtasan.ID, w.day, kinerja.LeaveCuti, 0); kinerja.ErrorCode(err) != kinerja.CodeConflict {
		t.Fatalf("without an atasan: %v", err)
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO hari_libur (tanggal, keterangan) VALUES ('2026-12-31', 'Libur Uji')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeclareDay(ctx, w.budi.ID, kinerja.Date{Year: 2026, Month: 12, Day: 31}, kinerja.LeaveCuti, 0); err == nil {
		t.Fatal("a holiday was declared")
	} else if id, args := kinerja.ErrorMessage(err); id != "pernyataan.libur" || args["Name"] != "Libur Uji" {
		t.Fatalf("holiday: %s %v", id, args)
	}
	if _, err := db.DeclareDay(ctx, w.budi.ID, w.day.AddDays(1), "izin", 0); kinerja.ErrorCode(err) != kinerja.CodeInvalid {
		t.Fatalf("an unknown kind: %v", err)
	}
	// A nudge id that is not the person's is not recorded.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO pengingat (pegawai_id, jenis, tanggal, dibuat, diperbarui) VALUES ($1, 'harian', '2026-12-29', now(), now())`, w.sari.ID); err != nil {
		t.Fatal(err)
	}
	var nudge int64
	if err := db.Pool.QueryRow(ctx, `SELECT id FROM pengingat WHERE pegawai_id = $1`, w.sari.ID).Scan(&nudge); err != nil {
		t.Fatal(err)
	}
	x, err := db.DeclareDay(ctx, w.budi.ID, w.day.AddDays(1), kinerja.LeaveCuti, nudge)
	if err != nil || x.PengingatID != 0 {
		t.Fatalf("someone else's nudge recorded: %+v, %v", x, err)
	}
}

// TestDecideDeclaration: only the declarer's atasan or today's Plh decides,
// never the declarer; the first decision wins and a later one is told who
// made it; every refusal is audited; the answer job is enqueued with the
// decision.
func TestDecideDeclaration(t *testing.T) {
	w, ctx := newDeclarationWorld(t)
	db := w.db
	v, err := db.DeclareDay(ctx, w.sari.ID, w.day, kinerja.LeaveCuti, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []int64{w.lain.ID, w.sari.ID, w.budi.ID} {
		if _, err := db.DecideDeclaration(ctx, v.ID, who, true, w.day); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
			t.Fatalf("pegawai %d decided: %v", who, err)
		}
	}
	// The Plh, the day after his delegation: not any more.
	if _, err := db.DecideDeclaration(ctx, v.ID, w.plh.ID, true, w.day.AddDays(1)); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatalf("an ended delegation decided: %v", err)
	}
	if _, err := db.DecideDeclaration(ctx, v.ID+1000, w.kepala.ID, true, w.day); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
		t.Fatalf("an unknown declaration: %v", err)
	}
	d, err := db.DecideDeclaration(ctx, v.ID, w.plh.ID, true, w.day)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != kinerja.DeclarationDisetujui || d.DecidedBy != w.plh.ID || d.OnBehalfOf != w.kepala.ID || d.OnBehalfOfNama != "Kepala" {
		t.Fatalf("decided %+v", d)
	}
	late, err := db.DecideDeclaration(ctx, v.ID, w.kepala.ID, false, w.day)
	if id, args := kinerja.ErrorMessage(err); id != "pernyataan.sudah_diputuskan" || args["By"] != "Plh" || args["Atas"] != "Kepala" ||
		late.Status != kinerja.DeclarationDisetujui {
		t.Fatalf("late refusal: %v %v, %+v", id, args, late)
	}
	if n := w.count(t, ctx, `SELECT count(*) FROM river_job WHERE kind = 'pernyataan_jawab'`); n != 1 {
		t.Fatalf("%d answer jobs", n)
	}
	if n := w.count(t, ctx, `SELECT count(*) FROM audit_log WHERE entity = 'pernyataan' AND action = 'konfirmasi_hari' AND actor_id = $1 AND on_behalf_of = $2`,
		w.plh.ID, w.kepala.ID); n != 1 {
		t.Fatalf("%d confirmations audited", n)
	}
	// The declarer's audit trail has the declaration and the decision.
	trail, err := db.AuditTrailOf(ctx, store.AuditTrailFilter{NIP: w.sari.NIP})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range trail.Entries {
		if e.Entity == "pernyataan" && e.EntityID == v.ID {
			if e.ReportDate != w.day || e.DeclaredKind != kinerja.LeaveCuti || e.Subject.ID != w.sari.ID {
				t.Fatalf("trail entry %+v", e)
			}
			actions = append(actions, e.Action)
		}
	}
	// Declared; refused presses by Lain, Sari, Budi and the Plh a day late;
	// confirmed by the Plh; the head's late Tolak refused.
	if got := strings.Join(actions, " "); got != "nyatakan_hari"+strings.Repeat(" ditolak_konfirmasi_hari", 4)+" konfirmasi_hari ditolak_tolak_hari" {
		t.Fatalf("Sari's trail: %s", got)
	}
	if n := w.count(t, ctx, `SELECT count(*) FROM audit_log WHERE entity = 'pernyataan' AND action LIKE 'ditolak\_%'`); n != 6 {
		t.Fatalf("%d refusals audited, want 6 (three not theirs, an ended delegation, an unknown one, a late one)", n)
	}
}

// TestDeclaredDayForTargetAndReminders: a waiting declaration keeps the
// day out of the nudges but not out of the target; a confirmed cuti is
// leave (counted once with imported leave of the same day), a confirmed
// dinas luar stays work; a refused one is nothing.
func TestDeclaredDayForTargetAndReminders(t *testing.T) {
	w, ctx := newDeclarationWorld(t)
	db := w.db
	month, end := w.day.MonthStart(), w.day.MonthEnd()
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 28, 16, 0, 0, 0, wib)
	candidates := func() map[int64]bool {
		cs, err := db.DailyCandidates(ctx, w.day, now, now.Location(), 15*time.Hour+30*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, c := range cs {
			out[c.PegawaiID] = true
		}
		return out
	}
	days := func(id int64) int {
		leave, err := db.LeaveOf(ctx, id, month, end)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := kinerja.Calendar{Rules: kinerja.DefaultRules(), Leave: leave}.AvailableDays(month, end)
		return n
	}
	if !candidates()[w.sari.ID] || days(w.sari.ID) != 23 {
		t.Fatal("the world is not as assumed")
	}
	sari, err := db.DeclareDay(ctx, w.sari.ID, w.day, kinerja.LeaveCuti, 0)
	if err != nil {
		t.Fatal(err)
	}
	budi, err := db.DeclareDay(ctx, w.budi.ID, w.day, kinerja.LeaveDinasLuar, 0)
	if err != nil {
		t.Fatal(err)
	}
	plh, err := db.DeclareDay(ctx, w.plh.ID, w.day, kinerja.LeaveSakit, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Waiting: no nudge, the target as it was.
	if c := candidates(); c[w.sari.ID] || c[w.budi.ID] || c[w.plh.ID] {
		t.Fatalf("declared people are nudge candidates: %v", c)
	}
	if days(w.sari.ID) != 23 {
		t.Fatal("a waiting declaration changed the target")
	}
	for _, v := range []kinerja.DayDeclaration{sari, budi} {
		if _, err := db.DecideDeclaration(ctx, v.ID, w.kepala.ID, true, w.day); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.DecideDeclaration(ctx, plh.ID, w.kepala.ID, false, w.day); err != nil {
		t.Fatal(err)
	}
	// Confirmed cuti: leave. Dinas luar: work. Refused: nothing, and a
	// nudge candidate again.
	if days(w.sari.ID) != 22 || days(w.budi.ID) != 23 || days(w.plh.ID) != 23 {
		t.Fatalf("available days: Sari %d, Budi %d, Plh %d; want 22, 23, 23", days(w.sari.ID), days(w.budi.ID), days(w.plh.ID))
	}
	if _, leave, err := db.DayOff(ctx, w.sari.ID, w.day); err != nil || leave != kinerja.LeaveCuti {
		t.Fatalf("Sari's day off: %q, %v", leave, err)
	}
	if _, leave, err := db.DayOff(ctx, w.budi.ID, w.day); err != nil || leave != "" {
		t.Fatalf("Budi's dinas luar is a day off: %q, %v", leave, err)
	}
	if c := candidates(); c[w.sari.ID] || c[w.budi.ID] || !c[w.plh.ID] {
		t.Fatalf("candidates after the decisions: %v", c)
	}
	for id, want := range map[int64]int{w.sari.ID: 1, w.budi.ID: 1, w.plh.ID: 0} {
		if got, err := db.DeclaredDays(ctx, id, month, end); err != nil || len(got) != want {
			t.Fatalf("declared days of %d: %v, %v; want %d", id, got, err, want)
		}
	}
	// Imported leave of the same day (and the next) counts the day once.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO cuti (pegawai_id, mulai, selesai, jenis) VALUES ($1, '2026-12-28', '2026-12-29', 'cuti')`, w.sari.ID); err != nil {
		t.Fatal(err)
	}
	if n := days(w.sari.ID); n != 21 {
		t.Fatalf("%d available days with imported leave, want 21", n)
	}
	// The escalation's view: Budi's confirmed dinas luar is declared.
	staff, err := db.StaffActivities(ctx, w.day.AddDays(1), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		declared := 0
		for _, l := range s.Leave {
			if l.Jenis == kinerja.LeaveDeclared && l.Covers(w.day) {
				declared++
			}
		}
		if want := s.PegawaiID == w.budi.ID || s.PegawaiID == w.sari.ID; want != (declared == 1) {
			t.Fatalf("staff %d: leave %v", s.PegawaiID, s.Leave)
		}
	}
}
