// Package bot is kinerjabot's Telegram transport on go-telegram/bot: it takes
// updates in (its own getUpdates loop), runs them through the middleware
// (recover, log, dedupe, per-user serialisation, user and language),
// routes commands, callbacks, text, contacts and files into the
// conversations engine, renders the replies through locales, and sends
// everything through one rate-limited Sender.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
	"kinerjabot/slot"
)

// Engine handles one input of one user.
type Engine interface {
	Handle(ctx context.Context, u *conversations.User, in conversations.Input) (conversations.Result, error)
}

// Directory finds people and records that a chat is (un)reachable.
type Directory interface {
	PegawaiByTelegramID(ctx context.Context, telegramID int64) (*kinerja.Pegawai, error)
	SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error
}

// Coordinator is the shared state that lets several bot processes work on
// one token safely (Redis).
type Coordinator interface {
	Limiter
	// BeginUpdate claims an update for this process (token "": handled
	// already, skip it), takes its user's lock and reads the user's session
	// and preferences, in one round trip; EndUpdate stores the session the
	// handling left (session nil: none; only over version expect, else
	// stale), marks the update done, frees the lock and takes it out of
	// the stash, in one more.
	// With ask set, the begin also reserves the send slot of the update's
	// first reply (the answer says what the limiter said).
	BeginUpdateSlot(ctx context.Context, updateID, userID int64, busyFor, lockFor time.Duration, ask *slot.Ask) (token string, session []byte, prefs map[string]string, got slot.Answer, err error)
	EndUpdate(ctx context.Context, updateID, userID int64, token string, keep time.Duration, session []byte, expect int64, ttl time.Duration) (stale bool, err error)
	Stash
	Once(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Config are the bot's settings.
type Config struct {
	// Checkpoint, when set, is called at named points of an update's
	// course: "stashed" (taken from Telegram and stashed), "handling"
	// (before the engine), "handled" (the engine's work done, nothing sent
	// and the session not stored yet). The crash test kills the process there.
	Checkpoint func(point string)

	Token          string
	APIURL         string        // Bot API server, default https://api.telegram.org
	PollTimeout    time.Duration // getUpdates long-poll timeout (default 25 s)
	Workers        int           // users handled at once, each in order (default 64)
	HandlerTimeout time.Duration // deadline of one update's handling (default 20 s); the user lock lives 10 s longer
	Sender         SenderConfig
	Location       *time.Location // business zone (KINERJABOT_TZ); times in messages are shown in it
	HTTPClient     *http.Client   // optional
	// DrainTimeout bounds Run's drain once its context ends (0: as long as
	// the updates in hand take). At the bound no further update is started
	// (those not started stay in the stash for the next process) and the
	// handlings still running are abandoned, as a crash would leave them:
	// their "in progress" markers are taken over once this process is gone.
	DrainTimeout time.Duration
	// ConfirmTimeout bounds the confirming getUpdates after the drain
	// (default 5 s).
	ConfirmTimeout time.Duration
	// Metrics receives the updates, Telegram calls and limiter waits
	// counted (nil: none).
	Metrics Metrics
	Webhook WebhookConfig // URL set: updates come by webhook (WebhookHandler), not getUpdates
	// MiniAppURL, when set, becomes the chat's menu button (the Mini App,
	// package miniapp) for every private chat.
	MiniAppURL string
}

func (c *Config) defaults() {
	if c.APIURL == "" {
		c.APIURL = "https://api.telegram.org"
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	if c.PollTimeout <= 0 {
		c.PollTimeout = 25 * time.Second
	}
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.HandlerTimeout <= 0 {
		c.HandlerTimeout = 20 * time.Second
	}
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.ConfirmTimeout <= 0 {
		c.ConfirmTimeout = 5 * time.Second
	}
}

// Deps are what the bot talks to.
type Deps struct {
	Engine    Engine
	Directory Directory
	Coord     Coordinator
	Catalog   *locales.Catalog
	Log       *slog.Logger
	// Files are the files the bot keeps itself (msg.Media.Berkas: the
	// Mini App's evidence); nil: such a file is not sent, and logged.
	Files Files
}

// Files keeps files for the bot: File returns one (its name, content, and
// Telegram's id once the bot has sent it), SetFileID records that id.
type Files interface {
	File(ctx context.Context, id int64) (name string, data []byte, fileID string, err error)
	SetFileID(ctx context.Context, id int64, fileID string) error
}

// Bot is the Telegram side of kinerjabot.
type Bot struct {
	cfg      Config
	deps     Deps
	log      *slog.Logger
	api      *tg.Bot
	sender   *Sender
	render   *Renderer
	username string
	// keyCommands maps every rendered reply-keyboard label, in every
	// language, to the command it stands for.
	keyCommands map[string]string
	// intake is the polling loop while Run runs (Backlog).
	intake   atomic.Pointer[intake]
	hook     atomic.Pointer[webhookIntake] // set while Run takes webhook updates
	refusals refusalLog
}

func (b *Bot) metrics() Metrics {
	if b.cfg.Metrics == nil {
		return noMetrics{}
	}
	return b.cfg.Metrics
}

const dedupeKeep = 24 * time.Hour

// New connects to the Bot API (getMe) and builds the bot.
func New(ctx context.Context, cfg Config, deps Deps) (*Bot, error) {
	cfg.defaults()
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{cfg: cfg, deps: deps, log: deps.Log, keyCommands: map[string]string{}, render: NewRenderer(deps.Catalog, cfg.Location)}
	for id, cmd := range conversations.KeyCommands {
		for _, lang := range locales.Languages {
			label, err := b.render.Text(msg.T(id), lang)
			if err != nil {
				return nil, fmt.Errorf("bot: keyboard label %s: %w", id, err)
			}
			b.keyCommands[label] = cmd
		}
	}
	api, err := tg.New(cfg.Token,
		tg.WithServerURL(cfg.APIURL),
		tg.WithHTTPClient(cfg.PollTimeout+10*time.Second, newAPIClient(cfg.HTTPClient, cfg.Workers+64)),
		tg.WithSkipGetMe(),
		tg.WithNotAsyncHandlers(),
		tg.WithDefaultHandler(b.route),
		tg.WithMiddlewares(b.recoverPanic, b.answerCallbacks, b.logUpdate, b.begin, b.loadUser),
		tg.WithErrorsHandler(func(err error) { b.log.Error("telegram client error", "err", err) }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b.api = api
	me, err := api.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: getMe: %w", err)
	}
	b.username = me.Username
	b.sender = NewSender(api, deps.Coord, cfg.Sender, b.log, func(ctx context.Context, chatID int64) {
		if chatID > 0 { // private chats have the user's id
			if err := deps.Directory.SetUnreachable(ctx, chatID, true); err != nil {
				b.log.ErrorContext(ctx, "could not mark user unreachable", "chat_id", chatID, "err", err)
			}
		}
	})
	b.sender.SetMetrics(cfg.Metrics)
	return b, nil
}

func (b *Bot) checkpoint(point string) {
	if b.cfg.Checkpoint != nil {
		b.cfg.Checkpoint(point)
	}
}

// Username is the bot's @username without the @.
func (b *Bot) Username() string { return b.username }

// Sender is the bot's outbound sender (for jobs that push messages).
func (b *Bot) Sender() *Sender { return b.sender }

// WaitBulk takes a token of the bulk lane: a push that nobody waits for
// (a reminder) waits here first, then checks its reason, then is
// delivered, so pushes never take the whole rate from people talking to
// the bot.
func (b *Bot) WaitBulk(ctx context.Context) error { return b.sender.WaitBulk(ctx) }

// HandleUpdate runs one update through the middleware and routing, in the
// caller's goroutine. The intake calls it from the per-user shards; tests and
// a webhook handler may call it directly.
func (b *Bot) HandleUpdate(ctx context.Context, u *models.Update) {
	ctx, cancel := context.WithTimeout(ctx, b.cfg.HandlerTimeout)
	defer cancel()
	b.api.ProcessUpdate(ctx, u) // recoverPanic, the outermost middleware, catches every panic
}

// Run registers the commands and handles updates until ctx ends, then lets
// the updates already taken finish and confirms them.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.registerCommands(ctx); err != nil {
		b.log.WarnContext(ctx, "could not register the command list", "err", err)
	}
	if b.cfg.MiniAppURL != "" {
		if err := b.setMenuButton(ctx); err != nil {
			b.log.WarnContext(ctx, "could not set the Mini App as the menu button", "err", err)
		}
	}
	if b.cfg.Webhook.URL != "" {
		return b.runWebhook(ctx)
	}
	if _, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "could not remove a webhook before polling", "err", err)
	}
	client := b.cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: b.cfg.PollTimeout + 10*time.Second}
	}
	in := &intake{
		p: &poller{
			url:     b.cfg.APIURL + "/bot" + b.cfg.Token + "/getUpdates",
			client:  client,
			timeout: b.cfg.PollTimeout,
			log:     b.log,
		},
		stash:    b.deps.Coord,
		log:      b.log,
		stashed:  func() { b.checkpoint("stashed") },
		maxAhead: max(b.cfg.Workers*16, 256),
		doneCh:   make(chan struct{}, 1),
		metrics:  b.metrics(),
	}
	b.intake.Store(in)
	defer b.intake.Store(nil)
	// Handlers run on a context that outlives the intake's, so updates
	// already taken are finished at shutdown, each within its deadline.
	work := context.WithoutCancel(ctx)
	in.d = newDispatcher(b.cfg.Workers, func(u *models.Update) { b.HandleUpdate(work, u) }, in.finished)
	b.log.InfoContext(ctx, "bot polling for updates", "bot", b.username, "workers", b.cfg.Workers)
	offset := in.run(ctx)
	// Draining: no more getUpdates; the updates taken are finished (each
	// ends normally: done marker, unstashed, lock released), up to the
	// drain's bound.
	b.log.Info("bot draining: polling stopped, finishing the updates in hand", "in_hand", in.busy())
	drained := make(chan struct{})
	go func() {
		in.d.wait()
		close(drained)
	}()
	var cut <-chan time.Time
	if b.cfg.DrainTimeout > 0 {
		t := time.NewTimer(b.cfg.DrainTimeout)
		defer t.Stop()
		cut = t.C
	}
	select {
	case <-drained:
	case <-cut:
		notStarted := in.d.halt()
		b.log.Warn("drain timed out: updates not started stay stashed for the next process, running ones are abandoned",
			"not_started", notStarted, "running", in.busy()-notStarted)
	}
	cctx, cancel := context.WithTimeout(context.Background(), b.cfg.ConfirmTimeout)
	defer cancel()
	in.confirm(cctx, offset)
	b.log.Info("bot stopped")
	return nil
}

