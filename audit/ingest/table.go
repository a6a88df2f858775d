package ingest

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// Field is one column of a table another package reads with ReadTable
// (reconcile's outcome spreadsheets): its name and the header aliases it is
// found by, compared as every other input's headers are (normHeader).
type Field struct {
	Name     string
	Aliases  []string
	Required bool
}

// TableRow is one non-blank data row of a table read by ReadTable.
type TableRow struct {
	t   *table
	row []Cell
	n   int
	idx map[string]int
}

// Row is the row's 1-based number as Excel shows it.
func (r TableRow) Row() int { return r.n }

// Has reports whether the table has the field's column.
func (r TableRow) Has(field string) bool { return r.t.h.has(r.f(field)) }

func (r TableRow) f(field string) int {
	i, ok := r.idx[field]
	if !ok {
		panic("ingest: no field " + field + " in " + r.t.spec.Role)
	}
	return i
}

// Text is the field's cell, trimmed; "" when the column is absent.
func (r TableRow) Text(field string) string { return r.t.text(r.row, r.f(field)) }

// UserID is the field's cell read as a userid (full-width folded).
func (r TableRow) UserID(field string) string { return userID(r.Text(field)) }

// Date reads the field's cell as every input's dates are read; ok is false
// for an empty or unreadable cell (Text tells them apart).
func (r TableRow) Date(field string) (audit.Date, bool) {
	c := r.t.h.cell(r.row, r.f(field))
	if cleanText(c.Text) == "" {
		return audit.Date{}, false
	}
	return parseDate(c)
}

// Int reads the field's cell as a whole number.
func (r TableRow) Int(field string) (int, bool) { return parseInt(r.Text(field)) }

// Place is where the field's cell is: file (base name), sheet, row, column
// header as written.
func (r TableRow) Place(field string) audit.Place { return r.t.place(r.n, r.f(field)) }

// ReadTable reads every sheet of the file at path whose header (within the
// first 50 rows) has the required fields, and calls fn for each non-blank
// data row. It detects the format from the bytes and refuses what is not a
// spreadsheet, as Read does for the audit's inputs. An error from fn stops
// the reading and is returned as is; an unusable file is an *InputError.
func ReadTable(path, role string, fields []Field, fn func(TableRow) error) (audit.InputFile, error) {
	specs := make([]fieldSpec, len(fields))
	idx := make(map[string]int, len(fields))
	for i, f := range fields {
		specs[i] = fieldSpec(f)
		idx[f.Name] = i
	}
	spec := newRole(role, specs...)
	r := newReader(Options{})
	src, err := r.open(role, path)
	if err != nil {
		return audit.InputFile{}, err
	}
	err = r.sheets(src, spec, true, func(t *table) error {
		var ferr error
		err := r.rows(t, func(row []Cell, n int) {
			if ferr == nil {
				ferr = fn(TableRow{t: t, row: row, n: n, idx: idx})
			}
		})
		if ferr != nil {
			return ferr
		}
		return err
	})
	if err != nil {
		src.wb.Close()
		return audit.InputFile{}, err
	}
	if err := r.close(src); err != nil {
		return audit.InputFile{}, err
	}
	return r.in.Files[0], nil
}

// CellMessage is the *InputError for one bad cell of a table read by
// ReadTable: file as given, sheet, row, column, and what is wrong, as
// catalogue message id with its arguments, so that the error says itself
// in the reader's language too (In).
func CellMessage(path string, p audit.Place, id string, args catalog.Args) error {
	return inputError(InputError{File: path, Sheet: p.Sheet, Row: p.Row, Column: p.Column}, id, args)
}
