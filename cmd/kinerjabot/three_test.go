package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Issue 16's acceptance: three processes of the real bot (the test binary
// as "bench-bot") on one PostgreSQL database and one Redis prefix, each on
// its own HTTP address, take Telegram's webhook round robin (telegramtest
// as the load balancer), while 100 staff members each file a report
// through the real /lapor dialogue and their supervisors approve the cards
// — and the test restarts the processes one after another (SIGTERM, exit
// 0, started again on the same address). Nothing is lost (every input
// answered, every report filed and decided), nothing is handled twice (one
// answer per input, one report row, one card per report and supervisor,
// one notice, no message sent twice to a chat), and each person's answers
// come in the order of their inputs. The daily nudge is due for everyone
// from the start and pushed at 10 a second, so its jobs run across the
// restarts: planned once per person, sent or skipped once each, never
// twice to a chat.
func TestThreeInstancesWithRollingRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the bot as child processes")
	}
	cfg, err := LoadConfig(os.Getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const users, supervisors = 100, 4
	w, err := newBenchWorld(ctx, cfg, benchOptions{
		Users: users, Reports: 1, Supervisors: supervisors, Limits: "off",
		Spread: 10 * time.Second, Answer: 15 * time.Second, GiveUp: 45 * time.Second,
		// The clock after the daily nudge's hour: each staff member is due
		// one at once (planned by the test and by the bot's own planner,
		// once), sent by the push jobs while the processes restart.
		Push: true,
	}, io.Discard)
	if w != nil {
		defer w.close(io.Discard)
	}
	if err != nil {
		t.Fatal(err)
	}

	// Three fixed addresses, so a restarted process is where the balancer
	// sends its share.
	addrs := make([]string, 3)
	for i := range addrs {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addrs[i] = l.Addr().String()
		l.Close()
	}
	var targets []string
	for _, a := range addrs {
		targets = append(targets, "http://"+a+bot.WebhookPath)
	}
	w.tg.SetWebhookTargets(targets...)

	start := func(i int) *benchChild {
		t.Helper()
		// Pushes at 10 a second: the nudges take the whole run, across
		// the restarts.
		w.env = []string{"HTTP_ADDR=" + addrs[i], "SHUTDOWN_TIMEOUT=15s", "TELEGRAM_RATE_BULK=10",
			"TELEGRAM_WEBHOOK_URL=" + e2eHookURL, "TELEGRAM_WEBHOOK_SECRET=" + e2eHookSecret}
		c, err := w.startBot(ctx)
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		return c
	}
	children := make([]*benchChild, 3)
	defer func() {
		for _, c := range children {
			if c != nil && c.cmd.ProcessState == nil {
				_, _ = c.stop()
			}
		}
	}()
	for i := range children {
		children[i] = start(i)
	}

	rec := newBenchRecorder()
	runCtx, stopBosses := context.WithCancel(ctx)
	defer stopBosses()
	var bosses sync.WaitGroup
	for _, b := range w.bosses {
		bosses.Go(func() { w.approve(runCtx, b, rec) })
	}
	began := time.Now()
	if err := w.push(ctx, kinerja.DateOf(w.clock, cfg.Location)); err != nil {
		t.Fatal(err)
	}
	var staff sync.WaitGroup
	for i, s := range w.staff {
		delay := time.Duration(int64(w.o.Spread) * int64(i) / int64(len(w.staff)))
		staff.Go(func() { w.work(ctx, s, delay, rec) })
	}
	staffDone := make(chan struct{})
	go func() { staff.Wait(); close(staffDone) }()

	// The rolling restarts: one process at a time, while the staff report,
	// at least once each.
	restarts := 0
	restart := func(i int) {
		t.Helper()
		c := children[i]
		signalled := time.Now()
		if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		select {
		case <-c.done:
		case <-time.After(30 * time.Second):
			t.Fatalf("instance %d did not exit within 30 s of SIGTERM", i)
		}
		if code := c.cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("instance %d: exit code %d after SIGTERM, want 0 (%v)", i, code, c.cmd.ProcessState)
		}
		down := time.Since(signalled)
		children[i] = start(i)
		restarts++
		t.Logf("instance %d restarted: exited 0 %.2f s after SIGTERM, serving again %.2f s after it (at %.1f s)",
			i, down.Seconds(), time.Since(signalled).Seconds(), time.Since(began).Seconds())
	}
	for i := 0; ; i = (i + 1) % 3 {
		select {
		case <-staffDone:
		case <-time.After(1500 * time.Millisecond):
		}
		done := false
		select {
		case <-staffDone:
			done = true
		default:
		}
		if done && restarts >= 3 {
			break
		}
		restart(i)
	}
	reported := time.Since(began)

	// Every report decided and its notice sent, then nothing more.
	w.settle(ctx, rec, users)
	stopBosses()
	bosses.Wait()
	t.Logf("%d restarts; %d updates sent, %d reports filed in %.1f s, %d cards approved; webhook %+v",
		restarts, rec.updates, rec.reports, reported.Seconds(), rec.decided, w.tg.Stats())

	// Lost: every step answered, every report filed.
	if rec.lost != 0 || rec.reports != users {
		t.Fatalf("%d steps never answered, %d of %d reports confirmed", rec.lost, rec.reports, users)
	}
	if len(rec.unanswered) != 0 {
		t.Logf("%d people waited longer than %v at some step", len(rec.unanswered), w.o.Answer)
	}

	// The database: one report each, approved, one decision each.
	var reports, approved, people, decisions int
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'disetujui'), count(DISTINCT pegawai_id) FROM aktivitas`).
		Scan(&reports, &approved, &people); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'setujui'`).Scan(&decisions); err != nil {
		t.Fatal(err)
	}
	if reports != users || approved != users || people != users || decisions != users {
		t.Fatalf("reports %d, approved %d, by %d people, decisions audited %d: want %d each", reports, approved, people, decisions, users)
	}

	// Telegram's request log, per chat in the order sent.
	type out struct{ method, text, markup string }
	chats := map[string][]out{}
	for _, q := range w.tg.Requests("") {
		if q.Method == "sendMessage" || q.Method == "editMessageText" || q.Method == "editMessageReplyMarkup" {
			id := q.Params["chat_id"]
			chats[id] = append(chats[id], out{q.Method, q.Params["text"], q.Params["reply_markup"]})
		}
	}
	stepArgs := func(markup string) []string {
		var args []string
		for _, f := range callbackFields(markup) {
			if f[1] == msg.OpStep {
				args = append(args, f[3])
			}
		}
		return args
	}
	hasArg := func(args []string, prefix string) bool {
		for _, a := range args {
			if strings.HasPrefix(a, prefix) {
				return true
			}
		}
		return false
	}
	// Each staff member: the RHK list, the uraian question (the list
	// edited), the summary with Kirim, the confirmation (the summary
	// edited), in that order and once each; one notice; no text twice.
	for _, s := range w.staff {
		log := chats[fmt.Sprint(s.u.ID())]
		var seq []string
		notices := 0
		seen := map[string]bool{}
		for _, o := range log {
			args := stepArgs(o.markup)
			switch {
			case o.method == "sendMessage" && hasArg(args, "r"):
				seq = append(seq, "list")
			case o.method == "sendMessage" && hasArg(args, "kirim"):
				seq = append(seq, "summary")
			case o.method == "editMessageText" && strings.Contains(o.text, "menunggu persetujuan atasan"):
				seq = append(seq, "confirmation")
			case o.method == "editMessageText" && len(seq) == 1:
				seq = append(seq, "question")
			}
			if strings.Contains(o.text, "disetujui oleh") {
				notices++
			}
			if o.method == "sendMessage" {
				if seen[o.text] {
					t.Errorf("staff %d was sent the same message twice: %q", s.u.ID(), o.text)
				}
				seen[o.text] = true
			}
		}
		if got := strings.Join(seq, ","); got != "list,question,summary,confirmation" {
			t.Errorf("staff %d: answers %s, want list,question,summary,confirmation (log %+v)", s.u.ID(), got, log)
		}
		if notices != 1 {
			t.Errorf("staff %d told of the approval %d times, want 1", s.u.ID(), notices)
		}
	}
	// Each report's card sent once to its supervisor.
	cards := map[string]int{}
	for _, b := range w.bosses {
		for _, o := range chats[fmt.Sprint(b.u.ID())] {
			if o.method != "sendMessage" {
				continue
			}
			for _, f := range callbackFields(o.markup) {
				if f[1] == msg.OpApproval && strings.HasPrefix(f[3], string(msg.ApprovalSetujui)) {
					cards[fmt.Sprint(b.u.ID())+"/"+f[2]]++
				}
			}
		}
	}
	if len(cards) != users {
		t.Errorf("cards for %d reports, want %d", len(cards), users)
	}
	for k, n := range cards {
		if n != 1 {
			t.Errorf("card %s (supervisor/report) sent %d times, want 1", k, n)
		}
	}
	// Reminders: one daily nudge planned per staff member, each sent (or
	// skipped: already reported by then) once, and the chat shows exactly
	// the nudges recorded as sent.
	var planned, sent, skipped, waiting, doubled int
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'terkirim'),
count(*) FILTER (WHERE status = 'dilewati'), count(*) FILTER (WHERE status = 'dijadwalkan') FROM pengingat WHERE jenis = 'harian'`).
		Scan(&planned, &sent, &skipped, &waiting); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT pegawai_id, jenis, tanggal, subjek_id, ke FROM pengingat
GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1) d`).Scan(&doubled); err != nil {
		t.Fatal(err)
	}
	if planned != users+supervisors || waiting != 0 || doubled != 0 {
		t.Errorf("daily nudges: %d planned (%d more than once), %d still waiting; want %d (staff and supervisors), 0, 0",
			planned, doubled, waiting, users+supervisors)
	}
	pushes, nudgedTwice, afterReport := map[string]int{}, 0, 0
	nudged := make([]int64, 0, users+supervisors)
	for _, s := range w.staff {
		nudged = append(nudged, s.u.ID())
	}
	for _, b := range w.bosses {
		nudged = append(nudged, b.u.ID())
	}
	for _, id := range nudged {
		reported := false
		for _, o := range chats[fmt.Sprint(id)] {
			if o.method == "editMessageText" && strings.Contains(o.text, "menunggu persetujuan atasan") {
				reported = true
			}
			for _, f := range callbackFields(o.markup) {
				if f[1] == msg.OpReminder {
					pushes[fmt.Sprint(id)]++
					if reported {
						afterReport++
					}
					break
				}
			}
		}
	}
	for id, n := range pushes {
		if n > 1 {
			nudgedTwice++
			t.Errorf("staff %s nudged %d times, want at most once", id, n)
		}
	}
	if len(pushes) != sent {
		t.Errorf("%d staff chats got a nudge, %d nudges recorded as sent", len(pushes), sent)
	}
	// Checked again just before sending: one whose report was filed while
	// the check ran may still come after it (reported, not failed).
	t.Logf("daily nudges: %d sent, %d skipped (no longer due when sent: reported), %d to the same person twice, %d after the person's report",
		sent, skipped, nudgedTwice, afterReport)
	// Every press answered. A starting process takes over only the stashed
	// updates of processes known dead (it used to take the whole shared
	// stash, and 1–4 presses a run were answered twice); a press may still
	// be answered twice when Telegram delivers an update again whose 200
	// was lost in a restart (the dedupe skips the handling, the callback
	// answer comes before it; Telegram refuses the second answer): reported.
	answers := map[string]int{}
	for _, q := range w.tg.Requests("answerCallbackQuery") {
		answers[q.Params["callback_query_id"]]++
	}
	twice := 0
	for _, n := range answers {
		if n > 1 {
			twice++
		}
	}
	if presses := 2*users + rec.decided; len(answers) != presses {
		t.Errorf("%d presses answered, want %d", len(answers), presses)
	}
	if twice > 0 {
		t.Logf("%d presses answered more than once (an update delivered again across a restart)", twice)
	}
	if t.Failed() {
		return
	}
	for i, c := range children {
		if _, err := c.stop(); err != nil {
			t.Errorf("instance %d: %v", i, err)
		} else if code := c.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("instance %d: exit code %d at the end", i, code)
		}
	}
}

// callbackFields are the callback data of markup's buttons, split at "|"
// ("v1|op|id|arg|nonce"); others are left out.
func callbackFields(markup string) [][]string {
	var out [][]string
	var kb struct {
		InlineKeyboard [][]struct {
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if json.Unmarshal([]byte(markup), &kb) != nil {
		return nil
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if f := strings.Split(b.CallbackData, "|"); len(f) == 5 {
				out = append(out, f)
			}
		}
	}
	return out
}