// registerCommands publishes the command list in Indonesian (the default)
// and English.
func (b *Bot) registerCommands(ctx context.Context) error {
	var errs []error
	for _, lang := range locales.Languages {
		cmds := make([]models.BotCommand, 0, len(menuCommands))
		for _, c := range menuCommands {
			desc, err := b.render.Text(msg.T("command."+c+"_desc"), lang)
			if err != nil {
				return err
			}
			cmds = append(cmds, models.BotCommand{Command: c, Description: desc})
		}
		p := &tg.SetMyCommandsParams{Commands: cmds}
		if lang != locales.Reference {
			p.LanguageCode = lang
		}
		if err := b.sender.SetMyCommands(ctx, p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// setMenuButton makes the chat's menu button open the Mini App (its label
// in the reference language: Telegram has one default for every chat).
func (b *Bot) setMenuButton(ctx context.Context) error {
	text, err := b.render.Text(msg.T("app.menu"), locales.Reference)
	if err != nil {
		return err
	}
	return b.sender.do(ctx, "setChatMenuButton", 0, func(ctx context.Context) error {
		_, err := b.api.SetChatMenuButton(ctx, &tg.SetChatMenuButtonParams{MenuButton: models.MenuButtonWebApp{
			Type: models.MenuButtonTypeWebApp, Text: text, WebApp: models.WebAppInfo{URL: b.cfg.MiniAppURL}}})
		return err
	})
}

// menuCommands are the commands shown in Telegram's menu, in order. Each
// has a "command.<name>_desc" message.
var menuCommands = []string{"lapor", "riwayat", "nilai", "persetujuan", "penilaian", "pengaturan", "start", "bahasa", "batal", "bantuan"}
