package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// DefaultToken is the token used when WithToken is not given.
	DefaultToken = "123456789:TEST-token-kinerjabot"
	// DefaultBotUsername is the bot's username when WithBotUsername is not
	// given.
	DefaultBotUsername = "kinerjabot_test_bot"
	// BotFirstName is the first_name getMe answers.
	BotFirstName = "Kinerjabot"

	maxBodyBytes = 50 << 20 // Telegram's upload limit for bots
)

// Option configures a Server.
type Option func(*Server)

// WithToken sets the bot token the server accepts (default DefaultToken).
// The bot id is the part before the colon.
func WithToken(tok string) Option { return func(s *Server) { s.token = tok } }

// WithBotUsername sets the bot's username (default DefaultBotUsername).
func WithBotUsername(u string) Option { return func(s *Server) { s.botUsername = u } }

// WithRateLimit enables the flood limits: global messages per second over
// all chats, perChat messages per second in one chat with a burst of
// perChatBurst. Zero disables a limit (the default). See SetRateLimit.
func WithRateLimit(global float64, perChat float64, perChatBurst int) Option {
	return func(s *Server) { s.rl.configure(global, perChat, perChatBurst) }
}

// WithClock sets the clock used for message dates, edit dates and the
// 15-second callback query expiry (default time.Now). Rate limits and the
// Stats windows always use the real clock.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithHTTPWebhooks lets setWebhook take plain http URLs on any port (a
// test's httptest server). Without it, as on Telegram, the URL must be
// https on port 443, 80, 88 or 8443.
func WithHTTPWebhooks() Option { return func(s *Server) { s.httpWebhooks = true } }

// Server is a fake Telegram Bot API server listening on 127.0.0.1. All its
// methods are safe for concurrent use.
type Server struct {
	ts          *httptest.Server
	handler     http.Handler
	token       string
	botID       int64
	botUsername string
	now         func() time.Time
	fetch       *http.Client // for http(s) file URLs and webhooks
	// httpWebhooks: setWebhook takes http URLs and any port (WithHTTPWebhooks).
	httpWebhooks bool

	baseCtx    context.Context
	cancelBase context.CancelFunc
	closeCh    chan struct{}
	closeOnce  sync.Once
	wg         sync.WaitGroup

	mu     sync.Mutex
	closed bool

	// update queue, long polling, webhook
	queue        []*pendingUpdate
	updHistory   map[int64]*pendingUpdate // every update ever enqueued, for Redeliver
	nextUpdateID int64
	updSignal    chan struct{}
	allowed      []string
	poller       *poller
	webhook      webhookState
	targetURLs   []string
	targets      []*whTarget
	rr           int

	// chats and their members
	users     map[int64]*User
	groups    map[int64]*Group
	chats     map[int64]*chat
	files     map[string]*storedFile
	filePaths map[string]*storedFile
	fileSeq   int
	callbacks map[string]*callback
	cbSeq     int64
	commands  map[string]map[string][]BotCommand // scope key -> language -> list
	menu      map[int64]MenuButton               // setChatMenuButton, by chat (0: the default)

	faults   []*faultEntry
	requests []Request
	stats    Stats
	rl       rateLimiter
}

