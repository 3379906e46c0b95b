package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestGetMeViaClient(t *testing.T) {
	srv := newServer(t, WithToken("987654:ABC-def"), WithBotUsername("kinerja_demo_bot"))
	b := newClient(t, srv)
	me, err := b.GetMe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 987654 || !me.IsBot || me.FirstName != "Kinerjabot" || me.Username != "kinerja_demo_bot" {
		t.Fatalf("getMe = %+v", me)
	}
	if got := srv.Stats().Calls["getMe"]; got != 2 { // bot.New calls it too
		t.Fatalf("getMe calls = %d", got)
	}
}

func TestWrongTokenViaClient(t *testing.T) {
	srv := newServer(t)
	_, err := bot.New("111:wrong", bot.WithServerURL(srv.URL()))
	if err == nil || !errors.Is(err, bot.ErrorUnauthorized) || !strings.Contains(err.Error(), "Unauthorized") {
		t.Fatalf("err = %v", err)
	}
}

func TestSendMessageKeyboardPressAndAnswer(t *testing.T) {
	srv := newServer(t)
	b, updates := startPolling(t, srv)
	u := srv.User(1001, WithFirstName("Sari"), WithUsername("sari"))

	u.SendText("/start abc")
	upd := nextUpdate(t, updates)
	if upd.Message == nil || upd.Message.Text != "/start abc" || upd.Message.Chat.ID != 1001 ||
		upd.Message.Chat.Type != "private" || upd.Message.From.LanguageCode != "id" || upd.Message.From.Username != "sari" {
		t.Fatalf("update = %+v", upd.Message)
	}
	if e := upd.Message.Entities; len(e) != 1 || e[0].Type != "bot_command" || e[0].Offset != 0 || e[0].Length != 6 {
		t.Fatalf("entities = %+v", e)
	}

	ctx := context.Background()
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: u.ID(),
		Text:   "Setuju?",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
			{Text: "Ya", CallbackData: "ans:yes"}, {Text: "Tidak", CallbackData: "ans:no"},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent.From == nil || sent.From.ID != srv.BotID() || !sent.From.IsBot || sent.Chat.ID != 1001 || sent.Date == 0 {
		t.Fatalf("sent = %+v", sent)
	}
	if sent.ReplyMarkup == nil || len(sent.ReplyMarkup.InlineKeyboard[0]) != 2 {
		t.Fatalf("reply_markup = %+v", sent.ReplyMarkup)
	}

	m, err := u.WaitMessage(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != sent.ID || m.Text != "Setuju?" || !m.FromBot {
		t.Fatalf("user saw %+v", m)
	}
	btn, ok := m.Button("Ya")
	if !ok || btn.CallbackData != "ans:yes" || len(m.Buttons()) != 2 {
		t.Fatalf("buttons = %+v", m.Buttons())
	}
	if id := u.Press(m.ID, "nope"); id != "" {
		t.Fatalf("pressing a missing button returned %q", id)
	}
	cbID := u.Press(m.ID, btn.CallbackData)
	if cbID == "" {
		t.Fatal("Press returned empty id")
	}

	upd = nextUpdate(t, updates)
	cq := upd.CallbackQuery
	if cq == nil || cq.ID != cbID || cq.Data != "ans:yes" || cq.From.ID != 1001 ||
		cq.Message.Message == nil || cq.Message.Message.ID != sent.ID {
		t.Fatalf("callback update = %+v", upd)
	}
	if ans, ok := u.CallbackAnswer(cbID); !ok || ans.Answered {
		t.Fatalf("answer before answering = %+v %v", ans, ok)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID, Text: "Tersimpan", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	ans, err := u.WaitCallbackAnswer(ctxTimeout(t, time.Second), cbID)
	if err != nil || ans.Text != "Tersimpan" || !ans.ShowAlert || !ans.Answered {
		t.Fatalf("answer = %+v, %v", ans, err)
	}
	// answering twice fails like Telegram
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "query is too old and response timeout expired or query ID is invalid") {
		t.Fatalf("second answer err = %v", err)
	}
}

func TestCopyTextTrapViaClient(t *testing.T) {
	srv, b, u, ctx := viaClient(t, 7)

	_, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: u.ID(), Text: "x",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "x"}}}},
	})
	if err == nil || !strings.Contains(err.Error(), "Bad Request: BUTTON_COPY_TEXT_INVALID") {
		t.Fatalf("err = %v", err)
	}
	for _, btn := range []models.InlineKeyboardButton{{Text: "x", CallbackData: "d"}, {Text: "x", URL: "https://example.com"}} {
		msg, err := b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: u.ID(), Text: "x",
			ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{btn}}},
		})
		if err != nil {
			t.Fatalf("button %+v: %v", btn, err)
		}
		// Telegram does not echo an empty copy_text back
		raw := srv.Requests("sendMessage")
		if resp := raw[len(raw)-1].Response; strings.Contains(resp, "copy_text") {
			t.Fatalf("response echoes copy_text: %s", resp)
		}
		_ = msg
	}
	if n := len(srv.Requests("sendMessage")); n != 3 {
		t.Fatalf("recorded %d sendMessage", n)
	}
}

