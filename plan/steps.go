package plan

import (
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/rules"
)

// steps writes the plan's own steps: the expansions it needs (with what
// they take, D9, D23) and, per leaver, its allocations — who takes how many
// customers and groups, by which route. Everything else a leaver needs
// (scope, receivers to replace, the 24-hour wait, the outcome, deletion, and
// whether the account may be deleted) is the audit's decision, which the
// plan carries unchanged and never works out again.
func steps(p *Plan) {
	var ent *Expansion
	for i := range p.Expansions {
		if p.Expansions[i].Enterprise {
			ent = &p.Expansions[i]
		}
	}
	if ent != nil {
		ctx := explain.Context{Enterprise: p.Enterprise, Limits: p.Limits}
		switch {
		case ent.Eligible == nil:
			p.Steps = append(p.Steps, actionStep(audit.Action{Code: audit.ActFindEligibility, Owner: audit.OwnerSuperAdmin}, ctx))
		case !*ent.Eligible:
			p.Steps = append(p.Steps, actionStep(audit.Action{Code: audit.ActMeetEligibility, Owner: audit.OwnerSuperAdmin}, ctx))
		}
		n := ent.Count
		p.Steps = append(p.Steps, actionStep(audit.Action{Code: audit.ActEnterpriseExpand, Owner: audit.OwnerSuperAdmin, Count: &n}, ctx))
	}
	members := 0
	for _, x := range p.Expansions {
		if !x.Enterprise {
			members++
		}
	}
	if members > 0 {
		p.Steps = append(p.Steps, Step{Kind: "member-expansions", Text: rules.Text{
			ZH: catalog.T("zh", "plan.member-expansions", catalog.Args{"n": members, "max": p.Limits.MemberCapMax}),
			EN: catalog.T("en", "plan.member-expansions", catalog.Args{"n": members, "max": p.Limits.MemberCapMax}),
		}})
	}
	for i := range p.Leavers {
		p.Leavers[i].Steps = leaverSteps(p, &p.Leavers[i])
	}
}

// actionStep is a plan-wide step in the catalogue's words for the action.
func actionStep(a audit.Action, c explain.Context) Step {
	return Step{Kind: a.Code, Text: rules.Text{ZH: explain.Action("zh", a, c), EN: explain.Action("en", a, c)}}
}

// text is a catalogue message in both languages.
func text(id string, args catalog.Args) rules.Text {
	return rules.Text{ZH: catalog.T("zh", id, args), EN: catalog.T("en", id, args)}
}

// leaverSteps are the allocations of one leaver, on the decision's route.
func leaverSteps(p *Plan, l *Leaver) []Step {
	var out []Step
	add := func(kind string, t rules.Text) { out = append(out, Step{Kind: kind, Text: t}) }
	for _, r := range l.Replaced {
		zh, en := reasons(r.Reasons)
		add("receiver-replaced", rules.Text{
			ZH: catalog.T("zh", "plan.receiver-replaced", catalog.Args{"receiver": r.UserID, "why": zh}),
			EN: catalog.T("en", "plan.receiver-replaced", catalog.Args{"receiver": r.UserID, "why": en}),
		})
	}
	for _, a := range l.Allocations {
		if a.NeedsExpansion {
			add("member-expansion", text("plan.member-expansion", catalog.Args{"receiver": a.Receiver, "to": p.expansionTo(a.Receiver), "max": p.Limits.MemberCapMax}))
		}
	}
	route := string(l.Decision.Route)
	if route == "" {
		route = string(audit.RouteOnJob)
	}
	per := max(1, p.Limits.CustomersPerCall)
	for _, a := range l.Allocations {
		if a.Customers == 0 {
			continue
		}
		calls := (a.Customers + per - 1) / per
		id := "plan.hand-over." + route
		if a.Credited > 0 {
			id += ".credited"
		}
		add("hand-over-customers", text(id, catalog.Args{"count": a.Customers, "receiver": a.Receiver, "calls": calls, "per": per, "held": a.Credited}))
	}
	if l.GroupReceiver != "" {
		perDay := max(1, p.Limits.GroupsPerOwnerPerDay)
		days := (l.Groups + perDay - 1) / perDay
		add("hand-over-groups", text("plan.hand-over-groups."+route, catalog.Args{"count": l.Groups, "receiver": l.GroupReceiver, "days": days, "per_day": perDay, "per": p.Limits.GroupsPerCall}))
	}
	if l.Unplaced > 0 {
		add("unplaceable", text("plan.unplaceable", catalog.Args{"count": l.Unplaced, "max": p.Limits.MemberCapMax}))
	}
	if l.GroupsUnplaced > 0 {
		add("unplaceable", text("plan.unplaceable-groups", catalog.Args{"count": l.GroupsUnplaced}))
	}
	return out
}

func reasons(rs []rules.Text) (zh, en string) {
	z := make([]string, len(rs))
	e := make([]string, len(rs))
	for i, r := range rs {
		z[i], e[i] = r.ZH, r.EN
	}
	return strings.Join(z, "；"), strings.Join(e, "; ")
}

// num formats a count with thousands separators, as WeCom's console does.
func num(n int) string { return audit.Thousands(n) }

func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', -1, 64) + "%" }
