package report

import (
	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// SeriesCounts is "2 new findings · 1 escalated · 5 persisting · 1 resolved"
// in lang.
func SeriesCounts(lang string, newN, escalated, persisting, resolved int) string {
	return Lv("series.counts", lang, catalog.Args{"new": newN, "escalated": escalated, "persisting": persisting, "resolved": resolved})
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
	return Lv("series.waivers", lang, catalog.Args{"applied": applied, "expired": expired, "unused": unused})
}

// Age is a finding's age in whole months, "3 months" in English
// (series.age, or series.age_under_month below one month).
func Age(lang string, months int) string {
	if months == 0 {
		return Lv("series.age_under_month", lang, nil)
	}
	return Lv("series.age", lang, catalog.Args{"months": months})
}
