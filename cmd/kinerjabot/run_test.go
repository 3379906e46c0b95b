package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

type pingOK struct{}

func (pingOK) Ping(context.Context) error { return nil }

// /readyz turns 503 as soon as the drain starts; /healthz stays 200.
func TestDrainReadyzTurns503(t *testing.T) {
	var draining atomic.Bool
	h := health(draining.Load, pingOK{})
	code := func(path string) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Code
	}
	if r, l := code("/readyz"), code("/healthz"); r != 200 || l != 200 {
		t.Fatalf("before: readyz %d, healthz %d", r, l)
	}
	draining.Store(true)
	if r, l := code("/readyz"), code("/healthz"); r != 503 || l != 200 {
		t.Fatalf("draining: readyz %d, healthz %d", r, l)
	}
}

// The drain's bounds fall inside SHUTDOWN_TIMEOUT, in order.
func TestDrainTimesFitTheTimeout(t *testing.T) {
	for _, total := range []time.Duration{time.Second, 6 * time.Second, 20 * time.Second, 10 * time.Minute} {
		d := drainTimes(total)
		if d.soft <= 0 || d.soft >= d.hard || d.hard >= total {
			t.Fatalf("%v: soft %v, hard %v", total, d.soft, d.hard)
		}
	}
}
