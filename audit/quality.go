package audit

import (
	"strconv"
)

// checkMembers: caps of members that stay (D6).
func (e *engine) checkMembers() {
	for _, m := range e.in.Members {
		if m.CapInvalid != "" || m.Cap > e.lim.MemberCapMax || m.Cap < 0 {
			val := m.CapInvalid
			if val == "" {
				val = strconv.Itoa(m.Cap)
			}
			p := memberParams(m)
			p["value"] = same(val)
			p["cap"] = num(e.lim.MemberCapDefault)
			e.fire("invalid-member-cap", m.UserID, "", 0, p)
		}
		if m.Status == Active && e.scopeOf(m) == Yes {
			if c := e.capOf(m); m.Customers >= c {
				p := memberParams(m)
				p["cap"] = num(c)
				e.fire("member-cap-full", m.UserID, "", m.Customers, p)
			}
		}
	}
}

// checkDataQuality turns what the readers counted into findings.
func (e *engine) checkDataQuality() {
	for _, d := range e.in.DuplicateMembers {
		e.fire("duplicate-member", d.UserID, "", d.Count, params{"member": same(d.UserID)})
	}
	for _, d := range e.in.UnknownOwners {
		e.fire("unknown-owner", d.UserID, "", d.Count, params{"member": same(d.UserID)})
	}
	for _, d := range e.in.DuplicateContacts {
		e.fire("duplicate-contact", d.UserID, "", d.Count, params{"member": same(d.UserID)})
	}
}

// collectAtRisk lists the contacts lost with each audited leaver: its plain
// external contacts (D2) and, once expired, its customers too (D12).
func (e *engine) collectAtRisk() {
	for _, l := range e.leavers {
		for _, c := range e.in.Details[Key(l.m.UserID)] {
			reason := ""
			switch {
			case !c.Customer:
				reason = "external-contacts-lost"
			case l.out.Expired:
				reason = "handover-expired"
			default:
				continue
			}
			e.res.AtRisk = append(e.res.AtRisk, AtRiskContact{
				Member: l.m.UserID, MemberName: l.m.Name, ExternalID: c.ExternalID,
				ContactName: c.Name, Customer: c.Customer, Reason: reason, AddedAt: c.AddedAt,
			})
		}
	}
}
