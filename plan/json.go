package plan

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// The document types are separate from Plan so that the schema only
// changes on purpose. Texts carry both languages; slices are never null.
type jsonDoc struct {
	Schema       string            `json:"schema"`
	AsOf         string            `json:"as_of"`
	ToolVersion  string            `json:"tool_version"`
	RulesVersion string            `json:"rules_version"`
	Company      string            `json:"company"`
	Fill         float64           `json:"fill"`
	Limits       jsonLimits        `json:"limits"`
	Enterprise   jsonEnterprise    `json:"enterprise"`
	Handovers    []jsonHandover    `json:"handovers"`
	Expansions   []jsonExpansion   `json:"expansions"`
	Steps        []jsonStep        `json:"steps"`
	Leavers      []jsonLeaver      `json:"leavers"`
	Receivers    []jsonReceiver    `json:"receivers"`
	Unplaceable  []jsonUnplaceable `json:"unplaceable"`
	NotTransfer  []jsonNotTransfer `json:"not_transferable"`
	Batches      []jsonBatch       `json:"batches"`
	GroupCalls   []jsonGroupCall   `json:"group_calls"`
	Summary      map[string]int    `json:"summary"`
}

type jsonLimits struct {
	CustomersPerCall     int `json:"customers_per_call"`
	GroupsPerCall        int `json:"groups_per_call"`
	GroupsPerOwnerPerDay int `json:"groups_per_owner_per_day"`
	MemberCapMax         int `json:"member_cap_max"`
}

type jsonEnterprise struct {
	Verified          bool  `json:"verified"`
	Cap               int   `json:"cap"`
	Customers         int   `json:"customers"`
	AtCap             bool  `json:"at_cap"`
	ExternalAtRisk    int   `json:"external_contacts_at_risk"`
	ExpansionsNeeded  int   `json:"expansions_needed"`
	ExpansionEligible *bool `json:"expansion_eligible"`
}

type jsonHandover struct {
	UserID        string `json:"userid"`
	DepartureDate string `json:"departure_date"`
	Receiver      string `json:"receiver"`
	Count         *int   `json:"count"`
}

type jsonExpansion struct {
	Kind     string       `json:"kind"` // enterprise | member
	Member   string       `json:"member"`
	Count    int          `json:"count"`
	From     int          `json:"from"`
	To       int          `json:"to"`
	Load     int          `json:"load"`
	Eligible *bool        `json:"eligible"`
	Reasons  []rules.Text `json:"reasons"`
	For      []string     `json:"for"`
}

type jsonReceiver struct {
	UserID    string `json:"userid"`
	Cap       int    `json:"cap"`
	Customers int    `json:"customers"`
	Incoming  int    `json:"incoming"`
	Load      int    `json:"load"`
	Limit     int    `json:"fill_limit"`
}

type jsonStep struct {
	Kind string     `json:"kind"`
	Text rules.Text `json:"text"`
}

type jsonLeaver struct {
	UserID         string           `json:"userid"`
	Name           string           `json:"name"`
	Department     string           `json:"department"`
	Status         string           `json:"status"`
	DepartureDate  *string          `json:"departure_date"`
	LimitDate      *string          `json:"limit_date"`
	InScope        *bool            `json:"in_scope"`
	Customers      int              `json:"customers"`
	External       *int             `json:"external_contacts"` // null: unknown
	Groups         *int             `json:"groups"`            // null: unknown
	Transferable   *bool            `json:"transferable"`      // null: unknown
	Planned        []jsonPlanned    `json:"planned"`
	Replaced       []jsonReplaced   `json:"replaced"`
	Allocations    []jsonAllocation `json:"allocations"`
	GroupReceiver  string           `json:"group_receiver"`
	Unplaced       int              `json:"unplaced_customers"`
	GroupsUnplaced int              `json:"unplaced_groups"`
	Steps          []jsonStep       `json:"steps"`
	// Decision is the audit's decision for the leaver, unchanged.
	Decision audit.Decision `json:"decision"`
}

type jsonPlanned struct {
	UserID    string `json:"userid"`
	Customers int    `json:"customers"`
	Known     bool   `json:"known"`
}

type jsonReplaced struct {
	UserID  string       `json:"userid"`
	Reasons []rules.Text `json:"reasons"`
}

type jsonAllocation struct {
	Receiver       string `json:"receiver"`
	Customers      int    `json:"customers"`
	Whole          bool   `json:"whole_book"`
	Credited       int    `json:"already_held"`
	Kept           bool   `json:"kept_from_plan"`
	AfterExpansion int    `json:"after_expansion"`
	NeedsExpansion bool   `json:"needs_expansion"`
}

