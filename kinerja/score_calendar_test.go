package kinerja

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// scLibur2026 is data/libur-2026.csv: 17 holidays and 8 cuti bersama.
const scLibur2026 = `2026-01-01,Tahun Baru 2026 Masehi
2026-01-16,Isra Mikraj Nabi Muhammad SAW
2026-02-16,Cuti bersama Tahun Baru Imlek 2577 Kongzili
2026-02-17,Tahun Baru Imlek 2577 Kongzili
2026-03-18,Cuti bersama Hari Suci Nyepi
2026-03-19,Hari Suci Nyepi (Tahun Baru Saka 1948)
2026-03-20,Cuti bersama Idulfitri 1447 H
2026-03-21,Idulfitri 1447 H
2026-03-22,Idulfitri 1447 H
2026-03-23,Cuti bersama Idulfitri 1447 H
2026-03-24,Cuti bersama Idulfitri 1447 H
2026-04-03,Wafat Yesus Kristus
2026-04-05,Kebangkitan Yesus Kristus (Paskah)
2026-05-01,Hari Buruh Internasional
2026-05-14,Kenaikan Yesus Kristus
2026-05-15,Cuti bersama Kenaikan Yesus Kristus
2026-05-27,Iduladha 1447 H
2026-05-28,Cuti bersama Iduladha 1447 H
2026-05-31,Hari Raya Waisak 2570 BE
2026-06-01,Hari Lahir Pancasila
2026-06-16,1 Muharam Tahun Baru Islam 1448 H
2026-08-17,Proklamasi Kemerdekaan
2026-08-25,Maulid Nabi Muhammad SAW
2026-12-24,Cuti bersama Kelahiran Yesus Kristus
2026-12-25,Kelahiran Yesus Kristus`

func scHolidays2026(t testing.TB) map[Date]string {
	t.Helper()
	out := map[Date]string{}
	for line := range strings.Lines(scLibur2026) {
		day, name, _ := strings.Cut(strings.TrimSpace(line), ",")
		d, err := ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		out[d] = name
	}
	if len(out) != 25 {
		t.Fatalf("%d holidays, want 25", len(out))
	}
	return out
}

func scDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

func scDays(off []DayOff) []string {
	var out []string
	for _, o := range off {
		why := o.Holiday
		if why == "" {
			why = "leave:" + o.Leave
		}
		out = append(out, o.Date.String()+" "+why)
	}
	return out
}

// scMarchOff lists the days off of March 2026 as scDays writes them, in
// date order: its five holidays on weekdays (decision 3's example) and extra.
func scMarchOff(extra ...string) []string {
	return slices.Sorted(slices.Values(append([]string{
		"2026-03-18 Cuti bersama Hari Suci Nyepi",
		"2026-03-19 Hari Suci Nyepi (Tahun Baru Saka 1948)",
		"2026-03-20 Cuti bersama Idulfitri 1447 H",
		"2026-03-23 Cuti bersama Idulfitri 1447 H",
		"2026-03-24 Cuti bersama Idulfitri 1447 H",
	}, extra...)))
}

