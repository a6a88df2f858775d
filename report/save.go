package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/wecom-audit/auditor/audit"
)

// Output is one file to write: its name inside the reports folder and what
// fills it.
type Output struct {
	Name  string
	Write func(io.Writer) error
}

// Outputs are the reports as audit-<as-of>.<ext>, to be rendered in the
// order returned (SaveAll does), into the reports folder.
//
// The workbook is rendered first, whatever the order of --format, and its
// name and SHA-256 go to the writers after it: the PDF's handover sheets
// name the file that lists every at-risk contact. The JSON is rendered
// last and names every other file of the set with its SHA-256
// (report_set), so that a folder holding files of different runs can be
// told (auditor verify); SaveAll renames it into place last, too.
func Outputs(res *audit.Result, ws []Writer, opt Options) []Output {
	rank := func(w Writer) int {
		switch w.Ext() {
		case "xlsx":
			return 0
		case "json":
			return 2
		}
		return 1
	}
	ordered := make([]Writer, 0, len(ws))
	for r := range 3 {
		for _, w := range ws {
			if rank(w) == r {
				ordered = append(ordered, w)
			}
		}
	}
	opt.Set, opt.Workbook = nil, nil
	split := false
	hasWorkbook := false
	pick := pickSheets(res, opt.Sheets)
	for _, w := range ordered {
		if _, ok := w.(*PDFWriter); ok {
			opt.withPDF = true
			if len(res.Departing) > splitAbove && !opt.OneFile && len(pick.idx) > 0 {
				split = true
				opt.HandoverDir = handoverDir
			}
		}
		hasWorkbook = hasWorkbook || w.Ext() == "xlsx"
	}
	// What one output hands to the ones after it is kept here and given
	// to each writer explicitly in its Options: the workbook's name and
	// SHA-256 to the PDF and the JSON, every file's to the JSON. An output rendered
	// before what it needs fails instead of silently leaving it out.
	hand := &handoff{wantWorkbook: hasWorkbook}
	var outs []Output
	for _, w := range ordered {
		name := FileName(w, res.AsOf)
		outs = append(outs, Output{Name: name, Write: func(out io.Writer) error {
			o, err := hand.options(w.Ext(), opt)
			if err != nil {
				return err
			}
			if w.Ext() == "json" {
				return w.Write(out, res, o)
			}
			h := sha256.New()
			if err := w.Write(io.MultiWriter(out, h), res, o); err != nil {
				return err
			}
			hand.done(w.Ext(), name, hex.EncodeToString(h.Sum(nil)))
			return nil
		}})
		if _, ok := w.(*PDFWriter); ok && split {
			// The sheets the main PDF points to, right after it.
			outs = append(outs, sheetOutputs(res, pick, hand, opt, name)...)
		}
	}
	return outs
}

// handoff is what the outputs of one set pass on: the workbook, once
// written, for the writers after it (the PDF and its handover sheets name
// it); every written file for the JSON, which names them all (report_set).
type handoff struct {
	wantWorkbook bool
	workbook     *audit.InputFile
	set          []audit.InputFile
}

// options are opt with what the writer of ext needs from the outputs
// already written.
func (h *handoff) options(ext string, opt Options) (Options, error) {
	if ext == "xlsx" {
		return opt, nil
	}
	if h.wantWorkbook && h.workbook == nil {
		return opt, fmt.Errorf("%s: rendered before the workbook it names", ext)
	}
	opt.Workbook = h.workbook
	if ext == "json" {
		opt.Set = slices.Clone(h.set)
	}
	return opt, nil
}

// done records a written file, with its role (its extension) and SHA-256.
func (h *handoff) done(ext, name, sha string) {
	f := audit.InputFile{Role: ext, Path: name, SHA256: sha}
	if ext == "xlsx" {
		wb := f
		wb.Role = "workbook"
		h.workbook = &wb
	}
	h.set = append(h.set, f)
}

