package kinerja

import (
	"testing"
	"time"
)

func TestParseReminderTime(t *testing.T) {
	hm := func(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }
	cases := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"15:30", hm(15, 30), ""},
		{"15.30", hm(15, 30), ""},
		{" 1530 ", hm(15, 30), ""},
		{"7", hm(7, 0), ""},
		{"jam 7", hm(7, 0), ""},
		{"730", hm(7, 30), ""},
		{"07.05 WIB", hm(7, 5), ""},
		{"16.00 wita", hm(16, 0), ""},
		{"06:00", hm(6, 0), ""},   // the earliest
		{"19.59", hm(19, 59), ""}, // the latest
		{"05.59", 0, "pengaturan.jam_range"},
		{"20.00", 0, "pengaturan.jam_range"},
		{"23:30", 0, "pengaturan.jam_range"},
		{"0", 0, "pengaturan.jam_range"},
		{"24.00", 0, "pengaturan.jam_invalid"},
		{"15.60", 0, "pengaturan.jam_invalid"},
		{"15.3", 0, "pengaturan.jam_invalid"},
		{"sore", 0, "pengaturan.jam_invalid"},
		{"", 0, "pengaturan.jam_invalid"},
		{"15:30:00", 0, "pengaturan.jam_invalid"},
		{"12345", 0, "pengaturan.jam_invalid"},
		{"-7", 0, "pengaturan.jam_invalid"},
	}
	for _, c := range cases {
		got, err := ParseReminderTime(c.in)
		if c.err != "" {
			if msgID(err) != c.err {
				t.Errorf("%q: err %v, want %s", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func FuzzParseReminderTime(f *testing.F) {
	for _, s := range []string{"15:30", "jam 7", "1530", "24.00", "wib"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseReminderTime(s)
		if err != nil {
			if ErrorCode(err) != CodeInvalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if at < ReminderEarliest || at > ReminderLatest || (ReminderPrefs{At: at}).Validate() != nil {
			t.Fatalf("%q accepted as %v", s, at)
		}
		if back, err := ParseReminderTime(FormatClock(at)); err != nil || back != at {
			t.Fatalf("%q: %v does not read back (%v, %v)", s, at, back, err)
		}
	})
}

func TestReminderPrefs(t *testing.T) {
	var p ReminderPrefs
	for _, k := range ReminderKinds {
		if !p.Enabled(k) {
			t.Fatalf("%s off by default", k)
		}
	}
	if p.SetEnabled(ReminderTenggat, false) || !p.Enabled(ReminderTenggat) {
		t.Fatal("the deadline warning was turned off")
	}
	if !p.SetEnabled(ReminderHarian, false) || p.Enabled(ReminderHarian) {
		t.Fatal("harian not turned off")
	}
	p.SetEnabled(ReminderHarian, false) // a repeated press
	if len(p.Off) != 1 {
		t.Fatalf("off twice: %v", p.Off)
	}
	q := p
	if !q.SetEnabled(ReminderHarian, true) || !q.Enabled(ReminderHarian) || p.Enabled(ReminderHarian) {
		t.Fatal("turned back on, or it changed the copy it came from")
	}
	q.SetEnabled(ReminderHarian, true)
	if len(q.Off) != 0 {
		t.Fatalf("on twice: %v", q.Off)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []ReminderPrefs{
		{Off: []ReminderKind{ReminderTenggat}},
		{Off: []ReminderKind{"semua"}},
		{At: 5 * time.Hour},
		{At: 20 * time.Hour},
		{At: 15*time.Hour + 30*time.Second},
		{Zona: "Europe/Berlin"},
		{Daftar: 5*time.Hour + 59*time.Minute}, // a supervisor's daily list: outside the quiet hours too
		{Daftar: 20 * time.Hour},
		{Daftar: 8*time.Hour + time.Second},
	}
	for _, b := range bad {
		if msgID(b.Validate()) == "" {
			t.Errorf("%+v accepted", b)
		}
	}
	if (ReminderPrefs{At: 7 * time.Hour, Zona: "Asia/Jayapura", Daftar: 6 * time.Hour}).Validate() != nil {
		t.Fatal("a good setting refused")
	}
	if ZoneName("Asia/Makassar") != "WITA" || ZoneName("UTC") != "" {
		t.Fatal("zone names")
	}
	if FormatClock(7*time.Hour+5*time.Minute) != "07.05" {
		t.Fatal(FormatClock(7*time.Hour + 5*time.Minute))
	}
}
