package report

import (
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// actionTable is the cover's table: one row per leaver, rendering the
// leaver's decision — may the account be deleted, what is lost and at risk,
// the next actions with who and by when — overdue first, then the soonest
// due (unknown dates last).
func (d *pdfDoc) actionTable() {
	res := d.res
	d.capacityCover() // capacity_pdf.go
	w := d.ContentW()
	var ls []*audit.Leaver
	for i := range res.Departing {
		ls = append(ls, &res.Departing[i])
	}
	title := d.lf("pdf_actions", "n", catalog.T(d.lang, "pdf.count.leavers", catalog.Args{"n": len(ls)}))
	if len(ls) == 0 {
		d.H2(d.l("pdf_actions_none"), colOK, 6, true)
		return
	}
	SortByUrgency(ls)
	t := d.Table(7.5,
		pdfkit.Col{Head: d.l("member"), W: w * 0.15, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "gate.question", nil), W: w * 0.17, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "label.lost", nil) + " / " + catalog.T(d.lang, "label.at_risk", nil), W: w * 0.2, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "label.next", nil), W: w * 0.48, Align: "L"},
	)
	// Past pdfCoverActions, and when the workbook of the run lists every
	// leaver, the cover lists the most urgent and names the workbook.
	total := len(ls)
	if total > pdfCoverActions && d.opt.Workbook != nil {
		ls = ls[:pdfCoverActions]
	}
	var rows [][]pdfkit.Cell
	for _, l := range ls {
		who := l.UserID
		if l.Name != "" {
			who = l.Name + "\n" + l.UserID
		}
		dc := &l.Decision
		gate := explain.Gate(d.lang, dc.DeleteAccount)
		c := pdfkit.Muted
		switch dc.DeleteAccount {
		case audit.GateNotYet:
			c = severityColor(rules.Critical)
		case audit.GateUnknown:
			c = severityColor(rules.Medium)
		case audit.GateAllowed:
			c = colOK
		}
		var acts []string
		for _, a := range dc.Next {
			acts = append(acts, "• "+explain.Owner(d.lang, a.Owner)+d.colon()+explain.ActionShort(d.lang, a.Code)+" · "+explain.Due(d.lang, a))
		}
		stake := catalog.T(d.lang, "label.lost", nil) + d.colon() + explain.CountsOrNone(d.lang, dc.Lost) + "\n" +
			catalog.T(d.lang, "label.at_risk", nil) + d.colon() + explain.CountsOrNone(d.lang, dc.AtRisk)
		rows = append(rows, []pdfkit.Cell{{Text: who, Bold: true}, {Text: gate, Color: &c, Bold: true}, pdfkit.Plain(stake),
			pdfkit.Plain(strings.Join(acts, "\n"))})
	}
	d.Titled(title, pdfkit.Text, true, t, rows)
	if len(ls) < total {
		d.F.SetY(d.F.GetY() + 1)
		d.Para(d.bookRef("pdf_actions_too_many", "n", fmtInt(len(ls)), "total", fmtInt(total), "sheet", d.l("sheet_departing")), 8.5, false, pdfkit.Muted)
	}
}

// SortByUrgency orders leavers as HR works through them: overdue first,
// then those whose next step has no date that can be known (it may already
// be past), then by the earliest due next step, then by userid. The cover,
// the workbook and the page all use this order.
func SortByUrgency(ls []*audit.Leaver) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := &ls[i].Decision, &ls[j].Decision
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		da, db := a.NextDue(), b.NextDue()
		switch {
		case da.IsZero() != db.IsZero():
			return da.IsZero()
		case !da.Equal(db):
			return da.Before(db)
		}
		return audit.Key(ls[i].UserID) < audit.Key(ls[j].UserID)
	})
}
