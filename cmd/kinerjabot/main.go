// Command kinerjabot is the Telegram bot for the performance reports of the
// civil servants (ASN) of Kota Semarang.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"kinerjabot/store"
)

const usage = `kinerjabot — laporan kinerja harian ASN Kota Semarang lewat Telegram.

Usage: kinerjabot <command> [flags]
Commands:
  demo         the whole bot offline: a fake Telegram, a seeded unit and a web chat page (http://localhost:8080/demo)
  serve        run the bot (polling, or a webhook) and the health endpoints; applies migrations first
  migrate      create the database if missing and apply the migrations
  healthcheck  exit 0 when the local /healthz answers (for container health checks)
  import       import pegawai, SKP, holidays or leave from a .csv/.xlsx file: import pegawai|skp|libur|cuti FILE [--periksa] [--bahasa en]
  invite       create a single-use Telegram invitation for a NIP: invite NIP [--berlaku 14d] [--bot USERNAME]
  delegate     appoint a Plh/Plt for an assessor, or revoke/list: delegate --dari NIP --ke NIP --mulai D --selesai D | --cabut ID | --daftar
  unlock       open a rated (locked) month of a person again: unlock --nip NIP --periode YYYY-MM
  pegawai      the roster's life: pegawai nonaktif NIP --alasan T [--mulai D] | aktif NIP | lepas NIP (--oleh NIP)
  bukti        download a person's evidence files: bukti --nip NIP --periode YYYY-MM --out DIR (or --laporan ID)
  rekap        the month's recap workbook: rekap --periode YYYY-MM (--opd NAMA | --semua) --out FILE.xlsx
  audit        print the audit trail of a person or a report: audit --nip NIP | --laporan ID [--sejak D] [--batas N]
  bench        load test: the real bot against a fake Telegram with simulated staff and supervisors (--users --reports --limits telegram|off --push)
  help         this text

Configuration is read from the environment only:
`

func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	var rules []string
	for _, e := range envVars {
		if isRuleVar(e.name) {
			rules = append(rules, e.name)
			continue
		}
		if e.name == "TELEGRAM_WEBHOOK_SECRET" || e.name == "TELEGRAM_RATE_PER_CHAT_BURST" {
			continue // on TELEGRAM_WEBHOOK_URL's, TELEGRAM_RATE_PER_CHAT's line
		}
		def := e.def
		if def == "" {
			def = "-"
		}
		help := e.help
		if e.name == "TELEGRAM_RATE_PER_CHAT" {
			for _, b := range envVars {
				if b.name == "TELEGRAM_RATE_PER_CHAT_BURST" {
					help += fmt.Sprintf(" (default %s); TELEGRAM_RATE_PER_CHAT_BURST: %s", def, b.help)
					def = b.def
				}
			}
		}
		fmt.Fprintf(w, "  %-29s %s (default %s)\n", e.name, help, def)
	}
	fmt.Fprintf(w, "  Report, score, reminder, approval rules (defaults and meaning: README, Configuration): %s\n", strings.Join(rules, ", "))
	fmt.Fprintln(w, "Run 'kinerjabot <command> --help' for the flags of one command.")
}

// isRuleVar tells the rule settings apart, listed by name only in --help.
func isRuleVar(name string) bool {
	for _, p := range []string{"REPORT_", "SCORE_", "TPP_", "WORKING_DAYS", "RATING_PERIOD", "REMINDER_", "VALIDATION_", "AUTO_APPROVE_", "APPROVAL_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func main() {
	os.Exit(cli(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// command runs one subcommand with its arguments and returns the exit code.
type command func(args []string, getenv func(string) string, stdout, stderr io.Writer) int

// commands are the subcommands by name.
var commands = map[string]command{
	"demo":        cmdDemo,
	"serve":       cmdServe,
	"migrate":     cmdMigrate,
	"healthcheck": cmdHealthcheck,
	"import":      cmdImport,
	"invite":      cmdInvite,
	"delegate":    cmdDelegate,
	"audit":       cmdAudit,
	"unlock":      cmdUnlock,
	"rekap":       cmdRekap,
	"pegawai":     cmdPegawai,
	"bukti":       cmdBukti,
	"bench":       cmdBench,
	"bench-bot":   cmdBenchBot, // the bot process of bench; not listed
	"bench-rekap": cmdBenchRekap,
}

// cli runs one subcommand and returns the exit code.
func cli(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	}
	if run, ok := commands[cmd]; ok {
		return run(rest, getenv, stdout, stderr)
	}
	fmt.Fprintf(stderr, "kinerjabot: unknown command %q\n\n", cmd)
	printUsage(stderr)
	return 2
}

func newFlags(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: kinerjabot %s\n\n%s\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags returns (exit code, done): done when the command should stop.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2, true
	}
	return 0, false
}

// parseConfig parses a command's flags, then reads the configuration; done
// is set when the command should stop with code (a wrong value is told on
// the flag set's output).
func parseConfig(fs *flag.FlagSet, args []string, getenv func(string) string, requireToken bool) (cfg Config, code int, done bool) {
	if code, done := parseFlags(fs, args); done {
		return Config{}, code, true
	}
	cfg, err := LoadConfig(getenv, requireToken)
	if err != nil {
		fmt.Fprintln(fs.Output(), err)
		return Config{}, 2, true
	}
	return cfg, 0, false
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func cmdServe(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "Runs the bot: polls Telegram for updates and serves /healthz and /readyz on HTTP_ADDR.\nApplies database migrations first. Stops cleanly on SIGINT/SIGTERM.", stderr)
	cfg, code, done := parseConfig(fs, args, getenv, true)
	if done {
		return code
	}
	log := newLogger(cfg, stderr)
	slog.SetDefault(log)
	ctx, stop := signalContext()
	defer stop()
	if err := run(ctx, cfg, func(o *runOptions) { o.log = log }); err != nil {
		log.Error("kinerjabot stopped with an error", "err", err)
		return 1
	}
	return 0
}

func cmdMigrate(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("migrate", "Creates the database named in DATABASE_URL when it does not exist, then applies\nthe embedded migrations (forward only). Safe to run again.", stderr)
	cfg, code, done := parseConfig(fs, args, getenv, false)
	if done {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	if err := store.Migrate(ctx, cfg.DatabaseURL, newLogger(cfg, stderr)); err != nil {
		fmt.Fprintln(stderr, "migrate:", err)
		return 1
	}
	fmt.Fprintln(stdout, "database is up to date")
	return 0
}

func cmdHealthcheck(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := newFlags("healthcheck", "Asks the running bot's /healthz on HTTP_ADDR (or --url) and exits 0 when it answers 200.", stderr)
	url := fs.String("url", "", "health URL (default: http://127.0.0.1<HTTP_ADDR port>/healthz)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if *url == "" {
		cfg, err := LoadConfig(getenv, false)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		_, port, _ := splitHostPort(cfg.HTTPAddr)
		*url = "http://127.0.0.1:" + port + "/healthz"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(*url)
	if err != nil {
		fmt.Fprintln(stderr, "unhealthy:", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "unhealthy:", resp.Status)
		return 1
	}
	fmt.Fprintln(stdout, "healthy")
	return 0
}
