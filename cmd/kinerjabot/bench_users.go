package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"kinerjabot/msg"
	"kinerjabot/telegramtest"
)

// The simulated people of the bench. They recognise the bot's messages by
// their buttons' callback data (the operation codes of package msg), not by
// their words, so the bench does not depend on the catalog's texts.

// benchRecorder collects what the simulated people measured.
type benchRecorder struct {
	mu         sync.Mutex
	answers    []time.Duration            // one per answered staff step
	steps      map[string][]time.Duration // the same, by step
	decisions  []time.Duration            // a supervisor's press until the card shows the decision
	unanswered map[int64]bool             // staff who waited longer than --answer-within at some step
	lost       int                        // steps never answered (the person gave up after --give-up)
	updates    int                        // what the people sent: messages and presses
	lastUpdate time.Time
	reports    int // reports confirmed
	appReports int // of which filed through the Mini App
	decided    int // cards approved
}

func newBenchRecorder() *benchRecorder {
	return &benchRecorder{unanswered: map[int64]bool{}, steps: map[string][]time.Duration{}}
}

func (r *benchRecorder) sent() {
	r.mu.Lock()
	r.updates++
	r.lastUpdate = time.Now()
	r.mu.Unlock()
}

func (r *benchRecorder) answered(step string, d time.Duration) {
	r.mu.Lock()
	r.answers = append(r.answers, d)
	r.steps[step] = append(r.steps[step], d)
	r.mu.Unlock()
}

// chatWaiter reads one chat's events in order.
type chatWaiter struct {
	u *telegramtest.User
}

// until returns the first event (new messages and edits alike) that want
// accepts, skipping the others (a push or a notice arriving meanwhile).
func (c chatWaiter) until(ctx context.Context, within time.Duration, want func(telegramtest.Event) bool) (telegramtest.Event, error) {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for {
		ev, err := c.u.Wait(ctx)
		if err != nil {
			return ev, err
		}
		if want(ev) {
			return ev, nil
		}
	}
}

// buttonWith returns m's first button of operation op whose argument
// starts with arg (callback_data "v1|op|id|arg|nonce").
func buttonWith(m telegramtest.Message, op, arg string) (telegramtest.InlineButton, bool) {
	for _, b := range m.Buttons() {
		if f := strings.Split(b.CallbackData, "|"); len(f) == 5 && f[1] == op && strings.HasPrefix(f[3], arg) {
			return b, true
		}
	}
	return telegramtest.InlineButton{}, false
}

// work is one staff member: after delay, --reports reports through the
// real dialogue: /lapor, the first RHK, the uraian with its volume and
// duration typed below it, Kirim.
func (w *benchWorld) work(ctx context.Context, s benchPerson, delay time.Duration, rec *benchRecorder) {
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return
	}
	chat := chatWaiter{s.u}
	file := w.file
	if s.app {
		file = w.fileApp
	}
	for n := range w.o.Reports {
		if err := file(ctx, chat, s.id, n, rec); err != nil {
			if ctx.Err() == nil {
				rec.mu.Lock()
				rec.unanswered[s.id] = true
				rec.lost++
				rec.mu.Unlock()
			}
			return
		}
	}
}

