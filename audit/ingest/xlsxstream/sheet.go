package xlsxstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// fastSheet streams one sheet's rows with the scanner, keeping Sheet's
// contract exactly as the excelize reader does (see the cases named in
// fast.go), until something makes it hand over to excelize.
type fastSheet struct {
	wb   *fastWorkbook
	name string
	src  io.ReadCloser
	part *boundedReader // the inflating part, for Position
	s    *xmlScan
	// sheetData and row are the raw names (with any prefix) their end tags
	// must repeat.
	sheetData []byte

	n   int // rows given so far (the current row's number)
	row []Cell

	// The row being built, and the start of the one after it, which the
	// scanner reads before giving a row: excelize only ends a row at a
	// later row's start, and merges a row numbered no higher into it.
	cur     []Cell
	curNum  int
	curOK   bool
	next    tag
	nextNum int
	atEnd   bool // </sheetData> read instead of a next row

	text    []byte // the current row's decoded text; one string per row
	room    []byte // the arena after the last row's string: len 0
	pending []pendingCell
	v, is   []byte // scratch for <v> and <is>
	formula []byte // scratch for <f>, checked and dropped
	// raw names of the current row, cell and child, for their end tags
	rowName, cellName, childName, closeTag []byte
	ct                                     tag // a cell's tag, then its children's

	want []bool // column filter; nil = every column

	fb     Sheet // excelize, once handed over
	err    error
	done   bool
	closed bool // Close was called: the shared strings are no longer held
}

var vName = []byte("v")

// rowArena is the size of the arrays rows' texts are written into, one
// after the other; a row starts a new one when less than rowRoomMin is
// left (a row of an export is a few hundred bytes: at most an eighth of
// an arena is left unused). Small, so that a kept substring holds little.
const (
	rowArena   = 8 << 10
	rowRoomMin = 1 << 10
)

// pendingCell is a cell whose text sits in fastSheet.text until the row's
// string is made.
type pendingCell struct {
	idx        int
	start, end int
	date       bool
	kind       CellKind // KindFormula or KindError from formulaKind; else 0
}

var (
	_ Sheet        = (*fastSheet)(nil)
	_ ColumnFilter = (*fastSheet)(nil)
	_ Positioner   = (*fastSheet)(nil)
)

// Position is how much of the sheet XML has been inflated.
func (sh *fastSheet) Position() (done, total int64) {
	if sh.part == nil {
		return 0, 0
	}
	return sh.part.read.Load(), sh.part.size
}

func openFastSheet(w *fastWorkbook, sp *fastSheetPart) (*fastSheet, error) {
	rc, err := openPart(sp.part)
	if err != nil {
		return nil, err
	}
	src := newInflateAhead(rc)
	sh := &fastSheet{wb: w, name: sp.name, src: src, s: newXMLScan(src, scanWindow)}
	sh.part, _ = rc.(*boundedReader)
	if err := sh.start(); err != nil {
		src.Close()
		return nil, err
	}
	return sh, nil
}

// start reads the head with encoding/xml down to <sheetData>, and the first
// row's start tag.
func (sh *fastSheet) start() error {
	raw, empty, err := readHead(sh.s, func(se xml.StartElement) (bool, error) {
		switch se.Name.Local {
		case "row":
			// excelize takes a <row> anywhere before </sheetData> for a row.
			return false, unsupported("<row> outside <sheetData>")
		case "sheetData":
			return true, nil
		}
		return false, nil
	})
	switch {
	case err != nil:
		return err
	case raw == nil:
		return unsupported("no <sheetData>")
	case empty:
		sh.atEnd = true
		return nil
	}
	sh.sheetData = raw
	return sh.readNextStart(0)
}

func (sh *fastSheet) Name() string { return sh.name }

func (sh *fastSheet) Row() []Cell {
	if sh.fb != nil {
		return sh.fb.Row()
	}
	return sh.row
}

func (sh *fastSheet) RowNumber() int {
	if sh.fb != nil {
		return sh.fb.RowNumber()
	}
	return sh.n
}

func (sh *fastSheet) Err() error {
	if sh.fb != nil {
		return sh.fb.Err()
	}
	return sh.err
}

func (sh *fastSheet) Close() error {
	if !sh.closed {
		sh.closed = true
		sh.wb.sst.drop()
	}
	var err error
	if sh.src != nil {
		err = sh.src.Close()
		sh.src = nil
	}
	if sh.fb != nil {
		if ferr := sh.fb.Close(); err == nil {
			err = ferr
		}
	}
	return err
}

