package xlsxstream

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestHasPivotTable: both xlsx readers tell the sheet holding a pivot
// table (a summary of other rows) from the data sheet it summarises.
func TestHasPivotTable(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "客户")
	f.SetSheetRow("客户", "A1", &[]any{"添加人", "客户名称", "数量"})
	for i := 2; i <= 20; i++ {
		f.SetSheetRow("客户", fmt.Sprintf("A%d", i), &[]any{fmt.Sprintf("u%d", i%3), fmt.Sprintf("c%d", i), i})
	}
	if _, err := f.NewSheet("透视表"); err != nil {
		t.Fatal(err)
	}
	if err := f.AddPivotTable(&excelize.PivotTableOptions{
		DataRange:       "客户!A1:C20",
		PivotTableRange: "透视表!A1:D10",
		Rows:            []excelize.PivotTableField{{Data: "添加人"}},
		Data:            []excelize.PivotTableField{{Data: "数量", Subtotal: "Sum"}},
	}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pivot.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fast, err := openFastAs(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	slow, err := openXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	for name, pl := range map[string]PivotLister{"fast": fast, "excelize": slow} {
		if !pl.HasPivotTable("透视表") {
			t.Errorf("%s reader: the pivot sheet is not reported", name)
		}
		if pl.HasPivotTable("客户") || pl.HasPivotTable("no such sheet") {
			t.Errorf("%s reader: a sheet without a pivot table is reported", name)
		}
	}
}
