package telegramtest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	maxTextLen          = 4096
	maxCaptionLen       = 1024
	maxCallbackText     = 200
	callbackQueryMaxAge = 15 * time.Second
	deleteMaxAge        = 48 * time.Hour
	maxPhotoUploadBytes = 10 << 20
)

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

func (s *Server) chatLocked(id int64) (*chat, *apiError) {
	ch := s.chats[id]
	if ch == nil {
		return nil, badRequest("chat not found")
	}
	return ch, nil
}

// reachableLocked checks that the bot may send to the chat.
func (s *Server) reachableLocked(ch *chat) *apiError {
	if ch.typ != "private" {
		if ch.kicked {
			return forbidden("bot was kicked from the group chat")
		}
		return nil
	}
	u := ch.user
	switch {
	case u.deactivated:
		return forbidden("user is deactivated")
	case u.isBot:
		return forbidden("bot can't send messages to bots")
	case u.blocked:
		return forbidden("bot was blocked by the user")
	case !u.started:
		return forbidden("bot can't initiate conversation with a user")
	}
	return nil
}

// floodLocked applies the rate limiter; it returns the time to record the
// delivery with.
func (s *Server) floodLocked(ch *chat) (time.Time, *apiError) {
	now := time.Now()
	if ok, retry := s.rl.check(ch.id, now); !ok {
		s.stats.RateLimited++
		return now, tooMany(retry)
	}
	return now, nil
}

func (s *Server) replyToLocked(ch *chat, c *call) (*msg, *apiError) {
	id, _ := c.intp("reply_to_message_id")
	allow := c.boolp("allow_sending_without_reply")
	if raw := c.str("reply_parameters"); raw != "" {
		var rp struct {
			MessageID                int  `json:"message_id"`
			AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
		}
		if err := json.Unmarshal([]byte(raw), &rp); err != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
		id, allow = rp.MessageID, rp.AllowSendingWithoutReply
	}
	if id == 0 {
		return nil, nil
	}
	m := ch.byID[id]
	if m == nil || m.Deleted {
		if allow {
			return nil, nil
		}
		return nil, badRequest("message to be replied not found")
	}
	return m, nil
}

func (s *Server) newBotMsg() *msg {
	m := &msg{from: s.botWireUser()}
	m.FromBot = true
	m.FromID = s.botID
	return m
}

// deliverLocked adds a bot message to the chat and applies its markup.
func (s *Server) deliverLocked(ch *chat, m *msg, rm *replyMarkup, replyTo *msg, now time.Time) {
	m.replyTo = replyTo
	if replyTo != nil {
		m.ReplyToID = replyTo.ID
	}
	m.ReplyMarkupRaw = rm.raw
	switch rm.kind {
	case markupInline:
		if rm.inline != nil {
			m.inline = rm.inline
			m.InlineKeyboard = rm.inline.rows
		}
	case markupKeyboard:
		ch.replyKB, ch.replyKBOneTime = rm.keyboard, rm.oneTime
	case markupRemove:
		ch.replyKB, ch.replyKBOneTime = nil, false
	}
	s.addMsgLocked(ch, m)
	s.rl.delivered(ch.id, now, &s.stats)
	s.stats.Sent++
	s.addEventLocked(ch, EventNew, m)
}

func (s *Server) mSendMessage(c *call) (any, error) {
	chatID, aerr := c.chatID()
	if aerr != nil {
		return nil, aerr
	}
	rm, aerr := parseReplyMarkup(c)
	if aerr != nil {
		return nil, aerr
	}
	text, ents, textErr := parseFormatted(c.str("text"), c.str("parse_mode"), c.str("entities"))

	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.chatLocked(chatID)
	if aerr != nil {
		return nil, aerr
	}
	switch {
	case textErr != nil:
		return nil, textErr
	case text == "":
		return nil, badRequest("message text is empty")
	case utf16Len(text) > maxTextLen:
		return nil, badRequest("message is too long")
	}
	if aerr := rm.validate(); aerr != nil {
		return nil, aerr
	}
	replyTo, aerr := s.replyToLocked(ch, c)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := s.reachableLocked(ch); aerr != nil {
		return nil, aerr
	}
	now, aerr := s.floodLocked(ch)
	if aerr != nil {
		return nil, aerr
	}
	m := s.newBotMsg()
	m.Text, m.RawText, m.ParseMode, m.entities = text, c.str("text"), c.str("parse_mode"), ents
	s.deliverLocked(ch, m, rm, replyTo, now)
	return s.wireMsgLocked(ch, m, true), nil
}

