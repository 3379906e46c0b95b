package msg

import "kinerjabot/kinerja"

// The afternoon nudge and "Saya cuti / dinas luar hari ini" (issue 15) are
// said by two packages: the reminder job (package notify) sends the nudge
// and the assessor's request, and the buttons (package conversations) turn
// the nudge into the choice, the choice back into the nudge, and the
// request into its outcome. Both build them here, so the two never drift.

// nudgeButtons label the daily nudge's buttons by their argument.
var nudgeButtons = map[string]string{
	ArgReminderLapor:   "pengingat.btn_lapor",
	ArgReminderCuti:    "pengingat.btn_cuti",
	ArgReminderTunda:   "pengingat.btn_tunda",
	ArgReminderMatikan: "pengingat.btn_matikan",
}

// DailyNudge is the afternoon nudge (reminder id) to name about day d: its
// text and its buttons, one per row; declare offers "Saya cuti / dinas luar
// hari ini" (to people with an atasan to confirm it).
func DailyNudge(id int64, name string, d kinerja.Date, declare bool) (Text, [][]Button) {
	var rows [][]Button
	for _, arg := range []string{ArgReminderLapor, ArgReminderCuti, ArgReminderTunda, ArgReminderMatikan} {
		if arg == ArgReminderCuti && !declare {
			continue
		}
		rows = append(rows, []Button{{Label: T(nudgeButtons[arg]), Data: Callback{Op: OpReminder, ID: id, Arg: arg}}})
	}
	return T("pengingat.harian", "Name", name, "Date", Date(d)), rows
}

// declareLabels are the choice's buttons.
var declareLabels = map[byte]string{
	DeclareCuti: "pernyataan.btn_cuti", DeclareSakit: "pernyataan.btn_sakit", DeclareDinasLuar: "pernyataan.btn_dinas_luar",
}

// DeclareChoice asks which of cuti, sakit and dinas luar day d is, with
// Batal: on the nudge reminderID (0 when opened from /lapor).
func DeclareChoice(reminderID int64, d kinerja.Date) Reply {
	button := func(letter byte, label Text) Button {
		return Button{Label: label, Data: Callback{Op: OpDeclare, ID: reminderID, Arg: DeclareArg(letter, d)}}
	}
	var kinds []Button
	for _, letter := range []byte{DeclareCuti, DeclareSakit, DeclareDinasLuar} {
		kinds = append(kinds, button(letter, T(declareLabels[letter])))
	}
	return Reply{Text: T("pernyataan.pilih", "Date", Date(d)),
		Buttons: [][]Button{kinds, {button(DeclareBatal, T("button.cancel"))}}}
}

// leaveIDs name the kinds of a declared day.
var leaveIDs = map[string]string{
	kinerja.LeaveCuti: "leave.cuti", kinerja.LeaveSakit: "leave.sakit", kinerja.LeaveDinasLuar: "leave.dinas_luar",
}

// LeaveKind names a kind of leave (cuti, sakit, dinas luar) in the reader's
// language.
func LeaveKind(kind string) Text {
	if id, ok := leaveIDs[kind]; ok {
		return T(id)
	}
	return Plain(kind)
}

// DeclarationEffect says what confirming a declared day does.
func DeclarationEffect(v kinerja.DayDeclaration) Text {
	if v.ReducesTarget() {
		return T("pernyataan.efek_cuti")
	}
	return T("pernyataan.efek_dinas_luar")
}

// DeclarationCard is the assessor's request about a declared day: who,
// which kind, which day, what confirming it does, and its state; while it
// waits (and buttons), Konfirmasi and Tolak.
func DeclarationCard(v kinerja.DayDeclaration, buttons bool) Reply {
	state := T("pernyataan.kartu_menunggu")
	by := DecidedBy(v.DecidedByNama, v.OnBehalfOfNama, false)
	switch v.Status {
	case kinerja.DeclarationDisetujui:
		state = T("pernyataan.kartu_disetujui", "By", by, "At", v.DecidedAt)
	case kinerja.DeclarationDitolak:
		state = T("pernyataan.kartu_ditolak", "By", by, "At", v.DecidedAt)
	}
	r := Reply{Text: T("pernyataan.kartu", "Name", v.Nama, "NIP", v.NIP, "Kind", LeaveKind(v.Jenis), "Date", Date(v.Tanggal),
		"Effect", DeclarationEffect(v), "State", state)}
	if buttons && v.Status == kinerja.DeclarationDiajukan {
		r.Buttons = [][]Button{{
			{Label: T("pernyataan.btn_konfirmasi"), Data: Callback{Op: OpDeclaration, ID: v.ID, Arg: ArgDeclarationConfirm}},
			{Label: T("pernyataan.btn_tolak"), Data: Callback{Op: OpDeclaration, ID: v.ID, Arg: ArgDeclarationRefuse}},
		}}
	}
	return r
}

// DeclarationAnswer tells the declarer what their assessor decided; a
// refusal comes with a button to report the day.
func DeclarationAnswer(v kinerja.DayDeclaration) Reply {
	by := DecidedBy(v.DecidedByNama, v.OnBehalfOfNama, false)
	args := []any{"By", by, "Kind", LeaveKind(v.Jenis), "Date", Date(v.Tanggal)}
	switch {
	case v.Status == kinerja.DeclarationDitolak:
		return Reply{Text: T("pernyataan.jawab_ditolak", args...), Buttons: [][]Button{{{Label: T("pengingat.btn_lapor"),
			Data: Callback{Op: OpReportAgain, Arg: "d" + v.Tanggal.String()}}}}}
	case v.ReducesTarget():
		return Reply{Text: T("pernyataan.jawab_disetujui", args...)}
	}
	return Reply{Text: T("pernyataan.jawab_disetujui_dinas_luar", args...)}
}
