package conversations

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// /pengaturan: a person's reminder settings — the daily nudge's hour, which
// reminders they receive (the deadline warning cannot be turned off), the
// bot's language and the zone of the hour (WIB, WITA, WIT); for a
// supervisor also how their team's reports reach them: a card per report
// (the default) or one daily list at an hour they choose. One message
// whose screens replace each other in place; Kembali returns to the
// overview, Selesai (or /batal) leaves.

// Settings reads and stores a linked person's reminder settings.
type Settings interface {
	ReminderPrefs(ctx context.Context, pegawaiID int64) (kinerja.ReminderPrefs, error)
	// UpdateReminderPrefs applies change under the person's row lock, then
	// validates, stores and audits the result, in one transaction.
	UpdateReminderPrefs(ctx context.Context, pegawaiID int64, change func(*kinerja.ReminderPrefs)) error
}

// The screens of /pengaturan (session key "view").
const (
	setView      = "view"
	setViewMenu  = "menu"
	setViewJam   = "jam"
	setViewJenis = "jenis"
	setViewZona  = "zona"
	setViewLang  = "bahasa"
	setViewList  = "daftar"
)

// Button arguments: v<screen> opens a screen, j<minutes> sets the hour (j0:
// the default), t<kind>.<1|0> turns a kind on or off (the wanted state, so
// pressing a button twice does not undo it), z<wib|wita|wit> sets the zone,
// l<id|en> the language, d<minutes> a supervisor's daily list at that hour
// (d0: a card per report instead), x leaves.
const (
	setArgView   = "v"
	setArgJam    = "j"
	setArgToggle = "t"
	setArgZona   = "z"
	setArgLang   = "l"
	setArgList   = "d"
	setArgDone   = "x"
)

// setKindIDs and setZoneIDs name the kinds and zones.
var (
	setKindIDs = map[kinerja.ReminderKind]string{
		kinerja.ReminderHarian:   "pengaturan.kind_harian",
		kinerja.ReminderMingguan: "pengaturan.kind_mingguan",
		kinerja.ReminderTenggat:  "pengaturan.kind_tenggat",
		kinerja.ReminderDigest:   "pengaturan.kind_digest",
		kinerja.ReminderEskalasi: "pengaturan.kind_eskalasi",
	}
	setZoneIDs = map[string]string{"WIB": "pengaturan.zona_wib", "WITA": "pengaturan.zona_wita", "WIT": "pengaturan.zona_wit"}
)

// setPresets are the hours offered as buttons, besides typing one.
var setPresets = []time.Duration{14 * time.Hour, 15 * time.Hour, 15*time.Hour + 30*time.Minute, 16 * time.Hour}

// setListPresets are the hours offered for a supervisor's daily list: the
// morning's list has yesterday's reports, the afternoon's the day's.
var setListPresets = []time.Duration{8 * time.Hour, 13 * time.Hour, 15 * time.Hour, 16 * time.Hour}

var pengaturanFlow = &Flow{
	Name:  "pengaturan",
	Title: msg.T("flow.pengaturan"),
	// Each choice is stored at once: leaving keeps them.
	Cancelled: msg.T("pengaturan.closed"),
	Start:     "layar",
	Steps: map[string]*Step{
		"layar": {
			Enter: func(ctx context.Context, c *Ctx) ([]msg.Reply, error) {
				c.Session.Set(setView, setViewMenu)
				r, err := setScreen(ctx, c, msg.Text{}, false)
				return []msg.Reply{r}, err
			},
			Handle: pengaturanHandle,
			Fallback: func(ctx context.Context, c *Ctx, err error) ([]msg.Reply, error) {
				id, args := kinerja.ErrorMessage(err)
				r, err := setScreen(ctx, c, msg.Text{ID: id, Args: args}, false)
				return []msg.Reply{r}, err
			},
		},
	},
}

func pengaturanCommand(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
	replies, err := e.Start(ctx, c, pengaturanFlow.Name)
	return Result{Replies: replies}, err
}

