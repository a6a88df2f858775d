package audit

import (
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/rules"
)

// lv is a leaver who has logged in recently, so that only what a case sets
// decides its checks.
func lv(id, date string, opts ...func(*Member)) *Member {
	return m(id, append([]func(*Member){leaving(date), login("2026-10-01")}, opts...)...)
}

func gaps(g Gaps) func(*Inputs) { return func(in *Inputs) { in.Gaps = g } }

func stateOf(t *testing.T, res *Result, userid, rule string) Check {
	t.Helper()
	for _, l := range res.Departing {
		if Key(l.UserID) != Key(userid) {
			continue
		}
		for _, c := range l.Checks {
			if c.Rule() == rule {
				return c
			}
		}
		t.Fatalf("%s has no %s check", userid, rule)
	}
	t.Fatalf("%s is not audited", userid)
	return Check{}
}

// TestCheckStates covers every state each leaver check can take (issue 13).
func TestCheckStates(t *testing.T) {
	b := m("b", login("2026-11-01"))
	tests := []struct {
		name    string
		members []*Member
		in      func(*Inputs)
		rule    string
		want    CheckState
		// reason must contain this (for unknown: the input that settles it)
		reason string
	}{
		{"external lost: in scope", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "external-contacts-lost", Pass, ""},
		{"external lost: holds contacts", []*Member{lv("a", "2026-12-05", scope(No), ext(5))}, nil, "external-contacts-lost", Fail, "5"},
		{"external lost: customer-only export, outside", []*Member{lv("a", "2026-12-05", scope(No))}, gaps(Gaps{CustomerOnlyContacts: true}), "external-contacts-lost", CheckUnknown, "kind column"},
		{"external lost: customer-only export, scope unknown", []*Member{lv("a", "2026-12-05", scope(Unknown))}, gaps(Gaps{CustomerOnlyContacts: true}), "external-contacts-lost", CheckUnknown, "kind column"},
		{"external lost: customer-only export, in scope", []*Member{lv("a", "2026-12-05")}, gaps(Gaps{CustomerOnlyContacts: true}), "external-contacts-lost", Pass, ""},

		{"outside scope: in scope", []*Member{lv("a", "2026-12-05")}, nil, "departing-outside-scope", Pass, ""},
		{"outside scope: nothing shown", []*Member{lv("a", "2026-12-05", scope(No))}, nil, "departing-outside-scope", Fail, ""},
		{"outside scope: scope unknown", []*Member{lv("a", "2026-12-05", scope(Unknown))}, nil, "departing-outside-scope", CheckUnknown, "客户联系"},

		{"scope unknown: known", []*Member{lv("a", "2026-12-05")}, nil, "scope-unknown", Pass, ""},
		{"scope unknown: unknown", []*Member{lv("a", "2026-12-05", scope(Unknown))}, nil, "scope-unknown", Fail, ""},

		{"departure date: given", []*Member{lv("a", "2026-12-05")}, nil, "missing-departure-date", Pass, ""},
		{"departure date: missing", []*Member{lv("a", "")}, nil, "missing-departure-date", Fail, ""},

		{"expired: recent", []*Member{lv("a", "2026-11-01", cust(3), recv("b")), b}, nil, "handover-expired", Pass, ""},
		{"expired: holds nothing", []*Member{lv("a", "2024-11-01")}, nil, "handover-expired", Pass, "Does not apply"},
		{"expired: over a year", []*Member{lv("a", "2025-01-01", cust(3))}, nil, "handover-expired", Fail, "2026-01-01"},
		{"expired: no date", []*Member{lv("a", "", cust(3))}, nil, "handover-expired", CheckUnknown, "离职日期"},
		{"expired: groups unknown", []*Member{lv("a", "2025-01-01")}, gaps(Gaps{NoGroupsFile: true}), "handover-expired", CheckUnknown, "--groups"},

		{"deadline near: far", []*Member{lv("a", "2026-11-01", cust(3), recv("b")), b}, nil, "handover-deadline-near", Pass, ""},
		{"deadline near: 15 days", []*Member{lv("a", "2025-12-15", cust(3), recv("b")), b}, nil, "handover-deadline-near", Fail, "2026-12-15"},
		{"deadline near: no date", []*Member{lv("a", "", cust(3))}, nil, "handover-deadline-near", CheckUnknown, "离职日期"},
		{"deadline near: expired", []*Member{lv("a", "2025-01-01", cust(3))}, nil, "handover-deadline-near", Pass, "Does not apply"},

		{"login stale: recent login", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "handover-login-stale", Pass, ""},
		{"login stale: old login", []*Member{m("a", leaving("2026-11-01"), login("2025-01-01"), cust(3))}, nil, "handover-login-stale", Fail, ""},
		{"login stale: no login", []*Member{m("a", leaving("2026-12-05"), cust(3))}, nil, "handover-login-stale", CheckUnknown, "最近登录时间"},
		{"login stale: no date", []*Member{lv("a", "", cust(3))}, nil, "handover-login-stale", CheckUnknown, "离职日期"},

		{"groups: none", []*Member{lv("a", "2026-12-05")}, nil, "groups-need-transfer", Pass, ""},
		{"groups: owns some", []*Member{lv("a", "2026-12-05", groups(301), recv("b")), b}, nil, "groups-need-transfer", Fail, "2 day"},
		{"groups: no groups export", []*Member{lv("a", "2026-12-05")}, gaps(Gaps{NoGroupsFile: true}), "groups-need-transfer", CheckUnknown, "--groups"},

		{"no receiver: planned", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "no-receiver", Pass, ""},
		{"no receiver: none", []*Member{lv("a", "2026-12-05", cust(3))}, nil, "no-receiver", Fail, "3"},
		{"no receiver: groups unknown", []*Member{lv("a", "2026-12-05")}, gaps(Gaps{NoGroupsFile: true}), "no-receiver", CheckUnknown, "--groups"},
		{"no receiver: holds nothing", []*Member{lv("a", "2026-12-05")}, nil, "no-receiver", Pass, "Does not apply"},

		{"receiver unknown: in roster", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "receiver-unknown", Pass, ""},
		{"receiver unknown: stranger", []*Member{lv("a", "2026-12-05", cust(3), recv("ghost"))}, nil, "receiver-unknown", Fail, "ghost"},
		{"receiver unknown: none planned", []*Member{lv("a", "2026-12-05", cust(3))}, nil, "receiver-unknown", Pass, "no receiver"},

		{"receiver ineligible: eligible", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "receiver-ineligible", Pass, ""},
		{"receiver ineligible: departing", []*Member{lv("a", "2026-12-05", cust(3), recv("c")), lv("c", "2026-12-20")}, nil, "receiver-ineligible", Fail, "departing too"},
		{"receiver ineligible: duplicate userid", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, func(in *Inputs) {
			in.DuplicateMembers = []OwnerCount{{UserID: "B", Count: 2}}
		}, "receiver-ineligible", Fail, "2 roster rows"},
		{"receiver ineligible: expired leaver", []*Member{lv("a", "2025-01-01", cust(3), recv("b")), b}, nil, "receiver-ineligible", Pass, "no longer"},

		{"over cap: room", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "receiver-over-cap", Pass, ""},
		{"over cap: overflow", []*Member{lv("a", "2026-12-05", cust(3), recv("c")), m("c", capOf(10), cust(9))}, nil, "receiver-over-cap", Fail, "2 over"},
		{"near cap: clear", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, "receiver-near-cap", Pass, ""},
		{"near cap: close", []*Member{lv("a", "2026-12-05", cust(3), recv("c")), m("c", capOf(10), cust(6))}, nil, "receiver-near-cap", Fail, "9"},

		{"enterprise cap: room", []*Member{lv("a", "2026-12-05")}, nil, "enterprise-cap-full", Pass, ""},
		{"enterprise cap: full", []*Member{lv("a", "2026-12-05"), m("c", cust(10))}, func(in *Inputs) { in.Profile.EnterpriseCap = ip(10) }, "enterprise-cap-full", Fail, "blocked"},

		{"conversion: no contacts", []*Member{lv("a", "2026-12-05")}, nil, "conversion-needs-expansion", Pass, "Does not apply"},
		{"conversion: room", []*Member{lv("a", "2026-12-05", scope(No), ext(5))}, nil, "conversion-needs-expansion", Pass, ""},
		{"conversion: needs expansion", []*Member{lv("a", "2026-12-05", scope(No), ext(5)), m("c", cust(8))}, func(in *Inputs) { in.Profile.EnterpriseCap = ip(10) }, "conversion-needs-expansion", Fail, "1"},
		{"conversion: contacts unknown", []*Member{lv("a", "2026-12-05", scope(No))}, gaps(Gaps{CustomerOnlyContacts: true}), "conversion-needs-expansion", CheckUnknown, "kind column"},
		{"conversion: unknown but already needed", []*Member{lv("a", "2026-12-05", scope(No)), lv("z", "2026-12-05", scope(No), ext(5)), m("c", cust(8))}, func(in *Inputs) {
			in.Profile.EnterpriseCap = ip(10)
			in.Gaps.CustomerOnlyContacts = true
		}, "conversion-needs-expansion", Fail, "1"},
	}
	covered := map[string]map[CheckState]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent(tt.members...)
			if tt.in != nil {
				tt.in(in)
			}
			res := run(t, in)
			c := stateOf(t, res, "a", tt.rule)
			if c.State != tt.want {
				t.Fatalf("%s = %s (%s), want %s", tt.rule, c.State, c.Reason().In("en"), tt.want)
			}
			if c.Reason().In("zh") == "" || c.Reason().In("en") == "" {
				t.Errorf("%s has no reason in both languages: %+v", tt.rule, c.Reason())
			}
			if tt.reason != "" && !strings.Contains(c.Reason().In("en")+c.Reason().In("zh"), tt.reason) {
				t.Errorf("%s reason %q lacks %q", tt.rule, c.Reason().In("en"), tt.reason)
			}
		})
		if covered[tt.rule] == nil {
			covered[tt.rule] = map[CheckState]bool{}
		}
		covered[tt.rule][tt.want] = true
	}
	// Every leaver rule is covered passed and failed; those that can be
	// unknown are covered unknown too.
	canBeUnknown := map[string]bool{
		"external-contacts-lost": true, "departing-outside-scope": true, "handover-expired": true,
		"handover-deadline-near": true, "handover-login-stale": true, "groups-need-transfer": true,
		"no-receiver": true, "conversion-needs-expansion": true,
	}
	for _, id := range LeaverRules {
		if !covered[id][Pass] || !covered[id][Fail] {
			t.Errorf("%s: pass and fail not both covered", id)
		}
		if canBeUnknown[id] && !covered[id][CheckUnknown] {
			t.Errorf("%s: unknown not covered", id)
		}
	}
}

