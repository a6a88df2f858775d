package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wecom-audit/auditor/rules"
)

// RulesTable prints the rules in force for `auditor rules`.
func RulesTable(w io.Writer, rs *rules.Set, lang string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", "ID", strings.ToUpper(L("severity", "en")), "COUNT", strings.ToUpper(L("source", "en")), strings.ToUpper(L("title_col", "en")))
	for _, r := range rs.Rules() {
		sev := r.Severity.String()
		if !r.Enabled {
			sev += " (off)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, sev, r.Count, strings.Join(r.Source, ","), r.Title.In(lang))
	}
	fmt.Fprintf(tw, "\nrule set %s\n", rs.Version)
	reconcileRulesTable(tw, rs.Reconcile(), lang)
	// What each count unit means, so that COUNT reads without the README.
	fmt.Fprintln(tw, "\ncount units:")
	for _, u := range countUnitOrder {
		fmt.Fprintf(tw, "  %s\t%s\n", u, rules.CountUnits[u].In(lang))
	}
	return tw.Flush()
}

// RulesMarkdown prints the rules as a Markdown table (the README's is made so).
func RulesMarkdown(w io.Writer, rs *rules.Set, lang string) error {
	fmt.Fprintln(w, "| id | severity | count | source | title |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range rs.Rules() {
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", r.ID, r.Severity, r.Count, strings.Join(r.Source, ", "), r.Title.In(lang))
	}
	reconcileRulesMarkdown(w, rs.Reconcile(), lang)
	return nil
}

// RulesJSON prints the rule set, numbers included, for pipelines.
func RulesJSON(w io.Writer, rs *rules.Set) error {
	doc := struct {
		Version   string       `json:"version"`
		Limits    rules.Limits `json:"limits"`
		Rules     []rules.Rule `json:"rules"`
		Reconcile reconcileDoc `json:"reconcile"`
	}{rs.Version, rs.Limits, rs.Rules(), newReconcileDoc(rs.Reconcile())}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// countUnitOrder lists the count units as `auditor rules` explains them.
var countUnitOrder = []string{"relationships", "groups", "load", "overflow", "expansions", "rows", "none"}
