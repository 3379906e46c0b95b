package kinerja

// JenisRHK says whether an RHK is a main or an additional result.
type JenisRHK string

const (
	RHKUtama    JenisRHK = "utama"
	RHKTambahan JenisRHK = "tambahan"
)

// Arah is the direction of an indikator's target.
type Arah string

const (
	ArahNaik  Arah = "naik"  // higher is better
	ArahTurun Arah = "turun" // lower is better
)

// Agregasi is how an indikator's reports add up (DOMAIN.md decision 4).
type Agregasi string

const (
	AgregasiJumlah   Agregasi = "jumlah"   // sum of volumes (default)
	AgregasiTerakhir Agregasi = "terakhir" // the last reported value
)

// SKP is one person's annual plan.
type SKP struct {
	ID        int64
	PegawaiID int64
	Tahun     int
	Status    string // draft, aktif, selesai
	RHK       []RHK
}

// RHK is a planned work result of an SKP.
type RHK struct {
	ID        int64
	SKPID     int64
	Kode      string
	Jenis     JenisRHK
	Teks      string
	Indikator []Indikator
}

// Indikator is a measurable indicator of an RHK.
type Indikator struct {
	ID        int64
	RHKID     int64
	Teks      string
	TargetMin float64 // equal to TargetMax for a single-number target
	TargetMax float64
	Satuan    string
	Arah      Arah
	Agregasi  Agregasi
}

// DefaultAgregasi is the aggregation of an indikator when none is given:
// "terakhir" for percentages and lower-is-better targets, else "jumlah".
func DefaultAgregasi(satuan string, arah Arah) Agregasi {
	switch satuan {
	case "persen", "%", "Persen", "PERSEN":
		return AgregasiTerakhir
	}
	if arah == ArahTurun {
		return AgregasiTerakhir
	}
	return AgregasiJumlah
}
