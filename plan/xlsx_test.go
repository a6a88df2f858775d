package plan_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/report"
)

// handoverAliases are the handover sheet's header aliases (docs/spec.md §2.4),
// normalised as the reader does: case, spaces, underscores and hyphens
// ignored.
var handoverAliases = map[string][]string{
	"userid":   {"离职人账号", "离职成员账号", "交接人账号", "handover_userid", "userid"},
	"date":     {"离职日期", "departure_date"},
	"receiver": {"接替人账号", "接替人", "接替成员", "receiver", "takeover_userid"},
	"count":    {"数量", "分配数量", "count"},
}

func normHeader(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(s))
}

func TestWorkbook(t *testing.T) {
	in := plan.Showcase()
	p := plan.MustMake(t, in, 0)
	sheets := map[string][]string{
		"zh": {"封面", "交接计划", "后台操作步骤", "客户转接批次", "客户群转接", "扩容", "无法安置", "不可转接"},
		"en": {"Cover", "Handover plan", "Console steps", "Transfer batches", "Group transfers", "Expansions", "Unplaceable", "Not transferable"},
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WritePlanXLSX(&buf, p, lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !reflect.DeepEqual(got, sheets[lang]) {
				t.Fatalf("sheets = %v, want %v", got, sheets[lang])
			}
			rows, err := f.GetRows(sheets[lang][1])
			if err != nil {
				t.Fatal(err)
			}
			// Headers: the four columns of docs/spec.md §2.4, each an alias.
			if len(rows[0]) != 4 {
				t.Fatalf("header = %v", rows[0])
			}
			for i, field := range []string{"userid", "date", "receiver", "count"} {
				ok := false
				for _, a := range handoverAliases[field] {
					ok = ok || normHeader(a) == normHeader(rows[0][i])
				}
				if !ok {
					t.Errorf("header %q is no alias of %s", rows[0][i], field)
				}
			}
			if lang == "zh" && !reflect.DeepEqual(rows[0], []string{"离职人账号", "离职日期", "接替人账号", "数量"}) {
				t.Errorf("zh header = %v", rows[0])
			}
			// Rows: the plan's handovers, cell for cell.
			hs := p.Handovers()
			if len(rows)-1 != len(hs) {
				t.Fatalf("%d rows, want %d", len(rows)-1, len(hs))
			}
			for i, h := range hs {
				want := []string{h.UserID, h.DepartureDate.String(), h.Receiver, ""}
				if h.HasCount {
					want[3] = strconv.Itoa(h.Count)
				}
				got := append(rows[i+1], "", "", "", "")[:4]
				if !reflect.DeepEqual(got, want) {
					t.Errorf("row %d = %q, want %q", i+2, got, want)
				}
			}
			// Other sheets: header rows and some content.
			for _, sh := range sheets[lang][2:] {
				rs, err := f.GetRows(sh)
				if err != nil || len(rs) == 0 || len(rs[0]) < 4 {
					t.Errorf("sheet %s: %v rows, err %v", sh, len(rs), err)
				}
			}
			batches, _ := f.GetRows(sheets[lang][3])
			if len(batches)-1 != len(p.Batches) {
				t.Errorf("batch rows = %d, want %d", len(batches)-1, len(p.Batches))
			}
			groups, _ := f.GetRows(sheets[lang][4])
			if len(groups)-1 != len(p.GroupCalls) || len(p.GroupCalls) != 5 {
				t.Errorf("group rows = %d, calls %d, want 5", len(groups)-1, len(p.GroupCalls))
			}
			steps, _ := f.GetRows(sheets[lang][2])
			if steps[1][1] != map[string]string{"zh": "（全企业）", "en": "(enterprise)"}[lang] {
				t.Errorf("first step row = %v, want the enterprise expansion", steps[1])
			}
			// Formula-like text from the inputs stays text.
			if v, _ := f.GetCellValue(sheets[lang][4], "F2"); !strings.HasPrefix(v, "=SUM(A1)0,") {
				t.Errorf("chat ids cell = %q", v)
			}
			if fm, _ := f.GetCellFormula(sheets[lang][4], "F2"); fm != "" {
				t.Errorf("chat ids became a formula: %q", fm)
			}
			assertNoFormulas(t, buf.Bytes())
		})
	}
}

var formulaElem = regexp.MustCompile(`<f[ >/]`)

// assertNoFormulas reads every worksheet's XML: no <f> element anywhere.
func assertNoFormulas(t *testing.T, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, _ := io.ReadAll(rc)
		rc.Close()
		n++
		if formulaElem.Match(x) {
			t.Errorf("%s holds a formula", zf.Name)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" && !bytes.Contains(x, []byte(`t="s"`)) && !bytes.Contains(x, []byte(`t="str"`)) && !bytes.Contains(x, []byte(`t="inlineStr"`)) {
			t.Errorf("sheet1 has no text cells")
		}
	}
	if n != 8 {
		t.Errorf("%d worksheets, want 8", n)
	}
	// The names themselves are in the shared strings, as text.
	for _, zf := range zr.File {
		if zf.Name == "xl/sharedStrings.xml" {
			rc, _ := zf.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Contains(x, []byte("=1+2")) {
				t.Errorf("the name =1+2 is not stored as text")
			}
		}
	}
}

