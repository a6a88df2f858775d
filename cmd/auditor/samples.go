package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/samples"
)

// samplesMark is the file samples leaves in its --out folder, listing the
// files it wrote there: a later run may replace those, and nothing else.
// HR may point --out at the real export folder, whose roster.xlsx is not
// ours to overwrite.
const samplesMark = ".auditor-samples"

func sampleNames() []string {
	f := samples.Files
	return []string{f.Roster, f.Contacts, f.Groups, f.Plan, f.Profile}
}

// checkSamplesOut refuses a folder holding a file of a sample's name that
// an earlier samples run did not write.
func checkSamplesOut(dir string) error {
	ours := map[string]bool{}
	if b, err := os.ReadFile(filepath.Join(dir, samplesMark)); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			ours[strings.TrimSpace(l)] = true
		}
	}
	var theirs []string
	for _, n := range sampleNames() {
		_, err := os.Lstat(filepath.Join(dir, n))
		switch {
		case err == nil && !ours[n]:
			theirs = append(theirs, n)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("samples --out %s: %w", dir, err)
		}
	}
	if len(theirs) > 0 {
		return usage("cli.usage.samples_not_empty", catalog.Args{"dir": dir, "files": strings.Join(theirs, ", ")})
	}
	return nil
}

func samplesCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:  "samples",
		Usage: "write a realistic synthetic enterprise (streaming, any size)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Required: true, Usage: "folder to write into: new, empty, or one an earlier samples run wrote (a file it did not write is never overwritten)"},
			&cli.IntFlag{Name: "members", Value: 200, Usage: "members in the roster"},
			&cli.IntFlag{Name: "contacts", Value: 10000, Usage: "contact rows"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed (same seed, same data)"},
			&cli.Uint64Flag{Name: "contacts-seed", Usage: "draw the contacts from a seed of their own and give them ids of their own, with the members of --seed (several exports of one enterprise)"},
			&cli.BoolFlag{Name: "quiet", Usage: "no progress on stderr"},
			&cli.BoolFlag{Name: "inline-strings", Usage: "write contacts with inline strings, as excelize streams them (default: a shared-string table, as Excel and WeCom write)"},
			&cli.IntFlag{Name: "leavers", Usage: "a layoff: exactly this many members leave, around --as-of (default: about one member in 25)"},
			&cli.IntFlag{Name: "receivers", Usage: "a layoff: the leavers' books go to this many colleagues in turn (default: a colleague of the same department each)"},
			&cli.IntFlag{Name: "handover-rows", Usage: "rows in the handover sheet, at least one per leaver; more split the books across receivers, with counts (default: one per leaver)"},
		},
		Action: func(c *cli.Context) error {
			if c.Int("members") < 2 || c.Int("contacts") < 0 {
				return usage("cli.usage.samples_members", nil)
			}
			if c.Int("leavers") < 0 || c.Int("receivers") < 0 || c.Int("handover-rows") < 0 {
				return usage("cli.usage.samples_negative", nil)
			}
			return generateSamples(stdout, stderr, c.Bool("quiet"), c.String("out"), samples.Config{
				Members: c.Int("members"), Contacts: c.Int("contacts"), Seed: c.Uint64("seed"), InlineStrings: c.Bool("inline-strings"),
				ContactSeed: c.Uint64("contacts-seed"),
				Leavers:     c.Int("leavers"), Receivers: c.Int("receivers"), HandoverRows: c.Int("handover-rows"),
			})
		},
	}
}

func generateSamples(stdout, stderr io.Writer, quiet bool, dir string, cfg samples.Config) error {
	if err := checkSamplesOut(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("samples --out %s: %w", dir, err)
	}
	var b strings.Builder
	for _, n := range sampleNames() {
		b.WriteString(n + "\n")
	}
	// The mark is written first: a run cut short leaves files that a rerun
	// may still replace.
	if err := os.WriteFile(filepath.Join(dir, samplesMark), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("samples --out %s: %w", dir, err)
	}
	stop := func() {}
	if !quiet {
		stop = watchSizes(stderr, dir, sampleNames(), plainEvery)
	}
	err := samples.Generate(dir, cfg)
	stop()
	if err != nil {
		return err
	}
	members, contacts := cfg.Members, cfg.Contacts
	f := samples.Files
	fmt.Fprintf(stdout, "wrote %d members and %d contacts to %s\n", members, contacts, dir)
	fmt.Fprintf(stdout, "audit it with:\n  auditor audit %s\nor, naming each file:\n  auditor audit --roster %s --contacts %s --groups %s --plan %s --profile %s\n",
		dir, filepath.Join(dir, f.Roster), filepath.Join(dir, f.Contacts), filepath.Join(dir, f.Groups),
		filepath.Join(dir, f.Plan), filepath.Join(dir, f.Profile))
	return nil
}

// watchSizes writes a line every interval with the size each file has
// reached, until stop is called: samples.Generate streams its files and
// says nothing for the half minute a large enterprise takes.
func watchSizes(w io.Writer, dir string, names []string, every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		bw := bufio.NewWriter(w)
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var parts []string
				for _, n := range names {
					if st, err := os.Stat(filepath.Join(dir, n)); err == nil {
						parts = append(parts, fmt.Sprintf("%s %s KB", n, audit.Thousands(int(st.Size()>>10))))
					}
				}
				sort.Strings(parts)
				// bw keeps a write error for the Flush below.
				_, _ = fmt.Fprintf(bw, "auditor: writing samples: %s\n", strings.Join(parts, ", "))
				if bw.Flush() != nil {
					// The terminal is gone: no more progress lines.
					return
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}