// SetColumns implements ColumnFilter.
func (sh *fastSheet) SetColumns(cols []int) {
	if sh.fb != nil {
		return
	}
	sh.want = sh.want[:0]
	for _, c := range cols {
		if c < 0 || c >= excelize.MaxColumns {
			continue
		}
		for len(sh.want) <= c {
			sh.want = append(sh.want, false)
		}
		sh.want[c] = true
	}
	if sh.want == nil {
		sh.want = []bool{}
	}
}

func (sh *fastSheet) Next() bool {
	if sh.fb != nil {
		return sh.fb.Next()
	}
	if sh.closed {
		// The shared strings may be unmapped: reading on could fault.
		if !sh.done && sh.err == nil {
			sh.err = fmt.Errorf("sheet %s: read after Close", sh.name)
		}
		sh.done = true
		return false
	}
	if sh.done {
		return false
	}
	for {
		if sh.curOK {
			if sh.curNum > sh.n+1 {
				// A row missing from the XML: excelize gives it, empty.
				sh.n++
				sh.row = sh.row[:0]
				return true
			}
			sh.n++
			sh.row, sh.cur = sh.cur, sh.row
			sh.curOK = false
			return true
		}
		if sh.atEnd {
			sh.done = true
			return false
		}
		if err := sh.readRow(); err != nil {
			return sh.fail(err)
		}
	}
}

// fail stops the fast reading: an unsupported shape hands the sheet to
// excelize; anything else is the error that stopped Next.
func (sh *fastSheet) fail(err error) bool {
	if sh.src != nil {
		sh.src.Close()
		sh.src = nil
	}
	if errors.Is(err, errFastUnsupported) {
		if sh.handOver() {
			return sh.fb.Next()
		}
		return false
	}
	sh.done = true
	var se *sizeError
	if errors.Is(err, errPastLastRow) {
		sh.err = coded(InputError{File: sh.wb.path, Sheet: sh.name, Row: excelize.TotalRows + 1}, err.Error(), "ingest.xlsx.past_last_row", nil)
	} else if errors.As(err, &se) {
		sh.err = se.inputError(sh.wb.path, sh.name)
	} else {
		sh.err = fmt.Errorf("sheet %s after row %d: %w", sh.name, sh.n, damaged(err))
	}
	return false
}

// handOver opens the sheet with excelize and skips the rows already given.
func (sh *fastSheet) handOver() bool {
	fb, err := sh.wb.excelizeSheet(sh.name)
	if err != nil {
		sh.done, sh.err = true, err
		return false
	}
	for i := 0; i < sh.n; i++ {
		if !fb.Next() {
			err := fb.Err()
			fb.Close()
			if err == nil {
				err = fmt.Errorf("sheet %s: excelize ends at row %d, before row %d the fast reader gave", sh.name, i, sh.n)
			}
			sh.done, sh.err = true, err
			return false
		}
	}
	sh.fb = fb
	return true
}

// readNextStart reads what follows a row (or <sheetData>): the next row's
// start tag, or </sheetData>. prev is the number of the row before it.
func (sh *fastSheet) readNextStart(prev int) error {
	t := &sh.next
	if sh.fastRowStart(prev) {
		return nil
	}
	if err := sh.s.nextTag(t); err != nil {
		return err
	}
	if t.close {
		if !bytes.Equal(t.name, sh.sheetData) {
			return unsupported("<%s> closed by </%s>", sh.sheetData, t.name)
		}
		sh.atEnd = true
		return nil
	}
	if !t.is("row") {
		return unsupported("<%s> in <sheetData>", t.name)
	}
	num := prev + 1
	if r, ok := t.attrByLocal("r"); ok {
		n, ok := plainDecimal(r)
		if !ok {
			return unsupported("row number %q", r)
		}
		num = n
	}
	if num <= prev {
		// excelize would merge this row's cells into the one before.
		return unsupported("row %d after row %d", num, prev)
	}
	if num > excelize.TotalRows {
		// Not a shape to hand to excelize, which would read the whole
		// sheet again only to fail: said as what it is, at once.
		return errPastLastRow
	}
	sh.nextNum = num
	return nil
}

var rowLiteral = []byte("row")

// errPastLastRow is a row past Excel's 1,048,576th: no Excel wrote it.
var errPastLastRow = errors.New("the sheet is over Excel's 1,048,576-row limit (no Excel writes such a file); " +
	"split the export into files within the limit, or export it as CSV")

