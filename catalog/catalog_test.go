package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"
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
