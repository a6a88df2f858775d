// Package plan proposes who takes whose customers when members leave
// (`auditor plan`, issue #6): receivers within their caps, the member and
// enterprise expansions to request first, transfer batches WeCom accepts
// (D13, D17) and the steps in order. It applies exactly the audit's
// arithmetic (audit.View, audit.Run), so that auditing the plan it writes
// raises no receiver finding beyond what it lists as unplaceable.
//
// Like audit, it is pure: no files, no clock, no printing.
package plan

import (
	"fmt"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// Schema is the plan JSON's schema id.
const Schema = "auditor-plan/v1"

// Config is what Make needs besides the inputs and the rule set.
type Config struct {
	AsOf audit.Date
	// Fill is the share of a receiver's cap the plan fills it to, in (0, 1];
	// 0 means the rule set's (or profile's) near_cap_ratio. A receiver's load
	// stays strictly below Fill × cap, so with the default the audit of the
	// plan raises no receiver-near-cap; with 1 it may reach the cap exactly.
	Fill        float64
	ToolVersion string
	// OnJob is the on-job transfers earlier outcome files show; customers
	// at the 90-day limit wait for resigned-member transfer (onjob.go).
	OnJob *OnJobHistory
}

// Plan is a proposed handover of every departing member's customers and
// groups. Make builds it; Handovers, WriteXLSX and WriteJSON render it.
type Plan struct {
	AsOf         audit.Date
	ToolVersion  string
	RulesVersion string
	Company      string
	Fill         float64
	Limits       rules.Limits
	// Enterprise is the audit's enterprise picture of the inputs as given.
	Enterprise audit.Enterprise
	// Inputs are the files the plan was made from, for the workbook's cover.
	Inputs []audit.InputFile

	// Leavers are every departing or departed member, in roster order.
	Leavers []Leaver
	// Expansions are in the order to request them: the enterprise first
	// (at its cap nothing can be assigned, D8), then members (D6).
	Expansions []Expansion
	// Unplaceable lists, per leaver, the customers no eligible receiver can
	// take within its current cap: those that member expansions place, and
	// those nobody can take even at member_cap_max.
	Unplaceable []Unplaceable
	// Batches are customer transfer calls, at most customers_per_call each (D13).
	Batches []Batch
	// GroupCalls are group transfer calls, at most groups_per_call each and
	// groups_per_owner_per_day per leaver and day (D17).
	GroupCalls []GroupCall
	// Receivers are the loads the audit of this plan computes, heaviest
	// first (docs/spec.md §3, receiver load).
	Receivers []Receiver
	// Steps are the enterprise-wide steps that come before any leaver's.
	Steps []Step
	// Audit is the audit of the inputs as given: each leaver's decision
	// comes from it unchanged (the plan adds allocations, never a gate).
	Audit *audit.Result
}

// Receiver is one receiver's load under the plan.
type Receiver struct {
	UserID    string
	Name      string
	Cap       int // current cap
	Customers int // its own
	Incoming  int // counted incoming, after overlap credit (D15)
	Load      int
	// Limit is the most the plan fills it to under its current cap; a load
	// above it needs the member expansion listed in Expansions.
	Limit int
}

// Leaver is one departing or departed member and what the plan does with it.
type Leaver struct {
	UserID        string // as written in the roster
	Name          string
	Department    string
	Status        audit.Status
	DepartureDate audit.Date
	LimitDate     audit.Date
	InScope       audit.Tri
	Customers     int
	External      int
	Groups        int
	Transferable  bool
	Expired       bool
	LoginStale    bool

	// Planned is what HR planned (handover sheet or roster column), as the
	// audit read it.
	Planned []audit.Allocation
	// Replaced lists planned receivers the plan does not keep, and why.
	Replaced []Replaced
	// Allocations are the customers of this leaver per receiver. Several
	// allocations always carry counts; one allocation of the whole book
	// gets the overlap credit the audit gives it (D15).
	Allocations []Allocation
	// GroupReceiver takes every group of this leaver; "" when none can.
	GroupReceiver string
	// Unplaced is the customers with no receiver even with member expansions.
	Unplaced int
	// GroupsUnplaced is the groups with no receiver (no eligible member).
	GroupsUnplaced int
	// Steps are this plan's allocation steps: who takes how many, in
	// which calls; everything else the leaver needs is in Decision.Next.
	Steps []Step
	// Decision is the audit's decision for this leaver, unchanged.
	Decision audit.Decision
	// Audit points at the leaver in Plan.Audit (for the decision's words).
	Audit *audit.Leaver
}

// Replaced is a planned receiver the plan does not keep.
type Replaced struct {
	UserID  string // as HR wrote it
	Reasons []rules.Text
}

// Allocation is the customers of one leaver handed to one receiver.
type Allocation struct {
	Receiver string // userid as written in the roster
	Name     string
	// Customers is the count written on the handover plan.
	Customers int
	// Whole is set when this receiver takes the whole book: the audit then
	// does not count again the customers it already has (D15).
	Whole bool
	// Credited is the customers counted once for that reason.
	Credited int
	// Kept is set when HR planned this receiver.
	Kept bool
	// AfterExpansion is the part that only fits once the receiver's member
	// expansion is granted.
	AfterExpansion int
	// NeedsExpansion is set when the receiver's cap must be raised before
	// the handover (its final load exceeds the fill of its current cap).
	NeedsExpansion bool
}

// Expansion is one expansion to request.
type Expansion struct {
	Enterprise bool
	// Count is the number of enterprise expansions (+step each, D9); 0 for members.
	Count int
	// Member is the receiver asking for a member expansion (D6); "" for the enterprise.
	Member string
	Name   string
	// From and To are the caps before and after (for the enterprise: the
	// enterprise cap; for a member: its customer cap, To ≤ member_cap_max).
	From, To int
	// Load is the member's planned load (its customers plus what it receives).
	Load int
	// Eligible is nil when unknown (the enterprise's daily active users are unknown).
	Eligible *bool
	Reasons  []rules.Text
	// For lists the leavers whose handover needs it.
	For []string
}

// Unplaceable is what one leaver's receivers cannot take within their
// current caps.
type Unplaceable struct {
	Leaver string
	// Customers is the customers that do not fit any eligible member's current cap.
	Customers int
	// Placed is the part member expansions place, receiver by receiver.
	Placed []Placed
	// Short is the customers nobody can take even with every eligible member
	// at member_cap_max: they stay with no receiver (no-receiver).
	Short int
	// Groups is the groups with no eligible receiver at all.
	Groups int
}

// Placed is a part of an unplaceable book that a member expansion places.
type Placed struct {
	Receiver  string
	Customers int
	// To is the cap the receiver needs (its member expansion).
	To int
}

// Batch is one customer transfer call (at most customers_per_call, D13).
type Batch struct {
	Leaver   string
	Receiver string
	// No counts the calls of one (leaver, receiver) pair from 1; Of is their number.
	No, Of    int
	Customers int
	// ExternalIDs are the customers of the call when the exports carry ids.
	ExternalIDs []string
	// Requires lists the expansions the call waits for.
	Requires []rules.Text
	// Route is RouteOnJob while the account exists, RouteResigned once
	// it is deleted (onjob.go).
	Route string
}

// GroupCall is one group transfer call (D17).
type GroupCall struct {
	Leaver   string
	Receiver string
	// Day counts from 1, the first day of the handover: at most
	// groups_per_owner_per_day groups of one leaver move per day.
	Day, Call int
	Groups    int
	ChatIDs   []string
}

// Step is one thing to do, in order.
type Step struct {
	Kind string // stable id, e.g. "hand-over-customers"
	Text rules.Text
}

// Make proposes the plan. It runs the audit on the inputs as given, then
// places every transferable leaver's book (see place.go).
func Make(in *audit.Inputs, rs *rules.Set, cfg Config) (*Plan, error) {
	if in == nil || rs == nil {
		return nil, fmt.Errorf("plan: no inputs or no rule set")
	}
	if cfg.AsOf.IsZero() {
		return nil, fmt.Errorf("plan: no as-of date")
	}
	// No period: the plan covers every leaver, and its handover sheet names
	// them all, so that auditing it sees the same leavers (docs/spec.md §2.4: the
	// sheet wins over the roster for the members it names).
	res, err := audit.Run(in, rs, audit.Config{AsOf: cfg.AsOf, ToolVersion: cfg.ToolVersion})
	if err != nil {
		return nil, err
	}
	view, err := audit.NewView(in, rs, cfg.AsOf)
	if err != nil {
		return nil, err
	}
	lim := view.Limits()
	fill := cfg.Fill
	if fill == 0 {
		fill = lim.NearCapRatio
	}
	if !(fill > 0 && fill <= 1) {
		return nil, fmt.Errorf("plan: fill %v must be in (0, 1]", cfg.Fill)
	}
	p := &Plan{
		AsOf:         cfg.AsOf,
		ToolVersion:  cfg.ToolVersion,
		RulesVersion: rs.Version,
		Company:      res.Company,
		Fill:         fill,
		Limits:       lim,
		Enterprise:   res.Enterprise,
		Inputs:       append([]audit.InputFile(nil), res.Inputs...),
		Audit:        res,
	}
	pl := newPlacer(in, view, res, fill)
	pl.place()
	pl.finish(p)
	schedule(p, in)
	steps(p)
	routeBatches(p, cfg.OnJob)
	return p, nil
}

// Handovers are the rows of the Handover plan sheet, in the handover-sheet
// format of docs/spec.md §2.4. Every leaver gets at least one row, so that auditing
// the sheet sees the same leavers with the same dates; rows with a receiver
// always carry a count (a split needs them, and a whole book's count equals
// the book, which is what the audit gives overlap credit for).
func (p *Plan) Handovers() []audit.Handover {
	var out []audit.Handover
	for _, l := range p.Leavers {
		base := audit.Handover{UserID: l.UserID, DepartureDate: l.DepartureDate, HasDate: !l.DepartureDate.IsZero()}
		if len(l.Allocations) == 0 {
			base.Row = len(out) + 2
			out = append(out, base)
			continue
		}
		for _, a := range l.Allocations {
			h := base
			h.Receiver = a.Receiver
			h.Count = a.Customers
			h.HasCount = true
			h.Row = len(out) + 2 // row 1 is the header
			out = append(out, h)
		}
	}
	return out
}
