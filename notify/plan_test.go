package notify

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
)

func TestPlan(t *testing.T) {
	atasan := kinerja.Pegawai{ID: 1, ChatID: 101}
	plh := kinerja.Pegawai{ID: 2, ChatID: 102, Bahasa: "en"}
	unlinked := kinerja.Pegawai{ID: 3}
	blocked := kinerja.Pegawai{ID: 4, ChatID: 104, Unreachable: true}
	listing := kinerja.Pegawai{ID: 1, ChatID: 101, DaftarJam: 15 * time.Hour} // the atasan, with a daily list
	card := func(p kinerja.Pegawai, version int, s kinerja.Status) Card {
		return Card{AktivitasID: 9, PenerimaID: p.ID, ChatID: p.ChatID, MessageID: 50 + int(p.ID), Version: version, Status: s}
	}
	report := func(version int, s kinerja.Status) ReportView {
		return ReportView{Aktivitas: kinerja.Aktivitas{ID: 9, Version: version, Status: s}}
	}
	// describe renders a plan as "send 1, edit 2" for the table.
	describe := func(steps []step) string {
		var out []string
		for _, s := range steps {
			verb := "edit"
			if s.send {
				verb = "send"
			}
			out = append(out, fmt.Sprintf("%s %d", verb, s.to.ID))
		}
		return strings.Join(out, ", ")
	}
	for _, c := range []struct {
		name string
		set  CardSet
		want string
	}{
		{"new report: every reachable assessor", CardSet{Report: report(1, kinerja.StatusDiajukan),
			Assessors: []kinerja.Pegawai{atasan, plh, unlinked, blocked}}, "send 1, send 2"},
		{"all copies current: nothing", CardSet{Report: report(1, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{atasan, plh},
			Cards: []Card{card(atasan, 1, kinerja.StatusDiajukan), card(plh, 1, kinerja.StatusDiajukan)}}, ""},
		{"a retry sends only what is missing", CardSet{Report: report(1, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{atasan, plh},
			Cards: []Card{card(atasan, 1, kinerja.StatusDiajukan)}}, "send 2"},
		{"edited: every copy, also a former delegate's", CardSet{Report: report(2, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{atasan},
			Cards: []Card{card(atasan, 1, kinerja.StatusDiajukan), card(plh, 1, kinerja.StatusDiajukan)}}, "edit 1, edit 2"},
		{"decided: copies edited, nobody new", CardSet{Report: report(2, kinerja.StatusDisetujui), Assessors: []kinerja.Pegawai{atasan, plh},
			Cards: []Card{card(atasan, 1, kinerja.StatusDiajukan)}}, "edit 1"},
		{"withdrawn before any card: nothing", CardSet{Report: report(2, kinerja.StatusDitarik), Assessors: []kinerja.Pegawai{atasan}}, ""},
		{"resubmitted after a return: new cards", CardSet{Report: report(3, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{atasan, plh},
			Cards: []Card{card(atasan, 2, kinerja.StatusDikembalikan), card(plh, 2, kinerja.StatusDikembalikan)}}, "send 1, send 2"},
		{"resubmitted, recipient no longer an assessor: edited", CardSet{Report: report(3, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{atasan},
			Cards: []Card{card(plh, 2, kinerja.StatusDikembalikan)}}, "edit 2, send 1"},
		// A daily list instead of a card per report (issue 15): no new card
		// for the one who chose it; their copies still follow the report.
		{"new report, the atasan chose a daily list: the Plh only", CardSet{Report: report(1, kinerja.StatusDiajukan),
			Assessors: []kinerja.Pegawai{listing, plh}}, "send 2"},
		{"edited, a copy from before the list: edited", CardSet{Report: report(2, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{listing},
			Cards: []Card{card(listing, 1, kinerja.StatusDiajukan)}}, "edit 1"},
		{"resubmitted, a copy from before the list: edited, not sent", CardSet{Report: report(3, kinerja.StatusDiajukan), Assessors: []kinerja.Pegawai{listing, plh},
			Cards: []Card{card(listing, 2, kinerja.StatusDikembalikan), card(plh, 2, kinerja.StatusDikembalikan)}}, "edit 1, send 2"},
		{"decided, a copy from before the list: edited", CardSet{Report: report(2, kinerja.StatusDisetujui), Assessors: []kinerja.Pegawai{listing},
			Cards: []Card{card(listing, 1, kinerja.StatusDiajukan)}}, "edit 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := describe(plan(c.set)); got != c.want {
				t.Fatalf("plan = %q, want %q", got, c.want)
			}
		})
	}
}

func TestPlanEditsTheRecordedMessage(t *testing.T) {
	c := Card{AktivitasID: 9, PenerimaID: 2, ChatID: 102, MessageID: 77, Version: 1, Status: kinerja.StatusDiajukan, Bahasa: "en"}
	steps := plan(CardSet{Report: ReportView{Aktivitas: kinerja.Aktivitas{ID: 9, Version: 2, Status: kinerja.StatusDitarik}}, Cards: []Card{c}})
	if len(steps) != 1 || steps[0].send || steps[0].card != c || steps[0].to.Bahasa != "en" {
		t.Fatalf("steps = %+v", steps)
	}
}
