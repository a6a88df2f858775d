package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// injection holds contact names that a spreadsheet would take for a formula
// or mangle if they were not written as text.
var injection = []string{
	`=HYPERLINK("http://x","y")`, `=1+2`, `+8613800000000`, `-x`, `@SUM(A1)`, "\tTab", "\rCR",
}

func ptr[T any](v T) *T { return &v }

// finding builds a finding from the default rule set, as the engine would.
func finding(set *rules.Set, id, member, receiver string, count int) audit.Finding {
	r, ok := set.Rule(id)
	if !ok {
		panic("no rule " + id)
	}
	params := map[string]string{"member": member, "name": "", "receiver": receiver, "count": strconv.Itoa(count)}
	return audit.Finding{
		Rule: id, Severity: r.Severity, Member: member, Receiver: receiver, Count: count,
		Title:       r.Title,
		Message:     rules.Text{ZH: rules.Render(r.Message.In("zh"), params), EN: rules.Render(r.Message.In("en"), params)},
		Remediation: r.Remediation, Source: r.Source,
	}
}

// fixture is a hand-built result: several leavers, receivers over cap,
// findings of every severity, rare characters, data problems and at-risk
// contacts with formula-looking names.
func fixture() *audit.Result {
	set := rules.Default()
	asOf := audit.NewDate(2026, time.November, 30)
	info := finding(set, "duplicate-contact", "wangfang", "", 1)
	info.Severity, info.Rule = rules.Info, "custom-info"
	res := &audit.Result{
		AsOf: asOf, ToolVersion: "v0.1.0-test", RulesVersion: set.Version, Company: "示例科技有限公司", Rules: set,
		Inputs: []audit.InputFile{
			{Role: "roster", Path: "通讯录.xlsx", SHA256: strings.Repeat("ab", 32), Rows: 1200},
			{Role: "contacts", Path: "contacts-1.xlsx", SHA256: strings.Repeat("0f", 32), Rows: 1048575},
		},
		Enterprise: audit.Enterprise{
			Verified: true, DailyActiveUsers: ptr(120), Cap: 50000, Customers: 41200, Headroom: 8800,
			ExternalAtRisk: 312, ExpansionsNeeded: 0, ExpansionEligible: ptr(true), CapAfterExpansions: 50000,
		},
		Assumed: []string{"activated: no such column in roster.xlsx, every member assumed activated"},
		Departing: []audit.Leaver{
			{UserID: "ZhangSan", Name: "張三", Department: "销售部；华东区", Status: audit.Departing,
				DepartureDate: audit.NewDate(2026, time.December, 5), LimitDate: audit.NewDate(2027, time.December, 5), DaysToLimit: 370,
				InScope: audit.No, External: 312, Transferable: true},
			{UserID: "wangfang", Name: "王芳", Department: "客服部", Status: audit.Departing,
				DepartureDate: audit.NewDate(2026, time.December, 10), LimitDate: audit.NewDate(2027, time.December, 10), DaysToLimit: 375,
				InScope: audit.Yes, Customers: 290, Groups: 12, Transferable: true,
				Receivers: []audit.Allocation{{UserID: "zhaolei", Customers: 200, Known: true}, {UserID: "ghost", Customers: 90}}},
			{UserID: "kunzhe", Name: "李堃喆", Status: audit.Departed,
				DepartureDate: audit.NewDate(2025, time.October, 1), LimitDate: audit.NewDate(2026, time.October, 1), DaysToLimit: -60,
				InScope: audit.Yes, Customers: 40, Expired: true},
			{UserID: "yuesheng", Name: "周玥昇", Status: audit.Departing, InScope: audit.Unknown},
		},
		Receivers: []audit.Receiver{
			{UserID: "zhaolei", Name: "赵磊", Cap: 5000, Customers: 4870, Incoming: 290, Load: 5160, OverBy: 160,
				Eligible: true, From: []string{"wangfang"}},
			{UserID: "qianyu", Name: "钱昱", Cap: 5000, Customers: 4600, Incoming: 0, Load: 4600, Eligible: false,
				Reasons: []rules.Text{{ZH: "未实名认证", EN: "not real-name verified"}}, From: []string{"ZhangSan"}},
			{UserID: "=cmd|' /C calc'!A0", Name: "=1+2", Cap: 20000, Customers: 100, Load: 100, Eligible: true},
		},
		DataProblems: []audit.DataProblem{
			{Place: audit.Place{File: "contacts-1.xlsx", Sheet: "Sheet1", Row: 18, Column: "添加时间"},
				Problem: rules.Text{EN: "unreadable date \"2026-13-01\"", ZH: "无法识别的日期“2026-13-01”"}},
			{Place: audit.Place{File: "roster.csv", Row: 7, Column: "customer_cap"}, Problem: rules.Text{EN: "cap 30000 is above 20,000", ZH: "cap 30000 is above 20,000"}},
		},
		AtRisk: []audit.AtRiskContact{
			{Member: "ZhangSan", MemberName: "張三", ExternalID: "wmAAA001", ContactName: "陈小玥", Reason: "external-contacts-lost",
				AddedAt: audit.NewDate(2024, time.March, 9)},
			{Member: "kunzhe", MemberName: "李堃喆", ExternalID: "wmAAA002", ContactName: "13800000000", Customer: true, Reason: "handover-expired"},
		},
	}
	for i, name := range injection {
		res.AtRisk = append(res.AtRisk, audit.AtRiskContact{
			Member: "ZhangSan", MemberName: "張三", ExternalID: fmt.Sprintf("wmINJ%03d", i), ContactName: name,
			Reason: "external-contacts-lost", AddedAt: audit.NewDate(2025, time.January, 1+i),
		})
	}
	res.Findings = []audit.Finding{
		finding(set, "external-contacts-lost", "ZhangSan", "", 312),
		finding(set, "handover-expired", "kunzhe", "", 40),
		finding(set, "receiver-over-cap", "zhaolei", "", 160),
		finding(set, "receiver-unknown", "wangfang", "ghost", 90),
		finding(set, "groups-need-transfer", "wangfang", "", 12),
		finding(set, "member-cap-full", "=cmd|' /C calc'!A0", "", 20000),
		info,
	}
	for _, f := range res.Findings {
		switch f.Severity {
		case rules.Critical:
			res.Summary.Critical++
		case rules.High:
			res.Summary.High++
		case rules.Medium:
			res.Summary.Medium++
		case rules.Low:
			res.Summary.Low++
		case rules.Info:
			res.Summary.Info++
		}
	}
	return res
}

