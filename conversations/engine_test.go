package conversations

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// memSessions is an in-memory SessionStore with the same version check as
// the Redis one.
type memSessions struct {
	mu    sync.Mutex
	data  map[int64][]byte
	saves int
	// beforeSave, when set, runs inside SaveSession before the check: tests
	// use it to simulate another device saving in between.
	beforeSave func(userID int64)
}

func newMemSessions() *memSessions { return &memSessions{data: map[int64][]byte{}} }

func (m *memSessions) LoadSession(_ context.Context, userID int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.data[userID], nil
}

func (m *memSessions) SaveSession(_ context.Context, userID int64, expect int64, data []byte, _ time.Duration) (bool, error) {
	if f := m.beforeSave; f != nil {
		m.beforeSave = nil
		f(userID)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var cur struct{ Version int64 }
	if raw := m.data[userID]; raw != nil {
		_ = json.Unmarshal(raw, &cur)
	}
	if cur.Version != expect {
		return false, nil
	}
	m.data[userID] = data
	m.saves++
	return true, nil
}

func (m *memSessions) session(t *testing.T, userID int64) Session {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	var s Session
	if raw := m.data[userID]; raw != nil {
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

type fakeAccounts struct {
	mu      sync.Mutex
	lang    map[int64]string
	offered map[int64]bool
}

func (f *fakeAccounts) SetLanguage(_ context.Context, u *User, lang string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lang[u.TelegramID] = lang
	return nil
}

func (f *fakeAccounts) MarkLanguageOffered(_ context.Context, u *User) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offered[u.TelegramID] = true
	return nil
}

type bundle struct {
	e        *Engine
	sessions *memSessions
	accounts *fakeAccounts
	now      time.Time
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{
		sessions: newMemSessions(),
		accounts: &fakeAccounts{lang: map[int64]string{}, offered: map[int64]bool{}},
		now:      time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
	}
	e, err := New(b.sessions, Deps{Accounts: b.accounts}, WithClock(func() time.Time { return b.now }))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Register(testFlow); err != nil {
		t.Fatal(err)
	}
	e.HandleCommand("uji", func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
		r, err := e.Start(ctx, c, testFlow.Name)
		return Result{Replies: r}, err
	})
	b.e = e
	return b
}

// testFlow asks for a number (1–10), then a yes/no button, then ends; it
// exercises Enter/Handle/Fallback, declared transitions and nonces.
var testFlow = &Flow{
	Anyone:    true, // the engine is tested with a person not linked
	Name:      "uji",
	Title:     msg.T("flow.uji"),
	Start:     "angka",
	KeepAside: true,
	Steps: map[string]*Step{
		"angka": {
			Enter: prompt(func(c *Ctx) msg.Reply { return msg.Say("uji.ask_angka") }),
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
				n, err := strconv.Atoi(in.Text)
				if in.Kind != KindText || err != nil || n < 1 || n > 10 {
					return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "uji.bad_angka", map[string]any{"Min": 1, "Max": 10})
				}
				c.Session.Set("angka", in.Text)
				return "konfirmasi", nil, nil
			},
			Next: []string{"konfirmasi"},
		},
		"konfirmasi": {
			Enter: prompt(func(c *Ctx) msg.Reply {
				return msg.Reply{Text: msg.T("uji.confirm", "Angka", c.Session.Get("angka")), Buttons: [][]msg.Button{{c.Choice(msg.T("button.yes"), "ya"), c.Choice(msg.T("button.back"), "kembali")}}}
			}),
			Handle: func(ctx context.Context, c *Ctx, in Input) (string, []msg.Reply, error) {
				switch in.Callback.Arg {
				case "ya":
					return Done, []msg.Reply{{Text: msg.T("uji.saved", "Angka", c.Session.Get("angka")), Edit: true}}, nil
				case "kembali":
					return "angka", nil, nil
				}
				return Stay, nil, kinerja.Errorf(kinerja.CodeInvalid, "uji.use_buttons", nil)
			},
			Next: []string{"angka"},
		},
	},
}

func (b *bundle) handle(t *testing.T, uid int64, in Input) Result {
	t.Helper()
	res, err := b.e.Handle(context.Background(), &User{TelegramID: uid, ChatID: uid, FirstName: "Sari", Lang: "id"}, in)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", in, err)
	}
	return res
}

func text(s string) Input    { return Input{Kind: KindText, Text: s} }
func command(c string) Input { return Input{Kind: KindCommand, Command: c} }
func press(arg string, nonce uint32) Input {
	return Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpStep, Arg: arg, Nonce: nonce}, MessageID: 5}
}

