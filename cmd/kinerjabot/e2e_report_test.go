package main

import (
	"fmt"
	"strings"
	"testing"

	"kinerjabot/locales"
	"kinerjabot/telegramtest"
)

// The /lapor dialogue, driven the way a user answers it. This file is the
// one place that knows which messages the dialogue takes: a test says what
// the report is (a report) and how far to go (a step), and asserts on the
// questions, the summary and the confirmation it gets back.
//
//	sum := report{desc: "Rapat koordinasi", minutes: "90"}.start(t, u).to(stepSummary)
//	done := report{}.submit(t, u)
//
// A test that checks a question, or bad input at one step, stops there:
//
//	d := report{rhk: "U2 ", indikator: "Notulen rapat"}.start(t, u)
//	d.to(stepDescription)
//	d.wrongText("rpt", "terlalu pendek (3 karakter)")
//	sum := d.to(stepSummary)
//
// The dialogue opens at the RHK list with today on top ("Pilih tanggal
// lain" asks the day; a day off asks for confirmation first). A button
// answers by editing its own message into the next question; a typed
// answer gets the next question as a new message. The uraian is typed with
// the volume and the duration on its last lines, unless the test looks at
// the volume, unit or duration questions (or sets separate): then each is
// typed on its own, as people may. Evidence is sent at the summary, each
// file (or album) answered with the summary again.

// step is one question of the dialogue (or what answers the last one).
type step int

const (
	stepDate        step = iota // the date buttons ("Pilih tanggal lain", or Ubah → Tanggal)
	stepDayOff                  // "not a working day: report anyway?" (report.dayOff)
	stepRHK                     // the RHK buttons (one per indikator of an RHK with several), today on top
	stepDescription             // typed: the uraian (with the volume and duration on its last lines)
	stepVolume                  // typed: how much (and how long); or the two readings of an ambiguous number
	stepUnit                    // "what is the unit?", after a volume without one (report.unit)
	stepMinutes                 // typed: how long, when the volume came without it
	stepEvidence                // Ubah → Bukti dukung: files, then Selesai
	stepFiles                   // the answer to the last file sent there, before Selesai
	stepSummary                 // Kirim or Ubah; a file sent here is attached
	stepFields                  // Ubah's "which part?" (see change)
	stepSent                    // the confirmation after Kirim
	stepResume                  // "continue the unfinished report?" (see reopen)
)

var stepNames = map[step]string{stepDate: "date", stepDayOff: "day off", stepRHK: "RHK",
	stepDescription: "description", stepVolume: "volume", stepUnit: "unit", stepMinutes: "minutes", stepEvidence: "evidence",
	stepFiles: "files", stepSummary: "summary", stepFields: "fields", stepSent: "sent", stepResume: "resume"}

func (s step) String() string { return stepNames[s] }

// report is what the user answers. Empty fields take the defaults of a
// plain Non-SKP report for today; the optional questions (day off,
// indikator, unit) are expected exactly when their answer is given.
type report struct {
	lang      string          // "en" for a user who reads English
	open      string          // what opens the dialogue: "/lapor" (default) or the menu's "📝 Lapor"
	date      string          // the date button (default "Hari ini" / "Today": no date question)
	dayOff    string          // the button on the day-off question: the date is no working day
	rhk       string          // the RHK button, or the start of its label ("U2 "); default "Non-SKP"
	indikator string          // for an RHK with several: (the start of) the indikator its button names
	desc      string          // default "Rapat kerja teknis"
	volume    string          // default "1 kegiatan"
	unit      string          // the answer to "what is the unit?"
	minutes   string          // default "60"
	separate  bool            // type the uraian, the volume and the duration one by one
	evidence  []file          // sent one by one at the summary
	asks      map[step]string // what a step's question must contain besides its own words
}

// file is one piece of evidence, sent as a user sends it.
type file func(u *telegramtest.User)

func photo(caption string) file {
	return func(u *telegramtest.User) { u.SendPhoto(caption, pngBytes()) }
}

func pdf(name, content string) file {
	return func(u *telegramtest.User) { u.SendDocument(name, "application/pdf", []byte(content), "") }
}

// phrase is a text of the dialogue in Indonesian and in English.
type phrase [2]string

