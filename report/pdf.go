package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// What the PDF lists in full is bounded so that a 100,000-contact audit still
// gives a document people read; the workbook carries every row.
const (
	pdfAtRiskPerLeaver = 30
	pdfAtRiskAppendix  = 2000 // beyond this, the workbook of the run holds the list
	pdfDataProblems    = 50
	pdfChartReceivers  = 25
)

// PDFWriter renders the audit as the PDF for the compliance file (docs/spec.md §4.3).
type PDFWriter struct{}

var _ Writer = (*PDFWriter)(nil)

func init() { register(&PDFWriter{}) }

// Ext is "pdf".
func (*PDFWriter) Ext() string { return "pdf" }

// Write renders res. The bytes depend only on res and opt: dates come from
// res.AsOf, never the clock, and catalogs are sorted.
func (*PDFWriter) Write(w io.Writer, res *audit.Result, opt Options) error {
	if res == nil {
		return errors.New("pdf: no audit result")
	}
	lang, err := ResolveLang(opt.Lang, res)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	d := newPDFDoc(res, lang, opt)
	d.cover()
	d.summary()
	d.capacityPage() // capacity_pdf.go
	d.findings()
	d.handovers()
	d.appendix()
	d.trail()
	if err := d.F.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.F.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// The report's own colours; the page furniture's are the kit's.
var (
	colPass = pdfkit.RGB{R: 25, G: 135, B: 84}
	colOK   = pdfkit.RGB{R: 25, G: 135, B: 84}
	// Chart bars: own customers solid, incoming customers a lighter tint of
	// the same hue; red when over cap, amber when near it.
	colBarOwn     = pdfkit.RGB{R: 31, G: 119, B: 180}
	colBarIn      = pdfkit.RGB{R: 158, G: 202, B: 225}
	colBarNearOwn = pdfkit.RGB{R: 214, G: 150, B: 0}
	colBarNearIn  = pdfkit.RGB{R: 246, G: 214, B: 140}
	colBarOverOwn = pdfkit.RGB{R: 192, G: 0, B: 0}
	colBarOverIn  = pdfkit.RGB{R: 240, G: 150, B: 150}
	// An ineligible receiver cannot take anything, however much room it
	// has: dark grey, never the healthy blue.
	colBarBadOwn = pdfkit.RGB{R: 80, G: 80, B: 80}
	colBarBadIn  = pdfkit.RGB{R: 170, G: 170, B: 170}
)

// severityColor is the colour a severity is shown in throughout the report.
func severityColor(s rules.Severity) pdfkit.RGB {
	switch s {
	case rules.Critical:
		return pdfkit.RGB{R: 192, G: 0, B: 0}
	case rules.High:
		return pdfkit.RGB{R: 217, G: 83, B: 0}
	case rules.Medium:
		return pdfkit.RGB{R: 191, G: 140, B: 0}
	case rules.Low:
		return pdfkit.RGB{R: 31, G: 119, B: 180}
	}
	return pdfkit.RGB{R: 108, G: 117, B: 125}
}

// pdfDoc is a document of the audit's (the audit PDF, a handover file, the
// reconciliation) on the kit's pages: what it says, and the running header
// and footer that tie each page to its audit and its handover sheet.
type pdfDoc struct {
	*pdfkit.Doc
	res  *audit.Result
	lang string
	mask bool

	// receivers by userid key, and each leaver's at-risk contacts, built once
	// so that a 100,000-contact result is walked a single time.
	receivers map[string]*audit.Receiver
	atRisk    map[string]*leaverRisk
	nearCap   map[string]bool

	// running is what the page header names on the left: the leaver on
	// handover sheets, so a page that continues a sheet still says whose it is.
	running string

	// Audit trail and handover-sheet state: the run's id for every footer;
	// sheet is the handover sheet being drawn (1-based, 0 outside them) and
	// sheetTitle its heading, repeated on every page it continues onto;
	// footSheet is the sheet of the page whose footer is drawn next (the
	// header sets it, as fpdf draws the old page's footer before the new
	// page's header); sheetStart marks the next page as a sheet's first.
	opt        Options
	id         string
	sheet      int
	sheetTitle string
	sheetStart bool
	footSheet  int
	// alone is a handover sheet that is a document of its own
	// (handover_files.go): its first page has the running header too.
	alone bool
}

// leaverRisk is what a handover sheet shows of a leaver's at-risk contacts.
type leaverRisk struct {
	first []audit.AtRiskContact
	total int
}

func newPDFDoc(res *audit.Result, lang string, opt Options) *pdfDoc {
	return newPDFDocWith(newPDFIndex(res), res, lang, opt)
}

// pdfIndex is what every page about a leaver looks up: receivers by userid
// key, each leaver's at-risk contacts and the near-cap receivers. It is
// built once per result and shared by the handover files of a split run
// (handover_files.go), so that 50,000 documents do not walk the result
// 50,000 times.
type pdfIndex struct {
	// regular is the face to embed; nil is the whole font.
	regular []byte

	receivers map[string]*audit.Receiver
	atRisk    map[string]*leaverRisk
	nearCap   map[string]bool
}

func newPDFIndex(res *audit.Result) *pdfIndex {
	x := &pdfIndex{}
	x.receivers = make(map[string]*audit.Receiver, len(res.Receivers))
	for i := range res.Receivers {
		k := audit.Key(res.Receivers[i].UserID)
		if _, dup := x.receivers[k]; !dup {
			x.receivers[k] = &res.Receivers[i]
		}
	}
	x.atRisk = make(map[string]*leaverRisk, len(res.Departing))
	for _, l := range res.Departing {
		x.atRisk[audit.Key(l.UserID)] = &leaverRisk{}
	}
	for _, c := range res.AtRisk {
		lr, ok := x.atRisk[audit.Key(c.Member)]
		if !ok {
			continue
		}
		lr.total++
		if len(lr.first) < pdfAtRiskPerLeaver {
			lr.first = append(lr.first, c)
		}
	}
	// Near-cap receivers come from the findings, so that the chart agrees with
	// the rule that fired (the near-cap ratio may come from the profile).
	x.nearCap = map[string]bool{}
	for _, fd := range res.Findings {
		if fd.Rule == "receiver-near-cap" {
			x.nearCap[audit.Key(fd.Member)] = true
		}
	}
	return x
}

func newPDFDocWith(x *pdfIndex, res *audit.Result, lang string, opt Options) *pdfDoc {
	// Determinism: the generation time from cmd (SOURCE_DATE_EPOCH when
	// set), else the audit date.
	title := L("title", lang)
	if !res.AsOf.IsZero() {
		title += " " + res.AsOf.String()
	}
	subject := L("pdf_subject", lang)
	if res.Company != "" {
		subject = res.Company + " · " + subject
	}
	creator := "auditor"
	if res.ToolVersion != "" {
		creator += " " + res.ToolVersion
	}
	pdfLang := "zh-CN"
	if lang == "en" {
		pdfLang = "en"
	}
	k := pdfkit.New(pdfkit.Meta{Title: title, Subject: subject, Author: "auditor", Creator: creator, Lang: pdfLang,
		Stamp: generated(res, opt)}, x.regular)
	d := &pdfDoc{Doc: k, res: res, lang: lang, mask: opt.MaskPII, opt: opt, id: ReportID(res, opt)}
	d.receivers, d.atRisk, d.nearCap = x.receivers, x.atRisk, x.nearCap
	d.OnPage(d.header, d.footer)
	return d
}

// l returns a label in the document's language.
func (d *pdfDoc) l(key string) string { return L(key, d.lang) }

// lf returns a label with its {placeholders} filled.
func (d *pdfDoc) lf(key string, kv ...string) string {
	params := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		params[kv[i]] = kv[i+1]
	}
	return rules.Render(d.l(key), params)
}

