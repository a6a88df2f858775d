package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/catalog/explain"
	"github.com/wecom-audit/auditor/rules"
)

// XLSXWriter writes the workbook HR works from (docs/spec.md §4.2): a Summary with
// native charts, then one sheet per list in the result.
type XLSXWriter struct{}

var _ Writer = (*XLSXWriter)(nil)

func init() { register(&XLSXWriter{}) }

// Ext is "xlsx".
func (*XLSXWriter) Ext() string { return "xlsx" }

// Layout limits. Widths are in Excel's unit, the width of one "0" of the
// default font; a CJK character takes two.
const (
	minColWidth   = 6
	maxTextWidth  = 40 // names, departments, rule ids: wrap beyond this
	maxLongWidth  = 60 // messages and remediation: prose, wrap beyond this
	maxIDWidth    = 48 // userids, external ids: kept on one line
	maxHashWidth  = 66 // 64 hex digits of a SHA-256 on one line
	lineHeight    = 15 // points per wrapped line at the default 11pt font
	maxRowHeight  = 409
	topReceiverN  = 15 // receivers on the Summary's table and chart
	chartWidthPx  = 600
	summaryValCol = "B"
)

// Severity colours: red, orange, yellow, blue, grey. The same colours fill the severity
// cells and the severity chart so the two read alike.
var severityColour = map[rules.Severity]struct{ fill, font string }{
	rules.Critical: {"C00000", "FFFFFF"},
	rules.High:     {"ED7D31", "FFFFFF"},
	rules.Medium:   {"FFD966", "000000"},
	rules.Low:      {"9DC3E6", "000000"},
	rules.Info:     {"D9D9D9", "000000"},
}

// Write renders res as an .xlsx workbook on w.
func (*XLSXWriter) Write(w io.Writer, res *audit.Result, opt Options) error {
	if res == nil {
		return errors.New("xlsx: no audit result")
	}
	b, err := newBook(res, opt)
	if err != nil {
		return err
	}
	defer b.f.Close() // removes the StreamWriter's temporary files

	for _, step := range []func() error{
		b.summary, b.findingsSheet, b.seriesSheets, b.departingSheet, b.receiversSheet,
		b.atRiskSheet, b.enterpriseSheet, b.capacitySheet, b.dataProblemsSheet, b.inputsSheet, b.trailSheet,
	} {
		if err := step(); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if b.missing != nil {
		return fmt.Errorf("xlsx: %w", b.missing)
	}
	// The workbook opens on the summary, the only sheet selected
	// (TestXLSXOpensOnSummary): it is excelize's first sheet renamed, active
	// and selected from the start, and the others are streamed. No
	// SetActiveSheet(0): it would parse every streamed sheet back into
	// memory (half the writer's time on a million-row audit, issue 8) only
	// to clear a flag they do not have, and the streamed XML is what gets
	// written anyway.
	// Document dates are the generation time from cmd (pinned by
	// SOURCE_DATE_EPOCH), else the audit date: never the clock here, so
	// that the same result and options give the same workbook.
	stamp := generated(res, opt).Format("2006-01-02T15:04:05Z")
	lang := "en-US"
	if b.lang == "zh" {
		lang = "zh-CN"
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Creator:        "auditor",
		LastModifiedBy: "auditor",
		Created:        stamp,
		Modified:       stamp,
		Title:          b.L("title"),
		Language:       lang,
	}); err != nil {
		return fmt.Errorf("xlsx: document properties: %w", err)
	}
	if err := writeWorkbook(b.f, w); err != nil {
		return fmt.Errorf("xlsx: write workbook: %w", err)
	}
	return nil
}

// book is one workbook being written.
type book struct {
	f       *excelize.File
	res     *audit.Result
	lang    string
	mask    bool
	opt     Options
	st      styles
	missing error // first label with no text: a programming error
}

type styles struct {
	header, title, section, label, note, verdict int
	text, id, integer, plain, date, dateLeft     int
	sev                                          map[rules.Severity]int
}

func newBook(res *audit.Result, opt Options) (*book, error) {
	lang := opt.Lang
	if lang != "en" {
		lang = "zh"
	}
	f := newWorkbookFile()
	b := &book{f: f, res: res, lang: lang, mask: opt.MaskPII, opt: opt}
	// One font for every style and the cells without one: bold, italic and
	// headers included, so that no style falls back to another face.
	if err := f.SetDefaultFont(xlsxFont); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: font: %w", err)
	}
	if err := b.newStyles(); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: styles: %w", err)
	}
	return b, nil
}

// L is the label in the workbook's language; a missing key is remembered
// and fails the write, so no raw key ever reaches HR.
func (b *book) L(key string) string {
	t, ok := labels[key]
	if !ok || t.ZH == "" || t.EN == "" {
		if b.missing == nil {
			b.missing = fmt.Errorf("no label %q in report/text.go", key)
		}
		return key
	}
	return t.In(b.lang)
}

