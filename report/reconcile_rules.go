package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// reconcileRulesTable lists the findings `auditor reconcile` can raise,
// after the audit rules, with the reconcile set's numbers in force.
func reconcileRulesTable(w io.Writer, rr *rules.ReconcileSet, lang string) {
	fmt.Fprintf(w, "\n%s\n", Lv("rules.reconcile_heading", lang, nil))
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", "ID", "SEVERITY", "COUNT", "SOURCE", "TITLE")
	for _, f := range rr.Findings {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.ID, f.Severity, f.Count, strings.Join(f.Source, ","), f.Title.In(lang))
	}
	l := rr.Limits
	fmt.Fprintf(w, "\nreconcile rule set %s: %s\n", rr.Version, Lv("rules.reconcile_limits", lang, catalog.Args{
		"window_days": l.OnJobWindowDays, "transfers": l.OnJobTransfersPerWindow, "wait_hours": l.TakeoverWaitHours, "page_size": l.PageSizeMax}))
}

func reconcileRulesMarkdown(w io.Writer, rr *rules.ReconcileSet, lang string) {
	fmt.Fprintf(w, "\n%s\n\n", Lv("rules.reconcile_heading_md", lang, nil))
	fmt.Fprintln(w, "| id | severity | count | source | title |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, f := range rr.Findings {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", f.ID, f.Severity, f.Count, strings.Join(f.Source, ", "), f.Title.In(lang))
	}
}

// reconcileDoc is the reconcile part of `auditor rules --format json`.
type reconcileDoc struct {
	Version  string                   `json:"version"`
	Limits   rules.ReconcileLimits    `json:"limits"`
	Findings []rules.ReconcileFinding `json:"findings"`
}

func newReconcileDoc(rr *rules.ReconcileSet) reconcileDoc {
	return reconcileDoc{Version: rr.Version, Limits: rr.Limits, Findings: rr.Findings}
}
