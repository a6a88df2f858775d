package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

// plainEvery is how often a progress line is written when stderr is not a
// terminal (a cron job's log, a pipe): often enough to see a run is alive,
// rarely enough that a million-row log stays short.
const plainEvery = 5 * time.Second

// progress shows rows read per file and sheet on stderr (docs/spec.md §1; off with
// --quiet). On a terminal it is a bar: file, percent of the sheet's bytes
// (when the reader knows it), rows and rows per second. Elsewhere it is a
// plain line every plainEvery, and one when a sheet is done.
type progress struct {
	w     io.Writer
	tty   bool
	bar   *progressbar.ProgressBar
	last  string
	desc  string
	rows  int64
	frac  float64
	now   func() time.Time
	start time.Time // of the current sheet
	said  time.Time // when the last plain line was written
}

func newProgress(w io.Writer, tty bool) *progress {
	return &progress{w: w, tty: tty, now: time.Now}
}

func (p *progress) update(file, sheet string, rows int64, frac float64) {
	key := file + "\x00" + sheet
	if key != p.last {
		p.finish()
		desc := file
		if sheet != "" {
			desc += " · " + sheet
		}
		p.last, p.rows, p.desc, p.frac = key, 0, desc, -1
		p.start, p.said = p.now(), p.now()
	}
	if p.tty {
		p.updateBar(rows, frac)
		return
	}
	p.rows, p.frac = rows, frac
	if t := p.now(); t.Sub(p.said) >= plainEvery {
		p.said = t
		p.line()
	}
}

// updateBar draws the bar. It is made at the first row read, not before:
// a bar made at the start reads "100% (0/-, 0 rows/hr)" while the reader
// is still opening the file.
func (p *progress) updateBar(rows int64, frac float64) {
	if rows == 0 && p.bar == nil {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.desc),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	if frac >= 0 {
		p.bar.Describe(fmt.Sprintf("%s %3.0f%%", p.desc, frac*100))
	}
	_ = p.bar.Add64(rows - p.rows)
	p.rows = rows
}

func (p *progress) line() {
	pct := ""
	if p.frac >= 0 {
		pct = fmt.Sprintf(" (%.0f%%)", p.frac*100)
	}
	fmt.Fprintf(p.w, "auditor: reading %s: %s rows%s, %s\n", p.desc, audit.Thousands(int(p.rows)), pct, p.now().Sub(p.start).Round(time.Second))
}

func (p *progress) finish() {
	if p.tty {
		if p.bar != nil {
			_ = p.bar.Finish()
			fmt.Fprint(p.w, "\r\033[K")
			p.bar = nil
		}
		return
	}
	// A sheet that took a while gets its closing line; a quick one says
	// nothing, so a small run's log is not cluttered.
	if p.last != "" && p.now().Sub(p.start) >= plainEvery {
		p.line()
	}
	p.last = ""
}

// writeProgress says on stderr which report is being written, and how long
// the one before took: rendering a large run's workbook and PDF takes
// seconds that would otherwise be silent; a line per report, as it starts. Nothing with --quiet.
func writeProgress(c *cli.Context, stderr io.Writer, outs []report.Output) []report.Output {
	if c.Bool("quiet") {
		return outs
	}
	// Files in a folder of their own (a large run's handover/<userid>.pdf,
	// thousands of them) get one line for the folder, at its first file.
	inDir := map[string]int{}
	for _, o := range outs {
		if dir, _, ok := strings.Cut(o.Name, "/"); ok {
			inDir[dir]++
		}
	}
	said := map[string]bool{}
	wrapped := make([]report.Output, len(outs))
	for i, o := range outs {
		write := o.Write
		name := o.Name
		line := "auditor: writing " + name
		if dir, _, ok := strings.Cut(name, "/"); ok {
			if said[dir] {
				wrapped[i] = o
				continue
			}
			said[dir] = true
			line = fmt.Sprintf("auditor: writing %s/ (%d files)", dir, inDir[dir])
		}
		wrapped[i] = report.Output{Name: name, Write: func(w io.Writer) error {
			fmt.Fprintln(stderr, line)
			return write(w)
		}}
	}
	return wrapped
}