func (b *book) newStyles() error {
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt := isoDate
	defs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&b.st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		}},
		{&b.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}},
		{&b.st.section, excelize.Style{
			Font:   &excelize.Font{Bold: true, Size: 12},
			Border: []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		}},
		{&b.st.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&b.st.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}, Alignment: wrap}},
		{&b.st.verdict, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrap}},
		{&b.st.text, excelize.Style{Alignment: wrap}},
		// Userids, external ids and phone numbers are text: "@" keeps a
		// retyped 13800000000 or 007 from turning into a number.
		// Never wrapped: an id broken over two lines reads as two ids.
		{&b.st.id, excelize.Style{NumFmt: 49, Alignment: top}},
		{&b.st.integer, excelize.Style{NumFmt: 3, Alignment: top}}, // #,##0
		{&b.st.plain, excelize.Style{NumFmt: 1, Alignment: top}},   // 0: row numbers, days
		{&b.st.date, excelize.Style{CustomNumFmt: &dateFmt, Alignment: top}},
		{&b.st.dateLeft, excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}},
	}
	for _, d := range defs {
		if d.s.Font == nil {
			d.s.Font = &excelize.Font{}
		}
		d.s.Font.Family = xlsxFont
		id, err := b.f.NewStyle(&d.s)
		if err != nil {
			return err
		}
		*d.dst = id
	}
	b.st.sev = map[rules.Severity]int{}
	for _, sev := range rules.Severities {
		c := severityColour[sev]
		id, err := b.f.NewStyle(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: c.font, Family: xlsxFont},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}},
			Alignment: top,
		})
		if err != nil {
			return err
		}
		b.st.sev[sev] = id
	}
	return nil
}

// ---- tabular sheets -------------------------------------------------------

// colKind says how a column's values are styled and how wide it may grow.
type colKind int8

const (
	kText  colKind = iota // short text: names, departments, labels
	kLong                 // prose: messages, remediation, problems
	kID                   // identifiers kept as text: userids, external ids
	kHash                 // SHA-256: text, never wrapped, compared by eye
	kInt                  // counts, with thousands separators
	kPlain                // row numbers and days, no separators
	kDate
	kSev
)

type column struct {
	key  string // label key of the header
	kind colKind
}

// label is a bold text cell in a table's trailing block (Inputs' run facts).
type label string

// table is a sheet of one header row and n rows, written with the
// StreamWriter so that 100,000+ rows cost little memory. row fills out with
// the values of row i: string, int, audit.Date, rules.Severity, label or nil.
type table struct {
	sheet string // label key of the sheet name
	cols  []column
	n     int
	row   func(i int, out []any)
	// after is written below the table, after one blank row, outside the
	// auto-filter (run facts and assumptions on Inputs).
	after [][]any
	// whole keeps a short sheet of facts in one piece (the audit trail).
	whole bool
}

// maxSheetRows is how many data rows fit under the header of one sheet
// (Excel's 1,048,576 rows). A variable so that tests can make it small.
var maxSheetRows = excelize.TotalRows - 1

// writeTable writes t on its sheet. A table longer than a sheet continues on
// "<name> (2)", "<name> (3)"…, as WeCom's own exports do, rather than fail
// on a very large run.
func (b *book) writeTable(t table) error {
	widths := b.measure(t)
	name := b.L(t.sheet)
	for part, from := 1, 0; ; part++ {
		to := min(from+maxSheetRows, t.n)
		if t.whole {
			to = t.n
		}
		sheet := name
		if part > 1 {
			sheet = fmt.Sprintf("%s (%d)", name, part)
		}
		var after [][]any
		if to == t.n {
			after = t.after
		}
		if err := b.writeSheet(sheet, t, widths, from, to, after); err != nil {
			return fmt.Errorf("sheet %s: %w", sheet, err)
		}
		if to == t.n {
			return nil
		}
		from = to
	}
}

