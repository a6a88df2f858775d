package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// pdfTrendRuns is how many runs the trend chart shows: a year of monthly
// audits, which is what a compliance review looks back over.
const pdfTrendRuns = 12

// series draws, at the top of the summary, the persisting critical and high
// findings (oldest first, with their age), the trend of findings by
// severity over the runs and what changed since the previous report, then
// the waivers that need attention. Nothing without earlier reports or a
// waiver file.
func (d *pdfDoc) series() {
	if h := d.res.History; h != nil {
		d.newTable(h)
		d.persistingTable()
		d.trendChart(h.Trend)
		d.sinceTables(h)
	}
	d.waiverTable()
}

// waiverTable lists the waivers that expired (their findings count again)
// and those that matched no finding, after a line with the counts.
func (d *pdfDoc) waiverTable() {
	ws := d.res.Waivers
	if ws == nil {
		return
	}
	d.H2(d.l("waivers_heading"), pdfkit.Text, 10, false)
	d.Para(WaiverCounts(d.lang, ws.Applied, len(ws.Expired), len(ws.Unused)), 9.5, false, pdfkit.Text)
	if len(ws.Expired)+len(ws.Unused) == 0 {
		return
	}
	w := d.ContentW()
	t := d.Table(8.5,
		pdfkit.Col{Head: d.l("status"), W: w * 0.18, Align: "L"},
		pdfkit.Col{Head: d.l("fingerprint"), W: w * 0.18, Align: "L"},
		pdfkit.Col{Head: d.l("rule"), W: w * 0.3, Align: "L"},
		pdfkit.Col{Head: d.l("waiver"), W: w * 0.34, Align: "L"},
	)
	var rows [][]pdfkit.Cell
	add := func(label string, c pdfkit.RGB, u audit.WaiverUse) {
		rule := dash(strings.TrimSpace(u.Rule + " " + u.Member))
		rows = append(rows, []pdfkit.Cell{
			{Text: label, Color: &c, Bold: true}, pdfkit.Plain(u.Fingerprint), pdfkit.Plain(rule),
			pdfkit.Plain(u.Reason + " — " + u.AcceptedBy + ", " + u.Expires.String()),
		})
	}
	for _, u := range ws.Expired {
		add(d.l("waiver_expired_mark"), severityColor(rules.High), u)
	}
	for _, u := range ws.Unused {
		add(strings.TrimSuffix(strings.TrimSuffix(d.l("waiver_unused"), ":"), "："), pdfkit.Muted, u)
	}
	for _, r := range rows {
		t.Row(r...)
	}
}

// pdfNewRows is how many new and escalated findings the summary lists; the
// findings list has them all.
const pdfNewRows = 30

// newFindings are this run's new and escalated findings, in the report's
// order (most severe first).
func newFindings(res *audit.Result) []audit.Finding {
	var out []audit.Finding
	for _, f := range res.Findings {
		if h := f.History; h != nil && (h.Status == audit.StatusNew || h.Status == audit.StatusEscalated) {
			out = append(out, f)
		}
	}
	return out
}

// escalatedNote is "escalated from no-receiver" for an escalated finding.
func escalatedNote(h *audit.FindingHistory, lang string) string {
	if h == nil || h.Status != audit.StatusEscalated {
		return ""
	}
	var from []string
	for _, r := range h.EscalatedFrom {
		from = append(from, r.Rule)
	}
	return Lv("escalated_from", lang, catalog.Args{"rules": rules.Names(from)})
}

