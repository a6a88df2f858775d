package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestProfileCapacityKeys(t *testing.T) {
	p, err := parseProfile([]byte("expansion_lead_days: 7\ncampaigns:\n  - 2027-01-15:+8000\n  - \"2027-03-01:500\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.ExpansionLeadDays == nil || *p.ExpansionLeadDays != 7 || len(p.Campaigns) != 2 ||
		p.Campaigns[0].Customers != 8000 || !p.Campaigns[0].Date.Equal(time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("parsed %+v", p)
	}
	for _, c := range []struct{ yaml, want string }{
		{"expansion_lead_days: 0\n", "row 1"},
		{"expansion_lead_days: ten\n", "working days"},
		{"campaigns: 2027-01-15:+8000\n", "list"},
		{"campaigns:\n  - 2027-01-15\n", "row 2"},
		{"campaigns:\n  - {date: 2027-01-15}\n", "DATE:+CUSTOMERS"},
	} {
		_, err := parseProfile([]byte(c.yaml))
		ie := inputErr(t, err)
		if msg := ie.Error(); !strings.Contains(msg, c.want) {
			t.Errorf("%q: %v, want %q in it", c.yaml, msg, c.want)
		}
	}
}
