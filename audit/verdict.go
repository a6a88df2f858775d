package audit

import (
	"fmt"
	"strings"

	"github.com/wecom-audit/auditor/rules"
)

// verdict sums the handovers up leaver by leaver and names what the inputs
// lack that hides a risk the audit exists for (issue 13). Levels, most
// severe first: blocked (nothing can go ahead), incomplete (the inputs
// cannot show a risk), at_risk (some handovers blocked or unknown, or a high
// finding stands), ready.
func (e *engine) verdict() {
	res := e.res
	v := &res.Verdict
	for _, l := range res.Departing {
		switch l.Handover {
		case HandoverReady:
			v.Ready++
		case HandoverBlocked:
			v.Blocked++
		default:
			v.Unknown++
		}
	}

	g := e.in.Gaps
	if g.NoStatusColumn && g.NoPlanFile {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Text{ZH: "离职状态", EN: "who is leaving"},
			Hides: rules.Text{
				ZH: "通讯录没有“状态”列，也没有提供离职交接表：无法识别任何离职成员，没有一项交接被审计",
				EN: "the roster has no status column and no handover sheet was given: no departing member can be identified, so no handover was audited",
			},
			Add: rules.Text{ZH: "在通讯录中补充“状态”和“离职日期”列，或提供离职交接表（--plan）", EN: "add 状态 (status) and 离职日期 (departure date) columns to the roster, or a handover sheet (--plan)"},
		})
	}
	// Members whose roster status cannot be read (a formula without a
	// saved result or an error value, issue 12) and whom no handover sheet
	// names: whether they leave is unknown, so they were not audited.
	var unknownStatus []string
	for _, m := range e.in.Members {
		if m.Status == StatusUnknown {
			unknownStatus = append(unknownStatus, m.UserID)
		}
	}
	if len(unknownStatus) > 0 {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Text{ZH: "在职状态", EN: "status"},
			Hides: rules.Text{
				ZH: fmt.Sprintf("%d 名成员的“状态”单元格无法读取（公式没有保存结果、错误值或无法识别的文字）：是否离职未知，未作审计（%s）", len(unknownStatus), listIDs(unknownStatus)),
				EN: fmt.Sprintf("the status cells of %s cannot be read (formulas without a saved result, error values or words that are not a status): whether they are leaving is unknown, so they were not audited (%s)", plural(len(unknownStatus), "member", "members"), listIDs(unknownStatus)),
			},
			Add: rules.Text{ZH: "在 Excel/WPS 中打开并保存通讯录，或将“状态”列粘贴为数值；写成在职、待离职、已离职或退出企业", EN: "open and save the roster in Excel or WPS, or paste the status column as values; write 在职, 待离职, 已离职 or 退出企业 (active, departing, departed, quit)"},
		})
	}
	if ids := res.Enterprise.ExternalUnknownFor; len(ids) > 0 {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Text{ZH: "联系人类型", EN: "contact kinds"},
			Hides: rules.Text{
				ZH: fmt.Sprintf("联系人导出只列出客户，%d 名不在（或未确认在）客户联系使用范围内的离职成员（%s）的外部联系人看不到：这些联系人会随账号删除而丢失，数量未知", len(ids), listIDs(ids)),
				EN: fmt.Sprintf("the contact export lists customers only, so the plain external contacts of %s outside the customer-contact scope or of unknown scope (%s) cannot be seen: they are lost with the account, and how many is unknown", plural(len(ids), "leaver", "leavers"), listIDs(ids)),
			},
			Add: rules.Text{ZH: "提供带“联系人类型”列的联系人导出", EN: "add a contact export with a 联系人类型 (kind) column"},
		})
	}
	var noLogin []string
	for _, l := range res.Departing {
		for _, c := range l.Checks {
			if c.Rule == "handover-login-stale" && c.State == CheckUnknown && c.Reason.Equal(whyNoLogin) {
				noLogin = append(noLogin, l.UserID)
			}
		}
	}
	if len(noLogin) > 0 {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Text{ZH: "最近登录时间", EN: "last login dates"},
			Hides: rules.Text{
				ZH: fmt.Sprintf("%d 名离职成员（%s）没有最近登录时间：无法判断企业微信是否会因离职前一年内未登录而拒绝交接", len(noLogin), listIDs(noLogin)),
				EN: fmt.Sprintf("%s (%s) %s no last login date: nobody can tell whether WeCom will refuse the transfer for no login in the year before leaving", plural(len(noLogin), "leaver", "leavers"), listIDs(noLogin), map[bool]string{true: "has", false: "have"}[len(noLogin) == 1]),
			},
			Add: rules.Text{ZH: "在通讯录中补充“最近登录时间”列", EN: "add a 最近登录时间 (last login) column to the roster"},
		})
	}
	for _, m := range v.Missing {
		e.assume("incomplete: "+m.Hides.EN+"; to settle it, "+m.Add.EN,
			"审计不完整："+m.Hides.ZH+"；请"+m.Add.ZH)
	}

	high := false
	for _, f := range res.Findings {
		if f.Severity.AtLeast(rules.High) {
			high = true
		}
	}
	n := len(res.Departing)
	switch {
	case res.Enterprise.AtCap || (n > 0 && v.Blocked == n):
		v.Level = VerdictBlocked
	case len(v.Missing) > 0:
		v.Level = VerdictIncomplete
	case v.Blocked > 0 || v.Unknown > 0 || high:
		v.Level = VerdictAtRisk
	default:
		v.Level = VerdictReady
	}
}

// listIDs names up to five userids, then how many more.
func listIDs(ids []string) string {
	if len(ids) <= 5 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, +%d", strings.Join(ids[:5], ", "), len(ids)-5)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%s %s", group(n), many)
}