// NewServer starts a fake Bot API server on 127.0.0.1 with a random port.
// Close it when done.
//
// Its update ids start at a random number (as Telegram's do after a quiet
// week) and then increase: a bot started again against a new server never
// sees an id it handled in the last hours, which it would drop as a
// duplicate.
func NewServer(opts ...Option) *Server {
	s := &Server{
		token:        DefaultToken,
		botUsername:  DefaultBotUsername,
		now:          time.Now,
		closeCh:      make(chan struct{}),
		updSignal:    make(chan struct{}),
		nextUpdateID: firstUpdateID(),
		users:        map[int64]*User{},
		groups:       map[int64]*Group{},
		chats:        map[int64]*chat{},
		files:        map[string]*storedFile{},
		filePaths:    map[string]*storedFile{},
		callbacks:    map[string]*callback{},
		commands:     map[string]map[string][]BotCommand{},
		stats:        Stats{Calls: map[string]int{}},
		fetch:        &http.Client{Timeout: 30 * time.Second},
	}
	s.rl.init()
	for _, o := range opts {
		o(s)
	}
	s.botID = 123456789
	if i := strings.IndexByte(s.token, ':'); i > 0 {
		if id, err := strconv.ParseInt(s.token[:i], 10, 64); err == nil {
			s.botID = id
		}
	}
	s.baseCtx, s.cancelBase = context.WithCancel(context.Background())
	s.handler = http.HandlerFunc(s.serveHTTP)
	s.ts = httptest.NewServer(s.handler)
	s.wg.Add(1)
	go s.webhookLoop()
	return s
}

// URL is the base URL to give to bot.WithServerURL.
func (s *Server) URL() string { return s.ts.URL }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.token }

// BotID is the bot's user id (the token's prefix).
func (s *Server) BotID() int64 { return s.botID }

// BotUsername is the bot's username.
func (s *Server) BotUsername() string { return s.botUsername }

// Handler returns the server's HTTP handler so it can also be mounted on
// another mux (the paths are /bot{token}/{method} and
// /file/bot{token}/{path}).
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the server: pending long polls return at once, webhook
// delivery stops, waiters get ErrClosed. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.closeCh)
		s.notifyUpdatesLocked()
		for _, c := range s.chats {
			c.notify()
		}
		s.mu.Unlock()
		s.cancelBase()
		s.ts.Close()
		s.wg.Wait()
	})
}

// SetRateLimit changes the flood limits at run time (zero disables a
// limit). The global limit allows at most floor(global) deliveries in any
// sliding 1-second window (1 per 1/global seconds when global < 1); the
// per-chat limit is a token bucket of perChat tokens per second holding up
// to perChatBurst tokens (at least 1), so one chat never gets more than
// perChatBurst+perChat messages in any 1-second window.
func (s *Server) SetRateLimit(global, perChat float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rl.configure(global, perChat, burst)
}

// InjectFault makes the next f.Times calls of method ("" = any method;
// names are case-insensitive) fail as f describes. Faults are used in the
// order they were injected.
func (s *Server) InjectFault(method string, f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultEntry{method: strings.ToLower(method), f: f, left: f.Times})
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Calls = make(map[string]int, len(s.stats.Calls))
	for k, v := range s.stats.Calls {
		st.Calls[k] = v
	}
	return st
}

// Requests returns the recorded calls of method (case-insensitive; "" =
// all calls), oldest first.
func (s *Server) Requests(method string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if method == "" || strings.EqualFold(r.Method, method) {
			out = append(out, r)
		}
	}
	return out
}

// BlockBy marks that user userID blocked the bot: sends to that chat fail
// with 403 "Forbidden: bot was blocked by the user". The user is created if
// needed.
func (s *Server) BlockBy(userID int64) {
	u := s.User(userID)
	s.mu.Lock()
	u.blocked = true
	s.mu.Unlock()
}

// Unblock undoes BlockBy.
func (s *Server) Unblock(userID int64) {
	u := s.User(userID)
	s.mu.Lock()
	u.blocked = false
	s.mu.Unlock()
}

// Deactivate marks the user's account as deleted: sends fail with 403
// "Forbidden: user is deactivated".
func (s *Server) Deactivate(userID int64) {
	u := s.User(userID)
	s.mu.Lock()
	u.deactivated = true
	s.mu.Unlock()
}

// apiError is a Telegram error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.desc) }

func badRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + desc}
}

func forbidden(desc string) *apiError {
	return &apiError{code: http.StatusForbidden, desc: "Forbidden: " + desc}
}

