package kinerja

import (
	"slices"
	"strings"
)

// Proposing an atasan from the unit tree, for people imported without one
// (SIASN's exports have no atasan): "kinerjabot import pegawai FILE
// --usulkan-atasan HASIL.csv". A proposal is for the admin to check and
// import; nothing is set by it.

// UnitNode is one unit kerja of the tree.
type UnitNode struct {
	ID       int64
	ParentID int64 // 0 for an OPD (a top-level unit)
	Nama     string
}

// TreePerson is one active person as the proposal sees them.
type TreePerson struct {
	NIP          string
	Nama         string
	Jabatan      string
	JenisJabatan string
	UnitID       int64
}

// AtasanProposal is the proposal for one person: AtasanNIP "" when there is
// none to make; Dasar says why (a message ID of the "import." group and its
// arguments), so the admin can judge it.
type AtasanProposal struct {
	NIP        string
	Nama       string
	Unit       string
	AtasanNIP  string
	AtasanNama string
	DasarID    string
	DasarArgs  map[string]any
}

// headRank orders the kinds of position for "who heads a unit": a JPT
// heads an OPD, an administrator a bidang or a kecamatan, a pengawas a
// seksi or a kelurahan. Others head nothing.
var headRank = map[string]int{"jpt": 3, "administrator": 2, "pengawas": 1}

// headWords are how a head's jabatan starts, when two people of the same
// rank share a unit (a Kepala Bidang and a Sekretaris are both
// administrators of a dinas's own unit).
var headWords = []string{"kepala", "camat", "lurah", "direktur", "sekretaris daerah", "inspektur"}

// UnitHeads finds the head of every unit that has one: the person of the
// highest structural rank in it; among several of that rank, the one whose
// jabatan says head (Kepala …, Camat, Lurah, …), if exactly one does. A
// unit whose head cannot be told gets no entry, and its candidates are in
// ambiguous.
func UnitHeads(people []TreePerson) (heads map[int64]TreePerson, ambiguous map[int64][]TreePerson) {
	byUnit := map[int64][]TreePerson{}
	for _, p := range people {
		if headRank[p.JenisJabatan] > 0 && p.UnitID != 0 {
			byUnit[p.UnitID] = append(byUnit[p.UnitID], p)
		}
	}
	heads, ambiguous = map[int64]TreePerson{}, map[int64][]TreePerson{}
	for unit, ps := range byUnit {
		top := 0
		for _, p := range ps {
			top = max(top, headRank[p.JenisJabatan])
		}
		var best []TreePerson
		for _, p := range ps {
			if headRank[p.JenisJabatan] == top {
				best = append(best, p)
			}
		}
		if len(best) > 1 {
			var titled []TreePerson
			for _, p := range best {
				j := strings.ToLower(CollapseSpaces(p.Jabatan))
				if slices.ContainsFunc(headWords, func(w string) bool { return strings.HasPrefix(j, w) }) {
					titled = append(titled, p)
				}
			}
			best = titled
		}
		if len(best) == 1 {
			heads[unit] = best[0]
			continue
		}
		slices.SortFunc(ps, func(a, b TreePerson) int { return strings.Compare(a.NIP, b.NIP) })
		ambiguous[unit] = ps
	}
	return heads, ambiguous
}

// ProposeAtasan proposes an atasan for each of whom, from the unit tree and
// the people in it: the head of the person's own unit; for the head
// themself (or when their unit has no head to tell), the head of the
// nearest unit above that has one. The head of an OPD gets no proposal
// (their atasan, the Sekda or the Wali Kota, is usually outside the bot).
// Dasar names the unit and the head's jabatan, or why there is none.
func ProposeAtasan(units []UnitNode, people []TreePerson, whom []TreePerson) []AtasanProposal {
	byID := make(map[int64]UnitNode, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	heads, ambiguous := UnitHeads(people)
	out := make([]AtasanProposal, 0, len(whom))
	for _, p := range whom {
		prop := AtasanProposal{NIP: p.NIP, Nama: p.Nama, Unit: byID[p.UnitID].Nama}
		unit, own := p.UnitID, true
		seen := map[int64]bool{}
		for unit != 0 && !seen[unit] {
			seen[unit] = true
			u := byID[unit]
			h, ok := heads[unit]
			if ok && h.NIP != p.NIP {
				prop.AtasanNIP, prop.AtasanNama = h.NIP, h.Nama
				prop.DasarID = "import.dasar_kepala_unit"
				if !own {
					prop.DasarID = "import.dasar_kepala_induk"
				}
				prop.DasarArgs = map[string]any{"Unit": u.Nama, "Jabatan": h.Jabatan}
				break
			}
			if !ok && own && len(ambiguous[unit]) > 0 {
				var names []string
				for _, c := range ambiguous[unit] {
					names = append(names, c.Nama+" ("+c.NIP+")")
				}
				prop.DasarID = "import.dasar_kepala_ganda"
				prop.DasarArgs = map[string]any{"Unit": u.Nama, "Names": strings.Join(names, "; ")}
				break
			}
			unit, own = u.ParentID, false
		}
		if prop.DasarID == "" {
			switch {
			case p.UnitID == 0 || byID[p.UnitID].ID == 0:
				prop.DasarID, prop.DasarArgs = "import.dasar_tanpa_unit", nil
			case heads[p.UnitID].NIP == p.NIP && byID[p.UnitID].ParentID == 0:
				prop.DasarID, prop.DasarArgs = "import.dasar_kepala_opd", map[string]any{"Unit": prop.Unit}
			default:
				prop.DasarID, prop.DasarArgs = "import.dasar_tanpa_kepala", map[string]any{"Unit": prop.Unit}
			}
		}
		out = append(out, prop)
	}
	return out
}
