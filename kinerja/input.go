package kinerja

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of what a daily report may say about volume and duration.
const (
	inputVolumeMax      = 1_000_000 // the largest volume one report may carry
	inputVolumeDecimals = 3         // digits after the decimal mark
	inputSatuanMaxLen   = 30        // characters of a satuan typed after the volume
	inputMinutesMax     = 24 * 60   // reports are per day
)

// inputInvalid is the one way this file builds its errors.
func inputInvalid(id string, args map[string]any) *Error {
	return Errorf(CodeInvalid, id, args)
}

func inputIsDigit(b byte) bool { return b >= '0' && b <= '9' }

func inputAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !inputIsDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// ParseVolume reads what a person typed for "how much did you produce": a
// positive number, optionally followed by a satuan (unit word).
//
// The number follows readNumber, the one rule for typed numbers: "1,5",
// "1.5" and "1.50" are 1.5, "1.000,5" and "1,000.5" are 1000.5, "1.000.000"
// and "1,000,000" are 1000000, "0,125" is 0.125 and "1234.500" is 1234.5.
// What the volume adds to that rule:
//   - A number the rule finds ambiguous ("1.000", "1.500", "1,000", "2,500",
//     "1,125") is refused (report.volume_ambiguous) with both readings as
//     numbers: Ribuan (1000, 1500, 1000, 2500, 1125) and Desimal (1, 1.5, 1,
//     2.5, 1.125), with the Satuan typed after it; VolumeReadings returns
//     them, and the report flow offers both readings as buttons. A value with three decimals
//     can still be typed plainly with a fourth, zero decimal ("1,1250").
//   - ",5" and ".5" are 0.5; at most three decimals (trailing zeros do not
//     count: "1,2500" is 1.25); more than 0 and at most 1,000,000; a minus
//     sign ("-2", "−2", "-1.000") is report.volume_not_positive. Exponents
//     ("1e3"), hex, NaN, Inf, a leading "+" and anything before the number
//     ("sekitar 3") are refused as not a number.
//   - Fractions ("1/2", "1 1/2", "½") are refused with the decimal to type
//     instead, rounded to three decimals (report.volume_fraction, Desimal:
//     0.5 as a number).
//
// The satuan is the rest of the text after the number: it must start with a
// letter or "%", is lower-cased with inner spaces collapsed and trailing dots
// dropped ("Lembar  Surat." → "lembar surat"), may hold letters, digits right
// after a letter ("a4", "m2") and the marks . - / % ( ) ' & ² ³ °, and has at
// most 30 characters; otherwise report.unit_invalid (Max: 30), the message
// of the conversation's own satuan question. A standalone number in it
// ("3 dokumen 4") is refused as not a number. An empty satuan is returned as
// "" (the caller asks for it or takes the indikator's).
func ParseVolume(s string) (value float64, satuan string, err error) {
	v, sat, e := inputParseVolume(s)
	if e != nil {
		return 0, "", e
	}
	return v, sat, nil
}

// VolumeReadings returns the two readings of a volume that ParseVolume
// refused as ambiguous (report.volume_ambiguous): "1.500 lembar" is 1500 or
// 1.5, of satuan "lembar" ("" when none was typed). ok is false for any
// other error.
func VolumeReadings(err error) (thousands, decimal float64, satuan string, ok bool) {
	var e *Error
	if !errors.As(err, &e) || e.MessageID != "report.volume_ambiguous" {
		return 0, 0, "", false
	}
	thousands, ok1 := e.Args["Ribuan"].(float64)
	decimal, ok2 := e.Args["Desimal"].(float64)
	satuan, _ = e.Args["Satuan"].(string)
	return thousands, decimal, satuan, ok1 && ok2
}

