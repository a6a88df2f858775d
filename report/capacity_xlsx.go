package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/catalog"
)

// capacitySheet is the Capacity sheet (issue 28): the forecast in words,
// the past weekly totals and the projection with a native line chart, and
// the members who must ask for an expansion. Nothing without a forecast.
func (b *book) capacitySheet() error {
	r := b.res.Capacity
	if r == nil {
		return nil
	}
	name := catalog.T(b.lang, "capacity.label.capacity", nil)
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	var err error
	put := func(ref string, v any, style int) {
		if err == nil {
			err = b.f.SetCellValue(name, ref, v)
		}
		if err == nil && style != 0 {
			err = b.f.SetCellStyle(name, ref, ref, style)
		}
	}
	// A sentence longer than its column is merged across the table (A–F)
	// and wrapped, with the row as high as its lines: a wrapped cell does
	// not spill into its empty neighbours, so it would be cut off.
	widths := map[string]float64{"A": 16, "B": 14, "C": 12, "D": 12, "E": 12, "F": 36}
	long := func(col string, row int, text string, style int) {
		put(cell(col, row), text, style)
		span := 0.0
		for c := col[0]; c <= 'F'; c++ {
			span += widths[string(c)]
		}
		if err == nil {
			err = b.f.MergeCell(name, cell(col, row), cell("F", row))
		}
		if n := wrappedLines(text, span); err == nil && n > 1 {
			err = b.f.SetRowHeight(name, row, min(float64(n*lineHeight)+2, maxRowHeight))
		}
	}
	row := 1
	put(cell("A", row), catalog.T(b.lang, "capacity.label.customer_capacity_forecast", nil), b.st.title)
	row++
	long("A", row, catalog.T(b.lang, "capacity.label.method", nil)+CapacityMethodOf(r, b.lang), b.st.note)
	row += 2
	put(cell("A", row), catalog.T(b.lang, "capacity.label.enterprise_cell", nil), b.st.label)
	long("B", row, outlookLine(r.Enterprise, b.lang), b.st.text)
	for _, t := range r.Cover() {
		row++
		long("B", row, t.In(b.lang), b.st.verdict)
	}
	if len(r.Campaigns) > 0 {
		row++
		var cs []string
		for _, c := range r.Campaigns {
			cs = append(cs, ymdOf(c.Date)+" +"+fmtInt(c.Customers))
		}
		put(cell("A", row), catalog.T(b.lang, "capacity.label.planned_campaigns", nil), b.st.label)
		put(cell("B", row), strings.Join(cs, ", "), b.st.text)
	}
	row += 2
	put(cell("A", row), catalog.T(b.lang, "capacity.label.what_an_expansion_takes", nil), b.st.section)
	for i, t := range r.Steps() {
		row++
		long("A", row, fmt.Sprintf("%d. %s", i+1, t.In(b.lang)), b.st.text)
	}

	// Members.
	row += 2
	put(cell("A", row), catalog.T(b.lang, "capacity.label.members_to_ask", nil), b.st.section)
	row++
	for j, h := range []string{catalog.T(b.lang, "capacity.label.member", nil), catalog.T(b.lang, "capacity.label.name", nil), catalog.T(b.lang, "capacity.label.incoming", nil), catalog.T(b.lang, "capacity.label.customers", nil),
		catalog.T(b.lang, "capacity.label.cap", nil), catalog.T(b.lang, "capacity.label.forecast", nil)} {
		put(cell(string(rune('A'+j)), row), h, b.st.header)
	}
	for _, m := range r.Members {
		row++
		put(cell("A", row), m.UserID, b.st.id)
		put(cell("B", row), m.Name, b.st.text)
		put(cell("C", row), m.Incoming, b.st.integer)
		put(cell("D", row), m.Customers, b.st.integer)
		put(cell("E", row), m.Cap, b.st.integer)
		line := outlookLine(m.Outlook, b.lang)
		if m.AtMax {
			line += catalog.T(b.lang, "capacity.label.at_member_max", nil)
		}
		put(cell("F", row), line, b.st.text)
	}
	if len(r.Members) == 0 {
		row++
		long("A", row, capacityNoMembers(r, b.lang), b.st.note)
	}
	if r.MembersUnknown > 0 {
		row++
		long("A", row, catalog.T(b.lang, "capacity.members_unknown", catalog.Args{"n": r.MembersUnknown}), b.st.note)
	}

	// Weekly totals: the past, then the projection.
	row += 2
	put(cell("A", row), catalog.T(b.lang, "capacity.label.weekly_customer_totals", nil), b.st.section)
	row++
	head := row
	for j, h := range []string{catalog.T(b.lang, "capacity.label.week_ending", nil), catalog.T(b.lang, "capacity.label.added", nil), catalog.T(b.lang, "capacity.label.total", nil),
		catalog.T(b.lang, "capacity.label.forecast", nil), catalog.T(b.lang, "capacity.label.forecast_low", nil), catalog.T(b.lang, "capacity.label.forecast_high", nil)} {
		put(cell(string(rune('A'+j)), row), h, b.st.header)
	}
	for _, w := range r.Weeks {
		row++
		put(cell("A", row), ymdOf(w.End), b.st.id)
		put(cell("B", row), w.Added, b.st.integer)
		put(cell("C", row), w.Total, b.st.integer)
	}
	for i, p := range r.Projection {
		if i == 0 && len(r.Weeks) > 0 {
			// The as-of week is the last past row: the projection starts on it.
			put(cell("D", row), p.Total, b.st.integer)
			put(cell("E", row), p.Low, b.st.integer)
			put(cell("F", row), p.High, b.st.integer)
			continue
		}
		row++
		put(cell("A", row), ymdOf(p.Date), b.st.id)
		put(cell("D", row), p.Total, b.st.integer)
		put(cell("E", row), p.Low, b.st.integer)
		put(cell("F", row), p.High, b.st.integer)
	}
	if len(r.Weeks) == 0 {
		row++
		note := catalog.T(b.lang, "capacity.label.the_exports_carry_no_add_times", nil)
		if !r.PastUnknown.IsZero() {
			note = catalog.T(b.lang, "capacity.label.unknown", nil) + r.PastUnknown.In(b.lang)
		}
		long("A", row, note, b.st.note)
	}
	if err != nil {
		return fmt.Errorf("sheet %s: %w", name, err)
	}
	for col, w := range widths {
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	// Printed, the sheet is the table A–F, one page wide (the merged
	// sentences span it) and as many pages tall as the weekly table needs;
	// the chart beside it is for the screen (the PDF has it on its page).
	if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$F$%d", strings.ReplaceAll(name, "'", "''"), row)}); err != nil {
		return err
	}
	fit, one, tall := true, 1, 0
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	if row == head || len(r.Weeks) == 0 {
		return nil
	}
	ref := func(col string) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(name, "'", "''"), col, head+1, col, row)
	}
	title := func(col string) string {
		return fmt.Sprintf("'%s'!$%s$%d", strings.ReplaceAll(name, "'", "''"), col, head)
	}
	colours := map[string]string{"C": "1F4E79", "D": "C00000", "E": "F4B183", "F": "F4B183"}
	var series []excelize.ChartSeries
	for _, col := range []string{"C", "D", "E", "F"} {
		if col != "C" && len(r.Projection) == 0 {
			continue
		}
		s := excelize.ChartSeries{Name: title(col), Categories: ref("A"), Values: ref(col),
			Line: excelize.LineOptions{Width: 1.5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[col]}}}, Marker: excelize.ChartMarker{Symbol: "none"}}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[col]}}
		if col == "E" || col == "F" {
			s.Line.Width = 1
			s.Line.Dash = excelize.LineDashDash
		}
		series = append(series, s)
	}
	// The cap as a flat line across the chart.
	capRow := head
	put(cell("H", capRow), catalog.T(b.lang, "capacity.label.cap", nil), b.st.header)
	for i := head + 1; i <= row; i++ {
		put(cell("H", i), r.Enterprise.Cap, 0)
	}
	if err != nil {
		return err
	}
	series = append(series, excelize.ChartSeries{Name: title("H"), Categories: ref("A"), Values: ref("H"),
		Line: excelize.LineOptions{Width: 1, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"7F7F7F"}}}, Marker: excelize.ChartMarker{Symbol: "none"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"7F7F7F"}}})
	return b.f.AddChart(name, cell("J", head), &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: catalog.T(b.lang, "capacity.label.weekly_customer_totals_and_forecast", nil), Font: &excelize.Font{Bold: true, Size: 12, Family: xlsxFont}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: excelize.Font{Color: "404040", Size: 8}, TickLabelSkip: 4},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: excelize.Font{Color: "404040", Size: 9}},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
		Format:    excelize.GraphicOptions{AltText: catalog.T(b.lang, "capacity.label.weekly_customer_totals_and_forecast", nil)},
	})
}
