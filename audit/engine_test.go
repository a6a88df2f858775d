package audit

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/rules"
)

var asOf = NewDate(2026, 11, 30)

func d(s string) Date {
	t, err := ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func ip(v int) *int   { return &v }
func bp(v bool) *bool { return &v }

// ent builds inputs from members; m() fills the common defaults.
func ent(ms ...*Member) *Inputs {
	return &Inputs{Members: ms, HasProfile: true, Profile: Profile{Verified: bp(true), DailyActiveUsers: ip(120)}}
}

func m(id string, opts ...func(*Member)) *Member {
	x := &Member{UserID: id, Name: strings.ToUpper(id[:1]) + id[1:], ScopeRoster: Yes, Activated: Yes, RealName: Yes}
	for _, o := range opts {
		o(x)
	}
	return x
}

func leaving(date string) func(*Member) {
	return func(x *Member) {
		if date != "" {
			x.DepartureDate = d(date)
		}
		x.Status = Departing
		if date != "" && !x.DepartureDate.After(asOf) {
			x.Status = Departed
		}
	}
}
func cust(n int) func(*Member) {
	return func(x *Member) { x.Customers = n; x.ContactRows = n > 0 || x.ContactRows }
}
func ext(n int) func(*Member) {
	return func(x *Member) { x.ExternalContacts = n; x.ContactRows = true }
}
func groups(n int) func(*Member)  { return func(x *Member) { x.Groups = n } }
func recv(r string) func(*Member) { return func(x *Member) { x.Receiver = r } }
func scope(t Tri) func(*Member)   { return func(x *Member) { x.ScopeRoster = t } }
func login(s string) func(*Member) {
	return func(x *Member) { x.LastLogin = d(s) }
}
func capOf(n int) func(*Member) { return func(x *Member) { x.Cap = n } }

func run(t *testing.T, in *Inputs) *Result {
	t.Helper()
	res, err := Run(in, rules.Default(), Config{AsOf: asOf, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fired lists "rule member receiver count" for the findings of the rules asked.
func fired(res *Result, ids ...string) []string {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []string
	for _, f := range res.Findings {
		if len(ids) == 0 || want[f.Rule] {
			out = append(out, strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %d", f.Rule, f.Member, f.Receiver, f.Count)), " "))
		}
	}
	sort.Strings(out)
	return out
}

func TestRules(t *testing.T) {
	tests := []struct {
		name  string
		in    *Inputs
		rules []string
		want  []string
	}{
		{
			name:  "external contacts of a leaver outside scope are lost",
			in:    ent(m("zhangsan", leaving("2026-12-05"), scope(No), ext(312))),
			rules: []string{"external-contacts-lost", "departing-outside-scope", "scope-unknown"},
			want:  []string{"external-contacts-lost zhangsan 312"},
		},
		{
			name:  "active member with external contacts is not a finding",
			in:    ent(m("lisi", scope(No), ext(40))),
			rules: []string{"external-contacts-lost"},
			want:  nil,
		},
		{
			name:  "outside scope and nothing in the exports",
			in:    ent(m("zhangsan", leaving("2026-12-05"), scope(No))),
			rules: []string{"external-contacts-lost", "departing-outside-scope", "scope-unknown"},
			want:  []string{"departing-outside-scope zhangsan 0"},
		},
		{
			name:  "outside scope by the roster but customers listed is not outside-scope",
			in:    ent(m("carol", leaving("2026-12-05"), scope(No), cust(1), recv("r")), m("r")),
			rules: []string{"departing-outside-scope", "no-receiver"},
			want:  nil,
		},
		{
			name:  "a receiver planned for external contacts only is still checked",
			in:    ent(m("a", leaving("2026-12-20"), scope(No), ext(2), recv("ghost"))),
			rules: []string{"receiver-unknown", "no-receiver"},
			want:  []string{"receiver-unknown a ghost 0"},
		},
		{
			name:  "scope unknown without column and rows",
			in:    ent(m("zhangsan", leaving("2026-12-05"), scope(Unknown))),
			rules: []string{"departing-outside-scope", "scope-unknown"},
			want:  []string{"scope-unknown zhangsan 0"},
		},
		{
			name:  "scope inferred from external-only rows",
			in:    ent(m("zhangsan", leaving("2026-12-05"), scope(Unknown), ext(3))),
			rules: []string{"external-contacts-lost", "departing-outside-scope", "scope-unknown"},
			want:  []string{"external-contacts-lost zhangsan 3"},
		},
		{
			name:  "customer export wins over roster scope no",
			in:    ent(m("wangfang", leaving("2026-12-10"), scope(No), cust(10), func(x *Member) { x.InCustomerExport = true }, recv("zhaolei")), m("zhaolei")),
			rules: []string{"departing-outside-scope", "scope-unknown", "no-receiver", "receiver-ineligible"},
			want:  nil,
		},
		{
			name:  "no receiver",
			in:    ent(m("wangfang", leaving("2026-12-10"), cust(290))),
			rules: []string{"no-receiver"},
			want:  []string{"no-receiver wangfang 290"},
		},
		{
			name:  "groups only still need a receiver",
			in:    ent(m("wangfang", leaving("2026-12-10"), groups(3))),
			rules: []string{"no-receiver", "groups-need-transfer"},
			want:  []string{"groups-need-transfer wangfang 3", "no-receiver wangfang 0"},
		},
		{
			name:  "nothing held needs no receiver",
			in:    ent(m("wangfang", leaving("2026-12-10"))),
			rules: []string{"no-receiver"},
			want:  nil,
		},
		{
			name:  "unknown receiver",
			in:    ent(m("wangfang", leaving("2026-12-10"), cust(290), recv("ghost"))),
			rules: []string{"no-receiver", "receiver-unknown", "receiver-over-cap"},
			want:  []string{"receiver-unknown wangfang ghost 290"},
		},
		{
			name: "receiver itself leaving and disabled",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(290), recv("zhaolei")),
				m("zhaolei", leaving("2026-12-20"), func(x *Member) { x.Disabled = true })),
			rules: []string{"receiver-ineligible"},
			want:  []string{"receiver-ineligible wangfang zhaolei 290"},
		},
		{
			name:  "receiver is the leaver",
			in:    ent(m("wangfang", leaving("2026-12-10"), cust(5), recv("WangFang"))),
			rules: []string{"receiver-ineligible"},
			want:  []string{"receiver-ineligible wangfang WangFang 5"},
		},
		{
			name: "receiver login 366 days ago is ineligible",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(5), recv("zhaolei")),
				m("zhaolei", login("2025-11-29"))),
			rules: []string{"receiver-ineligible"},
			want:  []string{"receiver-ineligible wangfang zhaolei 5"},
		},
		{
			name: "receiver login 365 days ago is eligible",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(5), recv("zhaolei")),
				m("zhaolei", login("2025-11-30"))),
			rules: []string{"receiver-ineligible"},
			want:  nil,
		},
		{
			name: "receiver over cap",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(290), recv("zhaolei")),
				m("zhaolei", cust(4870))),
			rules: []string{"receiver-over-cap", "receiver-near-cap"},
			want:  []string{"receiver-over-cap zhaolei 160"},
		},
		{
			name: "receiver exactly at cap is near, not over",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(130), recv("zhaolei")),
				m("zhaolei", cust(4870))),
			rules: []string{"receiver-over-cap", "receiver-near-cap"},
			want:  []string{"receiver-near-cap zhaolei 5000"},
		},
		{
			name: "receiver below near ratio",
			in: ent(m("wangfang", leaving("2026-12-10"), cust(100), recv("zhaolei")),
				m("zhaolei", cust(4399))),
			rules: []string{"receiver-over-cap", "receiver-near-cap"},
			want:  nil,
		},
		{
			name: "several leavers into one receiver add up",
			in: ent(m("a", leaving("2026-12-10"), cust(2000), recv("r")),
				m("b", leaving("2026-12-11"), cust(2000), recv("r")),
				m("r", cust(1500))),
			rules: []string{"receiver-over-cap", "receiver-near-cap"},
			want:  []string{"receiver-over-cap r 500"},
		},
		{
			name: "own member cap raises the room",
			in: ent(m("a", leaving("2026-12-10"), cust(2000), recv("r")),
				m("r", cust(4000), capOf(10000))),
			rules: []string{"receiver-over-cap", "receiver-near-cap"},
			want:  nil,
		},
		{
			name:  "expired leaver with no receiver gets expired only",
			in:    ent(m("old", leaving("2025-11-29"), cust(50))),
			rules: []string{"handover-expired", "no-receiver", "handover-deadline-near"},
			want:  []string{"handover-expired old 50"},
		},
		{
			name:  "limit date equal to as-of is not expired and is near",
			in:    ent(m("old", leaving("2025-11-30"), cust(50), recv("r")), m("r")),
			rules: []string{"handover-expired", "handover-deadline-near"},
			want:  []string{"handover-deadline-near old 50"},
		},
		{
			name:  "limit date 30 days ahead is near",
			in:    ent(m("old", leaving("2025-12-30"), cust(50), recv("r")), m("r")),
			rules: []string{"handover-expired", "handover-deadline-near"},
			want:  []string{"handover-deadline-near old 50"},
		},
		{
			name:  "limit date 31 days ahead is not near",
			in:    ent(m("old", leaving("2025-12-31"), cust(50), recv("r")), m("r")),
			rules: []string{"handover-expired", "handover-deadline-near"},
			want:  nil,
		},
		{
			name:  "expired leaver holding nothing is no finding",
			in:    ent(m("old", leaving("2024-01-01"))),
			rules: []string{"handover-expired"},
			want:  nil,
		},
		{
			name:  "login 366 days before leaving is stale and blocks receivers",
			in:    ent(m("a", leaving("2026-12-10"), login("2025-12-09"), cust(20), recv("ghost"))),
			rules: []string{"handover-login-stale", "receiver-unknown", "no-receiver"},
			want:  []string{"handover-login-stale a 20"},
		},
		{
			name:  "login 365 days before leaving is fine",
			in:    ent(m("a", leaving("2026-12-10"), login("2025-12-10"), cust(20), recv("r")), m("r")),
			rules: []string{"handover-login-stale"},
			want:  nil,
		},
		{
			name:  "groups take days at 300 a day",
			in:    ent(m("a", leaving("2026-12-10"), groups(301), recv("r")), m("r")),
			rules: []string{"groups-need-transfer"},
			want:  []string{"groups-need-transfer a 301"},
		},
		{
			name:  "missing departure date",
			in:    ent(m("a", leaving(""), cust(1), recv("r")), m("r")),
			rules: []string{"missing-departure-date", "handover-expired"},
			want:  []string{"missing-departure-date a 0"},
		},
		{
			name:  "member at its cap",
			in:    ent(m("busy", cust(5000)), m("calm", cust(4999)), m("out", scope(No), cust(6000))),
			rules: []string{"member-cap-full"},
			want:  []string{"member-cap-full busy 5000"},
		},
		{
			name:  "invalid member cap",
			in:    ent(m("a", capOf(20001)), m("b", func(x *Member) { x.CapInvalid = "abc" }), m("c", capOf(20000))),
			rules: []string{"invalid-member-cap"},
			want:  []string{"invalid-member-cap a 0", "invalid-member-cap b 0"},
		},
		{
			name: "data quality counts",
			in: func() *Inputs {
				in := ent(m("a"))
				in.DuplicateMembers = []OwnerCount{{"ZhangSan", 2}}
				in.UnknownOwners = []OwnerCount{{"ghost", 7}}
				in.DuplicateContacts = []OwnerCount{{"a", 3}}
				return in
			}(),
			rules: []string{"duplicate-member", "unknown-owner", "duplicate-contact"},
			want:  []string{"duplicate-contact a 3", "duplicate-member ZhangSan 2", "unknown-owner ghost 7"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fired(run(t, tt.in), tt.rules...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEnterprise(t *testing.T) {
	withProfile := func(p Profile, ms ...*Member) *Inputs {
		in := ent(ms...)
		in.Profile = p
		return in
	}
	entRules := []string{"enterprise-cap-full", "enterprise-cap-near", "conversion-needs-expansion", "expansion-ineligible", "unverified-enterprise"}
	tests := []struct {
		name     string
		in       *Inputs
		want     []string
		k        int
		eligible string
	}{
		{"well below", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120)}, m("a", cust(1000))), nil, 0, "true"},
		{"near", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120)}, m("a", cust(45000))), []string{"enterprise-cap-near 45000"}, 0, "true"},
		{"full blocks and needs one expansion", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120)}, m("a", cust(50000))),
			[]string{"enterprise-cap-full 50000"}, 1, "true"},
		{"conversion needs an expansion", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120)},
			m("a", cust(40000)), m("z", leaving("2026-12-05"), scope(No), ext(10000))),
			[]string{"conversion-needs-expansion 1"}, 1, "true"},
		{"conversion just below the cap needs none", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120)},
			m("a", cust(39999)), m("z", leaving("2026-12-05"), scope(No), ext(10000))),
			nil, 0, "true"},
		{"expanded cap from profile", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(120), EnterpriseCap: ip(100000)},
			m("a", cust(60000)), m("z", leaving("2026-12-05"), scope(No), ext(50000))),
			[]string{"conversion-needs-expansion 1"}, 1, "true"},
		{"50 daily users is not enough", withProfile(Profile{Verified: bp(true), DailyActiveUsers: ip(50)}, m("a", cust(50000))),
			[]string{"enterprise-cap-full 50000", "expansion-ineligible 1"}, 1, "false"},
		{"unknown daily users does not fire ineligible", withProfile(Profile{Verified: bp(true)}, m("a", cust(50000))),
			[]string{"enterprise-cap-full 50000"}, 1, "nil"},
		{"unverified enterprise caps at 200 whatever the file says", withProfile(Profile{Verified: bp(false), EnterpriseCap: ip(100000), DailyActiveUsers: ip(500)}, m("a", cust(150))),
			[]string{"unverified-enterprise 150"}, 0, "false"},
		{"unverified and full", withProfile(Profile{Verified: bp(false)}, m("a", cust(200))),
			[]string{"enterprise-cap-full 200", "expansion-ineligible 1", "unverified-enterprise 200"}, 1, "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.in)
			got := fired(res, entRules...)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
			if res.Enterprise.ExpansionsNeeded != tt.k {
				t.Errorf("expansions %d, want %d", res.Enterprise.ExpansionsNeeded, tt.k)
			}
			el := "nil"
			if res.Enterprise.ExpansionEligible != nil {
				el = fmt.Sprint(*res.Enterprise.ExpansionEligible)
			}
			if el != tt.eligible {
				t.Errorf("eligible %s, want %s", el, tt.eligible)
			}
		})
	}
}

