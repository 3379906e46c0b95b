package main

import (
	"testing"
	"time"

	"kinerjabot/kinerja"
)

// The demo only ever uses its own database, on the server DATABASE_URL
// names, with the same credentials and parameters.
func TestDemoDatabaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://postgres@localhost:5432/kinerjabot?sslmode=disable":      "postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable",
		"postgres://u:secret@db.internal/produksi?pool_max_conns=10":         "postgres://u:secret@db.internal/kinerjabot_demo?pool_max_conns=10",
		"postgresql://postgres@127.0.0.1:5432":                               "postgresql://postgres@127.0.0.1:5432/kinerjabot_demo",
		"postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable": "postgres://postgres@localhost:5432/kinerjabot_demo?sslmode=disable",
	} {
		got, err := demoDatabaseURL(in)
		if err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := demoDatabaseURL("not a url"); err == nil {
		t.Error("a bad DATABASE_URL was accepted")
	}
}

// The story starts at 10.00 on the last working day on or before today.
func TestDemoStart(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	holidays := map[kinerja.Date]string{{Year: 2026, Month: 12, Day: 25}: "Natal"}
	for now, want := range map[time.Time]time.Time{
		time.Date(2026, 11, 28, 13, 0, 0, 0, wib): time.Date(2026, 11, 27, 10, 0, 0, 0, wib), // Saturday → Friday
		time.Date(2026, 11, 30, 7, 0, 0, 0, wib):  time.Date(2026, 11, 30, 10, 0, 0, 0, wib), // Monday
		time.Date(2026, 12, 27, 9, 0, 0, 0, wib):  time.Date(2026, 12, 24, 10, 0, 0, 0, wib), // Sunday, Friday a holiday
	} {
		if got := demoStart(now, wib, holidays); !got.Equal(want) {
			t.Errorf("%v: got %v, want %v", now, got, want)
		}
	}
}
