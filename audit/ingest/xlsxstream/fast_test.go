package xlsxstream

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// fastSheetRows is everything a reader gave for one sheet.
type fastSheetRows struct {
	Name string
	Rows []fastRow
	Err  string // "" when Next ended cleanly
}

type fastRow struct {
	N     int
	Cells []Cell
}

// fastReadAll reads every sheet of an xlsx with the fast reader (fast) or
// the excelize reader; handed tells how many sheets the fast reader handed
// to excelize (or -1 when it left the whole workbook to it).
func fastReadAll(path string, fast bool) (sheets []fastSheetRows, handed int, err error) {
	return fastReadAllAs(path, fast, false)
}

// fastReadAllAs is fastReadAll, with the fast reader opening the workbook
// as OpenHead does when head is set.
func fastReadAllAs(path string, fast, head bool) (sheets []fastSheetRows, handed int, err error) {
	var wb Workbook
	if fast {
		// As openInput does: what the fast reader leaves (errFastUnsupported,
		// which openFastXLSX returns for anything but a bound passed) is
		// read by excelize.
		w, err := openFastXLSX(path, head)
		if err != nil {
			if errors.Is(err, errFastUnsupported) {
				s, _, err := fastReadAll(path, false)
				return s, -1, err
			}
			return nil, 0, err
		}
		wb = w
	} else {
		w, err := openXLSX(path)
		if err != nil {
			return nil, 0, err
		}
		wb = w
	}
	defer wb.Close()
	for _, name := range wb.SheetNames() {
		sh, err := wb.OpenSheet(name)
		if err != nil {
			return nil, handed, fmt.Errorf("open sheet %s: %w", name, err)
		}
		sr := fastSheetRows{Name: name}
		for sh.Next() {
			cells := append([]Cell{}, sh.Row()...)
			sr.Rows = append(sr.Rows, fastRow{N: sh.RowNumber(), Cells: cells})
		}
		if err := sh.Err(); err != nil {
			sr.Err = err.Error()
		}
		if fs, ok := sh.(*fastSheet); ok && fs.fb != nil {
			handed++
		} else if !ok && fast {
			handed++
		}
		sh.Close()
		sheets = append(sheets, sr)
	}
	return sheets, handed, nil
}

// fastCompare reads path with both readers and reports any difference. It
// returns how many sheets the fast reader handed over (-1: the workbook).
func fastCompare(t testing.TB, path string) int {
	t.Helper()
	want, _, werr := fastReadAll(path, false)
	got, handed, gerr := fastReadAll(path, true)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%s: excelize error %v, fast error %v", filepath.Base(path), werr, gerr)
	}
	if werr != nil {
		return handed
	}
	if handed >= 0 {
		// A table the fast reader reads whole, it reads the same on demand.
		head, _, herr := fastReadAllAs(path, true, true)
		if herr != nil {
			t.Fatalf("%s: OpenHead: %v", filepath.Base(path), herr)
		}
		if d := fastSheetsDiff(got, head); d != "" {
			t.Fatalf("%s: OpenHead against Open: %s", filepath.Base(path), d)
		}
	}
	if len(want) != len(got) {
		t.Fatalf("%s: %d sheets from excelize, %d from the fast reader", filepath.Base(path), len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Name != g.Name {
			t.Errorf("%s: sheet %d is %q, fast reader says %q", path, i, w.Name, g.Name)
		}
		for j := 0; j < len(w.Rows) || j < len(g.Rows); j++ {
			switch {
			case j >= len(g.Rows):
				t.Fatalf("%s %s: fast reader stops after row %d; excelize goes on with %v", filepath.Base(path), w.Name, len(g.Rows), w.Rows[j])
			case j >= len(w.Rows):
				t.Fatalf("%s %s: excelize stops after row %d; fast reader goes on with %v", filepath.Base(path), w.Name, len(w.Rows), g.Rows[j])
			case !fastRowEqual(w.Rows[j], g.Rows[j]):
				t.Fatalf("%s %s row %d:\nexcelize %s\nfast     %s", filepath.Base(path), w.Name, j+1, w.Rows[j], g.Rows[j])
			}
		}
		if (w.Err == "") != (g.Err == "") {
			t.Errorf("%s %s: excelize error %q, fast error %q", filepath.Base(path), w.Name, w.Err, g.Err)
		}
	}
	return handed
}

