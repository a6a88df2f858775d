package history_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/history"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

// TestEscalated compares a run with a previous report built here: a
// previous finding that is gone is escalated when a more severe finding,
// new this run, fires for the same member, and resolved otherwise.
func TestEscalated(t *testing.T) {
	prevAsOf, asOf := audit.NewDate(2026, 10, 31), audit.NewDate(2026, 11, 30)
	type fd struct {
		rule   string
		sev    rules.Severity
		member string
	}
	tests := []struct {
		name          string
		prev, now     []fd
		wantStatus    map[string]string   // "rule member" → status of this run's finding
		wantEscalated map[string][]string // "rule member" of the previous report → rules that replaced it
		wantResolved  []string            // "rule member"
	}{
		{
			name:          "no-receiver became handover-expired for the same member: escalated, not resolved",
			prev:          []fd{{"no-receiver", rules.High, "liqiang"}},
			now:           []fd{{"handover-expired", rules.Critical, "liqiang"}},
			wantStatus:    map[string]string{"handover-expired liqiang": audit.StatusEscalated},
			wantEscalated: map[string][]string{"no-receiver liqiang": {"handover-expired"}},
		},
		{
			name:          "three findings of one member give way to one critical (userid case differs)",
			prev:          []fd{{"handover-deadline-near", rules.High, "LiQiang"}, {"no-receiver", rules.High, "liqiang"}, {"groups-need-transfer", rules.Medium, "liqiang"}},
			now:           []fd{{"handover-expired", rules.Critical, "liqiang"}},
			wantStatus:    map[string]string{"handover-expired liqiang": audit.StatusEscalated},
			wantEscalated: map[string][]string{"handover-deadline-near LiQiang": {"handover-expired"}, "no-receiver liqiang": {"handover-expired"}, "groups-need-transfer liqiang": {"handover-expired"}},
		},
		{
			name:         "gone with nothing in its place: resolved",
			prev:         []fd{{"no-receiver", rules.High, "liqiang"}},
			wantResolved: []string{"no-receiver liqiang"},
		},
		{
			name:         "followed by a finding no more severe: resolved",
			prev:         []fd{{"external-contacts-lost", rules.Critical, "lizhe"}},
			now:          []fd{{"departing-outside-scope", rules.High, "lizhe"}},
			wantStatus:   map[string]string{"departing-outside-scope lizhe": audit.StatusNew},
			wantResolved: []string{"external-contacts-lost lizhe"},
		},
		{
			name:         "a brand-new critical of another member is new; the gone finding resolved",
			prev:         []fd{{"no-receiver", rules.High, "liqiang"}},
			now:          []fd{{"external-contacts-lost", rules.Critical, "zhaolei"}},
			wantStatus:   map[string]string{"external-contacts-lost zhaolei": audit.StatusNew},
			wantResolved: []string{"no-receiver liqiang"},
		},
		{
			name:         "a more severe finding that persists escalates nothing",
			prev:         []fd{{"no-receiver", rules.High, "liqiang"}, {"handover-expired", rules.Critical, "liqiang"}},
			now:          []fd{{"handover-expired", rules.Critical, "liqiang"}},
			wantStatus:   map[string]string{"handover-expired liqiang": audit.StatusPersisting},
			wantResolved: []string{"no-receiver liqiang"},
		},
		{
			name:         "enterprise findings (no member) are never escalated",
			prev:         []fd{{"enterprise-cap-near", rules.Medium, ""}},
			now:          []fd{{"enterprise-cap-full", rules.Critical, ""}},
			wantStatus:   map[string]string{"enterprise-cap-full ": audit.StatusNew},
			wantResolved: []string{"enterprise-cap-near "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := &history.Report{Path: "audit-2026-10-31.json", SHA256: strings.Repeat("ab", 32), AsOf: prevAsOf, Company: "c"}
			for _, f := range tt.prev {
				prev.Findings = append(prev.Findings, history.Finding{Fingerprint: audit.FingerprintOf(f.rule, f.member, ""), Rule: f.rule, Severity: f.sev, Member: f.member, Count: 40})
			}
			res := &audit.Result{AsOf: asOf, Company: "c"}
			for _, f := range tt.now {
				res.Findings = append(res.Findings, audit.Finding{Fingerprint: audit.FingerprintOf(f.rule, f.member, ""), Rule: f.rule, Severity: f.sev, Member: f.member, Count: 40})
			}
			if err := history.Compare(res, []*history.Report{prev}); err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				key := f.Rule + " " + f.Member
				if want := tt.wantStatus[key]; f.History.Status != want {
					t.Errorf("%s: status %s, want %s", key, f.History.Status, want)
				}
				if f.History.Status == audit.StatusEscalated && len(f.History.EscalatedFrom) != len(tt.wantEscalated) {
					t.Errorf("%s: escalated from %d findings, want %d", key, len(f.History.EscalatedFrom), len(tt.wantEscalated))
				}
			}
			got := map[string][]string{}
			for _, r := range res.History.Escalated {
				got[r.Rule+" "+r.Member] = r.FollowedBy
			}
			if len(got) != len(tt.wantEscalated) {
				t.Errorf("escalated %v, want %v", got, tt.wantEscalated)
			}
			for k, want := range tt.wantEscalated {
				if strings.Join(got[k], ",") != strings.Join(want, ",") {
					t.Errorf("escalated %s followed by %v, want %v", k, got[k], want)
				}
			}
			var resolved []string
			for _, r := range res.History.Resolved {
				resolved = append(resolved, r.Rule+" "+r.Member)
			}
			if strings.Join(resolved, ";") != strings.Join(tt.wantResolved, ";") {
				t.Errorf("resolved %q, want %q", resolved, tt.wantResolved)
			}
			// Every previous finding is in exactly one place.
			if n := len(res.History.Resolved) + len(res.History.Escalated); n+persisting(res) != len(tt.prev) {
				t.Errorf("%d resolved + %d escalated + %d persisting, want the previous report's %d", len(res.History.Resolved), len(res.History.Escalated), persisting(res), len(tt.prev))
			}
		})
	}
}

