package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// capacityRun writes a roster and a summary-form contact export (counts per
// member, no add times) whose enterprise total is total, and audits them as
// of asOf into out, with extra flags. It returns the JSON report's capacity.
func capacityRun(t *testing.T, in, out, asOf string, total int, extra ...string) map[string]any {
	t.Helper()
	dir := filepath.Join(in, asOf)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	roster := "账号,姓名,状态,客户联系,激活状态\nsales1,甲,在职,是,已激活\nsales2,乙,在职,是,已激活\nsales3,丙,在职,是,已激活\n"
	per := total / 3
	summary := fmt.Sprintf("成员账号,客户数,外部联系人数\nsales1,%d,0\nsales2,%d,0\nsales3,%d,0\n", per, per, total-2*per)
	profile := "company: 容量测试\nverified: true\ndaily_active_users: 80\nenterprise_cap: 50000\nmember_cap_default: 20000\n"
	for name, body := range map[string]string{"roster.csv": roster, "summary.csv": summary, "profile.yaml": profile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"audit", "--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "summary.csv"),
		"--profile", filepath.Join(dir, "profile.yaml"), "--as-of", asOf, "--format", "json", "--out", out}, extra...)
	if code, stdout, stderr := runCLI(t, args...); code > 1 {
		t.Fatalf("audit %s: exit %d\n%s\n%s", asOf, code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "audit-"+asOf+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Capacity map[string]any `json:"capacity"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Capacity == nil {
		t.Fatalf("%s: no capacity in the JSON report", asOf)
	}
	return doc.Capacity
}

// TestCapacityFromHistoryEndToEnd (issue 28): exports without add times,
// audited through the CLI. With --history holding month-end reports the
// enterprise's pace comes from their totals and the cap's date is within
// the stated tolerance of the truth (docs/capacity.md); with too little
// history, or none, the forecast is unknown — null in the JSON, never a
// date made up.
func TestCapacityFromHistoryEndToEnd(t *testing.T) {
	const perDay = 100 // the truth: 700 customers a week
	final := "2026-11-30"
	months := []string{"2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	totalOn := func(s string) int { return 45300 - int(day(final).Sub(day(s)).Hours()/24)*perDay }

	cases := []struct {
		name    string
		earlier []string // month ends audited before, into the history folder
		history bool     // pass --history
		known   bool
		points  int
	}{
		{"five month ends", months, true, true, 6},
		{"one earlier report", months[4:], true, false, 0},
		{"no history", nil, false, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, hist, out := t.TempDir(), t.TempDir(), t.TempDir()
			for _, m := range c.earlier {
				capacityRun(t, in, hist, m, totalOn(m))
			}
			var extra []string
			if c.history {
				extra = []string{"--history", hist}
			}
			capy := capacityRun(t, in, out, final, totalOn(final), extra...)
			ent := capy["enterprise"].(map[string]any)
			if ent["known"] != c.known {
				t.Fatalf("known = %v, want %v (reason %v)", ent["known"], c.known, ent["unknown_reason"])
			}
			if !c.known {
				for _, k := range []string{"pace_per_week", "act_by", "due", "overdue"} {
					if ent[k] != nil {
						t.Errorf("%s = %v for an unknown forecast, want null", k, ent[k])
					}
				}
				if r, _ := ent["reaches"].([]any); len(r) > 0 {
					t.Errorf("reaches %v for an unknown forecast", r)
				}
				if capy["pace_source"] != nil {
					t.Errorf("pace_source %v, want null", capy["pace_source"])
				}
				reason, _ := ent["unknown_reason"].(string)
				if reason == "" {
					t.Fatalf("unknown without a reason")
				}
				if c.history && !strings.Contains(strings.ToLower(reason), "report") && !strings.Contains(reason, "报告") {
					t.Errorf("the reason does not name the history: %q", reason)
				}
				return
			}
			if capy["pace_source"] != "history" {
				t.Errorf("pace_source %v, want history", capy["pace_source"])
			}
			if pts, _ := capy["history_points"].([]any); len(pts) != c.points {
				t.Errorf("history_points %d, want %d", len(pts), c.points)
			}
			if p, _ := ent["pace_per_week"].(float64); p < 650 || p > 750 {
				t.Errorf("pace %v a week, want about 700", ent["pace_per_week"])
			}
			reaches := ent["reaches"].([]any)
			first := reaches[0].(map[string]any)
			got := day(first["date"].(string))
			truth := (50000 - totalOn(final) + perDay - 1) / perDay
			d := int(got.Sub(day(final)).Hours() / 24)
			tol := max(3, min(14, truth/10))
			t.Logf("cap reached in %d days (truth %d, tolerance %d); act by %v", d, truth, tol, ent["act_by"])
			if d < truth-tol || d > truth+tol {
				t.Errorf("cap reached in %d days, truth %d (tolerance %d)", d, truth, tol)
			}
			if ent["act_by"] == nil {
				t.Errorf("no act-by date for a known forecast")
			}
		})
	}
}

// TestCapacityUnknownEverywhereEndToEnd (issue 28): an itemised .xlsx
// contact export without an add-time column and no --history. The forecast
// is unknown everywhere — the enterprise and every receiver null in the
// JSON, "未知：<why>" in the workbook's capacity sheet and in `auditor
// check` — and no document gives a date after the as-of date.
func TestCapacityUnknownEverywhereEndToEnd(t *testing.T) {
	const asOf = "2026-11-30"
	dir, out := t.TempDir(), t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	write := func(path string, rows [][]any) {
		f := excelize.NewFile()
		defer f.Close()
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
	}
	write(p("roster.xlsx"), [][]any{
		{"姓名", "账号", "部门", "状态", "离职日期", "客户联系", "激活状态", "实名认证", "最近登录时间", "接替人"},
		{"甲", "sales1", "销售部", "在职", "", "是", "已激活", "是", "2026-11-20", ""},
		{"乙", "sales2", "销售部", "待离职", "2026-12-15", "是", "已激活", "是", "2026-11-20", "sales3"},
		{"丙", "sales3", "销售部", "在职", "", "是", "已激活", "是", "2026-11-20", ""},
	})
	// 4,800 customers (1,600 each) with no 添加时间 column: the rows say who
	// holds what, never when it was added.
	contacts := [][]any{{"客户名称", "客户ID", "添加人账号"}}
	for i := range 4800 {
		contacts = append(contacts, []any{fmt.Sprintf("客户%d", i), fmt.Sprintf("wm%07d", i), fmt.Sprintf("sales%d", i%3+1)})
	}
	write(p("contacts.xlsx"), contacts)
	profile := "company: 容量测试\nverified: true\ndaily_active_users: 80\nenterprise_cap: 5000\nmember_cap_default: 2000\n"
	if err := os.WriteFile(p("profile.yaml"), []byte(profile), 0o644); err != nil {
		t.Fatal(err)
	}
	in := []string{"--roster", p("roster.xlsx"), "--contacts", p("contacts.xlsx"), "--profile", p("profile.yaml"), "--as-of", asOf}
	if code, stdout, stderr := runCLI(t, append([]string{"audit", "--lang", "zh", "--format", "json,xlsx", "--out", out}, in...)...); code > 1 {
		t.Fatalf("audit: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// No date after the as-of date in what a person reads.
	datesAfter := func(where, s string) {
		t.Helper()
		for _, d := range regexp.MustCompile(`20\d\d-\d\d-\d\d`).FindAllString(s, -1) {
			if d > asOf && d != "2026-12-15" { // the departure date, a fact of the roster
				t.Errorf("%s gives the date %s for an unknown forecast:\n%s", where, d, s)
			}
		}
	}

	// The JSON: null wherever a value would need the pace.
	b, err := os.ReadFile(filepath.Join(out, "audit-"+asOf+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Capacity struct {
			PaceSource *string          `json:"pace_source"`
			Enterprise map[string]any   `json:"enterprise"`
			Members    []map[string]any `json:"members"`
			Receivers  []map[string]any `json:"receivers"`
			Weeks      []any            `json:"weeks"`
			Projection []any            `json:"projection"`
			Cover      []any            `json:"cover"`
		} `json:"capacity"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Capacity
	if c.PaceSource != nil || len(c.Weeks) != 0 || len(c.Projection) != 0 || len(c.Cover) != 0 || len(c.Members) != 0 {
		t.Errorf("pace_source %v, %d weeks, %d projected, cover %v, members %v: want null and none", c.PaceSource, len(c.Weeks), len(c.Projection), c.Cover, c.Members)
	}
	if len(c.Receivers) != 1 || c.Receivers[0]["userid"] != "sales3" {
		t.Fatalf("receivers %v, want sales3's (unknown) forecast", c.Receivers)
	}
	for who, o := range map[string]map[string]any{"enterprise": c.Enterprise, "receiver": c.Receivers[0]} {
		if o["known"] != false || o["unknown_reason"] == nil || o["unknown_reason"] == "" {
			t.Errorf("%s: known %v, reason %v", who, o["known"], o["unknown_reason"])
		}
		for _, k := range []string{"pace_per_week", "pace_per_week_low", "pace_per_week_high", "act_by", "due", "overdue"} {
			if v, ok := o[k]; !ok || v != nil {
				t.Errorf("%s: %s = %v (present %v), want null", who, k, v, ok)
			}
		}
		if r, _ := o["reaches"].([]any); len(r) != 0 {
			t.Errorf("%s: reaches %v", who, r)
		}
	}

	// The workbook's capacity sheet says unknown and why.
	x, err := excelize.OpenFile(filepath.Join(out, "audit-"+asOf+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("容量预测")
	if err != nil {
		t.Fatal(err)
	}
	var sheet strings.Builder
	for _, r := range rows {
		sheet.WriteString(strings.Join(r, "\t") + "\n")
	}
	if n := strings.Count(sheet.String(), "未知：联系人导出中没有添加时间"); n != 2 { // the enterprise, the members
		t.Errorf("the capacity sheet says unknown %d times, want 2 (the enterprise and the members):\n%s", n, sheet.String())
	}
	datesAfter("the capacity sheet", sheet.String())

	// auditor check --member for the leaver: the enterprise and the receiver unknown.
	for lang, want := range map[string]string{"zh": "未知：", "en": "unknown: "} {
		code, stdout, stderr := runCLI(t, append([]string{"check", "--member", "sales2", "--lang", lang}, in...)...)
		if code > 1 {
			t.Fatalf("check: exit %d\n%s\n%s", code, stdout, stderr)
		}
		i := strings.LastIndex(stdout, "\n"+map[string]string{"zh": "容量预测：", "en": "Capacity forecast:"}[lang])
		if i < 0 {
			t.Fatalf("check --lang %s prints no capacity forecast:\n%s", lang, stdout)
		}
		part := stdout[i:]
		if n := strings.Count(part, want); n != 2 {
			t.Errorf("check --lang %s: %d lines say %q, want 2 (the enterprise and sales3):\n%s", lang, n, want, part)
		}
		datesAfter("check --lang "+lang, part)
	}
}
