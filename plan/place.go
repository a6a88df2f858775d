package plan

import (
	"math"
	"sort"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// placer assigns books to receivers. Loads accumulate over every leaver of
// the run, exactly as the audit adds them up (docs/spec.md §3, receiver load): a
// receiver's own customers plus every count planned to it, less the
// customers it already has when it takes a whole book (D15).
//
// Placement runs in three passes over the leavers, most urgent first
// (earliest limit date), so that HR's choices come before anyone else's
// and current room before expansions:
//  1. keep HR's planned receivers that are eligible and have room;
//  2. place the rest on eligible members within their current caps;
//  3. place what is left with member expansions up to member_cap_max,
//     HR's planned receivers first.
//
// What pass 3 cannot place is unplaceable.
type placer struct {
	in   *audit.Inputs
	view *audit.View
	lim  rules.Limits
	fill float64
	idx  map[string]*audit.Member
	// leaving is every departing or departed member after the handover
	// sheet, by key: the audit's own reading (View does not apply the sheet).
	leaving map[string]audit.Status
	load    map[*audit.Member]int // absent means the member's own customers
	// cands are the members the plan may propose, in roster order, with
	// their key and department path worked out once.
	cands []*candidate
	works []*work // roster order
	// expOrder remembers when a member first took customers beyond its
	// current cap, which is the order its expansion is requested in.
	expOrder map[string]int
}

// work is one leaver while it is placed.
type work struct {
	l      *Leaver
	m      *audit.Member
	key    string
	path   []string // main department path (D19)
	book   int
	rem    int
	allocs []*alloc
	// roomless are HR's planned receivers, eligible but without room under
	// their current caps for all HR planned to them: the first to expand
	// when expansions are needed.
	roomless []planned
}

// planned is a receiver HR planned, with the customers planned to it.
type planned struct {
	written string
	m       *audit.Member
	count   int
}

type alloc struct {
	m        *audit.Member
	key      string
	count    int
	whole    bool
	credited int
	kept     bool
	after    int  // customers placed beyond the receiver's current cap (pass 3)
	expanded bool // given in pass 3
}

// candidate is a member the plan may propose.
type candidate struct {
	m    *audit.Member
	key  string
	path []string
	dept string // path joined, to work out a tier once per department
	// nowLim and maxLim are the member's limits at its current cap and at
	// member_cap_max; they do not change during a run.
	nowLim, maxLim int
}

// cand is a candidate ranked for one leaver.
type cand struct {
	*candidate
	tier, room int
}

// slot is a queued candidate: small and pointer-free, since thousands are
// queued for every leaver.
type slot struct{ i, tier, room int32 }

func newPlacer(in *audit.Inputs, view *audit.View, res *audit.Result, fill float64) *placer {
	p := &placer{
		in:       in,
		view:     view,
		lim:      view.Limits(),
		fill:     fill,
		idx:      in.Index(),
		leaving:  map[string]audit.Status{},
		load:     map[*audit.Member]int{},
		expOrder: map[string]int{},
	}
	for _, d := range res.Departing {
		p.leaving[audit.Key(d.UserID)] = d.Status
	}
	// A proposed receiver must pass every check the audit makes (D11) and
	// be known to be inside the scope: the audit lets an unknown scope pass
	// (it cannot tell), but WeCom refuses a receiver outside it, so the plan
	// never proposes one it cannot vouch for.
	nobody := &audit.Member{}
	for _, m := range in.Members {
		k := audit.Key(m.UserID)
		if _, out := p.leaving[k]; out || m.Status != audit.Active {
			continue
		}
		if view.Scope(m) != audit.Yes || len(view.Ineligibility(m, nobody)) > 0 {
			continue
		}
		path := deptPath(m)
		p.cands = append(p.cands, &candidate{m: m, key: k, path: path, dept: strings.Join(path, "/"),
			nowLim: p.nowLimit(m), maxLim: p.maxLimit(m)})
	}
	for i := range res.Departing {
		d := &res.Departing[i]
		m := p.idx[audit.Key(d.UserID)]
		w := &work{
			l: &Leaver{
				UserID: d.UserID, Name: d.Name, Department: d.Department, Status: d.Status,
				DepartureDate: d.DepartureDate, LimitDate: d.LimitDate, InScope: d.InScope,
				Customers: d.Customers, External: d.External, Groups: d.Groups,
				Transferable: d.Transferable, Expired: d.Expired, LoginStale: d.LoginStale,
				Planned:  append([]audit.Allocation(nil), d.Receivers...),
				Decision: d.Decision, Audit: d,
			},
			m:    m,
			key:  audit.Key(d.UserID),
			path: deptPath(m),
			book: d.Customers,
			rem:  d.Customers,
		}
		p.works = append(p.works, w)
	}
	return p
}

// needs reports whether the leaver is planned at all: the audit looks for
// receivers only for transferable handovers holding customers or groups.
func (w *work) needs() bool {
	return w.m != nil && w.l.Transferable && (w.l.Customers > 0 || w.l.Groups > 0)
}

// limit is the most a receiver with this cap may hold in the plan: strictly
// below fill × cap, the point where the audit calls it near its cap (the
// same rounding as audit's receiver-near-cap); up to the cap itself when
// fill is 1.
func (p *placer) limit(cap int) int {
	if p.fill >= 1 {
		return cap
	}
	return int(math.Ceil(p.fill*float64(cap)-1e-9)) - 1
}

// capFor is the smallest cap whose limit admits the load (the member
// expansion to request).
func (p *placer) capFor(load int) int {
	if p.fill >= 1 {
		return load
	}
	c := int(float64(load) / p.fill)
	for c > 1 && p.limit(c-1) >= load {
		c--
	}
	for p.limit(c) < load {
		c++
	}
	return c
}

func (p *placer) loadOf(m *audit.Member) int {
	if v, ok := p.load[m]; ok {
		return v
	}
	return m.Customers
}

func (p *placer) nowLimit(m *audit.Member) int { return p.limit(p.view.Cap(m)) }
func (p *placer) maxLimit(*audit.Member) int   { return p.limit(p.lim.MemberCapMax) }

func (p *placer) place() {
	urgent := make([]*work, 0, len(p.works))
	for _, w := range p.works {
		if w.needs() {
			urgent = append(urgent, w)
		}
	}
	// Most urgent first: the earliest limit date (D12), leavers without a
	// date last, then roster order.
	sort.SliceStable(urgent, func(i, j int) bool {
		a, b := urgent[i].l.LimitDate, urgent[j].l.LimitDate
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Before(b)
	})
	for _, w := range urgent {
		p.keepPlanned(w)
		p.settle(w)
	}
	for _, w := range urgent {
		p.placeNow(w)
		p.settle(w)
	}
	for _, w := range urgent {
		p.placeExpanded(w)
		p.settle(w)
	}
}

// give hands n more customers of w to m, merging with an allocation to the
// same receiver (one row per pair on the sheet).
func (p *placer) give(w *work, m *audit.Member, n int, kept, expanded bool) *alloc {
	k := audit.Key(m.UserID)
	p.load[m] = p.loadOf(m) + n
	w.rem -= n
	if expanded {
		if _, ok := p.expOrder[k]; !ok {
			p.expOrder[k] = len(p.expOrder)
		}
	}
	for _, a := range w.allocs {
		if a.key == k {
			a.kept = a.kept || kept
			a.count += n
			if expanded {
				a.after += n
				a.expanded = true
			}
			return a
		}
	}
	a := &alloc{m: m, key: k, count: n, kept: kept, expanded: expanded}
	if expanded {
		a.after = n
	}
	w.allocs = append(w.allocs, a)
	return a
}

// settle applies the audit's overlap credit: one allocation of the whole
// book is "whole", and a customer the receiver already has is not counted
// again (D15, docs/spec.md §3). A split gets none: nobody can tell which customers
// go where. A leaver is settled after each pass, so later leavers see the
// load the audit will compute.
func (p *placer) settle(w *work) {
	if len(w.allocs) != 1 || w.allocs[0].whole || w.allocs[0].count != w.book {
		return
	}
	a := w.allocs[0]
	a.whole = true
	a.credited = p.view.Overlap(w.m, a.m)
	p.load[a.m] = p.loadOf(a.m) - a.credited
}

// wholeFits reports whether m can take w's whole book within limit, counting
// the overlap credit that a whole book earns.
func (p *placer) wholeFits(w *work, m *audit.Member, limit int) bool {
	room := limit - p.loadOf(m)
	if room >= w.book {
		return true
	}
	if !p.in.HasExternalIDs {
		return false
	}
	// The credit is at most the customers the two share.
	a, b := p.in.CustomerIDs[w.key], p.in.CustomerIDs[audit.Key(m.UserID)]
	if room+min(len(a), len(b)) < w.book {
		return false
	}
	return w.book-p.view.Overlap(w.m, m) <= room
}

// keepPlanned keeps HR's planned receivers that are eligible (exactly as the
// audit judges them) and within the fill, up to the count HR planned.
func (p *placer) keepPlanned(w *work) {
	var ps []*planned
	seen := map[string]*planned{}
	for _, a := range w.l.Planned {
		k := audit.Key(a.UserID)
		if q, ok := seen[k]; ok {
			q.count += a.Customers
			continue
		}
		q := &planned{written: a.UserID, m: p.idx[k], count: a.Customers}
		seen[k] = q
		ps = append(ps, q)
	}
	for _, q := range ps {
		if q.m == nil {
			w.l.Replaced = append(w.l.Replaced, Replaced{UserID: q.written, Reasons: []rules.Text{rules.Msg("plan.why.not_in_roster", nil)}})
			continue
		}
		if why := p.ineligible(q.m, w.m); len(why) > 0 {
			w.l.Replaced = append(w.l.Replaced, Replaced{UserID: q.written, Reasons: why})
			continue
		}
		limit := p.nowLimit(q.m)
		room := limit - p.loadOf(q.m)
		switch {
		case w.book == 0:
			// Groups only: they do not count against the customer cap,
			// but the receiver must stay within the fill (the audit
			// checks every receiver's load), and one receiver takes them.
			if len(w.allocs) > 0 {
				w.l.Replaced = append(w.l.Replaced, Replaced{UserID: q.written, Reasons: []rules.Text{rules.Msg("plan.why.groups_one_receiver", nil)}})
				continue
			}
			if room < 0 {
				w.l.Replaced = append(w.l.Replaced, Replaced{UserID: q.written, Reasons: []rules.Text{p.noRoom(q.m)}})
				w.roomless = append(w.roomless, *q)
				continue
			}
			p.give(w, q.m, 0, true, false)
		case len(ps) == 1 && q.count == w.book && p.wholeFits(w, q.m, limit):
			p.give(w, q.m, w.book, true, false)
		default:
			take := min(q.count, room, w.rem)
			if take <= 0 {
				why := p.noRoom(q.m)
				if q.count == 0 {
					why = rules.Msg("plan.why.planned_zero", nil)
				} else {
					w.roomless = append(w.roomless, *q)
				}
				w.l.Replaced = append(w.l.Replaced, Replaced{UserID: q.written, Reasons: []rules.Text{why}})
				continue
			}
			p.give(w, q.m, take, true, false)
			if take < min(q.count, w.rem+take) {
				// Kept for what fits; the rest of HR's count may follow
				// once it is expanded.
				w.roomless = append(w.roomless, *q)
			}
		}
	}
}

// ineligible is the audit's judgement of a receiver (D11) on the roster as
// the handover sheet leaves it: a member the sheet names is leaving even
// when the roster says active.
func (p *placer) ineligible(r, leaver *audit.Member) []rules.Text {
	why := p.view.Ineligibility(r, leaver)
	if r.Status == audit.Active {
		switch p.leaving[audit.Key(r.UserID)] {
		case audit.Departing:
			why = append(why, rules.Msg("audit.receiver.departing", nil))
		case audit.Departed:
			why = append(why, rules.Msg("audit.receiver.departed", nil))
		}
	}
	return why
}

func (p *placer) noRoom(m *audit.Member) rules.Text {
	c := p.view.Cap(m)
	return rules.Msg("plan.why.no_room", catalog.Args{"load": p.loadOf(m), "cap": c, "fill": pct(p.fill)})
}

// queue hands out the members that may take w's customers, best first:
// the leaver's own department, then its parent departments upwards (D19:
// the first department is the main one, "/" separates the path), then
// anyone; within that, most room first; ties by userid. Most books need one
// or two receivers, so picking the best by a scan beats sorting thousands
// of members for every leaver.
type queue struct {
	all []*candidate
	cs  []slot
	// first ranks receivers already taking the book ahead of the rest (by
	// the order they took it); nil when there is no such preference.
	first map[string]int
}

// candidates queues the members other than the leaver whose room is at
// least minRoom, under their current caps or, expanded, at member_cap_max.
func (p *placer) candidates(w *work, expanded bool, minRoom int) *queue {
	q := &queue{all: p.cands, cs: make([]slot, 0, len(p.cands))}
	tiers := map[string]int{}
	for i, c := range p.cands {
		if c.key == w.key {
			continue
		}
		lim := c.nowLim
		if expanded {
			lim = c.maxLim
		}
		room := lim - p.loadOf(c.m)
		if room < minRoom {
			continue
		}
		t, ok := tiers[c.dept]
		if !ok {
			t = tier(w.path, c.path)
			tiers[c.dept] = t
		}
		q.cs = append(q.cs, slot{int32(i), int32(t), int32(room)})
	}
	return q
}

func (q *queue) before(a, b slot) bool {
	if q.first != nil {
		fa, fb := q.first[q.all[a.i].key], q.first[q.all[b.i].key]
		if (fa > 0) != (fb > 0) {
			return fa > 0
		}
		if fa != fb {
			return fa < fb
		}
	}
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if a.room != b.room {
		return a.room > b.room
	}
	return q.all[a.i].key < q.all[b.i].key
}

func (q *queue) best() int {
	bi := -1
	for i := range q.cs {
		if bi < 0 || q.before(q.cs[i], q.cs[bi]) {
			bi = i
		}
	}
	return bi
}

func (q *queue) at(i int) cand {
	s := q.cs[i]
	return cand{q.all[s.i], int(s.tier), int(s.room)}
}

// pop removes and returns the best member; ok is false when none is left.
func (q *queue) pop() (c cand, ok bool) {
	i := q.best()
	if i < 0 {
		return cand{}, false
	}
	c = q.at(i)
	q.cs[i] = q.cs[len(q.cs)-1]
	q.cs = q.cs[:len(q.cs)-1]
	return c, true
}

// placeNow places what is left of w's book on eligible members within their
// current caps. A book goes whole to one receiver when the best department
// has one with room for it (overlap credit then applies); otherwise it is
// split, best first.
func (p *placer) placeNow(w *work) {
	if w.rem == 0 && (w.book > 0 || len(w.allocs) > 0) {
		return
	}
	if w.book == 0 {
		// Groups only: the first member within its fill takes them.
		if c, ok := p.candidates(w, false, 0).pop(); ok {
			p.give(w, c.m, 0, false, false)
		}
		return
	}
	q := p.candidates(w, false, 1)
	if len(w.allocs) == 0 {
		if m := p.wholeTaker(w, q); m != nil {
			p.give(w, m, w.book, false, false)
			return
		}
	}
	for w.rem > 0 {
		c, ok := q.pop()
		if !ok {
			return
		}
		// Room is recomputed: an earlier pass may have merged into it.
		if room := c.nowLim - p.loadOf(c.m); room > 0 {
			p.give(w, c.m, min(room, w.rem), false, false)
		}
	}
}

// wholeTaker is the first member of the best department with room that can
// take the whole book. Without overlap credit that can only be the one
// with the most room; with it, one with less room may fit too (D15).
func (p *placer) wholeTaker(w *work, q *queue) *audit.Member {
	i := q.best()
	if i < 0 {
		return nil
	}
	top := q.at(i)
	if top.room >= w.book {
		return top.m
	}
	if !p.in.HasExternalIDs {
		return nil
	}
	sub := &queue{all: q.all}
	for i, s := range q.cs {
		if c := q.at(i); c.tier == top.tier && p.wholeFits(w, c.m, c.nowLim) {
			sub.cs = append(sub.cs, s)
		}
	}
	if c, ok := sub.pop(); ok {
		return c.m
	}
	return nil
}

// placeExpanded places what is still left with member expansions up to
// member_cap_max (D6): receivers already taking this book first, to keep
// the split small, then the usual order by room at the expanded cap.
func (p *placer) placeExpanded(w *work) {
	if w.rem == 0 && (w.book > 0 || len(w.allocs) > 0) {
		return
	}
	p.expandPlanned(w)
	if w.rem == 0 && (w.book > 0 || len(w.allocs) > 0) {
		return
	}
	if w.book == 0 {
		p.groupOwner(w)
		return
	}
	q := p.candidates(w, true, 1)
	q.first = map[string]int{}
	for i, a := range w.allocs {
		q.first[a.key] = i + 1
	}
	for w.rem > 0 {
		c, ok := q.pop()
		if !ok {
			break
		}
		// Room a settled whole book freed needs no expansion.
		if room := c.nowLim - p.loadOf(c.m); room > 0 {
			p.give(w, c.m, min(room, w.rem), false, false)
		}
		if room := c.maxLim - p.loadOf(c.m); room > 0 && w.rem > 0 {
			p.give(w, c.m, min(room, w.rem), false, true)
		}
	}
	// Customers nobody can take still leave the groups needing an owner.
	if len(w.allocs) == 0 && w.l.Groups > 0 {
		p.groupOwner(w)
	}
}

// expandPlanned gives HR's planned receivers that only lacked room what
// they can hold once expanded: HR chose them, and an expansion is needed
// anyway. They are then kept, not replaced.
func (p *placer) expandPlanned(w *work) {
	maxLim := p.limit(p.lim.MemberCapMax)
	for _, q := range w.roomless {
		if w.rem == 0 && (w.book > 0 || len(w.allocs) > 0) {
			return
		}
		m := q.m
		want := q.count
		for _, a := range w.allocs {
			if a.m == m {
				want -= a.count
			}
		}
		given := false
		if room := min(p.nowLimit(m)-p.loadOf(m), want); room > 0 && w.rem > 0 {
			p.give(w, m, min(room, w.rem), true, false)
			want -= min(room, w.rem)
			given = true
		}
		if room := min(maxLim-p.loadOf(m), want); room > 0 && w.rem > 0 {
			p.give(w, m, min(room, w.rem), true, true)
			given = true
		}
		if w.book == 0 && len(w.allocs) == 0 && maxLim >= p.loadOf(m) {
			p.give(w, m, 0, true, true)
			given = true
		}
		if !given {
			continue
		}
		for i, r := range w.l.Replaced {
			if audit.Key(r.UserID) == audit.Key(m.UserID) {
				w.l.Replaced = append(w.l.Replaced[:i], w.l.Replaced[i+1:]...)
				break
			}
		}
	}
}

// groupOwner finds one receiver for groups when no customer receiver took
// them: groups do not count against the customer cap, but the audit checks
// every receiver's load, so it must be within its fill; a member that needs
// no expansion first, else the best that fits expanded.
func (p *placer) groupOwner(w *work) {
	if c, ok := p.candidates(w, false, 0).pop(); ok {
		p.give(w, c.m, 0, false, false)
		return
	}
	if c, ok := p.candidates(w, true, 0).pop(); ok {
		p.give(w, c.m, 0, false, true)
	}
}

// deptPath is the member's main department as a path: "Sales/East China"
// is [Sales, East China]. Full-width slashes (U+FF0F, as a Chinese input
// method types them) count as slashes.
func deptPath(m *audit.Member) []string {
	if m == nil || len(m.Departments) == 0 {
		return nil
	}
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(m.Departments[0], "／", "/"), "/") {
		if s := strings.TrimSpace(part); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// tier is 0 when the candidate's main department lies within the leaver's,
// 1 within its parent, and so on; len(leaver) when they share nothing.
func tier(leaver, cand []string) int {
	n := len(leaver)
	for k := n; k >= 1; k-- {
		if len(cand) >= k && equalPath(leaver[:k], cand[:k]) {
			return n - k
		}
	}
	return n
}

func equalPath(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// finish fills the plan from the placement: allocations, member
// expansions and the unplaceable list.
func (p *placer) finish(pl *Plan) {
	type need struct {
		m       *audit.Member
		to      int
		load    int
		leavers []string
	}
	needs := map[string]*need{}
	for _, w := range p.works {
		for _, a := range w.allocs {
			if _, ok := needs[a.key]; ok {
				needs[a.key].leavers = append(needs[a.key].leavers, w.l.UserID)
				continue
			}
			load := p.loadOf(a.m)
			if load <= p.nowLimit(a.m) {
				continue
			}
			needs[a.key] = &need{m: a.m, to: p.capFor(load), load: load, leavers: []string{w.l.UserID}}
		}
	}
	if e := pl.Enterprise; e.ExpansionsNeeded > 0 {
		x := Expansion{
			Enterprise: true, Count: e.ExpansionsNeeded, From: e.Cap, To: e.CapAfterExpansions,
			Eligible: e.ExpansionEligible,
		}
		if !e.Verified {
			x.Reasons = append(x.Reasons, rules.Msg("plan.why.enterprise_unverified", nil))
		}
		switch d := e.DailyActiveUsers; {
		case d == nil:
			x.Reasons = append(x.Reasons, rules.Msg("plan.why.active_users_unknown", nil))
		case *d <= p.lim.ExpansionMinDailyActiveUsers:
			x.Reasons = append(x.Reasons, rules.Msg("plan.why.few_active_users", catalog.Args{"users": *d, "min": p.lim.ExpansionMinDailyActiveUsers}))
		}
		for _, w := range p.works {
			// At the cap every handover waits for it (D8); otherwise only
			// the leavers whose external contacts are to become customers (D3).
			if w.l.Transferable && (e.AtCap && w.needs() || w.l.External > 0) {
				x.For = append(x.For, w.l.UserID)
			}
		}
		pl.Expansions = append(pl.Expansions, x)
	}
	keys := make([]string, 0, len(needs))
	for k := range needs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := p.expOrder[keys[i]]
		oj, jok := p.expOrder[keys[j]]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	yes := true
	for _, k := range keys {
		n := needs[k]
		pl.Expansions = append(pl.Expansions, Expansion{
			Member: n.m.UserID, Name: n.m.Name, From: p.view.Cap(n.m), To: n.to, Load: n.load,
			Eligible: &yes, For: n.leavers,
		})
	}

	seen := map[string]bool{}
	for _, w := range p.works {
		for _, a := range w.allocs {
			if seen[a.key] {
				continue
			}
			seen[a.key] = true
			load := p.loadOf(a.m)
			pl.Receivers = append(pl.Receivers, Receiver{
				UserID: a.m.UserID, Name: a.m.Name, Cap: p.view.Cap(a.m), Customers: a.m.Customers,
				Incoming: load - a.m.Customers, Load: load, Limit: p.nowLimit(a.m),
			})
		}
	}
	// The audit's order: heaviest first, then userid.
	sort.SliceStable(pl.Receivers, func(i, j int) bool {
		a, b := pl.Receivers[i], pl.Receivers[j]
		if a.Load != b.Load {
			return a.Load > b.Load
		}
		return audit.Key(a.UserID) < audit.Key(b.UserID)
	})

	for _, w := range p.works {
		l := w.l
		var u Unplaceable
		for _, a := range w.allocs {
			n := needs[a.key]
			after := 0
			if n != nil {
				after = a.after
			}
			l.Allocations = append(l.Allocations, Allocation{
				Receiver: a.m.UserID, Name: a.m.Name, Customers: a.count, Whole: a.whole,
				Credited: a.credited, Kept: a.kept, AfterExpansion: after, NeedsExpansion: n != nil,
			})
			if a.expanded && n != nil {
				u.Placed = append(u.Placed, Placed{Receiver: a.m.UserID, Customers: after, To: n.to})
				u.Customers += after
			}
		}
		if w.needs() {
			l.Unplaced = w.rem
			switch {
			case l.Groups == 0:
			case len(w.allocs) > 0:
				l.GroupReceiver = w.allocs[0].m.UserID
			default:
				l.GroupsUnplaced = l.Groups
			}
		}
		u.Short = l.Unplaced
		u.Customers += u.Short
		u.Groups = l.GroupsUnplaced
		if len(u.Placed) > 0 || u.Short > 0 || u.Groups > 0 {
			u.Leaver = l.UserID
			pl.Unplaceable = append(pl.Unplaceable, u)
		}
		pl.Leavers = append(pl.Leavers, *l)
	}
}