// writeSheet streams rows [from, to) of t, under a frozen header row with
// an auto-filter, then the after block.
func (b *book) writeSheet(name string, t table, widths []float64, from, to int, after [][]any) error {
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	// Print on landscape pages one page wide: these sheets get attached to
	// reviews. The fit-to-page flag lives in sheetPr, which the StreamWriter
	// emits as soon as it is created, so it is set first.
	fit := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, one, auto := "landscape", 1, 0
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &auto}); err != nil {
		return err
	}

	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// The StreamWriter puts each new <col> before the ones already set, and
	// the schema wants them in ascending order: set them last to first.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, widths[j]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&headerPanes); err != nil {
		return err
	}
	header := make([]any, len(t.cols))
	for j, c := range t.cols {
		header[j] = excelize.Cell{StyleID: b.st.header, Value: b.L(c.key)}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	vals := make([]any, len(t.cols))
	cells := make([]any, len(t.cols))
	for i := from; i < to; i++ {
		clear(vals)
		t.row(i, vals)
		if err := b.streamRow(sw, i-from+2, t.cols, widths, vals, cells); err != nil {
			return err
		}
	}
	n := to - from
	last, _ := excelize.ColumnNumberToName(len(t.cols))
	// The filter covers the header and the rows (just the header when
	// empty); it is set on the streamed sheet before Flush writes it out.
	if err := b.f.AutoFilter(name, fmt.Sprintf("A1:%s%d", last, n+1), nil); err != nil {
		return err
	}
	for k, vals := range after {
		if err := b.streamRow(sw, n+3+k, t.cols, widths, vals, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// streamRow writes one row, styling each value by its type and column, and
// sets the row's height when wrapped text needs more than one line.
func (b *book) streamRow(sw *excelize.StreamWriter, r int, cols []column, widths []float64, vals, cells []any) error {
	lines := 1
	for j, v := range vals {
		kind := kText
		if j < len(cols) {
			kind = cols[j].kind
		}
		cells[j] = b.cell(v, kind)
		if kind == kID || kind == kHash {
			continue // one line, never wrapped
		}
		if s, ok := textOf(v); ok && j < len(widths) {
			lines = max(lines, wrappedLines(s, widths[j]))
		}
	}
	var opts []excelize.RowOpts
	if lines > 1 {
		opts = append(opts, excelize.RowOpts{Height: min(float64(lines*lineHeight), maxRowHeight)})
	}
	ref, _ := excelize.CoordinatesToCellName(1, r)
	return sw.SetRow(ref, cells[:len(vals)], opts...)
}

// cell turns a value into a styled excelize.Cell. Strings always go in as
// Value (an inline string), never as Formula: a contact named "=1+2" stays
// those four characters (docs/spec.md §4.2).
func (b *book) cell(v any, kind colKind) any {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		st := b.st.text
		if kind == kID || kind == kHash {
			st = b.st.id
		}
		return excelize.Cell{StyleID: st, Value: v}
	case label:
		return excelize.Cell{StyleID: b.st.label, Value: string(v)}
	case int:
		st := b.st.integer
		if kind == kPlain {
			st = b.st.plain
		}
		return excelize.Cell{StyleID: st, Value: v}
	case audit.Date:
		if v.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: b.st.date, Value: v.Time()}
	case rules.Severity:
		st, ok := b.st.sev[v]
		if !ok {
			st = b.st.text
		}
		return excelize.Cell{StyleID: st, Value: SeverityLabel(v, b.lang)}
	}
	return excelize.Cell{StyleID: b.st.text, Value: fmt.Sprint(v)}
}

// measure returns each column's width: the widest value or header, within
// the kind's limits. It walks the rows once before streaming, because the
// StreamWriter needs column widths before the first row.
func (b *book) measure(t table) []float64 {
	w := make([]float64, len(t.cols))
	for j, c := range t.cols {
		// +3 leaves room for the auto-filter's drop-down button.
		w[j] = textWidth(b.L(c.key)) + 3
	}
	see := func(vals []any) {
		for j, v := range vals {
			if j < len(w) {
				w[j] = max(w[j], b.valueWidth(v)+1)
			}
		}
	}
	vals := make([]any, len(t.cols))
	for i := 0; i < t.n; i++ {
		clear(vals)
		t.row(i, vals)
		see(vals)
	}
	for _, vals := range t.after {
		see(vals)
	}
	for j, c := range t.cols {
		limit := float64(maxTextWidth)
		switch c.kind {
		case kLong:
			limit = maxLongWidth
		case kID:
			limit = maxIDWidth
		case kHash:
			limit = maxHashWidth
		}
		w[j] = math.Ceil(min(max(w[j], minColWidth), limit))
	}
	return w
}

func (b *book) valueWidth(v any) float64 {
	switch v := v.(type) {
	case string:
		return textWidth(v)
	case label:
		return textWidth(string(v))
	case int:
		return float64(len(groupThousands(v)))
	case audit.Date:
		return 10
	case rules.Severity:
		return textWidth(SeverityLabel(v, b.lang))
	}
	return 0
}

func textOf(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case label:
		return string(v), true
	}
	return "", false
}

func groupThousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// ---- the sheets -----------------------------------------------------------

func (b *book) yesNo(v bool) string {
	if v {
		return b.L("yes")
	}
	return b.L("no")
}

