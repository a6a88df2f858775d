package report

import (
	"fmt"
	"strings"

	"github.com/wecom-audit/auditor/audit"
)

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
