package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
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
	put("\n%s\n", catalog.T(lang, "cli.validate.heading", catalog.Args{"n": problemsPerKind}))
	for _, k := range order {
		list := byKind[k]
		total := len(list) + more[k]
		where := k.file
		if k.sheet != "" {
			where += " › " + k.sheet
		}
		col := k.column
		if col == "" {
			col = catalog.T(lang, "cli.validate.whole_row", nil)
		}
		put("  %s › %s: %s\n", where, col, catalog.T(lang, "cli.validate.problems", catalog.Args{"n": total}))
		for i, p := range list {
			if i == problemsPerKind {
				rest := total - problemsPerKind
				put("    %s\n", catalog.T(lang, "cli.validate.more", catalog.Args{"n": rest}))
				break
			}
			put("    %s\n", catalog.T(lang, "cli.validate.row", catalog.Args{"row": strconv.Itoa(p.Row), "problem": p.Problem.In(lang)}))
		}
	}
	return err
}
