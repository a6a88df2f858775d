package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
)

// sheetWhy returns the summary of the named sheet of the file with role.
func sheetWhy(t *testing.T, sum *Summary, role, file, sheet string) *SheetSummary {
	t.Helper()
	for _, f := range sum.Files {
		if f.Role != role || filepath.Base(f.Path) != file {
			continue
		}
		for _, s := range f.Sheets {
			if s.Name == sheet {
				return s
			}
		}
	}
	t.Fatalf("no sheet %s of %s %s in the summary", sheet, role, file)
	return nil
}

// TestWhichSheetsCount builds real workbooks with the sheets that are not
// data next to the ones that are, and checks which are read, what they
// count and what the summary and validate's output say about each.
func TestWhichSheetsCount(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	// The roster: an instructions sheet that lists the column names first.
	writeXLSX(t, p("roster.xlsx"),
		sheetData{"填写说明", rowsOf(
			[]string{"帐号", "姓名", "状态", "接替人"},
			[]string{"必填，成员的唯一标识", "选填", "在职/待离职/已离职", "接替人的账号"},
			[]string{"1-32 个字母、数字", "", "", ""},
		)},
		sheetData{"成员列表", rowsOf(
			[]string{"帐号", "姓名", "状态", "接替人"},
			[]string{"lisi", "李四", "待离职", "wangwu"},
			[]string{"wangwu", "王五", "在职", ""},
			[]string{"zhaoliu", "赵六", "在职", ""},
		)},
		sheetData{"备份", rowsOf([]string{"帐号"}, []string{"old"})},
	)
	// The customers: the data, a lookup table of members used by a
	// VLOOKUP, and a copy of the data sheet.
	data := rowsOf(
		[]string{"客户名称", "添加人", "添加人账号", "添加时间"},
		[]string{"客户A", "李四", "lisi", "2026-01-01"},
		[]string{"客户B", "李四", "lisi", "2026-02-01"},
		[]string{"客户C", "王五", "wangwu", "2026-03-01"},
	)
	writeXLSX(t, p("customers.xlsx"),
		sheetData{"客户列表", data},
		sheetData{"对照表", rowsOf([]string{"添加人", "添加人账号"}, []string{"李四", "lisi"}, []string{"王五", "wangwu"})},
		sheetData{"客户列表 (2)", data},
	)
	// The same export again as CSV, under another name.
	writeFile(t, p("customers-copy.csv"), fakeCSV(
		[]string{"客户名称", "添加人", "添加人账号", "添加时间"},
		[]string{"客户A", "李四", "lisi", "2026-01-01"},
		[]string{"客户B", "李四", "lisi", "2026-02-01"},
		[]string{"客户C", "王五", "wangwu", "2026-03-01"},
	))
	// The handover sheet and groups: a notes sheet first, then the data.
	writeXLSX(t, p("plan.xlsx"),
		sheetData{"说明", rowsOf([]string{"离职人账号", "接替人账号", "数量"}, []string{"离职成员的账号", "接替成员的账号", "分配的客户数"})},
		sheetData{"交接", rowsOf([]string{"离职人账号", "接替人账号", "数量"}, []string{"lisi", "zhaoliu", "2"})},
	)
	writeXLSX(t, p("groups.xlsx"),
		sheetData{"字段", rowsOf([]string{"群主账号"}, []string{"群ID"}, []string{"群名称"})},
		sheetData{"群", rowsOf([]string{"群ID", "群主账号"}, []string{"g1", "lisi"})},
	)
	in, sum, err := Read(Options{
		Roster: p("roster.xlsx"), Contacts: []string{p("customers.xlsx"), p("customers-copy.csv")},
		Plan: p("plan.xlsx"), Groups: p("groups.xlsx"), AsOf: day("2026-11-30"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Members) != 3 || in.Members[0].UserID != "lisi" {
		t.Fatalf("members = %+v (the instructions sheet was read?)", in.Members)
	}
	if got := in.Member("lisi").Customers; got != 2 {
		t.Errorf("lisi customers = %d; want 2 (the copies and the lookup table count nothing)", got)
	}
	if got := in.Member("wangwu").Customers; got != 1 {
		t.Errorf("wangwu customers = %d; want 1", got)
	}
	if len(in.Handovers) != 1 || in.Handovers[0].Receiver != "zhaoliu" || len(in.Groups) != 1 {
		t.Errorf("handovers %+v, groups %+v", in.Handovers, in.Groups)
	}
	for _, c := range []struct {
		role, file, sheet string
		read              bool
		why               string
	}{
		{"roster", "roster.xlsx", "填写说明", false, "do not read as data"},
		{"roster", "roster.xlsx", "成员列表", true, ""},
		{"roster", "roster.xlsx", "备份", false, "not read: the roster is read from sheet 成员列表"},
		{"contacts", "customers.xlsx", "客户列表", true, ""},
		{"contacts", "customers.xlsx", "对照表", false, "only the owner column (添加人账号)"},
		{"contacts", "customers.xlsx", "客户列表 (2)", false, "counted once: its 3 rows repeat customers.xlsx, sheet 客户列表 row for row"},
		{"contacts", "customers-copy.csv", "", false, "counted once: its 3 rows repeat customers.xlsx, sheet 客户列表"},
		{"plan", "plan.xlsx", "说明", false, "do not read as data"},
		{"plan", "plan.xlsx", "交接", true, ""},
		{"groups", "groups.xlsx", "字段", false, "do not read as data"},
		{"groups", "groups.xlsx", "群", true, ""},
	} {
		s := sheetWhy(t, sum, c.role, c.file, c.sheet)
		if s.Skipped == c.read || !strings.Contains(s.Why, c.why) || (!c.read && s.WhyZH == "") {
			t.Errorf("%s %s: skipped %v why %q / %q; want read %v, %q", c.file, c.sheet, s.Skipped, s.Why, s.WhyZH, c.read, c.why)
		}
	}
	// The repeats are data problems too, on the repeating sheet.
	if p := problemWith(in, "customers.xlsx", 1, "", "repeats customers.xlsx, sheet 客户列表 row for row"); p == nil || p.Sheet != "客户列表 (2)" {
		t.Errorf("repeat problem = %+v; problems %+v", p, in.Problems)
	}
	// validate's output says it, in both languages.
	var en, zh strings.Builder
	sum.Print(&en, "en")
	sum.Print(&zh, "zh")
	for _, want := range []string{"sheet 对照表: skipped: only the owner column", "sheet 备份: not read: the roster is read from sheet 成员列表", "counted once"} {
		if !strings.Contains(en.String(), want) {
			t.Errorf("validate (en) lacks %q:\n%s", want, en.String())
		}
	}
	for _, want := range []string{"工作表 对照表：已跳过：只有所属成员列", "未读取：通讯录取自工作表 成员列表", "只计一次"} {
		if !strings.Contains(zh.String(), want) {
			t.Errorf("validate (zh) lacks %q:\n%s", want, zh.String())
		}
	}
	// And the report's inputs list carries the sheets.
	var roster audit.InputFile
	for _, f := range in.Files {
		if f.Role == "roster" {
			roster = f
		}
	}
	if len(roster.Sheets) != 3 || !roster.Sheets[1].Read || roster.Sheets[0].Read || roster.Sheets[0].SkippedZH == "" {
		t.Errorf("roster sheets = %+v", roster.Sheets)
	}
}

// TestNoSheetReadsAsData: when no sheet's rows read as data, the sheet with
// the most key cells under its header is read anyway (the first of equals),
// and its rows say what is wrong.
func TestNoSheetReadsAsData(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.xlsx")
	writeXLSX(t, roster,
		sheetData{"说明", rowsOf([]string{"帐号", "姓名"}, []string{"必填", "选填"})},
		sheetData{"A", rowsOf([]string{"帐号", "姓名"}, []string{"张三", "张三"}, []string{"李四", "李四"})},
		sheetData{"B", rowsOf([]string{"帐号", "姓名"}, []string{"王五", "王五"}, []string{"赵六", "赵六"})},
	)
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte("添加人账号,客户名称\n张三,x\n"))
	in, sum, err := Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Members) != 2 || in.Members[0].UserID != "张三" {
		t.Errorf("members = %+v", in.Members)
	}
	n, a, b := sheetWhy(t, sum, "roster", "roster.xlsx", "说明"), sheetWhy(t, sum, "roster", "roster.xlsx", "A"), sheetWhy(t, sum, "roster", "roster.xlsx", "B")
	if !n.Skipped || a.Skipped || !b.Skipped || !strings.Contains(b.Why, "not read: the roster is read from sheet A") {
		t.Errorf("说明 %+v, A %+v, B %+v", n, a, b)
	}
}

