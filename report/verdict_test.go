package report

import (
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// Unknown is never written as 0 or drawn as ✓ (issue 13).
func TestUnknownLabels(t *testing.T) {
	unseen := &audit.Result{Enterprise: audit.Enterprise{ExternalUnknownFor: []string{"wangwu"}}}
	some := &audit.Result{Enterprise: audit.Enterprise{ExternalAtRisk: 312, ExpansionsNeeded: 1, ExternalUnknownFor: []string{"wangwu"}}}
	known := &audit.Result{Enterprise: audit.Enterprise{ExternalAtRisk: 312}}
	tests := []struct{ got, want string }{
		{ExternalAtRiskLabel(unseen, "zh"), "未知"},
		{ExternalAtRiskLabel(unseen, "en"), "unknown"},
		{ExternalAtRiskLabel(some, "en"), "at least 312 (some unknown)"},
		{ExpansionsLabel(some, "zh"), "至少 1（部分未知）"},
		{ExternalAtRiskLabel(known, "en"), "312"},
		{ExternalLabel(&audit.Leaver{ExternalUnknown: true}, "zh"), "未知"},
		{ExternalLabel(&audit.Leaver{External: 5}, "zh"), "5"},
		{GroupsLabel(&audit.Leaver{GroupsUnknown: true}, "en"), "unknown"},
		{CheckStateLabel(audit.CheckUnknown, "zh"), "? 未知"},
		{CheckStateLabel(audit.Fail, "en"), "✗ failed"},
		{CheckStateLabel(audit.Pass, "en"), "✓ passed"},
		{HandoverLabel(audit.HandoverBlocked, "zh"), "受阻"},
		{LevelLabel(audit.VerdictIncomplete, "en"), "Incomplete"},
		{ActByLabel(&audit.Leaver{}, "en"), "unknown"},
		{ActByLabel(&audit.Leaver{ActBy: audit.NewDate(2026, 12, 2), ActByDeletion: true}, "en"), "2026-12-02 (departure date: act before the account is deleted)"},
		{TransferableLabel(&audit.Leaver{Transferable: true, Checks: []audit.Check{audit.NewCheck(&rules.Rule{ID: "handover-expired"}, audit.CheckUnknown, rules.Text{})}}, "zh"), "未知"},
		{TransferableLabel(&audit.Leaver{Transferable: true}, "zh"), "未知"}, // no departure date
		{TransferableLabel(&audit.Leaver{Transferable: true, DepartureDate: audit.NewDate(2026, 12, 2), InScope: audit.Yes}, "zh"), "是"},
		{TransferableLabel(&audit.Leaver{Transferable: true, DepartureDate: audit.NewDate(2026, 12, 2), InScope: audit.No}, "zh"), "未知"}, // nothing listed, outside the scope
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestVerdictText(t *testing.T) {
	res := &audit.Result{
		Departing: make([]audit.Leaver, 13),
		Summary:   audit.Summary{Critical: 1, High: 3},
		Verdict: audit.Verdict{Level: audit.VerdictAtRisk, Ready: 9, Blocked: 3, Unknown: 1, Missing: []audit.Missing{{
			Hides: rules.Text{ZH: "看不到甲", EN: "cannot see A"}, Add: rules.Text{ZH: "提供乙", EN: "add B"},
		}}},
	}
	en, zh := Verdict(res, "en"), Verdict(res, "zh")
	for _, want := range []string{"At risk: 9 of 13 handovers can go ahead; 3 blocked, 1 unknown.", "4 findings: 1 critical, 3 high.", "Not shown: cannot see A; add B."} {
		if !strings.Contains(en, want) {
			t.Errorf("en verdict %q lacks %q", en, want)
		}
	}
	for _, want := range []string{"有风险：13 名离职成员中 9 名可交接，3 名受阻，1 名未知。", "无法看到：看不到甲；请提供乙。"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh verdict %q lacks %q", zh, want)
		}
	}
	one := &audit.Result{Departing: make([]audit.Leaver, 1), Summary: audit.Summary{Medium: 1}, Verdict: audit.Verdict{Ready: 1}}
	if got := Verdict(one, "en"); got != "Ready: the one handover can go ahead. 1 finding: 0 critical, 0 high." {
		t.Errorf("one leaver: %q", got)
	}
}

// auditor rules explains every count unit.
func TestCountUnitOrderCoversUnits(t *testing.T) {
	if len(countUnitOrder) != len(rules.CountUnits) {
		t.Fatalf("countUnitOrder has %d units, rules.CountUnits %d", len(countUnitOrder), len(rules.CountUnits))
	}
	for _, u := range countUnitOrder {
		if _, ok := rules.CountUnits[u]; !ok {
			t.Errorf("unit %q is not a count unit", u)
		}
	}
}
