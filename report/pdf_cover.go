package report

import (
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// owner is who does an action: HR, the WeCom admin or the receiver.
type owner int8

const (
	ownerHR owner = iota
	ownerAdmin
	ownerReceiver
)

func (o owner) label(lang string) string {
	return [...]rules.Text{
		{ZH: "HR", EN: "HR"},
		{ZH: "管理员", EN: "Admin"},
		{ZH: "接替人", EN: "Receiver"},
	}[o].In(lang)
}

// action is one thing to do for a leaver before the account goes.
type action struct {
	text  rules.Text
	owner owner
}

// actions maps the rule a check failed to the short action a cover names and
// who does it; the full remediation is in the findings.
var actions = map[string]action{
	"external-contacts-lost":     {rules.Text{ZH: "删除账号前加入客户联系使用范围，再办理离职继承", EN: "add to the customer-contact scope before deletion, then hand over"}, ownerAdmin},
	"departing-outside-scope":    {rules.Text{ZH: "在后台核对外部联系人，加入使用范围后再交接", EN: "check the external contacts in the console; add to the scope, then hand over"}, ownerAdmin},
	"scope-unknown":              {rules.Text{ZH: "核实是否在客户联系使用范围内", EN: "confirm whether the member is in the customer-contact scope"}, ownerAdmin},
	"no-receiver":                {rules.Text{ZH: "在离职交接表中指定接替人", EN: "name a receiver in the handover sheet"}, ownerHR},
	"receiver-unknown":           {rules.Text{ZH: "改为通讯录中的接替人", EN: "name a receiver who is in the roster"}, ownerHR},
	"receiver-ineligible":        {rules.Text{ZH: "更换符合条件的接替人", EN: "choose an eligible receiver"}, ownerHR},
	"receiver-over-cap":          {rules.Text{ZH: "申请成员扩容，或把客户分给其他接替人", EN: "request a member expansion, or split the customers"}, ownerReceiver},
	"receiver-near-cap":          {rules.Text{ZH: "接替人接近上限：考虑申请扩容或分流", EN: "receiver near cap: consider an expansion or a split"}, ownerReceiver},
	"handover-expired":           {rules.Text{ZH: "已过交接期限：客户无法转接，记录损失", EN: "past the limit: customers cannot move; record the loss"}, ownerHR},
	"handover-deadline-near":     {rules.Text{ZH: "在交接截止日前完成离职继承", EN: "finish the handover before the limit date"}, ownerAdmin},
	"handover-login-stale":       {rules.Text{ZH: "离职前让该成员登录一次，或改用在职继承", EN: "have the member log in once before leaving, or use the on-job transfer"}, ownerHR},
	"groups-need-transfer":       {rules.Text{ZH: "为客户群指定新群主", EN: "give the customer groups a new owner"}, ownerAdmin},
	"missing-departure-date":     {rules.Text{ZH: "补充离职日期", EN: "add the departure date"}, ownerHR},
	"enterprise-cap-full":        {rules.Text{ZH: "申请企业扩容", EN: "apply for an enterprise expansion"}, ownerAdmin},
	"enterprise-cap-near":        {rules.Text{ZH: "尽早申请企业扩容", EN: "apply for an enterprise expansion early"}, ownerAdmin},
	"conversion-needs-expansion": {rules.Text{ZH: "先申请企业扩容，再加入使用范围", EN: "apply for an enterprise expansion before adding to the scope"}, ownerAdmin},
	"member-cap-full":            {rules.Text{ZH: "申请成员扩容", EN: "request a member expansion"}, ownerReceiver},
}

// leaverActions is what must be done for a leaver: one action per failed
// or unknown check, most severe first, each once.
func (d *pdfDoc) leaverActions(l *audit.Leaver) (texts []string, owners []string) {
	cs := append([]audit.Check(nil), l.Checks...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Severity > cs[j].Severity })
	seenText, seenOwner := map[string]bool{}, map[owner]bool{}
	var os []owner
	for _, c := range cs {
		if c.State == audit.Pass {
			continue
		}
		a, ok := actions[c.Rule]
		if !ok {
			a = action{c.Title, ownerAdmin}
		}
		t := a.text.In(d.lang)
		if c.State == audit.CheckUnknown {
			// An unknown check asks for the missing fact first.
			a = action{rules.Text{ZH: "核实：" + c.Title.ZH, EN: "find out: " + strings.ToLower(c.Title.EN[:min(1, len(c.Title.EN))]) + c.Title.EN[min(1, len(c.Title.EN)):]}, ownerHR}
			t = a.text.In(d.lang)
		}
		if t == "" || seenText[t] {
			continue
		}
		seenText[t] = true
		texts = append(texts, t)
		if !seenOwner[a.owner] {
			seenOwner[a.owner] = true
			os = append(os, a.owner)
		}
	}
	sort.Slice(os, func(i, j int) bool { return os[i] < os[j] })
	for _, o := range os {
		owners = append(owners, o.label(d.lang))
	}
	return texts, owners
}

