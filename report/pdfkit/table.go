package pdfkit

import "math"

// Col is a table's column: its heading, width in mm and alignment (L, C
// or R).
type Col struct {
	Head  string
	W     float64
	Align string
}

// Cell is a table cell's text and look.
type Cell struct {
	Text  string
	Bold  bool
	Color *RGB // text colour; nil for Text
	Fill  *RGB // background; nil for zebra striping
}

// Plain is a cell of plain text.
func Plain(s string) Cell { return Cell{Text: s} }

// Table draws rows whose height is computed from their wrapped text. A
// row that does not fit moves to the next page under a repeated header; a
// row taller than a whole page is split across pages line by line.
type Table struct {
	d        *Doc
	cols     []Col
	size     float64
	noHeader bool
	zebra    bool
	rows     int
	started  bool // header drawn
}

// Table makes a table with text of size pt; its header is drawn with the
// first row, so that the two always share a page.
func (d *Doc) Table(size float64, cols ...Col) *Table {
	return &Table{d: d, cols: cols, size: size, zebra: true}
}

// Grid is a table without a header row, for label/value pairs.
func (d *Doc) Grid(size float64, cols ...Col) *Table {
	return &Table{d: d, cols: cols, size: size, noHeader: true}
}

// Titled draws a sub-heading and a table of rows, keeping the heading, the
// header row and the first row together on one page.
func (d *Doc) Titled(title string, c RGB, bookmark bool, t *Table, rows [][]Cell) {
	keep := t.HeaderH()
	if len(rows) > 0 {
		keep += min(t.Measure(rows[0]), 4*LineH(t.size)+2*CellPad)
	}
	d.H2(title, c, keep, bookmark)
	for _, r := range rows {
		t.Row(r...)
	}
}

func (t *Table) headerLines() [][]string {
	t.d.Font(true, t.size)
	lines := make([][]string, len(t.cols))
	for i, c := range t.cols {
		lines[i] = t.d.Wrap(c.Head, c.W)
	}
	return lines
}

// HeaderH is the height of the header row in mm (0 for a grid).
func (t *Table) HeaderH() float64 {
	if t.noHeader {
		return 0
	}
	n := 1
	for _, l := range t.headerLines() {
		n = max(n, len(l))
	}
	return float64(n)*LineH(t.size) + 2*CellPad
}

func (t *Table) header() {
	if t.noHeader {
		return
	}
	lines := t.headerLines()
	n := 1
	for _, l := range lines {
		n = max(n, len(l))
	}
	cells := make([]Cell, len(t.cols))
	for i, c := range t.cols {
		cells[i] = Cell{Text: c.Head, Bold: true, Color: &white, Fill: &HeadFill}
	}
	t.slice(cells, lines, 0, n, true)
}

func (t *Table) pageBreak() {
	t.d.F.AddPage()
	t.header()
}

// layout wraps a row's cells; n is the number of lines of its tallest cell.
func (t *Table) layout(cells []Cell) (lines [][]string, n int) {
	lines = make([][]string, len(t.cols))
	n = 1
	for i, c := range t.cols {
		var cell Cell
		if i < len(cells) {
			cell = cells[i]
		}
		t.d.Font(cell.Bold, t.size)
		lines[i] = t.d.Wrap(cell.Text, c.W)
		n = max(n, len(lines[i]))
	}
	return lines, n
}

// Measure is the height of a row in mm.
func (t *Table) Measure(cells []Cell) float64 {
	_, n := t.layout(cells)
	return float64(n)*LineH(t.size) + 2*CellPad
}

// Begin draws the header, on a new page unless it and first mm fit; once.
// Row calls it; a table whose rows are drawn by the caller (SignTable)
// calls it for the header alone.
func (t *Table) Begin(first float64) {
	if t.started {
		return
	}
	t.started = true
	t.d.Need(t.HeaderH() + first)
	t.header()
}

