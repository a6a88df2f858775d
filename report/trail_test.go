package report

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

func TestReportID(t *testing.T) {
	res := fixture()
	id := ReportID(res, Options{Lang: "zh"})
	if !regexp.MustCompile(`^[0-9A-F]{4}(-[0-9A-F]{4}){3}$`).MatchString(id) {
		t.Fatalf("report id %q: want four groups of four hex digits", id)
	}
	if got := ReportID(fixture(), Options{Lang: "en", MaskPII: true, Generated: time.Unix(1, 0)}); got != id {
		t.Errorf("the same run in en, masked, at another time has id %s, want %s", got, id)
	}
	for name, edit := range map[string]func(*audit.Result, *Options){
		"input":   func(r *audit.Result, _ *Options) { r.Inputs[0].SHA256 = strings.Repeat("cd", 32) },
		"as-of":   func(r *audit.Result, _ *Options) { r.AsOf = r.AsOf.AddDays(1) },
		"version": func(r *audit.Result, _ *Options) { r.ToolVersion = "9.9.9" },
		"rules": func(r *audit.Result, _ *Options) {
			y := strings.Replace(string(rules.DefaultYAML()), "handover_window_days: 365", "handover_window_days: 364", 1)
			rs, err := rules.Load(strings.NewReader(y))
			if err != nil {
				t.Fatal(err)
			}
			r.Rules = rs
		},
		"rules file": func(_ *audit.Result, o *Options) { o.RulesFile = &audit.InputFile{Path: "r.yaml", SHA256: "00"} },
	} {
		r, o := fixture(), Options{}
		edit(r, &o)
		if ReportID(r, o) == id {
			t.Errorf("a change of %s keeps the report id %s", name, id)
		}
	}
}

func TestRuleSetHashCanonical(t *testing.T) {
	a := RuleSetHash(rules.Default())
	rs, err := rules.Load(strings.NewReader(string(rules.DefaultYAML()) + "\n# a comment changes nothing\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 64 || RuleSetHash(rs) != a {
		t.Errorf("the same rule set hashes to %s and %s", a, RuleSetHash(rs))
	}
}

// TestTrailInDocuments: the PDF's last page and the workbook's Audit trail
// sheet carry the id, the generation time, the command line, every
// threshold and a legend entry for every source the rules cite.
func TestTrailInDocuments(t *testing.T) {
	res := fixture()
	opt := Options{Lang: "en", Generated: time.Date(2026, 11, 30, 9, 15, 0, 0, time.UTC),
		CommandLine: []string{"auditor", "audit", "--roster", "通讯录 1.xlsx"},
		ExportTimes: map[string]time.Time{"通讯录.xlsx": time.Date(2026, 11, 29, 18, 0, 0, 0, time.UTC)}}
	id := ReportID(res, opt)
	want := []string{id, "2026-11-30 09:15:00 UTC", "auditor audit --roster '通讯录 1.xlsx'", "2026-11-29 18:00:00 UTC",
		"handover_window_days", "365", "near_cap_ratio", "90 %", RuleSetHash(res.Rules)}
	for _, code := range citedSources(res.Rules) {
		text, _, ok := SourceLegend(code, "en")
		if !ok {
			t.Errorf("source %s cited by a rule has no legend entry", code)
		}
		want = append(want, text)
	}

	f := openXLSX(t, writeXLSX(t, res, opt))
	rows, err := f.GetRows("Audit trail")
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, strings.Join(r, "\t"))
	}
	inputs, _ := f.GetRows("Inputs")
	for _, r := range inputs {
		cells = append(cells, strings.Join(r, "\t"))
	}
	book := strings.Join(cells, "\n")
	for _, w := range want {
		if !strings.Contains(book, w) {
			t.Errorf("workbook lacks %q", w)
		}
	}

	pages := pdfText(t, writePDF(t, res, opt), false)
	last := squeeze(strings.Join(pages, ""))
	for _, w := range want {
		if !strings.Contains(last, squeeze(w)) {
			t.Errorf("PDF lacks %q", w)
		}
	}
}

// TestEverySourceDocumented: every source code a rule cites is in the
// legend and explained in docs/domain.md.
func TestEverySourceDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/domain.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range citedSources(rules.Default()) {
		if _, _, ok := SourceLegend(code, "zh"); !ok {
			t.Errorf("%s: no legend entry", code)
		}
		if !regexp.MustCompile(`(?m)^#+ .*\b`+code+`\b`).Match(doc) && !strings.Contains(string(doc), "**"+code+"**") {
			t.Errorf("%s: not explained in docs/domain.md", code)
		}
	}
}

// TestXLSXOneFont: every font of the workbook's styles names the one face.
func TestXLSXOneFont(t *testing.T) {
	styles := zipParts(t, writeXLSX(t, fixture(), Options{Lang: "zh"}))["xl/styles.xml"]
	fonts := regexp.MustCompile(`(?s)<font>.*?</font>|<font/>`).FindAllString(styles, -1)
	if len(fonts) < 3 {
		t.Fatalf("styles.xml has %d fonts", len(fonts))
	}
	for _, f := range fonts {
		if !strings.Contains(f, `val="`+xlsxFont+`"`) {
			t.Errorf("a font without %s: %s", xlsxFont, f)
		}
	}
}

// TestXLSXInputsInChinese: the zh Inputs sheet names the roles in Chinese.
func TestXLSXInputsInChinese(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, fixture(), Options{Lang: "zh"}))
	for ref, want := range map[string]string{"A2": "通讯录", "A3": "联系人导出"} {
		if got := cellValue(t, f, "输入文件", ref); got != want {
			t.Errorf("输入文件!%s = %q, want %q", ref, got, want)
		}
	}
}

// TestXLSXLoadChartMarksCap: the load chart is a stacked bar whose series
// are within cap, ineligible, over cap and headroom, in their colours.
func TestXLSXLoadChartMarksCap(t *testing.T) {
	parts := zipParts(t, writeXLSX(t, fixture(), Options{Lang: "en"}))
	found := false
	for name, part := range parts {
		if !strings.HasPrefix(name, "xl/charts/chart") || !strings.Contains(part, "barChart") || !strings.Contains(part, `val="stacked"`) {
			continue
		}
		found = true
		for _, c := range chartColours {
			if !strings.Contains(part, c) {
				t.Errorf("%s lacks the series colour %s", name, c)
			}
		}
	}
	if !found {
		t.Fatal("no stacked receiver-load chart")
	}
}
