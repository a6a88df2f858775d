package rules

import (
	"strings"
	"testing"
)

func TestReconcileOverride(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       ReconcileLimits
		version    string
		err        string
	}{
		{name: "none", yaml: "rules: []\n", want: ReconcileLimits{2, 90, 24, 1000}, version: "2026.12.1"},
		{name: "stricter reading", yaml: "version: acme\nreconcile:\n  limits:\n    onjob_transfers_per_window: 1\n",
			want: ReconcileLimits{1, 90, 24, 1000}, version: "2026.12.1+local"},
		{name: "every number", yaml: "reconcile:\n  version: acme-1\n  limits:\n    onjob_transfers_per_window: 3\n    onjob_window_days: 30\n    takeover_wait_hours: 48\n    page_size_max: 100\n",
			want: ReconcileLimits{3, 30, 48, 100}, version: "2026.12.1+acme-1"},
		{name: "zero window", yaml: "reconcile:\n  limits:\n    onjob_window_days: 0\n", err: "reconcile.limits.onjob_window_days must be a whole number above 0, not 0"},
		{name: "negative wait", yaml: "reconcile:\n  limits:\n    takeover_wait_hours: -1\n", err: "reconcile.limits.takeover_wait_hours must be a whole number above 0, not -1"},
		{name: "wait longer than window", yaml: "reconcile:\n  limits:\n    onjob_window_days: 1\n    takeover_wait_hours: 25\n", err: "reconcile.limits.takeover_wait_hours is 25 hours, longer than onjob_window_days (1 × 24 hours)"},
		{name: "misspelt field", yaml: "reconcile:\n  limits:\n    onjob_transfer_per_window: 1\n", err: "onjob_transfer_per_window"},
		{name: "not a number", yaml: "reconcile:\n  limits:\n    page_size_max: many\n", err: "is not valid YAML"},
		{name: "findings are not overridable", yaml: "reconcile:\n  findings: []\n", err: "unknown field findings"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse(defaultYAML, []byte(c.yaml))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rr := s.Reconcile()
			if rr.Limits != c.want || rr.Version != c.version {
				t.Errorf("limits %+v version %q, want %+v %q", rr.Limits, rr.Version, c.want, c.version)
			}
			// The embedded set is never changed by an override.
			if Reconcile().Limits.OnJobTransfersPerWindow != 2 {
				t.Error("the override changed the embedded reconcile set")
			}
		})
	}
}

func TestReconcileFindingsHaveCountUnits(t *testing.T) {
	for _, f := range Reconcile().Findings {
		if _, ok := CountUnits[f.Count]; !ok {
			t.Errorf("%s: count %q", f.ID, f.Count)
		}
	}
	_, err := ParseReconcile([]byte(strings.Replace(string(reconcileYAML), "count: groups", "count: chats", 1)))
	if err == nil || !strings.Contains(err.Error(), `finding reconcile-groups-open: count "chats" is not a count unit`) {
		t.Fatalf("err = %v", err)
	}
}
