package ingest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// headerSearchRows is how far down a header is looked for: the official
// address-book template has 8 merged instruction rows above its header on
// row 9 (D19); exports put a title or two above theirs.
const headerSearchRows = 50

// fieldSpec is one column a reader understands.
type fieldSpec struct {
	Name     string
	Aliases  []string
	Required bool
}

// roleSpec is the columns of one kind of input.
type roleSpec struct {
	Role   string
	Fields []fieldSpec
	index  map[string]int // normalised alias → field
}

func newRole(role string, fields ...fieldSpec) *roleSpec {
	r := &roleSpec{Role: role, Fields: fields, index: map[string]int{}}
	for i, f := range fields {
		for _, a := range f.Aliases {
			n := normHeader(a)
			if j, dup := r.index[n]; dup && j != i {
				// rules/vocabulary.yaml is validated against this; a reader's
				// own table (ReadTable) is a programming error, caught by tests.
				panic(fmt.Sprintf("ingest: alias %q of %s.%s already belongs to %s", a, role, f.Name, fields[j].Name))
			}
			r.index[n] = i
		}
	}
	return r
}

// field returns the index of the named field.
func (r *roleSpec) field(name string) int {
	for i, f := range r.Fields {
		if f.Name == name {
			return i
		}
	}
	panic("ingest: no field " + name + " in " + r.Role)
}

// The columns of each input and their aliases are data: rules/vocabulary.yaml
// (docs/spec.md §2's tables, Chinese as WeCom exports them, and English, and
// a few more where WeCom's own wording differs).
var (
	rosterRole   = vocabRole("roster")
	contactsRole = vocabRole("contacts")
	groupsRole   = vocabRole("groups")
	planRole     = vocabRole("plan")
)

// vocabRole is a role's columns as the vocabulary lists them.
func vocabRole(role string) *roleSpec {
	var fields []fieldSpec
	for _, f := range rules.Vocabulary().Role(role) {
		fields = append(fields, fieldSpec{Name: f.Field, Aliases: f.Aliases, Required: f.Required})
	}
	return newRole(role, fields...)
}

// normHeader is the header comparison of docs/spec.md §2: full-width folded to
// half-width, lower case, without spaces, underscores and hyphens, so
// `Leave Date`, `leave_date` and `ＬｅａｖｅＤａｔｅ` are one header. Line
// breaks inside a header cell go too.
func normHeader(s string) string {
	s = strings.ToLower(foldText(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '_', '-', '\u3000', '\u00a0', '\u200b':
			return -1
		}
		return r
	}, s)
}

// header is where a role's columns are in a sheet.
type header struct {
	Row  int      // 1-based row number of the header
	Col  []int    // per field: 0-based column, or -1
	Text []string // per field: the header as written
	// Rows is 2 when the header spans two rows (mergeRows): Row is then
	// the lower one, the row above which data rows begin.
	Rows int
	// above is a copy of the row just above the header, when there is one,
	// for a header whose names are partly in a group row above (mergeRows).
	above []Cell
	// rowText is the header row's cells, trimmed, for mergeRows.
	rowText []string
}

func (h *header) has(f int) bool { return h.Col[f] >= 0 }

// cell returns the row's cell for field f, empty when the column is absent
// or the row is short.
func (h *header) cell(row []Cell, f int) Cell {
	c := h.Col[f]
	if c < 0 || c >= len(row) {
		return Cell{}
	}
	return row[c]
}

// matchHeader maps one row's cells to the role's fields. When two columns
// carry aliases of one field, the leftmost wins. ok is true when every
// required field is there.
func (r *roleSpec) matchHeader(row []Cell) (header, bool) {
	h := header{Col: make([]int, len(r.Fields)), Text: make([]string, len(r.Fields))}
	for i := range h.Col {
		h.Col[i] = -1
	}
	for c, cell := range row {
		if cell.Text == "" {
			continue
		}
		f, ok := r.index[normHeader(cell.Text)]
		if !ok || h.Col[f] >= 0 {
			continue
		}
		h.Col[f] = c
		h.Text[f] = cleanText(cell.Text)
	}
	for i, f := range r.Fields {
		if f.Required && h.Col[i] < 0 {
			return h, false
		}
	}
	return h, true
}

// preview is the fullest row seen while looking for a header, quoted in the
// error when there is none, so a user sees what we saw.
type preview struct {
	Row   int
	Cells []string
}

// findHeader reads down the sheet to the first row that has the role's
// required columns, within headerSearchRows rows. It leaves the sheet just
// after the header, so data rows follow on the same stream.
func findHeader(s Sheet, r *roleSpec) (h header, found bool, pv preview, err error) {
	var prev []Cell
	prevNum := 0
	for s.Next() {
		row := s.Row()
		if h, ok := r.matchHeader(row); ok {
			h.Row, h.Rows = s.RowNumber(), 1
			for _, c := range row {
				h.rowText = append(h.rowText, cleanText(c.Text))
			}
			if prevNum == h.Row-1 {
				h.above = prev
			}
			return h, true, pv, nil
		}
		prev, prevNum = append(prev[:0], row...), s.RowNumber()
		n := 0
		for _, c := range row {
			if cleanText(c.Text) != "" {
				n++
			}
		}
		if n > len(pv.Cells) {
			pv = preview{Row: s.RowNumber(), Cells: make([]string, 0, n)}
			for _, c := range row {
				if t := cleanText(c.Text); t != "" {
					pv.Cells = append(pv.Cells, t)
				}
			}
		}
		if s.RowNumber() >= headerSearchRows {
			break
		}
	}
	return header{}, false, pv, s.Err()
}

// missingHeader names the required fields and every alias looked for
// (catalogue message ingest.error.no_header).
func (r *roleSpec) missingHeader() rules.Text {
	var parts []rules.Text
	for _, f := range r.Fields {
		if f.Required {
			parts = append(parts, rules.Msg("ingest.header.field", catalog.Args{"field": f.Name, "aliases": strings.Join(f.Aliases, ", ")}))
		}
	}
	id := "ingest.header.required.one"
	if len(parts) > 1 {
		id = "ingest.header.required.many"
	}
	return rules.Msg("ingest.error.no_header", catalog.Args{
		"required": rules.Msg(id, catalog.Args{"fields": textList(parts)}),
		"rows":     headerSearchRows,
	})
}

// textList is sentences joined as a list in the reader's language.
type textList []rules.Text

func (l textList) In(lang string) string {
	sep := catalog.T(lang, "ingest.list.sep", nil)
	parts := make([]string, len(l))
	for i, t := range l {
		parts[i] = t.In(lang)
	}
	return strings.Join(parts, sep)
}

// text quotes the first cells of the fullest row.
func (p preview) text() rules.Text {
	if len(p.Cells) == 0 {
		return rules.Msg("ingest.header.preview_empty", nil)
	}
	const show = 8
	cells, more := p.Cells, ""
	if len(cells) > show {
		cells, more = cells[:show], ", …"
	}
	q := make([]string, len(cells))
	for i, t := range cells {
		if r := []rune(t); len(r) > 24 {
			t = string(r[:24]) + "…"
		}
		q[i] = t
	}
	// The cells as they are, in either language: they are the user's.
	return rules.Msg("ingest.header.preview", catalog.Args{"row": strconv.Itoa(p.Row), "cells": strings.Join(q, ", ") + more})
}
