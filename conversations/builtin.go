package conversations

import "kinerjabot/msg"

// registerBuiltins wires the commands every user has. Each use case lives in
// its own file (start.go, bantuan.go, batal.go, bahasa.go).
func registerBuiltins(e *Engine) {
	e.commands["start"] = startCommand
	e.commands["bantuan"] = bantuanCommand
	e.commands["help"] = bantuanCommand // alias: many phones suggest /help
	e.commands["batal"] = batalCommand
	e.commands["bahasa"] = bahasaCommand
	e.commands["lapor"] = laporCommand
	e.commands["riwayat"] = riwayatCommand
	e.commands["persetujuan"] = persetujuanCommand
	e.commands["delegasi"] = delegasiCommand
	e.commands["nilai"] = nilaiCommand
	e.commands["penilaian"] = penilaianCommand
	e.commands["pengaturan"] = pengaturanCommand
	e.flows[bahasaFlow.Name] = bahasaFlow
	e.flows[laporFlow.Name] = laporFlow
	e.flows[alasanFlow.Name] = alasanFlow
	e.flows[bulkFlow.Name] = bulkFlow
	e.flows[ratingFlow.Name] = ratingFlow
	e.flows[pengaturanFlow.Name] = pengaturanFlow
	e.callbacks[msg.OpLanguage] = languageOffer
	e.callbacks[msg.OpHistory] = historyCallback
	e.callbacks[msg.OpApproval] = approvalCallback
	e.callbacks[msg.OpQueue] = queueCallback
	e.callbacks[msg.OpScore] = scoreCallback
	e.callbacks[msg.OpRating] = ratingCallback
	e.callbacks[msg.OpRatingList] = ratingListCallback
	e.callbacks[msg.OpReminder] = reminderCallback
}
