package conversations

import (
	"context"
	"strconv"
	"strings"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// A whole report on one screen (the Mini App, package miniapp): the same
// answers the chat asks for one by one, given at once. FileForm does not
// have rules of its own: it plays the form's fields through the chat's
// own steps (the day, the RHK, the uraian, the volume, its satuan, the
// duration) on a session that lives only for the call, and files the
// result as Kirim does — so a rule changed in the chat is changed here.

// ReportForm is a report as the form sends it.
type ReportForm struct {
	Tanggal string `json:"tanggal"`    // YYYY-MM-DD
	DayOff  bool   `json:"hari_libur"` // reporting on a day off (holiday, leave, weekend) was confirmed
	RHK     string `json:"rhk"`        // a choice's value from FormOptions: an RHK or indikator, "tt" or "ns"
	Uraian  string `json:"uraian"`
	Volume  string `json:"volume"` // as typed: "3", "2,5"; may carry the satuan ("3 dokumen")
	Satuan  string `json:"satuan"` // when the indikator gives none and Volume has none
	Durasi  string `json:"durasi"` // minutes, or as typed in the chat ("1 jam 30 menit")
	// Kunci is the form's own key: the same form sent twice files one
	// report (8–64 of A-Za-z0-9_-).
	Kunci string `json:"kunci"`
	// Ubah and Versi: the author's report (seen at that version) this
	// form changes, as /riwayat's Ubah does; 0: a new report.
	Ubah  int64 `json:"ubah,omitempty"`
	Versi int   `json:"versi,omitempty"`
	// Files name the evidence given with the form, as a report's Bukti
	// does (kinerja.KeptEvidence: the files the Mini App's server kept;
	// set by the server from handles it signed, never by the client); a
	// change adds them to the report's own.
	Files []string `json:"-"`
}

// FieldError is what the form must correct: the field (the ReportForm's
// JSON name) and the chat's own message about it.
type FieldError struct {
	Field string
	Text  msg.Text
}

func (e *FieldError) Error() string { return "conversations: form field " + e.Field + ": " + e.Text.ID }

// FormChoice is one choice of the form's RHK picker, labelled as in the
// chat's list (the distinguishing part of long names kept).
type FormChoice struct {
	Value  string
	Label  msg.Text
	Satuan string // the indikator's unit ("" : asked)
}

// FormDay is a date the form offers.
type FormDay struct {
	Date   kinerja.Date
	Off    msg.Text // why it is a day off for the person (empty ID: a working day)
	Locked bool     // in a rated period: no more reports
}

// FormOptions is what the form offers a person now.
type FormOptions struct {
	Today       kinerja.Date
	Year        int       // the year whose RHK Choices are
	Days        []FormDay // today first, back to the oldest the window allows
	Choices     []FormChoice
	Categories  []FormChoice // Tugas tambahan, Non-SKP
	Durations   []int        // quick picks, minutes
	MaxMinutes  int
	MinUraian   int
	MaxUraian   int
	MaxEvidence int
}

// FormOptions lists the days, RHK and limits the form offers u: the RHK of
// the year of day (zero: today), as the chat lists a report's RHK by its
// date (early in January a day of December has December's SKP). The days
// are checked again when the form is filed.
func (e *Engine) FormOptions(ctx context.Context, u *User, day kinerja.Date) (FormOptions, error) {
	if u.Pegawai == nil {
		return FormOptions{}, kinerja.Errorf(kinerja.CodeForbidden, "onboarding.not_linked", nil)
	}
	c := e.formCtx(u)
	today := c.Today()
	o := FormOptions{Today: today, MaxMinutes: e.deps.Rules.MaxMinutesPerDay,
		MinUraian: e.deps.Rules.MinDescription, MaxUraian: e.deps.Rules.MaxDescription, MaxEvidence: e.deps.Rules.MaxEvidence}
	for _, row := range quickDurations {
		o.Durations = append(o.Durations, row...)
	}
	for i := 0; i <= e.deps.Rules.BackDateDays; i++ {
		d := today.AddDays(-i)
		if e.deps.Rules.ReportDateProblem(d, today) != "" {
			continue
		}
		c.Session.Set(kTanggal, d.String())
		off, err := dayOffReason(ctx, c, d)
		if err != nil {
			return o, err
		}
		_, locked, err := e.deps.Reports.LockedPeriodOf(ctx, u.Pegawai.ID, d)
		if err != nil {
			return o, err
		}
		o.Days = append(o.Days, FormDay{Date: d, Off: off, Locked: locked})
	}
	if day.IsZero() {
		day = today
	}
	o.Year = day.Year
	c.Session.Set(kTanggal, day.String())
	list, err := activeRHK(ctx, c)
	if err != nil {
		return o, err
	}
	label := rhkLabels(list)
	for _, ch := range rhkChoices(list) {
		fc := FormChoice{Value: ch.arg(), Label: label(ch)}
		switch {
		case ch.ind != nil:
			fc.Satuan = ch.ind.Satuan
		case len(ch.rhk.Indikator) == 1:
			fc.Satuan = ch.rhk.Indikator[0].Satuan
		}
		o.Choices = append(o.Choices, fc)
	}
	o.Categories = []FormChoice{
		{Value: "tt", Label: msg.T("report.kategori_tugas_tambahan")},
		{Value: "ns", Label: msg.T("report.kategori_non_skp")},
	}
	return o, nil
}

// RecentUraian lists u's latest distinct uraian for a choice of the RHK
// picker (value as in FormChoice), to take again.
func (e *Engine) RecentUraian(ctx context.Context, u *User, value string) ([]kinerja.Aktivitas, error) {
	if u.Pegawai == nil {
		return nil, kinerja.Errorf(kinerja.CodeForbidden, "onboarding.not_linked", nil)
	}
	if !formChoice(value) {
		return nil, invalid("report.rhk_gone")
	}
	c := e.formCtx(u)
	c.Session.Set(kTanggal, c.Today().String())
	if _, err := c.formStep(ctx, sRHK, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: value}}); err != nil {
		return nil, err
	}
	return earlierUraian(ctx, c)
}

