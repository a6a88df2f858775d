package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// SheetMode is how the leavers who get a handover sheet are chosen
// (--sheets, --sheets-for).
type SheetMode int

const (
	// SheetsAuto, the default: every leaver of a run of at most
	// sheetsAutoMax leavers, none above it (the reports say so, and how
	// to write them).
	SheetsAuto SheetMode = iota
	SheetsAll            // every leaver, however many
	SheetsNone           // none
	SheetsFor            // the leavers named in SheetChoice.For
)

// SheetChoice is which leavers get a handover sheet in the PDF.
type SheetChoice struct {
	Mode SheetMode
	For  []string // userids, with SheetsFor (case-insensitive)
}

// sheetsAutoMax is the largest run whose handover sheets are written
// without being asked for. A sheet is a signed record of one person; a run
// of thousands of leavers is a restructuring that HR carries out in waves,
// and 50,000 sheets (3.5 GB, some minutes of both cores) written on every
// run of a monthly batch are sheets nobody signs. Above it the run writes
// none, the PDF, stdout and the JSON say so in one sentence (sheetsSaid),
// and --sheets all or --sheets-for writes them. A variable so that tests
// can lower it.
var sheetsAutoMax = 1000

// ParseSheets reads --sheets (auto, all or none) and --sheets-for (userids,
// each flag value possibly a comma-separated list). --sheets-for with
// --sheets all or none is refused: they contradict each other.
func ParseSheets(mode string, forIDs []string) (SheetChoice, error) {
	var c SheetChoice
	switch strings.ToLower(strings.TrimSpace(mode)) {
	case "", "auto":
		c.Mode = SheetsAuto
	case "all":
		c.Mode = SheetsAll
	case "none":
		c.Mode = SheetsNone
	default:
		return c, &msgError{"report.error.sheets_mode", catalog.Args{"value": strconv.Quote(mode)}}
	}
	for _, v := range forIDs {
		for id := range strings.SplitSeq(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				c.For = append(c.For, id)
			}
		}
	}
	if len(forIDs) > 0 {
		if c.Mode != SheetsAuto {
			return c, &msgError{"report.error.sheets_both", catalog.Args{"value": strings.ToLower(strings.TrimSpace(mode))}}
		}
		if len(c.For) == 0 {
			return c, &msgError{"report.error.sheets_for_empty", nil}
		}
		c.Mode = SheetsFor
	}
	return c, nil
}

// Check refuses a --sheets-for userid that is no leaver of res: a sheet
// asked for and silently not written would be a record missing from a
// file without anyone knowing.
func (c SheetChoice) Check(res *audit.Result) error {
	if c.Mode != SheetsFor {
		return nil
	}
	leavers := make(map[string]bool, len(res.Departing))
	for i := range res.Departing {
		leavers[strings.ToLower(res.Departing[i].UserID)] = true
	}
	var unknown []string
	for _, id := range c.For {
		if !leavers[strings.ToLower(id)] {
			unknown = append(unknown, strconv.Quote(id))
		}
	}
	if len(unknown) > 0 {
		return &msgError{"report.error.sheets_for_unknown", catalog.Args{"ids": strings.Join(unknown, ", "), "n": len(unknown)}}
	}
	return nil
}

// sheetPick is which leavers of a run get a handover sheet: decided once
// (pickSheets), by the main PDF, the split sheets, the JSON and stdout
// alike.
type sheetPick struct {
	choice SheetChoice
	idx    []int // indexes into res.Departing, in the run's order
	of     int   // the run's leavers
}

// pickSheets applies c to res.
func pickSheets(res *audit.Result, c SheetChoice) sheetPick {
	p := sheetPick{choice: c, of: len(res.Departing)}
	switch c.Mode {
	case SheetsNone:
	case SheetsAuto:
		if p.of > sheetsAutoMax {
			break
		}
		fallthrough
	case SheetsAll:
		p.idx = make([]int, p.of)
		for i := range p.idx {
			p.idx[i] = i
		}
	case SheetsFor:
		want := make(map[string]bool, len(c.For))
		for _, id := range c.For {
			want[strings.ToLower(id)] = true
		}
		for i := range res.Departing {
			if want[strings.ToLower(res.Departing[i].UserID)] {
				p.idx = append(p.idx, i)
			}
		}
	}
	return p
}

// all reports whether every leaver gets a sheet.
func (p sheetPick) all() bool { return len(p.idx) == p.of }

// said is the sentence that says which sheets were not written and why,
// in lang: empty when every leaver has one (or there are no leavers).
// The PDF, stdout and the JSON say this sentence and no other.
func (p sheetPick) said(lang string) string {
	if p.all() {
		return ""
	}
	args := catalog.Args{"n": p.of, "k": len(p.idx), "max": sheetsAutoMax}
	switch p.choice.Mode {
	case SheetsNone:
		return Lv("sheets_none", lang, args)
	case SheetsFor:
		return Lv("sheets_for", lang, args)
	}
	return Lv("sheets_over", lang, args)
}

// SheetsSaid is the sentence of the run's handover sheets for the
// terminal: the same the PDF and the JSON say (sheetPick.said).
func SheetsSaid(res *audit.Result, c SheetChoice, lang string) string {
	return pickSheets(res, c).said(lang)
}

// modeName is the choice as the JSON names it.
func (c SheetChoice) modeName() string {
	return [...]string{"auto", "all", "none", "for"}[c.Mode]
}

// jsonSheets is the JSON's account of the handover sheets of a run that
// writes a PDF: how many leavers, how many sheets, where, and the same
// sentence as the PDF and stdout when some were not written.
type jsonSheets struct {
	Choice  string   `json:"choice"`
	Leavers int      `json:"leavers"`
	Written int      `json:"written"`
	For     []string `json:"for,omitempty"`
	Folder  string   `json:"folder,omitempty"`
	Said    string   `json:"said,omitempty"`
}

func jsonSheetsOf(res *audit.Result, opt Options) jsonSheets {
	p := pickSheets(res, opt.Sheets)
	return jsonSheets{Choice: opt.Sheets.modeName(), Leavers: p.of, Written: len(p.idx),
		For: slices.Clone(opt.Sheets.For), Folder: opt.HandoverDir, Said: p.said(opt.Lang)}
}
