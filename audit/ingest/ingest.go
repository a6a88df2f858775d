// Package ingest reads the audit's inputs — roster, contact exports,
// groups, HR's handover sheet and the enterprise profile — from .xlsx and
// .csv files into an audit.Inputs (docs/spec.md §2).
//
// Headers are found, not assumed; values are read in every form WeCom
// exports and people type; a bad value becomes an audit.DataProblem with
// its file, sheet, row and column, and an unusable file an *InputError.
// Rows are streamed (see Sheet): memory grows with the members, not with
// the contact rows.
package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync/atomic"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// Options names the inputs and what reading them needs to know.
type Options struct {
	Roster   string   // required
	Contacts []string // at least one
	Groups   string   // optional ("" = none)
	Plan     string   // handover sheet, optional
	Profile  string   // YAML, optional
	// AsOf classifies handover-sheet members as departing or departed for
	// the summary.
	AsOf audit.Date
	// MemberCapMax: roster caps above it are invalid (0 = 20000, D6).
	MemberCapMax int
	// Progress, when not nil, is called every ~50,000 data rows of a sheet
	// and once at its end, with the rows read so far in that sheet.
	// frac is the share of the sheet's bytes read so far (0 to 1), or -1
	// when the reader cannot tell (the excelize fallback).
	Progress func(file, sheet string, rows int64, frac float64)
	// Context, when not nil, stops the read when it is cancelled (the
	// serve page's Cancel): its error is returned within cancelEvery rows.
	Context context.Context
}

// cancelEvery is how often the context is looked at, in data rows: a few
// milliseconds of reading.
const cancelEvery = 4096

// progressEvery is how often Progress is called, in data rows.
const progressEvery = 50_000

// defaultMemberCapMax is D6's ceiling, used when Options leaves it 0.
const defaultMemberCapMax = 20000

// Read reads every input. An unusable input returns a *InputError (exit
// status 2 in the CLI). Bad values in a readable file become
// audit.DataProblem entries in Inputs.Problems (the row is kept where
// usable). Order: roster, handover sheet, groups, profile, then contacts —
// the contacts pass needs to know who may leave or receive (D15 overlap).
func Read(opt Options) (*audit.Inputs, *Summary, error) {
	if opt.Roster == "" {
		return nil, nil, inputError(InputError{File: "--roster"}, "ingest.error.no_roster", nil)
	}
	if len(opt.Contacts) == 0 {
		return nil, nil, inputError(InputError{File: "--contacts"}, "ingest.error.no_contacts", nil)
	}
	if opt.MemberCapMax <= 0 {
		opt.MemberCapMax = defaultMemberCapMax
	}
	r := newReader(opt)
	// Every workbook given is hashed from now on, beside the files read
	// before it (held.go); a Read that stops early stops the hashing too.
	r.startDigests()
	defer r.stopDigests()
	steps := []func() error{r.readRoster, r.readPlan, r.readGroups, r.readProfile, r.readContacts}
	for _, step := range steps {
		if err := step(); err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				err = inputError(InputError{File: "input"}, "ingest.error.cannot_read", catalog.Args{"reason": err.Error()})
			}
			// A file rewritten while read often looks damaged: say what
			// happened instead (held.go).
			for _, src := range r.srcs {
				if heldStill(src) != nil {
					return nil, nil, ChangedError(src.path)
				}
			}
			return nil, nil, err
		}
	}
	r.finish()
	r.in.Gaps.NoGroupsFile = opt.Groups == ""
	r.in.Gaps.NoPlanFile = opt.Plan == ""
	return r.in, r.sum, nil
}

// reader is the state of one Read.
type reader struct {
	opt   Options
	in    *audit.Inputs
	sum   *Summary
	probs problems
	idx   map[string]*audit.Member // by audit.Key

	// Header cells matched, and how many of them are Chinese, for
	// Inputs.ChineseHeaders.
	headerCells, hanCells int
	// files by SHA-256, to refuse one file given twice (its rows would count
	// twice).
	bySHA map[string]string

	// Who may leave or receive, known before the contacts are read: only
	// their contacts are kept (docs/spec.md §5, memory grows with members).
	leavers   map[string]bool
	receivers map[string]bool
	// departments are the roster's department cells read so far, split:
	// members of one department share its list (a layoff's 200,000
	// members sit in a few hundred departments, issue 24).
	departments map[string][]string

	contacts contactState
	// srcs are the files opened so far, to tell a failed read of a file
	// that changed under it.
	srcs []*source

	// digests are the workbooks' hashes, by path (held.go); stop ends
	// those still running when Read returns.
	digests map[string]*zipDigest
	stop    atomic.Bool
}

