package ingest

// peekSheet lets the sheet chooser look at the rows under a header — the
// second row of a two-row header, and whether the first data rows read as
// data (issue 12) — and then hand every one of them on to the role reader.
// It holds at most the rows peeked (a few dozen), so memory stays bounded.
type peekSheet struct {
	Sheet
	buf   []peekedRow // read ahead, handed out first
	cur   peekedRow
	own   bool // cur comes from buf
	ended bool // the underlying sheet's Next returned false
}

type peekedRow struct {
	cells []Cell
	n     int
}

var _ ColumnFilter = (*peekSheet)(nil)

func newPeekSheet(s Sheet) *peekSheet { return &peekSheet{Sheet: s} }

// peek returns up to k rows after the current one without consuming them.
func (p *peekSheet) peek(k int) []peekedRow {
	for len(p.buf) < k && !p.ended {
		if !p.Sheet.Next() {
			p.ended = true
			break
		}
		p.buf = append(p.buf, peekedRow{cells: append([]Cell(nil), p.Sheet.Row()...), n: p.Sheet.RowNumber()})
	}
	return p.buf[:min(k, len(p.buf))]
}

func (p *peekSheet) Next() bool {
	if len(p.buf) > 0 {
		p.cur, p.own = p.buf[0], true
		p.buf = p.buf[1:]
		return true
	}
	p.own = false
	if p.ended {
		return false
	}
	if !p.Sheet.Next() {
		p.ended = true
		return false
	}
	return true
}

func (p *peekSheet) Row() []Cell {
	if p.own {
		return p.cur.cells
	}
	return p.Sheet.Row()
}

func (p *peekSheet) RowNumber() int {
	if p.own {
		return p.cur.n
	}
	return p.Sheet.RowNumber()
}

// Err is the underlying error once the rows peeked are handed out.
func (p *peekSheet) Err() error {
	if len(p.buf) > 0 {
		return nil
	}
	return p.Sheet.Err()
}

// SetColumns passes the filter on; rows already peeked keep every cell,
// which is also correct.
func (p *peekSheet) SetColumns(cols []int) {
	if cf, ok := p.Sheet.(ColumnFilter); ok {
		cf.SetColumns(cols)
	}
}

// Position is the underlying sheet's, when it knows it.
func (p *peekSheet) Position() (done, total int64) {
	if ps, ok := p.Sheet.(Positioner); ok {
		return ps.Position()
	}
	return 0, 0
}
