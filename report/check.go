package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/rules"
)

// MemberCheck is one person's pre-offboarding check (auditor check): the
// facts, every check that concerns the person, and the next steps.
type MemberCheck struct {
	Leaver       audit.Leaver
	Receivers    []audit.Receiver // load against cap of its receivers
	Enterprise   []audit.Finding  // enterprise-level blockers
	Findings     []audit.Finding  // every finding about this person or its receivers
	Steps        []rules.Text
	Hypothetical bool // an active member checked as if leaving today
	// Capacity is the run's capacity forecast (capacity_check.go).
	Capacity *capacity.Report
}

// NewMemberCheck picks the person's part out of a finished audit.
func NewMemberCheck(res *audit.Result, userid string, hypothetical bool) (*MemberCheck, error) {
	k := audit.Key(userid)
	mc := &MemberCheck{Hypothetical: hypothetical}
	found := false
	for _, l := range res.Departing {
		if audit.Key(l.UserID) == k {
			mc.Leaver, found = l, true
		}
	}
	if !found {
		return nil, fmt.Errorf("member %s is not among the audited leavers (outside --period?)", userid)
	}
	recv := map[string]bool{}
	for _, a := range mc.Leaver.Receivers {
		recv[audit.Key(a.UserID)] = true
	}
	for _, r := range res.Receivers {
		if recv[audit.Key(r.UserID)] {
			mc.Receivers = append(mc.Receivers, r)
		}
	}
	checked := map[string]bool{}
	for _, c := range mc.Leaver.Checks {
		checked[c.Rule] = true
	}
	for _, f := range res.Findings {
		switch {
		case f.Member == "":
			mc.Findings = append(mc.Findings, f)
			// The leaver's own checks already show the enterprise rules
			// that concern it; list the others once.
			if !checked[f.Rule] {
				mc.Enterprise = append(mc.Enterprise, f)
			}
		case audit.Key(f.Member) == k:
			mc.Findings = append(mc.Findings, f)
		case (f.Rule == "receiver-over-cap" || f.Rule == "receiver-near-cap") && recv[audit.Key(f.Member)]:
			mc.Findings = append(mc.Findings, f)
		}
	}
	mc.Steps = nextSteps(res, mc)
	mc.Capacity = res.Capacity
	return mc, nil
}

// Worst is the most severe finding concerning the person, for --fail-on.
func (mc *MemberCheck) Worst() rules.Severity {
	w := rules.SeverityInvalid
	for _, f := range mc.Findings {
		w = max(w, f.Severity)
	}
	return w
}

// nextSteps are the offboarding steps in the order WeCom requires them:
// scope before deletion (D2), expansions before handover (D8, D6), the
// 24-hour wait (D13), and deletion last.
func nextSteps(res *audit.Result, mc *MemberCheck) []rules.Text {
	l := mc.Leaver
	var s []rules.Text
	add := func(zh, en string) { s = append(s, rules.Text{ZH: zh, EN: en}) }
	if l.Expired {
		add("交接期限已过：记录损失，通知业务负责人；之后可删除账号。", "The handover window has passed: record the loss and inform the business owner; then the account may be deleted.")
		return s
	}
	if l.LoginStale {
		// WeCom refuses the resigned-member transfer (D12); only an on-job
		// transfer before deletion, or a login before leaving, helps (D16).
		add("离职前一年内未登录，企业微信会拒绝离职继承：若成员尚未离开，请其登录一次；否则在删除账号前改用在职继承。",
			"No login in the year before leaving, so WeCom refuses the resigned-member transfer: if the member has not left, have them log in once; otherwise use the on-job transfer before deleting the account.")
		add("都不可行时记录损失并通知业务负责人；之后才删除账号。", "If neither is possible, record the loss and inform the business owner; only then delete the account.")
		return s
	}
	if l.InScope != audit.Yes {
		add("把成员加入客户联系使用范围，使外部联系人转为客户。", "Add the member to the customer-contact scope so that their external contacts become customers.")
	}
	if res.Enterprise.ExpansionsNeeded > 0 {
		add(fmt.Sprintf("申请企业扩容 %d 次（每次 +50,000）。", res.Enterprise.ExpansionsNeeded),
			fmt.Sprintf("Request %d enterprise expansion(s) (+50,000 each).", res.Enterprise.ExpansionsNeeded))
	}
	for _, r := range mc.Receivers {
		if r.OverBy > 0 {
			add(fmt.Sprintf("接替人 %s 申请成员扩容，或拆分给多名接替人（超出 %d）。", r.UserID, r.OverBy),
				fmt.Sprintf("Receiver %s requests a member expansion, or split the book (over by %d).", r.UserID, r.OverBy))
		}
	}
	if len(l.Receivers) == 0 && (l.Customers > 0 || l.Groups > 0 || l.External > 0) {
		add("在离职交接表中指定符合条件的接替人。", "Name an eligible receiver in the handover sheet.")
	}
	add("在管理后台“离职继承”中分配客户和客户群（每次最多 100 个）。", "Hand over customers and groups in the admin console's resigned-member handover (at most 100 per call).")
	add("等待 24 小时：客户未拒绝才会转移。", "Wait 24 hours: customers move unless they decline.")
	add("核对交接结果（接替成员客户达到上限的会失败）。", "Check the outcome (transfers to a receiver at their cap fail).")
	add("全部完成后再删除账号。", "Only then delete the account.")
	return s
}

