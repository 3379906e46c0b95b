package kinerja

// RatingNoticeJob tells a person that their assessor rated one of their
// periods: the two ratings, the predikat and the umpan balik. The store
// enqueues it in the transaction that stores the rating.
type RatingNoticeJob struct {
	PenilaianID int64 `json:"penilaian_id"`
}

// Kind names the job for the queue.
func (RatingNoticeJob) Kind() string { return "kabar_penilaian" }
