package capacity

import (
	"slices"
	"sort"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// The --history fallback: when the contact exports carry no add times (or
// too few), the enterprise's pace comes from the totals earlier reports
// gave (their as_of and enterprise.customers). Stated in docs/capacity.md.
const (
	// HistoryWindowDays: the earlier reports used are those within 26
	// weeks before the as-of date.
	HistoryWindowDays = 182
	// MinHistoryPoints is how many totals, this run's included, a pace
	// from history needs: two points are one interval, a pace without a
	// range.
	MinHistoryPoints = 3
	// MinHistorySpanDays: the totals must span at least 8 weeks.
	MinHistorySpanDays = 56
)

// Where a pace was measured (Report.Source).
const (
	SourceAddTimes = "add_times" // the add times of the contact exports
	SourceHistory  = "history"   // the totals of earlier reports (--history)
)

// Total is the enterprise's customers on a date, as an earlier report (or
// this run) gives it.
type Total struct {
	Date      time.Time
	Customers int
}

// PaceFromTotals is the enterprise's pace from dated totals: the earlier
// reports' within HistoryWindowDays before asOf, and this run's customers
// on asOf. Each interval between consecutive totals gives a weekly rate;
// the pace is their median, the range their lowest and highest (never
// narrower than the pace), none below 0 (a shrinking total adds nobody).
// The points used come back too. With fewer than MinHistoryPoints or a
// span under MinHistorySpanDays the pace is unknown, and why is said.
func PaceFromTotals(totals []Total, asOf time.Time, customers int) (Pace, []Total, rules.Text, bool) {
	asOf = day(asOf)
	from := asOf.AddDate(0, 0, -HistoryWindowDays)
	byDay := map[time.Time]int{}
	for _, t := range totals {
		d := day(t.Date)
		if d.Before(from) || !d.Before(asOf) || t.Customers < 0 {
			continue
		}
		byDay[d] = t.Customers // one report per date (history.LoadDir)
	}
	pts := []Total{}
	for d, c := range byDay {
		pts = append(pts, Total{Date: d, Customers: c})
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].Date.Before(pts[j].Date) })
	pts = append(pts, Total{Date: asOf, Customers: customers})
	if len(pts) < MinHistoryPoints || daysBetween(pts[0].Date, asOf) < MinHistorySpanDays {
		n := len(pts) - 1
		return Pace{}, pts, rules.Msg("capacity.unknown.few_reports", catalog.Args{"n": n, "min": MinHistoryPoints - 1}), false
	}
	rates := make([]float64, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		days := daysBetween(pts[i-1].Date, pts[i].Date)
		rates = append(rates, max(0, float64(pts[i].Customers-pts[i-1].Customers)/float64(days)*7))
	}
	sorted := slices.Clone(rates)
	slices.Sort(sorted)
	n := len(sorted)
	mid := sorted[n/2]
	if n%2 == 0 {
		mid = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return Pace{Weekly: mid, Low: min(sorted[0], mid), High: max(sorted[n-1], mid)}, pts, rules.Text{}, true
}