func (b *book) findingsSheet() error {
	fs := b.res.Findings
	return b.writeTable(table{
		sheet: "sheet_findings",
		cols: append([]column{
			{"rule", kText}, {"severity", kSev}, {"member", kID}, {"receiver", kID}, {"count", kInt},
			{"title_col", kText}, {"message", kLong}, {"remediation", kLong}, {"source", kText},
		}, findingSeriesCols...),
		n: len(fs),
		row: func(i int, out []any) {
			f := fs[i]
			out[0], out[1], out[2], out[3], out[4] = f.Rule, f.Severity, nonEmpty(f.Member), nonEmpty(f.Receiver), f.Count
			out[5], out[6], out[7] = f.Title.In(b.lang), f.Message.In(b.lang), f.Remediation.In(b.lang)
			out[8] = nonEmpty(strings.Join(f.Source, ", "))
			b.findingSeries(f, out[9:])
		},
	})
}

func (b *book) departingSheet() error {
	ls := b.res.Departing
	return b.writeTable(table{
		sheet: "sheet_departing",
		cols: []column{
			{"userid", kID}, {"name", kText}, {"department", kText}, {"status", kText},
			{"departure_date", kDate}, {"limit_date", kDate}, {"days_to_limit", kPlain}, {"in_scope", kText},
			{"customers", kInt}, {"external", kInt}, {"groups", kInt}, {"receivers", kText}, {"unassigned", kInt},
			{"transferable", kText}, {"expired", kText}, {"login_stale", kText},
			{"handover", kText}, {"act_by", kText},
			{"delete_account", kText}, {"gate_why", kLong}, {"lost_col", kText}, {"at_risk_col", kText},
			{"route", kText}, {"next_due", kDate}, {"overdue_col", kText}, {"next_actions", kLong},
		},
		n: len(ls),
		row: func(i int, out []any) {
			l := &ls[i]
			out[0], out[1], out[2], out[3] = l.UserID, nonEmpty(l.Name), nonEmpty(l.Department), StatusLabel(l.Status, b.lang)
			out[4], out[5] = l.DepartureDate, l.LimitDate
			if !l.LimitDate.IsZero() {
				out[6] = l.DaysToLimit
			}
			out[7] = TriLabel(l.InScope, b.lang)
			out[8], out[9], out[10] = l.Customers, l.External, l.Groups
			// Unknown is said, never written as 0 (issue 13).
			if !audit.ExternalKnown(l) {
				out[9] = ExternalLabel(l, b.lang)
			}
			if l.GroupsUnknown {
				out[10] = GroupsLabel(l, b.lang)
			}
			out[11] = nonEmpty(b.allocations(l.Receivers))
			out[12] = l.Unassigned
			out[13], out[14], out[15] = TransferableLabel(l, b.lang), b.yesNo(l.Expired), b.yesNo(l.LoginStale)
			out[16], out[17] = HandoverLabel(l.Handover, b.lang), ActByLabel(l, b.lang)
			// The decision, rendered as on the PDF and the page.
			d := &l.Decision
			// Its next actions as DecisionLines words them, without the
			// head lines it would build only to drop (issue 24: this row is
			// made twice for each of 50,000 leavers, to measure and to write).
			ctx := explain.ContextOf(b.res, l)
			steps := make([]string, len(d.Next))
			for k, a := range d.Next {
				steps[k] = ActionLine(b.lang, a, ctx)
			}
			out[18], out[19] = explain.Gate(b.lang, d.DeleteAccount), explain.GateWhy(b.lang, l, b.res.AsOf)
			out[20], out[21] = explain.CountsOrNone(b.lang, d.Lost), explain.CountsOrNone(b.lang, d.AtRisk)
			out[22], out[23], out[24] = explain.Route(b.lang, d.Route), d.NextDue(), b.yesNo(d.Overdue)
			out[25] = strings.Join(steps, "\n")
		},
	})
}

// allocations joins a leaver's receivers as "zhaolei (290); lisi (100)",
// marking a receiver that is not in the roster.
func (b *book) allocations(as []audit.Allocation) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		p := a.UserID + " (" + groupThousands(a.Customers)
		if !a.Known {
			p += ", " + b.L("not_in_roster")
		}
		parts = append(parts, p+")")
	}
	return strings.Join(parts, "; ")
}

func (b *book) receiversSheet() error {
	rs := b.res.Receivers
	return b.writeTable(table{
		sheet: "sheet_receivers",
		cols: []column{
			{"userid", kID}, {"name", kText}, {"cap", kInt}, {"customers", kInt}, {"incoming", kInt},
			{"load", kInt}, {"over_by", kInt}, {"eligible", kText}, {"reasons", kLong}, {"handover_from", kText},
		},
		n: len(rs),
		row: func(i int, out []any) {
			r := rs[i]
			out[0], out[1], out[2], out[3], out[4] = r.UserID, nonEmpty(r.Name), r.Cap, r.Customers, r.Incoming
			out[5], out[6], out[7] = r.Load, r.OverBy, b.yesNo(r.Eligible)
			reasons := make([]string, len(r.Reasons))
			for k, t := range r.Reasons {
				reasons[k] = t.In(b.lang)
			}
			out[8] = nonEmpty(strings.Join(reasons, "; "))
			out[9] = nonEmpty(strings.Join(r.From, ", "))
		},
	})
}