func writeXLSX(t testing.TB, res *audit.Result, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (&XLSXWriter{}).Write(&buf, res, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	// XLSX_SAMPLE_DIR keeps the workbooks for a look in a spreadsheet app.
	if dir := os.Getenv("XLSX_SAMPLE_DIR"); dir != "" {
		name := fmt.Sprintf("%s-%s-mask%v.xlsx", strings.ReplaceAll(t.Name(), "/", "_"), opt.Lang, opt.MaskPII)
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// zipParts returns every part of the archive by name.
func zipParts(t testing.TB, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("unzip: %v", err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(data)
	}
	return parts
}

func cellValue(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

func rawValue(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

// TestXLSXOpensOnSummary: the workbook opens on the summary, the only
// sheet selected.
func TestXLSXOpensOnSummary(t *testing.T) {
	for _, res := range []*audit.Result{fixture(), bigResult(3000)} {
		b := writeXLSX(t, res, Options{Lang: "en"})
		f := openXLSX(t, b)
		if i := f.GetActiveSheetIndex(); i != 0 || f.GetSheetName(0) != "Summary" {
			t.Errorf("active sheet %d (%s); want 0, Summary", i, f.GetSheetName(i))
		}
		// excelize has no getter for a sheet view's tabSelected: look at the
		// parts. The summary is the template's first sheet, renamed.
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		var selected []string
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if regexp.MustCompile(`tabSelected="(1|true)"`).Match(x) {
				selected = append(selected, zf.Name)
			}
		}
		if len(selected) != 1 || selected[0] != "xl/worksheets/sheet1.xml" {
			t.Errorf("selected sheets %v; want the summary's alone", selected)
		}
	}
}

func TestXLSXSheetsAndHeaders(t *testing.T) {
	res := fixture()
	for _, tc := range []struct {
		lang    string
		sheets  []string
		headers map[string][]string // sheet → first header cells
	}{
		{"en",
			[]string{"Summary", "Findings", "Departing", "Receivers", "At-risk contacts", "Enterprise", "Data problems", "Inputs", "Audit trail"},
			map[string][]string{
				"Findings":         {"Rule", "Severity", "Member", "Receiver", "Count", "Title", "Message", "Remediation", "Source"},
				"Departing":        {"Userid", "Name", "Department", "Status", "Departure date", "Limit date", "Days to limit"},
				"Receivers":        {"Userid", "Name", "Cap", "Customers", "Incoming", "Load", "Over by"},
				"At-risk contacts": {"Member", "Member name", "Contact", "External id", "Kind", "Reason", "Added"},
				"Enterprise":       {"Field", "Value"},
				"Data problems":    {"File", "Sheet", "Row", "Column", "Problem"},
				"Inputs":           {"Role", "File", "SHA-256", "Rows", "Saved (as the file states)"},
				"Audit trail":      {"Field", "Value", "Meaning"},
			}},
		{"zh",
			[]string{"汇总", "问题清单", "离职成员", "接替人", "将丢失的联系人", "企业额度", "数据问题", "输入文件", "审计记录"},
			map[string][]string{
				"问题清单":    {"规则", "严重程度", "成员", "接替人", "数量", "标题", "说明", "处理建议", "依据"},
				"离职成员":    {"账号", "姓名", "部门", "状态", "离职日期", "交接截止日", "距截止日天数"},
				"将丢失的联系人": {"成员", "成员姓名", "联系人", "外部联系人ID", "类型", "原因", "添加时间"},
				"数据问题":    {"文件", "工作表", "行", "列", "问题"},
				"输入文件":    {"用途", "文件", "SHA-256", "行数", "文件记载的保存时间"},
				"审计记录":    {"项目", "值", "含义"},
			}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			f := openXLSX(t, writeXLSX(t, res, Options{Lang: tc.lang}))
			if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(tc.sheets, "|") {
				t.Fatalf("sheets = %q, want %q", got, tc.sheets)
			}
			for sheet, want := range tc.headers {
				for j, h := range want {
					ref, _ := excelize.CoordinatesToCellName(j+1, 1)
					if got := cellValue(t, f, sheet, ref); got != h {
						t.Errorf("%s!%s = %q, want %q", sheet, ref, got, h)
					}
				}
				// Frozen header and an auto-filter on every table.
				panes, err := f.GetPanes(sheet)
				if err != nil || !panes.Freeze || panes.YSplit != 1 {
					t.Errorf("%s: panes = %+v, %v; want the header row frozen", sheet, panes, err)
				}
			}
		})
	}
}

func TestXLSXCells(t *testing.T) {
	res := fixture()
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "en"}))
	for _, tc := range []struct{ sheet, ref, want string }{
		{"Summary", "B3", "示例科技有限公司"},
		{"Summary", "B4", "2026-11-30"},
		{"Summary", "B5", Verdict(res, "en")},
		{"Findings", "A2", "external-contacts-lost"},
		{"Findings", "B2", "critical"},
		{"Findings", "C2", "ZhangSan"},
		{"Findings", "E2", "312"},
		{"Findings", "D5", "ghost"},
		{"Findings", "B8", "info"},
		{"Departing", "B2", "張三"},
		{"Departing", "E2", "2026-12-05"},
		{"Departing", "G2", "370"},
		{"Departing", "H2", "no"},
		{"Departing", "L3", "zhaolei (200); ghost (90, not in roster)"},
		{"Departing", "G4", "-60"},
		{"Departing", "O4", "yes"},
		{"Departing", "E5", ""}, // no departure date: an empty cell, not 1900-01-00
		{"Receivers", "A2", "zhaolei"},
		{"Receivers", "G2", "160"},
		{"Receivers", "I3", "not real-name verified"},
		{"At-risk contacts", "C2", "陈小玥"},
		{"At-risk contacts", "E3", "customer"},
		{"At-risk contacts", "F2", "Departing member's plain external contacts cannot be inherited"},
		{"At-risk contacts", "G2", "2024-03-09"},
		{"Enterprise", "B4", "50,000"},
		{"Enterprise", "A3", "Daily active users"},
		{"Data problems", "E2", "unreadable date \"2026-13-01\""},
		{"Data problems", "B3", ""},
		{"Inputs", "B2", "通讯录.xlsx"},
		{"Inputs", "C2", strings.Repeat("ab", 32)},
		{"Inputs", "D3", "1,048,575"},
		{"Inputs", "B5", res.RulesVersion},
		{"Inputs", "B6", "2026-11-30"},
		{"Inputs", "B9", res.Assumed[0]},
	} {
		if got := cellValue(t, f, tc.sheet, tc.ref); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.ref, got, tc.want)
		}
	}

	// Numbers are numbers and dates are date serials, not text.
	for _, tc := range []struct{ sheet, ref, raw string }{
		{"Findings", "E2", "312"},
		{"Departing", "E2", "46361"}, // 2026-12-05
		{"Departing", "G4", "-60"},
		{"Receivers", "F2", "5160"},
		{"At-risk contacts", "G2", "45360"}, // 2024-03-09
		{"Enterprise", "B4", "50000"},
		{"Data problems", "C2", "18"},
		{"Summary", "B4", "46356"}, // 2026-11-30
	} {
		if got := rawValue(t, f, tc.sheet, tc.ref); got != tc.raw {
			t.Errorf("%s!%s raw = %q, want %q", tc.sheet, tc.ref, got, tc.raw)
		}
	}
	parts := zipParts(t, writeXLSX(t, res, Options{Lang: "en"}))
	for _, tc := range []struct{ part, ref string }{
		{"xl/worksheets/sheet2.xml", "E2"}, // Findings count
		{"xl/worksheets/sheet3.xml", "E2"}, // Departing date
		{"xl/worksheets/sheet3.xml", "I3"}, // Departing customers
	} {
		if typ := cellType(t, parts[tc.part], tc.ref); typ != "" && typ != "n" {
			t.Errorf("%s %s: t=%q, want a number", tc.part, tc.ref, typ)
		}
	}
	// Userids and ids are text, even when they look like numbers.
	if typ := cellType(t, parts["xl/worksheets/sheet5.xml"], "C3"); typ != "inlineStr" {
		t.Errorf("At-risk C3 (13800000000): t=%q, want text", typ)
	}
}

