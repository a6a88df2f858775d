package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// steps writes what to do, in order: the enterprise expansion first (at the
// cap nothing can be assigned, D8; converting external contacts needs room,
// D3), then per leaver: add to scope, expand, hand over, wait 24 h, check
// the outcome, and only then delete the account.
func steps(p *Plan) {
	e := p.Enterprise
	var ent *Expansion
	for i := range p.Expansions {
		if p.Expansions[i].Enterprise {
			ent = &p.Expansions[i]
		}
	}
	if ent != nil {
		var why []string
		var whyEN []string
		if e.AtCap {
			why = append(why, fmt.Sprintf("企业客户数 %s 已达上限 %s，所有交接都被阻止（D8）", num(e.Customers), num(e.Cap)))
			whyEN = append(whyEN, fmt.Sprintf("the enterprise holds %s customers against a cap of %s and every handover is blocked (D8)", num(e.Customers), num(e.Cap)))
		}
		if e.ExternalAtRisk > 0 {
			why = append(why, fmt.Sprintf("把离职成员的 %s 个外部联系人转为客户需要额度（D3）", num(e.ExternalAtRisk)))
			whyEN = append(whyEN, fmt.Sprintf("turning leavers' %s external contacts into customers needs room (D3)", num(e.ExternalAtRisk)))
		}
		p.Steps = append(p.Steps, Step{Kind: "enterprise-expansion", Text: rules.Text{
			ZH: fmt.Sprintf("先申请企业扩容 %d 次（每次 +%s，上限 %s → %s，D9）：%s。%s",
				ent.Count, num(p.Limits.EnterpriseExpansionStep), num(ent.From), num(ent.To), strings.Join(why, "；"), eligibility(ent, p.Limits.ExpansionMinDailyActiveUsers, "zh")),
			EN: fmt.Sprintf("First request %d enterprise expansion(s) (+%s each, cap %s → %s, D9): %s. %s",
				ent.Count, num(p.Limits.EnterpriseExpansionStep), num(ent.From), num(ent.To), strings.Join(whyEN, "; "), eligibility(ent, p.Limits.ExpansionMinDailyActiveUsers, "en")),
		}})
	}
	members := 0
	for _, x := range p.Expansions {
		if !x.Enterprise {
			members++
		}
	}
	if members > 0 {
		p.Steps = append(p.Steps, Step{Kind: "member-expansions", Text: rules.Text{
			ZH: fmt.Sprintf("再请“扩容”表中的 %d 位接替人申请成员扩容（手机端工作台申请，管理员确认，每人最多 %s，D6、D9）。", members, num(p.Limits.MemberCapMax)),
			EN: fmt.Sprintf("Then the %d receivers on the Expansions sheet ask for member expansions (from the mobile workbench, confirmed by the admin, at most %s each, D6, D9).", members, num(p.Limits.MemberCapMax)),
		}})
	}
	for i := range p.Leavers {
		p.Leavers[i].Steps = leaverSteps(p, &p.Leavers[i], ent)
	}
}

