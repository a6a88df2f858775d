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

	"codeberg.org/go-pdf/fpdf"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/report/fonts"
	"github.com/wecom-audit/auditor/rules"
)

// The PDF's only font. fpdf reads plain TrueType (glyf outlines) only, and a
// compliance file must render every Chinese name — rare characters such as
// 堃 喆 玥 昇 犇 燚 included — with Latin and digits from the same face.
// LXGW WenKai (OFL-1.1, fonts/OFL.txt) covers all of that. The file is the
// unmodified upstream release as packaged by Debian (fonts-lxgw-wenkai
// 1.250), compressed in package fonts: subsetting it would make a Modified
// Version that the OFL forbids to carry the reserved name "LXGW". Bold is
// the regular outlines filled and stroked (cellFormat): the real Bold face
// would add 8 MB to a binary that must stay under 35 MB (issue 27). fpdf
// embeds only the glyphs a document uses.
var fontRegular = fonts.Regular

// boldStroke is the outline width of bold text, as a share of the font
// size: heavy enough to read as bold at 7.5–20 pt, light enough that 口
// and 日 keep their counters open.
const boldStroke = 0.035

// pdfFont is the family name the fonts are registered under. It is not a
// base-14 name, so fpdf can never fall back to an unembedded Helvetica.
const pdfFont = "wenkai"

// What the PDF lists in full is bounded so that a 100,000-contact audit still
// gives a document people read; the workbook carries every row.
const (
	pdfAtRiskPerLeaver = 30
	pdfAtRiskAppendix  = 2000 // beyond this, the workbook of the run holds the list
	pdfDataProblems    = 50
	pdfChartReceivers  = 25
)

// Page geometry in mm (A4 portrait).
const (
	pdfMarginX   = 15.0
	pdfTop       = 20.0 // content starts below the running header
	pdfBottom    = 18.0 // content ends above the footer
	pdfCellPad   = 1.0  // vertical padding inside table cells
	pdfPtToMM    = 25.4 / 72
	pdfLineSpace = 1.4 // line height as a multiple of the font size
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
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

type rgb struct{ r, g, b int }

var (
	colText     = rgb{33, 37, 41}
	colMuted    = rgb{108, 117, 125}
	colRule     = rgb{206, 212, 218}
	colHeadFill = rgb{52, 73, 94}
	colZebra    = rgb{246, 248, 250}
	colLabel    = rgb{236, 240, 244}
	colPass     = rgb{25, 135, 84}
	colOK       = rgb{25, 135, 84}
	colAccent   = rgb{31, 78, 121}
	// Chart bars: own customers solid, incoming customers a lighter tint of
	// the same hue; red when over cap, amber when near it.
	colBarOwn     = rgb{31, 119, 180}
	colBarIn      = rgb{158, 202, 225}
	colBarNearOwn = rgb{214, 150, 0}
	colBarNearIn  = rgb{246, 214, 140}
	colBarOverOwn = rgb{192, 0, 0}
	colBarOverIn  = rgb{240, 150, 150}
	// An ineligible receiver cannot take anything, however much room it
	// has: dark grey, never the healthy blue.
	colBarBadOwn = rgb{80, 80, 80}
	colBarBadIn  = rgb{170, 170, 170}
)

// severityColor is the colour a severity is shown in throughout the report.
func severityColor(s rules.Severity) rgb {
	switch s {
	case rules.Critical:
		return rgb{192, 0, 0}
	case rules.High:
		return rgb{217, 83, 0}
	case rules.Medium:
		return rgb{191, 140, 0}
	case rules.Low:
		return rgb{31, 119, 180}
	}
	return rgb{108, 117, 125}
}

// tint mixes c with white; f is the share of white (0..1).
func tint(c rgb, f float64) rgb {
	m := func(v int) int { return int(math.Round(float64(v) + (255-float64(v))*f)) }
	return rgb{m(c.r), m(c.g), m(c.b)}
}

type pdfDoc struct {
	f    *fpdf.Fpdf
	res  *audit.Result
	lang string
	mask bool

	pageW, pageH float64
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
	// drawn, when not nil, collects every character drawn or measured.
	drawn map[rune]bool

	// The current face, for measuring text when wrapping it.
	bold   bool
	size   float64
	widths map[widthKey]float64
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
	f := fpdf.New("P", "mm", "A4", "")
	d := &pdfDoc{f: f, res: res, lang: lang, mask: opt.MaskPII, widths: map[widthKey]float64{}, opt: opt, id: ReportID(res, opt)}
	d.receivers, d.atRisk, d.nearCap = x.receivers, x.atRisk, x.nearCap
	d.pageW, d.pageH = f.GetPageSize()

	// Determinism: the generation time from cmd (SOURCE_DATE_EPOCH when
	// set), else the audit date; sorted catalogs.
	stamp := generated(res, opt)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetCatalogSort(true)
	f.SetCompression(true)

	title := d.l("title")
	if !res.AsOf.IsZero() {
		title += " " + res.AsOf.String()
	}
	f.SetTitle(drawable(title), true)
	f.SetAuthor("auditor", true)
	subject := d.l("pdf_subject")
	if res.Company != "" {
		subject = res.Company + " · " + subject
	}
	f.SetSubject(drawable(subject), true)
	creator := "auditor"
	if res.ToolVersion != "" {
		creator += " " + res.ToolVersion
	}
	f.SetCreator(drawable(creator), true)
	if lang == "en" {
		f.SetLang("en")
	} else {
		f.SetLang("zh-CN")
	}

	// AliasNbPages must come before the fonts are added: fpdf reserves the
	// alias's glyph range in the subset when the font is registered.
	f.AliasNbPages("{nb}")
	regular := x.regular
	if regular == nil {
		regular = fontRegular()
	}
	f.AddUTF8FontFromBytes(pdfFont, "", regular)

	f.SetMargins(pdfMarginX, pdfTop, pdfMarginX)
	f.SetAutoPageBreak(true, pdfBottom)
	// Not home mode: the header places the content itself, lower on a page
	// that continues a handover sheet under its repeated heading.
	f.SetHeaderFuncMode(d.header, false)
	f.SetFooterFunc(d.footer)

	return d
}

// cellFormat, strWidth and bookmark are the only ways text reaches fpdf:
// each passes it through drawable first, so that no character can crash the
// document or vanish from it (glyphs.go).
func (d *pdfDoc) cellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, linkStr string) {
	if !d.bold || s == "" {
		d.f.CellFormat(w, h, d.drawable(s), border, ln, align, fill, link, linkStr)
		return
	}
	// Bold: the border and fill first, in their own colour; then the
	// text, filled and stroked in the text's colour (render mode 2).
	f := d.f
	x, y := f.GetXY()
	if border != "" || fill {
		f.CellFormat(w, h, "", border, 0, align, fill, 0, "")
		f.SetXY(x, y)
	}
	r, g, b := f.GetTextColor()
	dr, dg, db := f.GetDrawColor()
	lw := f.GetLineWidth()
	f.SetDrawColor(r, g, b)
	f.SetLineWidth(d.size * boldStroke * pdfPtToMM)
	f.SetTextRenderingMode(2)
	f.CellFormat(w, h, d.drawable(s), "", ln, align, false, link, linkStr)
	f.SetTextRenderingMode(0)
	f.SetDrawColor(dr, dg, db)
	f.SetLineWidth(lw)
}

