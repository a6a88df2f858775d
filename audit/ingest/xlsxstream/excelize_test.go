package xlsxstream

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestXLSXCellKinds checks what the excelize reader makes of each kind of
// cell: dates whatever their format, numbers never through their number
// format, text as written.
func TestXLSXCellKinds(t *testing.T) {
	path := tempPath(t, "kinds.xlsx")
	f := excelize.NewFile()
	s := "Sheet1"
	style := func(st *excelize.Style) int {
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	custom := func(code string) int { return style(&excelize.Style{CustomNumFmt: &code}) }
	set := func(cell string, v any, styleID int) {
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
		if styleID != 0 {
			if err := f.SetCellStyle(s, cell, cell, styleID); err != nil {
				t.Fatal(err)
			}
		}
	}
	nov3 := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	set("A1", nov3.Add(14*time.Hour+5*time.Minute), 0)        // SetCellValue's own date style (22)
	set("B1", 46329, style(&excelize.Style{NumFmt: 14}))      // built-in short date
	set("C1", 46329, style(&excelize.Style{NumFmt: 31}))      // East Asian yyyy"年"m"月"d"日"
	set("D1", 46329, custom(`yyyy"年"m"月"d"日"`))               // custom Chinese
	set("E1", 46329, custom("m/d/yy"))                        // US order: must still come out ISO
	set("F1", 13800138000, style(&excelize.Style{NumFmt: 3})) // #,##0 phone
	set("G1", 5000, style(&excelize.Style{NumFmt: 4}))        // #,##0.00
	set("H1", true, 0)                                        // boolean cell
	set("I1", "00123", style(&excelize.Style{NumFmt: 49}))    // text "@", leading zeros
	set("J1", "text in a date style", style(&excelize.Style{NumFmt: 14}))
	set("K1", 46329, 0)                               // bare serial, General
	set("L1", 0.5, style(&excelize.Style{NumFmt: 9})) // 0%
	set("M1", "=HYPERLINK(\"x\")", 0)                 // text, not a formula
	set("N1", 1.5e17, 0)
	set("O1", 123456789012345, style(&excelize.Style{NumFmt: 3})) // 15 digits under #,##0: not 1.23457E+14
	set("P1", 0.1234567891234, style(&excelize.Style{NumFmt: 2})) // 0.00 shows 0.12; the value is kept                              // integral beyond 15 digits: still no exponent
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()

	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sh, err := wb.OpenSheet("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	if !sh.Next() {
		t.Fatalf("no row: %v", sh.Err())
	}
	if sh.RowNumber() != 1 {
		t.Errorf("row number %d", sh.RowNumber())
	}
	want := []Cell{
		{"2026-11-03 14:05:00", KindDate},
		{"2026-11-03", KindDate},
		{"2026-11-03", KindDate},
		{"2026-11-03", KindDate},
		{"2026-11-03", KindDate},
		{"13800138000", KindNumber},
		{"5000", KindNumber},
		{"TRUE", KindBool},
		{"00123", KindNumber}, // text of digits: same characters, see Cell
		{"text in a date style", KindString},
		{"46329", KindNumber},
		{"0.5", KindNumber},
		{"=HYPERLINK(\"x\")", KindString},
		{"150000000000000000", KindNumber},
		{"123456789012345", KindNumber},
		{"0.1234567891234", KindNumber},
	}
	row := sh.Row()
	if len(row) != len(want) {
		t.Fatalf("row = %q; want %d cells", row, len(want))
	}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("column %d = %+v; want %+v", i+1, row[i], w)
		}
	}
	for i := 0; i < 5; i++ {
		if row[i].Kind != KindDate || !strings.HasPrefix(row[i].Text, "2026-11-03") {
			t.Errorf("column %d is not the date 2026-11-03: %+v", i+1, row[i])
		}
	}
	if sh.Next() {
		t.Error("a second row")
	}
	if sh.Err() != nil {
		t.Error(sh.Err())
	}
}

// TestXLSXRowNumbersWithGaps: blank rows in the middle still count, so a
// data problem names the row Excel shows.
func TestXLSXRowNumbersWithGaps(t *testing.T) {
	path := tempPath(t, "gaps.xlsx")
	writeXLSX(t, path, sheetData{"S", [][]any{{"a"}, nil, nil, {"b"}, nil, {nil, "c"}}})
	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sh, err := wb.OpenSheet("S")
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	got := map[int]string{}
	for sh.Next() {
		for _, c := range sh.Row() {
			if c.Text != "" {
				got[sh.RowNumber()] += c.Text
			}
		}
	}
	if got[1] != "a" || got[4] != "b" || got[6] != "c" || len(got) != 3 {
		t.Errorf("rows = %v", got)
	}
	// Reopening a sheet starts again from row 1.
	sh2, _ := wb.OpenSheet("S")
	defer sh2.Close()
	if !sh2.Next() || sh2.RowNumber() != 1 || sh2.Row()[0].Text != "a" {
		t.Error("reopened sheet does not start at row 1")
	}
}

// TestXLSX1904: a workbook in the 1904 date system (old Mac Excel) still
// gives the right day for a date cell.
func TestXLSX1904(t *testing.T) {
	path := tempPath(t, "1904.xlsx")
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue("Sheet1", "A1", 46329-1462) // 2026-11-03 in the 1904 system
	f.SetCellStyle("Sheet1", "A1", "A1", st)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sh, _ := wb.OpenSheet("Sheet1")
	defer sh.Close()
	if !sh.Next() {
		t.Fatal("no row")
	}
	if c := sh.Row()[0]; c != (Cell{"2026-11-03", KindDate}) {
		t.Errorf("1904 date cell = %+v", c)
	}
}

func TestDateCell(t *testing.T) {
	for _, tc := range []struct {
		serial string
		d1904  bool
		want   Cell
	}{
		{"46329.000000", false, Cell{"2026-11-03", KindDate}},
		{"46329.586806", false, Cell{"2026-11-03 14:05:00", KindDate}},
		{"46329.999999", false, Cell{"2026-11-03 23:59:59", KindDate}},
		{"61.000000", false, Cell{"1900-03-01", KindDate}},
		{"1.000000", false, Cell{"1900-01-01", KindDate}},
		{"44867.000000", true, Cell{"2026-11-03", KindDate}},
		{"-5.000000", false, Cell{"-5.000000", KindNumber}},
		{"3000000.000000", false, Cell{"3000000.000000", KindNumber}},
		{"x", false, Cell{"x", KindString}},
	} {
		if got := dateCell(tc.serial, tc.d1904); got != tc.want {
			t.Errorf("dateCell(%q, %v) = %+v; want %+v", tc.serial, tc.d1904, got, tc.want)
		}
	}
}