func leaverSteps(p *Plan, l *Leaver, ent *Expansion) []Step {
	var out []Step
	add := func(kind, zh, en string) { out = append(out, Step{Kind: kind, Text: rules.Text{ZH: zh, EN: en}}) }
	if !l.Transferable {
		why, whyEN := "离职前一年内没有登录过", "the member had not logged in during the year before leaving"
		if l.Expired {
			why = fmt.Sprintf("离职已超过一年（离职 %s，截止 %s）", l.DepartureDate, l.LimitDate)
			whyEN = fmt.Sprintf("the member left more than a year ago (left %s, limit %s)", l.DepartureDate, l.LimitDate)
		}
		add("not-transferable",
			fmt.Sprintf("不可转接：%s，企业微信拒绝转接（D12）；%s 个客户、%s 个客户群无法交接，不列入计划。", why, num(l.Customers), num(l.Groups)),
			fmt.Sprintf("Not transferable: %s, so WeCom refuses the transfer (D12); %s customers and %s groups cannot be handed over and are not planned.", whyEN, num(l.Customers), num(l.Groups)))
		return out
	}

	// 1. Scope: plain external contacts die with the account (D2).
	switch {
	case l.External > 0:
		// Whatever the scope column says, plain external contacts are
		// only saved by the scope (D2, D3).
		add("add-to-scope",
			fmt.Sprintf("把 %s 加入客户联系使用范围（D2）：其 %s 个外部联系人随之转为客户（D3）。之后重新导出联系人，再运行一次 auditor plan 为它们安排接替人。", l.UserID, num(l.External)),
			fmt.Sprintf("Add %s to the customer-contact scope (D2): their %s plain external contacts become customers (D3). Then export the contacts again and run auditor plan again to place them.", l.UserID, num(l.External)))
	case l.InScope == audit.No:
		add("check-scope",
			fmt.Sprintf("%s 不在客户联系使用范围内，客户导出中看不到它的外部联系人：在管理后台核对，删除账号前先加入范围（D2、D20）。", l.UserID),
			fmt.Sprintf("%s is outside the customer-contact scope and the customer export never lists their contacts: check in the admin console and add the member to the scope before deletion (D2, D20).", l.UserID))
	case l.InScope == audit.Unknown:
		add("check-scope",
			fmt.Sprintf("无法确定 %s 是否在客户联系使用范围内：在管理后台核对，不在则先加入范围（D2）。", l.UserID),
			fmt.Sprintf("Whether %s is in the customer-contact scope is unknown: check in the admin console and add the member if not (D2).", l.UserID))
	}

	holding := l.Customers > 0 || l.Groups > 0
	// 2. Expansions this leaver waits for.
	if ent != nil && ((p.Enterprise.AtCap && holding) || l.External > 0) {
		add("enterprise-expansion",
			fmt.Sprintf("等企业扩容 %d 次获批（第一步）。", ent.Count),
			"Wait for the enterprise "+enCount(ent.Count, "expansion", "expansions")+" of the first step to be granted.")
	}
	for _, a := range l.Allocations {
		if a.NeedsExpansion {
			to := p.expansionTo(a.Receiver)
			add("member-expansion",
				fmt.Sprintf("%s 在手机端工作台申请成员扩容至 %s，管理员确认（D6，最多 %s）。", a.Receiver, num(to), num(p.Limits.MemberCapMax)),
				fmt.Sprintf("%s asks for a member expansion to %s from the mobile workbench; the admin confirms (D6, at most %s).", a.Receiver, num(to), num(p.Limits.MemberCapMax)))
		}
	}

	if !holding {
		if l.External > 0 {
			add("delete-account",
				fmt.Sprintf("外部联系人转为客户并交接之后，才删除 %s 的账号。", l.UserID),
				fmt.Sprintf("Delete %s's account only after their external contacts have become customers and been handed over.", l.UserID))
		} else {
			add("nothing-to-hand-over",
				fmt.Sprintf("%s 没有需要交接的客户或客户群，可以删除账号。", l.UserID),
				fmt.Sprintf("%s holds no customers or groups to hand over: the account can be deleted.", l.UserID))
		}
		return out
	}

	// 3. Hand over.
	for _, r := range l.Replaced {
		zh, en := reasons(r.Reasons)
		add("receiver-replaced",
			fmt.Sprintf("原计划接替人 %s 不采用：%s。", r.UserID, zh),
			fmt.Sprintf("The planned receiver %s is not used: %s.", r.UserID, en))
	}
	how, howEN := "账号删除前用在职继承（D16）", "while the account exists, by on-job transfer (D16)"
	if l.Status == audit.Departed {
		how, howEN = "账号未删除时用在职继承（D16），已删除则用离职继承（D11）", "by on-job transfer while the account exists (D16), by resigned-member transfer once deleted (D11)"
	}
	per := max(1, p.Limits.CustomersPerCall)
	handed := false
	for _, a := range l.Allocations {
		if a.Customers == 0 {
			continue
		}
		handed = true
		calls := (a.Customers + per - 1) / per
		credit, creditEN := "", ""
		if a.Credited > 0 {
			credit = fmt.Sprintf("，其中 %s 个接替人已有，不重复占用额度（D15）", num(a.Credited))
			creditEN = fmt.Sprintf("; %s of them it already has, which take no room (D15)", num(a.Credited))
		}
		add("hand-over-customers",
			fmt.Sprintf("%s，把 %s 个客户交给 %s：%d 次调用，每次最多 %d 个（D13）%s。", how, num(a.Customers), a.Receiver, calls, per, credit),
			fmt.Sprintf("Hand %s customers to %s %s: %d call(s) of at most %d (D13)%s.", num(a.Customers), a.Receiver, howEN, calls, per, creditEN))
	}
	if l.GroupReceiver != "" {
		perDay := max(1, p.Limits.GroupsPerOwnerPerDay)
		days := (l.Groups + perDay - 1) / perDay
		add("hand-over-groups",
			fmt.Sprintf("把 %s 个客户群交给 %s，共 %d 天：每位原群主每天最多 %d 个，每次最多 %d 个（D17）。", num(l.Groups), l.GroupReceiver, days, perDay, p.Limits.GroupsPerCall),
			fmt.Sprintf("Transfer %s groups to %s over %d day(s): at most %d per original owner per day, %d per call (D17).", num(l.Groups), l.GroupReceiver, days, perDay, p.Limits.GroupsPerCall))
	}
	if l.Unplaced > 0 {
		add("unplaceable",
			fmt.Sprintf("%s 个客户即使成员扩容到 %s 也无人可接：需要更多符合条件的接替人（见“无法安置”表）。", num(l.Unplaced), num(p.Limits.MemberCapMax)),
			fmt.Sprintf("%s customers fit nobody even with member expansions to %s: more eligible receivers are needed (see the Unplaceable sheet).", num(l.Unplaced), num(p.Limits.MemberCapMax)))
	}
	if l.GroupsUnplaced > 0 {
		add("unplaceable",
			fmt.Sprintf("%s 个客户群没有符合条件的接替人（D17）。", num(l.GroupsUnplaced)),
			fmt.Sprintf("%s groups have no eligible receiver (D17).", num(l.GroupsUnplaced)))
	}
	// 4–5. The transfer only starts the process (D13, D14).
	if handed {
		add("wait-24h",
			"等待 24 小时：客户在 24 小时后自动转接，除非客户拒绝（D13）。",
			"Wait 24 hours: customers move after 24 hours unless they decline (D13).")
		add("check-outcome",
			"查看每个客户的转接结果：1 完成，2 等待中，3 客户拒绝，4 接替人已达上限（D14）；拒绝和失败的重新安排。",
			"Check each customer's outcome: 1 done, 2 waiting, 3 declined by the customer, 4 receiver at its cap (D14); re-plan the declined and failed ones.")
	}
	// 6. Deletion last: whatever is still attached is deleted with it (D2).
	if l.Unplaced > 0 || l.GroupsUnplaced > 0 || l.External > 0 {
		add("delete-account",
			fmt.Sprintf("所有客户、客户群和外部联系人都有着落后，才删除 %s 的账号：剩下的会随账号一起被删除（D2）。", l.UserID),
			fmt.Sprintf("Delete %s's account only once every customer, group and external contact is placed: whatever is left is deleted with it (D2).", l.UserID))
	} else {
		add("delete-account",
			fmt.Sprintf("确认转接结果之后，才删除 %s 的账号。", l.UserID),
			fmt.Sprintf("Only then delete %s's account.", l.UserID))
	}
	return out
}

func eligibility(x *Expansion, minDAU int, lang string) string {
	zh, en := reasons(x.Reasons)
	switch {
	case x.Eligible == nil:
		return pick(lang, "能否扩容未知："+zh+"。", "Eligibility unknown: "+en+".")
	case *x.Eligible:
		return pick(lang, "符合扩容条件。", "The enterprise is eligible.")
	}
	return pick(lang, "目前不符合扩容条件："+zh+"（需已认证且每日使用人数超过 "+num(minDAU)+"，D9）。",
		"Not eligible now: "+en+" (needs a verified enterprise with more than "+num(minDAU)+" daily active users, D9).")
}

func reasons(rs []rules.Text) (zh, en string) {
	z := make([]string, len(rs))
	e := make([]string, len(rs))
	for i, r := range rs {
		z[i], e[i] = r.ZH, r.EN
	}
	return strings.Join(z, "；"), strings.Join(e, "; ")
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// num formats a count with thousands separators, as WeCom's console does.
func num(n int) string { return audit.Thousands(n) }

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }
