package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
)

// TestEncodings reads the CSV files in testdata: GB18030 (what Excel on
// Chinese Windows saves, D22), UTF-8 with a BOM, and Excel's UTF-16
// "Unicode Text", with a title above the header.
func TestEncodings(t *testing.T) {
	in, sum, err := Read(Options{
		Roster:   "testdata/roster-gbk.csv",
		Contacts: []string{"testdata/contacts-bom.csv", "testdata/contacts-utf16.csv"},
		Plan:     "testdata/plan-title.csv",
		AsOf:     day("2026-11-30"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range in.Problems {
		t.Logf("problem %+v", p)
	}
	enc := []string{}
	for _, f := range sum.Files {
		enc = append(enc, f.Encoding)
	}
	if want := []string{"GB18030/GBK", "UTF-8", "UTF-8 with BOM", "UTF-16LE"}; !slices.Equal(enc, want) {
		t.Errorf("encodings = %q; want %q", enc, want)
	}
	if len(in.Members) != 3 {
		t.Fatalf("members = %+v", in.Members)
	}
	zs, ls, ww := in.Members[0], in.Members[1], in.Members[2]
	if zs.UserID != "zhangsan" || zs.Name != "张三" || !slices.Equal(zs.Departments, []string{"销售部", "市场部"}) ||
		zs.DepartureDate.String() != "2026-12-05" || zs.Status != audit.Departing || zs.ScopeRoster != audit.No {
		t.Errorf("zhangsan = %+v", zs)
	}
	if ls.Name != "李四𠀀" { // a GB18030 four-byte character, outside GBK
		t.Errorf("lisi name = %q", ls.Name)
	}
	if ww.Departments[0] != "总部/华南区" || ww.Status != audit.Departed {
		t.Errorf("wangwu = %+v", ww)
	}
	if zs.Row != 3 {
		t.Errorf("zhangsan row = %d", zs.Row)
	}
	// The BOM does not stick to the first header.
	if ls.Customers != 2 || zs.Customers != 1 || !zs.InCustomerExport {
		t.Errorf("customers: zhangsan %d lisi %d", zs.Customers, ls.Customers)
	}
	if in.Details["zhangsan"][0].AddedAt.String() != "2026-01-02" {
		t.Errorf("zhangsan detail = %+v", in.Details["zhangsan"])
	}
	// UTF-16, tab-separated.
	if zs.ExternalContacts != 1 || ww.Customers != 1 {
		t.Errorf("utf-16 contacts: zhangsan external %d, wangwu customers %d", zs.ExternalContacts, ww.Customers)
	}
	// The plan's rows are records: the quoted note spans two lines but is
	// row 2, so the header is row 3 and wangwu's row is 5.
	if len(in.Handovers) != 2 || in.Handovers[1].Row != 5 {
		t.Fatalf("handovers = %+v", in.Handovers)
	}
	if p := problemAt(in, "plan-title.csv", 5, "数量"); p == nil {
		t.Error("no problem for count x on row 5")
	}
	// The scope conflict of zhangsan: the export wins, reported once.
	if p := problemAt(in, "contacts-bom.csv", 2, "添加人账号"); p == nil || !strings.Contains(p.Problem.In("en"), "the export wins") {
		t.Errorf("scope problem = %+v", p)
	}
	if !in.ChineseHeaders {
		t.Error("ChineseHeaders = false")
	}
}

// TestWeComTemplateLookAlike builds the address-book template's layout
// (D19): eight merged instruction rows, the header on row 9 with 帐号.
func TestWeComTemplateLookAlike(t *testing.T) {
	path := tempPath(t, "通讯录批量导入模板.xlsx")
	f := excelize.NewFile()
	s := "成员列表"
	f.SetSheetName("Sheet1", s)
	notes := []string{
		"填写须知：",
		"1、不能在该Excel表中对成员信息类别进行增加、删除或修改；",
		"2、Excel中红色字段为必填字段,黑色字段为选填字段；",
		"3、帐号：成员的唯一标识，由1-32个字母、数字、点(.)、减号(-)或下划线(_)组成；",
		"4、部门：上下级部门间用‘/’隔开；若存在属于多个部门的情况，不同部门之间用“；”隔开。",
		"5、支持国内、国际手机号；",
		"6、网页类型字段：网页名称与网页地址之间用‘；’隔开；",
		"7、企业简称：必须是企业已经认证成功过的简称。",
	}
	for i, n := range notes {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		l, _ := excelize.CoordinatesToCellName(12, i+1)
		f.SetCellValue(s, a, n)
		if err := f.MergeCell(s, a, l); err != nil {
			t.Fatal(err)
		}
	}
	header := []any{"姓名", "帐号", "别名", "职务", "部门", "性别", "手机", "座机", "个人邮箱", "地址", "企业简称"}
	f.SetSheetRow(s, "A9", &header)
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	f.SetSheetRow(s, "A10", &[]any{"张三（示例）", "sanzhang", "jackzhang", "产品经理", "腾讯公司/广州研发部；腾讯公司/微信事业群", "男", "13800000000", "020-88985632", "sanzhang@qq.com"})
	f.SetSheetRow(s, "A11", &[]any{"李四", "Lisi.02", "", "", "腾讯公司", "女", 13900000000})
	f.SetCellStyle(s, "G10", "G11", text)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()

	contacts := tempPath(t, "c.csv")
	writeFile(t, contacts, []byte("添加人账号,客户名称\nSANZHANG,x\n"))
	in, sum, err := Read(Options{Roster: path, Contacts: []string{contacts}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Problems) != 0 {
		t.Errorf("problems = %+v", in.Problems)
	}
	if len(in.Members) != 2 || in.Members[0].UserID != "sanzhang" || in.Members[1].UserID != "Lisi.02" {
		t.Fatalf("members = %+v", in.Members)
	}
	m := in.Members[0]
	if m.Name != "张三（示例）" || !slices.Equal(m.Departments, []string{"腾讯公司/广州研发部", "腾讯公司/微信事业群"}) || m.Row != 10 {
		t.Errorf("member = %+v", m)
	}
	if m.Customers != 1 {
		t.Errorf("SANZHANG's contact not matched to sanzhang: %d", m.Customers)
	}
	if got := sum.Files[0].Sheets[0]; got.HeaderRow != 9 || got.Rows != 2 || got.Name != "成员列表" {
		t.Errorf("sheet summary = %+v", got)
	}
	// The template has none of the optional check columns: one assumed line
	// each, for the whole column.
	want := []string{
		"customer_contact: no such column in 通讯录批量导入模板.xlsx, scope inferred from the contact exports",
		"activated: no such column in 通讯录批量导入模板.xlsx, every member assumed activated",
		"real_name: no such column in 通讯录批量导入模板.xlsx, every member assumed real-name verified",
		"last_login: no such column in 通讯录批量导入模板.xlsx, every member assumed to have logged in recently",
		"customer_cap: no such column in 通讯录批量导入模板.xlsx, every member assumed to have the default cap",
	}
	if !slices.Equal(in.Assumed, want) {
		t.Errorf("assumed = %q", in.Assumed)
	}
}

// TestRealTemplates reads WeCom's address-book template: the look-alikes
// in xlsxstream/testdata/wecom-template always, and the real files in
// ../../../shared/real (outside this repository) when present.
func TestRealTemplates(t *testing.T) {
	lookalikes := filepath.Join("xlsxstream", "testdata", "wecom-template")
	real := filepath.Join("..", "..", "..", "shared", "real")
	contacts := tempPath(t, "c.csv")
	writeFile(t, contacts, []byte("userid,name\nnobody,x\n"))
	for _, c := range []struct {
		dir, file string
		members   int
		first     string
	}{
		{lookalikes, "wecom-address-book-template-lookalike.xlsx", 1, "sanzhang"},
		{lookalikes, "wecom-address-book-template-lookalike-filled.xlsx", 17, "xiaoli11"},
		{real, "wecom-address-book-template-2020.xlsx", 1, "sanzhang"},
		{real, "wecom-address-book-template-2021-filled.xlsx", 17, "xiaoli11"},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(c.dir, c.file)
			if _, err := os.Stat(path); err != nil {
				if c.dir == real {
					t.Skipf("absent: %v", err)
				}
				t.Fatal(err)
			}
			in, sum, err := Read(Options{Roster: path, Contacts: []string{contacts}})
			if err != nil {
				t.Fatal(err)
			}
			sh := sum.Files[0].Sheets[0]
			if sh.Name != "成员列表" || sh.HeaderRow != 9 {
				t.Errorf("sheet %q header row %d; want 成员列表, 9", sh.Name, sh.HeaderRow)
			}
			if !slices.Contains(sh.Columns, ColumnMap{Field: "userid", Header: "帐号"}) {
				t.Errorf("columns = %+v", sh.Columns)
			}
			if len(in.Members) != c.members || in.Members[0].UserID != c.first || in.Members[0].Row != 10 {
				t.Errorf("%d members, first %+v", len(in.Members), in.Members[0])
			}
			for _, p := range in.Problems {
				t.Logf("problem: %+v", p)
			}
		})
	}
}

// TestSummaryFormContacts: one row per member with counts.
func TestSummaryFormContacts(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte(csvOf([]string{"userid", "status"}, []string{"a", "departing"}, []string{"b", ""})))
	counts := filepath.Join(dir, "counts.xlsx")
	writeXLSX(t, counts, sheetData{"统计", [][]any{
		{"成员账号", "客户数", "外部联系人数"},
		{"A", 120, 30},
		{"b", "1,200", ""},
		{"x", 5, 2},
		{"a", 1, 1},
		{"b", -3, "many"},
	}})
	in, sum, err := Read(Options{Roster: roster, Contacts: []string{counts}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := in.Members[0], in.Members[1]
	if a.Customers != 121 || a.ExternalContacts != 31 || !a.ContactRows || a.InCustomerExport {
		t.Errorf("a = %+v", a)
	}
	if b.Customers != 1200 || b.ExternalContacts != 0 {
		t.Errorf("b = %+v", b)
	}
	if !slices.Equal(in.UnknownOwners, []audit.OwnerCount{{UserID: "x", Count: 7}}) || in.UnknownOwnerCustomers != 5 {
		t.Errorf("unknown = %+v %d", in.UnknownOwners, in.UnknownOwnerCustomers)
	}
	if in.HasExternalIDs {
		t.Error("HasExternalIDs with no itemised sheet at all")
	}
	if sum.Files[1].Sheets[0].Form != "summary" {
		t.Errorf("form = %q", sum.Files[1].Sheets[0].Form)
	}
	for _, w := range []struct {
		row int
		col string
	}{{5, "成员账号"}, {6, "成员账号"}, {6, "客户数"}, {6, "外部联系人数"}} {
		if problemAt(in, "counts.xlsx", w.row, w.col) == nil {
			t.Errorf("no problem at row %d %s", w.row, w.col)
		}
	}
}

// TestExternalIDsEverywhere: HasExternalIDs needs every itemised sheet to
// carry ids; duplicates count once across files.
func TestExternalIDsEverywhere(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid,receiver\nleaver,taker\ntaker,\nother,\n"))
	c1, c2 := filepath.Join(dir, "c1.csv"), filepath.Join(dir, "c2.xlsx")
	writeFile(t, c1, []byte("owner_userid,external_userid\nLEAVER,wmB\nleaver,wmA\ntaker,wmA\nother,wmC\n"))
	writeXLSX(t, c2, sheetData{"p1", rowsOf([]string{"owner_userid", "external_userid"}, []string{"leaver", "wmA"}, []string{"leaver", "wmD"})},
		sheetData{"p2", rowsOf([]string{"owner_userid", "external_userid"}, []string{"leaver", "wmB"})})
	in, _, err := Read(Options{Roster: roster, Contacts: []string{c1, c2}})
	if err != nil {
		t.Fatal(err)
	}
	if !in.HasExternalIDs {
		t.Error("HasExternalIDs = false")
	}
	if want := []audit.OwnerCount{{UserID: "leaver", Count: 2}}; !slices.Equal(in.DuplicateContacts, want) {
		t.Errorf("duplicates = %+v", in.DuplicateContacts)
	}
	if got := in.Members[0].Customers; got != 3 {
		t.Errorf("leaver customers = %d; want 3 (wmA, wmB, wmD)", got)
	}
	ids := func(s ...string) []uint64 {
		var h []uint64
		for _, x := range s {
			h = append(h, fnv64a(x))
		}
		slices.Sort(h)
		return h
	}
	// Roster status says nobody leaves here: the receiver column alone
	// makes "taker" a receiver, and nobody is a leaver — no details kept.
	if !slices.Equal(in.CustomerIDs["taker"], ids("wmA")) || in.CustomerIDs["leaver"] != nil || in.CustomerIDs["other"] != nil {
		t.Errorf("customer ids = %v", in.CustomerIDs)
	}
	if len(in.Details) != 0 {
		t.Errorf("details = %v", in.Details)
	}

	// One itemised sheet without ids turns it off.
	c3 := filepath.Join(dir, "c3.csv")
	writeFile(t, c3, []byte("owner_userid,客户名称\nleaver,someone\n"))
	in, _, err = Read(Options{Roster: roster, Contacts: []string{c1, c3}})
	if err != nil {
		t.Fatal(err)
	}
	if in.HasExternalIDs {
		t.Error("HasExternalIDs with a sheet without ids")
	}

	// A summary sheet beside itemised sheets with ids leaves it on.
	c4 := filepath.Join(dir, "c4.csv")
	writeFile(t, c4, []byte("userid,customers\nother,5\n"))
	in, _, err = Read(Options{Roster: roster, Contacts: []string{c1, c4}})
	if err != nil {
		t.Fatal(err)
	}
	if !in.HasExternalIDs {
		t.Error("HasExternalIDs off because of a summary sheet")
	}
}

func TestMissingHeader(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	writeFile(t, good, []byte("userid\na\n"))

	roster := filepath.Join(dir, "roster.xlsx")
	writeXLSX(t, roster, sheetData{"成员列表", rowsOf([]string{"姓名", "external_userid", "手机"}, []string{"张三", "wm1", "138"})})
	_, _, err := Read(Options{Roster: roster, Contacts: []string{good}})
	ie := inputErr(t, err)
	want := roster + ", sheet 成员列表: no header row with the required column userid (looked for 账号, 帐号, UserID, 成员账号, userid) in the first 50 rows; row 1 reads: 姓名, external_userid, 手机"
	if ie.Error() != want {
		t.Errorf("error =\n%s\nwant\n%s", ie.Error(), want)
	}
	if ie.Sheet != "成员列表" || ie.File != roster {
		t.Errorf("error fields = %+v", ie)
	}

	multi := filepath.Join(dir, "multi.xlsx")
	writeXLSX(t, multi, sheetData{"A", rowsOf([]string{"x"})}, sheetData{"B", nil})
	_, _, err = Read(Options{Roster: good, Contacts: []string{multi}})
	inputErr(t, err, "multi.xlsx: no header row with the required column owner (looked for 添加人账号, 所属成员账号, 跟进成员账号, 成员账号, owner_userid, userid)", "of any sheet (A, B)")

	groups := filepath.Join(dir, "groups.csv")
	writeFile(t, groups, []byte("群ID,群名称\n1,x\n"))
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte("userid\na\n"))
	_, _, err = Read(Options{Roster: good, Contacts: []string{c}, Groups: groups})
	inputErr(t, err, "groups.csv: no header row with the required column owner (looked for 群主账号, 群主, owner_userid, owner)")

	plan := filepath.Join(dir, "plan.csv")
	writeFile(t, plan, []byte("\n\n"))
	_, _, err = Read(Options{Roster: good, Contacts: []string{c}, Plan: plan})
	inputErr(t, err, "plan.csv: no header row with the required column userid", "the sheet's first rows are empty")

	empty := filepath.Join(dir, "empty-roster.csv")
	writeFile(t, empty, []byte("帐号,姓名\n,张三\n"))
	_, _, err = Read(Options{Roster: empty, Contacts: []string{c}})
	inputErr(t, err, "empty-roster.csv: has a header on row 1 but no member rows with a userid below it")

	_, _, err = Read(Options{Contacts: []string{c}})
	inputErr(t, err, "no roster given")
	_, _, err = Read(Options{Roster: good})
	inputErr(t, err, "no contacts export given")
}

// TestSameFileTwice: a contacts export given twice, as a copy or as the
// same path, CSV or workbook (whose digest Read takes on a goroutine of its
// own), is refused: its rows would count twice.
func TestSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte("userid,客户名称\na,x\n"))
	copyOf := filepath.Join(dir, "copy.csv")
	writeFile(t, copyOf, []byte("userid,客户名称\na,x\n"))
	x := filepath.Join(dir, "c.xlsx")
	writeXLSX(t, x, sheetData{"客户", rowsOf([]string{"userid", "客户名称"}, []string{"a", "x"})})
	xb, err := os.ReadFile(x)
	if err != nil {
		t.Fatal(err)
	}
	xCopy := filepath.Join(dir, "copy.xlsx")
	writeFile(t, xCopy, xb)
	for _, tc := range []struct{ first, second string }{
		{c, copyOf}, {c, c}, {x, xCopy}, {x, x},
	} {
		_, _, err := Read(Options{Roster: roster, Contacts: []string{tc.first, tc.second}})
		inputErr(t, err, filepath.Base(tc.second)+": has the same content as "+tc.first)
	}
}

