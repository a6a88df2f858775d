package main

import (
	"io"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report"
)

func checkCommand(stdout, stderr io.Writer) *cli.Command {
	flags := append(inputFlags(),
		&cli.StringFlag{Name: "member", Required: true, Usage: "userid of the member to check (case-insensitive)"},
		&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"},
		&cli.StringFlag{Name: "fail-on", Value: "none", Usage: "exit 1 when a finding about this member is at least this severe"},
	)
	return &cli.Command{
		Name:      "check",
		Usage:     "one member's pre-offboarding check, printed to the terminal",
		ArgsUsage: "[export folder or files]",
		Flags:     flags,
		Action: func(c *cli.Context) error {
			minSev, failOn, err := parseFailOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usage("cli.usage.format_check", catalog.Args{"value": strconv.Quote(format)})
			}
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			mc, res, err := s.Check(c.String("member"), s.Files.Roster, version)
			if err != nil {
				return err
			}
			lang, err := report.ResolveLang(c.String("lang"), res)
			if err != nil {
				return usage("cli.usage.flag", catalog.Args{"flag": "--lang", "problem": err})
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
