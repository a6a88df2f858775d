package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSafeFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"wmXyZ123", "wmXyZ123"},
		{"zhang.san-01_x", "zhang.san-01_x"},
		{"王堃", "王堃"},
		{"a/b\\c", "a_b_c"},
		{"../../etc/passwd", "_._.._etc_passwd"},
		{"a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h"},
		{"with space", "with_space"},
		{"tab\tnl\n", "tab_nl"},
		{".hidden", "_hidden"},
		{"dots...", "dots"},
		{"...", "_"},
		{"", "_"},
		{"   ", "_"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"com1", "_com1"},
		{"console", "console"},
		{"张三：销售", "张三_销售"},
		{strings.Repeat("x", 300), strings.Repeat("x", maxNameBytes)},
		{strings.Repeat("堃", 100), strings.Repeat("堃", maxNameBytes/3)},
	}
	for _, tt := range tests {
		got := safeFileName(tt.in)
		if got != tt.want {
			t.Errorf("safeFileName(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if filepath.Base(got) != got || !filepath.IsLocal(got) {
			t.Errorf("safeFileName(%q) = %q is not a plain local name", tt.in, got)
		}
	}
}

func TestHandoverFileNamesUnique(t *testing.T) {
	res := pdfBigResult(6, 0)
	for i, id := range []string{"abc", "ABC", "a/b", "a_b", "Abc", "x"} {
		res.Departing[i].UserID = id
	}
	got := strings.Join(handoverFileNames(res), ",")
	want := "abc.pdf,ABC~2.pdf,a_b.pdf,a_b~2.pdf,Abc~3.pdf,x.pdf"
	if got != want {
		t.Errorf("names %s; want %s", got, want)
	}
}

// TestSplitHandoverSheets: above splitAbove leavers every handover sheet
// is a PDF of its own in handover/, part of the set the JSON names; at or
// below it the outputs are the three reports as always.
func TestSplitHandoverSheets(t *testing.T) {
	defer func(n int) { splitAbove = n }(splitAbove)
	splitAbove = 3
	tests := []struct {
		name    string
		leavers int
		split   bool
	}{
		{"below", 2, false},
		{"at the threshold", 3, false},
		{"one above", 4, true},
		{"several above", 7, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := pdfBigResult(tt.leavers, 40)
			if tt.leavers > 3 {
				res.Departing[1].UserID = "Leaver000" // same as leaver000 but for case
				res.Departing[2].UserID = "ops/王堃:2"
			}
			ws, err := ParseFormats("xlsx,pdf,json")
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Lang: "en"}
			id := ReportID(res, opt)
			dir := t.TempDir()
			outs := Outputs(res, ws, opt)
			written, err := SaveAll(dir, outs, nil)
			if err != nil {
				t.Fatal(err)
			}
			main := []string{"audit-" + res.AsOf.String() + ".xlsx", "audit-" + res.AsOf.String() + ".pdf", "audit-" + res.AsOf.String() + ".json"}
			if !tt.split {
				if len(written) != 3 {
					t.Fatalf("written %v; want the three reports", written)
				}
				if _, err := os.Stat(filepath.Join(dir, handoverDir)); !os.IsNotExist(err) {
					t.Errorf("a run of %d leavers made %s/ (err %v)", tt.leavers, handoverDir, err)
				}
				return
			}
			if len(written) != 3+tt.leavers {
				t.Fatalf("written %d files; want %d", len(written), 3+tt.leavers)
			}
			entries, err := os.ReadDir(filepath.Join(dir, handoverDir))
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != tt.leavers {
				t.Fatalf("%s/ holds %d files; want %d", handoverDir, len(entries), tt.leavers)
			}
			// The JSON names every file of the set with its SHA-256.
			var js struct {
				ReportSet []jsonSetFile `json:"report_set"`
			}
			b, err := os.ReadFile(filepath.Join(dir, main[2]))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &js); err != nil {
				t.Fatal(err)
			}
			inSet := map[string]string{}
			for _, f := range js.ReportSet {
				inSet[f.Name] = f.SHA256
			}
			if len(js.ReportSet) != 2+tt.leavers {
				t.Errorf("report_set names %d files; want %d", len(js.ReportSet), 2+tt.leavers)
			}
			names := handoverFileNames(res)
			for i, n := range names {
				rel := handoverDir + "/" + n
				pdf, err := os.ReadFile(filepath.Join(dir, handoverDir, n))
				if err != nil {
					t.Fatalf("leaver %s: %v", res.Departing[i].UserID, err)
				}
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(pdf, "\r\n"), []byte("%%EOF")) {
					t.Errorf("%s is not a complete PDF", rel)
				}
				sum := sha256.Sum256(pdf)
				if inSet[rel] != hex.EncodeToString(sum[:]) {
					t.Errorf("report_set gives %s SHA-256 %q; the file has %x", rel, inSet[rel], sum)
				}
				if _, err := exec.LookPath("pdftotext"); err != nil {
					continue // the text is checked where poppler is installed
				}
				pages := pdfText(t, pdf, false)
				first := squeeze(pages[0])
				l := res.Departing[i]
				for _, want := range []string{l.Name, l.UserID, "Report" + id, "Page1of" + itoa(len(pages))} {
					if !strings.Contains(first, squeeze(want)) {
						t.Errorf("%s: first page lacks %q:\n%s", rel, want, pages[0])
					}
				}
				// Its sign-off block, on its last page.
				if last := squeeze(pages[len(pages)-1]); !strings.Contains(last, squeeze(L("pdf_sign_off", "en"))) {
					t.Errorf("%s: no sign-off block", rel)
				}
			}
			// The main PDF says where the sheets are instead of holding them.
			if _, err := exec.LookPath("pdftotext"); err == nil {
				pdf, err := os.ReadFile(filepath.Join(dir, main[1]))
				if err != nil {
					t.Fatal(err)
				}
				text := squeeze(strings.Join(pdfText(t, pdf, false), ""))
				if !strings.Contains(text, squeeze("in the folder handover beside this report")) {
					t.Errorf("main PDF does not say where the sheets are")
				}
				if strings.Contains(text, squeeze(L("pdf_sign_leaver", "en"))) {
					t.Errorf("main PDF still holds a leaver's sign-off")
				}
			}
		})
	}
}

