package conversations

import (
	"context"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The daily report (/lapor): tanggal → [libur] → rhk → [indikator] →
// deskripsi → volume → [satuan] → durasi → bukti → ringkasan (Kirim, Ubah,
// Batal). Everything entered lives in the session until Kirim, which files
// the report in one transaction with its audit entry.

// Session data keys of the report flow.
const (
	kTanggal     = "tanggal"
	kKategori    = "kategori"
	kRHK         = "rhk"
	kIndikator   = "indikator"
	kMultiInd    = "multi_ind" // the chosen RHK has several indikator
	kDeskripsi   = "deskripsi"
	kVolume      = "volume"
	kSatuan      = "satuan"
	kSatuanAsked = "satuan_asked" // satuan came from its own step, not the indikator
	kMenit       = "menit"
	kBukti       = "bukti"      // file ids, separated by spaces
	kBuktiBaru   = "bukti_baru" // evidence collected while changing it from the summary
	kPage        = "page"
	kReturn      = "return" // a field is being changed from the summary
	kEditID      = "edit_id"
	kEditVersion = "edit_version"
	kEditDate    = "edit_date" // the date of the report being edited
	kKunci       = "kunci"
	kAlbum       = "album"    // the media group whose first file was answered
	kReadings    = "readings" // an ambiguous volume's two readings and its satuan, while asked which
)

const rhkPageSize = 6

// step names
const (
	sTanggal   = "tanggal"
	sLibur     = "libur"
	sRHK       = "rhk"
	sIndikator = "indikator"
	sDeskripsi = "deskripsi"
	sVolume    = "volume"
	sSatuan    = "satuan"
	sDurasi    = "durasi"
	sBukti     = "bukti"
	sRingkasan = "ringkasan"
	sUbah      = "ubah"
	sLanjut    = "lanjut"
)

const laporName = "lapor"

var laporFlow = &Flow{
	Name:      laporName,
	Title:     msg.T("flow.lapor"),
	Start:     sTanggal,
	KeepAside: true,
	Keyboard:  true,
	Intro:     msg.T("report.intro"),
	Steps: map[string]*Step{
		sTanggal: {
			Enter:  askTanggal,
			Handle: handleTanggal,
			Next:   []string{sLibur, sRHK, sRingkasan},
			Back:   backTo(""), // the first step: Kembali leaves, unless a field is being changed
			Chosen: chosenDate,
		},
		sLibur: {
			Enter:  askLibur,
			Handle: handleLibur,
			Next:   []string{sRHK, sRingkasan},
			Back:   func(*Ctx) string { return sTanggal },
			Chosen: chosenDate,
		},
		sRHK: {
			Enter:  askRHK,
			Handle: handleRHK,
			Next:   []string{sIndikator, sDeskripsi, sVolume, sRingkasan},
			Back:   backTo(sTanggal),
			Chosen: func(ctx context.Context, c *Ctx) (msg.Text, error) {
				rhk, err := rhkLabel(ctx, c)
				return msg.T("report.chosen_rhk", "RHK", rhk), err
			},
		},
		sIndikator: {
			Enter:  askIndikator,
			Handle: handleIndikator,
			Next:   []string{sDeskripsi, sVolume, sRingkasan},
			Back:   func(*Ctx) string { return sRHK }, // an indikator must be chosen: back to the list
			Chosen: func(ctx context.Context, c *Ctx) (msg.Text, error) {
				ind, err := indikatorLabel(ctx, c)
				return msg.T("report.chosen_indikator", "Indikator", ind), err
			},
		},
		sDeskripsi: {
			Enter:  askDeskripsi,
			Handle: handleDeskripsi,
			Next:   []string{sVolume, sRingkasan},
			Back: func(c *Ctx) string {
				if c.Session.Get(kReturn) != "" {
					return sRingkasan
				}
				if c.Session.Get(kMultiInd) != "" {
					return sIndikator
				}
				return sRHK
			},
		},
		sVolume: {
			Enter:  askVolume,
			Handle: handleVolume,
			Next:   []string{sSatuan, sDurasi, sRingkasan},
			Back:   backTo(sDeskripsi),
		},
		sSatuan: {
			Enter:  askSatuan,
			Handle: handleSatuan,
			Next:   []string{sDurasi, sRingkasan},
			Back:   backTo(sVolume),
		},
		sDurasi: {
			Enter:  askDurasi,
			Handle: handleDurasi,
			Next:   []string{sBukti, sRingkasan},
			Back: func(c *Ctx) string {
				if c.Session.Get(kReturn) != "" {
					return sRingkasan
				}
				if c.Session.Get(kSatuanAsked) != "" {
					return sSatuan
				}
				return sVolume
			},
		},
		sBukti: {
			Enter:  askBukti,
			Handle: handleBukti,
			Next:   []string{sRingkasan},
			Back: func(c *Ctx) string {
				c.Session.Set(kBuktiBaru, "")
				return backTo(sDurasi)(c)
			},
		},
		sRingkasan: {
			Enter:  askRingkasan,
			Handle: handleRingkasan,
			Next:   []string{sUbah},
			Back:   func(*Ctx) string { return sBukti },
			Chosen: summaryText,
		},
		sUbah: {
			Enter:  askUbah,
			Handle: handleUbah,
			Next:   []string{sTanggal, sRHK, sDeskripsi, sVolume, sDurasi, sBukti, sRingkasan},
			Back:   func(*Ctx) string { return sRingkasan },
		},
		sLanjut: {
			Enter:     askLanjut,
			Handle:    handleLanjut,
			Transient: true,
			Next:      []string{sTanggal, sLibur, sRHK, sIndikator, sDeskripsi, sVolume, sSatuan, sDurasi, sBukti, sRingkasan, sUbah},
		},
	},
}

// backTo returns to prev, or to the summary when a field is being changed.
func backTo(prev string) func(c *Ctx) string {
	return func(c *Ctx) string {
		if c.Session.Get(kReturn) != "" {
			return sRingkasan
		}
		return prev
	}
}

// after is where a step goes once answered: the summary when a field is
// being changed from it, else next.
func after(c *Ctx, next string) string {
	if c.Session.Get(kReturn) != "" {
		return sRingkasan
	}
	return next
}

func invalid(id string, kv ...any) error {
	t := msg.T(id, kv...)
	return kinerja.Errorf(kinerja.CodeInvalid, t.ID, t.Args)
}

// chosenDate is what the date question turns into once answered.
func chosenDate(_ context.Context, c *Ctx) (msg.Text, error) {
	return msg.T("report.chosen_date", "Date", msg.Date(dateOf(c))), nil
}

func dateOf(c *Ctx) kinerja.Date {
	d, _ := kinerja.ParseDate(c.Session.Get(kTanggal))
	return d
}

// ---- /lapor ----

func laporCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	if r, ok := needLinked(c); !ok {
		return r, nil
	}
	s := c.Session
	if s.Flow == laporName {
		// Already reporting: ask the current question again.
		replies, err := e.Resume(ctx, c, laporName, s.Step, s.Data)
		return Result{Replies: append([]msg.Reply{msg.Say("report.in_progress")}, replies...)}, err
	}
	if _, ok := s.Parked[laporName]; ok {
		replies, err := e.Resume(ctx, c, laporName, sLanjut, nil)
		return Result{Replies: replies}, err
	}
	replies, err := e.Start(ctx, c, laporName)
	return Result{Replies: replies}, err
}

