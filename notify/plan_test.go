package notify

import (
	"fmt"
	"strings"
	"testing"

	"kinerjabot/bot"
	"kinerjabot/conversations"
	"kinerjabot/kinerja"
)

func TestPlan(t *testing.T) {
	atasan := kinerja.Pegawai{ID: 1, ChatID: 101}
	plh := kinerja.Pegawai{ID: 2, ChatID: 102, Bahasa: "en"}
	unlinked := kinerja.Pegawai{ID: 3}
	blocked := kinerja.Pegawai{ID: 4, ChatID: 104, Unreachable: true}
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
	if len(steps) != 1 || steps[0].send || steps[0].card != c || lang(steps[0].to) != "en" {
		t.Fatalf("steps = %+v", steps)
	}
}

func TestCallbackDataIsTheBotCodecs(t *testing.T) {
	for _, arg := range []string{"s1", "k12", "t3", "b7", "e"} {
		got, err := callbackData(bot.EncodeCallback, opApproval, 123456789, arg)
		want, err2 := bot.EncodeCallback(conversations.Callback{Op: "ap", ID: 123456789, Arg: arg})
		if err != nil || err2 != nil || got != want {
			t.Fatalf("%s: %q (%v), want %q (%v)", arg, got, err, want, err2)
		}
	}
	b, err := button("Setujui", opApproval, 1<<62, "s2147483647")
	if err != nil || len(b.CallbackData) > bot.MaxCallbackData {
		t.Fatalf("largest button: %+v, %v", b, err)
	}
}

func TestFitKeepsTelegramsLimit(t *testing.T) {
	frame := func(desc string) string { return "Kepala\n" + desc + "\nEkor: tetap utuh" }
	short := "Rapat koordinasi"
	if got := fit(short, frame); got != frame(short) {
		t.Fatalf("a short text changed: %q", got)
	}
	for _, desc := range []string{
		strings.Repeat("a", 5000),
		strings.Repeat("😀", 3000), // two UTF-16 units each
		strings.Repeat("é", 4200),
	} {
		got := fit(desc, frame)
		if n := textLen(got); n > maxText {
			t.Fatalf("%d UTF-16 units, over %d", n, maxText)
		}
		if !strings.HasSuffix(got, "…\nEkor: tetap utuh") || !strings.HasPrefix(got, "Kepala\n") {
			t.Fatalf("the description, not the frame, is cut: %q…%q", got[:20], got[len(got)-30:])
		}
	}
	// A frame that alone is too long is cut as a last resort.
	huge := strings.Repeat("x", 5000)
	if got := fit("", func(string) string { return huge }); textLen(got) != maxText || !strings.HasSuffix(got, "…") {
		t.Fatalf("last-resort cut: %d units", textLen(got))
	}
}

func TestShorten(t *testing.T) {
	if got := shorten("  Rapat\n koordinasi   SPBE ", 80); got != "Rapat koordinasi SPBE" {
		t.Fatalf("got %q", got)
	}
	if got := shorten("abcdefghij", 5); got != "abcd…" {
		t.Fatalf("got %q", got)
	}
}
