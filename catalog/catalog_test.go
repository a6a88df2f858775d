package catalog

import (
	"regexp"
	"strings"
	"testing"
)

// TestEveryMessageRenders renders every message in both languages with
// sample arguments: no placeholder may be left, no "(s)", no 它 for people.
func TestEveryMessageRenders(t *testing.T) {
	args := Args{"name": "孙丽", "receiver": "zhaolei", "count": 2, "n": 45, "min": 50, "step": 50000,
		"max": 20000, "why": "x", "lost": "y", "list": "z", "c": "1", "e": "2", "g": "3", "date": "2026-12-01",
		"days": 2, "per_day": 300, "per": 100, "calls": 3, "held": 4, "to": 6000}
	left := regexp.MustCompile(`\{[a-z_|]+\}`)
	for _, id := range IDs() {
		for _, lang := range []string{"zh", "en"} {
			s := T(lang, id, args)
			if s == "" {
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
