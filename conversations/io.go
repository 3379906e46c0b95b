package conversations

import (
	"context"
	"strings"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
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
	Text       string       // text, or a photo's caption
	Command    string       // lower case, without "/" and "@bot"
	Args       string       // what followed the command
	Callback   msg.Callback // KindCallback
	MessageID  int          // the message a callback's button was on
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

// leaveText names a kind of leave in the reader's language.
func leaveText(kind string) msg.Text { return msg.LeaveKind(kind) }

// Evidence file ids are stored with their kind, so they can be sent back
// the way they came (Telegram refuses a photo id sent as a document).
const (
	evidencePhoto    = "p:"
	evidenceDocument = "d:"
)

// EvidenceMedia turns a stored evidence id into a Media.
func EvidenceMedia(stored string) msg.Media {
	if id, photo, ok := kinerja.KeptEvidenceOf(stored); ok {
		return msg.Media{Document: !photo, Berkas: id}
	}
	if id, ok := strings.CutPrefix(stored, evidencePhoto); ok {
		return msg.Media{FileID: id}
	}
	if id, ok := strings.CutPrefix(stored, evidenceDocument); ok {
		return msg.Media{Document: true, FileID: id}
	}
	return msg.Media{Document: true, FileID: stored}
}

// Result is what handling one input produced.
type Result struct {
	Replies []msg.Reply
	Answer  *msg.Text // the short answer to a callback (a toast); nil: an empty answer
	// Delivered, when set, is called once every reply was delivered: the
	// replies confirm something (a filed report) the user must not miss,
	// and until then the session keeps it to be told at the next input.
	Delivered func(context.Context) error
	// Sent, when set, is told the messages the replies became, in order
	// (0: not delivered), before Save is encoded: the session remembers
	// which message shows the current step's buttons.
	Sent func(ids []int)
	// Save is the session write the caller makes after delivering the
	// replies, when it handed the session in (WithSession); nil otherwise
	// (Handle saved it) or when the input failed (nothing to keep).
	Save *SessionSave
}

func (r *Result) add(rs ...msg.Reply) { r.Replies = append(r.Replies, rs...) }
