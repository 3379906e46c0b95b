package conversations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Command handles a slash command that does not (necessarily) start a flow.
type Command func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error)

// CallbackHandler handles the buttons of one operation code that are not
// step answers (e.g. the language offer). It must check everything the
// button claims on the server.
type CallbackHandler func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error)

// Engine runs conversations: load the session, handle the input at the
// current step, save with the version check (or leave the save to the
// caller: WithSession), return the replies.
type Engine struct {
	sessions  SessionStore
	deps      Deps
	now       func() time.Time
	log       *slog.Logger
	ttl       time.Duration
	flows     map[string]*Flow
	commands  map[string]Command
	callbacks map[string]CallbackHandler
}

// Option configures an Engine.
type Option func(*Engine)

// WithSessionTTL sets how long an idle session lives (default 24 h).
func WithSessionTTL(d time.Duration) Option { return func(e *Engine) { e.ttl = d } }

// WithClock injects the clock.
func WithClock(now func() time.Time) Option { return func(e *Engine) { e.now = now } }

// WithLogger injects the logger.
func WithLogger(l *slog.Logger) Option { return func(e *Engine) { e.log = l } }

// New builds an engine with the flows and commands of kinerjabot.
func New(sessions SessionStore, deps Deps, opts ...Option) (*Engine, error) {
	if deps.Location == nil {
		deps.Location = time.UTC
	}
	if deps.Rules.WorkingDays == nil {
		deps.Rules = kinerja.DefaultRules()
	}
	if err := deps.Rules.Validate(); err != nil {
		return nil, fmt.Errorf("conversations: rules: %w", err)
	}
	if deps.ReminderDefault == 0 {
		deps.ReminderDefault = 15*time.Hour + 30*time.Minute
	}
	if deps.QuickReasons == nil {
		deps.QuickReasons = DefaultQuickReasons
	}
	if deps.ReminderSnooze <= 0 {
		deps.ReminderSnooze = time.Hour
	}
	if deps.Score.MonthlyTargetMinutes == 0 {
		deps.Score = kinerja.DefaultScoreConfig()
	}
	if err := deps.Score.Validate(); err != nil {
		return nil, fmt.Errorf("conversations: score rules: %w", err)
	}
	e := &Engine{
		sessions:  sessions,
		deps:      deps,
		now:       time.Now,
		log:       slog.New(slog.DiscardHandler),
		ttl:       24 * time.Hour,
		flows:     map[string]*Flow{},
		commands:  map[string]Command{},
		callbacks: map[string]CallbackHandler{},
	}
	for _, o := range opts {
		o(e)
	}
	registerBuiltins(e)
	for _, f := range e.flows {
		if err := f.validate(); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Register adds a flow (tests and later features).
func (e *Engine) Register(f *Flow) error {
	if err := f.validate(); err != nil {
		return err
	}
	e.flows[f.Name] = f
	return nil
}

// HandleCommand adds a command.
func (e *Engine) HandleCommand(name string, c Command) { e.commands[name] = c }

// HandleCallback adds a callback operation.
func (e *Engine) HandleCallback(op string, h CallbackHandler) { e.callbacks[op] = h }

// Commands lists the registered commands.
func (e *Engine) Commands() []string {
	out := make([]string, 0, len(e.commands))
	for name := range e.commands {
		out = append(out, name)
	}
	return out
}

const maxStaleRetries = 3

// Handle processes one input of one user. A stale session write is retried
// from the start with the fresh session, up to a few times.
func (e *Engine) Handle(ctx context.Context, u *User, in Input) (Result, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			ctx = context.WithValue(ctx, prereadKey{}, nil) // a retry reads the session afresh
		}
		res, err := e.handleOnce(ctx, u, in)
		if errors.Is(err, ErrStale) && attempt < maxStaleRetries {
			e.log.DebugContext(ctx, "session changed concurrently, retrying", "user_id", u.TelegramID, "attempt", attempt+1)
			continue
		}
		return res, err
	}
}

// prereadKey holds the session JSON read for this update before Handle
// (WithSession).
type prereadKey struct{}

type preread struct{ raw []byte }