// stepWords are the words each step's question (or answer) is recognised by.
var stepWords = map[step]phrase{
	stepDate:        {"Untuk tanggal berapa", "Which day is this report for"},
	stepDayOff:      {"bukan hari kerja", "is not a working day"},
	stepRHK:         {"RHK yang mana", "Which RHK does this work support"},
	stepDescription: {"Tuliskan uraian", "Describe the work"},
	stepVolume:      {"Berapa volume hasilnya", "How much did it produce"},
	stepUnit:        {"Apa satuannya", "What is the unit"},
	stepMinutes:     {"Berapa lama", "How long did it take"},
	stepEvidence:    {"Kirim bukti dukung", "Send supporting evidence"},
	stepFiles:       {"Bukti dukung diterima", "Evidence received"},
	stepSummary:     {"Ringkasan laporan", "Report summary"},
	stepFields:      {"Bagian mana", "Which part do you want to change"},
	stepSent:        {"terkirim dan menunggu persetujuan atasan", "was sent and awaits your supervisor's approval"},
	stepResume:      {"Ada laporan yang belum selesai", "You have an unfinished report"},
}

// texts are what the dialogue's other messages are recognised by.
var texts = map[string]phrase{
	"summaryEdit": {"Perubahan laporan:", "Changed report:"},
	"sentEdit":    {"✅ Perubahan laporan tanggal", "✅ The changed report for"},
	"files":       {"(%d berkas)", "(%d files)"},
}

// fieldButtons are Ubah's buttons (in Indonesian) and the steps they ask again.
var fieldButtons = map[string]step{"Tanggal": stepDate, "RHK": stepRHK, "Uraian": stepDescription, "Volume": stepVolume,
	"Durasi": stepMinutes, "Bukti dukung": stepEvidence}

// dialogue is one run of /lapor in u's chat.
type dialogue struct {
	t    *testing.T
	u    *telegramtest.User
	r    report // the answers; a test may change them between steps
	lang int    // the phrases' index: 0 Indonesian, 1 English

	step  step                          // the question read last
	ask   telegramtest.Message          // that question, as it was read
	asked map[step]telegramtest.Message // the question read last at each step

	field    step // the part Ubah chose
	changing bool // answering a part chosen with Ubah: the answers lead back to the summary
	editing  bool // a submitted report is being changed (from /riwayat or a notice)
	parked   step // where a report kept aside stands (see reopen)
	files    int  // the files the bot has counted so far
	dated    bool // the date was chosen (or today kept)
	typed    bool // the last answer was typed: its question is a new message, not an edit
	split    bool // the uraian, volume and duration are typed one by one
	sent     int  // the evidence files already sent
}

func (r report) dialogue(t *testing.T, u *telegramtest.User) *dialogue {
	lang := 0
	if r.lang == "en" {
		lang = 1
	}
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&r.open, "/lapor")
	def(&r.rhk, "Non-SKP")
	def(&r.desc, "Rapat kerja teknis")
	def(&r.volume, "1 kegiatan")
	def(&r.minutes, "60")
	def(&r.date, button(t, lang, "today"))
	if r.asks == nil {
		r.asks = map[step]string{}
	}
	return &dialogue{t: t, u: u, r: r, lang: lang, asked: map[step]telegramtest.Message{}}
}

// start opens the dialogue and returns it at the date question.
func (r report) start(t *testing.T, u *telegramtest.User) *dialogue {
	t.Helper()
	d := r.dialogue(t, u)
	d.sendOpen()
	d.opened()
	return d
}

// opened is start for a dialogue that something else opened (a reminder's
// "Lapor sekarang").
func (r report) opened(t *testing.T, u *telegramtest.User) *dialogue {
	t.Helper()
	d := r.dialogue(t, u)
	d.opened()
	return d
}

// submit files the report: the whole dialogue and Kirim; it returns the
// confirmation.
func (r report) submit(t *testing.T, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	return r.start(t, u).to(stepSent)
}

// fix presses "✏️ Perbaiki dan ajukan lagi" on m (a decision notice, a
// report's detail) and returns the dialogue at the changed report's summary.
func (r report) fix(t *testing.T, u *telegramtest.User, m telegramtest.Message) *dialogue {
	t.Helper()
	d := r.dialogue(t, u)
	press(t, u, m, d.button("fix_resubmit"))
	d.editing, d.dated, d.typed = true, true, true
	d.read(stepSummary)
	return d
}

