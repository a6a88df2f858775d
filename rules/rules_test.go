package rules

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestDefaultLoadsAndCitesDomain(t *testing.T) {
	s := Default()
	if len(s.Rules()) != 23 {
		t.Errorf("default has %d rules, docs/spec.md §3 lists 23", len(s.Rules()))
	}
	domain, err := os.ReadFile("../../shared/DOMAIN.md")
	if err != nil {
		t.Skip("../shared/DOMAIN.md not beside the checkout")
	}
	for _, r := range s.Rules() {
		for _, src := range r.Source {
			if src != "seed" && !regexp.MustCompile(`\*\*`+src+`\*\*`).Match(domain) {
				t.Errorf("rule %s cites %s, which DOMAIN.md does not define", r.ID, src)
			}
		}
	}
}

func TestDefaultNumbers(t *testing.T) {
	l := Default().Limits
	got := []int{l.MemberCapDefault, l.MemberCapMax, l.EnterpriseCapInitial, l.EnterpriseExpansionStep, l.UnverifiedEnterpriseCap,
		l.HandoverWindowDays, l.DeadlineWarningDays, l.GroupsPerOwnerPerDay, l.CustomersPerCall}
	want := []int{5000, 20000, 50000, 50000, 200, 365, 30, 300, 100}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("limit %d = %d, want %d", i, got[i], want[i])
		}
	}
}

func TestOverrideErrorsNameTheRule(t *testing.T) {
	tests := []struct {
		name, override, want string
	}{
		{"bad severity", "rules:\n  - id: no-receiver\n    severity: urgent\n", "rule no-receiver: severity \"urgent\" is not one of"},
		{"unknown rule", "rules:\n  - id: no-such-rule\n    severity: low\n", `no rule "no-such-rule"`},
		{"bad source", "rules:\n  - id: no-receiver\n    source: [X9]\n", "rule no-receiver: source \"X9\""},
		{"empty title", "rules:\n  - id: no-receiver\n    title: {zh: \"\"}\n", "rule no-receiver: title needs both zh and en"},
		{"unknown field", "rules:\n  - id: no-receiver\n    severty: low\n", "line 3: unknown field severty"},
		{"bad ratio", "limits:\n  near_cap_ratio: 1.5\n", "limits.near_cap_ratio"},
		{"negative cap", "limits:\n  member_cap_max: -1\n", "limits.member_cap_max"},
		{"default above max", "limits:\n  member_cap_default: 30000\n", "limits.member_cap_default"},
		{"not yaml", "rules: [\n", "is not valid YAML"},
		{"bad count unit", "rules:\n  - id: no-receiver\n    count: customers\n", `rule no-receiver: count "customers" is not one of the count units`},
		{"empty count unit", "rules:\n  - id: no-receiver\n    count: \"\"\n", `rule no-receiver: count "" is not one of the count units`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(defaultYAML, []byte(tt.override))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestOverrideApplies(t *testing.T) {
	s, err := Parse(defaultYAML, []byte("version: acme-1\nlimits:\n  member_cap_default: 8000\nrules:\n  - id: member-cap-full\n    severity: info\n    enabled: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Rule("member-cap-full")
	if r.Severity != Info || r.Enabled || s.Limits.MemberCapDefault != 8000 || s.Version != "2026.11.1+acme-1" {
		t.Errorf("override not applied: %+v %v %q", r, s.Limits.MemberCapDefault, s.Version)
	}
	if r.Title.In("zh") == "" {
		t.Error("override cleared the title it did not mention")
	}
}

func TestSeverity(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Severity
		ok   bool
	}{{"critical", Critical, true}, {"HIGH", High, true}, {" low ", Low, true}, {"info", Info, true}, {"none", SeverityInvalid, false}, {"", SeverityInvalid, false}} {
		got, err := ParseSeverity(c.in)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("ParseSeverity(%q) = %v, %v", c.in, got, err)
		}
	}
	if !Critical.AtLeast(High) || Low.AtLeast(Medium) {
		t.Error("AtLeast order wrong")
	}
}

func TestRender(t *testing.T) {
	got := Render("{member} holds {count} ({typo})", map[string]string{"member": "张三", "count": "3"})
	if got != "张三 holds 3 ({typo})" {
		t.Errorf("Render = %q", got)
	}
}

func FuzzParseOverride(f *testing.F) {
	f.Add([]byte("limits:\n  member_cap_default: 8000\n"))
	f.Add([]byte("rules:\n  - id: no-receiver\n    severity: low\n"))
	f.Add([]byte("rules: [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(defaultYAML, b)
		if err == nil && len(s.Rules()) != 23 {
			t.Errorf("override changed the number of rules to %d", len(s.Rules()))
		}
	})
}

func TestRenderPlural(t *testing.T) {
	for _, tc := range []struct{ tmpl, count, want string }{
		{"{count|customer|customers} left", "1", "1 customer left"},
		{"{count|customer|customers} left", "2", "2 customers left"},
		{"{count|customer|customers} left", "1,000", "1,000 customers left"},
		{"{count|day|days}", "0", "0 days"},
		{"{other|day|days}", "1", "{other|day|days}"},
	} {
		if got := Render(tc.tmpl, map[string]string{"count": tc.count}); got != tc.want {
			t.Errorf("Render(%q, %s) = %q, want %q", tc.tmpl, tc.count, got, tc.want)
		}
	}
}

// Every default rule names what its count holds (issue 13).
func TestDefaultCountUnits(t *testing.T) {
	want := map[string]string{
		"external-contacts-lost": "relationships", "receiver-over-cap": "overflow", "receiver-near-cap": "load",
		"groups-need-transfer": "groups", "conversion-needs-expansion": "expansions", "duplicate-member": "rows",
		"scope-unknown": "none",
	}
	rs := Default()
	for _, r := range rs.Rules() {
		if _, ok := CountUnits[r.Count]; !ok {
			t.Errorf("rule %s: count unit %q", r.ID, r.Count)
		}
		if w, ok := want[r.ID]; ok && r.Count != w {
			t.Errorf("rule %s: count unit %q, want %q", r.ID, r.Count, w)
		}
	}
}

// The default rules' words come from the catalogue; an override file that
// writes a rule's words replaces them, one language at a time.
func TestOverrideWords(t *testing.T) {
	def := Default()
	base, _ := def.Rule("no-receiver")
	if base.Title.ID != "rule.no-receiver.title" || base.Title.In("en") == "" || base.Title.In("zh") == "" {
		t.Fatalf("default title = %+v, want the catalogue's rule.no-receiver.title", base.Title)
	}
	cases := []struct {
		name, yaml, zh, en string
	}{
		{"both", "rules:\n  - id: no-receiver\n    title: {zh: \"甲\", en: \"A\"}\n", "甲", "A"},
		{"en only", "rules:\n  - id: no-receiver\n    title: {en: \"A\"}\n", base.Title.In("zh"), "A"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse(defaultYAML, []byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			r, _ := s.Rule("no-receiver")
			if r.Title.In("zh") != c.zh || r.Title.In("en") != c.en {
				t.Errorf("title = %q / %q, want %q / %q", r.Title.In("zh"), r.Title.In("en"), c.zh, c.en)
			}
			if !r.Message.Equal(base.Message) {
				t.Error("an override of the title changed the message")
			}
		})
	}
}
