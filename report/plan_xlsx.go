package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/rules"
)

// The plan workbook's words are the catalogue's sheets.plan.* messages
// (catalog/sheets.yaml).

// planFont is the one font of the workbook, as in the audit workbook.
const planFont = "Microsoft YaHei"

// planDate is a calendar day written as an Excel date (serial days).
type planDate audit.Date

// WritePlanXLSX writes the plan workbook: the Handover plan first (readable back
// as --plan), then Transfer batches, Group transfers, Expansions,
// Unplaceable and Not transferable. lang is "zh" or "en" (anything but "en"
// is Chinese). Text from the inputs is always written as text, never as a
// formula, and the same plan gives the same bytes.
func WritePlanXLSX(w io.Writer, p *plan.Plan, lang string) error {
	if p == nil {
		return errors.New("plan: no plan")
	}
	if lang != "en" {
		lang = "zh"
	}
	b := &planBook{f: newWorkbookFile(), p: p, lang: lang}
	defer b.f.Close()
	if err := b.styles(); err != nil {
		return fmt.Errorf("plan xlsx: styles: %w", err)
	}
	// The cover first, for HR; the Handover plan second, the first sheet
	// whose header the --plan reader recognises; the console steps for HR
	// and the admin; the API batches for IT after them.
	for i, t := range []planTable{
		b.coverSheet(), b.planSheet(), b.consoleSheet(), b.batchSheet(), b.groupSheet(), b.expansionSheet(),
		b.unplaceableSheet(), b.notTransferableSheet(),
	} {
		if err := b.write(i, t); err != nil {
			return fmt.Errorf("plan xlsx: %s: %w", t.name, err)
		}
		if err := b.printSetup(t.name); err != nil {
			return fmt.Errorf("plan xlsx: %s: print setup: %w", t.name, err)
		}
	}
	if b.missing != nil {
		return b.missing
	}
	b.f.SetActiveSheet(0)
	// Document dates come from the as-of date, never the clock, so that the
	// same inputs give the same bytes.
	stamp := p.AsOf.Time().UTC().Format("2006-01-02T15:04:05Z")
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Creator: "auditor", LastModifiedBy: "auditor", Created: stamp, Modified: stamp,
		Title: b.L("title"), Language: map[string]string{"zh": "zh-CN", "en": "en-US"}[lang],
	}); err != nil {
		return fmt.Errorf("plan xlsx: document properties: %w", err)
	}
	if err := writeWorkbook(b.f, w); err != nil {
		return fmt.Errorf("plan xlsx: write: %w", err)
	}
	return nil
}

type planBook struct {
	f       *excelize.File
	p       *plan.Plan
	lang    string
	missing error
	header  int
	date    int
	wrap    int
}

// planTable is one sheet: headers, widths, rows of string, int, planDate or nil.
type planTable struct {
	name    string
	headers []string
	widths  []float64
	wrap    []bool
	rows    [][]any
}

// L is the label sheets.plan.<key> in the workbook's language; a missing
// one fails the write.
func (b *planBook) L(key string) string {
	id := "sheets.plan." + key
	if !catalog.Has(id) {
		if b.missing == nil {
			b.missing = fmt.Errorf("plan xlsx: no label %q", key)
		}
		return key
	}
	return catalog.T(b.lang, id, nil)
}

func (b *planBook) styles() error {
	var err error
	if b.header, err = b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: planFont},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	}); err != nil {
		return err
	}
	iso := isoDate
	if b.date, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: planFont}, CustomNumFmt: &iso, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}); err != nil {
		return err
	}
	b.wrap, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: planFont}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	return b.f.SetDefaultFont(planFont)
}