var cellRE = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"(?: s="[0-9]+")?(?: t="([a-zA-Z]+)")?`)

// cellType is the t attribute of a cell in a sheet's XML ("" for a number).
func cellType(t testing.TB, sheetXML, ref string) string {
	t.Helper()
	for _, m := range cellRE.FindAllStringSubmatch(sheetXML, -1) {
		if m[1] == ref {
			return m[2]
		}
	}
	t.Fatalf("no cell %s", ref)
	return ""
}

func TestXLSXSeverityColours(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, fixture(), Options{Lang: "en"}))
	for _, tc := range []struct {
		ref  string
		sev  rules.Severity
		want string
	}{{"B2", rules.Critical, "C00000"}, {"B4", rules.High, "ED7D31"}, {"B6", rules.Medium, "FFD966"}, {"B7", rules.Low, "9DC3E6"}, {"B8", rules.Info, "D9D9D9"}} {
		id, err := f.GetCellStyle("Findings", tc.ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Fill.Color) == 0 || st.Fill.Color[0] != tc.want {
			t.Errorf("Findings!%s (%s) fill = %v, want %s", tc.ref, tc.sev, st.Fill.Color, tc.want)
		}
	}
}

func TestXLSXCharts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*audit.Result)
		charts int
		note   string // expected note cell on the Summary, G column
	}{
		{"both", func(*audit.Result) {}, 2, ""},
		{"no receivers", func(r *audit.Result) { r.Receivers = nil }, 1, "No receivers are planned in this run, so there is no load chart."},
		{"nothing", func(r *audit.Result) { r.Receivers, r.Findings, r.Summary = nil, nil, audit.Summary{} }, 0, "No receivers are planned in this run, so there is no load chart."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := fixture()
			tc.edit(res)
			b := writeXLSX(t, res, Options{Lang: "en"})
			n := 0
			for name, part := range zipParts(t, b) {
				if strings.HasPrefix(name, "xl/charts/chart") && strings.HasSuffix(name, ".xml") {
					n++
					if !strings.Contains(part, "<ser>") {
						t.Errorf("%s has no series", name)
					}
				}
			}
			if n != tc.charts {
				t.Errorf("charts = %d, want %d", n, tc.charts)
			}
			if tc.note != "" {
				f := openXLSX(t, b)
				if got := cellValue(t, f, "Summary", "G3"); got != tc.note {
					t.Errorf("Summary!G3 = %q, want %q", got, tc.note)
				}
			}
		})
	}
}

