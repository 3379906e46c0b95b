package telegramtest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// UserOption configures a User.
type UserOption func(*User)

// WithFirstName sets the user's first name (default "User<id>").
func WithFirstName(n string) UserOption { return func(u *User) { u.firstName = n } }

// WithLastName sets the user's last name.
func WithLastName(n string) UserOption { return func(u *User) { u.lastName = n } }

// WithUsername sets the user's @username (without the @).
func WithUsername(n string) UserOption { return func(u *User) { u.username = n } }

// WithLanguage sets the language_code on the user's messages (default "id").
func WithLanguage(code string) UserOption { return func(u *User) { u.lang = code } }

// WithIsBot marks the account as a bot (from.is_bot = true); the bot cannot
// send messages to it ("Forbidden: bot can't send messages to bots").
func WithIsBot() UserOption { return func(u *User) { u.isBot = true } }

// WithStarted makes the user one who pressed Start some time ago: the bot
// may write to them although they sent nothing since the server started.
func WithStarted() UserOption { return func(u *User) { u.started = true } }

// User is a Telegram user talking to the bot in a private chat (chat id =
// user id). Its methods are safe for concurrent use, but the event cursors
// of Wait and WaitMessage are shared by all callers of the same User.
type User struct {
	s                             *Server
	id                            int64
	firstName, lastName, username string
	lang                          string
	isBot                         bool
	started, blocked, deactivated bool
	chat                          *chat
	waitCursor, msgCursor         int
}

// User returns the user with that id, creating it (and its private chat)
// the first time. Options given on later calls update the user. A user that
// never sent anything cannot be written to by the bot (403 "bot can't
// initiate conversation with a user"), like a user who never pressed Start.
func (s *Server) User(id int64, opts ...UserOption) *User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[id]
	if u == nil {
		if _, taken := s.chats[id]; taken {
			panic(fmt.Sprintf("telegramtest: id %d is already a group chat", id))
		}
		u = &User{s: s, id: id, firstName: fmt.Sprintf("User%d", id), lang: "id"}
		u.chat = newChat(id, "private")
		u.chat.user = u
		s.users[id] = u
		s.chats[id] = u.chat
	}
	for _, o := range opts {
		o(u)
	}
	return u
}

// ID is the user's id, which is also their private chat's id.
func (u *User) ID() int64 { return u.id }

func (u *User) wireLocked() *wireUser {
	return &wireUser{ID: u.id, IsBot: u.isBot, FirstName: u.firstName, LastName: u.lastName, Username: u.username, LanguageCode: u.lang}
}

// SendText sends a text message to the bot and returns its message_id. A
// leading "/command" gets a bot_command entity.
func (u *User) SendText(text string) int {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.s.userMsgLocked(u, u.chat, textMsg(text))
}

// SendCommand sends "/cmd arg1 arg2…" ("/" is added when missing).
func (u *User) SendCommand(cmd string, args ...string) int {
	return u.SendText(commandText(cmd, args))
}

func commandText(cmd string, args []string) string {
	if !strings.HasPrefix(cmd, "/") {
		cmd = "/" + cmd
	}
	return strings.Join(append([]string{cmd}, args...), " ")
}

// SendContact shares a contact (as the request_contact button does when
// contactUserID is the user's own id).
func (u *User) SendContact(phone string, contactUserID int64) int {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	name := "Contact"
	if contactUserID == u.id {
		name = u.firstName
	} else if other := u.s.users[contactUserID]; other != nil {
		name = other.firstName
	}
	m := &msg{contact: &wireContact{PhoneNumber: phone, FirstName: name, UserID: contactUserID}}
	m.Contact = &ContactInfo{PhoneNumber: phone, FirstName: name, UserID: contactUserID}
	return u.s.userMsgLocked(u, u.chat, m)
}

// SendPhoto sends a photo (any bytes; PNG, JPEG and GIF get their real
// dimensions) with an optional caption. The photo gets a new file_id that
// getFile resolves.
func (u *User) SendPhoto(caption string, data []byte) int {
	return u.SendPhotoInGroup("", caption, data)
}

// SendPhotoInGroup is SendPhoto as part of an album (media_group_id).
func (u *User) SendPhotoInGroup(mediaGroupID, caption string, data []byte) int {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	sizes, largest := u.s.storePhotoLocked(data)
	m := &msg{photoSizes: sizes}
	m.Photo, m.PhotoFileID = largest.data, largest.id
	m.Caption, m.RawCaption, m.MediaGroupID = caption, caption, mediaGroupID
	return u.s.userMsgLocked(u, u.chat, m)
}

// SendDocument sends a file.
func (u *User) SendDocument(fileName, mimeType string, data []byte, caption string) int {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	f := u.s.storeDocumentLocked(fileName, mimeType, data)
	m := &msg{doc: f.wireDocument()}
	m.Document = &DocumentInfo{FileID: f.id, FileName: f.name, MimeType: f.mime, Data: f.data}
	m.Caption, m.RawCaption = caption, caption
	return u.s.userMsgLocked(u, u.chat, m)
}

// SendSticker sends a sticker (a message kind most bots do not handle).
func (u *User) SendSticker() int {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	f := u.s.storeFileLocked("sticker", "sticker.webp", "image/webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 fake sticker"))
	m := &msg{sticker: &wireSticker{FileID: f.id, FileUniqueID: f.uniqueID, Type: "regular", Width: 512, Height: 512, Emoji: "👍", FileSize: len(f.data)}}
	m.Sticker = true
	return u.s.userMsgLocked(u, u.chat, m)
}

