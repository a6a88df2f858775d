package xlsxstream

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fastWithWindow runs f with the scanner's window set to n bytes.
func fastWithWindow(t testing.TB, n int, f func()) {
	t.Helper()
	old := scanWindow
	scanWindow = n
	defer func() { scanWindow = old }()
	f()
}

// TestFastWindowBoundary is the bug of issue 12: a sheet larger than the
// window, with every kind of string cell, read with windows small enough
// that cells straddle a refill. A view into the window kept across a
// refill (the cell's t attribute was one) turns a shared string into its
// index and an inline string into nothing.
func TestFastWindowBoundary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "boundary.xlsx")
	var rows [][]any
	for i := 0; i < 3000; i++ {
		rows = append(rows, []any{fmt.Sprintf("u%04d", i), fmt.Sprintf("名字%d", i), i, i%2 == 0})
	}
	writeXLSX(t, path, sheetData{name: "客户", rows: rows})
	inline := fastRawWorkbook(t, fastSheetHead+fastInlineRows(3000)+fastSheetTail, "")
	for _, n := range []int{1 << 10, 4 << 10, 1000, 997} {
		fastWithWindow(t, n, func() {
			fastCompareNoHandover(t, path)
			fastCompareNoHandover(t, inline)
		})
	}
}

// fastInlineRows is n rows of inline-string and number cells.
func fastInlineRows(n int) string {
	var b []byte
	for i := 1; i <= n; i++ {
		b = fmt.Appendf(b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>u%04d</t></is></c><c r="B%d"><v>%d</v></c></row>`, i, i, i, i, i)
	}
	return string(b)
}

// fastCompareNoHandover compares both readers and requires the fast one to
// have read every sheet itself: a comparison that silently went through
// excelize twice would pass whatever the scanner did.
func fastCompareNoHandover(t testing.TB, path string) {
	t.Helper()
	if h := fastCompare(t, path); h != 0 {
		t.Fatalf("%s: the fast reader handed %d sheets to excelize", filepath.Base(path), h)
	}
}

// TestFormulaAndErrorCells pins formulaKind in both readers: a formula's
// saved result reads as it is; a formula without one is KindFormula with
// no text; an error, typed or computed, is KindError; text that reads
// "#N/A" without a formula stays text.
func TestFormulaAndErrorCells(t *testing.T) {
	sheet := `<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c><c r="B1"><f>VLOOKUP(A1,X!A:B,2,0)</f></c><c r="C1"><f>C2</f><v></v></c>` +
		`<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="str"><f>X!B2</f><v>#REF!</v></c>` +
		`<c r="G1" t="inlineStr"><is><t>#N/A</t></is></c><c r="H1" t="str"><f>"a"</f><v>a</v></c><c r="I1" t="s"><f>A1</f></c></row>`
	path := fastRawWorkbook(t, fastSheetHead+sheet+fastSheetTail, fastSST(`<t>zero</t>`))
	want := []Cell{
		{Text: "4", Kind: KindNumber},
		{Kind: KindFormula},
		{Kind: KindFormula},
		{Text: "#DIV/0!", Kind: KindError},
		{Text: "#N/A", Kind: KindError},
		{Text: "#REF!", Kind: KindError},
		{Text: "#N/A", Kind: KindString},
		{Text: "a", Kind: KindString},
		{Kind: KindFormula},
	}
	for _, fast := range []bool{true, false} {
		sheets, handed, err := fastReadAll(path, fast)
		if err != nil {
			t.Fatal(err)
		}
		if fast && handed != 0 {
			t.Fatalf("fast reader handed %d sheets over", handed)
		}
		got := sheets[0].Rows[0].Cells
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fast=%v:\n got %v\nwant %v", fast, got, want)
		}
	}
}

// fastWindowSizes are the windows TestFastWindowSizes reads at: every size
// from one byte (the scanner grows the window to hold a token longer than
// it) to 64, then some primes, so that a boundary falls inside every tag,
// attribute, entity and value of every workbook somewhere.
func fastWindowSizes() []int {
	var sizes []int
	for n := 1; n <= 64; n++ {
		sizes = append(sizes, n)
	}
	return append(sizes, 67, 97, 127, 131, 251, 257, 509, 1021, 4093, 65521)
}

// fastWindowWorkbooks are the workbooks the window test reads: the ones in
// testdata, the template look-alikes, the samples, WeCom's real templates
// when ../shared is there, and the raw-XML edge cases.
func fastWindowWorkbooks(t *testing.T) []string {
	var paths []string
	for _, dir := range []string{"testdata", templateDir, filepath.Join("..", "..", "..", "samples"), filepath.Join("..", "..", "..", "..", "shared", "real")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		paths = append(paths, m...)
	}
	for _, c := range fastRawCases() {
		paths = append(paths, fastRawWorkbook(t, fastSheetHead+c.sheet+fastSheetTail, c.sst))
	}
	dir := t.TempDir()
	var rows [][]any
	for i := 0; i < 300; i++ {
		rows = append(rows, []any{fmt.Sprintf("u%04d", i), fmt.Sprintf("客户 &<%d>", i), float64(i) / 7, i%3 == 0, nil})
	}
	p := filepath.Join(dir, "written.xlsx")
	writeXLSX(t, p, sheetData{name: "客户", rows: rows}, sheetData{name: "Sheet 2", rows: rowsOf([]string{"a", "", "c"})})
	// The fast cell path's shapes and fallbacks (fastcell_test.go).
	paths = append(paths, fastCellWorkbooks(t)...)
	return append(paths, p)
}

// TestFastWindowSizes is the differential test at every window size: the
// fast reader must give excelize's cells, Text and Kind, of every sheet, and
// read as many sheets itself as it does with the full window.
func TestFastWindowSizes(t *testing.T) {
	sizes := fastWindowSizes()
	if testing.Short() {
		// Every size from 1 to 64 takes 20 s; -short keeps the smallest,
		// a few primes and the large ones.
		t.Log("-short: 14 window sizes of", len(sizes))
		sizes = []int{1, 2, 3, 5, 7, 8, 13, 31, 64, 97, 257, 1021, 4093, 65521}
	}
	for _, path := range fastWindowWorkbooks(t) {
		want, _, werr := fastReadAll(path, false)
		_, handedFull, _ := fastReadAll(path, true)
		for _, n := range sizes {
			fastWithWindow(t, n, func() {
				got, handed, gerr := fastReadAll(path, true)
				if (werr != nil) != (gerr != nil) {
					t.Fatalf("%s window %d: excelize error %v, fast error %v", path, n, werr, gerr)
				}
				if handed != handedFull {
					t.Errorf("%s window %d: %d sheets handed to excelize, %d with the full window", path, n, handed, handedFull)
				}
				if d := fastSheetsDiff(want, got); d != "" {
					t.Fatalf("%s window %d: %s", path, n, d)
				}
			})
		}
	}
}

// fastSheetsDiff describes the first difference between two readings ("" when
// none): sheet names, every row's number and cells, and whether each ended
// with an error.
func fastSheetsDiff(want, got []fastSheetRows) string {
	if len(want) != len(got) {
		return fmt.Sprintf("%d sheets from excelize, %d from the fast reader", len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Name != g.Name {
			return fmt.Sprintf("sheet %d is %q, fast reader says %q", i, w.Name, g.Name)
		}
		for j := 0; j < len(w.Rows) || j < len(g.Rows); j++ {
			switch {
			case j >= len(g.Rows):
				return fmt.Sprintf("%s: fast reader stops after row %d; excelize goes on with %v", w.Name, len(g.Rows), w.Rows[j])
			case j >= len(w.Rows):
				return fmt.Sprintf("%s: excelize stops after row %d; fast reader goes on with %v", w.Name, len(w.Rows), g.Rows[j])
			case !fastRowEqual(w.Rows[j], g.Rows[j]):
				return fmt.Sprintf("%s row %d:\nexcelize %s\nfast     %s", w.Name, j+1, w.Rows[j], g.Rows[j])
			}
		}
		if (w.Err == "") != (g.Err == "") {
			return fmt.Sprintf("%s: excelize error %q, fast error %q", w.Name, w.Err, g.Err)
		}
	}
	return ""
}

// TestTagOutlivesRefill holds the scanner's ownership rule itself: a tag's
// name and attributes stay as parsed while the scanner reads on through
// refills that compact and grow the window.
func TestTagOutlivesRefill(t *testing.T) {
	long := strings.Repeat("9", 500)
	for _, n := range []int{1, 2, 7, 16, 33} {
		s := newXMLScan(strings.NewReader(`<c r="AB12" t="inlineStr" s="3"><v>`+long+`</v></c>`), n)
		var tg tag
		if err := s.nextTag(&tg); err != nil {
			t.Fatal(err)
		}
		name, attrs := tg.name, append([]attr(nil), tg.attrs...)
		var inner tag
		if err := s.nextTag(&inner); err != nil || !inner.is("v") {
			t.Fatalf("window %d: %v %s", n, err, inner.name)
		}
		v, err := s.readText(nil, []byte("v"), false, &inner)
		if err != nil || string(v) != long {
			t.Fatalf("window %d: %v, %d bytes", n, err, len(v))
		}
		got := fmt.Sprintf("%s %s=%s %s=%s %s=%s", name, attrs[0].name, attrs[0].value, attrs[1].name, attrs[1].value, attrs[2].local, attrs[2].value)
		if want := "c r=AB12 t=inlineStr s=3"; got != want {
			t.Errorf("window %d: after the refills the tag reads %q, want %q", n, got, want)
		}
	}
}
