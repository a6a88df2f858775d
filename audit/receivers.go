package audit

import (
	"math"
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// planReceivers turns the handover sheet (or the roster's receiver column)
// into allocations, for transferable handovers only (docs/spec.md §3: an expired or
// login-stale leaver gets nothing about receivers).
func (e *engine) planReceivers() {
	for _, l := range e.leavers {
		out := l.out
		if !out.Transferable {
			continue
		}
		// A planned receiver is checked even when the leaver holds only
		// external contacts: they become customers once it is added to
		// the scope (D3), and then go to that receiver.
		l.allocs = e.allocate(l)
		if out.ReceiversUnknown {
			// Neither passed nor failed: the data problem names the cell.
			for _, id := range []string{"no-receiver", "receiver-unknown", "receiver-ineligible", "receiver-over-cap", "receiver-near-cap"} {
				e.unknown(l, id, whyReceiversUnreadable)
			}
			continue
		}
		for _, a := range l.allocs {
			out.Receivers = append(out.Receivers, Allocation{UserID: a.receiver, Customers: a.count, Known: a.member != nil})
		}
		if out.Customers == 0 && out.Groups == 0 {
			// Without a groups export nobody can tell whether the member
			// owns groups that need a receiver.
			if out.GroupsUnknown && len(l.allocs) == 0 {
				e.unknown(l, "no-receiver", whyNoGroups)
			}
			continue
		}
		p := memberParams(l.m)
		p["count"] = num(out.Unassigned)
		noReceiver := len(l.allocs) == 0 || out.Unassigned > 0
		e.fireFor(l, "no-receiver", noReceiver, "", out.Unassigned, p)
	}
}

// allocate splits a leaver's book across its planned receivers. Counts are
// used as they stand; what they leave uncovered has no receiver; counts above
// the book are a data problem and are cut to the book in row order. Rows
// without a count share what the counted rows leave, in row order.
func (e *engine) allocate(l *leaverState) []allocation {
	book := l.out.Customers
	type row struct {
		receiver string
		count    int
		hasCount bool
		at       Place
	}
	var rows []row
	if receiversUnknown(e.plans[Key(l.m.UserID)], l.m) {
		// A receiver or count that cannot be read (issue 12) makes the
		// whole split unknown: it is not a blank (no receiver, or an even
		// share), so neither no-receiver nor the receivers' loads may be
		// worked out from the other rows as if it were.
		l.out.ReceiversUnknown = true
		return nil
	}
	if hs, ok := e.plans[Key(l.m.UserID)]; ok {
		for _, h := range hs {
			if strings.TrimSpace(h.Receiver) == "" {
				continue
			}
			rows = append(rows, row{strings.TrimSpace(h.Receiver), h.Count, h.HasCount, h.Place()})
		}
	} else if r := strings.TrimSpace(l.m.Receiver); r != "" {
		rows = append(rows, row{receiver: r})
	}
	if len(rows) == 0 {
		l.out.Unassigned = book
		return nil
	}
	// Rows naming the same receiver are one handover to it: merged, so
	// that a duplicated HR row neither splits a whole book (and loses its
	// overlap credit) nor counts the receiver twice.
	merged := rows[:0:0]
	at := map[string]int{}
	for _, r := range rows {
		k := Key(r.receiver)
		i, seen := at[k]
		if !seen {
			at[k] = len(merged)
			merged = append(merged, r)
			continue
		}
		switch {
		case merged[i].hasCount && r.hasCount:
			merged[i].count = min(merged[i].count, book+1) + min(r.count, book+1)
		case r.hasCount != merged[i].hasCount:
			// One row counted, one not: the uncounted row takes the rest.
			merged[i].hasCount, merged[i].count = false, 0
		}
	}
	rows = merged
	remaining := book
	sum := 0
	var uncounted []int
	allocs := make([]allocation, len(rows))
	for i, r := range rows {
		allocs[i] = allocation{receiver: r.receiver, key: Key(r.receiver), member: e.idx[Key(r.receiver)]}
		if !r.hasCount {
			uncounted = append(uncounted, i)
			continue
		}
		sum += min(r.count, book+1) // never wraps, still tells "more than the book"
		c := min(r.count, remaining)
		allocs[i].count = c
		remaining -= c
	}
	if sum > book {
		e.problem(rows[0].at, rules.Msg("audit.problem.counts_over_book", catalog.Args{"member": l.m.UserID, "sum": sum, "book": book}))
	}
	if n := len(uncounted); n > 0 {
		share, extra := remaining/n, remaining%n
		for j, i := range uncounted {
			allocs[i].count = share
			if j < extra {
				allocs[i].count++
			}
		}
		remaining = 0
	}
	l.out.Unassigned = remaining
	// Overlap credit needs the whole book in one receiver's hands: with a
	// split nobody can tell which customers go where (docs/spec.md §3).
	if len(allocs) == 1 && allocs[0].count == book {
		allocs[0].whole = true
	}
	return allocs
}

// checkReceivers adds up every receiver's load across all handovers of the
// run, then checks eligibility (D11) and caps (D6, D14).
func (e *engine) checkReceivers() {
	type acc struct {
		m    *Member
		recv *Receiver
	}
	byKey := map[string]*acc{}
	var order []string
	for _, l := range e.leavers {
		for _, a := range l.allocs {
			p := memberParams(l.m)
			p["receiver"] = same(a.receiver)
			p["count"] = num(a.count)
			if a.member == nil {
				e.fireFor(l, "receiver-unknown", true, a.receiver, a.count, p)
				continue
			}
			reasons := e.ineligibility(a.member, l.m)
			if len(reasons) > 0 {
				p["reasons"] = joinReasons(reasons)
				e.fireFor(l, "receiver-ineligible", true, a.receiver, a.count, p)
			}
			ac, ok := byKey[a.key]
			if !ok {
				ac = &acc{m: a.member, recv: &Receiver{
					UserID:    a.member.UserID,
					Name:      a.member.Name,
					Cap:       e.capOf(a.member),
					Customers: a.member.Customers,
					Eligible:  len(reasons) == 0,
					Reasons:   reasons,
				}}
				byKey[a.key] = ac
				order = append(order, a.key)
			}
			incoming := a.count
			if a.whole && e.in.HasExternalIDs {
				// A customer the receiver already has adds nothing (D15).
				incoming -= overlap(e.in.CustomerIDs[Key(l.m.UserID)], e.in.CustomerIDs[a.key])
			}
			ac.recv.Incoming += incoming
			ac.recv.From = append(ac.recv.From, l.m.UserID)
		}
		if len(l.allocs) > 0 {
			e.check(l, "receiver-unknown", false, rules.Text{})
			e.check(l, "receiver-ineligible", false, rules.Text{})
		}
	}
	// The receivers' findings, by key, for the leavers' checks below.
	over := map[string]rules.Text{}
	near := map[string]rules.Text{}
	for _, k := range order {
		r := byKey[k].recv
		r.Load = r.Customers + r.Incoming
		if r.Load > r.Cap {
			r.OverBy = r.Load - r.Cap
		}
		p := memberParams(byKey[k].m)
		p["customers"] = num(r.Customers)
		p["incoming"] = num(r.Incoming)
		p["load"] = num(r.Load)
		p["cap"] = num(r.Cap)
		switch {
		case r.OverBy > 0:
			if e.fire("receiver-over-cap", r.UserID, "", r.OverBy, p) {
				over[k] = e.res.Findings[len(e.res.Findings)-1].Message
			}
		case float64(r.Load) >= math.Ceil(e.lim.NearCapRatio*float64(r.Cap)-1e-9):
			if e.fire("receiver-near-cap", r.UserID, "", r.Load, p) {
				near[k] = e.res.Findings[len(e.res.Findings)-1].Message
			}
		}
		e.res.Receivers = append(e.res.Receivers, *r)
	}
	// Each leaver's handover sheet shows whether its receivers have room.
	for _, l := range e.leavers {
		if len(l.allocs) == 0 {
			continue
		}
		var overs, nears []rules.Text
		for _, a := range l.allocs {
			if t, ok := over[a.key]; ok {
				overs = append(overs, t)
			}
			if t, ok := near[a.key]; ok {
				nears = append(nears, t)
			}
		}
		e.check(l, "receiver-over-cap", len(overs) > 0, joinSentences(overs))
		e.check(l, "receiver-near-cap", len(nears) > 0, joinSentences(nears))
	}
	sort.SliceStable(e.res.Receivers, func(i, j int) bool {
		a, b := e.res.Receivers[i], e.res.Receivers[j]
		if a.Load != b.Load {
			return a.Load > b.Load
		}
		return Key(a.UserID) < Key(b.UserID)
	})
}

func joinSentences(ts []rules.Text) rules.Text { return rules.Sentences(ts) }

// ineligibility lists why a member may not receive customers (D11, D14).
// Columns that are absent or empty are assumed to pass (docs/spec.md §2.1).
func (e *engine) ineligibility(r, leaver *Member) []rules.Text {
	var why []rules.Text
	add := func(id string, args catalog.Args) { why = append(why, rules.Msg(id, args)) }
	if Key(r.UserID) == Key(leaver.UserID) {
		add("audit.receiver.self", nil)
	}
	// A userid on several roster rows may be two different people: nobody
	// can tell whose account would receive the customers (D19).
	for _, d := range e.in.DuplicateMembers {
		if Key(d.UserID) == Key(r.UserID) {
			add("audit.receiver.duplicate", catalog.Args{"rows": d.Count})
			break
		}
	}
	switch r.Status {
	case Departing:
		add("audit.receiver.departing", nil)
	case Departed:
		add("audit.receiver.departed", nil)
	case StatusUnknown:
		add("audit.receiver.status_unreadable", nil)
	}
	if r.ActivationUnreadable {
		add("audit.receiver.activation_unreadable", nil)
	}
	if e.scopeOf(r) == No {
		add("audit.receiver.outside_scope", nil)
	}
	if r.Activated == No {
		add("audit.receiver.not_activated", nil)
	}
	if r.Disabled {
		add("audit.receiver.disabled", nil)
	}
	if r.RealName == No {
		add("audit.receiver.not_real_name", nil)
	}
	if !r.LastLogin.IsZero() && r.LastLogin.DaysUntil(e.cfg.AsOf) > e.lim.LoginWindowDays {
		add("audit.receiver.login_stale", catalog.Args{"days": r.LastLogin.DaysUntil(e.cfg.AsOf)})
	}
	return why
}

func joinReasons(rs []rules.Text) rules.Text { return rules.List(rs) }

// overlap counts the ids two sorted, deduplicated slices share.
func overlap(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// whyReceiversUnreadable is the reason of the receiver checks of a leaver
// whose handover receiver or count cannot be read (issue 12).
var whyReceiversUnreadable = rules.Msg("audit.why.receiver_unreadable", nil)

// receiversUnknown reports whether a leaver's receivers cannot be known: a
// handover-sheet row naming the member has a receiver or count that cannot
// be read, or, without such rows, the roster's receiver cannot.
func receiversUnknown(rows []Handover, m *Member) bool {
	if rows == nil {
		return m.ReceiverUnknown
	}
	for _, h := range rows {
		if h.ReceiverUnknown || h.CountUnknown {
			return true
		}
	}
	return false
}
