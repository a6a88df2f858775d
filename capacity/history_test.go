package capacity

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// monthEnds are the totals of earlier monthly reports: the month ends
// before asOf, n of them, of a total growing perDay a day (plus noise) to
// customers on asOf.
func monthEnds(rng *rand.Rand, n, customers int, perDay float64, noise int) []Total {
	var out []Total
	for i := 1; i <= n; i++ {
		d := time.Date(asOf.Year(), asOf.Month()-time.Month(i-1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		c := customers - int(perDay*float64(daysBetween(d, asOf)))
		if noise > 0 {
			c += rng.IntN(2*noise+1) - noise
		}
		out = append(out, Total{Date: d, Customers: c})
	}
	return out
}

// undated is a read of exports without add times: customers undated rows.
func undated(customers int) *Growth {
	g := NewGrowth(asOf)
	for range customers {
		g.Add("a", time.Time{})
	}
	return g
}

func TestForecastFromHistory(t *testing.T) {
	const customers, cap = 40000, 50000
	in := func(g *Growth, h []Total) Input {
		return Input{AsOf: asOf, Growth: g, History: h,
			Enterprise: Enterprise{Cap: cap, Customers: customers, Step: 50000},
			Members:    []Member{{UserID: "a", Key: "a", Cap: 20000, Customers: customers}}}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		name    string
		g       *Growth
		history []Total
		truth   int // days to the cap at the true pace
	}{
		{"steady, 100 a day, 6 month ends", undated(customers), monthEnds(rng, 6, customers, 100, 0), 100},
		{"100 a day with noise of ±400", undated(customers), monthEnds(rng, 6, customers, 100, 400), 100},
		{"2 month ends (3 points)", undated(customers), monthEnds(rng, 2, customers, 100, 0), 100},
		{"60 a day, no contact export", nil, monthEnds(rng, 6, customers, 60, 200), 167},
		{"a campaign month among 6", undated(customers), func() []Total {
			h := monthEnds(rng, 6, customers, 100, 0)
			for i := 3; i < len(h); i++ { // 5,000 added in the 3rd month back
				h[i].Customers -= 5000
			}
			return h
		}(), 100},
		{"add times on too few", func() *Growth {
			g := undated(customers - 500)
			for range 500 {
				g.Add("a", asOf.AddDate(0, 0, -rng.IntN(300)))
			}
			return g
		}(), monthEnds(rng, 6, customers, 100, 0), 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Forecast(in(c.g, c.history))
			e := r.Enterprise
			if !e.Known || r.Source != SourceHistory || len(r.HistoryPoints) < MinHistoryPoints {
				t.Fatalf("known %v (%s), source %q, %d points", e.Known, e.Unknown.In("en"), r.Source, len(r.HistoryPoints))
			}
			t.Logf("pace %.0f a week (%.0f–%.0f)", e.Pace.Weekly, e.Pace.Low, e.Pace.High)
			within(t, "central", e.Reaches[0].Date, c.truth)
			if e.Pace.Low > e.Pace.Weekly || e.Pace.High < e.Pace.Weekly || e.Reaches[0].Early.After(e.Reaches[0].Date) || e.Reaches[0].Late.Before(e.Reaches[0].Date) {
				t.Errorf("range: pace %+v, reach %+v", e.Pace, e.Reaches[0])
			}
			// The past weeks need add times on nearly every customer.
			if e.ActBy.IsZero() || len(r.Weeks) != 0 || (r.PastUnknown.IsZero() != (c.g == nil || c.g.Enterprise.Dated() == 0)) {
				t.Errorf("act by %v, %d weeks, past unknown %q (the past weeks only from add times on nearly all)", e.ActBy, len(r.Weeks), r.PastUnknown.In("en"))
			}
		})
	}
	for _, c := range []struct {
		name    string
		history []Total
		want    string // in the reason
	}{
		{"no history given", nil, "carry no add times"},
		{"no earlier report", []Total{}, "in 0 earlier reports"},
		{"one earlier report (2 points)", monthEnds(rng, 1, customers, 100, 0), "in 1 earlier report within"},
		{"two reports, one too old", []Total{{asOf.AddDate(0, -1, 0), 37000}, {asOf.AddDate(-1, 0, 0), 10000}}, "in 1 earlier report within"},
		{"two reports within 3 weeks", []Total{{asOf.AddDate(0, 0, -21), 37900}, {asOf.AddDate(0, 0, -10), 39000}}, "spanning 8 weeks"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Forecast(in(undated(customers), c.history))
			e := r.Enterprise
			if e.Known || r.Source != "" || len(e.Reaches) != 0 || !e.ActBy.IsZero() || len(r.Projection) != 0 {
				t.Fatalf("want unknown: known %v source %q reaches %v", e.Known, r.Source, e.Reaches)
			}
			if !strings.Contains(e.Unknown.In("en"), c.want) || !strings.Contains(e.Unknown.In("en"), "add times") || e.Unknown.In("zh") == "" {
				t.Errorf("reason %q, want %q in it", e.Unknown.In("en"), c.want)
			}
		})
	}
	// Add times that give the pace win over history.
	g := NewGrowth(asOf)
	n := 4000 + addSteady(g, rng, "a", 700)
	for range 4000 {
		g.Add("a", asOf.AddDate(-2, 0, 0))
	}
	r := Forecast(Input{AsOf: asOf, Growth: g, History: monthEnds(rng, 6, n, 10, 0),
		Enterprise: Enterprise{Cap: cap, Customers: n, Step: 50000}})
	if r.Source != SourceAddTimes || r.Enterprise.Pace.Weekly < 600 {
		t.Errorf("with add times: source %q pace %.0f", r.Source, r.Enterprise.Pace.Weekly)
	}
}

func TestPaceFromTotalsShrinking(t *testing.T) {
	p, _, _, ok := PaceFromTotals([]Total{{asOf.AddDate(0, -3, 0), 42000}, {asOf.AddDate(0, -2, 0), 41000}, {asOf.AddDate(0, -1, 0), 40500}}, asOf, 40000)
	if !ok || p.Weekly != 0 || p.Low != 0 || p.High != 0 {
		t.Errorf("a shrinking total: %+v %v, want a pace of 0", p, ok)
	}
	r := Forecast(Input{AsOf: asOf, Growth: undated(40000), History: []Total{{asOf.AddDate(0, -3, 0), 42000}, {asOf.AddDate(0, -2, 0), 41000}, {asOf.AddDate(0, -1, 0), 40500}},
		Enterprise: Enterprise{Cap: 50000, Customers: 40000, Step: 50000}})
	if !r.Enterprise.Known || !r.Enterprise.Reaches[0].Early.IsZero() {
		t.Errorf("shrinking: %+v", r.Enterprise)
	}
}
