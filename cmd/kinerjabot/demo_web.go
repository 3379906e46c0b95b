package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"kinerjabot/bot"
	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/miniapp"
	"kinerjabot/msg"
	"kinerjabot/notify"
	"kinerjabot/store"
	"kinerjabot/telegramtest"
)

// The demo page: plain HTML, CSS and JavaScript embedded in the binary
// (demo/), talking to a small JSON API that acts as the visitor's phone —
// it sends what they type or press as the chosen person through
// telegramtest, exactly as Telegram would deliver it to the bot.

//go:embed demo
var demoAssets embed.FS

type demoWeb struct {
	tg      *telegramtest.Server
	seed    demoSeedResult
	clock   *demoClock
	db      *store.DB
	loc     *time.Location
	render  *bot.Renderer
	planner *notify.ReminderPlanner
	log     *slog.Logger
	hosts   map[string]bool // the Host headers the page answers to

	botAddr string // the bot's HTTP address: the Mini App is served there

	clockMu     sync.Mutex // one clock move at a time
	deadlineDay int        // VALIDATION_DEADLINE_DAY: "month" goes to the morning after it
}

// demoHosts are the names the page may be reached by: what was printed,
// and the loopback names with the same port. Anything else (a DNS
// rebinding attack) is refused.
func demoHosts(page string) map[string]bool {
	hosts := map[string]bool{page: true}
	if _, port, err := net.SplitHostPort(page); err == nil {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			hosts[net.JoinHostPort(h, port)] = true
		}
	}
	return hosts
}

// guard refuses requests for another host, and (through Go's cross-origin
// protection) state-changing requests from another web page; POSTs must
// be JSON.
func (w *demoWeb) guard(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return cop.Handler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.hosts[r.Host] {
			http.Error(rw, "unknown host", http.StatusMisdirectedRequest)
			return
		}
		if r.Method == http.MethodPost && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(rw, "JSON only", http.StatusUnsupportedMediaType)
			return
		}
		next.ServeHTTP(rw, r)
	}))
}

func (w *demoWeb) routes() http.Handler {
	mux := http.NewServeMux()
	assets, _ := fs.Sub(demoAssets, "demo")
	files := http.StripPrefix("/demo/", http.FileServerFS(assets))
	mux.Handle("GET /demo/", files)
	mux.HandleFunc("GET /demo", func(rw http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(rw, r, assets, "index.html")
	})
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, r *http.Request) {
		http.Redirect(rw, r, "/demo", http.StatusFound)
	})
	mux.HandleFunc("GET /demo/api/state", w.state)
	mux.HandleFunc("GET /demo/api/photo", w.photo)
	mux.HandleFunc("GET /demo/api/file", w.file)
	mux.HandleFunc("POST /demo/api/send", w.send)
	mux.HandleFunc("POST /demo/api/press", w.press)
	mux.HandleFunc("POST /demo/api/clock", w.moveClock)
	// The Mini App, from the bot itself (the page opens it in a panel).
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: w.botAddr})
	mux.Handle(miniapp.Path, proxy)
	return w.guard(mux)
}

// person is the seeded person with a Telegram id.
func (w *demoWeb) person(id int64) (demoPerson, bool) {
	for _, p := range w.seed.People {
		if p.TelegramID == id {
			return p, true
		}
	}
	return demoPerson{}, false
}

// user is the seeded person the request acts as.
func (w *demoWeb) user(r *http.Request, id string) (*telegramtest.User, demoPerson, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, demoPerson{}, false
	}
	for _, p := range w.seed.People {
		if p.TelegramID == n {
			return w.tg.User(n), p, true
		}
	}
	return nil, demoPerson{}, false
}

// demoMiniAppURL is the Mini App's address the demo's bot is given: the
// page turns it into its own /app/ (Telegram would open it as it is).
const demoMiniAppURL = "https://kinerjabot.demo.invalid/app/"

type demoButton struct {
	Text    string `json:"text"`
	Data    string `json:"data,omitempty"`
	Contact bool   `json:"contact,omitempty"`
	WebApp  bool   `json:"webApp,omitempty"` // opens the Mini App
}

type demoMessage struct {
	ID       int            `json:"id"`
	FromBot  bool           `json:"fromBot"`
	Text     string         `json:"text"`
	Photo    bool           `json:"photo,omitempty"`
	Document string         `json:"document,omitempty"`
	Contact  string         `json:"contact,omitempty"`
	Edited   bool           `json:"edited,omitempty"`
	Time     string         `json:"time"`
	Buttons  [][]demoButton `json:"buttons,omitempty"`
}

type demoState struct {
	People   []demoPerson   `json:"people"`
	Clock    string         `json:"clock"`
	Messages []demoMessage  `json:"messages"`
	Keyboard [][]demoButton `json:"keyboard,omitempty"`
	// MiniApp is where the selected person's Mini App opens: /app/ with
	// the identity Telegram would sign for them (initData) and its theme.
	MiniApp string `json:"miniApp,omitempty"`
}

