package rules

import (
	"strings"
	"testing"
)

func TestReconcileEmbedded(t *testing.T) {
	s := Reconcile()
	// Every code the issue names has an entry with its meaning and a source
	// page (docs/reconcile.md lists them).
	for _, c := range []int{40096, 40097, 40098, 40099, 40100, 40128, 40129, 40130, 40131, 41054} {
		e, ok := s.Error(c, "customer")
		if !ok || e.Meaning.In("en") == "" || len(e.Source) == 0 {
			t.Errorf("customer error %d: missing or incomplete: %+v", c, e)
		}
	}
	for _, c := range []int{90500, 90501, 90503, 90507, 90508} {
		if _, ok := s.Error(c, "group"); !ok {
			t.Errorf("group error %d missing", c)
		}
	}
	for c, want := range map[int]string{1: StateDone, 2: StateWaiting, 3: StateRefused, 4: StateCapReached} {
		if st, ok := s.Status(c); !ok || st.State != want {
			t.Errorf("status %d = %+v, want %s", c, st, want)
		}
	}
	if s.Limits.OnJobTransfersPerWindow != 2 || s.Limits.OnJobWindowDays != 90 {
		t.Errorf("limits = %+v", s.Limits)
	}
}

func TestReconcileValidate(t *testing.T) {
	base := string(reconcileYAML)
	cases := []struct{ name, old, new, want string }{
		{"unknown state", "scope: customer\n    state: cap_reached", "scope: customer\n    state: retry", `unknown state "retry"`},
		{"unlisted source", "source: [API/90313, D16]", "source: [API/99999, D16]", "API/99999 is not listed"},
		{"bad severity", "severity: info", "severity: minor", "finding reconcile-waiting"},
		{"zero limit", "onjob_window_days: 90", "onjob_window_days: 0", "limits.onjob_window_days"},
		{"unknown key", "page_size_max: 1000", "page_size_max: 1000\n  page_size_min: 1", "page_size_min"},
		// A rule file that writes its own words must write both languages.
		{"missing en", "code: 41054\n    scope: customer\n    state: not_started\n", "code: 41054\n    scope: customer\n    state: not_started\n    meaning: {zh: \"成员未激活\", en: \"\"}\n", "error 41054: meaning needs both zh and en"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("fixture text %q not in reconcile.yaml", c.old)
			}
			_, err := ParseReconcile([]byte(strings.Replace(base, c.old, c.new, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}
