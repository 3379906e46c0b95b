// Package miniapp serves the Telegram Mini App beside the chat: a whole
// report on one screen (issue 17). Telegram opens the page inside the chat
// and hands it initData, the user's identity signed with the bot's token;
// every API call carries it ("Authorization: tma <initData>") and nothing
// else identifies the caller. The business rules are the chat's own
// (conversations.Engine.FileForm plays the form through the chat's steps).
package miniapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Identity is who initData says the caller is.
type Identity struct {
	UserID       int64
	FirstName    string
	LanguageCode string
	AuthDate     time.Time
}

// Why initData is refused (never shown to the caller as such: all are 401).
var (
	ErrNoInitData  = errors.New("miniapp: no initData")
	ErrBadInitData = errors.New("miniapp: initData is not signed by this bot")
	ErrExpired     = errors.New("miniapp: initData is too old")
)

// MaxAge is how old initData may be (its auth_date).
const MaxAge = 24 * time.Hour

// Verify checks initData as Telegram specifies for Mini Apps: the fields
// other than hash, sorted by key and joined as "key=value" lines, signed
// with HMAC-SHA256 under the key HMAC-SHA256("WebAppData", bot token); the
// hash compared in constant time; auth_date no older than maxAge (and not
// from the future, beyond a minute of clock skew).
func Verify(initData, token string, now time.Time, maxAge time.Duration) (Identity, error) {
	if strings.TrimSpace(initData) == "" {
		return Identity{}, ErrNoInitData
	}
	vals, err := url.ParseQuery(initData)
	if err != nil {
		return Identity{}, ErrBadInitData
	}
	for _, v := range vals {
		if len(v) != 1 { // a field given twice is not Telegram's
			return Identity{}, ErrBadInitData
		}
	}
	got, err := hex.DecodeString(vals.Get("hash"))
	if err != nil || len(got) != sha256.Size {
		return Identity{}, ErrBadInitData
	}
	if !hmac.Equal(got, signature(vals, token)) {
		return Identity{}, ErrBadInitData
	}
	secs, err := strconv.ParseInt(vals.Get("auth_date"), 10, 64)
	if err != nil || secs <= 0 {
		return Identity{}, ErrBadInitData
	}
	at := time.Unix(secs, 0)
	if now.Sub(at) > maxAge || at.Sub(now) > time.Minute {
		return Identity{}, ErrExpired
	}
	var user struct {
		ID           int64  `json:"id"`
		FirstName    string `json:"first_name"`
		LanguageCode string `json:"language_code"`
		IsBot        bool   `json:"is_bot"`
	}
	if err := json.Unmarshal([]byte(vals.Get("user")), &user); err != nil || user.ID <= 0 || user.IsBot {
		return Identity{}, ErrBadInitData
	}
	return Identity{UserID: user.ID, FirstName: user.FirstName, LanguageCode: user.LanguageCode, AuthDate: at}, nil
}

// signature is the HMAC that initData's hash must equal.
func signature(vals url.Values, token string) []byte {
	keys := make([]string, 0, len(vals))
	for k := range vals {
		if k != "hash" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	lines := make([]string, 0, len(keys))
	for _, k := range keys {
		lines = append(lines, k+"="+vals.Get(k))
	}
	secret := hmac.New(sha256.New, []byte("WebAppData"))
	secret.Write([]byte(token))
	mac := hmac.New(sha256.New, secret.Sum(nil))
	mac.Write([]byte(strings.Join(lines, "\n")))
	return mac.Sum(nil)
}