func (d *dialogue) sendOpen() {
	if strings.HasPrefix(d.r.open, "/") {
		d.u.SendCommand(d.r.open)
	} else {
		d.u.SendText(d.r.open)
	}
}

func (d *dialogue) opened() {
	d.t.Helper()
	d.typed = true // the first question is a new message
	if d.r.dayOff != "" && d.r.date == button(d.t, d.lang, "today") {
		d.read(stepDayOff)
		return
	}
	d.read(stepRHK)
}

// reopen opens /lapor again while the report is kept aside (another flow
// came in between): it returns the question whether to continue it, on
// which to goes on from where the report stood.
func (d *dialogue) reopen() telegramtest.Message {
	d.t.Helper()
	if d.step != stepResume {
		d.parked = d.step
	}
	d.sendOpen()
	d.typed = true
	return d.read(stepResume)
}

// to answers the questions until the one of step s is asked, and returns
// it (for stepSent, the confirmation). While a part chosen with Ubah is
// answered, each call goes one question on: the test names where the
// answer leads.
func (d *dialogue) to(s step) telegramtest.Message {
	d.t.Helper()
	for d.step != s || (s == stepSummary && d.sent < len(d.r.evidence)) {
		if d.step == stepDescription && !d.changing {
			d.split = d.r.separate || s == stepVolume || s == stepUnit || s == stepMinutes ||
				d.r.asks[stepVolume] != "" || d.r.asks[stepUnit] != "" || d.r.asks[stepMinutes] != ""
		}
		next := d.next(s)
		d.answer(s)
		d.read(next)
	}
	return d.ask
}

// change presses Ubah on the summary and the part labelled field (Tanggal,
// RHK, Uraian, Volume, Durasi, Bukti dukung) on the question which part to
// change, and returns that part's question. The test changes the answer
// (d.r) and goes on with to.
func (d *dialogue) change(field string) telegramtest.Message {
	d.t.Helper()
	s, ok := fieldButtons[field]
	if !ok {
		d.t.Fatalf("no part %q to change", field)
	}
	d.to(stepFields)
	d.field = s
	m := d.to(s)
	d.changing = true
	return m
}

// choose presses label on the current question (a button that leaves the
// usual way: "Pilih tanggal lain", Kembali) and returns the question of s
// that it leads to.
func (d *dialogue) choose(label string, s step) telegramtest.Message {
	d.t.Helper()
	d.press(label)
	return d.read(s)
}

// pressOn presses label on m, a message of the dialogue other than the
// current question (an answer the bot sent to a file), and returns the
// question of s that m turns into.
func (d *dialogue) pressOn(m telegramtest.Message, label string, s step) telegramtest.Message {
	d.t.Helper()
	d.ask = m
	return d.choose(label, s)
}

// edited reads the question of s as the current question turned into it
// (a button pressed outside the dialogue's own moves).
func (d *dialogue) edited(s step) telegramtest.Message {
	d.t.Helper()
	d.typed = false
	return d.read(s)
}

// back types Kembali and returns the question of s that it leads back to.
func (d *dialogue) back(s step) telegramtest.Message {
	d.t.Helper()
	d.u.SendText(d.button("back"))
	d.typed = true
	return d.read(s)
}

// wrong sends input the current question does not take: the bot explains
// (a message containing want; any message for "") and asks the question
// again, which is returned.
func (d *dialogue) wrong(send func(u *telegramtest.User), want string) telegramtest.Message {
	d.t.Helper()
	send(d.u)
	d.explained(want)
	d.typed = true // asked again as a new message
	return d.again()
}

// wrongText is wrong for typed text.
func (d *dialogue) wrongText(text, want string) telegramtest.Message {
	d.t.Helper()
	return d.wrong(func(u *telegramtest.User) { u.SendText(text) }, want)
}

// ignored sends input the current question does not take and does not ask
// again for: the bot only explains (want).
func (d *dialogue) ignored(send func(u *telegramtest.User), want string) telegramtest.Message {
	d.t.Helper()
	send(d.u)
	return d.explained(want)
}

