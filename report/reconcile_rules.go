package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/rules"
)

// reconcileRulesTable lists the findings `auditor reconcile` can raise,
// after the audit rules, with the reconcile set's numbers in force.
func reconcileRulesTable(w io.Writer, rr *rules.ReconcileSet, lang string) {
	fmt.Fprintf(w, "\n%s\n", Lf(lang, "对账结果（auditor reconcile）：", "reconcile findings (auditor reconcile):"))
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", "ID", "SEVERITY", "COUNT", "SOURCE", "TITLE")
	for _, f := range rr.Findings {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", f.ID, f.Severity, f.Count, strings.Join(f.Source, ","), f.Title.In(lang))
	}
	l := rr.Limits
	fmt.Fprintf(w, "\nreconcile rule set %s: %s\n", rr.Version, Lf(lang,
		fmt.Sprintf("每位客户 %d 天内最多在职继承 %d 次；转接后等待 %d 小时；每页最多 %d 条", l.OnJobWindowDays, l.OnJobTransfersPerWindow, l.TakeoverWaitHours, l.PageSizeMax),
		fmt.Sprintf("on-job transfer at most %s per customer in %d days; takeover after %d hours; at most %d records per page",
			plural(l.OnJobTransfersPerWindow, "time", "times"), l.OnJobWindowDays, l.TakeoverWaitHours, l.PageSizeMax)))
}

func reconcileRulesMarkdown(w io.Writer, rr *rules.ReconcileSet, lang string) {
	fmt.Fprintf(w, "\n%s\n\n", Lf(lang, "对账结果（`auditor reconcile`）：", "Reconcile findings (`auditor reconcile`):"))
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
