package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
)

// Renderer is the one place where what kinerjabot says (package msg)
// becomes text: message IDs through locales in the reader's language,
// numbers with the reader's decimal mark, instants in the reader's zone,
// plural forms by the Count argument, fitted to Telegram's limits, buttons
// encoded with the callback codec.
type Renderer struct {
	cat *locales.Catalog
	loc *time.Location // the deployment's zone: instants are shown in it by default
}

// NewRenderer builds a renderer; loc is the deployment's zone (UTC when nil).
func NewRenderer(cat *locales.Catalog, loc *time.Location) *Renderer {
	if loc == nil {
		loc = time.UTC
	}
	return &Renderer{cat: cat, loc: loc}
}

// reader is who a text is rendered for.
type reader struct {
	lang string
	zone *time.Location // nil: the deployment's zone
}

// Text renders t in lang, instants in the deployment's zone.
func (r *Renderer) Text(t msg.Text, lang string) (string, error) {
	return r.render(t, reader{lang: lang})
}

// Fit renders t in lang like Text, within Telegram's limit for a message:
// its Long arguments are shortened first.
func (r *Renderer) Fit(t msg.Text, lang string) (string, error) {
	return r.fit(t, reader{lang: lang}, maxMessageText)
}

func (r *Renderer) render(t msg.Text, rd reader) (string, error) {
	args := make(map[string]any, len(t.Args))
	for k, v := range t.Args {
		a, err := r.arg(v, rd)
		if err != nil {
			return "", err
		}
		args[k] = a
	}
	return r.cat.Render(rd.lang, t.ID, args)
}

// arg renders one argument for the reader (see msg.Text).
func (r *Renderer) arg(v any, rd reader) (any, error) {
	switch x := v.(type) {
	case msg.Text:
		if x.ID == "" { // an optional part left out
			return "", nil
		}
		return r.render(x, rd)
	case msg.Lines:
		return r.join(x, "\n", rd)
	case msg.Inline:
		return r.join(x, "; ", rd)
	case msg.Paragraphs:
		return r.join(x, "\n\n", rd)
	case msg.Long:
		return string(x), nil
	case kinerja.Period: // a period in a refusal of the store: by its name
		return r.render(msg.Period(x.Start, x.Quarterly), rd)
	case float64:
		return locales.Number(rd.lang, x), nil
	case time.Time:
		zone := rd.zone
		if zone == nil {
			zone = r.loc
		}
		return locales.Instant(x, zone), nil
	}
	return v, nil
}

func (r *Renderer) join(ts []msg.Text, sep string, rd reader) (string, error) {
	parts := make([]string, len(ts))
	for i, t := range ts {
		s, err := r.render(t, rd)
		if err != nil {
			return "", err
		}
		parts[i] = s
	}
	return strings.Join(parts, sep), nil
}

// Telegram's limits, in UTF-16 code units (what Telegram counts).
const (
	maxMessageText    = 4096
	maxCaption        = 1024
	maxCallbackAnswer = 200
)

// textLen is a text's length as Telegram counts it.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // an invalid byte reads as U+FFFD: 1
	}
	return n
}

// fit renders t within limit: the message's Long arguments (its long free
// text) are shortened first, as much as needed, so everything else stays
// whole; the text itself is cut only as a last resort. A message arrives
// shortened instead of being refused and lost.
func (r *Renderer) fit(t msg.Text, rd reader, limit int) (string, error) {
	s, err := r.render(t, rd)
	if err != nil || textLen(s) <= limit {
		return s, err
	}
	for _, k := range slices.Sorted(maps.Keys(t.Args)) {
		long, ok := t.Args[k].(msg.Long)
		if !ok {
			continue
		}
		args := maps.Clone(t.Args)
		short := t
		short.Args = args
		for over := textLen(s) - limit; over > 0 && long != ""; over = textLen(s) - limit {
			// Each rune removed shortens the text by at least one UTF-16
			// unit; one more makes room for the ellipsis.
			runes := []rune(string(long))
			if keep := len(runes) - over - 1; keep > 0 {
				long = msg.Long(strings.TrimSpace(string(runes[:keep])) + "…")
			} else {
				long = ""
			}
			args[k] = long
			if s, err = r.render(short, rd); err != nil {
				return "", err
			}
		}
		if textLen(s) <= limit {
			return s, nil
		}
		t = short
	}
	return cut(s, limit), nil
}

// cut shortens s to limit UTF-16 units, ending with an ellipsis.
func cut(s string, limit int) string {
	if textLen(s) <= limit {
		return s
	}
	units := 0
	for i, c := range s {
		units += utf16.RuneLen(c)
		if units > limit-1 {
			return s[:i] + "…"
		}
	}
	return s
}

// inlineKeyboard renders buttons. It is never null: an empty keyboard sent
// with an edit removes the buttons (a null one would leave them in place).
func (r *Renderer) inlineKeyboard(rows [][]msg.Button, rd reader) (models.InlineKeyboardMarkup, error) {
	kb := models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	for _, row := range rows {
		out := make([]models.InlineKeyboardButton, 0, len(row))
		for _, btn := range row {
			if btn.WebApp != "" {
				label, err := r.render(btn.Label, rd)
				if err != nil {
					return kb, err
				}
				out = append(out, models.InlineKeyboardButton{Text: label, WebApp: &models.WebAppInfo{URL: btn.WebApp}})
				continue
			}
			data, err := EncodeCallback(btn.Data)
			if err != nil {
				return kb, fmt.Errorf("button %s/%s: %w", btn.Data.Op, btn.Data.Arg, err)
			}
			label, err := r.render(btn.Label, rd)
			if err != nil {
				return kb, err
			}
			out = append(out, models.InlineKeyboardButton{Text: label, CallbackData: data})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, out)
	}
	return kb, nil
}

func (r *Renderer) replyKeyboard(rows [][]msg.KeyButton, rd reader) (*models.ReplyKeyboardMarkup, error) {
	kb := &models.ReplyKeyboardMarkup{ResizeKeyboard: true, IsPersistent: true}
	for _, row := range rows {
		out := make([]models.KeyboardButton, 0, len(row))
		for _, btn := range row {
			label, err := r.render(btn.Label, rd)
			if err != nil {
				return nil, err
			}
			out = append(out, models.KeyboardButton{Text: label, RequestContact: btn.RequestContact})
		}
		kb.Keyboard = append(kb.Keyboard, out)
	}
	return kb, nil
}
