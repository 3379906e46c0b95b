package kinerja

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// ReminderKind names one kind of reminder a person may receive.
type ReminderKind string

const (
	ReminderHarian   ReminderKind = "harian"   // the daily nudge
	ReminderMingguan ReminderKind = "mingguan" // Friday's shortfall note
	ReminderTenggat  ReminderKind = "tenggat"  // H-3 before the validation deadline: cannot be turned off
	ReminderDigest   ReminderKind = "digest"   // supervisors: approvals waiting too long
	ReminderEskalasi ReminderKind = "eskalasi" // supervisors: someone missed several working days
)

// ReminderKinds lists every kind, in the order settings show them.
var ReminderKinds = []ReminderKind{ReminderHarian, ReminderMingguan, ReminderTenggat, ReminderDigest, ReminderEskalasi}

// Valid reports whether k is a known kind.
func (k ReminderKind) Valid() bool { return slices.Contains(ReminderKinds, k) }

// Optional reports whether a person may turn k off (the deadline warning is
// always sent).
func (k ReminderKind) Optional() bool { return k.Valid() && k != ReminderTenggat }

// ForAssessors reports whether k only concerns people with a team.
func (k ReminderKind) ForAssessors() bool { return k == ReminderDigest || k == ReminderEskalasi }

// ReminderZone is a time zone a person may choose for their reminder hour.
type ReminderZone struct {
	Name string // WIB, WITA, WIT
	IANA string
}

// ReminderZones are Indonesia's three zones.
var ReminderZones = []ReminderZone{
	{Name: "WIB", IANA: "Asia/Jakarta"},
	{Name: "WITA", IANA: "Asia/Makassar"},
	{Name: "WIT", IANA: "Asia/Jayapura"},
}

// ZoneName returns the short name (WIB…) of an IANA zone, or "" when it is
// not one of ReminderZones.
func ZoneName(iana string) string {
	for _, z := range ReminderZones {
		if z.IANA == iana {
			return z.Name
		}
	}
	return ""
}

// The reminder hour a person may choose: outside the quiet hours (20:00–06:00).
const (
	ReminderEarliest = 6 * time.Hour
	ReminderLatest   = 19*time.Hour + 59*time.Minute
)

// ZoneLocation is the location of a person's zone (an IANA name, one of
// ReminderZones), or fallback when they chose none or it cannot be loaded.
// Zones are loaded once per process (a planner asks for thousands).
func ZoneLocation(iana string, fallback *time.Location) *time.Location {
	if iana == "" {
		return fallback
	}
	if l, ok := zoneCache.Load(iana); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(iana)
	if err != nil {
		return fallback
	}
	zoneCache.Store(iana, l)
	return l
}

var zoneCache sync.Map // IANA name → *time.Location

// ReminderPrefs are one person's reminder settings.
type ReminderPrefs struct {
	At   time.Duration  // the daily nudge's hour from midnight; 0: the deployment's default
	Off  []ReminderKind // kinds turned off (never ReminderTenggat)
	Zona string         // IANA zone of the hour (and of Daftar's); "": the deployment's zone
	// Daftar is how a supervisor receives their team's reports: 0, a card
	// per report as it is submitted (the default); else one daily list of
	// everything waiting, at this hour from midnight, on their working days.
	Daftar time.Duration
}

// Enabled reports whether the person receives k.
func (p ReminderPrefs) Enabled(k ReminderKind) bool {
	return !k.Optional() || !slices.Contains(p.Off, k)
}

// SetEnabled turns k on or off; setting the state it already has changes
// nothing, so a repeated press is harmless. It reports false (and changes
// nothing) for a kind that cannot be turned off.
func (p *ReminderPrefs) SetEnabled(k ReminderKind, on bool) bool {
	if !k.Optional() {
		return false
	}
	i := slices.Index(p.Off, k)
	switch {
	case on && i >= 0:
		p.Off = slices.Delete(slices.Clone(p.Off), i, i+1)
	case !on && i < 0:
		p.Off = append(slices.Clone(p.Off), k)
		slices.Sort(p.Off)
	}
	return true
}

// Validate checks prefs before they are stored.
func (p ReminderPrefs) Validate() error {
	for _, at := range []time.Duration{p.At, p.Daftar} {
		if at != 0 && (at < ReminderEarliest || at > ReminderLatest || at%time.Minute != 0) {
			return Errorf(CodeInvalid, "pengaturan.jam_range", nil)
		}
	}
	for _, k := range p.Off {
		if !k.Optional() {
			return Errorf(CodeInvalid, "pengaturan.jenis_invalid", nil)
		}
	}
	if p.Zona != "" && ZoneName(p.Zona) == "" {
		return Errorf(CodeInvalid, "pengaturan.zona_invalid", nil)
	}
	return nil
}

// ParseReminderTime reads the hour of a reminder as people type it: "15:30",
// "15.30", "1530", "15" (15:00), "jam 7" or "07.05". It must lie between
// ReminderEarliest and ReminderLatest: "pengaturan.jam_invalid" when it is
// not a time of day, "pengaturan.jam_range" when it is one but too early or
// too late.
func ParseReminderTime(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSpace(strings.TrimPrefix(s, "jam"))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "wib"), "wita"))
	s = strings.TrimSpace(strings.TrimSuffix(s, "wit"))
	bad := Errorf(CodeInvalid, "pengaturan.jam_invalid", nil)
	var hh, mm string
	if i := strings.IndexAny(s, ":."); i >= 0 {
		hh, mm = s[:i], s[i+1:]
		if len(mm) != 2 {
			return 0, bad
		}
	} else {
		switch len(s) {
		case 1, 2:
			hh, mm = s, "00"
		case 3, 4:
			hh, mm = s[:len(s)-2], s[len(s)-2:]
		default:
			return 0, bad
		}
	}
	if hh == "" || len(hh) > 2 || !inputAllDigits(hh) || !inputAllDigits(mm) {
		return 0, bad
	}
	h := int(hh[0] - '0')
	if len(hh) == 2 {
		h = h*10 + int(hh[1]-'0')
	}
	m := int(mm[0]-'0')*10 + int(mm[1]-'0')
	if h > 23 || m > 59 {
		return 0, bad
	}
	at := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if at < ReminderEarliest || at > ReminderLatest {
		return 0, Errorf(CodeInvalid, "pengaturan.jam_range", nil)
	}
	return at, nil
}

// FormatClock writes a time of day as Indonesians do: 15.30.
func FormatClock(at time.Duration) string {
	h, m := int(at/time.Hour), int(at%time.Hour/time.Minute)
	return string([]byte{byte('0' + h/10), byte('0' + h%10), '.', byte('0' + m/10), byte('0' + m%10)})
}
