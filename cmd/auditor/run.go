package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // --tz must work on hosts without zone data (cron on a slim image)

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

// version is the tool version written into every report. Not build
// metadata (a commit, a date), so that reports stay byte-identical across
// builds; scripts/release.sh stamps the release's version with
// -ldflags "-X main.version=…".
var version = "0.3.0"

// Exit statuses (docs/spec.md §1): the only three the tool returns.
const (
	exitOK       = 0
	exitFindings = 1
	exitUnusable = 2
)

// exitError carries a non-zero status that is not a failure of the tool
// (findings reached --fail-on, validate found problems).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func run(args []string, stdout, stderr io.Writer) int {
	var stopProfiles func() error
	// On Windows, a double click starts auditor.exe with no arguments: that
	// is HR opening the page, so the download is the app.
	if len(args) == 1 && runtime.GOOS == "windows" {
		args = append(args, "serve")
	}
	app := newApp(args, stdout, stderr, &stopProfiles)
	err := app.Run(interspersed(app, args))
	var ee exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintln(stderr, "auditor:", errorIn(err, errLang(args)))
	return exitUnusable
}

// newApp is the command line: its commands, and the flag errors of each
// turned into one line (onUsageError).
func newApp(args []string, stdout, stderr io.Writer, stopProfiles *func() error) *cli.App {
	app := &cli.App{
		Name:      "auditor",
		Usage:     catalog.T("en", "cli.help.app", nil),
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// The CLI library must not exit on its own: exit codes are decided
		// below, in one place.
		ExitErrHandler: func(*cli.Context, error) {},
		// A file name may hold a comma (客户,11月.xlsx): repeat the flag
		// or give a glob instead of splitting values at commas.
		DisableSliceFlagSeparator: true,
		OnUsageError:              onUsageError,
		Flags:                     profileFlags(),
		Before: func(c *cli.Context) error {
			stop, err := startProfiles(c)
			*stopProfiles = stop
			return err
		},
		After: func(*cli.Context) error {
			if *stopProfiles == nil {
				return nil
			}
			return (*stopProfiles)()
		},
		Commands: []*cli.Command{
			auditCommand(stdout, stderr, args),
			checkCommand(stdout, stderr),
			planCommand(stdout, stderr),
			reconcileCommand(stdout, stderr),
			pullCommand(stdout, stderr),
			validateCommand(stdout, stderr),
			rulesCommand(stdout),
			samplesCommand(stdout, stderr),
			serveCommand(stdout, stderr),
			verifyCommand(stdout),
		},
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = onUsageError
	}
	return app
}

// inputFlags are shared by audit, check, plan and validate.
func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "roster", Usage: catalog.T("en", "cli.help.roster", nil)},
		&cli.StringSliceFlag{Name: "contacts", Usage: "a contact export; repeat the flag, or give a glob, for exports split across files"},
		&cli.StringFlag{Name: "groups", Usage: catalog.T("en", "cli.help.groups", nil)},
		&cli.StringFlag{Name: "plan", Usage: catalog.T("en", "cli.help.plan", nil)},
		&cli.StringFlag{Name: "profile", Usage: "enterprise profile (YAML)"},
		&cli.StringFlag{Name: "rules", Usage: "rule-set override (YAML)"},
		&cli.StringFlag{Name: "as-of", Usage: "audit date YYYY-MM-DD (default: today in --tz)"},
		&cli.StringFlag{Name: "tz", Value: "Asia/Shanghai", Usage: "time zone for the default --as-of"},
		&cli.StringFlag{Name: "period", Usage: "YYYY-MM: audit the members whose departure date is in that month, plus, always, members already departed (on or before --as-of, any month) who still hold customers, external contacts or groups, and leavers with no departure date; enterprise checks always run"},
		&cli.StringFlag{Name: "lang", Value: "auto", Usage: "report language: auto, zh or en"},
		&cli.BoolFlag{Name: "quiet", Usage: "no progress on stderr"},
		campaignFlag,
	}
}

