package store_test

// The audit log, filtered and read as a trail (its rows cannot change:
// TestAuditLogIsAppendOnly, with the other constraints).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

func TestAuditFilter(t *testing.T) {
	b, ctx := pgSetup(t)
	first := b.submit(t)
	b.clock.Advance(1)
	second := b.submit(t)
	b.clock.Advance(1)
	if _, err := b.db.ApplyAktivitas(ctx, b.decide("setujui", first, "")); err != nil {
		t.Fatal(err)
	}

	byAuthor, err := b.db.Audit(ctx, store.AuditFilter{ActorID: b.author.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(byAuthor) != 2 || byAuthor[0].EntityID != second.ID || byAuthor[1].EntityID != first.ID {
		t.Fatalf("by author, newest first: %+v", byAuthor)
	}
	all, err := b.db.Audit(ctx, store.AuditFilter{Entity: "aktivitas", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Action != "setujui" || all[0].ActorID != b.assessor.ID ||
		all[0].Detail["from"] != "diajukan" || all[0].Detail["to"] != "disetujui" || all[0].Detail["version"] != float64(2) {
		t.Fatalf("limit 2: %+v", all)
	}
	none, err := b.db.Audit(ctx, store.AuditFilter{Entity: "pegawai"})
	if err != nil || len(none) != 0 {
		t.Fatalf("pegawai entries: %v %v", none, err)
	}
}

// dgActions is the trail as "action:actor" words, for comparing.
func dgActions(es []store.AuditTrailEntry) string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action+":"+e.Actor.Nama)
	}
	return strings.Join(out, ", ")
}

func TestAuditTrail(t *testing.T) {
	b, ctx := dgSetupTicking(t, time.Minute)
	r := b.req()
	r.ActorID = b.adminA.ID
	d := b.create(t, r) // kabid → pejabat
	rep := dgSubmit(t, b.db, b.staf.ID, b.today)
	other := dgSubmit(t, b.db, b.staf2.ID, b.today) // staf2 reports to kasi: not in staf's trail
	decide := func(id int64, version int, actor int64, reason string, action kinerja.Action) error {
		_, err := b.db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: id, Version: version, Action: action,
			Actor: kinerja.ActorAssessor, ActorID: actor, Reason: reason, Today: b.today})
		return err
	}
	// A forged button: the outsider tries to decide staf's report, then
	// (written as the bot would for a forged id) a report that does not exist.
	if err := decide(rep.ID, rep.Version, b.outsider.ID, "", kinerja.ActionSetujui); kinerja.ErrorCode(err) != kinerja.CodeForbidden {
		t.Fatal(err)
	}
	if _, err := b.db.Pool.Exec(ctx, `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail)
SELECT max(at) + interval '1 second', $1, 'ditolak_tolak', 'aktivitas', $2, '{"why": "forbidden"}' FROM audit_log`,
		b.outsider.ID, rep.ID+1000); err != nil {
		t.Fatal(err)
	}
	// The Plh returns it on behalf of kabid.
	if err := decide(rep.ID, rep.Version, b.pejabat.ID, "Lampirkan daftar hadir", kinerja.ActionKembalikan); err != nil {
		t.Fatal(err)
	}
	if err := decide(other.ID, other.Version, b.kasi.ID, "", kinerja.ActionSetujui); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetBahasa(ctx, b.staf.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.db.CreateInvite(ctx, b.staf.NIP, time.Hour, b.adminA.ID); err != nil {
		t.Fatal(err)
	}

	trail := func(f store.AuditTrailFilter) store.AuditTrail {
		t.Helper()
		tr, err := b.db.AuditTrailOf(ctx, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		for i := 1; i < len(tr.Entries); i++ {
			if tr.Entries[i].At.Before(tr.Entries[i-1].At) {
				t.Fatalf("not oldest first: %v", dgActions(tr.Entries))
			}
		}
		return tr
	}
	for _, tc := range []struct {
		name string
		f    store.AuditTrailFilter
		want string
	}{
		{"the author", store.AuditTrailFilter{NIP: b.staf.NIP}, fmt.Sprintf(
			"ajukan:%s, ditolak_setujui:%s, kembalikan:%s, bahasa:%s, invite_created:%s",
			b.staf.Nama, b.outsider.Nama, b.pejabat.Nama, b.staf.Nama, b.adminA.Nama)},
		{"the official, acted for", store.AuditTrailFilter{NIP: b.kabid.NIP}, fmt.Sprintf(
			"delegasi_dibuat:%s, kembalikan:%s", b.adminA.Nama, b.pejabat.Nama)},
		{"the delegate", store.AuditTrailFilter{NIP: b.pejabat.NIP}, fmt.Sprintf(
			"delegasi_dibuat:%s, kembalikan:%s", b.adminA.Nama, b.pejabat.Nama)},
		{"the forger", store.AuditTrailFilter{NIP: b.outsider.NIP}, fmt.Sprintf(
			"ditolak_setujui:%s, ditolak_tolak:%s", b.outsider.Nama, b.outsider.Nama)},
		{"one report", store.AuditTrailFilter{AktivitasID: rep.ID}, fmt.Sprintf(
			"ajukan:%s, ditolak_setujui:%s, kembalikan:%s", b.staf.Nama, b.outsider.Nama, b.pejabat.Nama)},
		{"a person and a report", store.AuditTrailFilter{NIP: b.outsider.NIP, AktivitasID: rep.ID}, "ditolak_setujui:" + b.outsider.Nama},
		{"limit", store.AuditTrailFilter{NIP: b.staf.NIP, Limit: 2}, fmt.Sprintf(
			"bahasa:%s, invite_created:%s", b.staf.Nama, b.adminA.Nama)},
	} {
		if got := dgActions(trail(tc.f).Entries); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}

	all := trail(store.AuditTrailFilter{NIP: b.staf.NIP})
	if all.Person.ID != b.staf.ID || all.Person.Nama != b.staf.Nama || all.Truncated {
		t.Fatalf("person %+v truncated %v", all.Person, all.Truncated)
	}
	sub, ret := all.Entries[0], all.Entries[2]
	if sub.Subject.ID != b.staf.ID || sub.ReportDate != b.today || sub.Detail["to"] != "diajukan" || sub.OnBehalfOf != 0 {
		t.Fatalf("submission %+v", sub)
	}
	if ret.Actor.NIP != b.pejabat.NIP || ret.OnBehalf.ID != b.kabid.ID || ret.OnBehalf.Nama != b.kabid.Nama ||
		ret.Detail["reason"] != "Lampirkan daftar hadir" || ret.Detail["from"] != "diajukan" || ret.Detail["to"] != "dikembalikan" {
		t.Fatalf("decision on behalf %+v", ret)
	}
	if inv := all.Entries[4]; inv.Entity != "undangan" || inv.Subject.ID != b.staf.ID {
		t.Fatalf("invitation %+v", inv)
	}
	if tr := trail(store.AuditTrailFilter{NIP: b.staf.NIP, Limit: 2}); !tr.Truncated {
		t.Fatal("a limited trail says so")
	}
	del := trail(store.AuditTrailFilter{NIP: b.kabid.NIP}).Entries[0]
	if del.Delegation == nil || del.Delegation.ID != d.ID || del.Delegation.Ke.Nama != b.pejabat.Nama || del.Actor.ID != b.adminA.ID {
		t.Fatalf("delegation entry %+v", del)
	}
	forged := trail(store.AuditTrailFilter{NIP: b.outsider.NIP}).Entries[1]
	if forged.EntityID != rep.ID+1000 || !forged.ReportDate.IsZero() || forged.Subject.ID != 0 {
		t.Fatalf("a refused attempt on a report that does not exist: %+v", forged)
	}

	// Since: the entries at or after an instant.
	since := trail(store.AuditTrailFilter{NIP: b.staf.NIP, Since: ret.At})
	if len(since.Entries) != 3 || since.Entries[0].ID != ret.ID {
		t.Fatalf("since %s: %v", ret.At, dgActions(since.Entries))
	}

	for _, tc := range []struct {
		f    store.AuditTrailFilter
		code kinerja.Code
		msg  string
	}{
		{store.AuditTrailFilter{}, kinerja.CodeInvalid, "audit.filter_required"},
		{store.AuditTrailFilter{NIP: "12345"}, kinerja.CodeInvalid, "audit.nip_invalid"},
		{store.AuditTrailFilter{NIP: "199912312024121999"}, kinerja.CodeNotFound, "audit.nip_unknown"},
	} {
		_, err := b.db.AuditTrailOf(ctx, tc.f)
		dgWantErrNamed(t, fmt.Sprintf("%+v", tc.f), err, tc.code, tc.msg)
	}
}
