package conversations

import (
	"context"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Deps are the records and rules the flows use, declared here as small
// interfaces and implemented by the store (wired in cmd). A nil interface is
// allowed in tests of flows that do not use it.
type Deps struct {
	Accounts   Accounts
	Onboarding Onboarding
	Reports    Reports
	Decisions  Decisions
	Admin      Admin
	Scores     Scores
	Ratings    Ratings
	Rules      kinerja.Rules
	Score      kinerja.ScoreConfig
	// RatingQuarterly: periods are rated per quarter (triwulan), not month.
	RatingQuarterly bool
	Location        *time.Location // the deployment's zone: every business date is in it
	Settings        Settings       // /pengaturan
	// ReminderDefault is the daily nudge's hour for people who chose none
	// (15:30 when zero).
	ReminderDefault time.Duration
	// Reminders: the buttons on a reminder; ReminderSnooze is how long
	// "Tunda 1 jam" waits (an hour when zero).
	Reminders      Reminders
	ReminderSnooze time.Duration
	// Declarations: "Saya cuti / dinas luar hari ini" and the assessor's
	// answer to it.
	Declarations Declarations
	Rekap        Rekap // /rekap; nil: not offered
	// DeadlineDay is the validation deadline (VALIDATION_DEADLINE_DAY, 5
	// when zero): a period is rated only after it.
	DeadlineDay int
	// QuickReasons are the reasons offered as buttons when a report is
	// returned or rejected (APPROVAL_REASONS; DefaultQuickReasons when nil,
	// none when empty). A typed reason is always possible.
	QuickReasons []string
	// MiniAppURL is the Mini App's public https address (MINIAPP_URL):
	// /lapor offers it beside the chat's steps. "": not offered.
	MiniAppURL string
}

// DefaultQuickReasons are the quick reasons of a deployment that names none.
var DefaultQuickReasons = []string{
	"Bukti belum dilampirkan",
	"Volume/durasi tidak sesuai",
	"Uraian kurang jelas",
	"Bukan bagian RHK ini",
}

// Accounts is what conversations need to know and change about people.
type Accounts interface {
	// SetLanguage stores the user's chosen language (on the pegawai when
	// linked, else on the Telegram account).
	SetLanguage(ctx context.Context, u *User, lang string) error
	// MarkLanguageOffered remembers that the English offer was shown.
	MarkLanguageOffered(ctx context.Context, u *User) error
}

// Onboarding links Telegram accounts to people on the roster.
type Onboarding interface {
	RedeemInvite(ctx context.Context, payload string, telegramID, chatID int64) (*kinerja.Pegawai, error)
	LinkByPhone(ctx context.Context, phone string, telegramID, chatID int64) (*kinerja.Pegawai, error)
	// Profile returns the names of a person's unit and supervisor.
	Profile(ctx context.Context, pegawaiID int64) (unit, atasan string, err error)
}

// Reports is what the report flows read and change.
type Reports interface {
	ActiveRHK(ctx context.Context, pegawaiID int64, tahun int) ([]kinerja.RHK, error)
	// DayOff names a holiday on d, or the person's leave kind on d ("" each when none).
	DayOff(ctx context.Context, pegawaiID int64, d kinerja.Date) (holiday, leave string, err error)
	// DayMinutes sums the minutes already reported for d, leaving out report excludeID.
	DayMinutes(ctx context.Context, pegawaiID int64, d kinerja.Date, excludeID int64) (int, error)
	SubmitAktivitas(ctx context.Context, a kinerja.Aktivitas, actorID int64) (kinerja.Aktivitas, error)
	// EditAktivitas replaces the content of the author's report seen at version.
	EditAktivitas(ctx context.Context, id int64, version int, a kinerja.Aktivitas, actorID int64) (kinerja.Aktivitas, error)
	// WithdrawAktivitas withdraws the author's report seen at version.
	WithdrawAktivitas(ctx context.Context, id int64, version int, actorID int64) (kinerja.Aktivitas, error)
	AktivitasByID(ctx context.Context, id int64) (kinerja.Aktivitas, error)
	AktivitasBetween(ctx context.Context, pegawaiID int64, from, to kinerja.Date) ([]kinerja.Aktivitas, error)
	// RecentUraian lists the person's latest reports for one kind of work
	// (the category, the RHK and indikator, 0 for none) dated since, one per
	// distinct uraian, newest first, at most limit; not withdrawn or rejected.
	RecentUraian(ctx context.Context, pegawaiID int64, kat kinerja.Kategori, rhkID, indikatorID int64, since kinerja.Date, limit int) ([]kinerja.Aktivitas, error)
	// LockedPeriodOf says whether d lies in a rated (locked) period of the
	// person, and that period's first day.
	LockedPeriodOf(ctx context.Context, pegawaiID int64, d kinerja.Date) (periode kinerja.Date, locked bool, err error)
}

// Decisions is what assessors use: deciding, and the queue of what waits.
type Decisions interface {
	// Decide applies an assessor's decision; the store authorises it (the
	// author's atasan, or their delegate today) in the same transaction.
	Decide(ctx context.Context, d Decision) (kinerja.Aktivitas, error)
	// DecideOnCard is Decide pressed on the decider's own card. When that
	// card is the report's only copy, no card job follows: card is the
	// report as the card must show it now, for the answer to edit it (then
	// CardShown records it). Else card is nil and the card job does it.
	DecideOnCard(ctx context.Context, d Decision) (a kinerja.Aktivitas, card *msg.CardView, err error)
	// CardShown records that the decider's copy of a report's card shows
	// this version and status.
	CardShown(ctx context.Context, aktivitasID, penerimaID int64, version int, status kinerja.Status) error
	// CanDecide is a read-only check of the same rule.
	CanDecide(ctx context.Context, actorID, aktivitasID int64, today kinerja.Date) (bool, error)
	// PendingFor lists the undecided reports the assessor may decide today.
	PendingFor(ctx context.Context, assessorID int64, today kinerja.Date) ([]PendingReport, error)
	// Card returns a report as its approval card shows it (CodeNotFound
	// when it is gone).
	Card(ctx context.Context, aktivitasID int64) (msg.CardView, error)
	// RecordRefusal audits a refused press that never reached a decision
	// (a forged evidence request, a malformed button).
	RecordRefusal(ctx context.Context, actorID, aktivitasID int64, action, why string, refresh bool)
}

// Decision is one assessor's decision on the version of a report they saw.
type Decision struct {
	AktivitasID int64
	Version     int
	Action      kinerja.Action
	ActorID     int64
	Reason      string
	Today       kinerja.Date
	// OnBoard: decided on the Mini App's board, away from the cards. Their
	// copies in the chat are not edited for it (a Telegram write each):
	// one pressed later is refused as decided, which brings it in line.
	OnBoard bool
	// CardMessageID is the message the decision was pressed on (for
	// DecideOnCard: the decider's card).
	CardMessageID int
}

// PendingReport is a report waiting for a decision, with its author.
type PendingReport struct {
	kinerja.Aktivitas
	AuthorNama string
	AuthorNIP  string
	RHKKode    string // "" unless the report is for an RHK
	RHKTeks    string
}

// Admin is what admins do from the chat.
type Admin interface {
	// Delegate makes ke the Plt/Plh of dari for mulai..selesai; the store
	// authorises the admin (admin: anywhere; admin_opd: their units).
	Delegate(ctx context.Context, actorID int64, dariNIP, keNIP, jenis string, mulai, selesai, today kinerja.Date) (Delegation, error)
}

// Delegation is a Plt/Plh appointment as the chat confirms it.
type Delegation struct {
	ID                    int64
	Jenis                 string
	DariNama, DariNIP     string
	KeNama, KeNIP         string
	Mulai, Selesai        kinerja.Date
	KeIsSubordinateOfDari bool
}
