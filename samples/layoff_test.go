package samples

import (
	"path/filepath"
	"strconv"
	"testing"
)

// TestLayoff: the layoff options give exactly the leavers, receivers and
// handover rows asked for, every split book's counts add up to no more
// than the book, and impossible asks are refused.
func TestLayoff(t *testing.T) {
	tests := []struct {
		name                                 string
		members, leavers, receivers, hoRows  int
		wantLeavers, wantReceivers, wantRows int
	}{
		{"leavers only", 60, 20, 0, 0, 20, -1, 20},
		{"leavers and receivers", 60, 20, 3, 0, 20, 3, 20},
		{"split books", 60, 20, 5, 55, 20, 5, 55},
		{"receivers only", 200, 0, 2, 0, -1, 2, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Members: tt.members, Contacts: 500, Seed: 3, Leavers: tt.leavers, Receivers: tt.receivers, HandoverRows: tt.hoRows}
			if err := Generate(dir, cfg); err != nil {
				t.Fatal(err)
			}
			leaving := 0
			for _, r := range sheetRows(t, filepath.Join(dir, Files.Roster))["成员列表"][2:] {
				if r[3] != "在职" {
					leaving++
				}
			}
			if tt.wantLeavers >= 0 && leaving != tt.wantLeavers {
				t.Errorf("%d members leave, want %d", leaving, tt.wantLeavers)
			}
			plan := sheetRows(t, filepath.Join(dir, Files.Plan))["离职交接表"][1:]
			if tt.wantRows >= 0 && len(plan) != tt.wantRows {
				t.Errorf("%d handover rows, want %d", len(plan), tt.wantRows)
			}
			receivers := map[string]bool{}
			named := map[string]bool{}
			for _, r := range plan {
				named[r[0]] = true
				if len(r) > 2 && r[2] != "" {
					receivers[r[2]] = true
				}
				if len(r) > 3 && r[3] != "" {
					if n, err := strconv.Atoi(r[3]); err != nil || n < 0 {
						t.Errorf("count %q on row %v", r[3], r)
					}
				}
			}
			if len(named) != leaving {
				t.Errorf("the sheet names %d leavers, the roster has %d", len(named), leaving)
			}
			if tt.wantReceivers >= 0 && len(receivers) != tt.wantReceivers {
				t.Errorf("%d receivers named, want %d", len(receivers), tt.wantReceivers)
			}
		})
	}
	for _, bad := range []Config{
		{Members: 10, Leavers: 10},
		{Members: 10, Leavers: 3, Receivers: 8},
		{Members: 10, Leavers: 3, HandoverRows: 2},
		{Members: 10, Leavers: -1},
	} {
		if err := Generate(t.TempDir(), bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