func (d *pdfDoc) txt(t rules.Text) string { return t.In(d.lang) }

// header runs on every page but the cover: document title left, company and
// as-of right, so a loose page still says which audit it belongs to.
func (d *pdfDoc) header() {
	d.footSheet = d.sheet
	if d.F.PageNo() == 1 && !d.alone {
		return
	}
	left := d.l("title")
	if d.running != "" {
		left = d.running
	}
	right := d.res.AsOf.String()
	if d.res.Company != "" {
		right = d.res.Company + " · " + right
	}
	d.RunningHead(left, right)
	d.continuation()
}

// continuation places the content of a new page: below the repeated
// heading of the handover sheet it continues, else at the top margin. Every
// page of a sheet, the one with the sign-off included, so says whose record
// it is.
func (d *pdfDoc) continuation() {
	d.F.SetXY(pdfkit.MarginX, pdfkit.Top)
	if d.sheet == 0 {
		return
	}
	if d.sheetStart {
		d.sheetStart = false
		return
	}
	d.Font(true, 11)
	d.Color(pdfkit.Accent)
	d.Cell(d.ContentW(), 6, d.Fit(d.sheetTitle+d.l("pdf_continued"), d.ContentW()), 2, "L")
	d.F.SetXY(pdfkit.MarginX, pdfkit.Top+8)
	d.Color(pdfkit.Text)
}

// footer puts the report id left, "Page X of Y" (第 X 页 / 共 Y 页) right
// and, on a handover sheet, the sheet's number in the middle, so that a
// loose page can be put back where it belongs.
func (d *pdfDoc) footer() {
	mid := ""
	if d.footSheet > 0 {
		mid = d.lf("pdf_footer_sheet", "n", strconv.Itoa(d.footSheet), "total", strconv.Itoa(len(d.res.Departing)))
	}
	d.RunningFoot(d.lf("pdf_footer_id", "id", d.id), mid,
		d.lf("pdf_page_of", "page", strconv.Itoa(d.F.PageNo()), "pages", pdfkit.PagesAlias))
}

// ---- cover ----

func (d *pdfDoc) cover() {
	f := d.F
	res := d.res
	f.AddPage()
	w := d.ContentW()

	d.FillColor(pdfkit.Accent)
	f.Rect(0, 0, d.PageW, 8, "F")

	f.SetY(20)
	d.Font(false, 11)
	d.Color(pdfkit.Muted)
	d.Cell(w, 6, d.l("pdf_subject"), 2, "L")
	d.Font(true, 20)
	d.Color(pdfkit.Accent)
	for _, line := range d.Wrap(d.l("title"), w) {
		d.Cell(w, 10, line, 2, "L")
	}
	d.Bookmark(d.l("title"), 0, 20)
	f.SetY(f.GetY() + 4)
	if res.Company != "" {
		d.ParaAt(pdfkit.MarginX, w, res.Company, 16, true, pdfkit.Text)
	}
	d.ParaAt(pdfkit.MarginX, w, d.l("as_of")+d.colon()+dash(res.AsOf.String()), 12, false, pdfkit.Text)

	// The verdict, in a box coloured by the worst finding.
	f.SetY(f.GetY() + 4)
	c := colOK
	if worst := res.Worst(); worst != rules.SeverityInvalid {
		c = severityColor(worst)
	}
	d.Font(true, 11)
	d.Color(c)
	d.Cell(w, 6, d.l("verdict"), 2, "L")
	d.Font(false, 12)
	lines := d.Wrap(Verdict(res, d.lang), w-10)
	lh := pdfkit.LineH(12)
	h := float64(len(lines))*lh + 8
	y := f.GetY() + 1
	d.FillColor(pdfkit.Tint(c, 0.9))
	f.Rect(pdfkit.MarginX, y, w, h, "F")
	d.FillColor(c)
	f.Rect(pdfkit.MarginX, y, 2.5, h, "F")
	d.Color(pdfkit.Text)
	for i, line := range lines {
		f.SetXY(pdfkit.MarginX+6, y+4+float64(i)*lh)
		d.Cell(w-10, lh, line, 0, "L")
	}
	f.SetY(y + h + 4)

	// What must be done, leaver by leaver: who, by when, what is at stake,
	// the action and who does it (pdf_cover.go).
	d.actionTable()

	// Then the verdict by level: handovers ready, blocked, unknown, and the
	// findings by severity.
	d.H2(d.l("pdf_findings_by_sev"), pdfkit.Text, 22+6+30, false)
	d.severityTiles(16)
	f.SetY(f.GetY() + 4)
	d.Pairs([][2]string{
		{d.l("verdict_level"), LevelLabel(res.Verdict.Level, d.lang)},
		{d.l("leavers"), fmtInt(len(res.Departing))},
		{d.l("handovers_ready"), fmtInt(res.Verdict.Ready)},
		{d.l("handovers_blocked"), fmtInt(res.Verdict.Blocked)},
		{d.l("handovers_unknown"), fmtInt(res.Verdict.Unknown)},
		{d.l("pdf_receivers_count"), fmtInt(len(res.Receivers))},
		{d.l("external_at_risk"), ExternalAtRiskLabel(res, d.lang)},
		{d.l("receivers_over_cap"), fmtInt(d.overCap())},
		{d.l("report_id"), d.id},
		{d.l("tool_version"), dash(res.ToolVersion)},
	})

	// Provenance below it.
	f.SetY(f.GetY() + 3)
	note := d.lf("pdf_generated_by", "version", dash(res.ToolVersion))
	if d.mask {
		note += " " + d.l("pdf_pii_masked")
	}
	d.Para(note, 8, false, pdfkit.Muted)
	d.reportSignOff()
}