type jsonUnplaceable struct {
	Leaver    string       `json:"leaver"`
	Customers int          `json:"customers"`
	Placed    []jsonPlaced `json:"placed_by_expansion"`
	Short     int          `json:"short"`
	Groups    int          `json:"groups"`
}

type jsonPlaced struct {
	Receiver  string `json:"receiver"`
	Customers int    `json:"customers"`
	To        int    `json:"cap_to"`
}

type jsonNotTransfer struct {
	UserID    string `json:"userid"`
	Reason    string `json:"reason"` // expired | login-stale
	Customers int    `json:"customers"`
	Groups    int    `json:"groups"`
}

type jsonBatch struct {
	Leaver      string       `json:"leaver"`
	Receiver    string       `json:"receiver"`
	Batch       int          `json:"batch"`
	Of          int          `json:"of"`
	Customers   int          `json:"customers"`
	ExternalIDs []string     `json:"external_ids"`
	Requires    []rules.Text `json:"requires"`
	Route       string       `json:"route"`
}

type jsonGroupCall struct {
	Leaver   string   `json:"leaver"`
	Receiver string   `json:"receiver"`
	Day      int      `json:"day"`
	Call     int      `json:"call"`
	Groups   int      `json:"groups"`
	ChatIDs  []string `json:"chat_ids"`
}

