package miniapp_test

import (
	"errors"
	"net/url"
	"strconv"
	"testing"
	"time"

	"kinerjabot/miniapp"
	"kinerjabot/telegramtest"
)

const token = "123456:ABC-secret"

var now = time.Unix(1_800_000_000, 0)

const sari = `{"id":7001,"first_name":"Sari","language_code":"id"}`

// sign is initData as Telegram would hand it to the Mini App (signed by
// telegramtest's own signer, written apart from Verify).
func sign(at time.Time, user string) string {
	return telegramtest.SignInitData(token, map[string]string{
		"user": user, "auth_date": strconv.FormatInt(at.Unix(), 10), "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
	})
}

func TestVerifyAcceptsTelegramsSignature(t *testing.T) {
	id, err := miniapp.Verify(sign(now.Add(-time.Hour), sari), token, now, miniapp.MaxAge)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserID != 7001 || id.FirstName != "Sari" || id.LanguageCode != "id" || !id.AuthDate.Equal(now.Add(-time.Hour)) {
		t.Fatalf("identity %+v", id)
	}
}

func TestVerifyRefuses(t *testing.T) {
	good := sign(now.Add(-time.Minute), sari)
	q, _ := url.ParseQuery(good)
	tampered := func(k, v string) string {
		c := url.Values{}
		for kk, vv := range q {
			c[kk] = append([]string(nil), vv...)
		}
		c.Set(k, v)
		return c.Encode()
	}
	doubled := url.Values{}
	for k, v := range q {
		doubled[k] = append([]string(nil), v...)
	}
	doubled.Add("user", `{"id":1}`)
	cases := []struct {
		name, data, token string
		want              error
	}{
		{"nothing", "", token, miniapp.ErrNoInitData},
		{"another bot's token", good, "999:other", miniapp.ErrBadInitData},
		{"another user put in", tampered("user", `{"id":42,"first_name":"Mallory"}`), token, miniapp.ErrBadInitData},
		{"a later auth_date put in", tampered("auth_date", strconv.FormatInt(now.Unix(), 10)), token, miniapp.ErrBadInitData},
		{"hash not hex", tampered("hash", "zz"), token, miniapp.ErrBadInitData},
		{"hash cut short", tampered("hash", q.Get("hash")[:20]), token, miniapp.ErrBadInitData},
		{"no hash", func() string { c := tampered("x", "1"); v, _ := url.ParseQuery(c); v.Del("hash"); return v.Encode() }(), token, miniapp.ErrBadInitData},
		{"a field twice", doubled.Encode(), token, miniapp.ErrBadInitData},
		{"older than a day", sign(now.Add(-25*time.Hour), sari), token, miniapp.ErrExpired},
		{"from the future", sign(now.Add(10*time.Minute), sari), token, miniapp.ErrExpired},
		{"a bot", sign(now, `{"id":7001,"first_name":"B","is_bot":true}`), token, miniapp.ErrBadInitData},
		{"no user", telegramtest.SignInitData(token, map[string]string{"auth_date": strconv.FormatInt(now.Unix(), 10)}), token, miniapp.ErrBadInitData},
		{"not a query string", "%zz", token, miniapp.ErrBadInitData},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := miniapp.Verify(c.data, c.token, now, miniapp.MaxAge); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	// The day's edge: 24 h old is still accepted.
	if _, err := miniapp.Verify(sign(now.Add(-24*time.Hour), sari), token, now, miniapp.MaxAge); err != nil {
		t.Fatalf("exactly a day old: %v", err)
	}
}

// fixedHash was computed apart, with Python's hmac module:
// hmac(hmac(b"WebAppData", b"1:AAA"), 'auth_date=1700000000\nuser={"id":1,"first_name":"A"}').
const fixedHash = "ca4911ae635f2a15be580f4cfc2cfa1e0ef7ea5ddfb09ac3b0becc944fe02fac"

// A fixed vector, so that the fake's signer and the bot's checker cannot
// drift together.
func TestVerifyFixedVector(t *testing.T) {
	data := telegramtest.SignInitData("1:AAA", map[string]string{"auth_date": "1700000000", "user": `{"id":1,"first_name":"A"}`})
	q, _ := url.ParseQuery(data)
	if got, want := q.Get("hash"), fixedHash; got != want {
		t.Fatalf("telegramtest signs %s, want %s", got, want)
	}
	if _, err := miniapp.Verify(data, "1:AAA", time.Unix(1700000000, 0), miniapp.MaxAge); err != nil {
		t.Fatal(err)
	}
}
