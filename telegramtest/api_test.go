package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/clock"
)

func TestUnknownMethodAndWrongToken(t *testing.T) {
	srv := newServer(t)
	code, env := callJSON(t, srv, "sendUnicorn", map[string]any{})
	wantErr(t, code, env, 404, "Not Found")

	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/bot123:nope/getMe", nil)
	code, env, _ = doReq(t, req)
	wantErr(t, code, env, 401, "Unauthorized")

	// method names are case-insensitive, GET with a query string works
	req, _ = http.NewRequest(http.MethodGet, methodURL(srv, "GETME"), nil)
	code, env, _ = doReq(t, req)
	wantOK(t, code, env)
	if got := srv.Requests("getme"); len(got) != 2 || got[0].Status != 401 || got[1].Method != "getMe" || got[1].Status != 200 {
		t.Fatalf("recorded = %+v", got)
	}
}

func TestJSONAndURLEncodedBodies(t *testing.T) {
	srv := newServer(t)
	u := startedUser(srv, 30)

	code, env := callJSON(t, srv, "sendMessage", map[string]any{
		"chat_id": u.ID(),
		"text":    "json body",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{
			{{"text": "Buka", "url": "https://example.com"}, {"text": "OK", "callback_data": "ok"}},
		}},
	})
	wantOK(t, code, env)
	msg := decode[wireMessage](t, env.Result)
	if msg.Text != "json body" || msg.ReplyMarkup == nil || len(msg.ReplyMarkup.InlineKeyboard[0]) != 2 {
		t.Fatalf("result = %s", env.Result)
	}

	code, env = callForm(t, srv, "SendMessage", url.Values{
		"chat_id":      {strconv.FormatInt(u.ID(), 10)},
		"text":         {"form body"},
		"reply_markup": {`{"inline_keyboard":[[{"text":"Lagi","callback_data":"again"}]]}`},
	})
	wantOK(t, code, env)

	h := u.History()
	if len(h) != 3 || h[1].Text != "json body" || h[2].Text != "form body" || h[2].InlineKeyboard[0][0].CallbackData != "again" {
		t.Fatalf("history = %+v", h)
	}
	if b, _ := h[1].Button("Buka"); b.URL != "https://example.com" {
		t.Fatalf("url button = %+v", b)
	}
	reqs := srv.Requests("sendMessage")
	if len(reqs) != 2 || reqs[0].Params["chat_id"] != "30" || !strings.Contains(reqs[0].Params["reply_markup"], `"callback_data":"ok"`) {
		t.Fatalf("recorded = %+v", reqs)
	}
}