// WithSession hands Handle the user's session JSON already read for this
// update under the user's lock (nil: none stored), and takes over its
// saving: Handle does not read the session nor write it, it returns the
// write in Result.Save, for the caller to make once the replies are out
// (with the end of the update, in the same round trip). Until then
// nothing of the step is kept: an update interrupted before the write is
// handled again from the same state.
func WithSession(ctx context.Context, raw []byte) context.Context {
	return context.WithValue(ctx, prereadKey{}, &preread{raw: raw})
}

// SessionSave is a session write left to the caller (WithSession): store
// the session if the stored version is still Expect (0: none stored),
// expiring after TTL. Encode it after the replies are delivered:
// Result.Delivered changes it.
type SessionSave struct {
	Expect int64
	TTL    time.Duration
	s      *Session
}

// Encode returns the session JSON to store.
func (p *SessionSave) Encode() ([]byte, error) {
	raw, err := json.Marshal(p.s)
	if err != nil {
		return nil, fmt.Errorf("conversations: encode session: %w", err)
	}
	return raw, nil
}

func (e *Engine) handleOnce(ctx context.Context, u *User, in Input) (Result, error) {
	var s *Session
	var err error
	p, deferred := ctx.Value(prereadKey{}).(*preread)
	deferred = deferred && p != nil
	if deferred {
		s, err = e.decode(ctx, u.TelegramID, p.raw)
	} else {
		s, err = e.load(ctx, u.TelegramID)
	}
	if err != nil {
		return Result{}, err
	}
	before, nonce, live := s.Version, s.Nonce, s.Live
	shortcuts := false
	if _, st, ok := e.current(s); ok {
		shortcuts = st.Shortcuts
	}
	unconfirmed := s.Filed
	s.Filed = nil
	c := &Ctx{User: u, Session: s, Now: e.now(), Input: in, d: &e.deps, log: e.log}
	res, err := e.dispatch(ctx, c, in)
	if err != nil {
		return Result{}, err
	}
	if unconfirmed != nil {
		// The confirmation of the last report never reached the user (the
		// bot stopped in between): say it was filed, first.
		told := msg.Say("report.filed_unconfirmed", "Date", msg.Date(unconfirmed.Date), "Teks", unconfirmed.Text)
		res.Replies = append([]msg.Reply{told}, res.Replies...)
		if res.Answer != nil && isStale(*res.Answer) {
			res.Answer = nil // the press that filed it, again: the notice says what happened
		}
	}
	tidyButtons(&res, in, live, nonce, c.Session, shortcuts)
	if deferred {
		e.stamp(c.Session, before)
		pending := &SessionSave{Expect: before, TTL: e.ttl, s: c.Session}
		res.Save = pending
		if c.Session.Filed != nil {
			// The confirmation was seen: nothing to tell at the next input.
			res.Delivered = alsoDelivered(res.Delivered, func(context.Context) error {
				pending.s.Filed = nil
				return nil
			})
		}
		return res, nil
	}
	if err := e.save(ctx, c.Session, before); err != nil {
		return Result{}, err
	}
	if f := c.Session.Filed; f != nil {
		res.Delivered = alsoDelivered(res.Delivered, func(ctx context.Context) error { return e.confirmed(ctx, u.TelegramID, f.Key) })
	}
	return res, nil
}

// alsoDelivered runs first (when set), then then.
func alsoDelivered(first, then func(context.Context) error) func(context.Context) error {
	if first == nil {
		return then
	}
	return func(ctx context.Context) error {
		return errors.Join(first(ctx), then(ctx))
	}
}

// confirmed forgets a filed report once its confirmation was delivered.
func (e *Engine) confirmed(ctx context.Context, userID int64, key string) error {
	s, err := e.load(ctx, userID)
	if err != nil {
		return err
	}
	if s.Filed == nil || s.Filed.Key != key {
		return nil
	}
	s.Filed = nil
	if err := e.save(ctx, s, s.Version); err != nil && !errors.Is(err, ErrStale) {
		return err
	}
	return nil
}