// file runs one report's dialogue; each step's answer is timed. A person
// waits past --answer-within (and is counted as unanswered) up to
// --give-up, so a slow answer is measured rather than dropped.
func (w *benchWorld) file(ctx context.Context, chat chatWaiter, id int64, n int, rec *benchRecorder) error {
	u := chat.u
	step := func(name string, act func(), want func(telegramtest.Event) bool) (telegramtest.Message, error) {
		start := time.Now()
		act()
		rec.sent()
		ev, err := chat.until(ctx, w.o.GiveUp, want)
		if err != nil {
			return telegramtest.Message{}, fmt.Errorf("%s: %w", name, err)
		}
		d := time.Since(start)
		rec.answered(name, d)
		if d > w.o.Answer {
			rec.mu.Lock()
			rec.unanswered[id] = true
			rec.mu.Unlock()
		}
		return ev.Message, nil
	}
	// The RHK list: a new message with step buttons for an RHK.
	list, err := step("rhk list", func() { u.SendCommand("/lapor") }, func(ev telegramtest.Event) bool {
		_, ok := buttonWith(ev.Message, msg.OpStep, "r")
		return ev.Kind == telegramtest.EventNew && ok
	})
	if err != nil {
		return err
	}
	rhk, _ := buttonWith(list, msg.OpStep, "r")
	// The uraian question: the list, edited, without the RHK buttons (it
	// may offer earlier uraian).
	if _, err := step("uraian question", func() { u.Press(list.ID, rhk.CallbackData) }, func(ev telegramtest.Event) bool {
		_, still := buttonWith(ev.Message, msg.OpStep, "r")
		return ev.Kind == telegramtest.EventEdit && ev.Message.ID == list.ID && !still
	}); err != nil {
		return err
	}
	// The summary: a new message with Kirim.
	sum, err := step("summary", func() {
		u.SendText(fmt.Sprintf("Menyusun bahan laporan kegiatan ke-%d\n1 dokumen\n60 menit", n+1))
	}, func(ev telegramtest.Event) bool {
		_, ok := buttonWith(ev.Message, msg.OpStep, "kirim")
		return ev.Kind == telegramtest.EventNew && ok
	})
	if err != nil {
		return err
	}
	kirim, _ := buttonWith(sum, msg.OpStep, "kirim")
	// The confirmation: the summary, edited, without its step buttons
	// (Lapor lagi is not one).
	if _, err := step("confirmation", func() { u.Press(sum.ID, kirim.CallbackData) }, func(ev telegramtest.Event) bool {
		_, still := buttonWith(ev.Message, msg.OpStep, "kirim")
		return ev.Kind == telegramtest.EventEdit && ev.Message.ID == sum.ID && !still
	}); err != nil {
		return err
	}
	rec.mu.Lock()
	rec.reports++
	rec.mu.Unlock()
	return nil
}

// approve is one supervisor: every card that arrives is approved, and the
// time until the card shows the decision is measured.
func (w *benchWorld) approve(ctx context.Context, b benchPerson, rec *benchRecorder) {
	pressed := map[int]time.Time{}
	for {
		ev, err := b.u.Wait(ctx)
		if err != nil {
			return
		}
		if at, ok := pressed[ev.Message.ID]; ok && ev.Kind == telegramtest.EventEdit {
			delete(pressed, ev.Message.ID)
			rec.mu.Lock()
			rec.decisions = append(rec.decisions, time.Since(at))
			rec.mu.Unlock()
			continue
		}
		setujui, ok := buttonWith(ev.Message, msg.OpApproval, string(msg.ApprovalSetujui))
		if ev.Kind != telegramtest.EventNew || !ok {
			continue
		}
		pressed[ev.Message.ID] = time.Now()
		b.u.Press(ev.Message.ID, setujui.CallbackData)
		rec.sent()
		rec.mu.Lock()
		rec.decided++
		rec.mu.Unlock()
	}
}

