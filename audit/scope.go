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
	whyNoKinds = rules.Text{
		ZH: "联系人导出只列出客户（没有“联系人类型”列），而该成员不在或未确认在客户联系使用范围内：其外部联系人在导出中看不到，数量未知。请提供带“联系人类型”列的联系人导出，或在企业微信后台核对。",
		EN: "The contact export lists customers only (no 联系人类型 / kind column) and the member is outside the customer-contact scope or not known to be in it: their plain external contacts cannot be seen, so their number is unknown. Add a contact export with a kind column, or check them in the WeCom admin console.",
	}
	whyNoScope = rules.Text{
		ZH: "该成员是否在客户联系使用范围内未知。请在通讯录中补充“客户联系”列。",
		EN: "Whether the member is in the customer-contact scope is unknown. Add a 客户联系 (customer_contact) column to the roster.",
	}
	whyNoDate = rules.Text{
		ZH: "没有离职日期，无法计算交接截止日。请在通讯录中补充“离职日期”列，或提供离职交接表（--plan）。",
		EN: "No departure date, so the handover limit date cannot be computed. Add a 离职日期 (departure_date) column to the roster or a handover sheet (--plan).",
	}
	whyNoLogin = rules.Text{
		ZH: "没有该成员的最近登录时间，无法判断企业微信是否会因离职前一年内未登录而拒绝交接。请在通讯录中补充“最近登录时间”列。",
		EN: "The member's last login is unknown, so nobody can tell whether WeCom will refuse the transfer for no login in the year before leaving. Add a 最近登录时间 (last_login) column to the roster.",
	}
	whyNoGroups = rules.Text{
		ZH: "没有提供客户群导出，无法知道该成员是否是客户群群主。请提供客户群导出（--groups）。",
		EN: "No customer-groups export was given, so nobody can tell whether the member owns customer groups. Add the groups export (--groups).",
	}
	whyOutsideUnlisted = rules.Text{
		ZH: "该成员不在（或不确定是否在）客户联系使用范围内，导出中没有其任何联系人：其外部联系人有多少无从得知。请在管理后台确认其使用范围；若不在范围内，先加入范围再重新导出。",
		EN: "The member is outside the customer-contact scope (or not known to be in it) and no export lists any contact of theirs, so how many plain external contacts they hold is unknown. Check their scope in the admin console; if they are outside it, add them and export again.",
	}
	holdsNothing = rules.Text{
		ZH: "不适用：该成员没有客户或客户群需要交接。",
		EN: "Does not apply: the member holds no customers or groups to hand over.",
	}
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
		e.passBecause(l, "groups-need-transfer", rules.Text{
			ZH: "不适用：已过交接截止日，客户群无法再转交（见“离职超过一年”一项）。",
			EN: "Does not apply: past the limit date, the groups can no longer move (see handover-expired).",
		})
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
