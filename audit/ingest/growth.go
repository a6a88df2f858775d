package ingest

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
)

// countAdded counts a customer relationship's add time (添加时间) into the
// growth by member and week (issue 28). It takes memory per member (a
// fixed-size count of recent weeks, capacity.Growth), never per contact. An owner the roster lacks
// counts for the enterprise only; a row without an add time counts as
// undated, which is how the forecast knows how much of the book it sees.
func (r *reader) countAdded(m *audit.Member, k string, added audit.Date, customer bool) {
	if !customer {
		return // plain external contacts do not count against the caps (D4)
	}
	if r.in.Growth == nil {
		r.in.Growth = capacity.NewGrowth(r.opt.AsOf.Time())
	}
	if m == nil {
		k = ""
	}
	r.in.Growth.Add(k, added.Time())
}

// parseCapacityKey reads the profile's capacity keys (issue 28):
// expansion_lead_days (working days, 1 to 120) and campaigns, a list of
// DATE:+N as --campaign takes them.
func parseCapacityKey(p *audit.Profile, k, v *yaml.Node) error {
	switch k.Value {
	case "expansion_lead_days":
		n, ok := yamlInt(v)
		if !ok || n < 1 || n > 120 {
			return &InputError{Row: v.Line, Msg: fmt.Sprintf("expansion_lead_days must be a whole number of working days from 1 to 120, not %q", v.Value)}
		}
		p.ExpansionLeadDays = &n
	case "campaigns":
		if v.Kind != yaml.SequenceNode {
			return &InputError{Row: v.Line, Msg: "campaigns must be a list such as [\"2027-01-15:+8000\"]"}
		}
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				return &InputError{Row: e.Line, Msg: "a campaign is written DATE:+CUSTOMERS, such as 2027-01-15:+8000"}
			}
			c, err := capacity.ParseCampaign(e.Value)
			if err != nil {
				return &InputError{Row: e.Line, Msg: err.Error()}
			}
			p.Campaigns = append(p.Campaigns, c)
		}
	}
	return nil
}
