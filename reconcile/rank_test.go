package reconcile

import (
	stdtime "time"

	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// TestBetter: which of two records about one customer the state rests on
// (rank, then the refusal that an unassigned entry supersedes, then time).
func TestBetter(t *testing.T) {
	d := func(m, day int) audit.Date { return audit.NewDate(2026, stdtime.Month(m), day) }
	status := func(s int, at audit.Date, r Route) CustomerOutcome {
		return CustomerOutcome{Kind: KindStatus, Status: s, Time: at, Route: r}
	}
	call := CustomerOutcome{Kind: KindCall}
	unassigned := CustomerOutcome{Kind: KindUnassigned, Time: d(11, 1)}
	for _, c := range []struct {
		name string
		a, b CustomerOutcome
		want bool
	}{
		{"a takeover status is the outcome; a call only started it", status(1, d(11, 20), RouteOnJob), call, true},
		{"a call does not replace a takeover status", call, status(2, audit.Date{}, RouteOnJob), false},
		{"a call replaces the unassigned entry", call, unassigned, true},
		{"the unassigned entry does not replace a call", unassigned, call, false},
		{"the unassigned entry does not replace a takeover", unassigned, status(1, d(11, 20), RouteResigned), false},
		{"refused on the job, then the account deleted: the unassigned entry is newer", unassigned, status(3, d(11, 10), RouteOnJob), true},
		{"refused after resignation stays refused", unassigned, status(3, d(11, 10), RouteResigned), false},
		{"the later takeover wins", status(1, d(11, 20), RouteOnJob), status(3, d(11, 10), RouteOnJob), true},
		{"the earlier takeover loses", status(3, d(11, 10), RouteOnJob), status(1, d(11, 20), RouteOnJob), false},
		{"same day: the later record", status(2, d(11, 10), RouteOnJob), status(1, d(11, 10), RouteOnJob), true},
		{"undated: the later record", status(2, audit.Date{}, RouteOnJob), status(1, d(11, 10), RouteOnJob), true},
		{"two calls: the later record", CustomerOutcome{Kind: KindCall, ErrCode: 40096}, call, true},
	} {
		if got := better(&c.a, &c.b); got != c.want {
			t.Errorf("%s: better = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestOutcomeRecordChoice runs the reconciler on records about one
// customer and checks the state and loss it settles on, and how a leaver
// named only by name is found (memberByName).
func TestOutcomeRecordChoice(t *testing.T) {
	nov := func(day int) audit.Date { return audit.NewDate(2026, 11, day) }
	st := func(leaver, id string, s int, at audit.Date, r Route) CustomerOutcome {
		return CustomerOutcome{Kind: KindStatus, Leaver: leaver, ExternalID: id, Status: s, Time: at, Route: r, Receiver: "bob"}
	}
	for _, c := range []struct {
		name      string
		recs      []CustomerOutcome
		sameName  bool // dave shares alice's name
		longGone  bool // carol left on 2025-11-01: her limit (365 days) passed on 2026-11-01
		leaver    int  // 0 alice (departing, on the job), 1 carol (departed 2026-10-01)
		id        string
		state     string
		lost      bool
		unmatched int
	}{
		{"a takeover status beats the call that started it", []CustomerOutcome{
			st("alice", "wm1", 1, nov(20), RouteOnJob), {Kind: KindCall, Leaver: "alice", ExternalID: "wm1"},
		}, false, false, 0, "wm1", rules.StateDone, false, 0},
		{"a call beats the unassigned entry", []CustomerOutcome{
			{Kind: KindUnassigned, Leaver: "alice", ExternalID: "wm2"}, {Kind: KindCall, Leaver: "alice", ExternalID: "wm2"},
		}, false, false, 0, "wm2", rules.StateWaiting, false, 0},
		{"the later takeover wins whatever the file order", []CustomerOutcome{
			st("alice", "wm1", 1, nov(20), RouteOnJob), st("alice", "wm1", 3, nov(10), RouteOnJob),
		}, false, false, 0, "wm1", rules.StateDone, false, 0},
		{"refused on the job, then deleted and unassigned: not started", []CustomerOutcome{
			st("alice", "wm3", 3, nov(10), RouteOnJob), {Kind: KindUnassigned, Leaver: "alice", ExternalID: "wm3"},
		}, false, false, 0, "wm3", rules.StateNotStarted, false, 0},
		{"refused after resignation: lost, the unassigned entry notwithstanding", []CustomerOutcome{
			st("carol", "wm4", 3, nov(10), RouteResigned), {Kind: KindUnassigned, Leaver: "carol", ExternalID: "wm4"},
		}, false, false, 1, "wm4", rules.StateRefused, true, 0},
		{"still unassigned past the leaver's limit: lost", []CustomerOutcome{
			{Kind: KindUnassigned, Leaver: "carol", ExternalID: "wm5"},
		}, false, true, 1, "wm5", rules.StateNotStarted, true, 0},
		{"taken over past the limit: not lost", []CustomerOutcome{
			{Kind: KindUnassigned, Leaver: "carol", ExternalID: "wm5"}, st("carol", "wm5", 1, nov(20), RouteResigned),
		}, false, true, 1, "wm5", rules.StateDone, false, 0},
		{"the leaver named by a name only one member has", []CustomerOutcome{
			st("王丽", "wm1", 1, nov(20), RouteOnJob),
		}, false, false, 0, "wm1", rules.StateDone, false, 0},
		{"a name two members share names no one: not counted", []CustomerOutcome{
			st("王丽", "wm1", 1, nov(20), RouteOnJob),
		}, true, false, 0, "wm1", rules.StateUnknown, false, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := small()
			in.Members[0].Name = "王丽"
			if c.longGone {
				in.Members[1].DepartureDate = audit.NewDate(2025, 11, 1)
				in.Handovers[1].DepartureDate = in.Members[1].DepartureDate
			}
			if c.sameName {
				in.Members[3].Name = "王丽"
			}
			res, err := Run(in, &Outcomes{Customers: c.recs}, rules.Default(), rules.Reconcile(), Config{AsOf: audit.NewDate(2026, 11, 30), ToolVersion: "test"})
			if err != nil {
				t.Fatal(err)
			}
			l := res.Leavers[c.leaver]
			var cu *Customer
			for i := range l.Customers {
				if l.Customers[i].ExternalID == c.id {
					cu = &l.Customers[i]
				}
			}
			if cu == nil {
				t.Fatalf("%s has no customer %s: %+v", l.UserID, c.id, l.Customers)
			}
			if cu.State != c.state || cu.Lost != c.lost {
				t.Errorf("%s: state %s lost %v; want %s lost %v (%s)", c.id, cu.State, cu.Lost, c.state, c.lost, cu.Reason.In("en"))
			}
			if res.Unmatched != c.unmatched {
				t.Errorf("unmatched = %d; want %d", res.Unmatched, c.unmatched)
			}
		})
	}
}