func pengaturanHandle(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
	p := c.User.Pegawai
	if p == nil {
		return Done, []msg.Reply{msg.Say("onboarding.not_linked")}, nil
	}
	if in.Kind != KindCallback {
		view := c.Session.Get(setView)
		if view != setViewJam && (view != setViewList || !p.IsAssessor) {
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
		}
		at, err := kinerja.ParseReminderTime(in.Text)
		if err != nil {
			return Stay, nil, err
		}
		if view == setViewList {
			return setList(ctx, c, at, false)
		}
		if err := setSave(ctx, c, func(pr *kinerja.ReminderPrefs) { pr.At = at }); err != nil {
			return Stay, nil, err
		}
		c.Session.Set(setView, setViewMenu)
		r, err := setScreen(ctx, c, msg.T("pengaturan.saved_jam", "Jam", kinerja.FormatClock(at)), false)
		return Stay, []msg.Reply{r}, err
	}
	arg := in.Callback.Arg
	if arg == "" {
		return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
	}
	op, val := arg[:1], arg[1:]
	var note msg.Text
	switch op {
	case setArgDone:
		prefs, err := c.d.Settings.ReminderPrefs(ctx, p.ID)
		if err != nil {
			return Stay, nil, err
		}
		return Done, []msg.Reply{{Text: msg.T("pengaturan.done", "Ringkasan", setSummary(c, prefs)), Edit: true}}, nil
	case setArgView:
		switch val {
		case setViewMenu, setViewJam, setViewJenis, setViewZona, setViewLang:
			c.Session.Set(setView, val)
		case setViewList:
			if !p.IsAssessor {
				return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
			}
			c.Session.Set(setView, val)
		default:
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
		}
	case setArgJam:
		m, err := strconv.Atoi(val)
		at := time.Duration(m) * time.Minute
		if err != nil || (at != 0 && (kinerja.ReminderPrefs{At: at}).Validate() != nil) {
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
		}
		if err := setSave(ctx, c, func(pr *kinerja.ReminderPrefs) { pr.At = at }); err != nil {
			return Stay, nil, err
		}
		if at == 0 {
			at = c.d.ReminderDefault
		}
		c.Session.Set(setView, setViewMenu)
		note = msg.T("pengaturan.saved_jam", "Jam", kinerja.FormatClock(at))
	case setArgList:
		m, err := strconv.Atoi(val)
		at := time.Duration(m) * time.Minute
		if err != nil || !p.IsAssessor || (at != 0 && (kinerja.ReminderPrefs{Daftar: at}).Validate() != nil) {
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
		}
		return setList(ctx, c, at, true)
	case setArgToggle:
		name, state, _ := strings.Cut(val, ".")
		k := kinerja.ReminderKind(name)
		if !k.Optional() || (k.ForAssessors() && !p.IsAssessor) || (state != "1" && state != "0") {
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.jenis_invalid", nil)
		}
		if err := setSave(ctx, c, func(pr *kinerja.ReminderPrefs) { pr.SetEnabled(k, state == "1") }); err != nil {
			return Stay, nil, err
		}
	case setArgZona:
		iana := ""
		for _, z := range kinerja.ReminderZones {
			if strings.ToLower(z.Name) == val {
				iana = z.IANA
			}
		}
		if iana == "" {
			return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.zona_invalid", nil)
		}
		if err := setSave(ctx, c, func(pr *kinerja.ReminderPrefs) { pr.Zona = iana }); err != nil {
			return Stay, nil, err
		}
		c.Session.Set(setView, setViewMenu)
		note = msg.T("pengaturan.saved_zona", "Zona", kinerja.ZoneName(iana))
	case setArgLang:
		was := c.User.Lang
		if err := saveLanguage(ctx, c, val); err != nil {
			return Stay, nil, err
		}
		c.Session.Set(setView, setViewMenu)
		r, err := setScreen(ctx, c, msg.T("bahasa.changed"), true)
		r.Lang = val
		replies := []msg.Reply{r}
		if menu, ok := languageKeyboard(c, was); ok {
			replies = append(replies, menu) // the menu follows the language
		}
		return Stay, replies, err
	default:
		return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "pengaturan.pick", nil)
	}
	r, err := setScreen(ctx, c, note, true)
	return Stay, []msg.Reply{r}, err
}

