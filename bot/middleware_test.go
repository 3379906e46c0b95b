package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
)

// panickyDirectory panics while loading one user: a bug in the middleware,
// before any handler runs.
type panickyDirectory struct {
	noDirectory
	who int64
}

func (d panickyDirectory) PegawaiByTelegramID(ctx context.Context, id int64) (*kinerja.Pegawai, error) {
	if id == d.who {
		panic("directory exploded")
	}
	return d.noDirectory.PegawaiByTelegramID(ctx, id)
}

const wait = 10 * time.Second

// A panic in the middleware itself (here: loading the user) is caught by
// the outermost layer: the user gets the apology and their button an
// answer, the update is marked done (a redelivery is not handled again),
// and everyone else is served.
func TestPanicInTheMiddlewareIsAnswered(t *testing.T) {
	b := setupIntake(t)
	b.dir = panickyDirectory{who: 7}
	b.start(t)
	u := b.srv.User(7)
	u.SendText("halo")
	m, err := u.WaitMessage(wait)
	if err != nil || !strings.HasPrefix(m.Text, "Mohon maaf, terjadi gangguan pada sistem.") {
		t.Fatalf("apology: %q, %v", m.Text, err)
	}
	id := u.PressRaw(m.ID, "v1|lg||en|")
	if ans, err := u.WaitCallbackAnswer(context.Background(), id); err != nil {
		t.Fatalf("the button got no answer: %+v, %v", ans, err)
	}
	if _, err := u.WaitMessage(wait); err != nil {
		t.Fatalf("no apology for the button: %v", err)
	}
	other := b.srv.User(8)
	other.SendText("halo")
	if _, err := other.WaitMessage(wait); err != nil {
		t.Fatalf("another user was not served: %v", err)
	}
	ids := b.srv.UpdateIDs()
	b.srv.Redeliver(ids[0])
	other.SendText("lagi")
	if _, err := other.WaitMessage(wait); err != nil {
		t.Fatal(err)
	}
	fromBot := 0
	for _, m := range u.History() {
		if m.FromBot {
			fromBot++
		}
	}
	if fromBot != 2 {
		t.Fatalf("the bot sent the panicking user %d messages, want 2 apologies: a redelivered update was handled again", fromBot)
	}
}