// severityTiles draws one coloured tile per severity with its count.
func (d *pdfDoc) severityTiles(h float64) {
	f := d.F
	gap := 3.0
	n := float64(len(rules.Severities))
	tw := (d.ContentW() - gap*(n-1)) / n
	y := f.GetY()
	for i, s := range rules.Severities {
		x := pdfkit.MarginX + float64(i)*(tw+gap)
		c := severityColor(s)
		count := d.res.Summary.Of(s)
		if count > 0 {
			d.FillColor(pdfkit.Tint(c, 0.85))
		} else {
			d.FillColor(pdfkit.Zebra)
		}
		f.Rect(x, y, tw, h, "F")
		d.FillColor(c)
		f.Rect(x, y, tw, 1.5, "F")
		d.Font(true, h*0.8)
		if count > 0 {
			d.Color(c)
		} else {
			d.Color(pdfkit.Muted)
		}
		f.SetXY(x, y+2.5)
		d.Cell(tw, h*0.45, strconv.Itoa(count), 0, "C")
		d.Font(false, 9)
		d.Color(pdfkit.Text)
		f.SetXY(x, y+h*0.62)
		d.Cell(tw, h*0.3, SeverityLabel(s, d.lang), 0, "C")
	}
	d.Color(pdfkit.Text)
	f.SetXY(pdfkit.MarginX, y+h)
}

func (d *pdfDoc) overCap() int {
	n := 0
	for _, r := range d.res.Receivers {
		if r.OverBy > 0 {
			n++
		}
	}
	return n
}

// ---- executive summary ----

func (d *pdfDoc) summary() {
	res := d.res
	e := res.Enterprise
	d.H1(d.l("pdf_exec_summary"))
	d.series() // trend_pdf.go: persisting findings and the trend, when there is a history

	d.H2(d.l("pdf_key_figures"), pdfkit.Text, 20, false)
	verified := d.yesNo(e.Verified)
	if e.VerifiedAssumed {
		verified += d.paren(d.l("assumed"))
	}
	dau := d.l("unknown")
	if e.DailyActiveUsers != nil {
		dau = fmtInt(*e.DailyActiveUsers)
	}
	eligible := d.l("unknown")
	if e.ExpansionEligible != nil {
		eligible = d.yesNo(*e.ExpansionEligible)
	}
	expansions := ExpansionsLabel(res, d.lang)
	if e.ExpansionsNeeded > 0 && e.CapAfterExpansions > 0 {
		// Say what the expansions buy: the cap the enterprise needs (D9).
		expansions += d.paren(d.lf("pdf_cap_after", "cap", fmtInt(e.CapAfterExpansions)))
	}
	d.Pairs([][2]string{
		{d.l("enterprise_customers"), fmtInt(e.Customers)},
		{d.l("enterprise_cap"), fmtInt(e.Cap)},
		{d.l("headroom"), fmtInt(e.Headroom)},
		{d.l("verified"), verified},
		{d.l("expansions_needed"), expansions},
		{d.l("expansion_eligible"), eligible},
		{d.l("daily_active_users"), dau},
		{d.l("leavers"), fmtInt(len(res.Departing))},
		{d.l("external_at_risk"), ExternalAtRiskLabel(res, d.lang)},
		{d.l("receivers_over_cap"), fmtInt(d.overCap()) + " / " + fmtInt(len(res.Receivers))},
	})

	d.H2(d.l("pdf_findings_by_sev"), pdfkit.Text, 18, false)
	d.severityTiles(16)

	d.chart(d.l("pdf_chart_title"))
}

