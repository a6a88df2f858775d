package catalog

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// names lists the placeholder names of a template, sorted and once each.
func names(tmpl string) []string {
	var out []string
	for _, m := range plural.FindAllStringSubmatch(tmpl, -1) {
		out = append(out, m[1])
	}
	for _, m := range placeholder.FindAllStringSubmatch(plural.ReplaceAllString(tmpl, ""), -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestEveryMessageRenders renders every message in both languages, with
// each placeholder given both 1 and 2: no placeholder may be left, no
// "(s)", no 它 for people, and both languages take the same arguments.
func TestEveryMessageRenders(t *testing.T) {
	left := regexp.MustCompile(`\{[a-z_|]+\}`)
	for _, id := range IDs() {
		zh, en := names(messages[id].ZH), names(messages[id].EN)
		if !slices.Equal(zh, en) {
			t.Errorf("%s: zh takes %v, en takes %v", id, zh, en)
		}
		for _, n := range []int{1, 2} {
			args := Args{}
			for _, k := range append(zh, en...) {
				args[k] = n
			}
			for _, lang := range []string{"zh", "en"} {
				s := T(lang, id, args)
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s/%s: empty", id, lang)
				}
				if left.MatchString(s) {
					t.Errorf("%s/%s: placeholder left in %q", id, lang, s)
				}
				if strings.Contains(s, "(s)") {
					t.Errorf("%s/%s: %q says (s): use {n|one|many}", id, lang, s)
				}
				if strings.Contains(s, "它") {
					t.Errorf("%s/%s: %q calls someone 它", id, lang, s)
				}
			}
		}
	}
}

// TestPlural: {n|one|many} agrees the noun with the number.
func TestPlural(t *testing.T) {
	messages["test.plural"] = entry{ZH: "{n} 天", EN: "{n|day|days}"}
	defer delete(messages, "test.plural")
	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days", 1000: "1,000 days"} {
		if got := T("en", "test.plural", Args{"n": n}); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// renderByPatterns is T as it was before messages were compiled: the
// plural pattern, then the placeholder pattern, over the text.
func renderByPatterns(lang, tmpl string, args Args) string {
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

// TestCompiledMessagesRenderAsBefore: every message of the catalogue, in
// both languages, with each of its placeholders given an int (0, 1, many),
// a string, or left out, renders exactly as the two patterns did. (Except
// for one thing the patterns did wrong, held by TestValuesAreNotTemplates.)
func TestCompiledMessagesRenderAsBefore(t *testing.T) {
	names := regexp.MustCompile(`\{([a-z_]+)(?:\|[^{}|]*\|[^{}|]*)?\}`)
	values := []func(i int) any{
		func(int) any { return 0 },
		func(int) any { return 1 },
		func(i int) any { return 1234567 * (i + 1) },
		func(i int) any { return fmt.Sprintf("值%d x", i) },
		func(int) any { return -4321 },
	}
	checked := 0
	for _, id := range IDs() {
		e := messages[id]
		for _, lang := range []string{"zh", "en"} {
			tmpl := e.ZH
			if lang == "en" {
				tmpl = e.EN
			}
			var keys []string
			for _, m := range names.FindAllStringSubmatch(tmpl, -1) {
				keys = append(keys, m[1])
			}
			for vi, val := range values {
				for skip := -1; skip < len(keys); skip++ {
					args := Args{}
					for i, k := range keys {
						if i != skip {
							args[k] = val(i + vi)
						}
					}
					if got, want := T(lang, id, args), renderByPatterns(lang, tmpl, args); got != want {
						t.Fatalf("%s/%s %v:\n got %q\nwant %q", id, lang, args, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d renderings checked", checked)
	}
}

func TestGroupThousands(t *testing.T) {
	p := message.NewPrinter(language.English)
	for _, n := range []int{0, 1, -1, 12, 999, 1000, -1000, 9999, 12345, 100000, 999999, 1000000, -1234567, 1 << 40, math.MaxInt, math.MinInt} {
		if got, want := groupThousands(n), p.Sprintf("%d", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func FuzzGroupThousands(f *testing.F) {
	p := message.NewPrinter(language.English)
	for _, n := range []int{0, -1, 1000, math.MinInt} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int) {
		if got, want := groupThousands(n), p.Sprintf("%d", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	})
}

// TestValuesAreNotTemplates: a value is put in as it is, never read again
// as part of the message. The two patterns read a plural's value again for
// placeholders, so a name holding "{n}" took the count's place.
func TestValuesAreNotTemplates(t *testing.T) {
	messages["test.values"] = entry{ZH: "{who}：{n} 天", EN: "{who|person|people} for {n|day|days}"}
	defer delete(messages, "test.values")
	for lang, want := range map[string]string{"zh": "{n}：3 天", "en": "{n} people for 3 days"} {
		if got := T(lang, "test.values", Args{"who": "{n}", "n": 3}); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
