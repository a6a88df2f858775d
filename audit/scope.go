package audit

import "github.com/wecom-audit/auditor/rules"

// scopeOf resolves whether a member is inside the customer-contact scope.
// A customer export listing the member wins over the roster (only in-scope
// members have customers, D1, D20); then the roster's column; then the
// contacts' kinds; else unknown (docs/spec.md §2.1 note).
func (e *engine) scopeOf(m *Member) Tri {
	switch {
	case m.InCustomerExport:
		return Yes
	case m.ScopeRoster != Unknown:
		return m.ScopeRoster
	case m.ContactRows && m.Customers > 0:
		return Yes
	case m.ContactRows && m.ExternalContacts > 0:
		return No
	}
	return Unknown
}

// Reasons for checks the inputs cannot settle, each naming the input that
// would settle it (issue 13).
var (
	whyNoKinds         = rules.Msg("audit.why.no_kinds", nil)
	whyNoScope         = rules.Msg("audit.why.no_scope", nil)
	whyNoDate          = rules.Msg("audit.why.no_date", nil)
	whyNoLogin         = rules.Msg("audit.why.no_login", nil)
	whyNoGroups        = rules.Msg("audit.why.no_groups", nil)
	whyOutsideUnlisted = rules.Msg("audit.why.outside_unlisted", nil)
	holdsNothing       = rules.Msg("audit.why.holds_nothing", nil)
)

// checkScope: plain external contacts are deleted with the account (D2);
// a member outside the scope shows none of them in the customer export (D20).
func (e *engine) checkScope(l *leaverState) {
	m, out := l.m, l.out
	p := memberParams(m)
	// A customer-only export cannot show the plain external contacts of a
	// member who is not known to be in the scope: their number is unknown,
	// not 0 (in-scope members' contacts are customers, D1).
	out.ExternalUnknown = e.in.Gaps.CustomerOnlyContacts && out.InScope != Yes && out.External == 0
	switch {
	case out.ExternalUnknown:
		e.unknown(l, "external-contacts-lost", whyNoKinds)
	case !ExternalKnown(out):
		// Outside the scope (or not known to be in it) and no export lists
		// a single contact of theirs: the customer export cannot show
		// them (D20), so their plain contacts are unknown, not none.
		e.unknown(l, "external-contacts-lost", whyOutsideUnlisted)
	default:
		e.fireFor(l, "external-contacts-lost", out.External > 0, "", out.External, p)
	}
	// Only when the exports show none of its contacts (docs/spec.md §3): customers
	// listed for it would make the roster's "outside" a data question.
	if out.InScope == Unknown {
		e.unknown(l, "departing-outside-scope", whyNoScope)
	} else {
		e.fireFor(l, "departing-outside-scope", out.InScope == No && out.External == 0 && out.Customers == 0, "", 0, memberParams(m))
	}
	e.fireFor(l, "scope-unknown", out.InScope == Unknown, "", 0, memberParams(m))
	e.fireFor(l, "missing-departure-date", m.DepartureDate.IsZero(), "", 0, memberParams(m))
}

// holding tells whether a leaver still holds customers or groups: Yes, No,
// or Unknown when it holds no customers and no groups export was given.
func holding(out *Leaver) Tri {
	switch {
	case out.Customers > 0 || out.Groups > 0:
		return Yes
	case out.GroupsUnknown:
		return Unknown
	}
	return No
}

// checkGroups: groups move at 300 per original owner per day (D17) and do not
// show in WeCom's unassigned list (D18). An expired leaver's groups can no
// longer move; handover-expired covers them.
func (e *engine) checkGroups(l *leaverState) {
	if l.out.Expired {
		e.passBecause(l, "groups-need-transfer", rules.Msg("audit.why.groups_expired", nil))
		return
	}
	if l.out.GroupsUnknown {
		e.unknown(l, "groups-need-transfer", whyNoGroups)
		return
	}
	g := l.out.Groups
	per := e.lim.GroupsPerOwnerPerDay
	days := (g + per - 1) / per
	p := memberParams(l.m)
	p["days"] = num(days)
	e.fireFor(l, "groups-need-transfer", g > 0, "", g, p)
}
