package report

import (
	"strings"
)

// xlsxFont is the one font of the workbook, for every style: Microsoft
// YaHei draws Chinese and Latin alike and ships with Windows and Office for
// Mac, where HR opens the workbook.
const xlsxFont = "Microsoft YaHei"

// trailSheet is the workbook's audit trail: the same facts as the PDF's
// last page, so that either document alone says which run it is.
func (b *book) trailSheet() error {
	res, opt := b.res, b.opt
	cmd := b.L("not_stated")
	if len(opt.CommandLine) > 0 {
		cmd = commandLine(opt.CommandLine)
	}
	rulesFile := b.L("none")
	if opt.RulesFile != nil {
		rulesFile = opt.RulesFile.Path + " (SHA-256 " + opt.RulesFile.SHA256 + ")"
	}
	rows := [][]any{
		{label(b.L("report_id")), ReportID(res, opt), b.L("trail_id_note")},
		{label(b.L("generated_at")), generatedText(opt, b.lang), nil},
		{label(b.L("as_of")), res.AsOf, nil},
		{label(b.L("company")), nonEmpty(res.Company), nil},
		{label(b.L("tool_version")), nonEmpty(res.ToolVersion), nil},
		{label(b.L("command_line")), cmd, nil},
		{label(b.L("rules_version")), nonEmpty(res.RulesVersion), nil},
		{label(b.L("rule_set_hash")), nonEmpty(RuleSetHash(res.Rules)), nil},
		{label(b.L("role_rules")), rulesFile, nil},
	}
	if ths := thresholds(res.Rules); len(ths) > 0 {
		rows = append(rows, nil, []any{label(b.L("thresholds"))})
		for _, th := range ths {
			rows = append(rows, []any{th.Key, th.Value, th.Label.In(b.lang)})
		}
	}
	if codes := citedSources(res.Rules); len(codes) > 0 {
		rows = append(rows, nil, []any{label(b.L("sources_legend")), nil, b.L("trail_domain_note")})
		for _, code := range codes {
			text, src, ok := SourceLegend(code, b.lang)
			if !ok {
				text, src = b.L("unknown"), ""
			}
			rows = append(rows, []any{code, text, strings.TrimSpace(src)})
		}
	}
	return b.writeTable(table{
		sheet: "sheet_trail",
		cols:  []column{{"field", kText}, {"value", kLong}, {"meaning", kLong}},
		n:     len(rows),
		whole: true,
		row: func(i int, out []any) {
			copy(out, rows[i])
		},
	})
}