// fastRowStart reads a row's start tag as exporters write it, <row> or
// <row r="7" spans="1:9" ht="15" x14ac:dyDescent="0.25"> (or "/>"),
// straight from the window, as fastCell reads a cell, and reports whether
// it did. Only r matters to the reader; any other attribute is passed over
// when its name and value are ones the general parse would accept as they
// are (an ASCII name with at most one colon inside it whose local part is
// not r, a double-quoted plain value). Anything else, and any row the
// general path would refuse (a number not past the last row's), is left
// to readNextStart's general path, where it was.
func (sh *fastSheet) fastRowStart(prev int) bool {
	s := sh.s
	s.tagAt = -1 // no tag is held here (see fastCell)
	for {
		if !s.skipSpace() {
			return false
		}
		num, n, empty, r := scanRowStart(s.buf[s.pos:s.end])
		switch r {
		case scanOK:
			if num < 0 {
				num = prev + 1
			}
			if num <= prev || num > excelize.TotalRows {
				return false
			}
			t := &sh.next
			t.name, t.lname, t.close, t.empty, t.attrs = rowLiteral, rowLiteral, false, empty, t.attrs[:0]
			sh.nextNum = num
			s.pos += n
			return true
		case scanNo:
			return false
		}
		if s.end-s.pos >= fastCellMax || !s.fill() {
			return false
		}
	}
}

// scanRowStart reads a row's start tag of fastRowStart's shapes at the
// start of b: its r (-1 without one), its length, and whether it is empty.
func scanRowStart(b []byte) (num, n int, empty bool, r scanResult) {
	if r := prefix(b, "<row"); r != scanOK {
		return 0, 0, false, r
	}
	num = -1
	i := 4
	for {
		if i >= len(b) {
			return 0, 0, false, scanShort
		}
		switch b[i] {
		case '>':
			return num, i + 1, false, scanOK
		case '/':
			if r := prefix(b[i:], "/>"); r != scanOK {
				return 0, 0, false, r
			}
			return num, i + 2, true, scanOK
		case ' ':
		default:
			return 0, 0, false, scanNo
		}
		i++
		// The name: a letter, then letters and digits, and at most one
		// colon with a name byte either side of it.
		ns, colon := i, -1
		for i < len(b) {
			c := b[i]
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > ns && '0' <= c && c <= '9' {
				i++
				continue
			}
			if c == ':' && colon < 0 && i > ns {
				colon = i
				i++
				continue
			}
			break
		}
		if i+1 >= len(b) {
			return 0, 0, false, scanShort
		}
		if i == ns || colon == i-1 || b[i] != '=' || b[i+1] != '"' {
			return 0, 0, false, scanNo
		}
		name := b[ns:i]
		if colon >= 0 {
			name = b[colon+1 : i]
			if len(name) == 1 && name[0] == 'r' {
				return 0, 0, false, scanNo // a prefixed r counts as r there
			}
		}
		i += 2
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return 0, 0, false, scanShort
		}
		v := b[i : i+j]
		i += j + 1
		if colon < 0 && len(name) == 1 && name[0] == 'r' {
			if num >= 0 {
				return 0, 0, false, scanNo // r twice: the last wins there
			}
			var ok bool
			if num, ok = plainDecimal(v); !ok {
				return 0, 0, false, scanNo
			}
		} else if !plainAttrValue(v) {
			return 0, 0, false, scanNo
		}
	}
}

