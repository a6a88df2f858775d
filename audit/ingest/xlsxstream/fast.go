package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The fast xlsx reader (issue 8): a 1,000,000-row sheet read at close to the
// speed of inflating it, where excelize's row iterator takes 15–19 times
// that. It reads the zip with archive/zip, the workbook, relationships and
// styles with encoding/xml into excelize's own types (they are small), the
// shared strings and the sheets with the byte scanner of scan.go,
// and works out every cell's value as excelize.go's excelize reader gives it
// (value.go): the same rows, the same []Cell, only faster. The
// differential tests and FuzzFastVsExcelize hold it to that.
//
// Workbooks it leaves to excelize (openFastXLSX returns errFastUnsupported,
// and openInput falls back):
//   - Strict Open XML (namespaces under purl.oclc.org), which excelize
//     rewrites before decoding;
//   - a workbook that is not at xl/workbook.xml per _rels/.rels, parts
//     named twice, a sheet whose part or relationship is missing, sheet
//     names excelize would refuse or could confuse (equal but for case);
//   - parts that declare an XML encoding other than UTF-8, or a DOCTYPE;
//   - styles excelize could not give its date format to (65,430 cell
//     formats already, negative or 2^31−1 format ids);
//   - a shared-string table that is not a plain list of <si> items under
//     <sst>, or one item encoding/xml cannot decode.
//
// A sheet the scanner cannot follow to the end — rows out of order or
// repeated, a cell reference or style that is not plain digits and
// letters, t="d" (ISO dates), elements it does not know inside a row or a
// cell, entities in attributes, processing instructions, text where
// markup belongs, anything encoding/xml would reject — is handed to
// excelize in the middle: the rows already given stay as they were (the
// scanner gives a row only once the next row's start shows it is
// complete), excelize reads the sheet from the start and skips them, and
// the rest comes from excelize. .xlsb, .xls and encrypted files never get
// here: probeFile refuses them.
//
// Differences that remain, on purpose: damage in parts the fast reader
// does not read (a thumbnail, docProps, calcChain) that makes excelize
// refuse the whole file goes unnoticed; and with a column filter set
// (ColumnFilter), a malformed character inside a cell nobody asked for is
// not seen, where excelize would stop reading the sheet there.

// Open opens an xlsx workbook for streaming: with the fast reader, or with
// excelize when the fast reader leaves the workbook to it. A workbook
// nobody should read (a bound passed, a damaged or encrypted file) is an
// *InputError naming the file.
func Open(path string) (Workbook, error) { return open(path, false) }

// OpenHead opens an xlsx workbook as Open does, for a look at its first
// rows (which role a file plays, from its header): the shared strings are
// read only as far as the rows read so far need them, where Open reads the
// whole table first, which on a 1,000,000-row export is 57 MB of XML and a
// tenth of a second for a header of nine strings (issue 24). The rows are
// Open's, but in a workbook whose table the fast reader leaves to excelize
// past the strings read: there Open reads every sheet with excelize, and
// OpenHead gives the first rows its own way and hands the sheet to
// excelize at the first string it cannot read. A head workbook's sheets
// are read one at a time, on one goroutine.
func OpenHead(path string) (Workbook, error) { return open(path, true) }

func open(path string, head bool) (Workbook, error) {
	if wb, err := openFastXLSX(path, head); !errors.Is(err, errFastUnsupported) {
		return wb, err
	}
	wb, err := openXLSX(path)
	if err != nil {
		return nil, err
	}
	return wb, nil
}

// OpenExcelize opens an xlsx workbook with excelize's row iterator only:
// the reference the fast reader is held to.
func OpenExcelize(path string) (Workbook, error) {
	wb, err := openXLSX(path)
	if err != nil {
		return nil, err
	}
	return wb, nil
}

// errFastUnsupported says the fast reader does not read this workbook or
// sheet; excelize does.
var errFastUnsupported = errors.New("xlsxstream: left to the excelize reader")

// forceExcelize makes every xlsx go through excelize: tests set it to
// compare the two readers; AUDITOR_XLSX_READER=excelize sets it for a run.
var forceExcelize = os.Getenv("AUDITOR_XLSX_READER") == "excelize"

