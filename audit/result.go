package audit

import (
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/rules"
)

// Schema is the JSON report's schema id (docs/spec.md §4.1).
const Schema = "auditor/v1"

// Result is the finished audit that every report renders. It holds no
// rendering: reports choose the language and the layout.
type Result struct {
	AsOf         Date
	ToolVersion  string
	RulesVersion string
	Company      string
	// ChineseHeaders carries the inputs' language for --lang auto.
	ChineseHeaders bool

	Inputs       []InputFile
	Enterprise   Enterprise
	Assumed      []string // English
	AssumedZH    []string // the same lines in Chinese, in step with Assumed
	Departing    []Leaver
	Receivers    []Receiver
	Findings     []Finding
	DataProblems []DataProblem
	Summary      Summary
	// Verdict is the run's conclusion with its level and per-leaver tallies.
	Verdict Verdict
	// AtRisk lists, per audited leaver, its plain external contacts and,
	// for an expired leaver, its customers too. Only known when the contact
	// exports are itemised (summary exports carry no contact rows).
	AtRisk []AtRiskContact
	// Rules is the rule set in force (for appendices and `auditor rules`).
	Rules *rules.Set
	// History and Waivers are filled by the history package when the run
	// is given earlier reports or a waiver file; nil otherwise.
	History *History
	Waivers *Waivers
	// Capacity is the capacity forecast (issue 28); nil when not computed.
	Capacity *capacity.Report
}

// Enterprise is the enterprise-level picture (docs/spec.md §4.1 "enterprise").
type Enterprise struct {
	Verified         bool
	VerifiedAssumed  bool
	DailyActiveUsers *int // nil when unknown
	Cap              int
	Customers        int
	Headroom         int // cap − customers, never below 0
	ExternalAtRisk   int // departing members' plain external contacts (known ones)
	// ExternalUnknownFor lists the audited leavers whose plain external
	// contacts the inputs cannot show; when it is not empty, ExternalAtRisk
	// and ExpansionsNeeded are lower bounds.
	ExternalUnknownFor []string
	ExpansionsNeeded   int
	ExpansionEligible  *bool // nil when unknown (daily active users unknown)
	// CapAfterExpansions is the cap once the needed expansions are granted.
	CapAfterExpansions int
	AtCap              bool
}

// Leaver is one audited departing or departed member.
type Leaver struct {
	UserID        string
	Name          string
	Department    string
	Status        Status
	DepartureDate Date // zero when missing
	LimitDate     Date // zero when no departure date
	DaysToLimit   int  // as-of to limit date; negative when expired
	InScope       Tri
	Customers     int
	External      int
	Groups        int
	// ExternalUnknown: the inputs cannot show this leaver's plain external
	// contacts (customer-only export, outside or unknown scope); External
	// is then 0 but means "unknown".
	ExternalUnknown bool
	// GroupsUnknown: no groups export was given; Groups means "unknown".
	GroupsUnknown bool
	Receivers     []Allocation
	Unassigned    int // customers with no receiver (no-receiver count)
	// ReceiversUnknown: a receiver or count of this member's handover
	// cannot be read (issue 12), so its split, no-receiver and the
	// receivers' checks are unknown: Receivers is empty and Unassigned 0.
	ReceiversUnknown bool
	Transferable     bool
	Expired          bool
	LoginStale       bool
	Checks           []Check
	// Handover is whether this handover can go ahead (from Checks).
	Handover HandoverState
	// ActBy is the last day to act; zero when unknowable (no departure
	// date). ActByDeletion tells it is the departure date, for what must
	// happen before the account is deleted; else it is the limit date.
	ActBy         Date
	ActByDeletion bool
	// Decision is the leaver's one answer — may the account be deleted,
	// what is lost and at risk, what next, by whom, by when — that every
	// document renders (decision.go).
	Decision Decision
}

// Allocation is the customers of one leaver planned to one receiver.
type Allocation struct {
	UserID    string // as written in the plan or roster
	Customers int
	Known     bool // receiver is in the roster
}

// Receiver is one receiver's load across every handover of the run.
type Receiver struct {
	UserID    string
	Name      string
	Cap       int
	Customers int // its own
	Incoming  int // counted incoming (after overlap credit)
	Load      int
	OverBy    int
	Eligible  bool
	Reasons   []rules.Text // why it is not eligible
	From      []string     // leavers handing over to it
}