// TestXLSXFormulaInjection: text from the inputs stays text. No sheet holds a
// formula at all, and every formula-looking name reads back as written.
func TestXLSXFormulaInjection(t *testing.T) {
	res := fixture()
	for _, lang := range []string{"en", "zh"} {
		b := writeXLSX(t, res, Options{Lang: lang})
		for name, part := range zipParts(t, b) {
			if strings.HasPrefix(name, "xl/worksheets/") && (strings.Contains(part, "<f>") || strings.Contains(part, "<f ")) {
				t.Errorf("%s: %s holds a formula", lang, name)
			}
		}
		f := openXLSX(t, b)
		sheet := L("sheet_at_risk", lang)
		for i, want := range injection {
			ref := fmt.Sprintf("C%d", 4+i)
			if got := cellValue(t, f, sheet, ref); got != want {
				t.Errorf("%s %s!%s = %q, want %q", lang, sheet, ref, got, want)
			}
			if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
				t.Errorf("%s!%s has formula %q", sheet, ref, formula)
			}
		}
		// Written with SetCellStr on the Summary, and streamed elsewhere.
		if got := cellValue(t, f, L("sheet_summary", lang), "B29"); got != "=1+2" {
			t.Errorf("%s Summary!B29 = %q, want the receiver's name =1+2", lang, got)
		}
		if got := cellValue(t, f, L("sheet_receivers", lang), "A4"); got != "=cmd|' /C calc'!A0" {
			t.Errorf("%s Receivers!A4 = %q", lang, got)
		}
	}
}