// Bounds on what one workbook may inflate to (issue 9: zip bombs). Each
// part is counted while it inflates, whatever its zip header says; a part
// whose header already admits more is refused before inflating. Tests
// lower them.
var (
	maxPartBytes  int64 = 2 << 30
	maxZipEntries       = 10_000
)

// sizeError is a bound passed; openFastXLSX and the sheet reader turn it
// into an *InputError naming the file.
type sizeError struct {
	code  string // sizeParts, sizeStrings or sizePart
	part  string // the part's name, for sizePart
	limit int64
}

// The codes of sizeError: message codes of the program's catalogue
// (InputError.Code), each with its English in Error.
const (
	sizeParts   = "ingest.xlsx.parts_too_big"
	sizeStrings = "ingest.xlsx.strings_too_big"
	sizePart    = "ingest.xlsx.part_too_big"
)

func (e *sizeError) Error() string {
	what := "its parts"
	switch e.code {
	case sizeStrings:
		what = "the shared strings"
	case sizePart:
		what = "part " + e.part
	}
	return fmt.Sprintf("%s would inflate to more than %s: refusing to read further (a damaged file or a zip bomb)",
		what, byteSize(e.limit))
}

// inputError is the bound passed as the *InputError of file (and sheet).
func (e *sizeError) inputError(file, sheet string) *InputError {
	return coded(InputError{File: file, Sheet: sheet}, e.Error(), e.code, map[string]any{"part": e.part, "limit": byteSize(e.limit)})
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ColumnFilter is implemented by sheets that can skip decoding columns
// nobody reads. A reader calls SetColumns once its header is found, with
// the 0-based columns it will look at; from the next row on, cells of other
// columns come back empty (Cell{}) and rows may stop after the last column
// asked for, which is where the time goes on a wide export. Without the
// call every cell is decoded. A sheet that has fallen back to excelize
// ignores the filter and decodes every cell, which is also correct.
//
// A row whose only content lies outside the columns looks blank once
// filtered; readers that count such rows should include a column that is
// always filled.
type ColumnFilter interface {
	SetColumns(cols []int)
}

type fastWorkbook struct {
	path   string
	zr     *zip.ReadCloser
	sheets []fastSheetPart
	sst    *sharedStrings
	// dateXF[s] is true when cell format s shows a date, with the format
	// excelize appends (see markDateFormats) at index len-1; nil when the
	// workbook has no cell formats and excelize prints every value raw.
	dateXF   []bool
	date1904 bool

	mu sync.Mutex
	// fallback is the excelize reader, opened the first time a sheet hands
	// over to it.
	fallback *xlsxWorkbook
}

type fastSheetPart struct {
	name  string
	part  *zip.File
	pivot bool // its relationships include a pivot table
}

var (
	_ Workbook    = (*fastWorkbook)(nil)
	_ PivotLister = (*fastWorkbook)(nil)
)

// HasPivotTable implements PivotLister: the sheet's relationships include
// a pivotTable part.
func (w *fastWorkbook) HasPivotTable(sheet string) bool {
	for _, s := range w.sheets {
		if strings.EqualFold(s.name, sheet) {
			return s.pivot
		}
	}
	return false
}

// openFastXLSX opens an xlsx for the fast reader. It returns
// errFastUnsupported itself (not wrapped) for a workbook excelize should
// read, an *InputError for one nobody should (a bound passed), and
// otherwise a Workbook; the Workbook is nil whenever the error is not.
func openFastXLSX(path string, head bool) (Workbook, error) {
	if forceExcelize {
		return nil, errFastUnsupported
	}
	w, err := openFastAs(path, head)
	if err != nil {
		var se *sizeError
		if errors.As(err, &se) {
			return nil, se.inputError(path, "")
		}
		var ie *InputError
		if errors.As(err, &ie) {
			return nil, ie
		}
		return nil, errFastUnsupported
	}
	return w, nil
}

// openFastAs opens a workbook for the fast reader, with the shared strings
// read on demand for head (OpenHead).
func openFastAs(path string, head bool) (w *fastWorkbook, err error) {
	zr, err := openZip(path)
	if err != nil {
		return nil, unsupported("zip: %v", err)
	}
	defer func() {
		if err != nil {
			zr.Close()
		}
	}()
	if len(zr.File) > maxZipEntries {
		return nil, coded(InputError{File: path}, fmt.Sprintf(
			"is a zip archive of %d entries; a workbook has a few dozen, and more than %d is refused (a damaged file or a zip bomb)",
			len(zr.File), maxZipEntries), "ingest.xlsx.zip_entries", map[string]any{"entries": len(zr.File), "max": maxZipEntries})
	}
	parts := make(map[string]*zip.File, len(zr.File))
	var sstPart *zip.File
	for _, f := range zr.File {
		// excelize's names: backslashes as slashes, the shared strings
		// found whatever their case.
		name := strings.ReplaceAll(f.Name, "\\", "/")
		if strings.EqualFold(name, "xl/sharedStrings.xml") {
			if sstPart != nil {
				return nil, unsupported("shared strings twice")
			}
			sstPart = f
			name = "xl/sharedStrings.xml"
		}
		if _, dup := parts[name]; dup {
			return nil, unsupported("part %s twice", name)
		}
		parts[name] = f
	}
	w = &fastWorkbook{path: path, zr: zr}

	// The workbook is where _rels/.rels says; excelize follows it too, but
	// anything other than the usual place is left to it.
	var rootRels xlsxRels
	if err := readXMLPart(parts["_rels/.rels"], "_rels/.rels", &rootRels); err != nil {
		return nil, err
	}
	wbPath := ""
	for _, r := range rootRels.Relationships {
		if r.Type == relOfficeDocument {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	if wbPath != "xl/workbook.xml" {
		return nil, unsupported("workbook at %q", wbPath)
	}
	holder := new(excelize.File)
	if err := readXMLPart(parts[wbPath], wbPath, &holder.WorkBook); err != nil {
		return nil, err
	}
	var wbRels xlsxRels
	if err := readXMLPart(parts["xl/_rels/workbook.xml.rels"], "xl/_rels/workbook.xml.rels", &wbRels); err != nil {
		return nil, err
	}
	if holder.WorkBook == nil || len(holder.WorkBook.Sheets.Sheet) == 0 {
		return nil, unsupported("no sheets")
	}
	if pr := holder.WorkBook.WorkbookPr; pr != nil {
		w.date1904 = pr.Date1904
	}
	seen := map[string]bool{}
	for _, sh := range holder.WorkBook.Sheets.Sheet {
		if !sheetNameOK(sh.Name) {
			return nil, unsupported("sheet name %q", sh.Name)
		}
		key := strings.ToLower(sh.Name)
		if seen[key] {
			return nil, unsupported("sheet name %q twice", sh.Name)
		}
		seen[key] = true
		// As excelize's getSheetMap: every relationship with the sheet's id
		// whose part exists; the last one wins. Two is odd: left to it.
		var part *zip.File
		partName := ""
		n := 0
		for _, r := range wbRels.Relationships {
			if r.ID != sh.ID {
				continue
			}
			n++
			if f, ok := parts[worksheetPath(wbPath, r.Target)]; ok {
				part, partName = f, worksheetPath(wbPath, r.Target)
			}
		}
		if n != 1 || part == nil {
			return nil, unsupported("sheet %q has no single part", sh.Name)
		}
		w.sheets = append(w.sheets, fastSheetPart{name: sh.Name, part: part, pivot: hasPivotRel(parts, partName)})
	}

	if err := w.readStyles(parts["xl/styles.xml"], holder); err != nil {
		return nil, err
	}
	if sstPart == nil {
		w.sst = emptyStrings()
	} else {
		part, err := openPart(sstPart)
		if err != nil {
			return nil, err
		}
		rc := newInflateAhead(part)
		size, limit := int64(sstPart.UncompressedSize64), sharedStringsLimit(int64(sstPart.CompressedSize64))
		if head {
			// The part stays open with the table, which reads on as the
			// sheets ask (sharedStrings.load).
			w.sst, err = startSharedStrings(rc, rc, "xl/sharedStrings.xml", size, limit)
			if err != nil {
				rc.Close()
				return nil, err
			}
			return w, nil
		}
		w.sst, err = readSharedStrings(rc, "xl/sharedStrings.xml", size, limit)
		if cerr := rc.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

const relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

// xlsxRels mirrors excelize's xlsxRelationships, namespace included (a
// root in another namespace fails to decode in both).
type xlsxRels struct {
	XMLName       xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Relationships []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Type   string `xml:"Type,attr"`
	} `xml:"Relationship"`
}

// worksheetPath is excelize's getWorksheetPath: a target relative to the
// workbook's folder, or absolute from the package root.
func worksheetPath(wbPath, target string) string {
	path := filepath.ToSlash(strings.TrimPrefix(
		strings.ReplaceAll(filepath.Clean(fmt.Sprintf("%s/%s", filepath.Dir(wbPath), target)), "\\", "/"), "/"))
	if strings.HasPrefix(target, "/") {
		path = filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(target), "\\", "/"), "/"))
	}
	return path
}

// sheetNameOK is excelize's checkSheetName: Rows refuses other names.
func sheetNameOK(name string) bool {
	if name == "" || len(utf16.Encode([]rune(name))) > excelize.MaxSheetNameLength {
		return false
	}
	if strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") {
		return false
	}
	return !strings.ContainsAny(name, ":\\/?*[]")
}