func (b *planBook) write(i int, t planTable) error {
	f := b.f
	if i == 0 {
		if err := f.SetSheetName("Sheet1", t.name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(t.name); err != nil {
		return err
	}
	for c, h := range t.headers {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(t.name, cell, h); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(t.headers), 1)
	if err := f.SetCellStyle(t.name, "A1", last, b.header); err != nil {
		return err
	}
	for r, row := range t.rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			var err error
			switch v := v.(type) {
			case nil:
				continue
			case string:
				// SetCellStr always stores text: "=1+2" stays a string.
				err = f.SetCellStr(t.name, cell, v)
			case int:
				err = f.SetCellInt(t.name, cell, int64(v))
			case planDate:
				d := audit.Date(v)
				if d.IsZero() {
					continue
				}
				// Excel's serial day: days since 1899-12-30.
				serial := audit.NewDate(1899, 12, 30).DaysUntil(d)
				if err = f.SetCellInt(t.name, cell, int64(serial)); err == nil {
					err = f.SetCellStyle(t.name, cell, cell, b.date)
				}
			default:
				err = fmt.Errorf("unexpected cell value %T", v)
			}
			if err != nil {
				return err
			}
		}
	}
	n := len(t.rows) + 1
	for c, wd := range t.widths {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetColWidth(t.name, col, col, wd); err != nil {
			return err
		}
		if c < len(t.wrap) && t.wrap[c] && n > 1 {
			if err := f.SetCellStyle(t.name, col+"2", fmt.Sprintf("%s%d", col, n), b.wrap); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(t.name, &headerPanes); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(t.headers))
	return f.AutoFilter(t.name, fmt.Sprintf("A1:%s%d", lastCol, n), nil)
}

func (b *planBook) planSheet() planTable {
	t := planTable{
		name:    b.L("sheet_plan"),
		headers: []string{b.L("h_userid"), b.L("h_date"), b.L("h_receiver"), b.L("h_count")},
		widths:  []float64{22, 14, 22, 10},
	}
	for _, h := range b.p.Handovers() {
		var count any
		if h.HasCount {
			count = h.Count
		}
		var recv any
		if h.Receiver != "" {
			recv = h.Receiver
		}
		t.rows = append(t.rows, []any{h.UserID, planDate(h.DepartureDate), recv, count})
	}
	return t
}

func (b *planBook) batchSheet() planTable {
	t := planTable{
		name: b.L("sheet_batches"),
		headers: []string{b.L("leaver"), b.L("receiver"), b.L("batch"), b.L("of"), b.L("customers"),
			b.L("external_ids"), b.L("requires"), b.L("route")},
		widths: []float64{22, 22, 8, 8, 10, 60, 36, 16},
		wrap:   []bool{false, false, false, false, false, true, true, false},
	}
	for _, x := range b.p.Batches {
		t.rows = append(t.rows, []any{x.Leaver, x.Receiver, x.No, x.Of, x.Customers,
			planOrNil(strings.Join(x.ExternalIDs, ",")), planOrNil(b.join(x.Requires)), b.L("route_" + x.Route)})
	}
	return t
}

func (b *planBook) groupSheet() planTable {
	t := planTable{
		name:    b.L("sheet_groups"),
		headers: []string{b.L("leaver"), b.L("receiver"), b.L("day"), b.L("call"), b.L("groups"), b.L("chat_ids")},
		widths:  []float64{22, 22, 8, 10, 10, 60},
		wrap:    []bool{false, false, false, false, false, true},
	}
	for _, g := range b.p.GroupCalls {
		t.rows = append(t.rows, []any{g.Leaver, g.Receiver, g.Day, g.Call, g.Groups, planOrNil(strings.Join(g.ChatIDs, ","))})
	}
	return t
}

func (b *planBook) expansionSheet() planTable {
	t := planTable{
		name: b.L("sheet_expansions"),
		headers: []string{b.L("order"), b.L("kind"), b.L("member"), b.L("name"), b.L("times"), b.L("cap_from"),
			b.L("cap_to"), b.L("load"), b.L("eligible"), b.L("reasons"), b.L("for")},
		widths: []float64{8, 12, 22, 14, 8, 12, 12, 12, 10, 40, 40},
		wrap:   []bool{false, false, false, false, false, false, false, false, false, true, true},
	}
	for i, x := range b.p.Expansions {
		kind, times, load := b.L("member_exp"), any(nil), any(x.Load)
		member, name := any(x.Member), any(planOrNil(x.Name))
		why := b.join(x.Reasons)
		if x.Enterprise {
			kind, times, load, member, name = b.L("enterprise"), x.Count, nil, nil, nil
		} else if why == "" {
			why = b.L("member_eligible")
		}
		t.rows = append(t.rows, []any{i + 1, kind, member, name, times, x.From, x.To, load,
			b.tri(x.Eligible), planOrNil(why), planOrNil(strings.Join(x.For, ", "))})
	}
	return t
}

func (b *planBook) unplaceableSheet() planTable {
	t := planTable{
		name:    b.L("sheet_unplaceable"),
		headers: []string{b.L("leaver"), b.L("u_customers"), b.L("u_placed"), b.L("u_short"), b.L("u_groups")},
		widths:  []float64{22, 14, 50, 14, 14},
		wrap:    []bool{false, false, true},
	}
	for _, u := range b.p.Unplaceable {
		var placed []string
		for _, x := range u.Placed {
			placed = append(placed, catalog.T(b.lang, "sheets.plan.placed_line", catalog.Args{"receiver": x.Receiver, "customers": x.Customers, "cap": x.To}))
		}
		t.rows = append(t.rows, []any{u.Leaver, u.Customers, planOrNil(strings.Join(placed, "\n")), u.Short, u.Groups})
	}
	return t
}

func (b *planBook) notTransferableSheet() planTable {
	t := planTable{
		name: b.L("sheet_not"),
		headers: []string{b.L("leaver"), b.L("name"), b.L("status"), b.L("departure_date"), b.L("limit_date"),
			b.L("reason"), b.L("customers"), b.L("groups")},
		widths: []float64{22, 14, 10, 14, 14, 40, 10, 10},
		wrap:   []bool{false, false, false, false, false, true},
	}
	for _, l := range b.p.Leavers {
		if l.Transferable {
			continue
		}
		why := b.L("login_stale")
		if l.Expired {
			why = b.L("expired")
		}
		t.rows = append(t.rows, []any{l.UserID, planOrNil(l.Name), b.L(l.Status.String()), planDate(l.DepartureDate),
			planDate(l.LimitDate), why, l.Customers, l.Groups})
	}
	return t
}

func (b *planBook) join(ts []rules.Text) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(b.lang)
	}
	return strings.Join(out, b.L("sep"))
}

func (b *planBook) tri(v *bool) string {
	switch {
	case v == nil:
		return b.L("unknown")
	case *v:
		return b.L("yes")
	}
	return b.L("no_")
}

// orNil leaves a cell empty rather than writing an empty string.
func planOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
