package catalog

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
)

var actionCodes = []string{
	audit.ActFindDepartureDate, audit.ActFindLastLogin, audit.ActFindGroups, audit.ActFixHandoverSheet,
	audit.ActCheckScope, audit.ActLogInBeforeLeave, audit.ActMeetEligibility, audit.ActFindEligibility,
	audit.ActEnterpriseExpand, audit.ActAddToScope, audit.ActExportAgain, audit.ActNameReceiver,
	audit.ActReplaceReceiver, audit.ActMemberExpansion, audit.ActSplitHandover, audit.ActDeleteAccount,
	audit.ActHandOverCustomers, audit.ActHandOverGroups, audit.ActWait24h, audit.ActCheckOutcome, audit.ActRecordLoss,
}

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

// TestActionsHaveWords: every action code the engine can give has its
// words, in full and short, and an English plural that agrees.
func TestActionsHaveWords(t *testing.T) {
	for _, code := range actionCodes {
		if !Has("short." + code) {
			t.Errorf("no short.%s", code)
		}
		found := false
		for _, id := range IDs() {
			if id == "action."+code || strings.HasPrefix(id, "action."+code+".") {
				found = true
			}
		}
		if !found {
			t.Errorf("no action.%s", code)
		}
	}
	one, two := 1, 2
	c := Context{Leaver: &audit.Leaver{UserID: "sunli", Name: "孙丽"}}
	a := audit.Action{Code: audit.ActHandOverCustomers, Route: audit.RouteOnJob, Count: &one}
	if got := Action("en", a, c); !strings.Contains(got, "hand 1 customer to") {
		t.Errorf("one: %q", got)
	}
	a.Count = &two
	if got := Action("en", a, c); !strings.Contains(got, "hand 2 customers to") {
		t.Errorf("two: %q", got)
	}
	if got := Count("zh", nil); got != "未知" {
		t.Errorf("unknown count in zh: %q", got)
	}
}
