package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// TestMetricsEndpoint runs the bot with METRICS_ADDR on HTTP_ADDR's server,
// talks to it a little (a /start, /bantuan, a button press) and scrapes
// /metrics: the updates, the Telegram calls and the handling latency were
// counted, and no label carries the user's id or name.
func TestMetricsEndpoint(t *testing.T) {
	e := newE2E(t)
	const tgID = 7345001
	unit := storetest.SeedUnit(t, e.db, "Dinas Metrik")
	storetest.SeedPegawai(t, e.db, kinerja.Pegawai{Nama: "Ratna Kusumawati", UnitID: unit, TelegramID: tgID, ChatID: tgID})
	e.cfg.MetricsAddr = e.cfg.HTTPAddr
	addr, stop := runUntilReady(t, "bot", 20*time.Second, func(ctx context.Context, ready chan<- string) error {
		return run(ctx, e.cfg, func(o *runOptions) { o.ready, o.now, o.noPlanner = ready, e.clock.Now, true })
	})
	defer func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	}()

	u := e.tg.User(tgID, telegramtest.WithFirstName("Ratna"), telegramtest.WithLanguage("id"))
	u.SendCommand("/start")
	expect(t, u, "Selamat datang kembali")
	u.SendCommand("/bahasa")
	ask := expect(t, u, "Pilih bahasa")
	press(t, u, ask, "English")
	eventually(t, "the language confirmation", func() bool { return strings.Contains(messageText(u, ask.ID), "English") })

	var body string
	eventually(t, "the updates counted", func() bool {
		body = scrape(t, "http://"+addr+"/metrics")
		return sumSeries(body, "kinerjabot_updates_total", `kind="callback_query",outcome="handled"`) >= 1
	})
	for _, c := range []struct {
		name, labels string
		atLeast      float64
	}{
		{"kinerjabot_updates_total", `kind="message",outcome="handled"`, 2},
		{"kinerjabot_update_handling_seconds_count", `kind="message"`, 2},
		{"kinerjabot_telegram_requests_total", `method="sendMessage",outcome="ok"`, 2},
		{"kinerjabot_telegram_requests_total", `method="answerCallbackQuery",outcome="ok"`, 1},
		{"kinerjabot_telegram_requests_total", `method="getUpdates",outcome="ok"`, 1},
		{"kinerjabot_limiter_wait_seconds_count", `lane="reply"`, 2},
		{"kinerjabot_river_queue_jobs", `queue="default",state="available"`, 0},
		{"kinerjabot_intake_backlog", "", 0},
		{"kinerjabot_open_conversations", "", 0},
	} {
		if got := sumSeries(body, c.name, c.labels); got < c.atLeast {
			t.Errorf("%s{%s} = %v, want at least %v", c.name, c.labels, got, c.atLeast)
		}
	}
	for _, name := range []string{"kinerjabot_intake_backlog", "kinerjabot_open_conversations", "kinerjabot_river_queue_jobs"} {
		if !strings.Contains(body, "\n"+name) {
			t.Errorf("no series %s", name)
		}
	}
	// No personal data in any label.
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		labels, _, _ := strings.Cut(line, " ")
		for _, personal := range []string{strconv.Itoa(tgID), "Ratna", "Kusumawati"} {
			if strings.Contains(labels, personal) {
				t.Errorf("a label carries personal data (%s): %s", personal, line)
			}
		}
	}
}

// TestMetricsOwnAddress: METRICS_ADDR apart from HTTP_ADDR has a server of
// its own; two bots' registries in one process do not collide.
func TestMetricsOwnAddress(t *testing.T) {
	m1, m2 := newMetrics(), newMetrics()
	m1.Update("message", "handled", time.Millisecond)
	stop, err := m1.serve("127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	m2.Update("message", "handled", time.Millisecond)
	if _, err := m1.serve("127.0.0.1:x", slog.New(slog.DiscardHandler)); err == nil {
		t.Error("a bad address was served")
	}
}

func TestMetricsAddrConfig(t *testing.T) {
	base := map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc"}
	c, err := LoadConfig(env(base), true)
	if err != nil || c.MetricsAddr != "" {
		t.Fatalf("default METRICS_ADDR = %q, %v (want off)", c.MetricsAddr, err)
	}
	base["METRICS_ADDR"] = ":9090"
	if c, err = LoadConfig(env(base), true); err != nil || c.MetricsAddr != ":9090" {
		t.Fatalf("METRICS_ADDR = %q, %v", c.MetricsAddr, err)
	}
	base["METRICS_ADDR"] = "9090"
	var ce *ConfigError
	if _, err = LoadConfig(env(base), true); !errors.As(err, &ce) || ce.Var != "METRICS_ADDR" {
		t.Fatalf("METRICS_ADDR=9090: %v", err)
	}
}

func scrape(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}

// sumSeries adds the values of the series name whose labels contain
// labels ("" : all of them).
func sumSeries(body, name, labels string) float64 {
	var sum float64
	for _, line := range strings.Split(body, "\n") {
		series, value, ok := strings.Cut(line, " ")
		if !ok || (series != name && !strings.HasPrefix(series, name+"{")) || !strings.Contains(series, labels) {
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			sum += v
		}
	}
	return sum
}

// The example dashboard reads only the series /metrics serves.
func TestMetricsDashboardUsesTheSeries(t *testing.T) {
	raw, err := os.ReadFile("../../docs/grafana-kinerjabot.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct{ Panels []json.RawMessage }
	if err := json.Unmarshal(raw, &dash); err != nil || len(dash.Panels) == 0 {
		t.Fatalf("dashboard: %v", err)
	}
	known := map[string]bool{}
	for _, n := range []string{metricUpdates, metricTelegram, metricBacklog, metricQueueJobs, metricJobs, metricConversations, metricReminders, metricReportTransition} {
		known[n] = true
	}
	for _, n := range []string{metricHandling, metricLimiterWait} {
		known[n+"_bucket"], known[n+"_count"], known[n+"_sum"] = true, true, true
	}
	used := regexp.MustCompile(`kinerjabot_[a-z_]+`).FindAllString(string(raw), -1)
	if len(used) == 0 {
		t.Fatal("the dashboard reads no kinerjabot series")
	}
	for _, n := range used {
		if !known[n] {
			t.Errorf("the dashboard reads %s, which /metrics does not serve", n)
		}
	}
}

// TestMetricsReportAndJobs: with METRICS_ADDR on a server of its own, a
// report filed in the chat is counted by its status, and the job it starts
// (the supervisor's card) by its outcome; no label carries the author's
// id, NIP or name.
func TestMetricsReportAndJobs(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	_, f, u := newReporter(t, func(e *e2e, _ unitFixture) { e.cfg.MetricsAddr = addr })
	report{}.submit(t, u)
	var body string
	eventually(t, "the report and its card job counted", func() bool {
		body = scrape(t, "http://"+addr+"/metrics")
		return sumSeries(body, "kinerjabot_report_status_changes_total", `status="diajukan"`) == 1 &&
			sumSeries(body, "kinerjabot_river_jobs_total", `outcome="completed"`) >= 1
	})
	personal := []string{strconv.FormatInt(f.stafTelegram, 10), "Sari", "Wulandari", "Agus"}
	if f.staf.NIP != "" {
		personal = append(personal, f.staf.NIP)
	}
	for _, line := range strings.Split(body, "\n") {
		labels, _, _ := strings.Cut(line, " ")
		for _, p := range personal {
			if !strings.HasPrefix(line, "#") && strings.Contains(labels, p) {
				t.Errorf("a label carries personal data (%s): %s", p, line)
			}
		}
	}
}
