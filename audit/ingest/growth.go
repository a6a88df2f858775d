package ingest

import (
	"errors"

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
			return badProfileValue(k, v, "ingest.profile.want.lead_days")
		}
		p.ExpansionLeadDays = &n
	case "campaigns":
		if v.Kind != yaml.SequenceNode {
			return profileError(v.Line, "ingest.profile.campaigns_list", nil)
		}
		for _, e := range v.Content {
			if e.Kind != yaml.ScalarNode {
				return profileError(e.Line, "ingest.profile.campaign_item", nil)
			}
			c, err := capacity.ParseCampaign(e.Value)
			var ce *capacity.CampaignError
			if errors.As(err, &ce) {
				return profileError(e.Line, ce.Text.ID, ce.Text.Args)
			}
			p.Campaigns = append(p.Campaigns, c)
		}
	}
	return nil
}