// newTable lists what is new since the previous report, so that this
// month's new critical finding is seen first: the new findings and those
// that replaced a less severe one of the same member (escalated). Nothing
// on the first run of a series, where every finding is new.
func (d *pdfDoc) newTable(h *audit.History) {
	if h.PreviousAsOf.IsZero() {
		return
	}
	title := d.lf("pdf_new_since", "date", h.PreviousAsOf.String())
	fs := newFindings(d.res)
	if len(fs) == 0 {
		d.H2(title, pdfkit.Text, 6, false)
		d.Para(d.l("new_none"), 9.5, false, pdfkit.Muted)
		return
	}
	w := d.ContentW()
	t := d.Table(8.5,
		pdfkit.Col{Head: d.l("severity"), W: w * 0.1, Align: "L"},
		pdfkit.Col{Head: d.l("status"), W: w * 0.24, Align: "L"},
		pdfkit.Col{Head: d.l("rule"), W: w * 0.26, Align: "L"},
		pdfkit.Col{Head: d.l("member"), W: w * 0.28, Align: "L"},
		pdfkit.Col{Head: d.l("count"), W: w * 0.12, Align: "R"},
	)
	var rows [][]pdfkit.Cell
	for i, f := range fs {
		if i == pdfNewRows {
			break
		}
		c := severityColor(f.Severity)
		status := d.l("status_" + f.History.Status)
		if note := escalatedNote(f.History, d.lang); note != "" {
			status = note
		}
		sc := pdfkit.Text
		if f.History.Status == audit.StatusEscalated {
			sc = severityColor(rules.Critical)
		}
		member := dash(f.Member)
		if f.Receiver != "" {
			member += " → " + f.Receiver
		}
		rule := d.txt(f.Title) + "\n" + f.Rule
		if note := d.waiverNote(f); note != "" {
			rule += "\n" + note
		}
		rows = append(rows, []pdfkit.Cell{
			{Text: SeverityLabel(f.Severity, d.lang), Color: &c, Bold: true},
			{Text: status, Color: &sc, Bold: f.History.Status == audit.StatusEscalated},
			pdfkit.Plain(rule), pdfkit.Plain(member), pdfkit.Plain(seriesCount(f.Count, f.CountUnit)),
		})
	}
	d.Titled(title, pdfkit.Text, false, t, rows)
	if n := len(fs) - pdfNewRows; n > 0 {
		d.F.SetY(d.F.GetY() + 1)
		d.Para(Lv("new_more", d.lang, catalog.Args{"n": n}), 8, false, pdfkit.Muted)
	}
}

// persistingFindings are the persisting critical and high findings, the
// longest open first; ties keep the report's order.
func persistingFindings(res *audit.Result) []audit.Finding {
	var out []audit.Finding
	for _, f := range res.Findings {
		if f.History != nil && f.History.Status == audit.StatusPersisting && f.Severity.AtLeast(rules.High) {
			out = append(out, f)
		}
	}
	// Insertion sort: stable, and the list is short.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].History.FirstSeen.Before(out[j-1].History.FirstSeen); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func (d *pdfDoc) persistingTable() {
	fs := persistingFindings(d.res)
	if len(fs) == 0 {
		d.H2(d.l("persisting_top"), pdfkit.Text, 6, false)
		d.Para(d.l("persisting_none"), 9.5, false, pdfkit.Muted)
		return
	}
	w := d.ContentW()
	t := d.Table(8.5,
		pdfkit.Col{Head: d.l("severity"), W: w * 0.1, Align: "L"},
		pdfkit.Col{Head: d.l("rule"), W: w * 0.3, Align: "L"},
		pdfkit.Col{Head: d.l("member"), W: w * 0.24, Align: "L"},
		pdfkit.Col{Head: d.l("first_seen"), W: w * 0.13, Align: "L"},
		pdfkit.Col{Head: d.l("age"), W: w * 0.11, Align: "R"},
		pdfkit.Col{Head: d.l("first_count"), W: w * 0.12, Align: "R"},
	)
	var rows [][]pdfkit.Cell
	for _, f := range fs {
		c := severityColor(f.Severity)
		member := dash(f.Member)
		if f.Receiver != "" {
			member += " → " + f.Receiver
		}
		rule := f.Rule
		if note := d.waiverNote(f); note != "" {
			rule += "\n" + note
		}
		rows = append(rows, []pdfkit.Cell{
			{Text: SeverityLabel(f.Severity, d.lang), Color: &c, Bold: true},
			pdfkit.Plain(rule),
			pdfkit.Plain(member),
			pdfkit.Plain(f.History.FirstSeen.String()),
			pdfkit.Plain(Age(d.lang, f.History.MonthsOpen)),
			pdfkit.Plain(countThenNow(f)),
			// then → now: a count that grows says the risk is growing.
		})
	}
	d.Titled(d.l("persisting_top"), pdfkit.Text, false, t, rows)
}

// waiverNote marks a waived finding (or one whose waiver expired) in the
// PDF: the mark, the reason, who accepted it and until when.
func (d *pdfDoc) waiverNote(f audit.Finding) string {
	w := f.Waiver
	if w == nil {
		return ""
	}
	mark := d.l("waived_mark")
	if w.Expired {
		mark = d.l("waiver_expired_mark")
	}
	return "[" + mark + d.colon() + w.Reason + " — " + w.AcceptedBy + ", " + w.Expires.String() + "]"
}

