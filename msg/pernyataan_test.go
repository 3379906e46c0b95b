package msg

import (
	"testing"

	"kinerjabot/kinerja"
)

// A choice's Arg carries its letter and its day, and reads back; anything
// else is refused.
func TestDeclareArgReadsBack(t *testing.T) {
	d := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	for _, letter := range []byte{DeclareCuti, DeclareSakit, DeclareDinasLuar, DeclareBatal} {
		arg := DeclareArg(letter, d)
		got, day, ok := ParseDeclareArg(arg)
		if !ok || got != letter || day != d || len(arg) != 9 {
			t.Errorf("%q: %c %v %v", arg, got, day, ok)
		}
	}
	for _, arg := range []string{"", "c", "c2026122", "c202612280", "z20261228", "c20261328", "c20260230", "c2026x228", "c20261200"} {
		if _, _, ok := ParseDeclareArg(arg); ok {
			t.Errorf("%q accepted", arg)
		}
	}
}

// The nudge offers the declaration only to people with an atasan; the
// request has its buttons only while it waits; a refusal's answer offers
// to report the day.
func TestDeclarationMessages(t *testing.T) {
	d := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	_, with := DailyNudge(7, "Sari", d, true)
	_, without := DailyNudge(7, "Sari", d, false)
	if len(with) != 4 || len(without) != 3 || with[1][0].Data != (Callback{Op: OpReminder, ID: 7, Arg: ArgReminderCuti}) {
		t.Fatalf("nudge buttons %v / %v", with, without)
	}
	c := DeclareChoice(7, d)
	if len(c.Buttons) != 2 || len(c.Buttons[0]) != 3 || c.Buttons[1][0].Data.Arg != "x20261228" || c.Buttons[0][2].Data.ID != 7 {
		t.Fatalf("choice %+v", c.Buttons)
	}
	v := kinerja.DayDeclaration{ID: 9, Tanggal: d, Jenis: kinerja.LeaveDinasLuar, Status: kinerja.DeclarationDiajukan}
	if r := DeclarationCard(v, true); len(r.Buttons) != 1 || r.Buttons[0][0].Data != (Callback{Op: OpDeclaration, ID: 9, Arg: ArgDeclarationConfirm}) {
		t.Fatalf("request buttons %+v", r.Buttons)
	}
	if DeclarationEffect(v).ID != "pernyataan.efek_dinas_luar" {
		t.Fatal("dinas luar lowers the target")
	}
	v.Status = kinerja.DeclarationDisetujui
	if r := DeclarationCard(v, true); r.Buttons != nil || DeclarationAnswer(v).Text.ID != "pernyataan.jawab_disetujui_dinas_luar" {
		t.Fatalf("a decided request: %+v", r)
	}
	v.Status, v.Jenis = kinerja.DeclarationDitolak, kinerja.LeaveSakit
	if r := DeclarationAnswer(v); r.Text.ID != "pernyataan.jawab_ditolak" || r.Buttons[0][0].Data.Op != OpReportAgain {
		t.Fatalf("refusal answer %+v", r)
	}
}