// CheckText prints the check for a terminal; colour and ✓/✗ only when asked
// (stdout is a terminal), plain text otherwise.
func CheckText(w io.Writer, mc *MemberCheck, lang string, color bool) error {
	l := mc.Leaver
	ok, fail := "[ok]  ", "[FAIL]"
	paint := func(code, s string) string { return s }
	if color {
		ok, fail = "✓", "✗"
		paint = func(code, s string) string { return "\033[" + code + "m" + s + "\033[0m" }
	}
	name := l.Name
	if name == "" {
		name = l.UserID
	}
	fmt.Fprintf(w, "%s (%s) · %s · %s\n", paint("1", name), l.UserID, orDash(l.Department), StatusLabel(l.Status, lang))
	if mc.Hypothetical {
		fmt.Fprintln(w, Lf(lang, "如果今天离职：", "If this member left today:"))
	}
	limit := "—"
	if !l.LimitDate.IsZero() {
		limit = fmt.Sprintf("%s (%d %s)", l.LimitDate, l.DaysToLimit, Lf(lang, "天", "days"))
	}
	fmt.Fprintf(w, "%s: %s · %s: %s\n", L("departure_date", lang), orDash(l.DepartureDate.String()), L("limit_date", lang), limit)
	fmt.Fprintf(w, "%s: %s · %s: %d · %s: %s · %s: %s\n", L("in_scope", lang), TriLabel(l.InScope, lang),
		L("customers", lang), l.Customers, L("external", lang), ExternalLabel(&l, lang), L("groups", lang), GroupsLabel(&l, lang))
	fmt.Fprintf(w, "%s: %s · %s: %s\n", L("handover", lang), HandoverLabel(l.Handover, lang), L("act_by", lang), ActByLabel(&l, lang))
	if len(l.Receivers) == 0 {
		fmt.Fprintf(w, "%s: %s\n", L("receivers", lang), L("none", lang))
	}
	for _, a := range l.Receivers {
		line := fmt.Sprintf("%s: %s ← %d", L("receiver", lang), a.UserID, a.Customers)
		for _, r := range mc.Receivers {
			if audit.Key(r.UserID) == audit.Key(a.UserID) {
				line += fmt.Sprintf(" · %s %d / %s %d", L("load", lang), r.Load, L("cap", lang), r.Cap)
				if r.OverBy > 0 {
					line += " " + paint("31", fmt.Sprintf("(%s %d)", L("over_by", lang), r.OverBy))
				}
			}
		}
		if !a.Known {
			line += " " + paint("31", Lf(lang, "（不在通讯录中）", "(not in the roster)"))
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\n%s\n", Lf(lang, "检查：", "Checks:"))
	for _, c := range l.Checks {
		mark := paint("32", ok)
		switch c.State {
		case audit.Fail:
			mark = paint("31", fail)
		case audit.CheckUnknown:
			mark = paint("33", "?")
		}
		fmt.Fprintf(w, "  %s %-28s %s (%s)\n", mark, c.Rule, c.Reason.In(lang), strings.Join(c.Source, ", "))
	}
	for _, f := range mc.Enterprise {
		fmt.Fprintf(w, "  %s %-28s %s (%s)\n", paint("31", fail), f.Rule, f.Message.In(lang), strings.Join(f.Source, ", "))
	}
	capacityCheckText(w, mc, lang)
	fmt.Fprintf(w, "\n%s\n", Lf(lang, "下一步：", "Next steps:"))
	for i, s := range mc.Steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s.In(lang))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Lf picks the zh or en form of a one-off phrase.
func Lf(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// CheckJSON writes the same facts with stable keys for scripts.
func CheckJSON(w io.Writer, mc *MemberCheck, lang string) error {
	l := mc.Leaver
	type check struct {
		Rule     string   `json:"rule"`
		Passed   bool     `json:"passed"`
		State    string   `json:"state"` // pass, fail or unknown; passed is state == "pass"
		Severity string   `json:"severity"`
		Reason   string   `json:"reason"`
		Source   []string `json:"source"`
	}
	type recv struct {
		UserID    string `json:"userid"`
		Customers int    `json:"customers"`
		Known     bool   `json:"in_roster"`
		Load      int    `json:"load"`
		Cap       int    `json:"cap"`
		OverBy    int    `json:"over_by"`
	}
	doc := struct {
		Schema        string   `json:"schema"`
		UserID        string   `json:"userid"`
		Name          string   `json:"name"`
		Department    string   `json:"department"`
		Status        string   `json:"status"`
		Hypothetical  bool     `json:"hypothetical"`
		DepartureDate string   `json:"departure_date"`
		LimitDate     string   `json:"limit_date"`
		DaysToLimit   *int     `json:"days_to_limit"`
		InScope       *bool    `json:"in_scope"`
		Customers     int      `json:"customers"`
		External      *int     `json:"external_contacts"` // null: unknown
		Groups        *int     `json:"groups"`            // null: no groups export
		Transferable  bool     `json:"transferable"`
		Handover      string   `json:"handover"`
		ActBy         *string  `json:"act_by"`
		ActByFor      *string  `json:"act_by_for"`
		Receivers     []recv   `json:"receivers"`
		Checks        []check  `json:"checks"`
		Steps         []string `json:"next_steps"`
		Capacity      any      `json:"capacity"`
	}{
		Schema: "auditor/check/v1", UserID: l.UserID, Name: l.Name, Department: l.Department, Status: l.Status.String(),
		Hypothetical: mc.Hypothetical, DepartureDate: l.DepartureDate.String(), LimitDate: l.LimitDate.String(),
		InScope: l.InScope.Bool(), Customers: l.Customers,
		Transferable: l.Transferable, Handover: l.Handover.String(), Receivers: []recv{}, Checks: []check{}, Steps: []string{},
	}
	if !l.ExternalUnknown {
		doc.External = intp(l.External)
	}
	if !l.GroupsUnknown {
		doc.Groups = intp(l.Groups)
	}
	if !l.ActBy.IsZero() {
		date, why := l.ActBy.String(), "handover"
		if l.ActByDeletion {
			why = "deletion"
		}
		doc.ActBy, doc.ActByFor = &date, &why
	}
	if !l.LimitDate.IsZero() {
		d := l.DaysToLimit
		doc.DaysToLimit = &d
	}
	for _, a := range l.Receivers {
		r := recv{UserID: a.UserID, Customers: a.Customers, Known: a.Known}
		for _, x := range mc.Receivers {
			if audit.Key(x.UserID) == audit.Key(a.UserID) {
				r.Load, r.Cap, r.OverBy = x.Load, x.Cap, x.OverBy
			}
		}
		doc.Receivers = append(doc.Receivers, r)
	}
	for _, c := range l.Checks {
		doc.Checks = append(doc.Checks, check{c.Rule, c.State == audit.Pass, c.State.String(), c.Severity.String(), c.Reason.In(lang), c.Source})
	}
	for _, f := range mc.Enterprise {
		doc.Checks = append(doc.Checks, check{f.Rule, false, audit.Fail.String(), f.Severity.String(), f.Message.In(lang), f.Source})
	}
	for _, s := range mc.Steps {
		doc.Steps = append(doc.Steps, s.In(lang))
	}
	doc.Capacity = checkCapacityJSON(mc, lang)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
