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
	title := Lf(lang, "交接对账报告", "Handover reconciliation")
	d.f.SetTitle(drawable(title+" "+r.AsOf.String()), true)
	d.running = title
	rl := func(k string) string { return reconcileLabel(k, lang) }
	wd := d.contentW()

	// Cover.
	d.f.AddPage()
	d.fillColor(colAccent)
	d.f.Rect(0, 0, d.pageW, 8, "F")
	d.f.SetY(42)
	d.font(true, 24)
	d.color(colAccent)
	d.cellFormat(wd, 12, title, "", 2, "L", false, 0, "")
	d.bookmark(title, 0, 42)
	d.f.SetY(d.f.GetY() + 4)
	t := r.Totals()
	closed := 0
	for _, l := range r.Leavers {
		if l.Closed {
			closed++
		}
	}
	verdict := Lf(lang, fmt.Sprintf("%d 名离职成员中 %d 名已结案", len(r.Leavers), closed),
		fmt.Sprintf("%d of %d leavers closed", closed, len(r.Leavers)))
	c := colOK
	if closed < len(r.Leavers) {
		c = severityColor(r.WorstSeverity())
	}
	d.para(verdict, 14, true, c)
	d.f.SetY(d.f.GetY() + 4)
	d.pairs([][2]string{
		{d.l("company"), dash(r.Company)}, {d.l("as_of"), r.AsOf.String()},
		{rl("planned"), fmtInt(t.Planned)}, {rl("done"), fmtInt(t.Done)},
		{rl("waiting"), fmtInt(t.Waiting)}, {rl("refused"), fmtInt(t.Refused)},
		{rl("cap_reached"), fmtInt(t.CapReached)}, {rl("not_started"), fmtInt(t.NotStarted)},
		{rl("moved_elsewhere"), fmtInt(t.MovedElsewhere)}, {rl("unknown"), fmtInt(t.Unknown)},
		{rl("lost_n"), fmtInt(t.Lost)}, {d.l("tool_version"), dash(r.ToolVersion)},
	})

	// One line per leaver, so the cover alone tells which cases are closed.
	d.f.SetY(d.f.GetY() + 4)
	lt := d.table(8, pdfCol{head: rl("leaver"), w: wd * 0.22, align: "L"}, pdfCol{head: rl("planned"), w: wd * 0.1, align: "R"},
		pdfCol{head: rl("done"), w: wd * 0.1, align: "R"}, pdfCol{head: rl("closing"), w: wd * 0.58, align: "L"})
	for i := range r.Leavers {
		l := &r.Leavers[i]
		cc := colOK
		if !l.Closed {
			cc = rgb{192, 0, 0}
		}
		lt.row(plain(l.UserID+" "+l.Name), plain(fmtInt(l.Counts.Planned)), plain(fmtInt(l.Counts.Done)), pdfCell{text: reconcileConclusion(l, lang), color: &cc})
	}

	// Findings.
	d.h1(rl("findings"))
	if len(r.Findings) == 0 {
		d.para(d.l("none"), 9, false, colMuted)
	}
	ft := d.table(8, pdfCol{head: d.l("severity"), w: wd * 0.1, align: "L"}, pdfCol{head: rl("rule"), w: wd * 0.24, align: "L"},
		pdfCol{head: rl("message"), w: wd * 0.46, align: "L"}, pdfCol{head: rl("source"), w: wd * 0.2, align: "L"})
	for _, f := range r.Findings {
		sc := severityColor(f.Severity)
		ft.row(pdfCell{text: SeverityLabel(f.Severity, lang), color: &sc}, plain(f.Rule),
			plain(f.Message.In(lang)+" "+f.Remediation.In(lang)), plain(strings.Join(f.Source, ", ")))
	}

	// Closure sheets.
	for i := range r.Leavers {
		l := &r.Leavers[i]
		who := l.UserID
		if l.Name != "" {
			who = l.Name + " (" + l.UserID + ")"
		}
		// The running header is drawn when h1 adds the page: set it first.
		d.running = title + " · " + who
		d.h1(Lf(lang, "结案单：", "Closure sheet: ") + who)
		recv := make([]string, 0, len(l.Planned))
		for _, a := range l.Planned {
			recv = append(recv, a.UserID)
		}
		d.pairs([][2]string{
			{rl("status"), rl(l.Status.String())}, {rl("route"), rl(l.Route.String())},
			{d.l("departure_date"), dash(l.DepartureDate.String())}, {rl("limit_date"), dash(l.LimitDate.String())},
			{rl("receiver"), dash(strings.Join(recv, ", "))}, {rl("planned"), fmtInt(l.Counts.Planned)},
		})
		d.f.SetY(d.f.GetY() + 3)
		cc := colOK
		if !l.Closed {
			cc = rgb{192, 0, 0}
		}
		d.para(reconcileConclusion(l, lang), 12, true, cc)
		d.f.SetY(d.f.GetY() + 2)
		// The decision moved forward with the outcomes, in the words of
		// the audit's handover sheet.
		if r.Audit != nil {
			al := l.AuditLeaver()
			head, steps := DecisionLines(lang, &al, explain.ContextOf(r.Audit, &al), r.AsOf)
			for _, h := range head {
				d.para(h, 9, false, colText)
			}
			if len(steps) > 0 {
				d.para(catalog.T(lang, "label.next", nil), 9, true, colText)
				for i, st := range steps {
					d.para(fmt.Sprintf("%d. %s", i+1, st), 8.5, false, colText)
				}
			}
			d.f.SetY(d.f.GetY() + 2)
		}
		ct := d.table(8.5, pdfCol{head: rl("state"), w: wd * 0.6, align: "L"}, pdfCol{head: rl("count"), w: wd * 0.4, align: "R"})
		k := l.Counts
		for _, kv := range []struct {
			key string
			n   int
		}{{"done", k.Done}, {"waiting", k.Waiting}, {"refused", k.Refused}, {"cap_reached", k.CapReached},
			{"not_started", k.NotStarted}, {"moved_elsewhere", k.MovedElsewhere}, {"unknown", k.Unknown}, {"lost_n", k.Lost}, {"open_groups", l.OpenGroups()}} {
			ct.row(plain(rl(kv.key)), plain(fmtInt(kv.n)))
		}
		var open [][]pdfCell
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
					reason = Lf(lang, "由 "+dash(cu.Receiver)+" 接替（不在计划中）", "taken over by "+dash(cu.Receiver)+", who is not in the plan")
				}
				open = append(open, []pdfCell{plain(cu.ExternalID), plain(dash(cu.Name)), plain(state), plain(dash(cu.Date.String())), plain(reason)})
			}
		}
		if total > 0 {
			ot := d.table(7.5, pdfCol{head: rl("customer_id"), w: wd * 0.24, align: "L"}, pdfCol{head: rl("customer"), w: wd * 0.16, align: "L"},
				pdfCol{head: rl("state"), w: wd * 0.16, align: "L"}, pdfCol{head: rl("date"), w: wd * 0.12, align: "L"}, pdfCol{head: rl("reason"), w: wd * 0.32, align: "L"})
			d.titled(Lf(lang, "未由计划接替人接替完毕的客户", "Customers not taken over by the planned receiver"), colText, false, ot, open)
			if total > len(open) {
				d.f.SetY(d.f.GetY() + 1)
				d.para(Lf(lang, fmt.Sprintf("仅列出前 %d 个，共 %s 个；工作簿中列出全部。", len(open), fmtInt(total)),
					fmt.Sprintf("The first %d of %s are listed; the workbook lists every one.", len(open), fmtInt(total))), 8, false, colMuted)
			}
		}
		if len(l.Groups) > 0 {
			gt := d.table(7.5, pdfCol{head: rl("chat_id"), w: wd * 0.3, align: "L"}, pdfCol{head: rl("name"), w: wd * 0.2, align: "L"},
				pdfCol{head: rl("state"), w: wd * 0.18, align: "L"}, pdfCol{head: rl("reason"), w: wd * 0.32, align: "L"})
			var rows [][]pdfCell
			for _, g := range l.Groups {
				rows = append(rows, []pdfCell{plain(dash(g.ChatID)), plain(dash(g.Name)), plain(rl(g.State)), plain(g.Reason.In(lang))})
			}
			d.titled(rl("groups"), colText, false, gt, rows)
		}
		al := audit.Leaver{UserID: l.UserID, Name: l.Name, Receivers: l.Planned}
		d.signOff(&al)
	}
	d.running = title

	// Audit trail: the audit's appendix, then the error codes in force.
	d.appendix()
	if r.Rules != nil {
		et := d.table(7.5, pdfCol{head: rl("errcode"), w: wd * 0.1, align: "L"}, pdfCol{head: rl("state"), w: wd * 0.14, align: "L"},
			pdfCol{head: rl("meaning"), w: wd * 0.56, align: "L"}, pdfCol{head: rl("source"), w: wd * 0.2, align: "L"})
		var rows [][]pdfCell
		for _, e := range r.Rules.Errors {
			rows = append(rows, []pdfCell{plain(strconv.Itoa(e.Code)), plain(rl(e.State)), plain(e.Meaning.In(lang)), plain(strings.Join(e.Source, ", "))})
		}
		d.titled(rl("codes")+" · "+r.ReconcileVersion, colText, true, et, rows)
	}
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return d.f.Output(w)
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