func BenchmarkHandoverFile(b *testing.B) {
	res := pdfBigResult(50, 100)
	sf, err := newSheetFiles(res, Options{Lang: "en"})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for i := 0; b.Loop(); i++ {
		buf.Reset()
		if err := sf.write(&buf, i%50, "audit.pdf"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSheetFilesRecut: a sheet that draws a character the run's cut font
// lacks is drawn again with a cut that has it, never without it.
func TestSheetFilesRecut(t *testing.T) {
	res := pdfBigResult(3, 0)
	res.Departing[0].Name = "離職員工"
	sf, err := newSheetFiles(res, Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	delete(sf.cut, '離') // as if the walk had missed it
	sf.recut()
	var a bytes.Buffer
	if err := sf.write(&a, 0, "audit.pdf"); err != nil {
		t.Fatal(err)
	}
	if sf.recuts != 1 || !sf.cut['離'] {
		t.Errorf("recuts %d, cut holds 離: %v; want one re-cut that adds it", sf.recuts, sf.cut['離'])
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		if text := squeeze(strings.Join(pdfText(t, a.Bytes(), false), "")); !strings.Contains(text, "離職員工") {
			t.Errorf("the name lost a character to the cut:\n%s", text)
		}
	}
	// The same sheet again, from a new run, is the same bytes.
	sf2, _ := newSheetFiles(res, Options{Lang: "en"})
	delete(sf2.cut, '離')
	sf2.recut()
	var b bytes.Buffer
	if err := sf2.write(&b, 0, "audit.pdf"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two runs drew the same sheet differently")
	}
}

// TestSheetFilesSameBytesAnyWindow: sheets drawn ahead, on any number of
// cores, are the bytes of sheets drawn one batch at a time on one core,
// a re-cut in the middle of the run included (sheets drawn ahead with the
// cut it replaced are drawn again).
func TestSheetFilesSameBytesAnyWindow(t *testing.T) {
	res := pdfBigResult(20, 0)
	res.Departing[13].Name = "離職員工"
	draw := func(window, procs int) [][]byte {
		defer func(w int) { sheetWindow = w }(sheetWindow)
		sheetWindow = window
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		sf, err := newSheetFiles(res, Options{Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		delete(sf.cut, '離') // as if the walk had missed it
		sf.recut()
		var out [][]byte
		for i := range res.Departing {
			var b bytes.Buffer
			if err := sf.write(&b, i, "audit.pdf"); err != nil {
				t.Fatal(err)
			}
			out = append(out, b.Bytes())
		}
		// The marks the sheets draw (✓ ✗ —) are not in the first cut:
		// one re-cut for them in the first batch, one for 離 in the second.
		if sf.recuts != 2 || !sf.cut['離'] {
			t.Errorf("window %d, %d cores: %d re-cuts, cut holds 離: %v; want 2, true", window, procs, sf.recuts, sf.cut['離'])
		}
		return out
	}
	want := draw(1, 1)
	for _, tt := range []struct{ window, procs int }{{sheetBatch, 2}, {3 * sheetBatch, 2}, {100, 4}} {
		got := draw(tt.window, tt.procs)
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("window %d, %d cores: sheet %d differs from the one drawn a batch at a time", tt.window, tt.procs, i)
			}
		}
	}
}