func TestSendMessageErrors(t *testing.T) {
	srv := newServer(t)
	u := startedUser(srv, 40)
	btn := func(data string) string {
		b, _ := json.Marshal(map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "b", "callback_data": data}}}})
		return string(b)
	}
	cases := []struct {
		name   string
		params map[string]any
		code   int
		desc   string
	}{
		{"no chat", map[string]any{"text": "x"}, 400, "Bad Request: chat_id is empty"},
		{"empty text", map[string]any{"chat_id": 40, "text": ""}, 400, "Bad Request: message text is empty"},
		{"blank text", map[string]any{"chat_id": 40, "text": " \n "}, 400, "Bad Request: message text is empty"},
		{"4097", map[string]any{"chat_id": 40, "text": strings.Repeat("a", 4097)}, 400, "Bad Request: message is too long"},
		{"2049 emoji = 4098 UTF-16", map[string]any{"chat_id": 40, "text": strings.Repeat("😀", 2049)}, 400, "Bad Request: message is too long"},
		{"data 65 bytes", map[string]any{"chat_id": 40, "text": "x", "reply_markup": btn(strings.Repeat("d", 65))}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"data 33 two-byte runes", map[string]any{"chat_id": 40, "text": "x", "reply_markup": btn(strings.Repeat("é", 33))}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"empty data", map[string]any{"chat_id": 40, "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"b","callback_data":""}]]}`}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"empty button text", map[string]any{"chat_id": 40, "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"","callback_data":"a"}]]}`}, 400, "Bad Request: text buttons are unallowed in the inline keyboard"},
		{"no action", map[string]any{"chat_id": 40, "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"b"}]]}`}, 400, "Bad Request: text buttons are unallowed in the inline keyboard"},
		{"bad markup JSON", map[string]any{"chat_id": 40, "text": "x", "reply_markup": `{"inline_keyboard":`}, 400, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"unknown chat", map[string]any{"chat_id": 999, "text": "x"}, 400, "Bad Request: chat not found"},
		{"reply to missing", map[string]any{"chat_id": 40, "text": "x", "reply_to_message_id": 77}, 400, "Bad Request: message to be replied not found"},
		{"bad parse mode", map[string]any{"chat_id": 40, "text": "x", "parse_mode": "BBCode"}, 400, "Bad Request: unsupported parse_mode"},
		{"bad html", map[string]any{"chat_id": 40, "text": "1 < 2", "parse_mode": "HTML"}, 400, `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
	}
	for _, tc := range cases {
		code, env := callJSON(t, srv, "sendMessage", tc.params)
		if code != tc.code || env.Description != tc.desc || env.ErrorCode != tc.code || env.OK {
			t.Errorf("%s: got %d %q, want %d %q", tc.name, code, env.Description, tc.code, tc.desc)
		}
	}
	// the limits themselves pass
	for _, text := range []string{strings.Repeat("a", 4096), strings.Repeat("😀", 2048)} {
		code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 40, "text": text})
		wantOK(t, code, env)
	}
	code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 40, "text": "x", "reply_markup": btn(strings.Repeat("d", 64))})
	wantOK(t, code, env)
	if n := len(u.History()); n != 4 {
		t.Fatalf("history has %d messages, want 4 (start + 3 accepted)", n)
	}
	if st := srv.Stats(); st.Sent != 3 || st.Calls["sendMessage"] != len(cases)+3 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestEditDeleteAndCallbackErrors(t *testing.T) {
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	c := clock.New(now)
	srv := newServer(t, WithClock(c.Now))
	u := startedUser(srv, 50)

	code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 50, "text": "pilih",
		"reply_markup": `{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}`})
	wantOK(t, code, env)
	msg := decode[wireMessage](t, env.Result)
	if msg.Date != now.Unix() {
		t.Fatalf("date = %d, want %d", msg.Date, now.Unix())
	}

	code, env = callJSON(t, srv, "editMessageText", map[string]any{"chat_id": 50, "message_id": 12345, "text": "x"})
	wantErr(t, code, env, 400, "Bad Request: message to edit not found")
	code, env = callJSON(t, srv, "editMessageText", map[string]any{"chat_id": 50, "message_id": 1, "text": "x"})
	wantErr(t, code, env, 400, "Bad Request: message can't be edited") // the user's /start
	code, env = callJSON(t, srv, "editMessageCaption", map[string]any{"chat_id": 50, "message_id": msg.MessageID, "caption": "x"})
	wantErr(t, code, env, 400, "Bad Request: there is no caption in the message to edit")
	code, env = callJSON(t, srv, "editMessageText", map[string]any{"chat_id": 50, "message_id": msg.MessageID, "text": "pilih",
		"reply_markup": `{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}`})
	wantErr(t, code, env, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

	// callback answers: too long, then too old
	cb := u.Press(msg.MessageID, "a")
	code, env = callJSON(t, srv, "answerCallbackQuery", map[string]any{"callback_query_id": cb, "text": strings.Repeat("x", 201)})
	wantErr(t, code, env, 400, "Bad Request: MESSAGE_TOO_LONG")
	c.Set(now.Add(16 * time.Second))
	code, env = callJSON(t, srv, "answerCallbackQuery", map[string]any{"callback_query_id": cb})
	wantErr(t, code, env, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
	code, env = callJSON(t, srv, "answerCallbackQuery", map[string]any{"callback_query_id": "123"})
	wantErr(t, code, env, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
	cb2 := u.Press(msg.MessageID, "a")
	code, env = callJSON(t, srv, "answerCallbackQuery", map[string]any{"callback_query_id": cb2, "text": strings.Repeat("x", 200)})
	wantOK(t, code, env)

	// forged callbacks
	if id := u.PressRaw(999, "forged"); id == "" {
		t.Fatal("PressRaw returned empty id")
	}

	// deletion
	code, env = callJSON(t, srv, "deleteMessage", map[string]any{"chat_id": 50, "message_id": 999})
	wantErr(t, code, env, 400, "Bad Request: message to delete not found")
	code, env = callJSON(t, srv, "deleteMessage", map[string]any{"chat_id": 50, "message_id": msg.MessageID})
	wantOK(t, code, env)
	code, env = callJSON(t, srv, "deleteMessage", map[string]any{"chat_id": 50, "message_id": msg.MessageID})
	wantErr(t, code, env, 400, "Bad Request: message to delete not found")
	if id := u.Press(msg.MessageID, "a"); id != "" {
		t.Fatal("pressed a button of a deleted message")
	}
	code, env = callJSON(t, srv, "editMessageText", map[string]any{"chat_id": 50, "message_id": msg.MessageID, "text": "x"})
	wantErr(t, code, env, 400, "Bad Request: message to edit not found")
	c.Set(now.Add(49 * time.Hour))
	code, env = callJSON(t, srv, "deleteMessage", map[string]any{"chat_id": 50, "message_id": 1})
	wantErr(t, code, env, 400, "Bad Request: message can't be deleted for everyone")
}

func TestGetUpdatesOffsetAndLimit(t *testing.T) {
	srv := newServer(t)
	u := srv.User(60)
	for i := range 5 {
		u.SendText("m" + strconv.Itoa(i))
	}
	type upd struct {
		UpdateID int64        `json:"update_id"`
		Message  *wireMessage `json:"message"`
	}
	get := func(params map[string]any) []upd {
		t.Helper()
		code, env := callJSON(t, srv, "getUpdates", params)
		wantOK(t, code, env)
		return decode[[]upd](t, env.Result)
	}
	all := get(map[string]any{})
	if len(all) != 5 || all[0].Message.Text != "m0" || all[4].UpdateID != all[0].UpdateID+4 {
		t.Fatalf("updates = %+v", all)
	}
	if got := get(map[string]any{"limit": 2}); len(got) != 2 || got[1].Message.Text != "m1" {
		t.Fatalf("limit 2 = %+v", got)
	}
	// unconfirmed updates stay
	if got := get(map[string]any{"limit": 1}); len(got) != 1 || got[0].UpdateID != all[0].UpdateID {
		t.Fatalf("redelivery = %+v", got)
	}
	// offset confirms everything before it
	got := get(map[string]any{"offset": all[2].UpdateID})
	if len(got) != 3 || got[0].Message.Text != "m2" || srv.PendingUpdates() != 3 {
		t.Fatalf("offset = %+v", got)
	}
	// negative offset keeps only the last N
	if got := get(map[string]any{"offset": -1}); len(got) != 1 || got[0].Message.Text != "m4" {
		t.Fatalf("offset -1 = %+v", got)
	}
	if got := get(map[string]any{"offset": all[4].UpdateID + 1}); len(got) != 0 {
		t.Fatalf("after confirming all = %+v", got)
	}
	// allowed_updates filters new updates
	get(map[string]any{"allowed_updates": []string{"callback_query"}})
	u.SendText("ignored")
	if n := srv.PendingUpdates(); n != 0 {
		t.Fatalf("message kept despite allowed_updates: %d", n)
	}
	get(map[string]any{"allowed_updates": []string{}})
	u.SendText("counted")
	if n := srv.PendingUpdates(); n != 1 {
		t.Fatalf("pending = %d", n)
	}
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	srv := newServer(t)
	u := srv.User(61)
	type result struct {
		code int
		env  envelope
		took time.Duration
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		code, env := callJSON(t, srv, "getUpdates", map[string]any{"timeout": 10})
		done <- result{code, env, time.Since(start)}
	}()
	waitFor(t, "the long poll", func() bool { srv.mu.Lock(); defer srv.mu.Unlock(); return srv.poller != nil })
	u.SendText("bangun")
	r := <-done
	wantOK(t, r.code, r.env)
	if n := len(decode[[]json.RawMessage](t, r.env.Result)); n != 1 || r.took > time.Second {
		t.Fatalf("got %d updates after %v", n, r.took)
	}
}

func TestLongPollTimeoutReturnsEmpty(t *testing.T) {
	srv := newServer(t)
	start := time.Now()
	code, env := callJSON(t, srv, "getUpdates", map[string]any{"timeout": 1})
	wantOK(t, code, env)
	if string(env.Result) != "[]" || time.Since(start) < 900*time.Millisecond {
		t.Fatalf("result %s after %v", env.Result, time.Since(start))
	}
}

func TestLongPollConflictAndClose(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	first := make(chan envelope, 1)
	go func() {
		_, env := callJSON(t, srv, "getUpdates", map[string]any{"timeout": 30})
		first <- env
	}()
	waitFor(t, "the first poll", func() bool { srv.mu.Lock(); defer srv.mu.Unlock(); return srv.poller != nil })
	second := make(chan envelope, 1)
	go func() {
		_, env := callJSON(t, srv, "getUpdates", map[string]any{"timeout": 30})
		second <- env
	}()
	select {
	case env := <-first:
		if env.OK || env.ErrorCode != 409 || env.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
			t.Fatalf("first poll = %+v", env)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("first poll not terminated")
	}
	start := time.Now()
	srv.Close()
	select {
	case env := <-second:
		if !env.OK || string(env.Result) != "[]" {
			t.Fatalf("second poll after close = %+v", env)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("long poll still running after Close")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Close took %v", d)
	}
	if _, err := srv.User(1).Wait(context.Background()); err != ErrClosed {
		t.Fatalf("Wait after close = %v", err)
	}
}

func TestFaultInjection(t *testing.T) {
	srv := newServer(t)
	startedUser(srv, 70)
	srv.InjectFault("sendMessage", Fault{Status: 502})
	srv.InjectFault("", Fault{Status: 429, RetryAfter: 3})

	req, _ := http.NewRequest(http.MethodPost, methodURL(srv, "sendMessage"), strings.NewReader(`{"chat_id":70,"text":"a"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.HasPrefix(string(body), "<html><head><title>502 Bad Gateway</title></head>") {
		t.Fatalf("502 fault: %d %q", resp.StatusCode, body)
	}
	code, env := callJSON(t, srv, "getMe", nil)
	if code != 429 || env.Description != "Too Many Requests: retry after 3" || env.Parameters == nil || env.Parameters.RetryAfter != 3 {
		t.Fatalf("429 fault: %d %+v", code, env)
	}
	code, env = callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 70, "text": "b"})
	wantOK(t, code, env)
	if h := srv.User(70).History(); len(h) != 2 || h[1].Text != "b" {
		t.Fatalf("faulted message was delivered: %+v", h)
	}

	// a slow answer
	srv.InjectFault("getMe", Fault{Delay: 150 * time.Millisecond})
	start := time.Now()
	code, env = callJSON(t, srv, "getMe", nil)
	wantOK(t, code, env)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("delay fault took %v", d)
	}

	// failing after the work was done: the message exists, the bot got 504
	srv.InjectFault("sendMessage", Fault{Status: 504, AfterHandling: true})
	code, _ = callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 70, "text": "c"})
	if code != 504 {
		t.Fatalf("after-handling fault: %d", code)
	}
	if m, _ := srv.User(70).LastBotMessage(); m.Text != "c" {
		t.Fatalf("after-handling fault did not deliver: %+v", m)
	}
	if st := srv.Stats(); st.Faults != 4 || st.Sent != 2 {
		t.Fatalf("stats = %+v", st)
	}
}