// mediaSend is the common part of sendPhoto and sendDocument. check
// validates the file and returns the function that stores it in the
// message once the flood check has passed.
func (s *Server) mediaSend(c *call, field string, check func(in *inputFile) (func(m *msg), *apiError)) (any, error) {
	chatID, aerr := c.chatID()
	if aerr != nil {
		return nil, aerr
	}
	rm, aerr := parseReplyMarkup(c)
	if aerr != nil {
		return nil, aerr
	}
	in, aerr := s.resolveInputFile(c, field)
	if aerr != nil {
		return nil, aerr
	}
	caption, ents, capErr := parseFormatted(c.str("caption"), c.str("parse_mode"), c.str("caption_entities"))

	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.chatLocked(chatID)
	if aerr != nil {
		return nil, aerr
	}
	if capErr != nil {
		return nil, capErr
	}
	if utf16Len(caption) > maxCaptionLen {
		return nil, badRequest("message caption is too long")
	}
	if aerr := rm.validate(); aerr != nil {
		return nil, aerr
	}
	replyTo, aerr := s.replyToLocked(ch, c)
	if aerr != nil {
		return nil, aerr
	}
	commit, aerr := check(in)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := s.reachableLocked(ch); aerr != nil {
		return nil, aerr
	}
	now, aerr := s.floodLocked(ch)
	if aerr != nil {
		return nil, aerr
	}
	m := s.newBotMsg()
	m.Caption, m.RawCaption, m.ParseMode, m.captionEntities = caption, c.str("caption"), c.str("parse_mode"), ents
	commit(m)
	s.deliverLocked(ch, m, rm, replyTo, now)
	return s.wireMsgLocked(ch, m, true), nil
}

