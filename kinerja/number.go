package kinerja

import (
	"strconv"
	"strings"
)

// A numberReading is one way to read a typed number: its integer digits (at
// least one) and its fraction digits (none for a whole number).
type numberReading struct {
	Int, Frac string
}

// float is the value of r. Only strconv.ErrRange is possible, for a number
// too large for a float64.
func (r numberReading) float() (float64, error) {
	s := r.Int
	if r.Frac != "" {
		s += "." + r.Frac
	}
	return strconv.ParseFloat(s, 64)
}

// readNumber reads the number part of what a person typed, the daily
// report's volume (ParseVolume) as well as an imported target
// (ParseDecimal): ASCII digits with "," or "." marks, nothing else. It is
// the one rule of the bot for such numbers; each caller adds its own limits
// and messages. The rule:
//
//   - Digits alone are a whole number: "12", "007".
//   - A single mark, a dot or a comma alike, followed by one, two, or four or
//     more digits is the decimal mark: "1,5" and "1.5" are 1.5, "1.50" is
//     1.5, "1,25" is 1.25, "1,1250" is 1.125.
//   - A single mark followed by exactly three digits is the decimal mark as
//     well when what stands before it cannot be a thousands group, because
//     it starts with 0 or has four digits or more: "0,125" is 0.125,
//     "1234.500" is 1234.5.
//   - A single mark, dot or comma, followed by exactly three digits after an
//     integer part of one to three digits not starting with 0 is AMBIGUOUS:
//     "1.000" is 1000 or 1, "1.500" is 1500 or 1.5, "1,000" is 1000 or 1,
//     "2,500" is 2500 or 2.5, "1,125" is 1125 or 1.125. Both readings are
//     returned; the caller asks which one is meant.
//   - With both marks, the last one is the decimal mark, stands once and is
//     followed by digits; the other mark must group thousands properly:
//     "1.000,5" and "1,000.5" are 1000.5, "1.000.000,25" is 1000000.25.
//   - Several of the same mark alone must group thousands properly:
//     "1.000.000" and "1,000,000" are 1000000.
//   - Thousands are grouped properly when the first group has one to three
//     digits, not starting with 0, and every later group exactly three:
//     "1.00,5", "0.000.000", "1.2.3" and "1,5,5" are not numbers.
//   - A mark before the first digit is a decimal mark after a 0: ",5" and
//     ".5" are 0.5 (ParseDecimal refuses them). A mark after the last digit
//     ("3.", "3,"), two marks in a row, a space ("1 000"), a sign, an
//     exponent, an underscore or any other character is not a number.
//
// Put another way: s is read the Indonesian way (dots group thousands, a
// comma is the decimal mark) and the English way (commas group thousands, a
// dot is the decimal mark); the readings that follow the grouping rule above
// are its values, and two different values make it ambiguous.
//
// readNumber returns no reading when s is not a number, one, or two for an
// ambiguous number: the thousands reading first, then the decimal one.
func readNumber(s string) []numberReading {
	id, idOK := readNumberAs(s, '.', ',')
	en, enOK := readNumberAs(s, ',', '.')
	switch {
	case idOK && enOK && id != en:
		if id.Frac == "" { // only one of them can have a fraction
			return []numberReading{id, en}
		}
		return []numberReading{en, id}
	case idOK:
		return []numberReading{id}
	case enOK:
		return []numberReading{en}
	}
	return nil
}

// readNumberAs reads s with group as the thousands mark and dec as the
// decimal mark, following the grouping rule of readNumber.
func readNumberAs(s string, group, dec byte) (numberReading, bool) {
	ip, fp, hasDec := strings.Cut(s, string(dec))
	if hasDec && !inputAllDigits(fp) { // empty, or another mark after it
		return numberReading{}, false
	}
	if strings.IndexByte(ip, group) >= 0 {
		if !numberGrouped(ip, group) {
			return numberReading{}, false
		}
		ip = strings.ReplaceAll(ip, string(group), "")
	}
	switch {
	case ip == "" && hasDec: // ",5"
		ip = "0"
	case !inputAllDigits(ip):
		return numberReading{}, false
	}
	return numberReading{Int: ip, Frac: fp}, true
}

// numberGrouped reports whether s is digits grouped by sep in thousands: a
// first group of one to three digits not starting with 0, then groups of
// exactly three.
func numberGrouped(s string, sep byte) bool {
	groups := strings.Split(s, string(sep))
	first := groups[0]
	if len(groups) < 2 || len(first) < 1 || len(first) > 3 || first[0] == '0' || !inputAllDigits(first) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !inputAllDigits(g) {
			return false
		}
	}
	return true
}
