package audit

// scopeOf resolves whether a member is inside the customer-contact scope.
// A customer export listing the member wins over the roster (only in-scope
// members have customers, D1, D20); then the roster's column; then the
// contacts' kinds; else unknown (SPEC §2.1 note).
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

// checkScope: plain external contacts are deleted with the account (D2);
// a member outside the scope shows none of them in the customer export (D20).
func (e *engine) checkScope(l *leaverState) {
	m, out := l.m, l.out
	p := memberParams(m)
	e.fireFor(l, "external-contacts-lost", out.External > 0, "", out.External, p)
	// Only when the exports show none of its contacts (SPEC §3): customers
	// listed for it would make the roster's "outside" a data question.
	e.fireFor(l, "departing-outside-scope", out.InScope == No && out.External == 0 && out.Customers == 0, "", 0, memberParams(m))
	e.fireFor(l, "scope-unknown", out.InScope == Unknown, "", 0, memberParams(m))
	e.fireFor(l, "missing-departure-date", m.DepartureDate.IsZero(), "", 0, memberParams(m))
}

// checkGroups: groups move at 300 per original owner per day (D17) and do not
// show in WeCom's unassigned list (D18). An expired leaver's groups can no
// longer move; handover-expired covers them.
func (e *engine) checkGroups(l *leaverState) {
	if l.out.Expired {
		return
	}
	g := l.out.Groups
	per := e.lim.GroupsPerOwnerPerDay
	days := (g + per - 1) / per
	p := memberParams(l.m)
	p["days"] = num(days)
	e.fireFor(l, "groups-need-transfer", g > 0, "", g, p)
}