func (d *pdfDoc) strWidth(s string) float64 { return d.f.GetStringWidth(d.drawable(s)) }

func (d *pdfDoc) bookmark(s string, level int, y float64) { d.f.Bookmark(d.drawable(s), level, y) }

// drawable is drawable(s), noting its characters when the document keeps
// count of them (d.drawn: a handover file drawn with a cut font checks
// that the font held them all, handover_files.go).
func (d *pdfDoc) drawable(s string) string {
	s = drawable(s)
	if d.drawn != nil {
		for _, r := range s {
			d.drawn[r] = true
		}
	}
	return s
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

func (d *pdfDoc) contentW() float64 { return d.pageW - 2*pdfMarginX }
func (d *pdfDoc) bottom() float64   { return d.pageH - pdfBottom }

func (d *pdfDoc) font(bold bool, size float64) {
	// One face: bold is drawn by cellFormat, not chosen here.
	d.bold, d.size = bold, size
	d.f.SetFont(pdfFont, "", size)
}

// keepFace restores the face the wrapper measures with after a header or
// footer ran in the middle of a page break (fpdf restores the font itself).
func (d *pdfDoc) keepFace() func() {
	bold, size := d.bold, d.size
	return func() { d.bold, d.size = bold, size }
}

func (d *pdfDoc) color(c rgb)     { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *pdfDoc) fillColor(c rgb) { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *pdfDoc) drawColor(c rgb) { d.f.SetDrawColor(c.r, c.g, c.b) }

func lineH(size float64) float64 { return size * pdfPtToMM * pdfLineSpace }

// header runs on every page but the cover: document title left, company and
// as-of right, so a loose page still says which audit it belongs to.
func (d *pdfDoc) header() {
	defer d.keepFace()()
	d.footSheet = d.sheet
	if d.f.PageNo() == 1 && !d.alone {
		return
	}
	defer d.continuation()
	d.font(false, 8)
	d.color(colMuted)
	w := d.contentW()
	d.f.SetXY(pdfMarginX, 8)
	left := d.l("title")
	if d.running != "" {
		left = d.running
	}
	d.cellFormat(w/2, 4, d.fit(left, w/2-2), "", 0, "L", false, 0, "")
	right := d.res.AsOf.String()
	if d.res.Company != "" {
		right = d.res.Company + " · " + right
	}
	d.cellFormat(w/2, 4, right, "", 0, "R", false, 0, "")
	d.drawColor(colRule)
	d.f.SetLineWidth(0.2)
	d.f.Line(pdfMarginX, 13, pdfMarginX+w, 13)
	d.color(colText)
}

// continuation places the content of a new page: below the repeated
// heading of the handover sheet it continues, else at the top margin. Every
// page of a sheet, the one with the sign-off included, so says whose record
// it is.
func (d *pdfDoc) continuation() {
	d.f.SetXY(pdfMarginX, pdfTop)
	if d.sheet == 0 {
		return
	}
	if d.sheetStart {
		d.sheetStart = false
		return
	}
	d.font(true, 11)
	d.color(colAccent)
	d.cellFormat(d.contentW(), 6, d.fit(d.sheetTitle+d.l("pdf_continued"), d.contentW()), "", 2, "L", false, 0, "")
	d.f.SetXY(pdfMarginX, pdfTop+8)
	d.color(colText)
}

// footer puts the report id left, "Page X of Y" (第 X 页 / 共 Y 页) right
// and, on a handover sheet, the sheet's number in the middle, so that a
// loose page can be put back where it belongs.
func (d *pdfDoc) footer() {
	defer d.keepFace()()
	d.font(false, 8)
	d.color(colMuted)
	w := d.contentW()
	y := d.pageH - 12
	d.drawColor(colRule)
	d.f.SetLineWidth(0.2)
	d.f.Line(pdfMarginX, y-1, pdfMarginX+w, y-1)
	d.f.SetXY(pdfMarginX, y)
	d.cellFormat(w/3, 4, d.lf("pdf_footer_id", "id", d.id), "", 0, "L", false, 0, "")
	mid := ""
	if d.footSheet > 0 {
		mid = d.lf("pdf_footer_sheet", "n", strconv.Itoa(d.footSheet), "total", strconv.Itoa(len(d.res.Departing)))
	}
	d.cellFormat(w/3, 4, mid, "", 0, "C", false, 0, "")
	d.cellFormat(w/3, 4, d.lf("pdf_page_of", "page", strconv.Itoa(d.f.PageNo()), "pages", "{nb}"), "", 0, "R", false, 0, "")
	d.color(colText)
}

// need starts a new page unless h mm fit above the bottom margin.
func (d *pdfDoc) need(h float64) {
	if d.f.GetY()+h > d.bottom()+1e-6 {
		d.f.AddPage()
	}
}

// wrap splits text into lines that fit w mm in the current font. It breaks
// after spaces, between CJK characters (never before a closing or after an
// opening punctuation mark) and after / and -; a token with no such place
// (a hash, a long id) is broken where it reaches the edge, so nothing ever
// runs out of its cell. fpdf's own SplitText is not used: it drops the Han
// character at which it breaks a line.
func (d *pdfDoc) wrap(text string, w float64) []string {
	wmax := w - 2*d.f.GetCellMargin()
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		out = append(out, d.wrapLine([]rune(para), wmax)...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func (d *pdfDoc) wrapLine(rs []rune, wmax float64) []string {
	var lines []string
	start, brk := 0, -1
	width := 0.0
	for i := 0; i < len(rs); i++ {
		cw := d.runeWidth(rs[i])
		if width+cw > wmax+1e-9 && i > start {
			end := brk
			if end <= start {
				end = i
			}
			lines = append(lines, strings.TrimRight(string(rs[start:end]), " "))
			for end < len(rs) && rs[end] == ' ' {
				end++
			}
			start, brk, width = end, -1, 0
			i = start - 1
			continue
		}
		width += cw
		if i+1 < len(rs) && canBreak(rs[i], rs[i+1]) {
			brk = i + 1
		}
	}
	if start < len(rs) || len(lines) == 0 {
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

// runeWidth is the width of r in mm in the current font, cached per face.
func (d *pdfDoc) runeWidth(r rune) float64 {
	k := widthKey{d.bold, r}
	if w, ok := d.widths[k]; ok {
		return w * d.size
	}
	w := d.strWidth(string(r)) / d.size
	d.widths[k] = w
	return w * d.size
}

type widthKey struct {
	bold bool
	r    rune
}

// canBreak reports whether a line may end between a and b.
func canBreak(a, b rune) bool {
	switch {
	case a == ' ':
		return b != ' '
	case b == ' ', noLineStart(b), noLineEnd(a):
		return false
	case wide(a) || wide(b):
		return true
	case a == '/' || a == '-':
		return true
	}
	return false
}

// wide is a character a Chinese line may break around.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30ff) || (r >= 0xff00 && r <= 0xffef)
}

func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』】〉”’,.;:!?)]}%…", r)
}
func noLineEnd(r rune) bool { return strings.ContainsRune("（《「『【〈“‘([{", r) }