// benchResult is what the bench prints.
type benchResult struct {
	Limits         string      `json:"limits"`
	Users          int         `json:"users"`
	Supervisors    int         `json:"supervisors"`
	ReportsEach    int         `json:"reports_each"`
	Spread         string      `json:"spread"`
	Push           bool        `json:"push"`
	People         int         `json:"people"`          // in the database (--roster: the idle ones too)
	PastReports    int         `json:"past_reports"`    // in the database before the run (--history)
	Seconds        float64     `json:"seconds"`         // until the last report was confirmed
	SettledSeconds float64     `json:"settled_seconds"` // until the cards, decisions, notices and pushes were done
	Updates        int         `json:"updates"`         // messages and presses the people sent
	UpdatesPerSec  float64     `json:"updates_per_second"`
	Reports        int         `json:"reports"` // confirmed
	ReportsPerSec  float64     `json:"reports_per_second"`
	Decided        int         `json:"decided"`
	AnswerP50      float64     `json:"answer_p50_ms"`
	AnswerP95      float64     `json:"answer_p95_ms"`
	AnswerP99      float64     `json:"answer_p99_ms"`
	Unanswered     int         `json:"users_without_an_answer"`
	AnswerWithin   string      `json:"answer_within"`
	Lost           int         `json:"steps_never_answered"`
	Steps          []benchStep `json:"steps"`
	Decision       benchStep   `json:"supervisor_decision"`
	CPUMsPerUpdate float64     `json:"cpu_ms_per_update"`
	CPUSeconds     float64     `json:"bot_cpu_seconds"` // from the start of the load to its end (not start-up, shutdown)
	PeakRSSMiB     float64     `json:"bot_peak_rss_mib"`
	// The rest of the machine's CPU per update over the same span: the
	// bench itself (the fake Bot API and the people), PostgreSQL (-1: its
	// processes not readable here), Redis (-1: unknown), and all the
	// machine's cores together
	// (other services included); Cores and the ceiling they set at that
	// cost (Cores × 1000 ÷ MachineCPUMsPerUpdate updates a second).
	BenchCPUMsPerUpdate   float64 `json:"bench_cpu_ms_per_update"`
	PGCPUMsPerUpdate      float64 `json:"postgres_cpu_ms_per_update"`
	RedisCPUMsPerUpdate   float64 `json:"redis_cpu_ms_per_update"`
	MachineCPUMsPerUpdate float64 `json:"machine_cpu_ms_per_update"`
	Cores                 int     `json:"cores"`
	MachineCeiling        float64 `json:"machine_ceiling_updates_per_second"`
	WritesPerReport       float64 `json:"writes_per_report"` // flow, card, decision and notice writes per confirmed report
	// With --miniapp: the share asked, the reports filed through the Mini
	// App, and the writes per report of each way (its own flow writes plus
	// the card, decision and notice writes every report causes).
	MiniApp             float64        `json:"miniapp_share,omitempty"`
	MiniAppReports      int            `json:"miniapp_reports,omitempty"`
	WritesPerChatReport float64        `json:"writes_per_chat_report,omitempty"`
	WritesPerAppReport  float64        `json:"writes_per_miniapp_report,omitempty"`
	ByPurpose           map[string]int `json:"writes_by_purpose"`
	ByMethod            map[string]int `json:"calls_by_method"`
	TooMany             int            `json:"answered_429"`
	RedisCalls          map[string]int `json:"redis_calls"` // by command, the whole server's
	// RedisTripsPerUpdate and PGQueriesPerUpdate: all the bot's work (the
	// chat, the card and notice jobs, River's own queries) per update.
	RedisTripsPerUpdate float64        `json:"redis_round_trips_per_update"`
	PGQueriesPerUpdate  float64        `json:"postgres_queries_per_update"`
	MaxPerSecond        int            `json:"max_per_second"`
	MaxPerChat          int            `json:"max_per_second_one_chat"`
	PushSent            int            `json:"push_sent"`
	PushReached         int            `json:"push_staff_reached"` // staff whose chat got a push
	PushTwice           int            `json:"push_staff_twice"`   // staff whose chat got more than one
	PushSkipped         map[string]int `json:"push_skipped,omitempty"`
	PushSeconds         float64        `json:"push_seconds,omitempty"` // until the last push was sent or skipped
}

// benchStep are the percentiles of one kind of answer.
type benchStep struct {
	Name string  `json:"name"`
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
}

func percentiles(name string, ds []time.Duration) benchStep {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	at := func(p float64) float64 {
		if len(ds) == 0 {
			return 0
		}
		i := min(int(math.Ceil(p*float64(len(ds))))-1, len(ds)-1)
		return float64(ds[max(i, 0)].Microseconds()) / 1000
	}
	return benchStep{Name: name, N: len(ds), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: at(1)}
}