func inputParseVolume(s string) (float64, string, *Error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "", inputInvalid("report.volume_empty", nil)
	}
	neg := false
	if r, n := utf8.DecodeRuneInString(s); r == '-' || r == '−' {
		neg = true
		s = strings.TrimLeftFunc(s[n:], unicode.IsSpace)
	}
	end := 0
	for end < len(s) && (inputIsDigit(s[end]) || s[end] == '.' || s[end] == ',') {
		end++
	}
	num, rest := s[:end], s[end:]

	if f, ok := inputFraction(num, rest); ok {
		switch {
		case neg || f == 0:
			return 0, "", inputInvalid("report.volume_not_positive", nil)
		case f > inputVolumeMax:
			return 0, "", inputInvalid("report.volume_too_large", map[string]any{"Max": inputVolumeMax})
		}
		r := math.Round(f*1000) / 1000
		if r == 0 {
			return 0, "", inputInvalid("report.volume_too_precise", map[string]any{"Max": inputVolumeDecimals})
		}
		return 0, "", inputInvalid("report.volume_fraction", map[string]any{"Desimal": r})
	}

	readings := readNumber(num)
	switch {
	case len(readings) == 0:
		return 0, "", inputInvalid("report.volume_not_number", nil)
	case len(readings) == 2 && neg: // both readings are negative
		return 0, "", inputInvalid("report.volume_not_positive", nil)
	}
	sat, e := inputSatuan(rest)
	if e != nil {
		return 0, "", e
	}
	if len(readings) == 2 {
		// Both readings are within the limits: at most 999999 and 999.999.
		ribuan, _ := readings[0].float()
		desimal, _ := readings[1].float()
		return 0, "", inputInvalid("report.volume_ambiguous", map[string]any{"Ribuan": ribuan, "Desimal": desimal, "Satuan": sat})
	}
	n := readings[0]
	n.Frac = strings.TrimRight(n.Frac, "0")
	if len(n.Frac) > inputVolumeDecimals {
		return 0, "", inputInvalid("report.volume_too_precise", map[string]any{"Max": inputVolumeDecimals})
	}
	v, perr := n.float()
	switch {
	case perr != nil && !neg: // only ErrRange (+Inf) is possible on validated digits
		return 0, "", inputInvalid("report.volume_too_large", map[string]any{"Max": inputVolumeMax})
	case neg || v <= 0:
		return 0, "", inputInvalid("report.volume_not_positive", nil)
	case v > inputVolumeMax:
		return 0, "", inputInvalid("report.volume_too_large", map[string]any{"Max": inputVolumeMax})
	}
	if utf8.RuneCountInString(sat) > inputSatuanMaxLen {
		return 0, "", inputInvalid("report.unit_invalid", map[string]any{"Max": inputSatuanMaxLen})
	}
	return v, sat, nil
}

// inputVulgar maps the fraction characters phones offer to their value.
var inputVulgar = map[rune][2]float64{
	'½': {1, 2}, '⅓': {1, 3}, '⅔': {2, 3}, '¼': {1, 4}, '¾': {3, 4},
	'⅕': {1, 5}, '⅖': {2, 5}, '⅗': {3, 5}, '⅘': {4, 5}, '⅙': {1, 6},
	'⅚': {5, 6}, '⅐': {1, 7}, '⅛': {1, 8}, '⅜': {3, 8}, '⅝': {5, 8},
	'⅞': {7, 8}, '⅑': {1, 9}, '⅒': {1, 10},
}

// inputFraction recognises "a/b", "w a/b", "½" and "w½" at the start of a
// volume and returns its value. A fraction by zero is not one.
func inputFraction(num, rest string) (float64, bool) {
	if num != "" && !inputAllDigits(num) {
		return 0, false
	}
	whole := 0.0
	if num != "" {
		whole, _ = strconv.ParseFloat(num, 64)
	}
	r := strings.TrimLeftFunc(rest, unicode.IsSpace)
	if c, _ := utf8.DecodeRuneInString(r); inputVulgar[c][1] != 0 {
		return whole + inputVulgar[c][0]/inputVulgar[c][1], true
	}
	if num == "" {
		return 0, false
	}
	digits := func(s string) (string, string) {
		i := 0
		for i < len(s) && inputIsDigit(s[i]) {
			i++
		}
		return s[:i], s[i:]
	}
	a, b := num, ""
	if strings.HasPrefix(r, "/") { // "a/b"
		b, _ = digits(strings.TrimLeftFunc(r[1:], unicode.IsSpace))
		whole = 0
	} else { // "w a/b"
		var after string
		a, after = digits(r)
		after = strings.TrimLeftFunc(after, unicode.IsSpace)
		if a == "" || !strings.HasPrefix(after, "/") {
			return 0, false
		}
		b, _ = digits(strings.TrimLeftFunc(after[1:], unicode.IsSpace))
	}
	if b == "" {
		return 0, false
	}
	x, _ := strconv.ParseFloat(a, 64)
	y, _ := strconv.ParseFloat(b, 64)
	if y == 0 || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return 0, false
	}
	return whole + x/y, true
}

