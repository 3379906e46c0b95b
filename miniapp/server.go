package miniapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Path is where the Mini App is served on HTTP_ADDR.
const Path = "/app/"

//go:embed assets
var assets embed.FS

// Directory finds the person linked to a Telegram account.
type Directory interface {
	PegawaiByTelegramID(ctx context.Context, telegramID int64) (*kinerja.Pegawai, error)
}

// Out sends a message to a chat (bot.Bot.Deliver).
type Out interface {
	Deliver(ctx context.Context, to msg.To, r msg.Reply) (int, error)
}

// Renderer renders a text in a language (bot.Renderer.Text).
type Renderer interface {
	Text(t msg.Text, lang string) (string, error)
}

// Evidence keeps the files people give the Mini App: Keep stores one for
// its owner (no Telegram write; the bot uploads it the first time it sends
// it, to a supervisor's "Lihat bukti") and returns its number; Fetch reads
// any report's evidence back by how the report names it (a kept file from
// the store, a file sent in the chat from Telegram).
type Evidence interface {
	Keep(ctx context.Context, pegawaiID int64, name, contentType string, photo bool, data []byte) (int64, error)
	Fetch(ctx context.Context, stored string) (data []byte, contentType string, err error)
}

// Charts draws a reply's chart as a PNG with its caption (bot.Bot.DrawChart).
type Charts interface {
	DrawChart(r msg.Reply, lang string) (png []byte, caption string, err error)
}

// Deps is what the Mini App works with: the chat's engine (its rules),
// the directory, the bot's delivery, its renderer and its charts.
type Deps struct {
	Token     string // the bot's token: initData is signed with it
	Engine    *conversations.Engine
	Directory Directory
	Out       Out
	Render    Renderer
	Charts    Charts
	Evidence  Evidence
	Now       func() time.Time // nil: time.Now
	Log       *slog.Logger
}

// MaxBody is the most a request body may be.
const MaxBody = 64 << 10

// MaxBoardBatch is the most reports one decision request names (the page
// sends "Setujui semua" in batches of this size).
const MaxBoardBatch = 100

// Handler serves the page under Path and its API under Path+"api/".
func Handler(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{d: d}
	static, _ := fs.Sub(assets, "assets")
	files := http.StripPrefix(strings.TrimSuffix(Path, "/"), http.FileServerFS(static))
	mux := http.NewServeMux()
	mux.Handle(Path, noCache(files))
	mux.HandleFunc("GET "+Path+"api/formulir", s.auth(s.formulir))
	mux.HandleFunc("GET "+Path+"api/uraian", s.auth(s.uraian))
	mux.HandleFunc("POST "+Path+"api/laporan", s.auth(s.laporan))
	mux.HandleFunc("POST "+Path+"api/bukti", s.auth(s.unggah))
	mux.HandleFunc("GET "+Path+"api/bukti", s.auth(s.lihatBukti))
	mux.HandleFunc("GET "+Path+"api/riwayat", s.auth(s.riwayat))
	mux.HandleFunc("POST "+Path+"api/tarik", s.auth(s.tarik))
	mux.HandleFunc("GET "+Path+"api/nilai", s.auth(s.nilai))
	mux.HandleFunc("GET "+Path+"api/persetujuan", s.auth(s.persetujuan))
	mux.HandleFunc("POST "+Path+"api/keputusan", s.auth(s.keputusan))
	mux.HandleFunc(Path+"api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, http.StatusNotFound, "id", "app.error")
	})
	return mux
}

func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// The page and its script change with each release; they are small.
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'")
		h.ServeHTTP(w, r)
	})
}

type server struct {
	d Deps

	mu         sync.Mutex
	lastRefuse time.Time // refusals are logged once a minute, not per request
	refused    int
}

// caller is the person behind a request.
type caller struct {
	user *conversations.User
	lang string
}