func conflict(desc string) *apiError {
	return &apiError{code: http.StatusConflict, desc: "Conflict: " + desc}
}

func tooMany(retryAfter int) *apiError {
	if retryAfter < 1 {
		retryAfter = 1
	}
	return &apiError{code: http.StatusTooManyRequests, desc: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), retryAfter: retryAfter}
}

// okDesc is a successful result that also carries a description, like
// setWebhook's "Webhook was set".
type okDesc struct {
	result any
	desc   string
}

type faultEntry struct {
	method string
	f      Fault
	left   int
}

type methodFunc func(s *Server, c *call) (any, error)

type methodDef struct {
	name string
	fn   methodFunc
}

var methodTable = map[string]methodDef{}

func register(name string, fn methodFunc) {
	methodTable[strings.ToLower(name)] = methodDef{name: name, fn: fn}
}

func init() {
	register("getMe", (*Server).mGetMe)
	register("getUpdates", (*Server).mGetUpdates)
	register("setWebhook", (*Server).mSetWebhook)
	register("deleteWebhook", (*Server).mDeleteWebhook)
	register("getWebhookInfo", (*Server).mGetWebhookInfo)
	register("sendMessage", (*Server).mSendMessage)
	register("sendPhoto", (*Server).mSendPhoto)
	register("sendDocument", (*Server).mSendDocument)
	register("editMessageText", (*Server).mEditMessageText)
	register("editMessageCaption", (*Server).mEditMessageCaption)
	register("editMessageReplyMarkup", (*Server).mEditMessageReplyMarkup)
	register("deleteMessage", (*Server).mDeleteMessage)
	register("answerCallbackQuery", (*Server).mAnswerCallbackQuery)
	register("getFile", (*Server).mGetFile)
	register("setMyCommands", (*Server).mSetMyCommands)
	register("setChatMenuButton", (*Server).mSetChatMenuButton)
	register("getChatMenuButton", (*Server).mGetChatMenuButton)
	register("getMyCommands", (*Server).mGetMyCommands)
	register("deleteMyCommands", (*Server).mDeleteMyCommands)
	register("sendChatAction", (*Server).mSendChatAction)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	slash := strings.IndexByte(rest, '/')
	if !ok || slash < 0 {
		writeJSONError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	token, method := rest[:slash], rest[slash+1:]
	method = strings.TrimPrefix(method, "test/") // go-telegram's test environment
	at := time.Now()
	rec := Request{Method: method, At: at}

	if token != s.token {
		rec.Status, rec.Response = writeJSONError(w, &apiError{code: 401, desc: "Unauthorized"})
		s.record(rec)
		return
	}
	def, known := methodTable[strings.ToLower(method)]
	if !known || method == "" {
		rec.Status, rec.Response = writeJSONError(w, &apiError{code: 404, desc: "Not Found"})
		s.mu.Lock()
		s.stats.Calls[method]++
		s.mu.Unlock()
		s.record(rec)
		return
	}
	rec.Method = def.name

	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	c, perr := parseCall(r)
	if c != nil {
		rec.Params = c.params
		for k, f := range c.files {
			if rec.Files == nil {
				rec.Files = map[string][]byte{}
				rec.FileNames = map[string]string{}
			}
			rec.Files[k] = f.data
			rec.FileNames[k] = f.name
		}
	}

	s.mu.Lock()
	s.stats.Calls[def.name]++
	fault := s.takeFaultLocked(def.name)
	s.mu.Unlock()

	if fault != nil && fault.Delay > 0 {
		t := time.NewTimer(fault.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.closeCh:
		}
		t.Stop()
	}
	if fault != nil && fault.Status != 0 && !fault.AfterHandling {
		rec.Status, rec.Response = writeFault(w, fault)
		s.record(rec)
		return
	}

	// The request is in the log before its effects can be seen (a user
	// reading the message it sent): a test that saw the effect finds the
	// request too. Its status and answer are filled in once written.
	i := s.record(rec)
	var result any
	var err error
	if perr != nil {
		err = perr
	} else {
		c.ctx = r.Context()
		result, err = def.fn(s, c)
	}
	switch {
	case fault != nil && fault.Status != 0:
		rec.Status, rec.Response = writeFault(w, fault)
	case err != nil:
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{code: 500, desc: "Internal Server Error: " + err.Error()}
		}
		rec.Status, rec.Response = writeJSONError(w, ae)
	default:
		rec.Status, rec.Response = writeJSONOK(w, result)
	}
	s.answered(i, rec.Status, rec.Response)
}

