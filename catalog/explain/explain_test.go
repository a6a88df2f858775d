package explain

import (
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

var actionCodes = []string{
	audit.ActFindDepartureDate, audit.ActFindLastLogin, audit.ActFindGroups, audit.ActFixHandoverSheet,
	audit.ActCheckScope, audit.ActLogInBeforeLeave, audit.ActMeetEligibility, audit.ActFindEligibility,
	audit.ActEnterpriseExpand, audit.ActAddToScope, audit.ActExportAgain, audit.ActNameReceiver,
	audit.ActReplaceReceiver, audit.ActMemberExpansion, audit.ActSplitHandover, audit.ActDeleteAccount,
	audit.ActHandOverCustomers, audit.ActHandOverGroups, audit.ActWait24h, audit.ActCheckOutcome, audit.ActRecordLoss,
}

// TestActionsHaveWords: every action code the engine can give has its
// words, in full and short, and an English plural that agrees.
func TestActionsHaveWords(t *testing.T) {
	for _, code := range actionCodes {
		if !catalog.Has("short." + code) {
			t.Errorf("no short.%s", code)
		}
		found := false
		for _, id := range catalog.IDs() {
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
