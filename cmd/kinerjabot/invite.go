package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"kinerjabot/store"
)

const inviteUsage = `Usage: kinerjabot invite NIP [--berlaku 14d] [--bot USERNAME] [--bahasa id|en]
       kinerjabot invite --opd NAMA [--belum-terhubung] [--berlaku 14d] --out undangan.xlsx [--oleh NIP]

With --opd: an invitation for every active person of the OPD (its units
included) not linked yet, written to --out (.xlsx or .csv) with the columns
NIP, Nama, Unit Kerja, Tautan, Berlaku Sampai, ready for a mail merge; people
already linked are listed as such (left out with --belum-terhubung). Names
the admin who made them (--oleh, or KINERJABOT_ADMIN_NIP; refused when
missing); needs the bot's username (--bot, or getMe).

Creates a single-use invitation for the pegawai with this NIP and prints its
payload on its own line, then the deep link https://t.me/<bot>?start=<payload>
when the bot's username is known (--bot, or getMe with TELEGRAM_BOT_TOKEN on
TELEGRAM_API_URL). Only the SHA-256 of the payload is stored; a newer
invitation for the same person replaces the older unused ones.

Flags:
`

// durationFlag is a duration that also takes whole days ("14d", "1d12h").
type durationFlag struct{ d time.Duration }

var _ flag.Value = (*durationFlag)(nil)

func (f *durationFlag) String() string { return f.d.String() }

func (f *durationFlag) Set(s string) error {
	d, err := parseDays(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

// parseDays parses a Go duration with an optional leading "<n>d" (days of 24
// hours: the business zone has no daylight saving).
func parseDays(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > 3650 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (e.g. 14d, 336h, 90m)", s)
	}
	return days + d, nil
}

// validBotUsername: Telegram usernames are 5–32 of A-Za-z0-9_.
func validBotUsername(s string) bool {
	if len(s) < 5 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// getMeTimeout bounds the call that learns the bot's username.
const getMeTimeout = 5 * time.Second

// botUsername asks the Bot API who the bot is. Its errors never contain the
// token (a *url.Error names the whole URL, token included: only its cause is
// kept).
func botUsername(ctx context.Context, apiURL, token string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, getMeTimeout)
	defer cancel()
	var me struct {
		Username string `json:"username"`
	}
	if err := botAPICall(ctx, apiURL, token, "getMe", nil, &me); err != nil {
		return "", err
	}
	if !validBotUsername(me.Username) {
		return "", errors.New("getMe returned no username")
	}
	return me.Username, nil
}

// botAPIGet fetches a Bot API URL (which holds the token): its errors never
// carry the URL.
func botAPIGet(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("invalid TELEGRAM_API_URL")
	}
	resp, err := http.DefaultClient.Do(req)
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return resp, err
}

