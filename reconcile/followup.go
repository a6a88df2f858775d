package reconcile

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/rules"
)

// FollowUp re-plans what the outcomes leave open, with plan's placement
// rules (plan.Make): for every leaver, the customers that hit a receiver's
// cap or never started, and the groups not handed over. The inputs are
// copied and changed so that the plan sees the enterprise as it is now:
//
//   - a leaver holds only its open customers;
//   - a receiver holds what it took over (done or waiting) on top of its
//     own customers, so its room is what is really left;
//   - a receiver that reached its cap is not kept as a planned receiver;
//   - overlap credit is dropped for the leavers (the hashed ids cover the
//     whole book, not what is left): loads err high, never low.
//
// Customers past the limit date, or lost to a refusal, are not re-planned:
// plan lists expired leavers as not transferable, and the reconcile report
// lists the lost customers.
func FollowUp(in *audit.Inputs, rs *rules.Set, res *Result, cfg plan.Config) (*plan.Plan, error) {
	cp := *in
	cp.Members = make([]*audit.Member, len(in.Members))
	idx := map[string]*audit.Member{}
	for i, m := range in.Members {
		mc := *m
		cp.Members[i] = &mc
		idx[audit.Key(m.UserID)] = &mc
	}
	cp.Details = make(map[string][]audit.ContactDetail, len(in.Details))
	for k, v := range in.Details {
		cp.Details[k] = v
	}
	cp.CustomerIDs = make(map[string][]uint64, len(in.CustomerIDs))
	for k, v := range in.CustomerIDs {
		cp.CustomerIDs[k] = v
	}
	view, err := audit.NewView(in, rs, cfg.AsOf)
	if err != nil {
		return nil, err
	}
	// WeCom said these receivers are at their cap, whatever the exports
	// count: the follow-up plan must not choose them again.
	for _, l := range res.Leavers {
		for _, cu := range l.Customers {
			if cu.State == rules.StateCapReached && cu.Receiver != "" {
				if m := idx[audit.Key(cu.Receiver)]; m != nil {
					m.Customers = max(m.Customers, view.Cap(in.Member(cu.Receiver)))
				}
			}
		}
	}
	cp.Handovers = nil
	openGroups := map[string]bool{}
	for _, l := range res.Leavers {
		k := audit.Key(l.UserID)
		m := idx[k]
		if m == nil {
			continue
		}
		capHit := map[string]bool{}
		left := map[string]bool{}
		for _, cu := range l.Customers {
			switch {
			case cu.Lost:
			case cu.State == rules.StateCapReached:
				left[cu.ExternalID] = true
				if cu.Receiver != "" {
					capHit[audit.Key(cu.Receiver)] = true
				}
			case cu.State == rules.StateNotStarted:
				left[cu.ExternalID] = true
			case cu.State == rules.StateDone, cu.State == rules.StateWaiting, cu.State == rules.StateMovedElsewhere:
				if r := idx[audit.Key(cu.Receiver)]; r != nil && cu.Receiver != "" {
					r.Customers++
				}
			}
		}
		if l.IDsKnown || len(l.Customers) > 0 {
			m.Customers = len(left)
			var ds []audit.ContactDetail
			for _, d := range in.Details[k] {
				if !d.Customer || left[d.ExternalID] {
					ds = append(ds, d)
					delete(left, d.ExternalID) // once per id
				}
			}
			cp.Details[k] = ds
		}
		delete(cp.CustomerIDs, k)
		og := 0
		for _, g := range l.Groups {
			if g.State != rules.StateDone {
				og++
				openGroups[g.ChatID] = true
			}
		}
		m.Groups = og
		base := audit.Handover{UserID: l.UserID, DepartureDate: l.DepartureDate, HasDate: !l.DepartureDate.IsZero()}
		kept := false
		for _, a := range l.Planned {
			if !a.Known || capHit[audit.Key(a.UserID)] {
				continue
			}
			h := base
			h.Receiver = a.UserID
			cp.Handovers = append(cp.Handovers, h)
			kept = true
		}
		if !kept {
			cp.Handovers = append(cp.Handovers, base)
		}
	}
	cp.Groups = nil
	for _, g := range in.Groups {
		if _, leaver := findLeaver(res, g.Owner); !leaver || openGroups[g.ChatID] || g.ChatID == "" {
			cp.Groups = append(cp.Groups, g)
		}
	}
	if cfg.OnJob == nil {
		cfg.OnJob = resultHistory(res)
	}
	return plan.Make(&cp, rs, cfg)
}

func findLeaver(res *Result, userid string) (*Leaver, bool) {
	k := audit.Key(userid)
	for i := range res.Leavers {
		if audit.Key(res.Leavers[i].UserID) == k {
			return &res.Leavers[i], true
		}
	}
	return nil, false
}