func (e *Engine) dispatch(ctx context.Context, c *Ctx, in Input) (Result, error) {
	switch in.Kind {
	case KindCommand:
		switch in.Command {
		case CmdBack:
			if c.Session.InFlow() {
				return e.back(ctx, c, in)
			}
			return Result{Replies: []msg.Reply{msg.Say("batal.nothing")}}, nil
		case CmdSkip, CmdDone:
			// Keyboard words that only mean something inside a step.
			if c.Session.InFlow() {
				return e.step(ctx, c, in)
			}
			return Result{Replies: []msg.Reply{msg.Say("input.no_flow")}}, nil
		}
		if cmd, ok := e.commands[in.Command]; ok {
			return cmd(ctx, e, c, in)
		}
		return Result{Replies: []msg.Reply{msg.Say("command.unknown", "Command", "/"+in.Command)}}, nil
	case KindCallback:
		if in.Callback.Op == msg.OpStep {
			if !c.Session.InFlow() || in.Callback.Nonce != c.Session.Nonce {
				return staleStep(c, e, in)
			}
			switch in.Callback.Arg {
			case ArgBack:
				return e.back(ctx, c, in)
			case ArgCancel:
				return e.cancel(c, true), nil
			}
			return e.step(ctx, c, in)
		}
		if h, ok := e.callbacks[in.Callback.Op]; ok {
			return h(ctx, e, c, in)
		}
		return expired()
	case KindContact:
		return contactShared(ctx, e, c, in)
	case KindUnsupported:
		return Result{Replies: []msg.Reply{msg.Say("input.unsupported")}}, nil
	}
	if c.Session.InFlow() {
		return e.step(ctx, c, in)
	}
	if p := c.User.Pegawai; p != nil && !p.Aktif {
		r, _ := needLinked(c) // an inactive person is told why, not "not understood"
		return r, nil
	}
	return Result{Replies: []msg.Reply{msg.Say("input.no_flow")}}, nil
}

// Keyboard words (see KeyCommands) and their commands.
const (
	CmdBack   = "kembali"
	CmdCancel = "batal"
	CmdSkip   = "lewati"
	CmdDone   = "selesai"
)

// KeyCommands maps the labels of reply-keyboard buttons (message IDs) to the
// commands they stand for: the bot turns a text equal to a rendered label
// into that command.
var KeyCommands = map[string]string{
	"menu.lapor":       "lapor",
	"menu.riwayat":     "riwayat",
	"menu.persetujuan": "persetujuan",
	"menu.nilai":       "nilai",
	"menu.penilaian":   "penilaian",
	"menu.pengaturan":  "pengaturan",
	"button.back":      CmdBack,
	"button.cancel":    CmdCancel,
}

// MainMenu is the reply keyboard of a linked person: only features that
// exist (DOMAIN.md decision 9).
func MainMenu(u *User) [][]msg.KeyButton {
	if u.Pegawai == nil {
		return nil
	}
	rows := [][]msg.KeyButton{{{Label: msg.T("menu.lapor")}, {Label: msg.T("menu.riwayat")}, {Label: msg.T("menu.nilai")}}}
	if u.Pegawai.IsAssessor {
		rows = append(rows, []msg.KeyButton{{Label: msg.T("menu.persetujuan")}, {Label: msg.T("menu.penilaian")}})
	}
	return append(rows, []msg.KeyButton{{Label: msg.T("menu.pengaturan")}})
}

// cancel leaves the flow in progress (Batal / /batal).
func (e *Engine) cancel(c *Ctx, viaButton bool) Result {
	s := c.Session
	f := e.flows[s.Flow]
	title := e.FlowTitle(s.Flow)
	s.clear()
	s.Nonce++
	var res Result
	text := msg.T("batal.done", "Flow", title)
	if f != nil && f.Cancelled.ID != "" {
		text = f.Cancelled
	}
	res.add(msg.Reply{Text: text, Edit: viaButton})
	e.finished(c, &res)
	return res
}

// back returns to the previous step, or leaves the flow from the first.
func (e *Engine) back(ctx context.Context, c *Ctx, in Input) (Result, error) {
	f, st, ok := e.current(c.Session)
	if !ok || st.Back == nil {
		return e.cancel(c, in.Kind == KindCallback), nil
	}
	prev := st.Back(c)
	if prev == "" {
		return e.cancel(c, in.Kind == KindCallback), nil
	}
	if _, ok := f.Steps[prev]; !ok {
		return Result{}, fmt.Errorf("conversations: flow %s: step %s goes back to unknown step %q", f.Name, c.Session.Step, prev)
	}
	replies, err := e.enter(ctx, c, prev)
	if in.Kind == KindCallback {
		replies = inPlace(replies)
	}
	return Result{Replies: replies}, err
}

