package xlsxstream

import (
	"archive/zip"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// dateMark starts the text of a date-formatted cell. excelize's row
// iterator only hands out formatted text, with no cell type or style, so
// the reader gives every date number format in the workbook one format of
// its own, "\x01"0.000000, before streaming: a date cell then comes out as
// the marker and its serial number, whatever locale format the author
// chose, and the reader turns the serial into a date itself. (A date
// format proper, yyyy-mm-dd, costs excelize ~60 µs a cell — most of the
// time of a contacts export with an 添加时间 column; this costs ~5 µs.)
// U+0001 cannot occur in cell text: XML 1.0 forbids it.
const dateMark = '\x01'

// rawNumFmtID is a number format id that exists nowhere, so excelize
// returns the cell's stored value unformatted: "13800138000" instead of
// "13,800,138,000" or "1.38E+10" (D22).
const rawNumFmtID = math.MaxInt32

type xlsxWorkbook struct {
	path   string
	f      *excelize.File
	sheets []string
	// date1904: serials count from 1904-01-01 (old Mac Excel).
	date1904 bool

	pivotOnce sync.Once
	pivots    map[string]bool // lower-cased sheet names holding a pivot table
}

var _ PivotLister = (*xlsxWorkbook)(nil)

// HasPivotTable implements PivotLister: the sheet's relationships, found
// as excelize finds its part, include a pivotTable part.
func (w *xlsxWorkbook) HasPivotTable(sheet string) bool {
	w.pivotOnce.Do(func() {
		w.pivots = map[string]bool{}
		zr, err := openZip(w.path)
		if err != nil {
			return
		}
		defer zr.Close()
		parts := zipParts(&zr.Reader)
		byName := map[*zip.File]string{}
		for name, f := range parts {
			byName[f] = name
		}
		for _, name := range w.sheets {
			if p := sheetPart(parts, w.f, name); p != nil && hasPivotRel(parts, byName[p]) {
				w.pivots[strings.ToLower(name)] = true
			}
		}
	})
	return w.pivots[strings.ToLower(sheet)]
}

func openXLSX(path string) (*xlsxWorkbook, error) {
	if err := checkSharedStringsSize(path); err != nil {
		return nil, err
	}
	// The same bound as the fast reader's (issue 9): excelize refuses a
	// workbook whose parts add up to more, and archive/zip stops a part that
	// inflates past what its header says.
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    maxPartBytes,
		UnzipXMLSizeLimit: min(maxPartBytes, excelize.StreamChunkSize),
	})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		// excelize has no sentinel for it; TestExcelizeZipBound pins the text.
		return nil, (&sizeError{code: sizeParts, limit: maxPartBytes}).inputError(path, "")
	}
	if err != nil {
		ie := coded(InputError{File: path}, fmt.Sprintf("is a damaged .xlsx workbook that cannot be read (%v); open it in Excel and save it again", err),
			"ingest.xlsx.damaged", map[string]any{"reason": err.Error()})
		switch {
		case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
			ie = coded(InputError{File: path}, "is a password-protected (encrypted) workbook, which cannot be read; "+
				"remove the password in Excel and save it as .xlsx", "ingest.xlsx.encrypted", nil)
		}
		if f != nil {
			f.Close()
		}
		return nil, ie
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, coded(InputError{File: path}, "is a workbook without any sheet; expected an .xlsx workbook or a .csv file", "ingest.xlsx.no_sheet", nil)
	}
	markDateFormats(f)
	wb := &xlsxWorkbook{path: path, f: f, sheets: sheets}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	return wb, nil
}

func (w *xlsxWorkbook) SheetNames() []string { return w.sheets }

func (w *xlsxWorkbook) Close() error { return w.f.Close() }

func (w *xlsxWorkbook) OpenSheet(name string) (Sheet, error) {
	rows, err := w.f.Rows(name)
	if err != nil {
		if rows != nil {
			rows.Close()
		}
		return nil, cannotReadSheet(w.path, name, err)
	}
	return &xlsxSheet{name: name, rows: rows, date1904: w.date1904, marks: openSheetMarks(w.path, w.f, name)}, nil
}

// checkSharedStringsSize refuses, before excelize reads it whole, a
// shared-string table past the fast reader's bound (sharedStringsLimit):
// excelize holds the table in memory at about twice its XML. archive/zip
// stops a part that inflates past its header's size, so the header is
// what excelize can read at most.
func checkSharedStringsSize(path string) error {
	zr, err := openZip(path)
	if err != nil {
		return nil // excelize says what is wrong with it
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), "xl/sharedStrings.xml") {
			continue
		}
		if limit := sharedStringsLimit(int64(f.CompressedSize64)); f.UncompressedSize64 > uint64(limit) {
			return (&sizeError{code: sizeStrings, limit: limit}).inputError(path, "")
		}
	}
	return nil
}