// chart draws receiver load against cap as horizontal bars: own customers
// and incoming customers stacked, a tick at each receiver's own cap (caps
// differ per member, D6), red when over cap and amber when near it. With
// many receivers only those with the highest load against cap are shown.
func (d *pdfDoc) chart(title string) {
	f := d.F
	res := d.res
	if len(res.Receivers) == 0 {
		d.H2(title, pdfkit.Text, 6, false)
		d.Para(d.l("pdf_no_receivers"), 9.5, false, pdfkit.Muted)
		return
	}
	rs := make([]audit.Receiver, len(res.Receivers))
	copy(rs, res.Receivers)
	ratio := func(r audit.Receiver) float64 { return float64(r.Load) / float64(max(r.Cap, 1)) }
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].OverBy != rs[j].OverBy {
			return rs[i].OverBy > rs[j].OverBy
		}
		if rs[i].Eligible != rs[j].Eligible {
			return !rs[i].Eligible // what cannot receive comes next
		}
		if ri, rj := ratio(rs[i]), ratio(rs[j]); ri != rj {
			return ri > rj
		}
		return audit.Key(rs[i].UserID) < audit.Key(rs[j].UserID)
	})
	total := len(rs)
	if len(rs) > pdfChartReceivers {
		rs = rs[:pdfChartReceivers]
	}

	const (
		labelW = 48.0
		valueW = 26.0
		legH   = 7.0
		axisH  = 11.0
	)
	// Bars get thinner when there are many, so that the chart stays on the
	// summary page.
	barH, rowH := 4.6, 7.0
	if len(rs) > 12 {
		barH, rowH = 3.4, 5.0
	}
	w := d.ContentW()
	plotX := pdfkit.MarginX + labelW
	plotW := w - labelW - valueW
	chartH := legH + float64(len(rs))*rowH + axisH
	if total > len(rs) {
		chartH += 8
	}
	d.H2(title, pdfkit.Text, chartH, false)

	maxV := 1
	for _, r := range rs {
		maxV = max(maxV, r.Load, r.Cap, r.Customers+r.Incoming)
	}
	step := niceStep(float64(maxV) / 5)
	axisMax := math.Ceil(float64(maxV)*1.02/step) * step
	xOf := func(v float64) float64 { return plotX + v/axisMax*plotW }

	// Legend.
	y := f.GetY()
	lx := pdfkit.MarginX
	legend := func(c pdfkit.RGB, label string) {
		d.FillColor(c)
		f.Rect(lx, y+1.2, 3.5, 3, "F")
		d.Font(false, 8)
		d.Color(pdfkit.Text)
		f.SetXY(lx+4.5, y)
		tw := d.StrWidth(label) + 3
		d.Cell(tw, 5.4, label, 0, "L")
		lx += 4.5 + tw + 3
	}
	legend(colBarOwn, d.l("pdf_chart_own"))
	legend(colBarIn, d.l("pdf_chart_incoming"))
	legend(colBarNearOwn, d.l("pdf_chart_near"))
	legend(colBarOverOwn, d.l("pdf_chart_over"))
	legend(colBarBadOwn, "✗ "+d.l("chart_ineligible"))
	d.DrawColor(pdfkit.Text)
	f.SetLineWidth(0.6)
	f.Line(lx+1.5, y+0.6, lx+1.5, y+4.8)
	f.SetXY(lx+4, y)
	d.Cell(40, 5.4, d.l("pdf_chart_cap_tick"), 0, "L")

	top := y + legH
	plotBottom := top + float64(len(rs))*rowH

	// Grid lines and axis labels.
	f.SetLineWidth(0.15)
	d.DrawColor(pdfkit.Rule)
	d.Font(false, 7)
	d.Color(pdfkit.Muted)
	for v := 0.0; v <= axisMax+step/2; v += step {
		x := xOf(v)
		f.Line(x, top, x, plotBottom)
		f.SetXY(x-12, plotBottom+0.8)
		d.Cell(24, 3.5, fmtInt(int(v)), 0, "C")
	}
	d.DrawColor(pdfkit.Text)
	f.SetLineWidth(0.3)
	f.Line(plotX, top, plotX, plotBottom)
	f.Line(plotX, plotBottom, plotX+plotW, plotBottom)
	d.Font(false, 8)
	f.SetXY(plotX, plotBottom+4.6)
	d.Cell(plotW, 4, d.l("pdf_chart_axis"), 0, "C")

	for i, r := range rs {
		ry := top + float64(i)*rowH
		by := ry + (rowH-barH)/2
		own, in := colBarOwn, colBarIn
		labelColor := pdfkit.Text
		switch {
		case r.OverBy > 0 || r.Load > r.Cap:
			own, in = colBarOverOwn, colBarOverIn
			labelColor = colBarOverOwn
		case !r.Eligible:
			own, in = colBarBadOwn, colBarBadIn
		case d.nearCap[audit.Key(r.UserID)]:
			own, in = colBarNearOwn, colBarNearIn
		}
		// Label: name and userid, shortened to the label column; an
		// ineligible receiver is marked ✗ whatever its load.
		label := r.UserID
		if r.Name != "" {
			label = r.Name + " " + r.UserID
		}
		if !r.Eligible {
			label = "✗ " + label
			labelColor = colBarOverOwn
		}
		d.Font(!r.Eligible || r.OverBy > 0, 8)
		d.Color(labelColor)
		label = d.Fit(label, labelW-2)
		f.SetXY(pdfkit.MarginX, ry)
		d.Cell(labelW-1.5, rowH, label, 0, "R")

		// Own customers then incoming (after overlap credit), as the
		// engine counted them: their sum is the load.
		ownW := xOf(float64(r.Customers)) - plotX
		inV := max(r.Load-r.Customers, 0)
		inW := xOf(float64(inV)) - plotX
		if ownW > 0 {
			d.FillColor(own)
			f.Rect(plotX, by, ownW, barH, "F")
		}
		if inW > 0 {
			d.FillColor(in)
			f.Rect(plotX+ownW, by, inW, barH, "F")
		}
		// Cap tick, taller than the bar so it shows over it.
		cx := xOf(float64(r.Cap))
		d.DrawColor(pdfkit.Text)
		f.SetLineWidth(0.6)
		f.Line(cx, by-1.1, cx, by+barH+1.1)

		// Value: load / cap, in red when over.
		d.Font(r.OverBy > 0, 7.5)
		if r.OverBy > 0 {
			d.Color(colBarOverOwn)
		} else {
			d.Color(pdfkit.Text)
		}
		f.SetXY(plotX+plotW+1, ry)
		d.Cell(valueW-1, rowH, fmtInt(r.Load)+" / "+fmtInt(r.Cap), 0, "L")
	}
	d.Color(pdfkit.Text)
	f.SetXY(pdfkit.MarginX, plotBottom+axisH)
	if total > len(rs) {
		d.Para(d.lf("pdf_chart_top", "n", strconv.Itoa(len(rs)), "total", strconv.Itoa(total)), 8, false, pdfkit.Muted)
	}
}

// niceStep rounds a raw axis step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return math.Max(1, m*p)
		}
	}
	return 10 * p
}

// ---- findings ----

func (d *pdfDoc) findings() {
	res := d.res
	d.H1(d.l("pdf_findings"))
	if len(res.Findings) == 0 {
		d.Para(d.l("pdf_no_findings"), 10, false, pdfkit.Text)
		return
	}
	w := d.ContentW()
	for _, sev := range rules.Severities {
		var group []audit.Finding
		for _, fd := range res.Findings {
			if fd.Severity == sev {
				group = append(group, fd)
			}
		}
		if len(group) == 0 {
			continue
		}
		c := severityColor(sev)
		t := d.Table(8.5,
			pdfkit.Col{Head: d.l("rule"), W: w * 0.22, Align: "L"},
			pdfkit.Col{Head: d.l("member"), W: w * 0.15, Align: "L"},
			pdfkit.Col{Head: d.l("count"), W: w * 0.08, Align: "R"},
			pdfkit.Col{Head: d.l("message"), W: w * 0.47, Align: "L"},
			pdfkit.Col{Head: d.l("source"), W: w * 0.08, Align: "L"},
		)
		var rows [][]pdfkit.Cell
		for _, fd := range group {
			member := fd.Member
			if member == "" {
				member = "—"
			}
			if fd.Receiver != "" {
				member += " → " + fd.Receiver
			}
			msg := d.txt(fd.Message)
			if rem := d.txt(fd.Remediation); rem != "" {
				msg += "\n" + d.l("pdf_remediation_prefix") + rem
			}
			if note := d.waiverNote(fd); note != "" {
				msg += "\n" + note
			}
			rows = append(rows, []pdfkit.Cell{
				{Text: d.txt(fd.Title) + "\n" + fd.Rule, Color: &c},
				pdfkit.Plain(member),
				pdfkit.Plain(fmtInt(fd.Count)),
				pdfkit.Plain(msg),
				pdfkit.Plain(strings.Join(fd.Source, ", ")),
			})
		}
		title := d.lf("pdf_findings_n", "severity", capitalize(SeverityLabel(sev, d.lang)), "n", strconv.Itoa(len(group)))
		d.Titled(title, c, true, t, rows)
	}
}

