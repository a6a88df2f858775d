package audit

import "github.com/wecom-audit/auditor/rules"

// CheckState is the outcome of one rule for one leaver. Unknown is its own
// state: a check the inputs cannot settle is never shown as passed (issue 13).
type CheckState int8

const (
	Pass CheckState = iota
	Fail
	CheckUnknown
)

func (s CheckState) String() string {
	switch s {
	case Fail:
		return "fail"
	case CheckUnknown:
		return "unknown"
	}
	return "pass"
}

// HandoverState is whether one leaver's handover can go ahead.
type HandoverState int8

const (
	// HandoverReady: every check passed or failed only at medium or below.
	HandoverReady HandoverState = iota
	// HandoverBlocked: a check failed at high or critical severity.
	HandoverBlocked
	// HandoverUnknown: nothing blocks it, but a check could not be settled
	// (or the rule that failed says something is unknown).
	HandoverUnknown
)

func (s HandoverState) String() string {
	switch s {
	case HandoverBlocked:
		return "blocked"
	case HandoverUnknown:
		return "unknown"
	}
	return "ready"
}

// Gaps are whole inputs, or columns, the readers did not get. The zero
// value means nothing is missing, so inputs built by hand (tests, plan)
// keep today's meaning; the readers set what they did not see.
type Gaps struct {
	// NoStatusColumn: the roster has no status column (a handover sheet
	// may still name who leaves).
	NoStatusColumn bool
	// CustomerOnlyContacts: no contact export tells customers from plain
	// external contacts (no kind column, no external-contacts count): the
	// contacts of a member outside the scope are invisible (D20).
	CustomerOnlyContacts bool
	// NoGroupsFile: no customer-groups export was given: who owns groups
	// is unknown.
	NoGroupsFile bool
	// NoPlanFile: no handover sheet was given.
	NoPlanFile bool
}

// VerdictLevel is the run's one-word verdict.
type VerdictLevel int8

const (
	// VerdictReady: every audited handover is ready; no finding is high or
	// critical.
	VerdictReady VerdictLevel = iota
	// VerdictAtRisk: some handovers are blocked or unknown, or a high or
	// critical finding stands, but not everything is blocked.
	VerdictAtRisk
	// VerdictIncomplete: the inputs cannot show a risk the audit exists
	// for (Verdict.Missing says which and what it hides).
	VerdictIncomplete
	// VerdictBlocked: nothing can be handed over: the enterprise is at its
	// cap, or every audited handover is blocked.
	VerdictBlocked
)

func (v VerdictLevel) String() string {
	switch v {
	case VerdictAtRisk:
		return "at_risk"
	case VerdictIncomplete:
		return "incomplete"
	case VerdictBlocked:
		return "blocked"
	}
	return "ready"
}

// Verdict is the run's conclusion, leaver by leaver.
type Verdict struct {
	Level   VerdictLevel
	Ready   int // handovers that can go ahead
	Blocked int
	Unknown int
	// Missing lists what the inputs lack that hides a risk, with what it
	// hides.
	Missing []Missing
}

// Missing is one input gap and the risk it hides.
type Missing struct {
	Input rules.Text // what is missing
	Hides rules.Text // what the audit cannot see because of it
	Add   rules.Text // the input that would settle it
}
