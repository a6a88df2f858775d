package pipeline

import (
	"io"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

type optSpy struct {
	ext string
	got *report.Options
}

func (s optSpy) Ext() string { return s.ext }
func (s optSpy) Write(w io.Writer, _ *audit.Result, opt report.Options) error {
	*s.got = opt
	_, err := io.WriteString(w, s.ext)
	return err
}

// The CLI and serve write through ReportOutputs: the PDF must learn the
// workbook's name and digest there, or it prints every at-risk contact in
// its appendix instead of pointing to the workbook (a regression once).
func TestReportOutputsNameTheWorkbook(t *testing.T) {
	var pdf, xlsx report.Options
	res := &audit.Result{AsOf: audit.NewDate(2026, 11, 30)}
	outs := ReportOutputs(res, []report.Writer{optSpy{"pdf", &pdf}, optSpy{"xlsx", &xlsx}}, report.Options{})
	for _, o := range outs {
		if err := o.Write(io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	if pdf.Workbook == nil || pdf.Workbook.Path != "audit-2026-11-30.xlsx" || len(pdf.Workbook.SHA256) != 64 {
		t.Fatalf("the PDF was given workbook %+v, want audit-2026-11-30.xlsx and its SHA-256", pdf.Workbook)
	}
}
