package capacity

import (
	"math/rand/v2"
	"testing"
	"time"
)

var asOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// tolerance is the stated tolerance (docs/capacity.md): the forecast date
// within 10 % of the days to the true date, and never more than 14 days off.
func within(t *testing.T, name string, got time.Time, truthDays int) {
	t.Helper()
	if got.IsZero() {
		t.Fatalf("%s: no date, want about %d days ahead", name, truthDays)
	}
	d := daysBetween(asOf, got)
	tol := max(3, min(14, truthDays/10))
	t.Logf("%s: forecast %d days, truth %d days (off by %d, tolerance %d)", name, d, truthDays, d-truthDays, tol)
	if d < truthDays-tol || d > truthDays+tol {
		t.Errorf("%s: forecast in %d days, truth %d (tolerance %d)", name, d, truthDays, tol)
	}
}

// addSteady adds perWeek customers a week for a year to member k, spread at
// random over the days (so weekly counts vary as a real export's do).
func addSteady(g *Growth, rng *rand.Rand, k string, perWeek float64) int {
	n := int(perWeek * 52)
	for range n {
		g.Add(k, asOf.AddDate(0, 0, -rng.IntN(364)))
	}
	return n
}

// setFirst makes the member's earliest add time t, as older adds than the
// test made would.
func setFirst(g *Growth, k string, t time.Time) {
	if i, ok := g.at[k]; ok {
		g.members[i].first = int32(t.Unix() / secondsPerDay)
	}
}

func TestForecastKnownGrowth(t *testing.T) {
	type want struct {
		unknown   bool
		truthDays int // enterprise reaches its cap (0: none within horizon)
	}
	cases := []struct {
		name  string
		build func(g *Growth, rng *rand.Rand) (customers int)
		camps []Campaign
		want  want
	}{
		{"steady", func(g *Growth, rng *rand.Rand) int {
			return 3600 + addSteady(g, rng, "a", 400) + addSteady(g, rng, "b", 300)
		}, nil, want{truthDays: 0}}, // filled in below from the pace
		{"campaign spike", func(g *Growth, rng *rand.Rand) int {
			n := 3600 + addSteady(g, rng, "a", 400) + addSteady(g, rng, "b", 300)
			for range 6000 { // one campaign week five weeks ago
				g.Add("a", asOf.AddDate(0, 0, -35-rng.IntN(7)))
			}
			return n + 6000
		}, nil, want{}},
		{"planned campaign", func(g *Growth, rng *rand.Rand) int {
			return 3600 + addSteady(g, rng, "a", 400) + addSteady(g, rng, "b", 300)
		}, []Campaign{{Date: asOf.AddDate(0, 0, 20), Customers: 8000}}, want{}},
		{"no add times", func(g *Growth, rng *rand.Rand) int {
			for range 40000 {
				g.Add("a", time.Time{})
			}
			return 40000
		}, nil, want{unknown: true}},
		{"too little history", func(g *Growth, rng *rand.Rand) int {
			for range 4000 {
				g.Add("a", asOf.AddDate(0, 0, -rng.IntN(60)))
			}
			return 4000
		}, nil, want{unknown: true}},
		{"add times on too few", func(g *Growth, rng *rand.Rand) int {
			return 30000 + addSteady(g, rng, "a", 400) // 30,000 without dates
		}, nil, want{unknown: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			g := NewGrowth(asOf)
			customers := c.build(g, rng)
			// The base customers carry add times older than a year, except
			// where the case says they carry none.
			dated := g.Enterprise.Dated() + g.Enterprise.Undated
			if c.name != "add times on too few" && c.name != "too little history" {
				for range customers - dated {
					g.Enterprise.Earlier++
				}
				g.Enterprise.First = asOf.AddDate(-3, 0, 0)
				setFirst(g, "a", g.Enterprise.First)
			}
			rep := Forecast(Input{AsOf: asOf, Growth: g, Campaigns: c.camps,
				Enterprise: Enterprise{Cap: 50000, Customers: customers, Step: 50000, MinDailyActiveUsers: 50},
				Members:    []Member{{UserID: "a", Key: "a", Cap: 20000}, {UserID: "b", Key: "b", Cap: 20000}}, MemberCapMax: 20000})
			e := rep.Enterprise
			if c.want.unknown {
				if e.Known || len(e.Reaches) > 0 || !e.ActBy.IsZero() {
					t.Fatalf("want unknown, got %+v", e)
				}
				if e.Unknown.In("en") == "" || e.Unknown.In("zh") == "" {
					t.Fatalf("unknown without a reason")
				}
				if len(rep.Cover()) != 0 {
					t.Fatalf("a cover line from an unknown forecast: %v", rep.Cover())
				}
				return
			}
			if !e.Known {
				t.Fatalf("unknown: %s", e.Unknown.In("en"))
			}
			// The truth: 700 a week (100 a day) from what the export holds.
			left := float64(50000 - customers)
			truth := int(left/100 + 0.999)
			for _, cp := range c.camps {
				if d := daysBetween(asOf, cp.Date); float64(d)*100 < left {
					truth = d + int((left-float64(cp.Customers)-float64(d)*100)/100+0.999)
					if float64(d)*100+float64(cp.Customers) >= left {
						truth = d
					}
				}
			}
			within(t, "central", e.Reaches[0].Date, truth)
			if e.Reaches[0].Early.After(e.Reaches[0].Date) || e.Reaches[0].Late.Before(e.Reaches[0].Date) {
				t.Errorf("range %v–%v does not hold %v", e.Reaches[0].Early, e.Reaches[0].Late, e.Reaches[0].Date)
			}
			if len(e.Reaches) < 2 || !e.Reaches[1].Date.After(e.Reaches[0].Date) {
				t.Errorf("the expansion after the cap is not dated: %+v", e.Reaches)
			}
			if want := addWorkdays(e.Reaches[0].Early, -DefaultLeadDays); !e.Overdue && !e.ActBy.Equal(want) {
				t.Errorf("act by %v, want %v", e.ActBy, want)
			}
		})
	}
}

