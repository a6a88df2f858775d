package audit

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// idLiteral is a Go string literal that names a catalogue message of the
// domain's areas. A literal ending in "." is a prefix completed at run time
// (covered by TestRenderedTextsAreMessages) and does not match.
var idLiteral = regexp.MustCompile(`"((?:audit|plan|reconcile|pull|rules|rule|history|count|gate|owner|route|lost_why)\.[A-Za-z0-9_.\-]*[A-Za-z0-9_])"`)

// TestMessageIDsExist fails when the domain packages name a message the
// catalogue does not have: such a text would render as its id.
func TestMessageIDsExist(t *testing.T) {
	found := 0
	for _, dir := range []string{".", "../plan", "../reconcile", "../history", "../pull", "../rules"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range idLiteral.FindAllStringSubmatch(string(b), -1) {
				id := m[1]
				if ext := filepath.Ext(id); ext == ".yaml" || ext == ".json" || ext == ".go" {
					continue // a file name, not a message
				}
				found++
				if !catalog.Has(id) {
					t.Errorf("%s names message %q, which is not in the catalogue", f, id)
				}
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d message ids in the domain's source: is the pattern still right?", found)
	}
}

// leftover is a placeholder a rendering left unfilled.
var leftover = regexp.MustCompile(`\{[a-z_]+(\|[^{}|]*\|[^{}|]*)?\}`)

// TestRenderedTextsAreMessages renders every text of audits that reach most
// of the engine's sentences and fails on a text rendered as its own id (a
// message id built at run time that the catalogue lacks) or a placeholder
// left unfilled.
func TestRenderedTextsAreMessages(t *testing.T) {
	noProfile := ent(m("solo", leaving("2026-12-20"), cust(10), ext(2), recv("solo")))
	noProfile.HasProfile = false
	unverified := ent(
		m("a", leaving("2026-12-20"), cust(4990), ext(30), recv("r")),
		m("r", cust(4900), func(x *Member) { x.Activated = No; x.Disabled = true; x.RealName = No; x.LastLogin = d("2024-01-01") }),
		m("q", leaving("2026-12-01"), cust(5)),
	)
	unverified.Profile = Profile{Verified: bp(false), EnterpriseCap: ip(9000), DailyActiveUsers: ip(3)}
	cases := map[string]*Inputs{
		"no profile": noProfile,
		"unverified": unverified,
		"unknowns": ent(
			m("u", func(x *Member) { x.Status = StatusUnknown }),
			m("v", leaving(""), cust(3), func(x *Member) { x.ScopeRoster = Unknown; x.Receiver = "ghost" }),
			m("w", leaving("2025-01-01"), cust(7), groups(2), recv("x")),
			m("x", leaving("2026-12-24"), cust(1)),
		),
	}
	cases["unknowns"].Gaps = Gaps{CustomerOnlyContacts: true}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			res := run(t, in)
			n := 0
			walkTexts(reflect.ValueOf(res), func(tx rules.Text) {
				n++
				for _, lang := range []string{"zh", "en"} {
					s := tx.In(lang)
					if tx.ID != "" && s == tx.ID {
						t.Errorf("%s: message %q is not in the catalogue", lang, tx.ID)
					}
					if l := leftover.FindString(s); l != "" {
						t.Errorf("%s: %q leaves %s unfilled", lang, s, l)
					}
				}
			})
			if n == 0 {
				t.Fatal("no text reached")
			}
		})
	}
}

var textType = reflect.TypeOf(rules.Text{})

// walkTexts calls f on every rules.Text reachable from v.
func walkTexts(v reflect.Value, f func(rules.Text)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTexts(v.Elem(), f)
		}
	case reflect.Struct:
		if v.Type() == textType {
			if t := v.Interface().(rules.Text); !t.IsZero() {
				f(t)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkTexts(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkTexts(v.Index(i), f)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			walkTexts(v.MapIndex(k), f)
		}
	}
}
