package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestUserEventsAndHistory(t *testing.T) {
	srv := newServer(t)
	u := startedUser(srv, 200)
	ctx := ctxTimeout(t, 2*time.Second)

	code, env := callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 200, "text": "<b>satu</b>", "parse_mode": "HTML",
		"reply_markup": `{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}`})
	wantOK(t, code, env)
	id := decode[wireMessage](t, env.Result).MessageID
	code, env = callJSON(t, srv, "editMessageText", map[string]any{"chat_id": 200, "message_id": id, "text": "satu!"})
	wantOK(t, code, env)
	code, env = callJSON(t, srv, "sendMessage", map[string]any{"chat_id": 200, "text": "dua"})
	wantOK(t, code, env)
	code, env = callJSON(t, srv, "deleteMessage", map[string]any{"chat_id": 200, "message_id": id})
	wantOK(t, code, env)

	want := []struct {
		kind EventKind
		text string
	}{{EventNew, "satu"}, {EventEdit, "satu!"}, {EventNew, "dua"}, {EventDelete, "satu!"}}
	for i, w := range want {
		ev, err := u.Wait(ctx)
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if ev.Kind != w.kind || ev.Message.Text != w.text {
			t.Fatalf("event %d = %s %q, want %s %q", i, ev.Kind, ev.Message.Text, w.kind, w.text)
		}
	}
	// the first event's snapshot still shows the keyboard it had then
	// WaitMessage has its own cursor: it sees both new messages
	m1, err := u.WaitMessage(time.Second)
	if err != nil || m1.Text != "satu" || m1.RawText != "<b>satu</b>" || m1.ParseMode != "HTML" || len(m1.Buttons()) != 1 {
		t.Fatalf("WaitMessage 1 = %+v %v", m1, err)
	}
	if m2, err := u.WaitMessage(time.Second); err != nil || m2.Text != "dua" {
		t.Fatalf("WaitMessage 2 = %+v %v", m2, err)
	}
	if _, err := u.WaitMessage(20 * time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitMessage with nothing new = %v", err)
	}
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := u.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with nothing new = %v", err)
	}

	h := u.History()
	if len(h) != 3 || h[0].FromBot || h[0].Text != "/start" || h[0].FromID != 200 {
		t.Fatalf("history = %+v", h)
	}
	if !h[1].Deleted || h[1].Edited != 1 || h[1].Text != "satu!" || h[1].InlineKeyboard != nil || h[1].ID != id {
		t.Fatalf("edited+deleted message = %+v", h[1])
	}
	if last, ok := u.LastBotMessage(); !ok || last.Text != "dua" {
		t.Fatalf("LastBotMessage = %+v", last)
	}
}

