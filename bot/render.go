package bot

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"kinerjabot/chart"
	"kinerjabot/conversations"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// render translates a Text; a missing message or argument is logged and the
// user sees the apology instead of a broken text.
func (b *Bot) render(t conversations.Text, lang string) string {
	args := make(map[string]any, len(t.Args))
	for k, v := range t.Args {
		// A Text inside the arguments (a flow's title) is rendered first.
		switch x := v.(type) {
		case conversations.Text:
			v = ""
			if x.ID != "" { // an empty Text is an optional part left out
				v = b.render(x, lang)
			}
		case conversations.Lines:
			v = b.renderJoined(x, "\n", lang)
		case conversations.Inline:
			v = b.renderJoined(x, "; ", lang)
		case float64:
			// Indonesian writes a decimal comma: 1,5.
			f := strconv.FormatFloat(x, 'f', -1, 64)
			if lang == "id" {
				f = strings.Replace(f, ".", ",", 1)
			}
			v = f
		case time.Time:
			// Instants are shown in the deployment's zone: 28-11-2026 14.05 WIB.
			v = x.In(b.cfg.Location).Format("02-01-2006 15.04 MST")
		}
		args[k] = v
	}
	s, err := b.deps.Catalog.Render(lang, t.ID, args)
	if err != nil {
		b.log.Error("message could not be rendered", "message", t.ID, "lang", lang, "err", err)
		return b.deps.Catalog.Text(lang, "error.internal", nil)
	}
	return s
}

// renderJoined renders each Text and joins them with sep.
func (b *Bot) renderJoined(ts []conversations.Text, sep, lang string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = b.render(t, lang)
	}
	return strings.Join(parts, sep)
}

// inlineKeyboard renders buttons. An empty, non-nil keyboard is sent to
// remove buttons on an edit (a nil keyboard would leave them in place).
func (b *Bot) inlineKeyboard(rows [][]conversations.Button, lang string) (models.InlineKeyboardMarkup, error) {
	kb := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	for _, row := range rows {
		r := make([]models.InlineKeyboardButton, 0, len(row))
		for _, btn := range row {
			data, err := EncodeCallback(btn.Data)
			if err != nil {
				return kb, err
			}
			r = append(r, models.InlineKeyboardButton{Text: b.render(btn.Label, lang), CallbackData: data})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb, nil
}

func (b *Bot) replyKeyboard(rows [][]conversations.KeyButton, lang string) *models.ReplyKeyboardMarkup {
	kb := &models.ReplyKeyboardMarkup{ResizeKeyboard: true, IsPersistent: true}
	for _, row := range rows {
		r := make([]models.KeyboardButton, 0, len(row))
		for _, btn := range row {
			r = append(r, models.KeyboardButton{Text: b.render(btn.Label, lang), RequestContact: btn.RequestContact})
		}
		kb.Keyboard = append(kb.Keyboard, r)
	}
	return kb
}

// send delivers replies in order: edits of the message a callback came from,
// or new messages.
func (b *Bot) send(ctx context.Context, cu *conversations.User, in conversations.Input, replies []conversations.Reply) {
	for _, r := range replies {
		lang := cu.Lang
		if r.Lang != "" {
			lang = r.Lang
		}
		if r.Edit && r.RemoveButtons && r.Text.ID == "" {
			if in.MessageID != 0 {
				b.sender.RemoveButtons(ctx, cu.ChatID, in.MessageID)
			}
			continue
		}
		if r.Chart != nil {
			b.sendChart(ctx, cu, r, lang)
			continue
		}
		text := fitText(b.render(r.Text, lang), maxMessageText)
		kb, err := b.inlineKeyboard(r.Buttons, lang)
		if err != nil {
			b.log.Error("button could not be encoded", "message", r.Text.ID, "err", err)
			text, kb = b.deps.Catalog.Text(lang, "error.internal", nil), models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
		}
		if r.Edit && in.MessageID != 0 {
			err = b.sender.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: cu.ChatID, MessageID: in.MessageID, Text: text, ReplyMarkup: kb})
		} else {
			p := &tg.SendMessageParams{ChatID: cu.ChatID, Text: text}
			switch {
			case len(r.Buttons) > 0:
				p.ReplyMarkup = kb
			case r.Keyboard != nil:
				p.ReplyMarkup = b.replyKeyboard(r.Keyboard, lang)
			case r.RemoveKeyboard:
				p.ReplyMarkup = &models.ReplyKeyboardRemove{RemoveKeyboard: true}
			}
			_, err = b.sender.SendMessage(ctx, p)
		}
		if err != nil {
			b.log.WarnContext(ctx, "reply not delivered", "user_id", cu.TelegramID, "message", r.Text.ID, "err", err)
			continue
		}
		for _, m := range r.Media {
			file := &models.InputFileString{Data: m.FileID}
			if m.Document {
				_, err = b.sender.SendDocument(ctx, &tg.SendDocumentParams{ChatID: cu.ChatID, Document: file})
			} else {
				_, err = b.sender.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: cu.ChatID, Photo: file})
			}
			if err != nil {
				b.log.WarnContext(ctx, "file not delivered", "user_id", cu.TelegramID, "err", err)
			}
		}
	}
}

