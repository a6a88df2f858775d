package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// sample returns the flags that read the showcase enterprise in samples/.
func sample(extra ...string) []string {
	s := "../../samples/"
	args := []string{
		"--roster", s + "roster.xlsx",
		"--contacts", s + "customers.xlsx", "--contacts", s + "external-contacts.csv", "--contacts=" + s + "contact-summary.xlsx",
		"--groups", s + "groups.xlsx", "--plan", s + "handover.xlsx", "--profile", s + "profile.yaml",
		"--as-of", "2026-11-30",
	}
	return append(args, extra...)
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"auditor"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/auditor -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./cmd/auditor -update and review the diff\n--- got ---\n%s", name, got)
	}
}

func TestCLIExitCodes(t *testing.T) {
	out := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		exit   int
		stdout string // substring
		stderr string // substring
	}{
		{"audit samples exits 0 by default", append([]string{"audit"}, sample("--out", out, "--format", "json")...), 0, "严重", ""},
		{"fail-on critical exits 1", append([]string{"audit"}, sample("--out", out, "--format", "json", "--fail-on", "critical")...), 1, "", ""},
		{"fail-on none exits 0", append([]string{"audit"}, sample("--out", out, "--format=json", "--fail-on=none")...), 0, "", ""},
		{"bad fail-on", append([]string{"audit"}, sample("--out", out, "--fail-on", "urgent")...), 2, "", "--fail-on"},
		{"bad as-of", append([]string{"audit"}, append(sample("--out", out), "--as-of", "30/11/2026")...), 2, "", "--as-of"},
		{"bad tz", append([]string{"audit"}, sample("--out", out, "--tz", "Mars/Olympus")...), 2, "", "--tz"},
		{"bad period", append([]string{"audit"}, sample("--out", out, "--period", "2026-13")...), 2, "", "--period"},
		{"unknown format", append([]string{"audit"}, sample("--out", out, "--format", "docx")...), 2, "", "docx"},
		{"missing roster", []string{"audit", "--contacts", "x.csv"}, 2, "", "roster"},
		{"missing file", []string{"audit", "--roster", "nope.xlsx", "--contacts", "nope.csv", "--out", out}, 2, "", "nope.xlsx"},
		{"out holding an input", append([]string{"audit"}, sample("--out", "../../samples", "--format", "json")...), 2, "", "input"},
		{"unknown command", []string{"frobnicate"}, 2, "", ""},
		{"rules table", []string{"rules"}, 0, "external-contacts-lost", ""},
		{"rules json", []string{"rules", "--format", "json"}, 0, `"member_cap_max": 20000`, ""},
		{"rules bad override", []string{"rules", "--rules", "testdata/bad-rules.yaml"}, 2, "", "rule no-receiver"},
		{"validate samples has problems", append([]string{"validate"}, sample()...), 1, "", ""},
		{"check unknown member suggests", append([]string{"check", "--member", "wangfan"}, sample()...), 2, "", "wangfang (王芳)"},
		{"check case-different userid", append([]string{"check", "--member", "WANGFANG"}, sample()...), 0, "wangfang", ""},
		{"check fail-on high", append([]string{"check", "--member", "zhangsan", "--fail-on", "high"}, sample()...), 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.exit, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

// TestAuditSamplesJSON pins the JSON report of the showcase enterprise.
func TestAuditSamplesJSON(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			out := t.TempDir()
			code, stdout, stderr := runCLI(t, append([]string{"audit"}, sample("--out", out, "--format", "json", "--lang", lang)...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s %s", code, stdout, stderr)
			}
			got, err := os.ReadFile(filepath.Join(out, "audit-2026-11-30.json"))
			if err != nil {
				t.Fatal(err)
			}
			// Paths differ per machine only by the temp dir: inputs are given relative.
			golden(t, "samples-"+lang+".json", got)
			var doc struct {
				Schema   string `json:"schema"`
				Findings []struct {
					Rule   string `json:"rule"`
					Member string `json:"member"`
					Count  int    `json:"count"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(got, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Schema != "auditor/v1" {
				t.Errorf("schema %q", doc.Schema)
			}
			fired := map[string]bool{}
			for _, f := range doc.Findings {
				fired[f.Rule] = true
			}
			// The showcase is built to make these fire.
			for _, r := range []string{"external-contacts-lost", "departing-outside-scope", "scope-unknown", "no-receiver",
				"receiver-unknown", "receiver-ineligible", "receiver-over-cap", "receiver-near-cap", "handover-expired",
				"handover-deadline-near", "handover-login-stale", "groups-need-transfer", "enterprise-cap-near",
				"conversion-needs-expansion", "expansion-ineligible", "member-cap-full", "invalid-member-cap",
				"unknown-owner", "duplicate-member", "duplicate-contact", "missing-departure-date"} {
				if !fired[r] {
					t.Errorf("rule %s did not fire on the samples", r)
				}
			}
		})
	}
}

func TestAuditIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, _, stderr := runCLI(t, append([]string{"audit"}, sample("--out", dir, "--format", "json")...)...); code != 0 {
			t.Fatal(stderr)
		}
	}
	x, _ := os.ReadFile(filepath.Join(a, "audit-2026-11-30.json"))
	y, _ := os.ReadFile(filepath.Join(b, "audit-2026-11-30.json"))
	if !bytes.Equal(x, y) || len(x) == 0 {
		t.Error("two runs gave different JSON")
	}
}

func TestCheckGolden(t *testing.T) {
	tests := []struct{ name, member, format, lang string }{
		{"leaver-zh.txt", "zhangsan", "text", "zh"},
		{"leaver-en.txt", "wangfang", "text", "en"},
		{"active-en.txt", "zhaolei", "text", "en"},
		{"leaver.json", "chenjing", "json", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"check", "--member", tt.member, "--format", tt.format, "--lang", tt.lang}, sample()...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden(t, "check-"+tt.name, []byte(stdout))
		})
	}
}

// TestPlanRoundTrip: auditing the plan the tool wrote, read back through
// --plan, raises no receiver finding beyond what the plan lists as
// unplaceable (the showcase has none).
func TestPlanRoundTrip(t *testing.T) {
	out := t.TempDir()
	if code, stdout, stderr := runCLI(t, append([]string{"plan"}, sample("--out", out)...)...); code != 0 {
		t.Fatalf("plan exit %d: %s %s", code, stdout, stderr)
	}
	planFile := filepath.Join(out, "plan-2026-11-30.xlsx")
	args := sample("--out", t.TempDir(), "--format", "json")
	for i := range args {
		if args[i] == "--plan" {
			args[i+1] = planFile
		}
	}
	code, _, stderr := runCLI(t, append([]string{"audit"}, args...)...)
	if code != 0 {
		t.Fatalf("audit of the plan exit %d: %s", code, stderr)
	}
	dir := args[len(args)-3]
	b, err := os.ReadFile(filepath.Join(dir, "audit-2026-11-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct{ Rule, Member string } `json:"findings"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		switch f.Rule {
		case "no-receiver", "receiver-unknown", "receiver-ineligible", "receiver-over-cap":
			t.Errorf("audit of the plan raised %s for %s", f.Rule, f.Member)
		}
	}
}

// TestReadmeRulesTable keeps the README's rules table equal to the rule set.
func TestReadmeRulesTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	code, table, _ := runCLI(t, "rules", "--format", "markdown")
	if code != 0 || !strings.Contains(string(readme), table) {
		t.Errorf("README's rules table is out of date; paste the output of: auditor rules --format markdown\n%s", table)
	}
}

// TestHugeHeapInitFirst: the heap is advised for huge pages before the
// packages that allocate at init (the catalogue, excelize) run theirs
// (internal/hugeheap's doc): GODEBUG=inittrace=1 lists the inits of this
// test binary, which imports what the command imports, in order.
func TestHugeHeapInitFirst(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i + 1
		}
	}
	first := order["github.com/wecom-audit/auditor/cmd/auditor/internal/hugeheap"]
	if first == 0 {
		t.Fatalf("no init of hugeheap in:\n%s", out)
	}
	for _, p := range []string{"github.com/wecom-audit/auditor/catalog", "github.com/xuri/excelize/v2"} {
		if n := order[p]; n == 0 || n < first {
			t.Errorf("%s initialized at line %d, hugeheap at %d: want hugeheap first", p, n, first)
		}
	}
}