func (r fastRow) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", r.N)
	for _, c := range r.Cells {
		fmt.Fprintf(&b, " %s%q", c.Kind, c.Text)
	}
	return b.String()
}

func fastRowEqual(a, b fastRow) bool {
	if a.N != b.N || len(a.Cells) != len(b.Cells) {
		return false
	}
	return len(a.Cells) == 0 || reflect.DeepEqual(a.Cells, b.Cells)
}

// fastWorkbookFile saves an excelize file to a temporary path.
func fastWorkbookFile(t testing.TB, f *excelize.File, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFastMatchesExcelizeOnTestdata(t *testing.T) {
	var paths []string
	for _, dir := range []string{"testdata", filepath.Join("..", "..", "..", "..", "shared", "real")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		paths = append(paths, m...)
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*.xlsx"))
		paths = append(paths, more...)
	}
	if len(paths) == 0 {
		t.Skip("no workbooks in testdata or ../../../../shared/real")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			fastCompare(t, p)
		})
	}
}

// TestFastMatchesExcelizeOnRealTemplates reads WeCom's templates, the
// look-alikes in testdata/wecom-template always and the real ones in
// ../shared/real when present, and requires them read fast.
func TestFastMatchesExcelizeOnRealTemplates(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(templateDir, "*.xlsx"))
	if len(paths) != len(templateFiles) {
		t.Fatalf("%d look-alikes in %s; want %d", len(paths), templateDir, len(templateFiles))
	}
	real, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "real", "*.xlsx"))
	paths = append(paths, real...)
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if h := fastCompare(t, p); h != 0 {
				t.Errorf("the fast reader handed %d sheets to excelize; a real template should be read fast", h)
			}
		})
	}
}