// sheetOutputs are the handover sheets of a split run, handover/<name>.pdf
// one per leaver picked (pick), rendered one at a time; each adds its name and SHA-256
// to the set the JSON names. What they share (sheetFiles) is built at the
// first and released after the last.
func sheetOutputs(res *audit.Result, pick sheetPick, hand *handoff, opt Options, mainPDF string) []Output {
	names := handoverFileNames(res)
	var sf *sheetFiles
	outs := make([]Output, len(pick.idx))
	for i, li := range pick.idx {
		name := handoverPath(names[li])
		outs[i] = Output{Name: name, Write: func(out io.Writer) error {
			if sf == nil {
				o, err := hand.options("pdf", opt)
				if err != nil {
					return err
				}
				if sf, err = newSheetFiles(res, o); err != nil {
					return fmt.Errorf("pdf: %w", err)
				}
			}
			if i == len(outs)-1 {
				defer func() { sf = nil }()
			}
			h := sha256.New()
			if err := sf.write(io.MultiWriter(out, h), i, mainPDF); err != nil {
				return fmt.Errorf("pdf: %w", err)
			}
			hand.done("pdf", name, hex.EncodeToString(h.Sum(nil)))
			return nil
		}}
	}
	return outs
}

// SaveAll writes the outputs into dir, as one set. It holds an exclusive
// lock on dir while it writes (a second run into the same folder stops
// with a message instead of mixing its files with this one's), removes the
// temporary files that killed runs left there, renders every output into a
// temporary file beside its final name, and renames them into place in
// order only when all of them are complete: a reader never sees half a
// report, and a failure leaves the previous reports as they were. It
// refuses a dir that holds one of the inputs, so that no input can ever be
// overwritten.
func SaveAll(dir string, outs []Output, inputs []string) ([]string, error) {
	for _, in := range inputs {
		if in != "" && contains(dir, in) {
			return nil, fmt.Errorf("--out %s: the folder holds the input %s; write the reports elsewhere so that inputs are never overwritten", dir, in)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports folder %s: %w", dir, err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removeLeftovers(dir)
	// Outputs in a folder of their own (handover/): the folder is made,
	// and what killed runs left in it removed, as for dir.
	subs := map[string]bool{}
	for _, o := range outs {
		if !filepath.IsLocal(filepath.FromSlash(o.Name)) {
			return nil, fmt.Errorf("write %s: not a name inside the reports folder", o.Name)
		}
		if sub := filepath.Dir(filepath.FromSlash(o.Name)); sub != "." && !subs[sub] {
			subs[sub] = true
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
				return nil, fmt.Errorf("reports folder %s: %w", filepath.Join(dir, sub), err)
			}
			removeLeftovers(filepath.Join(dir, sub))
		}
	}
	// Rendered one after another: rendering side by side saved nothing
	// measurable and raised the peak memory of a million-row run. Synced
	// side by side: each file is synced before anything is renamed, as
	// ever, but the syncs of a layoff's 50,000 handover sheets, ~3 ms
	// each, one after the other, were minutes of a run (issue 24); several
	// at once let the disk take them together, while the next files are
	// rendered.
	sy := newSyncer(syncers)
	tmps := make([]string, 0, len(outs))
	fail := func(err error) ([]string, error) {
		// A sync that failed besides the failure being returned is said too.
		if werr := sy.wait(); werr != nil && !errors.Is(err, werr) {
			err = errors.Join(err, werr)
		}
		for _, t := range tmps {
			os.Remove(t)
		}
		return nil, err
	}
	for _, o := range outs {
		f, err := writeTemp(dir, o)
		if err != nil {
			return fail(fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err))
		}
		tmps = append(tmps, f.Name())
		if err := sy.add(f, filepath.Join(dir, o.Name)); err != nil {
			return fail(err)
		}
	}
	if err := sy.wait(); err != nil {
		return fail(err)
	}
	var written []string
	for i, o := range outs {
		target := filepath.Join(dir, filepath.FromSlash(o.Name))
		if err := os.Rename(tmps[i], target); err != nil {
			for _, t := range tmps[i:] {
				os.Remove(t)
			}
			return written, fmt.Errorf("write %s: %w", target, err)
		}
		written = append(written, target)
	}
	return written, nil
}

