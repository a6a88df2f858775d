package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLISeries drives the monthly recipe: --history over the reports
// folder, --waivers, and --fail-on critical with the exit codes a scheduler
// sees.
func TestCLISeries(t *testing.T) {
	out := t.TempDir()
	// October's run: the first of the series.
	code, stdout, stderr := runCLI(t, append([]string{"audit"}, sampleAt("2026-10-31", "--out", out, "--format", "json", "--history", out, "--lang", "en")...)...)
	if code != 0 || !strings.Contains(stdout, "First audit of the series") {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	var doc struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
			Severity    string `json:"severity"`
		} `json:"findings"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "audit-2026-10-31.json"))
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// Accept every critical finding of October until the end of the year.
	var w strings.Builder
	for _, f := range doc.Findings {
		if f.Severity == "critical" {
			fmt.Fprintf(&w, "- fingerprint: %s\n  reason: contacts exported to the CRM\n  accepted_by: compliance\n  expires: 2026-12-31\n", f.Fingerprint)
		}
	}
	waivers := filepath.Join(t.TempDir(), "waivers.yaml")
	os.WriteFile(waivers, []byte(w.String()), 0o644)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("- fingerprint: c5aae90d81c997ab\n  reason: r\n  accepted_by: a\n  expires: soon\n"), 0o644)
	other := filepath.Join(t.TempDir(), "audit-2026-10-31.json")
	os.WriteFile(other, []byte(strings.Replace(string(data), "示例科技有限公司", "别的公司", 1)), 0o644)

	nov := func(extra ...string) []string {
		return append([]string{"audit"}, sampleAt("2026-11-30", append([]string{"--out", t.TempDir(), "--format", "json", "--lang", "en", "--fail-on", "critical"}, extra...)...)...)
	}
	tests := []struct {
		name   string
		args   []string
		exit   int
		stdout string
		stderr string
	}{
		{"critical findings fail the batch", nov("--history", out), 1, "persisting", ""},
		{"the new critical of November still fails with October's waived", nov("--history", out, "--waivers", waivers), 1, "findings waived", ""},
		{"waived until the end of the year: only November's new critical counts", nov("--previous", filepath.Join(out, "audit-2026-10-31.json"), "--waivers", waivers), 1, "Since the previous audit (2026-10-31)", ""},
		{"bad waiver file: line and field, exit 2", nov("--waivers", bad), 2, "", "bad.yaml, line 4: expires:"},
		{"previous report of another company: exit 2", nov("--previous", other), 2, "", "is for company"},
		{"previous report later than the run: exit 2", append([]string{"audit"}, sampleAt("2026-09-30", "--out", t.TempDir(), "--format", "json", "--previous", filepath.Join(out, "audit-2026-10-31.json"))...), 2, "", "later than this run"},
		{"--previous and --history together", nov("--previous", other, "--history", out), 2, "", "give one"},
		{"missing history folder", nov("--history", filepath.Join(out, "nope")), 2, "", "--history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.exit || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.exit, stdout, stderr)
			}
		})
	}
	// October again, with every critical waived: exit 0 under --fail-on critical.
	code, stdout, stderr = runCLI(t, append([]string{"audit"}, sampleAt("2026-10-31", "--out", t.TempDir(), "--format", "json", "--lang", "en", "--fail-on", "critical", "--waivers", waivers)...)...)
	if code != 0 || !strings.Contains(stdout, "0 expired") {
		t.Errorf("every critical waived: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
}

// sampleAt is sample with another as-of date.
func sampleAt(asOf string, extra ...string) []string {
	args := sample(extra...)
	for i, a := range args {
		if a == "--as-of" {
			args[i+1] = asOf
		}
	}
	return args
}