// ---- handover sheets ----

func (d *pdfDoc) handovers() {
	res := d.res
	pick := pickSheets(res, d.opt.Sheets)
	if d.opt.HandoverDir != "" {
		d.handoverFiles(pick) // handover_files.go: each sheet is a file of its own
		return
	}
	if len(res.Departing) == 0 {
		d.H1(d.l("pdf_handover_sheets"))
		d.Para(d.l("pdf_no_leavers"), 10, false, pdfkit.Text)
		return
	}
	// Each sheet is a record of its own: it starts on a new page, and every
	// page it runs onto repeats its heading. A sheet is numbered as its
	// leaver is in the run, whichever sheets are written (pick).
	said := pick.said(d.lang)
	for n, i := range pick.idx {
		l := &res.Departing[i]
		d.running = d.l("pdf_handover_sheet") + " · " + d.who(l)
		d.sheet, d.sheetStart = i+1, true
		d.sheetTitle = d.lf("pdf_sheet_n", "n", strconv.Itoa(i+1), "total", strconv.Itoa(len(res.Departing))) + " · " + d.who(l)
		if n == 0 {
			d.H1(d.l("pdf_handover_sheets"))
			if said != "" {
				d.Para(said, 10, false, pdfkit.Text)
			}
		} else {
			d.F.AddPage()
		}
		d.handover(l, i+1, len(res.Departing))
	}
	if len(pick.idx) == 0 {
		d.H1(d.l("pdf_handover_sheets"))
		d.Para(said, 10, false, pdfkit.Text)
	}
	// The next page (the appendix) belongs to no sheet; its header clears
	// footSheet, so that the last sheet's page keeps its number.
	d.sheet, d.sheetTitle = 0, ""
	d.running = ""
}

// who names a leaver as people know them: 王堃（wmXyZ123）.
func (d *pdfDoc) who(l *audit.Leaver) string {
	if l.Name == "" {
		return l.UserID
	}
	return l.Name + d.paren(l.UserID)
}

func (d *pdfDoc) handover(l *audit.Leaver, n, of int) {
	f := d.F
	w := d.ContentW()

	who := d.who(l)
	d.Bookmark(who, 1, -1)
	d.Font(false, 9)
	d.Color(pdfkit.Muted)
	d.Cell(w, 5, d.lf("pdf_sheet_n", "n", strconv.Itoa(n), "total", strconv.Itoa(of)), 2, "L")
	d.ParaAt(pdfkit.MarginX, w, who, 15, true, pdfkit.Text)
	f.SetY(f.GetY() + 2)

	// The decision: may the account be deleted, what is lost, what is at
	// risk (rendered, never worked out here).
	dc := &l.Decision
	lost := 0
	if n, ok := dc.Lost.Total(); ok {
		lost = n
	}
	if dc.AtRisk.ExternalContacts != nil {
		lost += *dc.AtRisk.ExternalContacts
	}
	lr := d.atRisk[audit.Key(l.UserID)]
	total := 0
	if lr != nil {
		total = lr.total
	}
	lostText := explain.CountsOrNone(d.lang, dc.Lost)
	if dc.Lost.Any() {
		lostText += d.paren(explain.LostWhy(d.lang, dc.LostWhy))
	}
	d.Pairs([][2]string{
		{d.l("userid"), l.UserID},
		{d.l("name"), dash(l.Name)},
		{d.l("department"), dash(l.Department)},
		{d.l("status"), StatusLabel(l.Status, d.lang)},
		{d.l("departure_date"), dash(l.DepartureDate.String())},
		{d.l("limit_date"), dash(l.LimitDate.String())},
		{d.l("days_to_limit"), d.daysToLimit(l)},
		{d.l("in_scope"), TriLabel(l.InScope, d.lang)},
		{d.l("customers"), fmtInt(l.Customers)},
		{d.l("external"), ExternalLabel(l, d.lang)},
		{d.l("groups"), GroupsLabel(l, d.lang)},
		{d.l("pdf_transferable"), TransferableLabel(l, d.lang)},
		{catalog.T(d.lang, "label.route", nil), explain.Route(d.lang, dc.Route)},
		{catalog.T(d.lang, "gate.question", nil), explain.Gate(d.lang, dc.DeleteAccount) + " — " + explain.GateWhy(d.lang, l, d.res.AsOf)},
		{catalog.T(d.lang, "label.lost", nil), lostText},
		{catalog.T(d.lang, "label.at_risk", nil), explain.CountsOrNone(d.lang, dc.AtRisk)},
	})
	d.nextActions(l)

	// Receivers, with each one's load against its cap across the whole run.
	if len(l.Receivers) == 0 {
		d.H2(d.l("receivers"), pdfkit.Text, 6, false)
		d.Para(d.l("pdf_no_receiver_planned"), 9, false, pdfkit.Muted)
	} else {
		t := d.Table(8.5,
			pdfkit.Col{Head: d.l("receiver"), W: w * 0.22, Align: "L"},
			pdfkit.Col{Head: d.l("pdf_allocated"), W: w * 0.1, Align: "R"},
			pdfkit.Col{Head: d.l("pdf_own"), W: w * 0.1, Align: "R"},
			pdfkit.Col{Head: d.l("incoming"), W: w * 0.1, Align: "R"},
			pdfkit.Col{Head: d.l("load"), W: w * 0.12, Align: "R"},
			pdfkit.Col{Head: d.l("cap"), W: w * 0.1, Align: "R"},
			pdfkit.Col{Head: d.l("over_by"), W: w * 0.09, Align: "R"},
			pdfkit.Col{Head: d.l("pdf_eligible"), W: w * 0.17, Align: "L"},
		)
		var rows [][]pdfkit.Cell
		for _, a := range l.Receivers {
			name := a.UserID
			r := d.receivers[audit.Key(a.UserID)]
			if r != nil && r.Name != "" {
				name = r.Name + " " + a.UserID
			}
			if !a.Known || r == nil {
				rows = append(rows, []pdfkit.Cell{pdfkit.Plain(name), pdfkit.Plain(fmtInt(a.Customers)), pdfkit.Plain("—"), pdfkit.Plain("—"), pdfkit.Plain("—"), pdfkit.Plain("—"), pdfkit.Plain("—"),
					{Text: d.l("pdf_not_in_roster"), Color: &colBarOverOwn}})
				continue
			}
			load, over := pdfkit.Plain(fmtInt(r.Load)), pdfkit.Plain("—")
			switch {
			case r.OverBy > 0:
				load = pdfkit.Cell{Text: fmtInt(r.Load), Bold: true, Color: &colBarOverOwn}
				over = pdfkit.Cell{Text: fmtInt(r.OverBy), Bold: true, Color: &colBarOverOwn}
			case d.nearCap[audit.Key(r.UserID)]:
				load = pdfkit.Cell{Text: fmtInt(r.Load), Bold: true, Color: &colBarNearOwn}
			}
			elig := pdfkit.Cell{Text: d.yesNo(true), Color: &colPass}
			if !r.Eligible {
				var reasons []string
				for _, rs := range r.Reasons {
					reasons = append(reasons, d.txt(rs))
				}
				elig = pdfkit.Cell{Text: d.yesNo(false), Color: &colBarOverOwn}
				if len(reasons) > 0 {
					elig.Text += d.listSep() + strings.Join(reasons, d.listSep())
				}
			}
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(name), pdfkit.Plain(fmtInt(a.Customers)), pdfkit.Plain(fmtInt(r.Customers)), pdfkit.Plain(fmtInt(r.Incoming)),
				load, pdfkit.Plain(fmtInt(r.Cap)), over, elig})
		}
		d.Titled(d.l("receivers"), pdfkit.Text, false, t, rows)
	}

	// Every check, with its state, reason and source (pdf_sheet.go).
	d.checks(l, lost > 0 || total > 0)

	// What will be lost, and where the full list is: an appendix of this
	// report, or the workbook of the same run named by file and SHA-256.
	if lost > 0 || total > 0 {
		n := max(lost, total)
		f.SetY(f.GetY() + 2)
		d.Para(d.lf("pdf_at_risk_count", "n", d.contacts(n)), 9, true, pdfkit.Text)
		switch {
		case total == 0:
			d.Para(d.l("pdf_no_at_risk"), 8.5, false, pdfkit.Muted)
		case d.atRiskInAppendix():
			d.Para(d.l("pdf_at_risk_where"), 8.5, false, pdfkit.Muted)
		default:
			d.Para(d.bookRef("pdf_at_risk_book"), 8.5, false, pdfkit.Muted)
		}
	}

	d.signOff(l)
}

