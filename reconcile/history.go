package reconcile

import (
	"github.com/wecom-audit/auditor/audit"
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
// Records whose route the files do not say are left out: only an on-job
// transfer counts against the limit.
func History(o *Outcomes, rr *rules.ReconcileSet) *plan.OnJobHistory {
	h := &plan.OnJobHistory{Moves: map[string][]audit.Date{}, AtLimit: map[string]bool{},
		Limit: rr.Limits.OnJobTransfersPerWindow, WindowDays: rr.Limits.OnJobWindowDays}
	for _, c := range o.Customers {
		switch {
		case c.Kind == KindCall && c.ErrCode == tooFrequent:
			h.AtLimit[c.ExternalID] = true
		case c.Route != RouteOnJob:
		case c.Kind == KindStatus && (c.Status == 1 || c.Status == 2):
			h.Moves[c.ExternalID] = append(h.Moves[c.ExternalID], c.Time)
		case c.Kind == KindCall && c.ErrCode == 0:
			h.Moves[c.ExternalID] = append(h.Moves[c.ExternalID], audit.Date{})
		}
	}
	return h
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
