package plan

import (
	"slices"
	"sort"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Routes of a transfer call (issue #15). While a leaver's account exists
// its customers move by on-job transfer (在职继承, API/96325): a customer who
// declines stays with the member, so nothing is lost. Once the account is
// deleted only resigned-member transfer (离职继承, API/96331) is left, and a
// customer who declines is lost. So the plan proposes on-job first for
// departing members and asks for the account to be deleted only after.
const (
	RouteOnJob    = "onjob"
	RouteResigned = "resigned"
)

// OnJobHistory is what earlier outcome files say about on-job transfers:
// each customer can be moved that way at most Limit times in WindowDays
// (API/96325; rules/reconcile.yaml, where sources disagree on the number).
type OnJobHistory struct {
	// Moves are the dates of on-job transfers per external id; a zero date
	// is a transfer whose date no file gives, taken as recent.
	Moves map[string][]audit.Date
	// AtLimit are customers WeCom refused with 40128 (too frequent).
	AtLimit map[string]bool
	// Limit and WindowDays: 0 takes rules/reconcile.yaml's numbers.
	Limit, WindowDays int
	// Assumed are what the history could not know (records without a
	// route); the plan lists them as enterprise steps.
	Assumed []rules.Text
}

// limits are the history's numbers, or rules/reconcile.yaml's when unset.
func (h *OnJobHistory) limits() (lim, win int) {
	lim, win = h.Limit, h.WindowDays
	if lim == 0 || win == 0 {
		l := rules.Reconcile().Limits
		lim, win = l.OnJobTransfersPerWindow, l.OnJobWindowDays
	}
	return lim, win
}

// blocked reports whether the customer cannot be moved by on-job transfer
// on asOf, and from when it can again (zero when unknown).
func (h *OnJobHistory) blocked(id string, asOf audit.Date) (bool, audit.Date) {
	if h == nil {
		return false, audit.Date{}
	}
	if h.AtLimit[id] {
		return true, audit.Date{}
	}
	lim, win := h.limits()
	from := asOf.AddDays(-win)
	var in []audit.Date
	unknown := false
	for _, d := range h.Moves[id] {
		switch {
		case d.IsZero():
			unknown = true
			in = append(in, d)
		case d.After(from):
			in = append(in, d)
		}
	}
	if len(in) < lim {
		return false, audit.Date{}
	}
	if unknown {
		return true, audit.Date{}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Before(in[j]) })
	// The oldest move in the window leaves it win days later.
	return true, in[len(in)-lim].AddDays(win + 1)
}

// routeBatches gives every batch its route and moves the customers the
// 90-day limit blocks for on-job transfer into batches of their own that
// wait for the account's deletion (resigned-member transfer).
func routeBatches(p *Plan, h *OnJobHistory) {
	status := map[string]audit.Status{}
	for _, l := range p.Leavers {
		status[audit.Key(l.UserID)] = l.Status
	}
	perCall := max(1, p.Limits.CustomersPerCall)
	var out []Batch
	var i int
	for i < len(p.Batches) {
		// One (leaver, receiver) pair at a time, so calls are renumbered.
		j := i
		for j < len(p.Batches) && p.Batches[j].Leaver == p.Batches[i].Leaver && p.Batches[j].Receiver == p.Batches[i].Receiver {
			j++
		}
		pair := p.Batches[i:j]
		i = j
		route := RouteOnJob
		if status[audit.Key(pair[0].Leaver)] == audit.Departed {
			route = RouteResigned
		}
		if route == RouteResigned || h == nil {
			for _, b := range pair {
				b.Route = route
				out = append(out, b)
			}
			continue
		}
		var ok, held []string
		var until audit.Date
		unknownUntil := false
		counts := 0
		for _, b := range pair {
			counts += b.Customers
			for _, id := range b.ExternalIDs {
				if bl, u := h.blocked(id, p.AsOf); bl {
					held = append(held, id)
					if u.IsZero() {
						unknownUntil = true
					} else if u.After(until) {
						until = u
					}
				} else {
					ok = append(ok, id)
				}
			}
		}
		if len(held) == 0 {
			for _, b := range pair {
				b.Route = route
				out = append(out, b)
			}
			continue
		}
		requires := slices.Clone(pair[0].Requires)
		cut := func(ids []string, r string, req []rules.Text) {
			of := (len(ids) + perCall - 1) / perCall
			for no := 1; len(ids) > 0; no++ {
				n := min(perCall, len(ids))
				out = append(out, Batch{Leaver: pair[0].Leaver, Receiver: pair[0].Receiver, No: no, Of: of, Customers: n,
					ExternalIDs: ids[:n], Requires: req, Route: r})
				ids = ids[n:]
			}
		}
		cut(ok, RouteOnJob, requires)
		when := rules.Msg("plan.onjob.after_deletion", nil)
		if !unknownUntil && !until.IsZero() {
			when = rules.Msg("plan.onjob.after_deletion_or", catalog.Args{"date": until})
		}
		cut(held, RouteResigned, append(slices.Clone(requires), when))
		lim, win := h.limits()
		leaverBlocked(p, pair[0].Leaver, len(held), until, unknownUntil, lim, win)
	}
	p.Batches = out
	if h != nil {
		for _, a := range h.Assumed {
			p.Steps = append(p.Steps, Step{Kind: "onjob-route-assumed", Text: a})
		}
	}
}

// leaverBlocked adds the step that says why some customers wait for the
// deletion, before the leaver's delete-account step.
func leaverBlocked(p *Plan, leaver string, n int, until audit.Date, unknown bool, limit, window int) {
	for i := range p.Leavers {
		l := &p.Leavers[i]
		if audit.Key(l.UserID) != audit.Key(leaver) {
			continue
		}
		lim := rules.ReconcileLimits{OnJobTransfersPerWindow: limit, OnJobWindowDays: window}
		var wait rules.Text
		if !unknown && !until.IsZero() {
			wait = rules.Msg("plan.onjob.or_wait", catalog.Args{"date": until})
		}
		st := Step{Kind: "onjob-limit", Text: rules.Msg("plan.onjob.limit", catalog.Args{
			"count": n, "days": lim.OnJobWindowDays, "times": lim.OnJobTransfersPerWindow, "wait": wait})}
		at := len(l.Steps)
		for j, s := range l.Steps {
			if s.Kind == "delete-account" {
				at = j
			}
		}
		l.Steps = slices.Insert(l.Steps, at, st)
		return
	}
}