// plainDecimal reads 1 to 9 ASCII digits (leading zeros allowed, as
// strconv.Atoi allows them); anything else is false.
func plainDecimal(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// readRow reads the row whose start tag is sh.next into sh.cur, then the
// start of the one after it.
func (sh *fastSheet) readRow() error {
	num := sh.nextNum
	sh.cur = sh.cur[:0]
	if cap(sh.room) < rowRoomMin {
		sh.room = make([]byte, 0, rowArena)
	}
	sh.text = sh.room
	sh.pending = sh.pending[:0]
	if !sh.next.empty {
		sh.rowName = append(sh.rowName[:0], sh.next.name...)
		if err := sh.readCells(sh.rowName); err != nil {
			return err
		}
	}
	if err := sh.readNextStart(num); err != nil {
		return err
	}
	sh.curNum, sh.curOK = num, true
	if len(sh.pending) > 0 {
		// The row's text becomes its string where it was written, in the
		// arena, without a copy or an allocation of its own (issue 24: the
		// copy and the allocation were ~0.08 CPU-s of a million rows). The
		// bytes are never written again: the next row is appended after
		// them. Cells are substrings of it, so a value a reader keeps holds
		// at most its arena (rowArena) alive, not a window or the
		// shared-string table; the readers copy what they keep (detach).
		str := unsafe.String(unsafe.SliceData(sh.text), len(sh.text))
		sh.room = sh.text[len(sh.text):]
		if cap(sh.text) > rowArena {
			// The row outgrew the arena (a cell of many kilobytes): its
			// own new array is not made the next rows' arena, so that a
			// small kept value cannot hold a large array.
			sh.room = nil
		}
		for _, p := range sh.pending {
			t := str[p.start:p.end]
			if p.kind != KindEmpty {
				sh.cur[p.idx] = Cell{Text: t, Kind: p.kind}
			} else if p.date {
				sh.cur[p.idx] = Cell{Text: t, Kind: KindDate}
			} else {
				sh.cur[p.idx] = xlsxCell(t, false)
			}
		}
	}
	return nil
}

// readCells reads the cells of a row up to </row>, with excelize's rules:
// a cell without a reference is the one after the previous cell; a cell
// with an empty value is left out (unless it has a formula), earlier
// columns are padded with empty cells, and a cell whose column is not past
// the last one's is appended after it all the same.
func (sh *fastSheet) readCells(rowName []byte) error {
	s := sh.s
	col := 0
	for {
		t := &sh.ct
		if s.endTag(rowName) {
			return nil
		}
		if sh.fastCell(&col) {
			continue
		}
		if err := s.nextTag(t); err != nil {
			return err
		}
		if t.close {
			if !bytes.Equal(t.name, rowName) {
				return unsupported("<%s> closed by </%s>", rowName, t.name)
			}
			return nil
		}
		if !t.is("c") {
			return unsupported("<%s> in a row", t.name)
		}
		prevCol := col
		col++
		style := 0
		typ := typeNumber
		for _, a := range t.attrs {
			switch string(a.local) {
			case "r":
				c, ok := cellColumn(a.value)
				if !ok {
					return unsupported("cell reference %q", a.value)
				}
				col = c
			case "s":
				n, ok := plainDecimal(a.value)
				if !ok {
					return unsupported("style %q", a.value)
				}
				style = n
			case "t":
				// Decoded now: the tag's bytes are reused for the cell's
				// children before the type is needed.
				typ = cellTypeOf(a.value)
			}
		}
		if sh.want != nil {
			if col <= prevCol {
				return unsupported("cells out of order with a column filter")
			}
			if col-1 >= len(sh.want) || !sh.want[col-1] {
				if err := sh.skipCell(t); err != nil {
					return err
				}
				continue
			}
		}
		if err := sh.readCell(t, col, style, typ); err != nil {
			return err
		}
	}
}

// The fast cell path (issue 18). Nearly every cell an exporter writes has
// one of a few shapes:
//
//	<c r="B7" s="3" t="s"><v>123</v></c>
//	<c r="B7" t="inlineStr"><is><t>text</t></is></c>
//	<c r="B7" s="1"><v>46317.84861111111</v></c>
//	<c r="B7"/>   <c r="B7"></c>   <c><v>1</v></c>
//
// with the attributes r, s and t in any order, each at most once. fastCell
// reads exactly those shapes straight from the window: no tag parse, no
// copy of the tag or of the value (a shared string's index is read in
// place, and its string appended to the row's text directly), a column
// from r without a string, and a column nobody asked for stepped over
// without looking at its text. Anything else — another attribute, a
// prefix, white space inside a tag, single quotes, an entity or CDATA or a
// comment in a value, <f>, t="e" or "d" or an unknown type, rich inline
// text, two values, a value decodeCharData would change — is left where
// it is, untouched, for the general path (readCells, readCell, skipCell),
// which reads it as before. So the fast path can only ever give what the
// general path would give; it decides nothing the general path does not
// decide the same way (it calls the same decodeCharData, appendNumber,
// unescapeBSTR and addCell).
//
// The window: scanCell only looks at the bytes. When the window ends
// inside the cell, fastCell refills and scans the cell again from its
// start, so nothing it holds outlives a fill; it appends to the row's text
// only once the whole cell is in the window and leaves the window before
// its next fill (the rule of scan.go's tag comment).

// fastCellMax bounds the bytes the fast path gathers in the window for one
// cell. Excel stops a cell at 32,767 characters (at most about 100 KB of
// UTF-8); a longer one is read by the general path, which holds only its
// text, not the whole cell, against maxTokenBytes.
var fastCellMax = 1 << 20

// cellScan is one cell as scanCell found it in the window.
type cellScan struct {
	n     int // the cell's bytes
	col   int // 1-based
	style int
	typ   cellType
	// value is 0 without a value, 'v' for <v>, 'i' for <is><t>; its text
	// is b[vs:ve], as written.
	value  byte
	vs, ve int
}

// scanResult is what scanCell made of the window.
type scanResult int

const (
	scanNo    scanResult = iota // not a shape of the fast path
	scanOK                      // a cell, whole in the window
	scanShort                   // it may be one, but the window ends first
)

// fastCell reads the cell at the scanner's position when it has one of the
// fast path's shapes, and reports whether it did. col is the previous
// cell's column, and becomes this one's. false changes nothing but white
// space skipped and the window refilled (which the general path would
// have done too): the general path reads the cell from the same place.
func (sh *fastSheet) fastCell(col *int) bool {
	s := sh.s
	// No tag is held here: fill need not keep the bytes of the last tag
	// parseMarkup read (a row's start, long since used).
	s.tagAt = -1
	var c cellScan
	for {
		if !s.skipSpace() {
			return false
		}
		r := scanCell(s.buf[s.pos:s.end], *col, &c)
		if r == scanOK {
			break
		}
		if r == scanNo || s.end-s.pos >= fastCellMax || !s.fill() {
			return false
		}
	}
	if sh.want != nil {
		if c.col <= *col {
			return false // the general path refuses it
		}
		if c.col-1 >= len(sh.want) || !sh.want[c.col-1] {
			// As skipCell, the text of a column nobody asked for is not
			// looked at.
			s.pos += c.n
			*col = c.col
			return true
		}
	}
	raw := s.buf[s.pos+c.vs : s.pos+c.ve]
	start := len(sh.text)
	date, ok := false, true
	switch c.typ {
	case typeShared:
		if len(raw) > 0 {
			// sharedStringIndex reads 1 to 9 digits as they are; the rest
			// (space, a sign, more digits) is the general path's.
			i, plain := plainDecimal(raw)
			if !plain {
				return false
			}
			var err error
			if sh.text, err = sh.appendShared(sh.text, i); err != nil {
				return false // the general path gives the error
			}
		}
	case typeStr:
		sh.text, ok = decodeCharData(sh.text, raw)
	case typeInline:
		// <v> of an inline cell reads as its text, as in readCell; <is>
		// as readSimpleItem reads it.
		if sh.text, ok = decodeCharData(sh.text, raw); ok && c.value == 'i' {
			sh.text = unescapeBSTR(sh.text, start)
		}
	case typeBool:
		if sh.text, ok = decodeCharData(sh.text, raw); ok {
			switch string(sh.text[start:]) {
			case "1":
				sh.text = append(sh.text[:start], "TRUE"...)
			case "0":
				sh.text = append(sh.text[:start], "FALSE"...)
			}
		}
	default:
		// A number is read in place when decoding would not change it.
		if !verbatimCharData(raw) {
			return false
		}
		var err error
		date, err = sh.appendNumber(raw, c.style)
		ok = err == nil // the general path hands the sheet over for it
	}
	if !ok {
		sh.text = sh.text[:start]
		return false
	}
	sh.addCell(c.col, start, date, false, false)
	s.pos += c.n
	*col = c.col
	return true
}

// scanCell reads a cell of the fast path's shapes at the start of b into
// c; prev is the previous cell's column. It only reads b.
func scanCell(b []byte, prev int, c *cellScan) scanResult {
	if r := prefix(b, "<c"); r != scanOK {
		return r
	}
	*c = cellScan{col: prev + 1, typ: typeNumber}
	i := 2
	var seen uint8
	for {
		if i >= len(b) {
			return scanShort
		}
		switch b[i] {
		case '>':
			return scanCellContent(b, i+1, c)
		case '/':
			if r := prefix(b[i:], "/>"); r != scanOK {
				return r
			}
			c.n = i + 2
			return scanOK
		case ' ':
		default:
			return scanNo // <cx, <c:, <c\t, ...
		}
		// One space, a one-letter name, =" and the value up to the next ".
		if i+3 >= len(b) {
			return scanShort
		}
		name := b[i+1]
		if b[i+2] != '=' || b[i+3] != '"' {
			return scanNo
		}
		i += 4
		j := indexShort(b[i:], '"')
		if j < 0 {
			return scanShort
		}
		v := b[i : i+j]
		i += j + 1
		var bit uint8
		switch name {
		case 'r':
			bit = 1
			col, ok := cellColumn(v)
			if !ok {
				return scanNo
			}
			c.col = col
		case 's':
			bit = 2
			n, ok := plainDecimal(v)
			if !ok {
				return scanNo
			}
			c.style = n
		case 't':
			bit = 4
			switch string(v) {
			case "s":
				c.typ = typeShared
			case "n":
				c.typ = typeNumber
			case "str":
				c.typ = typeStr
			case "inlineStr":
				c.typ = typeInline
			case "b":
				c.typ = typeBool
			default:
				return scanNo // "e", "d", and types excelize reads as numbers
			}
		default:
			return scanNo
		}
		if seen&bit != 0 {
			return scanNo // a repeated attribute: the last one wins there
		}
		seen |= bit
	}
}

// scanCellContent reads what follows a cell's start tag, from b[i]:
// nothing, one <v>, or (for an inline cell) one <is><t>, then </c>.
func scanCellContent(b []byte, i int, c *cellScan) scanResult {
	rest := b[i:]
	if r := prefix(rest, "</c>"); r != scanNo {
		c.n = i + 4
		return r
	}
	closing := "</v></c>"
	switch r := prefix(rest, "<v>"); r {
	case scanOK:
		c.value, c.vs = 'v', i+3
	case scanShort:
		return r
	default:
		if c.typ != typeInline {
			return scanNo
		}
		plain, preserve := prefix(rest, "<is><t>"), prefix(rest, `<is><t xml:space="preserve">`)
		switch {
		case plain == scanOK:
			c.vs = i + 7
		case preserve == scanOK:
			c.vs = i + 28
		case plain == scanShort || preserve == scanShort:
			return scanShort
		default:
			return scanNo
		}
		c.value, closing = 'i', "</t></is></c>"
	}
	k := indexShort(b[c.vs:], '<')
	if k < 0 {
		return scanShort
	}
	c.ve = c.vs + k
	if r := prefix(b[c.ve:], closing); r != scanOK {
		return r
	}
	c.n = c.ve + len(closing)
	return scanOK
}

// indexShort is bytes.IndexByte for the short runs a cell's attribute
// values and values are ("B7", "3", "s", "1234"): a loop the compiler
// inlines costs less than the call into the vector search, which a cell
// pays three or four times (issue 24). A long inline string is read at a
// byte a step, still a small part of the cost of inflating it.
func indexShort(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// prefix reports whether b begins with p: scanOK, scanNo, or scanShort
// when b is shorter than p and begins as p does.
func prefix(b []byte, p string) scanResult {
	if len(b) >= len(p) {
		if string(b[:len(p)]) == p {
			return scanOK
		}
		return scanNo
	}
	if string(b) == p[:len(b)] {
		return scanShort
	}
	return scanNo
}

// cellColumn is the column of a cell reference such as "B12", as
// excelize's CellNameToCoordinates reads it; references it reads otherwise
// (with '$', or other oddities) are false here and left to it.
func cellColumn(ref []byte) (int, bool) {
	i, col := 0, 0
	for i < len(ref) {
		c := ref[i]
		switch {
		case 'A' <= c && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case 'a' <= c && c <= 'z':
			col = col*26 + int(c-'a'+1)
		default:
			goto digits
		}
		if col > excelize.MaxColumns {
			return 0, false
		}
		i++
	}
digits:
	if i == 0 {
		return 0, false
	}
	row, ok := plainDecimal(ref[i:])
	if !ok || row < 1 || row > excelize.TotalRows {
		return 0, false
	}
	return col, true
}

// readCell reads one cell's children and appends its value to the row.
func (sh *fastSheet) readCell(t *tag, col, style int, typ cellType) error {
	s := sh.s
	hasV, hasF, hasIS := false, false, false
	sh.v = sh.v[:0]
	sh.is = sh.is[:0]
	if !t.empty {
		sh.cellName = append(sh.cellName[:0], t.name...)
		cname := sh.cellName
		for {
			if s.endTag(cname) {
				break
			}
			if b := s.buf[s.pos:s.end]; len(b) >= 3 && b[0] == '<' && b[1] == 'v' && b[2] == '>' {
				// <v> as nearly every cell writes it.
				s.pos += 3
				hasV = true
				var err error
				if sh.v, err = s.readText(sh.v[:0], vName, false, t); err != nil {
					return err
				}
				continue
			}
			if err := s.nextTag(t); err != nil {
				return err
			}
			if t.close {
				if !bytes.Equal(t.name, cname) {
					return unsupported("<%s> closed by </%s>", cname, t.name)
				}
				break
			}
			switch string(t.local()) {
			case "v":
				// A second <v> replaces the first, as in encoding/xml.
				hasV = true
				sh.v = sh.v[:0]
				if !t.empty {
					sh.childName = append(sh.childName[:0], t.name...)
					var err error
					if sh.v, err = s.readText(sh.v, sh.childName, false, t); err != nil {
						return err
					}
				}
			case "f":
				hasF = true
				if err := sh.checkFormula(t, cname); err != nil {
					return err
				}
			case "is":
				if hasIS {
					return unsupported("two <is> in a cell")
				}
				hasIS = true
				if !t.empty {
					var err error
					if sh.is, err = readStringItem(s, sh.is, t); err != nil {
						return err
					}
				}
			default:
				return unsupported("<%s> in a cell", t.name)
			}
		}
	}

	start := len(sh.text)
	date := false
	switch typ {
	case typeShared:
		if hasV && len(sh.v) > 0 {
			var err error
			if sh.text, err = sh.appendShared(sh.text, sharedStringIndex(sh.v)); err != nil {
				return err
			}
		}
	case typeStr:
		sh.text = append(sh.text, sh.v...)
	case typeInline:
		if hasIS {
			sh.text = append(sh.text, sh.is...)
		} else {
			sh.text = append(sh.text, sh.v...)
		}
	case typeBool:
		switch string(sh.v) {
		case "1":
			sh.text = append(sh.text, "TRUE"...)
		case "0":
			sh.text = append(sh.text, "FALSE"...)
		default:
			sh.text = append(sh.text, sh.v...)
		}
	case typeISODate:
		return unsupported("t=\"d\" cell")
	default:
		var err error
		if date, err = sh.appendNumber(sh.v, style); err != nil {
			return err
		}
	}
	sh.addCell(col, start, date, hasF, typ == typeError)
	return nil
}

// appendShared appends shared string i, when the table has it (excelize
// reads an index out of range as an empty cell). It is the one place the
// sheet reads the table; a table read on demand (OpenHead) is read on to
// item i first, and why it could not be is the error.
func (sh *fastSheet) appendShared(dst []byte, i int) ([]byte, error) {
	t := sh.wb.sst
	if t.ld != nil && i >= t.len() {
		if err := t.load(i); err != nil {
			return dst, err
		}
	}
	if i >= 0 && i < t.len() {
		dst = append(dst, t.at(i)...)
	}
	return dst, nil
}

// addCell adds the cell whose text is sh.text[start:] to the row, as
// excelize's rowXMLHandler does: a cell with no text and no formula is left
// out; otherwise the row is padded with empty cells up to its column and it
// is appended (also when its column is not past the last one's).
func (sh *fastSheet) addCell(col, start int, date, hasF, typedError bool) {
	if len(sh.text) == start && !hasF {
		return
	}
	for i := len(sh.cur) + 1; i < col; i++ {
		sh.cur = append(sh.cur, Cell{})
	}
	kind := formulaKind(sh.text[start:], hasF, typedError)
	sh.pending = append(sh.pending, pendingCell{idx: len(sh.cur), start: start, end: len(sh.text), date: date, kind: kind})
	sh.cur = append(sh.cur, Cell{})
}

// appendNumber appends the value v of a number cell (t="n", "e", absent or
// unknown: excelize's default branch). It reports a date it formatted. v
// may be a view into the window: nothing here reads the stream.
func (sh *fastSheet) appendNumber(v []byte, style int) (bool, error) {
	isDate := style != 0 && style < len(sh.wb.dateXF) && sh.wb.dateXF[style]
	if !isDate {
		if shortNumber(v) {
			sh.text = append(sh.text, v...)
		} else {
			sh.text, _, _ = appendNumberText(sh.text, v)
		}
		return false, nil
	}
	if days, secs, ok := plainSerial(v); ok {
		// The usual date cell, read without floats (plainSerial).
		sh.text = appendSerial(sh.text, days, secs, sh.wb.date1904)
		return true, nil
	}
	start := len(sh.text)
	var x float64
	var num bool
	sh.text, x, num = appendNumberText(sh.text, v)
	if !num {
		// Not a number: a date format shows text as it is.
		return false, nil
	}
	if !finite(x) || math.Abs(x) >= 1e15 {
		// Excel never writes NaN or Inf, and no date is that large; the
		// excelize reader prints such numbers with decimal arithmetic of
		// its own, so leave the sheet to it rather than guess its digits.
		return false, unsupported("number %q in a date cell", v)
	}
	// The excelize reader prints a date cell's serial with six decimals
	// (excelize.go's marked format) and dateCell reads that; do the same so
	// that both readers give the same day and time.
	c := dateCell(strconv.FormatFloat(x, 'f', 6, 64), sh.wb.date1904)
	sh.text = append(sh.text[:start], c.Text...)
	return c.Kind == KindDate, nil
}

// checkFormula reads an <f>, which only tells that the cell has a formula,
// checking what encoding/xml would check decoding it into excelize's xlsxF:
// its typed attributes and its text.
func (sh *fastSheet) checkFormula(t *tag, cname []byte) error {
	for _, a := range t.attrs {
		switch string(a.local) {
		case "aca", "dt2D", "dtr", "del1", "del2", "ca", "bx":
			switch string(a.value) {
			case "0", "1", "true", "false":
			default:
				return unsupported("formula flag %q", a.value)
			}
		case "si":
			if !plainInt(a.value) {
				return unsupported("formula si %q", a.value)
			}
		}
	}
	if t.empty {
		return nil
	}
	sh.childName = append(sh.childName[:0], t.name...)
	var err error
	sh.formula, err = sh.s.readText(sh.formula[:0], sh.childName, false, t)
	return err
}

// skipCell moves past a cell of a column nobody asked for, checking its
// markup but not decoding its text.
func (sh *fastSheet) skipCell(t *tag) error {
	if t.empty {
		return nil
	}
	s := sh.s
	sh.cellName = append(sh.cellName[:0], t.name...)
	cname := sh.cellName
	for {
		if err := s.nextTag(t); err != nil {
			return err
		}
		if t.close {
			if !bytes.Equal(t.name, cname) {
				return unsupported("<%s> closed by </%s>", cname, t.name)
			}
			return nil
		}
		if t.empty {
			continue
		}
		switch string(t.local()) {
		case "v", "f":
			sh.childName = append(sh.childName[:0], t.name...)
			if _, err := s.readText(nil, sh.childName, true, t); err != nil {
				return err
			}
		case "is":
			sh.closeTag = append(append(sh.closeTag[:0], "</"...), t.name...)
			sh.closeTag = append(sh.closeTag, '>')
			closeTag := sh.closeTag
			for {
				if i := bytes.Index(s.buf[s.pos:s.end], closeTag); i >= 0 {
					s.pos += i + len(closeTag)
					break
				}
				if !s.fill() {
					return s.unexpectedEnd()
				}
			}
		default:
			return unsupported("<%s> in a cell", t.name)
		}
	}
}

// inflateAhead inflates a part on a goroutine of its own into a few
// chunks, so that on two cores inflating and scanning overlap instead of
// adding up.
type inflateAhead struct {
	src   io.ReadCloser
	full  chan []byte
	free  chan []byte
	cur   []byte
	last  []byte
	err   error // written before full is closed
	stop  chan struct{}
	done  chan struct{}
	close sync.Once
}

const (
	inflateChunk  = 256 << 10
	inflateChunks = 4
)

func newInflateAhead(src io.ReadCloser) *inflateAhead {
	a := &inflateAhead{
		src:  src,
		full: make(chan []byte, inflateChunks),
		free: make(chan []byte, inflateChunks),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for i := 0; i < inflateChunks; i++ {
		a.free <- make([]byte, inflateChunk)
	}
	go a.run()
	return a
}

func (a *inflateAhead) run() {
	defer close(a.done)
	defer close(a.full)
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		b = b[:cap(b)]
		n := 0
		var err error
		for n < len(b) && err == nil {
			var m int
			m, err = a.src.Read(b[n:])
			n += m
		}
		if n > 0 {
			select {
			case a.full <- b[:n]:
			case <-a.stop:
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				a.err = err
			}
			return
		}
	}
}

func (a *inflateAhead) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.last != nil {
			a.free <- a.last
			a.last = nil
		}
		b, ok := <-a.full
		if !ok {
			if a.err != nil {
				return 0, a.err
			}
			return 0, io.EOF
		}
		a.cur, a.last = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the goroutine, waits for it, and closes the part.
func (a *inflateAhead) Close() error {
	a.close.Do(func() { close(a.stop) })
	<-a.done
	return a.src.Close()
}
