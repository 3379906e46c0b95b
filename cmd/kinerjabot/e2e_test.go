package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kinerjabot/clock"
	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/reminders"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// syncBuffer collects the bot's JSON logs for assertions.
type syncBuffer struct{ storetest.LogBuffer }

// records returns the log records whose msg equals msg.
func (b *syncBuffer) records(t testing.TB, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(b.String(), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// e2e is one whole bot, in-process, against telegramtest, its own database
// and its own Redis prefix.
type e2e struct {
	t    testing.TB
	tg   *telegramtest.Server
	cfg  Config
	db   *store.DB
	logs *syncBuffer
	hook func(*conversations.Engine)
	// clock is the bot's time, shared by the test's own handle on the
	// database: the real time until a test sets it (safe while the bot runs).
	clock *clock.Clock
	addr  string // the running bot's HTTP address
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	t.Parallel()
	return newE2EFor(t)
}

// newE2EFor is newE2E for a benchmark (or a test that must not run in
// parallel).
func newE2EFor(t testing.TB) *e2e {
	t.Helper()
	tg := telegramtest.NewServer()
	t.Cleanup(tg.Close)
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	dbURL := storetest.NewURL(t)
	e := &e2e{clock: &clock.Clock{}}
	// The test's own handle on the database shares the bot's clock.
	db, err := store.OpenPostgres(context.Background(), dbURL, e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	e.t, e.tg, e.db, e.logs = t, tg, db, &syncBuffer{}
	// Every message the bot rendered had its message ID and all the
	// arguments its template uses (go-i18n would print "<no value>"), and
	// no Telegram call was refused as malformed.
	t.Cleanup(func() {
		for _, msg := range []string{"message could not be rendered", "button could not be encoded", "telegram: request refused"} {
			if n := len(e.logs.records(t, msg)); n > 0 {
				t.Errorf("the bot logged %q %d times", msg, n)
			}
		}
	})
	e.cfg = Config{
		TelegramToken:  tg.Token(),
		TelegramAPIURL: tg.URL(),
		DatabaseURL:    dbURL,
		RedisURL:       storetest.RedisURL(),
		RedisPrefix:    storetest.RedisPrefix(t),
		Location:       loc,
		HTTPAddr:       "127.0.0.1:0",
		LogLevel:       slog.LevelDebug,
		LogFormat:      "json",
		RateGlobal:     1000,
		RatePerChat:    200,
		// A burst large enough that the tests never wait on the limiter;
		// the sender's limits are tested on their own in bot/.
		RatePerChatBurst: 200,
		Workers:          4,
		SessionTTL:       time.Hour,
		Rules:            kinerja.DefaultRules(),
		Reminders:        e2eReminders(loc),
		Score:            kinerja.DefaultScoreConfig(),
	}
	return e
}

// e2eReminders are the deployment's reminder rules with the daily nudge at
// 15.30 for everyone without an hour of their own (no spread), so the tests
// know each nudge's minute; TestE2EDailyNudgeSpread covers the spread.
func e2eReminders(loc *time.Location) reminders.Config {
	r := reminders.DefaultConfig(loc)
	r.DailySpread = 0
	return r
}

// start runs the bot until the returned stop is called (or the test ends).
func (e *e2e) start() (stop func()) {
	e.t.Helper()
	return e.startWith()
}

// startWith runs the bot like start, with more run options.
func (e *e2e) startWith(extra ...runOption) (stop func()) {
	e.t.Helper()
	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	addr, stopRun := runUntilReady(e.t, "bot", 20*time.Second, func(ctx context.Context, ready chan<- string) error {
		opts := append([]runOption{func(o *runOptions) {
			o.log, o.ready, o.engineHook, o.now = log, ready, e.hook, e.clock.Now
			// Reminders are planned by the tests that are about them, at the
			// moments they choose (e.plan), not by the clock of the machine.
			o.noPlanner = true
		}}, extra...)
		return run(ctx, e.cfg, opts...)
	})
	e.addr = addr
	stop = func() {
		if err := stopRun(); err != nil {
			e.t.Errorf("bot stopped with %v", err)
		}
	}
	e.t.Cleanup(stop)
	return stop
}

// runUntilReady runs what (the bot, the demo) in the background until it
// sends its address on ready, and returns the address and a stop that ends
// it, waits for it and returns its error (the test's end stops it too).
func runUntilReady(t testing.TB, what string, startIn time.Duration, run func(ctx context.Context, ready chan<- string) error) (addr string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, ready) }()
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("%s did not start: %v", what, err)
	case <-time.After(startIn):
		cancel()
		t.Fatalf("%s did not start in time", what)
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Errorf("%s did not stop in time", what)
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return addr, stop
}

const wait = 10 * time.Second

// next returns the next new bot message in u's chat.
func next(t *testing.T, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	m, err := u.WaitMessage(wait)
	if err != nil {
		t.Fatalf("user %d: no message from the bot: %v", u.ID(), err)
	}
	return m
}

// expect waits for the next bot message and checks that it contains want.
func expect(t *testing.T, u *telegramtest.User, want string) telegramtest.Message {
	t.Helper()
	m := next(t, u)
	if !strings.Contains(m.Text, want) {
		t.Fatalf("user %d: got %q, want it to contain %q", u.ID(), m.Text, want)
	}
	if strings.Contains(m.Text, "<no value>") {
		t.Fatalf("a template argument is missing: %q", m.Text)
	}
	return m
}

// answerOf waits for the bot's answer to u's callback query id.
func answerOf(t *testing.T, u *telegramtest.User, id string) telegramtest.CallbackAnswer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	ans, err := u.WaitCallbackAnswer(ctx, id)
	if err != nil {
		t.Fatalf("user %d: callback %q not answered: %v", u.ID(), id, err)
	}
	return ans
}