func TestReplyKeyboardAndContact(t *testing.T) {
	srv := newServer(t)
	b, updates := startPolling(t, srv)
	u := srv.User(210, WithFirstName("Budi"))
	u.SendCommand("start")
	nextUpdate(t, updates)
	ctx := context.Background()

	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "Bagikan nomor",
		ReplyMarkup: models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Kirim nomor", RequestContact: true}}}, OneTimeKeyboard: true, ResizeKeyboard: true}})
	if err != nil {
		t.Fatal(err)
	}
	kb := u.ReplyKeyboard()
	if len(kb) != 1 || kb[0][0].Text != "Kirim nomor" || !kb[0][0].RequestContact {
		t.Fatalf("keyboard = %+v", kb)
	}
	u.SendContact("+6281234567890", u.ID())
	upd := nextUpdate(t, updates)
	if c := upd.Message.Contact; c == nil || c.PhoneNumber != "+6281234567890" || c.UserID != 210 || c.FirstName != "Budi" {
		t.Fatalf("contact = %+v", upd.Message)
	}
	if kb := u.ReplyKeyboard(); kb != nil {
		t.Fatalf("one-time keyboard still shown: %+v", kb)
	}

	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "Menu",
		ReplyMarkup: models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{{{Text: "Laporan"}, {Text: "Bantuan"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	u.SendText("Laporan")
	nextUpdate(t, updates)
	if kb := u.ReplyKeyboard(); len(kb) != 1 || len(kb[0]) != 2 {
		t.Fatalf("persistent keyboard = %+v", kb)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "Selesai", ReplyMarkup: models.ReplyKeyboardRemove{RemoveKeyboard: true}})
	if err != nil {
		t.Fatal(err)
	}
	if kb := u.ReplyKeyboard(); kb != nil {
		t.Fatalf("keyboard not removed: %+v", kb)
	}
}

func TestUserMediaAndEdits(t *testing.T) {
	srv := newServer(t)
	b, updates := startPolling(t, srv)
	u := srv.User(220)
	pngData := makePNG(t, 64, 32)

	u.SendPhoto("bukti", pngData)
	upd := nextUpdate(t, updates)
	ph := upd.Message.Photo
	if len(ph) == 0 || upd.Message.Caption != "bukti" || ph[len(ph)-1].Width != 64 || ph[len(ph)-1].Height != 32 {
		t.Fatalf("photo update = %+v", upd.Message)
	}
	f, err := b.GetFile(context.Background(), &bot.GetFileParams{FileID: ph[len(ph)-1].FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, pngData) {
		t.Fatalf("downloaded %d bytes", len(got))
	}

	u.SendPhotoInGroup("album1", "", pngData)
	if upd := nextUpdate(t, updates); upd.Message.MediaGroupID != "album1" {
		t.Fatalf("media group = %+v", upd.Message)
	}
	u.SendDocument("data.csv", "text/csv", []byte("a,b\n1,2\n"), "impor")
	upd = nextUpdate(t, updates)
	if d := upd.Message.Document; d == nil || d.FileName != "data.csv" || d.MimeType != "text/csv" || d.FileSize != 8 || upd.Message.Caption != "impor" {
		t.Fatalf("document = %+v", upd.Message)
	}
	u.SendSticker()
	if upd := nextUpdate(t, updates); upd.Message.Sticker == nil || upd.Message.Text != "" {
		t.Fatalf("sticker = %+v", upd.Message)
	}
	id := u.SendText("salah ketik")
	nextUpdate(t, updates)
	u.EditText(id, "benar")
	upd = nextUpdate(t, updates)
	if upd.EditedMessage == nil || upd.EditedMessage.ID != id || upd.EditedMessage.Text != "benar" || upd.EditedMessage.EditDate == 0 {
		t.Fatalf("edited update = %+v", upd)
	}
	if h := u.History(); h[len(h)-1].Text != "benar" || h[len(h)-1].Edited != 1 {
		t.Fatalf("history = %+v", h[len(h)-1])
	}
}

func TestGroupChat(t *testing.T) {
	srv := newServer(t)
	b, updates := startPolling(t, srv)
	g := srv.Group(-1001, "Tim Kinerja")
	u := srv.User(230)

	g.SendCommand(u, "laporan@"+srv.BotUsername(), "minggu")
	upd := nextUpdate(t, updates)
	m := upd.Message
	if m.Chat.ID != -1001 || m.Chat.Type != "group" || m.Chat.Title != "Tim Kinerja" || m.From.ID != 230 {
		t.Fatalf("group message = %+v", m)
	}
	if len(m.Entities) != 1 || m.Entities[0].Length != len("/laporan@"+srv.BotUsername()) {
		t.Fatalf("entities = %+v", m.Entities)
	}
	if u.Started() {
		t.Fatal("writing in a group must not start the private chat")
	}

	sent, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: g.ID(), Text: "Rekap",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Lihat", CallbackData: "see"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	gm, err := g.WaitMessage(time.Second)
	if err != nil || gm.ID != sent.ID || gm.ChatID != -1001 {
		t.Fatalf("group saw %+v %v", gm, err)
	}
	cb := g.Press(u, gm.ID, "see")
	upd = nextUpdate(t, updates)
	if upd.CallbackQuery == nil || upd.CallbackQuery.ID != cb || upd.CallbackQuery.Message.Message.Chat.ID != -1001 {
		t.Fatalf("callback = %+v", upd)
	}
	if _, err := b.AnswerCallbackQuery(context.Background(), &bot.AnswerCallbackQueryParams{CallbackQueryID: cb, Text: "ok"}); err != nil {
		t.Fatal(err)
	}
	if a, ok := u.CallbackAnswer(cb); !ok || a.Text != "ok" {
		t.Fatalf("answer = %+v %v", a, ok)
	}
	g.KickBot()
	_, err = b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: g.ID(), Text: "x"})
	if !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("after kick: %v", err)
	}
}

func TestRedeliverPutsAnUpdateBackWithItsID(t *testing.T) {
	t.Parallel()
	s := NewServer()
	defer s.Close()
	u := s.User(501)
	u.SendText("halo")
	first := getUpdatesIDs(t, s, 0)
	if len(first) != 1 {
		t.Fatalf("updates %v", first)
	}
	// Confirm it, then redeliver: a poller from offset 0 sees the same id again.
	getUpdatesIDs(t, s, first[0]+1)
	if !s.Redeliver(first[0]) {
		t.Fatal("Redeliver refused a known update")
	}
	if again := getUpdatesIDs(t, s, 0); len(again) != 1 || again[0] != first[0] {
		t.Fatalf("redelivered %v, want [%d]", again, first[0])
	}
	if s.Redeliver(9999) {
		t.Fatal("Redeliver accepted an unknown update id")
	}
}

func getUpdatesIDs(t *testing.T, s *Server, offset int64) []int64 {
	t.Helper()
	resp, err := http.Get(s.URL() + "/bot" + s.Token() + "/getUpdates?offset=" + strconv.FormatInt(offset, 10))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Result []struct {
			UpdateID int64 `json:"update_id"`
		} `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range body.Result {
		ids = append(ids, r.UpdateID)
	}
	return ids
}