func (e *Engine) formCtx(u *User) *Ctx {
	return &Ctx{User: u, Session: &Session{Flow: laporName, Data: map[string]string{}}, Now: e.now(), d: &e.deps, log: e.log}
}

// formStep runs one step of the report flow on the form's session.
func (c *Ctx) formStep(ctx context.Context, step string, in Input) (string, error) {
	c.Session.Step = step
	c.Input = in
	next, _, err := laporFlow.Steps[step].Handle(ctx, c, in)
	return next, err
}

// formChoice reports whether v is a value the RHK picker offers (an RHK
// or indikator, Tugas tambahan, Non-SKP): the RHK step's other arguments
// (paging, another date, a declaration) are the chat's, not the form's.
func formChoice(v string) bool { return strings.HasPrefix(v, "r") || v == "tt" || v == "ns" }

// formKey checks the form's key.
func formKey(k string) bool {
	if len(k) < 8 || len(k) > 64 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// FileForm files the report of a form for u, as Kirim does in the chat
// (one transaction with its audit entry and the assessor's card). A field
// to correct is a *FieldError (nothing filed); a report the same form
// filed before is returned again.
func (e *Engine) FileForm(ctx context.Context, u *User, f ReportForm) (kinerja.Aktivitas, error) {
	if u.Pegawai == nil {
		return kinerja.Aktivitas{}, kinerja.Errorf(kinerja.CodeForbidden, "onboarding.not_linked", nil)
	}
	if !formKey(f.Kunci) {
		return kinerja.Aktivitas{}, &FieldError{Field: "kunci", Text: msg.T("input.use_buttons")}
	}
	// Typed text is cleaned as the chat cleans it (bot/router.go): no
	// control characters, no bidi overrides.
	f.Uraian, f.Volume, f.Satuan, f.Durasi = kinerja.CleanText(f.Uraian), kinerja.CleanText(f.Volume), kinerja.CleanText(f.Satuan), kinerja.CleanText(f.Durasi)
	if f.Ubah == 0 {
		// The same form again (a retry after a lost answer, a double tap):
		// what it filed, before any rule — the rules now count that report
		// (its minutes in the day) and would refuse its own copy. The same
		// key with other content is refused: a change goes through Ubah.
		if done, found, err := e.filedBefore(ctx, u, "app-"+f.Kunci); err != nil {
			return kinerja.Aktivitas{}, err
		} else if found {
			if done.Tanggal.String() != strings.TrimSpace(f.Tanggal) || done.Deskripsi != strings.TrimSpace(f.Uraian) {
				return kinerja.Aktivitas{}, kinerja.Errorf(kinerja.CodeConflict, "app.already_sent", nil)
			}
			done.Refiled = true
			return done, nil
		}
	}
	c := e.formCtx(u)
	s := c.Session
	s.Data = newReport(c.Today())
	s.Set(kKunci, "app-"+f.Kunci)
	if f.Ubah != 0 {
		// A change of the author's report: its date may stay even when the
		// window has passed it, its minutes leave the day's total, its
		// evidence stays; only a report still waiting or returned.
		old, err := e.deps.Reports.AktivitasByID(ctx, f.Ubah)
		if kinerja.ErrorCode(err) == kinerja.CodeNotFound || (err == nil && old.PegawaiID != u.Pegawai.ID) {
			return kinerja.Aktivitas{}, kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
		} else if err != nil {
			return kinerja.Aktivitas{}, err
		}
		if old.Status != kinerja.StatusDiajukan && old.Status != kinerja.StatusDikembalikan {
			return kinerja.Aktivitas{}, kinerja.Errorf(kinerja.CodeConflict, "report.cannot_change", map[string]any{"Status": msg.T("status." + string(old.Status))})
		}
		s.Set(kEditID, itoa64(old.ID))
		s.Set(kEditVersion, strconv.Itoa(f.Versi))
		s.Set(kEditDate, old.Tanggal.String())
		s.Set(kBukti, strings.Join(old.Bukti, " "))
	}
	field := func(name string, err error) error {
		if kinerja.ErrorCode(err) == kinerja.CodeInvalid {
			id, args := kinerja.ErrorMessage(err)
			return &FieldError{Field: name, Text: msg.Text{ID: id, Args: args}}
		}
		return err
	}

	// The evidence, within the same limit as in the chat.
	if len(f.Files) > 0 {
		all := append(bukti(s), f.Files...)
		if len(all) > e.deps.Rules.MaxEvidence {
			return kinerja.Aktivitas{}, &FieldError{Field: "bukti", Text: msg.T("report.evidence_too_many", "Max", e.deps.Rules.MaxEvidence)}
		}
		s.Set(kBukti, strings.Join(all, " "))
	}

	// The day, confirmed when it is a day off for the person.
	d, err := kinerja.ParseDate(strings.TrimSpace(f.Tanggal))
	if err != nil {
		return kinerja.Aktivitas{}, &FieldError{Field: "tanggal", Text: msg.T("report.date_not_understood")}
	}
	next, err := c.formStep(ctx, sTanggal, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: dateArg(d)}})
	if err != nil {
		return kinerja.Aktivitas{}, field("tanggal", err)
	}
	if next == sLibur {
		if !f.DayOff {
			reason, err := dayOffReason(ctx, c, d)
			if err != nil {
				return kinerja.Aktivitas{}, err
			}
			if reason.ID == "" {
				reason = msg.T("report.off_weekend")
			}
			return kinerja.Aktivitas{}, &FieldError{Field: "hari_libur", Text: msg.T("report.day_off_confirm", "Date", msg.Date(d), "Reason", reason)}
		}
		if next, err = c.formStep(ctx, sLibur, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: "ya"}}); err != nil {
			return kinerja.Aktivitas{}, field("hari_libur", err)
		}
	}
	if next != sRHK {
		return kinerja.Aktivitas{}, &FieldError{Field: "tanggal", Text: msg.T("report.date_not_understood")}
	}

	// What the work counts towards: only a choice the picker offers.
	if !formChoice(f.RHK) {
		return kinerja.Aktivitas{}, &FieldError{Field: "rhk", Text: msg.T("report.rhk_gone")}
	}
	if _, err := c.formStep(ctx, sRHK, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: f.RHK}}); err != nil {
		return kinerja.Aktivitas{}, field("rhk", err)
	}

	// The uraian as one field (its last lines are not read as the volume
	// and duration: the form has fields for them).
	s.Set(kReturn, "1")
	_, err = c.formStep(ctx, sDeskripsi, Input{Kind: KindText, Text: f.Uraian})
	s.Set(kReturn, "")
	if err != nil {
		return kinerja.Aktivitas{}, field("uraian", err)
	}

	// The volume (with its satuan), then what it leaves to ask.
	next, err = c.formStep(ctx, sVolume, Input{Kind: KindText, Text: f.Volume})
	if err != nil {
		return kinerja.Aktivitas{}, field("volume", err)
	}
	if s.Get(kReadings) != "" {
		// "1.500": thousands or a decimal? The form says which.
		r := strings.Split(s.Get(kReadings), "|")
		th, _ := strconv.ParseFloat(r[0], 64)
		dec, _ := strconv.ParseFloat(r[1], 64)
		return kinerja.Aktivitas{}, &FieldError{Field: "volume", Text: msg.T("report.volume_which", "Ribuan", th, "Desimal", dec)}
	}
	if next == Stay {
		return kinerja.Aktivitas{}, &FieldError{Field: "volume", Text: msg.T("report.ask_volume")}
	}
	if next == sSatuan {
		if next, err = c.formStep(ctx, sSatuan, Input{Kind: KindText, Text: f.Satuan}); err != nil {
			return kinerja.Aktivitas{}, field("satuan", err)
		}
	}
	if next == sDurasi {
		if _, err = c.formStep(ctx, sDurasi, Input{Kind: KindText, Text: f.Durasi}); err != nil {
			return kinerja.Aktivitas{}, field("durasi", err)
		}
	}

	// Kirim: the rules that could have changed meanwhile, then the filing.
	a, err := draft(ctx, c)
	if err != nil {
		name := "tanggal"
		if id, _ := kinerja.ErrorMessage(err); id == "report.minutes_over_day" {
			name = "durasi"
		}
		return kinerja.Aktivitas{}, field(name, err)
	}
	if f.Ubah != 0 {
		return e.deps.Reports.EditAktivitas(ctx, f.Ubah, f.Versi, a, u.Pegawai.ID)
	}
	return e.deps.Reports.SubmitAktivitas(ctx, a, u.Pegawai.ID)
}