func TestProfileErrors(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want []string
	}{
		{"company: x\nverifed: true\n", []string{"line 2", `unknown key "verifed"`}},
		{"verified: maybe\n", []string{"line 1", "verified must be true or false"}},
		{"enterprise_cap: lots\n", []string{"line 1", "enterprise_cap must be a whole number above 0"}},
		{"enterprise_cap: 0\n", []string{"enterprise_cap must be a whole number above 0"}},
		{"daily_active_users: [1, 2]\n", []string{"daily_active_users must be"}},
		{"near_cap_ratio: 1.5\n", []string{"near_cap_ratio must be a number above 0 and at most 1"}},
		{"member_cap_default: 5000.5\n", []string{"member_cap_default must be"}},
		{"verified: true\nverified: false\n", []string{"line 2", "verified is given twice"}},
		{"company: [unclosed\n", []string{"is not valid YAML"}},
		{"- a\n- b\n", []string{"must be a mapping"}},
		{"a: 1\n---\nb: 2\n", []string{"more than one YAML document"}},
		{"company: {a: 1}\n", []string{"company must be text"}},
	} {
		path := tempPath(t, "profile.yaml")
		writeFile(t, path, []byte(tc.yaml))
		p := tempPath(t, "r.csv")
		writeFile(t, p, []byte("userid\na\n"))
		_, _, err := Read(Options{Roster: p, Contacts: []string{p + ".c"}, Profile: path})
		// The contacts file is missing, but the profile is read first.
		inputErr(t, err, append([]string{"profile.yaml"}, tc.want...)...)
	}
	good := []struct {
		yaml  string
		check func(audit.Profile) bool
	}{
		{"", func(p audit.Profile) bool { return p.Verified == nil && p.Company == "" }},
		{"verified: 否\nenterprise_cap: 100_000\n", func(p audit.Profile) bool { return !*p.Verified && *p.EnterpriseCap == 100000 }},
		{"near_cap_ratio: 1\ncompany: 123\n", func(p audit.Profile) bool { return *p.NearCapRatio == 1 && p.Company == "123" }},
	}
	for _, g := range good {
		p, err := parseProfile([]byte(g.yaml))
		if err != nil || !g.check(p) {
			t.Errorf("parseProfile(%q) = %+v, %v", g.yaml, p, err)
		}
	}
}