// nextActions draws the leaver's next actions in order: who, what (with
// the console path), the route, by when and whether it is overdue.
func (d *pdfDoc) nextActions(l *audit.Leaver) {
	w := d.ContentW()
	t := d.Table(7.5,
		pdfkit.Col{Head: "#", W: w * 0.04, Align: "R"},
		pdfkit.Col{Head: catalog.T(d.lang, "label.owner", nil), W: w * 0.11, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "label.next", nil), W: w * 0.67, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "label.due", nil), W: w * 0.18, Align: "L"},
	)
	ctx := explain.ContextOf(d.res, l)
	var rows [][]pdfkit.Cell
	for i, a := range l.Decision.Next {
		due := pdfkit.Cell{Text: explain.Due(d.lang, a)}
		if a.Overdue {
			due.Bold, due.Color = true, &colBarOverOwn
		}
		rows = append(rows, []pdfkit.Cell{pdfkit.Plain(strconv.Itoa(i + 1)), pdfkit.Plain(explain.Owner(d.lang, a.Owner)), pdfkit.Plain(explain.Action(d.lang, a, ctx)), due})
	}
	d.Titled(catalog.T(d.lang, "label.next", nil), pdfkit.Text, false, t, rows)
}

// contacts is a count of contacts with its noun: "1 contact", "2 contacts";
// in Chinese "1 个联系人".
func (d *pdfDoc) contacts(n int) string {
	return catalog.T(d.lang, "pdf.count.contacts", catalog.Args{"n": n})
}

// atRiskInAppendix tells whether this PDF lists every at-risk contact
// itself: when they are few enough, or when no workbook of the same run
// holds them.
func (d *pdfDoc) atRiskInAppendix() bool {
	return len(d.res.AtRisk) <= pdfAtRiskAppendix || d.opt.Workbook == nil
}

// bookRef fills a label naming the workbook of this run by file and SHA-256.
func (d *pdfDoc) bookRef(key string, kv ...string) string {
	wb := d.opt.Workbook
	file, sha := "—", "—"
	if wb != nil {
		file, sha = wb.Path, wb.SHA256
	}
	return d.lf(key, append([]string{"file", file, "sha", sha, "sheet", d.l("sheet_at_risk")}, kv...)...)
}

type signer struct{ role, name string }

// signers are who signs a leaver's sheet: the leaver who hands over
// (交接人), every receiver who takes customers, the leaver's manager, HR and
// a witness (监交人).
func (d *pdfDoc) signers(l *audit.Leaver) []signer {
	leaver := l.UserID
	if l.Name != "" {
		leaver = l.Name + " " + l.UserID
	}
	signers := []signer{{d.l("pdf_sign_leaver"), leaver}}
	receivers := 0
	for _, a := range l.Receivers {
		if a.Customers <= 0 {
			continue // a receiver of nothing has nothing to sign for
		}
		r := d.receivers[audit.Key(a.UserID)]
		if !a.Known || r == nil || !r.Eligible {
			// Not in the roster, or not able to receive (disabled,
			// leaving too, …): the decision replaces them; nobody signs
			// for a handover they cannot take.
			continue
		}
		name := a.UserID
		if r.Name != "" {
			name = r.Name + " " + a.UserID
		}
		signers = append(signers, signer{d.l("pdf_sign_receiver"), name})
		receivers++
	}
	if receivers == 0 && l.Decision.AtRisk.Customers != nil && *l.Decision.AtRisk.Customers > 0 {
		// Customers and no receiver yet: whoever takes them signs here.
		signers = append(signers, signer{d.l("pdf_sign_receiver"), ""})
	}
	signers = append(signers, signer{d.l("pdf_sign_manager"), ""}, signer{d.l("pdf_sign_hr"), ""}, signer{d.l("pdf_sign_witness"), ""})
	return signers
}

// signOff draws the signature block: the leaver who hands over (交接人),
// every receiver who takes customers, the leaver's manager, HR and a
// witness (监交人). It is kept on one page with the last lines above it,
// and a page it moves to repeats the sheet's heading (continuation).
func (d *pdfDoc) signOff(l *audit.Leaver) {
	d.signTable(d.l("pdf_sign_off"), d.l("pdf_sign_note"), d.signers(l))
}

