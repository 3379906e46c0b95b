package kinerja

import (
	"strings"
	"unicode"
)

// CleanText makes a typed text safe to store and to show to others. It
// removes control characters other than line breaks and tabs (a NUL, which
// PostgreSQL refuses in text, among them) and the bidirectional controls
// that reorder what a reader sees (U+202A–U+202E embeddings and overrides,
// U+2066–U+2069 isolates: a "‮" would make a supervisor read an uraian
// backwards), turns invalid UTF-8 into U+FFFD, and trims the ends. Marks
// that only hint a direction (U+200E, U+200F) and joiners stay: scripts
// need them.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1 // Windows line ends: the \n stays
		case unicode.IsControl(r), bidiControl(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func bidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// Visible counts the characters a reader sees: not spaces, not control
// characters, not invisible format characters (zero-width space, joiners,
// the byte-order mark, direction marks). The length rules ("at least 5
// characters") count these, so five zero-width spaces are no uraian.
func Visible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			n++
		}
	}
	return n
}