// auth admits a request only with valid initData of a linked, active
// person; anything else is 401 (403 for a known but unlinked or inactive
// account) and changes nothing.
func (s *server) auth(next func(http.ResponseWriter, *http.Request, caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "tma ")
		id, err := Verify(raw, s.d.Token, s.d.Now(), MaxAge)
		if !ok || err != nil {
			s.noteRefusal(r.Context(), err)
			s.fail(w, http.StatusUnauthorized, "id", "app.unauthorized")
			return
		}
		p, err := s.d.Directory.PegawaiByTelegramID(r.Context(), id.UserID)
		if err != nil {
			s.d.Log.ErrorContext(r.Context(), "miniapp: could not load pegawai", "user_id", id.UserID, "err", err)
			s.fail(w, http.StatusInternalServerError, "id", "app.error")
			return
		}
		lang := "id"
		if p != nil && p.Bahasa != "" {
			lang = p.Bahasa
		}
		if p == nil || !p.Aktif {
			s.fail(w, http.StatusForbidden, lang, "app.not_linked")
			return
		}
		u := &conversations.User{TelegramID: id.UserID, ChatID: id.UserID, FirstName: id.FirstName,
			TelegramLang: id.LanguageCode, Lang: lang, LangChosen: p.Bahasa != "", Pegawai: p}
		if p.ChatID != 0 {
			u.ChatID = p.ChatID
		}
		next(w, r, caller{user: u, lang: lang})
	}
}

func (s *server) noteRefusal(ctx context.Context, err error) {
	s.mu.Lock()
	s.refused++
	now := s.d.Now()
	if now.Sub(s.lastRefuse) < time.Minute {
		s.mu.Unlock()
		return
	}
	n := s.refused
	s.lastRefuse, s.refused = now, 0
	s.mu.Unlock()
	s.d.Log.WarnContext(ctx, "miniapp: requests refused without valid initData", "count", n, "last", errText(err))
}

func errText(err error) string {
	if err == nil {
		return "no tma authorization"
	}
	return err.Error()
}

// text renders t for the caller; a rendering failure is logged and the
// generic apology given instead (never English error text).
func (s *server) text(lang string, t msg.Text) string {
	out, err := s.d.Render.Text(t, lang)
	if err != nil {
		s.d.Log.Error("miniapp: message could not be rendered", "message", t.ID, "err", err)
		out, _ = s.d.Render.Text(msg.T("app.error"), lang)
	}
	return out
}

// readJSON reads a request's JSON body (at most MaxBody) into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// broke answers a failure of the bot's own (what, err logged) with the
// message id in the caller's language: never the error itself.
func (s *server) broke(w http.ResponseWriter, r *http.Request, c caller, what string, err error, id string) {
	s.d.Log.ErrorContext(r.Context(), "miniapp: "+what, "user_id", c.user.TelegramID, "err", err)
	s.fail(w, http.StatusInternalServerError, c.lang, id)
}

// fail answers an error as {"pesan": …} in the caller's language.
func (s *server) fail(w http.ResponseWriter, code int, lang, id string) {
	s.say(w, code, lang, msg.T(id))
}

// say answers {"pesan": t} in the caller's language.
func (s *server) say(w http.ResponseWriter, code int, lang string, t msg.Text) {
	writeJSON(w, code, map[string]string{"pesan": s.text(lang, t)})
}

// uiTexts are the page's own words, sent with the form in the caller's
// language.
var uiTexts = []string{"title", "loading", "label_tanggal", "label_rhk", "label_uraian", "label_volume", "label_satuan",
	"label_durasi", "recent", "day_off", "day_locked", "pick", "kirim", "sending", "sent", "again", "error",
	"tab_lapor", "tab_board", "board_empty", "approve", "approve_day", "approve_all", "return", "reject", "reason", "reason_own",
	"cancel", "board_failed", "minutes", "tab_riwayat", "riwayat_empty", "change", "withdraw", "withdraw_confirm", "editing",
	"total", "tab_nilai", "already_sent", "label_bukti", "uploading", "evidence_show", "remove"}

type choiceJSON struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Satuan string `json:"satuan,omitempty"`
}

type dayJSON struct {
	Tanggal string `json:"tanggal"`
	Label   string `json:"label"`
	Libur   string `json:"libur,omitempty"` // why it is a day off
	Kunci   bool   `json:"terkunci,omitempty"`
}

