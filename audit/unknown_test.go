package audit

import (
	"slices"
	"strings"
	"testing"
)

// Values the readers could not know (issue 12: a formula without a saved
// result, an error value) are not blanks: an unknown status is not
// active, an unknown receiver is not "none", an unknown count is not "an
// even share".
func TestUnknownValues(t *testing.T) {
	if StatusUnknown.Leaving() || StatusUnknown.String() != "unknown" {
		t.Errorf("StatusUnknown: leaving %v, %q", StatusUnknown.Leaving(), StatusUnknown)
	}
	for _, c := range []struct {
		name     string
		in       func() *Inputs
		unknown  bool     // the leaver's receivers are unknown
		fired    []string // rules that fire for lisi, the leaver
		notFired []string
	}{
		{"roster receiver unknown", func() *Inputs {
			return ent(m("lisi", leaving("2026-12-20"), cust(20), func(x *Member) { x.ReceiverUnknown = true }), m("wangwu"))
		}, true, nil, []string{"no-receiver", "receiver-unknown"}},
		{"roster receiver blank", func() *Inputs {
			return ent(m("lisi", leaving("2026-12-20"), cust(20)), m("wangwu"))
		}, false, []string{"no-receiver"}, nil},
		{"sheet count unknown", func() *Inputs {
			in := ent(m("lisi", leaving("2026-12-20"), cust(30)), m("wangwu"), m("zhaoliu"))
			in.Handovers = []Handover{
				{UserID: "lisi", Receiver: "wangwu", Count: 20, HasCount: true},
				{UserID: "lisi", Receiver: "zhaoliu", CountUnknown: true},
			}
			return in
		}, true, nil, []string{"no-receiver"}},
		{"sheet receiver unknown", func() *Inputs {
			in := ent(m("lisi", leaving("2026-12-20"), cust(30)), m("wangwu"))
			in.Handovers = []Handover{
				{UserID: "lisi", Receiver: "wangwu", Count: 20, HasCount: true},
				{UserID: "lisi", ReceiverUnknown: true, Count: 10, HasCount: true},
			}
			return in
		}, true, nil, []string{"no-receiver", "receiver-unknown"}},
		{"sheet count blank shares the rest", func() *Inputs {
			in := ent(m("lisi", leaving("2026-12-20"), cust(30)), m("wangwu"), m("zhaoliu"))
			in.Handovers = []Handover{
				{UserID: "lisi", Receiver: "wangwu", Count: 20, HasCount: true},
				{UserID: "lisi", Receiver: "zhaoliu"},
			}
			return in
		}, false, nil, []string{"no-receiver"}},
		{"receiver's status unknown", func() *Inputs {
			return ent(m("lisi", leaving("2026-12-20"), cust(20), recv("wangwu")), m("wangwu", func(x *Member) { x.Status = StatusUnknown }))
		}, false, []string{"receiver-ineligible"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.in())
			var l *Leaver
			for i := range res.Departing {
				if res.Departing[i].UserID == "lisi" {
					l = &res.Departing[i]
				}
			}
			if l == nil {
				t.Fatal("lisi not audited")
			}
			if l.ReceiversUnknown != c.unknown {
				t.Errorf("ReceiversUnknown = %v; want %v", l.ReceiversUnknown, c.unknown)
			}
			if c.unknown {
				if len(l.Receivers) != 0 || l.Unassigned != 0 {
					t.Errorf("receivers %+v, unassigned %d; want none while unknown", l.Receivers, l.Unassigned)
				}
				n := 0
				for _, ch := range l.Checks {
					if strings.HasPrefix(ch.Rule(), "receiver-") || ch.Rule() == "no-receiver" {
						n++
						if ch.State != CheckUnknown || !strings.Contains(ch.Reason().In("en"), "cannot be read") {
							t.Errorf("check %s is %s (%s) while the receivers are unknown", ch.Rule(), ch.State, ch.Reason().In("en"))
						}
					}
				}
				if n != 5 || l.Handover != HandoverUnknown {
					t.Errorf("%d receiver checks, handover %s; want 5 unknown, handover unknown", n, l.Handover)
				}
			}
			var got []string
			for _, f := range res.Findings {
				if f.Member == "lisi" {
					got = append(got, f.Rule)
				}
			}
			for _, id := range c.fired {
				if !slices.Contains(got, id) {
					t.Errorf("%s did not fire: %v", id, got)
				}
			}
			for _, id := range c.notFired {
				if slices.Contains(got, id) {
					t.Errorf("%s fired: %v", id, got)
				}
			}
		})
	}
	// A member whose status cannot be read is not audited as leaving, and
	// not as staying either: the readers report the cell.
	res := run(t, ent(m("lisi", cust(5), func(x *Member) { x.Status = StatusUnknown })))
	if len(res.Departing) != 0 {
		t.Errorf("departing = %+v", res.Departing)
	}
}

// TestUnknownStatusVerdict: members whose status cannot be read make the
// verdict incomplete, naming them, unless a handover sheet names them.
func TestUnknownStatusVerdict(t *testing.T) {
	unknown := func(x *Member) { x.Status = StatusUnknown }
	res := run(t, ent(m("lisi", cust(5), unknown), m("wangwu")))
	if res.Verdict.Level != VerdictIncomplete || len(res.Verdict.Missing) != 1 ||
		!strings.Contains(res.Verdict.Missing[0].Hides.In("en"), "the status cells of 1 member cannot be read") ||
		!strings.Contains(res.Verdict.Missing[0].Hides.In("en"), "lisi") {
		t.Errorf("verdict = %+v", res.Verdict)
	}
	in := ent(m("lisi", cust(5), unknown), m("wangwu"))
	in.Handovers = []Handover{{UserID: "lisi", Receiver: "wangwu", DepartureDate: d("2026-12-20"), HasDate: true}}
	res = run(t, in)
	for _, ms := range res.Verdict.Missing {
		if strings.Contains(ms.Hides.In("en"), "status cells") {
			t.Errorf("the handover sheet names lisi, yet %+v", ms)
		}
	}
	if len(res.Departing) != 1 || res.Departing[0].Status != Departing {
		t.Errorf("departing = %+v", res.Departing)
	}
}
