package telegramtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Mini Apps (Telegram Web Apps): the chat's menu button, and the initData
// Telegram hands a Mini App it opens — the user signed with the bot's
// token, as https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
// describes. This is the fake's own signer, written apart from the bot's
// checker so that one checks the other.

// MenuButton is a chat's menu button as set by setChatMenuButton.
type MenuButton struct {
	Type   string // "commands", "web_app" or "default"
	Text   string
	WebApp string // the Mini App's URL (web_app)
}

func (s *Server) mSetChatMenuButton(c *call) (any, error) {
	var chatID int64
	if c.has("chat_id") {
		id, ok := c.int64p("chat_id")
		if !ok {
			return nil, badRequest("chat not found")
		}
		chatID = id
	}
	mb := MenuButton{Type: "default"}
	if raw := c.str("menu_button"); raw != "" && raw != "null" {
		var in struct {
			Type   string `json:"type"`
			Text   string `json:"text"`
			WebApp *struct {
				URL string `json:"url"`
			} `json:"web_app"`
		}
		if err := json.Unmarshal([]byte(raw), &in); err != nil {
			return nil, badRequest("can't parse menu button JSON object")
		}
		mb.Type, mb.Text = in.Type, in.Text
		switch in.Type {
		case "commands", "default":
		case "web_app":
			if strings.TrimSpace(in.Text) == "" {
				return nil, badRequest("BUTTON_TEXT_INVALID")
			}
			if in.WebApp == nil || !strings.HasPrefix(in.WebApp.URL, "https://") || len(in.WebApp.URL) <= len("https://") {
				return nil, badRequest("BUTTON_URL_INVALID")
			}
			mb.WebApp = in.WebApp.URL
		default:
			return nil, badRequest("unsupported menu button type")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.menu == nil {
		s.menu = map[int64]MenuButton{}
	}
	s.menu[chatID] = mb
	return true, nil
}

func (s *Server) mGetChatMenuButton(c *call) (any, error) {
	id, _ := c.int64p("chat_id")
	mb := s.MenuButton(id)
	out := map[string]any{"type": mb.Type}
	if mb.Type == "web_app" {
		out["text"], out["web_app"] = mb.Text, map[string]string{"url": mb.WebApp}
	}
	return out, nil
}

// MenuButton is the menu button chat shows (its own, else the default).
func (s *Server) MenuButton(chatID int64) MenuButton {
	s.mu.Lock()
	defer s.mu.Unlock()
	if mb, ok := s.menu[chatID]; ok && chatID != 0 {
		return mb
	}
	if mb, ok := s.menu[0]; ok {
		return mb
	}
	return MenuButton{Type: "commands"}
}

// InitData is what Telegram hands a Mini App opened by u now (the
// server's clock): the user, auth_date and a query_id, signed with the
// bot's token.
func (u *User) InitData() string {
	return u.InitDataAt(u.s.now())
}

// InitDataAt is InitData signed as of at (an old one is expired).
func (u *User) InitDataAt(at time.Time) string {
	u.s.mu.Lock()
	user := map[string]any{"id": u.id, "first_name": u.firstName, "language_code": u.lang, "allows_write_to_pm": true}
	if u.lastName != "" {
		user["last_name"] = u.lastName
	}
	if u.username != "" {
		user["username"] = u.username
	}
	token := u.s.token
	u.s.mu.Unlock()
	raw, _ := json.Marshal(user)
	return SignInitData(token, map[string]string{
		"user":      string(raw),
		"auth_date": strconv.FormatInt(at.Unix(), 10),
		"query_id":  "AAE" + strconv.FormatInt(u.id, 36) + strconv.FormatInt(at.UnixNano()%1e6, 36),
	})
}

// SignInitData signs fields as Telegram does for a bot with token and
// returns the query string a Mini App receives.
func SignInitData(token string, fields map[string]string) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var check strings.Builder
	for i, k := range keys {
		if i > 0 {
			check.WriteByte('\n')
		}
		check.WriteString(k + "=" + fields[k])
	}
	key := hmac.New(sha256.New, []byte("WebAppData"))
	key.Write([]byte(token))
	sig := hmac.New(sha256.New, key.Sum(nil))
	sig.Write([]byte(check.String()))
	q := url.Values{}
	for k, v := range fields {
		q.Set(k, v)
	}
	q.Set("hash", hex.EncodeToString(sig.Sum(nil)))
	return q.Encode()
}
