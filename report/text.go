package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// labels are the report's words from the catalogue (catalog/report.yaml,
// ids "report.<key>"), as templates with their placeholders unfilled:
// writers look them up with L, or fill them with Lv. A missing key is a
// programming error that the tests catch (TestLabelsComplete).
var labels = reportLabels()

func reportLabels() map[string]rules.Text {
	out := map[string]rules.Text{}
	for _, id := range catalog.IDs() {
		if key, ok := strings.CutPrefix(id, "report."); ok {
			out[key] = rules.Text{ZH: catalog.T("zh", id, nil), EN: catalog.T("en", id, nil)}
		}
	}
	return out
}

// Lv is the label key in lang with its placeholders filled from args.
func Lv(key, lang string, args catalog.Args) string {
	return catalog.T(lang, "report."+key, args)
}

// L returns the label in lang; an unknown key comes back as itself so that a
// missing label is visible in the report rather than blank.
func L(key, lang string) string {
	if t, ok := labels[key]; ok {
		return t.In(lang)
	}
	return key
}

// SeverityLabel is the severity's name in lang.
func SeverityLabel(s rules.Severity, lang string) string { return L(s.String(), lang) }

// StatusLabel is a status's name in lang.
func StatusLabel(s audit.Status, lang string) string { return L(s.String(), lang) }

// TriLabel renders yes/no/unknown in lang.
func TriLabel(t audit.Tri, lang string) string { return L(t.String(), lang) }

// CheckStateLabel is a check's state with its mark: ✓ passed, ✗ failed,
// ? unknown. Unknown is never drawn as ✓.
func CheckStateLabel(st audit.CheckState, lang string) string {
	switch st {
	case audit.Fail:
		return "✗ " + L("state_fail", lang)
	case audit.CheckUnknown:
		return "? " + L("state_unknown", lang)
	}
	return "✓ " + L("state_pass", lang)
}

// HandoverLabel is a leaver's handover state in lang.
func HandoverLabel(s audit.HandoverState, lang string) string { return L("handover_"+s.String(), lang) }

// LevelLabel is the verdict level's name in lang.
func LevelLabel(v audit.VerdictLevel, lang string) string { return L("level_"+v.String(), lang) }

// ActByLabel is the act-by date with what it is for, or 未知 / unknown.
func ActByLabel(l *audit.Leaver, lang string) string {
	if l.ActBy.IsZero() {
		return L("unknown", lang)
	}
	why := L("act_by_handover", lang)
	if l.ActByDeletion {
		why = L("act_by_deletion", lang)
	}
	if lang == "en" {
		return l.ActBy.String() + " (" + why + ")"
	}
	return l.ActBy.String() + "（" + why + "）"
}

// TransferableLabel says whether WeCom would take the resigned-member
// transfer: unknown when the deadline checks could not be settled.
func TransferableLabel(l *audit.Leaver, lang string) string {
	return TriLabel(audit.Transferability(l), lang)
}

// ExternalLabel is a leaver's plain external contacts, or 未知 / unknown.
func ExternalLabel(l *audit.Leaver, lang string) string {
	if !audit.ExternalKnown(l) {
		return L("unknown", lang)
	}
	return audit.Thousands(l.External)
}

// GroupsLabel is a leaver's groups, or 未知 / unknown without a groups export.
func GroupsLabel(l *audit.Leaver, lang string) string {
	if l.GroupsUnknown {
		return L("unknown", lang)
	}
	return audit.Thousands(l.Groups)
}

// ExternalAtRiskLabel is the enterprise's external contacts at risk: a
// lower bound, said so, when some leavers' contacts cannot be seen.
func ExternalAtRiskLabel(res *audit.Result, lang string) string {
	return lowerBound(res, res.Enterprise.ExternalAtRisk, lang)
}

// lowerBound is n, or "at least n (some unknown)" when some leavers'
// external contacts cannot be seen, or plain unknown when nothing is known.
func lowerBound(res *audit.Result, n int, lang string) string {
	switch {
	case len(res.Enterprise.ExternalUnknownFor) == 0:
		return audit.Thousands(n)
	case n == 0:
		return L("unknown", lang)
	}
	return Lv("at_least", lang, catalog.Args{"n": n})
}

// ExpansionsLabel is the expansions needed, a lower bound when some
// external contacts are unknown.
func ExpansionsLabel(res *audit.Result, lang string) string {
	return lowerBound(res, res.Enterprise.ExpansionsNeeded, lang)
}

