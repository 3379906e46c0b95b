// Package locales holds every user-facing text of kinerjabot, in Indonesian
// (the reference, active.id.toml) and English (active.en.toml), embedded in
// the binary and served through go-i18n.
package locales

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed active.*.toml
var files embed.FS

// Reference is the language every other language is compared with.
const Reference = "id"

// Languages are the languages the bot speaks, reference first.
var Languages = []string{"id", "en"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Catalog renders message IDs in a language.
type Catalog struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load returns the catalog of the embedded message files. The files are
// parsed once per process.
func Load() (*Catalog, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

func load() (*Catalog, error) {
	b := i18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalog{bundle: b, localizers: map[string]*i18n.Localizer{}}
	for _, lang := range Languages {
		if _, err := b.LoadMessageFileFS(files, "active."+lang+".toml"); err != nil {
			return nil, fmt.Errorf("locales: load %s: %w", lang, err)
		}
		c.localizers[lang] = i18n.NewLocalizer(b, lang)
	}
	return c, nil
}

// ErrMissingArgument is returned when a template referred to an argument
// that the caller did not pass (go-i18n would print "<no value>").
var ErrMissingArgument = errors.New("locales: missing template argument")

// Render returns message id in lang with args. An unknown language falls back
// to the reference. The argument Count, when given, also picks the message's
// plural form (English "1 file", "2 files"; Indonesian has one form). It
// fails when the message does not exist or an argument is missing; callers
// show error.internal then and log the failure.
func (c *Catalog) Render(lang, id string, args map[string]any) (string, error) {
	loc, ok := c.localizers[lang]
	if !ok {
		loc = c.localizers[Reference]
	}
	args, marked := markSentenceEnds(args)
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: args}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil && cfg.PluralCount != nil {
		// A message with a single form ("Lihat bukti ({{.Count}})"): go-i18n
		// wants a plural form for the count; the one form is it.
		cfg.PluralCount = nil
		s, err = loc.Localize(cfg)
	}
	if err != nil {
		return "", fmt.Errorf("locales: render %s/%s: %w", lang, id, err)
	}
	if strings.Contains(s, "<no value>") {
		return "", fmt.Errorf("%w: %s/%s", ErrMissingArgument, lang, id)
	}
	if marked {
		s = oneStop(s)
	}
	return s, nil
}

// sentenceEnd marks, in a rendered text, where an argument ended with a
// sentence's end; it never reaches a reader.
const sentenceEnd = "\uE000"

// markSentenceEnds returns args with a mark after every text argument that
// ends a sentence itself ("Dewi Lestari, S.Kom.", a reason "Lengkapi
// notulen."), so that oneStop can drop the template's own stop after it.
func markSentenceEnds(args map[string]any) (map[string]any, bool) {
	var out map[string]any
	for k, v := range args {
		s, ok := v.(string)
		if !ok || !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "…") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
			continue
		}
		if out == nil {
			out = make(map[string]any, len(args))
			for k, v := range args {
				out[k] = v
			}
		}
		out[k] = s + sentenceEnd
	}
	if out == nil {
		return args, false
	}
	return out, true
}

// oneStop drops the stop a template puts right after an argument that
// ended its sentence already: "S.Kom.." becomes "S.Kom.", "notulen?."
// becomes "notulen?".
func oneStop(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, sentenceEnd+".", ""), sentenceEnd, "")
}

// Text renders like Render but never fails: on error it returns the
// internal-error apology of the language (which has no arguments).
func (c *Catalog) Text(lang, id string, args map[string]any) string {
	s, err := c.Render(lang, id, args)
	if err != nil {
		s, _ = c.Render(lang, "error.internal", nil)
	}
	return s
}

// Has reports whether message id exists in the reference language.
func (c *Catalog) Has(id string) bool {
	_, err := c.localizers[Reference].Localize(&i18n.LocalizeConfig{MessageID: id})
	var nf *i18n.MessageNotFoundErr
	return !errors.As(err, &nf)
}
