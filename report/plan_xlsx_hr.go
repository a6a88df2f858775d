package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
)

// The plan workbook is read by HR and the WeCom admin, not by the API: a
// cover that says what the plan is and what it cannot do, the steps as they
// are done in the admin console with an owner, a due date and a done
// column, and the 100-per-call batches on a sheet of their own for IT.

// consoleSheet is what HR and the admin work through and tick: per leaver,
// the audit's decision's next actions in order (who, what and where, by
// when, overdue or not), with this plan's allocations under the handover
// they detail. Nothing here works a date or an owner out again.
func (b *planBook) consoleSheet() planTable {
	t := planTable{
		name:    b.L("sheet_console"),
		headers: []string{b.L("no"), b.L("leaver"), b.L("name"), b.L("step"), b.L("detail"), b.L("owner"), b.L("due"), b.L("overdue"), b.L("done")},
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
		t.rows = append(t.rows, []any{n, leaver, name, step, detail, owner, planDate(due), od, nil})
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
						row(l.UserID, planOrNil(l.Name), "↳ "+b.stepName(s.Kind), s.Text.In(b.lang), explain.Owner(b.lang, audit.OwnerHR), a.Due, a.Overdue)
					}
				}
				detailed = true
			}
			row(l.UserID, planOrNil(l.Name), explain.ActionShort(b.lang, a.Code), explain.Action(b.lang, a, ctx), explain.Owner(b.lang, a.Owner), a.Due, a.Overdue)
			if !handover {
				continue
			}
			for _, s := range l.Steps {
				if s.Kind == a.Code || (s.Kind == "unplaceable" && a.Code == audit.ActHandOverCustomers) {
					row(l.UserID, planOrNil(l.Name), "↳ "+b.stepName(s.Kind), s.Text.In(b.lang), explain.Owner(b.lang, a.Owner), a.Due, a.Overdue)
				}
			}
		}
	}
	return t
}

// stepName is a step kind's short name: the catalogue's for decision
// actions, the plan's own for its allocation steps.
func (b *planBook) stepName(kind string) string {
	if catalog.Has("short." + kind) {
		return explain.ActionShort(b.lang, kind)
	}
	return b.L("k_" + kind)
}

// coverSheet is the first sheet: what the plan is for, from which files,
// what it concludes and what it cannot place.
func (b *planBook) coverSheet() planTable {
	p := b.p
	t := planTable{
		name:    b.L("sheet_cover"),
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
	verdict := catalog.T(b.lang, "sheets.plan.verdict_line", catalog.Args{
		"leavers": len(p.Leavers), "placed": placed, "expansions": len(p.Expansions), "unplaced": unplaced})
	t.rows = append(t.rows,
		[]any{b.L("company"), planOrNil(p.Company)},
		[]any{b.L("as_of"), planDate(p.AsOf)},
		[]any{b.L("version"), p.ToolVersion + " / " + p.RulesVersion},
		[]any{b.L("verdict"), verdict},
		[]any{nil, b.L("sheets_guide")},
		[]any{nil, nil},
		[]any{b.L("inputs"), nil},
	)
	for _, in := range p.Inputs {
		role := in.Role
		if catalog.Has("sheets.plan.r_" + in.Role) {
			role = b.L("r_" + in.Role)
		}
		t.rows = append(t.rows, []any{role, in.Path + "\nSHA-256 " + in.SHA256})
	}
	t.rows = append(t.rows, []any{nil, nil}, []any{b.L("cannot_place"), nil})
	stuck := 0
	for _, u := range p.Unplaceable {
		if u.Short == 0 && u.Groups == 0 {
			continue
		}
		stuck++
		t.rows = append(t.rows, []any{u.Leaver, catalog.T(b.lang, "sheets.plan.stuck", catalog.Args{"short": u.Short, "groups": u.Groups})})
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
		t.rows = append(t.rows, []any{l.UserID, catalog.T(b.lang, "sheets.plan.not_transferable_counts", catalog.Args{"why": why, "customers": l.Customers, "groups": l.Groups})})
	}
	if stuck == 0 {
		t.rows = append(t.rows, []any{nil, b.L("nothing_stuck")})
	}
	return t
}

// printSetup makes every sheet print as people file it: landscape, one page
// wide, the header row repeated on every page, page numbers in the footer.
func (b *planBook) printSetup(sheet string) error {
	f := b.f
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, one, auto := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto}); err != nil {
		return err
	}
	footer := catalog.T(b.lang, "sheets.plan.footer", catalog.Args{"title": b.L("title")})
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$1", strings.ReplaceAll(sheet, "'", "''")), Scope: sheet,
	})
}
