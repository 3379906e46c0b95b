package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kinerjabot/telegramtest"
)

// The real bot (the test binary as "bench-bot") gets SIGTERM while it is
// handling an update, with more in hand: /readyz turns 503 at once while
// /healthz still answers, the update being handled is finished and
// answered, the process exits 0 within SHUTDOWN_TIMEOUT, and what it could
// not finish in time (a handling stuck past the bound, an update queued
// behind it) is answered by the next process — every update sent before
// the signal answered exactly once.
//
// Four people each send /bantuan (one answer each): A before the signal,
// answered at once; B slowed 3 s inside the handler, the signal comes
// while it is there; C slowed 60 s (past the 6 s bound: abandoned); D sent
// by C's person behind C (queued, never started: it stays stashed).
func TestDrainOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the bot as a child process")
	}
	cfg, err := LoadConfig(os.Getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w, err := newBenchWorld(ctx, cfg, benchOptions{Users: 3, Reports: 1, Supervisors: 1, Limits: "off"}, io.Discard)
	if w != nil {
		defer w.close(io.Discard)
	}
	if err != nil {
		t.Fatal(err)
	}
	const shutdown = 6 * time.Second
	w.env = []string{"KINERJABOT_SLOW_AT=handling:2:3s,handling:3:60s", fmt.Sprintf("SHUTDOWN_TIMEOUT=%s", shutdown)}
	child, err := w.startBot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if child.cmd.ProcessState == nil {
			_ = child.cmd.Process.Kill()
		}
	}()
	a, b, c := w.staff[0], w.staff[1], w.staff[2]
	reached := func(point string) {
		t.Helper()
		for {
			select {
			case p := <-child.points:
				if p == point {
					return
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("the bot never reached the checkpoint %q", point)
			}
		}
	}
	get := func(path string) int {
		resp, err := http.Get("http://" + child.addr + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz before the signal: %d", code)
	}

	a.u.SendCommand("/bantuan")
	if _, err := (chatWaiter{a.u}).until(ctx, 30*time.Second, func(telegramtest.Event) bool { return true }); err != nil {
		t.Fatalf("A's answer: %v", err)
	}
	b.u.SendCommand("/bantuan")
	reached("handling 2") // B sleeps 3 s here
	c.u.SendCommand("/bantuan")
	reached("handling 3") // C sleeps 60 s here
	c.u.SendCommand("/bantuan")
	reached("stashed 4") // D is taken from Telegram, queued behind C

	// Watch the probes from the signal to the exit.
	var mu sync.Mutex
	var ready, healthy []int
	stopWatch := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-stopWatch:
				return
			case <-time.After(50 * time.Millisecond):
			}
			r, h := get("/readyz"), get("/healthz")
			mu.Lock()
			ready, healthy = append(ready, r), append(healthy, h)
			mu.Unlock()
		}
	}()
	signalled := time.Now()
	if err := child.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-child.done:
	case <-time.After(shutdown + 10*time.Second):
		t.Fatalf("the bot did not exit within %v of SIGTERM", shutdown+10*time.Second)
	}
	took := time.Since(signalled)
	close(stopWatch)
	<-watched
	if code := child.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0 (%v)", code, child.cmd.ProcessState)
	}
	if took > shutdown+500*time.Millisecond {
		t.Fatalf("the bot took %v to exit, SHUTDOWN_TIMEOUT is %v", took, shutdown)
	}
	t.Logf("exited 0 %.2f s after SIGTERM (SHUTDOWN_TIMEOUT %v)", took.Seconds(), shutdown)
	mu.Lock()
	drainingSeen, healthyWhileDraining := false, true
	for i := range ready {
		if ready[i] == http.StatusServiceUnavailable {
			drainingSeen = true
			// The last probe pair may straddle the exit: /readyz answered,
			// the server closed before /healthz was asked.
			closing := i == len(ready)-1 || ready[i+1] == 0
			if healthy[i] != http.StatusOK && !closing {
				healthyWhileDraining = false
			}
		}
		if ready[i] == http.StatusOK && drainingSeen {
			t.Fatalf("/readyz answered 200 again after 503 while draining: %v", ready)
		}
	}
	mu.Unlock()
	if !drainingSeen {
		t.Fatalf("/readyz never answered 503 while draining: %v", ready)
	}
	if !healthyWhileDraining {
		t.Fatalf("/healthz did not answer 200 while /readyz said draining: %v", healthy)
	}

	answers := func(p benchPerson) int {
		n := 0
		for _, q := range w.tg.Requests("sendMessage") {
			if q.Params["chat_id"] == fmt.Sprint(p.u.ID()) && strings.Contains(q.Params["text"], "Perintah yang tersedia") {
				n++
			}
		}
		return n
	}
	if n := answers(a); n != 1 {
		t.Fatalf("A answered %d times, want 1", n)
	}
	if n := answers(b); n != 1 {
		t.Fatalf("B (in hand at the signal) answered %d times by the draining bot, want 1", n)
	}
	if n := answers(c); n != 0 {
		t.Fatalf("C and D answered %d times by the draining bot, want 0 (past the bound)", n)
	}

	// The next process: C (abandoned) and D (stashed) answered once each,
	// A and B not again.
	w.env = nil
	next, err := w.startBot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = next.stop() }()
	pollUntil(t, ctx, 30*time.Second, "C and D answered by the next process", func() bool { return answers(c) >= 2 })
	time.Sleep(time.Second) // a duplicate would come now
	if na, nb, nc := answers(a), answers(b), answers(c); na != 1 || nb != 1 || nc != 2 {
		t.Fatalf("answers A %d, B %d, C+D %d: want 1, 1, 2", na, nb, nc)
	}
	// Nothing else either: no apology from a handling cut short.
	for _, p := range []benchPerson{a, b, c} {
		var texts []string
		for _, q := range w.tg.Requests("sendMessage") {
			if q.Params["chat_id"] == fmt.Sprint(p.u.ID()) && !strings.Contains(q.Params["text"], "Perintah yang tersedia") {
				texts = append(texts, q.Params["text"])
			}
		}
		if len(texts) > 0 {
			t.Fatalf("person %d got more than the answers: %q", p.u.ID(), texts)
		}
	}
}
