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
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// entry is one message in both languages: its text, and the text cut
// into parts once (compile), so that rendering it — hundreds of thousands
// of times in a layoff's workbook and JSON — is a walk over the parts, not
// two regular-expression passes.
type entry struct {
	ZH string `yaml:"zh"`
	EN string `yaml:"en"`

	zh, en []part
}

// part is a piece of a message: literal text (name empty), a placeholder
// {name}, or a plural {name|one|many}. lit is the piece as written, which
// a placeholder without a value renders as.
type part struct {
	lit       string
	name      string
	plural    bool
	one, many string
}

// compile cuts a message's text into parts, by the same two patterns T
// has always applied: plurals first, then placeholders in the text
// between them.
func compile(tmpl string) []part {
	var parts []part
	literal := func(s string) {
		for len(s) > 0 {
			m := placeholder.FindStringSubmatchIndex(s)
			if m == nil {
				parts = append(parts, part{lit: s})
				return
			}
			if m[0] > 0 {
				parts = append(parts, part{lit: s[:m[0]]})
			}
			parts = append(parts, part{lit: s[m[0]:m[1]], name: s[m[2]:m[3]]})
			s = s[m[1]:]
		}
	}
	for len(tmpl) > 0 {
		m := plural.FindStringSubmatchIndex(tmpl)
		if m == nil {
			literal(tmpl)
			break
		}
		literal(tmpl[:m[0]])
		parts = append(parts, part{lit: tmpl[m[0]:m[1]], name: tmpl[m[2]:m[3]], plural: true,
			one: tmpl[m[4]:m[5]], many: tmpl[m[6]:m[7]]})
		tmpl = tmpl[m[1]:]
	}
	return parts
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
			v.zh, v.en = compile(v.ZH), compile(v.EN)
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
	parts := e.zh
	if lang == "en" {
		parts = e.en
	}
	if parts == nil { // an entry added at run time (tests)
		if lang == "en" {
			parts = compile(e.EN)
		} else {
			parts = compile(e.ZH)
		}
	}
	if len(parts) == 1 && parts[0].name == "" {
		return parts[0].lit
	}
	var b strings.Builder
	for _, p := range parts {
		if p.name == "" {
			b.WriteString(p.lit)
			continue
		}
		v, ok := args[p.name]
		switch {
		case !ok:
			b.WriteString(p.lit)
		case !p.plural:
			b.WriteString(Format(lang, v))
		default:
			if n, isInt := v.(int); isInt && n == 1 {
				b.WriteString("1 ")
				b.WriteString(p.one)
			} else {
				b.WriteString(Format(lang, v))
				b.WriteByte(' ')
				b.WriteString(p.many)
			}
		}
	}
	return b.String()
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

// groupThousands writes n with a comma between groups of three digits,
// as x/text's English printer does ("%d" of 1234567 is 1,234,567; its test
// holds the two equal), without the printer's cost per call.
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	digits := s
	if n < 0 {
		digits = s[1:]
	}
	if len(digits) <= 3 {
		return s
	}
	b := make([]byte, 0, len(s)+len(digits)/3)
	if n < 0 {
		b = append(b, '-')
	}
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b = append(b, digits[:first]...)
	for i := first; i < len(digits); i += 3 {
		b = append(b, ',')
		b = append(b, digits[i:i+3]...)
	}
	return string(b)
}

// Format is how a placeholder's value reads: integers with thousands
// separators, localizers in lang, anything else as it prints.
func Format(lang string, v any) string {
	switch x := v.(type) {
	case int:
		return groupThousands(x)
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
