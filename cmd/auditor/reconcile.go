package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/plan"
	"github.com/wecom-audit/auditor/reconcile"
	"github.com/wecom-audit/auditor/report"
	"github.com/wecom-audit/auditor/rules"
)

func reconcileCommand(stdout, stderr io.Writer) *cli.Command {
	flags := append(inputFlags(),
		&cli.StringSliceFlag{Name: "outcomes", Usage: "transfer outcomes: API JSON pages, a folder of them, or an outcome spreadsheet; repeatable", Required: true},
		&cli.StringFlag{Name: "out", Value: "auditor-report", Usage: "folder for reconcile-<as-of>.* and the follow-up plan"},
		&cli.StringFlag{Name: "format", Value: "xlsx,pdf,json", Usage: "report formats, comma-separated: xlsx, pdf, json"},
		&cli.Float64Flag{Name: "fill", Usage: "fill receivers of the follow-up plan to this share of their cap, in (0, 1]"},
		&cli.StringFlag{Name: "fail-on", Value: "none", Usage: "exit 1 when a reconcile finding is at least this severe"},
	)
	return &cli.Command{
		Name:  "reconcile",
		Usage: "hold WeCom's transfer outcomes against the plan; write the closure report and a follow-up plan",
		Flags: flags,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("cli.usage.unexpected_argument", catalog.Args{"command": "reconcile", "arg": strconv.Quote(c.Args().First())})
			}
			minSev, failOn, err := parseFailOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			formats, err := reconcileFormats(c.String("format"))
			if err != nil {
				return err
			}
			fill := c.Float64("fill")
			if c.IsSet("fill") && !(fill > 0 && fill <= 1) {
				return usage("cli.usage.fill", catalog.Args{"value": fmt.Sprint(fill)})
			}
			if _, err := report.ResolveLang(c.String("lang"), nil); err != nil {
				return usage("cli.usage.flag", catalog.Args{"flag": "--lang", "problem": err})
			}
			s, err := readInputs(c, stderr)
			if err != nil {
				return err
			}
			rr := s.Rules.Reconcile()
			outs, err := reconcile.ReadOutcomes(c.StringSlice("outcomes"), rr)
			if err != nil {
				return err
			}
			res, err := reconcile.Run(s.In, outs, s.Rules, rr, reconcile.Config{AsOf: s.AsOf, ToolVersion: version, Fill: fill})
			if err != nil {
				return usageOf(err)
			}
			lang, _ := report.ResolveLang(c.String("lang"), &audit.Result{ChineseHeaders: s.In.ChineseHeaders})
			base := "reconcile-" + s.AsOf.String()
			var files []report.Output
			for _, f := range formats {
				switch f {
				case "json":
					files = append(files, report.Output{Name: base + ".json", Write: func(w io.Writer) error { return reconcile.WriteJSON(w, res) }})
				case "xlsx":
					files = append(files, report.Output{Name: base + ".xlsx", Write: func(w io.Writer) error { return report.WriteReconcileXLSX(w, res, lang) }})
				case "pdf":
					files = append(files, report.Output{Name: base + ".pdf", Write: func(w io.Writer) error { return report.WriteReconcilePDF(w, res, lang) }})
				}
			}
			fb := "followup-plan-" + s.AsOf.String()
			files = append(files,
				report.Output{Name: fb + ".xlsx", Write: func(w io.Writer) error { return report.WritePlanXLSX(w, res.FollowUp, lang) }},
				report.Output{Name: fb + ".json", Write: func(w io.Writer) error { return plan.WriteJSON(w, res.FollowUp) }})
			paths := append(s.Paths, c.StringSlice("outcomes")...)
			written, err := report.SaveAll(c.String("out"), files, paths)
			if err != nil {
				return err
			}
			printReconcile(stdout, res, lang, written)
			if failOn && worst(res).AtLeast(minSev) && len(res.Findings) > 0 {
				return exitError{exitFindings}
			}
			return nil
		},
	}
}

func reconcileFormats(list string) ([]string, error) {
	ws, err := report.ParseFormats(list)
	if err != nil {
		return nil, usage("cli.usage.flag", catalog.Args{"flag": "--format", "problem": err})
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.Ext())
	}
	return out, nil
}

func worst(r *reconcile.Result) rules.Severity {
	w := rules.SeverityInvalid
	for _, f := range r.Findings {
		if w == rules.SeverityInvalid || f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

func printReconcile(w io.Writer, r *reconcile.Result, lang string, written []string) {
	t := r.Totals()
	closed := 0
	for _, l := range r.Leavers {
		if l.Closed {
			closed++
		}
	}
	fmt.Fprintln(w, catalog.T(lang, "cli.reconcile.summary", catalog.Args{"leavers": len(r.Leavers), "closed": closed, "planned": t.Planned,
		"done": t.Done, "waiting": t.Waiting, "refused": t.Refused, "cap_reached": t.CapReached, "not_started": t.NotStarted,
		"moved": t.MovedElsewhere, "unknown": t.Unknown, "lost": t.Lost}))
	for _, p := range written {
		fmt.Fprintln(w, p)
	}
}
