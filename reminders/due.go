// Package reminders decides who is due which reminder when (pure functions
// of an injected "now", table-tested across zones) — the jobs that push them
// build on it. Business dates are in the deployment's zone (DOMAIN.md
// decision 5); a person's own zone only moves the hour their reminders
// arrive.
package reminders

import (
	"hash/fnv"
	"time"

	"kinerjabot/kinerja"
)

// Config holds the reminder rules of a deployment.
type Config struct {
	Business *time.Location // KINERJABOT_TZ: whose calendar dates count
	DailyAt  time.Duration  // the default hour of the daily nudge, from midnight (15:30)
	// DailySpread spreads the nudges of people who chose no hour over
	// [DailyAt, DailyAt+DailySpread), each at a minute of their own (a
	// stable hash of their NIP), so a city's nudges do not all queue for
	// Telegram's ~30 messages a second in the same minute (0: all at
	// DailyAt).
	DailySpread time.Duration
	QuietStart  time.Duration // no push from this time of day… (20:00)
	QuietEnd    time.Duration // …until this one (06:00), in the person's zone

	// The reminders without a personal hour (weekly note, deadline warning,
	// digest, escalation) are planned once a working day at MorningAt in
	// the business zone.
	MorningAt     time.Duration
	WeeklyDay     time.Weekday  // the weekly shortfall note (Friday)
	DeadlineDay   int           // the validation deadline: this day of the next month (5)
	WarningDays   int           // the deadline warning, this many working days before it (3)
	DigestAfter   time.Duration // the digest lists approvals waiting at least this long (24 h)
	EscalateAfter int           // consecutive working days without a report before the supervisor is told (3)
	Snooze        time.Duration // "Tunda 1 jam"
}

// DefaultConfig is Kota Semarang's: a nudge from 15:30, spread over an hour
// for those who chose no hour, quiet 20:00–06:00 — the hours outside what
// /pengaturan lets a person choose —, the other
// reminders at 09:00, the weekly note on Friday, the deadline on the 5th
// warned of 3 working days before, a digest of approvals waiting 24 hours,
// escalation after 3 missed working days, snoozes of one hour.
func DefaultConfig(business *time.Location) Config {
	return Config{Business: business, DailyAt: 15*time.Hour + 30*time.Minute, DailySpread: time.Hour,
		QuietStart: kinerja.ReminderLatest + time.Minute, QuietEnd: kinerja.ReminderEarliest,
		MorningAt: 9 * time.Hour, WeeklyDay: time.Friday, DeadlineDay: 5, WarningDays: 3,
		DigestAfter: 24 * time.Hour, EscalateAfter: 3, Snooze: time.Hour}
}

// Person is what the reminder rules need to know about one recipient at the
// moment a reminder is planned or pushed.
type Person struct {
	NIP       string // spreads the daily nudge of someone without an hour of their own
	Active    bool
	Linked    bool // has a chat with the bot (pressed Start)
	Reachable bool // has not blocked the bot
	// Prefs are their hour and zone and the kinds they turned off.
	Prefs kinerja.ReminderPrefs
	// Calendar has the working weekdays, the holidays and their leave.
	Calendar kinerja.Calendar
	// Reported: they have a report for the reminder's date (the daily nudge
	// and a supervisor's nudge are then not sent).
	Reported bool
	// SnoozedUntil is set when the reminder is the next round of one they
	// snoozed ("Tunda 1 jam"): that round is due at this instant, whatever
	// their hour.
	SnoozedUntil time.Time
}

// Quiet reports whether t falls in the quiet hours of zone.
func (c Config) Quiet(t time.Time, zone *time.Location) bool {
	l := t.In(zone)
	since := time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second
	if c.QuietStart > c.QuietEnd {
		return since >= c.QuietStart || since < c.QuietEnd
	}
	return since >= c.QuietStart && since < c.QuietEnd
}

// DailyTime is when the daily nudge of business date d is due for p: their
// hour in their zone on that date; without an hour of their own, the
// deployment's, plus their minute of the spread (the same every day).
func (c Config) DailyTime(p Person, d kinerja.Date) time.Time {
	at := p.Prefs.At
	if at == 0 {
		at = c.DailyAt + SpreadOffset(p.NIP, c.DailySpread)
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.Zone(p)).Add(at)
}