// Every leaver has every leaver rule checked once, in LeaverRules order.
func TestEveryLeaverHasEveryCheck(t *testing.T) {
	res := run(t, ent(lv("a", "2026-12-05", cust(3), recv("ghost")), lv("x", "", scope(Unknown)), lv("old", "2024-01-01", cust(2))))
	for _, l := range res.Departing {
		if len(l.Checks) != len(LeaverRules) {
			t.Fatalf("%s: %d checks, want %d", l.UserID, len(l.Checks), len(LeaverRules))
		}
		for i, c := range l.Checks {
			if c.Rule() != LeaverRules[i] {
				t.Errorf("%s: check %d is %s, want %s", l.UserID, i, c.Rule(), LeaverRules[i])
			}
		}
	}
}

func TestHandoverAndActBy(t *testing.T) {
	tests := []struct {
		name     string
		members  []*Member
		in       func(*Inputs)
		want     HandoverState
		actBy    string // "" for none
		deletion bool
	}{
		{"ready: act by the limit date", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), m("b", login("2026-11-01"))}, nil, HandoverReady, "2027-12-05", false},
		{"blocked by contacts: act by departure", []*Member{lv("a", "2026-12-05", scope(No), ext(5))}, nil, HandoverBlocked, "2026-12-05", true},
		{"outside scope, contacts unseen: act by departure", []*Member{lv("a", "2026-12-02", scope(No))}, gaps(Gaps{CustomerOnlyContacts: true}), HandoverBlocked, "2026-12-02", true},
		{"receiver fix while still there: departure", []*Member{lv("a", "2026-12-05", cust(3), recv("c")), lv("c", "2026-12-20")}, nil, HandoverBlocked, "2026-12-05", true},
		{"receiver fix after leaving: limit date", []*Member{lv("a", "2026-11-01", cust(3), recv("c")), lv("c", "2026-12-20")}, nil, HandoverBlocked, "2027-11-01", false},
		{"no departure date: unknown, no date", []*Member{lv("a", "", cust(3), recv("b")), m("b", login("2026-11-01"))}, nil, HandoverUnknown, "", false},
		{"login unknown: unknown", []*Member{m("a", leaving("2026-12-05"), cust(3), recv("b")), m("b", login("2026-11-01"))}, nil, HandoverUnknown, "2026-12-05", true},
		{"medium finding only: ready", []*Member{lv("a", "2026-12-05", groups(2), recv("b")), m("b", login("2026-11-01"))}, nil, HandoverReady, "2027-12-05", false},
		{"groups export missing, medium only: ready", []*Member{lv("a", "2026-12-05", cust(1), recv("b")), m("b", login("2026-11-01"))}, gaps(Gaps{NoGroupsFile: true}), HandoverReady, "2027-12-05", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent(tt.members...)
			if tt.in != nil {
				tt.in(in)
			}
			l := run(t, in).Departing[0]
			if l.Handover != tt.want {
				t.Errorf("handover = %s, want %s (%+v)", l.Handover, tt.want, l.Checks)
			}
			if l.ActBy.String() != tt.actBy || l.ActByDeletion != tt.deletion {
				t.Errorf("act by = %q deletion %v, want %q %v", l.ActBy, l.ActByDeletion, tt.actBy, tt.deletion)
			}
		})
	}
}

