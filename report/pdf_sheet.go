package report

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// checkState is a check's outcome as a handover sheet shows it.
type checkState int8

const (
	statePass checkState = iota
	stateFail
	stateUnknown
)

func stateOf(c audit.Check) checkState {
	if c.Passed {
		return statePass
	}
	return stateFail
}

// mark is the state's sign and word: ✓ passed, ✗ failed, ? unknown.
func (d *pdfDoc) mark(s checkState, sev rules.Severity) pdfCell {
	switch s {
	case statePass:
		return pdfCell{text: "✓ " + d.l("passed"), color: &colPass}
	case stateUnknown:
		return pdfCell{text: "? " + d.l("unknown"), bold: true, color: &colMuted}
	}
	sc := severityColor(sev)
	return pdfCell{text: "✗ " + d.l("failed"), bold: true, color: &sc}
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
		title := d.txt(c.Title)
		if title == "" {
			title = c.Rule
		}
		return []pdfCell{d.mark(stateOf(c), c.Severity), plain(title), plain(d.txt(c.Reason)),
			plain(SeverityLabel(c.Severity, d.lang)), plain(strings.Join(c.Source, ", "))}
	}
	t := newTable()
	var all, open [][]pdfCell
	var passed []string
	for _, c := range l.Checks {
		r := row(c)
		all = append(all, r)
		if stateOf(c) == statePass {
			title := d.txt(c.Title)
			if title == "" {
				title = c.Rule
			}
			passed = append(passed, title)
			continue
		}
		open = append(open, r)
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
	if len(open) > 0 {
		d.titled(d.l("pdf_checks"), colText, false, t, open)
	} else {
		d.h2(d.l("pdf_checks"), colText, 10, false)
	}
	d.passedList(l)
}

// passedList draws the passed checks one to a line, with their reasons and
// sources: the compact form of a sheet that would not fit one page.
func (d *pdfDoc) passedList(l *audit.Leaver) {
	w := d.contentW()
	n := 0
	for _, c := range l.Checks {
		if stateOf(c) == statePass {
			n++
		}
	}
	d.f.SetY(d.f.GetY() + 1.5)
	d.para(d.lf("pdf_passed_list", "n", Count(d.lang, n, "项", "check", "checks")), 8, true, colPass)
	const size, indent = 7.0, 4.0
	lh := lineH(size)
	for _, c := range l.Checks {
		if stateOf(c) != statePass {
			continue
		}
		title := d.txt(c.Title)
		if title == "" {
			title = c.Rule
		}
		text := title
		if r := d.txt(c.Reason); r != "" {
			text += " — " + r
		}
		if len(c.Source) > 0 {
			text += d.paren(strings.Join(c.Source, ", "))
		}
		d.font(false, size)
		lines := d.wrap(text, w-indent)
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
