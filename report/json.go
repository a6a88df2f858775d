package report

import (
	"io"

	"github.com/wecom-audit/auditor/audit"
)

// JSONWriter writes the stable JSON report of docs/spec.md §4.1 (schema auditor/v1).
type JSONWriter struct{}

var _ Writer = (*JSONWriter)(nil)

func init() { register(&JSONWriter{}) }

func (*JSONWriter) Ext() string { return "json" }

// jsonVerdict is the run's conclusion (issue 13): level is blocked,
// incomplete, at_risk or ready; handovers counts the leavers by state;
// missing names each input gap and what it hides.
type jsonVerdict struct {
	Level     string         `json:"level"`
	Text      string         `json:"text"`
	Handovers map[string]int `json:"handovers"`
	Missing   []jsonMissing  `json:"missing"`
}

type jsonMissing struct {
	Input string `json:"input"`
	Hides string `json:"hides"`
	Add   string `json:"add"`
}

type jsonCheck struct {
	Rule   string `json:"rule"`
	State  string `json:"state"`
	Reason string `json:"reason"`
}

type jsonEnterprise struct {
	Verified         bool `json:"verified"`
	DailyActiveUsers *int `json:"daily_active_users"`
	Cap              int  `json:"cap"`
	Customers        int  `json:"customers"`
	Headroom         int  `json:"headroom"`
	// ExternalAtRisk is null when some leaver's plain external contacts
	// cannot be seen; ExternalAtLeast is then the known part (a lower
	// bound) and ExternalUnknownFor names those leavers. The same holds for
	// the expansions, which are computed from the external contacts.
	ExternalAtRisk     *int     `json:"external_contacts_at_risk"`
	ExternalAtLeast    int      `json:"external_contacts_at_risk_at_least"`
	ExternalUnknownFor []string `json:"external_contacts_unknown_for"`
	ExpansionsNeeded   *int     `json:"expansions_needed"`
	ExpansionsAtLeast  int      `json:"expansions_needed_at_least"`
	ExpansionEligible  *bool    `json:"expansion_eligible"`
}

type jsonLeaver struct {
	UserID        string           `json:"userid"`
	Name          string           `json:"name"`
	Status        string           `json:"status"`
	DepartureDate *string          `json:"departure_date"` // null: unknown
	LimitDate     *string          `json:"limit_date"`
	InScope       *bool            `json:"in_scope"`
	Customers     int              `json:"customers"`
	External      *int             `json:"external_contacts"` // null: unknown
	Groups        *int             `json:"groups"`            // null: no groups export
	Transferable  *bool            `json:"transferable"`      // null: unknown (no date or no last login)
	Receivers     []jsonAllocation `json:"receivers"`
	Handover      string           `json:"handover"`
	ActBy         *string          `json:"act_by"`
	ActByFor      *string          `json:"act_by_for"` // "deletion" or "handover"; null with act_by
	Checks        []jsonCheck      `json:"checks"`
	// Decision is the leaver's one answer, the same object in every JSON
	// that lists leavers (audit, check, plan, reconcile).
	Decision audit.Decision `json:"decision"`
}

type jsonAllocation struct {
	UserID    string `json:"userid"`
	Customers int    `json:"customers"`
}

type jsonReceiver struct {
	UserID    string `json:"userid"`
	Cap       int    `json:"cap"`
	Customers int    `json:"customers"`
	Incoming  int    `json:"incoming"`
	Load      int    `json:"load"`
	OverBy    int    `json:"over_by"`
	Eligible  bool   `json:"eligible"`
}

type jsonFinding struct {
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Member      string `json:"member"`
	Receiver    string `json:"receiver"`
	Count       int    `json:"count"`
	CountUnit   string `json:"count_unit"`
	Message     string `json:"message"`
	Remediation string `json:"remediation"`
	jsonFindingHistory
}

