package kinerja

import "strings"

// NormalizePhone turns an Indonesian phone number as people write it into
// E.164: "0812-3456-7890", "62812…", "+62 812 3456 7890", "(0812) 345…" all
// become "+628123456789…". It returns false for anything that is not a
// plausible number (letters, too short or too long, a leading 0 after +62).
// Numbers already in E.164 of another country pass through unchanged.
func NormalizePhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	plus := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus:
		// already international
	case strings.HasPrefix(d, "62"):
	case strings.HasPrefix(d, "0"):
		d = "62" + d[1:]
	case strings.HasPrefix(d, "8"):
		// "812…" without the trunk 0, as some spreadsheets keep it
		d = "62" + d
	default:
		return "", false
	}
	if strings.HasPrefix(d, "0") || strings.HasPrefix(d, "620") {
		return "", false
	}
	// E.164 allows at most 15 digits; Indonesian numbers have 9–13 after 62.
	if len(d) < 8 || len(d) > 15 {
		return "", false
	}
	if strings.HasPrefix(d, "62") && (len(d) < 11 || len(d) > 15) {
		return "", false
	}
	return "+" + d, true
}
