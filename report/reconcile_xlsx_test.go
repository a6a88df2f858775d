package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/reconcile"
	"github.com/wecom-audit/auditor/rules"
)

// TestReconcileWorkbook reopens the workbook: closure line, date cells, text kept as
// text (a customer named like a formula stays a string).
func TestReconcileWorkbook(t *testing.T) {
	res := &reconcile.Result{AsOf: audit.NewDate(2026, 11, 30), Rules: rules.Reconcile(), Leavers: []reconcile.Leaver{{
		UserID: "wangfang", Name: "王芳", Status: audit.Departing, Route: reconcile.RouteOnJob, LimitDate: audit.NewDate(2027, 12, 10),
		Counts: reconcile.Counts{Planned: 1, Done: 1}, Closed: true, ClosedOn: audit.NewDate(2026, 11, 28),
		Customers: []reconcile.Customer{{ExternalID: "wm1", Name: "=1+2", State: rules.StateDone, Receiver: "zhangyue", Date: audit.NewDate(2026, 11, 28)}},
	}}}
	var buf bytes.Buffer
	if err := WriteReconcileXLSX(&buf, res, "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.GetCellValue("Closure", "P2"); got != "Handover complete on 2026-11-28" {
		t.Errorf("closure P2 = %q", got)
	}
	if got, _ := f.GetCellValue("Closure", "E2"); got != "2027-12-10" {
		t.Errorf("limit date E2 = %q", got)
	}
	if ty, _ := f.GetCellType("Closure", "E2"); ty == excelize.CellTypeSharedString || ty == excelize.CellTypeInlineString {
		t.Errorf("limit date is text, want a date cell")
	}
	if fm, _ := f.GetCellFormula("Customers", "C2"); fm != "" {
		t.Errorf("customer name became a formula: %q", fm)
	}
	if got, _ := f.GetCellValue("Customers", "C2"); got != "=1+2" {
		t.Errorf("customer name = %q", got)
	}
	if n, _ := f.GetRows("Error codes"); len(n) != 1+len(res.Rules.Errors) {
		t.Errorf("error code rows = %d", len(n))
	}
}

// TestReconcileWorkbookDeterministic: the same result gives the same
// workbook bytes. excelize writes some parts in map order; without the
// sorted archive (newWorkbookFile) two runs differ in the order of the
// zip's entries.
func TestReconcileWorkbookDeterministic(t *testing.T) {
	res := &reconcile.Result{AsOf: audit.NewDate(2026, 11, 30), Rules: rules.Reconcile(), Leavers: []reconcile.Leaver{{
		UserID: "wangfang", Name: "王芳", Status: audit.Departing, Route: reconcile.RouteOnJob, LimitDate: audit.NewDate(2027, 12, 10),
		Counts:    reconcile.Counts{Planned: 2, Done: 1},
		Customers: []reconcile.Customer{{ExternalID: "wm1", Name: "甲", State: rules.StateDone, Receiver: "zhangyue", Date: audit.NewDate(2026, 11, 28)}, {ExternalID: "wm2", Name: "乙", State: rules.StateWaiting, Receiver: "zhangyue"}},
	}}}
	for _, lang := range []string{"zh", "en"} {
		var first []byte
		for i := 0; i < 10; i++ {
			var buf bytes.Buffer
			if err := WriteReconcileXLSX(&buf, res, lang); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = buf.Bytes()
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Fatalf("%s: run %d wrote different bytes from run 1", lang, i+1)
			}
		}
	}
}
