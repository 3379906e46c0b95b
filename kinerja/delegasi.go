package kinerja

// Delegation of an assessor's post (DOMAIN.md, decision 7): for a stated
// period another person decides and rates for the people whose atasan is
// the delegating official. A Plh (pelaksana harian) covers a temporary
// absence, and the official may still decide too (first click wins); a Plt
// (pelaksana tugas) fills an empty post, so the official may be inactive.
//
// Nobody ever decides on their own reports: a Plh chosen from among the
// official's own staff decides for the others, while their own reports stay
// with the official. That is checked when a decision is made (the store's
// assessor check), not when the delegation is created, because a Plh is
// usually one of the official's direct reports.

// Jenis of a delegation.
const (
	JenisPlh = "plh" // pelaksana harian: covers a temporary absence (the default)
	JenisPlt = "plt" // pelaksana tugas: fills an empty post
)

// ValidJenisDelegasi reports whether s is plh or plt.
func ValidJenisDelegasi(s string) bool { return s == JenisPlh || s == JenisPlt }

// DelegasiLastDay is the latest selesai a delegation starting on mulai may
// have: the period lasts at most one year (2026-03-01 → 2027-02-28).
func DelegasiLastDay(mulai Date) Date {
	t := mulai.UTC().AddDate(1, 0, -1)
	return Date{t.Year(), t.Month(), t.Day()}
}

// ValidateDelegasiPeriod checks the days mulai..selesai (inclusive, business
// dates) of a new delegation on the business date today. A period that
// began earlier is allowed (an admin recording a decree a day late), one
// that has already ended is not.
func ValidateDelegasiPeriod(mulai, selesai, today Date) error {
	if mulai.IsZero() || selesai.IsZero() {
		return Errorf(CodeInvalid, "delegasi.dates_required", nil)
	}
	args := map[string]any{"Mulai": mulai.Format(), "Selesai": selesai.Format()}
	if selesai.Before(mulai) {
		return Errorf(CodeInvalid, "delegasi.period_reversed", args)
	}
	if last := DelegasiLastDay(mulai); last.Before(selesai) {
		args["Last"] = last.Format()
		return Errorf(CodeInvalid, "delegasi.period_too_long", args)
	}
	if selesai.Before(today) {
		args["Today"] = today.Format()
		return Errorf(CodeInvalid, "delegasi.period_ended", args)
	}
	return nil
}

// DelegasiCovers reports whether the period mulai..selesai includes day.
func DelegasiCovers(mulai, selesai, day Date) bool {
	return !day.Before(mulai) && !selesai.Before(day)
}

// DelegasiOverlap reports whether two inclusive periods share a day.
func DelegasiOverlap(mulai1, selesai1, mulai2, selesai2 Date) bool {
	return !selesai1.Before(mulai2) && !selesai2.Before(mulai1)
}
