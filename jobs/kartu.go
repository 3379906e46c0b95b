package jobs

import (
	"errors"

	"kinerjabot/kinerja"
)

// ErrBusy: another job holds the lock of what this one would change (the
// same person's message of the day); the job comes back later.
var ErrBusy = errors.New("jobs: busy: another job holds the lock")

// The records an approval card is made from, shared by the store (which reads
// them) and the notify workers (which send them).

// Card is one copy of a report's approval card, as sent to one person.
type Card struct {
	AktivitasID int64
	PenerimaID  int64 // the pegawai it was sent to
	ChatID      int64
	MessageID   int
	Version     int            // the report version the copy shows
	Status      kinerja.Status // the report status the copy shows
	Bahasa      string         // the recipient's language now (read, never saved)
}

// ReportView is a report with what a card or a notice says about it.
type ReportView struct {
	Aktivitas kinerja.Aktivitas
	// Author has ID, NIP, Nama, TelegramID, ChatID, Bahasa and Unreachable set.
	Author     kinerja.Pegawai
	RHKKode    string // "" unless the report is for an RHK
	RHKTeks    string
	DayMinutes int    // the author's minutes that day in reports that count (diajukan, disetujui, dikembalikan)
	DecidedBy  string // nama of who decided, "" while undecided
	OnBehalfOf string // nama of the atasan a delegate (Plt/Plh) decided for, "" when none
	Otomatis   bool   // approved by the system at the validation deadline (no decider)
}

// CardSet is what a card job works from: the report, who should hold a card
// of it today and the copies already sent.
type CardSet struct {
	Report ReportView
	// Assessors are the people who may decide today: the author's atasan
	// (first) and whoever holds a delegation from that atasan covering today,
	// each only while active. ID, NIP, Nama, TelegramID, ChatID, Bahasa,
	// Unreachable and DaftarJam (their choice of a daily list instead of a
	// card per report) are set; ChatID is 0 for someone not linked to
	// Telegram.
	Assessors []kinerja.Pegawai
	Cards     []Card // ordered by when they were first sent
}

// DayDigest is what one person's message of the day about decisions on
// their reports is made from.
type DayDigest struct {
	Decided   []ReportView // approved and rejected that day, in the order decided (Author not set)
	ChatID    int64        // the message already sent that day; 0 when none
	MessageID int
}