// inputSatuan validates and normalises the text after a volume's number.
func inputSatuan(rest string) (string, *Error) {
	if rest == "" {
		return "", nil
	}
	notNumber := inputInvalid("report.volume_not_number", nil)
	first, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(first) && strings.ContainsAny(rest, "0123456789") {
		// glued to the number: "1e3", "0x1f", "2m2"
		return "", notNumber
	}
	raw := strings.TrimSpace(rest)
	if raw == "" {
		return "", nil
	}
	if first, _ = utf8.DecodeRuneInString(raw); !unicode.IsLetter(first) && first != '%' {
		return "", notNumber
	}
	var prev rune
	digitOK := false // the digit run in progress follows a letter
	for _, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			if !unicode.IsLetter(prev) && !(prev >= '0' && prev <= '9' && digitOK) {
				return "", notNumber
			}
			digitOK = true
		case unicode.IsLetter(r), unicode.IsMark(r), unicode.IsSpace(r), strings.ContainsRune(".-/%()'&²³°", r):
			digitOK = false
		default:
			return "", inputInvalid("report.unit_invalid", map[string]any{"Max": inputSatuanMaxLen})
		}
		prev = r
	}
	sat := strings.Join(strings.Fields(strings.ToLower(raw)), " ")
	return strings.TrimRight(sat, ". "), nil
}

// ParseMinutes reads how long a piece of work took and returns it in whole
// minutes, 1 to 1440. Case does not matter and spaces are optional.
//
// Accepted:
//   - a bare whole number of minutes: "90";
//   - components with units, hours before minutes, each at most once, joined
//     by nothing, ",", "dan", "and" or "lebih": "90 menit", "90m", "1 jam",
//     "1 jam 30 menit", "1j30m", "1 hour 30 min", "45 minutes", "1h30";
//     hour units are jam, j, h, hr, hrs, hour, hours; minute units are menit,
//     mnt, m, min, mins, minute, minutes;
//   - after whole hours, a last bare number 0–59 is minutes: "2 jam 15";
//   - decimal hours with a comma ("1,5 jam", "0,25 jam") or with a dot and a
//     single decimal ("1.5 jam"), rounded to the nearest minute (halves up);
//     "1:30 jam" is 1 hour 30 minutes; "setengah jam" is 30, "2 setengah jam"
//     is 150;
//   - a range of clock times on one day, H.MM or H:MM, joined by "-" (or an
//     en/em dash), "s/d", "s.d.", "sd", "sampai (dengan)", "hingga", "to",
//     "until" or "till", optionally after "pukul"/"pkl"/"jam"/"dari"/"from"
//     and followed by WIB/WITA/WIT: "08.00-09.30", "08:00–09:30",
//     "8.00 - 9.30", "08.00 s/d 09.30", "08.00 sampai 09.30" are all 90.
//
// Refused, each with its message ID:
//   - a number with a decimal or clock part and no unit ("1.30", "1,5",
//     "1:30", "08.00"): 1 h 30 min, 1.3 h, 90 min or a start time? Also a dot
//     followed by two or more digits before an hour unit ("1.30 jam",
//     "0.25 jam": 1 h 30 min or 1.3 h?). Both report.minutes_ambiguous, whose
//     text asks for "1 jam 30 menit", "1,5 jam" or "90";
//   - a range ending before it starts, report.minutes_range_backwards (no
//     overnight ranges: reports are per day);
//   - a clock hour over 23 or a clock minute over 59, including "2 jam 75"
//     and "1:75 jam", report.minutes_bad_clock;
//   - zero, a negative number, or a total that rounds to 0,
//     report.minutes_not_positive; over 1440, report.minutes_too_large;
//   - anything else, report.minutes_not_understood.
func ParseMinutes(s string) (minutes int, err error) {
	m, e := inputParseMinutes(s)
	if e != nil {
		return 0, e
	}
	return m, nil
}

// inputTok is one token of a duration: a number, a word, a dash or a comma.
type inputTok struct {
	kind byte   // 'n' number, 'w' word, '-' dash, ',' comma
	word string // kind 'w'
	ip   string // kind 'n': integer digits
	sep  byte   // kind 'n': 0, '.', ',' or ':'
	fp   string // kind 'n': digits after sep
}