// record logs a request and returns its place in the log.
func (s *Server) record(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	return len(s.requests) - 1
}

// answered fills in the status and answer of the request logged at i.
func (s *Server) answered(i, status int, response string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[i].Status, s.requests[i].Response = status, response
}

func (s *Server) takeFaultLocked(method string) *Fault {
	lower := strings.ToLower(method)
	for i, fe := range s.faults {
		if fe.method != "" && fe.method != lower {
			continue
		}
		fe.left--
		if fe.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		s.stats.Faults++
		f := fe.f
		return &f
	}
	return nil
}

func writeJSONOK(w http.ResponseWriter, result any) (int, string) {
	env := struct {
		OK          bool   `json:"ok"`
		Result      any    `json:"result"`
		Description string `json:"description,omitempty"`
	}{OK: true, Result: result}
	if d, ok := result.(okDesc); ok {
		env.Result, env.Description = d.result, d.desc
	}
	body, err := json.Marshal(env)
	if err != nil {
		return writeJSONError(w, &apiError{code: 500, desc: "Internal Server Error: " + err.Error()})
	}
	return writeRaw(w, http.StatusOK, "application/json", body)
}

type errParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func writeJSONError(w http.ResponseWriter, e *apiError) (int, string) {
	env := struct {
		OK          bool       `json:"ok"`
		ErrorCode   int        `json:"error_code"`
		Description string     `json:"description"`
		Parameters  *errParams `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.desc}
	if e.retryAfter > 0 {
		env.Parameters = &errParams{RetryAfter: e.retryAfter}
	}
	body, _ := json.Marshal(env)
	return writeRaw(w, e.code, "application/json", body)
}

func writeRaw(w http.ResponseWriter, status int, ctype string, body []byte) (int, string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return status, string(body)
}

func writeFault(w http.ResponseWriter, f *Fault) (int, string) {
	switch f.Status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		line := fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status))
		body := "<html><head><title>" + line + "</title></head><body><center><h1>" + line +
			"</h1></center><hr><center>nginx</center></body></html>\r\n"
		return writeRaw(w, f.Status, "text/html", []byte(body))
	case http.StatusTooManyRequests:
		ra := f.RetryAfter
		if ra <= 0 {
			ra = 1
		}
		return writeJSONError(w, tooMany(ra))
	}
	desc := http.StatusText(f.Status)
	switch f.Status {
	case 400:
		desc = "Bad Request"
	case 500:
		desc = "Internal Server Error"
	}
	if desc == "" {
		desc = "Error"
	}
	return writeJSONError(w, &apiError{code: f.Status, desc: desc})
}

// mGetMe answers getMe.
func (s *Server) mGetMe(c *call) (any, error) {
	return wireMe{ID: s.botID, IsBot: true, FirstName: BotFirstName, Username: s.botUsername, CanJoinGroups: true}, nil
}

func (s *Server) botWireUser() *wireUser {
	return &wireUser{ID: s.botID, IsBot: true, FirstName: BotFirstName, Username: s.botUsername}
}

// firstUpdateID is a new server's first update id: random between 10^8 and
// 1.1·10^9, leaving room for a billion updates below 2^31.
func firstUpdateID() int64 { return 100_000_000 + mrand.Int64N(1_000_000_000) }