func TestEditKeyboardSemanticsViaClient(t *testing.T) {
	_, b, u, ctx := viaClient(t, 8)
	kb := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "A", CallbackData: "a"}}}}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID(), Text: "v1", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}

	// a nil keyboard serialises as {"inline_keyboard":null}: Telegram keeps the buttons
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "v2", ReplyMarkup: models.InlineKeyboardMarkup{}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := u.LastBotMessage()
	if m.Text != "v2" || len(m.Buttons()) != 1 || m.Edited != 1 {
		t.Fatalf("after null edit: %+v", m)
	}

	// same text, same buttons: not modified
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "v2", ReplyMarkup: kb})
	if err == nil || !strings.Contains(err.Error(), "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message") {
		t.Fatalf("err = %v", err)
	}
	// editMessageReplyMarkup with a null keyboard changes nothing either
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID(), MessageID: sent.ID, ReplyMarkup: models.InlineKeyboardMarkup{}})
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("err = %v", err)
	}

	// an empty array removes the buttons
	_, err = b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID(), MessageID: sent.ID,
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := u.LastBotMessage(); len(m.InlineKeyboard) != 0 {
		t.Fatalf("buttons not removed: %+v", m.InlineKeyboard)
	}

	// editMessageText without reply_markup removes the keyboard
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: u.ID(), MessageID: sent.ID, ReplyMarkup: kb}); err != nil {
		t.Fatal(err)
	}
	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "v3"})
	if err != nil {
		t.Fatal(err)
	}
	if edited.ReplyMarkup != nil || edited.EditDate == 0 || edited.Text != "v3" {
		t.Fatalf("edited = %+v", edited)
	}
	if m, _ := u.LastBotMessage(); m.Text != "v3" || m.InlineKeyboard != nil || m.Edited != 4 {
		t.Fatalf("after plain edit: %+v", m)
	}

	// message to edit not found
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: 999, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "Bad Request: message to edit not found") {
		t.Fatalf("err = %v", err)
	}
}