func TestVerdictLevels(t *testing.T) {
	b := m("b", login("2026-11-01"))
	tests := []struct {
		name    string
		members []*Member
		in      func(*Inputs)
		want    VerdictLevel
		ready   int
		blocked int
		unknown int
		missing string // part of a Missing entry's English
	}{
		{"ready", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, nil, VerdictReady, 1, 0, 0, ""},
		{"no leavers but a status column: ready", []*Member{b}, nil, VerdictReady, 0, 0, 0, ""},
		{"nobody can be seen leaving", []*Member{b}, gaps(Gaps{NoStatusColumn: true, NoPlanFile: true}), VerdictIncomplete, 0, 0, 0, "no status column"},
		{"status column missing but a handover sheet", []*Member{b}, gaps(Gaps{NoStatusColumn: true}), VerdictReady, 0, 0, 0, ""},
		{"contacts unseen", []*Member{lv("a", "2026-12-05", scope(No)), lv("c", "2026-12-05", cust(3), recv("b")), b}, gaps(Gaps{CustomerOnlyContacts: true}), VerdictIncomplete, 1, 1, 0, "customers only"},
		{"no login dates", []*Member{m("a", leaving("2026-12-05"), cust(3), recv("b")), b}, nil, VerdictIncomplete, 0, 0, 1, "last login"},
		{"some blocked", []*Member{lv("a", "2026-12-05", scope(No), ext(2)), lv("c", "2026-12-05", cust(3), recv("b")), b}, nil, VerdictAtRisk, 1, 1, 0, ""},
		{"all blocked", []*Member{lv("a", "2026-12-05", scope(No), ext(2))}, nil, VerdictBlocked, 0, 1, 0, ""},
		{"enterprise at cap", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b, m("c", cust(20))}, func(in *Inputs) { in.Profile.EnterpriseCap = ip(10) }, VerdictBlocked, 0, 1, 0, ""},
		{"high finding elsewhere", []*Member{lv("a", "2026-12-05", cust(3), recv("b")), b}, func(in *Inputs) {
			in.DuplicateMembers = []OwnerCount{{UserID: "zz", Count: 2}}
		}, VerdictAtRisk, 1, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent(tt.members...)
			if tt.in != nil {
				tt.in(in)
			}
			res := run(t, in)
			v := res.Verdict
			if v.Level != tt.want || v.Ready != tt.ready || v.Blocked != tt.blocked || v.Unknown != tt.unknown {
				t.Errorf("verdict = %s %d/%d/%d, want %s %d/%d/%d", v.Level, v.Ready, v.Blocked, v.Unknown, tt.want, tt.ready, tt.blocked, tt.unknown)
			}
			var all []string
			for _, m := range v.Missing {
				all = append(all, m.Hides.In("en"))
			}
			if tt.missing == "" && len(v.Missing) > 0 {
				t.Errorf("missing = %q, want none", all)
			}
			if tt.missing != "" {
				if !strings.Contains(strings.Join(all, "|"), tt.missing) {
					t.Errorf("missing = %q, want %q", all, tt.missing)
				}
				// The assumed list says so too.
				if !strings.Contains(strings.Join(res.Assumed, "|"), tt.missing) {
					t.Errorf("assumed = %q lacks %q", res.Assumed, tt.missing)
				}
			}
		})
	}
}

