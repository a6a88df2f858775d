package history

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/audit"
)

// Compare fills res.History from the earlier reports of the series, oldest
// first; the last one is the previous report. An empty chain (the first run
// of a batch) makes every finding new.
//
// Refused, with a message naming the file: a report of another company
// (a series compares one enterprise with itself) and a report with a later
// as-of date than this run (the chain runs forward in time). The schema is
// checked when the report is read.
func Compare(res *audit.Result, chain []*Report) error {
	for _, r := range chain {
		if strings.TrimSpace(r.Company) != strings.TrimSpace(res.Company) {
			return fmt.Errorf("previous report %s is for company %q, this run for %q: a series compares one enterprise with itself (the company comes from the profile)", r.Path, r.Company, res.Company)
		}
		if r.AsOf.After(res.AsOf) {
			return fmt.Errorf("previous report %s has as-of %s, later than this run's %s: compare with an earlier report, or run with a later --as-of", r.Path, r.AsOf, res.AsOf)
		}
	}
	h := &audit.History{}
	res.History = h

	// Walk the chain forward: a finding keeps its first-seen date while
	// every report has it; one that was gone and came back starts again.
	type seen struct {
		f          Finding
		firstSeen  audit.Date
		firstCount int
	}
	var last map[string]seen
	for i, r := range chain {
		cur := make(map[string]seen, len(r.Findings))
		for _, f := range r.Findings {
			s := seen{f: f, firstSeen: r.AsOf, firstCount: f.Count}
			if p, ok := last[f.Fingerprint]; ok {
				s.firstSeen, s.firstCount = p.firstSeen, p.firstCount
			} else if i == 0 && f.HasFirst && !f.FirstSeen.After(r.AsOf) {
				// The oldest report knows more than the folder holds.
				s.firstSeen, s.firstCount = f.FirstSeen, f.FirstCount
			}
			cur[f.Fingerprint] = s
		}
		last = cur
	}

	now := map[string]bool{}
	for i := range res.Findings {
		f := &res.Findings[i]
		now[f.Fingerprint] = true
		fh := &audit.FindingHistory{Status: audit.StatusNew, FirstSeen: res.AsOf, FirstCount: f.Count}
		if p, ok := last[f.Fingerprint]; ok {
			fh.Status = audit.StatusPersisting
			fh.FirstSeen, fh.FirstCount, fh.PreviousCount = p.firstSeen, p.firstCount, p.f.Count
		}
		fh.MonthsOpen = audit.MonthsBetween(fh.FirstSeen, res.AsOf)
		f.History = fh
	}

	if len(chain) > 0 {
		prev := chain[len(chain)-1]
		h.PreviousSHA256, h.PreviousAsOf = prev.SHA256, prev.AsOf
		// Resolved in the previous report's order (most severe first).
		for _, pf := range prev.Findings {
			if now[pf.Fingerprint] {
				continue
			}
			s := last[pf.Fingerprint]
			h.Resolved = append(h.Resolved, audit.ResolvedFinding{
				Fingerprint: pf.Fingerprint, Rule: pf.Rule, Severity: pf.Severity, Member: pf.Member,
				Receiver: pf.Receiver, Count: pf.Count, FirstSeen: s.firstSeen, LastSeen: prev.AsOf,
			})
		}
		newRules := map[string][]string{}
		for _, f := range res.Findings {
			if k := audit.Key(f.Member); k != "" && f.History.Status == audit.StatusNew {
				newRules[k] = append(newRules[k], f.Rule)
			}
		}
		for i := range h.Resolved {
			h.Resolved[i].FollowedBy = newRules[audit.Key(h.Resolved[i].Member)]
		}
		h.Leavers = leaverChanges(prev, res)
	}
	h.Trend = trend(chain, res)
	return nil
}

// leaverChanges lists the leavers that appeared, were handed over, expired
// or left the list since the previous report, matched by userid
// case-insensitively (a renamed member is the same member).
func leaverChanges(prev *Report, res *audit.Result) []audit.LeaverChange {
	before := map[string]Leaver{}
	for _, l := range prev.Departing {
		before[audit.Key(l.UserID)] = l
	}
	var out []audit.LeaverChange
	nowKeys := map[string]bool{}
	for _, l := range res.Departing {
		k := audit.Key(l.UserID)
		nowKeys[k] = true
		n := l.Customers
		c := audit.LeaverChange{UserID: l.UserID, Name: l.Name, CustomersNow: &n, LimitDate: l.LimitDate}
		p, was := before[k]
		switch {
		case !was:
			c.Change = audit.LeaverAppeared
		case l.Expired && !(!p.LimitDate.IsZero() && p.LimitDate.Before(prev.AsOf)):
			// Expired now, not yet at the previous run.
			c.Change = audit.LeaverExpired
		case p.Customers > 0 && l.Customers == 0:
			c.Change = audit.LeaverHandedOver
		default:
			continue
		}
		if was {
			b := p.Customers
			c.CustomersBefore = &b
		}
		out = append(out, c)
	}
	for _, p := range prev.Departing {
		if nowKeys[audit.Key(p.UserID)] {
			continue
		}
		b := p.Customers
		out = append(out, audit.LeaverChange{UserID: p.UserID, Name: p.Name, Change: audit.LeaverRemoved, CustomersBefore: &b, LimitDate: p.LimitDate})
	}
	order := map[string]int{audit.LeaverExpired: 0, audit.LeaverAppeared: 1, audit.LeaverHandedOver: 2, audit.LeaverRemoved: 3}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Change != out[j].Change {
			return order[out[i].Change] < order[out[j].Change]
		}
		return audit.Key(out[i].UserID) < audit.Key(out[j].UserID)
	})
	return out
}

// trend is the findings by severity per run: the points the earlier
// reports carry (so --previous alone extends the series), each report's
// own summary (which wins for its date), then this run.
func trend(chain []*Report, res *audit.Result) []audit.TrendPoint {
	by := map[audit.Date]audit.Summary{}
	for _, r := range chain {
		for _, p := range r.Trend {
			if p.AsOf.Before(r.AsOf) {
				by[p.AsOf] = p.Summary
			}
		}
	}
	for _, r := range chain {
		by[r.AsOf] = r.Summary
	}
	var out []audit.TrendPoint
	for d, s := range by {
		if d.Before(res.AsOf) {
			out = append(out, audit.TrendPoint{AsOf: d, Summary: s})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AsOf.Before(out[j].AsOf) })
	return append(out, audit.TrendPoint{AsOf: res.AsOf, Summary: res.Summary})
}
