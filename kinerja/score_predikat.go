package kinerja

// Rating is the assessor's three-way rating of Hasil Kerja or of Perilaku
// Kerja at an evaluation (PermenPANRB 6/2022).
type Rating string

const (
	RatingDiBawah Rating = "di_bawah" // Di Bawah Ekspektasi
	RatingSesuai  Rating = "sesuai"   // Sesuai Ekspektasi
	RatingDiAtas  Rating = "di_atas"  // Di Atas Ekspektasi
)

// Ratings lists the ratings from lowest to highest (the order of buttons).
var Ratings = []Rating{RatingDiBawah, RatingSesuai, RatingDiAtas}

// Valid reports whether r is one of the three ratings.
func (r Rating) Valid() bool {
	return r == RatingDiBawah || r == RatingSesuai || r == RatingDiAtas
}

// Predikat is the Predikat Kinerja that two ratings combine into.
type Predikat string

const (
	PredikatSangatBaik     Predikat = "sangat_baik"
	PredikatBaik           Predikat = "baik"
	PredikatButuhPerbaikan Predikat = "butuh_perbaikan"
	PredikatKurang         Predikat = "kurang" // "Kurang / Misconduct": results met, behaviour below
	PredikatSangatKurang   Predikat = "sangat_kurang"
)

// Predikats lists the predikat from best to worst.
var Predikats = []Predikat{PredikatSangatBaik, PredikatBaik, PredikatButuhPerbaikan, PredikatKurang, PredikatSangatKurang}

// Valid reports whether p is a known predikat.
func (p Predikat) Valid() bool {
	switch p {
	case PredikatSangatBaik, PredikatBaik, PredikatButuhPerbaikan, PredikatKurang, PredikatSangatKurang:
		return true
	}
	return false
}

// predikatMatrix is DOMAIN.md's table: [Rating Hasil Kerja][Rating Perilaku].
var predikatMatrix = map[Rating]map[Rating]Predikat{
	RatingDiAtas: {
		RatingDiBawah: PredikatKurang,
		RatingSesuai:  PredikatBaik,
		RatingDiAtas:  PredikatSangatBaik,
	},
	RatingSesuai: {
		RatingDiBawah: PredikatKurang,
		RatingSesuai:  PredikatBaik,
		RatingDiAtas:  PredikatBaik,
	},
	RatingDiBawah: {
		RatingDiBawah: PredikatSangatKurang,
		RatingSesuai:  PredikatButuhPerbaikan,
		RatingDiAtas:  PredikatButuhPerbaikan,
	},
}

// PredikatOf combines the Rating Hasil Kerja and the Rating Perilaku Kerja
// into the Predikat Kinerja; false when either rating is not one of the
// three.
func PredikatOf(hasilKerja, perilaku Rating) (Predikat, bool) {
	p, ok := predikatMatrix[hasilKerja][perilaku]
	return p, ok
}

// MessageID names the rating in the chat's messages.
func (r Rating) MessageID() string {
	switch r {
	case RatingDiBawah:
		return "penilaian.rating_di_bawah"
	case RatingDiAtas:
		return "penilaian.rating_di_atas"
	}
	return "penilaian.rating_sesuai"
}

// MessageID names the predikat in the chat's messages.
func (p Predikat) MessageID() string {
	switch p {
	case PredikatSangatBaik:
		return "penilaian.predikat_sangat_baik"
	case PredikatButuhPerbaikan:
		return "penilaian.predikat_butuh_perbaikan"
	case PredikatKurang:
		return "penilaian.predikat_kurang"
	case PredikatSangatKurang:
		return "penilaian.predikat_sangat_kurang"
	}
	return "penilaian.predikat_baik"
}
