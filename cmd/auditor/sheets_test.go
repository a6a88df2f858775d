package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit/ingest"
)

// TestValidateListsSheets: validate says which sheets it read and why it
// skipped the others (issue 12), and the JSON inputs list carries them.
func TestValidateListsSheets(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	write := func(path string, sheets map[string][][]any, order ...string) {
		f := excelize.NewFile()
		for i, name := range order {
			if i == 0 {
				f.SetSheetName("Sheet1", name)
			} else {
				f.NewSheet(name)
			}
			for r, row := range sheets[name] {
				cell, _ := excelize.CoordinatesToCellName(1, r+1)
				f.SetSheetRow(name, cell, &row)
			}
		}
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	write(p("roster.xlsx"), map[string][][]any{
		"说明":   {{"帐号", "状态"}, {"必填，成员的唯一标识", "在职/已离职"}},
		"成员列表": {{"帐号", "状态"}, {"lisi", "在职"}, {"wangwu", "在职"}},
	}, "说明", "成员列表")
	data := [][]any{{"客户名称", "添加人", "添加人账号", "添加时间"}, {"客户A", "李四", "lisi", "2026-01-01"}}
	write(p("customers.xlsx"), map[string][][]any{
		"客户": data, "对照": {{"添加人", "添加人账号"}, {"李四", "lisi"}}, "副本": data,
	}, "客户", "对照", "副本")
	args := []string{"validate", "--roster", p("roster.xlsx"), "--contacts", p("customers.xlsx"), "--as-of", "2026-11-30", "--lang", "en"}
	code, out, stderr := runCLI(t, args...)
	if code != 1 { // the repeated sheet is a data problem
		t.Fatalf("exit %d; stderr %s\n%s", code, stderr, out)
	}
	for _, want := range []string{
		"sheet 说明: skipped: the rows under its header do not read as data",
		"sheet 成员列表: header on row 1, 2 data rows",
		"sheet 对照: skipped: only the owner column (添加人账号)",
		"sheet 副本: counted once: its 1 row repeat customers.xlsx, sheet 客户 row for row",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("validate output lacks %q:\n%s", want, out)
		}
	}
	outDir := t.TempDir()
	code, _, stderr = runCLI(t, "audit", "--roster", p("roster.xlsx"), "--contacts", p("customers.xlsx"), "--as-of", "2026-11-30",
		"--out", outDir, "--format", "json")
	if code > 1 {
		t.Fatalf("audit exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(outDir, "audit-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"skipped": "已跳过：只有所属成员列（添加人账号）`) && !strings.Contains(string(b), `"skipped": "skipped: only the owner column (添加人账号)`) {
		t.Errorf("JSON inputs lack the skipped lookup sheet:\n%s", b[:min(len(b), 3000)])
	}
}

// TestFormulaColumnExit2: a roster whose userid column holds only formulas
// without a saved result (as openpyxl writes them) stops validate and audit
// with exit 2, naming the column and what to do.
func TestFormulaColumnExit2(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"帐号", "姓名"})
	f.SetSheetRow("Sheet1", "B2", &[]any{"李四"})
	f.SetSheetRow("Sheet1", "B3", &[]any{"王五"})
	f.SetCellFormula("Sheet1", "A2", `LOWER("LISI")`)
	f.SetCellFormula("Sheet1", "A3", `LOWER("WANGWU")`)
	if err := f.SaveAs(roster); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wb, err := ingest.OpenWorkbook(roster)
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := wb.OpenSheet("Sheet1")
	sh.Next()
	sh.Next()
	kind := sh.Row()[0].Kind
	sh.Close()
	wb.Close()
	if kind != ingest.KindFormula {
		t.Fatalf("the xlsx reader reads a formula without a saved result as %s; want KindFormula", kind)
	}
	c := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(c, []byte("添加人账号,客户名称\nlisi,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"validate", "audit"} {
		args := []string{cmd, "--roster", roster, "--contacts", c, "--as-of", "2026-11-30"}
		if cmd == "audit" {
			args = append(args, "--out", t.TempDir())
		}
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "column 帐号: no cell of this required column can be read") ||
			!strings.Contains(stderr, "open the file in Excel or WPS and save it, or paste the column as values") {
			t.Errorf("%s: exit %d, stderr %s", cmd, code, stderr)
		}
	}
}