// reportSignOff is the report's own sign-off on the cover: who prepared
// the audit, who reviewed it and who approved acting on it (a compliance
// file needs all three, apart from each leaver's handover sheet).
func (d *pdfDoc) reportSignOff() {
	d.signTable(d.l("pdf_report_sign_off"), d.l("pdf_report_sign_note"), []signer{
		{d.l("pdf_prepared_by"), ""}, {d.l("pdf_reviewed_by"), ""}, {d.l("pdf_approved_by"), ""},
	})
}

// signTable draws a signature block: a heading, a note and one blank line
// per signer to sign and date. It is kept on one page with the last lines
// above it, and a page it moves to repeats the sheet's heading
// (continuation).
func (d *pdfDoc) signTable(title, note string, signers []signer) {
	w := d.ContentW()
	cols := []pdfkit.Col{
		{Head: d.l("pdf_sign_role"), W: w * 0.22},
		{Head: d.l("name"), W: w * 0.3},
		{Head: d.l("pdf_signature"), W: w * 0.3},
		{Head: d.l("pdf_date"), W: w * 0.18},
	}
	rows := make([][]string, len(signers))
	for i, s := range signers {
		rows[i] = []string{s.role, s.name}
	}
	d.SignTable(title, note, cols, rows)
}

// ---- appendix ----

func (d *pdfDoc) appendix() {
	res := d.res
	w := d.ContentW()
	d.H1(d.l("pdf_appendix"))

	d.atRiskList()

	d.H2(d.l("assumed"), pdfkit.Text, 8, true)
	if len(res.Assumed) == 0 {
		d.Para(d.l("none"), 9, false, pdfkit.Muted)
	}
	for _, a := range res.AssumedIn(d.lang) {
		d.ParaAt(pdfkit.MarginX, w, "• "+a, 8.5, false, pdfkit.Text)
	}

	problems := d.lf("pdf_data_problems", "total", fmtInt(len(res.DataProblems)))
	if len(res.DataProblems) == 0 {
		d.H2(problems, pdfkit.Text, 6, true)
		d.Para(d.l("none"), 9, false, pdfkit.Muted)
	} else {
		t := d.Table(8,
			pdfkit.Col{Head: d.l("file"), W: w * 0.2, Align: "L"},
			pdfkit.Col{Head: d.l("sheet"), W: w * 0.12, Align: "L"},
			pdfkit.Col{Head: d.l("row"), W: w * 0.07, Align: "R"},
			pdfkit.Col{Head: d.l("column"), W: w * 0.14, Align: "L"},
			pdfkit.Col{Head: d.l("problem"), W: w * 0.47, Align: "L"},
		)
		n := min(len(res.DataProblems), pdfDataProblems)
		var rows [][]pdfkit.Cell
		for _, p := range res.DataProblems[:n] {
			text := p.Problem.In(d.lang)
			row := "—"
			if p.Row > 0 {
				row = strconv.Itoa(p.Row)
			}
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(p.File), pdfkit.Plain(dash(p.Sheet)), pdfkit.Plain(row), pdfkit.Plain(dash(p.Column)), pdfkit.Plain(text)})
		}
		d.Titled(problems, pdfkit.Text, true, t, rows)
		if len(res.DataProblems) > n {
			d.F.SetY(d.F.GetY() + 1)
			d.Para(d.lf("pdf_data_problems_shown", "n", strconv.Itoa(n), "total", fmtInt(len(res.DataProblems))), 8, false, pdfkit.Muted)
		}
	}
}

// atRiskList lists every contact that will be lost, leaver by leaver, or
// names the workbook that does when there are too many for a PDF.
func (d *pdfDoc) atRiskList() {
	res := d.res
	w := d.ContentW()
	title := d.l("pdf_at_risk_all")
	if len(res.AtRisk) == 0 {
		d.H2(title, pdfkit.Text, 6, true)
		d.Para(d.l("none"), 9, false, pdfkit.Muted)
		return
	}
	if !d.atRiskInAppendix() {
		d.H2(title, pdfkit.Text, 10, true)
		d.Para(d.bookRef("pdf_at_risk_too_many", "total", fmtInt(len(res.AtRisk)), "max", fmtInt(pdfAtRiskAppendix)), 9, false, pdfkit.Text)
		return
	}
	byLeaver := map[string][]int{}
	for i, c := range res.AtRisk {
		k := audit.Key(c.Member)
		byLeaver[k] = append(byLeaver[k], i)
	}
	d.H2(title, pdfkit.Text, 16, true)
	for i := range res.Departing {
		l := &res.Departing[i]
		idx := byLeaver[audit.Key(l.UserID)]
		if len(idx) == 0 {
			continue
		}
		t := d.Table(8,
			pdfkit.Col{Head: "#", W: w * 0.07, Align: "R"},
			pdfkit.Col{Head: d.l("contact_name"), W: w * 0.3, Align: "L"},
			pdfkit.Col{Head: d.l("external_id"), W: w * 0.33, Align: "L"},
			pdfkit.Col{Head: d.l("kind"), W: w * 0.15, Align: "L"},
			pdfkit.Col{Head: d.l("added_at"), W: w * 0.15, Align: "L"},
		)
		rows := make([][]pdfkit.Cell, 0, len(idx))
		for n, k := range idx {
			c := res.AtRisk[k]
			name := c.ContactName
			if d.mask {
				name = MaskName(name)
			}
			kind := d.l("kind_external")
			if c.Customer {
				kind = d.l("kind_customer")
			}
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(strconv.Itoa(n + 1)), pdfkit.Plain(dash(name)), pdfkit.Plain(dash(c.ExternalID)), pdfkit.Plain(kind), pdfkit.Plain(dash(c.AddedAt.String()))})
		}
		d.Titled(d.lf("pdf_at_risk_of", "who", d.who(l), "n", d.contacts(len(idx))), pdfkit.Text, false, t, rows)
	}
}

// ---- audit trail ----

