package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
)

func day(s string) audit.Date {
	d, err := audit.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// world writes one complete set of inputs covering every reader, and
// returns the options to read it.
func world(t *testing.T) Options {
	t.Helper()
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }

	hdr := []any{"帐号", "姓名", "部门", "状态", "离职日期", "客户联系", "客户上限", "激活状态", "实名认证", "最近登录时间", "接替人"}
	writeXLSX(t, p("roster.xlsx"),
		sheetData{"说明", rowsOf([]string{"本表为通讯录导出"}, []string{"请勿修改表头"})},
		sheetData{"成员列表", [][]any{
			{"成员列表导出 2026-11"}, // 1: title above the header
			nil,                // 2
			hdr,                // 3
			{"zhangsan", "张三", "销售部；市场部", "待离职", "2026-12-05", "否", 5000, "已激活", "是", "2026-10-01", ""},                            // 4
			{"WangFang", "王芳", "销售部", "已离职", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "是", "5,000", "已禁用", "否", "", "zhaolei"}, // 5
			{"zhaolei", "赵磊", "销售部", "在职", "", "Yes", 25000, "", "", 46300, ""},                                                    // 6
			{"ZHANGSAN", "张三2", "", "在职"}, // 7: duplicate
			{"lisi", "李四", "", "休假", "2026-13-01", "maybe", "abc", "待审核", "待定", "从未登录", ""}, // 8: every cell bad
			{"wangfang", "王芳2"}, // 9: duplicate
			{"", "无名"},          // 10: no userid
			{"Zhangsan"},        // 11: duplicate again
			{"ｚｈａｏｌｉｕ"},         // 12: full-width userid, nothing else
		}},
	)
	writeXLSX(t, p("c1.xlsx"),
		sheetData{"客户列表1", rowsOf(
			[]string{"所属成员账号", "客户ID", "客户名称", "联系人类型", "添加时间"},
			[]string{"zhangsan", "wm1", "客户A", "外部联系人", "2026-01-01"},
			[]string{"ZhangSan", "wm2", "客户B", "外部联系人", ""},
			[]string{"wangfang", "wm3", "客户C", "客户", "2026/3/1"},
			[]string{"wangfang", "wm3", "客户C", "客户", "2026/3/1"},
			[]string{"zhaolei", "wm3", "客户C", "客户", ""},
			[]string{"ghost", "wm9", "客户X", "客户", ""},
			[]string{"zhaolei", "wm4", "客户D", "微信用户", ""},
			[]string{"zhaolei", "", "客户E", "客户", ""},
		)},
		sheetData{"说明", rowsOf([]string{"导出说明：本文件共两页"})},
		sheetData{"客户列表2", rowsOf(
			[]string{"所属成员账号", "客户ID", "客户名称", "联系人类型", "添加时间"},
			[]string{"Ghost", "wm10", "客户Y", "外部联系人", ""},
			[]string{"WANGFANG", "wm5", "客户F", "客户", "yesterday"},
			[]string{"WangFang", "wm3", "客户C", "客户", ""}, // duplicate across sheets
		)},
	)
	// WeCom's customer export (D20): no kind, no id.
	writeFile(t, p("c2.csv"), []byte(csvOf(
		[]string{"客户名称", "描述", "添加人", "添加人账号", "添加时间"},
		[]string{"客户Z", "", "张三", "zhangsan", "2026-03-01"},
		[]string{"客户Y", "", "张三", "zhangsan", ""},
		[]string{"客户X", "", "李四", "lisi", ""},
	)))
	writeFile(t, p("plan.csv"), []byte(csvOf(
		[]string{"离职人账号", "离职日期", "接替人账号", "数量"},
		[]string{"zhangsan", "2026-12-05", "zhaolei", "10"},
		[]string{"zhangsan", "2026-12-05", "lisi", ""},
		[]string{"nobody", "2026-11-01", "zhaolei", "abc"},
		[]string{"zhaoliu", "", "zhaolei", ""},
	)))
	writeXLSX(t, p("groups.xlsx"), sheetData{"客户群", [][]any{
		{"群ID", "群名称", "群主账号", "群人数"},
		{"g1", "群1", "zhangsan", 10},
		{"g2", "群2", "WANGFANG", 20},
		{"g1", "群1", "zhangsan", 10},
		{"g3", "群3", "ghost", 5},
		{"g4", "群4", "", 3},
		{"g5", "群5", "zhaolei", "many"},
	}})
	writeFile(t, p("profile.yaml"), []byte("company: 示例科技有限公司\nverified: true\ndaily_active_users: 120\nenterprise_cap: 100000\nmember_cap_default: 5000\nnear_cap_ratio: 0.9\n"))
	return Options{
		Roster:   p("roster.xlsx"),
		Contacts: []string{p("c1.xlsx"), p("c2.csv")},
		Groups:   p("groups.xlsx"),
		Plan:     p("plan.csv"),
		Profile:  p("profile.yaml"),
		AsOf:     day("2026-11-30"),
	}
}

