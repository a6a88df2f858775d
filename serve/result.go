package serve

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

// resultView is the finished run as the page shows it, in one language.
// Every text comes from the report package, as the documents have it.
type resultView struct {
	Run       int           `json:"run"` // the run's id, for the page to notice a newer one
	AsOf      string        `json:"as_of"`
	Company   string        `json:"company"`
	Verdict   string        `json:"verdict"`
	Worst     string        `json:"worst"` // severity id, "" when no finding
	Level     string        `json:"level"` // ready, at_risk, incomplete, blocked
	LevelText string        `json:"level_label"`
	Counts    []countView   `json:"counts"`
	Leavers   []leaverView  `json:"leavers"`
	Findings  []findingView `json:"findings"`
	Rules     []string      `json:"rules"`
	Problems  int           `json:"problems"`
	Validate  string        `json:"validate"`
	Plan      planView      `json:"plan"`
	// Capacity is the capacity forecast (issue 28); null when not computed.
	Capacity  *capacityView `json:"capacity"`
	Downloads []string      `json:"downloads"`
	Command   []string      `json:"command"`
	Lang      string        `json:"report_lang"`
}

type countView struct {
	Severity string `json:"severity"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
}

type leaverView struct {
	UserID     string      `json:"userid"`
	Name       string      `json:"name"`
	Status     string      `json:"status"`
	Departure  string      `json:"departure"`
	Limit      string      `json:"limit"`
	Days       *int        `json:"days"`
	InScope    string      `json:"in_scope"`
	Customers  int         `json:"customers"`
	External   string      `json:"external"` // a number, or unknown
	Groups     string      `json:"groups"`
	Handover   string      `json:"handover"` // ready, blocked, unknown
	HandoverTx string      `json:"handover_label"`
	ActBy      string      `json:"act_by"`
	Urgency    int         `json:"urgency"` // urgencyOf's rank: 0 first
	Flag       string      `json:"flag"`    // overdue, unknown_date or ""
	Receivers  []string    `json:"receivers"`
	Worst      string      `json:"worst"`
	Failed     []checkView `json:"failed"`
	NextAction string      `json:"next_action"`
	// The leaver's decision, as every document renders it.
	Gate     string   `json:"gate"` // not_yet, allowed, unknown
	GateText string   `json:"gate_label"`
	GateWhy  string   `json:"gate_why"`
	Lost     string   `json:"lost"`
	AtRisk   string   `json:"at_risk"`
	Steps    []string `json:"steps"`
	Overdue  bool     `json:"overdue"`
	NextDue  string   `json:"next_due"`
}

type checkView struct {
	Rule     string `json:"rule"`
	State    string `json:"state"` // fail or unknown
	Severity string `json:"severity"`
	Title    string `json:"title"`
}

type findingView struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	SevLabel    string `json:"severity_label"`
	Member      string `json:"member"`
	Receiver    string `json:"receiver"`
	Title       string `json:"title"`
	Message     string `json:"message"`
	Remediation string `json:"remediation"`
}

type planView struct {
	Summary     string          `json:"summary"`
	Handovers   []handoverView  `json:"handovers"`
	Expansions  []expansionView `json:"expansions"`
	Unplaceable []string        `json:"unplaceable"`
}

type handoverView struct {
	UserID    string `json:"userid"`
	Departure string `json:"departure"`
	Receiver  string `json:"receiver"`
	Count     string `json:"count"`
}

type expansionView struct {
	What     string `json:"what"`
	From     int    `json:"from"`
	To       int    `json:"to"`
	Eligible string `json:"eligible"`
	For      string `json:"for"`
}

// urgencyOf is the page's rank (0 first) and row flag for a leaver, read
// from the decision: overdue, then a next step whose date cannot be known,
// then the rest. The order itself is report.SortByUrgency, the same as the
// PDF cover's action table.
func urgencyOf(l *audit.Leaver) (int, string) {
	switch {
	case l.Decision.Overdue:
		return 0, "overdue"
	case l.Decision.NextDue().IsZero():
		return 1, "unknown_date"
	}
	return 2, ""
}

func dateText(d audit.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func buildResult(ru *run, lang string) resultView {
	res := ru.res
	v := resultView{
		AsOf: res.AsOf.String(), Company: res.Company, Verdict: report.Verdict(res, lang),
		Leavers: []leaverView{}, Findings: []findingView{}, Rules: []string{}, Problems: len(res.DataProblems),
		Validate: ru.validate[lang], Downloads: ru.outputs, Command: ru.command, Lang: ru.lang,
	}
	if w := res.Worst(); w != rules.SeverityInvalid {
		v.Worst = w.String()
	}
	v.Level, v.LevelText = res.Verdict.Level.String(), report.LevelLabel(res.Verdict.Level, lang)
	for _, sev := range rules.Severities {
		v.Counts = append(v.Counts, countView{Severity: sev.String(), Label: report.SeverityLabel(sev, lang), Count: res.Summary.Of(sev)})
	}
	// The per-leaver action table: each leaver's failed checks and the
	// first of `auditor check`'s next steps for that person.
	// Most urgent first, in the cover's order (report.SortByUrgency).
	order := make([]*audit.Leaver, len(res.Departing))
	for i := range res.Departing {
		order[i] = &res.Departing[i]
	}
	report.SortByUrgency(order)
	for _, lp := range order {
		l := *lp
		rank, flag := urgencyOf(lp)
		lv := leaverView{Urgency: rank, Flag: flag,
			UserID: l.UserID, Name: l.Name, Status: report.StatusLabel(l.Status, lang),
			Departure: dateText(l.DepartureDate), Limit: dateText(l.LimitDate), InScope: report.TriLabel(l.InScope, lang),
			Customers: l.Customers, External: audit.Thousands(l.External), Groups: audit.Thousands(l.Groups), Receivers: []string{}, Failed: []checkView{},
			Handover: l.Handover.String(), HandoverTx: report.HandoverLabel(l.Handover, lang), ActBy: report.ActByLabel(&l, lang),
		}
		// Unknown is shown as unknown, never as 0.
		if !audit.ExternalKnown(&l) {
			lv.External = report.L("unknown", lang)
		}
		if l.GroupsUnknown {
			lv.Groups = report.L("unknown", lang)
		}
		if !l.LimitDate.IsZero() {
			d := l.DaysToLimit
			lv.Days = &d
		}
		for _, a := range l.Receivers {
			lv.Receivers = append(lv.Receivers, a.UserID+" ← "+audit.Thousands(a.Customers))
		}
		worst := rules.SeverityInvalid
		for _, c := range l.Checks {
			if c.State == audit.Pass {
				continue
			}
			lv.Failed = append(lv.Failed, checkView{Rule: c.Rule(), State: c.State.String(), Severity: c.Severity().String(), Title: c.Title().In(lang)})
			if c.State == audit.Fail {
				worst = max(worst, c.Severity())
			}
		}
		if worst != rules.SeverityInvalid {
			lv.Worst = worst.String()
		}
		d := &l.Decision
		head, steps := report.DecisionLines(lang, &l, explain.ContextOf(res, &l), res.AsOf)
		lv.Gate, lv.GateText, lv.GateWhy = d.DeleteAccount.String(), explain.Gate(lang, d.DeleteAccount), explain.GateWhy(lang, &l, res.AsOf)
		lv.Lost, lv.AtRisk = head[1], head[2]
		lv.Steps, lv.Overdue, lv.NextDue = steps, d.Overdue, dateText(d.NextDue())
		if len(steps) > 0 {
			lv.NextAction = steps[0]
		}
		v.Leavers = append(v.Leavers, lv)
	}
	seen := map[string]bool{}
	for _, f := range res.Findings {
		v.Findings = append(v.Findings, findingView{
			Rule: f.Rule, Severity: f.Severity.String(), SevLabel: report.SeverityLabel(f.Severity, lang),
			Member: f.Member, Receiver: f.Receiver, Title: f.Title.In(lang), Message: f.Message.In(lang), Remediation: f.Remediation.In(lang),
		})
		if !seen[f.Rule] {
			seen[f.Rule] = true
			v.Rules = append(v.Rules, f.Rule)
		}
	}
	v.Plan = buildPlan(ru, lang)
	v.Capacity = buildCapacity(res.Capacity, lang)
	return v
}

func buildPlan(ru *run, lang string) planView {
	p := ru.plan
	pv := planView{Handovers: []handoverView{}, Expansions: []expansionView{}, Unplaceable: []string{}}
	if p == nil {
		return pv
	}
	pv.Summary = pipeline.PlanSummary(p, lang)
	for _, h := range p.Handovers() {
		hv := handoverView{UserID: h.UserID, Departure: dateText(h.DepartureDate), Receiver: h.Receiver}
		if h.HasCount {
			hv.Count = audit.Thousands(h.Count)
		}
		pv.Handovers = append(pv.Handovers, hv)
	}
	for _, x := range p.Expansions {
		ev := expansionView{From: x.From, To: x.To, For: strings.Join(x.For, ", ")}
		if x.Enterprise {
			ev.What = catalog.T(lang, "page.expansion_enterprise", catalog.Args{"n": x.Count})
		} else {
			ev.What = catalog.T(lang, "page.expansion_member", catalog.Args{"member": x.Member})
		}
		switch {
		case x.Eligible == nil:
			ev.Eligible = report.L("unknown", lang)
		case *x.Eligible:
			ev.Eligible = report.L("yes", lang)
		default:
			ev.Eligible = report.L("no", lang)
		}
		pv.Expansions = append(pv.Expansions, ev)
	}
	for _, u := range p.Unplaceable {
		pv.Unplaceable = append(pv.Unplaceable, catalog.T(lang, "page.unplaceable_line", catalog.Args{"leaver": u.Leaver, "n": u.Customers}))
	}
	return pv
}

// capacityView is the capacity forecast (issue 28) as the page shows it.
// The values are the JSON report's (report.CapacityOutlookOf), the words
// those of the other documents (report.CapacityLine and its parts), so
// the page says nothing the downloads do not.
type capacityView struct {
	Method         string          `json:"method"`
	Source         string          `json:"source"` // add_times, history; "" when unknown
	LeadDays       int             `json:"lead_days"`
	Campaigns      []string        `json:"campaigns"`
	Enterprise     capOutlookView  `json:"enterprise"`
	Members        []capMemberView `json:"members"`
	Receivers      []capMemberView `json:"receivers"`
	MembersUnknown int             `json:"members_unknown"`
	Cover          []string        `json:"cover"`
	Steps          []string        `json:"steps"`
}

// capOutlookView is one forecast: the JSON report's values (known,
// unknown_reason, cap, customers, pace_per_week…, reaches, act_by, due,
// overdue; null when unknown) and the texts the page prints.
type capOutlookView struct {
	report.CapacityOutlook
	Load    string   `json:"load"`          // "49,805 / 50,000"
	PaceTxt string   `json:"pace_label"`    // "" when unknown
	Reached []string `json:"reach_labels"`  // "50,000: 2027-01-25 (2027-01-19 to 2027-02-02)"
	ActByTx string   `json:"act_by_label"`  // "ask for the expansion: 2027-01-05", "" when none
	Unknown string   `json:"unknown_label"` // "unknown: <why>", "" when known
	Line    string   `json:"line"`          // the one line of the check and the workbook
}

type capMemberView struct {
	UserID   string `json:"userid"`
	Name     string `json:"name"`
	Receiver bool   `json:"receiver"`
	Incoming int    `json:"incoming"`
	AtMax    bool   `json:"at_member_max"`
	capOutlookView
}

func buildCapacity(r *capacity.Report, lang string) *capacityView {
	if r == nil {
		return nil
	}
	cv := &capacityView{Method: report.CapacityMethodOf(r, lang), Source: r.Source, LeadDays: r.LeadDays, Campaigns: []string{},
		Enterprise: capOutlookOf(r.Enterprise, lang), Members: []capMemberView{}, Receivers: []capMemberView{},
		MembersUnknown: r.MembersUnknown, Cover: []string{}, Steps: []string{}}
	for _, c := range r.Campaigns {
		cv.Campaigns = append(cv.Campaigns, c.Date.Format("2006-01-02")+" +"+audit.Thousands(c.Customers))
	}
	member := func(m capacity.MemberOutlook) capMemberView {
		return capMemberView{UserID: m.UserID, Name: m.Name, Receiver: m.Receiver, Incoming: m.Incoming, AtMax: m.AtMax,
			capOutlookView: capOutlookOf(m.Outlook, lang)}
	}
	for _, m := range r.Members {
		cv.Members = append(cv.Members, member(m))
	}
	for _, m := range r.Receivers {
		cv.Receivers = append(cv.Receivers, member(m))
	}
	for _, t := range r.Cover() {
		cv.Cover = append(cv.Cover, t.In(lang))
	}
	for _, t := range r.Steps() {
		cv.Steps = append(cv.Steps, t.In(lang))
	}
	return cv
}

func capOutlookOf(o capacity.Outlook, lang string) capOutlookView {
	v := capOutlookView{CapacityOutlook: report.CapacityOutlookOf(o, lang), Reached: []string{},
		Load: audit.Thousands(o.Customers) + " / " + audit.Thousands(o.Cap), Line: report.CapacityLine(o, lang)}
	if !o.Known {
		v.Unknown = report.CapacityUnknown(o, lang)
		return v
	}
	v.PaceTxt = capacity.PaceText(o.Pace).In(lang)
	for _, rc := range o.Reaches {
		v.Reached = append(v.Reached, catalog.T(lang, "page.cap_reached_line", catalog.Args{"cap": rc.Cap, "when": capacity.ReachText(rc)}))
	}
	v.ActByTx = report.CapacityActBy(o, lang)
	return v
}
