package audit

import (
	"sort"

	"github.com/wecom-audit/auditor/rules"
)

// LeaverRules are the rules checked for every audited leaver, in the order
// their checks are listed. A rule that does not apply to a leaver is listed
// as passed with a reason that starts "Does not apply".
var LeaverRules = []string{
	"external-contacts-lost",
	"departing-outside-scope",
	"scope-unknown",
	"missing-departure-date",
	"handover-expired",
	"handover-deadline-near",
	"handover-login-stale",
	"groups-need-transfer",
	"no-receiver",
	"receiver-unknown",
	"receiver-ineligible",
	"receiver-over-cap",
	"receiver-near-cap",
	"enterprise-cap-full",
	"conversion-needs-expansion",
}

// knowledgeRules fail when something is unknown: their failure leaves the
// handover unknown rather than blocked.
var knowledgeRules = map[string]bool{"scope-unknown": true, "missing-departure-date": true}

// beforeDeletion are the rules whose fix must happen before the account is
// deleted: bringing the member into the scope (D2, D3) and a login before
// leaving (D12). A leaver with one of them failed or unknown must act by
// the departure date.
var beforeDeletion = map[string]bool{
	"external-contacts-lost":     true,
	"departing-outside-scope":    true,
	"scope-unknown":              true,
	"conversion-needs-expansion": true,
	"handover-login-stale":       true,
}

// receiverFixes are the receiver's own fixes (D11, D14: activate, log in,
// join the scope, expand): due by the departure date while the member is
// still there, so that the handover can be made on the day; once the
// member has left, by the limit date.
var receiverFixes = map[string]bool{
	"receiver-ineligible": true,
	"receiver-over-cap":   true,
}

var (
	unknownText         = rules.Msg("audit.unknown", nil)
	textExpiredSeeAbove = rules.Msg("audit.why.expired_see_above", nil)
	textNotTransferable = rules.Msg("audit.why.not_transferable", nil)
	textNoReceiver      = rules.Msg("audit.why.no_receiver", nil)
	textNoExternal      = rules.Msg("audit.why.no_external", nil)
	textDoesNotApply    = rules.Msg("audit.why.does_not_apply", nil)
)

// settle fills the checks that did not apply, orders the checks, and works
// out the leaver's handover state and act-by date.
func (e *engine) settle(l *leaverState) {
	out := l.out
	for _, id := range LeaverRules {
		if l.isChecked(id) {
			continue
		}
		why := textDoesNotApply
		switch id {
		case "no-receiver", "receiver-unknown", "receiver-ineligible", "receiver-over-cap", "receiver-near-cap":
			switch {
			case !out.Transferable:
				why = textNotTransferable
			case id == "no-receiver":
				why = holdsNothing
			default:
				why = textNoReceiver
			}
		case "conversion-needs-expansion":
			why = textNoExternal
		}
		e.passBecause(l, id, why)
	}
	sort.SliceStable(out.Checks, func(i, j int) bool {
		a, okA := leaverRuleAt[out.Checks[i].Rule()]
		b, okB := leaverRuleAt[out.Checks[j].Rule()]
		if !okA {
			a = len(LeaverRules)
		}
		if !okB {
			b = len(LeaverRules)
		}
		return a < b
	})

	// Blocked: a check failed that would stop the handover (high or
	// critical). Unknown: nothing blocks it, but a check that could block
	// it is unknown, or a rule about missing knowledge failed. A medium or
	// low check, failed or unknown, never stops a handover.
	blocked, unknown, early := false, false, false
	stillThere := !out.DepartureDate.IsZero() && out.DepartureDate.After(e.cfg.AsOf)
	for _, c := range out.Checks {
		stops := c.Severity().AtLeast(rules.High)
		switch {
		case c.State == Fail && knowledgeRules[c.Rule()]:
			unknown = true
		case c.State == Fail && stops:
			blocked = true
		case c.State == CheckUnknown && stops:
			unknown = true
		}
		if c.State != Pass && (beforeDeletion[c.Rule()] || receiverFixes[c.Rule()] && stillThere) {
			early = true
		}
	}
	switch {
	case blocked:
		out.Handover = HandoverBlocked
	case unknown:
		out.Handover = HandoverUnknown
	default:
		out.Handover = HandoverReady
	}
	switch {
	case out.DepartureDate.IsZero():
		// Unknowable: no date to count from.
	case early:
		out.ActBy, out.ActByDeletion = out.DepartureDate, true
	default:
		out.ActBy = out.LimitDate
	}
}