func TestAvailableDaysMarch2026(t *testing.T) {
	t.Parallel()
	hol := scHolidays2026(t)
	march := scDate(2026, time.March, 1)
	tests := []struct {
		name     string
		leave    []LeaveSpan
		rules    func(*Rules)
		wantDays int
		wantOff  []string
	}{
		{
			name:     "holidays only (decision 3's example)",
			wantDays: 17,
			wantOff:  scMarchOff(),
		},
		{
			name: "cuti 2–4 March and dinas luar 5 March",
			leave: []LeaveSpan{
				{Mulai: scDate(2026, 3, 2), Selesai: scDate(2026, 3, 4), Jenis: LeaveCuti},
				{Mulai: scDate(2026, 3, 5), Selesai: scDate(2026, 3, 5), Jenis: LeaveDinasLuar},
			},
			wantDays: 14,
			wantOff:  scMarchOff("2026-03-02 leave:cuti", "2026-03-03 leave:cuti", "2026-03-04 leave:cuti"),
		},
		{
			name: "sick over a weekend and holidays subtracts only its own weekdays",
			leave: []LeaveSpan{
				{Mulai: scDate(2026, 3, 19), Selesai: scDate(2026, 3, 25), Jenis: LeaveSakit},
				{Mulai: scDate(2026, 3, 7), Selesai: scDate(2026, 3, 8), Jenis: LeaveCuti}, // Saturday–Sunday
			},
			wantDays: 16,
			wantOff:  scMarchOff("2026-03-25 leave:sakit"),
		},
		{
			name: "a unit that works Saturdays loses Idulfitri on Saturday 21 March",
			rules: func(r *Rules) {
				r.WorkingDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
			},
			wantDays: 20, // 26 working days − 6 holidays
			wantOff:  scMarchOff("2026-03-21 Idulfitri 1447 H"),
		},
		{
			name: "reversed, overlapping and unnamed leave",
			leave: []LeaveSpan{
				{Mulai: scDate(2026, 3, 10), Selesai: scDate(2026, 3, 9), Jenis: LeaveCuti}, // reversed: nothing
				{Mulai: scDate(2026, 3, 30), Selesai: scDate(2026, 4, 2), Jenis: ""},
				{Mulai: scDate(2026, 3, 31), Selesai: scDate(2026, 3, 31), Jenis: LeaveSakit},
			},
			wantDays: 15,
			wantOff:  scMarchOff("2026-03-30 leave:cuti", "2026-03-31 leave:cuti"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rules := DefaultRules()
			if tt.rules != nil {
				tt.rules(&rules)
			}
			cal := Calendar{Rules: rules, Holidays: hol, Leave: tt.leave}
			days, off := cal.AvailableDays(march.MonthStart(), march.MonthEnd())
			if days != tt.wantDays {
				t.Errorf("days = %d, want %d", days, tt.wantDays)
			}
			if got := scDays(off); strings.Join(got, "|") != strings.Join(tt.wantOff, "|") {
				t.Errorf("off =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.wantOff, "\n"))
			}
		})
	}
}

func TestAvailableDaysAcrossMonthAndYearEnds(t *testing.T) {
	t.Parallel()
	hol := scHolidays2026(t)
	hol[scDate(2027, 1, 1)] = "Tahun Baru 2027 Masehi"
	cal := Calendar{Rules: DefaultRules(), Holidays: hol}
	tests := []struct {
		from, to Date
		days     int
		off      int
	}{
		{scDate(2026, 1, 28), scDate(2026, 2, 3), 5, 0},            // Wed..Tue across January's end
		{scDate(2026, 2, 13), scDate(2026, 3, 2), 10, 2},           // Imlek on Mon 16 and Tue 17 Feb
		{scDate(2026, 12, 21), scDate(2027, 1, 8), 12, 3},          // Christmas and New Year
		{scDate(2026, 3, 21), scDate(2026, 3, 22), 0, 0},           // a holiday weekend subtracts nothing
		{scDate(2026, 3, 18), scDate(2026, 3, 18), 0, 1},           // one holiday
		{scDate(2026, 3, 25), scDate(2026, 3, 25), 1, 0},           // one working day
		{scDate(2026, 4, 1), scDate(2026, 3, 31), 0, 0},            // reversed range
		{scDate(2026, 1, 1), scDate(2026, 12, 31), 240, 21},        // 261 weekdays, 21 of the 25 days off on weekdays
		{scDate(2028, 2, 1), scDate(2028, 2, 1).MonthEnd(), 21, 0}, // leap February: 29th is a Tuesday
	}
	for _, tt := range tests {
		days, off := cal.AvailableDays(tt.from, tt.to)
		if days != tt.days || len(off) != tt.off {
			t.Errorf("%v..%v: %d days, %d off; want %d, %d", tt.from, tt.to, days, len(off), tt.days, tt.off)
		}
	}
	// Month by month adds up to the year.
	sum := 0
	for m := scDate(2026, 1, 1); m.Year == 2026; m = m.AddMonths(1) {
		d, _ := cal.AvailableDays(m, m.MonthEnd())
		sum += d
	}
	if sum != 240 {
		t.Errorf("months add up to %d, want 240", sum)
	}
}

// The calendar works on civil dates: the same business day, however the
// instant was observed, gives the same answer, and nothing depends on the
// process's zone (CI runs this package under a non-UTC, non-WIB TZ too).
func TestCalendarIsZoneFree(t *testing.T) {
	t.Parallel()
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	cal := Calendar{Rules: DefaultRules(), Holidays: scHolidays2026(t)}
	// 23:30 WIB on Friday 20 March is 16:30 UTC: still the 20th, a cuti
	// bersama, in both; in WIB 00:30 on Wednesday 25 March is the 24th in UTC.
	late := time.Date(2026, 3, 20, 23, 30, 0, 0, wib)
	if o, ok := cal.OffDay(DateOf(late, wib)); !ok || o.Holiday != "Cuti bersama Idulfitri 1447 H" {
		t.Errorf("20 March in WIB: %+v %v", o, ok)
	}
	early := time.Date(2026, 3, 25, 0, 30, 0, 0, wib)
	if !cal.IsAvailable(DateOf(early, wib)) {
		t.Error("25 March in WIB should be a working day")
	}
	if cal.IsAvailable(DateOf(early, time.UTC)) {
		t.Error("the same instant is 24 March in UTC, a cuti bersama")
	}
	for _, name := range []string{"UTC", "Asia/Jakarta", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		from := DateOf(time.Date(2026, 3, 1, 12, 0, 0, 0, loc), loc)
		to := DateOf(time.Date(2026, 3, 31, 12, 0, 0, 0, loc), loc)
		if days, _ := cal.AvailableDays(from, to); days != 17 {
			t.Errorf("%s: %d days", name, days)
		}
	}
	if cal.IsAvailable(scDate(2026, 3, 21)) || cal.IsAvailable(scDate(2026, 3, 22)) {
		t.Error("a weekend is never available")
	}
}