func problemAt(in *audit.Inputs, file string, row int, column string) *audit.DataProblem {
	for i, p := range in.Problems {
		if p.File == file && p.Row == row && p.Column == column {
			return &in.Problems[i]
		}
	}
	return nil
}

func TestReadWorld(t *testing.T) {
	opt := world(t)
	in, sum, err := Read(opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range in.Problems {
		t.Logf("problem %s/%s row %d %s: %s | %s", p.File, p.Sheet, p.Row, p.Column, p.Problem.In("en"), p.Problem.In("zh"))
	}

	// Members: roster order, duplicates removed, userids as first written.
	var ids []string
	for _, m := range in.Members {
		ids = append(ids, m.UserID)
	}
	if want := []string{"zhangsan", "WangFang", "zhaolei", "lisi", "zhaoliu"}; !slices.Equal(ids, want) {
		t.Fatalf("members = %q; want %q", ids, want)
	}
	if want := []audit.OwnerCount{{UserID: "zhangsan", Count: 3}, {UserID: "WangFang", Count: 2}}; !slices.Equal(in.DuplicateMembers, want) {
		t.Errorf("duplicate members = %+v; want %+v", in.DuplicateMembers, want)
	}
	idx := in.Index()
	zs, wf, zl, ls, zl6 := idx["zhangsan"], idx["wangfang"], idx["zhaolei"], idx["lisi"], idx["zhaoliu"]

	check := func(name string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v; want %v", name, got, want)
		}
	}
	check("zhangsan.Name", zs.Name, "张三")
	check("zhangsan.Departments", zs.Departments, []string{"销售部", "市场部"})
	check("zhangsan.Status", zs.Status, audit.Departing)
	check("zhangsan.DepartureDate", zs.DepartureDate, "2026-12-05")
	check("zhangsan.ScopeRoster", zs.ScopeRoster, audit.No)
	check("zhangsan.Cap", zs.Cap, 5000)
	check("zhangsan.Activated", zs.Activated, audit.Yes)
	check("zhangsan.RealName", zs.RealName, audit.Yes)
	check("zhangsan.LastLogin", zs.LastLogin, "2026-10-01")
	check("zhangsan.Row", zs.Row, 4)

	check("WangFang.Status", wf.Status, audit.Departed)
	check("WangFang.DepartureDate (date cell)", wf.DepartureDate, "2026-06-01")
	check("WangFang.ScopeRoster", wf.ScopeRoster, audit.Yes)
	check("WangFang.Cap", wf.Cap, 5000)
	check("WangFang.Disabled", wf.Disabled, true)
	check("WangFang.Activated", wf.Activated, audit.Unknown)
	check("WangFang.RealName", wf.RealName, audit.No)
	check("WangFang.Receiver", wf.Receiver, "zhaolei")

	check("zhaolei.Cap", zl.Cap, 0)
	check("zhaolei.CapInvalid", zl.CapInvalid, "25000")
	check("zhaolei.LastLogin (serial)", zl.LastLogin, "2026-10-05")
	check("zhaolei.ScopeRoster", zl.ScopeRoster, audit.Yes)

	check("lisi.Status (unreadable)", lis(ls), "unknown  unknown 0 abc unknown false unknown ")
	check("lisi.ActivationUnreadable", ls.ActivationUnreadable, true)
	check("zhaoliu.UserID (full-width folded)", zl6.UserID, "zhaoliu")

	// Roster problems: place and both languages.
	for _, c := range []struct {
		row    int
		column string
		want   string
	}{
		{7, "帐号", "already appears on row 4"},
		{9, "帐号", "already appears on row 5"},
		{10, "帐号", "no userid"},
		{11, "帐号", "already appears on row 4"},
		{6, "客户上限", `"25000" is not a whole number from 1 to 20000`},
		{8, "状态", `"休假"`},
		{8, "离职日期", `"2026-13-01" as a date`},
		{8, "客户联系", `"maybe"`},
		{8, "客户上限", `"abc"`},
		{8, "激活状态", `"待审核"`},
		{8, "实名认证", `"待定"`},
		{8, "最近登录时间", `"从未登录" as a date`},
	} {
		p := problemAt(in, "roster.xlsx", c.row, c.column)
		if p == nil {
			t.Errorf("no problem at roster row %d column %s", c.row, c.column)
			continue
		}
		if !strings.Contains(p.Problem.In("en"), c.want) || p.Problem.In("zh") == "" || p.Sheet != "成员列表" {
			t.Errorf("problem at row %d %s = %+v; want %q", c.row, c.column, p, c.want)
		}
	}

	// Assumed: once per column, with counts; cap counts empty cells only.
	wantAssumed := []string{
		"customer_contact: empty or unreadable for 2 members in roster.xlsx, their scope inferred from the contact exports",
		"activated: empty or unreadable for 2 members in roster.xlsx, assumed activated",
		"real_name: empty or unreadable for 3 members in roster.xlsx, assumed real-name verified",
		"last_login: empty or unreadable for 3 members in roster.xlsx, assumed to have logged in recently",
		"customer_cap: empty or unreadable for 3 members in roster.xlsx, assumed to have the default cap",
	}
	if !slices.Equal(in.Assumed, wantAssumed) {
		t.Errorf("assumed =\n%s\nwant\n%s", strings.Join(in.Assumed, "\n"), strings.Join(wantAssumed, "\n"))
	}

	// Contacts.
	check("zhangsan customers/external", []int{zs.Customers, zs.ExternalContacts}, []int{2, 2})
	check("WangFang customers/external", []int{wf.Customers, wf.ExternalContacts}, []int{2, 0})
	check("zhaolei customers/external", []int{zl.Customers, zl.ExternalContacts}, []int{3, 0})
	check("lisi customers", ls.Customers, 1)
	check("ContactRows", []bool{zs.ContactRows, wf.ContactRows, zl.ContactRows, ls.ContactRows, zl6.ContactRows}, []bool{true, true, true, true, false})
	check("InCustomerExport", []bool{zs.InCustomerExport, wf.InCustomerExport, ls.InCustomerExport}, []bool{true, false, true})
	check("UnknownOwners", in.UnknownOwners, []audit.OwnerCount{{UserID: "ghost", Count: 2}})
	check("UnknownOwnerCustomers", in.UnknownOwnerCustomers, 1)
	check("DuplicateContacts", in.DuplicateContacts, []audit.OwnerCount{{UserID: "wangfang", Count: 2}})
	check("HasExternalIDs", in.HasExternalIDs, false)

	// One scope problem for zhangsan, however many export rows list it.
	n := 0
	for _, p := range in.Problems {
		if strings.Contains(p.Problem.In("en"), "customer export lists zhangsan") {
			n++
			check("scope problem place", p.Place, audit.Place{File: "c2.csv", Sheet: "", Row: 2, Column: "添加人账号"})
			if !strings.Contains(p.Problem.In("en"), "客户联系") || !strings.Contains(p.Problem.In("en"), "the export wins") {
				t.Errorf("scope problem = %q", p.Problem.In("en"))
			}
		}
	}
	check("scope problems for zhangsan", n, 1)
	if p := problemAt(in, "c1.xlsx", 8, "联系人类型"); p == nil || !strings.Contains(p.Problem.In("en"), `"微信用户"`) || !strings.Contains(p.Problem.In("en"), "counted as a customer") {
		t.Errorf("kind problem = %+v", p)
	}
	if p := problemAt(in, "c1.xlsx", 9, "客户ID"); p == nil || !strings.Contains(p.Problem.In("en"), "no external id") {
		t.Errorf("missing external id problem = %+v", p)
	}
	if p := problemAt(in, "c1.xlsx", 3, "添加时间"); p == nil || p.Sheet != "客户列表2" {
		t.Errorf("added_at problem = %+v", p)
	}

	// Details only for possible leavers (roster status or handover sheet).
	var names []string
	for _, d := range in.Details["zhangsan"] {
		names = append(names, d.Name)
	}
	check("Details[zhangsan]", names, []string{"客户A", "客户B", "客户Z", "客户Y"})
	if d := in.Details["zhangsan"][0]; d.ExternalID != "wm1" || d.Customer || d.AddedAt.String() != "2026-01-01" {
		t.Errorf("detail = %+v", d)
	}
	check("Details[wangfang]", len(in.Details["wangfang"]), 2)
	for _, k := range []string{"zhaolei", "lisi", "ghost"} {
		if _, ok := in.Details[k]; ok {
			t.Errorf("details kept for %s, who is not leaving", k)
		}
	}
	// Hashed customer ids for leavers and receivers, sorted and unique.
	sorted := func(ids ...string) []uint64 {
		var h []uint64
		for _, id := range ids {
			h = append(h, fnv64a(id))
		}
		slices.Sort(h)
		return h
	}
	check("CustomerIDs[wangfang]", in.CustomerIDs["wangfang"], sorted("wm3", "wm5"))
	check("CustomerIDs[zhaolei]", in.CustomerIDs["zhaolei"], sorted("wm3", "wm4"))
	if len(in.CustomerIDs) != 2 {
		t.Errorf("CustomerIDs has %d members; want 2 (wangfang, zhaolei)", len(in.CustomerIDs))
	}

	// Handover sheet.
	check("handovers", len(in.Handovers), 4)
	h0 := in.Handovers[0]
	check("handover 0", []any{h0.UserID, h0.DepartureDate, h0.HasDate, h0.Receiver, h0.Count, h0.HasCount, h0.Row},
		[]any{"zhangsan", "2026-12-05", true, "zhaolei", 10, true, 2})
	// The row's place is its number on its sheet's shared place.
	check("handover 0 place", h0.Place(), audit.Place{File: "plan.csv", Sheet: "", Row: 2, Column: "离职人账号"})
	check("handover 1 count", []any{in.Handovers[1].HasCount, in.Handovers[1].Receiver}, []any{false, "lisi"})
	check("handover 3 date", []any{in.Handovers[3].HasDate, in.Handovers[3].UserID}, []any{false, "zhaoliu"})
	if p := problemAt(in, "plan.csv", 4, "离职人账号"); p == nil || !strings.Contains(p.Problem.In("en"), "nobody, who is not in the roster") {
		t.Errorf("plan unknown member problem = %+v", p)
	}
	if p := problemAt(in, "plan.csv", 4, "数量"); p == nil {
		t.Error("no problem for count abc")
	}

	// Groups.
	check("groups", len(in.Groups), 4)
	check("member groups", []int{zs.Groups, wf.Groups, zl.Groups}, []int{1, 1, 1})
	if p := problemAt(in, "groups.xlsx", 4, "群ID"); p == nil || !strings.Contains(p.Problem.In("en"), "already appears on row 2") {
		t.Errorf("duplicate group problem = %+v", p)
	}
	if p := problemAt(in, "groups.xlsx", 5, "群主账号"); p == nil || !strings.Contains(p.Problem.In("en"), "ghost is not in the roster") {
		t.Errorf("unknown group owner problem = %+v", p)
	}
	if p := problemAt(in, "groups.xlsx", 6, "群主账号"); p == nil {
		t.Error("no problem for a group without owner")
	}
	if p := problemAt(in, "groups.xlsx", 7, "群人数"); p == nil {
		t.Error("no problem for group members 'many'")
	}

	// Profile.
	if !in.HasProfile || in.Profile.Company != "示例科技有限公司" || *in.Profile.Verified != true ||
		*in.Profile.DailyActiveUsers != 120 || *in.Profile.EnterpriseCap != 100000 ||
		*in.Profile.MemberCapDefault != 5000 || *in.Profile.NearCapRatio != 0.9 {
		t.Errorf("profile = %+v", in.Profile)
	}

	// Files: role, path as given, SHA-256 of the bytes, data rows.
	wantFiles := []struct {
		role, path string
		rows       int
	}{
		{"roster", opt.Roster, 9},
		{"plan", opt.Plan, 4},
		{"groups", opt.Groups, 6},
		{"profile", opt.Profile, 0},
		{"contacts", opt.Contacts[0], 11},
		{"contacts", opt.Contacts[1], 3},
	}
	if len(in.Files) != len(wantFiles) {
		t.Fatalf("files = %+v", in.Files)
	}
	for i, w := range wantFiles {
		f := in.Files[i]
		b, _ := os.ReadFile(w.path)
		sum := sha256.Sum256(b)
		if f.Role != w.role || f.Path != w.path || f.Rows != w.rows || f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("file %d = %+v; want %s %s rows %d", i, f, w.role, w.path, w.rows)
		}
	}
	check("ChineseHeaders", in.ChineseHeaders, true)

	// Summary.
	check("summary members", sum.Members, 5)
	check("summary departing/departed", []int{sum.Departing, sum.Departed}, []int{2, 1})
	check("summary customers/external", []int{sum.Customers, sum.ExternalContacts}, []int{1 + 2 + 2 + 3 + 1, 2 + 1})
	check("summary problems", sum.Problems, len(in.Problems))
	roster := sum.Files[0]
	if len(roster.Sheets) != 2 || !roster.Sheets[0].Skipped || roster.Sheets[1].HeaderRow != 3 || roster.Sheets[1].Rows != 9 {
		t.Errorf("roster summary = %+v %+v", roster.Sheets[0], roster.Sheets[1])
	}
	c1 := sum.Files[4]
	if len(c1.Sheets) != 3 || c1.Sheets[0].Form != "itemised" || !c1.Sheets[1].Skipped || c1.Sheets[2].Rows != 3 {
		t.Errorf("contacts summary = %+v", c1.Sheets)
	}
	var en, zh bytes.Buffer
	if err := sum.Print(&en, "en"); err != nil {
		t.Fatal(err)
	}
	if err := sum.Print(&zh, "zh"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"sheet 成员列表: header on row 3, 9 data rows",
		"userid ← 帐号, name ← 姓名",
		"sheet 说明: skipped",
		"itemised",
		"CSV, UTF-8",
		"Departing members (as of 2026-11-30): 2 departing, 1 departed",
		"Contacts: 9 customers, 3 plain external contacts",
		"owners not in the roster: 1, holding 2 of those contacts",
		"- activated: empty or unreadable for 2 members",
		"company: 示例科技有限公司",
		"Customer groups: 4",
	} {
		if !strings.Contains(en.String(), want) {
			t.Errorf("summary (en) lacks %q:\n%s", want, en.String())
		}
	}
	for _, want := range []string{"工作表 成员列表：表头在第 3 行，数据 9 行", "离职成员（截至 2026-11-30）：待离职 2，已离职 1", "客户群：4",
		"- activated：roster.xlsx 中有 2 名成员为空或无法识别，按已激活处理"} {
		if !strings.Contains(zh.String(), want) {
			t.Errorf("summary (zh) lacks %q:\n%s", want, zh.String())
		}
	}
}

// lis flattens the fields of a member that an unreadable row leaves.
func lis(m *audit.Member) string {
	return fmt.Sprintf("%v %s %v %d %s %v %v %v %s", m.Status, m.DepartureDate, m.ScopeRoster, m.Cap, m.CapInvalid, m.Activated, m.Disabled, m.RealName, m.LastLogin)
}
