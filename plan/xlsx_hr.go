package plan

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/rules"
)

// The plan workbook is read by HR and the WeCom admin, not by the API: a
// cover that says what the plan is and what it cannot do, the steps as they
// are done in the admin console with an owner, a due date and a done
// column, and the 100-per-call batches on a sheet of their own for IT.

var hrLabels = map[string]rules.Text{
	"sheet_cover":   {ZH: "封面", EN: "Cover"},
	"sheet_console": {ZH: "后台操作步骤", EN: "Console steps"},
	"company":       {ZH: "企业", EN: "Company"},
	"as_of":         {ZH: "审计日期", EN: "As of"},
	"version":       {ZH: "工具版本 / 规则集", EN: "Tool version / rule set"},
	"verdict":       {ZH: "结论", EN: "Verdict"},
	"inputs":        {ZH: "输入文件", EN: "Inputs"},
	"cannot_place":  {ZH: "无法安置", EN: "What cannot be placed"},
	"nothing_stuck": {ZH: "无：所有可转接的客户都有接替人。", EN: "Nothing: every transferable customer has a receiver."},
	"sheets_guide": {ZH: "“后台操作步骤”供 HR 和管理员逐项执行并打勾；“客户转接批次”和“客户群转接”供 IT 调用接口（每次最多 100 个）；“交接计划”可作为 --plan 重新审计。",
		EN: "“Console steps” is for HR and the admin to work through and tick; “Transfer batches” and “Group transfers” are for IT calling the API (at most 100 per call); “Handover plan” reads back as --plan for a new audit."},
	"owner":    {ZH: "负责人", EN: "Owner"},
	"due":      {ZH: "截止日期", EN: "Due"},
	"overdue":  {ZH: "逾期", EN: "Overdue"},
	"done":     {ZH: "完成（签名/日期）", EN: "Done (initials, date)"},
	"where":    {ZH: "在哪里操作", EN: "Where"},
	"o_hr":     {ZH: "HR", EN: "HR"},
	"o_admin":  {ZH: "管理员", EN: "Admin"},
	"o_recv":   {ZH: "接替人", EN: "Receiver"},
	"o_it":     {ZH: "IT", EN: "IT"},
	"role":     {ZH: "用途", EN: "Role"},
	"file":     {ZH: "文件", EN: "File"},
	"rows":     {ZH: "行数", EN: "Rows"},
	"r_roster": {ZH: "通讯录", EN: "roster"}, "r_contacts": {ZH: "联系人导出", EN: "contacts"}, "r_groups": {ZH: "客户群", EN: "groups"},
	"r_plan": {ZH: "离职交接表", EN: "handover sheet"}, "r_profile": {ZH: "企业信息", EN: "profile"},
}

func (b *book) hl(key string) string {
	if t, ok := hrLabels[key]; ok {
		return t.In(b.lang)
	}
	return b.L(key)
}

// consoleSheet is what HR and the admin work through and tick: per leaver,
// the audit's decision's next actions in order (who, what and where, by
// when, overdue or not), with this plan's allocations under the handover
// they detail. Nothing here works a date or an owner out again.
func (b *book) consoleSheet() table {
	t := table{
		name:    b.hl("sheet_console"),
		headers: []string{b.L("no"), b.L("leaver"), b.L("name"), b.L("step"), b.L("detail"), b.hl("owner"), b.hl("due"), b.hl("overdue"), b.hl("done")},
		widths:  []float64{6, 18, 12, 18, 90, 12, 12, 10, 18},
		wrap:    []bool{false, false, false, true, true, false, false, false, false},
	}
	n := 0
	row := func(leaver, name any, step, detail, owner string, due audit.Date, overdue bool) {
		n++
		od := any(nil)
		if overdue {
			od = catalog.T(b.lang, "label.overdue", nil)
		}
		t.rows = append(t.rows, []any{n, leaver, name, step, detail, owner, xdate(due), od, nil})
	}
	// The enterprise's steps are due by the first leaver waiting on them.
	var entDue audit.Date
	for _, l := range b.p.Leavers {
		for _, a := range l.Decision.Next {
			if a.Code == audit.ActEnterpriseExpand && !a.Due.IsZero() && (entDue.IsZero() || a.Due.Before(entDue)) {
				entDue = a.Due
			}
		}
	}
	for _, s := range b.p.Steps {
		owner := explain.Owner(b.lang, audit.OwnerSuperAdmin)
		if s.Kind == "member-expansions" {
			owner = explain.Owner(b.lang, audit.OwnerReceiver)
		}
		row(b.L("all"), nil, b.stepName(s.Kind), s.Text.In(b.lang), owner, entDue, !entDue.IsZero() && b.p.AsOf.After(entDue))
	}
	for i := range b.p.Leavers {
		l := &b.p.Leavers[i]
		ctx := explain.ContextOf(b.p.Audit, l.Audit)
		detailed := false
		for _, a := range l.Decision.Next {
			handover := a.Code == audit.ActHandOverCustomers || a.Code == audit.ActHandOverGroups
			if handover && !detailed {
				// The plan's own receivers and expansions come just before
				// the first handover they make possible.
				for _, s := range l.Steps {
					if s.Kind == "receiver-replaced" || s.Kind == "member-expansion" {
						row(l.UserID, orNil(l.Name), "↳ "+b.stepName(s.Kind), s.Text.In(b.lang), explain.Owner(b.lang, audit.OwnerHR), a.Due, a.Overdue)
					}
				}
				detailed = true
			}
			row(l.UserID, orNil(l.Name), explain.ActionShort(b.lang, a.Code), explain.Action(b.lang, a, ctx), explain.Owner(b.lang, a.Owner), a.Due, a.Overdue)
			if !handover {
				continue
			}
			for _, s := range l.Steps {
				if s.Kind == a.Code || (s.Kind == "unplaceable" && a.Code == audit.ActHandOverCustomers) {
					row(l.UserID, orNil(l.Name), "↳ "+b.stepName(s.Kind), s.Text.In(b.lang), explain.Owner(b.lang, a.Owner), a.Due, a.Overdue)
				}
			}
		}
	}
	return t
}

