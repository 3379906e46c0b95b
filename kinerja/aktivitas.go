package kinerja

import "time"

// Status is the state of one daily report (aktivitas). Unfinished reports
// live only in the conversation session: a row starts at StatusDiajukan.
type Status string

const (
	StatusDiajukan     Status = "diajukan"     // submitted, waiting for the assessor
	StatusDisetujui    Status = "disetujui"    // approved (final)
	StatusDikembalikan Status = "dikembalikan" // returned for revision, with a reason
	StatusDitolak      Status = "ditolak"      // rejected (final), with a reason
	StatusDitarik      Status = "ditarik"      // withdrawn by its author (final)
)

// Statuses lists every status, in the order they are usually shown.
var Statuses = []Status{StatusDiajukan, StatusDisetujui, StatusDikembalikan, StatusDitolak, StatusDitarik}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Final reports whether no transition leaves s.
func (s Status) Final() bool {
	return s == StatusDisetujui || s == StatusDitolak || s == StatusDitarik
}

// Action is something a person does to a report.
type Action string

const (
	ActionSetujui    Action = "setujui"    // assessor approves
	ActionKembalikan Action = "kembalikan" // assessor returns for revision (reason required)
	ActionTolak      Action = "tolak"      // assessor rejects (reason required)
	ActionUbah       Action = "ubah"       // author edits (and so resubmits)
	ActionTarik      Action = "tarik"      // author withdraws
)

// Actor says in which capacity a person acts on a report.
type Actor string

const (
	ActorAuthor   Actor = "author"
	ActorAssessor Actor = "assessor"
)

type transition struct {
	from   Status
	action Action
}

type rule struct {
	to    Status
	actor Actor
}

// transitions is the one definition of the report life cycle (DOMAIN.md,
// decision 1). The store applies it together with the row version, so two
// concurrent deciders can never both win.
var transitions = map[transition]rule{
	{StatusDiajukan, ActionSetujui}:    {StatusDisetujui, ActorAssessor},
	{StatusDiajukan, ActionKembalikan}: {StatusDikembalikan, ActorAssessor},
	{StatusDiajukan, ActionTolak}:      {StatusDitolak, ActorAssessor},
	{StatusDiajukan, ActionUbah}:       {StatusDiajukan, ActorAuthor},
	{StatusDiajukan, ActionTarik}:      {StatusDitarik, ActorAuthor},
	{StatusDikembalikan, ActionUbah}:   {StatusDiajukan, ActorAuthor},
}

// NeedsReason reports whether an action must carry a reason.
func (a Action) NeedsReason() bool {
	return a == ActionKembalikan || a == ActionTolak
}

// IsDecision reports whether the action is an assessor's decision.
func (a Action) IsDecision() bool {
	return a == ActionSetujui || a == ActionKembalikan || a == ActionTolak
}

// MaxReasonLen is the longest reason a decision may carry, in characters.
const MaxReasonLen = 500

// Transition returns the status that action by actor leads to from status
// from, or a domain error saying why it is not allowed.
func Transition(from Status, action Action, actor Actor, reason string) (Status, error) {
	r, ok := transitions[transition{from, action}]
	if !ok {
		if from.Final() || from == StatusDikembalikan {
			return "", Errorf(CodeConflict, "aktivitas.already_decided", map[string]any{"Status": string(from)})
		}
		return "", Errorf(CodeInvalid, "aktivitas.action_not_allowed", map[string]any{"Status": string(from)})
	}
	if r.actor != actor {
		return "", Errorf(CodeForbidden, "aktivitas.forbidden", nil)
	}
	if action.NeedsReason() {
		n := len([]rune(reason))
		if n == 0 {
			return "", Errorf(CodeInvalid, "aktivitas.reason_required", nil)
		}
		if n > MaxReasonLen {
			return "", Errorf(CodeInvalid, "aktivitas.reason_too_long", map[string]any{"Max": MaxReasonLen})
		}
	}
	return r.to, nil
}

// Kategori is what a report is counted against when it is not an RHK.
type Kategori string

const (
	KategoriRHK           Kategori = "rhk"
	KategoriTugasTambahan Kategori = "tugas_tambahan"
	KategoriNonSKP        Kategori = "non_skp"
)

// Aktivitas is one daily report.
type Aktivitas struct {
	ID          int64
	PegawaiID   int64
	Tanggal     Date
	Kategori    Kategori
	RHKID       int64 // 0 unless Kategori is KategoriRHK
	IndikatorID int64 // 0 when none
	Deskripsi   string
	Volume      float64
	Satuan      string
	Menit       int
	Bukti       []string // Telegram file ids of the evidence
	Kunci       string   // idempotency key of the submission ("" for none)
	Status      Status
	Version     int
	DecidedBy   int64 // pegawai id, 0 when undecided
	OnBehalfOf  int64 // pegawai id of the assessor a delegate decided for, 0 when none
	Reason      string
	DecidedAt   time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Refiled is set on what SubmitAktivitas returns when its key had
	// filed the report before: nothing was written this time.
	Refiled bool `json:"-"`
}
