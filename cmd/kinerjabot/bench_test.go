package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// The bench runs the bot as a child of its own executable ("bench-bot"):
// in the tests that executable is the test binary, which must then be the
// bot.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "bench-bot" || os.Args[1] == "rekap") {
		os.Exit(cli(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A small bench end to end: the child bot, the simulated staff and their
// supervisor, the figures. Durations are not asserted; what was counted is.
func TestBenchCountsAReportsWrites(t *testing.T) {
	cfg, err := LoadConfig(os.Getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	o := benchOptions{Users: 4, Reports: 2, Supervisors: 1, Limits: "off", Answer: 15 * time.Second, GiveUp: time.Minute}
	res, err := runBench(ctx, cfg, o, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 8 || res.Decided != 8 || res.Unanswered != 0 || res.Lost != 0 {
		t.Fatalf("reports %d, decided %d, unanswered %d, lost %d: want 8, 8, 0, 0", res.Reports, res.Decided, res.Unanswered, res.Lost)
	}
	want := map[string]int{"flow": 32, "card": 8, "decision": 8, "notice": 8}
	for k, n := range want {
		if res.ByPurpose[k] != n {
			t.Fatalf("writes by purpose %v, want %v", res.ByPurpose, want)
		}
	}
	if res.WritesPerReport != 7 || len(res.Steps) != 4 || res.Steps[0].N != 8 || res.Decision.N != 8 {
		t.Fatalf("writes per report %.2f, steps %+v, decisions %+v", res.WritesPerReport, res.Steps, res.Decision)
	}
	var out bytes.Buffer
	res.print(&out)
	if !strings.Contains(out.String(), "writes per report      7.00") {
		t.Fatalf("printed:\n%s", out.String())
	}
}

// Half the staff through the Mini App (issue 17): their reports cost one
// write of their own (the chat's confirmation) instead of four.
func TestBenchMiniAppShare(t *testing.T) {
	cfg, err := LoadConfig(os.Getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	o := benchOptions{Users: 4, Reports: 2, Supervisors: 1, Limits: "off", Answer: 15 * time.Second, GiveUp: time.Minute, MiniApp: 0.5}
	res, err := runBench(ctx, cfg, o, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 8 || res.MiniAppReports != 4 || res.Decided != 8 || res.Unanswered != 0 || res.Lost != 0 {
		t.Fatalf("reports %d (Mini App %d), decided %d, unanswered %d, lost %d: want 8 (4), 8, 0, 0",
			res.Reports, res.MiniAppReports, res.Decided, res.Unanswered, res.Lost)
	}
	if want := map[string]int{"flow": 4*4 + 4*1, "card": 8, "decision": 8, "notice": 8}; fmt.Sprint(res.ByPurpose) != fmt.Sprint(want) {
		t.Fatalf("writes by purpose %v, want %v", res.ByPurpose, want)
	}
	if res.WritesPerChatReport != 7 || res.WritesPerAppReport != 4 {
		t.Fatalf("writes per report: chat %.2f, Mini App %.2f; want 7 and 4", res.WritesPerChatReport, res.WritesPerAppReport)
	}
	var out bytes.Buffer
	res.print(&out)
	if !strings.Contains(out.String(), "chat 7.00, Mini App 4.00") {
		t.Fatalf("printed:\n%s", out.String())
	}
}

func TestBenchRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--limits", "fast"}, {"--users", "0"}, {"--supervisors", "5", "--users", "2"}, {"--miniapp", "1.5"}} {
		var stderr bytes.Buffer
		if code := cli(append([]string{"bench"}, args...), os.Getenv, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Fatalf("bench %v: exit %d, %q", args, code, stderr.String())
		}
	}
}

// The city recap's bench, small: it seeds, runs "rekap --semua" as a child
// and reports what it measured (the figures themselves are not asserted).
func TestBenchRekapRuns(t *testing.T) {
	var out strings.Builder
	code := cli([]string{"bench-rekap", "--users", "60", "--periode", "2026-11"}, os.Getenv, &out, &out)
	got := out.String()
	if code != 0 || !strings.Contains(got, "reports in the month   2520") || !strings.Contains(got, "peak RSS") ||
		!strings.Contains(got, "Pegawai: 60; terhubung ke Telegram: 54; melapor bulan ini: 60.") {
		t.Fatalf("bench-rekap: %d\n%s", code, got)
	}
}
