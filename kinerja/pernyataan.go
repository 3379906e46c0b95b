package kinerja

import "time"

// A day declared away (issue 15): a person says, from the afternoon nudge or
// from /lapor, that today they are on cuti, sakit or dinas luar, and their
// assessor (the atasan, or today's Plt/Plh) confirms or refuses it.
//
//   - Declared (diajukan): the person has acted for the day, so no more
//     reminders come that day and it is not counted as missed (no
//     escalation for it); the minutes target is unchanged.
//   - Confirmed (disetujui): as declared, and a confirmed cuti or sakit is
//     leave for the target like imported leave (counted once when both
//     cover the day); dinas luar stays a working day for the target
//     (DOMAIN.md decision 3: work, not leave).
//   - Refused (ditolak): the declaration counts for nothing; imported leave
//     of the day, and reminders already sent or skipped, stay as they are.

// DeclarationStatus is the state of a declaration.
type DeclarationStatus string

const (
	DeclarationDiajukan  DeclarationStatus = "diajukan"  // waiting for the assessor
	DeclarationDisetujui DeclarationStatus = "disetujui" // confirmed
	DeclarationDitolak   DeclarationStatus = "ditolak"   // refused
)

// Live reports whether a declaration in status s keeps the person's day
// away from reminders (waiting or confirmed).
func (s DeclarationStatus) Live() bool { return s == DeclarationDiajukan || s == DeclarationDisetujui }

// DeclarationKinds are the kinds a person may declare, in the order the
// choice shows them.
var DeclarationKinds = []string{LeaveCuti, LeaveSakit, LeaveDinasLuar}

// ValidDeclarationKind reports whether kind may be declared.
func ValidDeclarationKind(kind string) bool {
	return kind == LeaveCuti || kind == LeaveSakit || kind == LeaveDinasLuar
}

// LeaveDeclared is the kind of the leave spans the reminder rules add for
// days a person declared away: off for reminders and escalations, never
// for the minutes target (which reads confirmed leave only).
const LeaveDeclared = "dinyatakan"

// DayDeclaration is one declaration with the names it is shown with.
type DayDeclaration struct {
	ID          int64
	PegawaiID   int64
	Nama, NIP   string // the declarer
	Tanggal     Date
	Jenis       string // LeaveCuti, LeaveSakit or LeaveDinasLuar
	Status      DeclarationStatus
	PengingatID int64 // the nudge it was declared from, 0 when from /lapor
	// PenerimaID is who was asked to confirm (0: nobody could be reached);
	// PenerimaNama names them, or the atasan when nobody could be.
	PenerimaID   int64
	PenerimaNama string
	// The decision: who, on whose behalf (a Plt/Plh for the atasan), when.
	DecidedBy      int64
	DecidedByNama  string
	OnBehalfOf     int64
	OnBehalfOfNama string
	DecidedAt      time.Time
	CreatedAt      time.Time
}

// ReducesTarget reports whether the declaration, once confirmed, takes the
// day off the person's minutes target.
func (d DayDeclaration) ReducesTarget() bool {
	return LeaveSpan{Mulai: d.Tanggal, Selesai: d.Tanggal, Jenis: d.Jenis}.IsLeave()
}
