package kinerja

import "testing"

// All nine cells of DOMAIN.md's matrix.
func TestPredikatMatrix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		hasil, perilaku Rating
		want            Predikat
	}{
		{RatingDiAtas, RatingDiBawah, PredikatKurang},
		{RatingDiAtas, RatingSesuai, PredikatBaik},
		{RatingDiAtas, RatingDiAtas, PredikatSangatBaik},
		{RatingSesuai, RatingDiBawah, PredikatKurang},
		{RatingSesuai, RatingSesuai, PredikatBaik},
		{RatingSesuai, RatingDiAtas, PredikatBaik},
		{RatingDiBawah, RatingDiBawah, PredikatSangatKurang},
		{RatingDiBawah, RatingSesuai, PredikatButuhPerbaikan},
		{RatingDiBawah, RatingDiAtas, PredikatButuhPerbaikan},
	}
	seen := map[[2]Rating]bool{}
	for _, tt := range tests {
		got, ok := PredikatOf(tt.hasil, tt.perilaku)
		if !ok || got != tt.want {
			t.Errorf("PredikatOf(%s, %s) = %s %v, want %s", tt.hasil, tt.perilaku, got, ok, tt.want)
		}
		if !got.Valid() {
			t.Errorf("%s is not a valid predikat", got)
		}
		seen[[2]Rating{tt.hasil, tt.perilaku}] = true
	}
	for _, h := range Ratings {
		for _, p := range Ratings {
			if !seen[[2]Rating{h, p}] {
				t.Errorf("cell %s × %s not tested", h, p)
			}
		}
	}
	for _, bad := range [][2]Rating{{"", RatingSesuai}, {RatingSesuai, ""}, {"baik", RatingSesuai}, {RatingDiAtas, "DI_ATAS"}} {
		if p, ok := PredikatOf(bad[0], bad[1]); ok || p != "" {
			t.Errorf("PredikatOf(%q, %q) = %q %v", bad[0], bad[1], p, ok)
		}
	}
	for _, r := range Ratings {
		if !r.Valid() {
			t.Errorf("%s invalid", r)
		}
	}
	if Rating("sangat").Valid() || Predikat("cukup").Valid() || len(Predikats) != 5 {
		t.Error("validity")
	}
}
