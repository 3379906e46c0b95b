package conversations

import (
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The lengths of an RHK's text on its button in the /lapor list, alone or
// beside one of its indikator; with the code and the separators a label
// stays within Telegram's 64 bytes for a button.
const (
	rhkLabelLen       = 48
	rhkLabelShortLen  = 24
	indikatorLabelLen = 28
)

// rhkLabels names the buttons of the RHK list of one SKP: each RHK (and
// each indikator of an RHK that has several) by what tells it apart from
// the others (msg.ShortenAll), since an SKP's RHK often begin alike.
func rhkLabels(list []kinerja.RHK) func(rhkChoice) msg.Text {
	texts := make([]string, len(list))
	for i, r := range list {
		texts[i] = r.Teks
	}
	long, short := msg.ShortenAll(texts, rhkLabelLen), msg.ShortenAll(texts, rhkLabelShortLen)
	at := make(map[int64]int, len(list))
	for i, r := range list {
		at[r.ID] = i
	}
	return func(ch rhkChoice) msg.Text {
		i := at[ch.rhk.ID]
		if ch.ind == nil {
			return msg.T("report.rhk_button", "Kode", ch.rhk.Kode, "Teks", long[i])
		}
		inds := make([]string, len(ch.rhk.Indikator))
		k := 0
		for j, ind := range ch.rhk.Indikator {
			inds[j] = ind.Teks
			if ind.ID == ch.ind.ID {
				k = j
			}
		}
		return msg.T("report.rhk_indikator_button", "Kode", ch.rhk.Kode, "Teks", short[i],
			"Indikator", msg.ShortenAll(inds, indikatorLabelLen)[k])
	}
}
