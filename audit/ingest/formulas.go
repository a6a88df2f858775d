package ingest

import (
	"strconv"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Cells whose value cannot be known (issue 12): a formula without a saved
// result (openpyxl, scripts and some exporters write them; Excel and WPS
// save the result) and an error value (#N/A from a VLOOKUP that found
// nothing, #REF!). Such a cell is not blank: a blank status means active, a
// blank receiver none, a blank count an even share, and reading an unknown
// value as any of those is a silent guess. Each one is a data problem naming
// the cell and what to do, and the field is unknown for that row; a column
// where no cell can be read at all stops the run (exit 2), because the whole
// file was then saved without its results and one action fixes it
// (wholeColumnUnreadable).

// unreadable reports a cell whose value cannot be known.
func unreadable(c Cell) bool { return c.Kind == KindFormula || c.Kind == KindError }

// What an unknown value of a field means for its row is catalogue message
// ingest.unknown.<role>.<field>; a field without one is shown only.

// columnName is the spreadsheet letters of a 0-based column: 0 → A, 26 → AA.
func columnName(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append(b, byte('A'+(c-1)%26))
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// cellRef is the reference of field f's cell on row n, e.g. "C7".
func (t *table) cellRef(n, f int) string { return columnName(t.h.Col[f]) + strconv.Itoa(n) }

// colCount counts, per mapped field, cells that could not be read, and
// whether one held a value, for the whole-column check.
type colCount struct {
	// hasValue is all the check asks of the readable cells: once it is
	// set, a column's cells are no longer trimmed for it (a contacts export
	// would otherwise trim every cell of every row).
	hasValue  bool
	unread    int
	first     string // reference of the first unreadable cell
	firstKind CellKind
	firstText string
}

// checkUnreadable reports every unreadable mapped cell of a data row and
// counts the column's values. Called once per data row, before the role
// reader, which then treats those fields as unknown.
func (r *reader) checkUnreadable(t *table, row []Cell, n int) {
	if t.counts == nil {
		t.counts = make([]colCount, len(t.h.Col))
	}
	for f, c := range t.h.Col {
		if c < 0 {
			continue
		}
		if c >= len(row) {
			continue
		}
		cell := row[c]
		if !unreadable(cell) {
			if !t.counts[f].hasValue && cleanText(cell.Text) != "" {
				t.counts[f].hasValue = true
			}
			continue
		}
		cc := &t.counts[f]
		if cc.unread == 0 {
			cc.first, cc.firstKind, cc.firstText = t.cellRef(n, f), cell.Kind, cleanText(cell.Text)
		}
		cc.unread++
		args := catalog.Args{"cell": t.cellRef(n, f), "what": unreadableText(cell)}
		if then := "ingest.unknown." + t.spec.Role + "." + t.spec.Fields[f].Name; catalog.Has(then) {
			args["then"] = rules.Msg(then, nil)
			r.probs.add(t.place(n, f), rules.Msg("ingest.unreadable.cell_then", args))
		} else {
			r.probs.add(t.place(n, f), rules.Msg("ingest.unreadable.cell", args))
		}
	}
}

// unreadableText is what an unreadable cell is and what to do about it.
func unreadableText(c Cell) rules.Text {
	if c.Kind == KindError {
		v := cleanText(c.Text)
		if v == "" {
			v = "#?"
		}
		return rules.Msg("ingest.unreadable.error", catalog.Args{"value": v})
	}
	return rules.Msg("ingest.unreadable.formula", nil)
}

// wholeColumnUnreadable is the *InputError for a mapped column in which no
// cell can be read and formulas or error values stand in for its values
// (any, in a required column; in half its rows or more, in another), or nil.
// Such a column is not a few bad cells: the file was saved without its
// results (or every lookup failed), and reading on would guess every row.
func (r *reader) wholeColumnUnreadable(t *table) error {
	for f, cc := range t.counts {
		// A required column stops on any such cells without a value; an
		// optional one when they fill at least half its rows (a column of
		// formulas), not for one #REF! in a column mostly left blank.
		if cc.unread == 0 || cc.hasValue || (!t.spec.Fields[f].Required && cc.unread*2 < t.sum.Rows) {
			continue
		}
		id := "ingest.error.column_formulas"
		if cc.firstKind == KindError {
			id = "ingest.error.column_errors"
		}
		column := rules.Msg("ingest.error.column", nil)
		if t.spec.Fields[f].Required {
			column = rules.Msg("ingest.error.column_required", nil)
		}
		return inputError(InputError{File: t.src.path, Sheet: t.name(), Column: t.h.Text[f]}, id,
			catalog.Args{"column": column, "cells": cc.unread, "first": cc.first, "value": cc.firstText})
	}
	return nil
}