func (w *demoWeb) state(rw http.ResponseWriter, r *http.Request) {
	st := demoState{People: w.seed.People, Clock: w.clockText()}
	if u, _, ok := w.user(r, r.URL.Query().Get("user")); ok {
		for _, m := range u.History() {
			if m.Deleted {
				continue
			}
			dm := demoMessage{ID: m.ID, FromBot: m.FromBot, Text: m.Text, Photo: m.Photo != nil,
				Edited: m.Edited > 0, Time: clockOf(m.Date.In(w.loc))}
			if dm.Text == "" {
				dm.Text = m.Caption
			}
			if m.Document != nil {
				dm.Document = m.Document.FileName
			}
			if m.Contact != nil {
				dm.Contact = m.Contact.PhoneNumber
			}
			for _, row := range m.InlineKeyboard {
				var br []demoButton
				for _, b := range row {
					br = append(br, demoButton{Text: b.Text, Data: b.CallbackData, WebApp: b.WebApp != ""})
				}
				dm.Buttons = append(dm.Buttons, br)
			}
			st.Messages = append(st.Messages, dm)
		}
		if p, _ := w.person(u.ID()); p.Role != "baru" {
			st.MiniApp = miniapp.Path + "#tgWebAppData=" + url.QueryEscape(u.InitData()) + "&tgWebAppVersion=8.0&tgWebAppPlatform=web"
		}
		for _, row := range u.ReplyKeyboard() {
			var br []demoButton
			for _, b := range row {
				br = append(br, demoButton{Text: b.Text, Contact: b.RequestContact})
			}
			st.Keyboard = append(st.Keyboard, br)
		}
	}
	writeJSON(rw, st)
}

// clockText is the demo's clock as the page shows it: "Senin, 28-12-2026
// 15.31 WIB".
func (w *demoWeb) clockText() string {
	now := w.clock.Now()
	day, _ := w.render.Text(msg.T("weekday."+strconv.Itoa(int(now.In(w.loc).Weekday()))), "id")
	return day + ", " + locales.Instant(now, w.loc)
}

