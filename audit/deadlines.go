package audit

// checkDeadlines: a departure more than a year old can no longer be handed
// over, and neither can one whose member had not logged in during the year
// before leaving (D12). Without a departure date (or, for the login rule, a
// last login) the checks are unknown, never passed.
func (e *engine) checkDeadlines(l *leaverState) {
	m, out := l.m, l.out
	hold := holding(out)
	if !m.DepartureDate.IsZero() {
		out.LimitDate = m.DepartureDate.AddDays(e.lim.HandoverWindowDays)
		out.DaysToLimit = e.cfg.AsOf.DaysUntil(out.LimitDate)
		out.Expired = e.cfg.AsOf.After(out.LimitDate)
		if !m.LastLogin.IsZero() {
			out.LoginStale = m.LastLogin.DaysUntil(m.DepartureDate) > e.lim.LoginWindowDays
		}
	}
	out.Transferable = !out.Expired && !out.LoginStale

	groupsText := num(out.Groups)
	if out.GroupsUnknown {
		groupsText = unknownText
	}
	switch {
	case hold == No:
		e.passBecause(l, "handover-expired", holdsNothing)
	case m.DepartureDate.IsZero():
		e.unknown(l, "handover-expired", whyNoDate)
	case out.Expired && hold == Unknown:
		e.unknown(l, "handover-expired", whyNoGroups)
	default:
		p := memberParams(m)
		p["limit_date"] = same(out.LimitDate.String())
		p["groups"] = groupsText
		e.fireFor(l, "handover-expired", out.Expired, "", out.Customers, p)
	}

	departed := !m.DepartureDate.IsZero() && !m.DepartureDate.After(e.cfg.AsOf)
	near := out.DaysToLimit >= 0 && out.DaysToLimit <= e.lim.DeadlineWarningDays
	switch {
	case hold == No:
		e.passBecause(l, "handover-deadline-near", holdsNothing)
	case m.DepartureDate.IsZero():
		e.unknown(l, "handover-deadline-near", whyNoDate)
	case out.Expired:
		e.passBecause(l, "handover-deadline-near", textExpiredSeeAbove)
	case departed && near && hold == Unknown:
		e.unknown(l, "handover-deadline-near", whyNoGroups)
	default:
		p := memberParams(m)
		p["limit_date"] = same(out.LimitDate.String())
		p["days"] = num(out.DaysToLimit)
		p["groups"] = groupsText
		e.fireFor(l, "handover-deadline-near", departed && near, "", out.Customers, p)
	}

	switch {
	case hold == No:
		e.passBecause(l, "handover-login-stale", holdsNothing)
	case m.DepartureDate.IsZero():
		e.unknown(l, "handover-login-stale", whyNoDate)
	case m.LastLogin.IsZero():
		e.unknown(l, "handover-login-stale", whyNoLogin)
	case out.LoginStale && hold == Unknown:
		e.unknown(l, "handover-login-stale", whyNoGroups)
	default:
		p := memberParams(m)
		p["days"] = num(m.LastLogin.DaysUntil(m.DepartureDate))
		e.fireFor(l, "handover-login-stale", out.LoginStale, "", out.Customers, p)
	}
}
