package kinerja

import "testing"

func TestRoundHalfUp(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		want float64
	}{
		{85.71428, 1, 85.7}, {66.667, 1, 66.7}, {66.65, 1, 66.7}, {0.15, 1, 0.2}, {89.95, 1, 90},
		{89.94, 1, 89.9}, {100, 1, 100}, {0, 1, 0}, {12.345, 2, 12.35}, {12.344, 2, 12.34}, {7.5, 0, 8},
	} {
		if got := RoundHalfUp(c.v, c.d); got != c.want {
			t.Errorf("RoundHalfUp(%v, %d) = %v, want %v", c.v, c.d, got, c.want)
		}
	}
}