// An unseen leaver's contacts make the enterprise figures lower bounds.
func TestExternalUnknownIsALowerBound(t *testing.T) {
	in := ent(lv("a", "2026-12-05", scope(No)), lv("z", "2026-12-05", scope(No), ext(5)))
	in.Gaps.CustomerOnlyContacts = true
	res := run(t, in)
	e := res.Enterprise
	if e.ExternalAtRisk != 5 || len(e.ExternalUnknownFor) != 1 || e.ExternalUnknownFor[0] != "a" {
		t.Errorf("external at risk = %d, unknown for %q; want 5 and [a]", e.ExternalAtRisk, e.ExternalUnknownFor)
	}
	if !res.Departing[0].ExternalUnknown || res.Departing[1].ExternalUnknown {
		t.Errorf("external unknown = %v, %v; want true, false", res.Departing[0].ExternalUnknown, res.Departing[1].ExternalUnknown)
	}
}

// Findings carry their rule's count unit.
func TestFindingsCarryCountUnit(t *testing.T) {
	res := run(t, ent(lv("a", "2026-12-05", scope(No), ext(5)), lv("c", "2026-12-05", cust(3), recv("d")), m("d", capOf(2), login("2026-11-01"))))
	want := map[string]string{"external-contacts-lost": "relationships", "receiver-over-cap": "overflow"}
	seen := 0
	for _, f := range res.Findings {
		if f.CountUnit == "" {
			t.Errorf("%s: no count unit", f.Rule)
		}
		if w, ok := want[f.Rule]; ok {
			seen++
			if f.CountUnit != w {
				t.Errorf("%s: count unit %q, want %q", f.Rule, f.CountUnit, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of the findings %v", seen, want)
	}
}

// --period as docs/spec.md §1 defines it, with the case: --period 2025-11
// on 2026-11-30 still audits members who left in 2025-12 and 2026-10 when
// they still hold contacts (issue 13).
func TestPeriodIncludes(t *testing.T) {
	in := ent(
		m("nov25", leaving("2025-11-10")),
		m("dec25holding", leaving("2025-12-10"), cust(3)),
		m("dec25empty", leaving("2025-12-10")),
		m("oct26holding", leaving("2026-10-10"), groups(1)),
		m("oct26external", leaving("2026-10-10"), scope(No), ext(2)),
		m("oct26unseen", leaving("2026-10-10"), scope(No)),
		m("dec26", leaving("2026-12-20"), cust(5)),
		m("nodate", leaving("")),
		m("big", cust(60000)),
	)
	in.Gaps.CustomerOnlyContacts = true
	res, err := Run(in, rules.Default(), Config{AsOf: asOf, Period: "2025-11"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Departing {
		got = append(got, l.UserID)
	}
	if want := "nov25 dec25holding oct26holding oct26external oct26unseen nodate"; strings.Join(got, " ") != want {
		t.Errorf("audited %q, want %q", got, want)
	}
	// Enterprise checks always run.
	if len(fired(res, "enterprise-cap-full")) != 1 {
		t.Errorf("enterprise-cap-full did not run under --period")
	}
}
