package report

import (
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/reconcile"
	"github.com/wecom-audit/auditor/rules"
)

// reconcileLabel is a label of the reconcile workbook and PDF in lang
// (catalog/sheets.yaml, sheets.reconcile.<key>). A key the catalogue does
// not hold (a state or status without a word of its own) is shown as is.
func reconcileLabel(key, lang string) string {
	id := "sheets.reconcile." + key
	if !catalog.Has(id) {
		return key
	}
	return catalog.T(lang, id, nil)
}

// reconcileConclusion is a leaver's closing line: "handover complete on
// <date>", or what is still open.
func reconcileConclusion(l *reconcile.Leaver, lang string) string {
	t := func(key string, args catalog.Args) string { return catalog.T(lang, "sheets.reconcile."+key, args) }
	c := l.Counts
	if l.Closed && c.Planned == 0 && len(l.Groups) == 0 {
		return t("c_nothing", nil)
	}
	if l.Closed {
		lost := ""
		if c.Lost > 0 {
			lost = t("c_lost", catalog.Args{"n": c.Lost})
		}
		if l.ClosedOn.IsZero() {
			return t("c_complete_unknown", catalog.Args{"lost": lost})
		}
		return t("c_complete_on", catalog.Args{"date": l.ClosedOn.String(), "lost": lost})
	}
	var parts []string
	add := func(n int, key string) {
		if n > 0 {
			parts = append(parts, t(key, catalog.Args{"n": n}))
		}
	}
	add(c.Waiting, "c_waiting")
	add(c.CapReached, "c_cap_reached")
	add(c.NotStarted-lostAmong(l, rules.StateNotStarted), "c_not_started")
	add(c.Refused-lostAmong(l, rules.StateRefused), "c_refused")
	add(c.Unknown-lostAmong(l, rules.StateUnknown), "c_unknown")
	add(l.OpenGroups(), "c_open_groups")
	add(c.Lost, "c_lost_customers")
	// The rest is the decision's, in its own words: whether the account
	// may be deleted, and what is still at risk (unknown stays unknown).
	d := &l.Decision
	parts = append(parts,
		t("c_labelled", catalog.Args{"label": catalog.T(lang, "label.at_risk", nil), "value": explain.CountsOrNone(lang, d.AtRisk)}),
		t("c_labelled", catalog.Args{"label": catalog.T(lang, "gate.question", nil), "value": explain.Gate(lang, d.DeleteAccount)}))
	return t("c_still_open", catalog.Args{"parts": strings.Join(parts, t("c_sep", nil))})
}

// lostAmong counts l's customers in state that are lost.
func lostAmong(l *reconcile.Leaver, state string) int {
	n := 0
	for _, c := range l.Customers {
		if c.Lost && c.State == state {
			n++
		}
	}
	return n
}