// para writes wrapped text across the content width, breaking pages between
// lines.
func (d *pdfDoc) para(text string, size float64, bold bool, c rgb) {
	d.paraAt(pdfMarginX, d.contentW(), text, size, bold, c)
}

func (d *pdfDoc) paraAt(x, w float64, text string, size float64, bold bool, c rgb) {
	d.font(bold, size)
	d.color(c)
	lh := lineH(size)
	for _, line := range d.wrap(text, w) {
		d.need(lh)
		d.f.SetX(x)
		d.cellFormat(w, lh, line, "", 2, "L", false, 0, "")
	}
	d.color(colText)
}

// h1 starts a section on a new page, with a bookmark.
func (d *pdfDoc) h1(title string) {
	d.f.AddPage()
	d.font(true, 16)
	d.color(colAccent)
	d.bookmark(title, 0, -1)
	d.f.SetX(pdfMarginX)
	d.cellFormat(d.contentW(), 9, title, "", 2, "L", false, 0, "")
	d.drawColor(colAccent)
	d.f.SetLineWidth(0.5)
	y := d.f.GetY()
	d.f.Line(pdfMarginX, y, pdfMarginX+d.contentW(), y)
	d.f.SetY(y + 4)
	d.color(colText)
}

// h2 is a sub-heading kept with at least `keep` mm of what follows it.
func (d *pdfDoc) h2(title string, c rgb, keep float64, bookmark bool) {
	d.f.SetY(d.f.GetY() + 2)
	d.need(8 + keep)
	d.font(true, 12)
	d.color(c)
	if bookmark {
		d.bookmark(title, 1, -1)
	}
	d.f.SetX(pdfMarginX)
	d.cellFormat(d.contentW(), 7, title, "", 2, "L", false, 0, "")
	d.f.SetY(d.f.GetY() + 1)
	d.color(colText)
}

// ---- tables ----

type pdfCol struct {
	head  string
	w     float64
	align string // L, C or R
}

type pdfCell struct {
	text  string
	bold  bool
	color *rgb // text colour; nil for the default
	fill  *rgb // background; nil for zebra striping
}

func plain(s string) pdfCell { return pdfCell{text: s} }

// pdfTable draws rows whose height is computed from their wrapped text. A
// row that does not fit moves to the next page under a repeated header; a
// row taller than a whole page is split across pages line by line.
type pdfTable struct {
	d        *pdfDoc
	cols     []pdfCol
	size     float64
	noHeader bool
	zebra    bool
	rows     int
	started  bool // header drawn
}

// table makes a table; its header is drawn with the first row, so that the
// two always share a page.
func (d *pdfDoc) table(size float64, cols ...pdfCol) *pdfTable {
	return &pdfTable{d: d, cols: cols, size: size, zebra: true}
}

// titled draws a sub-heading and a table of rows, keeping the heading, the
// header row and the first row together on one page.
func (d *pdfDoc) titled(title string, c rgb, bookmark bool, t *pdfTable, rows [][]pdfCell) {
	keep := t.headerH()
	if len(rows) > 0 {
		keep += min(t.measure(rows[0]), 4*lineH(t.size)+2*pdfCellPad)
	}
	d.h2(title, c, keep, bookmark)
	for _, r := range rows {
		t.row(r...)
	}
}

// grid is a table without a header row, for label/value pairs.
func (d *pdfDoc) grid(size float64, cols ...pdfCol) *pdfTable {
	return &pdfTable{d: d, cols: cols, size: size, noHeader: true}
}

func (t *pdfTable) headerLines() [][]string {
	t.d.font(true, t.size)
	lines := make([][]string, len(t.cols))
	for i, c := range t.cols {
		lines[i] = t.d.wrap(c.head, c.w)
	}
	return lines
}

func (t *pdfTable) headerH() float64 {
	if t.noHeader {
		return 0
	}
	n := 1
	for _, l := range t.headerLines() {
		n = max(n, len(l))
	}
	return float64(n)*lineH(t.size) + 2*pdfCellPad
}

func (t *pdfTable) header() {
	if t.noHeader {
		return
	}
	lines := t.headerLines()
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	cells := make([]pdfCell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = pdfCell{text: c.head, bold: true, color: &rgb{255, 255, 255}, fill: &colHeadFill}
	}
	t.slice(cells, lines, 0, n, true)
}

func (t *pdfTable) pageBreak() {
	t.d.f.AddPage()
	t.header()
}

