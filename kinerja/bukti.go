package kinerja

import (
	"strconv"
	"strings"
)

// A report's Bukti names its evidence files. A file the bot keeps itself
// (the Mini App's uploads: the store's berkas, migration 00017) is named by
// its number there with its kind, "bp:<id>" for a photo and "bd:<id>" for
// a document; the chat's files are Telegram's ids (see conversations).
const (
	keptPhoto    = "bp:"
	keptDocument = "bd:"
)

// KeptEvidence names a kept file among a report's Bukti.
func KeptEvidence(id int64, photo bool) string {
	if photo {
		return keptPhoto + strconv.FormatInt(id, 10)
	}
	return keptDocument + strconv.FormatInt(id, 10)
}

// KeptEvidenceOf reads a name KeptEvidence made (ok false: another kind of
// evidence).
func KeptEvidenceOf(bukti string) (id int64, photo, ok bool) {
	n, photo := strings.CutPrefix(bukti, keptPhoto)
	if !photo {
		var doc bool
		if n, doc = strings.CutPrefix(bukti, keptDocument); !doc {
			return 0, false, false
		}
	}
	id, err := strconv.ParseInt(n, 10, 64)
	return id, photo, err == nil && id > 0
}
