package xlsxstream

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/samples"
)

// TestFastMatchesExcelizeLarge is the differential test on exports of a
// few hundred thousand rows, in both string forms (a shared-string table,
// as Excel and WeCom write; inline strings, as excelize's StreamWriter
// does): every cell of every sheet, read in lockstep so that neither
// reading is held whole.
func TestFastMatchesExcelizeLarge(t *testing.T) {
	if raceEnabled {
		t.Skip("runs in the plain go test pass (.ci/run); under -race it takes too long")
	}
	if testing.Short() {
		t.Skip("-short: 400,000 rows read twice over take minutes; TestFastMatchesExcelizeStreamed and TestCorpusInRepo cover the readers' agreement")
	}
	t.Parallel()
	for _, inline := range []bool{false, true} {
		t.Run(fmt.Sprintf("inline=%v", inline), func(t *testing.T) {
			dir := t.TempDir()
			if err := samples.Generate(dir, samples.Config{Members: 2000, Contacts: 200_000, Seed: 7, InlineStrings: inline}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, samples.Files.Contacts)
			rows := fastLockstep(t, path)
			if rows < 200_000 {
				t.Fatalf("compared %d rows, want the 200,000 written", rows)
			}
		})
	}
}

// fastLockstep reads every sheet of path with both readers side by side,
// requiring the fast reader to read it itself, and returns the rows
// compared.
func fastLockstep(t *testing.T, path string) int {
	t.Helper()
	fw, err := openFastAs(path, false)
	if err != nil {
		t.Fatalf("fast reader: %v", err)
	}
	defer fw.Close()
	ew, err := openXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ew.Close()
	total := 0
	for _, name := range ew.SheetNames() {
		fs, err := fw.OpenSheet(name)
		if err != nil {
			t.Fatal(err)
		}
		es, err := ew.OpenSheet(name)
		if err != nil {
			t.Fatal(err)
		}
		for {
			fn, en := fs.Next(), es.Next()
			if fn != en {
				t.Fatalf("%s: after row %d the fast reader says more=%v, excelize %v", name, total, fn, en)
			}
			if !fn {
				break
			}
			total++
			f := fastRow{N: fs.RowNumber(), Cells: fs.Row()}
			e := fastRow{N: es.RowNumber(), Cells: es.Row()}
			if !fastRowEqual(e, f) {
				t.Fatalf("%s row %d:\nexcelize %s\nfast     %s", name, e.N, e, f)
			}
		}
		if fs.Err() != nil || es.Err() != nil {
			t.Fatalf("%s: fast %v, excelize %v", name, fs.Err(), es.Err())
		}
		if s, ok := fs.(*fastSheet); !ok || s.fb != nil {
			t.Fatalf("%s: the fast reader handed the sheet to excelize", name)
		}
		fs.Close()
		es.Close()
	}
	return total
}