// layout wraps a row's cells; n is the number of lines of its tallest cell.
func (t *pdfTable) layout(cells []pdfCell) (lines [][]string, n int) {
	lines = make([][]string, len(t.cols))
	n = 1
	for i, c := range t.cols {
		var cell pdfCell
		if i < len(cells) {
			cell = cells[i]
		}
		t.d.font(cell.bold, t.size)
		lines[i] = t.d.wrap(cell.text, c.w)
		n = max(n, len(lines[i]))
	}
	return lines, n
}

// measure is the height of a row in mm.
func (t *pdfTable) measure(cells []pdfCell) float64 {
	_, n := t.layout(cells)
	return float64(n)*lineH(t.size) + 2*pdfCellPad
}

// begin draws the header, on a new page unless it and `first` mm fit.
func (t *pdfTable) begin(first float64) {
	if t.started {
		return
	}
	t.started = true
	t.d.need(t.headerH() + first)
	t.header()
}

func (t *pdfTable) row(cells ...pdfCell) {
	d := t.d
	for len(cells) < len(t.cols) {
		cells = append(cells, pdfCell{})
	}
	lh := lineH(t.size)
	lines, n := t.layout(cells)
	h := float64(n)*lh + 2*pdfCellPad
	page := d.bottom() - pdfTop - t.headerH()
	// A first row taller than a page starts wherever a few of its lines fit.
	t.begin(min(h, 4*lh+2*pdfCellPad))
	if d.f.GetY()+h > d.bottom()+1e-6 && h <= page {
		t.pageBreak()
	}
	for start := 0; start < n; {
		fit := int(math.Floor((d.bottom()-d.f.GetY()-2*pdfCellPad)/lh + 1e-6))
		if fit < 1 {
			t.pageBreak()
			continue
		}
		end := min(n, start+fit)
		t.slice(cells, lines, start, end, false)
		start = end
	}
	t.rows++
}

