package notify

import (
	"context"

	"github.com/riverqueue/river"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Days declared away ("Saya cuti / dinas luar hari ini", issue 15). The
// store enqueues a request job with the declaration, and an answer job with
// the assessor's decision; each sends one message (Telegram writes are the
// city's shared capacity), once: a job run again after its process died
// reads kabar_terkirim first (tellOne).

// declarationRequest asks the assessor chosen at declaration time to
// confirm the day: the request with Konfirmasi and Tolak. A declaration
// decided or gone meanwhile asks nothing.
func (w *workers) declarationRequest(ctx context.Context, job *river.Job[jobs.DeclarationRequestJob]) error {
	id := job.Args.PernyataanID
	return tellOne(ctx, w, told{what: "declaration request", kind: job.Kind, idName: "pernyataan_id", id: id, attempt: job.Attempt, job: job.ID},
		func(ctx context.Context) (jobs.DeclarationData, error) { return w.d.Store.DeclarationData(ctx, id) },
		func(v jobs.DeclarationData) (msg.To, msg.Reply, string) {
			to := v.Penerima
			switch {
			case v.Declaration.Status != kinerja.DeclarationDiajukan:
				return msg.To{}, msg.Reply{}, "decided meanwhile"
			case to.ID == 0 || to.ChatID == 0 || to.Unreachable || !to.Aktif:
				return msg.To{}, msg.Reply{}, "the assessor cannot be reached"
			}
			return msg.To{ChatID: to.ChatID, Lang: to.Bahasa}, msg.DeclarationCard(v.Declaration, true), ""
		})
}

// declarationAnswer tells the declarer what their assessor decided.
func (w *workers) declarationAnswer(ctx context.Context, job *river.Job[jobs.DeclarationAnswerJob]) error {
	id := job.Args.PernyataanID
	return tellOne(ctx, w, told{what: "declaration answer", kind: job.Kind, idName: "pernyataan_id", id: id, attempt: job.Attempt, job: job.ID},
		func(ctx context.Context) (jobs.DeclarationData, error) { return w.d.Store.DeclarationData(ctx, id) },
		func(v jobs.DeclarationData) (msg.To, msg.Reply, string) {
			who := v.Declarer
			switch {
			case v.Declaration.Status == kinerja.DeclarationDiajukan:
				return msg.To{}, msg.Reply{}, "not decided"
			case who.ChatID == 0 || who.Unreachable:
				return msg.To{}, msg.Reply{}, "the declarer cannot be reached"
			}
			return msg.To{ChatID: who.ChatID, Lang: who.Bahasa}, msg.DeclarationAnswer(v.Declaration), ""
		})
}
