// Package report renders a finished audit.Result: one Writer per format
// (json.go, xlsx.go, pdf.go), with the text of every report in one place
// (text.go).
package report

import (
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/report/pdfkit"
	"github.com/wecom-audit/auditor/rules"
)

// Options are the choices every report shares.
type Options struct {
	Lang    string // "zh" or "en" (resolve "auto" with ResolveLang first)
	MaskPII bool   // mask contact names and phone numbers

	// The audit trail (trail.go). Generated is when the reports were made,
	// read from the clock (or SOURCE_DATE_EPOCH) in cmd only; zero means
	// not stated, and the documents then carry the as-of date. CommandLine
	// is the command as run. RulesFile is the --rules file, if any.
	// ExportTimes holds, per input path, the time the file itself states
	// it was written. ReportID overrides the computed id (tests).
	Generated   time.Time
	CommandLine []string
	RulesFile   *audit.InputFile
	ExportTimes map[string]time.Time
	ReportID    string
	// PullManifests are the manifest.json files of `auditor pull` that
	// record inputs of this run (pipeline.Session.Trail finds them).
	PullManifests []audit.InputFile

	// Workbook is the workbook written in the same run, handed by Outputs
	// to the PDF writers (rendered after it), so that the PDF can name the
	// file holding every at-risk contact by name and SHA-256.
	Workbook *audit.InputFile
	// HandoverDir, set by Outputs for a run of more than splitAbove
	// leavers, is the folder (inside the reports folder) where each
	// leaver's handover sheet is a PDF of its own; the main PDF then
	// says where they are instead of holding them (handover_files.go).
	HandoverDir string
	// OneFile keeps every handover sheet inside the one PDF whatever the
	// number of leavers: the page offers its reports as single downloads.
	OneFile bool
	// Sheets is which leavers get a handover sheet (handover_pick.go):
	// the zero value is SheetsAuto.
	Sheets SheetChoice
	// withPDF, set by Outputs, tells the JSON that the set holds a PDF, so
	// that it says which handover sheets were written (handover_sheets).
	withPDF bool
	// Set are the other files of the same run, with their SHA-256, set by
	// Outputs for the JSON, rendered last, to name (report_set).
	Set []audit.InputFile
}

// Writer renders a result in one format.
type Writer interface {
	// Ext is the file extension, without the dot ("json").
	Ext() string
	Write(w io.Writer, res *audit.Result, opt Options) error
}

// Formats lists the known formats in the order they are written.
var Formats = []string{"xlsx", "pdf", "json"}

// available holds the writers that exist; each format file registers itself.
var available = map[string]Writer{}

func register(w Writer) { available[w.Ext()] = w }

// ForFormat returns the writer for a format name.
func ForFormat(name string) (Writer, error) {
	w, ok := available[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		known := make([]string, 0, len(available))
		for k := range available {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, &msgError{"report.error.format", catalog.Args{"value": strconv.Quote(name), "available": rules.Names(known)}}
	}
	return w, nil
}

// Prepare starts in the background what the writers ws will need whatever
// the result: for a PDF, the embedded font inflated and its character map
// read (pdfkit.Warm, ~0.1 s of one core, once per process), which would
// otherwise hold up the first PDF. The audit command calls it once the
// inputs are read, so it overlaps the engine and the workbook on the
// other core; not sooner, as the font's 15.7 MB would then add to the
// peak of the contacts' read.
func Prepare(ws []Writer) {
	for _, w := range ws {
		if _, ok := w.(*PDFWriter); ok {
			go pdfkit.Warm()
			return
		}
	}
}

// ParseFormats reads a comma-separated list such as "xlsx,pdf,json".
func ParseFormats(list string) ([]Writer, error) {
	var ws []Writer
	seen := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		w, err := ForFormat(f)
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
	}
	if len(ws) == 0 {
		return nil, &msgError{"report.error.no_format", nil}
	}
	return ws, nil
}

// ResolveLang turns "auto" into zh or en from the inputs' headers.
func ResolveLang(lang string, res *audit.Result) (string, error) {
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "zh", "cn", "zh-cn":
		return "zh", nil
	case "en":
		return "en", nil
	case "", "auto":
		if res != nil && res.ChineseHeaders {
			return "zh", nil
		}
		return "en", nil
	}
	return "", &msgError{"report.error.lang", catalog.Args{"value": strconv.Quote(lang)}}
}

// FileName is the report's name for an as-of date: audit-2026-11-30.json.
func FileName(w Writer, asOf audit.Date) string {
	return "audit-" + asOf.String() + "." + w.Ext()
}
