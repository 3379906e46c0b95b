package locales

import (
	"strconv"
	"strings"
	"time"
)

// Number writes v the way a reader of lang writes it: the shortest decimal
// that reads back as v, with a decimal comma in Indonesian (1,5) and a
// decimal point in English (1.5); no thousands separators, so what the bot
// shows can be typed back as it is.
func Number(lang string, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Instant writes an instant in zone as people read it on a card, a notice
// or an audit line: "28-12-2026 14.05 WIB".
func Instant(t time.Time, zone *time.Location) string {
	return t.In(zone).Format("02-01-2006 15.04 MST")
}
