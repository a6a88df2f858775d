package report

import (
	"fmt"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/rules"
)

// Labels of the series (history and waivers), kept apart from text.go's map
// so that both can change without stepping on each other.
func init() {
	for k, v := range map[string]struct{ zh, en string }{
		"series_since":         {"与上次审计（%s）相比", "Since the previous audit (%s)"},
		"series_first_run":     {"首次审计（无历史报告）", "First audit of the series (no earlier report)"},
		"waiver_expired":       {"已过期的风险接受：", "Expired waiver:"},
		"waiver_unused":        {"未使用的风险接受：", "Unused waiver:"},
		"waivers_heading":      {"风险接受", "Waivers"},
		"waiver_line":          {"第 %d 行", "line %d"},
		"status_new":           {"新增", "new"},
		"status_persisting":    {"持续", "persisting"},
		"status_escalated":     {"升级", "escalated"},
		"escalated_from":       {"升级自 %s", "escalated from %s"},
		"new_none":             {"自上次审计以来没有新增或升级的问题。", "No finding is new or escalated since the previous audit."},
		"new_more":             {"另有 %d 个新增或升级的问题，见问题清单。", "%d more, in the findings list."},
		"sheet_new":            {"新增问题", "New findings"},
		"pdf_new_since":        {"自上次审计（{date}）以来新增和升级的问题", "New and escalated since the previous audit ({date})"},
		"sheet_escalated":      {"已升级", "Escalated"},
		"pdf_escalated_since":  {"自上次审计（{date}）以来升级（未解决）", "Escalated since the previous audit ({date}), not resolved"},
		"replaced_by":          {"被替代为", "Replaced by"},
		"external_before":      {"上次外部联系人数", "External contacts before"},
		"external_now":         {"现在外部联系人数", "External contacts now"},
		"role_previous_report": {"上次报告", "previous report"},
		"role_earlier_report":  {"更早的报告", "earlier report"},
		"role_waivers":         {"风险接受文件", "waiver file"},
		"fingerprint":          {"指纹", "Fingerprint"},
		"first_seen":           {"首次发现", "First seen"},
		"first_count":          {"数量（首次 → 现在）", "Count then → now"},
		"waiver":               {"风险接受", "Waiver"},
		"waived_mark":          {"已接受风险", "Accepted risk"},
		"waiver_expired_mark":  {"风险接受已过期", "Waiver expired"},
		"trend":                {"趋势：各次审计的问题数", "Trend: findings per audit"},
		"trend_runs_note":      {"最近 %d 次审计（共 %d 次）", "The last %d audits (of %d)"},
		"persisting_top":       {"持续未解决的严重和高风险问题", "Persisting critical and high findings"},
		"persisting_none":      {"没有持续未解决的严重或高风险问题。", "No critical or high finding persists from an earlier audit."},
		"last_seen":            {"最后发现", "Last seen"},
		"age":                  {"已持续", "Open for"},
		"change":               {"变化", "Change"},
		"change_appeared":      {"新增离职", "appeared"},
		"change_handed_over":   {"已交接", "handed over"},
		"change_expired":       {"已过交接期限", "expired"},
		"change_removed":       {"不再列为离职", "no longer listed"},
		"sheet_resolved":       {"已解决", "Resolved"},
		"sheet_leaver_changes": {"离职成员变化", "Leaver changes"},
		"followed_by":          {"随后出现", "Followed by"},
		"customers_before":     {"上次客户数", "Customers before"},
		"customers_now":        {"现在客户数", "Customers now"},
		"pdf_resolved_since":   {"自上次审计（{date}）以来已解决", "Resolved since the previous audit ({date})"},
		"pdf_leavers_since":    {"自上次审计（{date}）以来的离职成员变化", "Leavers since the previous audit ({date})"},
	} {
		if _, taken := labels[k]; taken {
			panic("report: label " + k + " is defined twice") // caught by every test of the package
		}
		labels[k] = rules.Text{ZH: v.zh, EN: v.en}
	}
}

// SeriesCounts is "2 new findings · 1 escalated · 5 persisting · 1 resolved"
// in lang.
func SeriesCounts(lang string, newN, escalated, persisting, resolved int) string {
	if lang == "zh" {
		return fmt.Sprintf("新增 %d 个问题 · 升级 %d 个 · 持续 %d 个 · 已解决 %d 个", newN, escalated, persisting, resolved)
	}
	return strings.Join([]string{seriesPlural(newN, "new finding", "new findings"), fmt.Sprintf("%d escalated", escalated), fmt.Sprintf("%d persisting", persisting), fmt.Sprintf("%d resolved", resolved)}, " · ")
}

// SeriesTally counts the findings of a compared run by status: new,
// escalated and persisting; resolved is the previous report's findings
// that are gone with nothing worse in their place.
func SeriesTally(res *audit.Result) (newN, escalated, persisting, resolved int) {
	for _, f := range res.Findings {
		if f.History == nil {
			continue
		}
		switch f.History.Status {
		case audit.StatusNew:
			newN++
		case audit.StatusEscalated:
			escalated++
		case audit.StatusPersisting:
			persisting++
		}
	}
	if res.History != nil {
		resolved = len(res.History.Resolved)
	}
	return
}

// WaiverCounts is "Waivers: 1 finding waived · 1 expired · 0 unused" in lang.
func WaiverCounts(lang string, applied, expired, unused int) string {
	if lang == "zh" {
		return fmt.Sprintf("风险接受：%d 个问题已接受 · %d 个已过期（重新计入）· %d 个未使用", applied, expired, unused)
	}
	return fmt.Sprintf("Waivers: %s · %d expired (counted again) · %d unused", seriesPlural(applied, "finding waived", "findings waived"), expired, unused)
}

// Age is a finding's age in whole months: "3 months", "3 个月".
func Age(lang string, months int) string {
	if lang == "zh" {
		if months == 0 {
			return "不足 1 个月"
		}
		return fmt.Sprintf("%d 个月", months)
	}
	if months == 0 {
		return "under a month"
	}
	return seriesPlural(months, "month", "months")
}

func seriesPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func fmtTrendNote(format string, shown, total int) string { return fmt.Sprintf(format, shown, total) }