func TestXLSXMaskPII(t *testing.T) {
	res := fixture()
	b := writeXLSX(t, res, Options{Lang: "zh", MaskPII: true})
	f := openXLSX(t, b)
	sheet := L("sheet_at_risk", "zh")
	for _, tc := range []struct{ ref, want string }{
		{"C2", "陈**"},
		{"C3", "138****0000"},
		{"C4", "=*************************"},
		{"C6", "+86*******0000"},
		{"B2", "張三"}, // the leaver is staff, not a contact
	} {
		if got := cellValue(t, f, sheet, tc.ref); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", sheet, tc.ref, got, tc.want)
		}
	}
	all := ""
	for _, part := range zipParts(t, b) {
		all += part
	}
	for _, name := range []string{"陈小玥", "13800000000", "8613800000000"} {
		if strings.Contains(all, name) {
			t.Errorf("masked workbook still holds %q", name)
		}
	}
	// Data problems quote cells; a phone number among them is masked too.
	res.DataProblems[0].Problem.ZH = "无法识别的日期“13912345678”"
	f2 := openXLSX(t, writeXLSX(t, res, Options{Lang: "zh", MaskPII: true}))
	if got := cellValue(t, f2, L("sheet_data_problems", "zh"), "E2"); got != "无法识别的日期“139****5678”" {
		t.Errorf("data problem = %q, want the phone masked", got)
	}
	if got := cellValue(t, f, L("sheet_summary", "zh"), "B6"); got != L("masked_note", "zh") {
		t.Errorf("Summary!B6 = %q, want the masking note", got)
	}
}

