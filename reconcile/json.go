package reconcile

import (
	"github.com/wecom-audit/auditor/rules"

	"encoding/json"
	"io"

	"github.com/wecom-audit/auditor/audit"
)

type jsonText struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

func textOf(t rules.Text) jsonText { return jsonText{ZH: t.In("zh"), EN: t.In("en")} }

type jsonCustomer struct {
	ExternalID      string    `json:"external_id"`
	Name            string    `json:"name"`
	State           string    `json:"state"`
	Receiver        *string   `json:"receiver"`
	Date            *string   `json:"date"`
	Route           string    `json:"route"`
	StillWithLeaver bool      `json:"still_with_leaver"`
	Lost            bool      `json:"lost"`
	ErrCode         *int      `json:"errcode"`
	Reason          jsonText  `json:"reason"`
	Evidence        *jsonEvid `json:"evidence"`
}

type jsonEvid struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
}

type jsonGroup struct {
	ChatID   string    `json:"chat_id"`
	Name     string    `json:"name"`
	State    string    `json:"state"`
	NewOwner *string   `json:"new_owner"`
	ErrCode  *int      `json:"errcode"`
	Reason   jsonText  `json:"reason"`
	Evidence *jsonEvid `json:"evidence"`
}

type jsonLeaver struct {
	UserID         string         `json:"userid"`
	Name           string         `json:"name"`
	Status         string         `json:"status"`
	DepartureDate  *string        `json:"departure_date"`
	LimitDate      *string        `json:"limit_date"`
	DaysToLimit    *int           `json:"days_to_limit"`
	Route          string         `json:"route"`
	Planned        int            `json:"planned"`
	Done           int            `json:"done"`
	Waiting        int            `json:"waiting"`
	Refused        int            `json:"refused"`
	CapReached     int            `json:"cap_reached"`
	NotStarted     int            `json:"not_started"`
	MovedElsewhere int            `json:"moved_elsewhere"`
	Unknown        int            `json:"unknown"`
	Lost           int            `json:"lost"`
	WaitingUntil   *string        `json:"waiting_until"`
	Closed         bool           `json:"closed"`
	ClosedOn       *string        `json:"closed_on"`
	Receivers      []string       `json:"planned_receivers"`
	Customers      []jsonCustomer `json:"customers"`
	Groups         []jsonGroup    `json:"groups"`
	// Decision is the audit's decision moved forward with the outcomes;
	// without outcomes for the leaver, the audit's own.
	Decision audit.Decision `json:"decision"`
}

type jsonFinding struct {
	Rule        string   `json:"rule"`
	Severity    string   `json:"severity"`
	Member      string   `json:"member"`
	Receiver    string   `json:"receiver"`
	Count       int      `json:"count"`
	ErrCode     *int     `json:"errcode"`
	Title       jsonText `json:"title"`
	Message     jsonText `json:"message"`
	Remediation jsonText `json:"remediation"`
	Source      []string `json:"source"`
}

type jsonDoc struct {
	Schema           string              `json:"schema"`
	AsOf             string              `json:"as_of"`
	ToolVersion      string              `json:"tool_version"`
	RulesVersion     string              `json:"rules_version"`
	ReconcileVersion string              `json:"reconcile_rules_version"`
	Company          string              `json:"company"`
	Inputs           []audit.InputFile   `json:"inputs"`
	Totals           Counts              `json:"totals"`
	Leavers          []jsonLeaver        `json:"leavers"`
	Findings         []jsonFinding       `json:"findings"`
	Unmatched        int                 `json:"unmatched_outcomes"`
	DataProblems     []audit.DataProblem `json:"data_problems"`
	Summary          map[string]int      `json:"summary"`
	Sources          map[string]string   `json:"sources"`
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func datep(d audit.Date) *string { return strp(d.String()) }

func intp(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func evid(p audit.Place) *jsonEvid {
	if p.File == "" {
		return nil
	}
	return &jsonEvid{File: p.File, Sheet: p.Sheet, Row: p.Row, Column: p.Column}
}

// WriteJSON writes reconcile-<as-of>.json (schema auditor/reconcile/v1).
// Slices are never null; unknown values are null.
func WriteJSON(w io.Writer, r *Result) error {
	doc := jsonDoc{
		Schema: Schema, AsOf: r.AsOf.String(), ToolVersion: r.ToolVersion, RulesVersion: r.RulesVersion,
		ReconcileVersion: r.ReconcileVersion, Company: r.Company, Inputs: append([]audit.InputFile{}, r.Inputs...),
		Totals: r.Totals(), Leavers: []jsonLeaver{}, Findings: []jsonFinding{}, Unmatched: r.Unmatched,
		DataProblems: append([]audit.DataProblem{}, r.DataProblems...), Sources: map[string]string{},
		Summary: map[string]int{"critical": r.Summary.Critical, "high": r.Summary.High, "medium": r.Summary.Medium, "low": r.Summary.Low, "info": r.Summary.Info},
	}
	if r.Rules != nil {
		for k, v := range r.Rules.Sources {
			doc.Sources[k] = v
		}
	}
	for _, l := range r.Leavers {
		jl := jsonLeaver{UserID: l.UserID, Name: l.Name, Status: l.Status.String(), DepartureDate: datep(l.DepartureDate),
			LimitDate: datep(l.LimitDate), Route: l.Route.String(),
			Planned: l.Counts.Planned, Done: l.Counts.Done, Waiting: l.Counts.Waiting, Refused: l.Counts.Refused,
			CapReached: l.Counts.CapReached, NotStarted: l.Counts.NotStarted, MovedElsewhere: l.Counts.MovedElsewhere,
			Unknown: l.Counts.Unknown, Lost: l.Counts.Lost, WaitingUntil: datep(l.WaitingUntil), Closed: l.Closed,
			ClosedOn: datep(l.ClosedOn), Receivers: []string{}, Customers: []jsonCustomer{}, Groups: []jsonGroup{},
			Decision: l.Decision}
		if !l.LimitDate.IsZero() {
			d := l.DaysToLimit
			jl.DaysToLimit = &d
		}
		for _, a := range l.Planned {
			jl.Receivers = append(jl.Receivers, a.UserID)
		}
		for _, c := range l.Customers {
			jl.Customers = append(jl.Customers, jsonCustomer{ExternalID: c.ExternalID, Name: c.Name, State: c.State,
				Receiver: strp(c.Receiver), Date: datep(c.Date), Route: c.Route.String(), StillWithLeaver: c.StillWithLeaver,
				Lost: c.Lost, ErrCode: intp(c.ErrCode), Reason: textOf(c.Reason), Evidence: evid(c.Evidence)})
		}
		for _, g := range l.Groups {
			jl.Groups = append(jl.Groups, jsonGroup{ChatID: g.ChatID, Name: g.Name, State: g.State, NewOwner: strp(g.NewOwner),
				ErrCode: intp(g.ErrCode), Reason: textOf(g.Reason), Evidence: evid(g.Evidence)})
		}
		doc.Leavers = append(doc.Leavers, jl)
	}
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, jsonFinding{Rule: f.Rule, Severity: f.Severity.String(), Member: f.Member,
			Receiver: f.Receiver, Count: f.Count, ErrCode: intp(f.Code), Title: textOf(f.Title), Message: textOf(f.Message),
			Remediation: textOf(f.Remediation), Source: f.Source})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
