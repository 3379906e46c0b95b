package main

import (
	"net/http"
	"net/url"

	"kinerjabot/bot"
)

// loadWebhook reads TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: both
// or neither (then the bot polls). The secret is never shown in an error.
func (c *Config) loadWebhook(get func(string) string) error {
	c.WebhookURL, c.WebhookSecret = get("TELEGRAM_WEBHOOK_URL"), get("TELEGRAM_WEBHOOK_SECRET")
	if c.WebhookURL == "" {
		if c.WebhookSecret != "" {
			return &ConfigError{"TELEGRAM_WEBHOOK_SECRET", "(hidden)", "set without TELEGRAM_WEBHOOK_URL; set both for a webhook, neither for polling"}
		}
		return nil
	}
	u, err := url.Parse(c.WebhookURL)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" || u.User != nil || u.Fragment != "" {
		return &ConfigError{"TELEGRAM_WEBHOOK_URL", redactURL(c.WebhookURL), "must be a public https URL, e.g. https://bot.example.go.id" + bot.WebhookPath}
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return &ConfigError{"TELEGRAM_WEBHOOK_URL", redactURL(c.WebhookURL), "Telegram sends webhooks only to ports 443, 80, 88 or 8443"}
	}
	if c.WebhookSecret == "" {
		return &ConfigError{"TELEGRAM_WEBHOOK_SECRET", "", "required with TELEGRAM_WEBHOOK_URL: 1 to 256 characters of A-Z a-z 0-9 _ -"}
	}
	if !validWebhookSecret(c.WebhookSecret) {
		return &ConfigError{"TELEGRAM_WEBHOOK_SECRET", "(hidden)", "must be 1 to 256 characters of A-Z a-z 0-9 _ - (Telegram's rule for secret_token)"}
	}
	return nil
}

func validWebhookSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// withWebhook adds POST /telegram/webhook to the HTTP server's handler
// when the webhook is configured.
func withWebhook(h http.Handler, b *bot.Bot, cfg Config) http.Handler {
	if cfg.WebhookURL == "" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+bot.WebhookPath, b.WebhookHandler())
	mux.Handle("/", h)
	return mux
}

// webhookConfig is the bot's webhook setting (URL empty: polling).
func (c Config) webhookConfig() bot.WebhookConfig {
	return bot.WebhookConfig{URL: c.WebhookURL, Secret: c.WebhookSecret}
}