// inPlace makes the first message of replies replace the message whose
// button was pressed: a button answers by turning its own message into the
// next screen, so the chat keeps one message per screen, no dead button is
// left behind, and every answer costs one Telegram write instead of an
// edit and a send. Without such a message the pressed one only loses its
// buttons.
func inPlace(replies []msg.Reply) []msg.Reply {
	for i, r := range replies {
		if r.Edit {
			return replies
		}
		if r.Keyboard == nil && !r.RemoveKeyboard && r.Chart == nil && len(r.Media) == 0 {
			replies[i].Edit = true
			return replies
		}
	}
	return append([]msg.Reply{{Edit: true, RemoveButtons: true}}, replies...)
}

// finished gives the main menu back when a flow ends that a session saved
// by an earlier version left showing its own Kembali/Batal keyboard: on the
// last new message when it can carry it, else on a short message of its own.
func (e *Engine) finished(c *Ctx, res *Result) {
	if !c.Session.FlowKeyboard {
		return
	}
	c.Session.FlowKeyboard = false
	menu := MainMenu(c.User)
	if n := len(res.Replies); n > 0 {
		last := &res.Replies[n-1]
		if !last.Edit && len(last.Buttons) == 0 {
			last.Keyboard, last.RemoveKeyboard = menu, menu == nil
			return
		}
	}
	res.add(msg.Reply{Text: msg.T("menu.shown"), Keyboard: menu, RemoveKeyboard: menu == nil})
}

// step hands the input to the current step of the current flow.
func (e *Engine) step(ctx context.Context, c *Ctx, in Input) (Result, error) {
	f, st, ok := e.current(c.Session)
	if !ok {
		// The flow or step no longer exists (a deploy renamed it): start over.
		e.log.WarnContext(ctx, "session points at an unknown step, clearing", "flow", c.Session.Flow, "step", c.Session.Step)
		c.Session.clear()
		return Result{Replies: []msg.Reply{msg.Say("input.no_flow")}}, nil
	}
	if !f.Anyone {
		if r, ok := needLinked(c); !ok {
			c.Session.clear()
			return r, nil
		}
	}
	failed := func(phase string, err error) error {
		return &StepError{Flow: f.Name, Step: c.Session.Step, Phase: phase, Err: err}
	}
	next, replies, err := st.Handle(ctx, c, in)
	var res Result
	if err != nil {
		if kinerja.ErrorCode(err) != kinerja.CodeInvalid {
			return Result{}, failed("handle", err)
		}
		if st.Fallback != nil {
			replies, err := st.Fallback(ctx, c, err)
			if err != nil {
				return Result{}, failed("fallback", err)
			}
			res.add(replies...)
		} else {
			id, args := kinerja.ErrorMessage(err)
			res.add(msg.Reply{Text: msg.Text{ID: id, Args: args}})
			prompt, err := st.Enter(ctx, c)
			if err != nil {
				return Result{}, failed("enter", err)
			}
			res.add(prompt...)
		}
		return res, nil
	}
	if !f.allowed(st, next) {
		return Result{}, fmt.Errorf("conversations: flow %s: step %s went to undeclared step %q", f.Name, c.Session.Step, next)
	}
	res.add(replies...)
	switch next {
	case Stay:
		return res, nil
	case Done:
		c.Session.clear()
		c.Session.Nonce++
	default:
		prompt, err := e.enter(ctx, c, next)
		if err != nil {
			return Result{}, err
		}
		res.add(prompt...)
	}
	if in.Kind == KindCallback {
		res.Replies = inPlace(res.Replies)
	}
	if next == Done {
		e.finished(c, &res)
	}
	return res, nil
}

// freshNonce starts a new session's button nonces at a random point, so a
// button of an expired session never matches a step of the new one.
func freshNonce() uint32 { return mrand.Uint32() }

// Start begins flow name at its start step, parking or dropping the flow in
// progress, and returns the first prompt.
func (e *Engine) Start(ctx context.Context, c *Ctx, name string) ([]msg.Reply, error) {
	return e.Resume(ctx, c, name, "", nil)
}