// TestFastMatchesExcelizeOnWrittenWorkbooks writes the kinds of cell an
// export holds with excelize and reads them back both ways.
func TestFastMatchesExcelizeOnWrittenWorkbooks(t *testing.T) {
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
		t.Helper()
		if err := f.SetCellValue(s, cell, v); err != nil {
			t.Fatal(err)
		}
		if styleID != 0 {
			if err := f.SetCellStyle(s, cell, cell, styleID); err != nil {
				t.Fatal(err)
			}
		}
	}
	dateStyles := []int{
		0,
		style(&excelize.Style{NumFmt: 14}),
		style(&excelize.Style{NumFmt: 22}),
		style(&excelize.Style{NumFmt: 31}),
		style(&excelize.Style{NumFmt: 57}),
		custom(`yyyy"年"m"月"d"日"`),
		custom("m/d/yy h:mm"),
		custom("[$-804]yyyy/m/d"),
		custom("hh:mm:ss"),
		custom("[h]:mm"),
	}
	plain := []int{0, style(&excelize.Style{NumFmt: 3}), style(&excelize.Style{NumFmt: 4}),
		style(&excelize.Style{NumFmt: 49}), custom(`0.00"元"`), custom(`"d"0`)}
	values := []any{
		"zhangsan", "张三（示例）", "  leading and trailing  ", "line1\nline2", "crlf\r\nend",
		`<tag> & "quotes" 'apos'`, "13800138000", "00123", "TRUE", "1.5e3", "_x0041_ literal",
		"tab\there", "emoji 😀", "全角ＡＢＣ１２３", "=1+1", "", " ",
		13800138000, 0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 1.5e17, 123456789012345678, 1e-7, 1e20, 3.14159,
		-45000.5, 45000.5, 46329, 46329.5, 46329.999999, 2958465.9999, 2958466, 59, 60, 61, 62, 0.25, 1e-10,
		true, false, int64(math.MaxInt64), math.Inf(1), math.NaN(), uint8(7), float32(0.1),
		time.Date(2026, 11, 3, 14, 5, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	row := 1
	for _, v := range values {
		for i, st := range append(dateStyles, plain...) {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			set(cell, v, st)
		}
		row++
	}
	// Gaps, sparse columns, a lone far column.
	row += 5
	set(fmt.Sprintf("A%d", row), "after a gap", 0)
	set(fmt.Sprintf("Z%d", row), "Z only", 0)
	row += 3
	set(fmt.Sprintf("Z%d", row), "only Z", 0)
	row++
	set(fmt.Sprintf("XFD%d", row), "last column", 0)
	row++
	if err := f.SetCellRichText(s, fmt.Sprintf("B%d", row), []excelize.RichTextRun{
		{Text: "bold ", Font: &excelize.Font{Bold: true}},
		{Text: "红色", Font: &excelize.Font{Color: "FF0000"}},
		{Text: " plain"},
	}); err != nil {
		t.Fatal(err)
	}
	row++
	if err := f.SetCellFormula(s, fmt.Sprintf("C%d", row), "SUM(A1:A2)"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula(s, fmt.Sprintf("E%d", row), "A1"); err != nil {
		t.Fatal(err)
	}
	set(fmt.Sprintf("F%d", row), "after formulas", 0)

	// A second sheet, 1904 dates elsewhere, an empty third sheet.
	if _, err := f.NewSheet("第二页"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("第二页", "B3", "second sheet"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Empty"); err != nil {
		t.Fatal(err)
	}
	path := fastWorkbookFile(t, f, "kinds.xlsx")
	// The first sheet holds int64's extremes in date formats, which the fast
	// reader leaves to excelize (no date is that large); the rest it reads.
	if h := fastCompare(t, path); h != 1 {
		t.Errorf("handed %d sheets to excelize, want 1", h)
	}
}

func TestFastMatchesExcelizeDate1904(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	id, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []float64{0, 0.5, 1, 60, 61, 62, 63, 1462, 45000.25, 2958465} {
		cell := fmt.Sprintf("A%d", i+1)
		f.SetCellValue("Sheet1", cell, v)
		f.SetCellStyle("Sheet1", cell, cell, id)
	}
	path := fastWorkbookFile(t, f, "1904.xlsx")
	if h := fastCompare(t, path); h != 0 {
		t.Errorf("handed %d sheets to excelize", h)
	}
}

// TestFastMatchesExcelizeStreamed covers what excelize's StreamWriter
// writes: inline strings, rows without gaps, numbers and dates.
func TestFastMatchesExcelizeStreamed(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rowVals := [][]any{
		{"添加人账号", "客户ID", "客户名称", "类型", "添加时间"},
		{"zhangsan", "wmA1", "客户 一", "客户", excelize.Cell{StyleID: dateStyle, Value: 46329}},
		{"LiSi", "wmA2", `<&>"'`, "外部联系人", excelize.Cell{StyleID: dateStyle, Value: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}},
		{nil, "wmA3", nil, "客户", 45000},
		{"wangwu", 13800138000, 1.25, true, "2026-11-03"},
	}
	for i, r := range rowVals {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.SetRow("A9", []any{"after blank rows"}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := fastWorkbookFile(t, f, "stream.xlsx")
	if h := fastCompare(t, path); h != 0 {
		t.Errorf("handed %d sheets to excelize", h)
	}
}

// fastZip writes a workbook from raw parts: the scanner's edge cases, and
// the fallbacks, need XML no writer produces.
func fastZip(t testing.TB, name string, parts map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range fastSortedKeys(parts) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func fastSortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

const (
	fastRootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	fastWorkbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	fastWorkbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	// Styles: 0 General, 1 a date (14), 2 #,##0 (3), 3 a custom date.
	fastStylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`
	fastSSTHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">`
	fastSheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>`
	fastSheetTail = `</sheetData></worksheet>`
)

// fastRawWorkbook is a workbook of one sheet from raw sheet and shared-
// string XML (sst "" leaves the part out).
func fastRawWorkbook(t testing.TB, sheetXML, sstXML string) string {
	parts := map[string]string{
		"_rels/.rels":                fastRootRels,
		"xl/workbook.xml":            fastWorkbookXML,
		"xl/_rels/workbook.xml.rels": fastWorkbookRels,
		"xl/styles.xml":              fastStylesXML,
		"xl/worksheets/sheet1.xml":   sheetXML,
	}
	if sstXML != "" {
		parts["xl/sharedStrings.xml"] = sstXML
	}
	return fastZip(t, "raw.xlsx", parts)
}

// fastSST is a table from item bodies (what goes inside <si>).
func fastSST(items ...string) string {
	var b strings.Builder
	b.WriteString(fastSSTHead)
	for _, it := range items {
		b.WriteString("<si>" + it + "</si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

// TestFastRawSheets holds the scanner to excelize on markup writers produce
// in the wild and on markup it must hand over. handed says whether the
// case is one the fast reader must read itself (0) or hands over (1).
// fastRawCase is a sheet of raw XML, and whether the fast reader must read
// it itself (handed 0) or hand it over (1).
type fastRawCase struct {
	name   string
	sheet  string
	sst    string
	handed int
}

// fastRawCases are the scanner's edge cases: markup writers produce in the
// wild, and markup it must hand over.
func fastRawCases() []fastRawCase {
	sst := fastSST(
		`<t>zero</t>`,
		`<t xml:space="preserve"> one </t>`,
		`<r><rPr><b/><sz val="11"/><rFont val="宋体"/><charset val="134"/></rPr><t>rich</t></r><r><t xml:space="preserve"> text</t></r>`,
		`<t>张三</t><phoneticPr fontId="1" type="noConversion"/>`,
		`<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>`,
		`<t>a &amp; b &lt;c&gt; &#x4E2D;&#25991; &quot;q&quot; &apos;</t>`,
		`<t>_x0041__x005F_x0042__xD800_end_x00e9_</t>`,
		`<t>line&#13;&#10;two&#xD;
three</t>`,
		`<t><![CDATA[<raw> & stuff]]>tail</t>`,
		`<t/>`,
		`<t>a<!-- comment -->b</t>`,
		"<t>crlf\r\nraw\rcr</t>",
	)
	return []fastRawCase{
		{"shared strings", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c><c r="J1" t="s"><v>9</v></c><c r="K1" t="s"><v>10</v></c><c r="L1" t="s"><v>11</v></c></row>`, sst, 0},
		{"bad shared string index", `<row r="1"><c r="A1" t="s"><v>99</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>x</v></c><c r="D1" t="s"><v></v></c><c r="E1" t="s"/><c r="F1" t="s"><v>-1</v></c></row>`, sst, 0},
		{"no r attributes", `<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>x</t></is></c></row><row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row>`, "", 0},
		{"gaps and empty rows", `<row r="2"/><row r="4"><c r="B4"><v>1</v></c></row><row r="5"></row><row r="9" spans="1:2" ht="15" customHeight="1" x14ac:dyDescent="0.25"><c r="A9" s="2"><v>1234567</v></c></row>`, "", 0},
		{"cells out of order", `<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="C1"><v>33</v></c></row>`, "", 0},
		{"self-closing and empty values", `<row r="1"><c r="A1"/><c r="B1"><v/></c><c r="C1" t="str"><v></v></c><c r="D1"><f>A1</f></c><c r="E1"><f>A1</f><v></v></c><c r="F1" t="str"><f>"x"</f><v>x</v></c></row>`, "", 0},
		{"types", `<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="b"><v>2</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="str"><v>str &amp; more</v></c><c r="F1" t="n"><v>1.50</v></c><c r="G1" t="weird"><v>007</v></c><c r="H1" t="inlineStr"><v>from v</v></c><c r="I1" t="s" s="1"><v>0</v></c><c r="J1" t="b" s="1"><v>1</v></c></row>`, sst, 0},
		{"numbers", `<row r="1"><c r="A1"><v>13800138000</v></c><c r="B1"><v>0.30000000000000004</v></c><c r="C1"><v>1.5E+17</v></c><c r="D1"><v>123456789012345678</v></c><c r="E1"><v>-0</v></c><c r="F1"><v>1e-7</v></c><c r="G1"><v>+5</v></c><c r="H1"><v>.5</v></c><c r="I1"><v>0x10</v></c><c r="J1"><v>1_000</v></c><c r="K1"><v>NaN</v></c><c r="L1"><v>inf</v></c><c r="M1"><v>1e400</v></c><c r="N1"><v> 12 </v></c><c r="O1"><v>100000000000000000000</v></c><c r="P1"><v>1234567890123456</v></c><c r="Q1"><v>0.000001234</v></c></row>`, "", 0},
		{"dates", `<row r="1"><c r="A1" s="1"><v>46329</v></c><c r="B1" s="1"><v>46329.5</v></c><c r="C1" s="3"><v>46329.999994</v></c><c r="D1" s="1"><v>0</v></c><c r="E1" s="1"><v>0.5</v></c><c r="F1" s="1"><v>59</v></c><c r="G1" s="1"><v>60</v></c><c r="H1" s="1"><v>61</v></c><c r="I1" s="1"><v>-1</v></c><c r="J1" s="1"><v>2958466</v></c><c r="K1" s="1"><v>abc</v></c><c r="L1" s="4"><v>46329</v></c><c r="M1" s="5"><v>46329</v></c><c r="N1" s="1"><v>46329.000005787</v></c><c r="O1" s="1"><v>1e20</v></c><c r="P1" s="1"><v>46329.00000000000001</v></c><c r="Q1" s="1"><v>NaN</v></c><c r="R1" s="2"><v>46329</v></c></row>`, "", 1},
		{"prefixed elements", `<x:row r="1" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c></x:row>`, "", 0},
		{"comments and white space", "<!-- c --><row r=\"1\">\r\n  <c r=\"A1\" ><!-- in cell --><v >1</v ></c>\n</row >", "", 0},
		{"text escapes", `<row r="1"><c r="A1" t="inlineStr"><is><t>a&#x9;b&#13;c_x000D_d</t></is></c><c r="B1" t="str"><v>_x0041_</v></c><c r="C1" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>inline</t></r></is></c></row>`, "", 0},
		{"cdata", `<row r="1"><c r="A1" t="str"><v><![CDATA[a<b>&c]]></v></c></row>`, "", 0},
		{"formula attributes", `<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0" ca="1">B1</f><v>2</v></c><c r="B1"><f aca="false"/><v>3</v></c></row>`, "", 0},
		{"lowercase reference", `<row r="1"><c r="b1"><v>2</v></c></row>`, "", 0},
		{"two values", `<row r="1"><c r="A1"><v>1</v><v>2</v></c></row>`, "", 0},
		{"row numbers with leading zeros", `<row r="01"><c r="A01"><v>1</v></c></row>`, "", 0},

		{"rows out of order", `<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>`, "", 1},
		{"row repeated", `<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row>`, "", 1},
		{"iso date cell", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="d" s="1"><v>2026-11-03T00:00:00Z</v></c></row>`, "", 1},
		{"dollar reference", `<row r="1"><c r="$A$1"><v>1</v></c></row>`, "", 1},
		{"bad reference", `<row r="1"><c r="1A"><v>1</v></c></row>`, "", 1},
		{"entity in attribute", `<row r="1"><c r="A&#49;"><v>1</v></c></row>`, "", 1},
		{"unknown element in cell", `<row r="1"><c r="A1"><x><v>1</v></x></c></row>`, "", 1},
		{"processing instruction", `<row r="1"><?pi x?><c r="A1"><v>1</v></c></row>`, "", 1},
		{"bad character", "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\x01b</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>", "", 1},
		{"bad entity", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="str"><v>&nbsp;</v></c></row>`, "", 1},
		{"truncated", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`, "", 1},
		{"mismatched end", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></x></row>`, "", 1},
		// A row past the last is refused at once, not handed over
		// (ingest's TestPastExcelRowLimit).
		{"style out of range", `<row r="1"><c r="A1" s="4"><v>46329</v></c><c r="B1" s="99"><v>46329</v></c></row>`, "", 0},
	}
}

func TestFastRawSheets(t *testing.T) {
	cases := fastRawCases()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := fastRawWorkbook(t, fastSheetHead+c.sheet+fastSheetTail, c.sst)
			h := fastCompare(t, path)
			if h != c.handed {
				t.Errorf("handed %d sheets to excelize, want %d", h, c.handed)
			}
		})
	}
}

// TestFastWorkbookFallbacks: workbooks the fast reader leaves to excelize
// whole, and reads the same through Open.
func TestFastWorkbookFallbacks(t *testing.T) {
	sheet := fastSheetHead + `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` + fastSheetTail
	base := func() map[string]string {
		return map[string]string{
			"_rels/.rels":                fastRootRels,
			"xl/workbook.xml":            fastWorkbookXML,
			"xl/_rels/workbook.xml.rels": fastWorkbookRels,
			"xl/styles.xml":              fastStylesXML,
			"xl/worksheets/sheet1.xml":   sheet,
			"xl/sharedStrings.xml":       fastSST(`<t>x</t>`),
		}
	}
	cases := map[string]func(m map[string]string){
		"strict namespaces": func(m map[string]string) {
			m["xl/workbook.xml"] = strings.ReplaceAll(fastWorkbookXML, "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
		},
		"gbk shared strings": func(m map[string]string) {
			m["xl/sharedStrings.xml"] = strings.Replace(fastSST(`<t>x</t>`), `encoding="UTF-8"`, `encoding="GBK"`, 1)
		},
		"shared strings with an extLst": func(m map[string]string) {
			m["xl/sharedStrings.xml"] = strings.Replace(fastSST(`<t>x</t>`), "</sst>", "<extLst/></sst>", 1)
		},
		"missing sheet part": func(m map[string]string) { delete(m, "xl/worksheets/sheet1.xml") },
		"no rels":            func(m map[string]string) { delete(m, "_rels/.rels") },
		"sheet name with a colon": func(m map[string]string) {
			m["xl/workbook.xml"] = strings.Replace(fastWorkbookXML, `name="Sheet1"`, `name="a:b"`, 1)
		},
	}
	for name, mod := range cases {
		t.Run(name, func(t *testing.T) {
			m := base()
			mod(m)
			path := fastZip(t, "fb.xlsx", m)
			if _, err := openFastAs(path, false); !errors.Is(err, errFastUnsupported) {
				t.Errorf("openFast: %v, want errFastUnsupported", err)
			}
			fastCompare(t, path)
		})
	}
	t.Run("odd shared-string casing is still fast", func(t *testing.T) {
		m := base()
		m["xl/SharedStrings.xml"] = m["xl/sharedStrings.xml"]
		delete(m, "xl/sharedStrings.xml")
		path := fastZip(t, "case.xlsx", m)
		if h := fastCompare(t, path); h != 0 {
			t.Errorf("handed %d", h)
		}
	})
}

// TestFastHookAndSwitch: Open uses the fast reader, and
// forceExcelize turns it off.
func TestFastHookAndSwitch(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "x")
	path := fastWorkbookFile(t, f, "hook.xlsx")
	wb, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wb.(*fastWorkbook); !ok {
		t.Errorf("Open gave %T, want the fast reader", wb)
	}
	wb.Close()
	forceExcelize = true
	defer func() { forceExcelize = false }()
	wb, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := wb.(*xlsxWorkbook); !ok {
		t.Errorf("with forceExcelize Open gave %T", wb)
	}
	wb.Close()
}

// TestFastColumnFilter: only the columns asked for are decoded, in place.
func TestFastColumnFilter(t *testing.T) {
	f := excelize.NewFile()
	for r := 1; r <= 3; r++ {
		for c := 1; c <= 6; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			f.SetCellValue("Sheet1", cell, fmt.Sprintf("r%dc%d", r, c))
		}
	}
	path := fastWorkbookFile(t, f, "filter.xlsx")
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
	sh.Next()
	if got := len(sh.Row()); got != 6 {
		t.Fatalf("unfiltered row has %d cells", got)
	}
	cf, ok := sh.(ColumnFilter)
	if !ok {
		t.Fatalf("%T is not a ColumnFilter", sh)
	}
	cf.SetColumns([]int{1, 3})
	sh.Next()
	want := []Cell{{}, {Text: "r2c2", Kind: KindString}, {}, {Text: "r2c4", Kind: KindString}}
	if !reflect.DeepEqual(sh.Row(), want) {
		t.Errorf("filtered row %v, want %v", sh.Row(), want)
	}
}

// TestFastLibreOffice: a CSV converted to xlsx by LibreOffice, when it is
// installed, read both ways.
func TestFastLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed")
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "lo.csv")
	content := "添加人账号,客户ID,客户名称,类型,添加时间\nzhangsan,wm001,客户 一,客户,2026-11-03\nlisi,13800138000,\"a, \"\"quoted\"\"\",外部联系人,2026/1/2 14:05\n,,,,\nwangwu,00123,1.50,TRUE,45000\n"
	if err := os.WriteFile(csv, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx", "--infilter=CSV:44,34,76,1", "--outdir", dir, csv)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("soffice failed: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "lo.xlsx")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("soffice wrote nothing: %v", err)
	}
	if h := fastCompare(t, path); h != 0 {
		t.Errorf("handed %d sheets to excelize", h)
	}
}
