package telegramtest

import (
	"bytes"
	"encoding/json"
	"strings"
)

type markupKind int

const (
	markupNone       markupKind = iota // reply_markup absent
	markupEmpty                        // an object with none of the known fields
	markupInline                       // inline_keyboard: [...]
	markupInlineNull                   // inline_keyboard: null
	markupKeyboard                     // keyboard: [...]
	markupRemove                       // remove_keyboard: true
	markupForceReply                   // force_reply: true
)

// replyMarkup is a parsed reply_markup field.
type replyMarkup struct {
	kind     markupKind
	raw      string
	inline   *inlineKeyboard
	keyboard [][]KeyboardButton
	oneTime  bool
	// buttons keeps the raw inline buttons for validation.
	buttons [][]map[string]json.RawMessage
}

var errMarkupJSON = badRequest("can't parse reply keyboard markup JSON object")

// parseReplyMarkup parses reply_markup (a JSON-serialised object). Only
// JSON-level errors are reported here; button rules are checked by
// validate, later, as Telegram does.
func parseReplyMarkup(c *call) (*replyMarkup, *apiError) {
	raw, ok := c.params["reply_markup"]
	if !ok || strings.TrimSpace(raw) == "" || strings.TrimSpace(raw) == "null" {
		return &replyMarkup{kind: markupNone}, nil
	}
	rm := &replyMarkup{raw: raw, kind: markupEmpty}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return nil, errMarkupJSON
	}
	isNull := func(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }
	if v, ok := obj["inline_keyboard"]; ok {
		if isNull(v) {
			rm.kind = markupInlineNull
			return rm, nil
		}
		if err := json.Unmarshal(v, &rm.buttons); err != nil {
			return nil, badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
		}
		rm.kind = markupInline
		return rm, nil
	}
	if v, ok := obj["keyboard"]; ok && !isNull(v) {
		var rows [][]json.RawMessage
		if err := json.Unmarshal(v, &rows); err != nil {
			return nil, badRequest("field \"keyboard\" of the ReplyKeyboardMarkup must be an Array of Arrays")
		}
		for _, row := range rows {
			var out []KeyboardButton
			for _, b := range row {
				var kb KeyboardButton
				var str string
				if json.Unmarshal(b, &str) == nil {
					kb.Text = str
				} else {
					var o struct {
						Text           string `json:"text"`
						RequestContact bool   `json:"request_contact"`
					}
					if err := json.Unmarshal(b, &o); err != nil {
						return nil, errMarkupJSON
					}
					kb = KeyboardButton{Text: o.Text, RequestContact: o.RequestContact}
				}
				out = append(out, kb)
			}
			rm.keyboard = append(rm.keyboard, out)
		}
		var flags struct {
			OneTime bool `json:"one_time_keyboard"`
		}
		_ = json.Unmarshal([]byte(raw), &flags)
		rm.oneTime = flags.OneTime
		rm.kind = markupKeyboard
		return rm, nil
	}
	if v, ok := obj["remove_keyboard"]; ok && string(bytes.TrimSpace(v)) == "true" {
		rm.kind = markupRemove
		return rm, nil
	}
	if v, ok := obj["force_reply"]; ok && string(bytes.TrimSpace(v)) == "true" {
		rm.kind = markupForceReply
		return rm, nil
	}
	return rm, nil
}

// inlineActions are the fields that give an inline button something to do
// (copy_text is handled apart because go-telegram always sends it).
var inlineActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"callback_game",
}

// validate checks the buttons like Telegram and builds the keyboard.
func (rm *replyMarkup) validate() *apiError {
	if rm.kind == markupKeyboard {
		for _, row := range rm.keyboard {
			for _, b := range row {
				if b.Text == "" {
					return badRequest("keyboard button text is empty")
				}
			}
		}
		return nil
	}
	if rm.kind != markupInline {
		return nil
	}
	kb := &inlineKeyboard{}
	for _, row := range rm.buttons {
		if len(row) == 0 {
			continue
		}
		var outRow []InlineButton
		var canonRow []json.RawMessage
		for _, obj := range row {
			present := func(k string) bool {
				v, ok := obj[k]
				return ok && string(bytes.TrimSpace(v)) != "null"
			}
			str := func(k string) string {
				var s string
				_ = json.Unmarshal(obj[k], &s)
				return s
			}
			btn := InlineButton{Text: str("text"), CallbackData: str("callback_data"), URL: str("url")}
			if btn.Text == "" {
				return badRequest("text buttons are unallowed in the inline keyboard")
			}
			action := false
			for _, k := range inlineActions {
				if present(k) {
					action = true
				}
			}
			if v, ok := obj["pay"]; ok && string(bytes.TrimSpace(v)) == "true" {
				action = true
			}
			copyText := ""
			if present("copy_text") {
				var ct struct {
					Text string `json:"text"`
				}
				_ = json.Unmarshal(obj["copy_text"], &ct)
				copyText = ct.Text
			}
			if present("callback_data") {
				if n := len(btn.CallbackData); n < 1 || n > 64 {
					return badRequest("BUTTON_DATA_INVALID")
				}
			}
			if present("url") && strings.TrimSpace(btn.URL) == "" {
				return badRequest("BUTTON_URL_INVALID")
			}
			if present("web_app") {
				var wa struct {
					URL string `json:"url"`
				}
				_ = json.Unmarshal(obj["web_app"], &wa)
				if !strings.HasPrefix(wa.URL, "https://") || len(wa.URL) <= len("https://") {
					return badRequest("inline keyboard button Web App URL '" + wa.URL + "' is invalid: Only HTTPS links are allowed")
				}
				btn.WebApp = wa.URL
			}
			if !action {
				switch {
				case present("copy_text") && copyText == "":
					return badRequest("BUTTON_COPY_TEXT_INVALID")
				case copyText == "":
					return badRequest("text buttons are unallowed in the inline keyboard")
				}
			}
			// canonical JSON: present fields, minus an empty copy_text
			canon := map[string]json.RawMessage{}
			for k, v := range obj {
				if string(bytes.TrimSpace(v)) == "null" {
					continue
				}
				if k == "copy_text" && copyText == "" {
					continue
				}
				if k == "pay" && string(bytes.TrimSpace(v)) != "true" {
					continue
				}
				var buf bytes.Buffer
				if json.Compact(&buf, v) == nil {
					v = buf.Bytes()
				}
				canon[k] = v
			}
			cb, _ := json.Marshal(canon)
			outRow = append(outRow, btn)
			canonRow = append(canonRow, cb)
		}
		kb.rows = append(kb.rows, outRow)
		kb.canon = append(kb.canon, canonRow)
	}
	if len(kb.rows) > 0 {
		rm.inline = kb
	}
	return nil
}