func (s *Server) mSendPhoto(c *call) (any, error) {
	return s.mediaSend(c, "photo", func(in *inputFile) (func(m *msg), *apiError) {
		if f := in.existing; f != nil {
			if f.kind != "photo" {
				return nil, badRequest("type of file mismatch")
			}
			return func(m *msg) {
				largest := s.files[f.sizes[len(f.sizes)-1].FileID]
				m.photoSizes, m.Photo, m.PhotoFileID = f.sizes, largest.data, largest.id
			}, nil
		}
		w, h, _, ok := imageSize(in.data)
		if !ok {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		if w+h > 10000 || max(w, h) > 20*min(w, h) {
			return nil, badRequest("PHOTO_INVALID_DIMENSIONS")
		}
		if len(in.data) > maxPhotoUploadBytes {
			return nil, badRequest("PHOTO_SAVE_FILE_INVALID")
		}
		return func(m *msg) {
			sizes, largest := s.storePhotoLocked(in.data)
			m.photoSizes, m.Photo, m.PhotoFileID = sizes, largest.data, largest.id
		}, nil
	})
}

func (s *Server) mSendDocument(c *call) (any, error) {
	return s.mediaSend(c, "document", func(in *inputFile) (func(m *msg), *apiError) {
		if f := in.existing; f != nil && f.kind != "document" {
			return nil, badRequest("type of file mismatch")
		}
		return func(m *msg) {
			f := in.existing
			if f == nil {
				name := in.name
				if name == "" || name == "." || name == "/" {
					name = "document"
				}
				f = s.storeDocumentLocked(name, mimeByName(name, in.contentType), in.data)
			}
			m.doc = f.wireDocument()
			m.Document = &DocumentInfo{FileID: f.id, FileName: f.name, MimeType: f.mime, Data: f.data}
		}, nil
	})
}

// editTargetLocked finds the bot message an edit* call refers to.
func (s *Server) editTargetLocked(c *call) (*chat, *msg, *apiError) {
	if c.str("inline_message_id") != "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	chatID, aerr := c.chatID()
	if aerr != nil {
		return nil, nil, aerr
	}
	id, aerr := c.messageID()
	if aerr != nil {
		return nil, nil, aerr
	}
	ch, aerr := s.chatLocked(chatID)
	if aerr != nil {
		return nil, nil, aerr
	}
	m := ch.byID[id]
	if m == nil || m.Deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.FromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return ch, m, nil
}

// editKeyboard computes the inline keyboard after an edit: a missing
// reply_markup removes it, inline_keyboard:null keeps it, [] removes it.
func editKeyboard(m *msg, rm *replyMarkup) (*inlineKeyboard, *apiError) {
	switch rm.kind {
	case markupNone, markupEmpty:
		return nil, nil
	case markupInlineNull:
		return m.inline, nil
	case markupInline:
		if aerr := rm.validate(); aerr != nil {
			return nil, aerr
		}
		return rm.inline, nil
	}
	return nil, badRequest("inline keyboard expected")
}

func (s *Server) applyEditLocked(ch *chat, m *msg, kb *inlineKeyboard, rm *replyMarkup) any {
	m.inline = kb
	m.InlineKeyboard = nil
	if kb != nil {
		m.InlineKeyboard = kb.rows
	}
	m.ReplyMarkupRaw = rm.raw
	m.Edited++
	m.editDate = s.now().Unix()
	s.stats.Edits++
	s.addEventLocked(ch, EventEdit, m)
	return s.wireMsgLocked(ch, m, true)
}

func hasMedia(m *msg) bool { return m.photoSizes != nil || m.doc != nil || m.sticker != nil }

func (s *Server) mEditMessageText(c *call) (any, error) {
	rm, aerr := parseReplyMarkup(c)
	if aerr != nil {
		return nil, aerr
	}
	text, ents, textErr := parseFormatted(c.str("text"), c.str("parse_mode"), c.str("entities"))
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, aerr := s.editTargetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if hasMedia(m) {
		return nil, badRequest("there is no text in the message to edit")
	}
	switch {
	case textErr != nil:
		return nil, textErr
	case text == "":
		return nil, badRequest("message text is empty")
	case utf16Len(text) > maxTextLen:
		return nil, badRequest("message is too long")
	}
	kb, aerr := editKeyboard(m, rm)
	if aerr != nil {
		return nil, aerr
	}
	if text == m.Text && entitiesEqual(ents, m.entities) && kb.key() == m.inline.key() {
		return nil, errNotModified
	}
	m.Text, m.RawText, m.ParseMode, m.entities = text, c.str("text"), c.str("parse_mode"), ents
	return s.applyEditLocked(ch, m, kb, rm), nil
}

func (s *Server) mEditMessageCaption(c *call) (any, error) {
	rm, aerr := parseReplyMarkup(c)
	if aerr != nil {
		return nil, aerr
	}
	caption, ents, capErr := parseFormatted(c.str("caption"), c.str("parse_mode"), c.str("caption_entities"))
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, aerr := s.editTargetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if !hasMedia(m) {
		return nil, badRequest("there is no caption in the message to edit")
	}
	if capErr != nil {
		return nil, capErr
	}
	if utf16Len(caption) > maxCaptionLen {
		return nil, badRequest("message caption is too long")
	}
	kb, aerr := editKeyboard(m, rm)
	if aerr != nil {
		return nil, aerr
	}
	if caption == m.Caption && entitiesEqual(ents, m.captionEntities) && kb.key() == m.inline.key() {
		return nil, errNotModified
	}
	m.Caption, m.RawCaption, m.ParseMode, m.captionEntities = caption, c.str("caption"), c.str("parse_mode"), ents
	return s.applyEditLocked(ch, m, kb, rm), nil
}

func (s *Server) mEditMessageReplyMarkup(c *call) (any, error) {
	rm, aerr := parseReplyMarkup(c)
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, m, aerr := s.editTargetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	kb, aerr := editKeyboard(m, rm)
	if aerr != nil {
		return nil, aerr
	}
	if kb.key() == m.inline.key() {
		return nil, errNotModified
	}
	return s.applyEditLocked(ch, m, kb, rm), nil
}

func entitiesEqual(a, b []wireEntity) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func (s *Server) mDeleteMessage(c *call) (any, error) {
	chatID, aerr := c.chatID()
	if aerr != nil {
		return nil, aerr
	}
	id, aerr := c.messageID()
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.chatLocked(chatID)
	if aerr != nil {
		return nil, aerr
	}
	m := ch.byID[id]
	if m == nil || m.Deleted {
		return nil, badRequest("message to delete not found")
	}
	if s.now().Sub(m.Date) > deleteMaxAge {
		return nil, badRequest("message can't be deleted for everyone")
	}
	m.Deleted = true
	s.stats.Deleted++
	s.addEventLocked(ch, EventDelete, m)
	return true, nil
}

func (s *Server) mAnswerCallbackQuery(c *call) (any, error) {
	id := strings.TrimSpace(c.str("callback_query_id"))
	text := c.str("text")
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[id]
	if cb == nil || cb.answer.Answered || s.now().Sub(cb.at) > callbackQueryMaxAge {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf16Len(text) > maxCallbackText {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cacheTime, _ := c.intp("cache_time")
	cb.answer = CallbackAnswer{Text: text, ShowAlert: c.boolp("show_alert"), URL: c.str("url"), CacheTime: cacheTime, Answered: true}
	cb.chat.notify()
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) mSendChatAction(c *call) (any, error) {
	chatID, aerr := c.chatID()
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, aerr := s.chatLocked(chatID)
	if aerr != nil {
		return nil, aerr
	}
	if !chatActions[c.str("action")] {
		return nil, badRequest("wrong parameter action in request")
	}
	if aerr := s.reachableLocked(ch); aerr != nil {
		return nil, aerr
	}
	return true, nil
}

// ---- commands ----

func commandScopeKey(raw string) (string, *apiError) {
	if strings.TrimSpace(raw) == "" || raw == "null" {
		return "default", nil
	}
	var sc struct {
		Type   string      `json:"type"`
		ChatID json.Number `json:"chat_id"`
		UserID json.Number `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return "", badRequest("can't parse BotCommandScope JSON object")
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return sc.Type, nil
	case "chat", "chat_administrators":
		return fmt.Sprintf("%s:%s", sc.Type, sc.ChatID), nil
	case "chat_member":
		return fmt.Sprintf("%s:%s:%s", sc.Type, sc.ChatID, sc.UserID), nil
	}
	return "", badRequest("unsupported bot command scope type")
}

func validCommand(cmd string) bool {
	if len(cmd) < 1 || len(cmd) > 32 {
		return false
	}
	for _, r := range cmd {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func (s *Server) mSetMyCommands(c *call) (any, error) {
	if !c.has("commands") {
		return nil, badRequest("parameter \"commands\" is required")
	}
	var list []BotCommand
	if raw := c.str("commands"); raw != "null" {
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			return nil, badRequest("can't parse commands JSON object")
		}
	}
	if len(list) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, bc := range list {
		if !validCommand(bc.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(bc.Description)); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	scope, aerr := commandScopeKey(c.str("scope"))
	if aerr != nil {
		return nil, aerr
	}
	lang := c.str("language_code")
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(list) == 0 {
		delete(s.commands[scope], lang)
		return true, nil
	}
	if s.commands[scope] == nil {
		s.commands[scope] = map[string][]BotCommand{}
	}
	s.commands[scope][lang] = list
	return true, nil
}

func (s *Server) mGetMyCommands(c *call) (any, error) {
	scope, aerr := commandScopeKey(c.str("scope"))
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.commands[scope][c.str("language_code")]
	if list == nil {
		list = []BotCommand{}
	}
	return list, nil
}

func (s *Server) mDeleteMyCommands(c *call) (any, error) {
	scope, aerr := commandScopeKey(c.str("scope"))
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands[scope], c.str("language_code"))
	return true, nil
}

// SetCommands returns what setMyCommands stored for the default scope,
// keyed by language_code ("" = all languages).
func (s *Server) SetCommands() map[string][]BotCommand {
	return s.ScopedCommands()["default"]
}

// ScopedCommands returns every stored command list keyed by scope
// ("default", "all_private_chats", "all_group_chats",
// "all_chat_administrators", "chat:<id>", "chat_administrators:<id>",
// "chat_member:<chat id>:<user id>") and then by language_code.
func (s *Server) ScopedCommands() map[string]map[string][]BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]map[string][]BotCommand{}
	for scope, byLang := range s.commands {
		if len(byLang) == 0 {
			continue
		}
		m := map[string][]BotCommand{}
		for lang, list := range byLang {
			m[lang] = append([]BotCommand(nil), list...)
		}
		out[scope] = m
	}
	return out
}
