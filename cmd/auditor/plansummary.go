package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/report"
)

// printPlanSummary says what the plan places and counts, apart, everything
// it cannot: customers nobody can take, handovers WeCom will not make,
// groups without a receiver, plain external contacts, and the enterprise
// expansion it cannot get (issue 13).
func printPlanSummary(w io.Writer, t plan.Tally, lang string) {
	n := audit.Thousands
	zh := fmt.Sprintf("交接方案：%s 名离职成员，分配 %s 个客户", n(t.Leavers), n(t.Placed))
	en := fmt.Sprintf("Handover plan: %s, %s placed", plural(t.Leavers, "leaver", "leavers"), plural(t.Placed, "customer", "customers"))
	if t.AfterExpansion > 0 {
		zh += fmt.Sprintf("（其中 %s 个需先成员扩容）", n(t.AfterExpansion))
		en += fmt.Sprintf(" (%s of them after member expansions)", n(t.AfterExpansion))
	}
	fmt.Fprintln(w, report.Lf(lang, zh+"。", en+"."))

	var zs, es []string
	if t.Short > 0 {
		zs = append(zs, fmt.Sprintf("%s 个客户没有人能接收", n(t.Short)))
		es = append(es, fmt.Sprintf("%s nobody can take", plural(t.Short, "customer", "customers")))
	}
	if t.NotTransferableCustomers+t.NotTransferableGroups > 0 {
		zs = append(zs, fmt.Sprintf("%s 个客户、%s 个客户群已过交接期限或因离职前一年内未登录无法交接", n(t.NotTransferableCustomers), n(t.NotTransferableGroups)))
		es = append(es, fmt.Sprintf("%s and %s past the limit date or refused for no login in the year before leaving",
			plural(t.NotTransferableCustomers, "customer", "customers"), plural(t.NotTransferableGroups, "group", "groups")))
	}
	if t.GroupsUnplaced > 0 {
		zs = append(zs, fmt.Sprintf("%s 个客户群没有接替人", n(t.GroupsUnplaced)))
		es = append(es, fmt.Sprintf("%s with no receiver", plural(t.GroupsUnplaced, "group", "groups")))
	}
	if t.External > 0 || len(t.ExternalUnknownFor) > 0 {
		z := fmt.Sprintf("%s 个外部联系人（须先把成员加入客户联系使用范围）", n(t.External))
		e := fmt.Sprintf("%s (the member must join the customer-contact scope first)", plural(t.External, "plain external contact", "plain external contacts"))
		if k := len(t.ExternalUnknownFor); k > 0 {
			z = fmt.Sprintf("至少 %s 个外部联系人（%d 名离职成员的数量未知；须先把成员加入客户联系使用范围）", n(t.External), k)
			e = fmt.Sprintf("at least %s (unknown for %s; the member must join the customer-contact scope first)",
				plural(t.External, "plain external contact", "plain external contacts"), plural(k, "leaver", "leavers"))
		}
		zs, es = append(zs, z), append(es, e)
	}
	if len(zs) == 0 {
		fmt.Fprintln(w, report.Lf(lang, "未安置：无。", "Not placed: nothing."))
	} else {
		fmt.Fprintln(w, report.Lf(lang, "未安置："+strings.Join(zs, "；")+"。", "Not placed: "+strings.Join(es, "; ")+"."))
	}

	if k := t.EnterpriseExpansions; k > 0 {
		zh := fmt.Sprintf("企业需要扩容 %d 次", k)
		en := fmt.Sprintf("The enterprise needs %s", plural(k, "expansion", "expansions"))
		switch e := t.EnterpriseEligible; {
		case e != nil && !*e:
			zh += "，但不符合扩容条件"
			en += " it is not eligible for"
			if t.EnterpriseAtCap {
				zh += "：在此之前所有交接都无法进行"
				en += ": until then no handover can be made"
			} else {
				zh += "：在此之前外部联系人无法转为客户"
				en += ": until then the external contacts cannot become customers"
			}
		case e == nil:
			zh += "，是否符合扩容条件未知（每日使用人数未知）"
			en += "; whether it is eligible is unknown (daily active users unknown)"
		}
		fmt.Fprintln(w, report.Lf(lang, zh+"。", en+"."))
	}
}