// startDigests starts hashing every input that may be a workbook.
func (r *reader) startDigests() {
	for _, path := range slices.Concat([]string{r.opt.Roster, r.opt.Plan, r.opt.Groups}, r.opt.Contacts) {
		if path != "" && r.digests[path] == nil {
			r.digests[path] = startDigest(path, &r.stop)
		}
	}
}

// stopDigests ends the hashing Read no longer needs, and waits for it:
// no goroutine of a Read outlives it.
func (r *reader) stopDigests() {
	r.stop.Store(true)
	for _, d := range r.digests {
		<-d.done
	}
}

// digest is the file at path's digest, once taken: the one started with
// Read, or for a path not known then, one taken now.
func (r *reader) digest(path string) *zipDigest {
	d := r.digests[path]
	if d == nil {
		d = startDigest(path, &r.stop)
		r.digests[path] = d
	}
	return d.wait()
}

func newReader(opt Options) *reader {
	return &reader{
		opt: opt,
		in: &audit.Inputs{
			CustomerIDs: map[string][]uint64{},
			Details:     map[string][]audit.ContactDetail{},
		},
		sum:         &Summary{AsOf: opt.AsOf},
		idx:         map[string]*audit.Member{},
		bySHA:       map[string]string{},
		digests:     map[string]*zipDigest{},
		leavers:     map[string]bool{},
		receivers:   map[string]bool{},
		departments: map[string][]string{},
		probs:       newProblems(),
	}
}

// source is one open input file.
type source struct {
	role  string
	path  string // as given on the command line
	base  string // the name in data problems and assumed lines
	wb    Workbook
	probe *probe
	sum   *FileSummary
	rows  int // data rows read, all sheets
	// read is the summary of the last sheet read as the role.
	read *SheetSummary
}

// openInputFile opens an input for Read. Tests replace it to feed cells no
// reader in this package writes yet (formula kinds, pivot tables).
var openInputFile = openInput

// open probes and opens an input and records it for the report's inputs
// list.
func (r *reader) open(role, path string) (*source, error) {
	// The digest is waited for before the file is opened: what the read
	// parses is then the file as hashed, or a change the check after the
	// read tells (held.go).
	d := r.digest(path)
	wb, p, err := openInputFile(path)
	if err != nil {
		return nil, err
	}
	if p.format == formatXLSX && !p.noFile {
		if d.err != nil || d.skipped {
			// A file that was no zip, or could not be read, when hashed,
			// and is a workbook now: it changed.
			wb.Close()
			return nil, ChangedError(path)
		}
		p.state, p.sha256, p.quick = d.state, d.sha256, d.quick
	}
	if prev, dup := r.bySHA[p.sha256]; dup {
		wb.Close()
		return nil, inputError(InputError{File: path}, "ingest.error.same_content", catalog.Args{"file": prev})
	}
	r.bySHA[p.sha256] = path
	fs := &FileSummary{Role: role, Path: path, SHA256: p.sha256, Note: p.note}
	if p.format == formatCSV {
		fs.Format, fs.Encoding = "csv", p.encoding.String()
	} else {
		fs.Format = "xlsx"
	}
	r.sum.Files = append(r.sum.Files, fs)
	src := &source{role: role, path: path, base: filepath.Base(path), wb: wb, probe: p, sum: fs}
	r.srcs = append(r.srcs, src)
	return src, nil
}

// close records the file in Inputs.Files.
func (r *reader) close(src *source) error {
	if err := heldStill(src); err != nil {
		src.wb.Close()
		return err
	}
	r.in.Files = append(r.in.Files, audit.InputFile{Role: src.role, Path: src.path, SHA256: src.probe.sha256, Rows: src.rows,
		Sheets: inputSheets(src.sum.Sheets)})
	if err := src.wb.Close(); err != nil {
		return inputError(InputError{File: src.path}, "ingest.error.cannot_close", catalog.Args{"reason": err.Error()})
	}
	return nil
}

// table is one sheet with its header found, ready for data rows.
type table struct {
	src   *source
	sheet Sheet
	h     header
	sum   *SheetSummary
	spec  *roleSpec
	// cols, when set, are the only columns read: a row is blank when they
	// are (mappedOnly).
	cols []int
	// counts: per field, cells with a value and cells that cannot be read
	// (checkUnreadable).
	counts []colCount
	// digest tells a sheet that repeats another (contacts, dupsheet.go).
	digest *sheetDigest
}

