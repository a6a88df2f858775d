package pdfkit

// Para writes wrapped text across the content width, breaking pages between
// lines.
func (d *Doc) Para(text string, size float64, bold bool, c RGB) {
	d.ParaAt(MarginX, d.ContentW(), text, size, bold, c)
}

// ParaAt writes wrapped text in a column w mm wide starting x mm from the
// page's left edge.
func (d *Doc) ParaAt(x, w float64, text string, size float64, bold bool, c RGB) {
	d.Font(bold, size)
	d.Color(c)
	lh := LineH(size)
	for _, line := range d.Wrap(text, w) {
		d.Need(lh)
		d.F.SetX(x)
		d.Cell(w, lh, line, 2, "L")
	}
	d.Color(Text)
}

// H1 starts a section on a new page, with a bookmark.
func (d *Doc) H1(title string) {
	d.F.AddPage()
	d.Font(true, 16)
	d.Color(Accent)
	d.Bookmark(title, 0, -1)
	d.F.SetX(MarginX)
	d.Cell(d.ContentW(), 9, title, 2, "L")
	d.DrawColor(Accent)
	d.F.SetLineWidth(0.5)
	y := d.F.GetY()
	d.F.Line(MarginX, y, MarginX+d.ContentW(), y)
	d.F.SetY(y + 4)
	d.Color(Text)
}

// H2 is a sub-heading kept with at least keep mm of what follows it; a
// bookmark, one level under H1's, when bookmark is set.
func (d *Doc) H2(title string, c RGB, keep float64, bookmark bool) {
	d.F.SetY(d.F.GetY() + 2)
	d.Need(8 + keep)
	d.Font(true, 12)
	d.Color(c)
	if bookmark {
		d.Bookmark(title, 1, -1)
	}
	d.F.SetX(MarginX)
	d.Cell(d.ContentW(), 7, title, 2, "L")
	d.F.SetY(d.F.GetY() + 1)
	d.Color(Text)
}