func TestExpansionsNeeded(t *testing.T) {
	for _, c := range []struct{ total, cap, want int }{
		{0, 50000, 0}, {49999, 50000, 0}, {50000, 50000, 1}, {99999, 50000, 1}, {100000, 50000, 2}, {200, 200, 1},
	} {
		if got := ExpansionsNeeded(c.total, c.cap, 50000); got != c.want {
			t.Errorf("ExpansionsNeeded(%d, %d) = %d, want %d", c.total, c.cap, got, c.want)
		}
	}
}

func TestOverlapCredit(t *testing.T) {
	build := func(hasIDs bool, split bool) *Inputs {
		in := ent(m("leaver", leaving("2026-12-10"), cust(300), recv("r")), m("r", cust(4800)))
		in.HasExternalIDs = hasIDs
		ids := func(from, to uint64) []uint64 {
			var s []uint64
			for i := from; i < to; i++ {
				s = append(s, i)
			}
			return s
		}
		in.CustomerIDs = map[string][]uint64{"leaver": ids(0, 300), "r": ids(200, 5000)}
		if split {
			in.Handovers = []Handover{
				{UserID: "leaver", DepartureDate: d("2026-12-10"), HasDate: true, Receiver: "r", Count: 150, HasCount: true},
				{UserID: "leaver", DepartureDate: d("2026-12-10"), HasDate: true, Receiver: "r2", Count: 150, HasCount: true},
			}
			in.Members = append(in.Members, m("r2"))
		}
		return in
	}
	tests := []struct {
		name         string
		in           *Inputs
		wantIncoming int
		want         []string
	}{
		// 100 of the 300 are already the receiver's: 4800 + 200 = 5000, at the cap.
		{"whole book with ids gets credit", build(true, false), 200, []string{"receiver-near-cap r 5000"}},
		{"without ids no credit", build(false, false), 300, []string{"receiver-over-cap r 100"}},
		{"split with counts gets no credit", build(true, true), 150, []string{"receiver-near-cap r 4950"}},
		{"a whole book on two rows to one receiver keeps its credit", func() *Inputs {
			in := build(true, false)
			in.Handovers = []Handover{{UserID: "leaver", Receiver: "r"}, {UserID: "leaver", Receiver: "r"}}
			return in
		}(), 200, []string{"receiver-near-cap r 5000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.in)
			var r *Receiver
			for i := range res.Receivers {
				if res.Receivers[i].UserID == "r" {
					r = &res.Receivers[i]
				}
			}
			if r == nil || r.Incoming != tt.wantIncoming {
				t.Fatalf("receiver r = %+v, want incoming %d", r, tt.wantIncoming)
			}
			got := fired(res, "receiver-over-cap", "receiver-near-cap")
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitHandover(t *testing.T) {
	h := func(recv string, count int) Handover {
		return Handover{UserID: "a", DepartureDate: d("2026-12-10"), HasDate: true, Receiver: recv, Count: count, HasCount: count >= 0}
	}
	tests := []struct {
		name     string
		rows     []Handover
		want     []string
		alloc    string
		problems int
	}{
		{"counts cover the book", []Handover{h("r1", 60), h("r2", 40)}, nil, "r1:60 r2:40", 0},
		{"counts short leave the rest unassigned", []Handover{h("r1", 60), h("r2", 10)}, []string{"no-receiver a 30"}, "r1:60 r2:10", 0},
		{"counts above the book are a data problem", []Handover{h("r1", 80), h("r2", 80)}, nil, "r1:80 r2:20", 1},
		{"no counts split evenly", []Handover{h("r1", -1), h("r2", -1), h("r3", -1)}, nil, "r1:34 r2:33 r3:33", 0},
		{"one row without count takes the whole book", []Handover{h("r1", -1)}, nil, "r1:100", 0},
		{"a row without receiver assigns nothing", []Handover{h("", -1)}, []string{"no-receiver a 100"}, "", 0},
		{"the same receiver on two rows is one handover", []Handover{h("r1", -1), h("R1", -1)}, nil, "r1:100", 0},
		{"the same receiver with counts adds them", []Handover{h("r1", 30), h("r1", 20), h("r2", 50)}, nil, "r1:50 r2:50", 0},
		{"huge counts do not wrap", []Handover{h("r1", math.MaxInt), h("r2", math.MaxInt)}, nil, "r1:100 r2:0", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ent(m("a", cust(100)), m("r1"), m("r2"), m("r3"))
			in.Handovers = tt.rows
			res := run(t, in)
			if got := fired(res, "no-receiver"); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
			var parts []string
			for _, a := range res.Departing[0].Receivers {
				parts = append(parts, fmt.Sprintf("%s:%d", a.UserID, a.Customers))
			}
			if got := strings.Join(parts, " "); got != tt.alloc {
				t.Errorf("allocation %q, want %q", got, tt.alloc)
			}
			if len(res.DataProblems) != tt.problems {
				t.Errorf("data problems %v, want %d", res.DataProblems, tt.problems)
			}
		})
	}
}

func TestHandoverSheetWins(t *testing.T) {
	// The roster says active; the sheet says departed on as-of.
	in := ent(m("a", cust(10), recv("ignored")), m("r"))
	in.Handovers = []Handover{{UserID: "A", DepartureDate: asOf, HasDate: true, Receiver: "r"}}
	res := run(t, in)
	if len(res.Departing) != 1 || res.Departing[0].Status != Departed {
		t.Fatalf("departing = %+v", res.Departing)
	}
	if got := res.Departing[0].Receivers; len(got) != 1 || got[0].UserID != "r" || got[0].Customers != 10 {
		t.Errorf("receivers = %+v", got)
	}
	// A date after as-of makes it departing, and the engine did not touch the input.
	in.Handovers[0].DepartureDate = asOf.AddDays(1)
	res = run(t, in)
	if res.Departing[0].Status != Departing {
		t.Errorf("status %v, want departing", res.Departing[0].Status)
	}
	if in.Members[0].Status != Active {
		t.Errorf("engine changed its input: %v", in.Members[0].Status)
	}
	// A sheet row without a date keeps the roster's date.
	in = ent(m("b", leaving("2025-12-01"), cust(10)), m("r"))
	in.Handovers = []Handover{{UserID: "b", Receiver: "r"}}
	res = run(t, in)
	if l := res.Departing[0]; !l.DepartureDate.Equal(d("2025-12-01")) || l.Status != Departed {
		t.Errorf("leaver = %+v; want the roster's date and departed", l)
	}
}

func TestPeriod(t *testing.T) {
	in := ent(
		m("inperiod", leaving("2026-11-15")),
		m("later", leaving("2026-12-20")),
		m("olddone", leaving("2026-03-01")),
		m("oldholding", leaving("2026-03-01"), cust(3), recv("r")),
		m("nodate", leaving("")),
		m("r"),
	)
	res, err := Run(in, rules.Default(), Config{AsOf: asOf, Period: "2026-11"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Departing {
		got = append(got, l.UserID)
	}
	if want := "inperiod oldholding nodate"; strings.Join(got, " ") != want {
		t.Errorf("audited %q, want %q", got, want)
	}
	if _, err := Run(in, rules.Default(), Config{AsOf: asOf, Period: "2026-13"}); err == nil {
		t.Error("period 2026-13 accepted")
	}
}

func TestFindingsSortedAndCounted(t *testing.T) {
	in := ent(m("b", leaving("2026-12-05"), scope(No), ext(1)), m("a", leaving("2026-12-05"), scope(No), ext(2), cust(1)), m("c", cust(5000)))
	res := run(t, in)
	for i := 1; i < len(res.Findings); i++ {
		a, b := res.Findings[i-1], res.Findings[i]
		if a.Severity < b.Severity || (a.Severity == b.Severity && a.Rule > b.Rule) {
			t.Errorf("findings out of order at %d: %s/%s before %s/%s", i, a.Severity, a.Rule, b.Severity, b.Rule)
		}
	}
	if res.Summary.Total() != len(res.Findings) || res.Summary.Critical != 2 {
		t.Errorf("summary %+v for %d findings", res.Summary, len(res.Findings))
	}
}

func TestRuleOverrideDisablesAndRetunes(t *testing.T) {
	rs, err := rules.Parse(rules.DefaultYAML(), []byte("limits:\n  member_cap_default: 1000\nrules:\n  - id: no-receiver\n    enabled: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := ent(m("a", leaving("2026-12-05"), cust(100)), m("b", cust(1000)))
	res, err := Run(in, rs, Config{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if got := fired(res, "no-receiver", "member-cap-full"); strings.Join(got, "|") != "member-cap-full b 1000" {
		t.Errorf("findings %q", got)
	}
	// The profile's member_cap_default wins over the rule set.
	in.Profile.MemberCapDefault = ip(2000)
	res, _ = Run(in, rs, Config{AsOf: asOf})
	if got := fired(res, "member-cap-full"); len(got) != 0 {
		t.Errorf("profile cap ignored: %q", got)
	}
}

func TestChecksListEveryRuleForALeaver(t *testing.T) {
	in := ent(m("a", leaving("2026-12-05"), scope(No), ext(5), cust(0)))
	res := run(t, in)
	byRule := map[string]bool{}
	for _, c := range res.Departing[0].Checks {
		byRule[c.Rule()] = c.State == Pass
		if c.Reason().In("zh") == "" || c.Reason().In("en") == "" || len(c.Source()) == 0 {
			t.Errorf("check %s lacks reason or source: %+v", c.Rule(), c)
		}
	}
	if passed, ok := byRule["external-contacts-lost"]; !ok || passed {
		t.Errorf("external-contacts-lost check = %v, %v; want failed", passed, ok)
	}
	if passed, ok := byRule["handover-expired"]; !ok || !passed {
		t.Errorf("handover-expired check = %v, %v; want passed", passed, ok)
	}
}

func TestAtRisk(t *testing.T) {
	in := ent(m("a", leaving("2026-12-05"), scope(No), ext(1)), m("old", leaving("2024-01-01"), cust(1)))
	in.Details = map[string][]ContactDetail{
		"a":   {{ExternalID: "wm1", Name: "客户甲"}},
		"old": {{ExternalID: "wm2", Name: "客户乙", Customer: true}},
	}
	res := run(t, in)
	if len(res.AtRisk) != 2 || res.AtRisk[0].Reason != "external-contacts-lost" || res.AtRisk[1].Reason != "handover-expired" {
		t.Errorf("at risk = %+v", res.AtRisk)
	}
}
