package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestInvisibleMarks: a direction mark or zero-width joiner inside a
// userid is removed, wherever the userid is written, and each row holding
// one is a data problem; the id shown never carries it (issue 23).
func TestInvisibleMarks(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte(csvOf(
		[]string{"userid", "status"},
		[]string{"d_iso", "departing"},
		[]string{"re\u200dcv", ""},
	)))
	contacts := filepath.Join(dir, "contacts.csv")
	writeFile(t, contacts, []byte(csvOf(
		[]string{"添加人账号", "客户ID"},
		[]string{"\u200fd_iso", "wm1"},
		[]string{"\u200fd_iso", "wm2"},
		[]string{"d_iso", "wm3"},
		[]string{"d\u2060_iso", "wm4"},
		[]string{"\u202ad_iso\u202c", "wm5"},
		[]string{"\ufeffd_iso", "wm6"}, // a BOM at the edge: trimmed, as before, without a problem
	)))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
	if err != nil {
		t.Fatal(err)
	}
	if in.Members[1].UserID != "recv" {
		t.Errorf("roster userid = %q; want recv", in.Members[1].UserID)
	}
	if p := problemAt(in, "roster.csv", 3, "userid"); p == nil || !strings.Contains(p.Problem.In("en"), "U+200D") {
		t.Errorf("roster row 3: problem = %+v", p)
	}
	if c := in.Members[0].Customers; c != 6 {
		t.Errorf("d_iso has %d customers; want 6", c)
	}
	if len(in.UnknownOwners) != 0 {
		t.Errorf("unknown owners = %+v", in.UnknownOwners)
	}
	for _, w := range []struct {
		row  int
		mark string
	}{{2, "U+200F"}, {3, "U+200F"}, {5, "U+2060"}, {6, "U+202A, U+202C"}} {
		p := problemAt(in, "contacts.csv", w.row, "添加人账号")
		if p == nil || !strings.Contains(p.Problem.In("en"), w.mark) || !strings.Contains(p.Problem.In("zh"), "不可见字符") {
			t.Errorf("contacts row %d: problem = %+v; want one naming %s", w.row, p, w.mark)
		}
	}
	for _, row := range []int{4, 7} {
		if p := problemAt(in, "contacts.csv", row, "添加人账号"); p != nil {
			t.Errorf("contacts row %d: unexpected problem %+v", row, p)
		}
	}
}

// TestAssumedCountsEveryMember: the default-cap assumption counts the
// members whose cap is invalid as well as those whose cell is empty.
func TestAssumedCountsEveryMember(t *testing.T) {
	dir := t.TempDir()
	rows := [][]string{{"userid", "客户上限"}, {"a", ""}}
	for i := range 8 {
		rows = append(rows, []string{fmt.Sprintf("m%d", i), "lots"})
	}
	rows = append(rows, []string{"ok", "5000"})
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte(csvOf(rows...)))
	contacts := filepath.Join(dir, "contacts.csv")
	writeFile(t, contacts, []byte(csvOf([]string{"添加人账号", "客户ID"}, []string{"a", "wm1"})))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
	if err != nil {
		t.Fatal(err)
	}
	var line, lineZH string
	for i, a := range in.Assumed {
		if strings.Contains(a, "default cap") {
			line, lineZH = a, in.AssumedZH[i]
		}
	}
	if !strings.Contains(line, "9 members") || !strings.Contains(lineZH, "9 名成员") {
		t.Errorf("assumed = %q / %q; want 9 members", line, lineZH)
	}
}

// TestPastExcelRowLimit: a sheet with a row past 1,048,576 is refused as
// over Excel's limit, at once, not handed to excelize to be called damaged.
func TestPastExcelRowLimit(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	cell := func(ref, s string) string {
		return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
	}
	sheet := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1">` + cell("A1", "添加人账号") + cell("B1", "客户ID") + `</row>` +
		`<row r="2">` + cell("A2", "a") + cell("B2", "wm1") + `</row>` +
		`<row r="1048576">` + cell("A1048576", "a") + cell("B1048576", "wm2") + `</row>` +
		`<row r="1048577">` + cell("A1048577", "a") + cell("B1048577", "wm3") + `</row>` +
		`</sheetData></worksheet>`
	x := filepath.Join(dir, "big.xlsx")
	writeFile(t, x, zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet,
	}))
	_, _, err := Read(Options{Roster: roster, Contacts: []string{x}})
	ie := inputErr(t, err, "big.xlsx", "sheet 客户", "row 1048577", "over Excel's 1,048,576-row limit")
	if strings.Contains(ie.Msg, "damaged") {
		t.Errorf("called damaged: %v", ie)
	}
}