// readXMLPart decodes a small part with encoding/xml, as excelize does. A
// missing part, a Strict OOXML one, or one that does not decode is left to
// excelize.
func readXMLPart(f *zip.File, name string, v any) error {
	if f == nil {
		return unsupported("no %s", name)
	}
	rc, err := openPart(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	if bytes.Contains(data, []byte("purl.oclc.org")) {
		return unsupported("%s: Strict Open XML", name)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = refuseCharset
	if err := d.Decode(v); err != nil && err != io.EOF {
		return unsupported("%s: %v", name, err)
	}
	return nil
}

// readStyles works out which cell formats show dates, as markDateFormats in
// excelize.go decides for the excelize reader, including its quirks: the format
// it appends for dates sits at index len(cellXfs) and is a date format too,
// and without any cell formats excelize prints every value raw.
func (w *fastWorkbook) readStyles(f *zip.File, holder *excelize.File) error {
	if f != nil {
		if err := readXMLPart(f, "xl/styles.xml", &holder.Styles); err != nil {
			return err
		}
	}
	st := holder.Styles
	if st == nil || st.CellXfs == nil {
		return nil
	}
	custom := map[int]string{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			// excelize formats raw cells with id 2^31-1 and finds a format by
			// its first id: a workbook using that id or one id twice would
			// print differently.
			if nf.NumFmtID == math.MaxInt32 {
				return unsupported("number format id 2^31-1")
			}
			if _, dup := custom[nf.NumFmtID]; dup {
				return unsupported("number format id %d twice", nf.NumFmtID)
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	n := len(st.CellXfs.Xf)
	if n >= excelize.MaxCellStyles {
		return unsupported("%d cell formats: excelize cannot add its date format", n)
	}
	w.dateXF = make([]bool, n+1)
	for i, xf := range st.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if id < 0 {
			return unsupported("negative number format id")
		}
		if code, ok := custom[id]; ok {
			w.dateXF[i] = isDateFormatCode(code)
		} else {
			w.dateXF[i] = isBuiltinDateFormat(id)
		}
	}
	w.dateXF[n] = true
	return nil
}

func (w *fastWorkbook) SheetNames() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

func (w *fastWorkbook) Close() error {
	w.mu.Lock()
	fb := w.fallback
	w.fallback = nil
	w.mu.Unlock()
	w.sst.close()
	err := w.zr.Close()
	if fb != nil {
		if ferr := fb.Close(); err == nil {
			err = ferr
		}
	}
	return err
}

func (w *fastWorkbook) OpenSheet(name string) (Sheet, error) {
	var sp *fastSheetPart
	for i := range w.sheets {
		if strings.EqualFold(w.sheets[i].name, name) {
			sp = &w.sheets[i]
			break
		}
	}
	if sp == nil {
		return nil, coded(InputError{File: w.path, Sheet: name}, "cannot read the sheet: no such sheet", "ingest.xlsx.no_such_sheet", nil)
	}
	// The sheet holds the shared strings until it is closed, so that
	// closing the workbook first cannot unmap them under it.
	if !w.sst.hold() {
		return nil, coded(InputError{File: w.path, Sheet: sp.name}, "cannot read the sheet: the workbook is closed", "ingest.xlsx.closed", nil)
	}
	s, err := openFastSheet(w, sp)
	if err == nil {
		return s, nil
	}
	w.sst.drop()
	var se *sizeError
	if errors.As(err, &se) {
		return nil, se.inputError(w.path, sp.name)
	}
	if !errors.Is(err, errFastUnsupported) {
		return nil, cannotReadSheet(w.path, sp.name, err)
	}
	return w.excelizeSheet(sp.name)
}

// excelizeSheet opens the sheet with the excelize reader, opening the
// workbook with it the first time.
func (w *fastWorkbook) excelizeSheet(name string) (Sheet, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fallback == nil {
		fb, err := openXLSX(w.path)
		if err != nil {
			return nil, err
		}
		w.fallback = fb
	}
	return w.fallback.OpenSheet(name)
}

// openPart opens a part for inflating, refusing one whose header admits
// more than maxPartBytes and counting the bytes of the others, whose
// headers may lie.
func openPart(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(maxPartBytes) {
		return nil, &sizeError{code: sizePart, part: f.Name, limit: maxPartBytes}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, unsupported("zip part %s: %v", f.Name, err)
	}
	return &boundedReader{rc: rc, name: f.Name, left: maxPartBytes, size: int64(f.UncompressedSize64)}, nil
}

// boundedReader stops a part at maxPartBytes, counted as it inflates.
type boundedReader struct {
	rc   io.ReadCloser
	name string
	left int64
	// size is what the header says the part inflates to; read counts what
	// it did so far, for progress (read from another goroutine).
	size int64
	read atomic.Int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	b.read.Add(int64(n))
	if b.left < 0 {
		return n, &sizeError{code: sizePart, part: b.name, limit: maxPartBytes}
	}
	return n, err
}

func (b *boundedReader) Close() error { return b.rc.Close() }

// DamagedError is a read error of the zip layer, worded for a person:
// Kind says how the file is damaged, Err is the zip or flate error.
type DamagedError struct {
	Kind string // "checksum", "overlong" or "inflate"
	Err  error
}

func (e *DamagedError) Error() string {
	switch e.Kind {
	case "checksum":
		return fmt.Sprintf("the file is damaged (a checksum does not match): %v", e.Err)
	case "overlong":
		return fmt.Sprintf("the file is damaged: a part holds more than its zip header says (a damaged file or a zip bomb): %v", e.Err)
	}
	return fmt.Sprintf("the file is damaged (its compressed data cannot be inflated): %v", e.Err)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// damaged words a read error of the zip layer for a person: a
// *DamagedError when it is one, else err.
func damaged(err error) error {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return &DamagedError{"checksum", err}
	case errors.Is(err, zip.ErrFormat):
		return &DamagedError{"overlong", err}
	case corruptInflate(err), errors.Is(err, io.ErrUnexpectedEOF):
		return &DamagedError{"inflate", err}
	}
	return err
}

// cannotReadSheet is the *InputError for a sheet that would not open.
func cannotReadSheet(file, sheet string, err error) *InputError {
	e := InputError{File: file, Sheet: sheet}
	msg := "cannot read the sheet: "
	var de *DamagedError
	if errors.As(damaged(err), &de) {
		return coded(e, msg+de.Error(), "ingest.xlsx.sheet_damaged."+de.Kind, map[string]any{"detail": de.Err.Error()})
	}
	return coded(e, msg+err.Error(), "ingest.error.cannot_read_sheet", map[string]any{"reason": err.Error()})
}
