package telegramtest

import (
	"errors"
	"time"
)

// ErrClosed is returned by the waiting helpers (User.Wait, User.WaitMessage,
// …) when the server is closed while they wait.
var ErrClosed = errors.New("telegramtest: server closed")

// EventKind tells what happened to a message in a chat.
type EventKind int

// The kinds of Event a chat waiter can see.
const (
	// EventNew: the bot sent a new message.
	EventNew EventKind = iota + 1
	// EventEdit: the bot edited one of its messages (text, caption or
	// inline keyboard).
	EventEdit
	// EventDelete: the bot deleted a message (its own or the user's).
	EventDelete
)

// String returns "new", "edit" or "delete".
func (k EventKind) String() string {
	switch k {
	case EventNew:
		return "new"
	case EventEdit:
		return "edit"
	case EventDelete:
		return "delete"
	}
	return "unknown"
}

// Event is something the bot did in a chat, as the chat's member sees it.
// Message is a snapshot of the message right after the event.
type Event struct {
	Kind    EventKind
	Message Message
}

// Message is a chat message as a phone shows it.
type Message struct {
	ID      int
	ChatID  int64
	FromBot bool
	// FromID is the sender's user id (the bot's id for bot messages).
	FromID int64
	// Text is the text as displayed: parse_mode markup (HTML, MarkdownV2,
	// Markdown) is already applied and stripped, leading/trailing white
	// space trimmed, like Telegram does. RawText is what the bot sent.
	Text    string
	RawText string
	// Caption / RawCaption: the same for media captions.
	Caption    string
	RawCaption string
	// ParseMode is the parse_mode the bot used ("" for none).
	ParseMode string
	// Photo holds the uploaded bytes of a photo message (shared, do not
	// modify); PhotoFileID is the file_id of its largest size.
	Photo        []byte
	PhotoFileID  string
	Document     *DocumentInfo
	Contact      *ContactInfo
	Sticker      bool
	MediaGroupID string
	// ReplyToID is the message_id this message replies to (0 if none).
	ReplyToID int
	// InlineKeyboard is the message's current inline keyboard (nil if none).
	InlineKeyboard [][]InlineButton
	// ReplyMarkupRaw is the reply_markup JSON as last received from the bot
	// for this message ("" if none was sent).
	ReplyMarkupRaw string
	// Edited counts the edits made to the message.
	Edited  int
	Deleted bool
	Date    time.Time
}

// Buttons returns the inline keyboard flattened row by row.
func (m Message) Buttons() []InlineButton {
	var out []InlineButton
	for _, row := range m.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

// Button returns the first inline button whose text is exactly text.
func (m Message) Button(text string) (InlineButton, bool) {
	for _, b := range m.Buttons() {
		if b.Text == text {
			return b, true
		}
	}
	return InlineButton{}, false
}

// InlineButton is one button of an inline keyboard.
type InlineButton struct {
	Text, CallbackData, URL string
	WebApp                  string // a Mini App button's https URL
}

// KeyboardButton is one button of a reply keyboard.
type KeyboardButton struct {
	Text           string
	RequestContact bool
}

// DocumentInfo describes a document message.
type DocumentInfo struct {
	FileID   string
	FileName string
	MimeType string
	// Data is the stored content (shared, do not modify).
	Data []byte
}

// ContactInfo describes a shared contact.
type ContactInfo struct {
	PhoneNumber string
	FirstName   string
	UserID      int64
}

// CallbackAnswer is what the bot answered to a callback query.
type CallbackAnswer struct {
	Text      string
	ShowAlert bool
	URL       string
	CacheTime int
	Answered  bool
}

// BotCommand is one command stored by setMyCommands.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Request is one recorded call of the Bot API.
type Request struct {
	// Method is the canonical method name ("sendMessage"), or the name as
	// requested when the method is unknown.
	Method string
	// Params holds every form / query / JSON field as a string: JSON
	// strings unquoted, other JSON values as their JSON text.
	Params map[string]string
	// Files holds uploaded multipart file parts by field name.
	Files map[string][]byte
	// FileNames holds the file name of each uploaded part.
	FileNames map[string]string
	// Status is the HTTP status answered.
	Status int
	// Response is the body answered.
	Response string
	// At is the wall-clock time the request arrived (not the WithClock
	// clock).
	At time.Time
}

// Fault describes a failure to inject into the next calls of a method.
type Fault struct {
	// Times is how many calls get the fault (0 is taken as 1).
	Times int
	// Status is the HTTP status to answer; 0 means "no error" (useful with
	// Delay alone). 502, 503 and 504 are answered with an HTML body like a
	// reverse proxy; 429 with a Telegram flood-wait JSON; anything else with
	// a Telegram-style JSON error.
	Status int
	// RetryAfter is the retry_after for a 429 (default 1).
	RetryAfter int
	// Delay is slept before the call is handled (or answered with the
	// fault); the wait ends early if the client goes away or the server
	// closes.
	Delay time.Duration
	// AfterHandling handles the call normally first (the message is
	// delivered!) and only then answers with the fault, like a proxy that
	// times out after the upstream did the work. Use it to test that
	// retries do not duplicate messages.
	AfterHandling bool
}

// Stats are counters kept by the server.
type Stats struct {
	// Calls counts calls per canonical method name (including failed ones).
	Calls map[string]int
	// Sent counts messages actually delivered (sendMessage, sendPhoto,
	// sendDocument that succeeded).
	Sent int
	// Edits counts successful edit* calls; Deleted successful deletions.
	Edits   int
	Deleted int
	// RateLimited counts 429 answers given by the rate limiter (not the
	// ones injected by InjectFault).
	RateLimited int
	// Faults counts calls answered by an injected fault.
	Faults int
	// MaxPerSecondGlobal is the highest number of delivered messages seen
	// in any sliding 1-second window, over all chats.
	MaxPerSecondGlobal int
	// MaxPerSecondPerChat is the same, for the busiest chat.
	MaxPerSecondPerChat int
	// WebhookDelivered counts updates delivered by webhook with a 2xx;
	// WebhookFailed counts failed attempts.
	WebhookDelivered int
	WebhookFailed    int
}