// ListTime is when a supervisor's daily list of approvals of business date
// d is due: the hour they chose (Prefs.Daftar), in their zone on that date.
func (c Config) ListTime(p Person, d kinerja.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, c.Zone(p)).Add(p.Prefs.Daftar)
}

// SpreadOffset is nip's whole minute within a spread: a stable hash, so a
// person's nudge comes at the same minute every day.
func SpreadOffset(nip string, spread time.Duration) time.Duration {
	minutes := uint32(spread / time.Minute)
	if minutes == 0 {
		return 0
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(nip))
	return time.Duration(h.Sum32()%minutes) * time.Minute
}

// Reason says why a nudge is or is not sent.
type Reason string

const (
	ReasonDue        Reason = "due"
	ReasonNotYet     Reason = "not_yet"     // before the person's hour, or before the reminder's day
	ReasonDayOff     Reason = "day_off"     // weekend, holiday, leave
	ReasonReported   Reason = "reported"    // they already reported for the day
	ReasonInactive   Reason = "inactive"    // not active, or unreachable (blocked the bot)
	ReasonDisabled   Reason = "disabled"    // they turned it off
	ReasonSnoozed    Reason = "snoozed"     // "Tunda 1 jam" still running
	ReasonQuiet      Reason = "quiet_hours" // too late (or early) in their zone
	ReasonDayIsOver  Reason = "day_over"    // the business day has ended: tomorrow is another one
	ReasonNotStarted Reason = "not_started" // not linked to Telegram yet
	ReasonAway       Reason = "away"        // an escalation while the supervisor is off or asleep: told later
)

// Due decides whether reminder r may go to p at now. It is the one rule:
// the planner asks it before planning, and the push asks it again, with
// everything read afresh, right before sending, so nothing reaches someone
// who has acted (or gone on leave, or turned the kind off) meanwhile. The
// kind's own reason (still behind the target, approvals still waiting, the
// streak unchanged) is the push's to check after this.
//
// ReasonNotYet and ReasonAway mean "later": the reminder is planned again
// when it can be due. Every other reason but ReasonDue is final for r.
func (c Config) Due(r kinerja.ReminderPlan, p Person, now time.Time) Reason {
	today := kinerja.DateOf(now, c.Business)
	switch {
	case !p.Active || !p.Reachable:
		return ReasonInactive
	case !p.Linked:
		return ReasonNotStarted
	case r.Jenis != kinerja.ReminderColek && !p.Prefs.Enabled(r.Jenis):
		return ReasonDisabled
	case r.Jenis == kinerja.ReminderDaftar && p.Prefs.Daftar == 0:
		// Back to a card per report since the list was planned.
		return ReasonDisabled
	}
	if r.Jenis == kinerja.ReminderEskalasi {
		// Told once per streak, whenever that is: a supervisor away (a
		// day off, the night) hears of it on their next working morning.
		if !p.Calendar.IsAvailable(today) || c.Quiet(now, c.Zone(p)) {
			return ReasonAway
		}
		return ReasonDue
	}
	switch {
	case today.Before(r.Tanggal):
		return ReasonNotYet
	case today != r.Tanggal:
		return ReasonDayIsOver
	case !p.Calendar.IsAvailable(today):
		return ReasonDayOff
	case p.Reported && (r.Jenis == kinerja.ReminderHarian || r.Jenis == kinerja.ReminderColek):
		return ReasonReported
	case !p.SnoozedUntil.IsZero():
		if now.Before(p.SnoozedUntil) {
			return ReasonSnoozed
		}
	case r.Jenis == kinerja.ReminderHarian && now.Before(c.DailyTime(p, today)):
		return ReasonNotYet
	case r.Jenis == kinerja.ReminderDaftar && now.Before(c.ListTime(p, today)):
		return ReasonNotYet
	}
	if c.Quiet(now, c.Zone(p)) {
		return ReasonQuiet
	}
	return ReasonDue
}

// SnoozeOver reports whether a snooze that runs until until is over at now:
// the next round of the reminder is then planned.
func SnoozeOver(until, now time.Time) bool { return !now.Before(until) }