// stepName is a step kind's short name: the catalogue's for decision
// actions, the plan's own for its allocation steps.
func (b *book) stepName(kind string) string {
	if catalog.Has("short." + kind) {
		return explain.ActionShort(b.lang, kind)
	}
	return b.L("k_" + kind)
}

// coverSheet is the first sheet: what the plan is for, from which files,
// what it concludes and what it cannot place.
func (b *book) coverSheet() table {
	p := b.p
	t := table{
		name:    b.hl("sheet_cover"),
		headers: []string{b.L("title"), ""},
		widths:  []float64{26, 100},
		wrap:    []bool{true, true},
	}
	placed, unplaced := 0, 0
	for _, h := range p.Handovers() {
		placed += h.Count
	}
	for _, u := range p.Unplaceable {
		unplaced += u.Short
	}
	verdict := pick(b.lang,
		fmt.Sprintf("%d 名离职成员；%s 个客户已安排接替人；%d 项扩容需先申请；%s 个客户扩容后仍无人可接。", len(p.Leavers), num(placed), len(p.Expansions), num(unplaced)),
		fmt.Sprintf("%s; %s placed with a receiver; %s to request first; %s no one can take even after expansions.",
			enCount(len(p.Leavers), "leaver", "leavers"), enCount(placed, "customer", "customers"), enCount(len(p.Expansions), "expansion", "expansions"), enCount(unplaced, "customer", "customers")))
	t.rows = append(t.rows,
		[]any{b.hl("company"), orNil(p.Company)},
		[]any{b.hl("as_of"), xdate(p.AsOf)},
		[]any{b.hl("version"), p.ToolVersion + " / " + p.RulesVersion},
		[]any{b.hl("verdict"), verdict},
		[]any{nil, b.hl("sheets_guide")},
		[]any{nil, nil},
		[]any{b.hl("inputs"), nil},
	)
	for _, in := range p.Inputs {
		role := in.Role
		if r, ok := hrLabels["r_"+in.Role]; ok {
			role = r.In(b.lang)
		}
		t.rows = append(t.rows, []any{role, in.Path + "\nSHA-256 " + in.SHA256})
	}
	t.rows = append(t.rows, []any{nil, nil}, []any{b.hl("cannot_place"), nil})
	stuck := 0
	for _, u := range p.Unplaceable {
		if u.Short == 0 && u.Groups == 0 {
			continue
		}
		stuck++
		t.rows = append(t.rows, []any{u.Leaver, pick(b.lang,
			fmt.Sprintf("%s 个客户扩容后仍无人可接；%s 个客户群没有接替人", num(u.Short), num(u.Groups)),
			fmt.Sprintf("%s no one can take even after expansions; %s without a new owner", enCount(u.Short, "customer", "customers"), enCount(u.Groups, "group", "groups")))})
	}
	for _, l := range p.Leavers {
		if l.Transferable {
			continue
		}
		stuck++
		why := b.L("login_stale")
		if l.Expired {
			why = b.L("expired")
		}
		t.rows = append(t.rows, []any{l.UserID, why + pick(b.lang,
			fmt.Sprintf("：%s 个客户、%s 个客户群", num(l.Customers), num(l.Groups)),
			fmt.Sprintf(": %s, %s", enCount(l.Customers, "customer", "customers"), enCount(l.Groups, "group", "groups")))})
	}
	if stuck == 0 {
		t.rows = append(t.rows, []any{nil, b.hl("nothing_stuck")})
	}
	return t
}

func enCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return num(n) + " " + many
}

// printSetup makes every sheet print as people file it: landscape, one page
// wide, the header row repeated on every page, page numbers in the footer.
func (b *book) printSetup(sheet string) error {
	f := b.f
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, one, auto := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto}); err != nil {
		return err
	}
	footer := pick(b.lang, "&L"+b.L("title")+"&C&A&R第 &P 页 / 共 &N 页", "&L"+b.L("title")+"&C&A&RPage &P of &N")
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", strings.ReplaceAll(sheet, "'", "''")), Scope: sheet,
	})
}
