package plan

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

func ids(from, to int) []uint64 {
	out := make([]uint64, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, uint64(i))
	}
	return out
}

func TestPlace(t *testing.T) {
	tests := []struct {
		name   string
		in     *audit.Inputs
		fill   float64
		allocs []string
		// unplaced is "leaver short groups" per unplaceable leaver.
		unplaced []string
		// expansions is "member from→to" for member expansions.
		expansions []string
		check      func(t *testing.T, p *Plan)
	}{
		{
			name: "overflow splits across receivers, most room first",
			in: ent(mem("a", leaving("2026-12-10"), cust(3000)),
				mem("r1", cust(2000)), mem("r2", cust(3000))),
			// limit below 90 % of 5,000 is 4,499: r1 has 2,499, r2 1,499.
			allocs: []string{"a>r1:2499", "a>r2:501"},
		},
		{
			name: "same department first, even with less room",
			in: ent(mem("a", leaving("2026-12-10"), cust(300)),
				mem("x", dept("财务部")), mem("y", dept("销售部/华南大区"), cust(3000)), mem("z", cust(4000))),
			allocs: []string{"a>z:300"},
		},
		{
			name: "then the parent department, then anyone",
			in: ent(mem("a", leaving("2026-12-10"), cust(2100)),
				mem("x", dept("财务部")), mem("y", dept("销售部/华南大区"), cust(3000)), mem("z", cust(4000))),
			allocs: []string{"a>z:499", "a>y:1499", "a>x:102"},
		},
		{
			name: "a sub-department counts as the department; no department means anyone",
			in: ent(mem("a", leaving("2026-12-10"), cust(10), dept("销售部")),
				mem("x", dept("财务部")), mem("y", dept("销售部／华南大区"), cust(4000)),
				mem("b", leaving("2026-12-10"), cust(10), func(m *audit.Member) { m.Departments = nil })),
			allocs: []string{"a>y:10", "b>x:10"},
		},
		{
			name: "fill ratio keeps a planned receiver below the near-cap line",
			in: ent(mem("a", leaving("2026-12-10"), cust(499), recv("r")),
				mem("r", cust(4000)), mem("s", dept("财务部"))),
			allocs: []string{"a>r:499"},
			check: func(t *testing.T, p *Plan) {
				if !p.Leavers[0].Allocations[0].Kept || !p.Leavers[0].Allocations[0].Whole {
					t.Errorf("planned receiver not kept whole: %+v", p.Leavers[0].Allocations)
				}
			},
		},
		{
			name: "one more than the fill splits the book",
			in: ent(mem("a", leaving("2026-12-10"), cust(500), recv("r")),
				mem("r", cust(4000)), mem("s", dept("财务部"))),
			allocs: []string{"a>r:499", "a>s:1"},
		},
		{
			name: "fill 1 fills to the cap exactly",
			in: ent(mem("a", leaving("2026-12-10"), cust(1000), recv("r")),
				mem("r", cust(4000)), mem("s", dept("财务部"))),
			fill:   1,
			allocs: []string{"a>r:1000"},
		},
		{
			name: "fill 0.8 leaves no room under the line",
			in: ent(mem("a", leaving("2026-12-10"), cust(10), recv("r")),
				mem("r", cust(4000)), mem("s", dept("财务部"))),
			fill:   0.8,
			allocs: []string{"a>s:10"},
			check: func(t *testing.T, p *Plan) {
				if r := p.Leavers[0].Replaced; len(r) != 1 || !strings.Contains(r[0].Reasons[0].EN, "no room") {
					t.Errorf("replaced = %+v, want r with no room", r)
				}
			},
		},
		{
			name: "a planned receiver without room is expanded, not replaced, when nobody has room",
			in: ent(mem("a", leaving("2026-12-10"), cust(290), recv("zhaolei")),
				mem("zhaolei", cust(4870)), mem("s", cust(4499))),
			allocs:     []string{"a>zhaolei:290"},
			unplaced:   []string{"a 0 0"},
			expansions: []string{"zhaolei 5000→5734"},
			check: func(t *testing.T, p *Plan) {
				l := p.Leavers[0]
				if len(l.Replaced) != 0 || !l.Allocations[0].Kept || l.Allocations[0].AfterExpansion != 290 {
					t.Errorf("replaced %+v, allocations %+v", l.Replaced, l.Allocations)
				}
			},
		},
		{
			name: "a planned receiver keeps what fits and, expanded, the rest of HR's count",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(1000)), mem("r", cust(4000)), mem("s", cust(4499)), mem("t", cust(4499)))
				in.Handovers = []audit.Handover{
					{UserID: "a", Receiver: "r", Count: 600, HasCount: true},
					{UserID: "a", Receiver: "s", Count: 400, HasCount: true},
				}
				return in
			}(),
			allocs:     []string{"a>r:600", "a>s:400"},
			unplaced:   []string{"a 0 0"},
			expansions: []string{"r 5000→5112", "s 5000→5444"},
		},
		{
			name: "several leavers share one receiver and their loads add up",
			in: ent(mem("a", leaving("2026-12-10"), cust(2000)), mem("b", leaving("2026-12-11"), cust(2000)),
				mem("c", leaving("2026-12-12"), cust(1000)), mem("r")),
			// r takes a and b whole (4,000), then 499 of c within the fill,
			// and the other 501 of c only once expanded to 5,556 (90 % of
			// 5,556 is 5,000.4, so a load of 5,000 stays below the line).
			allocs:     []string{"a>r:2000", "b>r:2000", "c>r:1000"},
			unplaced:   []string{"c 0 0"},
			expansions: []string{"r 5000→5556"},
			check: func(t *testing.T, p *Plan) {
				if got := p.Receivers[0]; got.Load != 5000 || got.Incoming != 5000 {
					t.Errorf("receiver = %+v, want load 5000", got)
				}
				if a := p.Leavers[2].Allocations[0]; a.AfterExpansion != 501 || !a.NeedsExpansion {
					t.Errorf("c's allocation = %+v, want 501 after expansion", a)
				}
			},
		},
		{
			name: "the most urgent leaver is placed first",
			in: ent(mem("late", leaving("2026-12-20"), cust(3000)), mem("early", leaving("2026-06-01"), cust(3000)),
				mem("r")),
			allocs:     []string{"late>r:3000", "early>r:3000"},
			unplaced:   []string{"late 0 0"},
			expansions: []string{"r 5000→6667"},
			check: func(t *testing.T, p *Plan) {
				if a := p.Leavers[1].Allocations[0]; a.AfterExpansion != 0 {
					t.Errorf("early leaver waits for an expansion: %+v", a)
				}
				if a := p.Leavers[0].Allocations[0]; a.AfterExpansion != 1501 {
					t.Errorf("late leaver's part after expansion = %d, want 1501", a.AfterExpansion)
				}
			},
		},
		{
			name: "unplaceable even at 20,000, with the expansions that place the rest",
			in:   ent(mem("a", leaving("2026-12-10"), cust(40000)), mem("r1"), mem("r2")),
			// Within the fill: 4,499 each now, 17,999 each at 20,000 (its
			// limit below 90 %): 35,998 placed, 4,002 short.
			allocs:     []string{"a>r1:17999", "a>r2:17999"},
			unplaced:   []string{"a 4002 0"},
			expansions: []string{"r1 5000→19999", "r2 5000→19999"},
			check: func(t *testing.T, p *Plan) {
				u := p.Unplaceable[0]
				if u.Customers != 27000+4002 || len(u.Placed) != 2 || u.Placed[0].Customers != 13500 {
					t.Errorf("unplaceable = %+v", u)
				}
			},
		},
		{
			name: "expired and login-stale leavers are not planned",
			in: ent(mem("old", leaving("2025-11-29"), cust(50), groups(2), recv("r")),
				mem("stale", leaving("2026-12-10"), login("2025-12-09"), cust(20)), mem("r")),
			allocs: nil,
			check: func(t *testing.T, p *Plan) {
				for _, l := range p.Leavers {
					if l.Transferable || len(l.Allocations) > 0 || len(l.Steps) > 0 {
						t.Errorf("%s: transferable %v, allocations %v, steps %v", l.UserID, l.Transferable, l.Allocations, l.Steps)
					}
				}
				if !p.Leavers[0].Expired || !p.Leavers[1].LoginStale {
					t.Errorf("reasons lost: %+v", p.Leavers)
				}
				if len(p.Unplaceable) != 0 {
					t.Errorf("not transferable is not unplaceable: %+v", p.Unplaceable)
				}
				if h := p.Handovers(); len(h) != 2 || h[0].Receiver != "" || !h[0].HasDate {
					t.Errorf("handover rows = %+v, want one dated row each without receiver", h)
				}
			},
		},
		{
			name: "an eligible planned receiver is kept over a roomier one",
			in: ent(mem("a", leaving("2026-12-10"), cust(100), recv("R2")),
				mem("r1"), mem("r2", cust(3000))),
			allocs: []string{"a>r2:100"},
		},
		{
			name: "an ineligible or unknown planned receiver is replaced",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(100)), mem("b", leaving("2026-12-10"), cust(10), recv("ghost")),
					mem("r1", cust(1000)), mem("r2", disabled()), mem("c", leaving("2027-01-10")))
				in.Handovers = []audit.Handover{
					{UserID: "a", DepartureDate: date("2026-12-10"), HasDate: true, Receiver: "r2"},
					// c is active in the roster but leaving on HR's sheet.
					{UserID: "c", DepartureDate: date("2027-01-10"), HasDate: true},
				}
				in.Members[4].Status = audit.Active
				return in
			}(),
			allocs: []string{"a>r1:100", "b>r1:10"},
			check: func(t *testing.T, p *Plan) {
				r := p.Leavers[0].Replaced
				if len(r) != 1 || r[0].UserID != "r2" || !strings.Contains(r[0].Reasons[0].EN, "disabled") {
					t.Errorf("a replaced = %+v", r)
				}
				if r := p.Leavers[1].Replaced; len(r) != 1 || r[0].Reasons[0].EN != "not in the roster" {
					t.Errorf("b replaced = %+v", r)
				}
			},
		},
		{
			name: "a receiver HR's sheet makes a leaver is not proposed",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(10)), mem("c"), mem("r", cust(4000)))
				in.Handovers = []audit.Handover{{UserID: "c", DepartureDate: date("2027-01-10"), HasDate: true}}
				return in
			}(),
			allocs: []string{"a>r:10"},
		},
		{
			name: "receivers of unknown scope, outside scope or stale logins are not proposed",
			in: ent(mem("a", leaving("2026-12-10"), cust(10)),
				mem("u", scope(audit.Unknown)), mem("o", scope(audit.No)), mem("s", login("2025-11-01")),
				mem("ok", cust(4400))),
			allocs: []string{"a>ok:10"},
		},
		{
			name: "groups only: one receiver, count 0, a day-by-day schedule",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), groups(350)), mem("r"))
				for i := 0; i < 350; i++ {
					in.Groups = append(in.Groups, audit.Group{ChatID: "wr" + num(i), Owner: "A"})
				}
				return in
			}(),
			allocs: []string{"a>r:0"},
			check: func(t *testing.T, p *Plan) {
				var got []string
				for _, g := range p.GroupCalls {
					got = append(got, num(g.Day)+"/"+num(g.Call)+":"+num(g.Groups))
				}
				if want := []string{"1/1:100", "1/2:100", "1/3:100", "2/1:50"}; !reflect.DeepEqual(got, want) {
					t.Errorf("group calls = %v, want %v", got, want)
				}
				if p.GroupCalls[3].ChatIDs[0] != "wr300" {
					t.Errorf("chat ids not carried: %v", p.GroupCalls[3].ChatIDs[:1])
				}
				if h := p.Handovers(); len(h) != 1 || !h[0].HasCount || h[0].Count != 0 || h[0].Receiver != "r" {
					t.Errorf("rows = %+v", h)
				}
			},
		},
		{
			name: "groups go to the first receiver of a split book",
			in: ent(mem("a", leaving("2026-12-10"), cust(5000), groups(3)),
				mem("r1"), mem("r2", cust(100))),
			allocs: []string{"a>r1:4499", "a>r2:501"},
			check: func(t *testing.T, p *Plan) {
				if g := p.Leavers[0].GroupReceiver; g != "r1" {
					t.Errorf("group receiver = %q", g)
				}
			},
		},
		{
			name:   "groups with nobody eligible are unplaceable",
			in:     ent(mem("a", leaving("2026-12-10"), groups(3)), mem("r", disabled())),
			allocs: nil, unplaced: []string{"a 0 3"},
		},
		{
			name: "a whole book earns overlap credit, so a receiver that fits only with it takes it",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(300), recv("r")), mem("r", cust(4800)), mem("s", dept("财务部")))
				in.HasExternalIDs = true
				in.CustomerIDs = map[string][]uint64{"a": ids(0, 300), "r": ids(200, 5000)}
				return in
			}(),
			fill:   1,
			allocs: []string{"a>r:300"},
			check: func(t *testing.T, p *Plan) {
				if a := p.Leavers[0].Allocations[0]; !a.Whole || a.Credited != 100 {
					t.Errorf("allocation = %+v, want whole with 100 credited", a)
				}
				if p.Receivers[0].Load != 5000 {
					t.Errorf("load = %d, want 5000", p.Receivers[0].Load)
				}
			},
		},
		{
			name: "a split gets no overlap credit",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(300), recv("r")), mem("r", cust(4800)), mem("s", dept("财务部")))
				in.HasExternalIDs = true
				in.CustomerIDs = map[string][]uint64{"a": ids(0, 300), "r": ids(250, 5050)}
				return in
			}(),
			fill:   1,
			allocs: []string{"a>r:200", "a>s:100"},
		},
		{
			name: "HR's split is kept where it fits",
			in: func() *audit.Inputs {
				in := ent(mem("a", leaving("2026-12-10"), cust(500)), mem("r1", cust(4400)), mem("r2"), mem("r3"))
				in.Handovers = []audit.Handover{
					{UserID: "a", Receiver: "r1", Count: 300, HasCount: true},
					{UserID: "a", Receiver: "r2", Count: 200, HasCount: true},
				}
				return in
			}(),
			// r1 has room for 99; the other 201 go by room (r3, then r2).
			allocs: []string{"a>r1:99", "a>r2:200", "a>r3:201"},
		},
		{
			name: "a leaver outside scope with only external contacts is not planned",
			in:   ent(mem("a", leaving("2026-12-10"), scope(audit.No), ext(312)), mem("r")),
			check: func(t *testing.T, p *Plan) {
				if k := p.Leavers[0].Decision.Next[0].Code; k != "add-to-scope" {
					t.Errorf("first step = %s", k)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustMake(t, tt.in, tt.fill)
			if got := allocs(p); !reflect.DeepEqual(got, tt.allocs) {
				t.Errorf("allocations = %v, want %v", got, tt.allocs)
			}
			var unplaced, exps []string
			for _, u := range p.Unplaceable {
				unplaced = append(unplaced, fmt.Sprintf("%s %d %d", u.Leaver, u.Short, u.Groups))
			}
			for _, x := range p.Expansions {
				if !x.Enterprise {
					exps = append(exps, fmt.Sprintf("%s %d→%d", x.Member, x.From, x.To))
				}
			}
			if !reflect.DeepEqual(unplaced, tt.unplaced) {
				t.Errorf("unplaceable = %v, want %v", unplaced, tt.unplaced)
			}
			if !reflect.DeepEqual(exps, tt.expansions) {
				t.Errorf("expansions = %v, want %v", exps, tt.expansions)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
			if bad := roundTrip(t, tt.in, p); len(bad) > 0 {
				t.Errorf("round trip: %v", bad)
			}
		})
	}
}

