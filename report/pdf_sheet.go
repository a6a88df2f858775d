package report

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// checkState is a check's outcome as a handover sheet shows it.
type checkState = audit.CheckState

const (
	statePass    = audit.Pass
	stateFail    = audit.Fail
	stateUnknown = audit.CheckUnknown
)

func stateOf(c audit.Check) checkState { return c.State }

// mark is the state's sign and word: ✓ passed, ✗ failed, ? unknown (never
// drawn as ✓), in the colour of what it means.
func (d *pdfDoc) mark(s checkState, sev rules.Severity) pdfkit.Cell {
	switch s {
	case statePass:
		return pdfkit.Cell{Text: CheckStateLabel(s, d.lang), Color: &colPass}
	case stateUnknown:
		return pdfkit.Cell{Text: CheckStateLabel(s, d.lang), Bold: true, Color: &pdfkit.Muted}
	}
	sc := severityColor(sev)
	return pdfkit.Cell{Text: CheckStateLabel(s, d.lang), Bold: true, Color: &sc}
}

// checks draws a leaver's checks. A handover sheet is one page where it
// can be: when every check in full would push the sign-off onto a page of
// its own, the passed checks are listed by title only (their reasons stay in
// the workbook and the JSON), and failed and unknown ones keep their rows.
func (d *pdfDoc) checks(l *audit.Leaver, atRisk bool) {
	w := d.ContentW()
	if len(l.Checks) == 0 {
		d.H2(d.l("pdf_checks"), pdfkit.Text, 6, false)
		d.Para(d.l("pdf_no_checks"), 9, false, pdfkit.Muted)
		return
	}
	newTable := func() *pdfkit.Table {
		return d.Table(7.5,
			pdfkit.Col{Head: d.l("pdf_result"), W: w * 0.1, Align: "L"},
			pdfkit.Col{Head: d.l("pdf_check"), W: w * 0.33, Align: "L"},
			pdfkit.Col{Head: d.l("reason"), W: w * 0.41, Align: "L"},
			pdfkit.Col{Head: d.l("severity"), W: w * 0.07, Align: "L"},
			pdfkit.Col{Head: d.l("source"), W: w * 0.09, Align: "L"},
		)
	}
	row := func(c audit.Check) []pdfkit.Cell {
		title := d.checkTitle(c)
		return []pdfkit.Cell{d.mark(stateOf(c), c.Severity()), pdfkit.Plain(title), pdfkit.Plain(d.txt(c.Reason())),
			pdfkit.Plain(SeverityLabel(c.Severity(), d.lang)), pdfkit.Plain(strings.Join(c.Source(), ", "))}
	}
	t := newTable()
	var all [][]pdfkit.Cell
	open := 0
	var passed []string
	for _, c := range l.Checks {
		r := row(c)
		all = append(all, r)
		if stateOf(c) == statePass {
			passed = append(passed, d.checkTitle(c))
			continue
		}
		open++
	}
	// Height of the rest of the sheet: the at-risk lines and the sign-off.
	rest := d.signOffHeight(l) + 6
	if atRisk {
		rest += 18
	}
	full := 10 + t.HeaderH()
	for _, r := range all {
		full += t.Measure(r)
	}
	if d.F.GetY()+full+rest <= d.Bottom() || len(passed) == 0 {
		d.Titled(d.l("pdf_checks"), pdfkit.Text, false, t, all)
		return
	}
	if open > 0 {
		// Compact rows: severity and source under the check's title, so
		// that the reason gets the width and most rows one or two lines.
		ct := d.Table(7,
			pdfkit.Col{Head: d.l("pdf_result"), W: w * 0.1, Align: "L"},
			pdfkit.Col{Head: d.l("pdf_check"), W: w * 0.3, Align: "L"},
			pdfkit.Col{Head: d.l("reason"), W: w * 0.6, Align: "L"},
		)
		var rows [][]pdfkit.Cell
		for _, c := range l.Checks {
			if stateOf(c) == statePass {
				continue
			}
			title := d.txt(c.Title())
			if title == "" {
				title = c.Rule()
			}
			title += "\n" + SeverityLabel(c.Severity(), d.lang) + " · " + strings.Join(c.Source(), ", ")
			rows = append(rows, []pdfkit.Cell{d.mark(stateOf(c), c.Severity()), pdfkit.Plain(title), pdfkit.Plain(d.txt(c.Reason()))})
		}
		d.Titled(d.l("pdf_checks"), pdfkit.Text, false, ct, rows)
	} else {
		d.H2(d.l("pdf_checks"), pdfkit.Text, 10, false)
	}
	d.passedList(l, rest)
}

// checkTitle names a check: the rule's title says what fails, so a check
// that passed or does not apply is named by its rule id instead, and its
// reason says what holds — never the failure's title beside a ✓.
func (d *pdfDoc) checkTitle(c audit.Check) string {
	title := d.txt(c.Title())
	if title == "" || stateOf(c) == statePass {
		title = c.Rule()
	}
	return title
}

// passedText is one line of the passed list: rule — reason (sources).
func (d *pdfDoc) passedText(c audit.Check) string {
	text := d.checkTitle(c)
	if r := d.txt(c.Reason()); r != "" {
		text += " — " + r
	}
	if len(c.Source()) > 0 {
		text += d.paren(strings.Join(c.Source(), ", "))
	}
	return text
}

// passedList draws the passed checks one to a line, with their reasons and
// sources: the compact form of a sheet that would not fit one page. rest is
// the height of what follows (the sign-off): when it does not fit below, the
// last two checks move with it to the next page, under the sheet's repeated
// heading, so that the sign-off never stands alone on a page.
func (d *pdfDoc) passedList(l *audit.Leaver, rest float64) {
	w := d.ContentW()
	const size, indent, keep = 7.0, 4.0, 2
	lh := pdfkit.LineH(size)
	var groups [][]string
	d.Font(false, size)
	for _, c := range l.Checks {
		if stateOf(c) == statePass {
			groups = append(groups, d.Wrap(d.passedText(c), w-indent))
		}
	}
	d.F.SetY(d.F.GetY() + 1.5)
	d.Para(d.lf("pdf_passed_list", "n", catalog.T(d.lang, "pdf.count.checks", catalog.Args{"n": len(groups)})), 8, true, colPass)
	tail := 0.0
	for _, g := range groups[max(0, len(groups)-keep):] {
		tail += float64(len(g)) * lh
	}
	for k, lines := range groups {
		if k == max(0, len(groups)-keep) && d.F.GetY()+tail+rest > d.Bottom() && tail+rest <= d.Bottom()-pdfkit.Top-8 {
			d.F.AddPage()
		}
		d.Font(false, size)
		d.Need(lh * float64(len(lines)))
		d.Color(colPass)
		d.F.SetX(pdfkit.MarginX)
		d.Cell(indent, lh, "✓", 0, "L")
		d.Color(pdfkit.Text)
		for _, line := range lines {
			d.F.SetX(pdfkit.MarginX + indent)
			d.Cell(w-indent, lh, line, 2, "L")
		}
	}
}

// signOffHeight is the height the sign-off block of a leaver takes.
func (d *pdfDoc) signOffHeight(l *audit.Leaver) float64 {
	return d.SignTableHeight(d.l("pdf_sign_note"), len(d.signers(l)))
}
