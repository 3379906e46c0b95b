package bot

import (
	"errors"
	"strconv"
	"strings"

	"kinerjabot/msg"
)

// callback_data wire format, version 1:
//
//	v1|<op>|<id base36>|<arg>|<nonce base36>
//
// Ids only, never free text; at most 64 bytes (Telegram's limit). The op
// and arg are short lower-case codes. Empty fields stay empty ("v1|lg||en|").
// A future format gets a new version prefix; old buttons then decode with
// ErrCallbackVersion and are answered "no longer valid". With op ≤ 8, arg
// ≤ 24 characters, any int64 id and uint32 nonce, every encoding fits.
const callbackVersion = "v1"

// MaxCallbackData is Telegram's limit for callback_data, in bytes.
const MaxCallbackData = 64

var (
	ErrCallbackTooLong = errors.New("bot: callback data longer than 64 bytes")
	ErrCallbackInvalid = errors.New("bot: malformed callback data")
	ErrCallbackVersion = errors.New("bot: callback data of an unknown version")
)

func validToken(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// EncodeCallback encodes c as callback_data.
func EncodeCallback(c msg.Callback) (string, error) {
	if c.Op == "" || !validToken(c.Op, 8) || !validToken(c.Arg, 24) || c.ID < 0 {
		return "", ErrCallbackInvalid
	}
	var b strings.Builder
	b.WriteString(callbackVersion)
	b.WriteByte('|')
	b.WriteString(c.Op)
	b.WriteByte('|')
	if c.ID != 0 {
		b.WriteString(strconv.FormatInt(c.ID, 36))
	}
	b.WriteByte('|')
	b.WriteString(c.Arg)
	b.WriteByte('|')
	if c.Nonce != 0 {
		b.WriteString(strconv.FormatUint(uint64(c.Nonce), 36))
	}
	if b.Len() > MaxCallbackData {
		return "", ErrCallbackTooLong
	}
	return b.String(), nil
}

// DecodeCallback parses callback_data. It never trusts the content: the
// handler still authorises everything the button claims.
func DecodeCallback(s string) (msg.Callback, error) {
	if len(s) == 0 || len(s) > MaxCallbackData {
		return msg.Callback{}, ErrCallbackInvalid
	}
	parts := strings.Split(s, "|")
	if parts[0] != callbackVersion {
		return msg.Callback{}, ErrCallbackVersion
	}
	if len(parts) != 5 {
		return msg.Callback{}, ErrCallbackInvalid
	}
	c := msg.Callback{Op: parts[1], Arg: parts[3]}
	if c.Op == "" || !validToken(c.Op, 8) || !validToken(c.Arg, 24) {
		return msg.Callback{}, ErrCallbackInvalid
	}
	if parts[2] != "" {
		id, err := strconv.ParseInt(parts[2], 36, 64)
		if err != nil || id <= 0 || strconv.FormatInt(id, 36) != parts[2] {
			return msg.Callback{}, ErrCallbackInvalid
		}
		c.ID = id
	}
	if parts[4] != "" {
		n, err := strconv.ParseUint(parts[4], 36, 32)
		if err != nil || n == 0 || strconv.FormatUint(n, 36) != parts[4] {
			return msg.Callback{}, ErrCallbackInvalid
		}
		c.Nonce = uint32(n)
	}
	return c, nil
}
