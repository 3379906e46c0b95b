package msg

import (
	"hash/fnv"
	"strconv"

	"kinerjabot/kinerja"
)

// The approval card is said by two packages: the card job (package notify)
// sends it and keeps every copy in line with the report, and the buttons on
// it (package conversations) turn it into its details, into a reason prompt
// and back. Both build it here, so the two never drift.

// CardView is a report as its approval card shows it.
type CardView struct {
	Aktivitas  kinerja.Aktivitas
	AuthorNama string
	AuthorNIP  string
	RHKKode    string // "" unless the report is for an RHK
	RHKTeks    string
	DayMinutes int    // the author's minutes that day in reports that count
	DecidedBy  string // nama of who decided, "" while undecided
	OnBehalfOf string // nama of the atasan a delegate decided for
	Otomatis   bool   // approved by the system at the validation deadline
}

// CardOptions say how a card is shown.
type CardOptions struct {
	// Buttons: the decision buttons, while the report waits and the holder
	// may decide (without them, an edit takes the old buttons off).
	Buttons bool
	// Detail is the Rincian view: the NIP, the whole RHK, the day's total
	// and when the report was filed. The short card has none of them.
	Detail bool
	// State replaces the card's last line (what became of the report).
	State Text
}

// The longest RHK a card shows: the short card names it (its code and the
// start of its text), the details show it whole.
const (
	cardRHKShort  = 48
	cardRHKDetail = 300
)

// ApprovalCard is a report's card: who, when, what for, what and how much,
// and its state; while it waits (and o.Buttons), Setujui, Kembalikan and
// Tolak bound to the version shown, Lihat bukti when there is evidence, and
// Rincian (or, in the details, Ringkas).
func ApprovalCard(v CardView, o CardOptions) Reply {
	a := v.Aktivitas
	state := o.State
	if state.ID == "" {
		state = CardState(v)
	}
	id, rhk := "approval.card", cardRHKShort
	if o.Detail {
		id, rhk = "approval.card_detail", cardRHKDetail
	}
	r := Reply{Text: T(id,
		"Nama", v.AuthorNama, "NIP", v.AuthorNIP, "Date", Date(a.Tanggal), "RHK", CardRHK(v, rhk),
		"Deskripsi", Long(a.Deskripsi), "Volume", a.Volume, "Satuan", a.Satuan, "Menit", a.Menit,
		"Total", v.DayMinutes, "Bukti", len(a.Bukti), "Berkas", T("report.files", "Count", len(a.Bukti)), "Filed", a.CreatedAt, "State", state)}
	if a.Status != kinerja.StatusDiajukan || !o.Buttons {
		return r
	}
	decide := func(id string, letter byte) Button {
		return Button{Label: T(id), Data: Callback{Op: OpApproval, ID: a.ID, Arg: ApprovalArg(letter, a.Version)}}
	}
	r.Buttons = [][]Button{{
		decide("approval.card_setujui", ApprovalSetujui),
		decide("approval.card_kembalikan", ApprovalKembalikan),
		decide("approval.card_tolak", ApprovalTolak),
	}}
	var more []Button
	if n := len(a.Bukti); n > 0 {
		b := decide("approval.card_bukti", ApprovalBukti)
		b.Label = T("approval.card_bukti", "Count", n)
		more = append(more, b)
	}
	if o.Detail {
		more = append(more, decide("approval.card_ringkas", ApprovalRingkas))
	} else {
		more = append(more, decide("approval.card_rincian", ApprovalRincian))
	}
	r.Buttons = append(r.Buttons, more)
	return r
}

// CardRHK is what a report counts towards, within n characters: "U2
// Terselenggaranya …", "Tugas tambahan" or "Non-SKP".
func CardRHK(v CardView, n int) Text {
	switch v.Aktivitas.Kategori {
	case kinerja.KategoriTugasTambahan:
		return T("report.kategori_tugas_tambahan")
	case kinerja.KategoriNonSKP:
		return T("report.kategori_non_skp")
	}
	return Plain(Shorten(v.RHKKode+" "+v.RHKTeks, n))
}

// CardState is a card's last line: waiting, or what became of the report.
func CardState(v CardView) Text {
	a := v.Aktivitas
	switch a.Status {
	case kinerja.StatusDiajukan:
		return T("approval.state_diajukan", "Changed", a.Version > 1, "At", a.UpdatedAt)
	case kinerja.StatusDitarik:
		return T("approval.state_ditarik", "At", a.UpdatedAt)
	}
	by := DecidedBy(v.DecidedBy, v.OnBehalfOf, v.Otomatis)
	return T(decidedState[a.Status], "By", by, "At", a.DecidedAt, "Reason", a.Reason)
}

// decidedState is the card's last line per decision.
var decidedState = map[kinerja.Status]string{
	kinerja.StatusDisetujui:    "approval.state_disetujui",
	kinerja.StatusDikembalikan: "approval.state_dikembalikan",
	kinerja.StatusDitolak:      "approval.state_ditolak",
}

// DecidedBy names who decided a report: "Nama", "Nama atas nama Atasan" for
// a delegate, or the system at the validation deadline.
func DecidedBy(nama, onBehalfOf string, otomatis bool) Text {
	if otomatis {
		return T("approval.by_system")
	}
	return T("approval.by", "Nama", nama, "Atasan", onBehalfOf)
}

// ApprovalReasonArg is the Arg of a quick-reason button: the action's
// letter and the version shown (as ApprovalArg), the reason's place in the
// configured list and a check of its text, so a list changed meanwhile
// never gives a reason other than the one on the button.
func ApprovalReasonArg(action byte, version, index int, reason string) string {
	return ApprovalArg(action, version) + "." + strconv.Itoa(index) + "." + ReasonCheck(reason)
}

// ReasonCheck is a short check of a quick reason's text (two base-36
// characters).
func ReasonCheck(reason string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(reason))
	s := strconv.FormatUint(uint64(h.Sum32()%1296), 36)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}
