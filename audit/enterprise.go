package audit

import (
	"fmt"
	"math"

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
		whyNot = append(whyNot, rules.Text{ZH: "未认证", EN: "is not verified"})
	}
	if d := ent.DailyActiveUsers; d != nil && *d <= e.lim.ExpansionMinDailyActiveUsers {
		whyNot = append(whyNot, rules.Text{
			ZH: fmt.Sprintf("每日使用人数 %d 不超过 %d", *d, e.lim.ExpansionMinDailyActiveUsers),
			EN: fmt.Sprintf("has %d daily active users, not more than %d", *d, e.lim.ExpansionMinDailyActiveUsers),
		})
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
		external = rules.Text{ZH: "至少 " + group(ent.ExternalAtRisk), EN: "at least " + group(ent.ExternalAtRisk)}
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
		capText := rules.Text{
			ZH: fmt.Sprintf("企业客户数 %s 已达上限 %s，所有交接都被阻止。", group(ent.Customers), group(ent.Cap)),
			EN: fmt.Sprintf("The enterprise holds %s customers against a cap of %s: every handover is blocked.", group(ent.Customers), group(ent.Cap)),
		}
		e.check(l, "enterprise-cap-full", ent.AtCap, capText)
		needs := rules.Text{
			ZH: fmt.Sprintf("把外部联系人转为客户需要先企业扩容 %d 次。", k),
			EN: "Converting the external contacts needs " + plural(k, "enterprise expansion", "enterprise expansions") + " first.",
		}
		switch {
		case l.out.External > 0:
			e.check(l, "conversion-needs-expansion", k > 0, needs)
		case !ExternalKnown(l.out) && k > 0:
			// Already needed for what is known; unknown contacts only add.
			e.check(l, "conversion-needs-expansion", true, needs)
		case !ExternalKnown(l.out):
			e.unknown(l, "conversion-needs-expansion", rules.Text{
				ZH: fmt.Sprintf("该成员的外部联系人数量未知，无法判断转为客户后企业是否需要扩容（当前剩余额度 %s）。%s", group(ent.Headroom), whyNoKinds.ZH),
				EN: fmt.Sprintf("The member's plain external contacts are unknown, so nobody can tell whether converting them needs an enterprise expansion (headroom now %s). %s", group(ent.Headroom), whyNoKinds.EN),
			})
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
		e.assume(fmt.Sprintf("profile: none given; assumed a verified enterprise with a cap of %s, daily active users unknown (expansion eligibility not checked), member cap %s, near-cap ratio %v",
			group(e.lim.EnterpriseCapInitial), group(e.lim.MemberCapDefault), e.lim.NearCapRatio),
			fmt.Sprintf("企业概况：未提供；假定企业已认证、客户上限 %s、每日使用人数未知（不检查扩容条件）、成员上限 %s、接近上限比例 %v",
				group(e.lim.EnterpriseCapInitial), group(e.lim.MemberCapDefault), e.lim.NearCapRatio))
		return
	}
	if p.Verified == nil {
		e.assume("profile: verified not given; the enterprise is assumed verified", "企业概况：未写明是否认证；假定已认证")
	}
	if p.EnterpriseCap == nil && (p.Verified == nil || *p.Verified) {
		e.assume(fmt.Sprintf("profile: enterprise_cap not given; assumed %s", group(e.lim.EnterpriseCapInitial)),
			fmt.Sprintf("企业概况：未写明企业客户上限；假定为 %s", group(e.lim.EnterpriseCapInitial)))
	}
	if p.Verified != nil && !*p.Verified && p.EnterpriseCap != nil {
		e.assume(fmt.Sprintf("profile: enterprise_cap %s ignored; an unverified enterprise's cap is %s", group(*p.EnterpriseCap), group(e.lim.UnverifiedEnterpriseCap)),
			fmt.Sprintf("企业概况：企业未认证，忽略客户上限 %s，按 %s 计算", group(*p.EnterpriseCap), group(e.lim.UnverifiedEnterpriseCap)))
	}
	if p.DailyActiveUsers == nil {
		e.assume("profile: daily_active_users not given; expansion eligibility not checked", "企业概况：未写明每日使用人数；不检查扩容条件")
	}
}
