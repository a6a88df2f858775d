package history_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/history"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

// TestReportIDCoversSeries: the previous report and the waiver file are
// inputs of the run, hashed among them, and the report id changes with and
// without --history, --previous and --waivers.
func TestReportIDCoversSeries(t *testing.T) {
	base := readSamples(t)
	asOf := audit.NewDate(2026, 11, 30)
	dir := t.TempDir()

	// An October report to compare with.
	oct, err := audit.Run(variant(base, nil), rules.Default(), audit.Config{AsOf: audit.NewDate(2026, 10, 31), ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (&report.JSONWriter{}).Write(&buf, oct, report.Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	prevPath := filepath.Join(dir, "audit-2026-10-31.json")
	if err := os.WriteFile(prevPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	writeWaivers := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fp := audit.FingerprintOf("handover-login-stale", "sunli", "")
	w1 := writeWaivers("w1.yaml", "- fingerprint: "+fp+"\n  reason: awaiting WeCom support\n  accepted_by: HR\n  expires: 2027-01-31\n")
	w2 := writeWaivers("w2.yaml", "- fingerprint: "+fp+"\n  reason: awaiting WeCom support\n  accepted_by: HR\n  expires: 2027-02-28\n")
	empty := writeWaivers("empty.yaml", "")

	sum := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b)
		return hex.EncodeToString(s[:])
	}
	type input struct{ role, path string }
	tests := []struct {
		name    string
		history string // "", "empty" (a folder with no earlier report) or "previous"
		waivers string
		inputs  []input // the series inputs the run lists, in order
	}{
		{"neither", "", "", nil},
		{"empty history folder (first run of a series)", "empty", "", nil},
		{"previous report", "previous", "", []input{{history.RolePreviousReport, prevPath}}},
		{"waivers", "", w1, []input{{history.RoleWaivers, w1}}},
		{"other waivers", "", w2, []input{{history.RoleWaivers, w2}}},
		{"empty waiver file", "", empty, []input{{history.RoleWaivers, empty}}},
		{"previous report and waivers", "previous", w1, []input{{history.RolePreviousReport, prevPath}, {history.RoleWaivers, w1}}},
	}
	ids := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := audit.Run(variant(base, nil), rules.Default(), audit.Config{AsOf: asOf, ToolVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			n := len(res.Inputs)
			switch tt.history {
			case "empty":
				err = history.Compare(res, nil)
			case "previous":
				var prev *history.Report
				if prev, err = history.Load(prevPath); err == nil {
					err = history.Compare(res, []*history.Report{prev})
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.waivers != "" {
				wf, err := history.LoadWaivers(tt.waivers)
				if err != nil {
					t.Fatal(err)
				}
				wf.Apply(res)
			}
			got := res.Inputs[n:]
			if len(got) != len(tt.inputs) {
				t.Fatalf("series inputs %+v, want %+v", got, tt.inputs)
			}
			for i, in := range tt.inputs {
				if got[i].Role != in.role || got[i].Path != in.path || got[i].SHA256 != sum(in.path) {
					t.Errorf("input %d: %s %s %s, want %s %s with the file's SHA-256 %s", i, got[i].Role, got[i].Path, got[i].SHA256, in.role, in.path, sum(in.path))
				}
			}
			id := report.ReportID(res, report.Options{})
			for other, oid := range ids {
				if oid == id {
					t.Errorf("report id %s is the same as for %q", id, other)
				}
			}
			ids[tt.name] = id
			// The id depends on nothing else: the same run again gives it.
			again, _ := audit.Run(variant(base, nil), rules.Default(), audit.Config{AsOf: asOf, ToolVersion: "test"})
			if tt.history == "" && tt.waivers == "" && report.ReportID(again, report.Options{}) != id {
				t.Error("the same run gives another id")
			}
		})
	}
}