// A member leaving and handing over: the receiver's load jumps on the day of
// the handover, and the enterprise's pace loses the leaver's.
func TestForecastHandover(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	g := NewGrowth(asOf)
	addSteady(g, rng, "recv", 70) // 10 a day
	addSteady(g, rng, "leaver", 350)
	addSteady(g, rng, "other", 350)
	for _, k := range []string{"recv", "leaver", "other"} {
		setFirst(g, k, asOf.AddDate(-2, 0, 0))
	}
	g.Enterprise.First = asOf.AddDate(-2, 0, 0)
	g.Enterprise.Earlier += 40000 - g.Enterprise.Dated()
	leave := asOf.AddDate(0, 0, 30)
	in := Input{AsOf: asOf, Growth: g,
		Enterprise: Enterprise{Cap: 50000, Customers: 40000, Step: 50000},
		Members: []Member{
			{UserID: "recv", Key: "recv", Cap: 5000, Customers: 2000},
			{UserID: "leaver", Key: "leaver", Cap: 5000, Customers: 2500, Leaving: true, LeavesOn: leave},
			{UserID: "other", Key: "other", Cap: 20000, Customers: 3000},
		},
		Handovers:    []Handover{{From: "leaver", To: "recv", Date: leave, Customers: 2500}},
		MemberCapMax: 20000,
	}
	rep := Forecast(in)
	// Receiver: 2,000 + 10 a day; on day 30, 2,300 + 2,500 = 4,800; then
	// 200 left at 10 a day: day 50.
	if len(rep.Receivers) != 1 || len(rep.Members) != 1 || rep.Members[0].UserID != "recv" {
		t.Fatalf("the receiver, filling within %d days, is not listed: %+v", MemberWindowDays, rep.Members)
	}
	recv := &rep.Members[0]
	if !recv.Receiver || recv.Incoming != 2500 {
		t.Fatalf("receiver listed without its incoming: %+v", recv)
	}
	within(t, "receiver", recv.Reaches[0].Date, 50)
	// Enterprise: 110 a day for 30 days (43,300), then 60 a day without
	// the leaver's 50: 6,700 / 60 → day 30 + 112 = 142.
	within(t, "enterprise", rep.Enterprise.Reaches[0].Date, 142)
	// Without the handover the receiver fills in 300 days.
	in.Handovers = nil
	rep = Forecast(in)
	for _, m := range rep.Members {
		if m.UserID == "recv" {
			t.Errorf("recv listed without a handover and not filling within %d days: %+v", MemberWindowDays, m)
		}
	}
}

func TestMemberWithoutHistoryIsUnknown(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	g := NewGrowth(asOf)
	addSteady(g, rng, "old", 100)
	setFirst(g, "old", asOf.AddDate(-2, 0, 0))
	for range 300 {
		g.Add("new", asOf.AddDate(0, 0, -rng.IntN(30)))
	}
	g.Enterprise.First = asOf.AddDate(-2, 0, 0)
	rep := Forecast(Input{AsOf: asOf, Growth: g,
		Enterprise: Enterprise{Cap: 50000, Customers: g.Enterprise.Dated(), Step: 50000},
		Members: []Member{{UserID: "old", Key: "old", Cap: 5000, Customers: 5200},
			{UserID: "new", Key: "new", Cap: 5000, Customers: 300},
			{UserID: "new2", Key: "new2", Cap: 5000, Customers: 100}}, // summary form: no rows at all
		Handovers: []Handover{{To: "new", Date: asOf, Customers: 10}}})
	if rep.MembersUnknown != 2 {
		t.Errorf("members unknown %d, want 2", rep.MembersUnknown)
	}
	for _, m := range append(rep.Members, rep.Receivers...) {
		switch m.UserID {
		case "new":
			if m.Known || len(m.Reaches) > 0 {
				t.Errorf("new member forecast without history: %+v", m)
			}
		case "old":
			if !m.Known || !m.Overdue || !m.Due || !m.Reaches[0].Date.Equal(asOf) {
				t.Errorf("member over its cap is not due now: %+v", m)
			}
		}
	}
}

