package jobs

import "kinerjabot/kinerja"

// DeadlineJob acts on the reports of Month still waiting on the day of the
// validation deadline: escalates them, or approves them as the system
// (AUTO_APPROVE_AT_DEADLINE).
type DeadlineJob struct {
	Month kinerja.Date `json:"month"` // the closed month's first day
}

// Kind names the job for the queue.
func (DeadlineJob) Kind() string { return "batas_validasi" }

// WaitingGroup is one atasan's waiting reports of a month.
type WaitingGroup struct {
	// Atasan and their own atasan (ID 0 when none) have ID, NIP, Nama,
	// ChatID, Bahasa and Unreachable set.
	Atasan       kinerja.Pegawai
	AtasanAtasan kinerja.Pegawai
	OPD          int64 // the atasan's OPD (0: unknown)
	Reports      int
	People       int
}

// AutoApproved is one atasan's reports the system approved.
type AutoApproved struct {
	Atasan  kinerja.Pegawai // ID, Nama, ChatID, Bahasa, Unreachable
	Reports int
}