func ids(res Result) []string {
	var out []string
	for _, r := range res.Replies {
		out = append(out, r.Text.ID)
	}
	return out
}

func wantIDs(t *testing.T, res Result, want ...string) {
	t.Helper()
	got := ids(res)
	if len(got) != len(want) {
		t.Fatalf("replies %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("replies %v, want %v", got, want)
		}
	}
}

func TestFlowHappyPathAndBadInputKeepsData(t *testing.T) {
	b := setup(t)
	wantIDs(t, b.handle(t, 1, command("uji")), "uji.ask_angka")
	// Bad input: a specific explanation, then the same question again.
	res := b.handle(t, 1, text("sebelas"))
	wantIDs(t, res, "uji.bad_angka", "uji.ask_angka")
	if res.Replies[0].Text.Args["Max"] != 10 {
		t.Fatalf("explanation carries its arguments: %+v", res.Replies[0].Text)
	}
	wantIDs(t, b.handle(t, 1, text("7")), "uji.confirm")
	s := b.sessions.session(t, 1)
	if s.Flow != "uji" || s.Step != "konfirmasi" || s.Get("angka") != "7" {
		t.Fatalf("session = %+v", s)
	}
	// Typing instead of pressing: explained, data kept.
	wantIDs(t, b.handle(t, 1, text("ya")), "uji.use_buttons", "uji.confirm")
	if got := b.sessions.session(t, 1).Get("angka"); got != "7" {
		t.Fatalf("data lost after bad input: %q", got)
	}
	res = b.handle(t, 1, press("ya", b.sessions.session(t, 1).Nonce))
	wantIDs(t, res, "uji.saved")
	if !res.Replies[0].Edit {
		t.Fatal("the confirmation edits the message with the buttons")
	}
	if s := b.sessions.session(t, 1); s.InFlow() || s.Data != nil {
		t.Fatalf("flow should be over: %+v", s)
	}
}

func TestBackGoesToThePreviousStep(t *testing.T) {
	b := setup(t)
	b.handle(t, 1, command("uji"))
	b.handle(t, 1, text("3"))
	res := b.handle(t, 1, press("kembali", b.sessions.session(t, 1).Nonce))
	// The pressed prompt turns into the previous question: one edit, no
	// dead button left.
	wantIDs(t, res, "uji.ask_angka")
	if !res.Replies[0].Edit {
		t.Fatalf("first reply %+v", res.Replies[0])
	}
	if s := b.sessions.session(t, 1); s.Step != "angka" || s.Get("angka") != "3" {
		t.Fatalf("back keeps what was entered: %+v", s)
	}
}

func TestStaleButtonsAreRefused(t *testing.T) {
	b := setup(t)
	b.handle(t, 1, command("uji"))
	b.handle(t, 1, text("3"))
	old := b.sessions.session(t, 1).Nonce
	b.handle(t, 1, press("kembali", old)) // leaves the step: its buttons expire
	res := b.handle(t, 1, press("ya", old))
	// Answered with what is true now; the buttons of its message stay
	// (without WithSession the engine does not learn which message shows
	// the current step, so it cannot tell this one is not it).
	if res.Answer == nil || res.Answer.ID != "callback.stale_in_flow" || len(res.Replies) != 0 {
		t.Fatalf("old button: %+v", res)
	}
	if s := b.sessions.session(t, 1); s.Step != "angka" {
		t.Fatalf("an old button changed the session: %+v", s)
	}
	// After /batal the buttons of the abandoned step expire too.
	b.handle(t, 1, text("4"))
	n := b.sessions.session(t, 1).Nonce
	wantIDs(t, b.handle(t, 1, command("batal")), "batal.done")
	if res := b.handle(t, 1, press("ya", n)); res.Answer == nil || res.Answer.ID != "callback.stale_done" {
		t.Fatalf("button after /batal: %+v", res)
	}
}

func TestBatal(t *testing.T) {
	b := setup(t)
	wantIDs(t, b.handle(t, 1, command("batal")), "batal.nothing")
	b.handle(t, 1, command("uji"))
	res := b.handle(t, 1, command("batal"))
	wantIDs(t, res, "batal.done")
	if f, _ := res.Replies[0].Text.Args["Flow"].(msg.Text); f.ID != "flow.uji" {
		t.Fatalf("batal names the flow: %+v", res.Replies[0].Text.Args)
	}
	if b.sessions.session(t, 1).InFlow() {
		t.Fatal("still in a flow after /batal")
	}
	wantIDs(t, b.handle(t, 1, text("5")), "input.no_flow")
}

