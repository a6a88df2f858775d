package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

func checkCommand(stdout, stderr io.Writer) *cli.Command {
	flags := append(inputFlags(),
		&cli.StringFlag{Name: "member", Required: true, Usage: "userid of the member to check (case-insensitive)"},
		&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"},
		&cli.StringFlag{Name: "fail-on", Value: "none", Usage: "exit 1 when a finding about this member is at least this severe"},
	)
	return &cli.Command{
		Name:  "check",
		Usage: "one member's pre-offboarding check, printed to the terminal",
		Flags: flags,
		Action: func(c *cli.Context) error {
			minSev, failOn, err := parseFailOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			userid := c.String("member")
			m := s.in.Member(userid)
			if m == nil {
				msg := fmt.Sprintf("no member %q in %s", userid, c.String("roster"))
				if sug := audit.Suggest(s.in, userid, 3); len(sug) > 0 {
					msg += "; did you mean " + strings.Join(sug, ", ") + "?"
				}
				return usageError{msg}
			}
			in, err := audit.LeavingToday(s.in, m.UserID, s.asOf)
			if err != nil {
				return usagef("%v", err)
			}
			// A member who is not leaving is checked as if it left today,
			// whatever --period says.
			hypothetical := !m.Status.Leaving() && !s.in.NamedInSheet(m.UserID)
			period := s.period
			if hypothetical {
				period = ""
			}
			res, err := audit.Run(in, s.rules, audit.Config{AsOf: s.asOf, ToolVersion: version, Period: period})
			if err != nil {
				return usagef("%v", err)
			}
			lang, err := report.ResolveLang(c.String("lang"), res)
			if err != nil {
				return usagef("--lang: %v", err)
			}
			mc, err := report.NewMemberCheck(res, m.UserID, hypothetical)
			if err != nil {
				return usagef("%v", err)
			}
			if format == "json" {
				err = report.CheckJSON(stdout, mc, lang)
			} else {
				err = report.CheckText(stdout, mc, lang, isTerminal(stdout))
			}
			if err != nil {
				return err
			}
			if failOn && mc.Worst().AtLeast(minSev) {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}
