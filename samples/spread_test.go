package samples

import (
	"math/rand/v2"
	"testing"
)

// spread deals out exactly the rows asked for and gives no member more than
// bookMax while there is room; past len(ms)·bookMax the bound gives way
// rather than losing rows.
func TestSpread(t *testing.T) {
	for _, tc := range []struct{ members, total int }{
		{1, 0}, {1, 7}, {3, 100}, {50, 1_000_000}, {5000, 10_000_000}, {2, 3 * bookMax}, {0, 10},
	} {
		ms := make([]*member, tc.members)
		for i := range ms {
			ms[i] = &member{inScope: i%3 != 0}
		}
		spread(rand.New(rand.NewPCG(1, 2)), ms, tc.total)
		sum, most := 0, 0
		for _, m := range ms {
			sum += m.customers + m.external
			most = max(most, m.customers+m.external)
		}
		if tc.members > 0 && sum != tc.total {
			t.Errorf("%d members, %d rows: dealt %d", tc.members, tc.total, sum)
		}
		if roomy := tc.total <= tc.members*bookMax; roomy && most > bookMax {
			t.Errorf("%d members, %d rows: a member holds %d, more than %d", tc.members, tc.total, most, bookMax)
		}
	}
}