// Check is one rule applied to one leaver: passed, failed or unknown, with
// the reason; for unknown the reason names the input that would settle it.
//
// The rule's severity, title and sources are read from the rule itself
// rather than copied into every check: a layoff's 50,000 leavers carry
// 750,000 checks, and the copies were 56 of a check's 120 bytes (issue 24).
// For the same reason a passed check that says only its rule's pass text
// holds no reason of its own (most checks pass): the reason is a pointer,
// nil for the rule's own words, and a check is 40 bytes instead of 88.
// The rule's id is read from the rule too (Rule): 24 bytes a check, 13 MB
// less for a layoff's 750,000 checks.
type Check struct {
	State CheckState
	why   *rules.Text // nil: the rule's pass text (a passed check) or nothing
	def   *rules.Rule // the rule applied; never nil
}

// Rule is the id of the rule applied.
func (c Check) Rule() string { return c.def.ID }

// NewCheck is rule r applied to one leaver, with its reason.
func NewCheck(r *rules.Rule, state CheckState, reason rules.Text) Check {
	c := Check{State: state, def: r}
	if !reason.IsZero() {
		c.why = &reason
	}
	return c
}

// PassedCheck is rule r passed for one leaver, for the reason the rule
// gives for a pass (its Passed text, or that it was not triggered).
func PassedCheck(r *rules.Rule) Check { return Check{State: Pass, def: r} }

// notTriggered is the reason of a passed check whose rule has no pass text.
var notTriggered = rules.Msg("audit.check.not_triggered", nil)

// Reason says why the check is in its state; for unknown it names the
// input that would settle it.
func (c Check) Reason() rules.Text {
	switch {
	case c.why != nil:
		return *c.why
	case c.State == Pass:
		if c.def.Passed.IsZero() {
			return notTriggered
		}
		return c.def.Passed
	}
	return rules.Text{}
}

// Severity is the rule's severity.
func (c Check) Severity() rules.Severity { return c.def.Severity }

// Title is the rule's title.
func (c Check) Title() rules.Text { return c.def.Title }

// Source is the rule's sources.
func (c Check) Source() []string { return c.def.Source }

// Finding is one rule that fired (docs/spec.md §4.1 "findings").
type Finding struct {
	Rule        string
	Severity    rules.Severity
	Member      string // as written; "" for enterprise rules
	Receiver    string
	Count       int
	CountUnit   string // the rule's count unit (rules.CountUnits)
	Title       rules.Text
	Message     rules.Text
	Remediation rules.Text
	Source      []string
	// Fingerprint identifies the finding across runs (FingerprintOf).
	Fingerprint string
	History     *FindingHistory // nil without earlier reports
	Waiver      *FindingWaiver  // nil when no waiver matches
}

// Summary counts findings per severity.
type Summary struct {
	Critical, High, Medium, Low, Info int
}

// Add counts one finding of a severity (an unknown severity counts as info,
// the lowest, so nothing goes uncounted).
func (s *Summary) Add(sev rules.Severity) {
	switch sev {
	case rules.Critical:
		s.Critical++
	case rules.High:
		s.High++
	case rules.Medium:
		s.Medium++
	case rules.Low:
		s.Low++
	default:
		s.Info++
	}
}

// Of returns the count for a severity.
func (s Summary) Of(sev rules.Severity) int {
	switch sev {
	case rules.Critical:
		return s.Critical
	case rules.High:
		return s.High
	case rules.Medium:
		return s.Medium
	case rules.Low:
		return s.Low
	case rules.Info:
		return s.Info
	}
	return 0
}

// Total is the number of findings.
func (s Summary) Total() int { return s.Critical + s.High + s.Medium + s.Low + s.Info }

// AtRiskContact is a contact that will be lost with its member's account.
type AtRiskContact struct {
	Member      string // leaver as written
	MemberName  string
	ExternalID  string
	ContactName string
	Customer    bool   // false: plain external contact
	Reason      string // rule id: external-contacts-lost or handover-expired
	AddedAt     Date
}

// AssumedIn returns the assumed lines in lang.
func (r *Result) AssumedIn(lang string) []string {
	if lang == "zh" && len(r.AssumedZH) == len(r.Assumed) {
		return r.AssumedZH
	}
	return r.Assumed
}

// Worst returns the most severe finding's severity, or SeverityInvalid.
func (r *Result) Worst() rules.Severity {
	w := rules.SeverityInvalid
	for _, f := range r.Findings {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}
