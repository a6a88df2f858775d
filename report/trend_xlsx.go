package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// xlsxTrendRuns is how many runs the summary's trend shows (a year of
// monthly audits); the JSON keeps them all.
const xlsxTrendRuns = 12

// findingSeriesCols are the findings sheet's columns for the series: the
// fingerprint a waiver names, the status against the previous run, the
// first-seen date and the waiver.
var findingSeriesCols = []column{{"fingerprint", kHash}, {"status", kText}, {"first_seen", kDate}, {"waiver", kLong}}

// findingSeries fills those columns for one finding.
func (b *book) findingSeries(f audit.Finding, out []any) {
	out[0] = f.Fingerprint
	out[1], out[2], out[3] = nil, nil, nil
	if h := f.History; h != nil {
		out[1] = b.L("status_" + h.Status)
		if note := escalatedNote(h, b.lang); note != "" {
			out[1] = note
		}
		out[2] = h.FirstSeen
	}
	if w := f.Waiver; w != nil {
		mark := b.L("waived_mark")
		if w.Expired {
			mark = b.L("waiver_expired_mark")
		}
		out[3] = fmt.Sprintf("%s: %s (%s, %s)", mark, w.Reason, w.AcceptedBy, w.Expires)
	}
}

// seriesRows writes, at the top of the summary below the verdict, the
// persisting critical and high findings with their age and the trend of
// findings by severity with a native stacked column chart. It returns the
// last row used; without earlier reports it writes nothing.
func (b *book) seriesRows(s *summarySheet, row int) int {
	if ws := b.res.Waivers; ws != nil {
		// One line under the verdict: the expired and unused waivers are
		// what someone has to act on; the findings sheet marks each one.
		row++
		s.put(cell("A", row), b.L("waivers_heading"), b.st.label)
		s.put(cell("B", row), WaiverCounts(b.lang, ws.Applied, len(ws.Expired), len(ws.Unused)), b.st.text)
		s.merge(cell("B", row), cell("E", row))
	}
	h := b.res.History
	if h == nil || s.err != nil {
		return row
	}
	// Persisting critical and high findings, the longest open first.
	row += 2
	s.put(cell("A", row), b.L("persisting_top"), b.st.section)
	s.sectionRule(row)
	fs := persistingFindings(b.res)
	if len(fs) == 0 {
		row++
		s.put(cell("A", row), b.L("persisting_none"), b.st.note)
	} else {
		row++
		for j, key := range []string{"severity", "rule", "member", "first_seen", "age"} {
			s.put(cell(string(rune('A'+j)), row), b.L(key), b.st.header)
		}
		for _, f := range fs {
			row++
			s.put(cell("A", row), SeverityLabel(f.Severity, b.lang), b.st.sev[f.Severity])
			rule := f.Rule
			if f.Waived() {
				rule += " (" + b.L("waived_mark") + ")"
			}
			s.put(cell("B", row), rule, b.st.text)
			member := f.Member
			if f.Receiver != "" {
				member += " → " + f.Receiver
			}
			s.put(cell("C", row), member, b.st.id)
			s.put(cell("D", row), f.History.FirstSeen.Time(), b.st.dateLeft)
			s.put(cell("E", row), Age(b.lang, f.History.MonthsOpen), b.st.text)
		}
	}

	// Trend table: one row per run, one column per severity.
	points := h.Trend
	total := len(points)
	if len(points) > xlsxTrendRuns {
		points = points[len(points)-xlsxTrendRuns:]
	}
	row += 2
	s.put(cell("A", row), b.L("trend"), b.st.section)
	s.sectionRule(row)
	row++
	head := row
	s.put(cell("A", head), b.L("as_of"), b.st.header)
	for k, sev := range rules.Severities {
		s.put(cell(string(rune('B'+k)), head), SeverityLabel(sev, b.lang), b.st.header)
	}
	for _, p := range points {
		row++
		// The date as text: it is the chart's category label, and a
		// date cell would show as a serial number on some axes.
		s.put(cell("A", row), p.AsOf.String(), b.st.id)
		for k, sev := range rules.Severities {
			s.put(cell(string(rune('B'+k)), row), p.Summary.Of(sev), b.st.integer)
		}
	}
	if total > len(points) {
		row++
		s.put(cell("A", row), Lv("trend_runs_note", b.lang, catalog.Args{"shown": len(points), "total": total}), b.st.note)
	}
	if s.err != nil {
		return row
	}
	ref := func(col string, r0, r1 int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(s.name, "'", "''"), col, r0, col, r1)
	}
	var series []excelize.ChartSeries
	for k, sev := range rules.Severities {
		col := string(rune('B' + k))
		series = append(series, excelize.ChartSeries{
			Name: ref(col, head, head), Categories: ref("A", head+1, head+len(points)), Values: ref(col, head+1, head+len(points)),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{severityColour[sev].fill}},
		})
	}
	sameColour := false
	const chartH = 240
	row += 2
	err := b.f.AddChart(s.name, cell("A", row), &excelize.Chart{
		Type:       excelize.ColStacked,
		VaryColors: &sameColour,
		Series:     series,
		Title:      b.chartTitle("trend"),
		Legend:     excelize.ChartLegend{Position: "bottom"},
		XAxis:      excelize.ChartAxis{Font: excelize.Font{Color: "404040", Size: 9}},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: excelize.Font{Color: "404040", Size: 9}},
		// Narrow enough to stay left of the charts in column G.
		Dimension: excelize.ChartDimension{Width: 440, Height: chartH},
		Format:    excelize.GraphicOptions{AltText: b.L("trend")},
	})
	if err != nil {
		s.err = fmt.Errorf("trend chart: %w", err)
		return row
	}
	return row + chartH/20 + 1 // default rows are 20 px high
}

