package rules

import (
	"fmt"
	"strconv"

	"github.com/wecom-audit/auditor/catalog"
)

// rawReconcile is the `reconcile:` section of a --rules override file: the
// reconcile rule set's numbers, decoded with pointers so that an absent
// field keeps the embedded value. Precedence: rules/reconcile.yaml as
// embedded, then this section (docs/reconcile.md).
type rawReconcile struct {
	Version string `yaml:"version"`
	Limits  struct {
		OnJobTransfersPerWindow *int `yaml:"onjob_transfers_per_window"`
		OnJobWindowDays         *int `yaml:"onjob_window_days"`
		TakeoverWaitHours       *int `yaml:"takeover_wait_hours"`
		PageSizeMax             *int `yaml:"page_size_max"`
	} `yaml:"limits"`
}

// Reconcile returns the reconcile rule set in force with this rule set: the
// embedded one, with the override file's `reconcile:` numbers applied.
func (s *Set) Reconcile() *ReconcileSet {
	if s != nil && s.reconcile != nil {
		return s.reconcile
	}
	return Reconcile()
}

// applyReconcile applies the override's section to a fresh copy of the
// embedded reconcile set, then validates it (errors name the field).
func applyReconcile(ov *rawReconcile) (*ReconcileSet, error) {
	rs := Reconcile()
	if ov.Version != "" {
		rs.Version += "+" + ov.Version
	} else {
		rs.Version += "+local"
	}
	for _, f := range []struct {
		name string
		dst  *int
		src  *int
	}{
		{"onjob_transfers_per_window", &rs.Limits.OnJobTransfersPerWindow, ov.Limits.OnJobTransfersPerWindow},
		{"onjob_window_days", &rs.Limits.OnJobWindowDays, ov.Limits.OnJobWindowDays},
		{"takeover_wait_hours", &rs.Limits.TakeoverWaitHours, ov.Limits.TakeoverWaitHours},
		{"page_size_max", &rs.Limits.PageSizeMax, ov.Limits.PageSizeMax},
	} {
		if f.src != nil {
			if *f.src <= 0 {
				return nil, ruleError("rules.error.positive", catalog.Args{"field": "reconcile.limits." + f.name, "value": strconv.Itoa(*f.src)})
			}
			*f.dst = *f.src
		}
	}
	if err := rs.validate(); err != nil {
		return nil, fmt.Errorf("reconcile.%w", err)
	}
	if w, d := rs.Limits.TakeoverWaitHours, rs.Limits.OnJobWindowDays; w > d*24 {
		return nil, ruleError("rules.error.wait", catalog.Args{"wait": strconv.Itoa(w), "days": strconv.Itoa(d)})
	}
	return rs, nil
}