// TestPivotSheet: a sheet with a pivot table is never read, even with the
// header; with only such sheets the contacts file is an error naming them.
func TestPivotSheet(t *testing.T) {
	hdr := strs("添加人账号", "客户名称")
	withFakes(t, map[string][]fakeSheet{
		"roster.xlsx": {{name: "成员", rows: [][]Cell{strs("帐号"), strs("lisi")}}},
		"c.xlsx": {
			{name: "数据", rows: [][]Cell{hdr, strs("lisi", "A"), strs("lisi", "B")}},
			{name: "透视", rows: [][]Cell{hdr, strs("lisi", "2")}, pivot: true},
		},
		"p.xlsx": {{name: "透视", rows: [][]Cell{hdr, strs("lisi", "2")}, pivot: true}},
	})
	in, sum, err := Read(Options{Roster: "roster.xlsx", Contacts: []string{"c.xlsx"}})
	if err != nil {
		t.Fatal(err)
	}
	if in.Member("lisi").Customers != 2 {
		t.Errorf("customers = %d; want 2", in.Member("lisi").Customers)
	}
	if s := sheetWhy(t, sum, "contacts", "c.xlsx", "透视"); !s.Skipped || !strings.Contains(s.Why, "pivot table") {
		t.Errorf("pivot sheet = %+v", s)
	}
	_, _, err = Read(Options{Roster: "roster.xlsx", Contacts: []string{"p.xlsx"}})
	inputErr(t, err, "p.xlsx: no sheet holds contacts: 透视: holds a pivot table")
}

