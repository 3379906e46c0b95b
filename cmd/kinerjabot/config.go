package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/reminders"
)

// Config is everything kinerjabot reads from the environment, parsed and
// validated once, here.
type Config struct {
	TelegramToken  string
	TelegramAPIURL string
	WebhookURL     string // TELEGRAM_WEBHOOK_URL: set, updates come by webhook (see webhook.go)
	WebhookSecret  string // TELEGRAM_WEBHOOK_SECRET
	DatabaseURL    string
	RedisURL       string
	RedisPrefix    string
	Location       *time.Location
	HTTPAddr       string
	MetricsAddr    string // GET /metrics; "": off; HTTP_ADDR's value: on its server
	MiniAppURL     string // MINIAPP_URL: the Mini App's public https base (served at /app/ on HTTP_ADDR); "": off
	LogLevel       slog.Level
	LogFormat      string

	RateGlobal       int
	RatePerChat      int
	RatePerChatBurst int
	Workers          int
	SessionTTL       time.Duration
	Rules            kinerja.Rules
	RatingQuarterly  bool
	// AutoApproveAtDeadline: at the validation deadline the month's waiting
	// reports are approved by the system instead of escalated.
	AutoApproveAtDeadline bool
	Score                 kinerja.ScoreConfig
	RateBulk              int
	Reminders             reminders.Config
	// QuickReasons are the reasons offered as buttons when a supervisor
	// returns or rejects a report (APPROVAL_REASONS); empty: none.
	QuickReasons []string
	// ShutdownTimeout bounds a drain (SIGTERM, SIGINT): the updates in
	// hand and River's running jobs get this long, then the process exits.
	ShutdownTimeout time.Duration
}

// envVar documents one variable for --help and the README.
type envVar struct {
	name, def, help string
}