func TestEnterpriseExpansionComesFirst(t *testing.T) {
	tests := []struct {
		name     string
		profile  audit.Profile
		members  []*audit.Member
		count    int
		eligible *bool
	}{
		{
			name:    "at the cap",
			profile: audit.Profile{Verified: bp(true), DailyActiveUsers: ip(120), EnterpriseCap: ip(5000)},
			members: []*audit.Member{mem("a", leaving("2026-12-10"), cust(100)), mem("r", cust(4900))},
			count:   1, eligible: bp(true),
		},
		{
			name:    "conversion needs room, too few daily users",
			profile: audit.Profile{Verified: bp(true), DailyActiveUsers: ip(50), EnterpriseCap: ip(5000)},
			members: []*audit.Member{mem("a", leaving("2026-12-10"), scope(audit.No), ext(60000)), mem("r", cust(100))},
			count:   2, eligible: bp(false),
		},
		{
			name:    "no room needed",
			profile: audit.Profile{Verified: bp(true), EnterpriseCap: ip(50000)},
			members: []*audit.Member{mem("a", leaving("2026-12-10"), cust(100)), mem("r")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent(tt.members...)
			in.Profile = tt.profile
			p := mustMake(t, in, 0)
			if tt.count == 0 {
				if len(p.Expansions) > 0 || len(p.Steps) > 0 {
					t.Fatalf("expansions %+v, steps %+v", p.Expansions, p.Steps)
				}
				return
			}
			x := p.Expansions[0]
			if !x.Enterprise || x.Count != tt.count || !reflect.DeepEqual(x.Eligible, tt.eligible) {
				t.Errorf("first expansion = %+v", x)
			}
			// Eligibility first when it is not met, then the expansion (D9, D23).
			first := p.Steps[0].Kind
			if first == "meet-expansion-eligibility" || first == "confirm-expansion-eligibility" {
				first = p.Steps[1].Kind
			}
			if first != "request-enterprise-expansion" {
				t.Errorf("first step = %+v", p.Steps[0])
			}
			if bad := roundTrip(t, in, p); len(bad) > 0 {
				t.Errorf("round trip: %v", bad)
			}
		})
	}
}