func TestBantuanKeepsTheFlow(t *testing.T) {
	b := setup(t)
	wantIDs(t, b.handle(t, 1, command("bantuan")), "bantuan.text")
	b.handle(t, 1, command("uji"))
	wantIDs(t, b.handle(t, 1, command("bantuan")), "bantuan.text", "bantuan.in_flow")
	wantIDs(t, b.handle(t, 1, text("2")), "uji.confirm")
}

func TestUnknownCommandAndUnsupported(t *testing.T) {
	b := setup(t)
	res := b.handle(t, 1, command("hapussemua"))
	wantIDs(t, res, "command.unknown")
	if res.Replies[0].Text.Args["Command"] != "/hapussemua" {
		t.Fatalf("args %+v", res.Replies[0].Text.Args)
	}
	wantIDs(t, b.handle(t, 1, Input{Kind: KindUnsupported}), "input.unsupported")
	// An unknown callback operation is refused without replies.
	res = b.handle(t, 1, Input{Kind: KindCallback, Callback: msg.Callback{Op: "zz"}})
	if res.Answer == nil || res.Answer.ID != "callback.expired" || len(res.Replies) != 0 {
		t.Fatalf("%+v", res)
	}
}

func TestStartingAnotherFlowParksAKeepAsideFlow(t *testing.T) {
	b := setup(t)
	b.handle(t, 1, command("uji"))
	b.handle(t, 1, text("6"))
	wantIDs(t, b.handle(t, 1, command("bahasa")), "bahasa.ask")
	s := b.sessions.session(t, 1)
	p, ok := s.Parked["uji"]
	if s.Flow != "bahasa" || !ok || p.Step != "konfirmasi" || p.Data["angka"] != "6" {
		t.Fatalf("the flow in progress was not kept aside: %+v", s)
	}
}

func TestStartGreetsAndOffersEnglishOnce(t *testing.T) {
	b := setup(t)
	u := &User{TelegramID: 9, ChatID: 9, FirstName: "John", TelegramLang: "en", Lang: "id"}
	res, err := b.e.Handle(context.Background(), u, command("start"))
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, res, "start.welcome_unknown", "start.offer_english")
	if res.Replies[0].Text.Args["Name"] != "John" {
		t.Fatalf("args %+v", res.Replies[0].Text.Args)
	}
	if !b.accounts.offered[9] {
		t.Fatal("the offer is remembered")
	}
	u.LangOffered = true
	res, _ = b.e.Handle(context.Background(), u, command("start"))
	wantIDs(t, res, "start.welcome_unknown")

	res, _ = b.e.Handle(context.Background(), u, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpLanguage, Arg: "en"}, MessageID: 3})
	// The confirmation replaces the offer; the "share phone number" key
	// comes again in English, on a message of its own.
	wantIDs(t, res, "bahasa.changed", "onboarding.not_linked")
	if res.Replies[0].Lang != "en" || !res.Replies[0].Edit || b.accounts.lang[9] != "en" {
		t.Fatalf("language switch: %+v, stored %q", res.Replies[0], b.accounts.lang[9])
	}
	if k := res.Replies[1]; k.Lang != "en" || k.Edit || len(k.Keyboard) != 1 || !k.Keyboard[0][0].RequestContact {
		t.Fatalf("the keyboard after the switch: %+v", k)
	}
	// A forged language is refused.
	res, _ = b.e.Handle(context.Background(), u, Input{Kind: KindCallback, Callback: msg.Callback{Op: msg.OpLanguage, Arg: "fr"}})
	if res.Answer == nil || res.Answer.ID != "callback.expired" || b.accounts.lang[9] != "en" {
		t.Fatalf("forged language: %+v", res)
	}
	// An Indonesian phone is not offered English.
	res, _ = b.e.Handle(context.Background(), &User{TelegramID: 10, TelegramLang: "id", Lang: "id"}, command("start"))
	wantIDs(t, res, "start.welcome_unknown")
	// A linked user is welcomed back by name.
	res, _ = b.e.Handle(context.Background(), &User{TelegramID: 11, Lang: "id", Pegawai: &kinerja.Pegawai{Nama: "Dewi Lestari", Aktif: true}}, command("start"))
	wantIDs(t, res, "start.welcome_back")
	if res.Replies[0].Text.Args["Name"] != "Dewi Lestari" {
		t.Fatalf("%+v", res.Replies[0].Text.Args)
	}
}

