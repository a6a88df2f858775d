package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pull"
	"github.com/wecom-audit/auditor/report"
)

func pullCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "pull",
		Usage: "fetch members, scope, customers, groups (or, with --outcomes, transfer results) from WeCom's API into a folder the audit reads",
		Description: "Credentials come from the environment (" + pull.EnvCorpID + ", " + pull.EnvContact + ", and " + pull.EnvAddressbook +
			" for the roster) or from --credentials FILE (YAML: corpid, contact_secret, addressbook_secret; chmod 600). They are never printed or written.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "folder for the files and manifest.json", Required: true},
			&cli.BoolFlag{Name: "outcomes", Usage: "fetch the transfer results of every pair of --plan (both routes) for `reconcile --outcomes DIR`"},
			&cli.StringFlag{Name: "plan", Usage: "with --outcomes: the plan (plan-<as-of>.xlsx or HR's handover sheet)"},
			&cli.StringFlag{Name: "credentials", Usage: "YAML file with corpid, contact_secret, addressbook_secret (not readable by others)"},
			&cli.StringFlag{Name: "api-base", Value: pull.DefaultBase, Usage: "API address (a proxy; plain http only to a loopback address)"},
			&cli.StringFlag{Name: "lang", Value: "auto", Usage: "language of the summary: auto (en), zh or en"},
			&cli.BoolFlag{Name: "quiet", Usage: "no progress on stderr"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("cli.usage.unexpected_argument", catalog.Args{"command": "pull", "arg": strconv.Quote(c.Args().First())})
			}
			if c.Bool("outcomes") != c.IsSet("plan") {
				return usage("cli.usage.outcomes_plan", nil)
			}
			lang, err := report.ResolveLang(c.String("lang"), nil)
			if err != nil {
				return usage("cli.usage.flag", catalog.Args{"flag": "--lang", "problem": err})
			}
			var creds pull.Credentials
			if f := c.String("credentials"); f != "" {
				creds, err = pull.FromFile(f)
			} else {
				creds, err = pull.FromEnv(os.Getenv)
			}
			if err != nil {
				return usageOf(err)
			}
			opt := pull.Options{}
			if !c.Bool("quiet") && isTerminal(stderr) {
				p := &pullProgress{w: stderr}
				opt.Progress = p.update
				defer p.finish()
			}
			cl, err := pull.NewClient(c.String("api-base"), creds, opt)
			if err != nil {
				return usageOf(err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			cfg := pull.Config{Out: c.String("out"), Version: version, Now: time.Now}
			var res *pull.Result
			if c.Bool("outcomes") {
				pairs, perr := pull.PlanPairs(c.String("plan"))
				if perr != nil {
					return perr
				}
				res, err = pull.Outcomes(ctx, cl, cfg, pairs)
			} else {
				res, err = pull.Inputs(ctx, cl, cfg)
			}
			if err != nil {
				return err
			}
			printPull(stdout, res, c.Bool("outcomes"), lang)
			return nil
		},
	}
}

func printPull(w io.Writer, r *pull.Result, outcomes bool, lang string) {
	m := r.Manifest
	secs := int(m.Finished.Sub(m.Started).Round(time.Second).Seconds())
	if outcomes {
		fmt.Fprintln(w, catalog.T(lang, "cli.pull.outcomes", catalog.Args{"results": r.Contacts, "calls": m.Calls, "secs": secs}))
	} else {
		fmt.Fprintln(w, catalog.T(lang, "cli.pull.contacts", catalog.Args{"members": r.Members, "outside": r.Outside, "departed": r.Departed,
			"contacts": r.Contacts, "groups": r.Groups, "calls": m.Calls, "secs": secs}))
	}
	if len(m.Notes) > 0 && r.Members == 0 && !outcomes {
		fmt.Fprintln(w, catalog.T(lang, "cli.pull.no_roster", nil))
	}
	for _, p := range r.Written {
		fmt.Fprintln(w, p)
	}
}

// pullProgress is a spinner per endpoint with its calls so far.
type pullProgress struct {
	w    io.Writer
	bar  *progressbar.ProgressBar
	last string
	n    int
}

func (p *pullProgress) update(endpoint string, calls int) {
	if endpoint != p.last {
		p.finish()
		p.bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(p.w), progressbar.OptionSetDescription(endpoint),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("calls"),
			progressbar.OptionSpinnerType(14), progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish())
		p.last, p.n = endpoint, 0
	}
	_ = p.bar.Add(calls - p.n)
	p.n = calls
}

func (p *pullProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprint(p.w, "\r\033[K")
		p.bar = nil
	}
}
