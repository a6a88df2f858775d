// Package pdfkit lays out A4 pages in fpdf with the embedded CJK font:
// text that wraps by the line-breaking rules of Chinese and English, tables
// that repeat their header across pages, and pages that know when to break.
//
// It owns the font (its setup, bold by stroking, what it can draw), the
// wrapping, the colours of the page furniture, the geometry, paragraphs and
// headings, tables and the running header and footer's layout. It knows no
// audit and no language: every word it draws comes in as an argument, and
// what a document says and in what order stays with the document (package
// report).
package pdfkit

import (
	"time"

	"github.com/wecom-audit/auditor/third_party/fpdf"

	"github.com/wecom-audit/auditor/report/fonts"
)

// The PDF's only font. fpdf reads plain TrueType (glyf outlines) only, and a
// compliance file must render every Chinese name — rare characters such as
// 堃 喆 玥 昇 犇 燚 included — with Latin and digits from the same face.
// LXGW WenKai (OFL-1.1, report/fonts/OFL.txt) covers all of that. The file
// is the unmodified upstream release as packaged by Debian
// (fonts-lxgw-wenkai 1.250), compressed in package fonts: subsetting it
// would make a Modified Version that the OFL forbids to carry the reserved
// name "LXGW". Bold is the regular outlines filled and stroked (Cell): the
// real Bold face would add 8 MB to a binary that must stay under 35 MB
// (issue 27). fpdf embeds only the glyphs a document uses.

// boldStroke is the outline width of bold text, as a share of the font
// size: heavy enough to read as bold at 7.5–20 pt, light enough that 口
// and 日 keep their counters open.
const boldStroke = 0.035

// family is the name the font is registered under. It is not a base-14
// name, so fpdf can never fall back to an unembedded Helvetica.
const family = "wenkai"

// Page geometry in mm (A4 portrait).
const (
	MarginX      = 15.0
	Top          = 20.0 // content starts below the running header
	BottomMargin = 18.0 // content ends above the footer
	CellPad      = 1.0  // vertical padding inside table cells
	ptToMM       = 25.4 / 72
	lineSpace    = 1.4 // line height as a multiple of the font size
)

// PagesAlias stands for the number of pages in any text drawn; fpdf puts
// the number in when the document is written.
const PagesAlias = "{nb}"

// LineH is the height in mm of a line of text of size pt.
func LineH(size float64) float64 { return size * ptToMM * lineSpace }

// Meta is what a document says of itself in its properties.
type Meta struct {
	Title, Subject, Author, Creator string
	Lang                            string    // en, zh-CN
	Stamp                           time.Time // creation and modification date
}

// Doc is a document being laid out. F is fpdf's document, for what the kit
// does not draw (charts, rules, positions).
type Doc struct {
	F            *fpdf.Fpdf
	PageW, PageH float64

	// Drawn, when not nil, collects every character drawn or measured: a
	// document drawn with a cut font (CutFont) checks that the font held
	// them all.
	Drawn map[rune]bool

	header, footer func()

	// The current face, for measuring text when wrapping it.
	bold   bool
	size   float64
	widths widthCache
}

// New starts a document. Its bytes depend only on what is drawn and on m:
// catalogs are sorted and the dates are m.Stamp, never the clock. font is
// the face to embed: nil is the whole embedded font, else a cut of it
// (CutFont).
func New(m Meta, font []byte) *Doc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &Doc{F: f, widths: widthCache{other: map[widthKey]float64{}}}
	d.PageW, d.PageH = f.GetPageSize()

	f.SetCreationDate(m.Stamp)
	f.SetModificationDate(m.Stamp)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	// Finished pages are held compressed until the document is written
	// (third_party/fpdf's patch 9): a report of thousands of pages does not
	// hold all their text at once (issue 24).
	f.SetPackPages(true)
	f.SetTitle(Drawable(m.Title), true)
	f.SetAuthor(Drawable(m.Author), true)
	f.SetSubject(Drawable(m.Subject), true)
	f.SetCreator(Drawable(m.Creator), true)
	f.SetLang(m.Lang)

	// AliasNbPages must come before the font is added: fpdf reserves the
	// alias's glyph range in the subset when the font is registered.
	f.AliasNbPages(PagesAlias)
	if font == nil {
		font = fonts.Regular()
	}
	f.AddUTF8FontFromBytes(family, "", font)

	f.SetMargins(MarginX, Top, MarginX)
	f.SetAutoPageBreak(true, BottomMargin)
	// Not home mode: the header places the content itself, so that a
	// document can start a page lower (under a repeated heading).
	f.SetHeaderFuncMode(func() { d.hook(d.header) }, false)
	f.SetFooterFunc(func() { d.hook(d.footer) })
	return d
}

// OnPage sets what is drawn at the top of every new page and at the foot
// of every finished one (either may be nil). fpdf draws the old page's
// footer before the new page's header. The header must leave the position
// where the page's content starts.
func (d *Doc) OnPage(header, footer func()) { d.header, d.footer = header, footer }