// TestPivotFile: the same with a pivot table excelize writes, once the xlsx
// reader tells pivot tables (the reader's side of issue 12).
func TestPivotFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.xlsx")
	f := excelize.NewFile()
	rows := [][]any{{"添加人账号", "客户名称", "客户数"}, {"lisi", "A", 1}, {"lisi", "B", 1}, {"wangwu", "C", 1}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	f.NewSheet("透视")
	if err := f.AddPivotTable(&excelize.PivotTableOptions{
		DataRange: "Sheet1!A1:C4", PivotTableRange: "透视!A1:B6",
		Rows: []excelize.PivotTableField{{Data: "添加人账号"}}, Data: []excelize.PivotTableField{{Data: "客户数", Subtotal: "Sum"}},
	}); err != nil {
		t.Fatal(err)
	}
	// The pivot table's cells as Excel would cache them.
	f.SetSheetRow("透视", "A1", &[]any{"添加人账号", "客户数"})
	f.SetSheetRow("透视", "A2", &[]any{"lisi", 2})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb, err := OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	_, ok := wb.(PivotLister)
	wb.Close()
	if !ok {
		t.Fatal("the xlsx reader does not tell pivot tables (no PivotLister)")
	}
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\nlisi\nwangwu\n"))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{path}})
	if err != nil {
		t.Fatal(err)
	}
	if in.Member("lisi").Customers != 2 {
		t.Errorf("lisi customers = %d; want 2 (the pivot table counted?)", in.Member("lisi").Customers)
	}
}

// TestRepeatWithIDs: a repeated sheet with external ids neither counts
// twice nor reports every row as a duplicate contact.
func TestRepeatWithIDs(t *testing.T) {
	dir := t.TempDir()
	roster, c := filepath.Join(dir, "r.csv"), filepath.Join(dir, "c.xlsx")
	writeFile(t, roster, []byte("userid,status\nlisi,departing\nwangwu,\n"))
	data := rowsOf([]string{"所属成员账号", "客户ID", "联系人类型"}, []string{"lisi", "wm1", "客户"}, []string{"lisi", "wm2", "外部联系人"}, []string{"wangwu", "wm3", "客户"})
	writeXLSX(t, c, sheetData{"一", data}, sheetData{"二", data},
		sheetData{"三", rowsOf([]string{"所属成员账号", "客户ID", "联系人类型"}, []string{"lisi", "wm1", "客户"}, []string{"lisi", "wm4", "客户"})})
	in, sum, err := Read(Options{Roster: roster, Contacts: []string{c}, AsOf: day("2026-11-30")})
	if err != nil {
		t.Fatal(err)
	}
	l := in.Member("lisi")
	if l.Customers != 2 || l.ExternalContacts != 1 || len(in.Details["lisi"]) != 3 {
		t.Errorf("lisi = %d customers, %d external, details %+v", l.Customers, l.ExternalContacts, in.Details["lisi"])
	}
	// Sheet 三 is not a repeat: its one repeated row is a duplicate contact.
	if len(in.DuplicateContacts) != 1 || in.DuplicateContacts[0].Count != 1 {
		t.Errorf("duplicates = %+v", in.DuplicateContacts)
	}
	if !in.HasExternalIDs || !sheetWhy(t, sum, "contacts", "c.xlsx", "二").Skipped || sheetWhy(t, sum, "contacts", "c.xlsx", "三").Skipped {
		t.Errorf("sheets = %+v", sum.Files[1].Sheets)
	}
}

