package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/chart"
	"kinerjabot/msg"
)

// Deliver is the one way anything the bot says leaves it: it renders r for
// its reader and sends it to to.ChatID — or, for an Edit, replaces message
// to.MessageID — through the rate-limited Sender, and returns the id of the
// message Telegram holds (the edited one for an edit). Workers (cards,
// notices, reminders) call it directly; the answers of a conversation go
// through it too.
//
// Besides success and errors worth retrying it returns msg.ErrUnreachable
// (the chat cannot be messaged; the person is marked unreachable) and
// msg.ErrRefused (Telegram refused the message for good, or it could not be
// rendered: a bug that a retry cannot fix, logged).
func (b *Bot) Deliver(ctx context.Context, to msg.To, r msg.Reply) (int, error) {
	// A worker's message is a push: it goes out in the bulk lane, behind
	// every reply to someone talking to the bot — unless it answers the
	// reader's own action.
	if !to.Answer {
		ctx = Bulk(ctx)
	}
	return b.deliver(ctx, to, r, false)
}

// deliver is Deliver; apologise sends the internal-error apology in place of
// a reply that cannot be rendered (a person is waiting for an answer).
func (b *Bot) deliver(ctx context.Context, to msg.To, r msg.Reply, apologise bool) (int, error) {
	rd := reader{lang: to.Lang, zone: to.Zone}
	if r.Lang != "" {
		rd.lang = r.Lang
	}
	if r.Edit && r.RemoveButtons && r.Text.ID == "" {
		if to.MessageID == 0 {
			return 0, nil
		}
		return to.MessageID, b.sender.RemoveButtons(ctx, to.ChatID, to.MessageID)
	}
	if r.Chart != nil {
		return b.sendChart(ctx, to.ChatID, r, rd)
	}
	if r.Upload != nil {
		return b.sendUpload(ctx, to.ChatID, r, rd)
	}
	if r.Text.ID == "" && len(r.Media) > 0 && !r.Edit {
		return b.sendMedia(ctx, to, r.Media, rd)
	}
	text, kb, err := b.renderMessage(r, rd)
	if err != nil {
		b.log.ErrorContext(ctx, "message could not be rendered", "message", r.Text.ID, "lang", rd.lang, "err", err)
		if !apologise {
			return 0, fmt.Errorf("%w: %w", msg.ErrRefused, err)
		}
		text, kb = b.apology(rd.lang), models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
		r = msg.Reply{Edit: r.Edit}
	}
	id := to.MessageID
	if r.Edit && to.MessageID != 0 {
		err = b.sender.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: to.ChatID, MessageID: to.MessageID, Text: text, ReplyMarkup: kb})
	} else {
		p := &tg.SendMessageParams{ChatID: to.ChatID, Text: text, ReplyParameters: replyTo(to)}
		switch {
		case len(r.Buttons) > 0:
			p.ReplyMarkup = kb
		case r.Keyboard != nil:
			if p.ReplyMarkup, err = b.render.replyKeyboard(r.Keyboard, rd); err != nil {
				return 0, fmt.Errorf("%w: %w", msg.ErrRefused, err)
			}
		case r.RemoveKeyboard:
			p.ReplyMarkup = &models.ReplyKeyboardRemove{RemoveKeyboard: true}
		}
		var m *models.Message
		m, err = b.sender.SendMessage(ctx, p)
		id = 0
		if m != nil {
			id = m.ID
		}
	}
	if err != nil {
		return 0, err
	}
	if len(r.Media) > 0 {
		_, _ = b.sendMedia(ctx, to, r.Media, rd)
	}
	return id, nil
}