// formulir is what the form offers: the days, the RHK, the limits, the
// page's words.
func (s *server) formulir(w http.ResponseWriter, r *http.Request, c caller) {
	// The RHK of the chosen day's year (the page asks again when the day
	// chosen is in another year than the list it has).
	day, _ := kinerja.ParseDate(r.URL.Query().Get("tanggal"))
	o, err := s.d.Engine.FormOptions(r.Context(), c.user, day)
	if err != nil {
		s.broke(w, r, c, "form options", err, "app.error")
		return
	}
	out := struct {
		Nama       string            `json:"nama"`
		HariIni    string            `json:"hari_ini"`
		Tahun      int               `json:"tahun"` // the year of Pilihan
		Hari       []dayJSON         `json:"hari"`
		Pilihan    []choiceJSON      `json:"pilihan"`
		Kategori   []choiceJSON      `json:"kategori"`
		Durasi     []int             `json:"durasi"`
		MaksMenit  int               `json:"maks_menit"`
		MinUraian  int               `json:"min_uraian"`
		MaksUraian int               `json:"maks_uraian"`
		MaksBukti  int               `json:"maks_bukti"`
		Teks       map[string]string `json:"teks"`
	}{Nama: c.user.Name(), HariIni: o.Today.String(), Tahun: o.Year, Durasi: o.Durations, MaksMenit: o.MaxMinutes,
		MinUraian: o.MinUraian, MaksUraian: o.MaxUraian, Teks: map[string]string{},
		Hari: []dayJSON{}, Pilihan: []choiceJSON{}, Kategori: []choiceJSON{}}
	for _, d := range o.Days {
		dj := dayJSON{Tanggal: d.Date.String(), Label: s.text(c.lang, msg.T("app.day", "Date", msg.Date(d.Date))), Kunci: d.Locked}
		if d.Off.ID != "" {
			dj.Libur = s.text(c.lang, d.Off)
		}
		out.Hari = append(out.Hari, dj)
	}
	for _, ch := range o.Choices {
		out.Pilihan = append(out.Pilihan, choiceJSON{Value: ch.Value, Label: s.text(c.lang, ch.Label), Satuan: ch.Satuan})
	}
	for _, ch := range o.Categories {
		out.Kategori = append(out.Kategori, choiceJSON{Value: ch.Value, Label: s.text(c.lang, ch.Label)})
	}
	for _, k := range uiTexts {
		out.Teks[k] = s.text(c.lang, msg.T("app."+k))
	}
	out.Teks["bukti_limits"] = s.text(c.lang, msg.T("app.bukti_limits", "Max", o.MaxEvidence))
	out.MaksBukti = o.MaxEvidence
	writeJSON(w, http.StatusOK, out)
}

// uraian lists the caller's recent uraian for a choice of the picker.
func (s *server) uraian(w http.ResponseWriter, r *http.Request, c caller) {
	list, err := s.d.Engine.RecentUraian(r.Context(), c.user, r.URL.Query().Get("rhk"))
	if kinerja.ErrorCode(err) == kinerja.CodeInvalid {
		writeJSON(w, http.StatusOK, []any{}) // a choice no longer offered: nothing to reuse
		return
	}
	if err != nil {
		s.broke(w, r, c, "recent uraian", err, "app.error")
		return
	}
	type item struct {
		Uraian string  `json:"uraian"`
		Volume float64 `json:"volume"`
		Satuan string  `json:"satuan"`
		Menit  int     `json:"menit"`
	}
	out := make([]item, 0, len(list))
	for _, a := range list {
		out = append(out, item{a.Deskripsi, a.Volume, a.Satuan, a.Menit})
	}
	writeJSON(w, http.StatusOK, out)
}

