package plan

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// TestRoundTripProperty plans a few hundred generated enterprises and
// audits each plan's own handover sheet on the same inputs: no receiver
// finding may appear beyond what the plan lists as unplaceable, and the
// audit's loads must be the plan's.
func TestRoundTripProperty(t *testing.T) {
	t.Parallel()
	n := uint64(400)
	if testing.Short() {
		// 400 enterprises take half a minute; -short checks the first 40.
		t.Log("-short: 40 seeds of 400")
		n = 40
	}
	for seed := uint64(1); seed <= n; seed++ {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		in, fill := genEnterprise(r)
		p, err := Make(in, rules.Default(), Config{AsOf: asOf, Fill: fill})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if bad := roundTrip(t, in, p); len(bad) > 0 {
			t.Errorf("seed %d (fill %v, %d members): %s", seed, fill, len(in.Members), strings.Join(bad, "; "))
			continue
		}
		if msg := invariants(t, in, p); msg != "" {
			t.Errorf("seed %d: %s", seed, msg)
		}
	}
}

// invariants checks what the sheets promise: every leaver has a row; counts
// never exceed a book; batches and group calls add up and respect D13, D17;
// and, with the fill at most the near-cap ratio, no receiver that needs no
// expansion is near its cap (with fill 1 a receiver may reach its cap).
func invariants(t testing.TB, in *audit.Inputs, p *Plan) string {
	rows := map[string]int{}
	for _, h := range p.Handovers() {
		rows[audit.Key(h.UserID)] += h.Count
		if h.Receiver != "" && !h.HasCount {
			return "row with a receiver and no count: " + h.UserID
		}
	}
	perPair := map[string]int{}
	for _, b := range p.Batches {
		if b.Customers < 1 || b.Customers > p.Limits.CustomersPerCall {
			return fmt.Sprintf("batch of %d", b.Customers)
		}
		perPair[audit.Key(b.Leaver)+">"+audit.Key(b.Receiver)] += b.Customers
	}
	groupsByDay := map[string]int{}
	groupsMoved := map[string]int{}
	for _, g := range p.GroupCalls {
		if g.Groups < 1 || g.Groups > p.Limits.GroupsPerCall {
			return fmt.Sprintf("group call of %d", g.Groups)
		}
		groupsByDay[fmt.Sprintf("%s/%d", g.Leaver, g.Day)] += g.Groups
		groupsMoved[g.Leaver] += g.Groups
	}
	for k, v := range groupsByDay {
		if v > p.Limits.GroupsPerOwnerPerDay {
			return fmt.Sprintf("%d groups on %s", v, k)
		}
	}
	for _, l := range p.Leavers {
		c, ok := rows[audit.Key(l.UserID)]
		if !ok {
			return "no row for " + l.UserID
		}
		if c > l.Customers {
			return fmt.Sprintf("%s: rows count %d of %d", l.UserID, c, l.Customers)
		}
		placed := 0
		for _, a := range l.Allocations {
			placed += a.Customers
			if got := perPair[audit.Key(l.UserID)+">"+audit.Key(a.Receiver)]; got != a.Customers {
				return fmt.Sprintf("%s>%s: batches carry %d of %d", l.UserID, a.Receiver, got, a.Customers)
			}
		}
		if l.Transferable && placed+l.Unplaced != l.Customers {
			return fmt.Sprintf("%s: %d placed + %d unplaced != %d", l.UserID, placed, l.Unplaced, l.Customers)
		}
		if l.GroupReceiver != "" && groupsMoved[l.UserID] != l.Groups {
			return fmt.Sprintf("%s: %d of %d groups scheduled", l.UserID, groupsMoved[l.UserID], l.Groups)
		}
	}
	if p.Fill < 1 && p.Fill <= p.Limits.NearCapRatio {
		again := *in
		again.Handovers = p.Handovers()
		res, err := audit.Run(&again, rules.Default(), audit.Config{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		expanded := map[string]bool{}
		for _, x := range p.Expansions {
			expanded[audit.Key(x.Member)] = !x.Enterprise
		}
		for _, f := range res.Findings {
			if f.Rule == "receiver-near-cap" && !expanded[audit.Key(f.Member)] {
				return "near cap without an expansion: " + f.Member
			}
		}
	}
	return ""
}

var genDepts = []string{"销售部/华东大区", "销售部/华南大区", "销售部", "财务部", "客户成功部/一组", "客户成功部", ""}

func pickTri(r *rand.Rand, yes, no float64) audit.Tri {
	switch x := r.Float64(); {
	case x < yes:
		return audit.Yes
	case x < yes+no:
		return audit.No
	}
	return audit.Unknown
}

// genEnterprise makes an enterprise of random size, caps and statuses:
// small caps so that overflow is common, leavers of every kind, planned
// receivers good and bad, an occasional HR sheet, and sometimes external
// ids drawn from one shared pool so that overlaps occur.
func genEnterprise(r *rand.Rand) (*audit.Inputs, float64) {
	n := 2 + r.IntN(60)
	in := &audit.Inputs{HasProfile: true}
	memberDefault := []int{5000, 300, 100, 2000}[r.IntN(4)]
	in.Profile = audit.Profile{
		Verified:         bp(r.IntN(10) > 0),
		DailyActiveUsers: []*int{nil, ip(30), ip(500)}[r.IntN(3)],
		MemberCapDefault: ip(memberDefault),
	}
	if r.IntN(3) == 0 {
		in.Profile.NearCapRatio = []*float64{fp(0.8), fp(0.95), fp(1)}[r.IntN(3)]
	}
	total := 0
	for i := range n {
		m := &audit.Member{
			UserID:      fmt.Sprintf("u%02d", i),
			Name:        fmt.Sprintf("成员%d", i),
			ScopeRoster: pickTri(r, 0.75, 0.1),
			Activated:   pickTri(r, 0.85, 0.05),
			RealName:    pickTri(r, 0.9, 0.04),
			Disabled:    r.IntN(25) == 0,
		}
		if r.IntN(2) == 0 {
			m.UserID = strings.ToUpper(m.UserID[:1]) + m.UserID[1:]
		}
		if d := genDepts[r.IntN(len(genDepts))]; d != "" {
			m.Departments = []string{d}
		}
		switch x := r.IntN(20); {
		case x < 2:
			m.Cap = 1 + r.IntN(20000)
		case x == 2:
			m.CapInvalid = "很多"
		case x == 3:
			m.Cap = 25000
			m.CapInvalid = "25000"
		}
		scale := memberDefault
		if r.IntN(5) == 0 {
			scale = 4 * memberDefault
		}
		m.Customers = r.IntN(scale + 1)
		if r.IntN(4) == 0 {
			m.Customers = 0
		}
		if r.IntN(6) == 0 {
			m.ExternalContacts = r.IntN(200)
		}
		m.ContactRows = m.Customers+m.ExternalContacts > 0
		if r.IntN(8) == 0 {
			m.LastLogin = asOf.AddDays(-r.IntN(700))
		}
		if r.IntN(10) < 3 {
			m.Status = audit.Departing
			if r.IntN(10) > 0 {
				m.DepartureDate = asOf.AddDays(60 - r.IntN(500))
				if !m.DepartureDate.After(asOf) {
					m.Status = audit.Departed
				}
			}
			if r.IntN(4) == 0 {
				m.Groups = r.IntN(800)
			}
		}
		total += m.Customers
		in.Members = append(in.Members, m)
	}
	// Planned receivers: anyone, the leaver itself, a stranger, or none.
	for _, m := range in.Members {
		if !m.Status.Leaving() || r.IntN(2) == 0 {
			continue
		}
		switch x := r.IntN(10); {
		case x == 0:
			m.Receiver = "ghost"
		case x == 1:
			m.Receiver = strings.ToLower(m.UserID)
		default:
			m.Receiver = strings.ToLower(in.Members[r.IntN(n)].UserID)
		}
	}
	if r.IntN(3) == 0 {
		for range 1 + r.IntN(4) {
			who := in.Members[r.IntN(n)]
			h := audit.Handover{UserID: who.UserID}
			if r.IntN(5) > 0 {
				h.DepartureDate, h.HasDate = asOf.AddDays(60-r.IntN(500)), true
			}
			for range r.IntN(3) {
				row := h
				row.Receiver = in.Members[r.IntN(n)].UserID
				if r.IntN(2) == 0 {
					row.Count, row.HasCount = r.IntN(who.Customers+50), true
				}
				in.Handovers = append(in.Handovers, row)
			}
			if r.IntN(3) == 0 {
				in.Handovers = append(in.Handovers, h)
			}
		}
	}
	if r.IntN(2) == 0 {
		in.HasExternalIDs = true
		in.CustomerIDs = map[string][]uint64{}
		for _, m := range in.Members {
			pool := 3 * memberDefault
			k := min(m.Customers, pool)
			set := map[uint64]bool{}
			for len(set) < k {
				set[uint64(r.IntN(pool))] = true
			}
			ids := make([]uint64, 0, k)
			for id := range set {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			in.CustomerIDs[audit.Key(m.UserID)] = ids
		}
	}
	// Around the enterprise's total, so that it is sometimes at its cap.
	in.Profile.EnterpriseCap = ip(max(1, total+r.IntN(2*memberDefault+1)-memberDefault))
	return in, []float64{0, 0, 0.5, 0.7, 0.9, 1}[r.IntN(6)]
}

func fp(v float64) *float64 { return &v }
