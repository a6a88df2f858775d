package capacity

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The growth counts by day numbers (civilDay) what it counted with
// time.Date, Sub and monthIndex before (issue 24): the same series for any
// add time, in any location, on either side of the as-of date.
func TestGrowthDayNumbersAsTimes(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	west := time.FixedZone("W", -11*3600)
	locs := []*time.Location{time.UTC, shanghai, west}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, asOf := range []time.Time{
		time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 15, 0, 0, 0, shanghai),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	} {
		g := NewGrowth(asOf)
		var want Series
		wantMember := map[string]*recent{"m": {}, "n": {}}
		wantAsOf := day(asOf)
		for i := 0; i < 20000; i++ {
			var added time.Time
			switch i % 10 {
			case 0: // no add time
			case 1: // far from the as-of date, past or future
				added = time.Date(1+rng.IntN(4000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 0, 0, 0, locs[rng.IntN(3)])
			default: // within a few years of it
				added = wantAsOf.Add(time.Duration(rng.IntN(3*365*24)-2*365*24) * time.Hour).In(locs[rng.IntN(3)])
			}
			k := []string{"m", "n"}[rng.IntN(3)/2] // now one key, now the other
			g.Add(k, added)
			oldAdd(&want, wantAsOf, added)
			oldRecentAdd(wantMember[k], wantAsOf, added)
		}
		if g.Enterprise != want {
			t.Errorf("as of %v: enterprise\n got %+v\nwant %+v", asOf, g.Enterprise, want)
		}
		for k, w := range wantMember {
			if got := g.members[g.at[k]]; got != *w {
				t.Errorf("as of %v: member %s\n got %+v\nwant %+v", asOf, k, got, *w)
			}
		}
	}
}

func TestCivilDays(t *testing.T) {
	for _, d := range []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 30, 12, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		y, m, dd := d.Date()
		n := civilDay(d)
		if got := daysFromCivil(int64(y), int64(m), int64(dd)); got != n {
			t.Errorf("%v: daysFromCivil %d, civilDay %d", d, got, n)
		}
		if got, want := monthOfDay(n), int64(monthIndex(d)); got != want {
			t.Errorf("%v: monthOfDay %d, want %d", d, got, want)
		}
	}
}

// oldAdd is Series.add as it was with times.
func oldAdd(s *Series, asOf, added time.Time) {
	if added.IsZero() {
		s.Undated++
		return
	}
	added = day(added)
	if s.First.IsZero() || added.Before(s.First) {
		s.First = added
	}
	d := daysBetween(added, asOf)
	switch {
	case d < 0:
		s.Later++
		return
	case d < 7*Weeks:
		s.Weeks[d/7]++
	default:
		s.Earlier++
	}
	if m := monthIndex(asOf) - monthIndex(added); m < Months {
		s.Months[m]++
	}
}

// oldRecentAdd is recent.add as it was with times.
func oldRecentAdd(r *recent, asOf, added time.Time) {
	if added.IsZero() {
		return
	}
	added = day(added)
	if d := int32(added.Unix() / secondsPerDay); r.dated == 0 || d < r.first {
		r.first = d
	}
	r.dated++
	if d := daysBetween(added, asOf); d >= 0 && d < 7*PaceWeeks {
		r.weeks[d/7]++
	}
}

// monthIndex is the month count the growth used before day numbers, kept
// here as the reference monthOfDay is held to.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