// jsonInput is one input file and, for a spreadsheet, every sheet looked
// at: read, or skipped and why (issue 12).
type jsonInput struct {
	Role   string      `json:"role"`
	Path   string      `json:"path"`
	SHA256 string      `json:"sha256"`
	Rows   int         `json:"rows"`
	Sheets []jsonSheet `json:"sheets,omitempty"`
}

type jsonSheet struct {
	Name      string `json:"name"`
	Read      bool   `json:"read"`
	HeaderRow int    `json:"header_row,omitempty"`
	Rows      int    `json:"rows"`
	Skipped   string `json:"skipped,omitempty"` // why, in the report's language
}

func jsonInputs(in []audit.InputFile, lang string) []jsonInput {
	out := make([]jsonInput, 0, len(in))
	for _, f := range in {
		j := jsonInput{Role: f.Role, Path: f.Path, SHA256: f.SHA256, Rows: f.Rows}
		for _, s := range f.Sheets {
			why := s.Skipped
			if lang == "zh" && s.SkippedZH != "" {
				why = s.SkippedZH
			}
			j.Sheets = append(j.Sheets, jsonSheet{Name: s.Name, Read: s.Read, HeaderRow: s.HeaderRow, Rows: s.Rows, Skipped: why})
		}
		out = append(out, j)
	}
	return out
}

type jsonDataProblem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Problem string `json:"problem"`
}

// Write renders the result. Messages are in opt.Lang; the keys never change
// with the language. Slices are never null, so consumers need no nil checks.
//
// The document is streamed (json_stream.go): the top-level object member by
// member in jsonDoc's order, and every list that grows with the enterprise
// (leavers, receivers, findings, data problems, the series' lists, the
// capacity forecast's members) element by element, each converted from the
// result only when it is written. TestJSONStreamMatchesDocument holds the
// bytes to those of jsonDoc encoded whole.
func (*JSONWriter) Write(w io.Writer, res *audit.Result, opt Options) error {
	lang := opt.Lang
	s := newJSONStream(w)
	o := s.object("")
	o.field("schema", audit.Schema)
	o.field("as_of", res.AsOf.String())
	o.field("tool_version", res.ToolVersion)
	o.field("rules_version", res.RulesVersion)
	o.field("company", res.Company)
	o.field("lang", lang)
	o.field("inputs", jsonInputs(res.Inputs, lang))
	o.field("enterprise", jsonEnterpriseOf(res.Enterprise))
	o.field("assumed", append([]string{}, res.AssumedIn(lang)...))
	o.key("departing")
	jsonArray(s, o.inner(), len(res.Departing), func(i int) jsonLeaver { return jsonLeaverOf(&res.Departing[i], lang) })
	o.key("receivers")
	jsonArray(s, o.inner(), len(res.Receivers), func(i int) jsonReceiver { return jsonReceiverOf(&res.Receivers[i]) })
	o.key("findings")
	jsonArray(s, o.inner(), len(res.Findings), func(i int) jsonFinding { return jsonFindingOf(res.Findings[i], lang) })
	o.key("data_problems")
	jsonArray(s, o.inner(), len(res.DataProblems), func(i int) jsonDataProblem { return jsonDataProblemOf(&res.DataProblems[i], lang) })
	o.field("summary", jsonSummaryOf(res.Summary))
	o.field("verdict", jsonVerdictOf(res, lang))
	seriesStream(o, res)
	if set := setJSON(opt); len(set) > 0 { // omitempty
		o.field("report_set", set)
	}
	if opt.withPDF { // the handover sheets are the PDF's
		o.field("handover_sheets", jsonSheetsOf(res, opt))
	}
	o.key("capacity")
	capacityStream(s, o.inner(), res.Capacity, lang)
	o.end()
	s.raw("\n")
	return s.close()
}