// botAPICall calls a Bot API method with query and decodes its result
// into result; a refusal is an error with Telegram's description.
func botAPICall(ctx context.Context, apiURL, token, method string, query url.Values, result any) error {
	u := strings.TrimRight(apiURL, "/") + "/bot" + token + "/" + method
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	resp, err := botAPIGet(ctx, u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		OK          bool            `json:"ok"`
		Description string          `json:"description"`
		Result      json.RawMessage `json:"result"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil || resp.StatusCode != http.StatusOK || !body.OK {
		if body.Description != "" {
			return fmt.Errorf("HTTP %d: %s", resp.StatusCode, body.Description)
		}
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return json.Unmarshal(body.Result, result)
}

// adminInviteRequest is one "kinerjabot invite".
type adminInviteRequest struct {
	NIP    string
	Actor  string // --oleh or KINERJABOT_ADMIN_NIP
	TTL    time.Duration
	Bot    string // --bot, "" to ask getMe
	Token  string // TELEGRAM_BOT_TOKEN, "" when not set
	APIURL string
}

// adminInviteReport is what "kinerjabot invite" prints: the payload and the link
// on stdout (alone on their lines, for scripts), messages on stderr.
type adminInviteReport struct {
	adminReport
	Payload string
	Link    string
}

func runInvite(ctx context.Context, open adminOpenDB, req adminInviteRequest) adminInviteReport {
	var rep adminInviteReport
	nip := strings.Join(strings.Fields(req.NIP), "")
	var expires time.Time
	actor, ok := adminActor(ctx, open, &rep.adminReport, "invite.internal", req.Actor)
	if !ok {
		return rep
	}
	payload, ok := adminAsk(ctx, open, &rep.adminReport, "invite.internal", func(db *store.DB) (payload string, err error) {
		payload, expires, err = db.CreateInvite(ctx, nip, req.TTL, actor)
		return payload, err
	})
	if !ok {
		return rep
	}
	rep.Payload = payload
	rep.err("invite.created", map[string]any{
		"NIP": nip, "Expires": expires,
	})
	bot := strings.TrimPrefix(req.Bot, "@")
	switch {
	case bot != "":
	case req.Token == "":
		rep.err("invite.no_bot", nil)
	default:
		var err error
		if bot, err = botUsername(ctx, req.APIURL, req.Token); err != nil {
			rep.err("invite.getme_failed", map[string]any{"Reason": err.Error()})
		}
	}
	if bot != "" {
		rep.Link = "https://t.me/" + bot + "?start=" + payload
	}
	return rep
}

func cmdInvite(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, lang := adminFlags("invite", inviteUsage, stderr)
	ttl := &durationFlag{store.InviteDefaultTTL}
	fs.Var(ttl, "berlaku", "how long the invitation is valid: a duration such as 336h, 14d or 2d12h (1m to 90d)")
	bot := fs.String("bot", "", "the bot's username for the link (default: asked with getMe when TELEGRAM_BOT_TOKEN is set)")
	opd := fs.String("opd", "", "invite every active person of this OPD not linked yet (with --out)")
	belum := fs.Bool("belum-terhubung", false, "with --opd: list only the people not linked yet")
	out := fs.String("out", "", "with --opd: the file to write, .xlsx or .csv")
	oleh := actorFlag(fs)
	pos, code, done := parseArgs(fs, args)
	if done {
		return code
	}
	if b := strings.TrimPrefix(*bot, "@"); b != "" && !validBotUsername(b) {
		fmt.Fprintf(stderr, "kinerjabot invite: --bot %q is not a Telegram username (5-32 of A-Z, a-z, 0-9, _)\n", *bot)
		return 2
	}
	if *opd != "" {
		ext := strings.ToLower(filepath.Ext(*out))
		switch {
		case len(pos) > 0:
			fmt.Fprintln(stderr, "kinerjabot invite: --opd takes no NIP")
			return 2
		case strings.TrimSpace(*opd) == "" || (ext != ".xlsx" && ext != ".csv"):
			fmt.Fprintln(stderr, "kinerjabot invite: --opd needs a name and --out FILE.xlsx or FILE.csv")
			return 2
		}
		return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
			return runBulkInvite(ctx, open, adminBulkInviteRequest{OPD: *opd, OnlyUnlinked: *belum, TTL: ttl.d, Out: *out,
				Actor: actorNIP(*oleh, getenv), Bot: *bot, Token: env.cfg.TelegramToken, APIURL: env.cfg.TelegramAPIURL,
				Location: env.cfg.Location})
		})
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "kinerjabot invite: give exactly one NIP")
		fs.Usage()
		return 2
	}
	nip := pos[0]
	if *belum || *out != "" {
		fmt.Fprintln(stderr, "kinerjabot invite: --belum-terhubung and --out go with --opd")
		return 2
	}
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		rep := runInvite(ctx, open, adminInviteRequest{
			NIP: nip, Actor: actorNIP(*oleh, getenv), TTL: ttl.d, Bot: *bot, Token: env.cfg.TelegramToken, APIURL: env.cfg.TelegramAPIURL,
		})
		if rep.Payload != "" {
			fmt.Fprintln(stdout, rep.Payload)
			if rep.Link != "" {
				fmt.Fprintln(stdout, rep.Link)
			}
		}
		return rep.adminReport
	})
}
