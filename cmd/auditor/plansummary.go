package main

import (
	"fmt"
	"io"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
)

// printPlanSummary says what the plan places and counts, apart, everything
// it cannot: customers nobody can take, handovers WeCom will not make,
// groups without a receiver, plain external contacts, and the enterprise
// expansion it cannot get (issue 13).
func printPlanSummary(w io.Writer, t plan.Tally, lang string) {
	head := "cli.plan.summary"
	if t.AfterExpansion > 0 {
		head = "cli.plan.summary_after"
	}
	fmt.Fprintln(w, catalog.T(lang, head, catalog.Args{"leavers": t.Leavers, "placed": t.Placed, "after": t.AfterExpansion}))

	var items []string
	if t.Short > 0 {
		items = append(items, catalog.T(lang, "cli.plan.short", catalog.Args{"n": t.Short}))
	}
	if t.NotTransferableCustomers+t.NotTransferableGroups > 0 {
		items = append(items, catalog.T(lang, "cli.plan.not_transferable", catalog.Args{"customers": t.NotTransferableCustomers, "groups": t.NotTransferableGroups}))
	}
	if t.GroupsUnplaced > 0 {
		items = append(items, catalog.T(lang, "cli.plan.groups_unplaced", catalog.Args{"n": t.GroupsUnplaced}))
	}
	if t.External > 0 || len(t.ExternalUnknownFor) > 0 {
		if k := len(t.ExternalUnknownFor); k > 0 {
			items = append(items, catalog.T(lang, "cli.plan.external_unknown", catalog.Args{"n": t.External, "leavers": k}))
		} else {
			items = append(items, catalog.T(lang, "cli.plan.external", catalog.Args{"n": t.External}))
		}
	}
	if len(items) == 0 {
		fmt.Fprintln(w, catalog.T(lang, "cli.plan.not_placed_none", nil))
	} else {
		fmt.Fprintln(w, catalog.T(lang, "cli.plan.not_placed", catalog.Args{"items": catalog.List(lang, items)}))
	}

	if k := t.EnterpriseExpansions; k > 0 {
		id := "cli.plan.expansions"
		switch e := t.EnterpriseEligible; {
		case e != nil && !*e && t.EnterpriseAtCap:
			id = "cli.plan.expansions_ineligible_at_cap"
		case e != nil && !*e:
			id = "cli.plan.expansions_ineligible"
		case e == nil:
			id = "cli.plan.expansions_eligibility_unknown"
		}
		fmt.Fprintln(w, catalog.T(lang, id, catalog.Args{"n": k}))
	}
}