func (w *benchWorld) result(ctx context.Context, rec *benchRecorder, ru *syscall.Rusage, cpu time.Duration, reportsDone, end time.Time) *benchResult {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	r := &benchResult{Limits: w.o.Limits, Users: w.o.Users, Supervisors: w.o.Supervisors, ReportsEach: w.o.Reports,
		Spread: w.o.Spread.String(), Push: w.o.Push, People: w.people, PastReports: w.pastReports,
		Seconds: reportsDone.Sub(w.started).Seconds(), SettledSeconds: end.Sub(w.started).Seconds(),
		Updates: rec.updates, Reports: rec.reports, Decided: rec.decided, Unanswered: len(rec.unanswered), AnswerWithin: w.o.Answer.String()}
	r.UpdatesPerSec = float64(r.Updates) / rec.lastUpdate.Sub(w.started).Seconds()
	r.ReportsPerSec = float64(r.Reports) / r.Seconds
	all := percentiles("all", rec.answers)
	r.AnswerP50, r.AnswerP95, r.AnswerP99 = all.P50, all.P95, all.P99
	for _, name := range []string{"rhk list", "uraian question", "summary", "confirmation", "mini app report"} {
		if len(rec.steps[name]) > 0 || name != "mini app report" {
			r.Steps = append(r.Steps, percentiles(name, rec.steps[name]))
		}
	}
	r.Decision = percentiles("decision", rec.decisions)
	r.Lost = rec.lost
	r.CPUSeconds = cpu.Seconds()
	if r.Updates > 0 {
		r.CPUMsPerUpdate = float64(cpu.Microseconds()) / 1000 / float64(r.Updates)
	}
	r.PeakRSSMiB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	st := w.tg.Stats()
	r.ByMethod, r.TooMany, r.MaxPerSecond, r.MaxPerChat = st.Calls, st.RateLimited, st.MaxPerSecondGlobal, st.MaxPerSecondPerChat
	var appFlow int
	r.ByPurpose, r.PushReached, r.PushTwice, appFlow = w.purposes()
	if r.Reports > 0 {
		others := r.ByPurpose["card"] + r.ByPurpose["decision"] + r.ByPurpose["notice"]
		n := r.ByPurpose["flow"] + others
		r.WritesPerReport = float64(n) / float64(r.Reports)
		// By way of filing: each way's own writes per report, and the
		// writes every report causes alike (card, decision, notice).
		shared := float64(others) / float64(r.Reports)
		r.MiniApp, r.MiniAppReports = w.o.MiniApp, rec.appReports
		if chat := r.Reports - rec.appReports; chat > 0 {
			r.WritesPerChatReport = float64(r.ByPurpose["flow"]-appFlow)/float64(chat) + shared
		}
		if rec.appReports > 0 {
			r.WritesPerAppReport = float64(appFlow)/float64(rec.appReports) + shared
		}
	}
	if w.o.Push {
		rows, err := w.db.Pool.Query(ctx, `SELECT status, coalesce(alasan, ''), count(*), max(diperbarui) FROM pengingat GROUP BY 1, 2`)
		if err == nil {
			var last time.Time
			for rows.Next() {
				var status, why string
				var n int
				var at time.Time
				if rows.Scan(&status, &why, &n, &at) != nil {
					continue
				}
				if at.After(last) {
					last = at
				}
				if status == "terkirim" {
					r.PushSent += n
				} else {
					if r.PushSkipped == nil {
						r.PushSkipped = map[string]int{}
					}
					r.PushSkipped[status+":"+why] += n
				}
			}
			rows.Close()
			// The rows carry the bot's clock, which started at w.clock.
			r.PushSeconds = w.botStart.Add(last.Sub(w.clock)).Sub(w.started).Seconds()
		}
	}
	return r
}

// purposes sorts the fake's writes by what they were for: the staff's
// dialogue (flow), the supervisors' cards and their edits at the decision,
// the decision notices, and the pushes (reminders); by the chat they went
// to and the operation codes of their buttons.
// It also counts the staff a push reached, and those it reached twice.
func (w *benchWorld) purposes() (out map[string]int, reached, twice, appFlow int) {
	bosses, app := map[string]bool{}, map[string]bool{}
	for _, b := range w.bosses {
		bosses[fmt.Sprint(b.u.ID())] = true
	}
	for _, s := range w.staff {
		if s.app {
			app[fmt.Sprint(s.u.ID())] = true
		}
	}
	out = map[string]int{}
	pushes := map[string]int{} // per staff chat
	for _, q := range w.tg.Requests("") {
		if !telegramWrites[q.Method] {
			continue
		}
		ops := callbackOps(q.Params["reply_markup"])
		switch {
		case ops[msg.OpReminder]:
			out["push"]++
			if !bosses[q.Params["chat_id"]] {
				pushes[q.Params["chat_id"]]++
			}
		case bosses[q.Params["chat_id"]] && q.Method == "sendMessage":
			out["card"]++
		case bosses[q.Params["chat_id"]]:
			out["decision"]++
		case q.Method == "sendMessage" && !ops[msg.OpStep] && !ops[msg.OpReportAgain],
			strings.HasPrefix(q.Params["text"], "🗓"): // the day's decisions, sent or edited
			out["notice"]++
		default:
			out["flow"]++
			if app[q.Params["chat_id"]] {
				appFlow++ // the Mini App's confirmation
			}
		}
	}
	for _, n := range pushes {
		reached++
		if n > 1 {
			twice++
		}
	}
	return out, reached, twice, appFlow
}