// setList stores how a supervisor receives their team's reports — a daily
// list at hour at, or (0) a card per report — and shows the overview with
// what changed. Cards already sent keep working either way.
func setList(ctx context.Context, c *Ctx, at time.Duration, edit bool) (string, []msg.Reply, error) {
	if err := setSave(ctx, c, func(pr *kinerja.ReminderPrefs) { pr.Daftar = at }); err != nil {
		return Stay, nil, err
	}
	c.Session.Set(setView, setViewMenu)
	note := msg.T("pengaturan.saved_daftar_kartu")
	if at != 0 {
		note = msg.T("pengaturan.saved_daftar", "Jam", kinerja.FormatClock(at))
	}
	r, err := setScreen(ctx, c, note, edit)
	return Stay, []msg.Reply{r}, err
}

// setSave applies change to the person's settings and stores them.
func setSave(ctx context.Context, c *Ctx, change func(*kinerja.ReminderPrefs)) error {
	return c.d.Settings.UpdateReminderPrefs(ctx, c.User.Pegawai.ID, change)
}

// setScreen renders the current screen, with note (a confirmation or a
// problem) above it; edit replaces the message the buttons were on.
func setScreen(ctx context.Context, c *Ctx, note msg.Text, edit bool) (msg.Reply, error) {
	p := c.User.Pegawai
	prefs, err := c.d.Settings.ReminderPrefs(ctx, p.ID)
	if err != nil {
		return msg.Reply{}, err
	}
	var body msg.Text
	var rows [][]msg.Button
	back := c.Choice(msg.T("button.back"), setArgView+setViewMenu)
	switch c.Session.Get(setView) {
	case setViewJam:
		body = msg.T("pengaturan.jam_ask", "Jam", setClock(c, prefs), "Dari", kinerja.FormatClock(kinerja.ReminderEarliest),
			"Sampai", kinerja.FormatClock(kinerja.ReminderLatest))
		var row []msg.Button
		for _, at := range setPresets {
			row = append(row, c.Choice(msg.T("pengaturan.jam_button", "Jam", kinerja.FormatClock(at)), setArgJam+strconv.Itoa(int(at/time.Minute))))
		}
		rows = append(rows, row, []msg.Button{c.Choice(msg.T("pengaturan.jam_default", "Jam", kinerja.FormatClock(c.d.ReminderDefault)), setArgJam+"0")}, []msg.Button{back})
	case setViewJenis:
		body = msg.T("pengaturan.jenis_ask")
		for _, k := range setKinds(p) {
			if !k.Optional() {
				continue // always on: said in the text, no button that does nothing
			}
			// The button shows the state and asks for the other one.
			id, want := "pengaturan.toggle_off", ".1"
			if prefs.Enabled(k) {
				id, want = "pengaturan.toggle_on", ".0"
			}
			rows = append(rows, []msg.Button{c.Choice(msg.T(id, "Nama", msg.T(setKindIDs[k])), setArgToggle+string(k)+want)})
		}
		rows = append(rows, []msg.Button{back})
	case setViewZona:
		body = msg.T("pengaturan.zona_ask", "Zona", setZone(c, prefs))
		var row []msg.Button
		for _, z := range kinerja.ReminderZones {
			row = append(row, c.Choice(msg.T(setZoneIDs[z.Name]), setArgZona+strings.ToLower(z.Name)))
		}
		rows = append(rows, row, []msg.Button{back})
	case setViewLang:
		body = msg.T("bahasa.ask")
		rows = append(rows, langButtons(c, setArgLang), []msg.Button{back})
	case setViewList:
		body = msg.T("pengaturan.daftar_ask", "Cara", setListMode(c, prefs), "Dari", kinerja.FormatClock(kinerja.ReminderEarliest),
			"Sampai", kinerja.FormatClock(kinerja.ReminderLatest))
		var row []msg.Button
		for _, at := range setListPresets {
			row = append(row, c.Choice(msg.T("pengaturan.daftar_button_jam", "Jam", kinerja.FormatClock(at)), setArgList+strconv.Itoa(int(at/time.Minute))))
		}
		rows = append(rows, []msg.Button{c.Choice(msg.T("pengaturan.daftar_button_kartu"), setArgList+"0")}, row, []msg.Button{back})
	default:
		body = msg.T("pengaturan.menu", "Ringkasan", setSummary(c, prefs))
		rows = [][]msg.Button{
			{c.Choice(msg.T("pengaturan.button_jam"), setArgView+setViewJam), c.Choice(msg.T("pengaturan.button_jenis"), setArgView+setViewJenis)},
			{c.Choice(msg.T("pengaturan.button_bahasa"), setArgView+setViewLang), c.Choice(msg.T("pengaturan.button_zona"), setArgView+setViewZona)},
		}
		if p.IsAssessor {
			rows = append(rows, []msg.Button{c.Choice(msg.T("pengaturan.button_daftar"), setArgView+setViewList)})
		}
		rows = append(rows, []msg.Button{c.Choice(msg.T("pengaturan.button_done"), setArgDone)})
	}
	text := body
	if note.ID != "" {
		text = msg.T("pengaturan.with_note", "Note", note, "Body", body)
	}
	return msg.Reply{Text: text, Buttons: rows, Edit: edit}, nil
}

