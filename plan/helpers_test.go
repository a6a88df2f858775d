package plan

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

var asOf = audit.NewDate(2026, 11, 30)

func date(s string) audit.Date {
	d, err := audit.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ip(v int) *int   { return &v }
func bp(v bool) *bool { return &v }

// ent builds a verified enterprise with enough daily active users.
func ent(ms ...*audit.Member) *audit.Inputs {
	return &audit.Inputs{Members: ms, HasProfile: true,
		Profile: audit.Profile{Verified: bp(true), DailyActiveUsers: ip(120), EnterpriseCap: ip(1_000_000)}}
}

type opt func(*audit.Member)

// mem is an active, eligible member of 销售部/华东大区 holding nothing.
func mem(id string, opts ...opt) *audit.Member {
	m := &audit.Member{UserID: id, Name: strings.ToUpper(id[:1]) + id[1:], ScopeRoster: audit.Yes,
		Activated: audit.Yes, RealName: audit.Yes, Departments: []string{"销售部/华东大区"}}
	for _, o := range opts {
		o(m)
	}
	return m
}

func leaving(d string) opt {
	return func(m *audit.Member) {
		m.Status = audit.Departing
		if d != "" {
			m.DepartureDate = date(d)
			if !m.DepartureDate.After(asOf) {
				m.Status = audit.Departed
			}
		}
	}
}
func cust(n int) opt {
	return func(m *audit.Member) { m.Customers = n; m.ContactRows = m.ContactRows || n > 0 }
}
func ext(n int) opt         { return func(m *audit.Member) { m.ExternalContacts = n; m.ContactRows = true } }
func groups(n int) opt      { return func(m *audit.Member) { m.Groups = n } }
func recv(r string) opt     { return func(m *audit.Member) { m.Receiver = r } }
func dept(d string) opt     { return func(m *audit.Member) { m.Departments = []string{d} } }
func scope(t audit.Tri) opt { return func(m *audit.Member) { m.ScopeRoster = t } }
func disabled() opt         { return func(m *audit.Member) { m.Disabled = true } }
func login(s string) opt    { return func(m *audit.Member) { m.LastLogin = date(s) } }
func named(n string) opt    { return func(m *audit.Member) { m.Name = n } }

func mustMake(t testing.TB, in *audit.Inputs, fill float64) *Plan {
	t.Helper()
	p, err := Make(in, rules.Default(), Config{AsOf: asOf, Fill: fill, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// allocs lists "leaver>receiver:count" for every allocation, in plan order.
func allocs(p *Plan) []string {
	var out []string
	for _, l := range p.Leavers {
		for _, a := range l.Allocations {
			out = append(out, fmt.Sprintf("%s>%s:%d", l.UserID, a.Receiver, a.Customers))
		}
	}
	return out
}

// receiverRules are the findings the plan must not cause (issue #6).
var receiverRules = map[string]bool{
	"no-receiver": true, "receiver-unknown": true, "receiver-ineligible": true, "receiver-over-cap": true,
}

// roundTrip audits the plan's own handover sheet on the same inputs and
// returns every receiver finding the plan does not account for: a
// no-receiver finding must match a leaver's unplaceable remainder, an
// over-cap finding a member expansion at least as large as the overflow.
// It also checks that the plan's arithmetic is the audit's: the same loads,
// and a no-receiver finding for every remainder the plan announces.
func roundTrip(t testing.TB, in *audit.Inputs, p *Plan) []string {
	t.Helper()
	again := *in
	again.Handovers = p.Handovers()
	res, err := audit.Run(&again, rules.Default(), audit.Config{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	unplaced := map[string]Unplaceable{}
	for _, u := range p.Unplaceable {
		unplaced[audit.Key(u.Leaver)] = u
	}
	expanded := map[string]Expansion{}
	for _, x := range p.Expansions {
		if !x.Enterprise {
			expanded[audit.Key(x.Member)] = x
		}
	}
	var bad []string
	noReceiver := map[string]int{}
	for _, f := range res.Findings {
		if !receiverRules[f.Rule] {
			continue
		}
		k := audit.Key(f.Member)
		ok := false
		switch f.Rule {
		case "no-receiver":
			noReceiver[k] = f.Count
			u, found := unplaced[k]
			ok = found && u.Short == f.Count && (u.Short > 0 || u.Groups > 0)
		case "receiver-over-cap":
			x, found := expanded[k]
			ok = found && f.Count <= x.To-x.From
		}
		if !ok {
			bad = append(bad, fmt.Sprintf("%s %s %s %d", f.Rule, f.Member, f.Receiver, f.Count))
		}
	}
	for k, u := range unplaced {
		if u.Short > 0 || u.Groups > 0 {
			if c, ok := noReceiver[k]; !ok || c != u.Short {
				bad = append(bad, fmt.Sprintf("plan lists %s with %d unplaced, audit says %d (fired %v)", u.Leaver, u.Short, c, ok))
			}
		}
	}
	// The plan's loads are the audit's loads, receiver by receiver.
	got := map[string]int{}
	for _, r := range p.Receivers {
		got[audit.Key(r.UserID)] = r.Load
	}
	for _, r := range res.Receivers {
		if l, ok := got[audit.Key(r.UserID)]; !ok || l != r.Load {
			bad = append(bad, fmt.Sprintf("load of %s: plan %d (listed %v), audit %d", r.UserID, l, ok, r.Load))
		}
		delete(got, audit.Key(r.UserID))
	}
	for k := range got {
		bad = append(bad, "plan lists receiver "+k+" the audit does not see")
	}
	sort.Strings(bad)
	return bad
}
