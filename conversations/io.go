package conversations

import (
	"strings"
	"time"

	"kinerjabot/kinerja"
)

// Kind is the kind of an input.
type Kind int

const (
	KindText Kind = iota + 1
	KindCommand
	KindCallback
	KindContact
	KindPhoto
	KindDocument
	KindUnsupported // stickers, voice, locations...: answered once, never an error
)

// Input is one thing a user did, already decoded from the transport.
type Input struct {
	Kind       Kind
	Text       string   // text, or a photo's caption
	Command    string   // lower case, without "/" and "@bot"
	Args       string   // what followed the command
	Callback   Callback // KindCallback
	MessageID  int      // the message a callback's button was on
	Contact    *Contact
	Files      []File
	MediaGroup string // the album a photo or document belongs to ("" when none)
	At         time.Time
}

// Contact is a shared phone contact.
type Contact struct {
	Phone  string
	UserID int64 // Telegram user id of the contact; equals the sender's for their own phone
}

// File is an incoming photo or document.
type File struct {
	ID   string
	Name string
	MIME string
	Size int64
}

// Callback is the decoded content of an inline button. The bot package owns
// its wire format (callback_data, at most 64 bytes): ids only, never text.
type Callback struct {
	Op    string // short operation code, e.g. "st" (a step's choice), "lg" (language)
	ID    int64  // a record id when the button is about one
	Arg   string // a short choice
	Nonce uint32 // the session nonce for step buttons, 0 otherwise
}

// User is the person behind an input.
type User struct {
	TelegramID   int64
	ChatID       int64
	FirstName    string
	TelegramLang string           // language_code from Telegram: never switches the bot by itself
	Lang         string           // the language the bot speaks to this user
	LangChosen   bool             // the user chose Lang explicitly
	LangOffered  bool             // the English offer was already shown once
	Pegawai      *kinerja.Pegawai // nil while the account is not linked
}

// Name is how the bot addresses the user.
func (u *User) Name() string {
	if u.Pegawai != nil && u.Pegawai.Nama != "" {
		return u.Pegawai.Nama
	}
	return u.FirstName
}

// Text is a message ID with its template arguments.
type Text struct {
	ID   string
	Args map[string]any
}

// T builds a Text.
func T(id string, kv ...any) Text {
	t := Text{ID: id}
	if len(kv) > 0 {
		t.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			t.Args[kv[i].(string)] = kv[i+1]
		}
	}
	return t
}

// Lines is an argument rendered as one line per Text.
type Lines []Text

// Inline is an argument rendered as its Texts on one line, separated by "; ".
type Inline []Text

// leaveIDs name the kinds of leave that make a day off.
var leaveIDs = map[string]string{kinerja.LeaveCuti: "leave.cuti", kinerja.LeaveSakit: "leave.sakit"}

// leaveText names a kind of leave in the reader's language.
func leaveText(kind string) Text {
	if id, ok := leaveIDs[kind]; ok {
		return T(id)
	}
	return T("score.plain", "Text", kind)
}

// Button is an inline button.
type Button struct {
	Label Text
	Data  Callback
}

// KeyButton is a reply-keyboard button.
type KeyButton struct {
	Label          Text
	RequestContact bool
}

// Reply is one message the bot sends (or one edit it makes).
type Reply struct {
	Text           Text
	Buttons        [][]Button    // inline keyboard; nil: none
	Keyboard       [][]KeyButton // reply keyboard to show; nil: leave as is
	RemoveKeyboard bool          // hide the reply keyboard
	Edit           bool          // edit the message the callback came from instead of sending
	RemoveButtons  bool          // with Edit and no Text: only take the buttons off that message
	Lang           string        // render in this language instead of the user's (right after a change)
	Media          []Media       // files sent after the text (evidence), each as its own message
	Chart          *Chart        // a picture: sent as a photo with Text as its caption
}

// Media is a file Telegram already has, sent again by its file id.
type Media struct {
	Document bool // sent as a document; else as a photo
	FileID   string
}

// Evidence file ids are stored with their kind, so they can be sent back
// the way they came (Telegram refuses a photo id sent as a document).
const (
	evidencePhoto    = "p:"
	evidenceDocument = "d:"
)

// EvidenceMedia turns a stored evidence id into a Media.
func EvidenceMedia(stored string) Media {
	if id, ok := strings.CutPrefix(stored, evidencePhoto); ok {
		return Media{FileID: id}
	}
	if id, ok := strings.CutPrefix(stored, evidenceDocument); ok {
		return Media{Document: true, FileID: id}
	}
	return Media{Document: true, FileID: stored}
}

// Result is what handling one input produced.
type Result struct {
	Replies []Reply
	Answer  *Text // the short answer to a callback (a toast); nil: an empty answer
}

func (r *Result) add(rs ...Reply) { r.Replies = append(r.Replies, rs...) }

// Say is a Reply with just a text.
func Say(id string, kv ...any) Reply { return Reply{Text: T(id, kv...)} }
