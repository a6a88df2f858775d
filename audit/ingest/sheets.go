package ingest

import (
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Which sheets count (issue 12). A workbook holds more than the rows a role
// reads: instructions that list the column names, a pivot table that sums
// the contacts, a lookup table (添加人 → 添加人账号) that a VLOOKUP uses, a
// copy of a sheet. Each would be read as data if the header were enough.
// So, for every role:
//   - a sheet holding a pivot table is never read (its cells summarise
//     other rows; counting them counts the contacts twice);
//   - the header must be found in the first 50 rows, over one or two rows;
//   - contacts also need a column that names, identifies or counts
//     contacts (name, id, kind or a count), besides the owner: a table of
//     members alone is not contacts;
//   - the roster, the handover sheet and the groups take the first sheet
//     whose first data rows read as data — their key cells (userid, owner)
//     read as userids — so a sheet that merely lists the column names does
//     not win; when no sheet's rows do, the sheet with the header and the
//     most key cells under it is read, and its rows' problems say what is
//     wrong;
//   - a contacts sheet that repeats another row for row is counted once
//     (dupsheet.go).
// Every sheet looked at, read or skipped and why, is in the summary.

// dataPeekRows is how many rows under a header are looked at to tell data
// from a list of column names; dataPeekKeys how many non-blank key cells
// are enough to decide.
const (
	dataPeekRows = 50
	dataPeekKeys = 20
)

// why is a reason a sheet is skipped, in English and Chinese.
type why struct{ en, zh string }

// whyMsg is why from catalogue message id.
func whyMsg(id string, args catalog.Args) why {
	t := rules.Msg(id, args)
	return why{t.In("en"), t.In("zh")}
}

func (w why) sheet(name string) *SheetSummary {
	return &SheetSummary{Name: name, Skipped: true, Why: w.en, WhyZH: w.zh}
}

var (
	whyNoHeader = whyMsg("ingest.summary.skipped", nil)
	whyPivot    = whyMsg("ingest.sheet.pivot", nil)
	whyNoData   = whyMsg("ingest.sheet.no_data", nil)
)

func whyLookup(owner string) why {
	return whyMsg("ingest.sheet.lookup", catalog.Args{"owner": owner})
}

func whyNotRead(role, sheet string) why {
	id := "ingest.sheet.not_read." + role
	if !catalog.Has(id) {
		return whyMsg("ingest.sheet.not_read.other", catalog.Args{"role": role, "sheet": sheet})
	}
	return whyMsg(id, catalog.Args{"sheet": sheet})
}

// contactFields are the contacts columns of which at least one must be
// there besides the owner.
var contactFields = []int{cExtID, cName, cKind, cCustomers, cExternal}

// identifies reports whether a header has what its role needs besides the
// required columns.
func identifies(spec *roleSpec, h header) bool {
	if spec != contactsRole {
		return true
	}
	for _, f := range contactFields {
		if h.has(f) {
			return true
		}
	}
	return false
}

// sheets finds the role's header in the workbook's sheets and hands each
// sheet to read to each. With all false it reads the first sheet that
// counts (roster, groups, handover sheet); with all true every one
// (contacts, docs/spec.md §2). No sheet with the header at all is an *InputError.
func (r *reader) sheets(src *source, spec *roleSpec, all bool, each func(*table) error) error {
	names := src.wb.SheetNames()
	pl, _ := src.wb.(PivotLister)
	var pvs []preview
	chosen, fallback, fallbackKeys := "", -1, 0
	done := false // a single-sheet role has its sheet
	for _, name := range names {
		if done {
			src.sum.Sheets = append(src.sum.Sheets, whyNotRead(spec.Role, chosen).sheet(name))
			continue
		}
		if pl != nil && pl.HasPivotTable(name) {
			src.sum.Sheets = append(src.sum.Sheets, whyPivot.sheet(name))
			continue
		}
		ps, h, ok, pv, err := r.openTable(src, spec, name)
		if err != nil {
			return err
		}
		if !ok {
			pvs = append(pvs, pv)
			src.sum.Sheets = append(src.sum.Sheets, whyNoHeader.sheet(name))
			continue
		}
		if !identifies(spec, h) {
			ps.Close()
			src.sum.Sheets = append(src.sum.Sheets, whyLookup(h.Text[cOwner]).sheet(name))
			continue
		}
		if !all {
			ok, keys := looksLikeData(ps, spec, h)
			if fallback < 0 || keys > fallbackKeys {
				fallback, fallbackKeys = len(src.sum.Sheets), keys
			}
			if !ok {
				ps.Close()
				src.sum.Sheets = append(src.sum.Sheets, whyNoData.sheet(name))
				continue
			}
			chosen, done = name, true
		}
		ss := &SheetSummary{Name: name}
		src.sum.Sheets = append(src.sum.Sheets, ss)
		if err := r.readTable(src, spec, ss, ps, h, each); err != nil {
			return err
		}
	}
	if !all && !done && fallback >= 0 {
		// No sheet's rows read as data: read the one with the most key
		// cells under its header (the first of equals) anyway, so that what
		// is wrong with its rows is said row by row.
		name := src.sum.Sheets[fallback].Name
		ps, h, ok, _, err := r.openTable(src, spec, name)
		if err != nil {
			return err
		}
		if !ok { // the sheet changed under us
			return inputError(InputError{File: src.path, Sheet: name}, "ingest.error.sheet_changed", nil)
		}
		ss := &SheetSummary{Name: name}
		src.sum.Sheets[fallback] = ss
		for i := fallback + 1; i < len(src.sum.Sheets); i++ {
			if s := src.sum.Sheets[i]; s.Why == whyNoData.en {
				src.sum.Sheets[i] = whyNotRead(spec.Role, name).sheet(s.Name)
			}
		}
		return r.readTable(src, spec, ss, ps, h, each)
	}
	if done || (all && src.read != nil) {
		return nil
	}
	if all && fallback < 0 && len(pvs) < len(names) {
		// Every sheet with the header was skipped for a reason listed.
		return inputError(InputError{File: src.path}, "ingest.error.no_contacts_sheet", catalog.Args{"sheets": skippedList(src.sum.Sheets)})
	}
	missing := spec.missingHeader()
	switch {
	case len(names) == 1 && len(pvs) == 1:
		return inputError(InputError{File: src.path, Sheet: names[0]}, "ingest.error.no_header_sheet", catalog.Args{"no_header": missing, "preview": pvs[0].text()})
	case len(pvs) < len(names):
		return inputError(InputError{File: src.path}, "ingest.error.no_header_any", catalog.Args{"no_header": missing, "sheets": skippedList(src.sum.Sheets)})
	}
	return inputError(InputError{File: src.path}, "ingest.error.no_header_any", catalog.Args{"no_header": missing, "sheets": sheetNames(names)})
}

// sheetNames are sheet names as a list, as written in either language.
type sheetNames []string

func (n sheetNames) In(string) string { return strings.Join(n, ", ") }

// skippedList names the sheets and why each was skipped, in the reader's
// language.
type skippedList []*SheetSummary

func (l skippedList) In(lang string) string {
	var parts []string
	for _, s := range l {
		why := strings.TrimPrefix(s.Why, "skipped: ")
		if lang != "en" && s.WhyZH != "" {
			why = strings.TrimPrefix(s.WhyZH, whyZHSkipped)
		}
		parts = append(parts, catalog.T(lang, "ingest.sheet.skipped_item", catalog.Args{"sheet": s.Name, "why": why}))
	}
	sep := "；"
	if lang == "en" {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// whyZHSkipped opens every skipped sheet's Chinese reason.
var whyZHSkipped = catalog.T("zh", "ingest.sheet.skipped_prefix", nil)

// openTable opens a sheet and finds the role's header on one or two rows.
// When ok is false the sheet is closed.
func (r *reader) openTable(src *source, spec *roleSpec, name string) (*peekSheet, header, bool, preview, error) {
	sh, err := src.wb.OpenSheet(name)
	if err != nil {
		return nil, header{}, false, preview{}, err
	}
	ps := newPeekSheet(sh)
	h, ok, pv, err := findHeader(ps, spec)
	if err != nil {
		ps.Close()
		return nil, header{}, false, pv, inputError(InputError{File: src.path, Sheet: name}, "ingest.error.cannot_read_sheet", catalog.Args{"reason": err.Error()})
	}
	if !ok {
		ps.Close()
		return nil, header{}, false, pv, nil
	}
	var below []Cell
	if next := ps.peek(1); len(next) == 1 && next[0].n == h.Row+1 {
		below = next[0].cells
	}
	if spec.mergeRows(&h, below) {
		ps.Next() // the header's second row
	}
	return ps, h, true, pv, nil
}

// readTable reads one sheet as the role, recording its columns.
func (r *reader) readTable(src *source, spec *roleSpec, ss *SheetSummary, ps *peekSheet, h header, each func(*table) error) error {
	ss.HeaderRow, ss.HeaderRows = h.Row, h.Rows
	for i, f := range spec.Fields {
		if h.has(i) {
			ss.Columns = append(ss.Columns, ColumnMap{Field: f.Name, Header: h.Text[i]})
			r.headerCells++
			if hasHan(h.Text[i]) {
				r.hanCells++
			}
		}
	}
	src.read = ss
	// The data rows are parsed on a goroutine of their own while the role
	// reader works on the ones before (readAhead).
	ra := readAhead(ps)
	err := each(&table{src: src, sheet: ra, h: h, sum: ss, spec: spec})
	cerr := ra.Close()
	if err != nil {
		return err
	}
	if cerr != nil {
		return inputError(InputError{File: src.path, Sheet: ss.Name}, "ingest.error.cannot_close_sheet", catalog.Args{"reason": cerr.Error()})
	}
	return nil
}

// keyField is the role's first required field: the userid (roster,
// handover sheet) or the owner (groups, contacts).
func keyField(spec *roleSpec) int {
	for i, f := range spec.Fields {
		if f.Required {
			return i
		}
	}
	return 0
}

// looksLikeData reports whether the rows under the header read as data,
// and how many non-blank key cells it looked at:
// of the first non-blank key cells (up to dataPeekKeys within dataPeekRows
// rows), at least one, and at least half, read as a userid, or hold a
// formula or an error value (data whose value is unknown, reported row by
// row). A list of the column names, or notes such as 必填，成员的唯一标识,
// under a header do not.
func looksLikeData(ps *peekSheet, spec *roleSpec, h header) (ok bool, keys int) {
	k := keyField(spec)
	c := h.Col[k]
	ids := 0
	for _, pr := range ps.peek(dataPeekRows) {
		if c >= len(pr.cells) {
			continue
		}
		cell := pr.cells[c]
		if unreadable(cell) {
			keys++
			ids++
		} else if t := cleanText(cell.Text); t != "" {
			keys++
			if looksLikeUserID(spec, t) {
				ids++
			}
		}
		if keys >= dataPeekKeys {
			break
		}
	}
	return ids > 0 && ids*2 >= keys, keys
}

// looksLikeUserID: 1 to 64 ASCII letters, digits, '.', '_', '-' or '@'
// after full-width folding (D19 allows 1–32 of the first four; a little more
// is let through), and not one of the role's own column names.
func looksLikeUserID(spec *roleSpec, s string) bool {
	u := userID(s)
	if len(u) == 0 || len(u) > 64 {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-', c == '@':
		default:
			return false
		}
	}
	_, isName := spec.index[normHeader(u)]
	return !isName
}

// inputSheets is the sheet list of the report's inputs.
func inputSheets(ss []*SheetSummary) []audit.InputSheet {
	out := make([]audit.InputSheet, 0, len(ss))
	for _, s := range ss {
		out = append(out, audit.InputSheet{
			Name: s.Name, Read: !s.Skipped, HeaderRow: s.HeaderRow, Rows: s.Rows,
			Skipped: s.Why, SkippedZH: s.WhyZH,
		})
	}
	return out
}