// TestUTF16TextWithoutBOM: mostly Chinese UTF-16 without a byte-order
// mark, where few bytes are NUL, is read as text, in either byte order.
func TestUTF16TextWithoutBOM(t *testing.T) {
	text := "企业通讯录导出（全部成员）\r\n姓名\t账号\t部门\t状态\r\n"
	names := []string{"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"}
	for i, n := range names {
		text += n + "\t" + fmt.Sprintf("u%d", i) + "\t研发中心；北京分公司；销售部\t在职\r\n"
	}
	for _, be := range []bool{false, true} {
		var b []byte
		for _, u := range utf16.Encode([]rune(text)) {
			if be {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		if utf16NoBOM(b) != 0 {
			t.Fatalf("be=%v: the NUL pattern alone already tells; the case tests nothing", be)
		}
		dir := t.TempDir()
		roster := filepath.Join(dir, "roster.csv")
		writeFile(t, roster, b)
		contacts := filepath.Join(dir, "contacts.csv")
		writeFile(t, contacts, []byte(csvOf([]string{"添加人账号", "客户ID"}, []string{"u1", "wm1"})))
		in, sum, err := Read(Options{Roster: roster, Contacts: []string{contacts}})
		if err != nil {
			t.Fatalf("be=%v: %v", be, err)
		}
		if len(in.Members) != len(names) || in.Members[0].Name != "张三" {
			t.Errorf("be=%v: members = %d, first %+v", be, len(in.Members), in.Members[0])
		}
		want := "UTF-16LE without BOM"
		if be {
			want = "UTF-16BE without BOM"
		}
		if sum.Files[0].Encoding != want {
			t.Errorf("be=%v: encoding %q; want %q", be, sum.Files[0].Encoding, want)
		}
	}
}

// TestSummaryBesideItsRows: a sheet counting per owner what the itemised
// sheet lists is a cross-check, not more contacts; its 总计 row is no
// owner; a count that differs is a problem naming both sheets. A summary
// of other members is still added.
func TestSummaryBesideItsRows(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte(csvOf([]string{"userid"}, []string{"a"}, []string{"b"}, []string{"c"}, []string{"d"})))
	items := [][]string{{"添加人账号", "客户名称"}}
	for i := range 30 {
		items = append(items, []string{"a", fmt.Sprintf("A%d", i)})
	}
	for i := range 20 {
		items = append(items, []string{"b", fmt.Sprintf("B%d", i)})
	}
	items = append(items, []string{"c", "C0"}, []string{"合计", "51"})
	x := filepath.Join(dir, "customers.xlsx")
	writeXLSX(t, x,
		sheetData{"客户列表", rowsOf(items...)},
		sheetData{"按成员统计", rowsOf(
			[]string{"添加人账号", "客户数"},
			[]string{"a", "30"}, []string{"b", "20"}, []string{"c", "2"},
			[]string{"总计", "52"},
		)})
	// Counts of a member the itemised sheet does not list: added.
	other := filepath.Join(dir, "counts.csv")
	writeFile(t, other, []byte(csvOf([]string{"成员账号", "客户数"}, []string{"d", "7"}, []string{"Grand Total", "7"})))
	in, sum, err := Read(Options{Roster: roster, Contacts: []string{x, other}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{30, 20, 1, 7} {
		if got := in.Members[i].Customers; got != want {
			t.Errorf("%s has %d customers; want %d", in.Members[i].UserID, got, want)
		}
	}
	if len(in.UnknownOwners) != 0 || in.UnknownOwnerCustomers != 0 {
		t.Errorf("unknown owners %+v (%d customers): a totals row read as an owner", in.UnknownOwners, in.UnknownOwnerCustomers)
	}
	s := sum.Files[1].Sheets[1]
	if s.Form != "cross-check" || !s.Skipped || !strings.Contains(s.Why, "customers.xlsx › 客户列表") {
		t.Errorf("summary sheet = %+v", s)
	}
	p := problemAt(in, "customers.xlsx", 4, "客户数")
	if p == nil || !strings.Contains(p.Problem.In("en"), "customers.xlsx › 按成员统计 counts 2 customers for c") ||
		!strings.Contains(p.Problem.In("en"), "customers.xlsx › 客户列表 lists 1") || !strings.Contains(p.Problem.In("zh"), "汇总表") {
		t.Errorf("problem = %+v", p)
	}
	if f := sum.Files[2].Sheets[0]; f.Form != "summary" || f.Skipped {
		t.Errorf("counts of other members = %+v; want them added", f)
	}
}