func (b *book) atRiskSheet() error {
	cs := b.res.AtRisk
	// The reason is a rule id; HR reads its title. Resolved once, not per row.
	reason := map[string]string{}
	if b.res.Rules != nil {
		for _, r := range b.res.Rules.Rules() {
			reason[r.ID] = r.Title.In(b.lang)
		}
	}
	kind := [2]string{b.L("kind_external"), b.L("kind_customer")}
	return b.writeTable(table{
		sheet: "sheet_at_risk",
		cols: []column{
			{"member", kID}, {"member_name", kText}, {"contact_name", kID}, {"external_id", kID},
			{"kind", kText}, {"reason", kText}, {"added_at", kDate},
		},
		n: len(cs),
		row: func(i int, out []any) {
			c := cs[i]
			out[0], out[1] = c.Member, nonEmpty(c.MemberName)
			out[2] = nonEmpty(b.contactName(c.ContactName))
			out[3] = nonEmpty(c.ExternalID)
			if c.Customer {
				out[4] = kind[1]
			} else {
				out[4] = kind[0]
			}
			if t, ok := reason[c.Reason]; ok && t != "" {
				out[5] = t
			} else {
				out[5] = nonEmpty(c.Reason)
			}
			out[6] = c.AddedAt
		},
	})
}

// contactName is a contact's name as shown: masked under --mask-pii. WeChat
// names are often phone numbers; those are masked as phones
// (138****0000) and everything else as a name (张**), docs/spec.md §5.
func (b *book) contactName(s string) string {
	if !b.mask {
		return s
	}
	if looksLikePhone(s) {
		return MaskPhone(s)
	}
	return MaskName(s)
}

// mobileNumber is a mainland mobile number inside free text, with or
// without +86.
var mobileNumber = regexp.MustCompile(`(?:\+?86[- ]?)?1[3-9][0-9]{9}`)

// looksLikePhone: an optional +, then 7 to 15 digits with spaces or dashes.
func looksLikePhone(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "+")
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

func (b *book) enterpriseSheet() error {
	e := b.res.Enterprise
	verified := b.yesNo(e.Verified)
	if e.VerifiedAssumed {
		verified += b.L("assumed_value")
	}
	var dau any = b.L("unknown")
	if e.DailyActiveUsers != nil {
		dau = *e.DailyActiveUsers
	}
	eligible := b.L("unknown")
	if e.ExpansionEligible != nil {
		eligible = b.yesNo(*e.ExpansionEligible)
	}
	rows := [][2]any{
		{b.L("verified"), verified},
		{b.L("daily_active_users"), dau},
		{b.L("enterprise_cap"), e.Cap},
		{b.L("enterprise_customers"), e.Customers},
		{b.L("headroom"), e.Headroom},
		{b.L("at_cap"), b.yesNo(e.AtCap)},
		{b.L("external_at_risk"), orLowerBound(b.res, e.ExternalAtRisk, ExternalAtRiskLabel(b.res, b.lang))},
		{b.L("expansions_needed"), orLowerBound(b.res, e.ExpansionsNeeded, ExpansionsLabel(b.res, b.lang))},
		{b.L("expansion_eligible"), eligible},
		{b.L("cap_after_expansions"), e.CapAfterExpansions},
	}
	return b.writeTable(table{
		sheet: "sheet_enterprise",
		cols:  []column{{"field", kText}, {"value", kText}},
		n:     len(rows),
		row:   func(i int, out []any) { out[0], out[1] = label(rows[i][0].(string)), rows[i][1] },
	})
}

func (b *book) dataProblemsSheet() error {
	ps := b.res.DataProblems
	return b.writeTable(table{
		sheet: "sheet_data_problems",
		cols:  []column{{"file", kText}, {"sheet", kText}, {"row", kPlain}, {"column", kText}, {"problem", kLong}},
		n:     len(ps),
		row: func(i int, out []any) {
			p := ps[i]
			out[0], out[1], out[3] = nonEmpty(p.File), nonEmpty(p.Sheet), nonEmpty(p.Column)
			if p.Row > 0 {
				out[2] = p.Row
			}
			text := p.Problem.In(b.lang)
			if b.mask {
				// Problems quote the cell they are about, which may be a
				// contact's phone number.
				text = mobileNumber.ReplaceAllStringFunc(text, MaskPhone)
			}
			out[4] = text
		},
	})
}

// role names an input's role in the workbook's language.
func (b *book) role(r string) string {
	if t, ok := labels["role_"+r]; ok {
		return t.In(b.lang)
	}
	return r
}

