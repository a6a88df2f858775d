package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/rules"
)

// MemberCheck is one person's pre-offboarding check (auditor check): the
// facts, every check that concerns the person, and the next steps.
type MemberCheck struct {
	Leaver       audit.Leaver
	Receivers    []audit.Receiver // load against cap of its receivers
	Enterprise   []audit.Finding  // enterprise-level blockers
	Findings     []audit.Finding  // every finding about this person or its receivers
	Hypothetical bool             // an active member checked as if leaving today
	// Context and AsOf are what the decision's words need.
	Context explain.Context
	AsOf    audit.Date
	// Capacity is the run's capacity forecast (capacity_check.go).
	Capacity *capacity.Report
}

// NewMemberCheck picks the person's part out of a finished audit.
func NewMemberCheck(res *audit.Result, userid string, hypothetical bool) (*MemberCheck, error) {
	k := audit.Key(userid)
	mc := &MemberCheck{Hypothetical: hypothetical}
	found := false
	for _, l := range res.Departing {
		if audit.Key(l.UserID) == k {
			mc.Leaver, found = l, true
		}
	}
	if !found {
		return nil, fmt.Errorf("member %s is not among the audited leavers (outside --period?)", userid)
	}
	recv := map[string]bool{}
	for _, a := range mc.Leaver.Receivers {
		recv[audit.Key(a.UserID)] = true
	}
	for _, r := range res.Receivers {
		if recv[audit.Key(r.UserID)] {
			mc.Receivers = append(mc.Receivers, r)
		}
	}
	checked := map[string]bool{}
	for _, c := range mc.Leaver.Checks {
		checked[c.Rule()] = true
	}
	for _, f := range res.Findings {
		switch {
		case f.Member == "":
			mc.Findings = append(mc.Findings, f)
			// The leaver's own checks already show the enterprise rules
			// that concern it; list the others once.
			if !checked[f.Rule] {
				mc.Enterprise = append(mc.Enterprise, f)
			}
		case audit.Key(f.Member) == k:
			mc.Findings = append(mc.Findings, f)
		case (f.Rule == "receiver-over-cap" || f.Rule == "receiver-near-cap") && recv[audit.Key(f.Member)]:
			mc.Findings = append(mc.Findings, f)
		}
	}
	mc.Context = explain.ContextOf(res, &mc.Leaver)
	mc.AsOf = res.AsOf
	mc.Capacity = res.Capacity
	return mc, nil
}

// Worst is the most severe finding concerning the person, for --fail-on.
func (mc *MemberCheck) Worst() rules.Severity {
	w := rules.SeverityInvalid
	for _, f := range mc.Findings {
		w = max(w, f.Severity)
	}
	return w
}

// DecisionLines are a leaver's decision as lines of text, the same in the
// terminal, the JSON's next_steps and the page: the gate and why, what is
// lost, what is at risk, then each next action with who, the route, the due
// date and whether it is overdue.
func DecisionLines(lang string, l *audit.Leaver, c explain.Context, asOf audit.Date) (head []string, steps []string) {
	d := &l.Decision
	head = append(head,
		catalog.T(lang, "gate.question", nil)+": "+explain.Gate(lang, d.DeleteAccount)+" — "+explain.GateWhy(lang, l, asOf),
		catalog.T(lang, "label.lost", nil)+": "+explain.CountsOrNone(lang, d.Lost),
		catalog.T(lang, "label.at_risk", nil)+": "+explain.CountsOrNone(lang, d.AtRisk),
	)
	if d.Lost.Any() {
		head[1] += " (" + explain.LostWhy(lang, d.LostWhy) + ")"
	}
	for _, a := range d.Next {
		steps = append(steps, ActionLine(lang, a, c))
	}
	return head, steps
}