// markDateFormats rewrites the workbook's cell formats in memory (the file
// is never saved): date formats print dateMark and the serial number, every
// other format prints the stored value. When the styles cannot take a new
// format, dates print their bare serial too, which a date column still
// reads (docs/spec.md §2.5).
func markDateFormats(f *excelize.File) {
	if f.Styles == nil || f.Styles.CellXfs == nil {
		return
	}
	custom := map[int]string{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	n := len(f.Styles.CellXfs.Xf)
	isDate := make([]bool, n)
	for i, xf := range f.Styles.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if code, ok := custom[id]; ok {
			isDate[i] = isDateFormatCode(code)
		} else {
			isDate[i] = isBuiltinDateFormat(id)
		}
	}
	raw := rawNumFmtID
	mark := raw
	code := `"` + string(dateMark) + `"0.000000`
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err == nil && id >= 0 && id < len(f.Styles.CellXfs.Xf) && f.Styles.CellXfs.Xf[id].NumFmtID != nil {
		mark = *f.Styles.CellXfs.Xf[id].NumFmtID
	}
	for i := 0; i < n; i++ {
		if isDate[i] {
			f.Styles.CellXfs.Xf[i].NumFmtID = &mark
		} else {
			f.Styles.CellXfs.Xf[i].NumFmtID = &raw
		}
	}
}

// isBuiltinDateFormat reports Excel's built-in date and time formats,
// including the East Asian ones (27–36, 50–58) that Chinese Excel uses for
// the year-month-day format with the marks 年, 月 and 日.
func isBuiltinDateFormat(id int) bool {
	return (14 <= id && id <= 22) || (27 <= id && id <= 36) || (45 <= id && id <= 47) || (50 <= id && id <= 58)
}

// isDateFormatCode reports a custom number format that shows a date or a
// time: a y, m, d, h or s outside quotes, escapes and [brackets] — where
// [$-804] locales and [Red] colours live — in its first section.
func isDateFormatCode(code string) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '\\', c == '_', c == '*':
			i++ // escaped char, padding or fill character
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			// Elapsed time, [h]:mm, is a duration but still a time format.
			if inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss" {
				return true
			}
			i += j
		case c == ';':
			return false
		default:
			switch c | 0x20 {
			case 'y', 'm', 'd', 'h', 's':
				return true
			}
		}
	}
	return false
}

type xlsxSheet struct {
	name     string
	date1904 bool
	rows     *excelize.Rows
	marks    *sheetMarks // formula and error cells (excelize_kinds.go); nil if unknown
	row      []Cell
	n        int
	err      error
	done     bool
	close    bool
}

func (s *xlsxSheet) Name() string   { return s.name }
func (s *xlsxSheet) Row() []Cell    { return s.row }
func (s *xlsxSheet) RowNumber() int { return s.n }
func (s *xlsxSheet) Err() error     { return s.err }

func (s *xlsxSheet) Next() bool {
	if s.done {
		return false
	}
	if !s.rows.Next() {
		s.done = true
		if err := s.rows.Error(); err != nil {
			s.err = fmt.Errorf("sheet %s after row %d: %w", s.name, s.n, err)
		}
		return false
	}
	// excelize numbers rows itself and hands out the ones missing from the
	// XML as empty, so counting Next calls gives the sheet's row number.
	s.n++
	cols, err := s.rows.Columns()
	if err != nil {
		s.done = true
		s.err = fmt.Errorf("sheet %s row %d: %w", s.name, s.n, err)
		return false
	}
	s.row = s.row[:0]
	for _, t := range cols {
		s.row = append(s.row, xlsxCell(t, s.date1904))
	}
	if s.marks != nil {
		markKinds(s.row, s.marks.marksFor(s.n))
	}
	return true
}

func (s *xlsxSheet) Close() error {
	if s.close {
		return nil
	}
	s.close = true
	s.marks.Close()
	return s.rows.Close()
}

func xlsxCell(t string, date1904 bool) Cell {
	switch {
	case t == "":
		return Cell{}
	case t[0] == dateMark:
		return dateCell(t[1:], date1904)
	case len(t) > 1 && t[0] == '-' && t[1] == dateMark:
		// A date format prints a negative serial's sign before its
		// literal text: "-\x011.000000". No calendar has that day.
		return dateCell("-"+t[2:], date1904)
	case t == "TRUE" || t == "FALSE":
		return Cell{Text: t, Kind: KindBool}
	case isPlainNumber(t):
		return Cell{Text: t, Kind: KindNumber}
	}
	return Cell{Text: t, Kind: KindString}
}

