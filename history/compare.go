package history

import (
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
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
			return previousError(r.Path, "history.previous.company", catalog.Args{"company": strconv.Quote(r.Company), "this": strconv.Quote(res.Company)})
		}
		if r.AsOf.After(res.AsOf) {
			return previousError(r.Path, "history.previous.later", catalog.Args{"previous": r.AsOf.String(), "as_of": res.AsOf.String()})
		}
	}
	h := &audit.History{}
	res.History = h

	// Walk the chain forward: a finding keeps its first-seen date while
	// every report has it; one that was gone and came back starts again.
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

	for i := range res.Findings {
		f := &res.Findings[i]
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
		gone(res, h, prev, last)
		h.Leavers = leaverChanges(prev, res)
	}
	// The reports compared with are inputs of this run: they decide what
	// is new, escalated and resolved, so the report id covers them.
	for i, r := range chain {
		role := RoleEarlierReport
		if i == len(chain)-1 {
			role = RolePreviousReport
		}
		res.Inputs = append(res.Inputs, audit.InputFile{Role: role, Path: r.Path, SHA256: r.SHA256})
	}
	h.Trend = trend(chain, res)
	return nil
}

// Input roles of the reports a run is compared with.
const (
	RolePreviousReport = "previous_report"
	RoleEarlierReport  = "earlier_report" // the reports of --history before the previous one
)

// gone sorts the previous report's findings that this run no longer has
// into escalated and resolved. A finding is escalated when a more severe
// finding, new this run, fires for the same member: no-receiver (high) that
// became handover-expired (critical) is a risk that grew, not one that was
// dealt with. The new finding is then marked escalated, with what it
// replaced. Enterprise findings (no member) are never escalated: nothing
// ties one to another.
func gone(res *audit.Result, h *audit.History, prev *Report, last map[string]seen) {
	now := map[string]bool{}
	newOf := map[string][]int{} // member key → indexes of the new findings
	for i, f := range res.Findings {
		now[f.Fingerprint] = true
		if k := audit.Key(f.Member); k != "" && f.History.Status == audit.StatusNew {
			newOf[k] = append(newOf[k], i)
		}
	}
	// In the previous report's order (most severe first).
	for _, pf := range prev.Findings {
		if now[pf.Fingerprint] {
			continue
		}
		s := last[pf.Fingerprint]
		r := audit.ResolvedFinding{
			Fingerprint: pf.Fingerprint, Rule: pf.Rule, Severity: pf.Severity, Member: pf.Member,
			Receiver: pf.Receiver, Count: pf.Count, CountUnit: pf.CountUnit, FirstSeen: s.firstSeen, LastSeen: prev.AsOf,
		}
		var worse []int
		for _, i := range newOf[audit.Key(pf.Member)] {
			f := res.Findings[i]
			if f.Severity > pf.Severity {
				worse = append(worse, i)
			} else {
				r.FollowedBy = append(r.FollowedBy, f.Rule)
			}
		}
		if len(worse) == 0 {
			h.Resolved = append(h.Resolved, r)
			continue
		}
		r.FollowedBy = nil
		for _, i := range worse {
			fh := res.Findings[i].History
			fh.Status = audit.StatusEscalated
			fh.EscalatedFrom = append(fh.EscalatedFrom, audit.ReplacedFinding{
				Fingerprint: pf.Fingerprint, Rule: pf.Rule, Severity: pf.Severity, Count: pf.Count, CountUnit: pf.CountUnit, FirstSeen: s.firstSeen,
			})
			r.FollowedBy = append(r.FollowedBy, res.Findings[i].Rule)
		}
		h.Escalated = append(h.Escalated, r)
	}
}

// seen is a finding of the chain with where it started.
type seen struct {
	f          Finding
	firstSeen  audit.Date
	firstCount int
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
		c := audit.LeaverChange{UserID: l.UserID, Name: l.Name, CustomersNow: intp(l.Customers), LimitDate: l.LimitDate}
		if !l.ExternalUnknown {
			c.ExternalNow = intp(l.External)
		}
		p, was := before[k]
		switch {
		case !was:
			c.Change = audit.LeaverAppeared
		case l.Expired && !(!p.LimitDate.IsZero() && p.LimitDate.Before(prev.AsOf)):
			// Expired now, not yet at the previous run.
			c.Change = audit.LeaverExpired
		case p.Customers != nil && *p.Customers > 0 && l.Customers == 0:
			// Handed over only when both counts are known: an unknown
			// count before says nothing of what was moved.
			c.Change = audit.LeaverHandedOver
		default:
			continue
		}
		if was {
			c.CustomersBefore, c.ExternalBefore = p.Customers, p.External
		}
		out = append(out, c)
	}
	for _, p := range prev.Departing {
		if nowKeys[audit.Key(p.UserID)] {
			continue
		}
		out = append(out, audit.LeaverChange{UserID: p.UserID, Name: p.Name, Change: audit.LeaverRemoved, CustomersBefore: p.Customers, ExternalBefore: p.External, LimitDate: p.LimitDate})
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

func intp(n int) *int { return &n }
