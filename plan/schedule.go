package plan

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// schedule cuts every allocation into transfer calls of at most
// customers_per_call customers (D13) and every leaver's groups into a
// day-by-day schedule of at most groups_per_owner_per_day groups per
// original owner and groups_per_call per call (D17).
func schedule(p *Plan, in *audit.Inputs) {
	perCall := max(1, p.Limits.CustomersPerCall)
	chats := groupsByOwner(in, p.Leavers)
	for _, l := range p.Leavers {
		ids := customerIDs(in, l)
		off := 0
		for _, a := range l.Allocations {
			if a.Customers == 0 {
				continue
			}
			of := (a.Customers + perCall - 1) / perCall
			var requires []rules.Text
			if p.Enterprise.AtCap {
				// At the enterprise cap nothing can be assigned (D8).
				requires = append(requires, enterpriseNeed(p.Enterprise.ExpansionsNeeded))
			}
			if a.NeedsExpansion {
				requires = append(requires, memberNeed(a.Receiver, p.expansionTo(a.Receiver)))
			}
			left := a.Customers
			for no := 1; left > 0; no++ {
				n := min(perCall, left)
				b := Batch{Leaver: l.UserID, Receiver: a.Receiver, No: no, Of: of, Customers: n, Requires: requires}
				if ids != nil {
					b.ExternalIDs = ids[off : off+n]
				}
				off += n
				left -= n
				p.Batches = append(p.Batches, b)
			}
		}
		if l.GroupReceiver == "" || l.Groups == 0 {
			continue
		}
		perDay := max(1, p.Limits.GroupsPerOwnerPerDay)
		perGroupCall := max(1, p.Limits.GroupsPerCall)
		owned := chats[audit.Key(l.UserID)]
		if len(owned) != l.Groups {
			owned = nil // the groups file does not match the count: counts only
		}
		done := 0
		for day := 1; done < l.Groups; day++ {
			today := min(perDay, l.Groups-done)
			for call := 1; today > 0; call++ {
				n := min(perGroupCall, today)
				g := GroupCall{Leaver: l.UserID, Receiver: l.GroupReceiver, Day: day, Call: call, Groups: n}
				if owned != nil {
					g.ChatIDs = owned[done : done+n]
				}
				done += n
				today -= n
				p.GroupCalls = append(p.GroupCalls, g)
			}
		}
	}
}

// customerIDs are the leaver's customers' external ids, in the order of the
// exports, when they account for its whole book; nil otherwise (then the
// batches carry counts only).
func customerIDs(in *audit.Inputs, l Leaver) []string {
	details := in.Details[audit.Key(l.UserID)]
	if len(details) == 0 || l.Customers == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, c := range details {
		if !c.Customer || c.ExternalID == "" || seen[c.ExternalID] {
			continue
		}
		seen[c.ExternalID] = true
		ids = append(ids, c.ExternalID)
	}
	if len(ids) != l.Customers {
		return nil
	}
	return ids
}

// groupsByOwner lists the chat ids of the leavers' groups, in file order.
func groupsByOwner(in *audit.Inputs, ls []Leaver) map[string][]string {
	want := map[string]bool{}
	for _, l := range ls {
		if l.Groups > 0 {
			want[audit.Key(l.UserID)] = true
		}
	}
	out := map[string][]string{}
	for _, g := range in.Groups {
		if k := audit.Key(g.Owner); want[k] {
			out[k] = append(out[k], g.ChatID)
		}
	}
	return out
}

func (p *Plan) expansionTo(member string) int {
	for _, x := range p.Expansions {
		if !x.Enterprise && audit.Key(x.Member) == audit.Key(member) {
			return x.To
		}
	}
	return 0
}

func enterpriseNeed(k int) rules.Text {
	return rules.Msg("count.enterprise_expansions", catalog.Args{"n": k})
}

func memberNeed(member string, to int) rules.Text {
	return rules.Msg("plan.member_cap_raised", catalog.Args{"member": member, "to": to})
}
