package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// capacityRun writes a roster and a summary-form contact export (counts per
// member, no add times) whose enterprise total is total, and audits them as
// of asOf into out, with extra flags. It returns the JSON report's capacity.
func capacityRun(t *testing.T, in, out, asOf string, total int, extra ...string) map[string]any {
	t.Helper()
	dir := filepath.Join(in, asOf)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	roster := "账号,姓名,状态,客户联系,激活状态\nsales1,甲,在职,是,已激活\nsales2,乙,在职,是,已激活\nsales3,丙,在职,是,已激活\n"
	per := total / 3
	summary := fmt.Sprintf("成员账号,客户数,外部联系人数\nsales1,%d,0\nsales2,%d,0\nsales3,%d,0\n", per, per, total-2*per)
	profile := "company: 容量测试\nverified: true\ndaily_active_users: 80\nenterprise_cap: 50000\nmember_cap_default: 20000\n"
	for name, body := range map[string]string{"roster.csv": roster, "summary.csv": summary, "profile.yaml": profile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"audit", "--roster", filepath.Join(dir, "roster.csv"), "--contacts", filepath.Join(dir, "summary.csv"),
		"--profile", filepath.Join(dir, "profile.yaml"), "--as-of", asOf, "--format", "json", "--out", out}, extra...)
	if code, stdout, stderr := runCLI(t, args...); code > 1 {
		t.Fatalf("audit %s: exit %d\n%s\n%s", asOf, code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "audit-"+asOf+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Capacity map[string]any `json:"capacity"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Capacity == nil {
		t.Fatalf("%s: no capacity in the JSON report", asOf)
	}
	return doc.Capacity
}

// TestCapacityFromHistoryEndToEnd (issue 28): exports without add times,
// audited through the CLI. With --history holding month-end reports the
// enterprise's pace comes from their totals and the cap's date is within
// the stated tolerance of the truth (docs/capacity.md); with too little
// history, or none, the forecast is unknown — null in the JSON, never a
// date made up.
func TestCapacityFromHistoryEndToEnd(t *testing.T) {
	const perDay = 100 // the truth: 700 customers a week
	final := "2026-11-30"
	months := []string{"2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31"}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	totalOn := func(s string) int { return 45300 - int(day(final).Sub(day(s)).Hours()/24)*perDay }

	cases := []struct {
		name    string
		earlier []string // month ends audited before, into the history folder
		history bool     // pass --history
		known   bool
		points  int
	}{
		{"five month ends", months, true, true, 6},
		{"one earlier report", months[4:], true, false, 0},
		{"no history", nil, false, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, hist, out := t.TempDir(), t.TempDir(), t.TempDir()
			for _, m := range c.earlier {
				capacityRun(t, in, hist, m, totalOn(m))
			}
			var extra []string
			if c.history {
				extra = []string{"--history", hist}
			}
			capy := capacityRun(t, in, out, final, totalOn(final), extra...)
			ent := capy["enterprise"].(map[string]any)
			if ent["known"] != c.known {
				t.Fatalf("known = %v, want %v (reason %v)", ent["known"], c.known, ent["unknown_reason"])
			}
			if !c.known {
				for _, k := range []string{"pace_per_week", "act_by", "due", "overdue"} {
					if ent[k] != nil {
						t.Errorf("%s = %v for an unknown forecast, want null", k, ent[k])
					}
				}
				if r, _ := ent["reaches"].([]any); len(r) > 0 {
					t.Errorf("reaches %v for an unknown forecast", r)
				}
				if capy["pace_source"] != nil {
					t.Errorf("pace_source %v, want null", capy["pace_source"])
				}
				reason, _ := ent["unknown_reason"].(string)
				if reason == "" {
					t.Fatalf("unknown without a reason")
				}
				if c.history && !strings.Contains(strings.ToLower(reason), "report") && !strings.Contains(reason, "报告") {
					t.Errorf("the reason does not name the history: %q", reason)
				}
				return
			}
			if capy["pace_source"] != "history" {
				t.Errorf("pace_source %v, want history", capy["pace_source"])
			}
			if pts, _ := capy["history_points"].([]any); len(pts) != c.points {
				t.Errorf("history_points %d, want %d", len(pts), c.points)
			}
			if p, _ := ent["pace_per_week"].(float64); p < 650 || p > 750 {
				t.Errorf("pace %v a week, want about 700", ent["pace_per_week"])
			}
			reaches := ent["reaches"].([]any)
			first := reaches[0].(map[string]any)
			got := day(first["date"].(string))
			truth := (50000 - totalOn(final) + perDay - 1) / perDay
			d := int(got.Sub(day(final)).Hours() / 24)
			tol := max(3, min(14, truth/10))
			t.Logf("cap reached in %d days (truth %d, tolerance %d); act by %v", d, truth, tol, ent["act_by"])
			if d < truth-tol || d > truth+tol {
				t.Errorf("cap reached in %d days, truth %d (tolerance %d)", d, truth, tol)
			}
			if ent["act_by"] == nil {
				t.Errorf("no act-by date for a known forecast")
			}
		})
	}
}