// laporan files the form's report and confirms it in the chat: one
// Telegram write for the author (the assessor's card is the report's job,
// as for a report filed in the chat). The same form sent again files
// nothing more and sends nothing more.
func (s *server) laporan(w http.ResponseWriter, r *http.Request, c caller) {
	var in struct {
		conversations.ReportForm
		Bukti []string `json:"bukti"` // handles of the files uploaded (api/bukti)
	}
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, http.StatusBadRequest, c.lang, "app.error")
		return
	}
	f := in.ReportForm
	for _, h := range in.Bukti {
		id, ok := s.fileOf(c.user.TelegramID, h)
		if !ok {
			// Not a handle this server gave this person: nothing filed.
			writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"field": "bukti", "pesan": s.text(c.lang, msg.T("app.evidence_lost"))})
			return
		}
		f.Files = append(f.Files, id)
	}
	a, err := s.d.Engine.FileForm(r.Context(), c.user, f)
	var fe *conversations.FieldError
	switch {
	case errors.As(err, &fe):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"field": fe.Field, "pesan": s.text(c.lang, fe.Text)})
		return
	case err != nil && kinerja.ErrorCode(err) != kinerja.CodeInternal:
		// Refused by the store's rules (a locked period, an inactive
		// person, a report changed or decided meanwhile): said to the
		// author as the chat says it.
		s.say(w, http.StatusConflict, c.lang, conversations.AuthorRefusal(err))
		return
	case err != nil:
		s.broke(w, r, c, "file report", err, "app.error")
		return
	}
	fresh := !a.Refiled
	if fresh {
		reply, err := s.d.Engine.FormFiled(r.Context(), c.user, a, f.Ubah != 0)
		if err == nil {
			_, err = s.d.Out.Deliver(r.Context(), msg.To{ChatID: c.user.ChatID, Lang: c.lang, Answer: true}, reply)
		}
		if err != nil {
			// Filed: the page says so; the chat's confirmation is missing.
			s.d.Log.WarnContext(r.Context(), "miniapp: the report's confirmation was not sent", "user_id", c.user.TelegramID, "aktivitas_id", a.ID, "err", err)
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": a.ID, "status": string(a.Status), "baru": fresh,
		"pesan": s.text(c.lang, msg.T("app.sent"))})
}

// ---- the supervisor's board ----

type boardReport struct {
	ID     int64   `json:"id"`
	Versi  int     `json:"versi"`
	RHK    string  `json:"rhk"`
	Uraian string  `json:"uraian"`
	Volume float64 `json:"volume"`
	Satuan string  `json:"satuan"`
	Menit  int     `json:"menit"`
	Bukti  string  `json:"bukti,omitempty"` // how many evidence files, said
	NBukti int     `json:"n_bukti,omitempty"`
}

type boardDay struct {
	Tanggal string        `json:"tanggal"`
	Label   string        `json:"label"`
	Laporan []boardReport `json:"laporan"`
}

type boardPerson struct {
	Nama string     `json:"nama"`
	NIP  string     `json:"nip"`
	Hari []boardDay `json:"hari"`
}

// persetujuan is everything waiting for the caller's decision, by person
// and day, in the order the chat's list shows it.
func (s *server) persetujuan(w http.ResponseWriter, r *http.Request, c caller) {
	list, err := s.d.Engine.Board(r.Context(), c.user)
	if err != nil {
		s.broke(w, r, c, "board", err, "app.board_failed")
		return
	}
	out := struct {
		Orang  []boardPerson `json:"orang"`
		Alasan []string      `json:"alasan"`
	}{Orang: []boardPerson{}, Alasan: s.d.Engine.QuickReasons()}
	at := map[string]int{}
	for _, p := range list {
		i, ok := at[p.AuthorNIP]
		if !ok {
			i = len(out.Orang)
			at[p.AuthorNIP] = i
			out.Orang = append(out.Orang, boardPerson{Nama: p.AuthorNama, NIP: p.AuthorNIP})
		}
		person := &out.Orang[i]
		day := p.Tanggal.String()
		if n := len(person.Hari); n == 0 || person.Hari[n-1].Tanggal != day {
			person.Hari = append(person.Hari, boardDay{Tanggal: day, Label: s.text(c.lang, msg.T("app.day", "Date", msg.Date(p.Tanggal)))})
		}
		rhk := s.text(c.lang, kategoriLabel(p))
		br := boardReport{ID: p.ID, Versi: p.Version, RHK: rhk, Uraian: p.Deskripsi, Volume: p.Volume, Satuan: p.Satuan, Menit: p.Menit}
		if n := len(p.Bukti); n > 0 {
			br.Bukti, br.NBukti = s.text(c.lang, msg.T("app.evidence", "Count", n)), n
		}
		d := &person.Hari[len(person.Hari)-1]
		d.Laporan = append(d.Laporan, br)
	}
	writeJSON(w, http.StatusOK, out)
}

