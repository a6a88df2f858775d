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
	"time"

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

// gateSpy is a writer whose Write first runs before, then writes its body;
// for the JSON it records the set it waited for.
type gateSpy struct {
	ext    string
	before func() error
	set    *[]audit.InputFile
}

func (s gateSpy) Ext() string { return s.ext }
func (s gateSpy) Write(w io.Writer, _ *audit.Result, opt Options) error {
	if s.before != nil {
		if err := s.before(); err != nil {
			return err
		}
	}
	if s.set != nil {
		set, err := opt.reportSet()
		if err != nil {
			return err
		}
		*s.set = set
	}
	_, err := io.WriteString(w, "body of "+s.ext)
	return err
}

// The JSON is encoded beside the workbook and the PDF, not after them: the
// workbook here cannot finish until the JSON has begun. It still names
// both with their digests, and SaveAll still renames it into place last.
func TestSaveAllEncodesTheJSONBesideTheOthers(t *testing.T) {
	started := make(chan struct{})
	var set []audit.InputFile
	ws := []Writer{
		gateSpy{ext: "xlsx", before: func() error {
			select {
			case <-started:
				return nil
			case <-time.After(30 * time.Second):
				return errors.New("the JSON did not begin while the workbook was written")
			}
		}},
		gateSpy{ext: "pdf"},
		gateSpy{ext: "json", before: func() error { close(started); return nil }, set: &set},
	}
	dir := t.TempDir()
	written, err := SaveAll(dir, Outputs(&audit.Result{AsOf: audit.NewDate(2026, 11, 30)}, ws, Options{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 3 || filepath.Base(written[2]) != "audit-2026-11-30.json" {
		t.Errorf("written %q, want the workbook, the PDF, then the JSON", written)
	}
	var want []string
	for _, e := range []string{"xlsx", "pdf"} {
		sum := sha256.Sum256([]byte("body of " + e))
		want = append(want, e+" audit-2026-11-30."+e+" "+hex.EncodeToString(sum[:]))
	}
	var got []string
	for _, f := range set {
		got = append(got, f.Role+" "+f.Path+" "+f.SHA256)
	}
	if !slices.Equal(got, want) {
		t.Errorf("the JSON named %q, want %q", got, want)
	}
}

// A report that fails stops the JSON waiting for it: SaveAll says the
// report's failure, not the JSON's, and leaves nothing behind.
func TestSaveAllStopsTheJSONWhenAReportFails(t *testing.T) {
	var set []audit.InputFile
	ws := []Writer{
		gateSpy{ext: "xlsx"},
		gateSpy{ext: "pdf", before: func() error { return errors.New("the PDF broke") }},
		gateSpy{ext: "json", set: &set},
	}
	dir := t.TempDir()
	_, err := SaveAll(dir, Outputs(&audit.Result{AsOf: audit.NewDate(2026, 11, 30)}, ws, Options{}), nil)
	if err == nil || !strings.Contains(err.Error(), "the PDF broke") {
		t.Fatalf("SaveAll: %v, want the PDF's failure", err)
	}
	if strings.Contains(err.Error(), "stopped") {
		t.Errorf("SaveAll: %v; the JSON's stop is not the failure to report", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != lockName {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