func TestForbiddenViaClient(t *testing.T) {
	srv, b, _, ctx := viaClient(t, 0)
	send := func(chat int64) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "hi"})
		return err
	}
	srv.User(10) // exists, never pressed Start
	if err := send(10); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "Forbidden: bot can't initiate conversation with a user") {
		t.Fatalf("never started: %v", err)
	}
	startedUser(srv, 11)
	srv.BlockBy(11)
	if err := send(11); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "Forbidden: bot was blocked by the user") {
		t.Fatalf("blocked: %v", err)
	}
	srv.Unblock(11)
	if err := send(11); err != nil {
		t.Fatalf("after unblock: %v", err)
	}
	startedUser(srv, 12)
	srv.Deactivate(12)
	if err := send(12); !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "Forbidden: user is deactivated") {
		t.Fatalf("deactivated: %v", err)
	}
	if err := send(424242); !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "Bad Request: chat not found") {
		t.Fatalf("unknown chat: %v", err)
	}
	startedUser(srv, 13, WithIsBot())
	if err := send(13); !strings.Contains(fmt.Sprint(err), "Forbidden: bot can't send messages to bots") {
		t.Fatalf("to a bot: %v", err)
	}
}

func makePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSendPhotoUploadAndGetFile(t *testing.T) {
	srv, b, u, ctx := viaClient(t, 20)
	pngData := makePNG(t, 1000, 400)

	sent, err := b.SendPhoto(ctx, &bot.SendPhotoParams{
		ChatID:    u.ID(),
		Photo:     &models.InputFileUpload{Filename: "chart.png", Data: bytes.NewReader(pngData)},
		Caption:   "<b>Grafik</b> kinerja",
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "Detail", CallbackData: "detail"}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sent.Photo) < 2 {
		t.Fatalf("photo sizes = %+v", sent.Photo)
	}
	largest := sent.Photo[len(sent.Photo)-1]
	if largest.Width != 1000 || largest.Height != 400 || sent.Photo[0].Width != 90 {
		t.Fatalf("sizes = %+v", sent.Photo)
	}
	if sent.Caption != "Grafik kinerja" || len(sent.CaptionEntities) != 1 || sent.CaptionEntities[0].Type != "bold" {
		t.Fatalf("caption = %q %+v", sent.Caption, sent.CaptionEntities)
	}

	m, err := u.WaitMessage(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Photo, pngData) || m.PhotoFileID != largest.FileID || m.Caption != "Grafik kinerja" || m.RawCaption != "<b>Grafik</b> kinerja" {
		t.Fatalf("user saw photo %d bytes id %s caption %q", len(m.Photo), m.PhotoFileID, m.Caption)
	}
	if _, err := png.Decode(bytes.NewReader(m.Photo)); err != nil {
		t.Fatalf("decode: %v", err)
	}
	reqs := srv.Requests("sendPhoto")
	if len(reqs) != 1 || !bytes.Equal(reqs[0].Files["photo"], pngData) || reqs[0].FileNames["photo"] != "chart.png" || reqs[0].Params["caption"] != "<b>Grafik</b> kinerja" {
		t.Fatalf("recorded request = %+v", reqs)
	}

	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: largest.FileID})
	if err != nil {
		t.Fatal(err)
	}
	if f.FileSize != int64(len(pngData)) || f.FilePath == "" || f.FileUniqueID != largest.FileUniqueID {
		t.Fatalf("file = %+v", f)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, pngData) {
		t.Fatalf("download: %d, %d bytes", resp.StatusCode, len(got))
	}

	// editing the caption works; editing the text of a photo does not
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: u.ID(), MessageID: sent.ID, Text: "x"}); err == nil ||
		!strings.Contains(err.Error(), "Bad Request: there is no text in the message to edit") {
		t.Fatalf("edit text of photo: %v", err)
	}
	if _, err := b.EditMessageCaption(ctx, &bot.EditMessageCaptionParams{ChatID: u.ID(), MessageID: sent.ID, Caption: strings.Repeat("c", 1025)}); err == nil ||
		!strings.Contains(err.Error(), "Bad Request: message caption is too long") {
		t.Fatalf("long caption: %v", err)
	}
	if _, err := b.EditMessageCaption(ctx, &bot.EditMessageCaptionParams{ChatID: u.ID(), MessageID: sent.ID, Caption: "baru"}); err != nil {
		t.Fatal(err)
	}

	// re-send by file_id
	again, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileString{Data: largest.FileID}})
	if err != nil || again.Photo[len(again.Photo)-1].FileID != largest.FileID {
		t.Fatalf("resend by id: %+v %v", again, err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileString{Data: "AgACnope"}})
	if err == nil || !strings.Contains(err.Error(), "Bad Request: wrong file identifier/HTTP URL specified") {
		t.Fatalf("unknown file id: %v", err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID(), Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("not an image")}})
	if err == nil || !strings.Contains(err.Error(), "Bad Request: IMAGE_PROCESS_FAILED") {
		t.Fatalf("garbage photo: %v", err)
	}
}

