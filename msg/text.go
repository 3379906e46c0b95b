package msg

import (
	"strconv"
	"strings"
	"unicode/utf8"

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

// ShortenAll shortens texts shown together (the RHK of one SKP, each on its
// button) to at most n characters each, so that they can still be told
// apart. A text that fits stays whole. Of one that does not, the words it
// shares with another text at its start or its end (many RHK begin
// "Terlaksananya pelayanan …") give way to the words that differ, with as
// much context around them as fits and an ellipsis where words are left
// out; when even those do not fit, the text keeps its start and its end and
// loses its middle. A text alone is cut like Shorten.
func ShortenAll(texts []string, n int) []string {
	words := make([][]string, len(texts))
	for i, t := range texts {
		words[i] = strings.Fields(t)
	}
	out := make([]string, len(texts))
	for i, w := range words {
		whole := strings.Join(w, " ")
		if runes(whole) <= n || len(texts) < 2 {
			out[i] = Shorten(whole, n)
			continue
		}
		// The words shared with the closest neighbour at either end.
		pre, suf := 0, 0
		for j, o := range words {
			if j != i {
				pre, suf = max(pre, sharedWords(w, o, false)), max(suf, sharedWords(w, o, true))
			}
		}
		lo := min(pre, len(w)-1)
		hi := max(len(w)-suf, lo+1)
		out[i] = shortenAround(w, lo, hi, n)
	}
	return out
}

// sharedWords counts the words a and b share at their start (or, fromEnd,
// at their end), letter case aside.
func sharedWords(a, b []string, fromEnd bool) int {
	k := 0
	for k < len(a) && k < len(b) {
		x, y := a[k], b[k]
		if fromEnd {
			x, y = a[len(a)-1-k], b[len(b)-1-k]
		}
		if !strings.EqualFold(x, y) {
			break
		}
		k++
	}
	return k
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// shortenAround shows w[lo:hi], the words that tell w apart, within n
// characters: with words around them while they fit, or, when they do not
// fit themselves, cut.
func shortenAround(w []string, lo, hi, n int) string {
	show := func(lo, hi int) string {
		s := strings.Join(w[lo:hi], " ")
		if lo > 0 {
			s = "…" + s
		}
		if hi < len(w) {
			s += "…"
		}
		return s
	}
	if runes(show(lo, hi)) > n {
		if lo > 0 && hi < len(w) {
			// Shared at both ends: what differs is in the middle; keep
			// its start.
			for k := hi - 1; k > lo; k-- {
				if s := "…" + strings.Join(w[lo:k], " ") + "…"; runes(s) <= n {
					return s
				}
			}
			return Shorten("…"+strings.Join(w[lo:hi], " "), n)
		}
		// Keep the start and the end of what differs.
		lead, trail := "", ""
		if lo > 0 {
			lead = "…"
		}
		if hi < len(w) {
			trail = "…"
		}
		return lead + cutMiddle(w[lo:hi], n-runes(lead)-runes(trail)) + trail
	}
	// Context: a word before, a word after, in turn, while they fit.
	for grew := true; grew; {
		grew = false
		if lo > 0 && runes(show(lo-1, hi)) <= n {
			lo, grew = lo-1, true
		}
		if hi < len(w) && runes(show(lo, hi+1)) <= n {
			hi, grew = hi+1, true
		}
	}
	return show(lo, hi)
}

// cutMiddle keeps the first and the last words of w, a word from each end
// in turn while they fit in n characters, with an ellipsis between them.
func cutMiddle(w []string, n int) string {
	head, tail := 1, 0
	show := func(head, tail int) string {
		s := strings.Join(w[:head], " ")
		if tail > 0 {
			s += " … " + strings.Join(w[len(w)-tail:], " ")
		} else {
			s += "…"
		}
		return s
	}
	if runes(show(head, tail)) > n {
		return Shorten(strings.Join(w, " "), n)
	}
	for grew := true; grew; {
		grew = false
		if head+tail < len(w) && runes(show(head, tail+1)) <= n {
			tail, grew = tail+1, true
		}
		if head+tail < len(w) && runes(show(head+1, tail)) <= n {
			head, grew = head+1, true
		}
	}
	return show(head, tail)
}
