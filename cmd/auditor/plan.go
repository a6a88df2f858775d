package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pipeline"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/reconcile"
	"github.com/wecom-audit/auditor/report"
)

func planCommand(stdout, stderr io.Writer) *cli.Command {
	flags := append(inputFlags(),
		&cli.StringFlag{Name: "out", Value: "auditor-report", Usage: "folder for plan-<as-of>.xlsx and .json"},
		&cli.Float64Flag{Name: "fill", Usage: "fill receivers to this share of their cap, in (0, 1] (default: near_cap_ratio)"},
		&cli.StringFlag{Name: "fail-on", Value: "none", Usage: "exit 1 when an audit finding is at least this severe"},
		&cli.StringSliceFlag{Name: "outcomes", Usage: "earlier transfer outcomes (as for reconcile): customers at the on-job transfer limit wait for resigned-member transfer"},
	)
	return &cli.Command{
		Name:      "plan",
		Usage:     "propose receivers for every departing member and write a plan workbook",
		ArgsUsage: "[export folder or files]",
		Flags:     flags,
		Action: func(c *cli.Context) error {
			minSev, failOn, err := parseFailOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			fill := c.Float64("fill")
			if c.IsSet("fill") && !(fill > 0 && fill <= 1) {
				return usage("cli.usage.fill", catalog.Args{"value": fmt.Sprint(fill)})
			}
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			var onJob *plan.OnJobHistory
			if len(c.StringSlice("outcomes")) > 0 {
				rr := s.Rules.Reconcile()
				outs, err := reconcile.ReadOutcomes(c.StringSlice("outcomes"), rr)
				if err != nil {
					return err
				}
				onJob = reconcile.History(outs, rr, s.In)
				s.Paths = append(s.Paths, c.StringSlice("outcomes")...)
			}
			p, err := s.Plan(fill, onJob, version)
			if err != nil {
				return err
			}
			lang, err := s.PlanLang(c.String("lang"))
			if err != nil {
				return err
			}
			written, err := report.SaveAll(c.String("out"), writeProgress(c, stderr, pipeline.PlanOutputs(p, s.AsOf, lang)), s.Paths)
			if err != nil {
				return err
			}
			printPlanSummary(stdout, p.Tally(), lang)
			for _, f := range written {
				fmt.Fprintln(stdout, f)
			}
			// --fail-on judges the audit of the inputs as given, as for audit.
			res, err := s.Audit(version)
			if err != nil {
				return err
			}
			if failed(res, minSev, failOn) {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}