func (t inputTok) is(words ...string) bool {
	if t.kind != 'w' {
		return false
	}
	for _, w := range words {
		if t.word == w {
			return true
		}
	}
	return false
}

func (t inputTok) hourUnit() bool {
	return t.is("jam", "j", "h", "hr", "hrs", "hour", "hours")
}

func (t inputTok) minuteUnit() bool {
	return t.is("menit", "mnt", "m", "min", "mins", "minute", "minutes")
}

// inputLexMinutes splits a lower-cased duration into tokens, or reports a
// character no duration contains.
func inputLexMinutes(s string) ([]inputTok, bool) {
	var toks []inputTok
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case inputIsDigit(s[i]):
			j := i
			for j < len(s) && inputIsDigit(s[j]) {
				j++
			}
			t := inputTok{kind: 'n', ip: s[i:j]}
			if j+1 < len(s) && strings.IndexByte(".,:", s[j]) >= 0 && inputIsDigit(s[j+1]) {
				k := j + 1
				for k < len(s) && inputIsDigit(s[k]) {
					k++
				}
				t.sep, t.fp = s[j], s[j+1:k]
				j = k
			}
			toks = append(toks, t)
			i = j
		case r == '-' || r == '–' || r == '—' || r == '‒' || r == '−':
			toks = append(toks, inputTok{kind: '-'})
			i += n
		case r == ',':
			toks = append(toks, inputTok{kind: ','})
			i += n
		case r == 's' && i+2 < len(s) && (s[i+1] == '/' || s[i+1] == '.') && s[i+2] == 'd' && !inputLetterAt(s, i+3):
			toks = append(toks, inputTok{kind: 'w', word: "s/d"})
			i += 3
			if i < len(s) && s[i] == '.' {
				i++
			}
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += n
			}
			toks = append(toks, inputTok{kind: 'w', word: s[i:j]})
			i = j
		default:
			return nil, false
		}
	}
	return toks, true
}

func inputLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func inputParseMinutes(s string) (int, *Error) {
	notUnderstood := inputInvalid("report.minutes_not_understood", nil)
	// A full stop or a comma after the answer ends the sentence ("90.",
	// "3,"), as in "90 menit."; a decimal needs a digit after its mark.
	s = strings.TrimSpace(strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), ".,"))
	toks, ok := inputLexMinutes(s)
	if !ok || len(toks) == 0 {
		return 0, notUnderstood
	}
	isRange := false
	for _, t := range toks[1:] {
		if t.kind == '-' || t.is("s/d", "sd", "sampai", "hingga", "to", "until", "till") {
			isRange = true
		}
	}
	var total int64
	var e *Error
	switch {
	case toks[0].kind == '-': // "-30"
		if isRange || len(toks) == 1 {
			return 0, notUnderstood
		}
		if _, e = inputDuration(toks[1:]); e == nil || e.MessageID == "report.minutes_too_large" {
			return 0, inputInvalid("report.minutes_not_positive", nil)
		}
		return 0, e
	case isRange:
		total, e = inputRange(toks)
	default:
		total, e = inputDuration(toks)
	}
	switch {
	case e != nil:
		return 0, e
	case total <= 0:
		return 0, inputInvalid("report.minutes_not_positive", nil)
	case total > inputMinutesMax:
		return 0, inputInvalid("report.minutes_too_large", map[string]any{"Max": inputMinutesMax})
	}
	return int(total), nil
}

// inputCount is the value of a run of digits, capped far above any limit so
// sums cannot overflow.
func inputCount(digits string) int64 {
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 7 {
		return 100_000_000
	}
	n, _ := strconv.ParseInt("0"+digits, 10, 64)
	return n
}

// inputHourMinutes converts the number before an hour unit into minutes.
func inputHourMinutes(t inputTok) (int64, *Error) {
	h := inputCount(t.ip) * 60
	switch t.sep {
	case 0:
		return h, nil
	case ':':
		if len(t.fp) != 2 {
			return 0, inputInvalid("report.minutes_not_understood", nil)
		}
		m := inputCount(t.fp)
		if m > 59 {
			return 0, inputInvalid("report.minutes_bad_clock", nil)
		}
		return h + m, nil
	case '.':
		if len(t.fp) != 1 { // "1.30 jam": 1 h 30 min or 1.3 h?
			return 0, inputInvalid("report.minutes_ambiguous", nil)
		}
	}
	if len(t.fp) > 9 {
		return 0, inputInvalid("report.minutes_not_understood", nil)
	}
	frac, _ := strconv.ParseInt(t.fp, 10, 64)
	scale := int64(math.Pow10(len(t.fp)))
	return h + (frac*120+scale)/(2*scale), nil // frac/scale hours, rounded half up
}

