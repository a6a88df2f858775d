package report

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report/pdfkit"
)

// splitAbove is the number of leavers above which each handover sheet is a
// PDF of its own (handover/<userid>.pdf) instead of pages of the main PDF.
// fpdf holds a whole document in memory until it is written, about 140 KB
// per handover sheet: 200 sheets are ~30 MB, which any machine holds, while
// a layoff of 50,000 would be 7 GB. Below it the report is as it always
// was, one PDF; above it the memory of the sheets is one sheet's at a time.
// A variable so that tests can lower it.
var splitAbove = 200

// handoverDir is the folder, inside the reports folder, of the split
// handover sheets.
const handoverDir = "handover"

// pdfCoverActions bounds the cover's action table, as pdfAtRiskAppendix
// bounds the appendix: past it the cover lists the most urgent leavers and
// names the workbook that lists them all (sheet Departing).
const pdfCoverActions = 3000

// handoverFileNames gives each leaver of res, in order, the name of its
// handover file inside handoverDir: the userid made safe (safeFileName),
// unique regardless of case (a second "ABC" after "abc" is "ABC~2"), as
// file systems that ignore case would otherwise merge them.
func handoverFileNames(res *audit.Result) []string {
	names := make([]string, len(res.Departing))
	used := make(map[string]bool, len(res.Departing))
	for i, l := range res.Departing {
		base := safeFileName(l.UserID)
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base + "~" + strconv.Itoa(n)
		}
		used[strings.ToLower(name)] = true
		names[i] = name + ".pdf"
	}
	return names
}

// maxNameBytes bounds a file name's stem; most file systems allow 255 bytes
// and a suffix (~2, .pdf) is added after it.
const maxNameBytes = 120