var envVars = []envVar{
	{"TELEGRAM_BOT_TOKEN", "", "bot token from @BotFather (required for serve)"},
	{"TELEGRAM_API_URL", "https://api.telegram.org", "Bot API server (e.g. a self-hosted one)"},
	{"TELEGRAM_WEBHOOK_URL", "", "public https URL for updates by webhook (POST /telegram/webhook on HTTP_ADDR), with TELEGRAM_WEBHOOK_SECRET (1-256 of A-Za-z0-9_-); empty: polling"},
	{"TELEGRAM_WEBHOOK_SECRET", "", "required with TELEGRAM_WEBHOOK_URL: 1-256 of A-Za-z0-9_-, checked on every webhook request"},
	{"DATABASE_URL", "postgres://postgres@localhost:5432/kinerjabot?sslmode=disable", "PostgreSQL"},
	{"REDIS_URL", "redis://localhost:6379/0", "Redis"},
	{"REDIS_PREFIX", "kb:", "prefix of every Redis key"},
	{"KINERJABOT_TZ", "Asia/Jakarta", "zone of business dates"},
	{"HTTP_ADDR", "127.0.0.1:8080", "address of /healthz and /readyz (the Docker image sets :8080)"},
	{"METRICS_ADDR", "", "address of GET /metrics (Prometheus); empty: off; may equal HTTP_ADDR"},
	{"MINIAPP_URL", "", "public https address of the Mini App (served at /app/ on HTTP_ADDR), e.g. https://kinerja.example.go.id/app/; /lapor and the chat's menu button open it; empty: off"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LOG_FORMAT", "json", "json or text"},
	{"TELEGRAM_RATE_GLOBAL", "30", "messages per second over all chats"},
	{"TELEGRAM_RATE_PER_CHAT", "1", "messages per second in one chat"},
	{"TELEGRAM_RATE_PER_CHAT_BURST", "3", "short burst allowed in one chat"},
	{"BOT_WORKERS", "64", "users handled at once (each user's updates stay in order)"},
	{"SESSION_TTL", "24h", "how long an idle conversation is kept"},
	{"SHUTDOWN_TIMEOUT", "20s", "on SIGTERM/SIGINT: how long the updates in hand and running jobs may take before the process exits (1s to 10m)"},
	{"REPORT_BACKDATE_DAYS", "3", "how many days back a report may be dated"},
	{"REPORT_MAX_MINUTES_PER_DAY", "660", "most minutes reported for one day"},
	{"REPORT_MIN_DESCRIPTION", "5", "shortest description, in characters"},
	{"REPORT_MAX_EVIDENCE", "10", "most evidence files on one report"},
	{"WORKING_DAYS", "sen-jum", "working days, e.g. sen-jum or sen,sel,rab,kam,jum,sab"},
	{"RATING_PERIOD", "bulan", "period supervisors rate: bulan (month) or triwulan (quarter)"},
	{"SCORE_MONTHLY_TARGET", "6750", "minutes target of a month, at most"},
	{"SCORE_DAILY_TARGET", "300", "minutes target per available working day"},
	{"SCORE_MAX_PRODUCTIVITY", "100", "cap of the productivity figure, in %"},
	{"SCORE_MAX_CAPAIAN", "120", "cap of an indikator's capaian, in %"},
	{"SCORE_TURUN_RULE", "selisih", "lower-is-better formula: selisih (2 - r/t) or rasio (t/r)"},
	{"TPP_BANDS", "90=100,80=85,70=70,60=55,50=40,40=25,0=0", "TPP table: lowest score=percent paid"},
	{"TPP_SOURCE", "produktivitas", "score feeding the TPP band: produktivitas or capaian_utama"},
	{"TELEGRAM_RATE_BULK", "25", "reminders per second at most, under TELEGRAM_RATE_GLOBAL; pushes take only the slots replies leave"},
	{"REMINDER_DAILY_AT", "15.30", "default hour of the daily nudge (people choose their own in /pengaturan)"},
	{"REMINDER_DAILY_SPREAD", "60m", "the daily nudge of people without an hour of their own comes within this long after REMINDER_DAILY_AT, at a minute fixed per NIP (0: all at once)"},
	{"REMINDER_MORNING_AT", "09.00", "hour (KINERJABOT_TZ) of the weekly note, deadline warning, digest and escalation"},
	{"REMINDER_WEEKLY_DAY", "jum", "day of the weekly shortfall note: sen, sel, rab, kam, jum, sab or min"},
	{"VALIDATION_DEADLINE_DAY", "5", "validation deadline: this day of the next month"},
	{"AUTO_APPROVE_AT_DEADLINE", "false", "at the validation deadline, approve the month's waiting reports as the system (else escalate them)"},
	{"REMINDER_WARNING_DAYS", "3", "deadline warning this many working days before the deadline (H-3)"},
	{"REMINDER_DIGEST_AFTER", "24h", "the supervisors' digest lists approvals waiting at least this long"},
	{"REMINDER_ESCALATE_AFTER", "3", "working days without a report before the supervisor is told"},
	{"APPROVAL_REASONS", strings.Join(conversations.DefaultQuickReasons, "|"),
		"quick reasons offered as buttons on Kembalikan and Tolak, separated by | (- for none); a typed reason is always possible"},
}

// ConfigError names the variable that is wrong.
type ConfigError struct {
	Var, Value, Why string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("config: %s=%q: %s", e.Var, e.Value, e.Why)
}

// LoadConfig reads the environment through getenv. requireToken is set for
// the commands that talk to Telegram.
func LoadConfig(getenv func(string) string, requireToken bool) (Config, error) {
	env := &envReader{getenv: getenv}
	get := env.get
	var c Config
	c.TelegramToken = get("TELEGRAM_BOT_TOKEN")
	if requireToken {
		if c.TelegramToken == "" {
			return c, &ConfigError{"TELEGRAM_BOT_TOKEN", "", "required: the token @BotFather gave"}
		}
		if id, secret, ok := strings.Cut(c.TelegramToken, ":"); !ok || secret == "" || !isDigits(id) {
			return c, &ConfigError{"TELEGRAM_BOT_TOKEN", "(hidden)", "must look like 123456:ABC-DEF..."}
		}
	}
	c.TelegramAPIURL = strings.TrimRight(get("TELEGRAM_API_URL"), "/")
	if err := checkURL("TELEGRAM_API_URL", c.TelegramAPIURL, "http", "https"); err != nil {
		return c, err
	}
	if err := c.loadWebhook(get); err != nil {
		return c, err
	}
	c.DatabaseURL = get("DATABASE_URL")
	if err := checkURL("DATABASE_URL", c.DatabaseURL, "postgres", "postgresql"); err != nil {
		return c, err
	}
	c.RedisURL = get("REDIS_URL")
	if err := checkURL("REDIS_URL", c.RedisURL, "redis", "rediss"); err != nil {
		return c, err
	}
	c.RedisPrefix = get("REDIS_PREFIX")
	tz := get("KINERJABOT_TZ")
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		return c, &ConfigError{"KINERJABOT_TZ", tz, "not an IANA time zone such as Asia/Jakarta"}
	}
	c.Location = loc
	c.HTTPAddr = get("HTTP_ADDR")
	if _, port, err := splitHostPort(c.HTTPAddr); err != nil || port == "" {
		return c, &ConfigError{"HTTP_ADDR", c.HTTPAddr, "must be host:port or :port"}
	}
	c.MetricsAddr = get("METRICS_ADDR")
	if _, port, err := splitHostPort(c.MetricsAddr); c.MetricsAddr != "" && (err != nil || port == "") {
		return c, &ConfigError{"METRICS_ADDR", c.MetricsAddr, "must be host:port or :port, or empty (off)"}
	}
	c.MiniAppURL = get("MINIAPP_URL")
	if u, err := url.Parse(c.MiniAppURL); c.MiniAppURL != "" && (err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "") {
		return c, &ConfigError{"MINIAPP_URL", c.MiniAppURL, "must be a public https URL such as https://kinerja.example.go.id/app/, or empty (off)"}
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL"))); err != nil {
		return c, &ConfigError{"LOG_LEVEL", get("LOG_LEVEL"), "must be debug, info, warn or error"}
	}
	c.LogFormat = get("LOG_FORMAT")
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return c, &ConfigError{"LOG_FORMAT", c.LogFormat, "must be json or text"}
	}
	env.readInt(&c.RateGlobal, "TELEGRAM_RATE_GLOBAL", 1, 10000)
	env.readInt(&c.RatePerChat, "TELEGRAM_RATE_PER_CHAT", 1, 1000)
	env.readInt(&c.RatePerChatBurst, "TELEGRAM_RATE_PER_CHAT_BURST", 1, 1000)
	env.readInt(&c.Workers, "BOT_WORKERS", 1, 1024)
	if env.err != nil {
		return c, env.err
	}
	ttl, err := time.ParseDuration(get("SESSION_TTL"))
	if err != nil || ttl < time.Minute {
		return c, &ConfigError{"SESSION_TTL", get("SESSION_TTL"), "must be a duration of at least 1m, e.g. 24h"}
	}
	c.SessionTTL = ttl
	grace, err := time.ParseDuration(get("SHUTDOWN_TIMEOUT"))
	if err != nil || grace < time.Second || grace > 10*time.Minute {
		return c, &ConfigError{"SHUTDOWN_TIMEOUT", get("SHUTDOWN_TIMEOUT"), "must be a duration from 1s to 10m, e.g. 20s"}
	}
	c.ShutdownTimeout = grace

	c.Rules = kinerja.DefaultRules()
	env.readInt(&c.Rules.BackDateDays, "REPORT_BACKDATE_DAYS", 0, 31)
	env.readInt(&c.Rules.MaxMinutesPerDay, "REPORT_MAX_MINUTES_PER_DAY", 1, 1440)
	env.readInt(&c.Rules.MinDescription, "REPORT_MIN_DESCRIPTION", 1, 1000)
	env.readInt(&c.Rules.MaxEvidence, "REPORT_MAX_EVIDENCE", 0, 50)
	if env.err != nil {
		return c, env.err
	}
	days, err := kinerja.ParseWorkingDays(get("WORKING_DAYS"))
	if err != nil {
		return c, &ConfigError{"WORKING_DAYS", get("WORKING_DAYS"), err.Error()}
	}
	c.Rules.WorkingDays = days
	c.Score = kinerja.DefaultScoreConfig()
	env.readInt(&c.Score.MonthlyTargetMinutes, "SCORE_MONTHLY_TARGET", 1, 44640)
	env.readInt(&c.Score.DailyTargetMinutes, "SCORE_DAILY_TARGET", 1, 1440)
	if env.err != nil {
		return c, env.err
	}
	for _, n := range []struct {
		name string
		dst  *float64
	}{{"SCORE_MAX_PRODUCTIVITY", &c.Score.MaxProductivity}, {"SCORE_MAX_CAPAIAN", &c.Score.MaxCapaian}} {
		v := get(n.name)
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 100 || f > 1000 {
			return c, &ConfigError{n.name, v, "must be a number from 100 to 1000"}
		}
		*n.dst = f
	}
	c.Score.TurunRule = kinerja.TurunRule(get("SCORE_TURUN_RULE"))
	c.Score.TPPSource = kinerja.TPPSource(get("TPP_SOURCE"))
	bands, err := kinerja.ParseTPPTable(get("TPP_BANDS"))
	if err != nil {
		return c, &ConfigError{"TPP_BANDS", get("TPP_BANDS"), err.Error()}
	}
	c.Score.TPPBands = bands
	if err := c.Score.Validate(); err != nil {
		name := "SCORE_TURUN_RULE"
		if c.Score.TurunRule == kinerja.TurunSelisih || c.Score.TurunRule == kinerja.TurunRasio {
			name = "TPP_SOURCE"
		}
		return c, &ConfigError{name, get(name), err.Error()}
	}
	switch v := get("RATING_PERIOD"); v {
	case "bulan", "month":
	case "triwulan", "quarter":
		c.RatingQuarterly = true
	default:
		return c, &ConfigError{"RATING_PERIOD", v, "must be bulan or triwulan"}
	}
	switch v := strings.ToLower(get("AUTO_APPROVE_AT_DEADLINE")); v {
	case "false", "0", "no", "tidak":
	case "true", "1", "yes", "ya":
		c.AutoApproveAtDeadline = true
	default:
		return c, &ConfigError{"AUTO_APPROVE_AT_DEADLINE", v, "must be true or false"}
	}
	if err := c.Rules.Validate(); err != nil {
		return c, &ConfigError{"REPORT_MIN_DESCRIPTION", get("REPORT_MIN_DESCRIPTION"), err.Error()}
	}
	if err := c.loadReminders(env); err != nil {
		return c, err
	}
	reasons, err := parseQuickReasons(get("APPROVAL_REASONS"))
	if err != nil {
		return c, &ConfigError{"APPROVAL_REASONS", get("APPROVAL_REASONS"), err.Error()}
	}
	c.QuickReasons = reasons
	return c, nil
}

