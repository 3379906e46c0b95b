// Package reminders decides who is due which reminder when (pure functions
// of an injected "now", table-tested across zones) — the jobs that push them
// build on it. Business dates are in the deployment's zone (DOMAIN.md
// decision 5); a person's own zone only moves the hour their reminders
// arrive.
package reminders

import (
	"time"

	"kinerjabot/kinerja"
)

// Config holds the reminder rules of a deployment.
type Config struct {
	Business   *time.Location // KINERJABOT_TZ: whose calendar dates count
	DailyAt    time.Duration  // the default hour of the daily nudge, from midnight (15:30)
	QuietStart time.Duration  // no push from this time of day… (20:00)
	QuietEnd   time.Duration  // …until this one (06:00), in the person's zone

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

// DefaultConfig is Kota Semarang's: a nudge at 15:30, quiet 20:00–06:00 —
// the hours outside what /pengaturan lets a person choose —, the other
// reminders at 09:00, the weekly note on Friday, the deadline on the 5th
// warned of 3 working days before, a digest of approvals waiting 24 hours,
// escalation after 3 missed working days, snoozes of one hour.
func DefaultConfig(business *time.Location) Config {
	return Config{Business: business, DailyAt: 15*time.Hour + 30*time.Minute,
		QuietStart: kinerja.ReminderLatest + time.Minute, QuietEnd: kinerja.ReminderEarliest,
		MorningAt: 9 * time.Hour, WeeklyDay: time.Friday, DeadlineDay: 5, WarningDays: 3,
		DigestAfter: 24 * time.Hour, EscalateAfter: 3, Snooze: time.Hour}
}

// Person is what the daily nudge needs to know about one person.
type Person struct {
	Zone         *time.Location // their zone for the hour (WIB, WITA, WIT); nil: the business zone
	At           time.Duration  // their chosen hour; 0: Config.DailyAt
	Active       bool
	Reachable    bool
	DailyOff     bool      // they turned the daily nudge off
	SnoozedUntil time.Time // "Tunda 1 jam"
	Calendar     kinerja.Calendar
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
// hour in their zone on that date.
func (c Config) DailyTime(p Person, d kinerja.Date) time.Time {
	zone := c.Zone(p)
	at := p.At
	if at == 0 {
		at = c.DailyAt
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, zone).Add(at)
}

// Reason says why a nudge is or is not sent.
type Reason string

const (
	ReasonDue        Reason = "due"
	ReasonNotYet     Reason = "not_yet"     // before the person's hour
	ReasonDayOff     Reason = "day_off"     // weekend, holiday, leave
	ReasonReported   Reason = "reported"    // they already reported for the day
	ReasonInactive   Reason = "inactive"    // not active, or unreachable (blocked the bot)
	ReasonDisabled   Reason = "disabled"    // they turned it off
	ReasonSnoozed    Reason = "snoozed"     // "Tunda 1 jam" still running
	ReasonQuiet      Reason = "quiet_hours" // too late (or early) in their zone
	ReasonDayIsOver  Reason = "day_over"    // the business day has ended: tomorrow is another one
	ReasonNotStarted Reason = "not_started" // not linked to Telegram yet
)

// Daily decides whether the daily nudge for business date d is due at now,
// given whether p has a report for d. It is checked when planning and again
// right before sending, so someone who reported meanwhile gets nothing.
func (c Config) Daily(p Person, d kinerja.Date, reported bool, now time.Time) Reason {
	switch {
	case !p.Active || !p.Reachable:
		return ReasonInactive
	case p.DailyOff:
		return ReasonDisabled
	case !p.Calendar.IsAvailable(d):
		return ReasonDayOff
	case reported:
		return ReasonReported
	case kinerja.DateOf(now, c.Business) != d:
		if kinerja.DateOf(now, c.Business).Before(d) {
			return ReasonNotYet
		}
		return ReasonDayIsOver
	case now.Before(c.DailyTime(p, d)):
		return ReasonNotYet
	case now.Before(p.SnoozedUntil):
		return ReasonSnoozed
	}
	if c.Quiet(now, c.Zone(p)) {
		return ReasonQuiet
	}
	return ReasonDue
}
