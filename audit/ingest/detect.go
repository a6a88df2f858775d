package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit/ingest/xlsxstream"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// Guess is what a file's bytes and header say its role is, before it is
// read for real (the serve page proposes roles this way; the user may
// correct them).
type Guess struct {
	// Role is roster, contacts, groups, plan or profile; "" when no role's
	// header was found.
	Role      string
	Format    string // xlsx, csv or yaml
	Sheet     string // the sheet the header is on ("" for CSV)
	HeaderRow int
	// Columns are the fields the header maps, in the role's order, each
	// with the header text it was found under.
	Columns []MappedColumn
	// Why says, when Role is "", what was looked for.
	Why rules.Text
}

// MappedColumn is one field of a role and the header cell that gave it.
type MappedColumn struct {
	Field  string
	Header string
}

// detectRoles are tried in this order; on a tie in matched columns the
// earlier wins (a header of only userid and name is a roster).
var detectRoles = []*roleSpec{rosterRole, contactsRole, planRole, groupsRole}

// detectSheets bounds how many sheets are looked at.
const detectSheets = 20

// DetectRole looks at a file the way the readers do — format from the
// bytes, header within the first 50 rows of a sheet — and says which role's
// header it holds. Within the first row that holds some role's required
// columns, the role that maps the most columns wins. A file named .yaml or
// .yml is a profile when it parses as one. An unusable file gives the same
// *InputError a read would.
func DetectRole(path string) (Guess, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		if err := notRegular(path); err != nil {
			return Guess{}, err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return Guess{}, cannotRead(path, err)
		}
		if len(b) > maxProfileBytes {
			return Guess{}, inputError(InputError{File: path}, "ingest.error.profile_too_big", catalog.Args{"size": strconv.Itoa(len(b))})
		}
		if _, err := parseProfile(b); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				ie.File, ie.Lines = path, true
				return Guess{}, ie
			}
			return Guess{}, cannotRead(path, err)
		}
		return Guess{Role: "profile", Format: "yaml"}, nil
	}
	// Only the first rows are read: the shared strings only as far as they
	// need (issue 24: the whole table is the real read's to pay for).
	wb, p, err := openInputWith(path, xlsxstream.OpenHead)
	if err != nil {
		return Guess{}, err
	}
	defer wb.Close()
	g := Guess{Format: "xlsx"}
	if p.format == formatCSV {
		g.Format = "csv"
	}
	pl, _ := wb.(PivotLister)
	for i, name := range wb.SheetNames() {
		if i >= detectSheets {
			break
		}
		if pl != nil && pl.HasPivotTable(name) {
			continue
		}
		found, err := detectSheet(wb, name, &g)
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return Guess{}, ie
			}
			return Guess{}, inputError(InputError{File: path, Sheet: name}, "ingest.error.cannot_read_sheet", catalog.Args{"reason": err.Error()})
		}
		if found {
			return g, nil
		}
	}
	g.Why = rules.Msg("ingest.detect.no_header", catalog.Args{"rows": headerSearchRows})
	return g, nil
}

func detectSheet(wb Workbook, name string, g *Guess) (bool, error) {
	s, err := wb.OpenSheet(name)
	if err != nil {
		return false, err
	}
	defer s.Close()
	for s.Next() {
		row := s.Row()
		best, bestN := -1, 0
		var bestH header
		for i, r := range detectRoles {
			h, ok := r.matchHeader(row)
			if !ok {
				continue
			}
			n := 0
			for _, c := range h.Col {
				if c >= 0 {
					n++
				}
			}
			if n > bestN {
				best, bestN, bestH = i, n, h
			}
		}
		if best >= 0 {
			r := detectRoles[best]
			g.Role, g.Sheet, g.HeaderRow = r.Role, name, s.RowNumber()
			for f, c := range bestH.Col {
				if c >= 0 {
					g.Columns = append(g.Columns, MappedColumn{Field: r.Fields[f].Name, Header: bestH.Text[f]})
				}
			}
			return true, nil
		}
		if s.RowNumber() >= headerSearchRows {
			break
		}
	}
	return false, s.Err()
}