func TestParseCampaign(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"2027-01-15:+8000", 8000, true}, {"2027-01-15:8,000", 8000, true}, {" 2027-01-15 : +8_000 ", 8000, true},
		{"2027-01-15", 0, false}, {"2027-13-01:+5", 0, false}, {"2027-01-15:+0", 0, false}, {"2027-01-15:-5", 0, false}, {"2027-01-15:x", 0, false},
	} {
		got, err := ParseCampaign(c.in)
		if (err == nil) != c.ok || (c.ok && got.Customers != c.want) {
			t.Errorf("ParseCampaign(%q) = %v, %v", c.in, got, err)
		}
	}
	if err := CheckCampaigns([]Campaign{{Date: asOf, Customers: 1}}, asOf); err == nil {
		t.Error("a campaign on the as-of date is accepted")
	}
}

func TestAddWorkdays(t *testing.T) {
	fri := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	if got := addWorkdays(fri, 1); got.Weekday() != time.Monday {
		t.Errorf("Friday + 1 working day = %v", got.Weekday())
	}
	if got := addWorkdays(fri, -10); daysBetween(got, fri) != 14 {
		t.Errorf("10 working days before %v = %v", fri, got)
	}
}

func FuzzParseCampaign(f *testing.F) {
	for _, s := range []string{"2027-01-15:+8000", "", ":", "2027-01-15:+99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCampaign(s)
		if err == nil && c.Customers <= 0 {
			t.Fatalf("%q parsed to %v", s, c)
		}
	})
}

// The cover's members line names the earliest act-by of all (receivers are
// listed first, not the soonest) and says "now" when one has passed.
func TestCoverMembers(t *testing.T) {
	d := func(n int) time.Time { return asOf.AddDate(0, 0, n) }
	due := func(id string, receiver bool, by time.Time) MemberOutlook {
		return MemberOutlook{UserID: id, Receiver: receiver,
			Outlook: Outlook{Known: true, Due: true, ActBy: by, Overdue: !by.After(asOf)}}
	}
	for _, c := range []struct {
		name    string
		members []MemberOutlook
		want    string
	}{
		{"a receiver listed first, a later date", []MemberOutlook{due("recv", true, d(5)), due("other", false, d(2))},
			"2 members will soon reach their customer cap and should ask for a member expansion, the first by 2026-12-02 (receivers first): recv, other."},
		{"one past its date", []MemberOutlook{due("full", false, asOf)},
			"1 member has reached or will soon reach their customer cap and should ask for a member expansion now (receivers first): full."},
		{"five", []MemberOutlook{due("a", false, d(1)), due("b", false, d(1)), due("c", false, d(1)), due("d", false, d(1)), due("e", false, d(1))},
			"5 members will soon reach their customer cap and should ask for a member expansion, the first by 2026-12-01 (receivers first): a, b, c and 2 more."},
		{"not due", []MemberOutlook{{UserID: "x", Outlook: Outlook{Known: true, ActBy: d(60)}}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Report{AsOf: asOf, Members: c.members}
			var got string
			if lines := r.Cover(); len(lines) > 0 {
				got = lines[0].In("en")
			}
			if got != c.want {
				t.Errorf("cover\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

// The enterprise's cover line says when planned campaigns bring the date:
// "at the recent pace" alone would contradict the pace's own date.
func TestCoverEnterprise(t *testing.T) {
	d := func(n int) time.Time { return asOf.AddDate(0, 0, n) }
	for _, c := range []struct {
		name  string
		camps []Campaign
		want  string
	}{
		{"the pace", nil, "Apply for the enterprise expansion by 2026-12-04 (it takes 10 working days to prepare): at the recent pace the enterprise reaches its cap of 450,000 customers on 2026-12-18."},
		{"a campaign", []Campaign{{Date: d(18), Customers: 110000}}, "Apply for the enterprise expansion by 2026-12-04 (it takes 10 working days to prepare): at the recent pace with the planned campaigns the enterprise reaches its cap of 450,000 customers on 2026-12-18."},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Report{AsOf: asOf, LeadDays: 10, Campaigns: c.camps, Enterprise: Outlook{Known: true, Due: true, ActBy: d(4),
				Reaches: []Reach{{Cap: 450000, Date: d(18), Early: d(18), Late: d(18)}}}}
			if got := r.Cover(); len(got) != 1 || got[0].In("en") != c.want {
				t.Errorf("cover %v, want %q", got, c.want)
			}
		})
	}
}