func TestBatches(t *testing.T) {
	in := ent(mem("a", leaving("2026-12-10"), cust(250)), mem("b", leaving("2026-12-10"), cust(5000)),
		mem("r1"), mem("r2", cust(100)))
	var details []audit.ContactDetail
	for i := 0; i < 250; i++ {
		details = append(details, audit.ContactDetail{ExternalID: "wm" + num(i), Customer: true})
		if i%50 == 0 {
			details = append(details, audit.ContactDetail{ExternalID: "ext" + num(i)}) // plain external: not handed over
		}
	}
	in.Details = map[string][]audit.ContactDetail{"a": details}
	p := mustMake(t, in, 0)
	var got []string
	for _, b := range p.Batches {
		s := b.Leaver + ">" + b.Receiver + " " + num(b.No) + "/" + num(b.Of) + ":" + num(b.Customers)
		if len(b.ExternalIDs) > 0 {
			s += " " + b.ExternalIDs[0] + ".." + b.ExternalIDs[len(b.ExternalIDs)-1]
		}
		got = append(got, s)
	}
	// a goes whole to r1 (most room); then r2 has the most room and b
	// splits over r2 (4,399) and r1 (601); ids only where the exports
	// carry them (D13: at most 100 per call).
	want := []string{
		"a>r1 1/3:100 wm0..wm99", "a>r1 2/3:100 wm100..wm199", "a>r1 3/3:50 wm200..wm249",
		"b>r2 1/44:100", "b>r2 44/44:99", "b>r1 1/7:100", "b>r1 7/7:1",
	}
	if len(got) != 3+44+7 {
		t.Fatalf("batches = %d: %v", len(got), got)
	}
	short := []string{got[0], got[1], got[2], got[3], got[46], got[47], got[53]}
	if !reflect.DeepEqual(short, want) {
		t.Errorf("batches = %v, want %v", short, want)
	}
}

