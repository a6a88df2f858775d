package pipeline

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
)

// forecast is the capacity section of a finished audit (issue 28): the
// growth ingest counted, the caps and loads the engine worked out, the
// campaigns from --campaign (which replace the profile's) or the profile.
func (s *Session) forecast(res *audit.Result) *capacity.Report {
	lim := s.Rules.Limits
	p := s.In.Profile
	ent := res.Enterprise
	in := capacity.Input{
		AsOf:   s.AsOf.Time(),
		Growth: s.In.Growth,
		Enterprise: capacity.Enterprise{
			Cap: ent.Cap, Customers: ent.Customers, Step: lim.EnterpriseExpansionStep,
			Verified: p.Verified, DailyActiveUsers: ent.DailyActiveUsers, MinDailyActiveUsers: lim.ExpansionMinDailyActiveUsers,
		},
		Campaigns:    p.Campaigns,
		MemberCapMax: lim.MemberCapMax,
		History:      s.History,
	}
	if s.Campaigns != nil {
		in.Campaigns = s.Campaigns
	}
	if p.ExpansionLeadDays != nil {
		in.LeadDays = *p.ExpansionLeadDays
	}
	memberDefault := lim.MemberCapDefault
	if p.MemberCapDefault != nil {
		memberDefault = *p.MemberCapDefault
	}
	// One entry per member, sized up front: grown by append, the list of
	// a 200,000-member roster was allocated some four times over (96 MB,
	// issue 24).
	in.Members = make([]capacity.Member, 0, len(s.In.Members))
	leavers := make(map[string]*audit.Leaver, len(res.Departing))
	for i := range res.Departing {
		l := &res.Departing[i]
		leavers[audit.Key(l.UserID)] = l
	}
	// handoverDay: the departure date, or the as-of date when it has
	// passed or is unknown (the handover is due now).
	handoverDay := func(d audit.Date) audit.Date {
		if d.After(s.AsOf) {
			return d
		}
		return s.AsOf
	}
	for _, m := range s.In.Members {
		k := audit.Key(m.UserID)
		cm := capacity.Member{UserID: m.UserID, Name: m.Name, Key: k, Customers: m.Customers, Cap: memberDefault}
		if m.Cap > 0 && m.Cap <= lim.MemberCapMax && m.CapInvalid == "" {
			cm.Cap = m.Cap
		}
		date := m.DepartureDate
		if l := leavers[k]; l != nil {
			cm.Leaving, date = true, l.DepartureDate
			for _, a := range l.Receivers {
				in.Handovers = append(in.Handovers, capacity.Handover{From: k, To: audit.Key(a.UserID),
					Date: handoverDay(date).Time(), Customers: a.Customers})
			}
		} else if m.Status.Leaving() {
			cm.Leaving = true
		}
		if cm.Leaving {
			cm.LeavesOn = handoverDay(date).Time()
		}
		in.Members = append(in.Members, cm)
	}
	return capacity.Forecast(in)
}
