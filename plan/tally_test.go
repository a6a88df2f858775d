package plan

import (
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// The plan never picks a receiver with a problem of its own (issue 13): a
// userid on two roster rows, one not in the roster, an ineligible member,
// or a member who is leaving — whether HR planned them or not.
func TestPlanNeverPicksAReceiverWithAProblem(t *testing.T) {
	tests := []struct {
		name    string
		planned string
		extra   []*audit.Member
		in      func(*audit.Inputs)
		bad     string
	}{
		{"duplicate userid planned and free", "LiLei", []*audit.Member{mem("LiLei")}, func(in *audit.Inputs) {
			in.DuplicateMembers = []audit.OwnerCount{{UserID: "LiLei", Count: 2}}
		}, "lilei"},
		{"unknown userid planned", "ghost", nil, nil, "ghost"},
		{"ineligible: not activated", "idle", []*audit.Member{mem("idle", func(m *audit.Member) { m.Activated = audit.No })}, nil, "idle"},
		{"leaving member", "goer", []*audit.Member{mem("goer", leaving("2026-12-20"))}, nil, "goer"},
		{"leaving by the handover sheet only", "goer", []*audit.Member{mem("goer")}, func(in *audit.Inputs) {
			in.Handovers = append(in.Handovers, audit.Handover{UserID: "goer", DepartureDate: date("2026-12-20"), HasDate: true})
		}, "goer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := []*audit.Member{mem("a", leaving("2026-12-05"), cust(40), recv(tt.planned)), mem("ok", cust(10))}
			in := ent(append(ms, tt.extra...)...)
			if tt.in != nil {
				tt.in(in)
			}
			p, err := Make(in, rules.Default(), Config{AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			var a *Leaver
			for i := range p.Leavers {
				if p.Leavers[i].UserID == "a" {
					a = &p.Leavers[i]
				}
			}
			if a == nil {
				t.Fatal("leaver a not planned")
			}
			placed := 0
			for _, al := range a.Allocations {
				if audit.Key(al.Receiver) == tt.bad {
					t.Errorf("plan gives %d customers to %s", al.Customers, al.Receiver)
				}
				placed += al.Customers
			}
			if placed != 40 {
				t.Errorf("placed %d of 40 customers: %+v", placed, a.Allocations)
			}
			replaced := false
			for _, r := range a.Replaced {
				replaced = replaced || audit.Key(r.UserID) == audit.Key(tt.planned)
			}
			if !replaced {
				t.Errorf("planned receiver %s not listed as replaced: %+v", tt.planned, a.Replaced)
			}
		})
	}
}

// The summary counts everything the plan cannot place.
func TestTallyCountsWhatCannotBePlaced(t *testing.T) {
	in := ent(
		mem("ext", leaving("2026-12-05"), func(m *audit.Member) { m.ScopeRoster = audit.No }, ext(357)),
		mem("old", leaving("2025-01-01"), cust(30), groups(2)),
		mem("fine", leaving("2026-12-05"), cust(20)),
		mem("ok"),
		mem("big", cust(49_900)),
	)
	in.Profile.EnterpriseCap = ip(50_000)
	in.Profile.DailyActiveUsers = ip(45)
	p, err := Make(in, rules.Default(), Config{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	tl := p.Tally()
	if tl.Placed != 20 || tl.External != 357 || tl.NotTransferableCustomers != 30 || tl.NotTransferableGroups != 2 {
		t.Errorf("tally = %+v, want 20 placed, 357 external, 30 customers and 2 groups not transferable", tl)
	}
	if tl.EnterpriseExpansions != 1 || tl.EnterpriseEligible == nil || *tl.EnterpriseEligible {
		t.Errorf("enterprise expansions %d eligible %v, want 1 not eligible", tl.EnterpriseExpansions, tl.EnterpriseEligible)
	}
	if tl.Unplaced() != 357+30+2 {
		t.Errorf("unplaced = %d, want %d", tl.Unplaced(), 357+30+2)
	}
}