// callbackOps are the operation codes of the buttons of a reply_markup.
func callbackOps(markup string) map[string]bool {
	var kb struct {
		InlineKeyboard [][]struct {
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	ops := map[string]bool{}
	if json.Unmarshal([]byte(markup), &kb) != nil {
		return ops
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if f := strings.Split(b.CallbackData, "|"); len(f) > 1 {
				ops[f[1]] = true
			}
		}
	}
	return ops
}

// telegramWrites are the Bot API methods that send or edit a message: each
// counts against Telegram's ~30 a second for the whole bot.
var telegramWrites = map[string]bool{"sendMessage": true, "editMessageText": true, "editMessageReplyMarkup": true,
	"editMessageCaption": true, "sendPhoto": true, "sendDocument": true, "sendMediaGroup": true}

func (r *benchResult) printJSON(w io.Writer) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r)
}

func (r *benchResult) print(w io.Writer) {
	fmt.Fprintf(w, "kinerjabot bench: --limits %s --users %d --supervisors %d --reports %d --spread %s --push=%v (%d people and %d earlier reports in the database)\n",
		r.Limits, r.Users, r.Supervisors, r.ReportsEach, r.Spread, r.Push, r.People, r.PastReports)
	fmt.Fprintf(w, "  reports confirmed      %d in %.1f s: %.2f reports/s (decided %d; all settled after %.1f s)\n",
		r.Reports, r.Seconds, r.ReportsPerSec, r.Decided, r.SettledSeconds)
	fmt.Fprintf(w, "  updates                %d: %.1f updates/s\n", r.Updates, r.UpdatesPerSec)
	fmt.Fprintf(w, "  per answer             p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n", r.AnswerP50, r.AnswerP95, r.AnswerP99)
	for _, st := range r.Steps {
		fmt.Fprintf(w, "    %-20s p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%d)\n", st.Name, st.P50, st.P95, st.P99, st.Max, st.N)
	}
	fmt.Fprintf(w, "  supervisor's decision  p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (%d)\n",
		r.Decision.P50, r.Decision.P95, r.Decision.P99, r.Decision.Max, r.Decision.N)
	fmt.Fprintf(w, "  without an answer      %d users in %s (%d steps never answered)\n", r.Unanswered, r.AnswerWithin, r.Lost)
	fmt.Fprintf(w, "  bot CPU                %.2f ms per update (%.1f s in all); peak RSS %.1f MiB\n", r.CPUMsPerUpdate, r.CPUSeconds, r.PeakRSSMiB)
	if r.MachineCPUMsPerUpdate > 0 {
		known := func(ms float64) string {
			if ms < 0 {
				return "unknown"
			}
			return fmt.Sprintf("%.2f", ms)
		}
		fmt.Fprintf(w, "  machine CPU per update %.2f ms: bot %.2f, bench (fake Bot API, people) %.2f, PostgreSQL %s, Redis %s;\n"+
			"                         %d cores carry at most %.0f updates/s at that cost\n",
			r.MachineCPUMsPerUpdate, r.CPUMsPerUpdate, r.BenchCPUMsPerUpdate, known(r.PGCPUMsPerUpdate), known(r.RedisCPUMsPerUpdate),
			r.Cores, r.MachineCeiling)
	}
	fmt.Fprintf(w, "  writes per report      %.2f (flow, card, decision, notice)\n", r.WritesPerReport)
	if r.MiniAppReports > 0 {
		fmt.Fprintf(w, "    by way               chat %.2f, Mini App %.2f (%d of %d reports through the Mini App, --miniapp %.2f)\n",
			r.WritesPerChatReport, r.WritesPerAppReport, r.MiniAppReports, r.Reports, r.MiniApp)
	}
	fmt.Fprintf(w, "  writes by purpose      %s\n", sortedCounts(r.ByPurpose))
	fmt.Fprintf(w, "  calls by method        %s\n", sortedCounts(r.ByMethod))
	fmt.Fprintf(w, "  redis commands         %s\n", sortedCounts(r.RedisCalls))
	fmt.Fprintf(w, "  per update             %.2f Redis round trips, %.2f Postgres queries (the chat, the jobs, River's polling)\n",
		r.RedisTripsPerUpdate, r.PGQueriesPerUpdate)
	fmt.Fprintf(w, "  429 answered           %d (most in one second: %d; in one chat: %d)\n", r.TooMany, r.MaxPerSecond, r.MaxPerChat)
	if r.Push {
		fmt.Fprintf(w, "  push                   %d sent, not sent: %s; done after %.1f s; staff reached %d of %d, twice %d\n",
			r.PushSent, sortedCounts(r.PushSkipped), r.PushSeconds, r.PushReached, r.Users, r.PushTwice)
	}
}

func sortedCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// fileApp files one report through the Mini App's form, as a person with
// it open would: one HTTP call with Telegram's initData (the form's options
// read once, for the RHK), timed until the chat's confirmation arrives.
func (w *benchWorld) fileApp(ctx context.Context, chat chatWaiter, id int64, n int, rec *benchRecorder) error {
	u := chat.u
	// initData as Telegram signs it now, on the bot's clock.
	initData := func() string { return u.InitDataAt(w.clock.Add(time.Since(w.botStart))) }
	call := func(method, path string, body any) (int, []byte, error) {
		var rd io.Reader
		if body != nil {
			raw, _ := json.Marshal(body)
			rd = bytes.NewReader(raw)
		}
		req, err := http.NewRequestWithContext(ctx, method, w.appBase+path, rd)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Authorization", "tma "+initData())
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer res.Body.Close()
		raw, err := io.ReadAll(res.Body)
		return res.StatusCode, raw, err
	}
	code, raw, err := call("GET", "api/formulir", nil)
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("miniapp formulir: %d %v", code, err)
	}
	var opts struct {
		HariIni string `json:"hari_ini"`
		Pilihan []struct {
			Value string `json:"value"`
		} `json:"pilihan"`
	}
	if err := json.Unmarshal(raw, &opts); err != nil || len(opts.Pilihan) == 0 {
		return fmt.Errorf("miniapp formulir: %s", raw)
	}
	start := time.Now()
	code, raw, err = call("POST", "api/laporan", map[string]any{
		"tanggal": opts.HariIni, "rhk": opts.Pilihan[0].Value, "uraian": fmt.Sprintf("Menyusun bahan laporan kegiatan ke-%d", n+1),
		"volume": "1 dokumen", "durasi": "60", "kunci": fmt.Sprintf("bench%d-%d", id, n)})
	if err != nil || code != http.StatusCreated {
		return fmt.Errorf("miniapp laporan: %d %s %v", code, raw, err)
	}
	// The chat's confirmation: a new message with "Lapor lagi".
	if _, err := chat.until(ctx, w.o.GiveUp, func(ev telegramtest.Event) bool {
		_, ok := buttonWith(ev.Message, msg.OpReportAgain, "")
		return ev.Kind == telegramtest.EventNew && ok
	}); err != nil {
		return fmt.Errorf("miniapp confirmation: %w", err)
	}
	d := time.Since(start)
	rec.mu.Lock()
	rec.steps["mini app report"] = append(rec.steps["mini app report"], d)
	rec.appReports++
	rec.reports++
	if d > w.o.Answer {
		rec.unanswered[id] = true
	}
	rec.mu.Unlock()
	return nil
}
