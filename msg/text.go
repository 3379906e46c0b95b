package msg

import (
	"strconv"
	"strings"

	"kinerjabot/kinerja"
)

// Text is a message ID of package locales with its template arguments.
//
// Arguments are rendered for the reader: a Text (or Lines, Inline) is
// rendered first; a float64 is written with the reader's decimal mark
// (Indonesian 1,5, English 1.5); a time.Time is an instant shown in the
// reader's zone ("28-12-2026 14.05 WIB"); a Long is free text that may be
// shortened to fit Telegram's limits. An argument named Count also picks the
// plural form of the message (English "1 file", "2 files").
type Text struct {
	ID   string
	Args map[string]any
}

// T builds a Text from a message ID and name, value pairs.
func T(id string, kv ...any) Text {
	t := Text{ID: id}
	if len(kv) > 0 {
		t.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			t.Args[kv[i].(string)] = kv[i+1]
		}
	}
	return t
}

// Lines is an argument rendered as one line per Text.
type Lines []Text

// Inline is an argument rendered as its Texts on one line, separated by "; ".
type Inline []Text

// Paragraphs is an argument rendered as its Texts separated by blank lines.
type Paragraphs []Text

// Long is the one long free text of a message (a report's description): when
// the whole message is over Telegram's limit it is shortened first, so the
// rest of the message (who, when, the buttons' meaning) stays whole.
type Long string

// Plain is a Text showing s as it is (a name, a code, a holiday).
func Plain(s string) Text { return T("score.plain", "Text", s) }

// Date names a business date as people read it: "Jumat, 27-11-2026".
func Date(d kinerja.Date) Text {
	return T("date.long", "Day", T("weekday."+strconv.Itoa(int(d.Weekday()))), "Date", d.Format())
}

// ShortDate names a date on a button or a list line: "Jum 27-11".
func ShortDate(d kinerja.Date) Text {
	return T("date.short", "Day", T("weekday_short."+strconv.Itoa(int(d.Weekday()))), "Date", d.FormatShort())
}

// Month names the month holding d: "Desember 2026".
func Month(d kinerja.Date) Text { return T("month."+strconv.Itoa(int(d.Month)), "Year", d.Year) }

// Quarter names the quarter holding d: "Triwulan IV 2026".
func Quarter(d kinerja.Date) Text {
	return T("score.quarter", "Q", (int(d.Month)-1)/3+1, "Year", d.Year)
}

// Period names a rating period starting on start: a month, or a quarter.
func Period(start kinerja.Date, quarterly bool) Text {
	if quarterly {
		return Quarter(start)
	}
	return Month(start)
}

// Shorten puts s on one line and cuts it to at most n characters, ending
// with an ellipsis: a list line or a button shows the start of a long text.
func Shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
}