// Day 0 of Excel's date systems. In the 1900 system Excel counts a
// 29 February 1900 that never was, so from day 61 on the days are one
// more than the calendar's and day 0 is 1899-12-30; before it, 1899-12-31.
var (
	epoch1900     = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1900Jan  = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	epoch1904     = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDateSerial = 2958466.0 // 10000-01-01 in the 1900 system
)

// dateCell turns the serial of a date-formatted cell into
// "2006-01-02" or "2006-01-02 15:04:05". A serial no calendar has
// (negative, past 9999) comes back as the number it is.
func dateCell(serial string, date1904 bool) Cell {
	f, err := strconv.ParseFloat(serial, 64)
	if err != nil || f < 0 || f >= maxDateSerial {
		if isPlainNumber(serial) {
			return Cell{Text: serial, Kind: KindNumber}
		}
		return Cell{Text: serial, Kind: KindString}
	}
	days := math.Floor(f)
	// Six decimals hold the time to ~0.1 s: round to the second, but never
	// into the next day — the day is what every rule reads.
	secs := min(math.Round((f-days)*86400), 86399)
	t := serialTime(int(days), int(secs), date1904)
	return Cell{Text: string(appendDateTime(make([]byte, 0, 19), t)), Kind: KindDate}
}

// serialTime is the moment of a date serial's whole days and second of the
// day, in the workbook's date system.
func serialTime(days, secs int, date1904 bool) time.Time {
	var t time.Time
	switch {
	case date1904:
		t = epoch1904
	case days >= 61:
		t = epoch1900
	default:
		t = epoch1900Jan
	}
	return t.AddDate(0, 0, days).Add(time.Duration(secs) * time.Second)
}

// appendSerial is appendDateTime(b, serialTime(days, secs, date1904)) for
// the serials plainSerial reads (days and secs not negative, secs under a
// day), by integer arithmetic: time.Time's AddDate, Date and Clock were
// most of the fast path's cost of a date cell (issue 24).
// TestAppendSerial holds it to the two for every day plainSerial reads.
func appendSerial(b []byte, days, secs int, date1904 bool) []byte {
	// Day 0 of each system as days from 1970-01-01 (serialTime's epochs).
	switch {
	case date1904:
		days -= 24107
	case days >= 61:
		days -= 25569
	default:
		days -= 25568
	}
	// civil_from_days (H. Hinnant): the proleptic Gregorian calendar, as
	// time's, in eras of 400 years from 0000-03-01.
	z := days + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
		y++
	}
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	for p := 1000; p > 1 && y < p; p /= 10 {
		b = append(b, '0') // four digits, as time.Format's 2006
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = two(append(b, '-'), m)
	b = two(append(b, '-'), d)
	if secs != 0 {
		b = two(append(b, ' '), secs/3600)
		b = two(append(b, ':'), secs/60%60)
		b = two(append(b, ':'), secs%60)
	}
	return b
}

// appendDateTime writes t as 2006-01-02, or 2006-01-02 15:04:05 when it has
// a time of day; by hand, because time.Format is a tenth of the cost of
// reading a million-row export's date column.
func appendDateTime(b []byte, t time.Time) []byte {
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	y, m, d := t.Date()
	for p := 1000; p > 1 && y < p; p /= 10 {
		b = append(b, '0') // four digits, as time.Format's 2006
	}
	b = strconv.AppendInt(b, int64(y), 10)
	b = two(append(b, '-'), int(m))
	b = two(append(b, '-'), d)
	if h, mi, s := t.Clock(); h != 0 || mi != 0 || s != 0 {
		b = two(append(b, ' '), h)
		b = two(append(b, ':'), mi)
		b = two(append(b, ':'), s)
	}
	return b
}

// IsPlainNumber reports a decimal as the readers print stored numbers
// (isPlainNumber), for readers of other formats that follow the same rule.
func IsPlainNumber(s string) bool { return isPlainNumber(s) }

// isPlainNumber reports a decimal as excelize prints stored numbers:
// optional minus, digits, optional fraction, optional E exponent.
func isPlainNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == fs {
			return false
		}
	}
	if i < len(s) && (s[i] == 'E' || s[i] == 'e') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == es {
			return false
		}
	}
	return i == len(s)
}
