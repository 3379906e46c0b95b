package kinerja

import "time"

// ReminderColek is a supervisor's own nudge to one person (the "Ingatkan"
// button of an escalation). It is not a setting: nobody can turn it off,
// and it is sent at most once a day per person.
const ReminderColek ReminderKind = "colek"

// ReminderDaftar is a supervisor's daily list of the reports waiting for
// them, at the hour they chose in /pengaturan instead of a card per report
// (ReminderPrefs.Daftar). It is not a kind one turns on or off: it is sent
// while that choice holds, at most once a day, and not when nothing waits.
const ReminderDaftar ReminderKind = "daftar"

// ReminderPlan is one reminder to plan: its key.
type ReminderPlan struct {
	PegawaiID int64 // the recipient
	Jenis     ReminderKind
	Tanggal   Date // the business date it is for (an escalation's streak: its first missed day)
	// SubjekID is whom it is about (colek; an escalation's streak), 0
	// otherwise: the day's escalation message, which tells every streak of
	// the recipient still untold, has 0.
	SubjekID int64
	Ke       int // 0, then one more for every "Tunda 1 jam"
}

// Reminder statuses.
const (
	ReminderPlanned = "dijadwalkan"
	ReminderSent    = "terkirim"
	ReminderSkipped = "dilewati"
)

// Reminder is one planned reminder and what became of it.
type Reminder struct {
	ID int64
	ReminderPlan
	Status      string
	Alasan      string
	TundaSampai time.Time // snoozed until (zero: not snoozed)
}
