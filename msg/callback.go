package msg

import (
	"strconv"
	"time"

	"kinerjabot/kinerja"
)

// Callback is what an inline button carries: an operation code, a record id
// when the button is about one, a short argument and, for the buttons of a
// conversation step, the session nonce. The bot owns its wire format
// (callback_data, at most 64 bytes: ids only, never text) and the handler
// of the operation checks everything it claims on the server.
type Callback struct {
	Op    string // one of the Op codes below
	ID    int64  // a record id when the button is about one
	Arg   string // a short choice
	Nonce uint32 // the session nonce of step buttons, 0 otherwise
}

// The operation codes of every button the bot sends, and what their ID and
// Arg mean. Package conversations handles them all.
const (
	// OpStep answers the current step of a conversation (Arg: the choice).
	OpStep = "st"
	// OpLanguage is the welcome's one-time language offer (Arg: id, en).
	OpLanguage = "lg"
	// OpHistory is /riwayat's (ID: a report; Arg: ArgHistory… or a month
	// page "m<yyyymm>.<page>").
	OpHistory = "rw"
	// OpApproval is an approval card's (ID: the report; Arg: one of the
	// Approval… letters followed by the report version the card shows, and
	// for a quick reason its place and check: ApprovalReasonArg).
	OpApproval = "ap"
	// OpQueue is /persetujuan's queue (Arg: a page, or a rendering's person
	// or "Setujui semua"; with ID, a report of a person's list, its Arg as
	// OpApproval's).
	OpQueue = "pq"
	// OpScore is /nilai's (ID: the person shown, 0 oneself; Arg: a view
	// letter and a month code).
	OpScore = "nl"
	// OpRating rates one person of the team (ID: the person; Arg: the
	// period's month code).
	OpRating = "pn"
	// OpRatingList opens the rating list of a period (Arg: its month code):
	// the button of the "period ended" request.
	OpRatingList = "pl"
	// OpReminder is a reminder's (ID: the reminder; Arg: ArgReminder…, the
	// daily list's with what they carry).
	OpReminder = "pg"
	// OpReportAgain starts another report right after one was filed
	// (Arg: "d" and the filed report's date).
	OpReportAgain = "lg2"
	// OpRekap takes a month's recap (ID: the OPD, 0 the city; Arg: the
	// month code).
	OpRekap = "rk"
	// OpDeclare is the choice "Saya cuti / dinas luar hari ini" (ID: the
	// nudge it replaced, 0 when opened from /lapor; Arg: DeclareArg).
	OpDeclare = "nh"
	// OpDeclaration is the assessor's answer to a declared day (ID: the
	// declaration; Arg: ArgDeclarationConfirm or ArgDeclarationRefuse).
	OpDeclaration = "ph"
)

// The letters of the declaration choice's buttons (DeclareArg).
const (
	DeclareCuti      = 'c'
	DeclareSakit     = 's'
	DeclareDinasLuar = 'd'
	DeclareBatal     = 'x' // leave the choice: the nudge (or /lapor) as it was
)

// DeclareKinds maps the choice's letters to the kinds declared.
var DeclareKinds = map[byte]string{
	DeclareCuti: kinerja.LeaveCuti, DeclareSakit: kinerja.LeaveSakit, DeclareDinasLuar: kinerja.LeaveDinasLuar,
}

// DeclareArg is the Arg of a choice button: its letter and the day the
// choice is about ("c20261228"), so a choice left over from another day
// declares nothing.
func DeclareArg(letter byte, d kinerja.Date) string {
	return string(letter) + strconv.Itoa(d.Year*10000+int(d.Month)*100+d.Day)
}

// ParseDeclareArg reads a DeclareArg back.
func ParseDeclareArg(arg string) (letter byte, d kinerja.Date, ok bool) {
	if len(arg) != 9 {
		return 0, d, false
	}
	n, err := strconv.Atoi(arg[1:])
	if err != nil {
		return 0, d, false
	}
	d = kinerja.Date{Year: n / 10000, Month: time.Month(n / 100 % 100), Day: n % 100}
	if _, known := DeclareKinds[arg[0]]; (!known && arg[0] != DeclareBatal) || d.Month < 1 || d.Month > 12 || d.Day < 1 ||
		d.Day > d.MonthEnd().Day {
		return 0, kinerja.Date{}, false
	}
	return arg[0], d, true
}

// The Args of the assessor's buttons on a declared day.
const (
	ArgDeclarationConfirm = "y"
	ArgDeclarationRefuse  = "n"
)

// The letters of an approval card's buttons.
const (
	ApprovalSetujui    = 's'
	ApprovalKembalikan = 'k'
	ApprovalTolak      = 't'
	ApprovalBukti      = 'b' // show the evidence
	ApprovalRincian    = 'd' // show the card's details (the NIP, the day's total)
	ApprovalRingkas    = 'c' // back to the short card
	ApprovalBatal      = 'x' // leave the reason prompt: the card (or list) as it was
)

// ApprovalArg is the Arg of an approval card's button: the action and the
// version of the report the card shows.
func ApprovalArg(action byte, version int) string {
	return string(action) + strconv.Itoa(version)
}

// The Args of /riwayat's buttons about one report.
const (
	ArgHistoryView     = "v"  // its detail
	ArgHistoryEdit     = "e"  // change it (or fix and resubmit a returned one)
	ArgHistoryWithdraw = "t"  // ask to withdraw it
	ArgHistoryConfirm  = "ty" // withdraw it, followed by the version seen
)

// The Args of a reminder's buttons.
const (
	ArgReminderLapor       = "l" // start /lapor
	ArgReminderTunda       = "t" // come again after the snooze
	ArgReminderMatikan     = "m" // turn this kind of reminder off
	ArgReminderPersetujuan = "p" // open /persetujuan
	ArgReminderColek       = "c" // an escalation: nudge the person
	// The daily list of approvals: a person's day, and "Setujui semua"
	// (followed by what they carry: ListPersonArg, ListAllArg).
	ArgReminderDaftarOrang = "o"
	ArgReminderDaftarSemua = "a"
	ArgReminderCuti        = "h" // the daily nudge: "Saya cuti / dinas luar hari ini"
)

// MonthCode names a month in a button: "202612".
func MonthCode(d kinerja.Date) string { return strconv.Itoa(d.Year*100 + int(d.Month)) }

// ParseMonthCode reads a MonthCode back as the month's first day.
func ParseMonthCode(s string) (kinerja.Date, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 6 || n%100 < 1 || n%100 > 12 {
		return kinerja.Date{}, false
	}
	return kinerja.Date{Year: n / 100, Month: time.Month(n % 100), Day: 1}, true
}