// sendChart draws a chart with labels in the user's language and sends it as
// a photo, the reply's text as its caption.
func (b *Bot) sendChart(ctx context.Context, cu *conversations.User, r conversations.Reply, lang string) {
	ch := r.Chart
	labels := chart.Labels{
		Title:    b.render(ch.Title, lang),
		Approved: b.render(conversations.T("chart.approved"), lang),
		Pending:  b.render(conversations.T("chart.pending"), lang),
		Off:      b.render(conversations.T("chart.off"), lang),
		NoData:   b.render(conversations.T("chart.no_data"), lang),
	}
	var png []byte
	var err error
	if len(ch.Days) == 0 { // a bar chart (its "no data" when it has no bars)
		labels.YAxis = b.render(conversations.T("chart.y_percent"), lang)
		labels.Target = b.render(conversations.T("chart.reference", "Value", ch.Reference), lang)
		if ch.BarsPercent {
			labels.Unit = "%"
		}
		bars := make([]chart.Bar, len(ch.Bars))
		for i, x := range ch.Bars {
			bars[i] = chart.Bar{Label: x.Label, Value: x.Value}
		}
		png, err = chart.BarChart{Labels: labels, Bars: bars, Reference: ch.Reference}.PNG()
	} else {
		labels.XAxis = b.render(conversations.T("chart.x_day"), lang)
		labels.YAxis = b.render(conversations.T("chart.y_minutes"), lang)
		labels.Target = b.render(conversations.T("chart.target", "Value", ch.DailyTarget), lang)
		days := make([]chart.Day, len(ch.Days))
		for i, d := range ch.Days {
			days[i] = chart.Day{Day: d.Day, Approved: d.Approved, Pending: d.Pending, Off: d.Off}
		}
		png, err = chart.MonthChart{Labels: labels, Days: days, DailyTarget: ch.DailyTarget, DaysInMonth: len(ch.Days)}.PNG()
	}
	if err != nil {
		b.log.ErrorContext(ctx, "chart could not be drawn", "err", err)
		b.send(ctx, cu, conversations.Input{}, []conversations.Reply{conversations.Say("error.internal")})
		return
	}
	caption := fitText(b.render(r.Text, lang), maxCaption)
	if _, err := b.sender.SendPhoto(ctx, &tg.SendPhotoParams{
		ChatID:  cu.ChatID,
		Photo:   &models.InputFileUpload{Filename: "grafik.png", Data: bytes.NewReader(png)},
		Caption: caption,
	}); err != nil {
		b.log.WarnContext(ctx, "chart not delivered", "user_id", cu.TelegramID, "err", err)
	}
}

// Telegram's limits, in UTF-16 code units.
const (
	maxMessageText = 4096
	maxCaption     = 1024
)

// fitText cuts s to limit UTF-16 units, ending with an ellipsis: a long
// message arrives shortened instead of being refused and lost.
func fitText(s string, limit int) string {
	if len(utf16.Encode([]rune(s))) <= limit {
		return s
	}
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > limit-1 {
			return s[:i] + "…"
		}
	}
	return s
}