// TestTwoRowHeaders: a merged group row above the names, and names split
// between a row and the one below it.
func TestTwoRowHeaders(t *testing.T) {
	for _, c := range []struct {
		name      string
		build     func(f *excelize.File, s string)
		headerRow int
		rows      int
		spans     int // rows the header's names are on
	}{
		{"group row above the names", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"成员信息", nil, "离职信息", nil})
			f.MergeCell(s, "A1", "B1")
			f.MergeCell(s, "C1", "D1")
			f.SetSheetRow(s, "A2", &[]any{"离职人账号", "姓名", "离职日期", "接替人账号"})
			f.SetSheetRow(s, "A3", &[]any{"lisi", "李四", "2026-12-20", "wangwu"})
		}, 2, 1, 1},
		{"names in both rows", func(f *excelize.File, s string) {
			// 离职人账号 merged down over rows 1–2; 离职信息 over C1:D1, its
			// names below.
			f.SetSheetRow(s, "A1", &[]any{"离职人账号", "姓名", "离职信息", nil})
			f.MergeCell(s, "A1", "A2")
			f.MergeCell(s, "B1", "B2")
			f.MergeCell(s, "C1", "D1")
			f.SetSheetRow(s, "C2", &[]any{"离职日期", "接替人账号"})
			f.SetSheetRow(s, "A3", &[]any{"lisi", "李四", "2026-12-20", "wangwu"})
		}, 2, 1, 2},
		{"the required name below, another above", func(f *excelize.File, s string) {
			f.SetSheetRow(s, "A1", &[]any{"接替人账号", "交接信息", nil})
			f.MergeCell(s, "A1", "A2")
			f.MergeCell(s, "B1", "C1")
			f.SetSheetRow(s, "B2", &[]any{"离职人账号", "离职日期"})
			f.SetSheetRow(s, "A3", &[]any{"wangwu", "lisi", "2026-12-20"})
		}, 2, 1, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			plan := filepath.Join(dir, "plan.xlsx")
			f := excelize.NewFile()
			c.build(f, "Sheet1")
			if err := f.SaveAs(plan); err != nil {
				t.Fatal(err)
			}
			f.Close()
			roster, cs := filepath.Join(dir, "r.csv"), filepath.Join(dir, "c.csv")
			writeFile(t, roster, []byte("userid\nlisi\nwangwu\n"))
			writeFile(t, cs, []byte("userid,name\nlisi,x\n"))
			in, sum, err := Read(Options{Roster: roster, Contacts: []string{cs}, Plan: plan, AsOf: day("2026-11-30")})
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Problems) != 0 {
				t.Errorf("problems = %+v", in.Problems)
			}
			if len(in.Handovers) != c.rows {
				t.Fatalf("handovers = %+v", in.Handovers)
			}
			h := in.Handovers[0]
			if h.UserID != "lisi" || h.Receiver != "wangwu" || h.DepartureDate.String() != "2026-12-20" || h.Row != 3 {
				t.Errorf("handover = %+v", h)
			}
			s := sheetWhy(t, sum, "plan", "plan.xlsx", "Sheet1")
			if s.HeaderRow != c.headerRow || s.HeaderRows != c.spans {
				t.Errorf("header row %d over %d rows; want %d over %d", s.HeaderRow, s.HeaderRows, c.headerRow, c.spans)
			}
			var out strings.Builder
			sum.Print(&out, "en")
			if strings.Contains(out.String(), "header over rows 1–2") != (c.spans == 2) {
				t.Errorf("validate output:\n%s", out.String())
			}
		})
	}
}

// TestMergeRowsNotData: the row under a header is data, not names, when a
// mapped column holds a value — even when another cell is a column name.
func TestMergeRowsNotData(t *testing.T) {
	h, ok := contactsRole.matchHeader(strs("添加人账号", "客户ID"))
	if !ok {
		t.Fatal("no header")
	}
	h.Row = 1
	h.rowText = []string{"添加人账号", "客户ID"}
	if contactsRole.mergeRows(&h, strs("lisi", "wm1", "外部联系人")) {
		t.Error("a data row taken as the header's second row")
	}
	if h.has(cName) {
		t.Errorf("外部联系人 in a data row mapped as the name column")
	}
}

