package kinerja

import "math"

// RoundHalfUp rounds v to the given number of decimals, halves up, the way
// figures are shown (DOMAIN.md decision 14: one decimal in chat, two in
// exports): 66.667 → 66.7, 85.75 → 85.8 at one decimal. A tiny margin keeps
// a half that binary floating point stores just below it (0.15 is
// 0.1499999…) rounding up as a person would.
func RoundHalfUp(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Floor(v*p+0.5+1e-9) / p
}
