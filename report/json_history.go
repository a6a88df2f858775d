package report

import "github.com/wecom-audit/auditor/audit"

// jsonFindingHistory is a finding's identity and its place in the series.
// Without earlier reports the history fields are null (unknown, not "new").
type jsonFindingHistory struct {
	Fingerprint   string  `json:"fingerprint"`
	Status        *string `json:"status"`
	FirstSeen     *string `json:"first_seen"`
	MonthsOpen    *int    `json:"months_open"`
	FirstCount    *int    `json:"first_count"`
	PreviousCount *int    `json:"previous_count"`
	// EscalatedFrom: the previous report's findings an escalated finding
	// replaced; [] for the others, null without earlier reports.
	EscalatedFrom []jsonReplaced `json:"escalated_from"`
	Waived        bool           `json:"waived"`
	Waiver        *jsonWaiver    `json:"waiver"`
}

type jsonReplaced struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Count       int    `json:"count"`
	CountUnit   string `json:"count_unit"`
	FirstSeen   string `json:"first_seen"`
}

type jsonWaiver struct {
	Reason     string `json:"reason"`
	AcceptedBy string `json:"accepted_by"`
	Expires    string `json:"expires"`
	Expired    bool   `json:"expired"`
}

type jsonPrevious struct {
	SHA256 string `json:"sha256"`
	AsOf   string `json:"as_of"`
}

type jsonResolved struct {
	Fingerprint string   `json:"fingerprint"`
	Rule        string   `json:"rule"`
	Severity    string   `json:"severity"`
	Member      string   `json:"member"`
	Receiver    string   `json:"receiver"`
	Count       int      `json:"count"`
	CountUnit   string   `json:"count_unit"`
	FirstSeen   string   `json:"first_seen"`
	LastSeen    string   `json:"last_seen"`
	FollowedBy  []string `json:"followed_by"`
}

// jsonLeaverChange: a count is null when that report did not list the
// leaver or did not know the count.
type jsonLeaverChange struct {
	UserID          string `json:"userid"`
	Name            string `json:"name"`
	Change          string `json:"change"`
	CustomersBefore *int   `json:"customers_before"`
	CustomersNow    *int   `json:"customers_now"`
	ExternalBefore  *int   `json:"external_contacts_before"`
	ExternalNow     *int   `json:"external_contacts_now"`
	LimitDate       string `json:"limit_date"`
}

type jsonTrendPoint struct {
	AsOf     string `json:"as_of"`
	Critical int    `json:"critical"`
	High     int    `json:"high"`
	Medium   int    `json:"medium"`
	Low      int    `json:"low"`
	Info     int    `json:"info"`
}

type jsonWaivers struct {
	Applied int             `json:"applied"`
	Expired []jsonWaiverUse `json:"expired"`
	Unused  []jsonWaiverUse `json:"unused"`
}

type jsonWaiverUse struct {
	Fingerprint string `json:"fingerprint"`
	Reason      string `json:"reason"`
	AcceptedBy  string `json:"accepted_by"`
	Expires     string `json:"expires"`
	Expired     bool   `json:"expired"`
	Line        int    `json:"line"`
	Rule        string `json:"rule"`
	Member      string `json:"member"`
}

func findingHistoryJSON(f audit.Finding) jsonFindingHistory {
	j := jsonFindingHistory{Fingerprint: f.Fingerprint, Waived: f.Waived()}
	if h := f.History; h != nil {
		status, first := h.Status, h.FirstSeen.String()
		months, fc := h.MonthsOpen, h.FirstCount
		j.Status, j.FirstSeen, j.MonthsOpen, j.FirstCount = &status, &first, &months, &fc
		if h.Status == audit.StatusPersisting {
			pc := h.PreviousCount
			j.PreviousCount = &pc
		}
		j.EscalatedFrom = []jsonReplaced{}
		for _, r := range h.EscalatedFrom {
			j.EscalatedFrom = append(j.EscalatedFrom, jsonReplaced{Fingerprint: r.Fingerprint, Rule: r.Rule, Severity: r.Severity.String(), Count: r.Count, CountUnit: r.CountUnit, FirstSeen: r.FirstSeen.String()})
		}
	}
	if w := f.Waiver; w != nil {
		j.Waiver = &jsonWaiver{Reason: w.Reason, AcceptedBy: w.AcceptedBy, Expires: w.Expires.String(), Expired: w.Expired}
	}
	return j
}

