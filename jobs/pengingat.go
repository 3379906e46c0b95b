package jobs

import (
	"time"

	"kinerjabot/kinerja"
)

// ReminderPlanJob plans the reminders that are due (a periodic job, every
// minute): it inserts one reminder row and one ReminderJob per recipient.
type ReminderPlanJob struct{}

// Kind names the job for the queue.
func (ReminderPlanJob) Kind() string { return "pengingat_rencana" }

// ReminderJob pushes one planned reminder. Its arguments are the reminder's
// key (recipient, kind, date, subject, round), so River refuses a second job
// for the same key while the first is pending; the row of the pengingat
// table keeps that guarantee after the job is gone.
type ReminderJob struct {
	PengingatID int64                `json:"pengingat_id"`
	PegawaiID   int64                `json:"pegawai_id"`
	Jenis       kinerja.ReminderKind `json:"jenis"`
	Tanggal     kinerja.Date         `json:"tanggal"`
	SubjekID    int64                `json:"subjek_id,omitempty"`
	Ke          int                  `json:"ke,omitempty"`
}

// Kind names the job for the queue.
func (ReminderJob) Kind() string { return "pengingat" }

// ReminderJobOf is the push job of r.
func ReminderJobOf(r kinerja.Reminder) ReminderJob {
	return ReminderJob{PengingatID: r.ID, PegawaiID: r.PegawaiID, Jenis: r.Jenis, Tanggal: r.Tanggal, SubjekID: r.SubjekID, Ke: r.Ke}
}

// DailyCandidate is someone whose daily nudge may be due now: active,
// linked, reachable, the nudge not turned off, no report and no nudge yet
// today, and their hour (in their zone) has come. Leave lists the leave
// covering today. A supervisor's daily list of approvals has candidates
// of the same shape, At being the list's hour.
type DailyCandidate struct {
	PegawaiID int64
	NIP       string
	Zona      string
	At        time.Duration // 0: the deployment's default
	Leave     []kinerja.LeaveSpan
}

// PendingReport is a report waiting for a decision, with its author: what
// a list of the reports waiting for an assessor (/persetujuan, the daily
// list) is made of.
type PendingReport struct {
	kinerja.Aktivitas
	AuthorNama string
	AuthorNIP  string
	RHKKode    string // "" unless the report is for an RHK
	RHKTeks    string
}

// StaffActivity is what escalation needs about one person: the last day
// they reported before today (or, when they never did, the day before
// their Telegram account was linked), their leave and declared days since,
// and who assesses them today (the atasan and whoever holds a delegation
// from the atasan).
type StaffActivity struct {
	PegawaiID int64
	Last      kinerja.Date
	// Leave holds their leave, and each day they declared away (cuti,
	// sakit or dinas luar, waiting for their atasan or confirmed) as a span
	// of kind kinerja.LeaveDeclared: none of those days is missed.
	Leave     []kinerja.LeaveSpan
	Assessors []int64
}

// ReminderContext is what the push of a reminder checks first.
type ReminderContext struct {
	Reminder      kinerja.Reminder
	Who           *kinerja.Pegawai // the recipient; nil when gone
	Prefs         kinerja.ReminderPrefs
	Leave         []kinerja.LeaveSpan
	ReportedToday bool
	// DeclaredToday: the recipient declared today away (waiting for their
	// atasan or confirmed): they acted, nothing more is sent to them today.
	DeclaredToday bool
	// SnoozedUntil is when the snooze that brought this round ran out (the
	// round before's "Tunda 1 jam"); zero for a first round.
	SnoozedUntil time.Time
}
