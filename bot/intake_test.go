package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"kinerjabot/conversations"
	"kinerjabot/kinerja"
	"kinerjabot/locales"
	"kinerjabot/msg"
	"kinerjabot/store"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// slowEngine answers every input with the help text, except "lambat", which
// waits until released: a handler stuck on one user.
type slowEngine struct {
	release chan struct{}
	mu      sync.Mutex
	seen    map[int64]int
}

func (e *slowEngine) Handle(ctx context.Context, u *conversations.User, in conversations.Input) (conversations.Result, error) {
	e.mu.Lock()
	e.seen[u.TelegramID]++
	e.mu.Unlock()
	if in.Text == "lambat" {
		select {
		case <-e.release:
		case <-ctx.Done():
		}
	}
	return conversations.Result{Replies: []msg.Reply{msg.Say("bantuan.text")}}, nil
}

type noDirectory struct{}

func (noDirectory) PegawaiByTelegramID(context.Context, int64) (*kinerja.Pegawai, error) {
	return nil, nil
}
func (noDirectory) SetUnreachable(context.Context, int64, bool) error { return nil }

type intakeBundle struct {
	srv    *telegramtest.Server
	redis  *store.Redis
	engine *slowEngine
	dir    Directory // noDirectory when nil
}

func setupIntake(t *testing.T) *intakeBundle {
	t.Helper()
	t.Parallel()
	b := &intakeBundle{srv: telegramtest.NewServer(), redis: storetest.NewRedis(t), engine: &slowEngine{release: make(chan struct{}), seen: map[int64]int{}}}
	t.Cleanup(b.srv.Close)
	return b
}

func (b *intakeBundle) start(t *testing.T) (stop func()) {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	bt, err := New(context.Background(), Config{
		Token: b.srv.Token(), APIURL: b.srv.URL(), PollTimeout: time.Second, Workers: 8, HandlerTimeout: 10 * time.Second,
		Sender: SenderConfig{GlobalRate: 10000, PerChatRate: 1000, PerChatBurst: 1000},
	}, Deps{Engine: b.engine, Directory: cmp.Or[Directory](b.dir, noDirectory{}), Coord: b.redis, Catalog: cat, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = bt.Run(ctx); close(done) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				t.Error("bot did not stop")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// One stuck handler holds up nobody else, however many updates arrive
// behind it (Telegram hands out at most 100 at a time).
func TestIntakeOneSlowUserHoldsUpNobody(t *testing.T) {
	b := setupIntake(t)
	b.start(t)
	slow := b.srv.User(1)
	slow.SendText("lambat")
	others := make([]*telegramtest.User, 150)
	for i := range others {
		others[i] = b.srv.User(int64(100 + i))
		others[i].SendText("halo")
	}
	for _, u := range others {
		if _, err := u.WaitMessage(5 * time.Second); err != nil {
			t.Fatalf("user %d waited behind the slow one: %v", u.ID(), err)
		}
	}
	if _, ok := slow.LastBotMessage(); ok {
		t.Fatal("the slow handler was not actually stuck")
	}
	close(b.engine.release)
	if _, err := slow.WaitMessage(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	// The slow user's next update waited for the first (order per user).
	slow.SendText("lagi")
	if _, err := slow.WaitMessage(5 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// An update taken from Telegram but not handled when the process died is
// handled by the next process, from the stash.
func TestIntakeHandlesWhatACrashLeftBehind(t *testing.T) {
	b := setupIntake(t)
	u := b.srv.User(7)
	u.SendText("/bantuan") // make the user known to the fake: they started the bot
	upd := models.Update{ID: 424242, Message: &models.Message{ID: 99, Date: int(time.Now().Unix()), Text: "halo dari sebelum crash",
		From: &models.User{ID: 7, FirstName: "Sari"}, Chat: models.Chat{ID: 7, Type: models.ChatTypePrivate}}}
	raw, _ := json.Marshal(upd)
	// Left by a process that is gone: an entry naming an instance without
	// a heartbeat (as a crashed process leaves it once its heartbeat ran out).
	ctx := context.Background()
	if err := b.redis.Client().HSet(ctx, b.redis.Prefix()+"intake", strconv.FormatInt(upd.ID, 10), "gone-instance\n"+string(raw)).Err(); err != nil {
		t.Fatal(err)
	}
	b.start(t)
	for range 2 { // the stashed update and the /bantuan
		if _, err := u.WaitMessage(5 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	eventually := time.Now().Add(5 * time.Second)
	for {
		left, _ := b.redis.StashLen(context.Background())
		if left == 0 {
			break
		}
		if time.Now().After(eventually) {
			t.Fatalf("stash still holds %d updates", left)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.engine.mu.Lock()
	defer b.engine.mu.Unlock()
	if b.engine.seen[7] != 2 {
		t.Fatalf("user 7 handled %d times, want 2", b.engine.seen[7])
	}
}

// At a drain's bound the dispatcher starts nothing more: the update being
// handled runs on, those queued (behind it, or waiting for a slot) are not
// started and halt counts them.
func TestDispatcherHaltStartsNothingMore(t *testing.T) {
	release := make(chan struct{})
	started := make(chan int64, 10)
	var mu sync.Mutex
	var handled []int64
	d := newDispatcher(1, func(u *models.Update) {
		started <- u.ID
		if u.ID == 1 {
			<-release
		}
		mu.Lock()
		handled = append(handled, u.ID)
		mu.Unlock()
	}, func(*models.Update) {})
	msgFrom := func(id, user int64) *models.Update {
		return &models.Update{ID: id, Message: &models.Message{From: &models.User{ID: user}, Chat: models.Chat{ID: user}}}
	}
	d.push(msgFrom(1, 10)) // handled, stuck
	if id := <-started; id != 1 {
		t.Fatalf("started %d first", id)
	}
	d.push(msgFrom(2, 10)) // queued behind it
	d.push(msgFrom(3, 20)) // waiting for the one slot
	time.Sleep(50 * time.Millisecond)
	if n := d.halt(); n != 2 {
		t.Fatalf("halt counted %d not started, want 2", n)
	}
	close(release)
	d.wait()
	select {
	case id := <-started:
		t.Fatalf("update %d started after the halt", id)
	default:
	}
	if len(handled) != 1 || handled[0] != 1 {
		t.Fatalf("handled %v, want [1]", handled)
	}
}
