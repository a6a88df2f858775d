package ingest

import (
	"fmt"
	"path/filepath"
	"reflect"
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
