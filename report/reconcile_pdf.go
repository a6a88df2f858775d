package report

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/reconcile"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// pdfLostPerLeaver bounds the open customers a closure sheet lists; the
// workbook carries every one.
const pdfLostPerLeaver = 30

// WriteReconcilePDF renders the reconciliation as the document that closes
// a compliance case: a cover with the totals, the findings, one closure
// sheet per leaver ("handover complete on <date>" or what is still open,
// with sign-off lines) and the audit trail (inputs with SHA-256, data
// problems, rules, error codes). It reuses the audit PDF's fonts, tables
// and page furniture; bytes depend only on the result.
func WriteReconcilePDF(w io.Writer, r *reconcile.Result, lang string) error {
	if r == nil {
		return errors.New("pdf: no reconcile result")
	}
	shell := &audit.Result{AsOf: r.AsOf, ToolVersion: r.ToolVersion, RulesVersion: r.RulesVersion, Company: r.Company,
		Inputs: r.Inputs, Assumed: r.Assumed, AssumedZH: r.AssumedZH, DataProblems: r.DataProblems, Rules: r.AuditRules}
	d := newPDFDoc(shell, lang, Options{})
	title := Lv("reconcile.title", lang, nil)
	d.SetTitle(title + " " + r.AsOf.String())
	d.running = title
	rl := func(k string) string { return reconcileLabel(k, lang) }
	wd := d.ContentW()

	// Cover.
	d.F.AddPage()
	d.FillColor(pdfkit.Accent)
	d.F.Rect(0, 0, d.PageW, 8, "F")
	d.F.SetY(42)
	d.Font(true, 24)
	d.Color(pdfkit.Accent)
	d.Cell(wd, 12, title, 2, "L")
	d.Bookmark(title, 0, 42)
	d.F.SetY(d.F.GetY() + 4)
	t := r.Totals()
	closed := 0
	for _, l := range r.Leavers {
		if l.Closed {
			closed++
		}
	}
	verdict := Lv("reconcile.closed", lang, catalog.Args{"closed": closed, "n": len(r.Leavers)})
	c := colOK
	if closed < len(r.Leavers) {
		c = severityColor(r.WorstSeverity())
	}
	d.Para(verdict, 14, true, c)
	d.F.SetY(d.F.GetY() + 4)
	d.Pairs([][2]string{
		{d.l("company"), dash(r.Company)}, {d.l("as_of"), r.AsOf.String()},
		{rl("planned"), fmtInt(t.Planned)}, {rl("done"), fmtInt(t.Done)},
		{rl("waiting"), fmtInt(t.Waiting)}, {rl("refused"), fmtInt(t.Refused)},
		{rl("cap_reached"), fmtInt(t.CapReached)}, {rl("not_started"), fmtInt(t.NotStarted)},
		{rl("moved_elsewhere"), fmtInt(t.MovedElsewhere)}, {rl("unknown"), fmtInt(t.Unknown)},
		{rl("lost_n"), fmtInt(t.Lost)}, {d.l("tool_version"), dash(r.ToolVersion)},
	})

	// One line per leaver, so the cover alone tells which cases are closed.
	d.F.SetY(d.F.GetY() + 4)
	lt := d.Table(8, pdfkit.Col{Head: rl("leaver"), W: wd * 0.22, Align: "L"}, pdfkit.Col{Head: rl("planned"), W: wd * 0.1, Align: "R"},
		pdfkit.Col{Head: rl("done"), W: wd * 0.1, Align: "R"}, pdfkit.Col{Head: rl("closing"), W: wd * 0.58, Align: "L"})
	for i := range r.Leavers {
		l := &r.Leavers[i]
		cc := colOK
		if !l.Closed {
			cc = pdfkit.RGB{R: 192, G: 0, B: 0}
		}
		lt.Row(pdfkit.Plain(l.UserID+" "+l.Name), pdfkit.Plain(fmtInt(l.Counts.Planned)), pdfkit.Plain(fmtInt(l.Counts.Done)), pdfkit.Cell{Text: reconcileConclusion(l, lang), Color: &cc})
	}

	// Findings.
	d.H1(rl("findings"))
	if len(r.Findings) == 0 {
		d.Para(d.l("none"), 9, false, pdfkit.Muted)
	}
	ft := d.Table(8, pdfkit.Col{Head: d.l("severity"), W: wd * 0.1, Align: "L"}, pdfkit.Col{Head: rl("rule"), W: wd * 0.24, Align: "L"},
		pdfkit.Col{Head: rl("message"), W: wd * 0.46, Align: "L"}, pdfkit.Col{Head: rl("source"), W: wd * 0.2, Align: "L"})
	for _, f := range r.Findings {
		sc := severityColor(f.Severity)
		ft.Row(pdfkit.Cell{Text: SeverityLabel(f.Severity, lang), Color: &sc}, pdfkit.Plain(f.Rule),
			pdfkit.Plain(f.Message.In(lang)+" "+f.Remediation.In(lang)), pdfkit.Plain(strings.Join(f.Source, ", ")))
	}

	// Closure sheets.
	for i := range r.Leavers {
		l := &r.Leavers[i]
		who := l.UserID
		if l.Name != "" {
			who = l.Name + " (" + l.UserID + ")"
		}
		// The running header is drawn when H1 adds the page: set it first.
		d.running = title + " · " + who
		d.H1(Lv("reconcile.closure_sheet", lang, catalog.Args{"who": who}))
		recv := make([]string, 0, len(l.Planned))
		for _, a := range l.Planned {
			recv = append(recv, a.UserID)
		}
		d.Pairs([][2]string{
			{rl("status"), rl(l.Status.String())}, {rl("route"), rl(l.Route.String())},
			{d.l("departure_date"), dash(l.DepartureDate.String())}, {rl("limit_date"), dash(l.LimitDate.String())},
			{rl("receiver"), dash(strings.Join(recv, ", "))}, {rl("planned"), fmtInt(l.Counts.Planned)},
		})
		d.F.SetY(d.F.GetY() + 3)
		cc := colOK
		if !l.Closed {
			cc = pdfkit.RGB{R: 192, G: 0, B: 0}
		}
		d.Para(reconcileConclusion(l, lang), 12, true, cc)
		d.F.SetY(d.F.GetY() + 2)
		// The decision moved forward with the outcomes, in the words of
		// the audit's handover sheet.
		if r.Audit != nil {
			al := l.AuditLeaver()
			head, steps := DecisionLines(lang, &al, explain.ContextOf(r.Audit, &al), r.AsOf)
			for _, h := range head {
				d.Para(h, 9, false, pdfkit.Text)
			}
			if len(steps) > 0 {
				d.Para(catalog.T(lang, "label.next", nil), 9, true, pdfkit.Text)
				for i, st := range steps {
					d.Para(fmt.Sprintf("%d. %s", i+1, st), 8.5, false, pdfkit.Text)
				}
			}
			d.F.SetY(d.F.GetY() + 2)
		}
		ct := d.Table(8.5, pdfkit.Col{Head: rl("state"), W: wd * 0.6, Align: "L"}, pdfkit.Col{Head: rl("count"), W: wd * 0.4, Align: "R"})
		k := l.Counts
		for _, kv := range []struct {
			key string
			n   int
		}{{"done", k.Done}, {"waiting", k.Waiting}, {"refused", k.Refused}, {"cap_reached", k.CapReached},
			{"not_started", k.NotStarted}, {"moved_elsewhere", k.MovedElsewhere}, {"unknown", k.Unknown}, {"lost_n", k.Lost}, {"open_groups", l.OpenGroups()}} {
			ct.Row(pdfkit.Plain(rl(kv.key)), pdfkit.Plain(fmtInt(kv.n)))
		}
		var open [][]pdfkit.Cell
		total := 0
		for _, cu := range openFirst(l.Customers) {
			total++
			if len(open) < pdfLostPerLeaver {
				state := rl(cu.State)
				if cu.Lost {
					state += " · " + rl("lost_n")
				}
				reason := cu.Reason.In(lang)
				if cu.State == rules.StateMovedElsewhere {
					// Who has the customer now is what the reviewer asks.
					reason = Lv("reconcile.taken_elsewhere", lang, catalog.Args{"receiver": dash(cu.Receiver)})
				}
				open = append(open, []pdfkit.Cell{pdfkit.Plain(cu.ExternalID), pdfkit.Plain(dash(cu.Name)), pdfkit.Plain(state), pdfkit.Plain(dash(cu.Date.String())), pdfkit.Plain(reason)})
			}
		}
		if total > 0 {
			ot := d.Table(7.5, pdfkit.Col{Head: rl("customer_id"), W: wd * 0.24, Align: "L"}, pdfkit.Col{Head: rl("customer"), W: wd * 0.16, Align: "L"},
				pdfkit.Col{Head: rl("state"), W: wd * 0.16, Align: "L"}, pdfkit.Col{Head: rl("date"), W: wd * 0.12, Align: "L"}, pdfkit.Col{Head: rl("reason"), W: wd * 0.32, Align: "L"})
			d.Titled(Lv("reconcile.open_customers", lang, nil), pdfkit.Text, false, ot, open)
			if total > len(open) {
				d.F.SetY(d.F.GetY() + 1)
				d.Para(Lv("reconcile.open_shown", lang, catalog.Args{"shown": len(open), "total": total}), 8, false, pdfkit.Muted)
			}
		}
		if len(l.Groups) > 0 {
			gt := d.Table(7.5, pdfkit.Col{Head: rl("chat_id"), W: wd * 0.3, Align: "L"}, pdfkit.Col{Head: rl("name"), W: wd * 0.2, Align: "L"},
				pdfkit.Col{Head: rl("state"), W: wd * 0.18, Align: "L"}, pdfkit.Col{Head: rl("reason"), W: wd * 0.32, Align: "L"})
			var rows [][]pdfkit.Cell
			for _, g := range l.Groups {
				rows = append(rows, []pdfkit.Cell{pdfkit.Plain(dash(g.ChatID)), pdfkit.Plain(dash(g.Name)), pdfkit.Plain(rl(g.State)), pdfkit.Plain(g.Reason.In(lang))})
			}
			d.Titled(rl("groups"), pdfkit.Text, false, gt, rows)
		}
		al := audit.Leaver{UserID: l.UserID, Name: l.Name, Receivers: l.Planned}
		d.signOff(&al)
	}
	d.running = title

	// Audit trail: the audit's appendix, then the error codes in force.
	d.appendix()
	if r.Rules != nil {
		et := d.Table(7.5, pdfkit.Col{Head: rl("errcode"), W: wd * 0.1, Align: "L"}, pdfkit.Col{Head: rl("state"), W: wd * 0.14, Align: "L"},
			pdfkit.Col{Head: rl("meaning"), W: wd * 0.56, Align: "L"}, pdfkit.Col{Head: rl("source"), W: wd * 0.2, Align: "L"})
		var rows [][]pdfkit.Cell
		for _, e := range r.Rules.Errors {
			rows = append(rows, []pdfkit.Cell{pdfkit.Plain(strconv.Itoa(e.Code)), pdfkit.Plain(rl(e.State)), pdfkit.Plain(e.Meaning.In(lang)), pdfkit.Plain(strings.Join(e.Source, ", "))})
		}
		d.Titled(rl("codes")+" · "+r.ReconcileVersion, pdfkit.Text, true, et, rows)
	}
	if err := d.F.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return d.F.Output(w)
}

// openFirst lists a leaver's customers not taken over, the most urgent
// first: lost, refused, cap reached, not started, unknown, then waiting and
// moved elsewhere.
func openFirst(cs []reconcile.Customer) []reconcile.Customer {
	order := map[string]int{"refused": 1, "cap_reached": 2, "not_started": 3, "unknown": 4, "waiting": 5, "moved_elsewhere": 6}
	var out []reconcile.Customer
	for _, c := range cs {
		if c.State != "done" {
			out = append(out, c)
		}
	}
	rank := func(c reconcile.Customer) int {
		if c.Lost {
			return 0
		}
		return order[c.State]
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}
