package audit

import (
	"math"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// checkEnterprise: the enterprise cap counts customer relationships (D5); at
// the cap nothing can be assigned (D8); expansions are +50,000 each and need a
// verified enterprise with more than 50 daily active users (D9); an
// unverified enterprise is capped at 200 (D7).
func (e *engine) checkEnterprise() {
	p := e.in.Profile
	ent := &e.res.Enterprise
	ent.Verified = true
	if p.Verified != nil {
		ent.Verified = *p.Verified
	} else {
		ent.VerifiedAssumed = true
	}
	ent.DailyActiveUsers = p.DailyActiveUsers
	switch {
	case !ent.Verified:
		ent.Cap = e.lim.UnverifiedEnterpriseCap
	case p.EnterpriseCap != nil:
		ent.Cap = *p.EnterpriseCap
	default:
		ent.Cap = e.lim.EnterpriseCapInitial
	}
	e.assumeProfile()

	for _, m := range e.in.Members {
		ent.Customers += m.Customers
	}
	ent.Customers += e.in.UnknownOwnerCustomers
	ent.Headroom = max(0, ent.Cap-ent.Customers)
	for _, l := range e.leavers {
		ent.ExternalAtRisk += l.out.External
		if l.out.ExternalUnknown {
			ent.ExternalUnknownFor = append(ent.ExternalUnknownFor, l.m.UserID)
		}
	}
	ent.AtCap = ent.Customers >= ent.Cap
	ent.ExpansionsNeeded = ExpansionsNeeded(ent.Customers+ent.ExternalAtRisk, ent.Cap, e.lim.EnterpriseExpansionStep)
	ent.CapAfterExpansions = ent.Cap + ent.ExpansionsNeeded*e.lim.EnterpriseExpansionStep

	var whyNot []rules.Text
	if !ent.Verified {
		whyNot = append(whyNot, rules.Msg("audit.enterprise.not_verified", nil))
	}
	if d := ent.DailyActiveUsers; d != nil && *d <= e.lim.ExpansionMinDailyActiveUsers {
		whyNot = append(whyNot, rules.Msg("audit.enterprise.few_active_users", catalog.Args{"users": *d, "min": e.lim.ExpansionMinDailyActiveUsers}))
	}
	switch {
	case len(whyNot) > 0:
		f := false
		ent.ExpansionEligible = &f
	case ent.DailyActiveUsers != nil:
		t := true
		ent.ExpansionEligible = &t
	}

	external := num(ent.ExternalAtRisk)
	if len(ent.ExternalUnknownFor) > 0 {
		// A lower bound: some leavers' external contacts cannot be seen.
		external = rules.Msg("audit.at_least", catalog.Args{"n": ent.ExternalAtRisk})
	}
	base := params{"cap": num(ent.Cap), "customers": num(ent.Customers), "external": external}
	cp := func() params {
		c := params{}
		for k, v := range base {
			c[k] = v
		}
		return c
	}
	near := float64(ent.Customers) >= math.Ceil(e.lim.NearCapRatio*float64(ent.Cap)-1e-9)
	if ent.AtCap {
		e.fire("enterprise-cap-full", "", "", ent.Customers, cp())
	} else if near {
		e.fire("enterprise-cap-near", "", "", ent.Customers, cp())
	}
	k := ent.ExpansionsNeeded
	if ent.ExternalAtRisk > 0 && k > 0 {
		e.fire("conversion-needs-expansion", "", "", k, cp())
	}
	if k > 0 && len(whyNot) > 0 {
		p := cp()
		p["reasons"] = joinReasons(whyNot)
		e.fire("expansion-ineligible", "", "", k, p)
	}
	if !ent.Verified {
		e.fire("unverified-enterprise", "", "", ent.Customers, cp())
	}

	// Every leaver's sheet shows the enterprise blockers (D8) and whether its
	// own external contacts can be converted (D3).
	for _, l := range e.leavers {
		capText := rules.Msg("audit.enterprise.cap_full", catalog.Args{"customers": ent.Customers, "cap": ent.Cap})
		e.check(l, "enterprise-cap-full", ent.AtCap, capText)
		needs := rules.Msg("audit.enterprise.needs_expansion", catalog.Args{"k": k})
		switch {
		case l.out.External > 0:
			e.check(l, "conversion-needs-expansion", k > 0, needs)
		case !ExternalKnown(l.out) && k > 0:
			// Already needed for what is known; unknown contacts only add.
			e.check(l, "conversion-needs-expansion", true, needs)
		case !ExternalKnown(l.out):
			e.unknown(l, "conversion-needs-expansion", rules.Msg("audit.enterprise.conversion_unknown", catalog.Args{"headroom": ent.Headroom, "why": whyNoKinds}))
		}
	}
}

// ExpansionsNeeded is the smallest k ≥ 0 with total < cap + k×step: the
// enterprise must stay below its cap to assign anything (D8, docs/spec.md §3).
func ExpansionsNeeded(total, cap, step int) int {
	if total < cap {
		return 0
	}
	return (total-cap)/step + 1
}

// assumeProfile lists what was assumed about the enterprise (docs/spec.md §2.6).
func (e *engine) assumeProfile() {
	p := e.in.Profile
	if !e.in.HasProfile {
		e.assume(rules.Msg("audit.assumed.no_profile", catalog.Args{"cap": e.lim.EnterpriseCapInitial, "member_cap": e.lim.MemberCapDefault, "ratio": e.lim.NearCapRatio}))
		return
	}
	if p.Verified == nil {
		e.assume(rules.Msg("audit.assumed.verified", nil))
	}
	if p.EnterpriseCap == nil && (p.Verified == nil || *p.Verified) {
		e.assume(rules.Msg("audit.assumed.enterprise_cap", catalog.Args{"cap": e.lim.EnterpriseCapInitial}))
	}
	if p.Verified != nil && !*p.Verified && p.EnterpriseCap != nil {
		e.assume(rules.Msg("audit.assumed.unverified_cap", catalog.Args{"given": *p.EnterpriseCap, "cap": e.lim.UnverifiedEnterpriseCap}))
	}
	if p.DailyActiveUsers == nil {
		e.assume(rules.Msg("audit.assumed.daily_active_users", nil))
	}
}
