package report

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
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
func (d *pdfDoc) mark(s checkState, sev rules.Severity) pdfCell {
	switch s {
	case statePass:
		return pdfCell{text: CheckStateLabel(s, d.lang), color: &colPass}
	case stateUnknown:
		return pdfCell{text: CheckStateLabel(s, d.lang), bold: true, color: &colMuted}
	}
	sc := severityColor(sev)
	return pdfCell{text: CheckStateLabel(s, d.lang), bold: true, color: &sc}
}

// checks draws a leaver's checks. A handover sheet is one page where it
// can be: when every check in full would push the sign-off onto a page of
// its own, the passed checks are listed by title only (their reasons stay in
// the workbook and the JSON), and failed and unknown ones keep their rows.
func (d *pdfDoc) checks(l *audit.Leaver, atRisk bool) {
	w := d.contentW()
	if len(l.Checks) == 0 {
		d.h2(d.l("pdf_checks"), colText, 6, false)
		d.para(d.l("pdf_no_checks"), 9, false, colMuted)
		return
	}
	newTable := func() *pdfTable {
		return d.table(7.5,
			pdfCol{head: d.l("pdf_result"), w: w * 0.1, align: "L"},
			pdfCol{head: d.l("pdf_check"), w: w * 0.33, align: "L"},
			pdfCol{head: d.l("reason"), w: w * 0.41, align: "L"},
			pdfCol{head: d.l("severity"), w: w * 0.07, align: "L"},
			pdfCol{head: d.l("source"), w: w * 0.09, align: "L"},
		)
	}
	row := func(c audit.Check) []pdfCell {
		title := d.checkTitle(c)
		return []pdfCell{d.mark(stateOf(c), c.Severity()), plain(title), plain(d.txt(c.Reason)),
			plain(SeverityLabel(c.Severity(), d.lang)), plain(strings.Join(c.Source(), ", "))}
	}
	t := newTable()
	var all [][]pdfCell
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
	full := 10 + t.headerH()
	for _, r := range all {
		full += t.measure(r)
	}
	if d.f.GetY()+full+rest <= d.bottom() || len(passed) == 0 {
		d.titled(d.l("pdf_checks"), colText, false, t, all)
		return
	}
	if open > 0 {
		// Compact rows: severity and source under the check's title, so
		// that the reason gets the width and most rows one or two lines.
		ct := d.table(7,
			pdfCol{head: d.l("pdf_result"), w: w * 0.1, align: "L"},
			pdfCol{head: d.l("pdf_check"), w: w * 0.3, align: "L"},
			pdfCol{head: d.l("reason"), w: w * 0.6, align: "L"},
		)
		var rows [][]pdfCell
		for _, c := range l.Checks {
			if stateOf(c) == statePass {
				continue
			}
			title := d.txt(c.Title())
			if title == "" {
				title = c.Rule
			}
			title += "\n" + SeverityLabel(c.Severity(), d.lang) + " · " + strings.Join(c.Source(), ", ")
			rows = append(rows, []pdfCell{d.mark(stateOf(c), c.Severity()), plain(title), plain(d.txt(c.Reason))})
		}
		d.titled(d.l("pdf_checks"), colText, false, ct, rows)
	} else {
		d.h2(d.l("pdf_checks"), colText, 10, false)
	}
	d.passedList(l, rest)
}

// checkTitle names a check: the rule's title says what fails, so a check
// that passed or does not apply is named by its rule id instead, and its
// reason says what holds — never the failure's title beside a ✓.
func (d *pdfDoc) checkTitle(c audit.Check) string {
	title := d.txt(c.Title())
	if title == "" || stateOf(c) == statePass {
		title = c.Rule
	}
	return title
}

// passedText is one line of the passed list: rule — reason (sources).
func (d *pdfDoc) passedText(c audit.Check) string {
	text := d.checkTitle(c)
	if r := d.txt(c.Reason); r != "" {
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
	w := d.contentW()
	const size, indent, keep = 7.0, 4.0, 2
	lh := lineH(size)
	var groups [][]string
	d.font(false, size)
	for _, c := range l.Checks {
		if stateOf(c) == statePass {
			groups = append(groups, d.wrap(d.passedText(c), w-indent))
		}
	}
	d.f.SetY(d.f.GetY() + 1.5)
	d.para(d.lf("pdf_passed_list", "n", catalog.T(d.lang, "pdf.count.checks", catalog.Args{"n": len(groups)})), 8, true, colPass)
	tail := 0.0
	for _, g := range groups[max(0, len(groups)-keep):] {
		tail += float64(len(g)) * lh
	}
	for k, lines := range groups {
		if k == max(0, len(groups)-keep) && d.f.GetY()+tail+rest > d.bottom() && tail+rest <= d.bottom()-pdfTop-8 {
			d.f.AddPage()
		}
		d.font(false, size)
		d.need(lh * float64(len(lines)))
		d.color(colPass)
		d.f.SetX(pdfMarginX)
		d.cellFormat(indent, lh, "✓", "", 0, "L", false, 0, "")
		d.color(colText)
		for _, line := range lines {
			d.f.SetX(pdfMarginX + indent)
			d.cellFormat(w-indent, lh, line, "", 2, "L", false, 0, "")
		}
	}
}

// signOffHeight is the height the sign-off block of a leaver takes.
func (d *pdfDoc) signOffHeight(l *audit.Leaver) float64 {
	d.font(false, 8.5)
	note := d.wrap(d.l("pdf_sign_note"), d.contentW())
	return 12 + float64(len(note))*lineH(8.5) + 2 + 7 + float64(len(d.signers(l)))*signRowH
}