// maxQuickReasons is how many quick reasons a card shows at most (one
// button row each); maxQuickReasonLen keeps each a button's width.
const (
	maxQuickReasons   = 8
	maxQuickReasonLen = 60
)

// parseQuickReasons reads APPROVAL_REASONS: reasons separated by "|", or
// "-" for none.
func parseQuickReasons(v string) ([]string, error) {
	if v == "-" {
		return []string{}, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range strings.Split(v, "|") {
		r = strings.Join(strings.Fields(kinerja.CleanText(r)), " ")
		switch {
		case r == "":
			return nil, fmt.Errorf("an empty reason (two | in a row, or one at an end)")
		case kinerja.Visible(r) < 3 || len([]rune(r)) > maxQuickReasonLen:
			return nil, fmt.Errorf("reason %q: each reason is 3 to %d characters", r, maxQuickReasonLen)
		case seen[r]:
			return nil, fmt.Errorf("reason %q is listed twice", r)
		}
		seen[r] = true
		out = append(out, r)
	}
	if len(out) > maxQuickReasons {
		return nil, fmt.Errorf("%d reasons: at most %d fit on a card", len(out), maxQuickReasons)
	}
	return out, nil
}

// loadReminders reads the reminder rules (and the bulk lane's rate).
func (c *Config) loadReminders(env *envReader) error {
	get := env.get
	r := reminders.DefaultConfig(c.Location)
	for _, n := range []struct {
		name string
		dst  *time.Duration
	}{{"REMINDER_DAILY_AT", &r.DailyAt}, {"REMINDER_MORNING_AT", &r.MorningAt}} {
		at, err := kinerja.ParseReminderTime(get(n.name))
		if err != nil {
			return &ConfigError{n.name, get(n.name), "must be a time from 06.00 to 19.59, e.g. 15.30"}
		}
		*n.dst = at
	}
	days, err := kinerja.ParseWorkingDays(get("REMINDER_WEEKLY_DAY"))
	if err != nil || len(days) != 1 {
		return &ConfigError{"REMINDER_WEEKLY_DAY", get("REMINDER_WEEKLY_DAY"), "must be one day: sen, sel, rab, kam, jum, sab or min"}
	}
	r.WeeklyDay = days[0]
	env.readInt(&r.DeadlineDay, "VALIDATION_DEADLINE_DAY", 1, 28)
	env.readInt(&r.WarningDays, "REMINDER_WARNING_DAYS", 1, 10)
	env.readInt(&r.EscalateAfter, "REMINDER_ESCALATE_AFTER", 1, 20)
	env.readInt(&c.RateBulk, "TELEGRAM_RATE_BULK", 1, 1000)
	if env.err != nil {
		return env.err
	}
	if c.RateBulk > c.RateGlobal {
		return &ConfigError{"TELEGRAM_RATE_BULK", get("TELEGRAM_RATE_BULK"), "must not exceed TELEGRAM_RATE_GLOBAL"}
	}
	spread, err := time.ParseDuration(get("REMINDER_DAILY_SPREAD"))
	if err != nil || spread < 0 || spread%time.Minute != 0 || r.DailyAt+spread > r.QuietStart {
		return &ConfigError{"REMINDER_DAILY_SPREAD", get("REMINDER_DAILY_SPREAD"),
			"must be whole minutes, e.g. 60m or 0, ending before 20.00 after REMINDER_DAILY_AT"}
	}
	r.DailySpread = spread
	after, err := time.ParseDuration(get("REMINDER_DIGEST_AFTER"))
	if err != nil || after < time.Hour {
		return &ConfigError{"REMINDER_DIGEST_AFTER", get("REMINDER_DIGEST_AFTER"), "must be a duration of at least 1h, e.g. 24h"}
	}
	r.DigestAfter = after
	c.Reminders = r
	return nil
}

// envReader reads the variables, a missing or blank one as its default
// (envVars); whole numbers through readInt, which keeps the first wrong one
// in err.
type envReader struct {
	getenv func(string) string
	err    error
}

func (e *envReader) get(name string) string {
	if v := strings.TrimSpace(e.getenv(name)); v != "" {
		return v
	}
	for _, v := range envVars {
		if v.name == name {
			return v.def
		}
	}
	return ""
}

// readInt sets *dst to the variable name, a whole number from min to max;
// after a wrong variable it does nothing.
func (e *envReader) readInt(dst *int, name string, min, max int) {
	if e.err != nil {
		return
	}
	v := e.get(name)
	i, err := strconv.Atoi(v)
	if err != nil || i < min || i > max {
		e.err = &ConfigError{name, v, fmt.Sprintf("must be a whole number from %d to %d", min, max)}
		return
	}
	*dst = i
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func checkURL(name, v string, schemes ...string) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return &ConfigError{name, redactURL(v), "not a valid URL"}
	}
	for _, s := range schemes {
		if u.Scheme == s {
			return nil
		}
	}
	return &ConfigError{name, redactURL(v), "scheme must be " + strings.Join(schemes, " or ")}
}

// redactURL hides a password in a URL shown in an error.
func redactURL(v string) string {
	u, err := url.Parse(v)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
}

func splitHostPort(addr string) (string, string, error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", "", fmt.Errorf("no port")
	}
	port := addr[i+1:]
	if _, err := strconv.Atoi(port); err != nil {
		return "", "", err
	}
	return addr[:i], port, nil
}
