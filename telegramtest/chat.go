package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// chat is the server-side state of one chat (private or group). All fields
// are guarded by Server.mu.
type chat struct {
	id        int64
	typ       string // "private" or "group"
	title     string
	user      *User // private chats
	kicked    bool  // groups: the bot was removed
	nextMsgID int
	msgs      []*msg
	byID      map[int]*msg
	events    []Event
	signal    chan struct{}

	replyKB        [][]KeyboardButton
	replyKBOneTime bool
}

func newChat(id int64, typ string) *chat {
	return &chat{id: id, typ: typ, nextMsgID: 1, byID: map[int]*msg{}, signal: make(chan struct{})}
}

// notify wakes every waiter of the chat.
func (c *chat) notify() {
	close(c.signal)
	c.signal = make(chan struct{})
}

// msg is one message; the embedded Message is kept current.
type msg struct {
	Message
	from            *wireUser
	entities        []wireEntity
	captionEntities []wireEntity
	photoSizes      []wirePhotoSize
	doc             *wireDocument
	sticker         *wireSticker
	contact         *wireContact
	inline          *inlineKeyboard // current inline keyboard, nil if none
	replyTo         *msg
	editDate        int64
}

func (m *msg) snapshot() Message {
	out := m.Message
	if m.Document != nil {
		d := *m.Document
		out.Document = &d
	}
	if m.Contact != nil {
		ct := *m.Contact
		out.Contact = &ct
	}
	return out
}

func (s *Server) wireChatLocked(c *chat) wireChat {
	wc := wireChat{ID: c.id, Type: c.typ, Title: c.title}
	if c.user != nil {
		wc.FirstName, wc.LastName, wc.Username = c.user.firstName, c.user.lastName, c.user.username
	}
	return wc
}

func (s *Server) wireMsgLocked(c *chat, m *msg, withReply bool) *wireMessage {
	wm := &wireMessage{
		MessageID:       m.ID,
		From:            m.from,
		Date:            m.Date.Unix(),
		Chat:            s.wireChatLocked(c),
		EditDate:        m.editDate,
		MediaGroupID:    m.MediaGroupID,
		Text:            m.Text,
		Entities:        m.entities,
		Caption:         m.Caption,
		CaptionEntities: m.captionEntities,
		Photo:           m.photoSizes,
		Document:        m.doc,
		Sticker:         m.sticker,
		Contact:         m.contact,
	}
	if m.inline != nil && len(m.inline.rows) > 0 {
		wm.ReplyMarkup = m.inline.wire()
	}
	if withReply && m.replyTo != nil {
		wm.ReplyToMessage = s.wireMsgLocked(c, m.replyTo, false)
	}
	return wm
}

// addMsgLocked appends a message to the chat with the next message id.
func (s *Server) addMsgLocked(c *chat, m *msg) *msg {
	m.ID = c.nextMsgID
	c.nextMsgID++
	m.ChatID = c.id
	m.Date = time.Unix(s.now().Unix(), 0)
	c.msgs = append(c.msgs, m)
	c.byID[m.ID] = m
	return m
}

func (s *Server) addEventLocked(c *chat, kind EventKind, m *msg) {
	c.events = append(c.events, Event{Kind: kind, Message: m.snapshot()})
	c.notify()
}

// conversation helpers shared by User and Group.

func (s *Server) waitEvent(ctx context.Context, c *chat, cursor *int, onlyNew bool) (Event, error) {
	for {
		s.mu.Lock()
		for *cursor < len(c.events) {
			ev := c.events[*cursor]
			*cursor++
			if onlyNew && ev.Kind != EventNew {
				continue
			}
			s.mu.Unlock()
			return ev, nil
		}
		if s.closed {
			s.mu.Unlock()
			return Event{}, ErrClosed
		}
		sig := c.signal
		s.mu.Unlock()
		select {
		case <-sig:
		case <-ctx.Done():
			return Event{}, ctx.Err()
		case <-s.closeCh:
		}
	}
}

func (s *Server) history(c *chat) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(c.msgs))
	for _, m := range c.msgs {
		out = append(out, m.snapshot())
	}
	return out
}

func (s *Server) lastBotMessage(c *chat) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(c.msgs) - 1; i >= 0; i-- {
		if m := c.msgs[i]; m.FromBot && !m.Deleted {
			return m.snapshot(), true
		}
	}
	return Message{}, false
}

