package plan

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// labels holds every text of the workbook in both languages.
var labels = map[string]rules.Text{
	"title": {ZH: "企业微信离职交接计划", EN: "WeCom offboarding handover plan"},

	"sheet_plan":        {ZH: "交接计划", EN: "Handover plan"},
	"sheet_batches":     {ZH: "客户转接批次", EN: "Transfer batches"},
	"sheet_groups":      {ZH: "客户群转接", EN: "Group transfers"},
	"sheet_expansions":  {ZH: "扩容", EN: "Expansions"},
	"sheet_steps":       {ZH: "步骤", EN: "Steps"},
	"sheet_unplaceable": {ZH: "无法安置", EN: "Unplaceable"},
	"sheet_not":         {ZH: "不可转接", EN: "Not transferable"},

	// The Handover plan headers are aliases of docs/spec.md §2.4 in either
	// language, so the sheet reads back as --plan.
	"h_userid":   {ZH: "离职人账号", EN: "Handover UserID"},
	"h_date":     {ZH: "离职日期", EN: "Departure Date"},
	"h_receiver": {ZH: "接替人账号", EN: "Receiver"},
	"h_count":    {ZH: "数量", EN: "Count"},

	"leaver":          {ZH: "离职人账号", EN: "Leaver"},
	"name":            {ZH: "姓名", EN: "Name"},
	"receiver":        {ZH: "接替人账号", EN: "Receiver"},
	"receiver_name":   {ZH: "接替人姓名", EN: "Receiver name"},
	"batch":           {ZH: "批次", EN: "Batch"},
	"of":              {ZH: "共几批", EN: "Of"},
	"customers":       {ZH: "客户数", EN: "Customers"},
	"external_ids":    {ZH: "客户ID", EN: "External ids"},
	"requires":        {ZH: "需先完成", EN: "Requires"},
	"route":           {ZH: "继承方式", EN: "Route"},
	"route_onjob":     {ZH: "在职继承", EN: "on-job transfer"},
	"route_resigned":  {ZH: "离职继承", EN: "resigned-member transfer"},
	"day":             {ZH: "第几天", EN: "Day"},
	"call":            {ZH: "当天第几次", EN: "Call"},
	"groups":          {ZH: "客户群数", EN: "Groups"},
	"chat_ids":        {ZH: "客户群ID", EN: "Chat ids"},
	"order":           {ZH: "顺序", EN: "Order"},
	"kind":            {ZH: "类型", EN: "Kind"},
	"member":          {ZH: "成员", EN: "Member"},
	"times":           {ZH: "次数", EN: "Times"},
	"cap_from":        {ZH: "当前上限", EN: "Cap now"},
	"cap_to":          {ZH: "扩容后上限", EN: "Cap after"},
	"load":            {ZH: "交接后客户数", EN: "Load"},
	"eligible":        {ZH: "可申请", EN: "Eligible"},
	"reasons":         {ZH: "说明", EN: "Reasons"},
	"for":             {ZH: "涉及离职成员", EN: "For leavers"},
	"enterprise":      {ZH: "企业扩容", EN: "enterprise"},
	"member_exp":      {ZH: "成员扩容", EN: "member"},
	"no":              {ZH: "序号", EN: "No."},
	"step":            {ZH: "步骤", EN: "Step"},
	"detail":          {ZH: "说明", EN: "Detail"},
	"all":             {ZH: "（全企业）", EN: "(enterprise)"},
	"u_customers":     {ZH: "当前额度无法安置的客户", EN: "Customers over current caps"},
	"u_placed":        {ZH: "成员扩容后可安置", EN: "Placed by member expansions"},
	"u_short":         {ZH: "扩容后仍无人可接", EN: "Still unplaced"},
	"u_groups":        {ZH: "无接替人的客户群", EN: "Groups without receiver"},
	"status":          {ZH: "状态", EN: "Status"},
	"departure_date":  {ZH: "离职日期", EN: "Departure date"},
	"limit_date":      {ZH: "交接截止日", EN: "Limit date"},
	"reason":          {ZH: "原因", EN: "Reason"},
	"expired":         {ZH: "离职超过一年，已过交接期限（D12）", EN: "left more than a year ago: past the handover limit (D12)"},
	"login_stale":     {ZH: "离职前一年内未登录（D12）", EN: "no login in the year before leaving (D12)"},
	"yes":             {ZH: "是", EN: "yes"},
	"no_":             {ZH: "否", EN: "no"},
	"unknown":         {ZH: "未知", EN: "unknown"},
	"active":          {ZH: "在职", EN: "active"},
	"departing":       {ZH: "待离职", EN: "departing"},
	"departed":        {ZH: "已离职", EN: "departed"},
	"member_eligible": {ZH: "不超过成员上限的最大值（D6）", EN: "within the member cap maximum (D6)"},

	"k_enterprise-expansion": {ZH: "企业扩容", EN: "Enterprise expansion"},
	"k_member-expansions":    {ZH: "成员扩容", EN: "Member expansions"},
	"k_not-transferable":     {ZH: "不可转接", EN: "Not transferable"},
	"k_add-to-scope":         {ZH: "加入客户联系范围", EN: "Add to scope"},
	"k_check-scope":          {ZH: "核对客户联系范围", EN: "Check scope"},
	"k_member-expansion":     {ZH: "成员扩容", EN: "Member expansion"},
	"k_nothing-to-hand-over": {ZH: "无需交接", EN: "Nothing to hand over"},
	"k_receiver-replaced":    {ZH: "更换接替人", EN: "Receiver replaced"},
	"k_hand-over-customers":  {ZH: "交接客户", EN: "Hand over customers"},
	"k_hand-over-groups":     {ZH: "交接客户群", EN: "Hand over groups"},
	"k_unplaceable":          {ZH: "无法安置", EN: "Unplaceable"},
	"k_wait-24h":             {ZH: "等待 24 小时", EN: "Wait 24 h"},
	"k_check-outcome":        {ZH: "查看转接结果", EN: "Check the outcome"},
	"k_delete-account":       {ZH: "删除账号", EN: "Delete the account"},
	"k_onjob-limit":          {ZH: "在职继承 90 天限制", EN: "On-job transfer limit"},
	"k_onjob-route-assumed":  {ZH: "继承类型未知", EN: "Route unknown"},
}