// Row draws a row, missing cells blank.
func (t *Table) Row(cells ...Cell) {
	d := t.d
	for len(cells) < len(t.cols) {
		cells = append(cells, Cell{})
	}
	lh := LineH(t.size)
	lines, n := t.layout(cells)
	h := float64(n)*lh + 2*CellPad
	page := d.Bottom() - Top - t.HeaderH()
	// A first row taller than a page starts wherever a few of its lines fit.
	t.Begin(min(h, 4*lh+2*CellPad))
	if d.F.GetY()+h > d.Bottom()+1e-6 && h <= page {
		t.pageBreak()
	}
	for start := 0; start < n; {
		fit := int(math.Floor((d.Bottom()-d.F.GetY()-2*CellPad)/lh + 1e-6))
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
func (t *Table) slice(cells []Cell, lines [][]string, start, end int, head bool) {
	d := t.d
	f := d.F
	lh := LineH(t.size)
	y := f.GetY()
	h := float64(end-start)*lh + 2*CellPad
	x := MarginX
	f.SetLineWidth(0.15)
	d.DrawColor(Rule)
	for i, c := range t.cols {
		cell := cells[i]
		switch {
		case cell.Fill != nil:
			d.FillColor(*cell.Fill)
			f.Rect(x, y, c.W, h, "FD")
		case t.zebra && !head && t.rows%2 == 1:
			d.FillColor(Zebra)
			f.Rect(x, y, c.W, h, "FD")
		default:
			f.Rect(x, y, c.W, h, "D")
		}
		d.Font(cell.Bold, t.size)
		if cell.Color != nil {
			d.Color(*cell.Color)
		} else {
			d.Color(Text)
		}
		for k := start; k < end && k < len(lines[i]); k++ {
			f.SetXY(x, y+CellPad+float64(k-start)*lh)
			d.Cell(c.W, lh, lines[i][k], 0, c.Align)
		}
		x += c.W
	}
	d.Color(Text)
	f.SetXY(MarginX, y+h)
}

// Pairs draws label/value pairs, two pairs to a line.
func (d *Doc) Pairs(kv [][2]string) {
	w := d.ContentW()
	g := d.Grid(8, Col{W: w * 0.22, Align: "L"}, Col{W: w * 0.28, Align: "L"},
		Col{W: w * 0.22, Align: "L"}, Col{W: w * 0.28, Align: "L"})
	for i := 0; i < len(kv); i += 2 {
		cells := []Cell{
			{Text: kv[i][0], Bold: true, Fill: &Label}, Plain(kv[i][1]),
			{Text: "", Fill: &Label}, Plain(""),
		}
		if i+1 < len(kv) {
			cells[2].Text = kv[i+1][0]
			cells[2].Bold = true
			cells[3].Text = kv[i+1][1]
		}
		g.Row(cells...)
	}
}

// SignRowH is the height of one line to sign on.
const SignRowH = 7.5

// signSize is the text size of a signature block.
const signSize = 8.5

// SignTable draws a signature block: a heading, a note and one blank line
// per row of rows to sign on, under a header of cols. A row's texts fill
// its first columns (the first bold, such as the role), shortened to fit;
// the rest are left blank to be signed and dated. The block is kept on one
// page; a page it moves to gets the header of Doc.OnPage.
func (d *Doc) SignTable(title, note string, cols []Col, rows [][]string) {
	f := d.F
	w := d.ContentW()
	const rowH = SignRowH
	d.Font(false, signSize)
	lines := d.Wrap(note, w)
	h := 10 + float64(len(lines))*LineH(signSize) + 2 + 7 + float64(len(rows))*rowH
	f.SetY(f.GetY() + 2)
	d.Need(h)
	d.H2(title, Text, 0, false)
	d.Para(note, signSize, false, Muted)
	f.SetY(f.GetY() + 2)
	d.Table(signSize, cols...).Begin(rowH) // header only: the rows are blank lines to sign on
	for _, r := range rows {
		y := f.GetY()
		x := MarginX
		d.DrawColor(Rule)
		f.SetLineWidth(0.15)
		for i, c := range cols {
			f.Rect(x, y, c.W, rowH, "D")
			text := ""
			if i < len(r) {
				text = r[i]
			}
			if text != "" {
				d.Font(i == 0, signSize)
				f.SetXY(x, y)
				d.Cell(c.W, rowH, d.Fit(text, c.W-2), 0, "L")
			}
			x += c.W
		}
		f.SetXY(MarginX, y+rowH)
	}
}

// SignTableHeight is the height SignTable takes for a note and n rows,
// with the space above it.
func (d *Doc) SignTableHeight(note string, n int) float64 {
	d.Font(false, signSize)
	lines := d.Wrap(note, d.ContentW())
	return 12 + float64(len(lines))*LineH(signSize) + 2 + 7 + float64(n)*SignRowH
}
