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
	// An author's day message tells every decision that came before it was
	// sent or edited: two decisions close together are one write.
	notices := res.ByPurpose["notice"]
	want := map[string]int{"flow": 32, "card": 8, "decision": 8, "notice": notices}
	for k, n := range want {
		if res.ByPurpose[k] != n || notices < 4 || notices > 8 {
			t.Fatalf("writes by purpose %v, want %v with 4 to 8 notices (one per author at least, one per decision at most)", res.ByPurpose, want)
		}
	}
	perReport := float64(32+8+8+notices) / 8
	if res.WritesPerReport != perReport || len(res.Steps) != 4 || res.Steps[0].N != 8 || res.Decision.N != 8 {
		t.Fatalf("writes per report %.2f (want %.2f), steps %+v, decisions %+v", res.WritesPerReport, perReport, res.Steps, res.Decision)
	}
	var out bytes.Buffer
	res.print(&out)
	if !strings.Contains(out.String(), fmt.Sprintf("writes per report      %.2f", perReport)) {
		t.Fatalf("printed:\n%s", out.String())
	}
	// The machine was busy during the run; Redis's share is read. So is
	// PostgreSQL's when its processes are visible here (not from inside
	// another container's pid space).
	if res.MachineCPUMsPerUpdate <= 0 || res.Cores < 1 || res.MachineCeiling <= 0 || res.RedisCPUMsPerUpdate < 0 ||
		!strings.Contains(out.String(), "machine CPU per update") {
		t.Fatalf("machine CPU %+v, printed:\n%s", res, out.String())
	}
	if res.PGCPUMsPerUpdate < 0 {
		t.Logf("PostgreSQL's processes are not readable here: its share is unknown")
	}
}

// The split of the machine's CPU: PostgreSQL's processes are read only
// when it runs here, a backend that started during the run counts from
// zero, one that ended is left out, and a pid reused by a later process is
// another process.
func TestBenchMachineCPUSplit(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "localhost": true, "::1": true, "/var/run/postgresql": true,
		"db.internal": false, "10.0.0.5": false, "": false,
	} {
		if got := pgIsLocal(host); got != want {
			t.Errorf("pgIsLocal(%q) = %v, want %v", host, got, want)
		}
	}
	s := time.Second
	before := machineCPU{bench: s, redis: 2 * s, redisOK: true, busy: 10 * s,
		pg: map[pgProc]time.Duration{{10, 1}: s, {11, 1}: 3 * s, {12, 1}: 5 * s, {14, 1}: 7 * s}}
	after := machineCPU{bench: 3 * s, redis: 2500 * time.Millisecond, redisOK: true, busy: 20 * s,
		// 10 went on, 11 was idle, 12 ended, 13 started; pid 14 is a
		// new process (another start) with less time than the old 14.
		pg: map[pgProc]time.Duration{{10, 1}: 4 * s, {11, 1}: 3 * s, {13, 5}: s / 2, {14, 9}: s}}
	bench, pg, rd, busy, pgKnown, redisKnown := after.used(before)
	if bench != 2*s || pg != 4500*time.Millisecond || rd != s/2 || busy != 10*s || !pgKnown || !redisKnown {
		t.Fatalf("used: bench %v, pg %v, redis %v, busy %v, known %v %v", bench, pg, rd, busy, pgKnown, redisKnown)
	}
	r := &benchResult{Updates: 1000}
	r.setMachineCPU(before, after)
	if r.BenchCPUMsPerUpdate != 2 || r.PGCPUMsPerUpdate != 4.5 || r.RedisCPUMsPerUpdate != 0.5 || r.MachineCPUMsPerUpdate != 10 ||
		r.MachineCeiling != float64(r.Cores)*100 {
		t.Fatalf("per update: %+v", r)
	}
	// PostgreSQL elsewhere, Redis not read at one end: unknown, not zero.
	after.pg, after.redisOK = nil, false
	r = &benchResult{Updates: 1000}
	r.setMachineCPU(before, after)
	var out bytes.Buffer
	r.print(&out)
	if r.PGCPUMsPerUpdate != -1 || r.RedisCPUMsPerUpdate != -1 || !strings.Contains(out.String(), "PostgreSQL unknown, Redis unknown") {
		t.Fatalf("unknown shares: %+v, printed:\n%s", r, out.String())
	}
}

// Half the staff through the Mini App (issue 17): their reports cost one
// write of their own (the chat's confirmation) instead of four. The
// database holds 40 people, 35 of them idle (--roster), and two working
// days of reports (--history): two a day for each of the 35 with an atasan
// (the 4 staff, 31 of the idle; the others are supervisors).
func TestBenchMiniAppShare(t *testing.T) {
	cfg, err := LoadConfig(os.Getenv, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	o := benchOptions{Users: 4, Reports: 2, Supervisors: 1, Limits: "off", Answer: 15 * time.Second, GiveUp: time.Minute, MiniApp: 0.5, Roster: 40, History: 2}
	res, err := runBench(ctx, cfg, o, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 8 || res.MiniAppReports != 4 || res.Decided != 8 || res.Unanswered != 0 || res.Lost != 0 || res.People != 40 || res.PastReports != 35*2*2 {
		t.Fatalf("reports %d (Mini App %d), decided %d, unanswered %d, lost %d, people %d, earlier reports %d: want 8 (4), 8, 0, 0, 40, 140",
			res.Reports, res.MiniAppReports, res.Decided, res.Unanswered, res.Lost, res.People, res.PastReports)
	}
	notices := res.ByPurpose["notice"] // 4 to 8: see TestBenchCountsAReportsWrites
	if want := map[string]int{"flow": 4*4 + 4*1, "card": 8, "decision": 8, "notice": notices}; fmt.Sprint(res.ByPurpose) != fmt.Sprint(want) || notices < 4 || notices > 8 {
		t.Fatalf("writes by purpose %v, want %v with 4 to 8 notices", res.ByPurpose, want)
	}
	// The ways differ by their own writes only: four in the chat, one (the
	// confirmation) through the Mini App.
	shared := float64(8+8+notices) / 8
	if res.WritesPerChatReport != 4+shared || res.WritesPerAppReport != 1+shared {
		t.Fatalf("writes per report: chat %.2f, Mini App %.2f; want %.2f and %.2f", res.WritesPerChatReport, res.WritesPerAppReport, 4+shared, 1+shared)
	}
	var out bytes.Buffer
	res.print(&out)
	if !strings.Contains(out.String(), fmt.Sprintf("chat %.2f, Mini App %.2f", 4+shared, 1+shared)) {
		t.Fatalf("printed:\n%s", out.String())
	}
}

func TestBenchRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--limits", "fast"}, {"--users", "0"}, {"--supervisors", "5", "--users", "2"}, {"--miniapp", "1.5"}, {"--roster", "300"}, {"--history", "-1"}, {"--history", "261"}} {
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
