package xlsxstream

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/xuri/excelize/v2"
)

// The fast cell and row-start paths of sheet.go (issue 18): which shapes
// they read themselves, which they leave to the general path, and that
// either way the cells are excelize's, however the window splits them.

// fastCellSST is the table the shape cases index: 0 "zero", 1 " one ",
// 2 "中文", 3 "_x0041_" (an escape excelize undoes: "A").
var fastCellSST = fastSST(`<t>zero</t>`, `<t xml:space="preserve"> one </t>`, `<t>中文</t>`, `<t>_x0041_</t>`)

// fastCellShape is one cell as a row holds it, and whether fastCell must
// read it itself (fast) or leave it, untouched, to the general path.
type fastCellShape struct {
	xml  string
	fast bool
}

// fastCellShapes are the shapes exporters write, each in the variants the
// fast path reads, and every trigger that must send a cell to the general
// path. Every one is a cell the general path reads itself (none hands the
// sheet to excelize), so the differential tests see both paths give the
// same cells.
func fastCellShapes() []fastCellShape {
	return []fastCellShape{
		// Read by the fast path.
		{`<c r="@" t="s"><v>0</v></c>`, true},
		{`<c r="@" s="3" t="s"><v>1</v></c>`, true},
		{`<c t="s" s="0" r="@"><v>2</v></c>`, true},
		{`<c r="@" t="s"><v>3</v></c>`, true},
		{`<c r="@" t="s"><v>0003</v></c>`, true},
		{`<c r="@" t="s"><v>99</v></c>`, true},
		{`<c r="@" t="s"><v></v></c>`, true},
		{`<c r="@" t="s"/>`, true},
		{`<c r="@" t="inlineStr"><is><t>inline 文字</t></is></c>`, true},
		{`<c r="@" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c>`, true},
		{`<c r="@" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &#x4E2D; _x0042_</t></is></c>`, true},
		{`<c r="@" t="inlineStr"><v>inline in v</v></c>`, true},
		{`<c r="@" t="inlineStr"></c>`, true},
		{`<c r="@"><v>13800138000</v></c>`, true},
		{`<c r="@" t="n"><v>1.50</v></c>`, true},
		{`<c r="@" s="1"><v>46317.84861111111</v></c>`, true},
		{`<c s="3" r="@"><v>46329.5</v></c>`, true},
		{`<c r="@" s="2"><v>0.30000000000000004</v></c>`, true},
		{`<c r="@"><v>1_000</v></c>`, true},
		{`<c r="@"><v></v></c>`, true},
		{`<c r="@" t="b"><v>1</v></c>`, true},
		{`<c r="@" t="b"><v>0</v></c>`, true},
		{`<c r="@" t="b"><v>2</v></c>`, true},
		{`<c r="@" t="str"><v>str &amp; more 中文</v></c>`, true},
		{`<c r="@"/>`, true},
		{`<c r="@"></c>`, true},
		{`<c><v>7</v></c>`, true},
		{`<c/>`, true},
		{`<c t="s"><v>1</v></c>`, true},
		{`<c r="@l"><v>8</v></c>`, true},
		{`<c r="@" s="99"><v>46329</v></c>`, true},
		// Text is decoded by the general path's own decodeCharData.
		{"<c r=\"@\" t=\"str\"><v>cr\r\nlf&#13;</v></c>", true},
		{`<c r="@" t="str"><v>a]]b ]]&gt;</v></c>`, true},

		// Left to the general path.
		{`<c r="@" t="e"><v>#N/A</v></c>`, false},
		{`<c r="@" t="weird"><v>007</v></c>`, false},
		{`<c r="@"><f>A1*2</f><v>4</v></c>`, false},
		{`<c r="@" cm="1"><v>1</v></c>`, false},
		{`<c r='@'><v>1</v></c>`, false},
		{`<c  r="@"><v>1</v></c>`, false},
		{`<c r="@" ><v>1</v></c>`, false},
		{`<c r = "@"><v>1</v></c>`, false},
		{"<c\tr=\"@\"><v>1</v></c>", false},
		{`<c r="@"><v>1</v><v>2</v></c>`, false},
		{`<c r="@" t="str"><v><![CDATA[a<b>&c]]></v></c>`, false},
		{`<c r="@"><!-- note --><v>1</v></c>`, false},
		{`<c r="@"><v>1</v><!-- note --></c>`, false},
		{`<c r="@" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c>`, false},
		{`<c r="@" t="inlineStr"><is><t>ph</t><phoneticPr fontId="1"/></is></c>`, false},
		{`<c r="@" t="inlineStr"><is><t/></is></c>`, false},
		{`<c r="@" t="s"><is><t>ignored</t></is><v>0</v></c>`, false},
		{`<c r="@"><v >1</v ></c>`, false},
		{"<c r=\"@\">\n<v>1</v>\n</c>", false},
		{`<c r="@" t="s"><v> 1 </v></c>`, false},
		{`<c r="@" t="s"><v>1234567890</v></c>`, false},
		{`<c r="@"><v>1&#48;</v></c>`, false},
		{`<c r="@" s="1"><v/></c>`, false},
		{`<c r="@" t="s" t="str"><v>0</v></c>`, false},
		{`<c r="@" s="1" xml:space="preserve"><v>1</v></c>`, false},
		// Last: the second r wins, a column past all the others.
		{`<c r="@" r="XFD1"><v>1</v></c>`, false},
	}
}

