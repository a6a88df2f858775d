package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/history"
	"github.com/wecom-audit/auditor/report"
)

// seriesFlags are audit's flags for the monthly series (history package).
func seriesFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "previous", Usage: "the previous run's JSON report: mark findings new or persisting, list what was resolved"},
		&cli.StringFlag{Name: "history", Usage: "folder of earlier audit-*.json reports (the batch's reports folder); the latest before --as-of is the previous one"},
		&cli.StringFlag{Name: "waivers", Usage: "accepted risks (YAML list of fingerprint, reason, accepted_by, expires)"},
	}
}

// series is what the series flags loaded, before the audit runs: a bad
// waiver file or a foreign previous report stops the run before the inputs
// are read.
type series struct {
	chain   []*history.Report
	given   bool                // --previous or --history was given
	waivers *history.WaiverFile // nil without --waivers
}

func loadSeries(c *cli.Context, stderr io.Writer) (*series, error) {
	s := &series{}
	prev, dir := c.String("previous"), c.String("history")
	if prev != "" && dir != "" {
		return nil, usage("cli.usage.previous_and_history", nil)
	}
	asOf, err := asOfDate(c)
	if err != nil {
		return nil, err
	}
	switch {
	case prev != "":
		r, err := history.Load(prev)
		if err != nil {
			return nil, usageOf(err)
		}
		s.chain, s.given = []*history.Report{r}, true
	case dir != "":
		rs, err := history.LoadDir(dir, asOf)
		if err != nil {
			return nil, usageOf(err)
		}
		s.chain, s.given = rs, true
		for _, msg := range history.ChainBreaks(rs) {
			fmt.Fprintln(stderr, "auditor:", msg)
		}
	}
	if dir != "" && !strings.Contains(strings.ToLower(c.String("format")), "json") {
		// The series lives in the JSON reports: without one this run is
		// missing from the next run's history.
		fmt.Fprintln(stderr, "auditor: "+catalog.T(userLang(c.String("lang")), "cli.history.no_json", catalog.Args{"dir": dir}))
	}
	for _, r := range s.chain {
		if r.AsOf.After(asOf) {
			return nil, usage("cli.usage.previous_later", catalog.Args{"path": r.Path, "previous": r.AsOf.String(), "as_of": asOf.String()})
		}
	}
	if w := c.String("waivers"); w != "" {
		ws, err := history.LoadWaivers(w)
		if err != nil {
			return nil, usageOf(err)
		}
		s.waivers = ws
	}
	return s, nil
}

// totals are the enterprise totals of the earlier reports, for the
// capacity forecast's pace when the exports carry no add times; nil when
// neither --history nor --previous was given.
func (s *series) totals() []capacity.Total {
	if !s.given {
		return nil
	}
	return history.Totals(s.chain)
}

// apply compares the result with the chain and applies the waivers.
func (s *series) apply(res *audit.Result) error {
	if s.given {
		if err := history.Compare(res, s.chain); err != nil {
			return usageOf(err)
		}
	}
	if s.waivers != nil {
		s.waivers.Apply(res)
	}
	return nil
}

// printSeries adds the series lines to the verdict on stdout: what changed
// since the previous run, and the waivers that need someone's attention.
func printSeries(w io.Writer, res *audit.Result, lang string) {
	if h := res.History; h != nil {
		newN, escalated, persisting, resolved := report.SeriesTally(res)
		since := report.L("series_first_run", lang)
		if !h.PreviousAsOf.IsZero() {
			since = report.Lv("series_since", lang, catalog.Args{"date": h.PreviousAsOf.String()})
		}
		sep := ": "
		if lang == "zh" {
			sep = "："
		}
		fmt.Fprintln(w, since+sep+report.SeriesCounts(lang, newN, escalated, persisting, resolved))
	}
	if ws := res.Waivers; ws != nil {
		fmt.Fprintln(w, report.WaiverCounts(lang, ws.Applied, len(ws.Expired), len(ws.Unused)))
		for _, u := range ws.Expired {
			fmt.Fprintf(w, "  %s %s (%s %s)\n", report.L("waiver_expired", lang), u.Fingerprint, strings.TrimSpace(u.Rule+" "+u.Member), u.Expires)
		}
		for _, u := range ws.Unused {
			fmt.Fprintf(w, "  %s %s (%s)\n", report.L("waiver_unused", lang), u.Fingerprint, report.Lv("waiver_line", lang, catalog.Args{"line": strconv.Itoa(u.Line)}))
		}
	}
}
