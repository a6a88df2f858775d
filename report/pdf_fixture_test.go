package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// pdfFixture is a hand-built audit result that exercises every part of the
// PDF: rare-character names, wm… userids, receivers over and near their cap
// and one not in the roster, findings of every severity, a leaver with more
// than 30 contacts at risk, an expired leaver, long messages that must wrap
// and more data problems than the PDF lists.
func pdfFixture() *audit.Result {
	set := rules.Default()
	asOf := audit.NewDate(2026, time.November, 30)
	dau := 120
	eligible := true

	find := func(id, member, name, receiver string, count int, params map[string]string) audit.Finding {
		r, ok := set.Rule(id)
		if !ok {
			panic("fixture: no rule " + id)
		}
		p := map[string]string{"member": member, "name": name, "receiver": receiver, "count": fmtInt(count),
			"cap": "5,000", "customers": "0", "incoming": "0", "load": "0", "days": "0", "external": "0",
			"groups": "0", "limit_date": "", "reasons": "", "k": "0", "value": ""}
		for k, v := range params {
			p[k] = v
		}
		render := func(t rules.Text) rules.Text {
			return rules.Text{ZH: rules.Render(t.In("zh"), p), EN: rules.Render(t.In("en"), p)}
		}
		return audit.Finding{Rule: id, Severity: r.Severity, Member: member, Receiver: receiver, Count: count,
			Title: r.Title, Message: render(r.Message), Remediation: render(r.Remediation), Source: r.Source}
	}
	check := func(id string, passed bool, zh, en string) audit.Check {
		r, _ := set.Rule(id)
		state := audit.Fail
		if passed {
			state = audit.Pass
		}
		return audit.NewCheck(&r, state, rules.Text{ZH: zh, EN: en})
	}

	// A reason long enough to wrap over several lines of its cell.
	longReasonZH := "接替人赵昇现有 4,870 个客户，本次从李喆接收 2,000 个、从张玥接收 290 个，交接后为 7,160 个，超出其成员上限 5,000 共 2,160 个。企业微信在接替人达到上限时拒绝转移（转移结果 4：接替成员客户达到上限），超出部分会留在李喆名下。"
	longReasonEN := "Receiver zhaosheng holds 4,870 customers and would receive 2,000 from lizhe and 290 from zhangyue in this run: 7,160 in all, 2,160 over its member cap of 5,000. WeCom refuses transfers once the receiver is at its cap (transfer status 4: receiver reached its customer cap), so the overflow stays with lizhe."

	res := &audit.Result{
		AsOf:           asOf,
		ToolVersion:    "0.9.0-test",
		RulesVersion:   set.Version,
		Company:        "示例科技有限公司",
		ChineseHeaders: true,
		Rules:          set,
		Inputs: []audit.InputFile{
			{Role: "roster", Path: "inputs/通讯录-2026-11.xlsx", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Rows: 1200},
			{Role: "contacts", Path: "inputs/客户列表-1.xlsx", SHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", Rows: 1048575},
			{Role: "contacts", Path: "inputs/customer-list-part-2-with-a-rather-long-file-name-from-the-export.csv", SHA256: "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13", Rows: 312450},
			{Role: "plan", Path: "inputs/离职交接表.xlsx", SHA256: "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3", Rows: 6},
		},
		Enterprise: audit.Enterprise{
			Verified: true, DailyActiveUsers: &dau, Cap: 100000, Customers: 93120, Headroom: 6880,
			ExternalAtRisk: 357, ExpansionsNeeded: 0, ExpansionEligible: &eligible, CapAfterExpansions: 100000,
		},
		Assumed: []string{
			"activated: no such column in 通讯录-2026-11.xlsx, every member assumed activated",
			"real_name: no such column in 通讯录-2026-11.xlsx, every member assumed real-name verified",
		},
		Departing: []audit.Leaver{
			{
				UserID: "wmXyZ123", Name: "王堃", Department: "销售一部/华东大区；渠道管理部", Status: audit.Departing,
				DepartureDate: audit.NewDate(2026, time.December, 5), LimitDate: audit.NewDate(2027, time.December, 5), DaysToLimit: 370,
				InScope: audit.No, External: 312, Transferable: true,
				Checks: []audit.Check{
					check("external-contacts-lost", false, "不在客户联系使用范围内，持有 312 个外部联系人，删除账号时会一并删除。", "Outside the customer-contact scope with 312 plain external contacts, deleted with the account."),
					check("scope-unknown", true, "通讯录“客户联系”列为“否”。", "The roster's customer_contact column says no."),
					check("missing-departure-date", true, "离职日期 2026-12-05。", "Departure date 2026-12-05."),
					check("handover-expired", true, "距交接截止日还有 370 天。", "370 days to the limit date."),
					check("no-receiver", true, "没有客户需要交接。", "No customers to hand over."),
				},
			},
			{
				UserID: "lizhe", Name: "李喆", Department: "客户成功部", Status: audit.Departed,
				DepartureDate: audit.NewDate(2026, time.January, 10), LimitDate: audit.NewDate(2027, time.January, 10), DaysToLimit: 41,
				InScope: audit.Yes, Customers: 4210, Groups: 12, Transferable: true,
				Receivers: []audit.Allocation{{UserID: "zhaosheng", Customers: 2000, Known: true}, {UserID: "wmRecv02", Customers: 2210, Known: true}},
				Checks: []audit.Check{
					check("external-contacts-lost", true, "在客户联系使用范围内，没有外部联系人。", "In scope; no plain external contacts."),
					check("handover-expired", true, "距交接截止日还有 41 天。", "41 days to the limit date."),
					check("handover-login-stale", true, "离职前一年内有登录。", "Logged in within the year before leaving."),
					check("receiver-over-cap", false, longReasonZH, longReasonEN),
					check("receiver-near-cap", false, "接替人孙犇交接后为 7,310，达到其上限 8,000 的 91%。", "Receiver wmRecv02 would hold 7,310, 91% of its cap of 8,000."),
					check("groups-need-transfer", false, "持有 12 个客户群，按每天 300 个的上限需 1 天。", "Owns 12 groups; at 300 a day that takes 1 day."),
				},
			},
			{
				UserID: "zhangyue", Name: "张玥", Department: "市场部", Status: audit.Departing,
				DepartureDate: audit.NewDate(2026, time.December, 20), LimitDate: audit.NewDate(2027, time.December, 20), DaysToLimit: 385,
				InScope: audit.Yes, Customers: 290, Groups: 450, Transferable: true,
				Receivers: []audit.Allocation{{UserID: "zhaosheng", Customers: 290, Known: true}},
				Checks: []audit.Check{
					check("receiver-over-cap", false, "接替人赵昇交接后为 7,160，超出上限 5,000。", "Receiver zhaosheng would hold 7,160, over its cap of 5,000."),
					check("groups-need-transfer", false, "持有 450 个客户群，按每天 300 个的上限需 2 天。", "Owns 450 groups; at 300 a day that takes 2 days."),
				},
			},
			{
				UserID: "wangfang", Name: "王芳", Department: "华南销售部", Status: audit.Departed,
				DepartureDate: audit.NewDate(2025, time.October, 1), LimitDate: audit.NewDate(2026, time.October, 1), DaysToLimit: -60,
				InScope: audit.Yes, Customers: 120, Expired: true,
				Checks: []audit.Check{
					check("handover-expired", false, "离职已超过 365 天（截止日 2026-10-01），客户无法再转移。", "Left more than 365 days ago (limit 2026-10-01); customers can no longer be transferred."),
				},
			},
			{
				UserID: "chenyi", Name: "陈燚", Status: audit.Departing, InScope: audit.Unknown, Transferable: true,
				Receivers: []audit.Allocation{{UserID: "ghost.user", Customers: 0, Known: false}},
				Checks: []audit.Check{
					check("missing-departure-date", false, "离职交接表和通讯录都没有可读的离职日期。", "Neither the handover sheet nor the roster has a readable departure date."),
					check("scope-unknown", false, "没有客户联系范围的值，也没有联系人记录。", "No scope value and no contact rows."),
					check("receiver-unknown", false, "接替人 ghost.user 不在通讯录中。", "Receiver ghost.user is not in the roster."),
				},
			},
		},
		Receivers: []audit.Receiver{
			{UserID: "zhaosheng", Name: "赵昇", Cap: 5000, Customers: 4870, Incoming: 2290, Load: 7160, OverBy: 2160, Eligible: true, From: []string{"lizhe", "zhangyue"}},
			{UserID: "wmRecv02", Name: "孙犇", Cap: 8000, Customers: 5100, Incoming: 2210, Load: 7310, Eligible: true, From: []string{"lizhe"}},
			{UserID: "liuyang", Name: "刘洋", Cap: 5000, Customers: 900, Incoming: 300, Load: 1200, Eligible: false,
				Reasons: []rules.Text{{ZH: "未实名认证", EN: "not real-name verified"}, {ZH: "超过 365 天未登录", EN: "no login in 365 days"}}},
		},
		Findings: []audit.Finding{
			find("external-contacts-lost", "wmXyZ123", "王堃", "", 312, nil),
			find("handover-expired", "wangfang", "王芳", "", 120, map[string]string{"limit_date": "2026-10-01", "customers": "120", "days": "60"}),
			find("missing-departure-date", "chenyi", "陈燚", "", 0, nil),
			find("receiver-over-cap", "zhaosheng", "赵昇", "", 2160, map[string]string{"load": "7,160", "cap": "5,000", "customers": "4,870", "incoming": "2,290"}),
			find("receiver-unknown", "chenyi", "陈燚", "ghost.user", 0, nil),
			find("scope-unknown", "chenyi", "陈燚", "", 0, nil),
			find("enterprise-cap-near", "", "", "", 93120, map[string]string{"cap": "100,000"}),
			find("groups-need-transfer", "zhangyue", "张玥", "", 450, map[string]string{"groups": "450", "days": "2"}),
			find("receiver-near-cap", "wmRecv02", "孙犇", "", 7310, map[string]string{"load": "7,310", "cap": "8,000", "customers": "5,100", "incoming": "2,210"}),
			find("duplicate-contact", "wmXyZ123", "王堃", "", 3, nil),
			find("member-cap-full", "zhaosheng", "赵昇", "", 4870, map[string]string{"cap": "5,000", "customers": "4,870"}),
			// A rule a user downgraded to info in --rules.
			find("unknown-owner", "former.staff", "", "", 17, nil),
		},
		Summary: audit.Summary{Critical: 2, High: 4, Medium: 3, Low: 2, Info: 1},
	}
	// The info finding keeps its rule's text but carries the user's severity.
	res.Findings[len(res.Findings)-1].Severity = rules.Info
	// A long message that must wrap over several lines in its cell.
	res.Findings[3].Message.ZH += strings.Repeat("请在交接前为赵昇申请成员扩容（最多 20,000），或把李喆和张玥的客户拆分给多名接替人。", 3)
	res.Findings[3].Message.EN += strings.Repeat(" Apply for a member expansion for zhaosheng (up to 20,000) before the handover, or split the customers of lizhe and zhangyue across several receivers.", 3)

	names := []string{"欧阳娜娜", "John Smith", "=HYPERLINK(\"http://x\")", "上官婉儿", "李雷", "韩梅梅", "Ｆｕｌｌ Ｗｉｄｔｈ", "堃喆玥昇犇燚"}
	for i := 0; i < 45; i++ {
		res.AtRisk = append(res.AtRisk, audit.AtRiskContact{
			Member: "wmXyZ123", MemberName: "王堃", ExternalID: fmt.Sprintf("wmEXT%06dAbCdEf", i+1),
			ContactName: fmt.Sprintf("%s%02d", names[i%len(names)], i+1), Reason: "external-contacts-lost",
			AddedAt: audit.NewDate(2024, time.Month(1+i%12), 1+i%28),
		})
	}
	for i := 0; i < 12; i++ {
		res.AtRisk = append(res.AtRisk, audit.AtRiskContact{
			Member: "WangFang", MemberName: "王芳", ExternalID: fmt.Sprintf("wmCUS%06d", i+1),
			ContactName: fmt.Sprintf("客户%02d", i+1), Customer: true, Reason: "handover-expired",
		})
	}
	for i := 0; i < 60; i++ {
		res.DataProblems = append(res.DataProblems, audit.DataProblem{
			Place: audit.Place{File: "inputs/客户列表-1.xlsx", Sheet: "Sheet1", Row: 18 + i, Column: "添加时间"},
			Problem: rules.Text{EN: fmt.Sprintf("cannot read date %q", fmt.Sprintf("2026-13-%02d", i%31)),
				ZH: fmt.Sprintf("无法识别的日期“2026-13-%02d”", i%31)},
		})
	}
	// The run's verdict as the engine would give it (issue 13).
	states := []audit.HandoverState{audit.HandoverBlocked, audit.HandoverBlocked, audit.HandoverReady, audit.HandoverBlocked, audit.HandoverUnknown}
	for i := range res.Departing {
		res.Departing[i].Handover = states[i]
		if d := res.Departing[i].DepartureDate; !d.IsZero() {
			res.Departing[i].ActBy, res.Departing[i].ActByDeletion = d, i == 0
		}
	}
	res.Verdict = audit.Verdict{Level: audit.VerdictAtRisk, Ready: 1, Blocked: 3, Unknown: 1}
	return res
}

// pdfBigResult is the benchmark's result: many leavers, many receivers and
// 100,000 contacts at risk.
func pdfBigResult(leavers, contacts int) *audit.Result {
	res := pdfFixture()
	base := res.Departing[1]
	res.Departing = res.Departing[:0]
	res.AtRisk = res.AtRisk[:0]
	res.Receivers = res.Receivers[:0]
	for i := 0; i < leavers; i++ {
		l := base
		l.UserID = fmt.Sprintf("leaver%03d", i)
		l.Name = fmt.Sprintf("离职员工%03d", i)
		l.Receivers = []audit.Allocation{{UserID: fmt.Sprintf("recv%03d", i), Customers: 100 + i*37, Known: true}}
		res.Departing = append(res.Departing, l)
		res.Receivers = append(res.Receivers, audit.Receiver{
			UserID: fmt.Sprintf("recv%03d", i), Name: fmt.Sprintf("接替人%03d", i), Cap: 5000 + (i%3)*5000,
			Customers: 3000 + i*61, Incoming: 100 + i*37, Load: 3100 + i*98, OverBy: max(0, 3100+i*98-(5000+(i%3)*5000)), Eligible: true,
		})
	}
	for i := 0; i < contacts; i++ {
		res.AtRisk = append(res.AtRisk, audit.AtRiskContact{
			Member: fmt.Sprintf("leaver%03d", i%leavers), ExternalID: fmt.Sprintf("wmEXT%08d", i),
			ContactName: fmt.Sprintf("联系人%06d", i), Reason: "external-contacts-lost",
		})
	}
	res.Enterprise.ExternalAtRisk = contacts
	return res
}

// pdfEngineResult runs the real audit engine on a small enterprise, so that
// the PDF is also tested on the checks, reasons and findings the engine
// writes (not only on a hand-made result).
func pdfEngineResult() (*audit.Result, error) {
	asOf := audit.NewDate(2026, time.November, 30)
	day := func(s string) audit.Date {
		d, err := audit.ParseISODate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	yes, dau := true, 120
	member := func(id, name, dept string, st audit.Status, left string, scope audit.Tri, cust, ext int, recv string) *audit.Member {
		m := &audit.Member{UserID: id, Name: name, Departments: []string{dept}, Status: st, ScopeRoster: scope,
			Activated: audit.Yes, RealName: audit.Yes, LastLogin: day("2026-11-20"), Customers: cust,
			ExternalContacts: ext, ContactRows: cust+ext > 0, Receiver: recv}
		if left != "" {
			m.DepartureDate = day(left)
		}
		return m
	}
	in := &audit.Inputs{
		HasProfile: true,
		Profile:    audit.Profile{Company: "示例科技有限公司", Verified: &yes, DailyActiveUsers: &dau},
		Members: []*audit.Member{
			member("wmXyZ123", "王堃", "销售部/华东大区", audit.Departing, "2026-12-05", audit.No, 0, 40, ""),
			member("lizhe", "李喆", "客户成功部", audit.Departing, "2026-12-10", audit.Yes, 2900, 0, "zhaosheng"),
			member("zhangyue", "张玥", "市场部", audit.Departed, "2025-11-20", audit.Yes, 300, 0, "zhaosheng"),
			member("zhaosheng", "赵昇", "客户成功部", audit.Active, "", audit.Yes, 4870, 0, ""),
			member("chenyi", "陈燚", "产品部", audit.Departing, "", audit.Unknown, 0, 0, "ghost01"),
		},
		Files:   []audit.InputFile{{Role: "roster", Path: "roster.xlsx", SHA256: strings.Repeat("ab", 32), Rows: 5}},
		Details: map[string][]audit.ContactDetail{},
	}
	for i := 0; i < 40; i++ {
		in.Details["wmxyz123"] = append(in.Details["wmxyz123"], audit.ContactDetail{
			ExternalID: fmt.Sprintf("wmEXT%04d", i), Name: fmt.Sprintf("外部联系人%02d", i), AddedAt: day("2025-03-01")})
	}
	return audit.Run(in, rules.Default(), audit.Config{AsOf: asOf, ToolVersion: "0.9.0-test"})
}