func TestBahasaFlow(t *testing.T) {
	b := setup(t)
	res := b.handle(t, 1, command("bahasa"))
	wantIDs(t, res, "bahasa.ask")
	if n := len(res.Replies[0].Buttons); n != 2 {
		t.Fatalf("rows %d", n)
	}
	// Typing instead of pressing asks again.
	wantIDs(t, b.handle(t, 1, text("english")), "bahasa.ask")
	res = b.handle(t, 1, press("en", b.sessions.session(t, 1).Nonce))
	wantIDs(t, res, "bahasa.changed", "onboarding.not_linked") // the keyboard follows the language
	if b.accounts.lang[1] != "en" || b.sessions.session(t, 1).InFlow() {
		t.Fatal("language not stored or flow not ended")
	}
	b.handle(t, 1, command("bahasa"))
	res = b.handle(t, 1, press(ArgCancel, b.sessions.session(t, 1).Nonce))
	wantIDs(t, res, "batal.done")
	if !res.Replies[0].Edit {
		t.Fatal("cancelling by button edits the prompt")
	}
}

func TestStaleSessionWriteIsRetriedNotOverwritten(t *testing.T) {
	b := setup(t)
	b.handle(t, 1, command("uji"))
	// Another device answers the step between our load and our save.
	b.sessions.beforeSave = func(uid int64) {
		if _, err := b.e.Handle(context.Background(), &User{TelegramID: uid, Lang: "id"}, text("8")); err != nil {
			t.Error(err)
		}
	}
	res := b.handle(t, 1, text("2"))
	// Our input was re-handled against the fresh session (now at konfirmasi),
	// where typed text is not an answer: the other device's 8 survives.
	wantIDs(t, res, "uji.use_buttons", "uji.confirm")
	if got := b.sessions.session(t, 1).Get("angka"); got != "8" {
		t.Fatalf("a stale write overwrote the newer session: angka=%q", got)
	}
}

type alwaysStale struct{ *memSessions }

func (*alwaysStale) SaveSession(context.Context, int64, int64, []byte, time.Duration) (bool, error) {
	return false, nil
}

