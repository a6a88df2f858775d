package report

// The sheet kit: what the audit, plan and reconcile workbooks share, so
// that a column is as wide, a header row as frozen and a date as written
// in all three. Each workbook keeps its own sheets and colours; only the
// layout rules live here.

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// newWorkbookFile is the empty workbook every report workbook starts from;
// writeWorkbook writes it. excelize writes streamed sheets and some
// content types in map order; sortedZip makes the archive byte-identical
// from run to run, for the plan and reconcile workbooks as much as for the
// audit's.
func newWorkbookFile() *excelize.File {
	return excelize.NewFile()
}

// writeWorkbook writes f to w through sortedZip. excelize's File.Write
// assembles the whole archive in a buffer of its own and then copies it to
// w: a layoff's workbook twice in memory, at the moment the run holds the
// most (issue 24). Here the archive writer writes to w itself and
// excelize's buffer stays empty; excelize's one use of that buffer, marking
// parts of 4 GB or more as zip64 in their local headers, cannot arise, a
// sheet being at most 1,048,576 rows of a report's few columns.
func writeWorkbook(f *excelize.File, w io.Writer) error {
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSortedZip(w) })
	return f.Write(w)
}

// isoDate is the number format of every date cell: ISO, as in the JSON,
// whatever the reader's locale.
const isoDate = "yyyy-mm-dd"

// headerPanes freezes a sheet's header row (row 1) so it stays in view.
var headerPanes = excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}

// textWidth is the widest line of s in Excel width units: East Asian wide
// and full-width characters take two, everything else one.
func textWidth(s string) float64 {
	widest, cur := 0, 0
	for _, r := range s {
		if r == '\n' {
			widest, cur = max(widest, cur), 0
			continue
		}
		cur += runeWidth(r)
	}
	return float64(max(widest, cur))
}

func runeWidth(r rune) int {
	// No character below U+1100 (Hangul Jamo) is wide or fullwidth, and
	// most of a sheet's text is below it: userids, dates, numbers.
	// TestRuneWidthBelowFirstWide holds this to the lookup.
	if r < firstWide {
		return 1
	}
	return lookupWidth(r)
}

// lookupWidth is r's width by x/text/width's table: two for East Asian
// wide and full-width characters, one for the rest.
func lookupWidth(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// firstWide is the first character x/text/width calls wide or fullwidth.
const firstWide = 0x1100

// wrappedLines estimates how many lines s takes in a wrapped cell of width
// colWidth, counting explicit line breaks.
func wrappedLines(s string, colWidth float64) int {
	usable := max(colWidth-1, 1)
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n += max(1, int(math.Ceil(textWidth(line)/usable)))
	}
	return n
}

// sampledColWidth is a column's width from its header and the first rows'
// values (enough to size a column without reading a long sheet twice):
// two units of margin, at least 8 and at most 60.
func sampledColWidth(head string, rows [][]any, j int) float64 {
	w := textWidth(head)
	for i, r := range rows {
		if i > 200 {
			break
		}
		if j < len(r) {
			w = max(w, textWidth(fmt.Sprint(r[j])))
		}
	}
	return min(max(w+2, 8), 60)
}
