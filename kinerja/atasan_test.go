package kinerja

import "testing"

func TestProposeAtasanFollowsTheUnitTree(t *testing.T) {
	units := []UnitNode{
		{ID: 1, Nama: "Dinas Kominfo"},
		{ID: 2, ParentID: 1, Nama: "Sekretariat"},
		{ID: 3, ParentID: 2, Nama: "Subbagian Umum dan Kepegawaian"},
		{ID: 4, ParentID: 1, Nama: "Bidang Aplikasi Informatika"},
		{ID: 5, ParentID: 1, Nama: "Bidang Statistik"}, // nobody heads it (vacant)
		{ID: 6, ParentID: 1, Nama: "UPTD Data Center"}, // two administrators, neither titled head
	}
	people := []TreePerson{
		{NIP: "kadis", Nama: "Kadis", Jabatan: "Kepala Dinas", JenisJabatan: "jpt", UnitID: 1},
		{NIP: "sekdin", Nama: "Sekdin", Jabatan: "Sekretaris", JenisJabatan: "administrator", UnitID: 2},
		{NIP: "kasubag", Nama: "Kasubag", Jabatan: "Kepala Subbagian Umum", JenisJabatan: "pengawas", UnitID: 3},
		{NIP: "staf-umum", Nama: "Staf Umum", Jabatan: "Pengadministrasi Umum", JenisJabatan: "pelaksana", UnitID: 3},
		{NIP: "kabid", Nama: "Kabid", Jabatan: "Kepala Bidang Aplikasi Informatika", JenisJabatan: "administrator", UnitID: 4},
		{NIP: "pranata", Nama: "Pranata", Jabatan: "Pranata Komputer Ahli Muda", JenisJabatan: "fungsional", UnitID: 4},
		{NIP: "statistisi", Nama: "Statistisi", Jabatan: "Statistisi Ahli Pertama", JenisJabatan: "fungsional", UnitID: 5},
		{NIP: "adm-a", Nama: "Adm A", Jabatan: "Analis Kebijakan", JenisJabatan: "administrator", UnitID: 6},
		{NIP: "adm-b", Nama: "Adm B", Jabatan: "Perencana", JenisJabatan: "administrator", UnitID: 6},
		{NIP: "staf-dc", Nama: "Staf DC", Jabatan: "Operator", JenisJabatan: "pelaksana", UnitID: 6},
	}
	whom := func(nips ...string) []TreePerson {
		var out []TreePerson
		for _, n := range nips {
			for _, p := range people {
				if p.NIP == n {
					out = append(out, p)
				}
			}
		}
		return out
	}
	got := ProposeAtasan(units, people, whom("staf-umum", "kasubag", "sekdin", "kabid", "pranata", "statistisi", "kadis", "staf-dc"))
	want := []struct{ nip, atasan, dasar string }{
		{"staf-umum", "kasubag", "import.dasar_kepala_unit"}, // the head of their own unit
		{"kasubag", "sekdin", "import.dasar_kepala_induk"},   // a head: the head of the unit above
		{"sekdin", "kadis", "import.dasar_kepala_induk"},     //
		{"kabid", "kadis", "import.dasar_kepala_induk"},      //
		{"pranata", "kabid", "import.dasar_kepala_unit"},     //
		{"statistisi", "kadis", "import.dasar_kepala_induk"}, // a vacant unit: the head above
		{"kadis", "", "import.dasar_kepala_opd"},             // the head of the OPD: outside the bot
		{"staf-dc", "", "import.dasar_kepala_ganda"},         // two candidates: the admin decides
	}
	if len(got) != len(want) {
		t.Fatalf("%d proposals, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.NIP != w.nip || g.AtasanNIP != w.atasan || g.DasarID != w.dasar {
			t.Errorf("%s: proposed %q (%s %v), want %q (%s)", w.nip, g.AtasanNIP, g.DasarID, g.DasarArgs, w.atasan, w.dasar)
		}
	}
	if got[0].DasarArgs["Unit"] != "Subbagian Umum dan Kepegawaian" || got[0].DasarArgs["Jabatan"] != "Kepala Subbagian Umum" || got[0].Unit != "Subbagian Umum dan Kepegawaian" {
		t.Errorf("dasar of the first: %+v", got[0])
	}
	// The candidates are those of a rank to head it, by NIP.
	if got[7].DasarArgs["Names"] != "Adm A (adm-a); Adm B (adm-b)" {
		t.Errorf("candidates: %v", got[7].DasarArgs["Names"])
	}
}