func asOfDate(c *cli.Context) (audit.Date, error) {
	loc, err := time.LoadLocation(c.String("tz"))
	if err != nil {
		return audit.Date{}, usage("cli.usage.tz", catalog.Args{"tz": strconv.Quote(c.String("tz"))})
	}
	if s := c.String("as-of"); s != "" {
		d, err := audit.ParseISODate(s)
		if err != nil {
			return audit.Date{}, usage("cli.usage.as_of", catalog.Args{"value": strconv.Quote(s)})
		}
		return d, nil
	}
	// The only clock read in the tool: the default audit date.
	return audit.DateOf(time.Now().In(loc)), nil
}

// readInputs maps the input flags and arguments (resolveInputs) onto
// pipeline.Read, with progress on stderr (a bar on a terminal, plain lines
// elsewhere).
func readInputs(c *cli.Context, stderr io.Writer) (*pipeline.Session, error) {
	asOf, err := asOfDate(c)
	if err != nil {
		return nil, err
	}
	if err := checkLang(c.String("lang")); err != nil {
		return nil, err
	}
	files, err := resolveInputs(c, stderr)
	if err != nil {
		return nil, err
	}
	camps, err := campaigns(c)
	if err != nil {
		return nil, err
	}
	opt := pipeline.Options{AsOf: asOf, Period: c.String("period"), Campaigns: camps}
	if !c.Bool("quiet") {
		p := newProgress(stderr, isTerminal(stderr))
		opt.Progress = p.update
		defer p.finish()
	}
	return pipeline.Read(files, opt)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func parseFailOn(s string) (rules.Severity, bool, error) {
	if strings.EqualFold(strings.TrimSpace(s), "none") || s == "" {
		return rules.SeverityInvalid, false, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, false, usage("cli.usage.fail_on", catalog.Args{"value": strconv.Quote(s)})
	}
	return sev, true, nil
}

// failed reports whether a finding reaches --fail-on. Waived findings
// (accepted risks in force) do not count; an expired waiver's finding does.
func failed(res *audit.Result, min rules.Severity, on bool) bool {
	w := res.WorstCounted()
	return on && w != rules.SeverityInvalid && w.AtLeast(min)
}

func auditCommand(stdout, stderr io.Writer, args []string) *cli.Command {
	flags := append(inputFlags(),
		&cli.StringFlag{Name: "out", Value: "auditor-report", Usage: "folder for the reports"},
		&cli.StringFlag{Name: "format", Value: defaultFormats(), Usage: "report formats, comma-separated: xlsx, pdf, json"},
		&cli.StringFlag{Name: "fail-on", Value: "none", Usage: "exit 1 when a finding is at least this severe: critical|high|medium|low|info|none"},
		&cli.BoolFlag{Name: "mask-pii", Usage: "mask contact names and phone numbers in the reports"},
		&cli.StringFlag{Name: "sheets", Value: "auto", Usage: "handover sheets in the PDF: auto (every leaver when the run has at most 1,000, else none), all or none"},
		&cli.StringSliceFlag{Name: "sheets-for", Usage: "write handover sheets for these leavers only: `USERID`, repeat the flag or separate with commas"},
	)
	flags = append(flags, seriesFlags()...)
	return &cli.Command{
		Name:      "audit",
		Usage:     "audit the handovers and write the reports",
		ArgsUsage: "[export folder or files]",
		Flags:     flags,
		Action: func(c *cli.Context) error {
			minSev, failOn, err := parseFailOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			writers, err := report.ParseFormats(c.String("format"))
			if err != nil {
				return usage("cli.usage.flag", catalog.Args{"flag": "--format", "problem": err})
			}
			if err := checkLang(c.String("lang")); err != nil {
				return err
			}
			sheets, err := report.ParseSheets(c.String("sheets"), c.StringSlice("sheets-for"))
			if err != nil {
				return usageOf(err)
			}
			ser, err := loadSeries(c, stderr)
			if err != nil {
				return err
			}
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			report.Prepare(writers)
			s.History = ser.totals()
			res, err := s.Audit(version)
			if err != nil {
				return err
			}
			if err := ser.apply(res); err != nil {
				return err
			}
			if err := sheets.Check(res); err != nil {
				return usageOf(err)
			}
			lang, _ := report.ResolveLang(c.String("lang"), res)
			opt := report.Options{Lang: lang, MaskPII: c.Bool("mask-pii"), Sheets: sheets}
			if err := trailOptions(&opt, args, s); err != nil {
				return err
			}
			outs := pipeline.ReportOutputs(res, writers, opt)
			written, err := report.SaveAll(c.String("out"), writeProgress(c, stderr, outs), s.Paths)
			if err != nil {
				return err
			}
			printVerdict(stdout, res, lang, written)
			if slices.ContainsFunc(writers, func(w report.Writer) bool { return w.Ext() == "pdf" }) {
				if said := report.SheetsSaid(res, sheets, lang); said != "" {
					fmt.Fprintln(stdout, said)
				}
			}
			printSeries(stdout, res, lang)
			if failed(res, minSev, failOn) {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

// defaultFormats is every format this build can write, in SPEC order.
func defaultFormats() string {
	var fs []string
	for _, f := range report.Formats {
		if _, err := report.ForFormat(f); err == nil {
			fs = append(fs, f)
		}
	}
	return strings.Join(fs, ",")
}

func printVerdict(w io.Writer, res *audit.Result, lang string, written []string) {
	fmt.Fprintln(w, report.Verdict(res, lang))
	var parts []string
	for _, sev := range rules.Severities {
		parts = append(parts, fmt.Sprintf("%s %d", report.SeverityLabel(sev, lang), res.Summary.Of(sev)))
	}
	fmt.Fprintln(w, strings.Join(parts, " · "))
	// A large run's handover sheets, one file per leaver in a folder of
	// their own, are one line: the folder and how many.
	inSub := map[string]int{}
	for _, p := range written {
		if len(written) > 0 && filepath.Dir(p) != filepath.Dir(written[0]) {
			inSub[filepath.Dir(p)]++
		}
	}
	for _, p := range written {
		dir := filepath.Dir(p)
		switch n := inSub[dir]; {
		case n == 0:
			fmt.Fprintln(w, p)
		case n > 0:
			fmt.Fprintln(w, catalog.T(lang, "cli.audit.files_in_folder", catalog.Args{"dir": dir + string(filepath.Separator), "n": n}))
			inSub[dir] = -1
		}
	}
}

func validateCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "read and check the inputs only; print what was read and every data problem",
		ArgsUsage: "[export folder or files]",
		Flags:     inputFlags(),
		Action: func(c *cli.Context) error {
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			if err := s.Validate(stdout, c.String("lang")); err != nil {
				return err
			}
			lang, _ := s.PlanLang(c.String("lang"))
			if err := printProblems(stdout, s.In.Problems, s.Sum.Unlisted, lang); err != nil {
				return err
			}
			if len(s.In.Problems) > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

func rulesCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules in force: id, severity, title, source",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rules", Usage: "rule-set override (YAML)"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text, markdown or json"},
			&cli.StringFlag{Name: "lang", Value: "en", Usage: "zh or en"},
		},
		Action: func(c *cli.Context) error {
			rs, err := pipeline.LoadRules(c.String("rules"))
			if err != nil {
				return err
			}
			lang, err := report.ResolveLang(c.String("lang"), nil)
			if err != nil {
				return usage("cli.usage.flag", catalog.Args{"flag": "--lang", "problem": err})
			}
			switch c.String("format") {
			case "text":
				return report.RulesTable(stdout, rs, lang)
			case "markdown", "md":
				return report.RulesMarkdown(stdout, rs, lang)
			case "json":
				return report.RulesJSON(stdout, rs)
			}
			return usage("cli.usage.format_rules", catalog.Args{"value": strconv.Quote(c.String("format"))})
		},
	}
}