func TestXLSXDataProblemLanguage(t *testing.T) {
	res := fixture()
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "zh"}))
	sheet := L("sheet_data_problems", "zh")
	if got := cellValue(t, f, sheet, "E2"); got != "无法识别的日期“2026-13-01”" {
		t.Errorf("E2 = %q, want the Chinese text", got)
	}
	// No Chinese text: the English one rather than an empty cell.
	if got := cellValue(t, f, sheet, "E3"); got != "cap 30000 is above 20,000" {
		t.Errorf("E3 = %q, want the English fallback", got)
	}
}

func TestXLSXDocProps(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, fixture(), Options{Lang: "en"}))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Creator != "auditor" || p.Created != "2026-11-30T00:00:00Z" || p.Modified != "2026-11-30T00:00:00Z" {
		t.Errorf("doc props = %+v, want creator auditor and the as-of date", p)
	}
}

func TestXLSXDeterministic(t *testing.T) {
	for _, opt := range []Options{{Lang: "zh"}, {Lang: "en", MaskPII: true}} {
		a := writeXLSX(t, fixture(), opt)
		// Several writes: excelize's map order would differ across them.
		for range 5 {
			if b := writeXLSX(t, fixture(), opt); !bytes.Equal(a, b) {
				t.Fatalf("%+v: two writes of the same result differ", opt)
			}
		}
	}
}

func TestXLSXColumnWidths(t *testing.T) {
	res := fixture()
	res.Departing[0].Department = strings.Repeat("很长的部门名称", 20)
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "zh"}))
	sheet := L("sheet_departing", "zh")
	name, _ := f.GetColWidth(sheet, "B")   // 姓名: 3 CJK names, header 2 CJK
	dept, _ := f.GetColWidth(sheet, "C")   // capped
	userid, _ := f.GetColWidth(sheet, "A") // ascii
	if name < 7 || name > 12 {
		t.Errorf("name column width %v, want CJK counted double (7–12)", name)
	}
	if dept != maxTextWidth {
		t.Errorf("department width %v, want the cap %d", dept, maxTextWidth)
	}
	if userid < float64(len("ZhangSan")) {
		t.Errorf("userid width %v too narrow", userid)
	}
	// The capped long department wraps: its row is taller.
	if h, _ := f.GetRowHeight(sheet, 2); h <= lineHeight {
		t.Errorf("row 2 height %v, want room for wrapped text", h)
	}
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want float64
	}{
		{"", 0}, {"abc", 3}, {"张三", 4}, {"堃喆玥昇", 8}, {"Ａ１", 4}, {"a\nbcd", 3}, {"王芳 wf", 7},
	} {
		if got := textWidth(tc.s); got != tc.want {
			t.Errorf("textWidth(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// runeWidth answers 1 below firstWide without the lookup: that holds only
// while no character below it is wide or fullwidth, and firstWide is one.
func TestRuneWidthBelowFirstWide(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := runeWidth(r), lookupWidth(r); got != want {
			t.Fatalf("runeWidth(%U) = %d, the lookup says %d", r, got, want)
		}
	}
	if lookupWidth(firstWide) != 2 {
		t.Errorf("%U is not wide: firstWide is not the first wide character", rune(firstWide))
	}
}

func TestLooksLikePhone(t *testing.T) {
	for s, want := range map[string]bool{
		"13800000000": true, "+86 138-0000-0000": true, "+8613800000000": true,
		"123456": false, "张三": false, "138abc00000": false, "": false, "-x": false,
	} {
		if got := looksLikePhone(s); got != want {
			t.Errorf("looksLikePhone(%q) = %v", s, got)
		}
	}
}

func TestXLSXEmptyResult(t *testing.T) {
	res := &audit.Result{AsOf: audit.NewDate(2026, time.November, 30)}
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "en"}))
	if got := cellValue(t, f, "Summary", "B5"); got != Verdict(res, "en") {
		t.Errorf("verdict = %q", got)
	}
	if got := cellValue(t, f, "Findings", "A1"); got != "Rule" {
		t.Errorf("Findings!A1 = %q", got)
	}
}

