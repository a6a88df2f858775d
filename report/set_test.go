package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
)

// TestOutputsJSONNamesTheSet: the JSON is rendered last whatever the
// order of --format, and is given every other file with its SHA-256.
func TestOutputsJSONNamesTheSet(t *testing.T) {
	for _, order := range [][]string{{"json", "pdf", "xlsx"}, {"xlsx", "json", "pdf"}, {"json"}} {
		t.Run(strings.Join(order, ","), func(t *testing.T) {
			got := map[string]*Options{}
			var ws []Writer
			for _, e := range order {
				got[e] = &Options{}
				ws = append(ws, optSpy{ext: e, body: "body of " + e, got: got[e]})
			}
			outs := Outputs(&audit.Result{AsOf: audit.NewDate(2026, 11, 30)}, ws, Options{})
			if last := outs[len(outs)-1].Name; last != "audit-2026-11-30.json" {
				t.Errorf("last output %s; want the JSON", last)
			}
			for _, o := range outs {
				if err := o.Write(io.Discard); err != nil {
					t.Fatal(err)
				}
			}
			var want []audit.InputFile
			for _, e := range []string{"xlsx", "pdf"} {
				if slices.Contains(order, e) {
					sum := sha256.Sum256([]byte("body of " + e))
					want = append(want, audit.InputFile{Role: e, Path: "audit-2026-11-30." + e, SHA256: hex.EncodeToString(sum[:])})
				}
			}
			if !slices.EqualFunc(got["json"].Set, want, func(a, b audit.InputFile) bool {
				return a.Role == b.Role && a.Path == b.Path && a.SHA256 == b.SHA256
			}) {
				t.Errorf("JSON given set %+v; want %+v", got["json"].Set, want)
			}
		})
	}
}

// TestJSONReportSet: the JSON writes the set it is given as report_set.
func TestJSONReportSet(t *testing.T) {
	var b strings.Builder
	set := []audit.InputFile{{Role: "xlsx", Path: "audit-2026-11-30.xlsx", SHA256: "ab"}}
	if err := (&JSONWriter{}).Write(&b, &audit.Result{AsOf: audit.NewDate(2026, 11, 30)}, Options{Lang: "en", Set: set}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ReportSet []map[string]string `json:"report_set"`
	}
	if err := json.Unmarshal([]byte(b.String()), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.ReportSet) != 1 || doc.ReportSet[0]["name"] != "audit-2026-11-30.xlsx" || doc.ReportSet[0]["sha256"] != "ab" || doc.ReportSet[0]["format"] != "xlsx" {
		t.Errorf("report_set = %+v", doc.ReportSet)
	}
}

// TestSaveAllLocksTheFolder: a second run into a folder another holds
// stops with a clear message and writes nothing.
func TestSaveAllLocksTheFolder(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := Output{Name: "audit-2026-11-30.json", Write: func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }}
	_, err = SaveAll(dir, []Output{out}, nil)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another auditor run") {
		t.Fatalf("err = %v; want the folder busy", err)
	}
	if _, err := os.Stat(filepath.Join(dir, out.Name)); err == nil {
		t.Error("a report was written into a locked folder")
	}
	unlock()
	if _, err := SaveAll(dir, []Output{out}, nil); err != nil {
		t.Errorf("after the lock ended: %v", err)
	}
}

// TestSaveAllRemovesLeftovers: temporary files of killed runs go at the
// next run; nothing else does.
func TestSaveAllRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	left := []string{".audit-2026-11-30.pdf.tmp-123456", ".audit-2026-11-30.xlsx.tmp-9"}
	kept := []string{".hidden", "notes.tmp-1", ".a.tmp-x1", "audit-2026-11-01.json"}
	for _, n := range append(slices.Clone(left), kept...) {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	out := Output{Name: "audit-2026-11-30.json", Write: func(w io.Writer) error { return nil }}
	if _, err := SaveAll(dir, []Output{out}, nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range left {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("leftover %s not removed", n)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: %v", n, err)
		}
	}
}
