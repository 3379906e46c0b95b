package locales

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"

	"github.com/BurntSushi/toml"
)

// pluralForms are the keys go-i18n reads as the plural forms of one message.
var pluralForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// messages flattens one message file into id → template text per plural
// form ("other" for a message with one form), the way go-i18n flattens
// nested tables.
func messages(t *testing.T, lang string) map[string]map[string]string {
	t.Helper()
	raw, err := files.ReadFile("active." + lang + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := toml.Unmarshal(raw, &tree); err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	out := map[string]map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			forms := map[string]string{}
			for k, vv := range v {
				if text, ok := vv.(string); ok && pluralForms[k] {
					forms[k] = text
				}
			}
			if len(forms) > 0 && len(forms) == len(v) {
				if forms["other"] == "" {
					t.Errorf("%s: %s has plural forms but no \"other\"", lang, prefix)
				}
				out[prefix] = forms
				return
			}
			for k, vv := range v {
				id := k
				if prefix != "" {
					id = prefix + "." + k
				}
				walk(id, vv)
			}
		case string:
			out[prefix] = map[string]string{"other": v}
		default:
			t.Fatalf("%s: %s: unexpected value %T", lang, prefix, v)
		}
	}
	walk("", tree)
	return out
}

// allFields are the template arguments of every form of a message.
func allFields(t *testing.T, id string, forms map[string]string) []string {
	t.Helper()
	set := map[string]bool{}
	for _, text := range forms {
		for _, f := range fields(t, id, text) {
			set[f] = true
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// fields returns the template arguments a message refers to.
func fields(t *testing.T, id, text string) []string {
	t.Helper()
	tmpl, err := template.New(id).Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	set := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			set[n.Ident[0]] = true
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	walk(tmpl.Tree.Root)
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func TestCatalogsMatchReference(t *testing.T) {
	ref := messages(t, Reference)
	if len(ref) == 0 {
		t.Fatal("reference catalog is empty")
	}
	for _, lang := range Languages[1:] {
		other := messages(t, lang)
		for id := range ref {
			if _, ok := other[id]; !ok {
				t.Errorf("%s lacks message %q of the reference", lang, id)
			}
		}
		for id := range other {
			if _, ok := ref[id]; !ok {
				t.Errorf("%s has message %q that the reference lacks", lang, id)
			}
		}
		for id, text := range ref {
			o, ok := other[id]
			if !ok {
				continue
			}
			if a, b := allFields(t, id, text), allFields(t, id, o); !slices.Equal(a, b) {
				t.Errorf("%s: arguments differ: %s has %v, %s has %v", id, Reference, a, lang, b)
			}
		}
	}
}

func TestEveryMessageRendersWithItsArguments(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		for id, forms := range messages(t, lang) {
			args := map[string]any{}
			for _, f := range allFields(t, id, forms) {
				args[f] = "X"
			}
			counts := []any{nil}
			if _, ok := args["Count"]; ok {
				counts = []any{1, 2} // Count picks the plural form: both are rendered
			}
			for _, n := range counts {
				if n != nil {
					args["Count"] = n
				}
				s, err := c.Render(lang, id, args)
				if err != nil {
					t.Errorf("%s/%s: %v", lang, id, err)
					continue
				}
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s/%s renders empty", lang, id)
				}
				// Telegram refuses texts over 4096 characters.
				if n := len([]rune(s)); n > 4096 {
					t.Errorf("%s/%s renders %d characters, over Telegram's 4096", lang, id, n)
				}
				if strings.HasSuffix(id, "_desc") && len([]rune(s)) > 256 {
					t.Errorf("%s/%s: command descriptions are at most 256 characters", lang, id)
				}
				if strings.HasPrefix(id, "button.") && len([]rune(s)) > 64 {
					t.Errorf("%s/%s: button label too long for a phone", lang, id)
				}
			}
		}
	}
}

// An English message that counts something has a form for one of it:
// "1 reports" is a bug a reader sees.
func TestEnglishCountsHaveASingular(t *testing.T) {
	plural := regexp.MustCompile(`\{\{\.Count\}\} (more )?[a-z]+s\b|\(s\)`)
	for id, forms := range messages(t, "en") {
		if _, ok := forms["one"]; ok {
			if plural.MatchString(forms["one"]) {
				t.Errorf("en/%s: the singular form still reads plural: %q", id, forms["one"])
			}
			continue
		}
		if plural.MatchString(forms["other"]) {
			t.Errorf("en/%s counts with a plural noun but has no \"one\" form: %q", id, forms["other"])
		}
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Render("en", "button.done_files", map[string]any{"Count": 1}); got != "Done (1 file)" {
		t.Errorf("one file: %q", got)
	}
	if got, _ := c.Render("en", "button.done_files", map[string]any{"Count": 3}); got != "Done (3 files)" {
		t.Errorf("three files: %q", got)
	}
}

func TestMissingArgumentIsAnError(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Render("id", "command.unknown", nil); err == nil {
		t.Fatal("rendering without the Command argument must fail")
	}
	if _, err := c.Render("id", "no.such.message", nil); err == nil {
		t.Fatal("an unknown message must fail")
	}
	if got := c.Text("en", "no.such.message", nil); !strings.Contains(got, "Sorry") {
		t.Fatalf("Text falls back to the apology, got %q", got)
	}
	if got := c.Text("xx", "callback.expired", nil); got != "Tombol ini sudah tidak berlaku." {
		t.Fatalf("an unknown language falls back to Indonesian, got %q", got)
	}
}

// TestCodeUsesOnlyExistingMessageIDs reads every non-test Go file of the
// module and checks that each string literal shaped like one of our message
// IDs ("group.name" where group is a table of the reference file) exists.
// So a typo in a message ID fails here, not in a user's chat.
func TestCodeUsesOnlyExistingMessageIDs(t *testing.T) {
	ref := messages(t, Reference)
	groups := map[string]bool{}
	for id := range ref {
		groups[strings.SplitN(id, ".", 2)[0]] = true
	}
	root := ".."
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if name != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "telegramtest") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !isMessageIDShape(s) {
				return true
			}
			if !groups[strings.SplitN(s, ".", 2)[0]] {
				return true
			}
			checked++
			if _, ok := ref[s]; !ok {
				t.Errorf("%s: message ID %q is not in active.%s.toml", fset.Position(lit.Pos()), s, Reference)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no message IDs found in the code: the scan is broken")
	}
}

func isMessageIDShape(s string) bool {
	if !strings.Contains(s, ".") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || r == '.' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