// kategoriLabel names what a waiting report counts towards.
func kategoriLabel(p conversations.PendingReport) msg.Text {
	switch p.Kategori {
	case kinerja.KategoriTugasTambahan:
		return msg.T("report.kategori_tugas_tambahan")
	case kinerja.KategoriNonSKP:
		return msg.T("report.kategori_non_skp")
	}
	return msg.T("app.rhk", "Kode", p.RHKKode, "Teks", msg.Shorten(p.RHKTeks, 120))
}

// keputusan applies one decision to one or more reports (Setujui on a
// report, a person's day, or all): each is decided on its own, first
// decision wins, and each result is said.
func (s *server) keputusan(w http.ResponseWriter, r *http.Request, c caller) {
	var in struct {
		Aksi    string `json:"aksi"`
		Alasan  string `json:"alasan"`
		Laporan []struct {
			ID    int64 `json:"id"`
			Versi int   `json:"versi"`
		} `json:"laporan"`
	}
	err := readJSON(w, r, &in)
	action := kinerja.Action(in.Aksi)
	switch {
	case err != nil || len(in.Laporan) == 0 || len(in.Laporan) > MaxBoardBatch:
		s.fail(w, http.StatusBadRequest, c.lang, "app.board_failed")
		return
	case action != kinerja.ActionSetujui && action != kinerja.ActionKembalikan && action != kinerja.ActionTolak:
		s.fail(w, http.StatusBadRequest, c.lang, "app.board_failed")
		return
	case action != kinerja.ActionSetujui && len(in.Laporan) != 1:
		// A return or a rejection is one report at a time, as on the card.
		s.fail(w, http.StatusBadRequest, c.lang, "app.board_failed")
		return
	}
	type result struct {
		ID    int64  `json:"id"`
		OK    bool   `json:"ok"`
		Pesan string `json:"pesan"`
	}
	out := struct {
		Hasil []result `json:"hasil"`
	}{}
	seen := map[int64]bool{}
	for _, l := range in.Laporan {
		if seen[l.ID] || r.Context().Err() != nil {
			continue // a report named twice is decided once; a caller gone stops the batch
		}
		seen[l.ID] = true
		done, said, err := s.d.Engine.DecideOnBoard(r.Context(), c.user, conversations.BoardDecision{
			AktivitasID: l.ID, Version: l.Versi, Action: kinerja.Action(in.Aksi), Reason: in.Alasan})
		if err != nil {
			s.d.Log.ErrorContext(r.Context(), "miniapp: decision", "user_id", c.user.TelegramID, "aktivitas_id", l.ID, "err", err)
			said = msg.T("app.board_failed")
		}
		out.Hasil = append(out.Hasil, result{ID: l.ID, OK: done, Pesan: s.text(c.lang, said)})
	}
	writeJSON(w, http.StatusOK, out)
}

// ---- the author's reports of the month ----

type reportJSON struct {
	ID         int64   `json:"id"`
	Versi      int     `json:"versi"`
	Tanggal    string  `json:"tanggal"`
	Label      string  `json:"label"`
	Status     string  `json:"status"`
	StatusText string  `json:"status_teks"`
	RHK        string  `json:"rhk"` // the picker's value ("" : no longer offered)
	Uraian     string  `json:"uraian"`
	Volume     float64 `json:"volume"`
	Satuan     string  `json:"satuan"`
	Menit      int     `json:"menit"`
	Alasan     string  `json:"alasan,omitempty"`
	BisaUbah   bool    `json:"bisa_ubah,omitempty"`
	BisaTarik  bool    `json:"bisa_tarik,omitempty"`
}