// refused answers the current question the way to(s) would; the bot
// refuses with want and asks the same question again, which is returned.
func (d *dialogue) refused(s step, want string) telegramtest.Message {
	d.t.Helper()
	return d.wrong(func(*telegramtest.User) { d.answer(s) }, want)
}

// stopped answers the current question the way to(s) would; the bot
// refuses with want, and the dialogue ends.
func (d *dialogue) stopped(s step, want string) telegramtest.Message {
	d.t.Helper()
	return d.ignored(func(*telegramtest.User) { d.answer(s) }, want)
}

func (d *dialogue) explained(want string) telegramtest.Message {
	d.t.Helper()
	if !d.typed {
		// A pressed button that ends the dialogue answers in its own
		// message; one refused on the way is answered with a new one.
		id := d.ask.ID
		if want != "" && waitFor(func() bool { return strings.Contains(messageText(d.u, id), want) }) {
			d.typed = true
			return lastVersion(d.u, id)
		}
	}
	if want == "" {
		return next(d.t, d.u)
	}
	return expect(d.t, d.u, want)
}

// next is the step whose question follows the current one on the way to s.
func (d *dialogue) next(s step) step {
	d.t.Helper()
	r := d.r
	today := r.date == button(d.t, d.lang, "today")
	switch d.step {
	case stepResume:
		return d.parked
	case stepSummary:
		switch {
		case d.sent < len(r.evidence):
			return stepSummary // a file is attached: the summary again
		case s == stepFields:
			return stepFields
		}
		return stepSent
	case stepFields:
		return d.field
	case stepSent:
		d.t.Fatalf("the report was sent: there is no %s question after it", s)
	case stepEvidence:
		if len(r.evidence) == 0 {
			return stepSummary // Kembali: the evidence stays as it was
		}
		return stepFiles
	case stepFiles:
		return stepSummary
	}
	if d.changing {
		if s == stepSent || s == stepFields {
			return stepSummary
		}
		return s
	}
	switch d.step {
	case stepDate:
		if r.dayOff != "" {
			return stepDayOff
		}
		return stepRHK
	case stepDayOff:
		if !today && !d.dated {
			return stepDate
		}
		return stepRHK
	case stepRHK:
		if !today && !d.dated {
			return stepDate
		}
		return stepDescription
	case stepDescription:
		switch {
		case d.split:
			return stepVolume
		case r.unit != "":
			return stepUnit
		}
		return stepSummary
	case stepVolume:
		if r.unit != "" {
			return stepUnit
		}
		return stepMinutes
	case stepUnit:
		if d.split {
			return stepMinutes
		}
		return stepSummary
	}
	return stepSummary // after the duration
}

// answer answers the current question from the report, on the way to s.
func (d *dialogue) answer(s step) {
	d.t.Helper()
	r := d.r
	d.typed = true
	switch d.step {
	case stepDate:
		d.press(r.date)
		d.dated = true
	case stepDayOff:
		if r.date != button(d.t, d.lang, "today") && !d.dated {
			d.press(d.button("other_date"))
			return
		}
		d.press(r.dayOff)
	case stepRHK:
		if r.date != button(d.t, d.lang, "today") && !d.dated && !d.changing {
			d.press(d.button("other_date"))
			return
		}
		d.press(d.rhkButton())
	case stepDescription:
		if d.split || d.changing {
			d.u.SendText(r.desc)
		} else {
			d.u.SendText(r.desc + "\n" + r.volume + "\n" + r.minutes)
		}
	case stepVolume:
		d.u.SendText(r.volume)
	case stepUnit:
		d.u.SendText(r.unit)
	case stepMinutes:
		d.u.SendText(r.minutes)
	case stepEvidence:
		if len(r.evidence) == 0 {
			d.press(d.button("back"))
			return
		}
		d.sent = len(r.evidence) // sent here, not again at the summary
		// Each file is answered with the count so far; the last answer
		// carries Selesai (the step after this one).
		for i, f := range r.evidence {
			f(d.u)
			if i < len(r.evidence)-1 {
				d.read(stepFiles)
			}
		}
	case stepFiles:
		d.press(d.button("done_files", "Count", len(r.evidence)))
	case stepSummary:
		switch {
		case d.sent < len(r.evidence):
			r.evidence[d.sent](d.u)
			d.sent++
		case s == stepFields:
			d.press(d.button("change"))
		case d.editing:
			d.press(d.button("send_edit"))
		default:
			d.press(d.button("send"))
		}
	case stepFields:
		for label, f := range fieldButtons {
			if f == d.field {
				d.press(label)
			}
		}
	case stepResume:
		d.press(d.button("resume"))
	default:
		d.t.Fatalf("no answer to the %s question", d.step)
	}
}

