// Package kinerjabot_test checks the house rules of ARCHITECTURE.md that a
// compiler does not: which package may import which.
package kinerjabot_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "kinerjabot"

// rules say what the non-test files of each package may import: prefixes
// of permitted non-standard imports (project packages included); anything
// else that is not the standard library is a violation. Every package of
// the module needs a rule: a new package is not checked by accident, it
// fails until its place in the house is written down here.
var rules = map[string][]string{
	"kinerja": nil,                    // the domain: standard library only
	"clock":   nil,                    // a settable clock for the demo and the tests
	"slot":    nil,                    // a send slot under Telegram's limits: asked by the bot, kept by the store
	"msg":     {"kinerjabot/kinerja"}, // what the bot says: plain data
	"jobs":    {"kinerjabot/kinerja"}, // job arguments and what workers read
	"locales": {"github.com/nicksnyder/go-i18n/", "github.com/BurntSushi/toml", "golang.org/x/text/"},
	// conversations: no Telegram, Redis, pgx, bot or store.
	"conversations": {"kinerjabot/kinerja", "kinerjabot/msg"},
	"store": {"kinerjabot/kinerja", "kinerjabot/jobs", "kinerjabot/store", "kinerjabot/slot", "github.com/riverqueue/river", "github.com/jackc/",
		"github.com/redis/go-redis/", "github.com/pressly/goose/", "github.com/peterldowns/pgtestdb"},
	// bot is the only package that knows Telegram's types.
	"bot":          {"kinerjabot/conversations", "kinerjabot/kinerja", "kinerjabot/msg", "kinerjabot/locales", "kinerjabot/chart", "kinerjabot/slot", "github.com/go-telegram/bot"},
	"telegramtest": {"github.com/go-telegram/bot/models"},
	"reminders":    {"kinerjabot/kinerja"},                              // pure: what is due for whom, when
	"roster":       {"kinerjabot/kinerja", "github.com/xuri/excelize/"}, // import files: no store, no Telegram
	"rekap":        {"kinerjabot/kinerja", "github.com/xuri/excelize/"}, // the monthly recap workbook: no store, no Telegram
	// notify decides what to say; the bot renders and sends it.
	"notify": {"kinerjabot/kinerja", "kinerjabot/msg", "kinerjabot/jobs", "kinerjabot/reminders", "github.com/riverqueue/river", "github.com/jackc/pgx/v5"},
	"chart":  {"kinerjabot/kinerja", "gonum.org/v1/plot", "golang.org/x/image/"}, // PNG charts: no bot, store, conversations or locales
	// miniapp: the Mini App's page and HTTP API; its rules are the chat's
	// (conversations), it sends through an interface the bot fills.
	"miniapp": {"kinerjabot/conversations", "kinerjabot/kinerja", "kinerjabot/msg"},
	// cmd wires everything: it may import anything, and nothing imports it.
	"cmd": {""},
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != module
}

// ruleOf returns the rule of the package in dir: the rule of its top
// folder (store/storetest follows store's).
func ruleOf(dir string) ([]string, bool) {
	top, _, _ := strings.Cut(dir, "/")
	allow, ok := rules[top]
	return allow, ok
}

// allowed reports whether a package under a rule may import imp.
func allowed(allow []string, imp string) bool {
	return isStd(imp) || slices.ContainsFunc(allow, func(a string) bool { return strings.HasPrefix(imp, a) })
}

// imports returns, per package directory, the imports of its non-test files.
func imports(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if out[dir] == nil {
			out[dir] = map[string]string{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out[dir][p] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportDirection(t *testing.T) {
	all := imports(t)
	checked := map[string]bool{}
	for dir, imps := range all {
		allow, ok := ruleOf(dir)
		if !ok {
			t.Errorf("package %s has no rule in arch_test.go: say what it may import", dir)
			continue
		}
		top, _, _ := strings.Cut(dir, "/")
		checked[top] = true
		for imp, file := range imps {
			if !allowed(allow, imp) {
				t.Errorf("%s imports %s: %s may not (ARCHITECTURE.md import direction)", file, imp, dir)
			}
			if strings.HasPrefix(imp, module+"/cmd") {
				t.Errorf("%s (in %s) imports %s: nothing imports cmd", file, dir, imp)
			}
		}
	}
	for pkg := range rules {
		if !checked[pkg] {
			t.Errorf("package %s not found: its rule checks nothing", pkg)
		}
	}
}

// The checker itself must be able to fail: these imports are refused by
// the rules above, the allowed ones are not, and a package nobody wrote a
// rule for is not let through.
func TestRulesRefuseViolations(t *testing.T) {
	for _, c := range []struct {
		pkg, imp string
		ok       bool
	}{
		{"kinerja", "github.com/jackc/pgx/v5", false},
		{"kinerja", "kinerjabot/store", false},
		{"msg", "github.com/go-telegram/bot/models", false},
		{"conversations", "kinerjabot/bot", false},
		{"conversations", "kinerjabot/store", false},
		{"conversations", "github.com/redis/go-redis/v9", false},
		{"conversations", "github.com/go-telegram/bot", false},
		{"notify", "github.com/go-telegram/bot/models", false},
		{"notify", "kinerjabot/bot", false},
		{"notify", "kinerjabot/locales", false},
		{"bot", "kinerjabot/store", false},
		{"store", "kinerjabot/conversations", false},
		{"store/storetest", "kinerjabot/notify", false},
		{"conversations", "context", true},
		{"conversations", "kinerjabot/msg", true},
		{"notify", "kinerjabot/msg", true},
		{"cmd/kinerjabot", "kinerjabot/store", true},
	} {
		allow, ok := ruleOf(c.pkg)
		if !ok {
			t.Fatalf("no rule for %s", c.pkg)
		}
		if got := allowed(allow, c.imp); got != c.ok {
			t.Errorf("%s importing %s: allowed = %v, want %v", c.pkg, c.imp, got, c.ok)
		}
	}
	if _, ok := ruleOf("newpackage"); ok {
		t.Error("a package without a rule must not be checked as allowed")
	}
}
