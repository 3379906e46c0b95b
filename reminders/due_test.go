package reminders

import (
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

func TestDailyNudge(t *testing.T) {
	wib, wita, wit := zones(t)
	cfg := DefaultConfig(wib)
	cal := kinerja.Calendar{
		Rules:    kinerja.DefaultRules(),
		Holidays: map[kinerja.Date]string{{Year: 2026, Month: 12, Day: 25}: "Hari Raya Natal"},
		Leave:    []kinerja.LeaveSpan{{Mulai: kinerja.Date{Year: 2026, Month: 12, Day: 21}, Selesai: kinerja.Date{Year: 2026, Month: 12, Day: 22}, Jenis: kinerja.LeaveCuti}},
	}
	base := Person{Active: true, Reachable: true, Calendar: cal}
	mon := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	at := func(y int, m time.Month, d, h, min int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	with := func(f func(*Person)) Person { p := base; f(&p); return p }
	for _, tc := range []struct {
		name     string
		p        Person
		d        kinerja.Date
		reported bool
		now      time.Time
		want     Reason
	}{
		{"due at 15:30 WIB", base, mon, false, at(2026, 12, 28, 15, 30, wib), ReasonDue},
		{"not before", base, mon, false, at(2026, 12, 28, 15, 29, wib), ReasonNotYet},
		{"reported already", base, mon, true, at(2026, 12, 28, 16, 0, wib), ReasonReported},
		{"weekend", base, kinerja.Date{Year: 2026, Month: 12, Day: 27}, false, at(2026, 12, 27, 16, 0, wib), ReasonDayOff},
		{"holiday", base, kinerja.Date{Year: 2026, Month: 12, Day: 25}, false, at(2026, 12, 25, 16, 0, wib), ReasonDayOff},
		{"leave", base, kinerja.Date{Year: 2026, Month: 12, Day: 21}, false, at(2026, 12, 21, 16, 0, wib), ReasonDayOff},
		{"inactive", with(func(p *Person) { p.Active = false }), mon, false, at(2026, 12, 28, 16, 0, wib), ReasonInactive},
		{"blocked the bot", with(func(p *Person) { p.Reachable = false }), mon, false, at(2026, 12, 28, 16, 0, wib), ReasonInactive},
		{"turned off", with(func(p *Person) { p.DailyOff = true }), mon, false, at(2026, 12, 28, 16, 0, wib), ReasonDisabled},
		{"snoozed", with(func(p *Person) { p.SnoozedUntil = at(2026, 12, 28, 16, 30, wib) }), mon, false, at(2026, 12, 28, 16, 0, wib), ReasonSnoozed},
		{"snooze over", with(func(p *Person) { p.SnoozedUntil = at(2026, 12, 28, 16, 30, wib) }), mon, false, at(2026, 12, 28, 16, 30, wib), ReasonDue},
		{"quiet hours", with(func(p *Person) { p.At = 20*time.Hour + 30*time.Minute }), mon, false, at(2026, 12, 28, 20, 30, wib), ReasonQuiet},
		// WITA is an hour ahead: 15:30 WITA is 14:30 WIB, same business day.
		{"WITA hour", with(func(p *Person) { p.Zone = wita }), mon, false, at(2026, 12, 28, 14, 30, wib), ReasonDue},
		{"WITA not yet", with(func(p *Person) { p.Zone = wita }), mon, false, at(2026, 12, 28, 14, 29, wib), ReasonNotYet},
		// WIT is two hours ahead: 15:30 WIT is 13:30 WIB.
		{"WIT hour", with(func(p *Person) { p.Zone = wit }), mon, false, at(2026, 12, 28, 13, 30, wib), ReasonDue},
		// A person in WIT asking for 23:00: already the next business day
		// in WIB? No: 23:00 WIT is 21:00 WIB the same day, but quiet in WIT.
		{"late hour in WIT is quiet", with(func(p *Person) { p.Zone = wit; p.At = 23 * time.Hour }), mon, false, at(2026, 12, 28, 21, 0, wib), ReasonQuiet},
		{"the next day", base, mon, false, at(2026, 12, 29, 9, 0, wib), ReasonDayIsOver},
		{"a day ahead", base, kinerja.Date{Year: 2026, Month: 12, Day: 29}, false, at(2026, 12, 28, 16, 0, wib), ReasonNotYet},
		// Month end: 31 December is a Thursday, a working day.
		{"month end", base, kinerja.Date{Year: 2026, Month: 12, Day: 31}, false, at(2026, 12, 31, 15, 30, wib), ReasonDue},
	} {
		if got := cfg.Daily(tc.p, tc.d, tc.reported, tc.now); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
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