func (b *book) inputsSheet() error {
	ins := trailInputs(b.res, b.opt)
	after := [][]any{
		{label(b.L("rules_version")), nonEmpty(b.res.RulesVersion)},
		{label(b.L("as_of")), b.res.AsOf},
		{label(b.L("tool_version")), nonEmpty(b.res.ToolVersion)},
	}
	if len(b.res.Assumed) > 0 {
		after = append(after, nil)
		for k, a := range b.res.AssumedIn(b.lang) {
			var head any
			if k == 0 {
				head = label(b.L("assumed"))
			}
			after = append(after, []any{head, a})
		}
	}
	return b.writeTable(table{
		sheet: "sheet_inputs",
		cols:  []column{{"role", kText}, {"file", kLong}, {"sha256", kHash}, {"rows", kInt}, {"exported_at", kText}},
		n:     len(ins),
		row: func(i int, out []any) {
			f := ins[i]
			out[0], out[1], out[2] = b.role(f.Role), f.Path, nonEmpty(f.SHA256)
			if f.HasRows {
				out[3] = f.Rows
			}
			out[4] = nonEmpty(f.Exported)
		},
		after: after,
	})
}

// nonEmpty turns "" into nil so that an empty value leaves the cell empty
// rather than holding an empty string.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ---- Summary --------------------------------------------------------------

