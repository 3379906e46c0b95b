package kinerja

import "time"

// ReminderColek is a supervisor's own nudge to one person (the "Ingatkan"
// button of an escalation). It is not a setting: nobody can turn it off,
// and it is sent at most once a day per person.
const ReminderColek ReminderKind = "colek"

// ReminderPlanJob plans the reminders that are due (a periodic job, every
// minute): it inserts one Reminder row and one ReminderJob per recipient.
type ReminderPlanJob struct{}

// Kind names the job for the queue.
func (ReminderPlanJob) Kind() string { return "pengingat_rencana" }

// ReminderJob pushes one planned reminder. Its arguments are the reminder's
// key (recipient, kind, date, subject, round), so River refuses a second job
// for the same key while the first is pending; the row of the pengingat
// table keeps that guarantee after the job is gone.
type ReminderJob struct {
	PengingatID int64        `json:"pengingat_id"`
	PegawaiID   int64        `json:"pegawai_id"`
	Jenis       ReminderKind `json:"jenis"`
	Tanggal     Date         `json:"tanggal"`
	SubjekID    int64        `json:"subjek_id,omitempty"`
	Ke          int          `json:"ke,omitempty"`
}

// Kind names the job for the queue.
func (ReminderJob) Kind() string { return "pengingat" }

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
	ChatID      int64
	MessageID   int64
	TundaSampai time.Time // snoozed until (zero: not snoozed)
}

// Job is the push job of r.
func (r Reminder) Job() ReminderJob {
	return ReminderJob{PengingatID: r.ID, PegawaiID: r.PegawaiID, Jenis: r.Jenis, Tanggal: r.Tanggal, SubjekID: r.SubjekID, Ke: r.Ke}
}

// DailyCandidate is someone whose daily nudge may be due now: active,
// linked, reachable, the nudge not turned off, no report and no nudge yet
// today, and their hour (in their zone) has come. Leave lists the leave
// covering today.
type DailyCandidate struct {
	PegawaiID int64
	Zona      string
	At        time.Duration // 0: the deployment's default
	Leave     []LeaveSpan
}

// StaffActivity is what escalation needs about one person: the last day
// they reported before today (or, when they never did, the day before
// their Telegram account was linked), their leave since, and who assesses them
// today (the atasan and whoever holds a delegation from the atasan).
type StaffActivity struct {
	PegawaiID int64
	Last      Date
	Leave     []LeaveSpan
	Assessors []int64
}

// ReminderContext is what the push of a reminder checks first.
type ReminderContext struct {
	Reminder      Reminder
	Who           *Pegawai // the recipient; nil when gone
	Prefs         ReminderPrefs
	Leave         []LeaveSpan
	ReportedToday bool
}
