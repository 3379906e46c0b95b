// Package msg is what kinerjabot says: the one model of an outgoing message,
// shared by the conversations (the answers to a person's input), the
// background workers of package notify (approval cards, decision notices,
// reminders) and package bot, which alone renders it for Telegram and sends
// it.
//
// A message is a Text — a message ID of package locales with its arguments,
// never a finished string — so that it is rendered in the reader's language
// at the last moment, with numbers, dates and times written the way that
// reader writes them. Buttons carry a Callback (ids and short codes only);
// the bot encodes it into Telegram's callback_data. Everything here is plain
// data: no Telegram, no I/O.
package msg

import (
	"errors"
	"time"
)

// Reply is one message the bot sends, or one edit it makes.
type Reply struct {
	Text           Text
	Buttons        [][]Button    // inline keyboard; nil: none
	Keyboard       [][]KeyButton // reply keyboard to show; nil: leave as is
	RemoveKeyboard bool          // hide the reply keyboard
	// Edit replaces the message instead of sending a new one: in a
	// conversation, the message whose button was pressed; for a worker, the
	// message To.MessageID names.
	Edit bool
	// MessageID, with Edit in a conversation, is the message to replace
	// when it is not the one whose button was pressed (an earlier message
	// of the conversation: the list a typed reason came back to, an older
	// prompt whose buttons no longer apply).
	MessageID     int
	RemoveButtons bool   // with Edit and no Text: only take the buttons off
	Lang          string // render in this language instead of the reader's (right after a change)
	// Media are files sent after the text (evidence), each as its own
	// message; without a Text only the files are sent.
	Media []Media
	// Quote sends the reply (each of its files) as a reply to the message
	// whose button was pressed: a card's evidence shows under the card.
	Quote  bool
	Chart  *Chart  // a picture: sent as a photo with Text as its caption
	Upload *Upload // a file the bot made: sent as a document with Text as its caption
}

// Upload is a file the bot made (a recap workbook), sent as a document.
type Upload struct {
	Name string // the file name the reader sees
	Data []byte
}

// Say is a Reply with just a text.
func Say(id string, kv ...any) Reply { return Reply{Text: T(id, kv...)} }

// To addresses a Reply that is not an answer in a conversation: a card, a
// notice or a reminder a worker sends to someone.
type To struct {
	ChatID int64
	Lang   string // the reader's language ("": the reference language)
	// Zone is where the reader is: instants are shown in it (nil: the
	// deployment's zone).
	Zone *time.Location
	// MessageID is the message an Edit reply replaces.
	MessageID int
	// ReplyTo is the message a new message replies to (0: none).
	ReplyTo int
	// Answer marks a message that answers the reader's own action (the
	// card of a report they just decided): it goes out with the replies,
	// ahead of pushes. Unset, a worker's message is a push.
	Answer bool
}

// Button is an inline button.
type Button struct {
	Label Text
	Data  Callback
	// WebApp, when set, makes the button open this https URL as a Telegram
	// Mini App (Data is then unused).
	WebApp string
}

// KeyButton is a reply-keyboard button.
type KeyButton struct {
	Label          Text
	RequestContact bool
}

// Media is a file Telegram already has, sent again by its file id.
type Media struct {
	Document bool // sent as a document; else as a photo
	FileID   string
	// Berkas is a file the bot keeps itself (the Mini App's evidence), by
	// its number: uploaded the first time it is sent, by Telegram's id after.
	Berkas  int64
	Caption Text // shown under the file (none when its ID is "")
}

// Chart is a picture the bot draws and sends as a photo.
type Chart struct {
	Title       Text
	Days        []ChartDay // a month's minutes per day (a month chart)…
	DailyTarget int
	Bars        []ChartBar // …or bars (capaian per RHK, a team's productivity)
	Reference   float64    // a reference line for bars (100 %)
	BarsPercent bool
}

// ChartDay is one day of a month chart.
type ChartDay struct {
	Day               int
	Approved, Pending int
	Off               bool
}

// ChartBar is one bar.
type ChartBar struct {
	Label string
	Value float64
}

// What became of a message that a worker asked the bot to deliver, besides
// success and errors worth retrying.
var (
	// ErrUnreachable: the chat cannot be messaged (the person blocked the
	// bot, never started it, or the account is gone); the bot has marked
	// them unreachable.
	ErrUnreachable = errors.New("msg: chat is unreachable")
	// ErrRefused: Telegram (or the renderer) refused the message for good;
	// sending it again cannot help.
	ErrRefused = errors.New("msg: message refused for good")
	// ErrGone: the message an edit was for is gone (the reader deleted it).
	ErrGone = errors.New("msg: the message to edit is gone")
)