// seriesSheets adds, after the findings, the findings new or escalated
// since the previous report, those resolved, those escalated (replaced by
// a more severe one of the same member) and the leavers that changed since
// it. Nothing without a previous report.
func (b *book) seriesSheets() error {
	h := b.res.History
	if h == nil || h.PreviousAsOf.IsZero() {
		return nil
	}
	fs := newFindings(b.res)
	if err := b.writeTable(table{
		sheet: "sheet_new",
		cols: []column{
			{"rule", kText}, {"severity", kSev}, {"status", kText}, {"member", kID}, {"receiver", kID}, {"count", kInt},
			{"fingerprint", kHash}, {"waiver", kLong},
		},
		n: len(fs),
		row: func(i int, out []any) {
			f := fs[i]
			status := b.L("status_" + f.History.Status)
			if note := escalatedNote(f.History, b.lang); note != "" {
				status = note
			}
			out[0], out[1], out[2], out[3], out[4], out[5] = f.Rule, f.Severity, status, nonEmpty(f.Member), nonEmpty(f.Receiver), xlsxSeriesCount(f.Count, f.CountUnit)
			out[6] = f.Fingerprint
			var series [4]any
			b.findingSeries(f, series[:])
			out[7] = series[3]
		},
	}); err != nil {
		return err
	}
	gone := func(sheet string, rs []audit.ResolvedFinding, last string) error {
		return b.writeTable(table{
			sheet: sheet,
			cols: []column{
				{"rule", kText}, {"severity", kSev}, {"member", kID}, {"receiver", kID}, {"count", kInt},
				{"first_seen", kDate}, {"last_seen", kDate}, {"fingerprint", kHash}, {last, kText},
			},
			n: len(rs),
			row: func(i int, out []any) {
				r := rs[i]
				out[0], out[1], out[2], out[3], out[4] = r.Rule, r.Severity, nonEmpty(r.Member), nonEmpty(r.Receiver), xlsxSeriesCount(r.Count, r.CountUnit)
				out[5], out[6], out[7] = r.FirstSeen, r.LastSeen, r.Fingerprint
				out[8] = nonEmpty(strings.Join(r.FollowedBy, ", "))
			},
		})
	}
	if err := gone("sheet_resolved", h.Resolved, "followed_by"); err != nil {
		return err
	}
	if err := gone("sheet_escalated", h.Escalated, "replaced_by"); err != nil {
		return err
	}
	ls := h.Leavers
	return b.writeTable(table{
		sheet: "sheet_leaver_changes",
		cols: []column{
			{"userid", kID}, {"name", kText}, {"change", kText}, {"customers_before", kInt}, {"customers_now", kInt},
			{"external_before", kInt}, {"external_now", kInt}, {"limit_date", kDate},
		},
		n: len(ls),
		row: func(i int, out []any) {
			c := ls[i]
			out[0], out[1], out[2] = c.UserID, nonEmpty(c.Name), b.L("change_"+c.Change)
			// A count the report listed but did not know is unknown, not
			// an empty cell that reads as nothing (nor 0); empty means the
			// leaver was not listed then.
			count := func(p *int, listed bool) any {
				switch {
				case !listed:
					return nil
				case p == nil:
					return b.L("unknown")
				}
				return *p
			}
			before, now := c.Change != audit.LeaverAppeared, c.Change != audit.LeaverRemoved
			out[3], out[4] = count(c.CustomersBefore, before), count(c.CustomersNow, now)
			out[5], out[6] = count(c.ExternalBefore, before), count(c.ExternalNow, now)
			out[7] = c.LimitDate
		},
	})
}

// xlsxSeriesCount is a finding's count in the series sheets: an empty cell
// for a rule that counts nothing (its count is always 0, which would read
// as "none").
func xlsxSeriesCount(n int, unit string) any {
	if unit == "none" {
		return nil
	}
	return n
}
