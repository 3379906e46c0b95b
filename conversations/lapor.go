package conversations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// The daily report (/lapor), built to cost few Telegram writes (about 30 a
// second serve the whole city, DOMAIN.md decision 12) and few taps:
//
//	rhk (the day on top: today, "Tanggal lain" to change it) → deskripsi
//	(typed; the volume and the duration may follow on its last lines) →
//	[volume and duration, when not typed with it] → [satuan] → ringkasan
//	(Kirim, Ubah, Batal; a photo or document sent now is attached).
//
// A button answers by turning its own message into the next screen (one
// edit, no dead button left); a typed answer gets the next question as a
// new message. The usual report is four writes: the RHK list, its edit into
// the uraian question, the summary, its edit into the confirmation. A day
// off asks for confirmation first. Everything entered lives in the session
// until Kirim, which files the report in one transaction with its audit
// entry.

// Session data keys of the report flow.
const (
	kTanggal     = "tanggal"
	kKategori    = "kategori"
	kRHK         = "rhk"
	kIndikator   = "indikator"
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

// argDeclare is the RHK list's "Saya cuti / dinas luar hari ini".
const argDeclare = "cl"

// step names
const (
	sTanggal   = "tanggal"
	sLibur     = "libur"
	sRHK       = "rhk"
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
	Start:     sRHK,
	KeepAside: true,
	Steps: map[string]*Step{
		sTanggal: {
			Enter:  askTanggal,
			Handle: handleTanggal,
			Next:   []string{sLibur, sRHK, sRingkasan},
			Back:   backTo(sRHK),
		},
		sLibur: {
			Enter:  askLibur,
			Handle: handleLibur,
			Next:   []string{sRHK, sTanggal, sRingkasan},
			Back:   func(*Ctx) string { return sTanggal },
		},
		sRHK: {
			Enter:  askRHK,
			Handle: handleRHK,
			Next:   []string{sTanggal, sDeskripsi, sVolume, sRingkasan},
			Back:   backTo(""), // the first step: Kembali leaves, unless a field is being changed
		},
		sDeskripsi: {
			Enter:     askDeskripsi,
			Handle:    handleDeskripsi,
			Shortcuts: true,
			Next:      []string{sVolume, sSatuan, sDurasi, sRingkasan},
			Back:      backTo(sRHK),
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
			Enter:     askDurasi,
			Handle:    handleDurasi,
			Shortcuts: true,
			Next:      []string{sRingkasan},
			Back:      backTo(sVolume),
		},
		sBukti: {
			Enter:  askBukti,
			Handle: handleBukti,
			Next:   []string{sRingkasan},
			Back: func(c *Ctx) string {
				c.Session.Set(kBuktiBaru, "")
				return sRingkasan
			},
		},
		sRingkasan: {
			Enter:  askRingkasan,
			Handle: handleRingkasan,
			Next:   []string{sUbah},
			Back:   func(*Ctx) string { return sUbah },
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
			Next:      []string{sTanggal, sLibur, sRHK, sDeskripsi, sVolume, sSatuan, sDurasi, sBukti, sRingkasan, sUbah},
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

func dateOf(c *Ctx) kinerja.Date {
	d, _ := kinerja.ParseDate(c.Session.Get(kTanggal))
	return d
}

// ---- /lapor ----

func laporCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	return startReport(ctx, e, c, c.Today(), false)
}

// reportAgainCallback is "Lapor lagi" on a report's confirmation: another
// report for the same day, beginning at the RHK list (a day off was
// confirmed for the first one already). A day the window or a rating has
// closed meanwhile gives today instead.
func reportAgainCallback(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	d, err := kinerja.ParseDate(strings.TrimPrefix(in.Callback.Arg, "d"))
	if err != nil || c.d.Rules.ReportDateProblem(d, c.Today()) != "" {
		return startReport(ctx, e, c, c.Today(), false)
	}
	if _, locked, err := c.d.Reports.LockedPeriodOf(ctx, c.User.Pegawai.ID, d); err != nil {
		return Result{}, err
	} else if locked {
		return startReport(ctx, e, c, c.Today(), false)
	}
	return startReport(ctx, e, c, d, true)
}

// startReport is /lapor: a new report for day d, or the one in progress;
// dayOffAsked: reporting on d was confirmed already, even if it is a day off.
func startReport(ctx context.Context, e *Engine, c *Ctx, d kinerja.Date, dayOffAsked bool) (Result, error) {
	s := c.Session
	if s.Flow == laporName {
		// Already reporting: ask the current question again (its older
		// copy's buttons stop working).
		replies, err := e.Resume(ctx, c, laporName, s.Step, s.Data)
		return Result{Replies: append([]msg.Reply{msg.Say("report.in_progress")}, replies...)}, err
	}
	if _, ok := s.Parked[laporName]; ok {
		replies, err := e.Resume(ctx, c, laporName, sLanjut, nil)
		return Result{Replies: replies}, err
	}
	first, err := sRHK, error(nil)
	if !dayOffAsked {
		first, err = firstStep(ctx, c, d)
	}
	if err != nil {
		return Result{}, err
	}
	replies, err := e.Resume(ctx, c, laporName, first, newReport(d))
	return Result{Replies: replies}, err
}

// newReport is the data a new report for day d starts with: the day, and
// the key that files it once however often Kirim is pressed.
func newReport(d kinerja.Date) map[string]string {
	return map[string]string{kTanggal: d.String(), kKunci: newKey()}
}

// firstStep is where a new report for d begins: the RHK list, or — d being
// a day off for the person — the question whether to report for it anyway.
func firstStep(ctx context.Context, c *Ctx, d kinerja.Date) (string, error) {
	off, err := dayOffReason(ctx, c, d)
	if err != nil || off.ID == "" {
		return sRHK, err
	}
	return sLibur, nil
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
		if p.Step == "" || p.Step == sLanjut || p.Step == "indikator" { // a step of an earlier version
			return sRHK, nil, nil
		}
		return p.Step, nil, nil
	case "baru":
		delete(s.Parked, laporName)
		s.Data = newReport(c.Today())
		first, err := firstStep(ctx, c, c.Today())
		return first, nil, err
	}
	return Stay, nil, invalid("input.use_buttons")
}

// ---- tanggal: another day than today ----

func askTanggal(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	today := c.Today()
	rules := c.d.Rules
	var rows [][]msg.Button
	// Buttons carry the date itself, not "n days ago": pressed after
	// midnight they still mean the day on their label.
	// A day in a rated (locked) period is not offered: it would be refused
	// at Kirim, after all the work.
	open := func(d kinerja.Date) (bool, error) {
		_, locked, err := c.d.Reports.LockedPeriodOf(ctx, c.User.Pegawai.ID, d)
		return !locked, err
	}
	row := []msg.Button{c.Choice(msg.T("button.today"), dateArg(today))}
	if rules.BackDateDays >= 1 {
		if ok, err := open(today.AddDays(-1)); err != nil {
			return nil, err
		} else if ok {
			row = append(row, c.Choice(msg.T("button.yesterday"), dateArg(today.AddDays(-1))))
		}
	}
	rows = append(rows, row)
	row = nil
	for n := 2; n <= rules.BackDateDays && n <= 7; n++ {
		if ok, err := open(today.AddDays(-n)); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		row = append(row, c.Choice(msg.ShortDate(today.AddDays(-n)), dateArg(today.AddDays(-n))))
		if len(row) == 3 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []msg.Button{c.BackButton()})
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
	// Checked when the day is chosen, not at Kirim: a rated month takes no
	// more reports (issue 15: a finished report was refused at the end).
	if periode, locked, err := c.d.Reports.LockedPeriodOf(ctx, c.User.Pegawai.ID, d); err != nil {
		return Stay, nil, err
	} else if locked {
		return Stay, nil, invalid("report.date_locked", "Tanggal", msg.Date(d), "Periode", msg.Month(periode))
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

// dayOffReason says why d is not a working day for the reporter (a Text
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
		Text: msg.T("report.day_off_confirm", "Date", msg.Date(d), "Reason", reason),
		Buttons: [][]msg.Button{{c.Choice(msg.T("button.day_off_yes"), "ya")}, {c.Choice(msg.T("button.other_date"), "tg")},
			{c.CancelButton()}},
	}}, nil
}

func handleLibur(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind == KindCallback {
		switch in.Callback.Arg {
		case "ya":
			return after(c, sRHK), nil, nil
		case "tg":
			return sTanggal, nil, nil
		}
	}
	return Stay, nil, invalid("input.use_buttons")
}

// ---- rhk: what the work counts towards, the day on top ----

// activeRHK is the person's active RHK list for the report's year, read
// once per input (a step and its prompt both look at it).
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

// rhkChoice is one button of the RHK list: an RHK, or one indikator of an
// RHK that has several (chosen in one tap, no separate question).
type rhkChoice struct {
	rhk kinerja.RHK
	ind *kinerja.Indikator
}

func rhkChoices(list []kinerja.RHK) []rhkChoice {
	var out []rhkChoice
	for _, r := range list {
		if len(r.Indikator) <= 1 {
			out = append(out, rhkChoice{rhk: r})
			continue
		}
		for i := range r.Indikator {
			out = append(out, rhkChoice{rhk: r, ind: &r.Indikator[i]})
		}
	}
	return out
}

func (ch rhkChoice) arg() string {
	a := "r" + itoa64(ch.rhk.ID)
	if ch.ind != nil {
		a += "." + itoa64(ch.ind.ID)
	}
	return a
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
	choices := rhkChoices(list)
	page, _ := strconv.Atoi(c.Session.Get(kPage))
	pages := (len(choices) + rhkPageSize - 1) / rhkPageSize
	if page >= pages {
		page = max(pages-1, 0)
	}
	var rows [][]msg.Button
	label := rhkLabels(list)
	for _, ch := range choices[min(page*rhkPageSize, len(choices)):min((page+1)*rhkPageSize, len(choices))] {
		rows = append(rows, []msg.Button{c.Choice(label(ch), ch.arg())})
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
	d := dateOf(c)
	last := []msg.Button{c.Choice(msg.T("button.other_date"), "tg"), c.CancelButton()}
	if c.Session.Get(kReturn) != "" || c.Session.Get(kEditID) != "" {
		last = []msg.Button{c.BackButton()} // changing it from the summary: the date has its own button there
	} else if d == c.Today() && c.d.Declarations != nil && c.User.Pegawai.AtasanID != 0 {
		// Not working at the office today: declare it instead (pernyataan.go).
		rows = append(rows, []msg.Button{c.Choice(msg.T("pengingat.btn_cuti"), argDeclare)})
	}
	if c.d.MiniAppURL != "" && c.Session.Get(kReturn) == "" && c.Session.Get(kEditID) == "" {
		// The whole report on one screen instead (package miniapp).
		rows = append(rows, []msg.Button{{Label: msg.T("app.button_form"), WebApp: c.d.MiniAppURL}})
	}
	rows = append(rows, last)
	text := msg.T("report.ask_rhk", "Date", msg.Date(d), "Year", d.Year, "Page", page+1, "Pages", max(pages, 1))
	if len(list) == 0 {
		text = msg.T("report.ask_rhk_none", "Date", msg.Date(d), "Year", d.Year)
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
	case arg == "tg":
		return sTanggal, nil, nil
	case arg == argDeclare && s.Get(kReturn) == "" && s.Get(kEditID) == "" && c.d.Declarations != nil:
		// "Saya cuti / dinas luar hari ini": the report ends, the list turns
		// into the choice (or says why today cannot be declared).
		choice, refused, err := declareChoice(ctx, c, 0)
		if err != nil || refused != nil {
			if refused != nil {
				err = kinerja.Errorf(kinerja.CodeInvalid, refused.ID, refused.Args)
			}
			return Stay, nil, err
		}
		return Done, []msg.Reply{choice}, nil
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
		setRHK(s, kat, 0, 0)
		return afterUnitChange(c), nil, nil
	case strings.HasPrefix(arg, "r"):
		list, err := activeRHK(ctx, c)
		if err != nil {
			return Stay, nil, err
		}
		for _, ch := range rhkChoices(list) {
			if ch.arg() != arg {
				continue
			}
			if ch.ind == nil && len(ch.rhk.Indikator) == 1 {
				ch.ind = &ch.rhk.Indikator[0]
			}
			if ch.ind == nil {
				setRHK(s, kinerja.KategoriRHK, ch.rhk.ID, 0)
				return afterUnitChange(c), nil, nil
			}
			setRHK(s, kinerja.KategoriRHK, ch.rhk.ID, ch.ind.ID)
			return afterIndikator(c, *ch.ind), nil, nil
		}
		// Not one of the person's active RHK (an old page, a forged button).
		return Stay, nil, invalid("report.rhk_gone")
	}
	return Stay, nil, invalid("input.use_buttons")
}

func setRHK(s *Session, kat kinerja.Kategori, rhk, ind int64) {
	s.Set(kKategori, string(kat))
	s.Set(kRHK, "")
	s.Set(kIndikator, "")
	if rhk != 0 {
		s.Set(kRHK, itoa64(rhk))
	}
	if ind != 0 {
		s.Set(kIndikator, itoa64(ind))
	}
}

// afterIndikator takes the indikator's unit for the volume and goes on: to
// the description, or — when a field is being changed from the summary — to
// the summary.
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

// rhkLabel names the chosen RHK (and indikator) or category.
func rhkLabel(ctx context.Context, c *Ctx) (msg.Text, error) {
	if k := kinerja.Kategori(c.Session.Get(kKategori)); k != kinerja.KategoriRHK {
		return kategoriText(k), nil
	}
	r, ind, err := findRHK(ctx, c)
	switch {
	case err != nil:
		return msg.Text{}, err
	case r == nil:
		return msg.T("report.rhk_unknown"), nil
	case ind != nil && len(r.Indikator) > 1:
		return msg.T("report.rhk_indikator", "Kode", r.Kode, "Teks", msg.Shorten(r.Teks, 120), "Indikator", msg.Shorten(ind.Teks, 120)), nil
	}
	return msg.T("report.rhk_button", "Kode", r.Kode, "Teks", msg.Shorten(r.Teks, 120)), nil
}

// ---- deskripsi: the uraian, and perhaps how much and how long ----

func askDeskripsi(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	rhk, err := rhkLabel(ctx, c)
	if err != nil {
		return nil, err
	}
	example := msg.T("report.example_amount")
	if sat := c.Session.Get(kSatuan); sat != "" && c.Session.Get(kSatuanAsked) == "" {
		example = msg.T("report.example_amount_unit", "Satuan", sat)
	}
	id := "report.ask_description"
	if c.Session.Get(kReturn) != "" {
		id = "report.ask_description_only"
	}
	r := msg.Say(id, "Date", msg.Date(dateOf(c)), "RHK", rhk,
		"Min", c.d.Rules.MinDescription, "Max", c.d.Rules.MaxDescription, "Example", example)
	if c.Session.Get(kReturn) == "" {
		earlier, err := earlierUraian(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, a := range earlier {
			r.Buttons = append(r.Buttons, []msg.Button{c.Choice(msg.T("button.reuse_uraian", "Teks", msg.Shorten(a.Deskripsi, 44)), "u"+itoa64(a.ID))})
		}
		if len(earlier) > 0 {
			r.Text = msg.T("report.ask_description_reuse", "Ask", r.Text)
		}
	}
	return []msg.Reply{r}, nil
}

// Earlier uraian offered for reuse: the last few of the same kind of work
// within about two months.
const (
	reuseCount = 3
	reuseDays  = 60
)

// earlierUraian is the person's latest distinct uraian for the RHK (and
// indikator) or category being reported.
func earlierUraian(ctx context.Context, c *Ctx) ([]kinerja.Aktivitas, error) {
	s := c.Session
	return c.d.Reports.RecentUraian(ctx, c.User.Pegawai.ID, kinerja.Kategori(s.Get(kKategori)),
		atoi64(s.Get(kRHK)), atoi64(s.Get(kIndikator)), c.Today().AddDays(-reuseDays), reuseCount)
}

// reuseUraian takes an earlier report's uraian, volume and duration for
// this one (a button of the uraian question): the summary follows, where
// any of it can be changed.
func reuseUraian(ctx context.Context, c *Ctx, arg string) (string, []msg.Reply, error) {
	s := c.Session
	id := atoi64(strings.TrimPrefix(arg, "u"))
	a, err := c.d.Reports.AktivitasByID(ctx, id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound {
		return Stay, nil, invalid("input.use_buttons")
	} else if err != nil {
		return Stay, nil, err
	}
	// Only the person's own report of the same kind of work: the button
	// carries an id, and a forged one must not read someone else's.
	if a.PegawaiID != c.User.Pegawai.ID || string(a.Kategori) != s.Get(kKategori) ||
		a.RHKID != atoi64(s.Get(kRHK)) || a.IndikatorID != atoi64(s.Get(kIndikator)) {
		return Stay, nil, invalid("input.use_buttons")
	}
	s.Set(kDeskripsi, a.Deskripsi)
	return takeAmount(ctx, c, kinerja.Amount{Volume: a.Volume, Satuan: a.Satuan, HasVolume: true, Menit: a.Menit, HasMenit: true}, nil)
}

func handleDeskripsi(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	if in.Kind == KindCallback && strings.HasPrefix(in.Callback.Arg, "u") {
		return reuseUraian(ctx, c, in.Callback.Arg)
	}
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	text, amount, amountErr := strings.TrimSpace(in.Text), kinerja.Amount{}, error(nil)
	if c.Session.Get(kReturn) == "" {
		// The volume and the duration may come on the last lines.
		text, amount, amountErr = kinerja.SplitReport(in.Text)
	}
	n := len([]rune(text))
	switch {
	case kinerja.Visible(text) < c.d.Rules.MinDescription:
		// Counted as a reader sees it: spaces and invisible characters
		// (zero-width spaces) are no description.
		return Stay, nil, invalid("report.description_short", "Min", c.d.Rules.MinDescription, "Len", kinerja.Visible(text))
	case n > c.d.Rules.MaxDescription:
		return Stay, nil, invalid("report.description_long", "Max", c.d.Rules.MaxDescription, "Len", n)
	}
	c.Session.Set(kDeskripsi, text)
	if c.Session.Get(kReturn) != "" {
		return sRingkasan, nil, nil
	}
	return takeAmount(ctx, c, amount, amountErr)
}

// ---- volume (and duration), satuan, durasi ----

func askVolume(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	s := c.Session
	if r := strings.Split(s.Get(kReadings), "|"); len(r) == 3 {
		// "1.500" is 1500 to an Indonesian and 1.5 to a phone set to
		// English: ask, with both readings as buttons.
		th, _ := strconv.ParseFloat(r[0], 64)
		dec, _ := strconv.ParseFloat(r[1], 64)
		return []msg.Reply{{
			Text: msg.T("report.volume_which", "Ribuan", th, "Desimal", dec),
			Buttons: [][]msg.Button{{
				c.Choice(msg.T("button.volume_thousands", "Value", th), "v0"),
				c.Choice(msg.T("button.volume_decimal", "Value", dec), "v1"),
			}},
		}}, nil
	}
	unit := s.Get(kSatuan) != "" && s.Get(kSatuanAsked) == ""
	switch {
	case s.Get(kMenit) != "" || s.Get(kReturn) != "":
		if unit {
			return []msg.Reply{msg.Say("report.ask_volume_unit", "Satuan", s.Get(kSatuan))}, nil
		}
		return []msg.Reply{msg.Say("report.ask_volume")}, nil
	case unit:
		return []msg.Reply{msg.Say("report.ask_amount_unit", "Satuan", s.Get(kSatuan))}, nil
	}
	return []msg.Reply{msg.Say("report.ask_amount")}, nil
}

func handleVolume(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	s := c.Session
	if in.Kind == KindCallback {
		// A reading of an ambiguous number was chosen.
		readings := strings.Split(s.Get(kReadings), "|")
		i := map[string]int{"v0": 0, "v1": 1}[in.Callback.Arg]
		if len(readings) != 3 || (in.Callback.Arg != "v0" && in.Callback.Arg != "v1") {
			return Stay, nil, invalid("input.use_buttons")
		}
		v, _ := strconv.ParseFloat(readings[i], 64)
		s.Set(kReadings, "")
		return takeAmount(ctx, c, kinerja.Amount{Volume: v, Satuan: readings[2], HasVolume: true}, nil)
	}
	if in.Kind != KindText {
		return Stay, nil, invalid("report.need_text")
	}
	a, err := kinerja.ParseAmount(in.Text)
	if err != nil && !kinerja.VolumeIsAmbiguous(err) {
		return Stay, nil, err
	}
	return takeAmount(ctx, c, a, err)
}

// takeAmount keeps what was typed of the volume and the duration and goes
// on to what is still missing: the reading of an ambiguous number (err is
// the volume's ambiguity, else nil), the volume, its satuan, the duration —
// or the summary.
func takeAmount(ctx context.Context, c *Ctx, a kinerja.Amount, err error) (string, []msg.Reply, error) {
	s := c.Session
	if a.HasMenit {
		if err := checkDayTotal(ctx, c, a.Menit); err != nil {
			return Stay, nil, err
		}
		s.Set(kMenit, strconv.Itoa(a.Menit))
	}
	if th, dec, sat, ok := kinerja.VolumeReadings(err); ok {
		s.Set(kReadings, encodeFloat(th)+"|"+encodeFloat(dec)+"|"+sat)
		if s.Step == sVolume {
			// Asked again in place: the same step's prompt shows the question.
			replies, err := askVolume(ctx, c)
			return Stay, replies, err
		}
		return sVolume, nil, nil
	}
	if a.HasVolume {
		s.Set(kVolume, encodeFloat(a.Volume))
		// The indikator's unit wins over a typed one; without an indikator
		// a typed unit is taken, else it is asked.
		if a.Satuan != "" && (s.Get(kIndikator) == "" || s.Get(kSatuan) == "" || s.Get(kSatuanAsked) != "") {
			s.Set(kSatuan, a.Satuan)
			s.Set(kSatuanAsked, "")
		}
	}
	switch {
	case s.Get(kVolume) == "":
		if s.Step == sVolume {
			replies, err := askVolume(ctx, c)
			return Stay, replies, err
		}
		return sVolume, nil, nil
	case s.Get(kSatuan) == "":
		return sSatuan, nil, nil
	case s.Get(kMenit) == "":
		return sDurasi, nil, nil
	}
	return sRingkasan, nil, nil
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
	if c.Session.Get(kMenit) == "" {
		return sDurasi, nil, nil
	}
	return sRingkasan, nil, nil
}

// quickDurations are the durations offered as buttons, in minutes.
var quickDurations = [][]int{{30, 60, 90}, {120, 180, 240}}

func askDurasi(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	var rows [][]msg.Button
	for _, row := range quickDurations {
		var buttons []msg.Button
		for _, m := range row {
			buttons = append(buttons, c.Choice(durationLabel(m), "m"+strconv.Itoa(m)))
		}
		rows = append(rows, buttons)
	}
	return []msg.Reply{{Text: msg.T("report.ask_minutes"), Buttons: rows}}, nil
}

// durationLabel is a quick duration's button: "30 mnt", "1,5 jam".
func durationLabel(m int) msg.Text {
	if m < 60 {
		return msg.T("button.duration_minutes", "Menit", m)
	}
	return msg.T("button.duration_hours", "Jam", float64(m)/60)
}

func handleDurasi(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	var m int
	switch {
	case in.Kind == KindCallback && strings.HasPrefix(in.Callback.Arg, "m"):
		n, err := strconv.Atoi(in.Callback.Arg[1:])
		if err != nil || n <= 0 || n > c.d.Rules.MaxMinutesPerDay {
			return Stay, nil, invalid("input.use_buttons")
		}
		m = n
	case in.Kind == KindText:
		n, err := kinerja.ParseMinutes(in.Text)
		if err != nil {
			return Stay, nil, err
		}
		m = n
	default:
		return Stay, nil, invalid("report.need_text")
	}
	if err := checkDayTotal(ctx, c, m); err != nil {
		return Stay, nil, err
	}
	c.Session.Set(kMenit, strconv.Itoa(m))
	return sRingkasan, nil, nil
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

// ---- bukti: evidence, sent at the summary or changed from it ----

func bukti(s *Session) []string { return strings.Fields(s.Get(kBukti)) }

// addFiles adds the files of in to the evidence under key, within the
// rules; it reports whether in is a later file of an album whose first file
// was already answered (one reply for an album, not one per file).
func addFiles(c *Ctx, in Input, key string) (laterInAlbum bool, err error) {
	s := c.Session
	files := strings.Fields(s.Get(key))
	for _, f := range in.Files {
		if len(files) >= c.d.Rules.MaxEvidence {
			return false, invalid("report.evidence_too_many", "Max", c.d.Rules.MaxEvidence)
		}
		if f.Size > maxEvidenceBytes {
			return false, invalid("report.evidence_too_big", "MaxMB", maxEvidenceBytes>>20)
		}
		kind := evidenceDocument
		if in.Kind == KindPhoto {
			kind = evidencePhoto
		}
		files = append(files, kind+f.ID)
	}
	s.Set(key, strings.Join(files, " "))
	if in.MediaGroup == "" {
		return false, nil
	}
	later := s.Get(kAlbum) == in.MediaGroup
	s.Set(kAlbum, in.MediaGroup)
	return later, nil
}

func askBukti(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	return []msg.Reply{buktiPrompt(c, msg.T("report.ask_evidence", "Max", c.d.Rules.MaxEvidence))}, nil
}

// buktiPrompt asks for evidence while changing it from the summary: the
// files sent replace the old ones at Selesai; Kembali keeps the old.
func buktiPrompt(c *Ctx, text msg.Text) msg.Reply {
	var rows [][]msg.Button
	if n := len(strings.Fields(c.Session.Get(kBuktiBaru))); n > 0 {
		rows = append(rows, []msg.Button{c.Choice(msg.T("button.done_files", "Count", n), "selesai")})
	}
	if len(bukti(c.Session)) > 0 {
		rows = append(rows, []msg.Button{c.Choice(msg.T("button.no_evidence"), "hapus")})
	}
	return msg.Reply{Text: text, Buttons: append(rows, []msg.Button{c.BackButton()})}
}

func handleBukti(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	s := c.Session
	switch {
	case in.Kind == KindPhoto || in.Kind == KindDocument:
		later, err := addFiles(c, in, kBuktiBaru)
		switch {
		case err != nil || later:
			return Stay, nil, err
		case in.MediaGroup != "":
			// An album arrives as one update per file: answered once.
			return Stay, []msg.Reply{buktiPrompt(c, msg.T("report.evidence_album"))}, nil
		}
		return Stay, []msg.Reply{buktiPrompt(c, msg.T("report.evidence_received", "Count", len(strings.Fields(s.Get(kBuktiBaru)))))}, nil
	case in.Kind == KindCallback && in.Callback.Arg == "hapus":
		s.Set(kBukti, "")
		s.Set(kBuktiBaru, "")
		return buktiDone(s), nil, nil
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

// buktiDone ends changing the evidence: files collected replace the old
// ones; none collected keeps the old.
func buktiDone(s *Session) string {
	if nw := s.Get(kBuktiBaru); nw != "" {
		s.Set(kBukti, nw)
	}
	s.Set(kBuktiBaru, "")
	s.Set(kAlbum, "")
	return sRingkasan
}

// maxEvidenceBytes is the largest file a bot can fetch from Telegram.
const maxEvidenceBytes = 20 << 20

// ---- ringkasan ----

// summaryArgs are the report's fields as the summary and the confirmation
// show them.
func summaryArgs(ctx context.Context, c *Ctx) ([]any, error) {
	s := c.Session
	rhk, err := rhkLabel(ctx, c)
	if err != nil {
		return nil, err
	}
	vol, _ := strconv.ParseFloat(s.Get(kVolume), 64)
	menit, _ := strconv.Atoi(s.Get(kMenit))
	return []any{
		"Date", msg.Date(dateOf(c)),
		"RHK", rhk,
		"Deskripsi", msg.Long(s.Get(kDeskripsi)),
		"Volume", vol,
		"Satuan", s.Get(kSatuan),
		"Menit", menit,
		"Bukti", msg.T("report.files", "Count", len(bukti(s))),
	}, nil
}

func askRingkasan(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
	c.Session.Set(kReturn, "")
	args, err := summaryArgs(ctx, c)
	if err != nil {
		return nil, err
	}
	id, send := "report.summary", msg.T("button.send")
	if c.Session.Get(kEditID) != "" {
		id, send = "report.summary_edit", msg.T("button.send_edit")
	}
	return []msg.Reply{{
		Text:    msg.T(id, args...),
		Buttons: [][]msg.Button{{c.Choice(send, "kirim")}, {c.Choice(msg.T("button.change"), "ubah"), c.CancelButton()}},
	}}, nil
}

func handleRingkasan(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	switch {
	case in.Kind == KindPhoto || in.Kind == KindDocument:
		// Evidence sent at the summary is attached; the summary comes again
		// below it, with the count (the older copy's buttons stop working).
		// An album (one update per file) is answered once, with a note.
		later, err := addFiles(c, in, kBukti)
		switch {
		case err != nil || later:
			return Stay, nil, err
		case in.MediaGroup != "":
			return Stay, []msg.Reply{msg.Say("report.evidence_album_attached")}, nil
		}
		c.Session.Nonce++
		replies, err := askRingkasan(ctx, c)
		return Stay, replies, err
	case in.Kind != KindCallback:
		return Stay, nil, invalid("report.summary_use_buttons")
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
// the edit of one); the summary turns into the confirmation.
func kirim(ctx context.Context, c *Ctx) (string, []msg.Reply, error) {
	s := c.Session
	a, err := draft(ctx, c)
	if err != nil {
		return Stay, nil, err
	}
	args, err := summaryArgs(ctx, c)
	if err != nil {
		return Stay, nil, err
	}
	if id := atoi64(s.Get(kEditID)); id != 0 {
		version, _ := strconv.Atoi(s.Get(kEditVersion))
		_, err = c.d.Reports.EditAktivitas(ctx, id, version, a, c.User.Pegawai.ID)
	} else {
		_, err = c.d.Reports.SubmitAktivitas(ctx, a, c.User.Pegawai.ID)
	}
	if err != nil {
		if code := kinerja.ErrorCode(err); code == kinerja.CodeConflict || code == kinerja.CodeForbidden || code == kinerja.CodeNotFound {
			// The report changed meanwhile (decided, withdrawn): say so and
			// end the flow; /riwayat shows the current state.
			return Done, []msg.Reply{{Text: authorRefusal(err)}}, nil
		}
		return Stay, nil, err
	}
	id, key := "report.submitted", s.Get(kKunci)
	if s.Get(kEditID) != "" {
		id, key = "report.resubmitted", "edit:"+s.Get(kEditID)+":"+s.Get(kEditVersion)
	}
	s.Filed = &Filed{Key: key, Date: a.Tanggal, Text: msg.Shorten(a.Deskripsi, 60)}
	// "Lapor lagi": the next report of the same day, from the RHK list (a
	// button of its own op: it means the same whenever it is pressed).
	again := msg.Button{Label: msg.T("button.report_again"), Data: msg.Callback{Op: msg.OpReportAgain, Arg: "d" + a.Tanggal.String()}}
	return Done, []msg.Reply{{Text: msg.T(id, args...), Buttons: [][]msg.Button{{again}}}}, nil
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
	case sTanggal, sRHK, sDeskripsi, sDurasi:
		c.Session.Set(kReturn, "1")
		return f, nil, nil
	case sVolume:
		c.Session.Set(kReturn, "1")
		c.Session.Set(kVolume, "")
		return sVolume, nil, nil
	case sBukti:
		// New evidence is collected aside and replaces the old only when
		// the person presses Selesai; Kembali keeps the old.
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
	case "penilaian.locked":
		// Said to the author, not about them.
		m, _ := args["Month"].(int)
		y, _ := args["Year"].(int)
		return msg.T("report.author_locked", "Periode", msg.Month(kinerja.Date{Year: y, Month: time.Month(m), Day: 1}))
	case "onboarding.pegawai_inactive":
		return msg.T(id)
	}
	return msg.Text{ID: id, Args: args}
}
