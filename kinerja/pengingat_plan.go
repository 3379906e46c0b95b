package kinerja

import "time"

// ReminderColek is a supervisor's own nudge to one person (the "Ingatkan"
// button of an escalation). It is not a setting: nobody can turn it off,
// and it is sent at most once a day per person.
const ReminderColek ReminderKind = "colek"

// ReminderPlan is one reminder to plan: its key.
type ReminderPlan struct {
	PegawaiID int64 // the recipient
	Jenis     ReminderKind
	Tanggal   Date  // the business date it is for (an escalation: the first missed day)
	SubjekID  int64 // whom it is about (escalation, colek), 0 otherwise
	Ke        int   // 0, then one more for every "Tunda 1 jam"
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
