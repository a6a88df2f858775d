package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/samples"
)

func samplesCommand(stdout io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "samples",
		Usage: "write a realistic synthetic enterprise (streaming, any size)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Required: true, Usage: "folder to write into"},
			&cli.IntFlag{Name: "members", Value: 200, Usage: "members in the roster"},
			&cli.IntFlag{Name: "contacts", Value: 10000, Usage: "contact rows"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed (same seed, same data)"},
			&cli.Uint64Flag{Name: "contacts-seed", Usage: "draw the contacts from a seed of their own and give them ids of their own, with the members of --seed (several exports of one enterprise)"},
			&cli.BoolFlag{Name: "inline-strings", Usage: "write contacts with inline strings, as excelize streams them (default: a shared-string table, as Excel and WeCom write)"},
			&cli.IntFlag{Name: "leavers", Usage: "a layoff: exactly this many members leave, around --as-of (default: about one member in 25)"},
			&cli.IntFlag{Name: "receivers", Usage: "a layoff: the leavers' books go to this many colleagues in turn (default: a colleague of the same department each)"},
			&cli.IntFlag{Name: "handover-rows", Usage: "rows in the handover sheet, at least one per leaver; more split the books across receivers, with counts (default: one per leaver)"},
		},
		Action: func(c *cli.Context) error {
			if c.Int("members") < 2 || c.Int("contacts") < 0 {
				return usagef("samples: --members must be at least 2 and --contacts not negative")
			}
			if c.Int("leavers") < 0 || c.Int("receivers") < 0 || c.Int("handover-rows") < 0 {
				return usagef("samples: --leavers, --receivers and --handover-rows must not be negative")
			}
			return generateSamples(stdout, c.String("out"), samples.Config{
				Members: c.Int("members"), Contacts: c.Int("contacts"), Seed: c.Uint64("seed"), InlineStrings: c.Bool("inline-strings"),
				ContactSeed: c.Uint64("contacts-seed"),
				Leavers:     c.Int("leavers"), Receivers: c.Int("receivers"), HandoverRows: c.Int("handover-rows"),
			})
		},
	}
}

func generateSamples(stdout io.Writer, dir string, cfg samples.Config) error {
	if err := samples.Generate(dir, cfg); err != nil {
		return err
	}
	members, contacts := cfg.Members, cfg.Contacts
	f := samples.Files
	fmt.Fprintf(stdout, "wrote %d members and %d contacts to %s\n", members, contacts, dir)
	fmt.Fprintf(stdout, "audit it with:\n  auditor audit --roster %s --contacts %s --groups %s --plan %s --profile %s\n",
		filepath.Join(dir, f.Roster), filepath.Join(dir, f.Contacts), filepath.Join(dir, f.Groups),
		filepath.Join(dir, f.Plan), filepath.Join(dir, f.Profile))
	return nil
}
