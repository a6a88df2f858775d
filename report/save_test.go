package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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
		names = append(names, e.Name())
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