func (b *book) summary() error {
	f, res := b.f, b.res
	name := b.L("sheet_summary")
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	s := &summarySheet{b: b, name: name}

	s.put("A1", b.L("title"), b.st.title)
	s.put("A3", b.L("company"), b.st.label)
	s.put("B3", res.Company, b.st.text)
	s.put("A4", b.L("as_of"), b.st.label)
	if !res.AsOf.IsZero() {
		s.put("B4", res.AsOf.Time(), b.st.dateLeft) // reads with the company above it
	}
	s.put("A5", b.L("verdict"), b.st.label)
	verdict := Verdict(res, b.lang)
	s.put("B5", verdict, b.st.verdict)
	s.merge("B5", "E5")
	row := 6
	if b.mask {
		s.put("B6", b.L("masked_note"), b.st.note)
		s.merge("B6", "E6")
		row = 7
	}
	row = b.seriesRows(s, row) // trend_xlsx.go: persisting findings and the trend, when there is a history

	// Key figures.
	row++
	s.put(cell("A", row), b.L("key_figures"), b.st.section)
	s.sectionRule(row)
	over := 0
	for _, r := range res.Receivers {
		if r.OverBy > 0 {
			over++
		}
	}
	e := res.Enterprise
	for _, kv := range []struct {
		key string
		n   any
	}{
		{"enterprise_customers", e.Customers},
		{"enterprise_cap", e.Cap},
		{"headroom", e.Headroom},
		{"expansions_needed", orLowerBound(res, e.ExpansionsNeeded, ExpansionsLabel(res, b.lang))},
		{"leavers", len(res.Departing)},
		{"external_at_risk", orLowerBound(res, e.ExternalAtRisk, ExternalAtRiskLabel(res, b.lang))},
		{"receivers_over_cap", over},
		{"findings_total", res.Summary.Total()},
	} {
		row++
		s.put(cell("A", row), b.L(kv.key), b.st.label)
		s.put(cell(summaryValCol, row), kv.n, b.st.integer)
	}

	// Severity counts.
	row += 2
	s.put(cell("A", row), b.L("findings_by_severity"), b.st.section)
	s.sectionRule(row)
	row++
	s.put(cell("A", row), b.L("severity"), b.st.header)
	s.put(cell("B", row), b.L("count"), b.st.header)
	sevHeader := row
	for _, sev := range rules.Severities {
		row++
		s.put(cell("A", row), SeverityLabel(sev, b.lang), b.st.sev[sev])
		s.put(cell("B", row), res.Summary.Of(sev), b.st.integer)
	}

	// Top receivers: the data behind the load chart.
	row += 2
	s.put(cell("A", row), b.L("top_receivers"), b.st.section)
	s.sectionRule(row)
	row++
	recvHeader := row
	for j, key := range []string{"receiver", "name", "load", "cap", "over_by", "eligible"} {
		s.put(cell(string(rune('A'+j)), row), b.L(key), b.st.header)
	}
	// The chart's own columns, to the right of the charts: each receiver's
	// load split so that a stacked bar shows what matters at a glance —
	// within cap (blue), held by an ineligible receiver (grey), over cap
	// (red) and the headroom left (pale). Excel colours whole series only,
	// hence one series per meaning.
	for j, key := range chartCols {
		s.put(cell(string(rune('R'+j)), row), b.L(key), b.st.header)
	}
	top := topReceivers(res.Receivers, topReceiverN)
	for _, r := range top {
		row++
		s.put(cell("A", row), r.UserID, b.st.id)
		s.put(cell("B", row), r.Name, b.st.text)
		s.put(cell("C", row), r.Load, b.st.integer)
		s.put(cell("D", row), r.Cap, b.st.integer)
		overStyle := b.st.integer
		if r.OverBy > 0 {
			overStyle = b.st.sev[rules.High]
		}
		s.put(cell("E", row), r.OverBy, overStyle)
		if r.Eligible {
			s.put(cell("F", row), b.yesNo(true), b.st.text)
		} else {
			s.put(cell("F", row), b.yesNo(false), b.st.sev[rules.High])
		}
		within := min(r.Load, r.Cap)
		ok, bad := within, 0
		if !r.Eligible {
			ok, bad = 0, within
		}
		for j, v := range []int{ok, bad, max(r.Load-r.Cap, 0), max(r.Cap-r.Load, 0)} {
			s.put(cell(string(rune('R'+j)), row), v, b.st.integer)
		}
	}
	if len(top) < len(res.Receivers) {
		row++
		s.put(cell("A", row), Lv("top_receivers_more", b.lang, catalog.Args{"shown": len(top), "total": len(res.Receivers)}), b.st.note)
		s.merge(cell("A", row), cell("E", row))
		s.heights[row] = lineHeight * 2
	}
	if s.err != nil {
		return s.err
	}
	if err := s.fit(); err != nil {
		return err
	}

	// Charts to the right of the figures, one above the other. Each series
	// keeps its own colour (excelize turns varyColors on by default, which
	// LibreOffice honours by colouring every bar differently).
	sameColour := false
	// Dark axis labels: the default is a pale grey that prints poorly.
	axisFont := excelize.Font{Color: "404040", Size: 9}
	chartRow := 3
	ref := func(col string, r0, r1 int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(name, "'", "''"), col, r0, col, r1)
	}
	if len(top) == 0 {
		s.put(cell("G", chartRow), b.L("no_receivers"), b.st.note)
		chartRow += 2
	} else {
		first, last := recvHeader+1, recvHeader+len(top)
		h := uint(min(max(110+26*len(top), 260), 520))
		var series []excelize.ChartSeries
		for j, colour := range chartColours {
			col := string(rune('R' + j))
			series = append(series, excelize.ChartSeries{Name: ref(col, recvHeader, recvHeader), Categories: ref("A", first, last),
				Values: ref(col, first, last), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}})
		}
		err := f.AddChart(name, cell("G", chartRow), &excelize.Chart{
			Type:       excelize.BarStacked,
			VaryColors: &sameColour,
			Series:     series,
			Title:      b.chartTitle("chart_receiver_load"),
			Legend:     excelize.ChartLegend{Position: "bottom"},
			XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: axisFont}, // worst receiver on top, as in the table
			YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: axisFont},
			Dimension:  excelize.ChartDimension{Width: chartWidthPx, Height: h},
			Format:     excelize.GraphicOptions{AltText: b.L("chart_receiver_load")},
		})
		if err != nil {
			return fmt.Errorf("receiver chart: %w", err)
		}
		chartRow += int(h)/20 + 2 // default rows are 20 px high
	}
	if res.Summary.Total() == 0 {
		s.put(cell("G", chartRow), b.L("no_findings"), b.st.note)
		return s.err
	}
	// One series per severity, so that each bar takes its severity's colour
	// (excelize colours single data points only in pie charts).
	var series []excelize.ChartSeries
	for k, sev := range rules.Severities {
		r := sevHeader + 1 + k
		series = append(series, excelize.ChartSeries{
			Name: ref("A", r, r), Categories: ref("B", sevHeader, sevHeader), Values: ref("B", r, r),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{severityColour[sev].fill}},
		})
	}
	err := f.AddChart(name, cell("G", chartRow), &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &sameColour,
		Series:     series,
		Title:      b.chartTitle("findings_by_severity"),
		Legend:     excelize.ChartLegend{Position: "bottom"},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		// The legend names the bars; a category label would say nothing.
		XAxis:     excelize.ChartAxis{TickLabelPosition: excelize.ChartTickLabelNone},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: chartWidthPx, Height: 280},
		Format:    excelize.GraphicOptions{AltText: b.L("findings_by_severity")},
	})
	if err != nil {
		return fmt.Errorf("severity chart: %w", err)
	}
	return nil
}

// chartCols and chartColours are the stacked series of the receiver chart:
// load within cap of an eligible receiver, of an ineligible one, load over
// cap, headroom left under cap.
var (
	chartCols    = []string{"chart_within", "chart_ineligible", "chart_over_cap", "headroom"}
	chartColours = []string{"2F75B5", "7F7F7F", "C00000", "DDEBF7"}
)

