package capacity

import (
	"math"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

func ymd(t time.Time) string { return t.Format("2006-01-02") }

// ReachText says when a cap is reached: "2027-01-25 (2027-01-19 to
// 2027-02-02)", or that it is not within two years.
func ReachText(rc Reach) rules.Text {
	switch {
	case rc.Early.IsZero():
		return rules.Msg("capacity.reach.never", nil)
	case rc.Date.IsZero() || rc.Late.IsZero():
		return rules.Msg("capacity.reach.or_later", catalog.Args{"date": ymd(rc.Early)})
	case rc.Early.Equal(rc.Late):
		return rules.Msg("capacity.reach.on", catalog.Args{"date": ymd(rc.Date)})
	}
	return rules.Msg("capacity.reach.range", catalog.Args{"date": ymd(rc.Date), "early": ymd(rc.Early), "late": ymd(rc.Late)})
}

// PaceText is the pace with its range, per week, in whole customers (ints,
// so the catalogue groups the thousands: "2,672", as every other count).
func PaceText(p Pace) rules.Text {
	r := func(f float64) int { return int(math.Round(f)) }
	return rules.Msg("capacity.pace", catalog.Args{"pace": r(p.Weekly), "low": r(p.Low), "high": r(p.High)})
}

// Cover is the cover's lines: the enterprise expansion when it is due
// within the lead time, and the members who must ask for theirs.
func (r *Report) Cover() []rules.Text {
	var out []rules.Text
	if e := r.Enterprise; e.Known && e.Due && len(e.Reaches) > 0 {
		rc := e.Reaches[0]
		by := rules.Msg("capacity.by_date", catalog.Args{"date": ymd(e.ActBy)})
		if e.Overdue {
			by = rules.Msg("capacity.by_now", nil)
		}
		// A planned campaign may be what brings the date: say so, or
		// "at the recent pace" contradicts the pace's own date.
		id := "capacity.cover.enterprise"
		if len(r.Campaigns) > 0 {
			id = "capacity.cover.enterprise_campaigns"
		}
		out = append(out, rules.Msg(id, catalog.Args{
			"by": by, "lead": r.LeadDays, "date": ReachText(rc), "cap": rc.Cap}))
	}
	// The first act-by is the earliest of all (the list puts receivers
	// first, not the soonest); when it has passed, they ask now.
	var due []string
	var first time.Time
	overdue := false
	for _, m := range r.Members {
		if m.Known && m.Due {
			if len(due) == 0 || m.ActBy.Before(first) {
				first = m.ActBy
			}
			overdue = overdue || m.Overdue
			due = append(due, m.UserID)
		}
	}
	if len(due) > 0 {
		var names any = strings.Join(due, ", ") // userids read the same in both languages
		if len(due) > 3 {
			names = rules.Msg("capacity.names_more", catalog.Args{"names": strings.Join(due[:3], ", "), "more": len(due) - 3})
		}
		id := "capacity.cover.members"
		if overdue {
			id = "capacity.cover.members_now"
		}
		out = append(out, rules.Msg(id, catalog.Args{"n": len(due), "first": ymd(first), "names": names}))
	}
	return out
}

// Steps is what the expansions take (D9, D23, D6), in order.
func (r *Report) Steps() []rules.Text {
	var s []rules.Text
	if r.Eligible == nil || !*r.Eligible {
		s = append(s, rules.Msg("capacity.step.eligibility", catalog.Args{"min": r.MinDailyActiveUsers}))
	}
	return append(s,
		rules.Msg("capacity.step.apply", catalog.Args{"step": r.ExpansionStep}),
		rules.Msg("capacity.step.letter", nil),
		rules.Msg("capacity.step.member", catalog.Args{"max": r.MemberCapMax}),
	)
}
