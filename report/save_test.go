package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

func TestSaveAllLeavesNothingHalfWritten(t *testing.T) {
	dir := t.TempDir()
	good := Output{Name: "a.json", Write: func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }}
	broken := Output{Name: "b.pdf", Write: func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 1<<20))
		return errors.New("disk full")
	}}
	// An older report of the same name must survive a failed write.
	if err := os.WriteFile(filepath.Join(dir, "b.pdf"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := SaveAll(dir, []Output{good, broken}, nil)
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	// All or nothing: the good report is not renamed into place either.
	if len(written) != 0 {
		t.Errorf("written = %v", written)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if e.Name() != lockName { // the folder's lock file stays
			names = append(names, e.Name())
		}
	}
	if strings.Join(names, ",") != "b.pdf" {
		t.Errorf("folder holds %v; a temporary file was left behind", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.pdf")); string(b) != "old" {
		t.Errorf("the previous report was clobbered: %q", b)
	}
}

func TestSaveAllRefusesInputFolders(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "roster.xlsx")
	os.WriteFile(in, []byte("x"), 0o644)
	out := Output{Name: "roster.xlsx", Write: func(w io.Writer) error { return nil }}
	tests := []struct {
		name, dir string
	}{
		{"same folder", dir},
		{"same folder spelled differently", dir + "/./"},
		{"a parent folder", filepath.Dir(dir)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SaveAll(tt.dir, []Output{out}, []string{in}); err == nil || !strings.Contains(err.Error(), "input") {
				t.Errorf("err = %v", err)
			}
		})
	}
	if b, _ := os.ReadFile(in); string(b) != "x" {
		t.Error("input modified")
	}
	if _, err := SaveAll(filepath.Join(dir, "reports"), []Output{out}, []string{in}); err != nil {
		t.Errorf("a sub-folder for the reports was refused: %v", err)
	}
}

func TestSaveAllReadOnlyFolder(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	_, err := SaveAll(dir, []Output{{Name: "a.json", Write: func(w io.Writer) error { return nil }}}, nil)
	if err == nil {
		t.Fatal("wrote into a read-only folder")
	}
}

func BenchmarkJSON(b *testing.B) {
	res := &audit.Result{AsOf: audit.NewDate(2026, 11, 30), Rules: rules.Default()}
	for i := 0; i < 2000; i++ {
		res.Findings = append(res.Findings, audit.Finding{Rule: "no-receiver", Severity: rules.High, Member: fmt.Sprintf("user%05d", i), Count: i,
			Message: rules.Text{ZH: "说明", EN: "message"}, Remediation: rules.Text{ZH: "建议", EN: "remediation"}})
	}
	for b.Loop() {
		if err := (&JSONWriter{}).Write(io.Discard, res, Options{Lang: "zh"}); err != nil {
			b.Fatal(err)
		}
	}
}

// optSpy is a writer that records the options it was given.
type optSpy struct {
	ext  string
	body string
	got  *Options
}

func (s optSpy) Ext() string { return s.ext }
func (s optSpy) Write(w io.Writer, _ *audit.Result, opt Options) error {
	*s.got = opt
	_, err := io.WriteString(w, s.body)
	return err
}

// The PDF names the workbook and its SHA-256 whatever the order of
// --format: Outputs renders the workbook first and hands its digest on.
// (A pipeline that skipped this once printed every at-risk contact in the
// PDF's appendix instead of pointing to the workbook.)
func TestOutputsGiveTheWorkbookToTheOthers(t *testing.T) {
	for _, order := range [][]string{{"xlsx", "pdf", "json"}, {"pdf", "json", "xlsx"}, {"pdf"}} {
		t.Run(strings.Join(order, ","), func(t *testing.T) {
			got := map[string]*Options{}
			var ws []Writer
			for _, e := range order {
				got[e] = &Options{}
				ws = append(ws, optSpy{ext: e, body: "body of " + e, got: got[e]})
			}
			res := &audit.Result{AsOf: audit.NewDate(2026, 11, 30)}
			outs := Outputs(res, ws, Options{})
			if slices.Contains(order, "xlsx") && outs[0].Name != "audit-2026-11-30.xlsx" {
				t.Errorf("first output %s, want the workbook", outs[0].Name)
			}
			for _, o := range outs {
				if err := o.Write(io.Discard); err != nil {
					t.Fatal(err)
				}
			}
			sum := sha256.Sum256([]byte("body of xlsx"))
			for _, e := range order {
				wb := got[e].Workbook
				switch {
				case e == "xlsx" && wb != nil:
					t.Errorf("the workbook was given itself: %+v", wb)
				case e != "xlsx" && slices.Contains(order, "xlsx") && (wb == nil || wb.Path != "audit-2026-11-30.xlsx" || wb.SHA256 != hex.EncodeToString(sum[:])):
					t.Errorf("%s got workbook %+v, want audit-2026-11-30.xlsx with the SHA-256 of what was written", e, wb)
				case !slices.Contains(order, "xlsx") && wb != nil:
					t.Errorf("%s got workbook %+v with no workbook written", e, wb)
				}
			}
		})
	}
}