func TestDeterministic(t *testing.T) {
	in := showcase()
	// The workbook's bytes are checked where it is written, in report
	// (TestWorkbookDeterministic, xlsx_test.go).
	var firstJSON []byte
	for i := 0; i < 3; i++ {
		p := mustMake(t, in, 0)
		var j bytes.Buffer
		if err := WriteJSON(&j, p); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstJSON = j.Bytes()
			continue
		}
		if !bytes.Equal(firstJSON, j.Bytes()) {
			t.Errorf("JSON bytes differ on run %d", i)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	in := ent(mem("a"))
	for _, cfg := range []Config{{}, {AsOf: asOf, Fill: 1.5}, {AsOf: asOf, Fill: -0.1}} {
		if _, err := Make(in, rules.Default(), cfg); err == nil {
			t.Errorf("Make(%+v) gave no error", cfg)
		}
	}
	if _, err := Make(nil, rules.Default(), Config{AsOf: asOf}); err == nil {
		t.Error("Make(nil) gave no error")
	}
}

// showcase is a small enterprise where every part of the plan shows.
func showcase() *audit.Inputs {
	in := ent(
		mem("zhangsan", named("张三"), leaving("2026-12-05"), scope(audit.No), ext(312)),
		mem("wangfang", named("王芳"), leaving("2026-12-10"), cust(290), groups(420), recv("zhaolei")),
		mem("liqiang", named("=1+2"), leaving("2026-11-01"), cust(6200), recv("ghost")),
		mem("old", named("老员工"), leaving("2025-10-01"), cust(80), groups(2)),
		mem("zhaolei", named("赵磊"), cust(4870)),
		mem("sunli", named("孙丽"), cust(1200), dept("销售部/华南大区")),
		mem("zhouyu", named("周宇"), cust(300), dept("客户成功部")),
		mem("chenjing", named("陈静"), disabled()),
	)
	in.Profile.EnterpriseCap = ip(13000)
	var d []audit.ContactDetail
	for i := 0; i < 290; i++ {
		d = append(d, audit.ContactDetail{ExternalID: "=HYPERLINK(\"x\")" + num(i), Customer: true, Name: "=1+2"})
	}
	in.Details = map[string][]audit.ContactDetail{"wangfang": d}
	for i := 0; i < 420; i++ {
		in.Groups = append(in.Groups, audit.Group{ChatID: "=SUM(A1)" + num(i), Owner: "wangfang"})
	}
	return in
}

func TestStepsInOrder(t *testing.T) {
	in := ent(mem("a", leaving("2026-12-10"), scope(audit.No), ext(50), cust(6000), groups(10)), mem("r"))
	in.Profile.EnterpriseCap = ip(6000) // at the cap: every handover waits (D8)
	p := mustMake(t, in, 0)
	var kinds []string
	for _, s := range p.Steps {
		kinds = append(kinds, "*"+s.Kind)
	}
	for _, s := range p.Leavers[0].Steps {
		kinds = append(kinds, s.Kind)
	}
	// The plan's own steps: the expansions, then the leaver's allocations.
	want := []string{"*request-enterprise-expansion", "*member-expansions",
		"member-expansion", "hand-over-customers", "hand-over-groups"}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("steps = %v\nwant    %v", kinds, want)
	}
	// The leaver's decision orders the rest: expansion, scope, handover,
	// the 24-hour wait, the outcome, deletion last.
	var next []string
	for _, a := range p.Leavers[0].Decision.Next {
		next = append(next, a.Code)
	}
	order := []string{"request-enterprise-expansion", "add-to-scope", "hand-over-customers", "wait-24h", "check-outcome", "delete-account"}
	at := 0
	for _, c := range next {
		if at < len(order) && c == order[at] {
			at++
		}
	}
	if at != len(order) {
		t.Errorf("decision = %v, want in order %v", next, order)
	}
	for _, b := range p.Batches {
		if len(b.Requires) != 2 {
			t.Fatalf("batch %+v should wait for both expansions", b)
		}
	}
	if bad := roundTrip(t, in, p); len(bad) > 0 {
		t.Errorf("round trip: %v", bad)
	}
}