// trendChart draws the findings by severity per run as stacked columns,
// oldest on the left, with the total above each column.
func (d *pdfDoc) trendChart(points []audit.TrendPoint) {
	f := d.F
	total := len(points)
	if len(points) > pdfTrendRuns {
		points = points[len(points)-pdfTrendRuns:]
	}
	const (
		axisW  = 12.0
		plotH  = 46.0
		labelH = 8.0
		legH   = 7.0
	)
	chartH := legH + plotH + labelH + 4
	if total > len(points) {
		chartH += 6
	}
	d.H2(d.l("trend"), pdfkit.Text, chartH, false)

	y := f.GetY()
	// Legend: one swatch per severity, most severe first.
	lx := pdfkit.MarginX + axisW
	for _, s := range rules.Severities {
		d.FillColor(severityColor(s))
		f.Rect(lx, y+1.2, 3.5, 3, "F")
		d.Font(false, 8)
		d.Color(pdfkit.Text)
		label := SeverityLabel(s, d.lang)
		f.SetXY(lx+4.5, y)
		tw := d.StrWidth(label) + 2
		d.Cell(tw, 5.4, label, 0, "L")
		lx += 4.5 + tw + 4
	}
	top := y + legH
	bottom := top + plotH
	plotX := pdfkit.MarginX + axisW
	plotW := d.ContentW() - axisW

	maxV := 1
	for _, p := range points {
		maxV = max(maxV, p.Summary.Total())
	}
	step := niceStep(float64(maxV) / 4)
	axisMax := math.Ceil(float64(maxV)*1.1/step) * step
	yOf := func(v float64) float64 { return bottom - v/axisMax*plotH }

	f.SetLineWidth(0.15)
	d.DrawColor(pdfkit.Rule)
	d.Font(false, 7)
	d.Color(pdfkit.Muted)
	for v := 0.0; v <= axisMax+step/2; v += step {
		yy := yOf(v)
		f.Line(plotX, yy, plotX+plotW, yy)
		f.SetXY(pdfkit.MarginX, yy-1.75)
		d.Cell(axisW-1.5, 3.5, fmtInt(int(v)), 0, "R")
	}
	d.DrawColor(pdfkit.Text)
	f.SetLineWidth(0.3)
	f.Line(plotX, bottom, plotX+plotW, bottom)

	slot := plotW / float64(max(len(points), 1))
	barW := math.Min(slot*0.6, 16)
	for i, p := range points {
		x := plotX + float64(i)*slot + (slot-barW)/2
		base := 0
		// Stack from the least severe at the bottom, so that critical
		// sits on top where the eye lands.
		for k := len(rules.Severities) - 1; k >= 0; k-- {
			s := rules.Severities[k]
			n := p.Summary.Of(s)
			if n == 0 {
				continue
			}
			d.FillColor(severityColor(s))
			y0, y1 := yOf(float64(base+n)), yOf(float64(base))
			f.Rect(x, y0, barW, y1-y0, "F")
			base += n
		}
		d.Font(true, 7.5)
		d.Color(pdfkit.Text)
		f.SetXY(x-4, yOf(float64(base))-4)
		d.Cell(barW+8, 3.5, strconv.Itoa(base), 0, "C")
		d.Font(i == len(points)-1, 7.5)
		f.SetXY(plotX+float64(i)*slot, bottom+1)
		d.Cell(slot, 4, p.AsOf.String(), 0, "C")
	}
	d.Color(pdfkit.Text)
	f.SetXY(pdfkit.MarginX, bottom+labelH)
	if total > len(points) {
		d.Para(Lv("trend_runs_note", d.lang, catalog.Args{"shown": len(points), "total": total}), 8, false, pdfkit.Muted)
	}
}

