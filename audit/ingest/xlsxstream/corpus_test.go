package xlsxstream

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"
)

// corpusDir holds 2,422 workbooks from other spreadsheet libraries' test
// suites (../shared/corpus, README and MANIFEST.tsv there).
var corpusDir = filepath.Join("..", "..", "..", "..", "shared", "corpus")

// corpusExcelizeWrong are the files where the two readers disagree and
// excelize is the one that is wrong; the fast reader's cells are right.
var corpusExcelizeWrong = map[string]string{
	// Form controls: excelize's row iterator takes the <xdr:row> of each
	// control's anchor, after </sheetData>, for a row of the sheet and
	// gives extra empty rows; the sheet has no such rows.
	"ClosedXML+ClosedXML/ClosedXML.Tests__Resource__TryToLoad__CommentAndButton.xlsx":        formControlRows,
	"ClosedXML+ClosedXML/ClosedXML.Tests__Resource__TryToLoad__LO__xlsx__singlecontrol.xlsx": formControlRows,
	"PHPOffice+PhpSpreadsheet/samples__Reader2__sampleData__formscomments.xlsx":              formControlRows,
	"apache+poi/test-data__integration__stress002.xlsx":                                      formControlRows,
	"apache+poi/test-data__spreadsheet__58325_db.xlsx":                                       formControlRows,
	"apache+poi/test-data__spreadsheet__58325_lt.xlsx":                                       formControlRows,
	// excelize inflates every part at open and refuses the workbook for a
	// damaged thumbnail (docProps/thumbnail.wmf); the sheets are intact
	// and the fast reader, which reads only the parts that hold cells,
	// reads them.
	"ClosedXML+ClosedXML/ClosedXML.Tests__Resource__TryToLoad__LO__xlsx__different-column-width-excel2010.xlsx": "damaged thumbnail: excelize refuses the whole workbook",
}

const formControlRows = "form controls: excelize reads the <xdr:row> of their anchors after </sheetData> as extra rows"

// corpusResult is one file read with both readers.
type corpusResult struct {
	want, got     []fastSheetRows
	werr, gerr    error
	handed        int
	panicked      string
	timedOut      bool
	cellsCompared int
}

// corpusRead reads path with both readers on a goroutine, so that a panic
// is caught and a hang is a failure after limit, not a stuck test.
func corpusRead(path string, limit time.Duration) corpusResult {
	done := make(chan corpusResult, 1)
	go func() {
		var r corpusResult
		defer func() {
			if p := recover(); p != nil {
				r.panicked = fmt.Sprintf("%v\n%s", p, debug.Stack())
			}
			done <- r
		}()
		r.want, _, r.werr = fastReadAll(path, false)
		r.got, r.handed, r.gerr = fastReadAll(path, true)
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(limit):
		return corpusResult{timedOut: true}
	}
}

// TestCorpus reads every workbook of the corpus with both readers and
// requires the same cells, Text and Kind, of every sheet, or an error from
// both; never a panic or a hang. It logs how many files take the fast
// path, fall back to excelize (the whole workbook, or a sheet in the
// middle), and are refused by both. The corpus is outside the repository;
// TestCorpusInRepo runs the same checks on the part of it kept here.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("no corpus at " + corpusDir)
	}
	if raceEnabled {
		t.Skip("the corpus runs in the plain go test pass (.ci/run); under -race it takes too long")
	}
	if testing.Short() {
		t.Skip("-short: the 2,422 workbooks take minutes; TestCorpusInRepo reads the ones kept in testdata/corpus")
	}
	t.Parallel()
	corpusCheck(t, corpusDir)
}

// repoCorpusDir holds a few dozen workbooks copied from the corpus, from
// ten libraries under MIT, BSD and Apache licences (MANIFEST.tsv, NOTICE.md
// and LICENSES/ there), so that the reader's contract is tested on a
// fresh clone.
var repoCorpusDir = filepath.Join("testdata", "corpus")

// TestCorpusInRepo is TestCorpus on testdata/corpus. It also requires that
// every file there is in its MANIFEST.tsv with a licence text beside it,
// and that the copies cover what they were chosen for: shared and inline
// strings, several sheets, and sheets read fast and handed to excelize.
func TestCorpusInRepo(t *testing.T) {
	t.Parallel()
	manifest, err := os.ReadFile(filepath.Join(repoCorpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("MANIFEST.tsv line %d: %d fields; want 5", i+1, len(f))
		}
		if i == 0 {
			continue
		}
		listed[f[0]] = true
		licence := filepath.Join(repoCorpusDir, "LICENSES", strings.ReplaceAll(f[1], "/", "+")+".txt")
		if _, err := os.Stat(licence); err != nil {
			t.Errorf("%s (%s, %s): no licence text: %v", f[0], f[1], f[4], err)
		}
	}
	st := corpusCheck(t, repoCorpusDir)
	for _, f := range st.files {
		if !listed[f] {
			t.Errorf("%s is not in MANIFEST.tsv", f)
		}
	}
	if len(st.files) != len(listed) {
		t.Errorf("%d workbooks, %d in MANIFEST.tsv", len(st.files), len(listed))
	}
	if len(st.files) < 30 || st.fast < 20 || st.sheetFallback == 0 || st.wholeFallback == 0 || st.bothRefuse == 0 || st.known == 0 || st.multiSheet < 5 {
		t.Errorf("the kept corpus lost its variety: %+v", st)
	}
}

// corpusStats counts what corpusCheck saw.
type corpusStats struct {
	files                                                        []string
	fast, wholeFallback, sheetFallback, bothRefuse, known, cells int
	multiSheet                                                   int
}

// corpusCheck reads every .xlsx under dir with both readers and reports
// each disagreement, panic or hang as an error.
func corpusCheck(t *testing.T, dir string) corpusStats {
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".xlsx") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("%s holds no .xlsx", dir)
	}
	var st corpusStats
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		st.files = append(st.files, rel)
		r := corpusRead(p, 2*time.Minute)
		switch {
		case r.timedOut:
			t.Errorf("%s: no answer from the readers within 2 minutes", rel)
			continue
		case r.panicked != "":
			t.Errorf("%s: panic: %s", rel, r.panicked)
			continue
		}
		diff := ""
		switch {
		case r.werr != nil && r.gerr != nil:
			st.bothRefuse++
			continue
		case r.werr != nil:
			diff = fmt.Sprintf("excelize refuses it (%v), the fast reader reads it", r.werr)
		case r.gerr != nil:
			diff = fmt.Sprintf("the fast reader refuses it (%v), excelize reads it", r.gerr)
		default:
			diff = fastSheetsDiff(r.want, r.got)
		}
		if reason, ok := corpusExcelizeWrong[rel]; ok {
			if diff == "" {
				t.Errorf("%s: listed as excelize being wrong (%s), but the readers now agree: take it off the list", rel, reason)
			}
			st.known++
			continue
		}
		if diff != "" {
			t.Errorf("%s: %s", rel, diff)
			continue
		}
		switch {
		case r.handed < 0:
			st.wholeFallback++
		case r.handed > 0:
			st.sheetFallback++
		default:
			st.fast++
		}
		if len(r.want) > 1 {
			st.multiSheet++
		}
		for _, s := range r.want {
			for _, row := range s.Rows {
				st.cells += len(row.Cells)
			}
		}
	}
	t.Logf("%s: %d files; %d read fast, %d left whole to excelize, %d with a sheet handed to excelize, %d refused by both, %d where excelize is wrong (listed); %d cells compared",
		dir, len(files), st.fast, st.wholeFallback, st.sheetFallback, st.bothRefuse, st.known, st.cells)
	return st
}
