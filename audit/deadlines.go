package audit

// checkDeadlines: a departure more than a year old can no longer be handed
// over, and neither can one whose member had not logged in during the year
// before leaving (D12).
func (e *engine) checkDeadlines(l *leaverState) {
	m, out := l.m, l.out
	holding := out.Customers > 0 || out.Groups > 0
	if !m.DepartureDate.IsZero() {
		out.LimitDate = m.DepartureDate.AddDays(e.lim.HandoverWindowDays)
		out.DaysToLimit = e.cfg.AsOf.DaysUntil(out.LimitDate)
		out.Expired = e.cfg.AsOf.After(out.LimitDate)
		if !m.LastLogin.IsZero() {
			out.LoginStale = m.LastLogin.DaysUntil(m.DepartureDate) > e.lim.LoginWindowDays
		}
	}
	out.Transferable = !out.Expired && !out.LoginStale

	p := memberParams(m)
	p["limit_date"] = same(out.LimitDate.String())
	p["groups"] = num(out.Groups)
	e.fireFor(l, "handover-expired", out.Expired && holding, "", out.Customers, p)

	if !out.Expired && !m.DepartureDate.IsZero() {
		departed := !m.DepartureDate.After(e.cfg.AsOf)
		near := out.DaysToLimit >= 0 && out.DaysToLimit <= e.lim.DeadlineWarningDays
		p := memberParams(m)
		p["limit_date"] = same(out.LimitDate.String())
		p["days"] = num(out.DaysToLimit)
		p["groups"] = num(out.Groups)
		e.fireFor(l, "handover-deadline-near", departed && holding && near, "", out.Customers, p)
	}

	if !m.DepartureDate.IsZero() && !m.LastLogin.IsZero() {
		p := memberParams(m)
		p["days"] = num(m.LastLogin.DaysUntil(m.DepartureDate))
		e.fireFor(l, "handover-login-stale", out.LoginStale, "", out.Customers, p)
	}
}