// Resume continues flow name at step with data (a parked flow, or a report
// opened for editing), parking or dropping the flow in progress, and returns
// the prompt of that step; an empty step is the flow's start. Only that
// step's Enter runs.
func (e *Engine) Resume(ctx context.Context, c *Ctx, name, step string, data map[string]string) ([]msg.Reply, error) {
	f, ok := e.flows[name]
	if !ok {
		return nil, fmt.Errorf("conversations: unknown flow %q", name)
	}
	if step == "" {
		step = f.Start
	}
	if _, ok := f.Steps[step]; !ok {
		return nil, fmt.Errorf("conversations: flow %s has no step %q", name, step)
	}
	s := c.Session
	if s.InFlow() && s.Flow != name {
		if cur, ok := e.flows[s.Flow]; ok && cur.KeepAside {
			st := cur.Steps[s.Step]
			if _, taken := s.Parked[s.Flow]; !taken && (st == nil || !st.Transient) {
				if s.Parked == nil {
					s.Parked = map[string]Parked{}
				}
				s.Parked[s.Flow] = Parked{Step: s.Step, Data: s.Data, At: c.Now}
			}
		}
	}
	s.clear()
	s.Flow, s.Data = f.Name, data
	return e.enter(ctx, c, step)
}

func (e *Engine) enter(ctx context.Context, c *Ctx, step string) ([]msg.Reply, error) {
	c.Session.Step = step
	c.Session.Nonce++
	f, st, _ := e.current(c.Session)
	replies, err := st.Enter(ctx, c)
	if err != nil {
		return nil, &StepError{Flow: f.Name, Step: step, Phase: "enter", Err: err}
	}
	return replies, nil
}

func (e *Engine) current(s *Session) (*Flow, *Step, bool) {
	f, ok := e.flows[s.Flow]
	if !ok {
		return nil, nil, false
	}
	st, ok := f.Steps[s.Step]
	if !ok {
		return nil, nil, false
	}
	return f, st, true
}

// FlowTitle is how a flow is named to the user.
func (e *Engine) FlowTitle(name string) msg.Text {
	if f, ok := e.flows[name]; ok && f.Title.ID != "" {
		return f.Title
	}
	return msg.Text{ID: "flow.unknown"}
}

func (e *Engine) load(ctx context.Context, userID int64) (*Session, error) {
	raw, err := e.sessions.LoadSession(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("conversations: load session: %w", err)
	}
	return e.decode(ctx, userID, raw)
}

// stamp gives a session about to be saved its next version and refreshes
// its expiry ("refreshed on use").
func (e *Engine) stamp(s *Session, loaded int64) {
	now := e.now()
	s.Version = loaded + 1
	s.Updated = now
	s.Expires = now.Add(e.ttl)
}

// decode reads a stored session (raw nil: none).
func (e *Engine) decode(ctx context.Context, userID int64, raw []byte) (*Session, error) {
	s := &Session{UserID: userID, Nonce: freshNonce()}
	if raw == nil {
		return s, nil
	}
	if err := json.Unmarshal(raw, s); err != nil {
		// A corrupt session must not lock the user out: start afresh, but
		// keep the version so the save still checks it.
		e.log.ErrorContext(ctx, "corrupt session, starting afresh", "user_id", userID, "err", err)
		var v struct {
			Version int64 `json:"version"`
		}
		_ = json.Unmarshal(raw, &v)
		return &Session{UserID: userID, Version: v.Version, Nonce: freshNonce()}, nil
	}
	if !s.Expires.IsZero() && e.now().After(s.Expires) {
		return &Session{UserID: userID, Version: s.Version, Nonce: freshNonce()}, nil
	}
	return s, nil
}

// save writes the session with the version check. Every handled input
// refreshes the expiry ("refreshed on use").
func (e *Engine) save(ctx context.Context, s *Session, loaded int64) error {
	e.stamp(s, loaded)
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("conversations: encode session: %w", err)
	}
	saved, err := e.sessions.SaveSession(ctx, s.UserID, loaded, raw, e.ttl)
	if err != nil {
		return fmt.Errorf("conversations: save session: %w", err)
	}
	if !saved {
		return ErrStale
	}
	return nil
}