// sendMedia sends files (those Telegram has by their id, those the bot
// keeps by upload the first time: keptFile), each as its own message with
// its caption (and, with to.ReplyTo, as a reply to that message), and
// returns the id of the first one delivered. A file that is not delivered is
// logged and the others still go.
func (b *Bot) sendMedia(ctx context.Context, to msg.To, media []msg.Media, rd reader) (int, error) {
	first := 0
	var firstErr error
	for _, f := range media {
		caption := ""
		if f.Caption.ID != "" {
			var err error
			if caption, err = b.render.fit(f.Caption, rd, maxCaption); err != nil {
				b.log.ErrorContext(ctx, "caption could not be rendered", "message", f.Caption.ID, "err", err)
				caption = ""
			}
		}
		var file models.InputFile = &models.InputFileString{Data: f.FileID}
		upload := false
		if f.Berkas != 0 {
			var err error
			if file, upload, err = b.keptFile(ctx, f.Berkas); err != nil {
				b.log.ErrorContext(ctx, "kept file not read", "berkas", f.Berkas, "err", err)
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
		}
		var m *models.Message
		var err error
		if f.Document {
			m, err = b.sender.SendDocument(ctx, &tg.SendDocumentParams{ChatID: to.ChatID, Document: file, Caption: caption, ReplyParameters: replyTo(to)})
		} else {
			m, err = b.sender.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: to.ChatID, Photo: file, Caption: caption, ReplyParameters: replyTo(to)})
		}
		if err != nil {
			b.log.WarnContext(ctx, "file not delivered", "chat_id", to.ChatID, "err", err)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if first == 0 && m != nil {
			first = m.ID
		}
		if upload {
			b.keepFileID(ctx, f.Berkas, m)
		}
	}
	if first == 0 {
		return 0, firstErr
	}
	return first, nil
}

// keptFile is a file the bot keeps (Deps.Files), as it is sent: by
// Telegram's id when it has one, else uploaded (upload true).
func (b *Bot) keptFile(ctx context.Context, id int64) (file models.InputFile, upload bool, err error) {
	if b.deps.Files == nil {
		return nil, false, errors.New("bot: no file store")
	}
	name, data, fileID, err := b.deps.Files.File(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if fileID != "" {
		return &models.InputFileString{Data: fileID}, false, nil
	}
	return &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)}, true, nil
}

// keepFileID records Telegram's id of a kept file just uploaded in m, so
// the next send names it instead of uploading it again.
func (b *Bot) keepFileID(ctx context.Context, id int64, m *models.Message) {
	fileID := ""
	switch {
	case m == nil:
	case len(m.Photo) > 0:
		fileID = m.Photo[len(m.Photo)-1].FileID // the largest size
	case m.Document != nil:
		fileID = m.Document.FileID
	}
	if fileID == "" {
		return
	}
	if err := b.deps.Files.SetFileID(ctx, id, fileID); err != nil {
		b.log.WarnContext(ctx, "kept file's Telegram id not recorded (it is uploaded again next time)", "berkas", id, "err", err)
	}
}

// replyTo is the reply parameters of a message sent as a reply to
// to.ReplyTo (nil for none). A message that is gone meanwhile (the reader
// deleted the card) does not stop the reply.
func replyTo(to msg.To) *models.ReplyParameters {
	if to.ReplyTo == 0 {
		return nil
	}
	return &models.ReplyParameters{MessageID: to.ReplyTo, AllowSendingWithoutReply: true}
}

// renderMessage renders a reply's text (fitted) and inline keyboard.
func (b *Bot) renderMessage(r msg.Reply, rd reader) (string, models.InlineKeyboardMarkup, error) {
	kb, err := b.render.inlineKeyboard(r.Buttons, rd)
	if err != nil {
		return "", kb, err
	}
	text, err := b.render.fit(r.Text, rd, maxMessageText)
	return text, kb, err
}

// apology is the internal-error apology in lang.
func (b *Bot) apology(lang string) string {
	s, err := b.render.Text(msg.T("error.internal"), lang)
	if err != nil { // the catalog itself is broken: say something
		return "kinerjabot: error"
	}
	return s
}

// answer delivers a conversation's replies to the person who wrote, in
// order: an Edit replaces the message whose button was pressed (or the
// reply's MessageID). ids are the messages the replies became (0: not delivered).
func (b *Bot) answer(ctx context.Context, chatID int64, lang string, messageID int, replies []msg.Reply) (ids []int, all bool) {
	all, ids = true, make([]int, len(replies))
	for i, r := range replies {
		to := msg.To{ChatID: chatID, Lang: lang}
		if r.Edit {
			to.MessageID = messageID
			if r.MessageID != 0 {
				to.MessageID = r.MessageID
			}
		}
		if r.Quote {
			to.ReplyTo = messageID
		}
		id, err := b.deliver(ctx, to, r, true)
		ids[i] = id
		if err != nil {
			all = false
			switch {
			case errors.Is(err, msg.ErrGone): // the reader deleted the message meanwhile
				b.log.DebugContext(ctx, "reply's message gone", "user_id", chatID, "message", r.Text.ID)
			case !errors.Is(err, context.Canceled):
				b.log.WarnContext(ctx, "reply not delivered", "user_id", chatID, "message", r.Text.ID, "err", err)
			}
		}
	}
	return ids, all
}