func (b *book) chartTitle(key string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.L(key), Font: &excelize.Font{Bold: true, Size: 12, Family: xlsxFont}}}}
}

// topReceivers returns up to n receivers, the fullest first (load ÷ cap),
// then the largest load, then by userid for a stable order.
func topReceivers(rs []audit.Receiver, n int) []audit.Receiver {
	out := append([]audit.Receiver(nil), rs...)
	share := func(r audit.Receiver) float64 {
		if r.Cap <= 0 {
			if r.Load > 0 {
				return math.Inf(1)
			}
			return 0
		}
		return float64(r.Load) / float64(r.Cap)
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := share(out[i]), share(out[j])
		if si != sj {
			return si > sj
		}
		if out[i].Load != out[j].Load {
			return out[i].Load > out[j].Load
		}
		return out[i].UserID < out[j].UserID
	})
	return out[:min(n, len(out))]
}

func cell(col string, row int) string { return col + strconv.Itoa(row) }

// summarySheet writes the Summary with the ordinary cell API (it is small)
// and keeps what it needs to size columns and rows afterwards.
type summarySheet struct {
	b       *book
	name    string
	err     error
	spills  map[string]bool   // titles, sections, notes: spill over, not sized
	merged  map[string]string // first cell → last cell of a merge
	texts   map[string]string // merged first cell → its text
	heights map[int]float64
}

func (s *summarySheet) put(ref string, v any, style int) {
	if s.err != nil {
		return
	}
	if s.spills == nil {
		s.spills, s.merged, s.texts, s.heights = map[string]bool{}, map[string]string{}, map[string]string{}, map[int]float64{}
	}
	if style == s.b.st.title || style == s.b.st.section || style == s.b.st.note {
		s.spills[ref] = true
	}
	switch v := v.(type) {
	case string:
		// SetCellStr stores a shared string: never a formula, whatever it
		// starts with.
		s.err = s.b.f.SetCellStr(s.name, ref, v)
		s.texts[ref] = v
	default:
		s.err = s.b.f.SetCellValue(s.name, ref, v)
	}
	if s.err == nil {
		s.err = s.b.f.SetCellStyle(s.name, ref, ref, style)
	}
}

func (s *summarySheet) merge(from, to string) {
	if s.err == nil {
		s.err = s.b.f.MergeCell(s.name, from, to)
		s.merged[from] = to
	}
}

func (s *summarySheet) sectionRule(row int) {
	if s.err == nil {
		s.err = s.b.f.SetCellStyle(s.name, cell("B", row), cell("E", row), s.b.st.section)
	}
}

// fit sizes columns A–E to their content (titles and merged cells aside)
// and gives merged, wrapped cells the height their text needs.
func (s *summarySheet) fit() error {
	f := s.b.f
	widths := map[string]float64{"A": 12, "B": 12, "C": 10, "D": 10, "E": 10, "F": 10}
	rows, err := f.GetRows(s.name)
	if err != nil {
		return err
	}
	for r, cols := range rows {
		for c, v := range cols {
			col, _ := excelize.ColumnNumberToName(c + 1)
			ref := cell(col, r+1)
			if _, ok := widths[col]; !ok || v == "" || s.spills[ref] {
				continue
			}
			if _, ok := s.merged[ref]; ok {
				continue
			}
			if _, ok := s.merged[cell("A", r+1)]; ok {
				continue
			}
			widths[col] = max(widths[col], min(textWidth(v)+2, maxTextWidth))
		}
	}
	for _, col := range []string{"A", "B", "C", "D", "E", "F"} {
		if err := f.SetColWidth(s.name, col, col, math.Ceil(widths[col])); err != nil {
			return err
		}
	}
	for from, to := range s.merged {
		c0, r0, _ := excelize.CellNameToCoordinates(from)
		c1, _, _ := excelize.CellNameToCoordinates(to)
		span := 0.0
		for c := c0; c <= c1; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			span += widths[col]
		}
		if h := float64(wrappedLines(s.texts[from], span) * lineHeight); h > lineHeight {
			s.heights[r0] = max(s.heights[r0], h)
		}
	}
	hrows := make([]int, 0, len(s.heights))
	for r := range s.heights {
		hrows = append(hrows, r)
	}
	sort.Ints(hrows)
	for _, r := range hrows {
		if err := f.SetRowHeight(s.name, r, min(s.heights[r]+2, maxRowHeight)); err != nil {
			return err
		}
	}
	// One landscape page: the Summary is what gets printed and attached.
	fit := true
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, one := "landscape", 1
	return f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &one})
}

// orLowerBound is n when every leaver's external contacts are known, else
// the text that says n is a lower bound (issue 13: unknown is never 0).
func orLowerBound(res *audit.Result, n int, text string) any {
	if len(res.Enterprise.ExternalUnknownFor) > 0 {
		return text
	}
	return n
}