// trail is the last page: what ties the documents to one run and lets a
// reviewer redo it (report id, generation time, version, command line,
// inputs with their hashes, the rule set and every threshold in force) and
// what the source codes the rules cite stand for.
func (d *pdfDoc) trail() {
	res, opt := d.res, d.opt
	w := d.ContentW()
	d.H1(d.l("trail"))
	rsHash := RuleSetHash(res.Rules)
	cmd := d.l("not_stated")
	if len(opt.CommandLine) > 0 {
		cmd = commandLine(opt.CommandLine)
	}
	g := d.Grid(8.5, pdfkit.Col{W: w * 0.22, Align: "L"}, pdfkit.Col{W: w * 0.78, Align: "L"})
	for _, kv := range [][2]string{
		{d.l("report_id"), d.id},
		{d.l("generated_at"), generatedText(opt, d.lang)},
		{d.l("as_of"), dash(res.AsOf.String())},
		{d.l("company"), dash(res.Company)},
		{d.l("tool_version"), dash(res.ToolVersion)},
		{d.l("command_line"), cmd},
		{d.l("rules_version"), dash(res.RulesVersion)},
		{d.l("rule_set_hash"), dash(rsHash)},
	} {
		g.Row(pdfkit.Cell{Text: kv[0], Bold: true, Fill: &pdfkit.Label}, pdfkit.Plain(kv[1]))
	}
	d.F.SetY(d.F.GetY() + 1)
	d.Para(d.l("trail_id_note"), 8, false, pdfkit.Muted)

	ins := trailInputs(res, opt)
	if opt.Workbook != nil {
		ins = append(ins, trailInput{Role: "workbook", Path: opt.Workbook.Path, SHA256: opt.Workbook.SHA256})
	}
	if len(ins) == 0 {
		d.H2(d.l("pdf_inputs"), pdfkit.Text, 6, true)
		d.Para(d.l("pdf_no_inputs"), 9, false, pdfkit.Muted)
	} else {
		t := d.Table(7.5,
			pdfkit.Col{Head: d.l("role"), W: w * 0.12, Align: "L"},
			pdfkit.Col{Head: d.l("file"), W: w * 0.24, Align: "L"},
			pdfkit.Col{Head: d.l("rows"), W: w * 0.08, Align: "R"},
			pdfkit.Col{Head: d.l("exported_at"), W: w * 0.14, Align: "L"},
			pdfkit.Col{Head: d.l("sha256"), W: w * 0.42, Align: "L"},
		)
		var rows [][]pdfkit.Cell
		for _, in := range ins {
			n := "—"
			if in.HasRows {
				n = fmtInt(in.Rows)
			}
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(d.role(in.Role)), pdfkit.Plain(in.Path), pdfkit.Plain(n), pdfkit.Plain(dash(in.Exported)), pdfkit.Plain(dash(in.SHA256))})
		}
		d.Titled(d.l("pdf_inputs"), pdfkit.Text, true, t, rows)
	}

	if ths := thresholds(res.Rules); len(ths) > 0 {
		t := d.Table(8,
			pdfkit.Col{Head: d.l("setting"), W: w * 0.34, Align: "L"},
			pdfkit.Col{Head: d.l("meaning"), W: w * 0.5, Align: "L"},
			pdfkit.Col{Head: d.l("value"), W: w * 0.16, Align: "R"},
		)
		var rows [][]pdfkit.Cell
		for _, th := range ths {
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(th.Key), pdfkit.Plain(d.txt(th.Label)), pdfkit.Plain(th.Value)})
		}
		d.Titled(d.l("thresholds"), pdfkit.Text, true, t, rows)
	}

	if res.Rules != nil {
		t := d.Table(8,
			pdfkit.Col{Head: d.l("rule"), W: w * 0.3, Align: "L"},
			pdfkit.Col{Head: d.l("severity"), W: w * 0.1, Align: "L"},
			pdfkit.Col{Head: d.l("title_col"), W: w * 0.48, Align: "L"},
			pdfkit.Col{Head: d.l("source"), W: w * 0.12, Align: "L"},
		)
		var disabled []string
		var rows [][]pdfkit.Cell
		for _, r := range res.Rules.Rules() {
			if !r.Enabled {
				disabled = append(disabled, r.ID)
				continue
			}
			c := severityColor(r.Severity)
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(r.ID), {Text: SeverityLabel(r.Severity, d.lang), Color: &c}, pdfkit.Plain(d.txt(r.Title)), pdfkit.Plain(strings.Join(r.Source, ", "))})
		}
		d.Titled(d.l("pdf_rules_in_force"), pdfkit.Text, true, t, rows)
		if len(disabled) > 0 {
			d.F.SetY(d.F.GetY() + 1)
			d.Para(d.lf("pdf_rules_disabled", "ids", strings.Join(disabled, ", ")), 8, false, pdfkit.Muted)
		}

		t = d.Table(8,
			pdfkit.Col{Head: d.l("source"), W: w * 0.08, Align: "L"},
			pdfkit.Col{Head: d.l("fact"), W: w * 0.6, Align: "L"},
			pdfkit.Col{Head: d.l("published"), W: w * 0.32, Align: "L"},
		)
		rows = nil
		for _, code := range citedSources(res.Rules) {
			text, src, ok := SourceLegend(code, d.lang)
			if !ok {
				text, src = d.l("unknown"), "—"
			}
			rows = append(rows, []pdfkit.Cell{{Text: code, Bold: true}, pdfkit.Plain(text), pdfkit.Plain(src)})
		}
		d.Titled(d.l("sources_legend"), pdfkit.Text, true, t, rows)
		d.F.SetY(d.F.GetY() + 1)
		d.Para(d.l("trail_domain_note"), 8, false, pdfkit.Muted)
	}
	d.F.SetY(d.F.GetY() + 2)
	d.Para(d.l("pdf_font_note"), 8, false, pdfkit.Muted)
}

// ---- small formatting helpers ----

// role names an input's role (roster, contacts, …) in the report language;
// a role the labels do not know is shown as written.
func (d *pdfDoc) role(r string) string {
	if t, ok := labels["role_"+r]; ok {
		return t.In(d.lang)
	}
	return r
}

func (d *pdfDoc) yesNo(b bool) string {
	if b {
		return d.l("yes")
	}
	return d.l("no")
}

// colon and paren follow the language's punctuation: full-width in Chinese.
func (d *pdfDoc) colon() string {
	if d.lang == "en" {
		return ": "
	}
	return "："
}

func (d *pdfDoc) paren(s string) string {
	if d.lang == "en" {
		return " (" + s + ")"
	}
	return "（" + s + "）"
}

func (d *pdfDoc) listSep() string {
	if d.lang == "en" {
		return "; "
	}
	return "；"
}

func (d *pdfDoc) daysToLimit(l *audit.Leaver) string {
	if l.LimitDate.IsZero() {
		return "—"
	}
	if l.DaysToLimit < 0 {
		return d.lf("pdf_expired_days", "days", fmtInt(-l.DaysToLimit))
	}
	return d.lf("pdf_days", "days", fmtInt(l.DaysToLimit))
}

// capitalize upper-cases the first letter, for English headings; Chinese is
// left as it is.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// dash shows an empty value as an em dash, so a blank is visibly "none".
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// fmtInt writes n with thousands separators: 41200 → 41,200.
func fmtInt(n int) string { return audit.Thousands(n) }