// TestProblemCap: a column that never reads makes a bounded number of
// entries, plus one that counts the rest.
func TestProblemCap(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	var b strings.Builder
	b.WriteString("userid,类型\n")
	const rows = maxProblemsPerColumn + 250
	for i := 0; i < rows; i++ {
		b.WriteString("a,微信用户\n")
	}
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte(b.String()))
	in, sum, err := Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Problems) != maxProblemsPerColumn+1 {
		t.Fatalf("%d problems; want %d", len(in.Problems), maxProblemsPerColumn+1)
	}
	last := in.Problems[len(in.Problems)-1]
	if last.Row != maxProblemsPerColumn+2 || !strings.Contains(last.Problem.In("en"), "250 more rows") || last.Column != "类型" {
		t.Errorf("last problem = %+v", last)
	}
	if sum.Problems != rows {
		t.Errorf("summary problems = %d; want %d", sum.Problems, rows)
	}
	if in.Members[0].Customers != rows {
		t.Errorf("customers = %d", in.Members[0].Customers)
	}
}

func TestProgress(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid\na\n"))
	var b strings.Builder
	b.WriteString("userid,name\n")
	for i := 0; i < progressEvery*2+10; i++ {
		b.WriteString("a,x\n")
	}
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte(b.String()))
	var calls []string
	var fracs []float64
	_, _, err := Read(Options{Roster: roster, Contacts: []string{c}, Progress: func(file, sheet string, rows int64, frac float64) {
		calls = append(calls, fmt.Sprintf("%s:%s:%d", filepath.Base(file), sheet, rows))
		fracs = append(fracs, frac)
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"roster.csv::1", "c.csv::50000", "c.csv::100000", "c.csv::100010"}
	if !slices.Equal(calls, want) {
		t.Errorf("progress = %q; want %q", calls, want)
	}
	// The share of bytes read grows and ends at 1 (the CSV reader buffers
	// ahead, so only the order is certain).
	if len(fracs) == 4 && !(fracs[1] > 0 && fracs[1] <= fracs[2] && fracs[2] <= 1 && fracs[3] == 1) {
		t.Errorf("fractions = %v", fracs)
	}
}

func TestChineseHeadersMajority(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid,name,department\na,x,y\n"))
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte("添加人账号,客户名称\na,x\n"))
	in, _, err := Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if in.ChineseHeaders { // 2 of 5
		t.Error("ChineseHeaders with 2 Chinese headers of 5")
	}
	writeFile(t, c, []byte("添加人账号,客户名称,添加时间,联系人类型\na,x,,客户\n"))
	in, _, err = Read(Options{Roster: roster, Contacts: []string{c}})
	if err != nil {
		t.Fatal(err)
	}
	if !in.ChineseHeaders { // 4 of 7
		t.Error("ChineseHeaders false with 4 Chinese headers of 7")
	}
}

// TestDepartingBySheet: the handover sheet decides for the members it
// names, by its date against as-of (docs/spec.md §2.4).
func TestDepartingBySheet(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	writeFile(t, roster, []byte("userid,status\na,active\nb,active\nc,departed\nd,departing\ne,active\n"))
	c := filepath.Join(dir, "c.csv")
	writeFile(t, c, []byte("userid,name\na,x\n"))
	plan := filepath.Join(dir, "plan.csv")
	writeFile(t, plan, []byte("userid,departure_date\na,2026-11-30\nb,2026-12-01\nc,2026-12-01\ne,\n"))
	_, sum, err := Read(Options{Roster: roster, Contacts: []string{c}, Plan: plan, AsOf: day("2026-11-30")})
	if err != nil {
		t.Fatal(err)
	}
	// a departed (on as-of); b, c, e departing (after, or no date); d by roster.
	if sum.Departed != 1 || sum.Departing != 4 {
		t.Errorf("departing %d departed %d; want 4, 1", sum.Departing, sum.Departed)
	}
}