// hook runs a header or footer in the middle of a page break, keeping the
// face the wrapper measures with (fpdf restores the font itself).
func (d *Doc) hook(fn func()) {
	if fn == nil {
		return
	}
	bold, size := d.bold, d.size
	defer func() { d.bold, d.size = bold, size }()
	fn()
}

// SetTitle replaces the document's title in its properties.
func (d *Doc) SetTitle(s string) { d.F.SetTitle(Drawable(s), true) }

// Font sets the face: the one font, bold or not, at size pt.
func (d *Doc) Font(bold bool, size float64) {
	// One face: bold is drawn by Cell, not chosen here.
	d.bold, d.size = bold, size
	d.F.SetFont(family, "", size)
}

// Cell, StrWidth and Bookmark are the only ways text reaches fpdf: each
// passes it through Drawable first, so that no character can crash the
// document or vanish from it (glyphs.go).

// Cell draws s in a cell w×h mm at the current position; ln is where the
// position goes after it, as fpdf's CellFormat (0 right, 1 next line, 2
// below), align L, C or R.
func (d *Doc) Cell(w, h float64, s string, ln int, align string) {
	f := d.F
	if !d.bold || s == "" {
		f.CellFormat(w, h, d.drawable(s), "", ln, align, false, 0, "")
		return
	}
	// Bold: the text filled and stroked in its own colour (render mode 2).
	r, g, b := f.GetTextColor()
	dr, dg, db := f.GetDrawColor()
	lw := f.GetLineWidth()
	f.SetDrawColor(r, g, b)
	f.SetLineWidth(d.size * boldStroke * ptToMM)
	f.SetTextRenderingMode(2)
	f.CellFormat(w, h, d.drawable(s), "", ln, align, false, 0, "")
	f.SetTextRenderingMode(0)
	f.SetDrawColor(dr, dg, db)
	f.SetLineWidth(lw)
}

// StrWidth is the width of s in mm in the current face.
func (d *Doc) StrWidth(s string) float64 { return d.F.GetStringWidth(d.drawable(s)) }

// Bookmark adds an outline entry at y (-1: the current position).
func (d *Doc) Bookmark(s string, level int, y float64) { d.F.Bookmark(d.drawable(s), level, y) }

// drawable is Drawable(s), noting its characters when the document keeps
// count of them (Drawn).
func (d *Doc) drawable(s string) string {
	s = Drawable(s)
	if d.Drawn != nil {
		for _, r := range s {
			d.Drawn[r] = true
		}
	}
	return s
}

// ContentW is the width between the side margins.
func (d *Doc) ContentW() float64 { return d.PageW - 2*MarginX }

// Bottom is where content ends, above the footer.
func (d *Doc) Bottom() float64 { return d.PageH - BottomMargin }

// Color, FillColor and DrawColor set fpdf's text, fill and line colours.
func (d *Doc) Color(c RGB)     { d.F.SetTextColor(c.R, c.G, c.B) }
func (d *Doc) FillColor(c RGB) { d.F.SetFillColor(c.R, c.G, c.B) }
func (d *Doc) DrawColor(c RGB) { d.F.SetDrawColor(c.R, c.G, c.B) }

// Need starts a new page unless h mm fit above the bottom margin.
func (d *Doc) Need(h float64) {
	if d.F.GetY()+h > d.Bottom()+1e-6 {
		d.F.AddPage()
	}
}

// Fit shortens s with an ellipsis until it fits w mm in the current face.
func (d *Doc) Fit(s string, w float64) string {
	if d.StrWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if d.StrWidth(string(rs)+"…") <= w {
			break
		}
	}
	return string(rs) + "…"
}

// RunningHead draws a page's running header: left and right on one muted
// line above a rule, left shortened to half the width.
func (d *Doc) RunningHead(left, right string) {
	d.Font(false, 8)
	d.Color(Muted)
	w := d.ContentW()
	d.F.SetXY(MarginX, 8)
	d.Cell(w/2, 4, d.Fit(left, w/2-2), 0, "L")
	d.Cell(w/2, 4, right, 0, "R")
	d.DrawColor(Rule)
	d.F.SetLineWidth(0.2)
	d.F.Line(MarginX, 13, MarginX+w, 13)
	d.Color(Text)
}

// RunningFoot draws a page's footer: a rule, then left, mid and right in a
// third of the width each.
func (d *Doc) RunningFoot(left, mid, right string) {
	d.Font(false, 8)
	d.Color(Muted)
	w := d.ContentW()
	y := d.PageH - 12
	d.DrawColor(Rule)
	d.F.SetLineWidth(0.2)
	d.F.Line(MarginX, y-1, MarginX+w, y-1)
	d.F.SetXY(MarginX, y)
	d.Cell(w/3, 4, left, 0, "L")
	d.Cell(w/3, 4, mid, 0, "C")
	d.Cell(w/3, 4, right, 0, "R")
	d.Color(Text)
}