// atOnce runs do(0) … do(n-1) at the same moment and waits for them all.
func atOnce(n int, do func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { do(i) })
	}
	wg.Wait()
}

// waitFor polls cond for a short while and reports whether it came to hold.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// eventually polls cond until it holds or the wait ends.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// script is a conversation: what the user types (a /command or text; ""
// for nothing, when the bot answers twice) and what the bot's answer must
// contain.
type script [][2]string

// chat plays a script in u's chat and returns the bot's last answer.
func chat(t *testing.T, u *telegramtest.User, s script) telegramtest.Message {
	t.Helper()
	var m telegramtest.Message
	for _, line := range s {
		if line[0] != "" {
			u.SendText(line[0])
		}
		m = expect(t, u, line[1])
	}
	return m
}

// rowsOf runs q on db and reads every row into a T, the columns into its
// fields in order.
func rowsOf[T any](t *testing.T, db *store.DB, q string, args ...any) []T {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[T])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func messageText(u *telegramtest.User, id int) string {
	for _, m := range u.History() {
		if m.ID == id {
			return m.Text
		}
	}
	return ""
}

func TestE2EIndonesian(t *testing.T) {
	e := newE2E(t)
	e.start()
	u := e.tg.User(1001, telegramtest.WithFirstName("Sari"), telegramtest.WithLanguage("id"))

	chat(t, u, script{
		{"/start", "Selamat datang di kinerjabot, Sari."},
		{"/bantuan", "Perintah yang tersedia"},
		{"/batal", "Tidak ada proses yang sedang berjalan."},
	})

	// A flow with buttons, left with /batal: its buttons stop working.
	ask := chat(t, u, script{{"/bahasa", "Pilih bahasa"}})
	en, ok := ask.Button("English")
	if !ok {
		t.Fatalf("no English button on %+v", ask)
	}
	chat(t, u, script{
		{"/bantuan", "Perintah yang tersedia"},
		{"", "Bapak/Ibu sedang dalam proses: pemilihan bahasa."},
		{"/batal", "Proses pemilihan bahasa dibatalkan."},
	})
	// The abandoned question loses its buttons; a press that was on its
	// way (a slow phone) is answered with what is true now.
	eventually(t, "the abandoned question's buttons taken off", func() bool { return len(lastVersion(u, ask.ID).Buttons()) == 0 })
	if ans := answerOf(t, u, u.PressRaw(ask.ID, en.CallbackData)); ans.Text != "Tombol ini sudah tidak berlaku: proses itu sudah selesai atau dibatalkan." {
		t.Fatalf("old button answered %+v", ans)
	}
	u.SendCommand("/bantuan")
	expect(t, u, "Perintah yang tersedia") // still Indonesian: the old button changed nothing
}

