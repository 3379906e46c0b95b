package kinerja

import (
	"regexp"
	"strings"
)

// Amount is how much work a report says was done and how long it took, as
// far as the person typed them.
type Amount struct {
	Volume    float64
	Satuan    string // "" when only a number was typed
	HasVolume bool
	Menit     int
	HasMenit  bool
}

// amountSeparators split "how much, how long" typed on one line: a comma
// followed by a space (a comma between digits is a decimal mark), a
// semicolon, or "dan" / "and" between words.
var amountSeparators = regexp.MustCompile(`,\s+|;\s*|\s+(?:dan|and)\s+`)

// timeUnits are the words ParseMinutes reads as hours and minutes: a
// volume whose satuan is one of them is a duration typed in its place.
var timeUnits = map[string]bool{"jam": true, "j": true, "h": true, "hr": true, "hrs": true, "hour": true, "hours": true,
	"menit": true, "mnt": true, "m": true, "min": true, "mins": true, "minute": true, "minutes": true}

// ParseAmount reads what a person typed for how much work they did and how
// long it took, in one answer: "2 dokumen, 90 menit", "2 dokumen 1 jam 30
// menit", "2 90", "1,5 laporan; 45 menit", or the two on two lines. Either
// may come alone: "90 menit" or "1 jam 30 menit" (a duration: it has a time
// unit), "2 dokumen" (a volume). A bare number alone is a volume. The rules
// of each part are ParseVolume's and ParseMinutes'; a refusal is theirs
// (the volume's first), and an ambiguous volume ("1.500") is refused with
// report.volume_ambiguous while the duration typed with it is still
// returned, so the question of which reading is meant can keep it.
func ParseAmount(s string) (Amount, error) {
	var parts []string
	for _, line := range strings.Split(s, "\n") {
		for _, p := range amountSeparators.Split(line, -1) {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
	}
	switch len(parts) {
	case 0:
		return Amount{}, inputInvalid("report.volume_empty", nil)
	case 1:
		return amountOfOne(parts[0])
	case 2:
		if a, err := amountOf(parts[0], parts[1]); err == nil || VolumeIsAmbiguous(err) {
			return a, err
		}
		// "90 menit, 2 dokumen": the other way round.
		if a, err := amountOf(parts[1], parts[0]); err == nil && isDuration(parts[0]) {
			return a, nil
		}
		return amountOf(parts[0], parts[1])
	}
	return Amount{}, inputInvalid("report.amount_not_understood", nil)
}

// amountOfOne reads one part: a duration, a volume, or a volume followed
// by a duration ("2 dokumen 90 menit").
func amountOfOne(s string) (Amount, error) {
	if isDuration(s) {
		m, _ := ParseMinutes(s)
		return Amount{Menit: m, HasMenit: true}, nil
	}
	words := strings.Fields(s)
	for i := len(words) - 1; i >= 1; i-- {
		vol, dur := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		if _, err := ParseMinutes(dur); err != nil {
			continue
		}
		if a, err := amountOf(vol, dur); err == nil || VolumeIsAmbiguous(err) {
			return a, err
		}
	}
	v, sat, err := ParseVolume(s)
	if err != nil {
		return Amount{}, err
	}
	return Amount{Volume: v, Satuan: sat, HasVolume: true}, nil
}

// amountOf reads a volume and a duration.
func amountOf(vol, dur string) (Amount, error) {
	m, merr := ParseMinutes(dur)
	v, sat, verr := ParseVolume(vol)
	if verr == nil && timeUnits[sat] {
		verr = inputInvalid("report.amount_not_understood", nil)
	}
	a := Amount{Volume: v, Satuan: sat, HasVolume: verr == nil, Menit: m, HasMenit: merr == nil}
	switch {
	case verr != nil:
		return a, verr
	case merr != nil:
		return a, merr
	}
	return a, nil
}

// isDuration reports whether s is a duration that says so: a time unit or
// a range of clock times, not a bare number (which is a volume).
func isDuration(s string) bool {
	if _, err := ParseMinutes(s); err != nil {
		return false
	}
	_, _, err := ParseVolume(s)
	return err != nil || timeUnits[strings.Fields(strings.ToLower(s))[len(strings.Fields(s))-1]]
}

// VolumeIsAmbiguous reports whether err refuses a volume that can be read
// two ways (see VolumeReadings).
func VolumeIsAmbiguous(err error) bool {
	_, _, _, ok := VolumeReadings(err)
	return ok
}

// SplitReport reads one typed answer to "what did you do": the uraian, and
// — when the person added them on the last line or two, as the question
// invites — how much and how long: "Menyusun notulen rapat\n2 dokumen\n90
// menit". Trailing lines are taken as the amount only when they read as
// one and some uraian is left; everything else is the uraian. err is an
// ambiguous volume's (see ParseAmount), with the rest returned.
func SplitReport(s string) (uraian string, a Amount, err error) {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	for n := min(2, len(lines)-1); n >= 1; n-- {
		a, err := ParseAmount(strings.Join(lines[len(lines)-n:], "\n"))
		if err == nil || VolumeIsAmbiguous(err) {
			return strings.Join(lines[:len(lines)-n], "\n"), a, err
		}
	}
	return strings.Join(lines, "\n"), Amount{}, nil
}
