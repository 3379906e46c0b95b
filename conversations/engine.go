package conversations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"kinerjabot/kinerja"
)

// Command handles a slash command that does not (necessarily) start a flow.
type Command func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error)

// CallbackHandler handles the buttons of one operation code that are not
// step answers (e.g. the language offer). It must check everything the
// button claims on the server.
type CallbackHandler func(ctx context.Context, e *Engine, c *Ctx, in Input) (Result, error)

// Engine runs conversations: load the session, handle the input at the
// current step, save with the version check, return the replies.
type Engine struct {
	sessions  SessionStore
	accounts  Accounts
	now       func() time.Time
	log       *slog.Logger
	ttl       time.Duration
	flows     map[string]*Flow
	commands  map[string]Command
	callbacks map[string]CallbackHandler
}

// Accounts is what conversations need to know and change about people.
type Accounts interface {
	// SetLanguage stores the user's chosen language (on the pegawai when
	// linked, else on the Telegram account).
	SetLanguage(ctx context.Context, u *User, lang string) error
	// MarkLanguageOffered remembers that the English offer was shown.
	MarkLanguageOffered(ctx context.Context, u *User) error
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
func New(sessions SessionStore, accounts Accounts, opts ...Option) (*Engine, error) {
	e := &Engine{
		sessions:  sessions,
		accounts:  accounts,
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
		res, err := e.handleOnce(ctx, u, in)
		if errors.Is(err, ErrStale) && attempt < maxStaleRetries {
			e.log.DebugContext(ctx, "session changed concurrently, retrying", "user_id", u.TelegramID, "attempt", attempt+1)
			continue
		}
		return res, err
	}
}

func (e *Engine) handleOnce(ctx context.Context, u *User, in Input) (Result, error) {
	s, err := e.load(ctx, u.TelegramID)
	if err != nil {
		return Result{}, err
	}
	before := s.Version
	c := &Ctx{User: u, Session: s, Now: e.now(), Input: in, accounts: e.accounts}
	res, err := e.dispatch(ctx, c, in)
	if err != nil {
		return Result{}, err
	}
	if err := e.save(ctx, c.Session, before); err != nil {
		return Result{}, err
	}
	return res, nil
}

func (e *Engine) dispatch(ctx context.Context, c *Ctx, in Input) (Result, error) {
	switch in.Kind {
	case KindCommand:
		if cmd, ok := e.commands[in.Command]; ok {
			return cmd(ctx, e, c, in)
		}
		return Result{Replies: []Reply{Say("command.unknown", "Command", "/"+in.Command)}}, nil
	case KindCallback:
		if in.Callback.Op == OpStep {
			if !c.Session.InFlow() || in.Callback.Nonce != c.Session.Nonce {
				return Result{Answer: &Text{ID: "callback.expired"}}, nil
			}
			return e.step(ctx, c, in)
		}
		if h, ok := e.callbacks[in.Callback.Op]; ok {
			return h(ctx, e, c, in)
		}
		return Result{Answer: &Text{ID: "callback.expired"}}, nil
	case KindUnsupported:
		return Result{Replies: []Reply{Say("input.unsupported")}}, nil
	}
	if c.Session.InFlow() {
		return e.step(ctx, c, in)
	}
	return Result{Replies: []Reply{Say("input.no_flow")}}, nil
}

// step hands the input to the current step of the current flow.
func (e *Engine) step(ctx context.Context, c *Ctx, in Input) (Result, error) {
	f, st, ok := e.current(c.Session)
	if !ok {
		// The flow or step no longer exists (a deploy renamed it): start over.
		e.log.WarnContext(ctx, "session points at an unknown step, clearing", "flow", c.Session.Flow, "step", c.Session.Step)
		c.Session.clear()
		return Result{Replies: []Reply{Say("input.no_flow")}}, nil
	}
	next, replies, err := st.Handle(ctx, c, in)
	var res Result
	if err != nil {
		if kinerja.ErrorCode(err) != kinerja.CodeInvalid {
			return Result{}, err
		}
		if st.Fallback != nil {
			res.add(st.Fallback(ctx, c, err)...)
		} else {
			id, args := kinerja.ErrorMessage(err)
			res.add(Reply{Text: Text{ID: id, Args: args}})
			res.add(st.Enter(ctx, c)...)
		}
		return res, nil
	}
	res.add(replies...)
	if !f.allowed(st, next) {
		return Result{}, fmt.Errorf("conversations: flow %s: step %s went to undeclared step %q", f.Name, c.Session.Step, next)
	}
	switch next {
	case Stay:
	case Done:
		c.Session.clear()
		c.Session.Nonce++
	default:
		res.add(e.enter(ctx, c, next)...)
	}
	return res, nil
}

// Start begins flow name at its start step, parking or dropping the flow in
// progress, and returns the first prompt.
func (e *Engine) Start(ctx context.Context, c *Ctx, name string) ([]Reply, error) {
	f, ok := e.flows[name]
	if !ok {
		return nil, fmt.Errorf("conversations: unknown flow %q", name)
	}
	s := c.Session
	if s.InFlow() && s.Flow != name {
		if cur, ok := e.flows[s.Flow]; ok && cur.KeepAside {
			if s.Parked == nil {
				s.Parked = map[string]Parked{}
			}
			s.Parked[s.Flow] = Parked{Step: s.Step, Data: s.Data, At: c.Now}
		}
	}
	s.clear()
	s.Flow = f.Name
	return e.enter(ctx, c, f.Start), nil
}

func (e *Engine) enter(ctx context.Context, c *Ctx, step string) []Reply {
	c.Session.Step = step
	c.Session.Nonce++
	_, st, _ := e.current(c.Session)
	return st.Enter(ctx, c)
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
func (e *Engine) FlowTitle(name string) Text {
	if f, ok := e.flows[name]; ok && f.Title.ID != "" {
		return f.Title
	}
	return Text{ID: "flow.unknown"}
}

func (e *Engine) load(ctx context.Context, userID int64) (*Session, error) {
	raw, err := e.sessions.LoadSession(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("conversations: load session: %w", err)
	}
	s := &Session{UserID: userID}
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
		return &Session{UserID: userID, Version: v.Version}, nil
	}
	if !s.Expires.IsZero() && e.now().After(s.Expires) {
		return &Session{UserID: userID, Version: s.Version}, nil
	}
	return s, nil
}

// save writes the session with the version check. Every handled input
// refreshes the expiry ("refreshed on use").
func (e *Engine) save(ctx context.Context, s *Session, loaded int64) error {
	now := e.now()
	s.Version = loaded + 1
	s.Updated = now
	s.Expires = now.Add(e.ttl)
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