// clockOf is the time of day of t, as the chat shows beside a message.
func clockOf(t time.Time) string {
	return kinerja.FormatClock(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
}

// message finds the chat message a media request names (?user=&msg=) and
// that has what want looks for.
func (w *demoWeb) message(r *http.Request, want func(telegramtest.Message) bool) (telegramtest.Message, bool) {
	u, _, ok := w.user(r, r.URL.Query().Get("user"))
	id, err := strconv.Atoi(r.URL.Query().Get("msg"))
	if !ok || err != nil {
		return telegramtest.Message{}, false
	}
	for _, m := range u.History() {
		if m.ID == id && want(m) {
			return m, true
		}
	}
	return telegramtest.Message{}, false
}

// serveMedia writes a message's file; message ids start again with every
// run of the demo, so nothing is cached.
func serveMedia(rw http.ResponseWriter, ctype, disposition string, data []byte) {
	rw.Header().Set("Content-Type", ctype)
	if disposition != "" {
		rw.Header().Set("Content-Disposition", disposition)
	}
	rw.Header().Set("Cache-Control", "no-store")
	_, _ = rw.Write(data)
}

// file downloads a document the bot sent (the recap workbook of /rekap).
func (w *demoWeb) file(rw http.ResponseWriter, r *http.Request) {
	m, ok := w.message(r, func(m telegramtest.Message) bool { return m.FromBot && m.Document != nil })
	if !ok {
		http.NotFound(rw, r)
		return
	}
	serveMedia(rw, m.Document.MimeType, mime.FormatMediaType("attachment", map[string]string{"filename": m.Document.FileName}), m.Document.Data)
}

func (w *demoWeb) photo(rw http.ResponseWriter, r *http.Request) {
	m, ok := w.message(r, func(m telegramtest.Message) bool { return m.Photo != nil })
	if !ok {
		http.NotFound(rw, r)
		return
	}
	serveMedia(rw, http.DetectContentType(m.Photo), "", m.Photo)
}

// demoAction is what the page posts as one of the seeded people (User, their
// Telegram id): a message sent (Kind: text, contact, photo or document, and
// Text) or an inline button pressed (Message and the button's Data).
type demoAction struct {
	User    string `json:"user"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Message int    `json:"message"`
	Data    string `json:"data"`
}

// action reads a demoAction of at most limit bytes and the person it is
// done as; otherwise it answers 400 or 404 and reports false.
func (w *demoWeb) action(rw http.ResponseWriter, r *http.Request, limit int64) (demoAction, *telegramtest.User, demoPerson, bool) {
	var in demoAction
	if !readJSON(rw, r, limit, &in) {
		return in, nil, demoPerson{}, false
	}
	u, p, ok := w.user(r, in.User)
	if !ok {
		http.Error(rw, "unknown person", http.StatusNotFound)
	}
	return in, u, p, ok
}

// send delivers what the visitor did in the chat: a text (or a reply
// keyboard button), their own phone number (the contact button), a sample
// photo or a sample document.
func (w *demoWeb) send(rw http.ResponseWriter, r *http.Request) {
	in, u, p, ok := w.action(rw, r, 16<<10)
	if !ok {
		return
	}
	switch in.Kind {
	case "contact":
		u.SendContact(p.Phone, p.TelegramID)
	case "photo":
		u.SendPhoto(in.Text, demoPhoto())
	case "document":
		u.SendDocument("bukti-kegiatan.pdf", "application/pdf", demoPDF, in.Text)
	default:
		if in.Text == "" || len(in.Text) > 4096 {
			http.Error(rw, "empty or too long", http.StatusBadRequest)
			return
		}
		u.SendText(in.Text)
	}
	writeJSON(rw, map[string]bool{"ok": true})
}

func (w *demoWeb) press(rw http.ResponseWriter, r *http.Request) {
	in, u, _, ok := w.action(rw, r, 4<<10)
	if !ok {
		return
	}
	id := u.Press(in.Message, in.Data)
	if id == "" {
		writeJSON(rw, map[string]string{"answer": ""})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	ans, err := u.WaitCallbackAnswer(ctx, id)
	if err != nil {
		writeJSON(rw, map[string]string{"answer": ""})
		return
	}
	writeJSON(rw, map[string]string{"answer": ans.Text})
}

// moveClock moves the demo's time forward: an hour, a day, to the
// afternoon nudge (15.31) or to the first morning of next month, and then
// plans what has come due at once (the bot's own planner runs every
// minute).
func (w *demoWeb) moveClock(rw http.ResponseWriter, r *http.Request) {
	var in struct {
		Step string `json:"step"`
	}
	if !readJSON(rw, r, 1<<10, &in) {
		return
	}
	w.clockMu.Lock()
	defer w.clockMu.Unlock()
	now := w.clock.Now().In(w.loc)
	var to time.Time
	switch in.Step {
	case "hour":
		to = now.Add(time.Hour)
	case "day":
		to = now.AddDate(0, 0, 1)
	case "afternoon":
		to = time.Date(now.Year(), now.Month(), now.Day(), 15, 31, 0, 0, w.loc)
		if !to.After(now) {
			to = to.AddDate(0, 0, 1)
		}
	case "month":
		// Next month, the morning after its validation deadline: the month
		// that ended can be rated (before that it still takes reports).
		to = time.Date(now.Year(), now.Month()+1, min(w.deadlineDay+1, 28), 8, 1, 0, 0, w.loc)
	default:
		http.Error(rw, "unknown step", http.StatusBadRequest)
		return
	}
	w.clock.Advance(to.Sub(now))
	ctx := r.Context()
	if _, err := w.planner.Plan(ctx); err != nil {
		w.log.Warn("demo: planning reminders failed", "err", err)
	}
	if in.Step == "month" || to.Month() != now.Month() {
		today := kinerja.DateOf(to, w.loc)
		start, _ := kinerja.LastEndedPeriod(today, false)
		if err := w.db.EnqueueUnique(ctx, jobs.RatingsDueJob{Periode: start}); err != nil {
			w.log.Warn("demo: rating requests failed", "err", err)
		}
	}
	writeJSON(rw, map[string]string{"clock": w.clockText()})
}

// readJSON decodes the request's JSON body of at most limit bytes into v,
// or answers 400 and reports false.
func readJSON(rw http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, limit)).Decode(v); err != nil {
		http.Error(rw, "bad request", http.StatusBadRequest)
		return false
	}
	return true
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(rw).Encode(v)
}

// demoPhoto is a sample evidence photo: a small drawing of a screen.
func demoPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := range 200 {
		for x := range 320 {
			c := color.RGBA{R: 230, G: 238, B: 246, A: 255}
			switch {
			case y < 28:
				c = color.RGBA{R: 36, G: 129, B: 204, A: 255}
			case x > 20 && x < 300 && y > 50 && y < 60, x > 20 && x < 220 && y > 80 && y < 90, x > 20 && x < 260 && y > 110 && y < 120:
				c = color.RGBA{R: 120, G: 134, B: 150, A: 255}
			case x > 20 && x < 120 && y > 150 && y < 180:
				c = color.RGBA{R: 46, G: 160, B: 90, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// demoPDF is a sample evidence document: a one-page PDF.
var demoPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
	"4 0 obj<</Length 58>>stream\nBT /F1 18 Tf 72 760 Td (Notulen rapat koordinasi) Tj ET\nendstream endobj\n" +
	"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
