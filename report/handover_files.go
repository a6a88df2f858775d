package report

import (
	"bytes"
	"errors"
	"io"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
func (d *pdfDoc) handoverFiles() {
	d.H1(d.l("pdf_handover_sheets"))
	d.Para(d.lf("pdf_sheets_apart", "n", fmtInt(len(d.res.Departing)), "max", fmtInt(splitAbove),
		"dir", d.opt.HandoverDir, "id", d.id), 10, false, pdfkit.Text)
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
// draws is checked against the cut: a sheet that drew one it lacks is
// drawn again with a new cut that has it (with the whole fonts after
// maxRecuts), so no character is ever lost to the cut. Sheets are drawn
// sheetBatch at a time on the cores there are (drawBatch).
type sheetFiles struct {
	res    *audit.Result
	lang   string
	opt    Options
	x      *pdfIndex
	cut    map[rune]bool
	recuts int
	ready  map[int][]byte // sheets drawn, by index, not yet written
	// ahead is the batch being drawn while the one before is written:
	// each sheet file is synced before the next is written (SaveAll), and
	// drawing only between the syncs left the cores idle half the time
	// (issue 24). One batch at a time is drawn, in order, so the cuts and
	// the bytes are the same as when drawn one after the other.
	ahead *batchAhead
}

// batchAhead is a batch drawn on a goroutine of its own.
type batchAhead struct {
	start int
	done  chan batchDrawn
}

type batchDrawn struct {
	sheets [][]byte
	err    error
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
	s := &sheetFiles{res: res, lang: lang, opt: opt, x: newPDFIndex(res), cut: map[rune]bool{}, ready: map[int][]byte{}}
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

// recut cuts both faces to the characters of s.cut, or gives the sheets
// the whole fonts once maxRecuts is reached.
func (s *sheetFiles) recut() {
	if s.recuts > maxRecuts {
		s.x.regular = nil
		return
	}
	rs := make([]rune, 0, len(s.cut))
	for r := range s.cut {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	set := string(rs)
	s.x.regular = pdfkit.CutFont(set)
}

// sheetBatch is how many sheets are drawn side by side (on as many cores
// as there are, up to it) and held, written, until SaveAll takes them. A
// constant, not the number of cores: a cut made again for a character a
// sheet lacked is made for the whole batch, so the bytes of every sheet
// are the same on any machine.
const sheetBatch = 8

// write writes leaver i's sheet as a PDF of its own: the report's id and
// main file, the sheet exactly as the main PDF would hold it (handover),
// with its sign-off, and page numbers of its own. Sheets are drawn a batch
// at a time, the batch holding i when i is not drawn yet.
func (s *sheetFiles) write(w io.Writer, i int, mainPDF string) error {
	b, ok := s.ready[i]
	if !ok {
		start := i - i%sheetBatch
		var got batchDrawn
		if a := s.ahead; a != nil {
			s.ahead = nil
			got = <-a.done
			if a.start != start {
				got.sheets, got.err = s.drawBatch(start, mainPDF)
			}
		} else {
			got.sheets, got.err = s.drawBatch(start, mainPDF)
		}
		if got.err != nil {
			return got.err
		}
		for j, sheet := range got.sheets {
			s.ready[start+j] = sheet
		}
		b = s.ready[i]
		if next := start + sheetBatch; next < len(s.res.Departing) {
			a := &batchAhead{start: next, done: make(chan batchDrawn, 1)}
			s.ahead = a
			go func() {
				sheets, err := s.drawBatch(next, mainPDF)
				a.done <- batchDrawn{sheets, err}
			}()
		}
	}
	delete(s.ready, i)
	_, err := w.Write(b)
	return err
}

// drawBatch draws the sheets from start, sheetBatch of them; all of them
// again with a new cut when one drew a character the cut lacked. It
// touches no state of the writer's (s.ready), only the cut.
func (s *sheetFiles) drawBatch(start int, mainPDF string) ([][]byte, error) {
	end := min(start+sheetBatch, len(s.res.Departing))
	for {
		out := make([][]byte, end-start)
		errs := make([]error, end-start)
		missed := make([][]rune, end-start)
		var next atomic.Int64
		next.Store(int64(start))
		var wg sync.WaitGroup
		for range min(runtime.GOMAXPROCS(0), end-start) {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= end {
						return
					}
					d := s.draw(i, mainPDF)
					if err := d.F.Error(); err != nil {
						errs[i-start] = err
						continue
					}
					for r := range d.Drawn {
						if !s.cut[r] {
							missed[i-start] = append(missed[i-start], r)
						}
					}
					if len(missed[i-start]) > 0 && s.x.regular != nil {
						continue
					}
					var buf bytes.Buffer
					errs[i-start] = d.F.Output(&buf)
					out[i-start] = buf.Bytes()
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		again := false
		for _, rs := range missed {
			for _, r := range rs {
				s.cut[r] = true
				again = true
			}
		}
		if !again || s.x.regular == nil {
			return out, nil
		}
		s.recuts++
		s.recut()
	}
}

func (s *sheetFiles) draw(i int, mainPDF string) *pdfDoc {
	res := s.res
	l := &res.Departing[i]
	d := newPDFDocWith(s.x, res, s.lang, s.opt)
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
