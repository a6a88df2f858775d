package main

import (
	"fmt"
	"io"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/report"
)

// problemsPerKind is how many problems of one kind validate lists before
// it counts the rest: enough to see the pattern and fix the column, short
// enough to read (docs/spec.md §1: every problem is printed or counted).
const problemsPerKind = 20

// problemKind groups data problems by the column of the input they sit in:
// one kind is one column of one sheet of one file (a whole row when the
// column is empty), which is where the fix is made.
type problemKind struct{ file, sheet, column string }

// printProblems lists the data problems grouped by kind, in reading order:
// for each kind its place and exact count, then the first problemsPerKind
// with row and message (the message quotes the value and says what to
// do), then how many more there are. unlisted are the problems the reader
// counted without listing (ingest.Summary.Unlisted): each such kind's list
// ends with the entry that says so, which is not itself a problem.
func printProblems(w io.Writer, ps []audit.DataProblem, unlisted []ingest.Unlisted, lang string) error {
	if len(ps) == 0 {
		return nil
	}
	var order []problemKind
	byKind := map[problemKind][]audit.DataProblem{}
	for _, p := range ps {
		k := problemKind{p.File, p.Sheet, p.Column}
		if _, seen := byKind[k]; !seen {
			order = append(order, k)
		}
		byKind[k] = append(byKind[k], p)
	}
	more := map[problemKind]int{}
	for _, u := range unlisted {
		k := problemKind{u.File, u.Sheet, u.Column}
		if l := byKind[k]; len(l) > 0 {
			byKind[k] = l[:len(l)-1]
			more[k] = u.Count
		}
	}
	var err error
	put := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	put("\n%s\n", report.Lf(lang,
		fmt.Sprintf("数据问题明细（按文件、工作表和列分组；每组列出前 %d 条）", problemsPerKind),
		fmt.Sprintf("Data problems, by file, sheet and column (the first %d of each)", problemsPerKind)))
	for _, k := range order {
		list := byKind[k]
		total := len(list) + more[k]
		where := k.file
		if k.sheet != "" {
			where += " › " + k.sheet
		}
		col := k.column
		if col == "" {
			col = report.Lf(lang, "整行", "whole row")
		}
		put("  %s › %s: %s\n", where, col, report.Lf(lang, fmt.Sprintf("%s 条", audit.Thousands(total)), plural(total, "problem", "problems")))
		for i, p := range list {
			if i == problemsPerKind {
				rest := total - problemsPerKind
				put("    %s\n", report.Lf(lang, fmt.Sprintf("……另有 %d 条同类问题未列出", rest),
					fmt.Sprintf("… and %s of this kind not listed", plural(rest, "more", "more"))))
				break
			}
			text := p.Problem
			if lang == "zh" && p.ProblemZH != "" {
				text = p.ProblemZH
			}
			put("    %s %d: %s\n", report.Lf(lang, "第", "row"), p.Row, text)
		}
	}
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%s %s", audit.Thousands(n), many)
}
