package xlsxstream

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetData is one sheet of a workbook a test writes.
type sheetData struct {
	name string
	rows [][]any // nil rows are left blank
}

// writeXLSX writes a workbook with excelize, the way Excel and WeCom's
// exports lay cells out (shared strings, styles for dates).
func writeXLSX(t testing.TB, path string, sheets ...sheetData) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if row == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// rowsOf builds [][]any from string rows.
func rowsOf(rows ...[]string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		if r == nil {
			continue
		}
		out[i] = make([]any, len(r))
		for j, c := range r {
			out[i][j] = c
		}
	}
	return out
}

// csvOf joins rows into CSV text (no quoting needed in tests).
func csvOf(rows ...[]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ","))
		b.WriteString("\r\n")
	}
	return b.String()
}

// inputErr asserts err is an *InputError whose message holds every part.
func inputErr(t *testing.T, err error, parts ...string) *InputError {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v (%T); want *InputError", err, err)
	}
	for _, p := range parts {
		if !strings.Contains(ie.Error(), p) {
			t.Errorf("error %q does not contain %q", ie.Error(), p)
		}
	}
	return ie
}

func tempPath(t testing.TB, name string) string {
	return filepath.Join(t.TempDir(), name)
}
