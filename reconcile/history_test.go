package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// TestHistoryWithoutRoute: a spreadsheet without 继承类型 leaves each
// record's route to the roster; what the roster cannot tell is not counted
// and is said in Assumed, never dropped silently.
func TestHistoryWithoutRoute(t *testing.T) {
	d := func(m time.Month, day int) audit.Date { return audit.NewDate(2026, m, day) }
	in := &audit.Inputs{Members: []*audit.Member{
		{UserID: "active", Status: audit.Active},
		{UserID: "going", Status: audit.Departing, DepartureDate: d(12, 15)},
		{UserID: "gone", Status: audit.Departed, DepartureDate: d(11, 1)},
		{UserID: "gone-nodate", Status: audit.Departed},
	}}
	cases := []struct {
		name   string
		rec    CustomerOutcome
		route  Route
		counts bool // counts as an on-job move
	}{
		{"account still exists (active)", CustomerOutcome{Leaver: "active", Time: d(10, 1)}, RouteOnJob, true},
		{"account still exists (departing), no date", CustomerOutcome{Leaver: "going"}, RouteOnJob, true},
		{"before the deletion", CustomerOutcome{Leaver: "gone", Time: d(10, 20)}, RouteOnJob, true},
		{"on the departure day", CustomerOutcome{Leaver: "gone", Time: d(11, 1)}, RouteResigned, false},
		{"after the deletion", CustomerOutcome{Leaver: "gone", Time: d(11, 20)}, RouteResigned, false},
		{"deleted, record undated", CustomerOutcome{Leaver: "gone"}, RouteUnknown, false},
		{"deleted, no departure date", CustomerOutcome{Leaver: "gone-nodate", Time: d(10, 1)}, RouteUnknown, false},
		{"not in the roster", CustomerOutcome{Leaver: "stranger", Time: d(10, 1)}, RouteUnknown, false},
		{"route given wins", CustomerOutcome{Leaver: "gone", Time: d(11, 20), Route: RouteOnJob}, RouteOnJob, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.rec.Kind, c.rec.Status, c.rec.ExternalID = KindStatus, 1, "wm1"
			if c.rec.Route == RouteUnknown {
				if got := InferRoute(c.rec, in); got != c.route {
					t.Errorf("InferRoute = %v, want %v", got, c.route)
				}
			}
			h := History(&Outcomes{Customers: []CustomerOutcome{c.rec}}, rules.Reconcile(), in)
			if got := len(h.Moves["wm1"]) == 1; got != c.counts {
				t.Errorf("counted as an on-job move: %v, want %v", got, c.counts)
			}
			wantAssumed := c.route == RouteUnknown
			if got := len(h.Assumed) == 1; got != wantAssumed {
				t.Errorf("assumed: %v, want %v", h.Assumed, wantAssumed)
			}
			if wantAssumed && (!strings.Contains(h.Assumed[0].In("en"), "1 takeover record in the outcome files") || !strings.Contains(h.Assumed[0].In("zh"), "1 条接替记录")) {
				t.Errorf("assumed text: %+v", h.Assumed[0])
			}
		})
	}
}
