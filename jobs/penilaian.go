package jobs

import "kinerjabot/kinerja"

// RatingNoticeJob tells a person that their assessor rated one of their
// periods: the two ratings, the predikat and the umpan balik. The store
// enqueues it in the transaction that stores the rating.
type RatingNoticeJob struct {
	PenilaianID int64 `json:"penilaian_id"`
}

// Kind names the job for the queue.
func (RatingNoticeJob) Kind() string { return "kabar_penilaian" }

// RatingView is what the rated person is told about a period rating.
type RatingView struct {
	PenilaianID    int64
	Person         kinerja.Pegawai // ID, Nama, ChatID, Bahasa
	Periode        kinerja.Date    // the period's first day
	Hasil          kinerja.Rating
	Perilaku       kinerja.Rating
	Predikat       kinerja.Predikat
	UmpanBalik     string
	RatedByNama    string
	OnBehalfOfNama string
	Locked         bool // still the current rating (not unlocked since)
}

// RatingsDueJob plans, once a period has ended, the pushes that ask every
// assessor to rate their team for it.
type RatingsDueJob struct {
	Periode kinerja.Date `json:"periode"` // the period's first day
}

// Kind names the job for the queue.
func (RatingsDueJob) Kind() string { return "penilaian_jatuh_tempo" }

// RatingsDueNoticeJob asks one assessor to rate their team for a period.
type RatingsDueNoticeJob struct {
	AssessorID int64        `json:"assessor_id"`
	Periode    kinerja.Date `json:"periode"`
}

// Kind names the job for the queue.
func (RatingsDueNoticeJob) Kind() string { return "kabar_penilaian_dibuka" }
