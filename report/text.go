package report

import (
	"strings"
	"unicode"
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
		risks = append(risks, Lv("verdict.risk_external", lang, catalog.Args{"n": k}))
	}
	if res.Enterprise.AtCap {
		risks = append(risks, Lv("verdict.risk_at_cap", lang, nil))
	}
	var first string
	switch {
	case n == 0:
		first = Lv("verdict.none", lang, nil)
	case v.Ready == n && n == 1:
		first = Lv("verdict.all_one", lang, nil)
	case v.Ready == n:
		first = Lv("verdict.all", lang, catalog.Args{"n": n})
	default:
		first = Lv("verdict.some", lang, catalog.Args{"n": n, "ready": v.Ready, "blocked": v.Blocked, "unknown": v.Unknown})
	}
	sentences := []string{Lv("verdict.level", lang, catalog.Args{"level": LevelLabel(v.Level, lang), "sentence": first})}
	if len(risks) > 0 {
		sentences = append(sentences, Lv("verdict.risks", lang, catalog.Args{"risks": capitalizeFirst(catalog.List(lang, risks))}))
	}
	// What is already lost is said apart from what can still be saved:
	// fixing something before the deletion cannot bring it back.
	if lost > 0 {
		sentences = append(sentences, Lv("verdict.lost", lang, catalog.Args{"n": lost}))
	}
	if s := res.Summary; s.Total() > 0 {
		sentences = append(sentences, Lv("verdict.findings", lang, catalog.Args{"total": s.Total(), "critical": s.Critical, "high": s.High}))
	}
	for _, m := range v.Missing {
		sentences = append(sentences, Lv("verdict.missing", lang, catalog.Args{"hides": m.Hides, "add": m.Add}))
	}
	// English sentences are spaced; Chinese ones follow on.
	if lang == "en" {
		return strings.Join(sentences, " ")
	}
	return strings.Join(sentences, "")
}

// capitalizeFirst upper-cases the first letter (a no-op for Chinese).
func capitalizeFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
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