// ActionLine is one next action: who, what, the route, by when.
func ActionLine(lang string, a audit.Action, c explain.Context) string {
	line := "[" + explain.Owner(lang, a.Owner) + "] " + explain.Action(lang, a, c) + " · " + catalog.T(lang, "label.due", nil) + " " + explain.Due(lang, a)
	return line
}

// CheckText prints the check for a terminal; colour and ✓/✗ only when asked
// (stdout is a terminal), plain text otherwise.
func CheckText(w io.Writer, mc *MemberCheck, lang string, color bool) error {
	l := mc.Leaver
	ok, fail := "[ok]  ", "[FAIL]"
	paint := func(code, s string) string { return s }
	if color {
		ok, fail = "✓", "✗"
		paint = func(code, s string) string { return "\033[" + code + "m" + s + "\033[0m" }
	}
	name := l.Name
	if name == "" {
		name = l.UserID
	}
	fmt.Fprintf(w, "%s (%s) · %s · %s\n", paint("1", name), l.UserID, orDash(l.Department), StatusLabel(l.Status, lang))
	if mc.Hypothetical {
		fmt.Fprintln(w, Lv("check.if_today", lang, nil))
	}
	limit := "—"
	if !l.LimitDate.IsZero() {
		limit = Lv("check.limit", lang, catalog.Args{"date": l.LimitDate.String(), "days": l.DaysToLimit})
	}
	fmt.Fprintf(w, "%s: %s · %s: %s\n", L("departure_date", lang), orDash(l.DepartureDate.String()), L("limit_date", lang), limit)
	fmt.Fprintf(w, "%s: %s · %s: %d · %s: %s · %s: %s\n", L("in_scope", lang), TriLabel(l.InScope, lang),
		L("customers", lang), l.Customers, L("external", lang), ExternalLabel(&l, lang), L("groups", lang), GroupsLabel(&l, lang))
	fmt.Fprintf(w, "%s: %s · %s: %s\n", L("handover", lang), HandoverLabel(l.Handover, lang), L("act_by", lang), ActByLabel(&l, lang))
	if len(l.Receivers) == 0 {
		fmt.Fprintf(w, "%s: %s\n", L("receivers", lang), L("none", lang))
	}
	for _, a := range l.Receivers {
		line := fmt.Sprintf("%s: %s ← %d", L("receiver", lang), a.UserID, a.Customers)
		for _, r := range mc.Receivers {
			if audit.Key(r.UserID) == audit.Key(a.UserID) {
				line += fmt.Sprintf(" · %s %d / %s %d", L("load", lang), r.Load, L("cap", lang), r.Cap)
				if r.OverBy > 0 {
					line += " " + paint("31", fmt.Sprintf("(%s %d)", L("over_by", lang), r.OverBy))
				}
			}
		}
		if !a.Known {
			line += " " + paint("31", Lv("check.not_in_roster", lang, nil))
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\n%s\n", Lv("check.checks", lang, nil))
	for _, c := range l.Checks {
		mark := paint("32", ok)
		switch c.State {
		case audit.Fail:
			mark = paint("31", fail)
		case audit.CheckUnknown:
			mark = paint("33", "?")
		}
		fmt.Fprintf(w, "  %s %-28s %s (%s)\n", mark, c.Rule(), c.Reason().In(lang), strings.Join(c.Source(), ", "))
	}
	for _, f := range mc.Enterprise {
		fmt.Fprintf(w, "  %s %-28s %s (%s)\n", paint("31", fail), f.Rule, f.Message.In(lang), strings.Join(f.Source, ", "))
	}
	capacityCheckText(w, mc, lang)
	head, steps := DecisionLines(lang, &l, mc.Context, mc.AsOf)
	fmt.Fprintln(w)
	for _, h := range head {
		fmt.Fprintln(w, h)
	}
	fmt.Fprintf(w, "\n%s:\n", catalog.T(lang, "label.next", nil))
	for i, s := range steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// CheckJSON writes the same facts with stable keys for scripts.
func CheckJSON(w io.Writer, mc *MemberCheck, lang string) error {
	l := mc.Leaver
	type check struct {
		Rule     string   `json:"rule"`
		Passed   bool     `json:"passed"`
		State    string   `json:"state"` // pass, fail or unknown; passed is state == "pass"
		Severity string   `json:"severity"`
		Reason   string   `json:"reason"`
		Source   []string `json:"source"`
	}
	type recv struct {
		UserID    string `json:"userid"`
		Customers int    `json:"customers"`
		Known     bool   `json:"in_roster"`
		Load      int    `json:"load"`
		Cap       int    `json:"cap"`
		OverBy    int    `json:"over_by"`
	}
	doc := struct {
		Schema        string   `json:"schema"`
		UserID        string   `json:"userid"`
		Name          string   `json:"name"`
		Department    string   `json:"department"`
		Status        string   `json:"status"`
		Hypothetical  bool     `json:"hypothetical"`
		DepartureDate *string  `json:"departure_date"`
		LimitDate     *string  `json:"limit_date"`
		DaysToLimit   *int     `json:"days_to_limit"`
		InScope       *bool    `json:"in_scope"`
		Customers     int      `json:"customers"`
		External      *int     `json:"external_contacts"` // null: unknown
		Groups        *int     `json:"groups"`            // null: no groups export
		Transferable  *bool    `json:"transferable"`
		Handover      string   `json:"handover"`
		ActBy         *string  `json:"act_by"`
		ActByFor      *string  `json:"act_by_for"`
		Receivers     []recv   `json:"receivers"`
		Checks        []check  `json:"checks"`
		Steps         []string `json:"next_steps"`
		// Decision is the same object the audit JSON carries.
		Decision audit.Decision `json:"decision"`
		Capacity any            `json:"capacity"`
	}{
		Schema: "auditor/check/v1", UserID: l.UserID, Name: l.Name, Department: l.Department, Status: l.Status.String(),
		Hypothetical: mc.Hypothetical, DepartureDate: datep(l.DepartureDate), LimitDate: datep(l.LimitDate),
		InScope: l.InScope.Bool(), Customers: l.Customers,
		Transferable: audit.Transferability(&l).Bool(), Handover: l.Handover.String(), Receivers: []recv{}, Checks: []check{}, Steps: []string{},
		Decision: l.Decision,
	}
	if audit.ExternalKnown(&l) {
		doc.External = intp(l.External)
	}
	if !l.GroupsUnknown {
		doc.Groups = intp(l.Groups)
	}
	if !l.ActBy.IsZero() {
		date, why := l.ActBy.String(), "handover"
		if l.ActByDeletion {
			why = "deletion"
		}
		doc.ActBy, doc.ActByFor = &date, &why
	}
	if !l.LimitDate.IsZero() {
		d := l.DaysToLimit
		doc.DaysToLimit = &d
	}
	for _, a := range l.Receivers {
		r := recv{UserID: a.UserID, Customers: a.Customers, Known: a.Known}
		for _, x := range mc.Receivers {
			if audit.Key(x.UserID) == audit.Key(a.UserID) {
				r.Load, r.Cap, r.OverBy = x.Load, x.Cap, x.OverBy
			}
		}
		doc.Receivers = append(doc.Receivers, r)
	}
	for _, c := range l.Checks {
		doc.Checks = append(doc.Checks, check{c.Rule(), c.State == audit.Pass, c.State.String(), c.Severity().String(), c.Reason().In(lang), c.Source()})
	}
	for _, f := range mc.Enterprise {
		doc.Checks = append(doc.Checks, check{f.Rule, false, audit.Fail.String(), f.Severity.String(), f.Message.In(lang), f.Source})
	}
	_, doc.Steps = DecisionLines(lang, &l, mc.Context, mc.AsOf)
	doc.Capacity = checkCapacityJSON(mc, lang)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