// mappedOnly limits the table to the columns its header mapped.
func (t *table) mappedOnly() {
	for _, c := range t.h.Col {
		if c >= 0 {
			t.cols = append(t.cols, c)
		}
	}
	if cf, ok := t.sheet.(ColumnFilter); ok {
		cf.SetColumns(t.cols)
	}
}

// fraction is the share of the sheet's bytes read, or -1 when unknown.
func (t *table) fraction() float64 {
	if p, ok := t.sheet.(Positioner); ok {
		if done, total := p.Position(); total > 0 {
			return min(1, float64(done)/float64(total))
		}
	}
	return -1
}

// blank reports whether the row has nothing in the columns read. A row
// whose required cell is a formula without a saved result is not blank
// (its value is unknown); other formula cells alone do not make a row, as
// formulas filled down past the data would otherwise make hundreds.
func (t *table) blank(row []Cell) bool {
	for f, c := range t.h.Col {
		if c >= 0 && c < len(row) && t.spec.Fields[f].Required && unreadable(row[c]) {
			return false
		}
	}
	if t.cols == nil {
		return blankRow(row)
	}
	for _, c := range t.cols {
		if c < len(row) && cleanText(row[c].Text) != "" {
			return false
		}
	}
	return true
}

func (t *table) name() string { return t.sheet.Name() }

// place locates a cell of field f (its header as written) on row n.
func (t *table) place(n, f int) audit.Place {
	col := ""
	if f >= 0 {
		col = t.h.Text[f]
	}
	return audit.Place{File: t.src.base, Sheet: t.sheet.Name(), Row: n, Column: col}
}

// unknown reports whether field f's cell on this row cannot be read
// (checkUnreadable has reported it).
func (t *table) unknown(row []Cell, f int) bool { return unreadable(t.h.cell(row, f)) }

// text is the field's cell text, trimmed.
func (t *table) text(row []Cell, f int) string { return cleanText(t.h.cell(row, f).Text) }

// rows streams the table's data rows to fn, skipping blank rows, counting
// them and reporting progress.
func (r *reader) rows(t *table, fn func(row []Cell, n int)) error {
	for t.sheet.Next() {
		row := t.sheet.Row()
		if t.blank(row) {
			continue
		}
		t.sum.Rows++
		t.src.rows++
		if r.opt.Context != nil && t.sum.Rows%cancelEvery == 0 {
			if err := r.opt.Context.Err(); err != nil {
				return err
			}
		}
		if r.opt.Progress != nil && t.sum.Rows%progressEvery == 0 {
			r.opt.Progress(t.src.path, t.name(), int64(t.sum.Rows), t.fraction())
		}
		n := t.sheet.RowNumber()
		if t.digest != nil {
			t.digest.row(t, row)
		}
		r.checkUnreadable(t, row, n)
		fn(row, n)
	}
	if r.opt.Progress != nil {
		r.opt.Progress(t.src.path, t.name(), int64(t.sum.Rows), 1)
	}
	if err := t.sheet.Err(); err != nil {
		return brokeOff(t.src.path, t.name(), t.sheet.RowNumber()+1, err)
	}
	return r.wholeColumnUnreadable(t)
}

func blankRow(row []Cell) bool {
	for _, c := range row {
		if cleanText(c.Text) != "" {
			return false
		}
	}
	return true
}

// finish completes what needs every input: problem caps, sorted customer
// ids, the summary's counts.
func (r *reader) finish() {
	r.finishContacts()
	r.sum.Problems = r.probs.count()
	r.sum.Unlisted = r.probs.unlisted()
	r.in.Problems = r.probs.done()
	r.in.ChineseHeaders = r.hanCells*2 > r.headerCells
	r.compactCustomerIDs()
	r.summarise()
}

// compactCustomerIDs sorts each member's customer ids, drops repeats, and
// moves them all into one slice of exactly their number: appending row by
// row left each member's slice with up to twice the room it needs, and the
// ids stay in memory until the reports are written.
func (r *reader) compactCustomerIDs() {
	total := 0
	for k, ids := range r.in.CustomerIDs {
		slices.Sort(ids)
		ids = slices.Compact(ids)
		r.in.CustomerIDs[k] = ids
		total += len(ids)
	}
	all := make([]uint64, 0, total)
	for k, ids := range r.in.CustomerIDs {
		start := len(all)
		all = append(all, ids...)
		r.in.CustomerIDs[k] = all[start:len(all):len(all)]
	}
}
