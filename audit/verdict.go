package audit

import (
	"fmt"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// verdict sums the handovers up leaver by leaver and names what the inputs
// lack that hides a risk the audit exists for (issue 13). Levels, most
// severe first: blocked (nothing can go ahead), incomplete (the inputs
// cannot show a risk), at_risk (some handovers blocked or unknown, or a high
// finding stands), ready.
func (e *engine) verdict() {
	res := e.res
	v := &res.Verdict
	for _, l := range res.Departing {
		switch l.Handover {
		case HandoverReady:
			v.Ready++
		case HandoverBlocked:
			v.Blocked++
		default:
			v.Unknown++
		}
	}

	g := e.in.Gaps
	if g.NoStatusColumn && g.NoPlanFile {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Msg("audit.missing.status.input", nil),
			Hides: rules.Msg("audit.missing.status.hides", nil),
			Add:   rules.Msg("audit.missing.status.add", nil),
		})
	}
	// Members whose roster status cannot be read (a formula without a
	// saved result or an error value, issue 12) and whom no handover sheet
	// names: whether they leave is unknown, so they were not audited.
	var unknownStatus []string
	for _, m := range e.in.Members {
		if m.Status == StatusUnknown {
			unknownStatus = append(unknownStatus, m.UserID)
		}
	}
	if len(unknownStatus) > 0 {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Msg("audit.missing.unreadable_status.input", nil),
			Hides: rules.Msg("audit.missing.unreadable_status.hides", catalog.Args{"n": len(unknownStatus), "ids": listIDs(unknownStatus)}),
			Add:   rules.Msg("audit.missing.unreadable_status.add", nil),
		})
	}
	if ids := res.Enterprise.ExternalUnknownFor; len(ids) > 0 {
		v.Missing = append(v.Missing, Missing{
			Input: rules.Msg("audit.missing.kinds.input", nil),
			Hides: rules.Msg("audit.missing.kinds.hides", catalog.Args{"n": len(ids), "ids": listIDs(ids)}),
			Add:   rules.Msg("audit.missing.kinds.add", nil),
		})
	}
	var noLogin []string
	for _, l := range res.Departing {
		for _, c := range l.Checks {
			if c.Rule() == "handover-login-stale" && c.State == CheckUnknown && c.Reason().ID == whyNoLogin.ID {
				noLogin = append(noLogin, l.UserID)
			}
		}
	}
	if len(noLogin) > 0 {
		// English agrees the verb with the number ("1 leaver has", "2
		// leavers have"), which a plural placeholder cannot: two messages.
		hides := "audit.missing.login.hides.many"
		if len(noLogin) == 1 {
			hides = "audit.missing.login.hides.one"
		}
		v.Missing = append(v.Missing, Missing{
			Input: rules.Msg("audit.missing.login.input", nil),
			Hides: rules.Msg(hides, catalog.Args{"n": len(noLogin), "ids": listIDs(noLogin)}),
			Add:   rules.Msg("audit.missing.login.add", nil),
		})
	}
	for _, m := range v.Missing {
		e.assume(rules.Msg("audit.assumed.incomplete", catalog.Args{"hides": m.Hides, "add": m.Add}))
	}

	high := false
	for _, f := range res.Findings {
		if f.Severity.AtLeast(rules.High) {
			high = true
		}
	}
	n := len(res.Departing)
	switch {
	case res.Enterprise.AtCap || (n > 0 && v.Blocked == n):
		v.Level = VerdictBlocked
	case len(v.Missing) > 0:
		v.Level = VerdictIncomplete
	case v.Blocked > 0 || v.Unknown > 0 || high:
		v.Level = VerdictAtRisk
	default:
		v.Level = VerdictReady
	}
}

// listIDs names up to five userids, then how many more.
func listIDs(ids []string) string {
	if len(ids) <= 5 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, +%d", strings.Join(ids[:5], ", "), len(ids)-5)
}
