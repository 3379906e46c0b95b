package conversations

import (
	"context"
	"errors"
	"time"

	"kinerjabot/kinerja"
)

// Session is one user's conversation state. It is stored as one JSON value
// and saved with a version check, so a stale write never overwrites a newer
// one.
type Session struct {
	UserID int64             `json:"user_id"`
	Flow   string            `json:"flow,omitempty"`
	Step   string            `json:"step,omitempty"`
	Data   map[string]string `json:"data,omitempty"`
	Nonce  uint32            `json:"nonce"`            // changes whenever a step is entered; step buttons carry it
	Parked map[string]Parked `json:"parked,omitempty"` // flows kept aside when another one started
	// FlowKeyboard: the reply keyboard shows a flow's Kembali/Batal, so the
	// main menu must come back when no keyboard flow is left.
	FlowKeyboard bool `json:"flow_keyboard,omitempty"`
	// Views keeps what a list message showed (e.g. the reports behind each
	// "Setujui semua" button), so a press acts on exactly what was seen.
	Views map[string]string `json:"views,omitempty"`
	// Filed is a report this chat filed whose confirmation was not seen
	// delivered yet (a crash, Telegram down): the next input tells the user
	// it was filed, so they do not file it again.
	Filed *Filed `json:"filed,omitempty"`
	// Live is the message showing the current step's buttons (0: none
	// known). When its buttons stop meaning anything — another step, a
	// newer copy of the prompt, the flow ended — they are taken off.
	Live    int       `json:"live,omitempty"`
	Version int64     `json:"version"` // 0: never saved
	Updated time.Time `json:"updated"`
	Expires time.Time `json:"expires"`
}

// Filed is a filed report, as the user is reminded of it.
type Filed struct {
	Key  string       `json:"key"` // the submission's kunci (or edit and version)
	Date kinerja.Date `json:"date"`
	Text string       `json:"text"` // the uraian, shortened
}

// Parked is a flow in progress kept aside (DOMAIN.md, decision 8).
type Parked struct {
	Step string            `json:"step"`
	Data map[string]string `json:"data,omitempty"`
	At   time.Time         `json:"at"`
}

// Get returns a data value of the current flow.
func (s Session) Get(key string) string { return s.Data[key] }

// Set stores a data value of the current flow.
func (s *Session) Set(key, value string) {
	if s.Data == nil {
		s.Data = map[string]string{}
	}
	s.Data[key] = value
}

// InFlow reports whether a flow is in progress.
func (s Session) InFlow() bool { return s.Flow != "" }

func (s *Session) clear() {
	s.Flow, s.Step, s.Data = "", "", nil
}

// ErrStale is returned by Engine.Handle when the session kept changing under
// it: someone else saved in between, on every retry.
var ErrStale = errors.New("conversations: session was changed concurrently")

// SessionStore keeps sessions as opaque JSON with a version. SaveSession
// must store data only when the stored version equals expect (0: no session
// stored), refresh the expiry to ttl, and report saved=false, changing
// nothing, otherwise.
type SessionStore interface {
	LoadSession(ctx context.Context, userID int64) ([]byte, error) // nil, nil when none
	SaveSession(ctx context.Context, userID int64, expect int64, data []byte, ttl time.Duration) (saved bool, err error)
}
