package kinerja

import (
	"testing"
	"time"
)

func TestDateOfUsesTheGivenZone(t *testing.T) {
	wib, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	// 17:30 UTC on 31 March is already 1 April in WIB.
	at := time.Date(2026, 3, 31, 17, 30, 0, 0, time.UTC)
	if got := DateOf(at, wib); got != (Date{2026, time.April, 1}) {
		t.Fatalf("DateOf = %v", got)
	}
	if got := DateOf(at, time.UTC); got != (Date{2026, time.March, 31}) {
		t.Fatalf("DateOf UTC = %v", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	d, err := ParseDate("2026-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if d.AddDays(1).String() != "2026-03-01" || d.AddDays(-59).String() != "2025-12-31" {
		t.Fatalf("AddDays: %v %v", d.AddDays(1), d.AddDays(-59))
	}
	if !d.Before(d.AddDays(1)) || d.AddDays(1).Before(d) || d.Before(d) {
		t.Fatal("Before")
	}
	if d.Weekday() != time.Saturday {
		t.Fatalf("2026-02-28 is a Saturday, got %v", d.Weekday())
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Fatal("30 February parsed")
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Fatal("IsZero")
	}
	if d.UTC() != time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC) {
		t.Fatal("UTC")
	}
}
