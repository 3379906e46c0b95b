package main

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigDefaults(t *testing.T) {
	c, err := LoadConfig(env(map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramAPIURL != "https://api.telegram.org" ||
		c.DatabaseURL != "postgres://postgres@localhost:5432/kinerjabot?sslmode=disable" ||
		c.RedisURL != "redis://localhost:6379/0" || c.RedisPrefix != "kb:" ||
		c.Location.String() != "Asia/Jakarta" || c.HTTPAddr != "127.0.0.1:8080" || c.LogFormat != "json" ||
		c.RateGlobal != 30 || c.RatePerChat != 1 || c.RatePerChatBurst != 3 || c.SessionTTL != 24*time.Hour ||
		c.ShutdownTimeout != 20*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	base := map[string]string{"TELEGRAM_BOT_TOKEN": "123:abc"}
	for _, tc := range []struct{ name, value string }{
		{"TELEGRAM_BOT_TOKEN", "nocolon"},
		{"TELEGRAM_API_URL", "ftp://x"},
		{"DATABASE_URL", "mysql://x/y"},
		{"REDIS_URL", "localhost:6379"},
		{"KINERJABOT_TZ", "Mars/Olympus"},
		{"KINERJABOT_TZ", "Local"},
		{"HTTP_ADDR", "8080"},
		{"LOG_LEVEL", "loud"},
		{"LOG_FORMAT", "xml"},
		{"TELEGRAM_RATE_GLOBAL", "0"},
		{"TELEGRAM_RATE_PER_CHAT", "x"},
		{"BOT_WORKERS", "-1"},
		{"SESSION_TTL", "5s"},
		{"SHUTDOWN_TIMEOUT", "20"},
		{"SHUTDOWN_TIMEOUT", "500ms"},
		{"SHUTDOWN_TIMEOUT", "1h"},
		{"RATING_PERIOD", "tahun"},
		{"SCORE_DAILY_TARGET", "0"},
		{"SCORE_MAX_PRODUCTIVITY", "50"},
		{"SCORE_TURUN_RULE", "kuadrat"},
		{"TPP_SOURCE", "absensi"},
		{"TPP_BANDS", "90=100,95=50"},
		{"TELEGRAM_RATE_BULK", "31"}, // above the global rate
		{"REMINDER_DAILY_AT", "21.00"},
		{"REMINDER_MORNING_AT", "pagi"},
		{"REMINDER_WEEKLY_DAY", "sen-jum"},
		{"VALIDATION_DEADLINE_DAY", "31"},
		{"REMINDER_WARNING_DAYS", "0"},
		{"REMINDER_DIGEST_AFTER", "10m"},
		{"REMINDER_DAILY_SPREAD", "90s"}, // not whole minutes
		{"REMINDER_DAILY_SPREAD", "5h"},  // 15.30 + 5 h is in the night's quiet hours
		{"REMINDER_DAILY_SPREAD", "-1m"},
		{"REMINDER_ESCALATE_AFTER", "x"},
		{"APPROVAL_REASONS", "Bukti belum dilampirkan||Uraian kurang jelas"},
		{"APPROVAL_REASONS", "ok|Uraian kurang jelas"},
		{"APPROVAL_REASONS", "Uraian kurang jelas|Uraian kurang jelas"},
		{"APPROVAL_REASONS", "aaa|bbb|ccc|ddd|eee|fff|ggg|hhh|iii"},
	} {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		m[tc.name] = tc.value
		_, err := LoadConfig(env(m), true)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Var != tc.name {
			t.Errorf("%s=%q: err = %v, want a ConfigError naming it", tc.name, tc.value, err)
		}
	}
	if _, err := LoadConfig(env(nil), true); err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("missing token: %v", err)
	}
	if _, err := LoadConfig(env(nil), false); err != nil {
		t.Errorf("migrate needs no token: %v", err)
	}
}

func TestConfigErrorHidesSecrets(t *testing.T) {
	_, err := LoadConfig(env(map[string]string{"TELEGRAM_BOT_TOKEN": "abc:secretsecret"}), true)
	if err == nil || strings.Contains(err.Error(), "secretsecret") {
		t.Fatalf("token leaked or accepted: %v", err)
	}
	_, err = LoadConfig(env(map[string]string{"DATABASE_URL": "mysql://u:hunter2@h/db"}), false)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("password leaked: %v", err)
	}
}

func TestHelpFitsOneScreen(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"healthcheck", "--help"}} {
		var out, errOut bytes.Buffer
		code := cli(args, env(nil), &out, &errOut)
		text := out.String() + errOut.String()
		if code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, text)
		}
		if lines := strings.Count(text, "\n"); lines == 0 || lines > 40 {
			t.Errorf("%v: help has %d lines", args, lines)
		}
	}
	var out, errOut bytes.Buffer
	if code := cli([]string{"frobnicate"}, env(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut.String())
	}
}

// The quick reasons on Kembalikan and Tolak: Indonesian defaults, a list of
// the deployment's own, or none.
func TestConfigQuickReasons(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  []string
	}{
		{"", []string{"Bukti belum dilampirkan", "Volume/durasi tidak sesuai", "Uraian kurang jelas", "Bukan bagian RHK ini"}},
		{" Foto kegiatan   kurang jelas | Durasi melebihi jam kerja ", []string{"Foto kegiatan kurang jelas", "Durasi melebihi jam kerja"}},
		{"-", []string{}},
	} {
		c, err := LoadConfig(env(map[string]string{"APPROVAL_REASONS": tc.value}), false)
		if err != nil {
			t.Fatalf("%q: %v", tc.value, err)
		}
		if !slices.Equal(c.QuickReasons, tc.want) || c.QuickReasons == nil {
			t.Errorf("%q: %q, want %q", tc.value, c.QuickReasons, tc.want)
		}
	}
}