// TestCSVTextTrick: ="…" is unwrapped, only in that exact form.
func TestCSVTextTrick(t *testing.T) {
	for in, want := range map[string]string{
		`="zhangsan"`:   "zhangsan",
		`="0012345"`:    "0012345",
		`=""`:           "", // Excel shows an empty text
		`="a""b"`:       `a"b`,
		`="a"&"b"`:      `="a"&"b"`, // a real formula
		`="a"b"`:        `="a"b"`,
		`=zhangsan`:     `=zhangsan`,
		`"="zhangsan""`: `"="zhangsan""`,
		`zhangsan`:      `zhangsan`,
		`="张三"`:         "张三",
	} {
		if got := excelText(in); got != want {
			t.Errorf("excelText(%s) = %s; want %s", in, got, want)
		}
	}
	dir := t.TempDir()
	roster, c := filepath.Join(dir, "r.csv"), filepath.Join(dir, "c.csv")
	// As Excel writes the trick: the field quoted, its quotes doubled.
	writeFile(t, roster, []byte("帐号,手机\r\n\"=\"\"zhangsan\"\"\",\"=\"\"013800138000\"\"\"\r\n=\"lisi\",1\r\n"))
	writeFile(t, c, []byte("添加人账号,客户名称\r\n=\"zhangsan\",x\r\n"))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Members) != 2 || in.Members[0].UserID != "zhangsan" || in.Members[1].UserID != "lisi" || in.Members[0].Customers != 1 {
		t.Errorf("members = %+v %+v", in.Members[0], in.Members[1])
	}
}

// TestSniffDelimiterQuoted: delimiters inside quoted fields do not vote.
func TestSniffDelimiterQuoted(t *testing.T) {
	for in, want := range map[string]rune{
		"帐号\t地址\nzhangsan\t\"北京,海淀区,中关村\"\nlisi\t\"上海,浦东\"\n": '\t',
		"a;b\n\"1,2,3\";\"4,5\"\n":                  ';',
		"a,b\n\"x\t\ty\",z\n":                       ',',
		"a\tb\n\"line one,\nline two, three\"\tc\n": '\t', // a line break inside quotes
		"a\tb\n5\" screen,big\tx\n":                 '\t', // a stray quote mid-field is a character
		"a,b\n\"say \"\"hi\"\"\t\t\",c\n":           ',',
	} {
		if got := sniffDelimiter([]byte(in)); got != want {
			t.Errorf("sniffDelimiter(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestUTF16WithoutBOM: UTF-16 text with no byte-order mark, either byte
// order, is read as text, not refused as binary data.
func TestUTF16WithoutBOM(t *testing.T) {
	text := "帐号\t姓名\r\nzhangsan\t张三\r\nlisi\t李四\r\n"
	for _, c := range []struct {
		name string
		le   bool
		enc  string
	}{{"little-endian", true, "UTF-16LE without BOM"}, {"big-endian", false, "UTF-16BE without BOM"}} {
		t.Run(c.name, func(t *testing.T) {
			var b []byte
			for _, u := range utf16.Encode([]rune(text)) {
				if c.le {
					b = append(b, byte(u), byte(u>>8))
				} else {
					b = append(b, byte(u>>8), byte(u))
				}
			}
			dir := t.TempDir()
			roster, cs := filepath.Join(dir, "r.csv"), filepath.Join(dir, "c.csv")
			writeFile(t, roster, b)
			writeFile(t, cs, []byte("userid,name\nlisi,x\n"))
			in, sum, err := Read(Options{Roster: roster, Contacts: []string{cs}})
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Members) != 2 || in.Members[0].Name != "张三" || in.Members[1].UserID != "lisi" {
				t.Errorf("members = %+v", in.Members)
			}
			if sum.Files[0].Encoding != c.enc {
				t.Errorf("encoding = %q; want %q", sum.Files[0].Encoding, c.enc)
			}
		})
	}
	// Binary data with NULs everywhere is still refused.
	for _, b := range [][]byte{{0, 0, 0, 0, 1, 2, 0, 0}, []byte("ab\x00\x00cd\x00\x00")} {
		if enc := utf16NoBOM(b); enc != 0 {
			t.Errorf("utf16NoBOM(%q) = %s", b, enc)
		}
	}
}