// Verdict is the one-paragraph conclusion shared by stdout, the JSON, the
// workbook and the PDF: the level, the handovers leaver by leaver, what
// the critical findings put at risk, and what the inputs could not show.
func Verdict(res *audit.Result, lang string) string {
	v := res.Verdict
	n := len(res.Departing)
	// What is lost is the decisions' (past the limit, or no login before
	// leaving): the verdict adds them up and decides nothing itself.
	lost := 0
	for i := range res.Departing {
		if c := res.Departing[i].Decision.Lost.Customers; c != nil {
			lost += *c
		}
	}
	var risks []string
	if k := res.Enterprise.ExternalAtRisk; k > 0 {
		risks = append(risks, Lf(lang, fmt.Sprintf("%s 个外部联系人将随账号删除而丢失", audit.Thousands(k)),
			fmt.Sprintf("%s will be lost with the accounts", plural(k, "external contact", "external contacts"))))
	}
	if lost > 0 {
		risks = append(risks, Lf(lang, fmt.Sprintf("%s 个客户已无法交接（已过交接期限或离职前一年内未登录）", audit.Thousands(lost)),
			fmt.Sprintf("%s can no longer be handed over (past the limit date, or no login in the year before leaving)", plural(lost, "customer", "customers"))))
	}
	if res.Enterprise.AtCap {
		risks = append(risks, Lf(lang, "企业客户数已达上限，所有交接都被阻止", "the enterprise is at its customer cap, which blocks every handover"))
	}
	var b strings.Builder
	if lang == "en" {
		b.WriteString(LevelLabel(v.Level, lang) + ": ")
		switch {
		case n == 0:
			b.WriteString("no departing member was audited.")
		case v.Ready == n && n == 1:
			b.WriteString("the one handover can go ahead.")
		case v.Ready == n:
			fmt.Fprintf(&b, "all %s can go ahead.", plural(n, "handover", "handovers"))
		default:
			fmt.Fprintf(&b, "%d of %s can go ahead; %d blocked, %d unknown.", v.Ready, plural(n, "handover", "handovers"), v.Blocked, v.Unknown)
		}
		if len(risks) > 0 {
			r := strings.Join(risks, "; ")
			b.WriteString(" " + strings.ToUpper(r[:1]) + r[1:] + " unless fixed before the accounts are deleted.")
		}
		if s := res.Summary; s.Total() > 0 {
			fmt.Fprintf(&b, " %s: %d critical, %d high.", capitalizeFirst(plural(s.Total(), "finding", "findings")), s.Critical, s.High)
		}
		for _, m := range v.Missing {
			b.WriteString(" Not shown: " + m.Hides.EN + "; " + m.Add.EN + ".")
		}
		return b.String()
	}
	b.WriteString(LevelLabel(v.Level, lang) + "：")
	switch {
	case n == 0:
		b.WriteString("本次没有审计任何离职成员。")
	case v.Ready == n:
		fmt.Fprintf(&b, "%d 名离职成员均可交接。", n)
	default:
		fmt.Fprintf(&b, "%d 名离职成员中 %d 名可交接，%d 名受阻，%d 名未知。", n, v.Ready, v.Blocked, v.Unknown)
	}
	if len(risks) > 0 {
		b.WriteString("若不在删除账号前处理：" + strings.Join(risks, "；") + "。")
	}
	if s := res.Summary; s.Total() > 0 {
		fmt.Fprintf(&b, "共 %d 项问题，其中严重 %d 项、高风险 %d 项。", s.Total(), s.Critical, s.High)
	}
	for _, m := range v.Missing {
		b.WriteString("无法看到：" + m.Hides.ZH + "；请" + m.Add.ZH + "。")
	}
	return b.String()
}

// plural is "1 finding" or "2 findings", with thousands separators.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return audit.Thousands(n) + " " + many
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Count writes n with its noun: in English "1 finding", "2 findings"; in
// Chinese the number and the measure word, "2 项问题" (zh is the whole unit
// after the number, "项问题").
func Count(lang string, n int, zh, one, many string) string {
	if lang != "en" {
		return audit.Thousands(n) + " " + zh
	}
	if n == 1 {
		return "1 " + one
	}
	return audit.Thousands(n) + " " + many
}

// MaskName keeps a name's first character: 张三丰 → 张**, John → J***.
func MaskName(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 1 {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	_ = r
	return s[:size] + strings.Repeat("*", n-1)
}

// MaskPhone keeps the first three and last four digits: 13800000000 → 138****0000.
func MaskPhone(s string) string {
	rs := []rune(s)
	if len(rs) <= 7 {
		return strings.Repeat("*", len(rs))
	}
	return string(rs[:3]) + strings.Repeat("*", len(rs)-7) + string(rs[len(rs)-4:])
}