// inputDuration reads components such as "1 jam 30 menit" or a bare number.
func inputDuration(toks []inputTok) (int64, *Error) {
	notUnderstood := inputInvalid("report.minutes_not_understood", nil)
	if len(toks) == 1 && toks[0].kind == 'n' {
		if toks[0].sep != 0 {
			return 0, inputInvalid("report.minutes_ambiguous", nil)
		}
		return inputCount(toks[0].ip), nil
	}
	var total int64
	hours, mins, wholeHours, afterComponent := false, false, false, false
	for i := 0; i < len(toks); {
		t := toks[i]
		var next, third inputTok
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		if i+2 < len(toks) {
			third = toks[i+2]
		}
		switch {
		case t.kind == ',' || t.is("dan", "and", "lebih"):
			if !afterComponent {
				return 0, notUnderstood
			}
			afterComponent = false
			i++
			continue
		case t.is("setengah") && next.hourUnit() && !hours && !mins:
			total += 30
			hours = true
			i += 2
		case t.kind != 'n':
			return 0, notUnderstood
		case next.is("setengah") && third.hourUnit() && t.sep == 0 && !hours && !mins:
			total += inputCount(t.ip)*60 + 30
			hours = true
			i += 3
		case next.hourUnit() && !hours && !mins:
			m, e := inputHourMinutes(t)
			if e != nil {
				return 0, e
			}
			total += m
			hours, wholeHours = true, t.sep == 0
			i += 2
		case next.minuteUnit() && !mins && t.sep == 0:
			total += inputCount(t.ip)
			mins = true
			i += 2
		case next.kind == 0 && hours && wholeHours && !mins && afterComponent && t.sep == 0:
			// "2 jam 15", "1h30": the minutes of an h:mm
			m := inputCount(t.ip)
			if m > 59 {
				return 0, inputInvalid("report.minutes_bad_clock", nil)
			}
			total += m
			mins = true
			i++
		default:
			return 0, notUnderstood
		}
		afterComponent = true
	}
	if !afterComponent {
		return 0, notUnderstood
	}
	return total, nil
}

// inputRange reads "08.00-09.30" and its variants.
func inputRange(toks []inputTok) (int64, *Error) {
	notUnderstood := inputInvalid("report.minutes_not_understood", nil)
	i := 0
	skip := func(words ...string) {
		for i < len(toks) && toks[i].is(words...) {
			i++
		}
	}
	clock := func() (h, m int64, ok bool) {
		if i >= len(toks) {
			return 0, 0, false
		}
		t := toks[i]
		if t.kind != 'n' || (t.sep != '.' && t.sep != ':') || len(t.fp) != 2 || len(t.ip) > 2 {
			return 0, 0, false
		}
		i++
		skip("wib", "wita", "wit")
		return inputCount(t.ip), inputCount(t.fp), true
	}
	skip("pukul", "pkl", "jam", "dari", "from")
	h1, m1, ok := clock()
	if !ok || i >= len(toks) {
		return 0, notUnderstood
	}
	switch t := toks[i]; {
	case t.kind == '-', t.is("s/d", "sd", "hingga", "to", "until", "till"):
		i++
	case t.is("sampai"):
		i++
		skip("dengan")
	default:
		return 0, notUnderstood
	}
	skip("pukul", "pkl", "jam")
	h2, m2, ok := clock()
	if !ok || i != len(toks) {
		return 0, notUnderstood
	}
	if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
		return 0, inputInvalid("report.minutes_bad_clock", nil)
	}
	start, end := h1*60+m1, h2*60+m2
	if end < start {
		return 0, inputInvalid("report.minutes_range_backwards", map[string]any{
			"Mulai":   fmt.Sprintf("%02d.%02d", h1, m1),
			"Selesai": fmt.Sprintf("%02d.%02d", h2, m2),
		})
	}
	return end - start, nil
}
