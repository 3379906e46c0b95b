// Package kinerjabot_test checks the house rules of ARCHITECTURE.md that a
// compiler does not: which package may import which.
package kinerjabot_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "kinerjabot"

// rule says what the non-test files of one package may import: allow lists
// prefixes of permitted non-standard imports (project packages included);
// anything else that is not the standard library is a violation.
type rule struct {
	pkg   string
	allow []string
}

var rules = []rule{
	{"kinerja", nil}, // the domain: standard library only
	{"locales", []string{"github.com/nicksnyder/go-i18n/", "github.com/BurntSushi/toml", "golang.org/x/text/"}},
	{"conversations", []string{"kinerjabot/kinerja"}}, // no Telegram, Redis, pgx, bot or store
	{"store", []string{"kinerjabot/kinerja", "kinerjabot/store", "github.com/riverqueue/river", "github.com/jackc/", "github.com/redis/go-redis/", "github.com/go-redis/redis_rate/", "github.com/pressly/goose/", "github.com/peterldowns/pgtestdb"}},
	{"bot", []string{"kinerjabot/conversations", "kinerjabot/kinerja", "kinerjabot/locales", "kinerjabot/chart", "github.com/go-telegram/bot"}},
	{"telegramtest", []string{"github.com/go-telegram/bot/models"}},
	{"reminders", []string{"kinerjabot/kinerja"}},                           // pure: what is due for whom, when
	{"roster", []string{"kinerjabot/kinerja", "github.com/xuri/excelize/"}}, // import files: no store, no Telegram
	{"notify", []string{"kinerjabot/bot", "kinerjabot/kinerja", "kinerjabot/reminders", "kinerjabot/locales", "github.com/riverqueue/river", "github.com/go-telegram/bot", "github.com/jackc/pgx/v5"}},
	{"chart", []string{"kinerjabot/kinerja", "gonum.org/v1/plot", "golang.org/x/image/"}}, // PNG charts: no bot, store, conversations or locales
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != module
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
	for _, r := range rules {
		checked := false
		for dir, imps := range all {
			if dir != r.pkg && !strings.HasPrefix(dir, r.pkg+"/") {
				continue
			}
			checked = true
			for imp, file := range imps {
				if isStd(imp) {
					continue
				}
				ok := false
				for _, a := range r.allow {
					if imp == a || strings.HasPrefix(imp, a) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s imports %s: %s may not (ARCHITECTURE.md import direction)", file, imp, r.pkg)
				}
			}
		}
		if !checked {
			t.Errorf("package %s not found: the rule checks nothing", r.pkg)
		}
	}
	// Nothing imports cmd.
	for dir, imps := range all {
		for imp, file := range imps {
			if strings.HasPrefix(imp, module+"/cmd") {
				t.Errorf("%s (in %s) imports %s: nothing imports cmd", file, dir, imp)
			}
		}
	}
}

func TestRuleCatchesAViolation(t *testing.T) {
	// The checker itself must be able to fail: a domain file importing pgx,
	// and conversations importing bot, are both refused by the rules above.
	violates := func(pkg, imp string) bool {
		for _, r := range rules {
			if r.pkg != pkg {
				continue
			}
			if isStd(imp) {
				return false
			}
			for _, a := range r.allow {
				if strings.HasPrefix(imp, a) {
					return false
				}
			}
			return true
		}
		t.Fatalf("no rule for %s", pkg)
		return false
	}
	for _, c := range []struct{ pkg, imp string }{
		{"kinerja", "github.com/jackc/pgx/v5"},
		{"kinerja", "kinerjabot/store"},
		{"conversations", "kinerjabot/bot"},
		{"conversations", "kinerjabot/store"},
		{"conversations", "github.com/redis/go-redis/v9"},
		{"conversations", "github.com/go-telegram/bot"},
		{"bot", "kinerjabot/store"},
		{"store", "kinerjabot/conversations"},
	} {
		if !violates(c.pkg, c.imp) {
			t.Errorf("%s importing %s is not caught", c.pkg, c.imp)
		}
	}
	if violates("conversations", "context") || violates("conversations", "kinerjabot/kinerja") {
		t.Error("allowed imports are refused")
	}
}
