package main

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/report"
)

// generationTime is when the reports are made: SOURCE_DATE_EPOCH when set
// (the reproducible-builds convention: seconds since 1970 UTC), so that
// tests and anyone who needs byte-identical documents can pin it, else the
// clock. This and the default --as-of are the only clock reads of the tool.
func generationTime() (time.Time, error) {
	if s, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, usage("cli.usage.source_date_epoch", catalog.Args{"value": strconv.Quote(s)})
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// trailOptions fills the audit-trail part of the report options from the
// command line as run and the generation time (pipeline.Session.Trail
// does the rest, for the serve page too).
func trailOptions(opt *report.Options, args []string, s *pipeline.Session) error {
	t, err := generationTime()
	if err != nil {
		return err
	}
	if err := s.Trail(opt, append([]string{"auditor"}, args[1:]...), t); err != nil {
		return usageOf(err)
	}
	return nil
}