// planFont is the one font of the workbook, as in the audit workbook.
const planFont = "Microsoft YaHei"

// xdate is a calendar day written as an Excel date (serial days).
type xdate audit.Date

// WriteXLSX writes the plan workbook: the Handover plan first (readable back
// as --plan), then Transfer batches, Group transfers, Expansions,
// Unplaceable and Not transferable. lang is "zh" or "en" (anything but "en"
// is Chinese). Text from the inputs is always written as text, never as a
// formula, and the same plan gives the same bytes.
func WriteXLSX(w io.Writer, p *Plan, lang string) error {
	if p == nil {
		return errors.New("plan: no plan")
	}
	if lang != "en" {
		lang = "zh"
	}
	b := &book{f: excelize.NewFile(), p: p, lang: lang}
	defer b.f.Close()
	if err := b.styles(); err != nil {
		return fmt.Errorf("plan xlsx: styles: %w", err)
	}
	// The cover first, for HR; the Handover plan second, the first sheet
	// whose header the --plan reader recognises; the console steps for HR
	// and the admin; the API batches for IT after them.
	for i, t := range []table{
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
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("plan xlsx: write: %w", err)
	}
	return nil
}

type book struct {
	f       *excelize.File
	p       *Plan
	lang    string
	missing error
	header  int
	date    int
	wrap    int
}

// table is one sheet: headers, widths, rows of string, int, xdate or nil.
type table struct {
	name    string
	headers []string
	widths  []float64
	wrap    []bool
	rows    [][]any
}

// L is the label in the workbook's language; a missing one fails the write.
func (b *book) L(key string) string {
	t, ok := labels[key]
	if !ok {
		if b.missing == nil {
			b.missing = fmt.Errorf("plan xlsx: no label %q", key)
		}
		return key
	}
	return t.In(b.lang)
}

func (b *book) styles() error {
	var err error
	if b.header, err = b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: planFont},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	}); err != nil {
		return err
	}
	iso := "yyyy-mm-dd" // ISO, as in the JSON, whatever the locale
	if b.date, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: planFont}, CustomNumFmt: &iso, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}}); err != nil {
		return err
	}
	b.wrap, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: planFont}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	return b.f.SetDefaultFont(planFont)
}

func (b *book) write(i int, t table) error {
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
			case xdate:
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
	if err := f.SetPanes(t.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(t.headers))
	return f.AutoFilter(t.name, fmt.Sprintf("A1:%s%d", lastCol, n), nil)
}