// seriesStream writes the series part of the document: previous, resolved,
// leaver_changes, trend and waivers.
func seriesStream(o *jsonObject, res *audit.Result) {
	s, h := o.s, res.History
	o.field("previous", jsonPreviousOf(res))
	var resolved []audit.ResolvedFinding
	var leavers []audit.LeaverChange
	if h != nil {
		resolved, leavers = h.Resolved, h.Leavers
	}
	o.key("resolved")
	jsonArray(s, o.inner(), len(resolved), func(i int) jsonResolved { return jsonResolvedOf(&resolved[i]) })
	o.key("leaver_changes")
	jsonArray(s, o.inner(), len(leavers), func(i int) jsonLeaverChange { return jsonLeaverChangeOf(&leavers[i]) })
	trend := jsonTrendOf(res)
	o.key("trend")
	jsonArray(s, o.inner(), len(trend), func(i int) jsonTrendPoint { return jsonTrendPointOf(trend[i]) })
	o.field("waivers", jsonWaiversOf(res))
}

func jsonPreviousOf(res *audit.Result) *jsonPrevious {
	if h := res.History; h != nil && h.PreviousSHA256 != "" {
		return &jsonPrevious{SHA256: h.PreviousSHA256, AsOf: h.PreviousAsOf.String()}
	}
	return nil
}

func jsonResolvedOf(r *audit.ResolvedFinding) jsonResolved {
	return jsonResolved{
		Fingerprint: r.Fingerprint, Rule: r.Rule, Severity: r.Severity.String(), Member: r.Member,
		Receiver: r.Receiver, Count: r.Count, CountUnit: r.CountUnit, FirstSeen: r.FirstSeen.String(), LastSeen: r.LastSeen.String(),
		FollowedBy: append([]string{}, r.FollowedBy...),
	}
}

func jsonLeaverChangeOf(c *audit.LeaverChange) jsonLeaverChange {
	return jsonLeaverChange{
		UserID: c.UserID, Name: c.Name, Change: c.Change, CustomersBefore: c.CustomersBefore,
		CustomersNow: c.CustomersNow, ExternalBefore: c.ExternalBefore, ExternalNow: c.ExternalNow, LimitDate: c.LimitDate.String(),
	}
}

// jsonTrendOf is the trend to write. It always holds at least this run, so
// that the next run can extend it from this report.
func jsonTrendOf(res *audit.Result) []audit.TrendPoint {
	if h := res.History; h != nil && len(h.Trend) > 0 {
		return h.Trend
	}
	return []audit.TrendPoint{{AsOf: res.AsOf, Summary: res.Summary}}
}

func jsonTrendPointOf(p audit.TrendPoint) jsonTrendPoint {
	s := p.Summary
	return jsonTrendPoint{AsOf: p.AsOf.String(), Critical: s.Critical, High: s.High, Medium: s.Medium, Low: s.Low, Info: s.Info}
}

func jsonWaiversOf(res *audit.Result) *jsonWaivers {
	w := res.Waivers
	if w == nil {
		return nil
	}
	jw := &jsonWaivers{Applied: w.Applied, Expired: []jsonWaiverUse{}, Unused: []jsonWaiverUse{}}
	use := func(u audit.WaiverUse) jsonWaiverUse {
		return jsonWaiverUse{Fingerprint: u.Fingerprint, Reason: u.Reason, AcceptedBy: u.AcceptedBy, Expires: u.Expires.String(), Expired: u.Expired, Line: u.Line, Rule: u.Rule, Member: u.Member}
	}
	for _, u := range w.Expired {
		jw.Expired = append(jw.Expired, use(u))
	}
	for _, u := range w.Unused {
		jw.Unused = append(jw.Unused, use(u))
	}
	return jw
}
