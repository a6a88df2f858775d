package plan

// Tally is the plan's summary: what it places and, counted apart,
// everything it cannot place (issue 13: a summary that says "0 cannot be
// placed" while contacts stay behind is a false all-clear).
type Tally struct {
	Leavers int
	// Placed is the customers allocated to receivers; AfterExpansion is the
	// part of them that fits only once a member expansion is granted.
	Placed, AfterExpansion int
	// Short is the customers nobody can take even at member_cap_max.
	Short int
	// GroupsUnplaced is the groups with no eligible receiver.
	GroupsUnplaced int
	// NotTransferable is the customers and groups of leavers WeCom will not
	// transfer (past the limit date, or no login in the year before
	// leaving, D12).
	NotTransferableCustomers, NotTransferableGroups int
	// External is the plain external contacts of the leavers: no receiver
	// can take them until the member is in the scope (D2, D3).
	// ExternalUnknownFor names leavers whose external contacts the exports
	// cannot show (External is then a lower bound).
	External           int
	ExternalUnknownFor []string
	// EnterpriseExpansions is the enterprise expansions needed;
	// EnterpriseEligible is nil when unknown, false when the enterprise
	// cannot get them (then the conversions, and at the cap every
	// handover, cannot happen).
	EnterpriseExpansions int
	EnterpriseEligible   *bool
	EnterpriseAtCap      bool
}

// Tally sums the plan up.
func (p *Plan) Tally() Tally {
	t := Tally{
		Leavers:              len(p.Leavers),
		ExternalUnknownFor:   append([]string(nil), p.Enterprise.ExternalUnknownFor...),
		EnterpriseExpansions: p.Enterprise.ExpansionsNeeded,
		EnterpriseEligible:   p.Enterprise.ExpansionEligible,
		EnterpriseAtCap:      p.Enterprise.AtCap,
	}
	for _, l := range p.Leavers {
		for _, a := range l.Allocations {
			t.Placed += a.Customers
			t.AfterExpansion += a.AfterExpansion
		}
		t.Short += l.Unplaced
		t.GroupsUnplaced += l.GroupsUnplaced
		t.External += l.External
		if !l.Transferable {
			t.NotTransferableCustomers += l.Customers
			t.NotTransferableGroups += l.Groups
		}
	}
	return t
}

// Unplaced is everything the plan leaves without a receiver: customers
// nobody can take, customers and groups WeCom will not transfer, groups
// without a receiver and plain external contacts.
func (t Tally) Unplaced() int {
	return t.Short + t.NotTransferableCustomers + t.NotTransferableGroups + t.GroupsUnplaced + t.External
}