func (b *book) planSheet() table {
	t := table{
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
		t.rows = append(t.rows, []any{h.UserID, xdate(h.DepartureDate), recv, count})
	}
	return t
}

func (b *book) batchSheet() table {
	t := table{
		name: b.L("sheet_batches"),
		headers: []string{b.L("leaver"), b.L("receiver"), b.L("batch"), b.L("of"), b.L("customers"),
			b.L("external_ids"), b.L("requires"), b.L("route")},
		widths: []float64{22, 22, 8, 8, 10, 60, 36, 16},
		wrap:   []bool{false, false, false, false, false, true, true, false},
	}
	for _, x := range b.p.Batches {
		t.rows = append(t.rows, []any{x.Leaver, x.Receiver, x.No, x.Of, x.Customers,
			orNil(strings.Join(x.ExternalIDs, ",")), orNil(b.join(x.Requires)), b.L("route_" + x.Route)})
	}
	return t
}

func (b *book) groupSheet() table {
	t := table{
		name:    b.L("sheet_groups"),
		headers: []string{b.L("leaver"), b.L("receiver"), b.L("day"), b.L("call"), b.L("groups"), b.L("chat_ids")},
		widths:  []float64{22, 22, 8, 10, 10, 60},
		wrap:    []bool{false, false, false, false, false, true},
	}
	for _, g := range b.p.GroupCalls {
		t.rows = append(t.rows, []any{g.Leaver, g.Receiver, g.Day, g.Call, g.Groups, orNil(strings.Join(g.ChatIDs, ","))})
	}
	return t
}

func (b *book) expansionSheet() table {
	t := table{
		name: b.L("sheet_expansions"),
		headers: []string{b.L("order"), b.L("kind"), b.L("member"), b.L("name"), b.L("times"), b.L("cap_from"),
			b.L("cap_to"), b.L("load"), b.L("eligible"), b.L("reasons"), b.L("for")},
		widths: []float64{8, 12, 22, 14, 8, 12, 12, 12, 10, 40, 40},
		wrap:   []bool{false, false, false, false, false, false, false, false, false, true, true},
	}
	for i, x := range b.p.Expansions {
		kind, times, load := b.L("member_exp"), any(nil), any(x.Load)
		member, name := any(x.Member), any(orNil(x.Name))
		why := b.join(x.Reasons)
		if x.Enterprise {
			kind, times, load, member, name = b.L("enterprise"), x.Count, nil, nil, nil
		} else if why == "" {
			why = b.L("member_eligible")
		}
		t.rows = append(t.rows, []any{i + 1, kind, member, name, times, x.From, x.To, load,
			b.tri(x.Eligible), orNil(why), orNil(strings.Join(x.For, ", "))})
	}
	return t
}

func (b *book) unplaceableSheet() table {
	t := table{
		name:    b.L("sheet_unplaceable"),
		headers: []string{b.L("leaver"), b.L("u_customers"), b.L("u_placed"), b.L("u_short"), b.L("u_groups")},
		widths:  []float64{22, 14, 50, 14, 14},
		wrap:    []bool{false, false, true},
	}
	for _, u := range b.p.Unplaceable {
		var placed []string
		for _, x := range u.Placed {
			placed = append(placed, pick(b.lang,
				fmt.Sprintf("%s：%s 个（扩容至 %s）", x.Receiver, num(x.Customers), num(x.To)),
				fmt.Sprintf("%s: %s (cap raised to %s)", x.Receiver, num(x.Customers), num(x.To))))
		}
		t.rows = append(t.rows, []any{u.Leaver, u.Customers, orNil(strings.Join(placed, "\n")), u.Short, u.Groups})
	}
	return t
}

func (b *book) notTransferableSheet() table {
	t := table{
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
		t.rows = append(t.rows, []any{l.UserID, orNil(l.Name), b.L(l.Status.String()), xdate(l.DepartureDate),
			xdate(l.LimitDate), why, l.Customers, l.Groups})
	}
	return t
}

func (b *book) join(ts []rules.Text) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(b.lang)
	}
	return strings.Join(out, pick(b.lang, "；", "; "))
}

func (b *book) tri(v *bool) string {
	switch {
	case v == nil:
		return b.L("unknown")
	case *v:
		return b.L("yes")
	}
	return b.L("no_")
}

// orNil leaves a cell empty rather than writing an empty string.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