func persisting(res *audit.Result) int {
	n := 0
	for _, f := range res.Findings {
		if f.History.Status == audit.StatusPersisting {
			n++
		}
	}
	return n
}

// TestLeaverCountsUnknown: a count unknown in either report (null in the
// previous JSON, or not seeable this run) stays unknown in the leaver
// changes, never 0.
func TestLeaverCountsUnknown(t *testing.T) {
	dir := t.TempDir()
	prevPath := filepath.Join(dir, "audit-2026-10-31.json")
	body := `{"schema":"` + audit.Schema + `","as_of":"2026-10-31","company":"c","findings":[],"summary":{},"departing":[
		{"userid":"wupeng","name":"吴鹏","customers":null,"external_contacts":null,"limit_date":"2026-11-20"},
		{"userid":"zhoumin","name":"周敏","customers":12,"external_contacts":null,"limit_date":"2026-12-20"},
		{"userid":"sunli","name":"孙丽","customers":25,"external_contacts":3,"limit_date":"2027-10-01"}]}`
	if err := os.WriteFile(prevPath, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	prev, err := history.Load(prevPath)
	if err != nil {
		t.Fatal(err)
	}
	res := &audit.Result{AsOf: audit.NewDate(2026, 11, 30), Company: "c", Departing: []audit.Leaver{
		// Expired since October, external contacts not seeable.
		{UserID: "wupeng", Name: "吴鹏", Customers: 0, ExternalUnknown: true, Expired: true, LimitDate: audit.NewDate(2026, 11, 20)},
		// Customers handed over; external contacts still not seeable.
		{UserID: "zhoumin", Name: "周敏", Customers: 0, ExternalUnknown: true, LimitDate: audit.NewDate(2026, 12, 20)},
	}}
	if err := history.Compare(res, []*history.Report{prev}); err != nil {
		t.Fatal(err)
	}
	show := func(p *int) string {
		if p == nil {
			return "unknown"
		}
		return itoa(*p)
	}
	got := map[string]string{}
	for _, c := range res.History.Leavers {
		got[c.UserID] = c.Change + " " + show(c.CustomersBefore) + "→" + show(c.CustomersNow) + " " + show(c.ExternalBefore) + "→" + show(c.ExternalNow)
	}
	for _, tt := range []struct{ userid, want string }{
		{"wupeng", "expired unknown→0 unknown→unknown"},
		{"zhoumin", "handed_over 12→0 unknown→unknown"},
		{"sunli", "removed 25→unknown 3→unknown"}, // nil now: no longer listed
	} {
		if got[tt.userid] != tt.want {
			t.Errorf("%s: %q, want %q", tt.userid, got[tt.userid], tt.want)
		}
	}
	// And in the JSON: null, never 0.
	js := jsonOf(t, res)
	for _, want := range []string{`"userid": "wupeng"`, `"customers_before": null`, `"external_contacts_before": null`, `"external_contacts_now": null`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func jsonOf(t *testing.T, res *audit.Result) string {
	t.Helper()
	var b strings.Builder
	if err := (&report.JSONWriter{}).Write(&b, res, report.Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
