package reminders

import (
	"fmt"
	"testing"
	"time"

	"kinerjabot/kinerja"
)

func zones(t *testing.T) (wib, wita, wit *time.Location) {
	t.Helper()
	var err error
	if wib, err = time.LoadLocation("Asia/Jakarta"); err != nil {
		t.Fatal(err)
	}
	if wita, err = time.LoadLocation("Asia/Makassar"); err != nil {
		t.Fatal(err)
	}
	if wit, err = time.LoadLocation("Asia/Jayapura"); err != nil {
		t.Fatal(err)
	}
	return
}

func TestDue(t *testing.T) {
	wib, _, _ := zones(t)
	cfg := DefaultConfig(wib)
	cfg.DailySpread = 0 // the spread has its own test
	cal := kinerja.Calendar{
		Rules:    kinerja.DefaultRules(),
		Holidays: map[kinerja.Date]string{{Year: 2026, Month: 12, Day: 25}: "Hari Raya Natal"},
		Leave:    []kinerja.LeaveSpan{{Mulai: kinerja.Date{Year: 2026, Month: 12, Day: 21}, Selesai: kinerja.Date{Year: 2026, Month: 12, Day: 22}, Jenis: kinerja.LeaveCuti}},
	}
	base := Person{Active: true, Linked: true, Reachable: true, Calendar: cal}
	mon := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	at := func(d, h, min int) time.Time { return time.Date(2026, 12, d, h, min, 0, 0, wib) }
	with := func(f func(*Person)) Person { p := base; p.Prefs.Off = nil; f(&p); return p }
	plan := func(k kinerja.ReminderKind, d kinerja.Date) kinerja.ReminderPlan {
		return kinerja.ReminderPlan{Jenis: k, Tanggal: d}
	}
	harian := func(d kinerja.Date) kinerja.ReminderPlan { return plan(kinerja.ReminderHarian, d) }
	for _, tc := range []struct {
		name string
		r    kinerja.ReminderPlan
		p    Person
		now  time.Time
		want Reason
	}{
		{"due at 15:30 WIB", harian(mon), base, at(28, 15, 30), ReasonDue},
		{"not before", harian(mon), base, at(28, 15, 29), ReasonNotYet},
		{"reported already", harian(mon), with(func(p *Person) { p.Reported = true }), at(28, 16, 0), ReasonReported},
		{"weekend", harian(kinerja.Date{Year: 2026, Month: 12, Day: 27}), base, at(27, 16, 0), ReasonDayOff},
		{"holiday", harian(kinerja.Date{Year: 2026, Month: 12, Day: 25}), base, at(25, 16, 0), ReasonDayOff},
		{"leave", harian(kinerja.Date{Year: 2026, Month: 12, Day: 21}), base, at(21, 16, 0), ReasonDayOff},
		{"inactive", harian(mon), with(func(p *Person) { p.Active = false }), at(28, 16, 0), ReasonInactive},
		{"blocked the bot", harian(mon), with(func(p *Person) { p.Reachable = false }), at(28, 16, 0), ReasonInactive},
		{"never pressed Start", harian(mon), with(func(p *Person) { p.Linked = false }), at(28, 16, 0), ReasonNotStarted},
		{"turned off", harian(mon), with(func(p *Person) { p.Prefs.Off = []kinerja.ReminderKind{kinerja.ReminderHarian} }), at(28, 16, 0), ReasonDisabled},
		{"snoozed", harian(mon), with(func(p *Person) { p.SnoozedUntil = at(28, 16, 30) }), at(28, 16, 0), ReasonSnoozed},
		{"snooze over", harian(mon), with(func(p *Person) { p.SnoozedUntil = at(28, 16, 30) }), at(28, 16, 30), ReasonDue},
		// A snoozed round comes at the end of its snooze even when the
		// person has since moved their hour later.
		{"snooze over before a new hour", harian(mon), with(func(p *Person) { p.SnoozedUntil = at(28, 16, 30); p.Prefs.At = 18 * time.Hour }), at(28, 16, 30), ReasonDue},
		{"quiet hours", harian(mon), with(func(p *Person) { p.Prefs.At = 20*time.Hour + 30*time.Minute }), at(28, 20, 30), ReasonQuiet},
		// WITA is an hour ahead: 15:30 WITA is 14:30 WIB, same business day.
		{"WITA hour", harian(mon), with(func(p *Person) { p.Prefs.Zona = "Asia/Makassar" }), at(28, 14, 30), ReasonDue},
		{"WITA not yet", harian(mon), with(func(p *Person) { p.Prefs.Zona = "Asia/Makassar" }), at(28, 14, 29), ReasonNotYet},
		// WIT is two hours ahead: 15:30 WIT is 13:30 WIB.
		{"WIT hour", harian(mon), with(func(p *Person) { p.Prefs.Zona = "Asia/Jayapura" }), at(28, 13, 30), ReasonDue},
		// 23:00 WIT is 21:00 WIB the same day, but quiet in WIT.
		{"late hour in WIT is quiet", harian(mon), with(func(p *Person) { p.Prefs.Zona = "Asia/Jayapura"; p.Prefs.At = 23 * time.Hour }), at(28, 21, 0), ReasonQuiet},
		{"the next day", harian(mon), base, at(29, 9, 0), ReasonDayIsOver},
		{"a day ahead", harian(kinerja.Date{Year: 2026, Month: 12, Day: 29}), base, at(28, 16, 0), ReasonNotYet},
		// Month end: 31 December is a Thursday, a working day.
		{"month end", harian(kinerja.Date{Year: 2026, Month: 12, Day: 31}), base, at(31, 15, 30), ReasonDue},
		// The once-a-day kinds have no hour of their own.
		{"weekly note in the morning", plan(kinerja.ReminderMingguan, mon), base, at(28, 9, 0), ReasonDue},
		{"weekly note turned off", plan(kinerja.ReminderMingguan, mon), with(func(p *Person) { p.Prefs.Off = []kinerja.ReminderKind{kinerja.ReminderMingguan} }), at(28, 9, 0), ReasonDisabled},
		{"weekly note on leave", plan(kinerja.ReminderMingguan, kinerja.Date{Year: 2026, Month: 12, Day: 21}), base, at(21, 9, 0), ReasonDayOff},
		{"a reported person still gets the weekly note", plan(kinerja.ReminderMingguan, mon), with(func(p *Person) { p.Reported = true }), at(28, 9, 0), ReasonDue},
		{"digest snoozed", plan(kinerja.ReminderDigest, mon), with(func(p *Person) { p.SnoozedUntil = at(28, 10, 0) }), at(28, 9, 30), ReasonSnoozed},
		// The deadline warning cannot be turned off.
		{"deadline warning always on", plan(kinerja.ReminderTenggat, mon), with(func(p *Person) { p.Prefs.Off = []kinerja.ReminderKind{kinerja.ReminderTenggat} }), at(28, 9, 0), ReasonDue},
		// A supervisor's nudge ignores the hour and the kinds turned off,
		// not a report already made.
		{"nudge", plan(kinerja.ReminderColek, mon), with(func(p *Person) { p.Prefs.Off = kinerja.ReminderKinds[:2] }), at(28, 10, 0), ReasonDue},
		{"nudge after reporting", plan(kinerja.ReminderColek, mon), with(func(p *Person) { p.Reported = true }), at(28, 10, 0), ReasonReported},
		// An escalation is keyed by the streak's first day: it is due on any
		// later working day, and waits while the supervisor is away.
		{"escalation", plan(kinerja.ReminderEskalasi, kinerja.Date{Year: 2026, Month: 12, Day: 23}), base, at(28, 9, 0), ReasonDue},
		{"escalation to a supervisor on leave", plan(kinerja.ReminderEskalasi, mon), base, at(21, 9, 0), ReasonAway},
		{"escalation at night", plan(kinerja.ReminderEskalasi, mon), base, at(28, 21, 0), ReasonAway},
		{"escalation turned off", plan(kinerja.ReminderEskalasi, mon), with(func(p *Person) { p.Prefs.Off = []kinerja.ReminderKind{kinerja.ReminderEskalasi} }), at(28, 9, 0), ReasonDisabled},
		// A supervisor's daily list of approvals: at the hour they chose, in
		// their zone, on their working days, only while they chose it.
		{"daily list at its hour", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 15 * time.Hour }), at(28, 15, 0), ReasonDue},
		{"daily list before its hour", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 15 * time.Hour }), at(28, 14, 59), ReasonNotYet},
		{"daily list, hour in WITA", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 15 * time.Hour; p.Prefs.Zona = "Asia/Makassar" }), at(28, 14, 0), ReasonDue},
		{"daily list back to cards", plan(kinerja.ReminderDaftar, mon), base, at(28, 15, 0), ReasonDisabled},
		{"daily list on leave", plan(kinerja.ReminderDaftar, kinerja.Date{Year: 2026, Month: 12, Day: 21}), with(func(p *Person) { p.Prefs.Daftar = 8 * time.Hour }), at(21, 8, 0), ReasonDayOff},
		{"daily list on a holiday", plan(kinerja.ReminderDaftar, kinerja.Date{Year: 2026, Month: 12, Day: 25}), with(func(p *Person) { p.Prefs.Daftar = 8 * time.Hour }), at(25, 8, 0), ReasonDayOff},
		{"daily list the next day", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 8 * time.Hour }), at(29, 8, 0), ReasonDayIsOver},
		{"daily list not snoozed by reports", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 8 * time.Hour; p.Reported = true }), at(28, 8, 0), ReasonDue},
		{"daily list late at night", plan(kinerja.ReminderDaftar, mon), with(func(p *Person) { p.Prefs.Daftar = 8 * time.Hour }), at(28, 20, 30), ReasonQuiet},
	} {
		if got := cfg.Due(tc.r, tc.p, tc.now); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	if !SnoozeOver(at(28, 16, 30), at(28, 16, 30)) || SnoozeOver(at(28, 16, 30), at(28, 16, 29)) {
		t.Error("a snooze is over at its end, not before")
	}
}

