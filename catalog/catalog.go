// Package catalog holds the sentences a person reads, in Chinese and
// English, keyed by stable ids, and renders the domain's facts with them.
// Domain packages (audit, plan, reconcile) return codes and numbers; the
// documents, the terminal and the page ask this package for the words, so a
// phrase is changed in one place.
package catalog

import (
	"embed"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// entry is one message in both languages.
type entry struct {
	ZH string `yaml:"zh"`
	EN string `yaml:"en"`
}

var messages = load()

func load() map[string]entry {
	out := map[string]entry{}
	names, err := files.ReadDir(".")
	if err != nil {
		panic(err) // embedded: cannot fail at run time
	}
	for _, n := range names {
		b, err := files.ReadFile(n.Name())
		if err != nil {
			panic(err)
		}
		var m map[string]entry
		if err := yaml.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("catalog %s: %v", n.Name(), err))
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("catalog %s: %s defined twice", n.Name(), k))
			}
			out[k] = v
		}
	}
	return out
}

// IDs lists every message id, sorted (for the catalogue's own tests).
func IDs() []string {
	ids := make([]string, 0, len(messages))
	for k := range messages {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	return ids
}

// Has tells whether id is in the catalogue.
func Has(id string) bool { _, ok := messages[id]; return ok }

// Args are a message's placeholder values.
type Args map[string]any

var (
	placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)
	plural      = regexp.MustCompile(`\{([a-z_]+)\|([^{}|]*)\|([^{}|]*)\}`)
)

// T renders message id in lang ("en", anything else Chinese) with args:
// {name} is replaced by its value (ints with thousands separators), and
// {name|one|many} by the value and the noun that agrees with it. An id not
// in the catalogue renders as the id itself, which its tests forbid.
func T(lang, id string, args Args) string {
	e, ok := messages[id]
	if !ok {
		return id
	}
	tmpl := e.ZH
	if lang == "en" {
		tmpl = e.EN
	}
	tmpl = plural.ReplaceAllStringFunc(tmpl, func(m string) string {
		p := plural.FindStringSubmatch(m)
		v, ok := args[p[1]]
		if !ok {
			return m
		}
		if n, isInt := v.(int); isInt && n == 1 {
			return "1 " + p[2]
		}
		return Format(lang, v) + " " + p[3]
	})
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		if v, ok := args[m[1:len(m)-1]]; ok {
			return Format(lang, v)
		}
		return m
	})
}

// Localizer is a value that says itself in a language: a message with its
// arguments (rules.Text), an error that names its file and row. T renders
// such an argument in the message's own language, so a sentence can hold a
// sentence.
type Localizer interface {
	In(lang string) string
}

// Reason is err as a message argument: an error that can say itself in
// the reader's language (a Localizer somewhere in its chain) does; any
// other (the OS's, the network's, a decoder's) keeps its own words.
func Reason(err error) any {
	var l Localizer
	if errors.As(err, &l) {
		return l
	}
	return err.Error()
}

var thousands = message.NewPrinter(language.English)

// Format is how a placeholder's value reads: integers with thousands
// separators, localizers in lang, anything else as it prints.
func Format(lang string, v any) string {
	switch x := v.(type) {
	case int:
		return thousands.Sprintf("%d", x)
	case string:
		return x
	case Localizer:
		return x.In(lang)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// List joins items the way each language lists them.
func List(lang string, items []string) string {
	if lang == "en" {
		return strings.Join(items, "; ")
	}
	return strings.Join(items, "；")
}