// riwayat lists the caller's reports of this month.
func (s *server) riwayat(w http.ResponseWriter, r *http.Request, c caller) {
	list, err := s.d.Engine.MonthReports(r.Context(), c.user)
	if err != nil {
		s.broke(w, r, c, "reports of the month", err, "app.error")
		return
	}
	out := struct {
		Laporan []reportJSON `json:"laporan"`
		Total   string       `json:"total"`
	}{Laporan: []reportJSON{}}
	total := 0
	for _, a := range list {
		rj := reportJSON{ID: a.ID, Versi: a.Version, Tanggal: a.Tanggal.String(), Label: s.text(c.lang, msg.T("app.day", "Date", msg.Date(a.Tanggal))),
			Status: string(a.Status), StatusText: s.text(c.lang, msg.T("status."+string(a.Status))), RHK: a.Choice,
			Uraian: a.Deskripsi, Volume: a.Volume, Satuan: a.Satuan, Menit: a.Menit, BisaUbah: a.CanChange, BisaTarik: a.CanWithdraw}
		if a.Status == kinerja.StatusDikembalikan || a.Status == kinerja.StatusDitolak {
			rj.Alasan = a.Reason
		}
		if a.Status != kinerja.StatusDitolak && a.Status != kinerja.StatusDitarik {
			total += a.Menit
		}
		out.Laporan = append(out.Laporan, rj)
	}
	out.Total = s.text(c.lang, msg.T("app.total", "Menit", total))
	writeJSON(w, http.StatusOK, out)
}

// tarik withdraws one of the caller's reports.
func (s *server) tarik(w http.ResponseWriter, r *http.Request, c caller) {
	var in struct {
		ID    int64 `json:"id"`
		Versi int   `json:"versi"`
	}
	err := readJSON(w, r, &in)
	if err != nil || in.ID <= 0 {
		s.fail(w, http.StatusBadRequest, c.lang, "app.error")
		return
	}
	done, said, err := s.d.Engine.WithdrawOnApp(r.Context(), c.user, in.ID, in.Versi)
	if err != nil {
		s.d.Log.ErrorContext(r.Context(), "miniapp: withdraw", "user_id", c.user.TelegramID, "aktivitas_id", in.ID, "err", err)
		s.fail(w, http.StatusInternalServerError, c.lang, "app.error")
		return
	}
	code := http.StatusOK
	if !done {
		code = http.StatusConflict
	}
	writeJSON(w, code, map[string]any{"ok": done, "pesan": s.text(c.lang, said)})
}

// ---- the scores ----

// nilai is /nilai's month in the Mini App: the text, and the charts as
// PNG data (the page shows them as images).
func (s *server) nilai(w http.ResponseWriter, r *http.Request, c caller) {
	view, charts, err := s.d.Engine.ScoreScreen(r.Context(), c.user)
	if err != nil {
		s.broke(w, r, c, "scores", err, "app.error")
		return
	}
	type chartJSON struct {
		Judul string `json:"judul"`
		PNG   string `json:"png"` // a data: URL
	}
	out := struct {
		Teks   string      `json:"teks"`
		Grafik []chartJSON `json:"grafik"`
	}{Teks: s.text(c.lang, view.Text), Grafik: []chartJSON{}}
	for _, ch := range charts {
		if ch.Chart == nil || s.d.Charts == nil {
			continue
		}
		png, caption, err := s.d.Charts.DrawChart(ch, c.lang)
		if err != nil {
			s.d.Log.ErrorContext(r.Context(), "miniapp: chart could not be drawn", "err", err)
			continue
		}
		out.Grafik = append(out.Grafik, chartJSON{Judul: caption, PNG: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)})
	}
	writeJSON(w, http.StatusOK, out)
}

// ---- evidence ----

// MaxPhotoBytes and MaxDocumentBytes bound one uploaded file (Telegram takes
// photos up to 10 MB; the Bot API hands files back up to 20 MB).
const (
	MaxPhotoBytes    = 10 << 20
	MaxDocumentBytes = 20 << 20
)

// documentTypes are the documents taken as evidence, by their content.
var documentTypes = map[string]string{
	"application/pdf": ".pdf",
	"application/zip": ".zip", // what office files (docx, xlsx) are underneath
}