func TestXLSXRegistered(t *testing.T) {
	w, err := ForFormat("xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if FileName(w, audit.NewDate(2026, time.November, 30)) != "audit-2026-11-30.xlsx" {
		t.Errorf("file name = %q", FileName(w, audit.NewDate(2026, time.November, 30)))
	}
}

// bigResult is the fixture with n at-risk contacts.
func bigResult(n int) *audit.Result {
	res := fixture()
	res.AtRisk = make([]audit.AtRiskContact, n)
	for i := range res.AtRisk {
		res.AtRisk[i] = audit.AtRiskContact{
			Member: "ZhangSan", MemberName: "張三", ExternalID: fmt.Sprintf("wm%012d", i),
			ContactName: fmt.Sprintf("客户%d", i), Reason: "external-contacts-lost",
			AddedAt: audit.NewDate(2024, time.January, 1).AddDays(i % 700),
		}
	}
	return res
}

func TestXLSXStreamsManyRows(t *testing.T) {
	const n = 5000
	f := openXLSX(t, writeXLSX(t, bigResult(n), Options{Lang: "en"}))
	last := fmt.Sprintf("D%d", n+1)
	if got := cellValue(t, f, "At-risk contacts", last); got != fmt.Sprintf("wm%012d", n-1) {
		t.Errorf("%s = %q", last, got)
	}
}

func BenchmarkXLSX(b *testing.B) {
	res := bigResult(100_000)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := (&XLSXWriter{}).Write(&buf, res, Options{Lang: "zh"}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
}

// demo is a plausible month for one company: what the README's screenshot
// shows (write it with XLSX_SAMPLE_DIR set).
func demo() *audit.Result {
	res := fixture()
	res.AtRisk = res.AtRisk[:2]
	res.Receivers = nil
	for i, r := range []struct {
		id, name        string
		cap, own, incom int
	}{
		{"zhaolei", "赵磊", 5000, 4870, 290}, {"qianyu", "钱昱", 5000, 4100, 760}, {"sunyue", "孙玥", 20000, 16200, 2400},
		{"lihua", "李华", 5000, 2300, 1200}, {"zhouqian", "周茜", 5000, 1800, 410}, {"wukun", "吴堃", 5000, 900, 120},
	} {
		load := r.own + r.incom
		res.Receivers = append(res.Receivers, audit.Receiver{
			UserID: r.id, Name: r.name, Cap: r.cap, Customers: r.own, Incoming: r.incom, Load: load,
			OverBy: max(0, load-r.cap), Eligible: i != 4,
		})
	}
	res.Findings = res.Findings[:5]
	res.Findings[2].Count = 160
	res.Summary = audit.Summary{Critical: 2, High: 2, Medium: 1}
	return res
}

func TestXLSXDemo(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		f := openXLSX(t, writeXLSX(t, demo(), Options{Lang: lang}))
		// By share of cap: zhaolei 103%, qianyu 97%, sunyue 93% (the largest load).
		sheet := L("sheet_summary", lang)
		for ref, want := range map[string]string{"A27": "zhaolei", "A28": "qianyu", "A29": "sunyue", "E27": "160"} {
			if got := cellValue(t, f, sheet, ref); got != want {
				t.Errorf("%s %s!%s = %q, want %q", lang, sheet, ref, got, want)
			}
		}
	}
}

