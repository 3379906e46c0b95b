package notify

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"kinerjabot/bot"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
)

// maxText is Telegram's limit for a message text, in UTF-16 code units
// (what Telegram counts).
const maxText = 4096

// Callback operations and arguments of the buttons this package sends; the
// handlers live in conversations (OpApproval "ap", OpHistory "rw").
const (
	opApproval = "ap" // Arg: s|k|t|b followed by the version the card shows
	opHistory  = "rw" // Arg "e": open the report for editing
)

// callbackData encodes a button with the bot's codec. The codec's argument
// type belongs to package conversations, which notify does not import: the
// type is inferred from bot.EncodeCallback's parameter instead.
func callbackData[C ~struct {
	Op    string
	ID    int64
	Arg   string
	Nonce uint32
}](encode func(C) (string, error), op string, id int64, arg string) (string, error) {
	return encode(C{Op: op, ID: id, Arg: arg})
}

// button builds one inline button.
func button(label, op string, id int64, arg string) (models.InlineKeyboardButton, error) {
	data, err := callbackData(bot.EncodeCallback, op, id, arg)
	if err != nil {
		return models.InlineKeyboardButton{}, fmt.Errorf("button %s/%s: %w", op, arg, err)
	}
	return models.InlineKeyboardButton{Text: label, CallbackData: data}, nil
}

// noButtons is the keyboard that removes a message's buttons on an edit.
func noButtons() models.InlineKeyboardMarkup {
	return models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
}

// lang is the language a person reads: their choice, else Indonesian.
func lang(p kinerja.Pegawai) string {
	if locales.Supported(p.Bahasa) {
		return p.Bahasa
	}
	return locales.Reference
}

// texts renders messages in one language; the first failure sticks, so a
// card is built without checking every line and fails as a whole.
type texts struct {
	cat  *locales.Catalog
	lang string
	loc  *time.Location
	err  error
}

func (t *texts) get(id string, kv ...any) string {
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	s, err := t.cat.Render(t.lang, id, args)
	if err != nil && t.err == nil {
		t.err = err
	}
	return s
}

// date renders a business date: "Senin, 28-12-2026".
func (t *texts) date(d kinerja.Date) string {
	return t.get("date.long", "Day", t.get("weekday."+strconv.Itoa(int(d.Weekday()))), "Date", d.Format())
}

// at renders an instant in the deployment's zone: "28-12-2026 14.05 WIB".
func (t *texts) at(x time.Time) string {
	return x.In(t.loc).Format("02-01-2006 15.04 MST")
}

// number renders a volume: Indonesian writes a decimal comma (1,5).
func (t *texts) number(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if t.lang == "id" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// rhk renders what a report counts towards: "U2 Terselenggaranya …",
// "Tugas tambahan" or "Non-SKP".
func (t *texts) rhk(v ReportView) string {
	switch v.Aktivitas.Kategori {
	case kinerja.KategoriTugasTambahan:
		return t.get("report.kategori_tugas_tambahan")
	case kinerja.KategoriNonSKP:
		return t.get("report.kategori_non_skp")
	}
	return shorten(strings.TrimSpace(v.RHKKode+" "+v.RHKTeks), 300)
}

// by renders who decided: "Nama", or "Nama atas nama Atasan" for a delegate.
func (t *texts) by(v ReportView) string {
	return t.get("approval.by", "Nama", v.DecidedBy, "Atasan", v.OnBehalfOf)
}

// shorten cuts s to at most n characters, on one line, with an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
}

// textLen is a text's length as Telegram counts it.
func textLen(s string) int { return len(utf16.Encode([]rune(s))) }

// fit renders build(desc) within Telegram's limit, cutting the description
// (the one long free text) as much as needed, and the text itself as a last
// resort.
func fit(desc string, build func(desc string) string) string {
	text := build(desc)
	for over := textLen(text) - maxText; over > 0 && desc != ""; over = textLen(text) - maxText {
		// Each rune removed shortens the text by at least one UTF-16 unit;
		// one more makes room for the ellipsis.
		keep := len([]rune(desc)) - over - 1
		if keep <= 0 {
			desc = ""
		} else {
			desc = strings.TrimSpace(string([]rune(desc)[:keep])) + "…"
		}
		text = build(desc)
	}
	if textLen(text) > maxText {
		u := utf16.Encode([]rune(text))
		text = string(utf16.Decode(u[:maxText-1])) + "…"
	}
	return text
}