// safeFileName turns a userid into a file name's stem that every common
// file system takes as it is: letters and digits of any script, '-', '_'
// and '.' stay; anything else (path separators, spaces, control and
// reserved characters such as : * ? " < > |) becomes '_'. It never starts
// with '.', never ends with '.' or ' ' (Windows drops them), is never a
// device name of Windows (CON, NUL, COM1, …), never empty and at most
// maxNameBytes long.
func safeFileName(userid string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(userid) {
		switch {
		case r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= maxNameBytes {
			break
		}
	}
	s := b.String()
	if len(s) > maxNameBytes {
		s = s[:maxNameBytes]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	s = strings.TrimRight(s, ".")
	if strings.HasPrefix(s, ".") {
		s = "_" + s[1:]
	}
	if s == "" {
		return "_"
	}
	stem := strings.ToUpper(s)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	switch stem {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		s = "_" + s
	}
	return s
}

// handoverFiles is the main PDF's section in place of the sheets when they
// are files of their own: how many, where, and how they are named.
func (d *pdfDoc) handoverFiles(p sheetPick) {
	d.H1(d.l("pdf_handover_sheets"))
	if said := p.said(d.lang); said != "" {
		d.Para(said, 10, false, pdfkit.Text)
	}
	d.Para(d.lf("pdf_sheets_apart", "n", fmtInt(len(d.res.Departing)), "max", fmtInt(splitAbove),
		"k", fmtInt(len(p.idx)), "dir", d.opt.HandoverDir, "id", d.id), 10, false, pdfkit.Text)
}

// sheetFiles renders the handover sheets of a split run, one document per
// leaver, sharing what they look up (pdfIndex) and nothing else: each
// document is released once written.
//
// fpdf parses the whole font for every document and again when it writes
// it (~85 ms a sheet with the 20 MB LXGW faces: 50,000 sheets would take
// over an hour). So the sheets are drawn with the fonts cut, once per run,
// to the characters they can hold — the labels, and every text of the
// result — which fpdf parses in a fraction of that time; what it embeds is
// the same subset of the same glyphs as ever. Every character a sheet
// draws is checked against the cut: a batch of sheets (sheetBatch) in which
// one drew a character the cut lacks is drawn again with a new cut that
// has it (with the whole fonts after maxRecuts), so no character is ever
// lost to the cut.
//
// Sheets are drawn ahead of the writer, on every core, up to sheetWindow
// sheets past the one being written (issue 24): the writer, which creates
// and writes each file, never waits for a batch to finish drawing as long
// as the cores keep up, and the cores never wait for the writer. What a
// sheet is drawn with is decided batch by batch, in order, exactly as when
// the batches were drawn one after the other (settle): a sheet drawn ahead
// with a cut that a batch before it then replaced is drawn again. So the
// bytes of every sheet are the same whatever the cores, the window and the
// timing.
type sheetFiles struct {
	res  *audit.Result
	idx  []int // the leavers (indexes into res.Departing) whose sheets are written, in order
	lang string
	opt  Options
	x    *pdfIndex // the run's index; each cut has a copy with its face

	// The writer's own (write, settle, recut): never touched by the
	// goroutines that draw.
	cut     map[rune]bool // what the next cut holds
	recuts  int
	version int
	slots   map[int]*sheetSlot // sheets being drawn, or drawn and not settled
	ready   map[int][]byte     // sheets settled, by index, not yet written

	current atomic.Pointer[sheetCut] // the cut a sheet started now is drawn with
	drawing chan struct{}            // one token per sheet drawn at once
}

// sheetCut is one cut of the run's fonts, never changed once made.
type sheetCut struct {
	version int
	has     map[rune]bool // its characters; nil: the whole fonts
	x       *pdfIndex
}

// sheetSlot is one sheet drawn, or being drawn, on a goroutine of its own;
// the fields are set before done is closed.
type sheetSlot struct {
	done    chan struct{}
	version int    // the cut it was drawn with
	sheet   []byte // the PDF; nil when it missed a character
	missed  []rune // characters it drew that its cut lacks
	err     error
}

// maxRecuts is how often a run's fonts are cut again for characters the
// first cut lacked before the sheets are drawn with the whole fonts.
const maxRecuts = 8

func newSheetFiles(res *audit.Result, opt Options) (*sheetFiles, error) {
	lang, err := ResolveLang(opt.Lang, res)
	if err != nil {
		return nil, err
	}
	opt.ReportID = ReportID(res, opt)
	s := &sheetFiles{res: res, idx: pickSheets(res, opt.Sheets).idx, lang: lang, opt: opt, x: newPDFIndex(res), cut: map[rune]bool{},
		slots: map[int]*sheetSlot{}, ready: map[int][]byte{}, drawing: make(chan struct{}, runtime.GOMAXPROCS(0))}
	for r := rune(0x20); r < 0x7f; r++ {
		s.cut[r] = true
	}
	s.cut[pdfkit.Placeholder] = true
	for _, t := range labels {
		addRunes(s.cut, t.In(lang))
	}
	addRunes(s.cut, opt.ReportID)
	// What a sheet can show of the result: not the contacts at risk
	// (hundreds of thousands of names a sheet only counts).
	add := func(t string) { addRunes(s.cut, t) }
	addRunes(s.cut, res.Company)
	for _, v := range []any{res.Departing, res.Receivers, res.Findings, res.Rules} {
		walkStrings(reflect.ValueOf(v), add, 0)
	}
	s.recut()
	return s, nil
}

// addRunes adds the drawable characters of t to set.
func addRunes(set map[rune]bool, t string) {
	for _, r := range pdfkit.Drawable(t) {
		set[r] = true
	}
}

// walkStrings calls fn with every string v holds, however deep (up to a
// depth that no result reaches).
func walkStrings(v reflect.Value, fn func(string), depth int) {
	if depth > 12 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		fn(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), fn, depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkStrings(v.Field(i), fn, depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := range v.Len() {
			walkStrings(v.Index(i), fn, depth+1)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkStrings(it.Key(), fn, depth+1)
			walkStrings(it.Value(), fn, depth+1)
		}
	}
}

// recut makes the next cut, of both faces to the characters of s.cut, or
// of the whole fonts once maxRecuts is reached, and draws the sheets
// started from now on with it.
func (s *sheetFiles) recut() {
	s.version++
	c := &sheetCut{version: s.version}
	x := *s.x
	x.regular = nil
	if s.recuts <= maxRecuts {
		rs := make([]rune, 0, len(s.cut))
		for r := range s.cut {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		x.regular = pdfkit.CutFont(string(rs))
		c.has = maps.Clone(s.cut)
	}
	c.x = &x
	s.current.Store(c)
}

// sheetBatch is the unit of the cuts: a cut made again for a character a
// sheet lacked is made for the whole batch, which is then drawn again. A
// constant, not the number of cores, so that the bytes of every sheet are
// the same on any machine.
const sheetBatch = 8

// sheetWindow is how many sheets are drawn ahead of the one being written:
// at most that many finished sheets (~100 KB each) wait in memory, and as
// many documents as there are cores are being drawn. A variable so that
// tests can compare windows.
var sheetWindow = 4 * sheetBatch

// write writes the i-th sheet picked (s.idx) as a PDF of its own: the report's id and
// main file, the sheet exactly as the main PDF would hold it (handover),
// with its sign-off, and page numbers of its own. Writing i starts the
// sheets up to sheetWindow after it, and settles i's batch when it is not
// settled yet.
func (s *sheetFiles) write(w io.Writer, i int, mainPDF string) error {
	for j := i; j < min(i+sheetWindow, len(s.idx)); j++ {
		if _, ok := s.ready[j]; !ok && s.slots[j] == nil {
			s.start(j, mainPDF)
		}
	}
	b, ok := s.ready[i]
	if !ok {
		if err := s.settle(i-i%sheetBatch, mainPDF); err != nil {
			return err
		}
		b = s.ready[i]
	}
	delete(s.ready, i)
	_, err := w.Write(b)
	return err
}

// start draws sheet j on a goroutine of its own, with the cut current when
// a core is free for it.
func (s *sheetFiles) start(j int, mainPDF string) {
	sl := &sheetSlot{done: make(chan struct{})}
	s.slots[j] = sl
	go func() {
		defer close(sl.done)
		s.drawing <- struct{}{}
		defer func() { <-s.drawing }()
		c := s.current.Load()
		sl.version = c.version
		sl.sheet, sl.missed, sl.err = s.drawOne(j, mainPDF, c)
	}()
}

// drawOne draws sheet i with cut c: the PDF, or the characters it drew
// that c lacks (and no PDF).
func (s *sheetFiles) drawOne(i int, mainPDF string, c *sheetCut) ([]byte, []rune, error) {
	d := s.draw(i, mainPDF, c.x)
	if err := d.F.Error(); err != nil {
		return nil, nil, err
	}
	var missed []rune
	if c.has != nil {
		for r := range d.Drawn {
			if !c.has[r] {
				missed = append(missed, r)
			}
		}
	}
	if len(missed) > 0 {
		return nil, missed, nil
	}
	var buf bytes.Buffer
	if err := d.F.Output(&buf); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), nil, nil
}

// settle waits for the batch from start and makes its sheets ready: every
// one drawn with the current cut, none with a character the cut lacks. A
// sheet drawn with an older cut is drawn again; when one drew a character
// the cut lacks, the fonts are cut again with it and the whole batch is
// drawn again — the cut each batch is drawn with is the one every batch
// before it left, as when drawn one after the other.
func (s *sheetFiles) settle(start int, mainPDF string) error {
	end := min(start+sheetBatch, len(s.idx))
	for {
		c := s.current.Load()
		for j := start; j < end; j++ {
			if s.slots[j] == nil {
				s.start(j, mainPDF)
			}
		}
		stale := false
		var errs []error
		var missed []rune
		for j := start; j < end; j++ {
			sl := s.slots[j]
			<-sl.done
			if sl.version != c.version {
				delete(s.slots, j)
				stale = true
				continue
			}
			errs = append(errs, sl.err)
			missed = append(missed, sl.missed...)
		}
		if stale {
			continue
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		if len(missed) == 0 {
			for j := start; j < end; j++ {
				s.ready[j] = s.slots[j].sheet
				delete(s.slots, j)
			}
			return nil
		}
		for _, r := range missed {
			s.cut[r] = true
		}
		s.recuts++
		s.recut()
		for j := start; j < end; j++ {
			delete(s.slots, j)
		}
	}
}

// draw draws the i-th sheet written, of leaver s.idx[i], numbered as that
// leaver is in the run: the same sheet whichever others are written.
func (s *sheetFiles) draw(i int, mainPDF string, x *pdfIndex) *pdfDoc {
	res := s.res
	i = s.idx[i]
	l := &res.Departing[i]
	d := newPDFDocWith(x, res, s.lang, s.opt)
	d.alone = true
	d.Drawn = map[rune]bool{}
	title := d.l("title")
	if !res.AsOf.IsZero() {
		title += " " + res.AsOf.String()
	}
	d.SetTitle(title + " · " + d.l("pdf_handover_sheet") + " · " + d.who(l))
	d.running = d.l("pdf_handover_sheet") + " · " + d.who(l)
	d.sheet, d.sheetStart = i+1, true
	d.sheetTitle = d.lf("pdf_sheet_n", "n", strconv.Itoa(i+1), "total", strconv.Itoa(len(res.Departing))) + " · " + d.who(l)
	d.H1(d.l("pdf_handover_sheet"))
	d.Para(d.lf("pdf_sheet_of_report", "id", d.id, "file", mainPDF), 9, false, pdfkit.Muted)
	d.F.SetY(d.F.GetY() + 2)
	d.handover(l, i+1, len(res.Departing))
	return d
}

// handoverPath is a handover file's name inside the reports folder.
func handoverPath(name string) string { return path.Join(handoverDir, name) }