// stake is what a leaver's account holds: customers, external contacts and
// groups, "未知 / unknown" where the inputs cannot tell.
func (d *pdfDoc) stake(l *audit.Leaver) string {
	ext := fmtInt(l.External)
	if l.ExternalUnknown {
		ext = d.l("unknown")
	}
	groups := fmtInt(l.Groups)
	if l.GroupsUnknown {
		groups = d.l("unknown")
	}
	return d.l("customers") + " " + fmtInt(l.Customers) + "\n" + d.l("external") + " " + ext + "\n" + d.l("groups") + " " + groups
}

// actionTable is the cover's table: one row per leaver who needs something
// done, soonest "do not delete before" first (unknown dates last).
func (d *pdfDoc) actionTable() {
	res := d.res
	d.capacityCover() // capacity_pdf.go
	w := d.contentW()
	var ls []*audit.Leaver
	for i := range res.Departing {
		l := &res.Departing[i]
		if l.Handover != audit.HandoverReady {
			ls = append(ls, l)
		}
	}
	title := d.lf("pdf_actions", "n", Count(d.lang, len(ls), "名", "leaver", "leavers"))
	if len(ls) == 0 {
		d.h2(d.l("pdf_actions_none"), colOK, 6, true)
		return
	}
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i].ActBy, ls[j].ActBy
		switch {
		case a.IsZero() != b.IsZero():
			return !a.IsZero()
		case !a.Equal(b):
			return a.Before(b)
		}
		return false
	})
	t := d.table(7.5,
		pdfCol{head: d.l("member"), w: w * 0.17, align: "L"},
		pdfCol{head: d.l("pdf_do_not_delete"), w: w * 0.14, align: "L"},
		pdfCol{head: d.l("pdf_at_stake"), w: w * 0.17, align: "L"},
		pdfCol{head: d.l("pdf_action"), w: w * 0.42, align: "L"},
		pdfCol{head: d.l("pdf_owner"), w: w * 0.1, align: "L"},
	)
	var rows [][]pdfCell
	for _, l := range ls {
		who := l.UserID
		if l.Name != "" {
			who = l.Name + "\n" + l.UserID
		}
		act := dash(ActByLabel(l, d.lang))
		texts, owners := d.leaverActions(l)
		for i := range texts {
			texts[i] = "• " + texts[i]
		}
		st := HandoverLabel(l.Handover, d.lang)
		c := colMuted
		if l.Handover == audit.HandoverBlocked {
			c = severityColor(rules.Critical)
		}
		rows = append(rows, []pdfCell{{text: who, bold: true}, {text: act, color: &c}, plain(d.stake(l)),
			plain(st + d.colon() + "\n" + strings.Join(texts, "\n")), plain(strings.Join(owners, "\n"))})
	}
	d.titled(title, colText, true, t, rows)
}
