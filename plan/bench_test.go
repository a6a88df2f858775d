package plan

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// bigEnterprise is 5,000 members holding 100,000 customers between them
// (counts only, as from a summary export), about 100 of them leaving.
func bigEnterprise() *audit.Inputs {
	r := rand.New(rand.NewPCG(100_000, 5_000))
	in := ent()
	in.Profile.EnterpriseCap = ip(150_000)
	const members, contacts = 5000, 100_000
	for i := range members {
		m := mem(fmt.Sprintf("m%05d", i), dept(genDepts[r.IntN(len(genDepts)-1)]))
		if r.IntN(50) == 0 {
			leaving(asOf.AddDays(40 - r.IntN(200)).String())(m)
			m.Groups = r.IntN(400)
			if r.IntN(2) == 0 {
				m.Receiver = fmt.Sprintf("m%05d", r.IntN(members))
			}
		}
		in.Members = append(in.Members, m)
	}
	// Skewed: a few heavy members, most light, as real books are.
	for range contacts {
		i := r.IntN(members)
		if r.IntN(4) == 0 {
			i = r.IntN(members / 20)
		}
		in.Members[i].Customers++
		in.Members[i].ContactRows = true
	}
	return in
}

func BenchmarkPlan100k(b *testing.B) {
	in := bigEnterprise()
	rs := rules.Default()
	leavers := 0
	for _, m := range in.Members {
		if m.Status.Leaving() {
			leavers++
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Make(in, rs, Config{AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(leavers), "leavers")
}

func BenchmarkPlanWrite100k(b *testing.B) {
	p := mustMake(b, bigEnterprise(), 0)
	b.ResetTimer()
	for range b.N {
		if err := WriteJSON(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBigEnterprise runs the benchmark's enterprise through the round trip.
func TestBigEnterprise(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	in := bigEnterprise()
	p := mustMake(t, in, 0)
	if bad := roundTrip(t, in, p); len(bad) > 0 {
		t.Fatalf("round trip: %v", bad)
	}
	if msg := invariants(t, in, p); msg != "" {
		t.Fatal(msg)
	}
	if len(p.Batches) < 100 {
		t.Errorf("only %d batches", len(p.Batches))
	}
}