func TestPersistentConflictIsAnError(t *testing.T) {
	e, err := New(&alwaysStale{newMemSessions()}, Deps{Accounts: &fakeAccounts{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Handle(context.Background(), &User{TelegramID: 1}, command("bantuan"))
	if !errors.Is(err, ErrStale) {
		t.Fatalf("err = %v", err)
	}
}

func TestExpiredAndCorruptSessionsStartAfresh(t *testing.T) {
	b := setup(t)
	b.handle(t, 1, command("uji"))
	b.now = b.now.Add(25 * time.Hour)
	wantIDs(t, b.handle(t, 1, text("3")), "input.no_flow")

	// A session of the wrong shape keeps its version for the check.
	b.sessions.data[2] = []byte(`{"version":4,"flow":123}`)
	wantIDs(t, b.handle(t, 2, text("3")), "input.no_flow")
	if v := b.sessions.session(t, 2).Version; v != 5 {
		t.Fatalf("version after corrupt session = %d, want 5", v)
	}
	// Unreadable JSON counts as no session (the Redis script agrees).
	b.sessions.data[3] = []byte(`{"version":4,"flow":`)
	wantIDs(t, b.handle(t, 3, text("3")), "input.no_flow")
	if v := b.sessions.session(t, 3).Version; v != 1 {
		t.Fatalf("version after unreadable session = %d, want 1", v)
	}
}

func TestUndeclaredTransitionIsAnError(t *testing.T) {
	b := setup(t)
	bad := &Flow{Anyone: true, Name: "bad", Start: "a", Steps: map[string]*Step{
		"a": {
			Enter:  func(context.Context, *Ctx) ([]msg.Reply, error) { return nil, nil },
			Handle: func(context.Context, *Ctx, Input) (string, []msg.Reply, error) { return "b", nil, nil },
		},
		"b": {Enter: func(context.Context, *Ctx) ([]msg.Reply, error) { return nil, nil }, Handle: func(context.Context, *Ctx, Input) (string, []msg.Reply, error) { return Stay, nil, nil }},
	}}
	if err := b.e.Register(bad); err != nil {
		t.Fatal(err)
	}
	b.e.HandleCommand("bad", func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
		r, err := e.Start(ctx, c, "bad")
		return Result{Replies: r}, err
	})
	b.handle(t, 1, command("bad"))
	if _, err := b.e.Handle(context.Background(), &User{TelegramID: 1}, text("x")); err == nil {
		t.Fatal("a step going to an undeclared step must fail")
	}
	if err := b.e.Register(&Flow{Name: "x", Start: "nope", Steps: map[string]*Step{}}); err == nil {
		t.Fatal("a flow without its start step must be refused")
	}
	if err := b.e.Register(&Flow{Name: "y", Start: "a", Steps: map[string]*Step{"a": {
		Enter: bad.Steps["a"].Enter, Handle: bad.Steps["a"].Handle, Next: []string{"ghost"}}}}); err == nil {
		t.Fatal("a declared transition to a missing step must be refused")
	}
}

// A step whose prompt cannot be built (the database is down) fails the
// input with an error that names the flow and the step, and leaves the
// session as it was; Resume runs only the prompt of the step it resumes.
func TestEnterErrorsNameTheStepAndResumeRunsOnlyItsStep(t *testing.T) {
	b := setup(t)
	down := errors.New("database down")
	var fail bool
	entered := map[string]int{}
	enter := func(name string) func(context.Context, *Ctx) ([]msg.Reply, error) {
		return func(context.Context, *Ctx) ([]msg.Reply, error) {
			entered[name]++
			if fail && name == "b" {
				return nil, down
			}
			return []msg.Reply{msg.Say("uji.ask_angka")}, nil
		}
	}
	f := &Flow{Anyone: true, Name: "dua", Title: msg.T("flow.uji"), Start: "a", Steps: map[string]*Step{
		"a": {Enter: enter("a"), Handle: func(context.Context, *Ctx, Input) (string, []msg.Reply, error) { return "b", nil, nil }, Next: []string{"b"}},
		"b": {Enter: enter("b"), Handle: func(context.Context, *Ctx, Input) (string, []msg.Reply, error) { return Done, nil, nil }},
	}}
	if err := b.e.Register(f); err != nil {
		t.Fatal(err)
	}
	b.e.HandleCommand("dua", func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error) {
		r, err := e.Resume(ctx, c, "dua", in.Args, nil)
		return Result{Replies: r}, err
	})
	b.handle(t, 1, Input{Kind: KindCommand, Command: "dua", Args: "b"})
	if entered["a"] != 0 || entered["b"] != 1 {
		t.Fatalf("resuming at b entered %v: the start step's prompt must not run", entered)
	}
	if s := b.sessions.session(t, 1); s.Flow != "dua" || s.Step != "b" {
		t.Fatalf("session %+v", s)
	}

	b.handle(t, 2, Input{Kind: KindCommand, Command: "dua"})
	before := b.sessions.session(t, 2)
	fail = true
	_, err := b.e.Handle(context.Background(), &User{TelegramID: 2}, text("x"))
	var se *StepError
	if !errors.As(err, &se) || se.Flow != "dua" || se.Step != "b" || se.Phase != "enter" || !errors.Is(err, down) {
		t.Fatalf("err = %v, want the enter of dua/b failing with the database error", err)
	}
	if after := b.sessions.session(t, 2); after.Version != before.Version || after.Step != "a" {
		t.Fatalf("a failed input changed the session: %+v → %+v", before, after)
	}
}

// A button answers by turning its own message into the next screen: the
// first message that can be edited is; one that cannot (a reply keyboard, a
// picture) leaves the pressed message only losing its buttons.
func TestInPlace(t *testing.T) {
	say := msg.Say("uji.ask_angka")
	withKeyboard := msg.Reply{Text: msg.T("menu.shown"), Keyboard: [][]msg.KeyButton{{{Label: msg.T("menu.lapor")}}}}
	for _, c := range []struct {
		name  string
		in    []msg.Reply
		edits []bool
		clear bool // a button-removing edit comes first
	}{
		{"one message", []msg.Reply{say}, []bool{true}, false},
		{"two messages", []msg.Reply{say, say}, []bool{true, false}, false},
		{"already an edit", []msg.Reply{{Text: msg.T("uji.saved"), Edit: true}, say}, []bool{true, false}, false},
		{"a keyboard first", []msg.Reply{withKeyboard, say}, []bool{false, true}, false},
		{"nothing to edit", []msg.Reply{withKeyboard}, []bool{true, false}, true},
		{"no reply", nil, []bool{true}, true},
	} {
		got := inPlace(append([]msg.Reply(nil), c.in...))
		if len(got) != len(c.edits) {
			t.Fatalf("%s: %d replies, want %d", c.name, len(got), len(c.edits))
		}
		for i, r := range got {
			if r.Edit != c.edits[i] {
				t.Errorf("%s: reply %d edit = %v", c.name, i, r.Edit)
			}
		}
		if c.clear != (got[0].RemoveButtons && got[0].Text.ID == "") {
			t.Errorf("%s: first reply %+v", c.name, got[0])
		}
	}
}
