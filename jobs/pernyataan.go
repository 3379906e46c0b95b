package jobs

import "kinerjabot/kinerja"

// DeclarationRequestJob asks the assessor chosen when a day was declared
// away (the declaration's penerima) to confirm it: one message with
// Konfirmasi and Tolak.
type DeclarationRequestJob struct {
	PernyataanID int64 `json:"pernyataan_id"`
}

// Kind names the job for the queue.
func (DeclarationRequestJob) Kind() string { return "pernyataan_minta" }

// DeclarationAnswerJob tells the person who declared a day away what their
// assessor decided: one message.
type DeclarationAnswerJob struct {
	PernyataanID int64 `json:"pernyataan_id"`
}

// Kind names the job for the queue.
func (DeclarationAnswerJob) Kind() string { return "pernyataan_jawab" }

// DeclarationData is a declaration with the two people its messages go to:
// the declarer and whoever was asked to confirm (zero when nobody).
type DeclarationData struct {
	Declaration kinerja.DayDeclaration
	Declarer    kinerja.Pegawai
	Penerima    kinerja.Pegawai
}