// rhkButton is the RHK list's button for the report's RHK (and indikator).
func (d *dialogue) rhkButton() string {
	d.t.Helper()
	m := lastVersion(d.u, d.ask.ID)
	if d.r.indikator == "" {
		return buttonStartingWith(d.t, m, d.r.rhk)
	}
	ind, _, _ := strings.Cut(d.r.indikator, " (") // "Daftar hadir (berkas)": the indikator's text
	for _, b := range m.Buttons() {
		if strings.HasPrefix(b.Text, d.r.rhk) && strings.Contains(b.Text, "· "+ind) {
			return b.Text
		}
	}
	d.t.Fatalf("no button for RHK %q, indikator %q on %+v", d.r.rhk, ind, m.InlineKeyboard)
	return ""
}

// press presses label on the current question as it stands now (a button
// may have edited it, as the RHK pages do); the answer edits that message.
func (d *dialogue) press(label string) {
	d.t.Helper()
	press(d.t, d.u, lastVersion(d.u, d.ask.ID), label)
	d.typed = false
}

func (d *dialogue) say(p phrase) string { return p[d.lang] }

// button is the label of a button (or key) of the dialogue, as the
// catalog has it in the user's language: button.<id>, with args as
// name, value pairs.
func (d *dialogue) button(id string, args ...any) string {
	d.t.Helper()
	return button(d.t, d.lang, id, args...)
}

func button(t *testing.T, lang int, id string, args ...any) string {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		m[args[i].(string)] = args[i+1]
	}
	label, err := cat.Render([]string{"id", "en"}[lang], "button."+id, m)
	if err != nil {
		t.Fatal(err)
	}
	return label
}

// word is one of the texts, in the user's language.
func (d *dialogue) word(name string) string {
	p, ok := texts[name]
	if !ok {
		d.t.Fatalf("no text %q", name)
	}
	return d.say(p)
}

// read reads the question of step s, the next message in the chat, and
// makes it the current one.
func (d *dialogue) read(s step) telegramtest.Message {
	d.t.Helper()
	marker := d.say(stepWords[s])
	switch {
	case s == stepSummary && d.editing:
		marker = d.word("summaryEdit")
	case s == stepSent && d.editing:
		marker = d.word("sentEdit")
	}
	return d.readAs(s, marker)
}

// again reads the current question, asked again after an explanation (a
// refused file is followed by the evidence question itself).
func (d *dialogue) again() telegramtest.Message {
	d.t.Helper()
	if d.step == stepFiles {
		return d.readAs(stepFiles, d.say(stepWords[stepEvidence]))
	}
	return d.read(d.step)
}

func (d *dialogue) readAs(s step, marker string) telegramtest.Message {
	d.t.Helper()
	var m telegramtest.Message
	if d.typed {
		m = expect(d.t, d.u, marker)
	} else {
		// A button's answer edits its own message into the next question.
		id := d.ask.ID
		eventually(d.t, fmt.Sprintf("the %s question in place of message %d", s, id), func() bool {
			return strings.Contains(messageText(d.u, id), marker)
		})
		m = lastVersion(d.u, id)
		d.typed = true
	}
	if want := d.r.asks[s]; want != "" && !strings.Contains(m.Text, want) {
		d.t.Fatalf("the %s question lacks %q: %q", s, want, m.Text)
	}
	switch s {
	case stepEvidence:
		d.files = 0
	case stepFiles:
		if marker == d.say(stepWords[stepFiles]) {
			d.files++
			if want := fmt.Sprintf(d.word("files"), d.files); !strings.Contains(m.Text, want) {
				d.t.Fatalf("the answer to file %d lacks %q: %q", d.files, want, m.Text)
			}
		}
	case stepSummary:
		d.changing = false
	}
	d.step, d.ask, d.asked[s] = s, m, m
	return m
}
