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
	if errors.As(err, &se) {
		sh.err = &InputError{File: sh.wb.path, Sheet: sh.name, Msg: se.Error()}
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
		return unsupported("row %d past Excel's last row", num)
	}
	sh.nextNum = num
	return nil
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
	sh.text = sh.text[:0]
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
		// One allocation for the row's text: cells are substrings of it, so
		// a value a reader keeps holds this row's bytes alive, not a window
		// or the shared-string table.
		str := string(sh.text)
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
			if i := sharedStringIndex(sh.v); i >= 0 && i < sh.wb.sst.len() {
				sh.text = append(sh.text, sh.wb.sst.at(i)...)
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
		if date, err = sh.appendNumber(style); err != nil {
			return err
		}
	}
	if len(sh.text) == start && !hasF {
		return nil
	}
	// excelize's rowXMLHandler: pad up to the column, then append.
	for i := len(sh.cur) + 1; i < col; i++ {
		sh.cur = append(sh.cur, Cell{})
	}
	kind := formulaKind(sh.text[start:], hasF, typ == typeError)
	sh.pending = append(sh.pending, pendingCell{idx: len(sh.cur), start: start, end: len(sh.text), date: date, kind: kind})
	sh.cur = append(sh.cur, Cell{})
	return nil
}

// appendNumber appends the value of a number cell (t="n", "e", absent or
// unknown: excelize's default branch). It reports a date it formatted.
func (sh *fastSheet) appendNumber(style int) (bool, error) {
	v := sh.v
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
		sh.text = appendDateTime(sh.text, serialTime(days, secs, sh.wb.date1904))
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