func TestQuietHours(t *testing.T) {
	wib, _, _ := zones(t)
	cfg := DefaultConfig(wib)
	for h, want := range map[int]bool{5: true, 6: false, 12: false, 19: false, 20: true, 23: true, 0: true} {
		if got := cfg.Quiet(time.Date(2026, 12, 28, h, 0, 0, 0, wib), wib); got != want {
			t.Errorf("%02d:00 quiet = %v", h, got)
		}
	}
	day := Config{Business: wib, QuietStart: 12 * time.Hour, QuietEnd: 13 * time.Hour}
	if !day.Quiet(time.Date(2026, 12, 28, 12, 30, 0, 0, wib), wib) || day.Quiet(time.Date(2026, 12, 28, 13, 0, 0, 0, wib), wib) {
		t.Error("a quiet window within the day")
	}
}

// People without an hour of their own are nudged over an hour from 15:30,
// each at a minute of their own, the same every day; a chosen hour is kept.
func TestDailyNudgeSpread(t *testing.T) {
	wib, _, _ := zones(t)
	cfg := DefaultConfig(wib)
	mon, tue := kinerja.Date{Year: 2026, Month: 12, Day: 28}, kinerja.Date{Year: 2026, Month: 12, Day: 29}
	start := time.Date(2026, 12, 28, 15, 30, 0, 0, wib)
	minutes := map[time.Duration]int{}
	for i := range 2000 {
		p := Person{NIP: fmt.Sprintf("1987031520100110%02d", i%100) + fmt.Sprint(i)}
		at := cfg.DailyTime(p, mon)
		off := at.Sub(start)
		if off < 0 || off >= time.Hour || off%time.Minute != 0 {
			t.Fatalf("%s: nudged at %v", p.NIP, at)
		}
		if next := cfg.DailyTime(p, tue); next.Sub(at) != 24*time.Hour {
			t.Fatalf("%s: %v one day, %v the next", p.NIP, at, next)
		}
		minutes[off]++
	}
	// Spread over the hour: every minute has some, none far more than its share.
	if len(minutes) != 60 {
		t.Fatalf("%d minutes used, want 60", len(minutes))
	}
	for m, n := range minutes {
		if n > 3*2000/60 {
			t.Fatalf("%d nudges at minute %v", n, m)
		}
	}
	own := Person{NIP: "198703152010011002", Prefs: kinerja.ReminderPrefs{At: 14 * time.Hour}}
	if at := cfg.DailyTime(own, mon); !at.Equal(time.Date(2026, 12, 28, 14, 0, 0, 0, wib)) {
		t.Fatalf("a chosen hour moved: %v", at)
	}
	cfg.DailySpread = 0
	if at := cfg.DailyTime(Person{NIP: "198703152010011002"}, mon); !at.Equal(start) {
		t.Fatalf("no spread: %v", at)
	}
}