// lockName is the lock file SaveAll holds in a reports folder. It stays
// there between runs; the lock on it ends with the process that holds it,
// killed or not.
const lockName = ".auditor.lock"

// ErrBusy is SaveAll's error when another run holds the folder's lock.
var ErrBusy = errors.New("another auditor run is writing reports into this folder")

// lockDir takes the folder's lock without waiting.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("reports folder %s: cannot create its lock file: %w", dir, err)
	}
	if err := lockFile(f); err != nil {
		// The lock file holds no data: closing it cannot lose any.
		_ = f.Close()
		if errors.Is(err, ErrBusy) {
			return nil, fmt.Errorf("--out %s: %w; wait for it to finish, or write to another folder", dir, ErrBusy)
		}
		return nil, fmt.Errorf("reports folder %s: cannot lock it: %w", dir, err)
	}
	// Best effort: Close, or the process ending, releases the lock anyway.
	return func() { unlockFile(f); _ = f.Close() }, nil
}

// isLeftover reports whether name is a temporary file of writeTemp:
// ".<report name>.tmp-<digits>".
func isLeftover(name string) bool {
	i := strings.LastIndex(name, ".tmp-")
	if !strings.HasPrefix(name, ".") || i < 1 || i+5 == len(name) {
		return false
	}
	for _, c := range name[i+5:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// removeLeftovers removes the temporary files runs killed while writing
// left in dir. Only called with dir's lock held: no other run is writing.
func removeLeftovers(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && isLeftover(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// contains reports whether the input file lies in dir or below it, or is dir.
func contains(dir, input string) bool {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(input)
	if err1 != nil || err2 != nil {
		return false
	}
	if rd, err := filepath.EvalSymlinks(d); err == nil {
		d = rd
	}
	if rf, err := filepath.EvalSymlinks(f); err == nil {
		f = rf
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && (rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))))
}

// writeTemp renders o into a temporary file beside its target and returns
// the file, written but open and not yet synced (syncer does both); on
// failure nothing is left behind.
func writeTemp(dir string, o Output) (f *os.File, err error) {
	sub, base := filepath.Split(filepath.FromSlash(o.Name))
	tmp, err := os.CreateTemp(filepath.Join(dir, sub), "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			if cerr := tmp.Close(); cerr != nil {
				err = errors.Join(err, cerr)
			}
			os.Remove(tmp.Name())
			f = nil
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err = o.Write(bw); err != nil {
		return nil, err
	}
	if err = bw.Flush(); err != nil {
		return nil, err
	}
	return tmp, nil
}

// syncers is how many files SaveAll syncs at once.
const syncers = 8

// syncer syncs, makes readable (0644) and closes the temporary files
// SaveAll hands it, several at a time. At most a few dozen files are open
// at once: add waits when the syncs fall behind.
type syncer struct {
	files chan syncFile
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error // the first failure
}

type syncFile struct {
	f    *os.File
	name string // the target's, for the error
}

func newSyncer(n int) *syncer {
	s := &syncer{files: make(chan syncFile, 2*n)}
	for range n {
		s.wg.Go(func() {
			for sf := range s.files {
				if err := finishTemp(sf.f); err != nil {
					s.mu.Lock()
					if s.err == nil {
						s.err = fmt.Errorf("write %s: %w", sf.name, err)
					}
					s.mu.Unlock()
				}
			}
		})
	}
	return s
}

// add hands f over to be synced and closed; it returns the first failure
// of a file handed over before, if any (f is then closed, not synced).
func (s *syncer) add(f *os.File, name string) error {
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err != nil {
		_ = f.Close() // the set has failed; f is removed with the others
		return err
	}
	s.files <- syncFile{f, name}
	return nil
}

// wait returns once every file handed over is synced and closed, with the
// first failure. It is called once.
func (s *syncer) wait() error {
	close(s.files)
	s.wg.Wait()
	return s.err
}

// finishTemp syncs, makes readable and closes a temporary file.
func finishTemp(f *os.File) error {
	err := f.Sync()
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