// setKinds are the kinds that concern p (digest and escalation only
// people with a team).
func setKinds(p *kinerja.Pegawai) []kinerja.ReminderKind {
	var out []kinerja.ReminderKind
	for _, k := range kinerja.ReminderKinds {
		if !k.ForAssessors() || p.IsAssessor {
			out = append(out, k)
		}
	}
	return out
}

func setClock(c *Ctx, prefs kinerja.ReminderPrefs) string {
	at := prefs.At
	if at == 0 {
		at = c.d.ReminderDefault
	}
	return kinerja.FormatClock(at)
}

// setListMode names how a supervisor receives their team's reports: "kartu
// per laporan" or "daftar harian pukul 15.00 WIB".
func setListMode(c *Ctx, prefs kinerja.ReminderPrefs) msg.Text {
	if prefs.Daftar == 0 {
		return msg.T("pengaturan.daftar_kartu")
	}
	return msg.T("pengaturan.daftar_harian", "Jam", kinerja.FormatClock(prefs.Daftar), "Zona", setZone(c, prefs))
}

func setZone(c *Ctx, prefs kinerja.ReminderPrefs) string {
	if n := kinerja.ZoneName(prefs.Zona); n != "" {
		return n
	}
	if n := kinerja.ZoneName(c.d.Location.String()); n != "" {
		return n
	}
	return c.d.Location.String()
}

// setSummary is the overview of the settings: hour and zone, each kind on
// or off, the language; for a supervisor, how their team's reports reach
// them.
func setSummary(c *Ctx, prefs kinerja.ReminderPrefs) msg.Text {
	kinds := make(msg.Lines, 0, 5)
	for _, k := range setKinds(c.User.Pegawai) {
		id := "pengaturan.line_off"
		if prefs.Enabled(k) {
			id = "pengaturan.line_on"
		}
		kinds = append(kinds, msg.T(id, "Nama", msg.T(setKindIDs[k])))
	}
	lang := "button.lang_id"
	if c.User.Lang == "en" {
		lang = "button.lang_en"
	}
	var list msg.Text // none for staff without a team
	if c.User.Pegawai.IsAssessor {
		list = setListMode(c, prefs)
	}
	return msg.T("pengaturan.summary", "Jam", setClock(c, prefs), "Zona", setZone(c, prefs),
		"Jenis", kinds, "Bahasa", msg.T(lang), "Daftar", list)
}
