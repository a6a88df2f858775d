package ingest

import (
	"fmt"
	"strconv"
	"strings"
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

// unknownField says, per role and field, what an unknown value of it means
// for the row (English, Chinese). Fields not listed are shown only.
var unknownField = map[*roleSpec]map[int][2]string{
	rosterRole: {
		rUserID:        {"the row is ignored (the member cannot be identified)", "本行忽略（无法确定是哪位成员）"},
		rStatus:        {"the member's status is unknown (not taken as active)", "该成员的在职状态未知（不按在职处理）"},
		rDepartureDate: {"the departure date is unknown", "离职日期未知"},
		rReceiver:      {"the receiver is unknown (not taken as none)", "接替人未知（不按未指定处理）"},
		rScope:         {"the scope is inferred from the contact exports", "客户联系范围按联系人导出推断"},
		rCap:           {"the default cap is used", "按默认客户上限计算"},
		rActivated:     {"activation is unknown", "激活状态未知"},
		rRealName:      {"real-name verification is unknown", "实名认证状态未知"},
		rLastLogin:     {"the last login is unknown", "最近登录时间未知"},
	},
	contactsRole: {
		cOwner:     {"the contact is not counted (its owner is unknown)", "该联系人不计入（所属成员未知）"},
		cExtID:     {"counted, but it cannot be matched for duplicates or overlap", "照常计数，但无法判断重复或与接替人已有客户重合"},
		cKind:      {"counted as a customer", "按客户计"},
		cAdded:     {"the date added is unknown", "添加时间未知"},
		cCustomers: {"counted as 0, so the member's total is a lower bound", "按 0 计，该成员的合计只是下限"},
		cExternal:  {"counted as 0, so the member's total is a lower bound", "按 0 计，该成员的合计只是下限"},
	},
	groupsRole: {
		gOwner:   {"the group is not counted for anyone (its owner is unknown)", "该群不计入任何成员（群主未知）"},
		gChatID:  {"the group cannot be matched for duplicates", "无法判断该群是否重复"},
		gMembers: {"the number of members is unknown", "群人数未知"},
	},
	planRole: {
		pUserID:   {"the row is ignored (the leaver cannot be identified)", "本行忽略（无法确定离职成员）"},
		pDate:     {"the departure date is unknown", "离职日期未知"},
		pReceiver: {"the receiver is unknown (not taken as none), so the member's split is unknown", "接替人未知（不按未指定处理），该成员的分配情况未知"},
		pCount:    {"the count is unknown (not shared evenly), so the member's split is unknown", "数量未知（不按平均分配处理），该成员的分配情况未知"},
	},
}

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
		en, zh := unreadableText(cell)
		if what, ok := unknownField[t.spec][f]; ok {
			en, zh = en+"; "+what[0], zh+"；"+what[1]
		}
		r.probs.add(t.place(n, f), "cell "+t.cellRef(n, f)+": "+en, "单元格 "+t.cellRef(n, f)+"："+zh)
	}
}

// unreadableText is what an unreadable cell is and what to do about it.
func unreadableText(c Cell) (en, zh string) {
	if c.Kind == KindError {
		v := cleanText(c.Text)
		if v == "" {
			v = "#?"
		}
		return fmt.Sprintf("error value %s: correct the formula or the data it looks up, then save in Excel or WPS, or paste as values", v),
			fmt.Sprintf("错误值 %s：请修正公式或其引用的数据后在 Excel/WPS 中保存，或粘贴为数值", v)
	}
	return "formula without a saved result: open and save in Excel or WPS, or paste as values",
		"公式没有保存结果：在 Excel/WPS 中打开并保存，或粘贴为数值"
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
		what := "formulas without a saved result"
		todo := "open the file in Excel or WPS and save it, or paste the column as values"
		if cc.firstKind == KindError {
			what = "error values (" + cc.firstText + " and the like)"
			todo = "correct the formulas or the data they look up, save in Excel or WPS, or paste the column as values"
		}
		verb := "hold"
		if cc.unread == 1 {
			verb = "holds"
		}
		msg := fmt.Sprintf("no cell of this column can be read: its %s %s %s (first at %s); %s",
			plural(cc.unread, "cell", "cells"), verb, what, cc.first, todo)
		if t.spec.Fields[f].Required {
			msg = strings.Replace(msg, "this column", "this required column", 1)
		}
		return &InputError{File: t.src.path, Sheet: t.name(), Column: t.h.Text[f], Msg: msg}
	}
	return nil
}
