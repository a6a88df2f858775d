package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/reconcile"
)

// WriteReconcileXLSX writes reconcile-<as-of>.xlsx: Closure, Customers, Groups,
// Findings, Lost customers, Error codes, Inputs. Input text is always
// written as text, never as a formula.
func WriteReconcileXLSX(w io.Writer, r *reconcile.Result, lang string) error {
	f := newWorkbookFile()
	defer f.Close()
	l := func(k string) string { return reconcileLabel(k, lang) }
	fmtDate := isoDate
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate})
	// Dates are date cells, as in the audit's workbook; unknown is empty.
	date := func(d audit.Date) any {
		if d.IsZero() {
			return ""
		}
		return excelize.Cell{Value: d.Time(), StyleID: dateStyle}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5F0"}}})
	sheets := []struct {
		name string
		head []string
		rows [][]any
	}{}
	var closure [][]any
	for i := range r.Leavers {
		lv := &r.Leavers[i]
		c := lv.Counts
		closure = append(closure, []any{lv.UserID, lv.Name, l(lv.Status.String()), l(lv.Route.String()), date(lv.LimitDate),
			c.Planned, c.Done, c.Waiting, c.Refused, c.CapReached, c.NotStarted, c.MovedElsewhere, c.Unknown, c.Lost, lv.OpenGroups(), reconcileConclusion(lv, lang)})
	}
	sheets = append(sheets, struct {
		name string
		head []string
		rows [][]any
	}{l("closure"), []string{l("member"), l("name"), l("status"), l("route"), l("limit_date"), l("planned"), l("done"), l("waiting"), l("refused"), l("cap_reached"), l("not_started"), l("moved_elsewhere"), l("unknown"), l("lost_n"), l("open_groups"), l("closing")}, closure})
	var cust, lost, grp [][]any
	for _, lv := range r.Leavers {
		for _, c := range lv.Customers {
			row := []any{lv.UserID, c.ExternalID, c.Name, l(c.State), c.Receiver, date(c.Date), l(c.Route.String()), reconcileCode(c.ErrCode), c.Reason.In(lang), evidencePlace(c.Evidence)}
			cust = append(cust, row)
			if c.Lost {
				lost = append(lost, row)
			}
		}
		for _, g := range lv.Groups {
			grp = append(grp, []any{lv.UserID, g.ChatID, g.Name, l(g.State), g.NewOwner, reconcileCode(g.ErrCode), g.Reason.In(lang), evidencePlace(g.Evidence)})
		}
	}
	chead := []string{l("leaver"), l("customer_id"), l("customer"), l("state"), l("receiver"), l("date"), l("route"), l("errcode"), l("reason"), l("evidence")}
	type sh = struct {
		name string
		head []string
		rows [][]any
	}
	sheets = append(sheets, sh{l("customers"), chead, cust})
	sheets = append(sheets, sh{l("groups"), []string{l("leaver"), l("chat_id"), l("name"), l("state"), l("new_owner"), l("errcode"), l("reason"), l("evidence")}, grp})
	var fs [][]any
	for _, fd := range r.Findings {
		fs = append(fs, []any{fd.Rule, fd.Severity.String(), fd.Member, fd.Receiver, fd.Count, fd.Message.In(lang), fd.Remediation.In(lang), strings.Join(fd.Source, ", ")})
	}
	sheets = append(sheets, sh{l("findings"), []string{l("rule"), l("severity"), l("member"), l("receiver"), l("count"), l("message"), l("remediation"), l("source")}, fs})
	sheets = append(sheets, sh{l("lost"), chead, lost})
	var codes [][]any
	if r.Rules != nil {
		for _, e := range r.Rules.Errors {
			codes = append(codes, []any{e.Code, e.Scope, l(e.State), e.Meaning.In(lang), e.Remediation.In(lang), strings.Join(e.Source, ", ")})
		}
	}
	sheets = append(sheets, sh{l("codes"), []string{l("errcode"), l("scope"), l("state"), l("meaning"), l("remediation"), l("source")}, codes})
	var ins [][]any
	for _, in := range r.Inputs {
		ins = append(ins, []any{in.Role, in.Path, in.Rows, in.SHA256})
	}
	sheets = append(sheets, sh{l("inputs"), []string{l("role"), l("file"), l("rows"), l("sha256")}, ins})

	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		head := make([]any, len(s.head))
		for j, h := range s.head {
			head[j] = excelize.Cell{Value: h, StyleID: bold}
			_ = sw.SetColWidth(j+1, j+1, sampledColWidth(h, s.rows, j))
		}
		if err := sw.SetPanes(&headerPanes); err != nil {
			return err
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for j, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return writeWorkbook(f, w)
}

func reconcileCode(c int) any {
	if c == 0 {
		return ""
	}
	return c
}

// place says where an outcome came from: file, sheet, row and column (for
// JSON: the entry's index and path).
func evidencePlace(p audit.Place) string {
	if p.File == "" {
		return ""
	}
	s := p.File
	if p.Sheet != "" {
		s += ", " + p.Sheet
	}
	if p.Row > 0 {
		s += fmt.Sprintf(", #%d", p.Row)
	}
	if p.Column != "" {
		s += ", " + p.Column
	}
	return s
}