func (s *Server) replyKeyboard(c *chat) [][]KeyboardButton {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.replyKB == nil {
		return nil
	}
	out := make([][]KeyboardButton, len(c.replyKB))
	for i, row := range c.replyKB {
		out[i] = append([]KeyboardButton(nil), row...)
	}
	return out
}

// userMsgLocked adds a message written by u to chat c and enqueues it as an
// update. It returns the message id.
func (s *Server) userMsgLocked(u *User, c *chat, m *msg) int {
	m.from = u.wireLocked()
	m.FromID = u.id
	if c.typ == "private" {
		u.started = true
	}
	if c.replyKBOneTime {
		c.replyKB, c.replyKBOneTime = nil, false
	}
	s.addMsgLocked(c, m)
	s.enqueueLocked("message", &wireUpdate{Message: s.wireMsgLocked(c, m, true)})
	return m.ID
}

func textMsg(text string) *msg {
	m := &msg{}
	m.Text = text
	m.RawText = text
	m.entities = commandEntities(text)
	return m
}

// commandEntities marks a leading "/command" (with an optional @bot
// suffix) as a bot_command entity, like Telegram clients do.
func commandEntities(text string) []wireEntity {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return nil
	}
	end := strings.IndexAny(text, " \t\n")
	if end < 0 {
		end = len(text)
	}
	if end < 2 {
		return nil
	}
	return []wireEntity{{Type: "bot_command", Offset: 0, Length: utf16Len(text[:end])}}
}

func (s *Server) pressLocked(u *User, c *chat, messageID int, data string, check bool) string {
	m := c.byID[messageID]
	if check {
		if m == nil || m.Deleted || !m.FromBot || m.inline == nil || !m.inline.hasData(data) {
			return ""
		}
	}
	s.cbSeq++
	id := fmt.Sprintf("%d", 4242000000000000000+s.cbSeq*7919)
	cq := &wireCallbackQuery{
		ID:           id,
		From:         *u.wireLocked(),
		ChatInstance: fmt.Sprintf("%d", -(c.id*31 + 7)),
		Data:         data,
	}
	if m != nil && !m.Deleted {
		cq.Message = s.wireMsgLocked(c, m, true)
	} else {
		cq.Message = wireInaccessibleMessage{Chat: s.wireChatLocked(c), MessageID: messageID, Date: 0}
	}
	s.callbacks[id] = &callback{id: id, userID: u.id, chatID: c.id, messageID: messageID, data: data, at: s.now(), chat: c}
	s.enqueueLocked("callback_query", &wireUpdate{CallbackQuery: cq})
	return id
}

type callback struct {
	id        string
	userID    int64
	chatID    int64
	messageID int
	data      string
	at        time.Time
	chat      *chat
	answer    CallbackAnswer
}

func (s *Server) callbackAnswer(userID int64, id string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[id]
	if cb == nil || cb.userID != userID {
		return CallbackAnswer{}, false
	}
	return cb.answer, true
}

func (s *Server) waitCallbackAnswer(ctx context.Context, userID int64, id string) (CallbackAnswer, error) {
	for {
		s.mu.Lock()
		cb := s.callbacks[id]
		if cb == nil || cb.userID != userID {
			s.mu.Unlock()
			return CallbackAnswer{}, fmt.Errorf("telegramtest: unknown callback query %q", id)
		}
		if cb.answer.Answered {
			a := cb.answer
			s.mu.Unlock()
			return a, nil
		}
		if s.closed {
			s.mu.Unlock()
			return CallbackAnswer{}, ErrClosed
		}
		sig := cb.chat.signal
		s.mu.Unlock()
		select {
		case <-sig:
		case <-ctx.Done():
			return CallbackAnswer{}, ctx.Err()
		case <-s.closeCh:
		}
	}
}

// inlineKeyboard is a parsed and validated inline keyboard.
type inlineKeyboard struct {
	rows  [][]InlineButton
	canon [][]json.RawMessage // canonical JSON of each button
}

func (k *inlineKeyboard) wire() *wireInlineMarkup {
	return &wireInlineMarkup{InlineKeyboard: k.canon}
}

func (k *inlineKeyboard) key() string {
	if k == nil || len(k.rows) == 0 {
		return ""
	}
	b, _ := json.Marshal(k.canon)
	return string(b)
}

func (k *inlineKeyboard) hasData(data string) bool {
	for _, row := range k.rows {
		for _, b := range row {
			if b.CallbackData != "" && b.CallbackData == data {
				return true
			}
		}
	}
	return false
}