func TestXLSXTopReceiversNote(t *testing.T) {
	res := fixture()
	res.Receivers = nil
	for i := range 20 {
		res.Receivers = append(res.Receivers, audit.Receiver{UserID: fmt.Sprintf("r%02d", i), Cap: 5000, Load: 100 * i})
	}
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "en"}))
	if got := cellValue(t, f, "Summary", "A27"); got != "r19" {
		t.Errorf("first receiver = %q, want the fullest, r19", got)
	}
	if got := cellValue(t, f, "Summary", "A42"); got != "Top 15 of 20 receivers; every receiver is on the Receivers sheet." {
		t.Errorf("note = %q", got)
	}
	if got := cellValue(t, f, "Summary", "A41"); got != "r05" {
		t.Errorf("15th receiver = %q, want r05", got)
	}
}

// TestXLSXWellFormed checks what a strict reader (Excel) would repair: every
// part parses as XML and <col> elements come in ascending order.
func TestXLSXWellFormed(t *testing.T) {
	colRE := regexp.MustCompile(`<col [^>]*min="([0-9]+)"`)
	for _, lang := range []string{"zh", "en"} {
		for name, data := range zipParts(t, writeXLSX(t, fixture(), Options{Lang: lang, MaskPII: true})) {
			dec := xml.NewDecoder(strings.NewReader(data))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s: %v", lang, name, err)
				}
			}
			prev := 0
			for _, m := range colRE.FindAllStringSubmatch(data, -1) {
				n, _ := strconv.Atoi(m[1])
				if n <= prev {
					t.Errorf("%s %s: <col min=%d> after min=%d", lang, name, n, prev)
				}
				prev = n
			}
		}
	}
}

// TestXLSXSplitsLongTables: a table longer than a sheet continues on
// numbered sheets instead of failing (Excel stops at 1,048,576 rows).
func TestXLSXSplitsLongTables(t *testing.T) {
	saved := maxSheetRows
	maxSheetRows = 4
	t.Cleanup(func() { maxSheetRows = saved })
	res := fixture() // 9 at-risk contacts: 4 + 4 + 1; 7 findings; 10 enterprise lines
	f := openXLSX(t, writeXLSX(t, res, Options{Lang: "en"}))
	want := "Summary|Findings|Findings (2)|Departing|Receivers|At-risk contacts|At-risk contacts (2)|At-risk contacts (3)|" +
		"Enterprise|Enterprise (2)|Enterprise (3)|Data problems|Inputs|Audit trail"
	if got := strings.Join(f.GetSheetList(), "|"); got != want {
		t.Fatalf("sheets = %s\nwant %s", got, want)
	}
	for _, tc := range []struct{ sheet, ref, want string }{
		{"At-risk contacts (2)", "A1", "Member"},
		{"At-risk contacts (2)", "D2", "wmINJ002"},
		{"At-risk contacts (3)", "D2", "wmINJ006"},
		{"At-risk contacts (3)", "D3", ""},
		{"Findings (2)", "A4", "custom-info"},
	} {
		if got := cellValue(t, f, tc.sheet, tc.ref); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.ref, got, tc.want)
		}
	}
}

// TestXLSXControlCharacters: characters XML cannot carry do not break the
// file (they become U+FFFD), wherever they come from.
func TestXLSXControlCharacters(t *testing.T) {
	res := fixture()
	res.AtRisk[0].ContactName = "bad\x01name\x0b"
	res.Receivers[0].Name = "赵\x02磊"
	res.Company = "公司\x1f"
	b := writeXLSX(t, res, Options{Lang: "zh"})
	f := openXLSX(t, b)
	if got := cellValue(t, f, L("sheet_at_risk", "zh"), "C2"); !strings.HasPrefix(got, "bad") {
		t.Errorf("contact name = %q", got)
	}
	for name, part := range zipParts(t, b) {
		dec := xml.NewDecoder(strings.NewReader(part))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}