// fastCellRows lays the shapes out one a row (rows 1..n), then all of them
// in one row after the other. A shape's reference "@" becomes its own
// column (its place in the list) and the row, "@l" the same in lower case,
// so that the cells of the long row come in column order (a column filter
// requires it) whether they have a reference or not.
func fastCellRows(shapes []fastCellShape) string {
	var b strings.Builder
	ref := func(xml string, col, row int) string {
		name, _ := excelize.ColumnNumberToName(col)
		xml = strings.Replace(xml, "@l", strings.ToLower(name)+strconv.Itoa(row), 1)
		return strings.Replace(xml, "@", name+strconv.Itoa(row), 1)
	}
	n := 0
	for _, c := range shapes {
		n++
		fmt.Fprintf(&b, `<row r="%d">%s</row>`, n, ref(c.xml, 1, n))
	}
	n++
	fmt.Fprintf(&b, `<row r="%d" spans="1:60" x14ac:dyDescent="0.25">`, n)
	for i, c := range shapes {
		b.WriteString(ref(c.xml, i+1, n))
	}
	b.WriteString(`</row>`)
	return b.String()
}

// fastShapeXML is a shape as cell B1.
func fastShapeXML(xml string) string {
	return strings.Replace(strings.Replace(xml, "@l", "b1", 1), "@", "B1", 1)
}