func jsonEnterpriseOf(e audit.Enterprise) jsonEnterprise {
	j := jsonEnterprise{
		Verified: e.Verified, DailyActiveUsers: e.DailyActiveUsers, Cap: e.Cap,
		Customers: e.Customers, Headroom: e.Headroom,
		ExternalAtLeast: e.ExternalAtRisk, ExternalUnknownFor: append([]string{}, e.ExternalUnknownFor...),
		ExpansionsAtLeast: e.ExpansionsNeeded, ExpansionEligible: e.ExpansionEligible,
	}
	if len(e.ExternalUnknownFor) == 0 {
		j.ExternalAtRisk = intp(e.ExternalAtRisk)
		j.ExpansionsNeeded = intp(e.ExpansionsNeeded)
	}
	return j
}

func jsonSummaryOf(s audit.Summary) map[string]int {
	return map[string]int{
		"critical": s.Critical, "high": s.High, "medium": s.Medium,
		"low": s.Low, "info": s.Info,
	}
}

func jsonVerdictOf(res *audit.Result, lang string) jsonVerdict {
	v := res.Verdict
	j := jsonVerdict{
		Level: v.Level.String(), Text: Verdict(res, lang),
		Handovers: map[string]int{"ready": v.Ready, "blocked": v.Blocked, "unknown": v.Unknown},
		Missing:   []jsonMissing{},
	}
	for _, m := range v.Missing {
		j.Missing = append(j.Missing, jsonMissing{Input: m.Input.In(lang), Hides: m.Hides.In(lang), Add: m.Add.In(lang)})
	}
	return j
}

func jsonLeaverOf(l *audit.Leaver, lang string) jsonLeaver {
	jl := jsonLeaver{
		UserID: l.UserID, Name: l.Name, Status: l.Status.String(),
		DepartureDate: datep(l.DepartureDate), LimitDate: datep(l.LimitDate),
		InScope: l.InScope.Bool(), Customers: l.Customers,
		Transferable: audit.Transferability(l).Bool(), Receivers: []jsonAllocation{},
		Handover: l.Handover.String(), Checks: []jsonCheck{},
		Decision: l.Decision,
	}
	if audit.ExternalKnown(l) {
		jl.External = intp(l.External)
	}
	if !l.GroupsUnknown {
		jl.Groups = intp(l.Groups)
	}
	if !l.ActBy.IsZero() {
		date, why := l.ActBy.String(), "handover"
		if l.ActByDeletion {
			why = "deletion"
		}
		jl.ActBy, jl.ActByFor = &date, &why
	}
	for _, c := range l.Checks {
		jl.Checks = append(jl.Checks, jsonCheck{Rule: c.Rule(), State: c.State.String(), Reason: c.Reason().In(lang)})
	}
	for _, a := range l.Receivers {
		jl.Receivers = append(jl.Receivers, jsonAllocation{UserID: a.UserID, Customers: a.Customers})
	}
	return jl
}

func jsonReceiverOf(r *audit.Receiver) jsonReceiver {
	return jsonReceiver{
		UserID: r.UserID, Cap: r.Cap, Customers: r.Customers, Incoming: r.Incoming,
		Load: r.Load, OverBy: r.OverBy, Eligible: r.Eligible,
	}
}

func jsonFindingOf(f audit.Finding, lang string) jsonFinding {
	return jsonFinding{
		Rule: f.Rule, Severity: f.Severity.String(), Member: f.Member, Receiver: f.Receiver,
		Count: f.Count, CountUnit: f.CountUnit, Message: f.Message.In(lang), Remediation: f.Remediation.In(lang),
		jsonFindingHistory: findingHistoryJSON(f),
	}
}

func jsonDataProblemOf(p *audit.DataProblem, lang string) jsonDataProblem {
	return jsonDataProblem{File: p.File, Sheet: p.Sheet, Row: p.Row, Column: p.Column, Problem: p.Problem.In(lang)}
}

func intp(v int) *int { return &v }

// datep is a date for JSON: null when there is none.
func datep(d audit.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
