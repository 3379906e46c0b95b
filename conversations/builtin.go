package conversations

import (
	"context"

	"kinerjabot/msg"
)

// registerBuiltins wires the commands every user has. Each use case lives in
// its own file (start.go, bantuan.go, batal.go, bahasa.go).
func registerBuiltins(e *Engine) {
	e.commands["start"] = startCommand
	e.commands["bantuan"] = bantuanCommand
	e.commands["help"] = bantuanCommand // alias: many phones suggest /help
	e.commands["batal"] = batalCommand
	e.commands["bahasa"] = bahasaCommand
	e.commands["lapor"] = linkedOnly(laporCommand)
	e.commands["riwayat"] = linkedOnly(riwayatCommand)
	e.commands["persetujuan"] = linkedOnly(persetujuanCommand)
	e.commands["delegasi"] = linkedOnly(delegasiCommand)
	e.commands["nilai"] = linkedOnly(nilaiCommand)
	e.commands["penilaian"] = linkedOnly(penilaianCommand)
	e.commands["pengaturan"] = linkedOnly(pengaturanCommand)
	e.commands["rekap"] = linkedOnly(rekapCommand)
	e.flows[bahasaFlow.Name] = bahasaFlow
	e.flows[laporFlow.Name] = laporFlow
	e.flows[alasanFlow.Name] = alasanFlow
	e.flows[bulkFlow.Name] = bulkFlow
	e.flows[ratingFlow.Name] = ratingFlow
	e.flows[pengaturanFlow.Name] = pengaturanFlow
	e.callbacks[msg.OpLanguage] = languageOffer
	e.callbacks[msg.OpHistory] = linkedOnly(historyCallback)
	e.callbacks[msg.OpApproval] = approvalCallback
	e.callbacks[msg.OpQueue] = linkedOnly(queueCallback)
	e.callbacks[msg.OpScore] = linkedOnly(scoreCallback)
	e.callbacks[msg.OpRating] = linkedOnly(ratingCallback)
	e.callbacks[msg.OpRatingList] = linkedOnly(ratingListCallback)
	e.callbacks[msg.OpReminder] = linkedOnly(reminderCallback)
	e.callbacks[msg.OpRekap] = linkedOnly(rekapCallback)
	e.callbacks[msg.OpReportAgain] = linkedOnly(reportAgainCallback)
	e.callbacks[msg.OpDeclare] = linkedOnly(declareCallback)
	e.callbacks[msg.OpDeclaration] = linkedOnly(declarationCallback)
}

// linkedOnly lets a command or a button through only for a linked, active
// person; anyone else is told how to link their account (or that it is not
// active). Every handler registered with it may rely on c.User.Pegawai.
func linkedOnly[H ~func(context.Context, *Engine, *Ctx, Input) (Result, error)](h H) H {
	return func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
		if r, ok := needLinked(c); !ok {
			return r, nil
		}
		return h(ctx, e, c, in)
	}
}

// expired answers a button that no longer applies (its step is over, its
// data is malformed, what it points at is gone).
func expired() (Result, error) {
	return Result{Answer: &msg.Text{ID: "callback.expired"}}, nil
}