// TestFastCellDecides holds fastCell to its list: each shape, with a row's
// end after it, is read by the fast path (consuming exactly the cell) or
// left with the scanner where it was and nothing added to the row.
func TestFastCellDecides(t *testing.T) {
	path := fastRawWorkbook(t, fastSheetHead+fastSheetTail, fastCellSST)
	w, err := openFastAs(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, c := range fastCellShapes() {
		for _, want := range [][]bool{nil, {true}, {}} {
			// want nil reads every column; {true} only A (so these cells'
			// columns are skipped); {} none.
			in := fastShapeXML(c.xml) + "</row>"
			sh := &fastSheet{wb: w, s: newXMLScan(strings.NewReader(in), 1<<10)}
			if want != nil {
				sh.want = want
			}
			col := 0
			got := sh.fastCell(&col)
			if got != c.fast && !(want != nil && c.fast == false && got) {
				t.Errorf("%s (filter %#v): fast path %v, want %v", c.xml, want, got, c.fast)
				continue
			}
			if !got {
				if sh.s.pos != 0 || col != 0 || len(sh.cur) != 0 || len(sh.text) != 0 {
					t.Errorf("%s: left to the general path, but moved to %d, column %d, %d cells", c.xml, sh.s.pos, col, len(sh.cur))
				}
				continue
			}
			if rest := in[sh.s.pos:]; rest != "</row>" {
				t.Errorf("%s: the fast path stopped before %q", c.xml, rest)
			}
		}
	}
}

// TestFastCellSkippedColumns: with a column filter the fast path steps
// over a column nobody asked for without reading its text, so a cell the
// general path would decode differently is still skipped there — as
// skipCell skips it.
func TestFastCellSkippedColumns(t *testing.T) {
	path := fastRawWorkbook(t, fastSheetHead+fastSheetTail, fastCellSST)
	w, err := openFastAs(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, in := range []string{
		`<c r="B1"><v>1&#48;</v></c>`,
		`<c r="B1" t="s"><v> 1 </v></c>`,
		`<c r="B1" t="inlineStr"><is><t>a]]b</t></is></c>`,
	} {
		sh := &fastSheet{wb: w, s: newXMLScan(strings.NewReader(in+"</row>"), 1<<10), want: []bool{true}}
		col := 0
		if !sh.fastCell(&col) || col != 2 || len(sh.cur) != 0 {
			t.Errorf("%s: not skipped by the fast path (column %d, %d cells)", in, col, len(sh.cur))
		}
	}
}

// TestScanCellShort: every strict prefix of a cell the fast path reads is
// scanShort (refill and look again), never a wrong answer; the whole cell
// is scanOK with its length.
func TestScanCellShort(t *testing.T) {
	for _, c := range fastCellShapes() {
		if !c.fast {
			continue
		}
		xml := fastShapeXML(c.xml)
		b := []byte(xml + "<")
		for k := 0; k < len(xml); k++ {
			var cs cellScan
			if r := scanCell(b[:k], 0, &cs); r != scanShort {
				t.Errorf("%s cut at %d: %v, want scanShort", xml, k, r)
			}
		}
		var cs cellScan
		if r := scanCell(b, 0, &cs); r != scanOK || cs.n != len(xml) {
			t.Errorf("%s: %v, %d bytes; want scanOK, %d", xml, r, cs.n, len(xml))
		}
	}
}

// TestScanRowStart: the row starts fastRowStart reads, and those it leaves.
func TestScanRowStart(t *testing.T) {
	cases := []struct {
		in    string
		num   int
		empty bool
		r     scanResult
	}{
		{`<row>`, -1, false, scanOK},
		{`<row/>`, -1, true, scanOK},
		{`<row r="7">`, 7, false, scanOK},
		{`<row r="007"/>`, 7, true, scanOK},
		{`<row r="2" spans="1:9">`, 2, false, scanOK},
		{`<row spans="1:9" r="3" ht="15" customHeight="1" x14ac:dyDescent="0.25">`, 3, false, scanOK},
		{`<row r="4" x14ac:dyDescent="0.25"/>`, 4, true, scanOK},
		{`<row r="1" r="2">`, 0, false, scanNo},
		{`<row x:r="2">`, 0, false, scanNo},
		{`<row :r="2">`, 0, false, scanNo},
		{`<row a:="2">`, 0, false, scanNo},
		{`<row a:b:c="2">`, 0, false, scanNo},
		{`<row r='1'>`, 0, false, scanNo},
		{`<row  r="1">`, 0, false, scanNo},
		{`<row r="1" >`, 0, false, scanNo},
		{`<row r="x1">`, 0, false, scanNo},
		{`<row r="1" ht="a&amp;b">`, 0, false, scanNo},
		{`<row r="1" 1a="b">`, 0, false, scanNo},
		{`<row r="1" a-b="c">`, 0, false, scanNo},
		{`<rows r="1">`, 0, false, scanNo},
		{`<x:row r="1">`, 0, false, scanNo},
		{`</sheetData>`, 0, false, scanNo},
	}
	for _, c := range cases {
		b := []byte(c.in + "<")
		num, n, empty, r := scanRowStart(b)
		if r != c.r || r == scanOK && (num != c.num || empty != c.empty || n != len(c.in)) {
			t.Errorf("%s: %v num %d empty %v n %d; want %v num %d empty %v n %d", c.in, r, num, empty, n, c.r, c.num, c.empty, len(c.in))
		}
		if c.r != scanOK {
			continue
		}
		for k := 0; k < len(c.in); k++ {
			if _, _, _, r := scanRowStart(b[:k]); r != scanShort {
				t.Errorf("%s cut at %d: %v, want scanShort", c.in, k, r)
			}
		}
	}
}

// fastCellWorkbooks are the workbooks of the split tests: the shapes, and
// rows of shared, inline, number and date cells as the exports write them.
func fastCellWorkbooks(t *testing.T) []string {
	var rows strings.Builder
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(&rows, `<row r="%d" spans="1:5"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>客户%d</t></is></c>`+
			`<c r="C%d" s="1"><v>%d.%d</v></c><c r="D%d"><v>%d</v></c><c r="E%d"/></row>`, i, i, i%4, i, i, i, 46000+i, i, i, 138e8+i, i)
	}
	return []string{
		fastRawWorkbook(t, fastSheetHead+fastCellRows(fastCellShapes())+fastSheetTail, fastCellSST),
		fastRawWorkbook(t, fastSheetHead+rows.String()+fastSheetTail, fastCellSST),
	}
}

// fastReadSheetFrom reads the first sheet of path with the fast sheet
// reader over its inflated XML as wrap delivers it, through a window of
// the given size, with the column filter cols (nil: none) set after the
// first row. It reports whether the sheet was handed to excelize.
func fastReadSheetFrom(t *testing.T, path string, wrap func(io.Reader) io.Reader, window int, cols []int) ([]fastRow, bool) {
	t.Helper()
	w, err := openFastAs(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rc, err := w.sheets[0].part.Open()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	sh := &fastSheet{wb: w, name: w.sheets[0].name, s: newXMLScan(wrap(bytes.NewReader(data)), window)}
	defer sh.Close()
	if err := sh.start(); err != nil {
		t.Fatal(err)
	}
	var rows []fastRow
	for sh.Next() {
		rows = append(rows, fastRow{N: sh.RowNumber(), Cells: append([]Cell{}, sh.Row()...)})
		if len(rows) == 1 && cols != nil {
			sh.SetColumns(cols)
		}
	}
	if err := sh.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, sh.fb != nil
}

// fastExcelizeRows is excelize's reading of the first sheet.
func fastExcelizeRows(t *testing.T, path string) []fastRow {
	t.Helper()
	sheets, _, err := fastReadAll(path, false)
	if err != nil {
		t.Fatal(err)
	}
	return sheets[0].Rows
}

// TestFastCellSplitEverywhere reads the shapes one byte a read, so that the
// window ends at every byte of every cell and row start in turn (and, with
// windows of 1 to 16 bytes, the window grows under them too): the fast
// path refills and scans again, and the cells must still be excelize's.
func TestFastCellSplitEverywhere(t *testing.T) {
	for _, path := range fastCellWorkbooks(t) {
		want := fastExcelizeRows(t, path)
		for _, window := range []int{1, 2, 3, 5, 8, 13, 16, 64, 4096} {
			got, handed := fastReadSheetFrom(t, path, iotest.OneByteReader, window, nil)
			if handed {
				t.Fatalf("window %d: handed to excelize", window)
			}
			if d := fastSheetsDiff([]fastSheetRows{{Rows: want}}, []fastSheetRows{{Rows: got}}); d != "" {
				t.Fatalf("window %d, one byte a read: %s", window, d)
			}
		}
	}
}

// TestFastCellColumnFilter: with a column filter (set after the first row,
// as the role readers set it), the columns asked for are excelize's cells
// and the others are empty, at every window size, fast path or not.
func TestFastCellColumnFilter(t *testing.T) {
	filters := [][]int{{0}, {0, 2}, {1, 3, 4}, {1, 8, 20, 40}, {}}
	for _, path := range fastCellWorkbooks(t) {
		want := fastExcelizeRows(t, path)
		for _, cols := range filters {
			keep := map[int]bool{}
			for _, c := range cols {
				keep[c] = true
			}
			for _, window := range []int{1, 7, 64, 1 << 16} {
				wrap := func(r io.Reader) io.Reader { return r }
				if window < 64 {
					wrap = iotest.OneByteReader
				}
				got, handed := fastReadSheetFrom(t, path, wrap, window, cols)
				if handed || len(got) != len(want) {
					t.Fatalf("filter %v window %d: handed %v, %d rows, want %d", cols, window, handed, len(got), len(want))
				}
				for i := range want {
					for c := 0; c < max(len(want[i].Cells), len(got[i].Cells)); c++ {
						var w, g Cell
						if c < len(want[i].Cells) && (i == 0 || keep[c]) {
							w = want[i].Cells[c]
						}
						if c < len(got[i].Cells) {
							g = got[i].Cells[c]
						}
						if w != g {
							t.Fatalf("filter %v window %d row %d column %d: fast %v %q, excelize %v %q", cols, window, want[i].N, c+1, g.Kind, g.Text, w.Kind, w.Text)
						}
					}
				}
			}
		}
	}
}

// TestIndexShort: indexShort is bytes.IndexByte, short and long, found and
// not, at either side of where its loop hands over.
func TestIndexShort(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for at := -1; at < n; at++ {
			b := bytes.Repeat([]byte{'x'}, n)
			if at >= 0 {
				b[at] = '"'
				if at+1 < n {
					b[n-1] = '"' // a second one past the first
				}
			}
			if got, want := indexShort(b, '"'), bytes.IndexByte(b, '"'); got != want {
				t.Fatalf("len %d, quote at %d: %d, want %d", n, at, got, want)
			}
		}
	}
}
