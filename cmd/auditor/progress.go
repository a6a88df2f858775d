package main

import (
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"
)

// progress shows rows read per file and sheet on a terminal's stderr: file,
// percent of the sheet's bytes (when the reader knows it), rows and rows
// per second. Only built when stderr is a terminal and
// --quiet is off (docs/spec.md §1).
type progress struct {
	w    io.Writer
	bar  *progressbar.ProgressBar
	last string
	desc string
	rows int64
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

func (p *progress) update(file, sheet string, rows int64, frac float64) {
	key := file + "\x00" + sheet
	if key != p.last {
		p.finish()
		desc := file
		if sheet != "" {
			desc += " · " + sheet
		}
		p.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
		p.last, p.rows, p.desc = key, 0, desc
	}
	if frac >= 0 {
		p.bar.Describe(fmt.Sprintf("%s %3.0f%%", p.desc, frac*100))
	}
	_ = p.bar.Add64(rows - p.rows)
	p.rows = rows
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprint(p.w, "\r\033[K")
		p.bar = nil
	}
}
