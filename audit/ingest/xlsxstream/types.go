// Package xlsxstream reads .xlsx workbooks as streams of rows, with one
// contract: the same cells as excelize's row iterator, faster. A byte
// scanner (scan.go) reads worksheets and shared strings from a window over
// the inflated stream; anything it is not sure to read exactly as excelize
// would is handed to excelize (excelize.go), whole or in the middle of a
// sheet. The differential tests — at every scan-window size, on large
// generated exports, on the corpus of other libraries' workbooks — and the
// fuzz targets hold the two readers to the same cells.
//
// It knows nothing of WeCom, rosters or contacts: package ingest finds the
// headers and reads the roles on top of it.
package xlsxstream

import (
	"strconv"
	"strings"
)

// Reading is a stream of rows behind two small interfaces, Workbook and
// Sheet, so that the fast xlsx reader, excelize's iterator and the CSV reader of
// package ingest are one to the header detection and role readers above them.
//
// Contract every implementation keeps:
//   - Rows come in sheet order, one per Next, numbered from 1 by RowNumber
//     with the numbers a spreadsheet program shows: blank rows in the middle
//     of an xlsx sheet are still counted (they come back as rows with no
//     cells), and a CSV record spanning several lines is one row.
//   - Row returns the cells of the current row, left to right from column A;
//     trailing empty cells may be missing. The slice is reused by the next
//     call to Next: copy what you keep.
//   - Cell.Text is the value as the sheet holds it, never through float64
//     when it is text (userids and phone numbers stay text, D22). A number
//     cell comes out in its shortest exact decimal form ("13800138000", not
//     "1.38E+10", nor "13,800,138,000" from its number format). A
//     date-formatted cell comes out as Kind KindDate with Text
//     "2006-01-02" or "2006-01-02 15:04:05", whatever its number format
//     shows on screen.
//   - Only what is asked for is decoded: a sheet is read row by row and
//     never held whole, so memory does not grow with the rows.
//   - Err reports why Next stopped early; Close releases the stream.

// CellKind says what kind of value a cell holds.
type CellKind uint8

const (
	KindEmpty CellKind = iota
	KindString
	KindNumber
	KindBool
	KindDate
	// KindFormula is a formula cell with no saved result (openpyxl and
	// scripts write these): Text is "" and the value is unknown, never
	// blank. Readers above report it as a data problem (issue 12).
	KindFormula
	// KindError is a cell holding an error value, cached from a formula
	// or typed (t="e"): Text is the error as shown ("#N/A", "#REF!"). Its
	// value is unknown, never the characters of the error.
	KindError
)

func (k CellKind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "bool"
	case KindDate:
		return "date"
	case KindFormula:
		return "formula without a saved result"
	case KindError:
		return "error value"
	}
	return "empty"
}

// Cell is one cell of a row.
//
// Kind is as precise as the source allows. A CSV holds text only, so its
// cells are KindString or KindEmpty. The excelize reader tells dates
// exactly (from the cell's number format); it reports KindBool for
// TRUE/FALSE and KindNumber for a plain decimal, which cannot be told apart
// from a text cell holding the same characters. No reader above relies on
// that difference: a yes/no column reads "TRUE" the same either way, and a
// date column reads a bare serial number whether it is stored as a number or
// as text (docs/spec.md §2.5).
type Cell struct {
	Text string
	Kind CellKind
}

// Sheet streams the rows of one sheet.
type Sheet interface {
	// Name is the sheet's name; "" for a CSV file.
	Name() string
	// Next advances to the next row; false at the end or on error.
	Next() bool
	// Row is the current row's cells, valid until the next call to Next.
	Row() []Cell
	// RowNumber is the current row's 1-based number.
	RowNumber() int
	// Err is the error that stopped Next, if any.
	Err() error
	Close() error
}

// Positioner is implemented by sheets that know how far through their
// bytes they are (inflated sheet XML, or the CSV file), for the progress
// line's percentage. It may be called from another goroutine than Next.
type Positioner interface {
	Position() (done, total int64)
}

// PivotLister is implemented by xlsx workbooks: it tells which sheets hold
// a pivot table. A pivot table's cells summarise other rows, so such a
// sheet is never read as data (issue 12). A CSV has none.
type PivotLister interface {
	HasPivotTable(sheet string) bool
}

// Workbook is an opened input file: an xlsx workbook, or a CSV file that
// holds one sheet named "".
type Workbook interface {
	// SheetNames lists the sheets in workbook order.
	SheetNames() []string
	// OpenSheet starts streaming the named sheet from its first row. A
	// sheet may be opened again after it is closed.
	OpenSheet(name string) (Sheet, error)
	Close() error
}

// InputError is an input that cannot be used at all: missing, not a
// spreadsheet, no header, a profile that does not parse. The CLI exits 2 on
// it (docs/spec.md §1). Bad values inside a usable file are audit.DataProblem
// entries instead.
type InputError struct {
	File   string // path as given on the command line
	Sheet  string // "" when the problem is the whole file, or a CSV
	Row    int    // 1-based; 0 when not about one row
	Column string // header as written, when about one column
	Msg    string
	// Lines: Row is a line of a text file (the YAML profile), not a sheet row.
	Lines bool
	// Code, when set, is Msg as a message code of the program's
	// catalogue, with its arguments, so that Localize can say it in
	// another language. Msg stays the English text (Error).
	Code string
	Args map[string]any
}

// coded is e with message msg (English) and the same as message code of
// the program's catalogue with its arguments, for Localize.
func coded(e InputError, msg, code string, args map[string]any) *InputError {
	e.Msg, e.Code, e.Args = msg, code, args
	return &e
}

// Localize says an InputError in a language other than English. This
// package stands on its own (the same cells as excelize, faster) and holds
// no translations: the program that has a message catalogue (audit/ingest)
// sets it once, at start. Nil: In gives Error().
var Localize func(e *InputError, lang string) string

// In is the error in lang: the same "file, sheet, row, column: message"
// line as Error, in that language when Localize is set and lang is not
// "en" (catalog.Localizer).
func (e *InputError) In(lang string) string {
	if lang == "en" || Localize == nil {
		return e.Error()
	}
	return Localize(e, lang)
}

// Error is one line: where, then what, e.g.
// `roster.xlsx, sheet 成员列表: no header row with the required column userid
// (looked for 账号, 帐号, UserID, 成员账号, userid) in the first 50 rows`.
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(", sheet ")
		b.WriteString(e.Sheet)
	}
	if e.Row > 0 {
		if e.Lines {
			b.WriteString(", line ")
		} else {
			b.WriteString(", row ")
		}
		b.WriteString(strconv.Itoa(e.Row))
	}
	if e.Column != "" {
		b.WriteString(", column ")
		b.WriteString(e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}
