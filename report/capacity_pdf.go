package report

import (
	"fmt"
	"math"
	"time"

	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// pdfCapacityMembers is how many members the capacity page lists; the
// workbook and the JSON list them all.
const pdfCapacityMembers = 30

// capacityCover draws the cover's capacity lines (issue 28): only when the
// enterprise expansion is due within its lead time, or members must ask
// for theirs.
func (d *pdfDoc) capacityCover() {
	r := d.res.Capacity
	if r == nil {
		return
	}
	for _, t := range r.Cover() {
		d.Para(d.txt(t), 10.5, true, severityColor(rules.High))
	}
}

// capacityPage is the capacity forecast's page: the forecast in words, the
// chart of the past weekly totals and the projection, what an expansion
// takes, and the members who must ask for one.
func (d *pdfDoc) capacityPage() {
	r := d.res.Capacity
	if r == nil {
		return
	}
	d.H1(catalog.T(d.lang, "capacity.label.customer_capacity_forecast", nil))
	d.Para(catalog.T(d.lang, "capacity.label.enterprise", nil)+outlookLine(r.Enterprise, d.lang), 10, true, pdfkit.Text)
	e := r.Enterprise
	if e.Known {
		for _, rc := range e.Reaches[1:] {
			d.Para(catalog.T(d.lang, "capacity.after_expansion", catalog.Args{"cap": rc.Cap, "when": capacity.ReachText(rc)}), 9.5, false, pdfkit.Text)
		}
	}
	for _, c := range r.Campaigns {
		d.Para(catalog.T(d.lang, "capacity.campaign", catalog.Args{"date": ymdOf(c.Date), "count": c.Customers}), 9.5, false, pdfkit.Text)
	}
	d.Para(catalog.T(d.lang, "capacity.label.method", nil)+CapacityMethodOf(r, d.lang)+catalog.T(d.lang, map[bool]string{true: "capacity.lead.default", false: "capacity.lead.profile"}[r.LeadDefault], catalog.Args{"n": r.LeadDays}), 8.5, false, pdfkit.Muted)
	d.capacityChart(r)
	d.H2(catalog.T(d.lang, "capacity.label.what_an_expansion_takes", nil), pdfkit.Text, 20, false)
	for i, t := range r.Steps() {
		d.Para(fmt.Sprintf("%d. %s", i+1, d.txt(t)), 9.5, false, pdfkit.Text)
	}
	w := d.ContentW()
	t := d.Table(8,
		pdfkit.Col{Head: catalog.T(d.lang, "capacity.label.member", nil), W: w * 0.2, Align: "L"},
		pdfkit.Col{Head: catalog.T(d.lang, "capacity.label.incoming", nil), W: w * 0.1, Align: "R"},
		pdfkit.Col{Head: catalog.T(d.lang, "capacity.label.customers_cap", nil), W: w * 0.16, Align: "R"},
		pdfkit.Col{Head: catalog.T(d.lang, "capacity.label.forecast", nil), W: w * 0.54, Align: "L"},
	)
	var rows [][]pdfkit.Cell
	for i, m := range r.Members {
		if i == pdfCapacityMembers {
			break
		}
		who := m.UserID
		if m.Name != "" {
			who = m.Name + "\n" + m.UserID
		}
		line := outlookLine(m.Outlook, d.lang)
		if m.AtMax {
			line += catalog.T(d.lang, "capacity.label.at_member_max", nil)
		}
		cell := pdfkit.Plain(line)
		if m.Due {
			c := severityColor(rules.High)
			cell.Color = &c
		}
		rows = append(rows, []pdfkit.Cell{{Text: who, Bold: m.Receiver}, pdfkit.Plain(fmtInt(m.Incoming)),
			pdfkit.Plain(fmtInt(m.Customers) + " / " + fmtInt(m.Cap)), cell})
	}
	title := catalog.T(d.lang, "capacity.label.members_to_ask", nil)
	if len(rows) == 0 {
		d.H2(title, pdfkit.Text, 8, false)
		d.Para(capacityNoMembers(r, d.lang), 9.5, false, pdfkit.Muted)
	} else {
		d.Titled(title, pdfkit.Text, false, t, rows)
	}
	if n := len(r.Members) - pdfCapacityMembers; n > 0 {
		d.Para(catalog.T(d.lang, "capacity.more_in_workbook", catalog.Args{"n": n}), 8.5, false, pdfkit.Muted)
	}
	if r.MembersUnknown > 0 {
		d.Para(catalog.T(d.lang, "capacity.members_unknown", catalog.Args{"n": r.MembersUnknown}), 8.5, false, pdfkit.Muted)
	}
}

// capacityChart draws the enterprise's weekly totals (solid), the
// projection (red) with its range (dashed) and the cap (grey), with fpdf
// lines, as the workbook's native chart shows them.
func (d *pdfDoc) capacityChart(r *capacity.Report) {
	if len(r.Weeks) == 0 {
		return
	}
	f := d.F
	const (
		axisW  = 16.0
		plotH  = 70.0
		labelH = 8.0
		legH   = 7.0
	)
	d.H2(catalog.T(d.lang, "capacity.label.weekly_customer_totals_and_forecast", nil), pdfkit.Text, legH+plotH+labelH+4, false)
	y := f.GetY()
	colPast, colFc, colRange, colCap := pdfkit.Accent, pdfkit.RGB{R: 192, G: 0, B: 0}, pdfkit.RGB{R: 244, G: 177, B: 131}, pdfkit.RGB{R: 64, G: 64, B: 64}
	lx := pdfkit.MarginX + axisW
	for _, it := range []struct {
		c     pdfkit.RGB
		label string
	}{{colPast, catalog.T(d.lang, "capacity.label.total", nil)}, {colFc, catalog.T(d.lang, "capacity.label.forecast", nil)}, {colRange, catalog.T(d.lang, "capacity.label.forecast_range", nil)}, {colCap, catalog.T(d.lang, "capacity.label.cap", nil)}} {
		d.FillColor(it.c)
		f.Rect(lx, y+2.2, 5, 1.2, "F")
		d.Font(false, 8)
		d.Color(pdfkit.Text)
		f.SetXY(lx+6, y)
		tw := d.StrWidth(it.label) + 2
		d.Cell(tw, 5.4, it.label, 0, "L")
		lx += 6 + tw + 4
	}
	top := y + legH
	bottom := top + plotH
	plotX := pdfkit.MarginX + axisW
	plotW := d.ContentW() - axisW - 2

	start := r.Weeks[0].End
	end := r.Weeks[len(r.Weeks)-1].End
	if n := len(r.Projection); n > 0 {
		end = r.Projection[n-1].Date
	}
	lo, hi := math.Inf(1), float64(r.Enterprise.Cap)
	for _, w := range r.Weeks {
		lo, hi = math.Min(lo, float64(w.Total)), math.Max(hi, float64(w.Total))
	}
	for _, p := range r.Projection {
		hi = math.Max(hi, float64(p.High))
	}
	step := niceStep((hi - lo) / 4)
	axisMin := math.Floor(lo/step) * step
	axisMax := math.Ceil(hi*1.02/step) * step
	days := math.Max(1, end.Sub(start).Hours()/24)
	xOf := func(t time.Time) float64 { return plotX + t.Sub(start).Hours()/24/days*plotW }
	yOf := func(v float64) float64 { return bottom - (v-axisMin)/(axisMax-axisMin)*plotH }

	f.SetLineWidth(0.15)
	d.DrawColor(pdfkit.Rule)
	d.Font(false, 7)
	d.Color(pdfkit.Muted)
	for v := axisMin; v <= axisMax+step/2; v += step {
		yy := yOf(v)
		f.Line(plotX, yy, plotX+plotW, yy)
		f.SetXY(pdfkit.MarginX, yy-1.75)
		d.Cell(axisW-1.5, 3.5, fmtInt(int(v)), 0, "R")
	}
	// Month labels along the bottom.
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0); !m.After(end); m = m.AddDate(0, 1, 0) {
		x := xOf(m)
		f.Line(x, bottom, x, bottom+1)
		if m.Month()%2 == 1 {
			f.SetXY(x-8, bottom+1)
			d.Cell(16, 4, m.Format("2006-01"), 0, "C")
		}
	}
	d.DrawColor(pdfkit.Text)
	f.SetLineWidth(0.3)
	f.Line(plotX, bottom, plotX+plotW, bottom)

	poly := func(c pdfkit.RGB, width float64, dash bool, xs []time.Time, vs []int) {
		d.DrawColor(c)
		f.SetLineWidth(width)
		if dash {
			f.SetDashPattern([]float64{1.2, 0.8}, 0)
		}
		for i := 1; i < len(xs); i++ {
			f.Line(xOf(xs[i-1]), yOf(float64(vs[i-1])), xOf(xs[i]), yOf(float64(vs[i])))
		}
		f.SetDashPattern([]float64{}, 0)
	}
	// The cap, labelled with its number: the line the reader measures
	// the forecast against.
	capY := yOf(float64(r.Enterprise.Cap))
	d.DrawColor(colCap)
	f.SetLineWidth(0.5)
	f.SetDashPattern([]float64{2, 1}, 0)
	f.Line(plotX, capY, plotX+plotW, capY)
	f.SetDashPattern([]float64{}, 0)
	d.Font(false, 7)
	d.Color(colCap)
	f.SetXY(plotX+1, capY-4)
	d.Cell(60, 3.5, catalog.T(d.lang, "capacity.label.cap", nil)+" "+fmtInt(r.Enterprise.Cap), 0, "L")
	var xs []time.Time
	var vs []int
	for _, w := range r.Weeks {
		xs, vs = append(xs, w.End), append(vs, w.Total)
	}
	poly(colPast, 0.6, false, xs, vs)
	if len(r.Projection) > 0 {
		xs = xs[:0]
		var mid, low, high []int
		for _, p := range r.Projection {
			xs = append(xs, p.Date)
			mid, low, high = append(mid, p.Total), append(low, p.Low), append(high, p.High)
		}
		poly(colRange, 0.4, true, xs, low)
		poly(colRange, 0.4, true, xs, high)
		poly(colFc, 0.6, false, xs, mid)
	}
	// The as-of date.
	d.DrawColor(pdfkit.Muted)
	f.SetLineWidth(0.2)
	f.SetDashPattern([]float64{0.6, 0.6}, 0)
	f.Line(xOf(r.AsOf), top, xOf(r.AsOf), bottom)
	f.SetDashPattern([]float64{}, 0)
	d.Font(false, 7)
	d.Color(pdfkit.Muted)
	f.SetXY(xOf(r.AsOf)+1, top)
	d.Cell(30, 3.5, ymdOf(r.AsOf), 0, "L")
	d.Color(pdfkit.Text)
	f.SetXY(pdfkit.MarginX, bottom+labelH)
}