// filedBefore finds u's report filed with key within the back-date window
// (a form is sent again minutes after, not days).
func (e *Engine) filedBefore(ctx context.Context, u *User, key string) (kinerja.Aktivitas, bool, error) {
	today := kinerja.DateOf(e.now(), e.deps.Location)
	list, err := e.deps.Reports.AktivitasBetween(ctx, u.Pegawai.ID, today.AddDays(-e.deps.Rules.BackDateDays), today)
	if err != nil {
		return kinerja.Aktivitas{}, false, err
	}
	for _, a := range list {
		if a.Kunci == key {
			return a, true, nil
		}
	}
	return kinerja.Aktivitas{}, false, nil
}

// AuthorRefusal is what the author of a report is told when the store
// refuses their change (the supervisor-side wording talks about "the card").
func AuthorRefusal(err error) msg.Text { return authorRefusal(err) }

// FormFiled is the chat's confirmation of a report filed from the form
// (the same words as after Kirim, with "Lapor lagi"; changed: edited says
// so, as the chat does).
func (e *Engine) FormFiled(ctx context.Context, u *User, a kinerja.Aktivitas, changed bool) (msg.Reply, error) {
	c := e.formCtx(u)
	s := c.Session
	s.Data = map[string]string{kTanggal: a.Tanggal.String(), kKategori: string(a.Kategori), kDeskripsi: a.Deskripsi,
		kVolume: encodeFloat(a.Volume), kSatuan: a.Satuan, kMenit: strconv.Itoa(a.Menit), kBukti: strings.Join(a.Bukti, " ")}
	if a.RHKID != 0 {
		s.Set(kRHK, itoa64(a.RHKID))
	}
	if a.IndikatorID != 0 {
		s.Set(kIndikator, itoa64(a.IndikatorID))
	}
	args, err := summaryArgs(ctx, c)
	if err != nil {
		return msg.Reply{}, err
	}
	again := msg.Button{Label: msg.T("button.report_again"), Data: msg.Callback{Op: msg.OpReportAgain, Arg: "d" + a.Tanggal.String()}}
	id := "report.submitted"
	if changed {
		id = "report.resubmitted"
	}
	return msg.Reply{Text: msg.T(id, args...), Buttons: [][]msg.Button{{again}}}, nil
}