func TestE2EEnglishAndLinkedUsers(t *testing.T) {
	e := newE2E(t)
	unit := storetest.SeedUnit(t, e.db, "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Dewi Lestari, S.Kom.", UnitID: unit, TelegramID: 2002, ChatID: 2002})
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi Santoso", UnitID: unit, TelegramID: 2003, ChatID: 2003, Bahasa: "en"})
	e.start()

	// Telegram says "en": the bot still speaks Indonesian, and offers English once.
	u := e.tg.User(2001, telegramtest.WithFirstName("John"), telegramtest.WithLanguage("en"))
	u.SendCommand("/start")
	expect(t, u, "Selamat datang di kinerjabot, John.")
	offer := expect(t, u, "Prefer English?")
	press(t, u, offer, "English")
	eventually(t, "the offer to be replaced by the confirmation", func() bool {
		return messageText(u, offer.ID) == "Language changed to English."
	})
	for _, m := range u.History() {
		if m.ID == offer.ID && len(m.Buttons()) != 0 {
			t.Fatalf("the confirmation keeps buttons: %+v", m.InlineKeyboard)
		}
	}
	// The "share phone number" key comes again, in English.
	expect(t, u, "not linked to a staff record yet")
	if got := keyboardLabels(u); len(got) != 1 || got[0] != "📱 Share phone number" {
		t.Fatalf("keyboard after the switch: %q", got)
	}
	chat(t, u, script{
		{"/bantuan", "Available commands"},
		{"/batal", "Nothing is in progress."},
		{"/start", "Welcome to kinerjabot, John."},
		{"/bahasa", "Choose your language"},
		{"/batal", "Language choice cancelled."},
		{"/start", "Welcome to kinerjabot"}, // no second offer: the next message is the help below
		{"/bantuan", "Available commands"},
	})

	// Linked people are welcomed by name, in their chosen language.
	dewi := e.tg.User(2002, telegramtest.WithLanguage("en"))
	dewi.SendCommand("/start")
	expect(t, dewi, "Selamat datang kembali, Bapak/Ibu Dewi Lestari, S.Kom.")
	budi := e.tg.User(2003)
	budi.SendCommand("/start")
	expect(t, budi, "Welcome back, Budi Santoso.")

	// Switching back to Indonesian through /bahasa is stored on the pegawai.
	budi.SendCommand("/bahasa")
	ask := expect(t, budi, "Choose your language")
	id, _ := ask.Button("Bahasa Indonesia")
	budi.Press(ask.ID, id.CallbackData)
	eventually(t, "the language confirmation", func() bool {
		return messageText(budi, ask.ID) == "Bahasa diganti ke Bahasa Indonesia."
	})
	var bahasa string
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT coalesce(bahasa,'') FROM pegawai WHERE telegram_id = 2003`).Scan(&bahasa); err != nil || bahasa != "id" {
		t.Fatalf("bahasa = %q, %v", bahasa, err)
	}

	// The command lists are registered for Indonesian (default) and English.
	cmds := e.tg.SetCommands()
	if len(cmds[""]) != 10 || cmds[""][0].Command != "lapor" || cmds["en"][9].Description != "Commands and help" {
		t.Fatalf("commands: %+v", cmds)
	}
}

func TestE2EDuplicateUpdateHasNoSecondEffect(t *testing.T) {
	e := newE2E(t)
	stop := e.start()
	u := e.tg.User(3001)
	u.SendCommand("/bahasa")
	ask := expect(t, u, "Pilih bahasa")
	btn, _ := ask.Button("English")
	u.Press(ask.ID, btn.CallbackData)
	eventually(t, "the language change", func() bool { return messageText(u, ask.ID) == "Language changed to English." })
	expect(t, u, "not linked to a staff record yet") // with the keyboard in English
	u.SendCommand("/bantuan")
	expect(t, u, "Available commands")
	stop()

	// Telegram hands every update out again, as after a crash before the
	// offset was confirmed; a fresh process must not act on any of them.
	reqs := e.tg.Requests("sendMessage")
	sentBefore := len(reqs)
	ids := e.tg.UpdateIDs()
	if len(ids) != 3 {
		t.Fatalf("updates so far: %v", ids)
	}
	for _, id := range ids {
		e.tg.Redeliver(id)
	}
	e.start()
	u.SendCommand("/batal")
	expect(t, u, "Nothing is in progress.")
	// The user's updates are handled in order, so a reply to a redelivered
	// update would have come before this one; the server's request log
	// (written just after delivery) agrees: exactly one more message.
	eventually(t, "the request log", func() bool { return len(e.tg.Requests("sendMessage")) >= sentBefore+1 })
	if got := len(e.tg.Requests("sendMessage")); got != sentBefore+1 {
		t.Fatalf("sendMessage calls: %d before, %d after; want exactly one more", sentBefore, got)
	}
	if n := len(e.logs.records(t, "duplicate update skipped")); n < 3 {
		t.Fatalf("%d duplicates skipped, want 3", n)
	}
}

func TestE2EOneUsersMessagesStayInOrder(t *testing.T) {
	e := newE2E(t)
	e.start()
	users := []*telegramtest.User{e.tg.User(4001), e.tg.User(4002)}
	const n = 12
	atOnce(len(users), func(j int) {
		for i := range n {
			if i%2 == 0 {
				users[j].SendCommand("/bantuan")
			} else {
				users[j].SendCommand("/batal")
			}
		}
	})
	for _, u := range users {
		for i := range n {
			want := "Perintah yang tersedia"
			if i%2 == 1 {
				want = "Tidak ada proses"
			}
			expect(t, u, want)
		}
	}
}

func TestE2EPanicIsAnsweredAndTheBotKeepsServing(t *testing.T) {
	e := newE2E(t)
	e.hook = func(eng *conversations.Engine) {
		eng.HandleCommand("panik", func(context.Context, *conversations.Engine, *conversations.Ctx, conversations.Input) (conversations.Result, error) {
			panic("handler exploded")
		})
	}
	e.start()
	u := e.tg.User(5001)
	u.SendCommand("/panik")
	expect(t, u, "Mohon maaf, terjadi gangguan pada sistem.")
	u.SendCommand("/bantuan")
	expect(t, u, "Perintah yang tersedia")
	other := e.tg.User(5002)
	other.SendCommand("/start")
	expect(t, other, "Selamat datang")
	// The apology speaks the user's language.
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Budi", TelegramID: 5003, ChatID: 5003, Bahasa: "en"})
	en := e.tg.User(5003)
	en.SendCommand("/panik")
	expect(t, en, "Sorry, something went wrong on our side.")
	if n := len(e.logs.records(t, "panic while handling an update")); n != 2 {
		t.Fatalf("%d panic logs, want one per panic (2)", n)
	}
}

func TestE2EBadInputIsHandledQuietly(t *testing.T) {
	e := newE2E(t)
	e.start()
	u := e.tg.User(6001)

	u.SendSticker()
	expect(t, u, "jenis pesan ini belum dapat diproses")
	u.SendSticker() // a second one within the minute: no reply storm
	u.SendSticker()
	msg := u.SendText("halo")
	expect(t, u, "belum dapat saya pahami")
	u.EditText(msg, "halo lagi") // edits change nothing and get no reply
	u.SendCommand("/hapussemua")
	expect(t, u, "Perintah /hapussemua tidak dikenal.")
	u.SendCommand("/start@another_bot") // addressed to another bot
	u.SendCommand("/bantuan@")          // a mention cut off after the @: ours
	expect(t, u, "Perintah yang tersedia")
	u.SendText("/")
	expect(t, u, "belum dapat saya pahami")

	robot := e.tg.User(6002, telegramtest.WithIsBot())
	robot.SendCommand("/start")

	g := e.tg.Group(-100123, "Grup Dinas")
	g.SendCommand(u, "/start")
	gm, err := g.WaitMessage(wait)
	if err != nil || !strings.Contains(gm.Text, "hanya melayani percakapan pribadi") {
		t.Fatalf("group notice: %q, %v", gm.Text, err)
	}
	g.SendText(u, "halo bot")
	g.SendCommand(u, "/bantuan")

	// The next thing the user sees answers this, so nothing else was sent.
	u.SendCommand("/bantuan")
	expect(t, u, "Perintah yang tersedia")
	if _, err := g.WaitMessage(300 * time.Millisecond); err == nil {
		t.Fatal("the group got a second notice")
	}
	if got := len(robot.History()); got != 1 {
		t.Fatalf("the bot answered another bot: %d messages", got)
	}
	// Nothing a user typed, and no token, reaches the logs.
	logs := e.logs.String()
	for _, secret := range []string{"halo lagi", "halo bot", e.tg.Token()} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs contain %q", secret)
		}
	}
	if len(e.logs.records(t, "update handled")) == 0 {
		t.Fatal("no update was logged at debug level")
	}
}

func TestE2EHealthEndpoints(t *testing.T) {
	e := newE2E(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, e.cfg, func(o *runOptions) { o.ready = ready }) }()
	addr := <-ready
	for _, path := range []string{"/healthz", "/readyz"} {
		var out, errOut bytes.Buffer
		if code := cli([]string{"healthcheck", "--url", fmt.Sprintf("http://%s%s", addr, path)}, env(nil), &out, &errOut); code != 0 {
			t.Fatalf("%s: exit %d %s", path, code, errOut.String())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// answered presses label on m (as it stands now) and returns m once it has
// turned into the answer, which contains want: a button answers by editing
// its own message.
func answered(t *testing.T, u *telegramtest.User, m telegramtest.Message, label, want string) telegramtest.Message {
	t.Helper()
	press(t, u, lastVersion(u, m.ID), label)
	eventually(t, fmt.Sprintf("message %d to say %q", m.ID, want), func() bool { return strings.Contains(messageText(u, m.ID), want) })
	return lastVersion(u, m.ID)
}