// sendChart draws a chart with labels in the reader's language and sends it
// as a photo, the reply's text as its caption.
func (b *Bot) sendChart(ctx context.Context, chatID int64, r msg.Reply, rd reader) (int, error) {
	png, caption, err := b.drawChart(r, rd)
	if err != nil {
		b.log.ErrorContext(ctx, "chart could not be drawn", "err", err)
		return b.deliver(ctx, msg.To{ChatID: chatID, Lang: rd.lang}, msg.Say("error.internal"), true)
	}
	m, err := b.sender.SendPhoto(ctx, &tg.SendPhotoParams{
		ChatID:  chatID,
		Photo:   &models.InputFileUpload{Filename: "grafik.png", Data: bytes.NewReader(png)},
		Caption: caption,
	})
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// sendUpload sends a file the bot made as a document, the reply's text as
// its caption.
func (b *Bot) sendUpload(ctx context.Context, chatID int64, r msg.Reply, rd reader) (int, error) {
	caption, err := b.render.fit(r.Text, rd, maxCaption)
	if err != nil {
		b.log.ErrorContext(ctx, "caption could not be rendered", "message", r.Text.ID, "err", err)
		caption = ""
	}
	m, err := b.sender.SendDocument(ctx, &tg.SendDocumentParams{
		ChatID:   chatID,
		Document: &models.InputFileUpload{Filename: r.Upload.Name, Data: bytes.NewReader(r.Upload.Data)},
		Caption:  caption,
	})
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// DrawChart draws r's chart as a PNG with its caption, in lang (the Mini
// App shows the charts /nilai sends).
func (b *Bot) DrawChart(r msg.Reply, lang string) (png []byte, caption string, err error) {
	return b.drawChart(r, reader{lang: lang})
}

// drawChart renders a chart's picture and caption.
func (b *Bot) drawChart(r msg.Reply, rd reader) (png []byte, caption string, err error) {
	ch := r.Chart
	text := func(id string, kv ...any) string {
		s, e := b.render.render(msg.T(id, kv...), rd)
		if e != nil && err == nil {
			err = e
		}
		return s
	}
	title, e := b.render.render(ch.Title, rd)
	if e != nil {
		return nil, "", e
	}
	labels := chart.Labels{Title: title, Approved: text("chart.approved"), Pending: text("chart.pending"),
		Off: text("chart.off"), NoData: text("chart.no_data")}
	if len(ch.Days) == 0 { // a bar chart (its "no data" when it has no bars)
		labels.YAxis = text("chart.y_percent")
		labels.Target = text("chart.reference", "Value", ch.Reference)
		if ch.BarsPercent {
			labels.Unit = "%"
		}
		bars := make([]chart.Bar, len(ch.Bars))
		for i, x := range ch.Bars {
			bars[i] = chart.Bar{Label: x.Label, Value: x.Value}
		}
		if err != nil {
			return nil, "", err
		}
		png, err = chart.BarChart{Labels: labels, Bars: bars, Reference: ch.Reference}.PNG()
	} else {
		labels.XAxis = text("chart.x_day")
		labels.YAxis = text("chart.y_minutes")
		labels.Target = text("chart.target", "Value", ch.DailyTarget)
		days := make([]chart.Day, len(ch.Days))
		for i, d := range ch.Days {
			days[i] = chart.Day{Day: d.Day, Approved: d.Approved, Pending: d.Pending, Off: d.Off}
		}
		if err != nil {
			return nil, "", err
		}
		png, err = chart.MonthChart{Labels: labels, Days: days, DailyTarget: ch.DailyTarget, DaysInMonth: len(ch.Days)}.PNG()
	}
	if err != nil {
		return nil, "", err
	}
	caption, err = b.render.fit(r.Text, rd, maxCaption)
	return png, caption, err
}
