package audit

import "slices"

// Progress is what WeCom's transfer outcomes say about one leaver's
// handover, as reconcile reads them. Each customer the leaver held is
// counted once: in Lost when it can no longer be handed over (refused a
// resigned-member transfer, or past the limit, whatever its state), else in
// exactly one of Moved, Waiting, Open and Unknown.
type Progress struct {
	// Seen: some outcome record concerns this leaver. Without one nothing
	// has moved as far as anyone can tell, and the decision is the audit's.
	Seen bool
	// Moved: taken over (by the planned receiver or another).
	Moved int
	// Waiting: the transfer started; the customer moves at WaitingUntil
	// unless they decline (D13). Zero WaitingUntil: the date is unknown.
	Waiting      int
	WaitingUntil Date
	// Open: not moved and still movable (cap reached, not started, refused
	// an on-job transfer and still with the member).
	Open int
	// Unknown: no outcome says what happened.
	Unknown int
	// Lost: can no longer be handed over.
	Lost int
	// GroupsOpen is the leaver's groups not handed over yet; GroupsKnown
	// tells that the outcomes cover the groups at all.
	GroupsOpen  int
	GroupsKnown bool
}

// Advance moves a leaver's decision forward with the outcomes of the
// handover: what has moved is no longer at risk, what was refused after
// deletion is lost, and the next actions are what is left (wait, check the
// outcome again, hand over what did not move, record the loss, delete the
// account). The gate is decided by the same rule as the audit's (finish):
// the account may be deleted once nothing is at risk. Without outcomes the
// decision is returned unchanged, so reconcile and audit agree.
func Advance(d Decision, l *Leaver, p Progress, asOf Date) Decision {
	if !p.Seen || l.Expired {
		// Past the limit the outcomes cannot change anything: all was
		// lost on the audit date already.
		return d
	}
	nd := d
	departed := !l.DepartureDate.IsZero() && !l.DepartureDate.After(asOf)
	alreadyLost := d.Lost.Customers != nil && *d.Lost.Customers > 0
	if !alreadyLost {
		nd.Lost.Customers = intp(p.Lost)
		nd.AtRisk.Customers = intp(p.Waiting + p.Open + p.Unknown)
		nd.LostWhy = nil
		if p.Lost > 0 {
			nd.LostWhy = []string{LostPastLimit}
			if departed && !l.LimitDate.IsZero() && !asOf.After(l.LimitDate) {
				// Refused a resigned-member transfer: lost within the year.
				nd.LostWhy = []string{LostRefused}
			}
		}
	}
	if p.GroupsKnown {
		nd.AtRisk.Groups = intp(p.GroupsOpen)
	}

	// Keep the actions the outcomes say nothing about: what settles an
	// unknown, the scope for plain external contacts, eligibility and
	// expansions. Replace the handover's own steps with what is left.
	keep := map[string]bool{
		ActFindDepartureDate: true, ActFindLastLogin: true, ActFindGroups: true, ActCheckScope: true,
		ActMeetEligibility: true, ActFindEligibility: true, ActEnterpriseExpand: true,
		ActAddToScope: true, ActExportAgain: true,
	}
	handoverBy := l.DepartureDate
	if departed {
		handoverBy = l.LimitDate
	}
	b := &builder{asOf: asOf}
	for _, a := range d.Next {
		if !keep[a.Code] {
			continue
		}
		if a.Code == ActFindLastLogin && (nd.AtRisk.Customers == nil || *nd.AtRisk.Customers == 0) {
			// The login decides only whether customers can still move:
			// with none left to move it no longer matters.
			continue
		}
		if slices.Contains(d.Settle, a.Code) {
			b.settle(a)
			continue
		}
		b.add(a)
	}
	b.settles = uniqueCodes(append(b.settles, d.Settle...), b.acts)
	if nd.Lost.Customers != nil && *nd.Lost.Customers > 0 && !alreadyLost {
		b.add(Action{Code: ActRecordLoss, Owner: OwnerHR, Due: asOf, Count: intp(*nd.Lost.Customers)})
	} else if alreadyLost {
		b.add(Action{Code: ActRecordLoss, Owner: OwnerHR, Due: asOf})
	}
	if n := p.Open; n > 0 && !alreadyLost {
		b.add(Action{Code: ActHandOverCustomers, Owner: OwnerAdmin, Route: d.Route, Due: handoverBy, Count: intp(n)})
	}
	if p.GroupsKnown && p.GroupsOpen > 0 {
		b.add(Action{Code: ActHandOverGroups, Owner: OwnerAdmin, Route: d.Route, Due: handoverBy, Count: intp(p.GroupsOpen)})
	}
	if p.Waiting > 0 && !alreadyLost {
		due := p.WaitingUntil
		if due.IsZero() {
			due = handoverBy
		}
		b.add(Action{Code: ActWait24h, Owner: OwnerAdmin, Due: due, Count: intp(p.Waiting)})
	}
	if (p.Waiting > 0 || p.Unknown > 0 || p.Open > 0) && !alreadyLost {
		a := Action{Code: ActCheckOutcome, Owner: OwnerHR, Due: handoverBy}
		if p.Unknown > 0 {
			a.Count = intp(p.Unknown)
		}
		b.add(a)
	}
	// The account: deleted last on the on-job route. Outcomes of the
	// resigned route mean it is gone already (that route needs it
	// deleted, D16): nothing is left to delete.
	if !departed {
		b.add(Action{Code: ActDeleteAccount, Owner: OwnerAdmin, Due: l.DepartureDate})
	}
	nd.Until, nd.Settle = nil, nil
	return b.finish(nd, l)
}

// Closed tells that the handover needs nothing more: the account may be
// deleted and nothing known or unknown is still at risk.
func (d *Decision) Closed() bool {
	total, known := d.AtRisk.Total()
	return d.DeleteAccount == GateAllowed && known && total == 0
}

// uniqueCodes keeps the settle codes, once each, that name a kept action.
func uniqueCodes(codes []string, acts []Action) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c] {
			continue
		}
		for _, a := range acts {
			if a.Code == c {
				seen[c] = true
				out = append(out, c)
				break
			}
		}
	}
	return out
}
