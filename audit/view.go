package audit

import "github.com/wecom-audit/auditor/rules"

// View exposes the engine's reading of members to planners (auditor plan,
// auditor check), so that they apply exactly the arithmetic the audit does.
type View struct{ e *engine }

// NewView prepares a view of the inputs under the rule set on a date. It
// applies the profile's numbers but not the handover sheet.
func NewView(in *Inputs, rs *rules.Set, asOf Date) (*View, error) {
	e := &engine{in: in, rs: rs, cfg: Config{AsOf: asOf}, idx: in.Index()}
	if err := e.limits(); err != nil {
		return nil, err
	}
	return &View{e}, nil
}

// Limits are the rule set's numbers with the profile applied.
func (v *View) Limits() rules.Limits { return v.e.lim }

// Scope is whether the member is inside the customer-contact scope.
func (v *View) Scope(m *Member) Tri { return v.e.scopeOf(m) }

// Cap is the member's customer cap (its own when valid, else the default).
func (v *View) Cap(m *Member) int { return v.e.capOf(m) }

// Ineligibility lists why receiver may not take leaver's customers (D11);
// empty when it may.
func (v *View) Ineligibility(receiver, leaver *Member) []rules.Text {
	return v.e.ineligibility(receiver, leaver)
}

// Overlap counts the customers two members share, by hashed external id
// (D15); 0 when ids are unknown.
func (v *View) Overlap(a, b *Member) int {
	if !v.e.in.HasExternalIDs {
		return 0
	}
	return overlap(v.e.in.CustomerIDs[Key(a.UserID)], v.e.in.CustomerIDs[Key(b.UserID)])
}
