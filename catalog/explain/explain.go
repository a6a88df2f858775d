// Package explain puts a leaver's decision (audit.Decision) into words from
// the catalogue: the gate and why, what is lost and at risk, and each next
// action with its owner and date. Every document renders a decision through
// it, so the words cannot differ between them.
package explain

import (
	"github.com/wecom-audit/auditor/catalog"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// Context is what an action's words need besides the action: the leaver,
// the enterprise, the run's receivers and the limits in force.
type Context struct {
	Leaver     *audit.Leaver
	Enterprise audit.Enterprise
	Receivers  []audit.Receiver
	Limits     rules.Limits
}

// ContextOf is the context of one leaver of a finished audit.
func ContextOf(res *audit.Result, l *audit.Leaver) Context {
	c := Context{Leaver: l, Enterprise: res.Enterprise, Receivers: res.Receivers}
	if res.Rules != nil {
		c.Limits = res.Rules.Limits
	}
	return c
}

// Gate is the gate's short word.
func Gate(lang string, g audit.Gate) string { return catalog.T(lang, "gate."+g.String(), nil) }

// GateWhy says why the gate is what it is, and what it waits on.
func GateWhy(lang string, l *audit.Leaver, asOf audit.Date) string {
	d := &l.Decision
	switch d.DeleteAccount {
	case audit.GateNotYet:
		var until []string
		for _, a := range d.Next {
			for _, u := range d.Until {
				if a.Code == u {
					until = append(until, ActionShort(lang, a.Code))
					break
				}
			}
		}
		return catalog.T(lang, "gate.why.not_yet", nil) + "; " + catalog.T(lang, "gate.until", catalog.Args{"list": strings.Join(dedupe(until), ", ")})
	case audit.GateUnknown:
		var s []string
		for _, c := range d.Settle {
			s = append(s, ActionShort(lang, c))
		}
		if len(s) == 0 {
			for _, a := range d.Next {
				if a.Code == audit.ActCheckScope || a.Code == audit.ActAddToScope {
					s = append(s, ActionShort(lang, a.Code))
				}
			}
		}
		why := catalog.T(lang, "gate.why.unknown", nil)
		if len(s) > 0 {
			why += "; " + catalog.T(lang, "gate.settle", catalog.Args{"list": strings.Join(dedupe(s), ", ")})
		}
		return why
	}
	departed := !l.DepartureDate.IsZero() && !l.DepartureDate.After(asOf)
	switch {
	case d.Lost.Any():
		return catalog.T(lang, "gate.why.allowed_lost", nil)
	case departed && d.AtRisk.Any():
		return catalog.T(lang, "gate.why.allowed_departed", nil)
	}
	return catalog.T(lang, "gate.why.allowed", nil)
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Owner is who does an action.
func Owner(lang string, o audit.Owner) string { return catalog.T(lang, "owner."+string(o), nil) }

// Route is how the customers move.
func Route(lang string, r audit.Route) string {
	if r == audit.RouteNone {
		return catalog.T(lang, "route.none", nil)
	}
	return catalog.T(lang, "route."+string(r), nil)
}

// Count is a number, or "unknown" for nil.
func Count(lang string, p *int) string {
	if p == nil {
		return catalog.T(lang, "label.unknown", nil)
	}
	return catalog.Format(lang, *p)
}

// Counts is customers, plain external contacts and groups, each a number or
// unknown.
func Counts(lang string, c audit.Counts) string {
	return catalog.T(lang, "counts", catalog.Args{"c": Count(lang, c.Customers), "e": Count(lang, c.ExternalContacts), "g": Count(lang, c.Groups)})
}

// CountsOrNone is Counts, or "none" when every part is known to be 0.
func CountsOrNone(lang string, c audit.Counts) string {
	if n, ok := c.Total(); ok && n == 0 {
		return catalog.T(lang, "label.none", nil)
	}
	return Counts(lang, c)
}

// LostWhy says why what is lost is lost.
func LostWhy(lang string, codes []string) string {
	var s []string
	for _, c := range codes {
		s = append(s, catalog.T(lang, "lost_why."+c, nil))
	}
	return catalog.List(lang, s)
}

// Due is an action's due date, "date unknown" when there is none, with
// "overdue" after it when it is past.
func Due(lang string, a audit.Action) string {
	if a.Due.IsZero() {
		return catalog.T(lang, "label.no_date", nil)
	}
	s := a.Due.String()
	if a.Overdue {
		s += " " + catalog.T(lang, "label.overdue", nil)
	}
	return s
}

// ActionShort is an action's name without its details, for lists.
func ActionShort(lang, code string) string { return catalog.T(lang, "short."+code, nil) }

// Action is one action in full: what to do, where, and its numbers.
func Action(lang string, a audit.Action, c Context) string {
	l := c.Leaver
	name := ""
	if l != nil {
		name = l.Name
		if name == "" {
			name = l.UserID
		}
	}
	args := catalog.Args{"name": name, "receiver": a.Receiver, "min": c.Limits.ExpansionMinDailyActiveUsers,
		"step": c.Limits.EnterpriseExpansionStep, "max": c.Limits.MemberCapMax}
	if a.Count != nil {
		args["count"] = *a.Count
	}
	id := "action." + a.Code
	switch a.Code {
	case audit.ActHandOverCustomers, audit.ActHandOverGroups:
		id += "." + string(a.Route)
	case audit.ActReplaceReceiver:
		id += "." + a.Reason
		if a.Reason == audit.ReasonIneligible {
			args["why"] = receiverWhy(lang, a.Receiver, c.Receivers)
		}
	case audit.ActAddToScope:
		if a.Count == nil {
			id += ".unknown"
		}
	case audit.ActNameReceiver:
		if a.Count == nil {
			id += ".groups"
		}
	case audit.ActMeetEligibility:
		args["why"] = eligibilityWhy(lang, c.Enterprise)
	case audit.ActRecordLoss:
		if l != nil {
			args["lost"] = Counts(lang, l.Decision.Lost)
			args["why"] = LostWhy(lang, l.Decision.LostWhy)
		}
	}
	return catalog.T(lang, id, args)
}

func receiverWhy(lang, userid string, rs []audit.Receiver) string {
	for _, r := range rs {
		if audit.Key(r.UserID) == audit.Key(userid) {
			var s []string
			for _, t := range r.Reasons {
				s = append(s, t.In(lang))
			}
			return catalog.List(lang, s)
		}
	}
	return catalog.T(lang, "label.unknown", nil)
}

func eligibilityWhy(lang string, e audit.Enterprise) string {
	var s []string
	if !e.Verified {
		s = append(s, catalog.T(lang, "eligibility.unverified", nil))
	}
	if e.DailyActiveUsers == nil {
		s = append(s, catalog.T(lang, "eligibility.dau_unknown", nil))
	} else {
		s = append(s, catalog.T(lang, "eligibility.dau", catalog.Args{"n": *e.DailyActiveUsers}))
	}
	return catalog.List(lang, s)
}
