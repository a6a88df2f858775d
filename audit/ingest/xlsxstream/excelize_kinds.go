package xlsxstream

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetMarks tells the excelize reader which cells hold a formula or an
// error value (issue 12). excelize's row iterator hands out text only: a
// formula without a saved result comes out as "", the same as a blank, and
// "#N/A" the same as text. So beside excelize's iterator this reads the
// same sheet part with encoding/xml, numbering rows and cells exactly as
// excelize's Rows does (a <row>'s r, else one more; a <c>'s r, else one
// more than the last), and keeps, for each row, the cells with an <f> or
// t="e". The excelize reader then applies formulaKind, the rule the fast
// reader applies, to the text excelize gave for those cells.
//
// It stays out of the way when it cannot follow excelize exactly: rows
// that do not increase, or cells of a row whose columns do not (excelize
// then appends a cell after the last one whatever its column), are left
// with the kinds their text gives.
type sheetMarks struct {
	zr  *zip.ReadCloser
	rc  io.ReadCloser
	d   *xml.Decoder
	num int // the last row number read, as excelize counts
	// the row read ahead: its number and marks
	rowNum  int
	marks   []cellMark
	aligned bool
	have    bool
	pending *xml.StartElement // the next row's start, read while ending a row
	done    bool
}

type cellMark struct {
	col              int // 1-based
	formula, errType bool
}

// openSheetMarks opens the part of the named sheet. nil when the part
// cannot be found the way excelize finds it (the reader then gives the
// kinds the text says, as before).
func openSheetMarks(file string, f *excelize.File, sheet string) *sheetMarks {
	if f.WorkBook == nil {
		return nil
	}
	zr, err := openZip(file)
	if err != nil {
		return nil
	}
	part := sheetPart(zipParts(&zr.Reader), f, sheet)
	if part == nil {
		zr.Close()
		return nil
	}
	rc, err := part.Open()
	if err != nil {
		zr.Close()
		return nil
	}
	d := xml.NewDecoder(rc)
	d.CharsetReader = f.CharsetReader
	return &sheetMarks{zr: zr, rc: rc, d: d}
}

// zipParts names a zip's entries the way excelize does (backslashes as
// slashes).
func zipParts(zr *zip.Reader) map[string]*zip.File {
	parts := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		parts[strings.ReplaceAll(zf.Name, "\\", "/")] = zf
	}
	return parts
}

// sheetPart finds the named sheet's part as excelize's getSheetMap does:
// the workbook where _rels/.rels says, the relationship with the sheet's
// id, the last one whose part exists. nil when there is none.
func sheetPart(parts map[string]*zip.File, f *excelize.File, sheet string) *zip.File {
	if f.WorkBook == nil {
		return nil
	}
	var rootRels, wbRels xlsxRels
	wbPath := ""
	if readRels(parts["_rels/.rels"], &rootRels) {
		for _, r := range rootRels.Relationships {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
				break
			}
		}
	}
	if wbPath == "" {
		wbPath = "xl/workbook.xml"
	}
	var part *zip.File
	if readRels(parts[relsPathOf(wbPath)], &wbRels) {
		for _, sh := range f.WorkBook.Sheets.Sheet {
			if !strings.EqualFold(sh.Name, sheet) {
				continue
			}
			for _, r := range wbRels.Relationships {
				if r.ID == sh.ID {
					if p, ok := parts[worksheetPath(wbPath, r.Target)]; ok {
						part = p
					}
				}
			}
		}
	}
	return part
}

// relsPathOf is where a part's relationships are: dir/_rels/name.rels.
func relsPathOf(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// hasPivotRel reports a part whose relationships include a pivot table.
func hasPivotRel(parts map[string]*zip.File, part string) bool {
	var rels xlsxRels
	if !readRels(parts[relsPathOf(part)], &rels) {
		return false
	}
	for _, r := range rels.Relationships {
		if strings.HasSuffix(r.Type, "/pivotTable") {
			return true
		}
	}
	return false
}

// readRels decodes a relationships part without caring for its namespace
// (Strict Open XML's differs); false when there is none or it is damaged.
func readRels(zf *zip.File, v *xlsxRels) bool {
	if zf == nil {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	var loose struct {
		Relationships []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(rc).Decode(&loose); err != nil {
		return false
	}
	v.Relationships = loose.Relationships
	return true
}

func (m *sheetMarks) Close() {
	if m == nil {
		return
	}
	m.rc.Close()
	m.zr.Close()
}

// marksFor gives the marked cells of row n, the row excelize just gave;
// rows must be asked for in increasing order.
func (m *sheetMarks) marksFor(n int) []cellMark {
	for {
		if m.have && m.rowNum >= n {
			if m.rowNum == n && m.aligned {
				return m.marks
			}
			return nil
		}
		if m.done || !m.readRow() {
			return nil
		}
	}
}

// readRow reads the next row's cells, up to the start of the row after it.
func (m *sheetMarks) readRow() bool {
	start := m.pending
	m.pending = nil
	for start == nil {
		tok, err := m.d.Token()
		if err != nil {
			m.done = true
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				s := t.Copy()
				start = &s
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				m.done = true
				return false
			}
		}
	}
	num := m.num + 1
	for _, a := range start.Attr {
		if a.Name.Local == "r" {
			if r, err := strconv.Atoi(a.Value); err == nil && r != 0 {
				num = r
			}
		}
	}
	if m.have && num <= m.rowNum {
		// excelize merges such a row into the one before: stop marking.
		m.done = true
		return false
	}
	m.num, m.rowNum, m.have, m.aligned = num, num, true, true
	m.marks = m.marks[:0]
	col := 0
	for {
		tok, err := m.d.Token()
		if err != nil {
			m.done = true
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				s := t.Copy()
				m.pending = &s
				return true
			case "c":
				var c struct {
					R string    `xml:"r,attr"`
					T string    `xml:"t,attr"`
					F *struct{} `xml:"f"`
				}
				if err := m.d.DecodeElement(&c, &t); err != nil {
					m.done = true
					return true
				}
				next := col + 1
				if c.R != "" {
					cc, _, err := excelize.CellNameToCoordinates(c.R)
					if err != nil {
						m.aligned = false
						continue
					}
					next = cc
				}
				if next <= col {
					m.aligned = false
				}
				col = next
				if c.F != nil || c.T == "e" {
					m.marks = append(m.marks, cellMark{col: col, formula: c.F != nil, errType: c.T == "e"})
				}
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				m.done = true
				return true
			}
		}
	}
}

// markKinds applies formulaKind to the cells of row the marks name.
func markKinds(row []Cell, marks []cellMark) {
	for _, mk := range marks {
		i := mk.col - 1
		if i < 0 || i >= len(row) {
			continue
		}
		text := row[i].Text
		if k := formulaKind([]byte(text), mk.formula, mk.errType); k != KindEmpty {
			row[i] = Cell{Text: text, Kind: k}
		}
	}
}
