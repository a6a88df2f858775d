package reconcile

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/rules"
)

// tooFrequent is WeCom's error for a customer moved by on-job transfer too
// often (API/90313, API/96325).
const tooFrequent = 40128

// History is the on-job transfers the outcome records show, for `auditor
// plan --outcomes`: a takeover (done or waiting) of an on-job record counts
// as a move on its takeover date; a started call (errcode 0) as a move on
// an unknown date, taken as recent; 40128 puts the customer at the limit.
// Only an on-job transfer counts against the limit. A record whose file
// does not say the route (a spreadsheet without 继承类型) gets it from the
// roster (InferRoute); where the roster cannot tell, the record is not
// counted and the plan says so in a step (docs/reconcile.md).
func History(o *Outcomes, rr *rules.ReconcileSet, in *audit.Inputs) *plan.OnJobHistory {
	h := &plan.OnJobHistory{Moves: map[string][]audit.Date{}, AtLimit: map[string]bool{},
		Limit: rr.Limits.OnJobTransfersPerWindow, WindowDays: rr.Limits.OnJobWindowDays}
	unknown := 0
	for _, c := range o.Customers {
		route := c.Route
		if route == RouteUnknown {
			route = InferRoute(c, in)
		}
		move := (c.Kind == KindStatus && (c.Status == 1 || c.Status == 2)) || (c.Kind == KindCall && c.ErrCode == 0)
		switch {
		case c.Kind == KindCall && c.ErrCode == tooFrequent:
			h.AtLimit[c.ExternalID] = true
		case route == RouteUnknown && move:
			unknown++
		case route != RouteOnJob:
		case c.Kind == KindStatus && move:
			h.Moves[c.ExternalID] = append(h.Moves[c.ExternalID], c.Time)
		case move:
			h.Moves[c.ExternalID] = append(h.Moves[c.ExternalID], audit.Date{})
		}
	}
	if unknown > 0 {
		h.Assumed = append(h.Assumed, rules.Msg("reconcile.assumed.route_unknown", catalog.Args{"n": unknown}))
	}
	return h
}

// InferRoute is the route of a record whose file does not say it, from the
// roster: a member whose account still exists (active or departing) was
// still active when the record was made, so the transfer was on-job; a
// deleted member with a departure date was on-job before that date and
// resigned from it on. Anything else (not in the roster, no date on the
// record or the departure) is unknown.
func InferRoute(c CustomerOutcome, in *audit.Inputs) Route {
	if in == nil || c.Leaver == "" {
		return RouteUnknown
	}
	for _, m := range in.Members {
		if audit.Key(m.UserID) != audit.Key(c.Leaver) {
			continue
		}
		switch {
		case m.Status != audit.Departed:
			return RouteOnJob
		case m.DepartureDate.IsZero() || c.Time.IsZero():
			return RouteUnknown
		case c.Time.Before(m.DepartureDate):
			return RouteOnJob
		}
		return RouteResigned
	}
	return RouteUnknown
}

// resultHistory is the same from a finished reconciliation, where each
// customer's route is resolved (for the follow-up plan).
func resultHistory(res *Result) *plan.OnJobHistory {
	h := &plan.OnJobHistory{Moves: map[string][]audit.Date{}, AtLimit: map[string]bool{}}
	if res.Rules != nil {
		h.Limit, h.WindowDays = res.Rules.Limits.OnJobTransfersPerWindow, res.Rules.Limits.OnJobWindowDays
	}
	for _, l := range res.Leavers {
		for _, c := range l.Customers {
			switch {
			case c.ErrCode == tooFrequent:
				h.AtLimit[c.ExternalID] = true
			case c.Route != RouteOnJob:
			case c.State == rules.StateDone || c.State == rules.StateWaiting || c.State == rules.StateMovedElsewhere:
				h.Moves[c.ExternalID] = append(h.Moves[c.ExternalID], c.Date)
			}
		}
	}
	return h
}
