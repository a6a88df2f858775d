package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// outcomeFields are the columns of an outcome spreadsheet as the admin
// console (离职继承/在职继承 → 分配记录) and SCRM tools export them, from
// rules/vocabulary.yaml. Headers are found by alias like every other
// input's (audit/ingest).
var outcomeFields = func() []ingest.Field {
	var out []ingest.Field
	for _, f := range rules.Vocabulary().Role("outcomes") {
		out = append(out, ingest.Field{Name: f.Field, Aliases: f.Aliases, Required: f.Required})
	}
	return out
}()

// sheetStatus reads the status cell: the console's words, the API's
// numbers, or English.
func sheetStatus(s string, rs *rules.ReconcileSet) (int, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if n, err := strconv.Atoi(t); err == nil {
		_, ok := rs.Status(n)
		return n, ok
	}
	for _, st := range rs.Statuses {
		if t == strings.ToLower(st.Label.ZH) || t == strings.ToLower(st.Label.EN) {
			return st.Code, true
		}
	}
	n, ok := outcomeStatusWords[t]
	return n, ok
}

// outcomeStatusWords are rules/vocabulary.yaml's other words for the
// takeover statuses, keyed as sheetStatus compares a cell, to the API's code.
var outcomeStatusWords = func() map[string]int {
	m := map[string]int{}
	for meaning, code := range map[string]int{"done": 1, "waiting": 2, "refused": 3, "cap_reached": 4} {
		for _, w := range rules.Vocabulary().Meaning("outcome_status", meaning) {
			m[strings.ToLower(strings.Join(strings.Fields(w), " "))] = code
		}
	}
	return m
}()

// routeWords are rules/vocabulary.yaml's words for the two routes, keyed
// as sheetRoute compares a cell.
var routeWords = func() map[string]Route {
	m := map[string]Route{}
	for meaning, r := range map[string]Route{"on_job": RouteOnJob, "resigned": RouteResigned} {
		for _, w := range rules.Vocabulary().Meaning("route", meaning) {
			m[strings.ToLower(w)] = r
		}
	}
	return m
}()

func sheetRoute(s string) (Route, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return RouteUnknown, true
	}
	r, ok := routeWords[t]
	if !ok {
		return RouteUnknown, false
	}
	return r, true
}

// readSheet reads an outcome spreadsheet. A cell the tool cannot read as
// documented stops the run with its file, sheet, row and column (exit 2):
// an outcome is evidence for a compliance file, never a guess.
func (o *Outcomes) readSheet(path string, rs *rules.ReconcileSet) (audit.InputFile, error) {
	v := rules.Vocabulary()
	return ingest.ReadTable(path, "outcomes", outcomeFields, func(r ingest.TableRow) error {
		c := CustomerOutcome{Kind: KindStatus, Leaver: r.UserID("leaver"), Receiver: r.UserID("receiver"),
			ExternalID: r.Text("external_id"), Name: r.Text("customer"), Place: r.Place("status")}
		if !r.Has("external_id") && !r.Has("customer") {
			return ingest.CellMessage(path, audit.Place{Sheet: r.Place("status").Sheet}, "ingest.outcomes.no_customer_column", catalog.Args{"aliases": strings.Join(customerAliases(), ", ")})
		}
		if c.Leaver == "" {
			return ingest.CellMessage(path, r.Place("leaver"), "ingest.outcomes.no_leaver", nil)
		}
		if c.ExternalID == "" && c.Name == "" {
			return ingest.CellMessage(path, r.Place("external_id"), "ingest.outcomes.no_customer", nil)
		}
		st := r.Text("status")
		if code := r.Text("errcode"); code != "" {
			n, err := strconv.Atoi(code)
			if err != nil {
				return ingest.CellMessage(path, r.Place("errcode"), "ingest.outcomes.bad_errcode", catalog.Args{"value": strconv.Quote(code)})
			}
			if n != 0 || st == "" {
				c.Kind, c.ErrCode = KindCall, n
				c.Place = r.Place("errcode")
			}
		}
		if c.Kind == KindStatus {
			n, ok := sheetStatus(st, rs)
			if !ok {
				return ingest.CellMessage(path, r.Place("status"), "ingest.outcomes.bad_status", catalog.Args{"value": strconv.Quote(st), "labels": strings.Join(statusLabels(rs), ", ")})
			}
			c.Status = n
		}
		if r.Text("time") != "" {
			d, ok := r.Date("time")
			if !ok {
				return ingest.CellMessage(path, r.Place("time"), "ingest.outcomes.bad_time", catalog.Args{"value": strconv.Quote(r.Text("time"))})
			}
			c.Time = d
		}
		rt, ok := sheetRoute(r.Text("route"))
		if !ok {
			return ingest.CellMessage(path, r.Place("route"), "ingest.outcomes.bad_route", catalog.Args{"value": strconv.Quote(r.Text("route")), "on_job": v.Word("route", "on_job"), "resigned": v.Word("route", "resigned")})
		}
		c.Route = rt
		o.Customers = append(o.Customers, c)
		return nil
	})
}

// customerAliases are the headers of the two columns that name a customer.
func customerAliases() []string {
	v := rules.Vocabulary()
	return append(slices.Clone(v.Aliases("outcomes", "external_id")), v.Aliases("outcomes", "customer")...)
}

// statusLabels are the Chinese labels of the takeover statuses 1–4, which
// the console writes.
func statusLabels(rs *rules.ReconcileSet) []string {
	var out []string
	for n := 1; n <= 4; n++ {
		if st, ok := rs.Status(n); ok {
			out = append(out, st.Label.In("zh"))
		}
	}
	return out
}
