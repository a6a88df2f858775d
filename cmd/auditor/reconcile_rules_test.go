package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRulesListsReconcile: `auditor rules` lists the reconcile findings in
// every format and language, with their count units and the numbers in force.
func TestRulesListsReconcile(t *testing.T) {
	ov := filepath.Join(t.TempDir(), "strict.yaml")
	if err := os.WriteFile(ov, []byte("reconcile:\n  limits:\n    onjob_transfers_per_window: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"rules"}, []string{"reconcile findings (auditor reconcile):", "reconcile-groups-open      medium    groups", "reconcile-lost-refused", "relationships", "at most 2 times per customer in 90 days"}},
		{[]string{"rules", "--lang", "zh"}, []string{"对账结果（auditor reconcile）：", "客户拒绝了离职继承：客户已流失", "每位客户 90 天内最多在职继承 2 次"}},
		{[]string{"rules", "--rules", ov}, []string{"reconcile rule set 2026.12.1+local: on-job transfer at most 1 time per customer"}},
		{[]string{"rules", "--format", "markdown"}, []string{"Reconcile findings (`auditor reconcile`):", "| `reconcile-groups-open` | medium | groups |"}},
		{[]string{"rules", "--format", "markdown", "--lang", "zh"}, []string{"| `reconcile-waiting` | info | relationships | D13, API/96333 | 客户正在等待接替 |"}},
	}
	for _, c := range cases {
		code, out, stderr := runCLI(t, c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args, w, out)
			}
		}
	}
	code, out, _ := runCLI(t, "rules", "--format", "json", "--rules", ov)
	var doc struct {
		Reconcile struct {
			Version  string
			Limits   map[string]int
			Findings []struct {
				ID    string
				Count string `json:"count_unit"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	if doc.Reconcile.Limits["onjob_transfers_per_window"] != 1 || doc.Reconcile.Limits["takeover_wait_hours"] != 24 || len(doc.Reconcile.Findings) != 11 {
		t.Errorf("json reconcile part: %+v", doc.Reconcile)
	}
	for _, f := range doc.Reconcile.Findings {
		if f.Count == "" {
			t.Errorf("%s: no count unit", f.ID)
		}
	}
}

// TestRulesOverrideReconcileBad: a bad reconcile number stops every command
// with exit 2 and names the field.
func TestRulesOverrideReconcileBad(t *testing.T) {
	ov := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(ov, []byte("reconcile:\n  limits:\n    onjob_window_days: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"rules", "--rules", ov}, append([]string{"plan"}, sample("--rules", ov, "--out", t.TempDir())...)} {
		code, _, stderr := runCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, "bad.yaml: reconcile.limits.onjob_window_days must be a whole number above 0, not 0") {
			t.Errorf("%v: exit %d, stderr %q", args[0], code, stderr)
		}
	}
}

// reconcilePDFText reads the closure sheets back with pdftotext (poppler);
// without it the check is skipped, the rest of the round trip still runs.
func reconcilePDFText(t *testing.T, pdf string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: closure sheet text not checked")
		return
	}
	out, err := exec.Command(bin, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	txt := string(out)
	for _, w := range []string{
		"Handover reconciliation", "3 of 12 leavers closed",
		"Closure sheet: 马刚 (magang)", "Handover complete on 2026-11-28",
		"Customers not taken over by the planned receiver", "taken over by",
		"Closure sheet: 王芳 (wangfang)", "Closure sheet: 李强 (liqiang)",
		"40 customers never taken over can no longer be handed", "Sign-off",
	} {
		if !strings.Contains(txt, w) {
			t.Errorf("reconcile PDF text lacks %q", w)
		}
	}
	for _, bad := range []string{`(^|[^0-9,])1 (customers|days|groups|customer groups)\b`, `reached its`, `\bit\b.*(leaver|member)`} {
		if m := regexp.MustCompile(bad).FindString(txt); m != "" {
			t.Errorf("reconcile PDF says %q", m)
		}
	}
}