// slice draws lines [start, end) of one row at the current position.
func (t *pdfTable) slice(cells []pdfCell, lines [][]string, start, end int, head bool) {
	d := t.d
	f := d.f
	lh := lineH(t.size)
	y := f.GetY()
	h := float64(end-start)*lh + 2*pdfCellPad
	x := pdfMarginX
	f.SetLineWidth(0.15)
	d.drawColor(colRule)
	for i, c := range t.cols {
		cell := cells[i]
		switch {
		case cell.fill != nil:
			d.fillColor(*cell.fill)
			f.Rect(x, y, c.w, h, "FD")
		case t.zebra && !head && t.rows%2 == 1:
			d.fillColor(colZebra)
			f.Rect(x, y, c.w, h, "FD")
		default:
			f.Rect(x, y, c.w, h, "D")
		}
		d.font(cell.bold, t.size)
		if cell.color != nil {
			d.color(*cell.color)
		} else {
			d.color(colText)
		}
		for k := start; k < end && k < len(lines[i]); k++ {
			f.SetXY(x, y+pdfCellPad+float64(k-start)*lh)
			d.cellFormat(c.w, lh, lines[i][k], "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	d.color(colText)
	f.SetXY(pdfMarginX, y+h)
}

// pairs draws label/value pairs, two pairs to a line.
func (d *pdfDoc) pairs(kv [][2]string) {
	w := d.contentW()
	g := d.grid(8, pdfCol{w: w * 0.22, align: "L"}, pdfCol{w: w * 0.28, align: "L"},
		pdfCol{w: w * 0.22, align: "L"}, pdfCol{w: w * 0.28, align: "L"})
	for i := 0; i < len(kv); i += 2 {
		cells := []pdfCell{
			{text: kv[i][0], bold: true, fill: &colLabel}, plain(kv[i][1]),
			{text: "", fill: &colLabel}, plain(""),
		}
		if i+1 < len(kv) {
			cells[2].text = kv[i+1][0]
			cells[2].bold = true
			cells[3].text = kv[i+1][1]
		}
		g.row(cells...)
	}
}

// ---- cover ----

func (d *pdfDoc) cover() {
	f := d.f
	res := d.res
	f.AddPage()
	w := d.contentW()

	d.fillColor(colAccent)
	f.Rect(0, 0, d.pageW, 8, "F")

	f.SetY(20)
	d.font(false, 11)
	d.color(colMuted)
	d.cellFormat(w, 6, d.l("pdf_subject"), "", 2, "L", false, 0, "")
	d.font(true, 20)
	d.color(colAccent)
	for _, line := range d.wrap(d.l("title"), w) {
		d.cellFormat(w, 10, line, "", 2, "L", false, 0, "")
	}
	d.bookmark(d.l("title"), 0, 20)
	f.SetY(f.GetY() + 4)
	if res.Company != "" {
		d.paraAt(pdfMarginX, w, res.Company, 16, true, colText)
	}
	d.paraAt(pdfMarginX, w, d.l("as_of")+d.colon()+dash(res.AsOf.String()), 12, false, colText)

	// The verdict, in a box coloured by the worst finding.
	f.SetY(f.GetY() + 4)
	c := colOK
	if worst := res.Worst(); worst != rules.SeverityInvalid {
		c = severityColor(worst)
	}
	d.font(true, 11)
	d.color(c)
	d.cellFormat(w, 6, d.l("verdict"), "", 2, "L", false, 0, "")
	d.font(false, 12)
	lines := d.wrap(Verdict(res, d.lang), w-10)
	lh := lineH(12)
	h := float64(len(lines))*lh + 8
	y := f.GetY() + 1
	d.fillColor(tint(c, 0.9))
	f.Rect(pdfMarginX, y, w, h, "F")
	d.fillColor(c)
	f.Rect(pdfMarginX, y, 2.5, h, "F")
	d.color(colText)
	for i, line := range lines {
		f.SetXY(pdfMarginX+6, y+4+float64(i)*lh)
		d.cellFormat(w-10, lh, line, "", 0, "L", false, 0, "")
	}
	f.SetY(y + h + 4)

	// What must be done, leaver by leaver: who, by when, what is at stake,
	// the action and who does it (pdf_cover.go).
	d.actionTable()

	// Then the verdict by level: handovers ready, blocked, unknown, and the
	// findings by severity.
	d.h2(d.l("pdf_findings_by_sev"), colText, 22+6+30, false)
	d.severityTiles(16)
	f.SetY(f.GetY() + 4)
	d.pairs([][2]string{
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
	d.para(note, 8, false, colMuted)
	d.reportSignOff()
}

// severityTiles draws one coloured tile per severity with its count.
func (d *pdfDoc) severityTiles(h float64) {
	f := d.f
	gap := 3.0
	n := float64(len(rules.Severities))
	tw := (d.contentW() - gap*(n-1)) / n
	y := f.GetY()
	for i, s := range rules.Severities {
		x := pdfMarginX + float64(i)*(tw+gap)
		c := severityColor(s)
		count := d.res.Summary.Of(s)
		if count > 0 {
			d.fillColor(tint(c, 0.85))
		} else {
			d.fillColor(colZebra)
		}
		f.Rect(x, y, tw, h, "F")
		d.fillColor(c)
		f.Rect(x, y, tw, 1.5, "F")
		d.font(true, h*0.8)
		if count > 0 {
			d.color(c)
		} else {
			d.color(colMuted)
		}
		f.SetXY(x, y+2.5)
		d.cellFormat(tw, h*0.45, strconv.Itoa(count), "", 0, "C", false, 0, "")
		d.font(false, 9)
		d.color(colText)
		f.SetXY(x, y+h*0.62)
		d.cellFormat(tw, h*0.3, SeverityLabel(s, d.lang), "", 0, "C", false, 0, "")
	}
	d.color(colText)
	f.SetXY(pdfMarginX, y+h)
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
	d.h1(d.l("pdf_exec_summary"))
	d.series() // trend_pdf.go: persisting findings and the trend, when there is a history

	d.h2(d.l("pdf_key_figures"), colText, 20, false)
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
	d.pairs([][2]string{
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

	d.h2(d.l("pdf_findings_by_sev"), colText, 18, false)
	d.severityTiles(16)

	d.chart(d.l("pdf_chart_title"))
}

// chart draws receiver load against cap as horizontal bars: own customers
// and incoming customers stacked, a tick at each receiver's own cap (caps
// differ per member, D6), red when over cap and amber when near it. With
// many receivers only those with the highest load against cap are shown.
func (d *pdfDoc) chart(title string) {
	f := d.f
	res := d.res
	if len(res.Receivers) == 0 {
		d.h2(title, colText, 6, false)
		d.para(d.l("pdf_no_receivers"), 9.5, false, colMuted)
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
	w := d.contentW()
	plotX := pdfMarginX + labelW
	plotW := w - labelW - valueW
	chartH := legH + float64(len(rs))*rowH + axisH
	if total > len(rs) {
		chartH += 8
	}
	d.h2(title, colText, chartH, false)

	maxV := 1
	for _, r := range rs {
		maxV = max(maxV, r.Load, r.Cap, r.Customers+r.Incoming)
	}
	step := niceStep(float64(maxV) / 5)
	axisMax := math.Ceil(float64(maxV)*1.02/step) * step
	xOf := func(v float64) float64 { return plotX + v/axisMax*plotW }

	// Legend.
	y := f.GetY()
	lx := pdfMarginX
	legend := func(c rgb, label string) {
		d.fillColor(c)
		f.Rect(lx, y+1.2, 3.5, 3, "F")
		d.font(false, 8)
		d.color(colText)
		f.SetXY(lx+4.5, y)
		tw := d.strWidth(label) + 3
		d.cellFormat(tw, 5.4, label, "", 0, "L", false, 0, "")
		lx += 4.5 + tw + 3
	}
	legend(colBarOwn, d.l("pdf_chart_own"))
	legend(colBarIn, d.l("pdf_chart_incoming"))
	legend(colBarNearOwn, d.l("pdf_chart_near"))
	legend(colBarOverOwn, d.l("pdf_chart_over"))
	legend(colBarBadOwn, "✗ "+d.l("chart_ineligible"))
	d.drawColor(colText)
	f.SetLineWidth(0.6)
	f.Line(lx+1.5, y+0.6, lx+1.5, y+4.8)
	f.SetXY(lx+4, y)
	d.cellFormat(40, 5.4, d.l("pdf_chart_cap_tick"), "", 0, "L", false, 0, "")

	top := y + legH
	plotBottom := top + float64(len(rs))*rowH

	// Grid lines and axis labels.
	f.SetLineWidth(0.15)
	d.drawColor(colRule)
	d.font(false, 7)
	d.color(colMuted)
	for v := 0.0; v <= axisMax+step/2; v += step {
		x := xOf(v)
		f.Line(x, top, x, plotBottom)
		f.SetXY(x-12, plotBottom+0.8)
		d.cellFormat(24, 3.5, fmtInt(int(v)), "", 0, "C", false, 0, "")
	}
	d.drawColor(colText)
	f.SetLineWidth(0.3)
	f.Line(plotX, top, plotX, plotBottom)
	f.Line(plotX, plotBottom, plotX+plotW, plotBottom)
	d.font(false, 8)
	f.SetXY(plotX, plotBottom+4.6)
	d.cellFormat(plotW, 4, d.l("pdf_chart_axis"), "", 0, "C", false, 0, "")

	for i, r := range rs {
		ry := top + float64(i)*rowH
		by := ry + (rowH-barH)/2
		own, in := colBarOwn, colBarIn
		labelColor := colText
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
		d.font(!r.Eligible || r.OverBy > 0, 8)
		d.color(labelColor)
		label = d.fit(label, labelW-2)
		f.SetXY(pdfMarginX, ry)
		d.cellFormat(labelW-1.5, rowH, label, "", 0, "R", false, 0, "")

		// Own customers then incoming (after overlap credit), as the
		// engine counted them: their sum is the load.
		ownW := xOf(float64(r.Customers)) - plotX
		inV := max(r.Load-r.Customers, 0)
		inW := xOf(float64(inV)) - plotX
		if ownW > 0 {
			d.fillColor(own)
			f.Rect(plotX, by, ownW, barH, "F")
		}
		if inW > 0 {
			d.fillColor(in)
			f.Rect(plotX+ownW, by, inW, barH, "F")
		}
		// Cap tick, taller than the bar so it shows over it.
		cx := xOf(float64(r.Cap))
		d.drawColor(colText)
		f.SetLineWidth(0.6)
		f.Line(cx, by-1.1, cx, by+barH+1.1)

		// Value: load / cap, in red when over.
		d.font(r.OverBy > 0, 7.5)
		if r.OverBy > 0 {
			d.color(colBarOverOwn)
		} else {
			d.color(colText)
		}
		f.SetXY(plotX+plotW+1, ry)
		d.cellFormat(valueW-1, rowH, fmtInt(r.Load)+" / "+fmtInt(r.Cap), "", 0, "L", false, 0, "")
	}
	d.color(colText)
	f.SetXY(pdfMarginX, plotBottom+axisH)
	if total > len(rs) {
		d.para(d.lf("pdf_chart_top", "n", strconv.Itoa(len(rs)), "total", strconv.Itoa(total)), 8, false, colMuted)
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

// fit shortens s with an ellipsis until it fits w mm in the current font.
func (d *pdfDoc) fit(s string, w float64) string {
	if d.strWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if d.strWidth(string(rs)+"…") <= w {
			break
		}
	}
	return string(rs) + "…"
}

// ---- findings ----

func (d *pdfDoc) findings() {
	res := d.res
	d.h1(d.l("pdf_findings"))
	if len(res.Findings) == 0 {
		d.para(d.l("pdf_no_findings"), 10, false, colText)
		return
	}
	w := d.contentW()
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
		t := d.table(8.5,
			pdfCol{head: d.l("rule"), w: w * 0.22, align: "L"},
			pdfCol{head: d.l("member"), w: w * 0.15, align: "L"},
			pdfCol{head: d.l("count"), w: w * 0.08, align: "R"},
			pdfCol{head: d.l("message"), w: w * 0.47, align: "L"},
			pdfCol{head: d.l("source"), w: w * 0.08, align: "L"},
		)
		var rows [][]pdfCell
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
			rows = append(rows, []pdfCell{
				{text: d.txt(fd.Title) + "\n" + fd.Rule, color: &c},
				plain(member),
				plain(fmtInt(fd.Count)),
				plain(msg),
				plain(strings.Join(fd.Source, ", ")),
			})
		}
		title := d.lf("pdf_findings_n", "severity", capitalize(SeverityLabel(sev, d.lang)), "n", strconv.Itoa(len(group)))
		d.titled(title, c, true, t, rows)
	}
}

// ---- handover sheets ----

func (d *pdfDoc) handovers() {
	res := d.res
	if d.opt.HandoverDir != "" {
		d.handoverFiles() // handover_files.go: each sheet is a file of its own
		return
	}
	if len(res.Departing) == 0 {
		d.h1(d.l("pdf_handover_sheets"))
		d.para(d.l("pdf_no_leavers"), 10, false, colText)
		return
	}
	// Each sheet is a record of its own: it starts on a new page, and every
	// page it runs onto repeats its heading.
	for i := range res.Departing {
		l := &res.Departing[i]
		d.running = d.l("pdf_handover_sheet") + " · " + d.who(l)
		d.sheet, d.sheetStart = i+1, true
		d.sheetTitle = d.lf("pdf_sheet_n", "n", strconv.Itoa(i+1), "total", strconv.Itoa(len(res.Departing))) + " · " + d.who(l)
		if i == 0 {
			d.h1(d.l("pdf_handover_sheets"))
		} else {
			d.f.AddPage()
		}
		d.handover(l, i+1, len(res.Departing))
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
	f := d.f
	w := d.contentW()

	who := d.who(l)
	d.bookmark(who, 1, -1)
	d.font(false, 9)
	d.color(colMuted)
	d.cellFormat(w, 5, d.lf("pdf_sheet_n", "n", strconv.Itoa(n), "total", strconv.Itoa(of)), "", 2, "L", false, 0, "")
	d.paraAt(pdfMarginX, w, who, 15, true, colText)
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
	d.pairs([][2]string{
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
		d.h2(d.l("receivers"), colText, 6, false)
		d.para(d.l("pdf_no_receiver_planned"), 9, false, colMuted)
	} else {
		t := d.table(8.5,
			pdfCol{head: d.l("receiver"), w: w * 0.22, align: "L"},
			pdfCol{head: d.l("pdf_allocated"), w: w * 0.1, align: "R"},
			pdfCol{head: d.l("pdf_own"), w: w * 0.1, align: "R"},
			pdfCol{head: d.l("incoming"), w: w * 0.1, align: "R"},
			pdfCol{head: d.l("load"), w: w * 0.12, align: "R"},
			pdfCol{head: d.l("cap"), w: w * 0.1, align: "R"},
			pdfCol{head: d.l("over_by"), w: w * 0.09, align: "R"},
			pdfCol{head: d.l("pdf_eligible"), w: w * 0.17, align: "L"},
		)
		var rows [][]pdfCell
		for _, a := range l.Receivers {
			name := a.UserID
			r := d.receivers[audit.Key(a.UserID)]
			if r != nil && r.Name != "" {
				name = r.Name + " " + a.UserID
			}
			if !a.Known || r == nil {
				rows = append(rows, []pdfCell{plain(name), plain(fmtInt(a.Customers)), plain("—"), plain("—"), plain("—"), plain("—"), plain("—"),
					{text: d.l("pdf_not_in_roster"), color: &colBarOverOwn}})
				continue
			}
			load, over := plain(fmtInt(r.Load)), plain("—")
			switch {
			case r.OverBy > 0:
				load = pdfCell{text: fmtInt(r.Load), bold: true, color: &colBarOverOwn}
				over = pdfCell{text: fmtInt(r.OverBy), bold: true, color: &colBarOverOwn}
			case d.nearCap[audit.Key(r.UserID)]:
				load = pdfCell{text: fmtInt(r.Load), bold: true, color: &colBarNearOwn}
			}
			elig := pdfCell{text: d.yesNo(true), color: &colPass}
			if !r.Eligible {
				var reasons []string
				for _, rs := range r.Reasons {
					reasons = append(reasons, d.txt(rs))
				}
				elig = pdfCell{text: d.yesNo(false), color: &colBarOverOwn}
				if len(reasons) > 0 {
					elig.text += d.listSep() + strings.Join(reasons, d.listSep())
				}
			}
			rows = append(rows, []pdfCell{plain(name), plain(fmtInt(a.Customers)), plain(fmtInt(r.Customers)), plain(fmtInt(r.Incoming)),
				load, plain(fmtInt(r.Cap)), over, elig})
		}
		d.titled(d.l("receivers"), colText, false, t, rows)
	}

	// Every check, with its state, reason and source (pdf_sheet.go).
	d.checks(l, lost > 0 || total > 0)

	// What will be lost, and where the full list is: an appendix of this
	// report, or the workbook of the same run named by file and SHA-256.
	if lost > 0 || total > 0 {
		n := max(lost, total)
		f.SetY(f.GetY() + 2)
		d.para(d.lf("pdf_at_risk_count", "n", d.contacts(n)), 9, true, colText)
		switch {
		case total == 0:
			d.para(d.l("pdf_no_at_risk"), 8.5, false, colMuted)
		case d.atRiskInAppendix():
			d.para(d.l("pdf_at_risk_where"), 8.5, false, colMuted)
		default:
			d.para(d.bookRef("pdf_at_risk_book"), 8.5, false, colMuted)
		}
	}

	d.signOff(l)
}

// nextActions draws the leaver's next actions in order: who, what (with
// the console path), the route, by when and whether it is overdue.
func (d *pdfDoc) nextActions(l *audit.Leaver) {
	w := d.contentW()
	t := d.table(7.5,
		pdfCol{head: "#", w: w * 0.04, align: "R"},
		pdfCol{head: catalog.T(d.lang, "label.owner", nil), w: w * 0.11, align: "L"},
		pdfCol{head: catalog.T(d.lang, "label.next", nil), w: w * 0.67, align: "L"},
		pdfCol{head: catalog.T(d.lang, "label.due", nil), w: w * 0.18, align: "L"},
	)
	ctx := explain.ContextOf(d.res, l)
	var rows [][]pdfCell
	for i, a := range l.Decision.Next {
		due := pdfCell{text: explain.Due(d.lang, a)}
		if a.Overdue {
			due.bold, due.color = true, &colBarOverOwn
		}
		rows = append(rows, []pdfCell{plain(strconv.Itoa(i + 1)), plain(explain.Owner(d.lang, a.Owner)), plain(explain.Action(d.lang, a, ctx)), due})
	}
	d.titled(catalog.T(d.lang, "label.next", nil), colText, false, t, rows)
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

// signRowH is the height of one line to sign on.
const signRowH = 7.5

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
	f := d.f
	w := d.contentW()
	const rowH = signRowH
	d.font(false, 8.5)
	lines := d.wrap(note, w)
	h := 10 + float64(len(lines))*lineH(8.5) + 2 + 7 + float64(len(signers))*rowH
	f.SetY(f.GetY() + 2)
	d.need(h)
	d.h2(title, colText, 0, false)
	d.para(note, 8.5, false, colMuted)
	f.SetY(f.GetY() + 2)
	cols := []pdfCol{
		{head: d.l("pdf_sign_role"), w: w * 0.22},
		{head: d.l("name"), w: w * 0.3},
		{head: d.l("pdf_signature"), w: w * 0.3},
		{head: d.l("pdf_date"), w: w * 0.18},
	}
	d.table(8.5, cols...).begin(rowH) // header only: the rows are blank lines to sign on
	for _, s := range signers {
		y := f.GetY()
		x := pdfMarginX
		d.drawColor(colRule)
		f.SetLineWidth(0.15)
		for i, c := range cols {
			f.Rect(x, y, c.w, rowH, "D")
			text := ""
			switch i {
			case 0:
				text = s.role
			case 1:
				text = s.name
			}
			if text != "" {
				d.font(i == 0, 8.5)
				f.SetXY(x, y)
				d.cellFormat(c.w, rowH, d.fit(text, c.w-2), "", 0, "L", false, 0, "")
			}
			x += c.w
		}
		f.SetXY(pdfMarginX, y+rowH)
	}
}

// ---- appendix ----

func (d *pdfDoc) appendix() {
	res := d.res
	w := d.contentW()
	d.h1(d.l("pdf_appendix"))

	d.atRiskList()

	d.h2(d.l("assumed"), colText, 8, true)
	if len(res.Assumed) == 0 {
		d.para(d.l("none"), 9, false, colMuted)
	}
	for _, a := range res.AssumedIn(d.lang) {
		d.paraAt(pdfMarginX, w, "• "+a, 8.5, false, colText)
	}

	problems := d.lf("pdf_data_problems", "total", fmtInt(len(res.DataProblems)))
	if len(res.DataProblems) == 0 {
		d.h2(problems, colText, 6, true)
		d.para(d.l("none"), 9, false, colMuted)
	} else {
		t := d.table(8,
			pdfCol{head: d.l("file"), w: w * 0.2, align: "L"},
			pdfCol{head: d.l("sheet"), w: w * 0.12, align: "L"},
			pdfCol{head: d.l("row"), w: w * 0.07, align: "R"},
			pdfCol{head: d.l("column"), w: w * 0.14, align: "L"},
			pdfCol{head: d.l("problem"), w: w * 0.47, align: "L"},
		)
		n := min(len(res.DataProblems), pdfDataProblems)
		var rows [][]pdfCell
		for _, p := range res.DataProblems[:n] {
			text := p.Problem
			if d.lang != "en" && p.ProblemZH != "" {
				text = p.ProblemZH
			}
			row := "—"
			if p.Row > 0 {
				row = strconv.Itoa(p.Row)
			}
			rows = append(rows, []pdfCell{plain(p.File), plain(dash(p.Sheet)), plain(row), plain(dash(p.Column)), plain(text)})
		}
		d.titled(problems, colText, true, t, rows)
		if len(res.DataProblems) > n {
			d.f.SetY(d.f.GetY() + 1)
			d.para(d.lf("pdf_data_problems_shown", "n", strconv.Itoa(n), "total", fmtInt(len(res.DataProblems))), 8, false, colMuted)
		}
	}
}

// atRiskList lists every contact that will be lost, leaver by leaver, or
// names the workbook that does when there are too many for a PDF.
func (d *pdfDoc) atRiskList() {
	res := d.res
	w := d.contentW()
	title := d.l("pdf_at_risk_all")
	if len(res.AtRisk) == 0 {
		d.h2(title, colText, 6, true)
		d.para(d.l("none"), 9, false, colMuted)
		return
	}
	if !d.atRiskInAppendix() {
		d.h2(title, colText, 10, true)
		d.para(d.bookRef("pdf_at_risk_too_many", "total", fmtInt(len(res.AtRisk)), "max", fmtInt(pdfAtRiskAppendix)), 9, false, colText)
		return
	}
	byLeaver := map[string][]int{}
	for i, c := range res.AtRisk {
		k := audit.Key(c.Member)
		byLeaver[k] = append(byLeaver[k], i)
	}
	d.h2(title, colText, 16, true)
	for i := range res.Departing {
		l := &res.Departing[i]
		idx := byLeaver[audit.Key(l.UserID)]
		if len(idx) == 0 {
			continue
		}
		t := d.table(8,
			pdfCol{head: "#", w: w * 0.07, align: "R"},
			pdfCol{head: d.l("contact_name"), w: w * 0.3, align: "L"},
			pdfCol{head: d.l("external_id"), w: w * 0.33, align: "L"},
			pdfCol{head: d.l("kind"), w: w * 0.15, align: "L"},
			pdfCol{head: d.l("added_at"), w: w * 0.15, align: "L"},
		)
		rows := make([][]pdfCell, 0, len(idx))
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
			rows = append(rows, []pdfCell{plain(strconv.Itoa(n + 1)), plain(dash(name)), plain(dash(c.ExternalID)), plain(kind), plain(dash(c.AddedAt.String()))})
		}
		d.titled(d.lf("pdf_at_risk_of", "who", d.who(l), "n", d.contacts(len(idx))), colText, false, t, rows)
	}
}

// ---- audit trail ----

// trail is the last page: what ties the documents to one run and lets a
// reviewer redo it (report id, generation time, version, command line,
// inputs with their hashes, the rule set and every threshold in force) and
// what the source codes the rules cite stand for.
func (d *pdfDoc) trail() {
	res, opt := d.res, d.opt
	w := d.contentW()
	d.h1(d.l("trail"))
	rsHash := RuleSetHash(res.Rules)
	cmd := d.l("not_stated")
	if len(opt.CommandLine) > 0 {
		cmd = commandLine(opt.CommandLine)
	}
	g := d.grid(8.5, pdfCol{w: w * 0.22, align: "L"}, pdfCol{w: w * 0.78, align: "L"})
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
		g.row(pdfCell{text: kv[0], bold: true, fill: &colLabel}, plain(kv[1]))
	}
	d.f.SetY(d.f.GetY() + 1)
	d.para(d.l("trail_id_note"), 8, false, colMuted)

	ins := trailInputs(res, opt)
	if opt.Workbook != nil {
		ins = append(ins, trailInput{Role: "workbook", Path: opt.Workbook.Path, SHA256: opt.Workbook.SHA256})
	}
	if len(ins) == 0 {
		d.h2(d.l("pdf_inputs"), colText, 6, true)
		d.para(d.l("pdf_no_inputs"), 9, false, colMuted)
	} else {
		t := d.table(7.5,
			pdfCol{head: d.l("role"), w: w * 0.12, align: "L"},
			pdfCol{head: d.l("file"), w: w * 0.24, align: "L"},
			pdfCol{head: d.l("rows"), w: w * 0.08, align: "R"},
			pdfCol{head: d.l("exported_at"), w: w * 0.14, align: "L"},
			pdfCol{head: d.l("sha256"), w: w * 0.42, align: "L"},
		)
		var rows [][]pdfCell
		for _, in := range ins {
			n := "—"
			if in.HasRows {
				n = fmtInt(in.Rows)
			}
			rows = append(rows, []pdfCell{plain(d.role(in.Role)), plain(in.Path), plain(n), plain(dash(in.Exported)), plain(dash(in.SHA256))})
		}
		d.titled(d.l("pdf_inputs"), colText, true, t, rows)
	}

	if ths := thresholds(res.Rules); len(ths) > 0 {
		t := d.table(8,
			pdfCol{head: d.l("setting"), w: w * 0.34, align: "L"},
			pdfCol{head: d.l("meaning"), w: w * 0.5, align: "L"},
			pdfCol{head: d.l("value"), w: w * 0.16, align: "R"},
		)
		var rows [][]pdfCell
		for _, th := range ths {
			rows = append(rows, []pdfCell{plain(th.Key), plain(d.txt(th.Label)), plain(th.Value)})
		}
		d.titled(d.l("thresholds"), colText, true, t, rows)
	}

	if res.Rules != nil {
		t := d.table(8,
			pdfCol{head: d.l("rule"), w: w * 0.3, align: "L"},
			pdfCol{head: d.l("severity"), w: w * 0.1, align: "L"},
			pdfCol{head: d.l("title_col"), w: w * 0.48, align: "L"},
			pdfCol{head: d.l("source"), w: w * 0.12, align: "L"},
		)
		var disabled []string
		var rows [][]pdfCell
		for _, r := range res.Rules.Rules() {
			if !r.Enabled {
				disabled = append(disabled, r.ID)
				continue
			}
			c := severityColor(r.Severity)
			rows = append(rows, []pdfCell{plain(r.ID), {text: SeverityLabel(r.Severity, d.lang), color: &c}, plain(d.txt(r.Title)), plain(strings.Join(r.Source, ", "))})
		}
		d.titled(d.l("pdf_rules_in_force"), colText, true, t, rows)
		if len(disabled) > 0 {
			d.f.SetY(d.f.GetY() + 1)
			d.para(d.lf("pdf_rules_disabled", "ids", strings.Join(disabled, ", ")), 8, false, colMuted)
		}

		t = d.table(8,
			pdfCol{head: d.l("source"), w: w * 0.08, align: "L"},
			pdfCol{head: d.l("fact"), w: w * 0.6, align: "L"},
			pdfCol{head: d.l("published"), w: w * 0.32, align: "L"},
		)
		rows = nil
		for _, code := range citedSources(res.Rules) {
			text, src, ok := SourceLegend(code, d.lang)
			if !ok {
				text, src = d.l("unknown"), "—"
			}
			rows = append(rows, []pdfCell{{text: code, bold: true}, plain(text), plain(src)})
		}
		d.titled(d.l("sources_legend"), colText, true, t, rows)
		d.f.SetY(d.f.GetY() + 1)
		d.para(d.l("trail_domain_note"), 8, false, colMuted)
	}
	d.f.SetY(d.f.GetY() + 2)
	d.para(d.l("pdf_font_note"), 8, false, colMuted)
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