// FormReport is one of the author's reports as the form's list shows it.
type FormReport struct {
	kinerja.Aktivitas
	Choice      string // the RHK picker's value it was filed under ("" : no longer offered)
	CanChange   bool   // waiting or returned: Ubah
	CanWithdraw bool   // waiting: Tarik
}

// MonthReports lists u's reports of this month, as /riwayat does.
func (e *Engine) MonthReports(ctx context.Context, u *User) ([]FormReport, error) {
	if u.Pegawai == nil {
		return nil, kinerja.Errorf(kinerja.CodeForbidden, "onboarding.not_linked", nil)
	}
	c := e.formCtx(u)
	month := c.Today().MonthStart()
	list, err := e.deps.Reports.AktivitasBetween(ctx, u.Pegawai.ID, month, month.MonthEnd())
	if err != nil {
		return nil, err
	}
	c.Session.Set(kTanggal, c.Today().String())
	rhk, err := activeRHK(ctx, c)
	if err != nil {
		return nil, err
	}
	values := map[string]bool{"tt": true, "ns": true}
	for _, ch := range rhkChoices(rhk) {
		values[ch.arg()] = true
	}
	out := make([]FormReport, 0, len(list))
	for _, a := range list {
		r := FormReport{Aktivitas: a, CanChange: a.Status == kinerja.StatusDiajukan || a.Status == kinerja.StatusDikembalikan,
			CanWithdraw: a.Status == kinerja.StatusDiajukan}
		switch a.Kategori {
		case kinerja.KategoriTugasTambahan:
			r.Choice = "tt"
		case kinerja.KategoriNonSKP:
			r.Choice = "ns"
		default:
			for _, v := range []string{"r" + itoa64(a.RHKID) + "." + itoa64(a.IndikatorID), "r" + itoa64(a.RHKID)} {
				if values[v] {
					r.Choice = v
					break
				}
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// WithdrawOnApp withdraws u's report id seen at version, as /riwayat's
// Tarik does: done, or what the chat says when it is refused.
func (e *Engine) WithdrawOnApp(ctx context.Context, u *User, id int64, version int) (bool, msg.Text, error) {
	if u.Pegawai == nil {
		return false, msg.T("onboarding.not_linked"), nil
	}
	a, err := e.deps.Reports.AktivitasByID(ctx, id)
	if kinerja.ErrorCode(err) == kinerja.CodeNotFound || (err == nil && a.PegawaiID != u.Pegawai.ID) {
		return false, msg.T("aktivitas.not_found"), nil // not said whose it is
	} else if err != nil {
		return false, msg.Text{}, err
	}
	if a.Status != kinerja.StatusDiajukan {
		return false, msg.T("report.cannot_withdraw", "Status", msg.T("status."+string(a.Status))), nil
	}
	if _, err := e.deps.Reports.WithdrawAktivitas(ctx, id, version, u.Pegawai.ID); err != nil {
		if kinerja.ErrorCode(err) == kinerja.CodeInternal {
			return false, msg.Text{}, err
		}
		return false, authorRefusal(err), nil
	}
	return true, msg.T("report.withdrawn", "Date", msg.Date(a.Tanggal)), nil
}

// ScoreScreen is /nilai for u's current month: the text and its charts
// (each a reply with a Chart), as the chat shows them.
func (e *Engine) ScoreScreen(ctx context.Context, u *User) (msg.Reply, []msg.Reply, error) {
	if u.Pegawai == nil {
		return msg.Reply{}, nil, kinerja.Errorf(kinerja.CodeForbidden, "onboarding.not_linked", nil)
	}
	c := e.formCtx(u)
	month := c.Today().MonthStart()
	view, err := scoreView(ctx, c, u.Pegawai, 'm', month)
	if err != nil {
		return msg.Reply{}, nil, err
	}
	charts, err := scoreCharts(ctx, c, u.Pegawai, 'm', month)
	return view, charts, err
}

// EvidenceOf is the evidence of report id for u: their own report, or one
// they may decide today; anything else is not found (not said whose it is).
func (e *Engine) EvidenceOf(ctx context.Context, u *User, id int64) ([]string, error) {
	notFound := kinerja.Errorf(kinerja.CodeNotFound, "aktivitas.not_found", nil)
	if u.Pegawai == nil || !u.Pegawai.Aktif {
		return nil, notFound
	}
	a, err := e.deps.Reports.AktivitasByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.PegawaiID != u.Pegawai.ID {
		ok, err := e.deps.Decisions.CanDecide(ctx, u.Pegawai.ID, id, e.formCtx(u).Today())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, notFound
		}
	}
	return a.Bukti, nil
}