// WriteJSON writes the plan as JSON (schema auditor-plan/v1). The same plan
// gives the same bytes.
func WriteJSON(w io.Writer, p *Plan) error {
	if p == nil {
		return errors.New("plan: no plan")
	}
	e := p.Enterprise
	doc := jsonDoc{
		Schema: Schema, AsOf: p.AsOf.String(), ToolVersion: p.ToolVersion, RulesVersion: p.RulesVersion,
		Company: p.Company, Fill: p.Fill,
		Limits: jsonLimits{
			CustomersPerCall: p.Limits.CustomersPerCall, GroupsPerCall: p.Limits.GroupsPerCall,
			GroupsPerOwnerPerDay: p.Limits.GroupsPerOwnerPerDay, MemberCapMax: p.Limits.MemberCapMax,
		},
		Enterprise: jsonEnterprise{
			Verified: e.Verified, Cap: e.Cap, Customers: e.Customers, AtCap: e.AtCap,
			ExternalAtRisk: e.ExternalAtRisk, ExpansionsNeeded: e.ExpansionsNeeded, ExpansionEligible: e.ExpansionEligible,
		},
		Handovers: []jsonHandover{}, Expansions: []jsonExpansion{}, Steps: steps2json(p.Steps),
		Leavers: []jsonLeaver{}, Unplaceable: []jsonUnplaceable{}, NotTransfer: []jsonNotTransfer{},
		Batches: []jsonBatch{}, GroupCalls: []jsonGroupCall{}, Receivers: []jsonReceiver{},
	}
	for _, r := range p.Receivers {
		doc.Receivers = append(doc.Receivers, jsonReceiver{
			UserID: r.UserID, Cap: r.Cap, Customers: r.Customers, Incoming: r.Incoming, Load: r.Load, Limit: r.Limit,
		})
	}
	for _, h := range p.Handovers() {
		jh := jsonHandover{UserID: h.UserID, DepartureDate: h.DepartureDate.String(), Receiver: h.Receiver}
		if h.HasCount {
			c := h.Count
			jh.Count = &c
		}
		doc.Handovers = append(doc.Handovers, jh)
	}
	memberExp := 0
	for _, x := range p.Expansions {
		kind := "member"
		if x.Enterprise {
			kind = "enterprise"
		} else {
			memberExp++
		}
		doc.Expansions = append(doc.Expansions, jsonExpansion{
			Kind: kind, Member: x.Member, Count: x.Count, From: x.From, To: x.To, Load: x.Load,
			Eligible: x.Eligible, Reasons: texts(x.Reasons), For: strs(x.For),
		})
	}
	planned, unplacedCustomers := 0, 0
	for _, l := range p.Leavers {
		jl := jsonLeaver{
			UserID: l.UserID, Name: l.Name, Department: l.Department, Status: l.Status.String(),
			DepartureDate: datep(l.DepartureDate), LimitDate: datep(l.LimitDate), InScope: l.InScope.Bool(),
			Customers: l.Customers, Transferable: audit.Transferability(l.Audit).Bool(), Decision: l.Decision,
			Planned: []jsonPlanned{}, Replaced: []jsonReplaced{}, Allocations: []jsonAllocation{},
			GroupReceiver: l.GroupReceiver, Unplaced: l.Unplaced, GroupsUnplaced: l.GroupsUnplaced,
			Steps: steps2json(l.Steps),
		}
		if audit.ExternalKnown(l.Audit) {
			jl.External = &l.External
		}
		if !l.Audit.GroupsUnknown {
			jl.Groups = &l.Groups
		}
		for _, a := range l.Planned {
			jl.Planned = append(jl.Planned, jsonPlanned{UserID: a.UserID, Customers: a.Customers, Known: a.Known})
		}
		for _, r := range l.Replaced {
			jl.Replaced = append(jl.Replaced, jsonReplaced{UserID: r.UserID, Reasons: texts(r.Reasons)})
		}
		for _, a := range l.Allocations {
			jl.Allocations = append(jl.Allocations, jsonAllocation{
				Receiver: a.Receiver, Customers: a.Customers, Whole: a.Whole, Credited: a.Credited,
				Kept: a.Kept, AfterExpansion: a.AfterExpansion, NeedsExpansion: a.NeedsExpansion,
			})
			planned += a.Customers
		}
		unplacedCustomers += l.Unplaced
		doc.Leavers = append(doc.Leavers, jl)
		if !l.Transferable {
			doc.NotTransfer = append(doc.NotTransfer, jsonNotTransfer{
				UserID: l.UserID, Reason: notTransferableReason(l), Customers: l.Customers, Groups: l.Groups,
			})
		}
	}
	for _, u := range p.Unplaceable {
		ju := jsonUnplaceable{Leaver: u.Leaver, Customers: u.Customers, Placed: []jsonPlaced{}, Short: u.Short, Groups: u.Groups}
		for _, x := range u.Placed {
			ju.Placed = append(ju.Placed, jsonPlaced(x))
		}
		doc.Unplaceable = append(doc.Unplaceable, ju)
	}
	for _, b := range p.Batches {
		doc.Batches = append(doc.Batches, jsonBatch{
			Leaver: b.Leaver, Receiver: b.Receiver, Batch: b.No, Of: b.Of, Customers: b.Customers,
			ExternalIDs: strs(b.ExternalIDs), Requires: texts(b.Requires), Route: b.Route,
		})
	}
	for _, g := range p.GroupCalls {
		doc.GroupCalls = append(doc.GroupCalls, jsonGroupCall{
			Leaver: g.Leaver, Receiver: g.Receiver, Day: g.Day, Call: g.Call, Groups: g.Groups, ChatIDs: strs(g.ChatIDs),
		})
	}
	doc.Summary = map[string]int{
		"leavers":              len(p.Leavers),
		"not_transferable":     len(doc.NotTransfer),
		"customers_planned":    planned,
		"customers_unplaced":   unplacedCustomers,
		"member_expansions":    memberExp,
		"enterprise_expansion": e.ExpansionsNeeded,
		"batches":              len(p.Batches),
		"group_calls":          len(p.GroupCalls),
	}
	// Everything the plan cannot place, counted apart (issue 13).
	t := p.Tally()
	notEligible := 0
	if t.EnterpriseEligible != nil && !*t.EnterpriseEligible {
		notEligible = t.EnterpriseExpansions
	}
	for k, v := range map[string]int{
		"customers_after_member_expansion":   t.AfterExpansion,
		"customers_nobody_can_take":          t.Short,
		"customers_not_transferable":         t.NotTransferableCustomers,
		"groups_not_transferable":            t.NotTransferableGroups,
		"groups_unplaced":                    t.GroupsUnplaced,
		"external_contacts_unplaced":         t.External,
		"external_contacts_unknown_leavers":  len(t.ExternalUnknownFor),
		"enterprise_expansions_not_eligible": notEligible,
	} {
		doc.Summary[k] = v
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func notTransferableReason(l Leaver) string {
	if l.Expired {
		return "expired"
	}
	return "login-stale"
}

func steps2json(ss []Step) []jsonStep {
	out := make([]jsonStep, 0, len(ss))
	for _, s := range ss {
		out = append(out, jsonStep(s))
	}
	return out
}

func texts(ts []rules.Text) []rules.Text { return append([]rules.Text{}, ts...) }
func strs(ss []string) []string          { return append([]string{}, ss...) }

// datep is a date for JSON: null when there is none.
func datep(d audit.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