// unggah takes one evidence file (multipart field "berkas"), keeps it for
// the person (Evidence.Keep: no Telegram write) and answers a handle
// the form sends back with the report: the file id signed for this person,
// so a form cannot name a file that is not its own.
func (s *server) unggah(w http.ResponseWriter, r *http.Request, c caller) {
	if s.d.Evidence == nil {
		s.fail(w, http.StatusNotFound, c.lang, "app.error")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxDocumentBytes+1<<20)
	file, hdr, err := r.FormFile("berkas")
	if err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, c.lang, "app.evidence_bad")
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxDocumentBytes+1))
	if err != nil || len(data) == 0 || len(data) > MaxDocumentBytes {
		s.say(w, http.StatusRequestEntityTooLarge, c.lang, msg.T("report.evidence_too_big", "MaxMB", MaxDocumentBytes>>20))
		return
	}
	kind := http.DetectContentType(data)
	photo := kind == "image/jpeg" || kind == "image/png"
	ext, doc := documentTypes[kind]
	switch {
	case photo && len(data) > MaxPhotoBytes:
		s.say(w, http.StatusRequestEntityTooLarge, c.lang, msg.T("report.evidence_too_big", "MaxMB", MaxPhotoBytes>>20))
		return
	case !photo && !doc:
		s.fail(w, http.StatusUnsupportedMediaType, c.lang, "app.evidence_bad")
		return
	}
	name := "bukti" + ext
	if photo {
		name = "bukti." + strings.TrimPrefix(kind, "image/") // jpeg or png
	} else if n := kinerja.CleanText(hdr.Filename); n != "" && len(n) <= 100 && !strings.ContainsAny(n, "/\\\x00") {
		name = n
	}
	id, err := s.d.Evidence.Keep(r.Context(), c.user.Pegawai.ID, name, kind, photo, data)
	if err != nil {
		s.d.Log.WarnContext(r.Context(), "miniapp: evidence not kept", "user_id", c.user.TelegramID, "err", err)
		s.fail(w, http.StatusServiceUnavailable, c.lang, "app.evidence_failed")
		return
	}
	stored := kinerja.KeptEvidence(id, photo)
	writeJSON(w, http.StatusCreated, map[string]any{"bukti": s.handle(c.user.TelegramID, stored), "foto": photo, "nama": name})
}

// handle is a file id signed for one person (base64 of the id, a dot, the
// first 16 bytes of its HMAC under a key derived from the bot's token).
func (s *server) handle(userID int64, fileID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fileID)) + "." + hex.EncodeToString(s.handleMAC(userID, fileID))
}

func (s *server) handleMAC(userID int64, fileID string) []byte {
	key := hmac.New(sha256.New, []byte("kinerjabot miniapp evidence"))
	key.Write([]byte(s.d.Token))
	mac := hmac.New(sha256.New, key.Sum(nil))
	fmt.Fprintf(mac, "%d:%s", userID, fileID)
	return mac.Sum(nil)[:16]
}

// fileOf checks a handle for userID and returns its file id.
func (s *server) fileOf(userID int64, h string) (string, bool) {
	enc, sig, ok := strings.Cut(h, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	got, err2 := hex.DecodeString(sig)
	if !ok || err != nil || err2 != nil || len(raw) == 0 {
		return "", false
	}
	return string(raw), hmac.Equal(got, s.handleMAC(userID, string(raw)))
}

// lihatBukti serves evidence file i of report laporan to its author or to
// whoever may decide it today (the board's previews).
func (s *server) lihatBukti(w http.ResponseWriter, r *http.Request, c caller) {
	id, err1 := strconv.ParseInt(r.URL.Query().Get("laporan"), 10, 64)
	i, err2 := strconv.Atoi(r.URL.Query().Get("i"))
	if err1 != nil || err2 != nil || s.d.Evidence == nil {
		s.fail(w, http.StatusNotFound, c.lang, "app.error")
		return
	}
	files, err := s.d.Engine.EvidenceOf(r.Context(), c.user, id)
	switch {
	case kinerja.ErrorCode(err) == kinerja.CodeNotFound || (err == nil && (i < 0 || i >= len(files))):
		s.fail(w, http.StatusNotFound, c.lang, "aktivitas.not_found")
		return
	case err != nil:
		s.broke(w, r, c, fmt.Sprintf("evidence of report %d", id), err, "app.error")
		return
	}
	data, kind, err := s.d.Evidence.Fetch(r.Context(), files[i])
	if err != nil {
		s.d.Log.WarnContext(r.Context(), "miniapp: evidence not fetched", "aktivitas_id", id, "err", err)
		s.fail(w, http.StatusBadGateway, c.lang, "app.evidence_failed")
		return
	}
	w.Header().Set("Content-Type", kind)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if !strings.HasPrefix(kind, "image/") {
		w.Header().Set("Content-Disposition", "attachment")
	}
	_, _ = w.Write(data)
}
