package ingest

// Headers over two rows (issue 12). People group columns under a merged
// cell: row 1 `成员信息 | | 离职信息 | |`, row 2 the names. A merged cell
// holds its text in its top-left cell only, so the names of one header can
// sit on two rows: 帐号 and 姓名 merged down over rows 1–2 (text on row 1),
// 离职日期 and 接替人 on row 2 under 离职信息. findHeader stops at the first
// row with the required columns; mergeRows then takes the other names from
// the row below it (when that row is a row of names, not data) or from the
// row above it.

// mergeRows completes h with names from the row below it (below, nil when
// the sheet ends) and the row above it (h.above). It reports whether the
// row below was taken as part of the header, so the caller skips it.
//
// The row below is part of the header when every cell in it is empty or a
// name of one of the role's columns that the header row does not have, in a
// column where the header row is empty or holds a group label (no name of
// the role), and at least one such name is there. A data row never is: its
// key cell (the userid) sits under a mapped column. The row above gives
// names only for columns where the header row is empty (what a cell merged
// down from above leaves), and only names not mapped yet.
func (r *roleSpec) mergeRows(h *header, below []Cell) bool {
	took := false
	if lower, ok := r.namesRow(h, below, false); ok {
		for c, f := range lower {
			h.Col[f], h.Text[f] = c, cleanText(below[c].Text)
		}
		h.Row++
		h.Rows = 2
		took = true
	}
	if upper, ok := r.namesRow(h, h.above, true); ok && !took {
		for c, f := range upper {
			h.Col[f], h.Text[f] = c, cleanText(h.above[c].Text)
		}
		h.Rows = 2
	}
	h.above = nil
	return took
}

// namesRow maps the cells of row that name fields the header lacks. With
// lenient false every non-empty cell must be such a name (a row of names,
// not data); with lenient true other cells (a title, group labels) are
// passed over, and only cells above an empty header cell count.
func (r *roleSpec) namesRow(h *header, row []Cell, lenient bool) (map[int]int, bool) {
	if len(row) == 0 {
		return nil, false
	}
	mapped := map[int]bool{}
	for _, c := range h.Col {
		if c >= 0 {
			mapped[c] = true
		}
	}
	out := map[int]int{}
	taken := map[int]bool{}
	for c, cell := range row {
		t := cleanText(cell.Text)
		if t == "" && cell.Kind != KindFormula {
			continue
		}
		f, isName := r.index[normHeader(t)]
		ok := isName && !mapped[c] && h.Col[f] < 0 && !taken[f]
		if lenient && ok && h.cellText(c) != "" {
			ok = false
		}
		if !ok {
			if lenient {
				continue
			}
			return nil, false
		}
		out[c], taken[f] = f, true
	}
	return out, len(out) > 0
}

// cellText is the header row's text in column c, kept for mergeRows.
func (h *header) cellText(c int) string {
	if c < len(h.rowText) {
		return h.rowText[c]
	}
	return ""
}
