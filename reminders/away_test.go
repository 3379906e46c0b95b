package reminders

import (
	"testing"
	"time"

	"kinerjabot/kinerja"
)

// A day declared away stops the day's reminders (dinas luar too) and is not
// counted as missed, while the calendar it came from — the target's — is
// left as it was.
func TestAway(t *testing.T) {
	wib, _, _ := zones(t)
	cfg := DefaultConfig(wib)
	cfg.DailySpread = 0
	mon := kinerja.Date{Year: 2026, Month: 12, Day: 28}
	cal := kinerja.Calendar{Rules: kinerja.DefaultRules(),
		Leave: []kinerja.LeaveSpan{{Mulai: mon, Selesai: mon, Jenis: kinerja.LeaveDinasLuar}}}
	away := Away(cal, []kinerja.Date{mon})
	if len(cal.Leave) != 1 || !cal.IsAvailable(mon) || away.IsAvailable(mon) {
		t.Fatalf("calendars: target %v, reminders %v", cal.IsAvailable(mon), away.IsAvailable(mon))
	}
	p := Person{Active: true, Linked: true, Reachable: true, Calendar: away}
	if why := cfg.Due(kinerja.ReminderPlan{Jenis: kinerja.ReminderHarian, Tanggal: mon}, p, time.Date(2026, 12, 28, 15, 31, 0, 0, wib)); why != ReasonDayOff {
		t.Fatalf("nudge on a declared day: %s", why)
	}
	// Last reported on Tuesday 22: 23, 24, 25 and 28 would be four missed
	// days on the 29th; with the 28th declared, three.
	_, missed, _ := Escalation(Away(kinerja.Calendar{Rules: kinerja.DefaultRules()}, []kinerja.Date{mon}), mon.AddDays(1), mon.AddDays(-6), 3)
	if missed != 3 {
		t.Fatalf("%d missed days, want 3", missed)
	}
	if got := Away(cal, nil); len(got.Leave) != 1 {
		t.Fatal("nothing declared changed the calendar")
	}
}