// sinceTables lists, after the trend, what changed since the previous
// report: the findings resolved (once, in the first report without them)
// and the leavers that appeared, were handed over, expired or left the list.
func (d *pdfDoc) sinceTables(h *audit.History) {
	if h.PreviousAsOf.IsZero() {
		return
	}
	w := d.ContentW()
	if len(h.Resolved) > 0 {
		t := d.Table(8.5,
			pdfkit.Col{Head: d.l("severity"), W: w * 0.1, Align: "L"},
			pdfkit.Col{Head: d.l("rule"), W: w * 0.3, Align: "L"},
			pdfkit.Col{Head: d.l("member"), W: w * 0.24, Align: "L"},
			pdfkit.Col{Head: d.l("first_seen"), W: w * 0.13, Align: "L"},
			pdfkit.Col{Head: d.l("last_seen"), W: w * 0.13, Align: "L"},
			pdfkit.Col{Head: d.l("count"), W: w * 0.1, Align: "R"},
		)
		var rows [][]pdfkit.Cell
		for _, r := range h.Resolved {
			c := severityColor(r.Severity)
			member := dash(r.Member)
			if r.Receiver != "" {
				member += " → " + r.Receiver
			}
			rows = append(rows, []pdfkit.Cell{
				{Text: SeverityLabel(r.Severity, d.lang), Color: &c, Bold: true},
				pdfkit.Plain(followed(r)), pdfkit.Plain(member), pdfkit.Plain(r.FirstSeen.String()), pdfkit.Plain(r.LastSeen.String()), pdfkit.Plain(seriesCount(r.Count, r.CountUnit)),
			})
		}
		d.Titled(d.lf("pdf_resolved_since", "date", h.PreviousAsOf.String()), colPass, false, t, rows)
	}
	if len(h.Escalated) > 0 {
		t := d.Table(8.5,
			pdfkit.Col{Head: d.l("severity"), W: w * 0.1, Align: "L"},
			pdfkit.Col{Head: d.l("rule"), W: w * 0.22, Align: "L"},
			pdfkit.Col{Head: d.l("replaced_by"), W: w * 0.22, Align: "L"},
			pdfkit.Col{Head: d.l("member"), W: w * 0.2, Align: "L"},
			pdfkit.Col{Head: d.l("first_seen"), W: w * 0.13, Align: "L"},
			pdfkit.Col{Head: d.l("count"), W: w * 0.13, Align: "R"},
		)
		var rows [][]pdfkit.Cell
		for _, r := range h.Escalated {
			c := severityColor(r.Severity)
			member := dash(r.Member)
			if r.Receiver != "" {
				member += " → " + r.Receiver
			}
			rows = append(rows, []pdfkit.Cell{
				{Text: SeverityLabel(r.Severity, d.lang), Color: &c, Bold: true},
				pdfkit.Plain(r.Rule), pdfkit.Plain(strings.Join(r.FollowedBy, ", ")), pdfkit.Plain(member), pdfkit.Plain(r.FirstSeen.String()), pdfkit.Plain(seriesCount(r.Count, r.CountUnit)),
			})
		}
		d.Titled(d.lf("pdf_escalated_since", "date", h.PreviousAsOf.String()), severityColor(rules.Critical), false, t, rows)
	}
	if len(h.Leavers) > 0 {
		t := d.Table(8.5,
			pdfkit.Col{Head: d.l("member"), W: w * 0.28, Align: "L"},
			pdfkit.Col{Head: d.l("change"), W: w * 0.18, Align: "L"},
			pdfkit.Col{Head: d.l("customers"), W: w * 0.19, Align: "R"},
			pdfkit.Col{Head: d.l("external"), W: w * 0.19, Align: "R"},
			pdfkit.Col{Head: d.l("limit_date"), W: w * 0.16, Align: "L"},
		)
		var rows [][]pdfkit.Cell
		for _, c := range h.Leavers {
			who := c.UserID
			if c.Name != "" {
				who = c.Name + d.paren(c.UserID)
			}
			rows = append(rows, []pdfkit.Cell{
				pdfkit.Plain(who), pdfkit.Plain(d.l("change_" + c.Change)),
				pdfkit.Plain(changeCounts(c, c.CustomersBefore, c.CustomersNow, d.lang)),
				pdfkit.Plain(changeCounts(c, c.ExternalBefore, c.ExternalNow, d.lang)),
				pdfkit.Plain(dash(c.LimitDate.String())),
			})
		}
		d.Titled(d.lf("pdf_leavers_since", "date", h.PreviousAsOf.String()), pdfkit.Text, false, t, rows)
	}
}

// seriesCount is a finding's count in the series tables: "—" for a rule
// that counts nothing (its count is always 0, which would read as "none").
func seriesCount(n int, unit string) string {
	if unit == "none" {
		return "—"
	}
	return fmtInt(n)
}

// countThenNow is a persisting finding's count when first seen → now, or
// "—" for a rule that counts nothing (never "0 → 0").
func countThenNow(f audit.Finding) string {
	if f.CountUnit == "none" {
		return "—"
	}
	return fmtInt(f.History.FirstCount) + " → " + fmtInt(f.Count)
}

// changeCounts is a leaver's count before → now. A side is "—" when that
// report did not list the leaver, and unknown when it listed the leaver
// without knowing the count: never 0.
func changeCounts(c audit.LeaverChange, before, now *int, lang string) string {
	side := func(p *int, listed bool) string {
		switch {
		case !listed:
			return "—"
		case p == nil:
			return L("unknown", lang)
		}
		return fmtInt(*p)
	}
	listedBefore := c.Change != audit.LeaverAppeared
	listedNow := c.Change != audit.LeaverRemoved
	return side(before, listedBefore) + " → " + side(now, listedNow)
}

// followed is a resolved finding's rule, with the rules that took its place
// for the member ("no-receiver → handover-expired").
func followed(r audit.ResolvedFinding) string {
	if len(r.FollowedBy) == 0 {
		return r.Rule
	}
	return r.Rule + " → " + strings.Join(r.FollowedBy, ", ")
}
