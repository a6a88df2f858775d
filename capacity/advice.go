package capacity

import (
	"fmt"
	"time"

	"github.com/wecom-audit/auditor/rules"
)

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// ReachText says when a cap is reached: "2027-01-25 (2027-01-19 to
// 2027-02-02)", or that it is not within two years.
func ReachText(rc Reach) rules.Text {
	switch {
	case rc.Early.IsZero():
		return rules.Text{ZH: "两年内不会达到", EN: "not within two years"}
	case rc.Date.IsZero() || rc.Late.IsZero():
		return rules.Text{ZH: ymd(rc.Early) + " 或更晚（两年内未必达到）", EN: ymd(rc.Early) + " or later (perhaps not within two years)"}
	case rc.Early.Equal(rc.Late):
		return rules.Text{ZH: ymd(rc.Date), EN: ymd(rc.Date)}
	}
	return rules.Text{
		ZH: fmt.Sprintf("%s（%s 至 %s）", ymd(rc.Date), ymd(rc.Early), ymd(rc.Late)),
		EN: fmt.Sprintf("%s (%s to %s)", ymd(rc.Date), ymd(rc.Early), ymd(rc.Late)),
	}
}

// PaceText is the pace with its range, per week.
func PaceText(p Pace) rules.Text {
	return rules.Text{
		ZH: fmt.Sprintf("每周约 %.0f 个（%.0f–%.0f）", p.Weekly, p.Low, p.High),
		EN: fmt.Sprintf("about %.0f a week (%.0f–%.0f)", p.Weekly, p.Low, p.High),
	}
}

// Cover is the cover's lines: the enterprise expansion when it is due
// within the lead time, and the members who must ask for theirs.
func (r *Report) Cover() []rules.Text {
	var out []rules.Text
	if e := r.Enterprise; e.Known && e.Due && len(e.Reaches) > 0 {
		rc := e.Reaches[0]
		by := rules.Text{ZH: ymd(e.ActBy) + " 前", EN: "by " + ymd(e.ActBy)}
		if e.Overdue {
			by = rules.Text{ZH: "立即", EN: "now"}
		}
		out = append(out, rules.Text{
			ZH: fmt.Sprintf("请%s申请企业扩容（需提前 %d 个工作日准备）：按近期增速，企业客户数将于 %s 达到上限 %s。",
				by.ZH, r.LeadDays, ReachText(rc).ZH, group(rc.Cap)),
			EN: fmt.Sprintf("Apply for the enterprise expansion %s (it takes %d working days to prepare): at the recent pace the enterprise reaches its cap of %s customers on %s.",
				by.EN, r.LeadDays, group(rc.Cap), ReachText(rc).EN),
		})
	}
	var due []MemberOutlook
	for _, m := range r.Members {
		if m.Known && m.Due {
			due = append(due, m)
		}
	}
	if len(due) > 0 {
		names := ""
		for i, m := range due {
			if i == 3 {
				names += fmt.Sprintf(" …(+%d)", len(due)-3)
				break
			}
			if i > 0 {
				names += ", "
			}
			names += m.UserID
		}
		n := len(due)
		noun := "members"
		if n == 1 {
			noun = "member"
		}
		out = append(out, rules.Text{
			ZH: fmt.Sprintf("%d 名成员即将达到客户上限，最早应于 %s 前申请成员扩容（接替人优先）：%s。", n, ymd(due[0].ActBy), names),
			EN: fmt.Sprintf("%d %s will soon reach their customer cap and should ask for a member expansion, the first by %s (receivers first): %s.", n, noun, ymd(due[0].ActBy), names),
		})
	}
	return out
}

// Steps is what the expansions take (D9, D23, D6), in order.
func (r *Report) Steps() []rules.Text {
	minDAU, memberMax := r.MinDailyActiveUsers, r.MemberCapMax
	var s []rules.Text
	if r.Eligible == nil || !*r.Eligible {
		s = append(s, rules.Text{
			ZH: fmt.Sprintf("先满足扩容条件：企业已验证或认证，且日活跃成员超过 %d 人（审计无法确认时请在管理后台核实）。", minDAU),
			EN: fmt.Sprintf("First meet the conditions for an expansion: a verified (验证 or 认证) enterprise with more than %d daily active users (check them in the admin console where the audit cannot tell).", minDAU),
		})
	}
	s = append(s,
		rules.Text{
			ZH: "由超级管理员在管理后台申请：我的企业 › 企业信息 › 人数上限 › 申请扩容；每次 +50,000，免费，次数不限。",
			EN: "The super admin applies in the admin console: 我的企业 › 企业信息 › 人数上限 › 申请扩容 (My Enterprise › Enterprise Info › Limit › Apply for expansion); each expansion adds 50,000, free, as many times as needed.",
		},
		rules.Text{
			ZH: "在申请表中下载扩容申请公函，按企业微信模板填写，由代表人亲笔签字（不接受签名章），再上传。",
			EN: "Download the application letter (扩容申请公函) from the form, fill it in from WeCom's template, have the representative sign it by hand (a signature stamp is refused) and upload it.",
		},
		rules.Text{
			ZH: fmt.Sprintf("成员扩容：成员在手机端 工作台 › 客户联系 页底部的提醒中申请，管理员确认卡片；单个成员最多 %s。计划交接的接替人优先：接替人已满时交接会失败。", group(memberMax)),
			EN: fmt.Sprintf("Member expansion: the member asks from the mobile workbench (工作台 › 客户联系, the reminder at the bottom) and the admin confirms the card; a member can have at most %s. Receivers of planned handovers first: a transfer to a receiver at their cap fails.", group(memberMax)),
		},
	)
	return s
}