// EditText edits one of the user's own text messages and enqueues an
// edited_message update. It does nothing if the message is not the user's.
func (u *User) EditText(messageID int, newText string) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m := u.chat.byID[messageID]
	if m == nil || m.FromBot || m.Deleted || m.FromID != u.id {
		return
	}
	m.Text, m.RawText = newText, newText
	m.entities = commandEntities(newText)
	m.Edited++
	m.editDate = s.now().Unix()
	s.enqueueLocked("edited_message", &wireUpdate{EditedMessage: s.wireMsgLocked(u.chat, m, true)})
}

// Press presses the inline button carrying callbackData on the bot's
// message messageID and returns the callback query id. It returns "" and
// sends nothing when the message does not exist (or was deleted) or has no
// such button, as a real client cannot press a missing button.
func (u *User) Press(messageID int, callbackData string) string {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.s.pressLocked(u, u.chat, messageID, callbackData, true)
}

// PressRaw sends a callback query with any data for any message id (a
// forged or stale callback). For a missing message the query carries an
// inaccessible message (date 0).
func (u *User) PressRaw(messageID int, callbackData string) string {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.s.pressLocked(u, u.chat, messageID, callbackData, false)
}

// CallbackAnswer returns what the bot answered to the user's callback
// query id. ok is false when the id is not one of this user's queries;
// Answered is false while the bot has not answered.
func (u *User) CallbackAnswer(callbackID string) (CallbackAnswer, bool) {
	return u.s.callbackAnswer(u.id, callbackID)
}

// WaitCallbackAnswer waits until the bot answers the callback query.
func (u *User) WaitCallbackAnswer(ctx context.Context, callbackID string) (CallbackAnswer, error) {
	return u.s.waitCallbackAnswer(ctx, u.id, callbackID)
}

// Wait returns the next event of the private chat (a new bot message, an
// edit or a deletion by the bot) not yet returned by Wait, in order. It has
// its own cursor, independent of WaitMessage's.
func (u *User) Wait(ctx context.Context) (Event, error) {
	return u.s.waitEvent(ctx, u.chat, &u.waitCursor, false)
}

// WaitMessage returns the next NEW bot message not yet returned by
// WaitMessage, skipping edits and deletions. Its cursor is separate from
// Wait's: both see every new message once.
func (u *User) WaitMessage(timeout time.Duration) (Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ev, err := u.s.waitEvent(ctx, u.chat, &u.msgCursor, true)
	if err != nil {
		return Message{}, fmt.Errorf("telegramtest: user %d: no new bot message: %w", u.id, err)
	}
	return ev.Message, nil
}

// History returns the private chat as a phone shows it now: every message
// of the user and the bot, in order, with current text and keyboard;
// deleted messages are kept with Deleted set.
func (u *User) History() []Message { return u.s.history(u.chat) }

// LastBotMessage returns the bot's latest message that is not deleted.
func (u *User) LastBotMessage() (Message, bool) { return u.s.lastBotMessage(u.chat) }

// ReplyKeyboard returns the reply keyboard currently shown to the user
// (nil when none).
func (u *User) ReplyKeyboard() [][]KeyboardButton { return u.s.replyKeyboard(u.chat) }

// Started reports whether the user has ever written to the bot.
func (u *User) Started() bool {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.started
}

// Group is a group chat ("group" type) in which the bot is a member.
type Group struct {
	s                     *Server
	c                     *chat
	waitCursor, msgCursor int
}

// Group returns the group chat chatID (Telegram group ids are negative),
// creating it the first time; a non-empty title renames it.
func (s *Server) Group(chatID int64, title string) *Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[chatID]
	if g == nil {
		if _, taken := s.chats[chatID]; taken {
			panic(fmt.Sprintf("telegramtest: id %d is already a private chat", chatID))
		}
		c := newChat(chatID, "group")
		g = &Group{s: s, c: c}
		s.groups[chatID] = g
		s.chats[chatID] = c
	}
	if title != "" {
		g.c.title = title
	}
	return g
}

// ID is the group's chat id.
func (g *Group) ID() int64 { return g.c.id }

// SendText sends a text message from u in the group.
func (g *Group) SendText(u *User, text string) int {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	return g.s.userMsgLocked(u, g.c, textMsg(text))
}

// SendCommand sends "/cmd args…" from u in the group.
func (g *Group) SendCommand(u *User, cmd string, args ...string) int {
	return g.SendText(u, commandText(cmd, args))
}

// Press presses a button of a bot message in the group as u (see
// User.Press). Read the answer with u.CallbackAnswer.
func (g *Group) Press(u *User, messageID int, callbackData string) string {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	return g.s.pressLocked(u, g.c, messageID, callbackData, true)
}

// KickBot removes the bot from the group: sends fail with 403 "Forbidden:
// bot was kicked from the group chat".
func (g *Group) KickBot() {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	g.c.kicked = true
}

// Wait is User.Wait for the group chat.
func (g *Group) Wait(ctx context.Context) (Event, error) {
	return g.s.waitEvent(ctx, g.c, &g.waitCursor, false)
}

// WaitMessage is User.WaitMessage for the group chat.
func (g *Group) WaitMessage(timeout time.Duration) (Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ev, err := g.s.waitEvent(ctx, g.c, &g.msgCursor, true)
	if err != nil {
		return Message{}, fmt.Errorf("telegramtest: group %d: no new bot message: %w", g.c.id, err)
	}
	return ev.Message, nil
}

// History is User.History for the group chat.
func (g *Group) History() []Message { return g.s.history(g.c) }

// LastBotMessage is User.LastBotMessage for the group chat.
func (g *Group) LastBotMessage() (Message, bool) { return g.s.lastBotMessage(g.c) }

// ReplyKeyboard is User.ReplyKeyboard for the group chat.
func (g *Group) ReplyKeyboard() [][]KeyboardButton { return g.s.replyKeyboard(g.c) }