func TestJSON(t *testing.T) {
	p := plan.MustMake(t, plan.Showcase(), 0)
	var buf bytes.Buffer
	if err := plan.WriteJSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema    string `json:"schema"`
		AsOf      string `json:"as_of"`
		Handovers []struct {
			UserID   string `json:"userid"`
			Receiver string `json:"receiver"`
			Count    *int   `json:"count"`
		} `json:"handovers"`
		Expansions []struct {
			Kind string `json:"kind"`
		} `json:"expansions"`
		NotTransferable []struct {
			UserID string `json:"userid"`
			Reason string `json:"reason"`
		} `json:"not_transferable"`
		Batches []struct {
			ExternalIDs []string `json:"external_ids"`
		} `json:"batches"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != plan.Schema || doc.AsOf != "2026-11-30" {
		t.Errorf("schema %q, as_of %q", doc.Schema, doc.AsOf)
	}
	if len(doc.Handovers) != len(p.Handovers()) || doc.Handovers[0].UserID != "zhangsan" || doc.Handovers[0].Count != nil {
		t.Errorf("handovers = %+v", doc.Handovers)
	}
	if len(doc.Expansions) == 0 || doc.Expansions[0].Kind != "enterprise" {
		t.Errorf("expansions = %+v", doc.Expansions)
	}
	if len(doc.NotTransferable) != 1 || doc.NotTransferable[0].Reason != "expired" {
		t.Errorf("not transferable = %+v", doc.NotTransferable)
	}
	if doc.Batches[len(doc.Batches)-1].ExternalIDs == nil {
		t.Errorf("batches: external_ids is null")
	}
}

// TestWorkbookForHR: a cover with the company, the verdict and the inputs;
// console steps with owner, due and done columns; print setup on every sheet
// (one page wide, the header row repeated, page numbers).
func TestWorkbookForHR(t *testing.T) {
	p := plan.MustMake(t, plan.Showcase(), 0)
	var buf bytes.Buffer
	if err := report.WritePlanXLSX(&buf, p, "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cover, _ := f.GetRows("Cover")
	text := fmt.Sprint(cover)
	for _, want := range []string{"Company", "Verdict", "Inputs", "What cannot be placed"} {
		if !strings.Contains(text, want) {
			t.Errorf("cover lacks %q", want)
		}
	}
	steps, _ := f.GetRows("Console steps")
	if got := strings.Join(steps[0], "|"); !strings.Contains(got, "Detail|Owner|Due|Overdue|Done") {
		t.Errorf("console steps header = %s", got)
	}
	for _, r := range steps[1:] {
		if len(r) < 6 || r[5] == "" {
			t.Errorf("step without an owner: %v", r)
		}
	}
	names := f.GetDefinedName()
	for _, sh := range f.GetSheetList() {
		ok := false
		for _, n := range names {
			ok = ok || (n.Name == "_xlnm.Print_Titles" && n.Scope == sh)
		}
		if !ok {
			t.Errorf("%s: no repeated header row for printing", sh)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddFooter, "&P") {
			t.Errorf("%s: footer %+v without page numbers", sh, hf)
		}
		lay, err := f.GetPageLayout(sh)
		if err != nil || lay.FitToWidth == nil || *lay.FitToWidth != 1 {
			t.Errorf("%s: not fitted to one page wide", sh)
		}
	}
}

// TestWorkbookDeterministic: the same plan gives the same workbook bytes,
// in either language.
func TestWorkbookDeterministic(t *testing.T) {
	in := plan.Showcase()
	for _, lang := range []string{"zh", "en"} {
		var first []byte
		for i := 0; i < 3; i++ {
			var x bytes.Buffer
			if err := report.WritePlanXLSX(&x, plan.MustMake(t, in, 0), lang); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = x.Bytes()
				continue
			}
			if !bytes.Equal(first, x.Bytes()) {
				t.Errorf("%s: workbook bytes differ on run %d", lang, i)
			}
		}
	}
}

// TestBigEnterpriseWorkbook writes the benchmark's enterprise's workbook.
func TestBigEnterpriseWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	var buf bytes.Buffer
	if err := report.WritePlanXLSX(&buf, plan.MustMake(t, plan.BigEnterprise(), 0), "en"); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkPlanWorkbook100k(b *testing.B) {
	p := plan.MustMake(b, plan.BigEnterprise(), 0)
	b.ResetTimer()
	for range b.N {
		if err := report.WritePlanXLSX(io.Discard, p, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
