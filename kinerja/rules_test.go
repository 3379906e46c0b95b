package kinerja

import (
	"slices"
	"testing"
	"time"
)

func TestDefaultRulesAreValid(t *testing.T) {
	if err := DefaultRules().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []func(*Rules){
		func(r *Rules) { r.BackDateDays = -1 },
		func(r *Rules) { r.MaxMinutesPerDay = 0 },
		func(r *Rules) { r.MaxMinutesPerDay = 1441 },
		func(r *Rules) { r.MinDescription = 0 },
		func(r *Rules) { r.MinDescription = 2000 },
		func(r *Rules) { r.MaxDescription = 1001 },
		func(r *Rules) { r.WorkingDays = nil },
	}
	for i, f := range bad {
		r := DefaultRules()
		f(&r)
		if r.Validate() == nil {
			t.Errorf("case %d accepted", i)
		}
	}
}

func TestParseWorkingDays(t *testing.T) {
	for in, want := range map[string][]time.Weekday{
		"sen,sel,rab,kam,jum": {1, 2, 3, 4, 5},
		"mon-fri":             {1, 2, 3, 4, 5},
		"Sen-Sab":             {1, 2, 3, 4, 5, 6},
		"fri-mon":             {0, 1, 5, 6},
		"min, sab":            {0, 6},
	} {
		got, err := ParseWorkingDays(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseWorkingDays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "senin", "mon-xyz", ","} {
		if _, err := ParseWorkingDays(in); err == nil {
			t.Errorf("ParseWorkingDays(%q) accepted", in)
		}
	}
}

func TestReportDateProblem(t *testing.T) {
	r := DefaultRules()
	today := Date{2026, 11, 27}
	for d, want := range map[Date]string{
		today:             "",
		today.AddDays(-3): "",
		today.AddDays(-4): "report.date_too_old",
		today.AddDays(1):  "report.date_future",
		{2026, 11, 24}:    "",
		{2025, 12, 31}:    "report.date_too_old",
	} {
		if got := r.ReportDateProblem(d, today); got != want {
			t.Errorf("ReportDateProblem(%v) = %q, want %q", d, got, want)
		}
	}
	if !r.IsWorkingWeekday(Date{2026, 11, 27}) || r.IsWorkingWeekday(Date{2026, 11, 28}) {
		t.Error("Friday is a working day, Saturday is not")
	}
}

func TestRatingPeriods(t *testing.T) {
	d := Date{2026, 11, 17}
	if s, e := PeriodOf(d, false); s != (Date{2026, 11, 1}) || e != (Date{2026, 11, 30}) {
		t.Fatalf("month %v %v", s, e)
	}
	if s, e := PeriodOf(d, true); s != (Date{2026, 10, 1}) || e != (Date{2026, 12, 31}) {
		t.Fatalf("quarter %v %v", s, e)
	}
	if s, _ := LastEndedPeriod(Date{2027, 1, 1}, true); s != (Date{2026, 10, 1}) {
		t.Fatalf("last ended quarter on 1 January: %v", s)
	}
	if s, _ := LastEndedPeriod(Date{2026, 12, 28}, true); s != (Date{2026, 7, 1}) {
		t.Fatalf("last ended quarter on 28 December: %v", s)
	}
	if s, _ := LastEndedPeriod(Date{2026, 3, 1}, false); s != (Date{2026, 2, 1}) {
		t.Fatalf("last ended month: %v", s)
	}
}