// ---- lanjut: a report was kept aside ----

func askLanjut(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	p := c.Session.Parked[laporName]
	d, _ := kinerja.ParseDate(p.Data[kTanggal])
	what := msg.T("report.resume_undated")
	if !d.IsZero() {
		what = msg.T("report.resume_dated", "Date", msg.Date(d))
	}
	return []msg.Reply{{
		Text:    msg.T("report.resume_ask", "What", what),
		Buttons: [][]msg.Button{{c.Choice(msg.T("button.resume"), "lanjut"), c.Choice(msg.T("button.start_over"), "baru")}, {c.CancelButton()}},
	}}, nil
}

func handleLanjut(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	s := c.Session
	p := s.Parked[laporName]
	switch in.Callback.Arg {
	case "lanjut":
		delete(s.Parked, laporName)
		s.Data = p.Data
		if p.Step == "" || p.Step == sLanjut {
			return sTanggal, nil, nil
		}
		return p.Step, nil, nil
	case "baru":
		delete(s.Parked, laporName)
		s.Data = nil
		return sTanggal, nil, nil
	}
	return Stay, nil, invalid("input.use_buttons")
}

// ---- tanggal ----

func askTanggal(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	if c.Session.Get(kKunci) == "" {
		c.Session.Set(kKunci, newKey())
	}
	today := c.Today()
	rules := c.d.Rules
	var rows [][]msg.Button
	// Buttons carry the date itself, not "n days ago": pressed after
	// midnight they still mean the day on their label.
	row := []msg.Button{c.Choice(msg.T("button.today"), dateArg(today))}
	if rules.BackDateDays >= 1 {
		row = append(row, c.Choice(msg.T("button.yesterday"), dateArg(today.AddDays(-1))))
	}
	rows = append(rows, row)
	row = nil
	for n := 2; n <= rules.BackDateDays && n <= 7; n++ {
		row = append(row, c.Choice(msg.ShortDate(today.AddDays(-n)), dateArg(today.AddDays(-n))))
		if len(row) == 3 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return []msg.Reply{{Text: msg.T("report.ask_date", "Days", rules.BackDateDays), Buttons: rows}}, nil
}

func handleTanggal(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	today := c.Today()
	var d kinerja.Date
	switch {
	case in.Kind == KindCallback && strings.HasPrefix(in.Callback.Arg, "d"):
		var err error
		if d, err = kinerja.ParseDate(in.Callback.Arg[1:]); err != nil {
			return Stay, nil, invalid("input.use_buttons")
		}
	case in.Kind == KindText:
		var err error
		if d, err = kinerja.ParseTanggal(in.Text, today); err != nil {
			return Stay, nil, err
		}
	default:
		return Stay, nil, invalid("report.date_not_understood")
	}
	if err := checkDate(c, d); err != nil {
		return Stay, nil, err
	}
	c.Session.Set(kTanggal, d.String())
	if off, err := dayOffReason(ctx, c, d); err != nil {
		return Stay, nil, err
	} else if off.ID != "" {
		return sLibur, nil, nil
	}
	return after(c, sRHK), nil, nil
}

// dateArg is a date as a button argument: "d2026-12-27".
func dateArg(d kinerja.Date) string { return "d" + d.String() }

// checkDate applies the back-date window; the date of a report being edited
// may stay as it is (a returned report is fixed after the window closed).
func checkDate(c *Ctx, d kinerja.Date) error {
	if d.String() == c.Session.Get(kEditDate) {
		return nil
	}
	switch c.d.Rules.ReportDateProblem(d, c.Today()) {
	case "report.date_future":
		return invalid("report.date_future")
	case "report.date_too_old":
		return invalid("report.date_too_old", "Days", c.d.Rules.BackDateDays, "Oldest", msg.Date(c.Today().AddDays(-c.d.Rules.BackDateDays)))
	}
	return nil
}

// dayOffReason says why d is not a working day for the reporter (a msg.Text
// with an empty ID when it is one).
func dayOffReason(ctx context.Context, c *Ctx, d kinerja.Date) (msg.Text, error) {
	holiday, leave, err := c.d.Reports.DayOff(ctx, c.User.Pegawai.ID, d)
	if err != nil {
		return msg.Text{}, err
	}
	switch {
	case holiday != "":
		return msg.T("report.off_holiday", "Name", holiday), nil
	case leave != "":
		return msg.T("report.off_leave", "Kind", leaveText(leave)), nil
	case !c.d.Rules.IsWorkingWeekday(d):
		return msg.T("report.off_weekend"), nil
	}
	return msg.Text{}, nil
}

// ---- libur: confirm a day off ----

func askLibur(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	d := dateOf(c)
	reason, err := dayOffReason(ctx, c, d)
	if err != nil {
		return nil, err
	}
	if reason.ID == "" {
		reason = msg.T("report.off_weekend")
	}
	return []msg.Reply{{
		Text:    msg.T("report.day_off_confirm", "Date", msg.Date(d), "Reason", reason),
		Buttons: [][]msg.Button{{c.Choice(msg.T("button.day_off_yes"), "ya")}, {c.Choice(msg.T("button.other_date"), ArgBack)}},
	}}, nil
}

func handleLibur(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind == KindCallback && in.Callback.Arg == "ya" {
		return after(c, sRHK), nil, nil
	}
	return Stay, nil, invalid("input.use_buttons")
}

// ---- rhk ----

// activeRHK is the person's active RHK list for the report's year, read
// once per input (a step, its prompt and its "chosen" line all look at it).
func activeRHK(ctx context.Context, c *Ctx) ([]kinerja.RHK, error) {
	year := dateOf(c).Year
	if c.rhkLoaded && c.rhkYear == year {
		return c.rhk, nil
	}
	list, err := c.d.Reports.ActiveRHK(ctx, c.User.Pegawai.ID, year)
	if err != nil {
		return nil, err
	}
	c.rhk, c.rhkYear, c.rhkLoaded = list, year, true
	return list, nil
}

func askRHK(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	r, err := rhkPrompt(ctx, c)
	return []msg.Reply{r}, err
}

func rhkPrompt(ctx context.Context, c *Ctx) (msg.Reply, error) {
	list, err := activeRHK(ctx, c)
	if err != nil {
		return msg.Reply{}, err
	}
	page, _ := strconv.Atoi(c.Session.Get(kPage))
	pages := (len(list) + rhkPageSize - 1) / rhkPageSize
	if page >= pages {
		page = max(pages-1, 0)
	}
	var rows [][]msg.Button
	for _, r := range list[min(page*rhkPageSize, len(list)):min((page+1)*rhkPageSize, len(list))] {
		rows = append(rows, []msg.Button{c.Choice(msg.T("report.rhk_button", "Kode", r.Kode, "Teks", msg.Shorten(r.Teks, 48)), "r"+itoa64(r.ID))})
	}
	if pages > 1 {
		var nav []msg.Button
		if page > 0 {
			nav = append(nav, c.Choice(msg.T("button.prev"), "p"+strconv.Itoa(page-1)))
		}
		if page < pages-1 {
			nav = append(nav, c.Choice(msg.T("button.next"), "p"+strconv.Itoa(page+1)))
		}
		rows = append(rows, nav)
	}
	rows = append(rows, []msg.Button{c.Choice(msg.T("report.kategori_tugas_tambahan"), "tt"), c.Choice(msg.T("report.kategori_non_skp"), "ns")})
	text := msg.T("report.ask_rhk", "Year", dateOf(c).Year, "Page", page+1, "Pages", max(pages, 1))
	if len(list) == 0 {
		text = msg.T("report.ask_rhk_none", "Year", dateOf(c).Year)
	}
	return msg.Reply{Text: text, Buttons: rows}, nil
}

func handleRHK(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindCallback {
		return Stay, nil, invalid("input.use_buttons")
	}
	s := c.Session
	arg := in.Callback.Arg
	switch {
	case strings.HasPrefix(arg, "p"):
		n, err := strconv.Atoi(arg[1:])
		if err != nil || n < 0 {
			return Stay, nil, invalid("input.use_buttons")
		}
		s.Set(kPage, strconv.Itoa(n))
		r, err := rhkPrompt(ctx, c)
		r.Edit = true
		return Stay, []msg.Reply{r}, err
	case arg == "tt" || arg == "ns":
		kat := kinerja.KategoriTugasTambahan
		if arg == "ns" {
			kat = kinerja.KategoriNonSKP
		}
		setRHK(s, kat, 0, 0, false)
		return afterUnitChange(c), nil, nil
	case strings.HasPrefix(arg, "r"):
		id := atoi64(arg[1:])
		list, err := activeRHK(ctx, c)
		if err != nil {
			return Stay, nil, err
		}
		for _, r := range list {
			if r.ID != id {
				continue
			}
			switch len(r.Indikator) {
			case 0:
				setRHK(s, kinerja.KategoriRHK, r.ID, 0, false)
				return afterUnitChange(c), nil, nil
			case 1:
				setRHK(s, kinerja.KategoriRHK, r.ID, r.Indikator[0].ID, false)
				return afterIndikator(c, r.Indikator[0]), nil, nil
			default:
				setRHK(s, kinerja.KategoriRHK, r.ID, 0, true)
				return sIndikator, nil, nil
			}
		}
		// Not one of the person's active RHK (an old page, a forged button).
		return Stay, nil, invalid("report.rhk_gone")
	}
	return Stay, nil, invalid("input.use_buttons")
}

func setRHK(s *Session, kat kinerja.Kategori, rhk, ind int64, multi bool) {
	s.Set(kKategori, string(kat))
	s.Set(kRHK, "")
	s.Set(kIndikator, "")
	s.Set(kMultiInd, "")
	if rhk != 0 {
		s.Set(kRHK, itoa64(rhk))
	}
	if ind != 0 {
		s.Set(kIndikator, itoa64(ind))
	}
	if multi {
		s.Set(kMultiInd, "1")
	}
}

// afterIndikator takes the indikator's unit for the volume and goes on: to
// the description, or — when a field is being changed from the summary — to
// the summary, or to the volume when the unit is not the indikator's.
func afterIndikator(c *Ctx, ind kinerja.Indikator) string {
	if ind.Satuan == "" {
		return afterUnitChange(c)
	}
	s := c.Session
	s.Set(kSatuan, ind.Satuan)
	s.Set(kSatuanAsked, "")
	return after(c, sDeskripsi)
}

// afterUnitChange goes on after choosing something that gives no unit
// (Tugas tambahan, Non-SKP, an RHK without indikator): a unit that came from
// the indikator chosen before no longer applies, so when a field is being
// changed from the summary the volume and its unit are asked again.
func afterUnitChange(c *Ctx) string {
	s := c.Session
	if s.Get(kSatuanAsked) == "" {
		s.Set(kSatuan, "")
	}
	if s.Get(kReturn) != "" && s.Get(kSatuan) == "" {
		return sVolume
	}
	return after(c, sDeskripsi)
}

// findRHK returns the chosen RHK and indikator from the active list.
func findRHK(ctx context.Context, c *Ctx) (*kinerja.RHK, *kinerja.Indikator, error) {
	id := atoi64(c.Session.Get(kRHK))
	if id == 0 {
		return nil, nil, nil
	}
	list, err := activeRHK(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	for i := range list {
		if list[i].ID != id {
			continue
		}
		ind := atoi64(c.Session.Get(kIndikator))
		for j := range list[i].Indikator {
			if list[i].Indikator[j].ID == ind {
				return &list[i], &list[i].Indikator[j], nil
			}
		}
		return &list[i], nil, nil
	}
	return nil, nil, nil
}

// rhkLabel names the chosen RHK or category for the summary.
func rhkLabel(ctx context.Context, c *Ctx) (msg.Text, error) {
	if k := kinerja.Kategori(c.Session.Get(kKategori)); k != kinerja.KategoriRHK {
		return kategoriText(k), nil
	}
	r, _, err := findRHK(ctx, c)
	switch {
	case err != nil:
		return msg.Text{}, err
	case r == nil:
		return msg.T("report.rhk_unknown"), nil
	}
	return msg.T("report.rhk_button", "Kode", r.Kode, "Teks", msg.Shorten(r.Teks, 120)), nil
}

func indikatorLabel(ctx context.Context, c *Ctx) (string, error) {
	_, ind, err := findRHK(ctx, c)
	switch {
	case err != nil:
		return "", err
	case ind == nil:
		return "-", nil
	}
	return msg.Shorten(ind.Teks, 120), nil
}

// ---- indikator ----

func askIndikator(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	r, _, err := findRHK(ctx, c)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return []msg.Reply{msg.Say("report.rhk_gone")}, nil
	}
	var rows [][]msg.Button
	for _, ind := range r.Indikator {
		rows = append(rows, []msg.Button{c.Choice(msg.T("report.indikator_button", "Teks", msg.Shorten(ind.Teks, 56), "Satuan", ind.Satuan), "i"+itoa64(ind.ID))})
	}
	return []msg.Reply{{Text: msg.T("report.ask_indikator", "RHK", msg.Shorten(r.Teks, 120)), Buttons: rows}}, nil
}

func handleIndikator(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindCallback || !strings.HasPrefix(in.Callback.Arg, "i") {
		return Stay, nil, invalid("input.use_buttons")
	}
	r, _, err := findRHK(ctx, c)
	if err != nil {
		return Stay, nil, err
	}
	if r == nil {
		return Stay, nil, invalid("report.rhk_gone")
	}
	id := atoi64(in.Callback.Arg[1:])
	for _, ind := range r.Indikator {
		if ind.ID == id {
			c.Session.Set(kIndikator, itoa64(id))
			return afterIndikator(c, ind), nil, nil
		}
	}
	return Stay, nil, invalid("report.rhk_gone")
}

// ---- deskripsi ----

func askDeskripsi(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{msg.Say("report.ask_description", "Min", c.d.Rules.MinDescription, "Max", c.d.Rules.MaxDescription)}, nil
}

func handleDeskripsi(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	text := strings.TrimSpace(in.Text)
	n := len([]rune(text))
	switch {
	case n < c.d.Rules.MinDescription:
		return Stay, nil, invalid("report.description_short", "Min", c.d.Rules.MinDescription, "Len", n)
	case n > c.d.Rules.MaxDescription:
		return Stay, nil, invalid("report.description_long", "Max", c.d.Rules.MaxDescription, "Len", n)
	}
	c.Session.Set(kDeskripsi, text)
	return after(c, sVolume), nil, nil
}

// ---- volume and satuan ----

func askVolume(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	if sat := c.Session.Get(kSatuan); sat != "" && c.Session.Get(kSatuanAsked) == "" {
		return []msg.Reply{msg.Say("report.ask_volume_unit", "Satuan", sat)}, nil
	}
	return []msg.Reply{msg.Say("report.ask_volume")}, nil
}

func handleVolume(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	s := c.Session
	if in.Kind == KindCallback {
		// A reading of an ambiguous number was chosen.
		readings := strings.Split(s.Get(kReadings), "|")
		i := map[string]int{"v0": 0, "v1": 1}[in.Callback.Arg]
		if len(readings) != 3 || (in.Callback.Arg != "v0" && in.Callback.Arg != "v1") {
			return Stay, nil, invalid("report.need_text")
		}
		v, _ := strconv.ParseFloat(readings[i], 64)
		s.Set(kReadings, "")
		return setVolume(c, v, readings[2]), nil, nil
	}
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	v, unit, err := kinerja.ParseVolume(in.Text)
	if thousands, decimal, unit, ok := kinerja.VolumeReadings(err); ok {
		// "1.500" is 1500 to an Indonesian and 1.5 to a phone set to
		// English: ask, with both readings as buttons.
		s.Set(kReadings, encodeFloat(thousands)+"|"+encodeFloat(decimal)+"|"+unit)
		return Stay, []msg.Reply{{
			Text: msg.T("report.volume_which", "Ribuan", thousands, "Desimal", decimal),
			Buttons: [][]msg.Button{{
				c.Choice(msg.T("button.volume_thousands", "Value", thousands), "v0"),
				c.Choice(msg.T("button.volume_decimal", "Value", decimal), "v1"),
			}},
		}}, nil
	}
	if err != nil {
		return Stay, nil, err
	}
	s.Set(kReadings, "")
	return setVolume(c, v, unit), nil, nil
}

// setVolume keeps a volume and the satuan typed with it ("" when none),
// and says where the report goes on.
func setVolume(c *Ctx, v float64, unit string) string {
	s := c.Session
	s.Set(kVolume, encodeFloat(v))
	// The indikator's unit wins over a typed one; without an indikator a
	// typed unit is taken, else it is asked.
	if s.Get(kIndikator) != "" && s.Get(kSatuan) != "" && s.Get(kSatuanAsked) == "" {
		return after(c, sDurasi)
	}
	if unit != "" {
		s.Set(kSatuan, unit)
		s.Set(kSatuanAsked, "")
		return after(c, sDurasi)
	}
	if s.Get(kSatuan) != "" && s.Get(kReturn) != "" {
		return sRingkasan
	}
	return sSatuan
}

func askSatuan(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{msg.Say("report.ask_unit")}, nil
}

func handleSatuan(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	// A unit is what may follow a number in a volume: the same rules apply.
	_, unit, err := kinerja.ParseVolume("1 " + in.Text)
	if err != nil || unit == "" {
		return Stay, nil, invalid("report.unit_invalid", "Max", 30)
	}
	c.Session.Set(kSatuan, unit)
	c.Session.Set(kSatuanAsked, "1")
	return after(c, sDurasi), nil, nil
}

// ---- durasi ----

func askDurasi(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{msg.Say("report.ask_minutes")}, nil
}

func handleDurasi(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	m, err := kinerja.ParseMinutes(in.Text)
	if err != nil {
		return Stay, nil, err
	}
	if err := checkDayTotal(ctx, c, m); err != nil {
		return Stay, nil, err
	}
	c.Session.Set(kMenit, strconv.Itoa(m))
	return after(c, sBukti), nil, nil
}

// checkDayTotal refuses minutes that would take the day over the maximum.
func checkDayTotal(ctx context.Context, c *Ctx, m int) error {
	used, err := c.d.Reports.DayMinutes(ctx, c.User.Pegawai.ID, dateOf(c), atoi64(c.Session.Get(kEditID)))
	if err != nil {
		return err
	}
	if limit := c.d.Rules.MaxMinutesPerDay; used+m > limit {
		return invalid("report.minutes_over_day", "Max", limit, "Used", used, "Left", max(limit-used, 0), "Date", msg.Date(dateOf(c)))
	}
	return nil
}

// ---- bukti ----

func bukti(s *Session) []string { return strings.Fields(s.Get(kBukti)) }

// collecting is the key the evidence step adds files to: aside while the
// evidence is being changed from the summary.
func collecting(s *Session) string {
	if s.Get(kReturn) != "" {
		return kBuktiBaru
	}
	return kBukti
}

func askBukti(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{buktiPrompt(c, msg.T("report.ask_evidence", "Max", c.d.Rules.MaxEvidence))}, nil
}

func buktiPrompt(c *Ctx, text msg.Text) msg.Reply {
	n := len(strings.Fields(c.Session.Get(collecting(c.Session))))
	btn := c.Choice(msg.T("button.skip"), "lewati")
	if n > 0 {
		btn = c.Choice(msg.T("button.done_files", "Count", n), "selesai")
	}
	return msg.Reply{Text: text, Buttons: [][]msg.Button{{btn}}}
}

func handleBukti(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	s := c.Session
	key := collecting(s)
	switch {
	case in.Kind == KindPhoto || in.Kind == KindDocument:
		files := strings.Fields(s.Get(key))
		for _, f := range in.Files {
			if len(files) >= c.d.Rules.MaxEvidence {
				return Stay, nil, invalid("report.evidence_too_many", "Max", c.d.Rules.MaxEvidence)
			}
			if f.Size > maxEvidenceBytes {
				return Stay, nil, invalid("report.evidence_too_big", "MaxMB", maxEvidenceBytes>>20)
			}
			kind := evidenceDocument
			if in.Kind == KindPhoto {
				kind = evidencePhoto
			}
			files = append(files, kind+f.ID)
		}
		s.Set(key, strings.Join(files, " "))
		if in.MediaGroup != "" {
			// An album arrives as one update per file: answer its first
			// file only, so five photos get one reply, not five.
			if s.Get(kAlbum) == in.MediaGroup {
				return Stay, nil, nil
			}
			s.Set(kAlbum, in.MediaGroup)
			return Stay, []msg.Reply{buktiPrompt(c, msg.T("report.evidence_album"))}, nil
		}
		return Stay, []msg.Reply{buktiPrompt(c, msg.T("report.evidence_received", "Count", len(files)))}, nil
	case in.Kind == KindCallback && (in.Callback.Arg == "lewati" || in.Callback.Arg == "selesai"),
		in.Kind == KindCommand && (in.Command == CmdSkip || in.Command == CmdDone):
		return buktiDone(s), nil, nil
	case in.Kind == KindText:
		switch strings.ToLower(strings.TrimSpace(in.Text)) {
		case "lewati", "skip", "selesai", "done", "tidak ada", "-":
			return buktiDone(s), nil, nil
		}
	}
	return Stay, nil, invalid("report.evidence_need_file")
}

// buktiDone ends the evidence step: evidence collected while changing it
// replaces the old evidence; none collected keeps the old.
func buktiDone(s *Session) string {
	if nw := s.Get(kBuktiBaru); s.Get(kReturn) != "" && nw != "" {
		s.Set(kBukti, nw)
	}
	s.Set(kBuktiBaru, "")
	s.Set(kAlbum, "")
	return sRingkasan
}

// maxEvidenceBytes is the largest file a bot can fetch from Telegram.
const maxEvidenceBytes = 20 << 20

// ---- ringkasan ----

func summaryText(ctx context.Context, c *Ctx) (msg.Text, error) {
	s := c.Session
	rhk, err := rhkLabel(ctx, c)
	if err != nil {
		return msg.Text{}, err
	}
	vol, _ := strconv.ParseFloat(s.Get(kVolume), 64)
	menit, _ := strconv.Atoi(s.Get(kMenit))
	id := "report.summary"
	if s.Get(kEditID) != "" {
		id = "report.summary_edit"
	}
	return msg.T(id,
		"Date", msg.Date(dateOf(c)),
		"RHK", rhk,
		"Deskripsi", msg.Long(s.Get(kDeskripsi)),
		"Volume", vol,
		"Satuan", s.Get(kSatuan),
		"Menit", menit,
		"Bukti", len(bukti(s)),
	), nil
}

func askRingkasan(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	c.Session.Set(kReturn, "")
	text, err := summaryText(ctx, c)
	if err != nil {
		return nil, err
	}
	send := msg.T("button.send")
	if c.Session.Get(kEditID) != "" {
		send = msg.T("button.send_edit")
	}
	return []msg.Reply{{
		Text:    text,
		Buttons: [][]msg.Button{{c.Choice(send, "kirim")}, {c.Choice(msg.T("button.change"), "ubah"), c.CancelButton()}},
	}}, nil
}

func handleRingkasan(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindCallback {
		return Stay, nil, invalid("input.use_buttons")
	}
	switch in.Callback.Arg {
	case "ubah":
		return sUbah, nil, nil
	case "kirim":
		return kirim(ctx, c)
	}
	return Stay, nil, invalid("input.use_buttons")
}

// kirim checks everything once more on the server and files the report (or
// the edit of one).
func kirim(ctx context.Context, c *Ctx) (string, []msg.Reply, error) {
	s := c.Session
	a, err := draft(ctx, c)
	if err != nil {
		return Stay, nil, err
	}
	var saved kinerja.Aktivitas
	if id := atoi64(s.Get(kEditID)); id != 0 {
		version, _ := strconv.Atoi(s.Get(kEditVersion))
		saved, err = c.d.Reports.EditAktivitas(ctx, id, version, a, c.User.Pegawai.ID)
	} else {
		saved, err = c.d.Reports.SubmitAktivitas(ctx, a, c.User.Pegawai.ID)
	}
	if err != nil {
		if code := kinerja.ErrorCode(err); code == kinerja.CodeConflict || code == kinerja.CodeForbidden || code == kinerja.CodeNotFound {
			// The report changed meanwhile (decided, withdrawn): say so and
			// end the flow; /riwayat shows the current state.
			return Done, []msg.Reply{{Text: authorRefusal(err)}}, nil
		}
		return Stay, nil, err
	}
	id := "report.submitted"
	if s.Get(kEditID) != "" {
		id = "report.resubmitted"
	}
	return Done, []msg.Reply{msg.Say(id, "Date", msg.Date(saved.Tanggal), "Menit", saved.Menit, "ID", saved.ID)}, nil
}

// draft assembles the report from the session and re-checks the rules that
// could have changed since the steps ran (the day's total, the RHK still
// active, the window).
func draft(ctx context.Context, c *Ctx) (kinerja.Aktivitas, error) {
	s := c.Session
	d := dateOf(c)
	if err := checkDate(c, d); err != nil {
		return kinerja.Aktivitas{}, err
	}
	vol, err := strconv.ParseFloat(s.Get(kVolume), 64)
	menit, err2 := strconv.Atoi(s.Get(kMenit))
	if err != nil || err2 != nil || s.Get(kDeskripsi) == "" || s.Get(kSatuan) == "" || s.Get(kKategori) == "" {
		return kinerja.Aktivitas{}, invalid("report.incomplete")
	}
	if err := checkDayTotal(ctx, c, menit); err != nil {
		return kinerja.Aktivitas{}, err
	}
	a := kinerja.Aktivitas{
		PegawaiID: c.User.Pegawai.ID,
		Tanggal:   d,
		Kategori:  kinerja.Kategori(s.Get(kKategori)),
		Deskripsi: s.Get(kDeskripsi),
		Volume:    vol,
		Satuan:    s.Get(kSatuan),
		Menit:     menit,
		Bukti:     bukti(s),
		Kunci:     s.Get(kKunci),
	}
	if a.Kategori == kinerja.KategoriRHK {
		r, ind, err := findRHK(ctx, c)
		if err != nil {
			return kinerja.Aktivitas{}, err
		}
		if r == nil || (s.Get(kIndikator) != "" && ind == nil) {
			return kinerja.Aktivitas{}, invalid("report.rhk_gone")
		}
		if len(r.Indikator) > 1 && ind == nil {
			// DOMAIN.md decision 4: an RHK with several indikator needs one.
			return kinerja.Aktivitas{}, invalid("report.indikator_required")
		}
		a.RHKID = r.ID
		if ind != nil {
			a.IndikatorID = ind.ID
		}
	}
	return a, nil
}

// ---- ubah: choose a field to change ----

func askUbah(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{{
		Text: msg.T("report.ask_field"),
		Buttons: [][]msg.Button{
			{c.Choice(msg.T("report.field_date"), sTanggal), c.Choice(msg.T("report.field_rhk"), sRHK)},
			{c.Choice(msg.T("report.field_description"), sDeskripsi), c.Choice(msg.T("report.field_volume"), sVolume)},
			{c.Choice(msg.T("report.field_minutes"), sDurasi), c.Choice(msg.T("report.field_evidence"), sBukti)},
			{c.BackButton()},
		},
	}}, nil
}

func handleUbah(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind != KindCallback {
		return Stay, nil, invalid("input.use_buttons")
	}
	switch f := in.Callback.Arg; f {
	case sTanggal, sRHK, sDeskripsi, sVolume, sDurasi:
		c.Session.Set(kReturn, "1")
		return f, nil, nil
	case sBukti:
		// New evidence is collected aside and replaces the old only when
		// the person presses Selesai; Lewati or Kembali keep the old.
		c.Session.Set(kBuktiBaru, "")
		c.Session.Set(kReturn, "1")
		return sBukti, nil, nil
	}
	return Stay, nil, invalid("input.use_buttons")
}

// editReport opens a report of the author in the report flow, at its
// summary, for changing and sending again.
func editReport(ctx context.Context, e *Engine, c *Ctx, a kinerja.Aktivitas) ([]msg.Reply, error) {
	data := map[string]string{
		kTanggal:     a.Tanggal.String(),
		kEditDate:    a.Tanggal.String(),
		kKategori:    string(a.Kategori),
		kDeskripsi:   a.Deskripsi,
		kVolume:      encodeFloat(a.Volume),
		kSatuan:      a.Satuan,
		kSatuanAsked: "1",
		kMenit:       strconv.Itoa(a.Menit),
		kBukti:       strings.Join(a.Bukti, " "),
		kEditID:      itoa64(a.ID),
		kEditVersion: strconv.Itoa(a.Version),
	}
	if a.RHKID != 0 {
		data[kRHK] = itoa64(a.RHKID)
	}
	if a.IndikatorID != 0 {
		data[kIndikator] = itoa64(a.IndikatorID)
		data[kSatuanAsked] = ""
	}
	return e.Resume(ctx, c, laporName, sRingkasan, data)
}

// authorRefusal explains to a report's author why their change was not
// applied (the supervisor-side wording would talk about "the card").
func authorRefusal(err error) msg.Text {
	id, args := kinerja.ErrorMessage(err)
	switch id {
	case "aktivitas.already_decided", "aktivitas.already_withdrawn":
		st, _ := args["Status"].(string)
		return msg.T("report.author_already_decided", "Status", msg.T("status."+st))
	case "aktivitas.stale_version":
		return msg.T("report.author_stale")
	}
	return msg.Text{ID: id, Args: args}
}