func TestSendDocumentViaClient(t *testing.T) {
	_, b, u, _ := viaClient(t, 21)
	data := []byte("%PDF-1.4 fake report")
	sent, err := b.SendDocument(context.Background(), &bot.SendDocumentParams{
		ChatID:   u.ID(),
		Document: &models.InputFileUpload{Filename: "laporan.pdf", Data: bytes.NewReader(data)},
		Caption:  "Laporan bulanan",
	})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Document == nil || sent.Document.FileName != "laporan.pdf" || sent.Document.MimeType != "application/pdf" || sent.Document.FileSize != int64(len(data)) {
		t.Fatalf("document = %+v", sent.Document)
	}
	m, err := u.WaitMessage(time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.Document == nil || !bytes.Equal(m.Document.Data, data) || m.Caption != "Laporan bulanan" {
		t.Fatalf("user saw %+v", m)
	}
}

func TestCommandsViaClient(t *testing.T) {
	srv, b, _, ctx := viaClient(t, 0)
	cmds := []models.BotCommand{{Command: "start", Description: "Mulai"}, {Command: "laporan", Description: "Laporan kinerja"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds[:1], LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds[:1], Scope: &models.BotCommandScopeAllPrivateChats{}}); err != nil {
		t.Fatal(err)
	}
	got := srv.SetCommands()
	if len(got[""]) != 2 || got[""][1].Command != "laporan" || len(got["en"]) != 1 {
		t.Fatalf("SetCommands = %+v", got)
	}
	if sc := srv.ScopedCommands(); len(sc["all_private_chats"][""]) != 1 {
		t.Fatalf("ScopedCommands = %+v", sc)
	}
	list, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{LanguageCode: "en"})
	if err != nil || len(list) != 1 || list[0].Command != "start" {
		t.Fatalf("getMyCommands = %+v %v", list, err)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Laporan", Description: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "BOT_COMMAND_INVALID") {
		t.Fatalf("uppercase command: %v", err)
	}
}

func TestSendChatActionViaClient(t *testing.T) {
	_, b, u, _ := viaClient(t, 22)
	ok, err := b.SendChatAction(context.Background(), &bot.SendChatActionParams{ChatID: u.ID(), Action: models.ChatActionTyping})
	if err != nil || !ok {
		t.Fatalf("sendChatAction = %v %v", ok, err)
	}
}

// TestEchoBotManyUsers runs a real go-telegram bot (long polling) against
// many concurrent users.
func TestEchoBotManyUsers(t *testing.T) {
	srv := newServer(t)
	b := newClient(t, srv, bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.Message == nil {
			return
		}
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "echo: " + u.Message.Text})
	}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 25 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := srv.User(int64(5000 + i))
			for j := range 3 {
				text := fmt.Sprintf("halo %d-%d", i, j)
				u.SendText(text)
				m, err := u.WaitMessage(2 * time.Second)
				if err != nil {
					errs <- err
					return
				}
				if m.Text != "echo: "+text {
					errs <- fmt.Errorf("user %d got %q", u.ID(), m.Text)
					return
				}
			}
			if h := u.History(); len(h) != 6 {
				errs <- fmt.Errorf("user %d history has %d messages", u.ID(), len(h))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := srv.Stats(); st.Sent != 75 {
		t.Fatalf("Sent = %d", st.Sent)
	}
}
