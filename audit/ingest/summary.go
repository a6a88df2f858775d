package ingest

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
)

// Summary is what was read, for `auditor validate`: per file and sheet
// where the header was and which columns were understood, what was
// assumed, and the totals.
type Summary struct {
	AsOf      audit.Date
	Files     []*FileSummary
	Assumed   []string       // as in Inputs.Assumed
	AssumedZH []string       // the same in Chinese
	Profile   *audit.Profile // nil without --profile

	Members          int // roster members, duplicates removed
	DuplicateMembers int // userids on more than one roster row
	// Departing and Departed count members by the handover sheet where it
	// names them (its date against AsOf, docs/spec.md §2.4), else by the roster's
	// status.
	Departing int
	Departed  int
	// StatusUnknown counts members the handover sheet does not name whose
	// roster status cannot be read (audit.StatusUnknown).
	StatusUnknown int
	Handovers     int // handover-sheet rows

	Customers        int // customer relationships, every owner
	ExternalContacts int // plain external contacts, every owner
	// UnknownOwners: owners in the contacts that the roster lacks, and their
	// contacts (within the totals above).
	UnknownOwners        int
	UnknownOwnerContacts int
	DuplicateContacts    int // extra rows of a repeated (owner, external id)
	HasExternalIDs       bool

	Groups   int
	Problems int // data problems, including those not listed one by one
	// Unlisted are the columns with more problems than are listed one by
	// one, and how many more: Inputs.Problems ends with one entry for each,
	// saying so, so that counting the list gives the exact count only with
	// these.
	Unlisted []Unlisted
}

// Unlisted counts the problems of one column of one sheet not listed one
// by one.
type Unlisted struct {
	File, Sheet, Column string
	Count               int
}

// FileSummary is one input file.
type FileSummary struct {
	Role     string // roster, contacts, groups, plan, profile
	Path     string // as given
	SHA256   string
	Format   string // xlsx, csv or yaml
	Encoding string // CSV only: UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16
	Note     string // how the file was read when its name suggests otherwise
	Sheets   []*SheetSummary
}

// SheetSummary is one sheet looked at.
type SheetSummary struct {
	Name string // "" for CSV
	// Skipped: not read as the role's data; Why and WhyZH say why (no
	// header, a pivot table, a lookup table, no data under the header,
	// another sheet already read, a repeat of another sheet).
	Skipped    bool
	Why, WhyZH string
	HeaderRow  int
	HeaderRows int    // 2 when the header spans two rows
	Rows       int    // non-blank data rows below the header
	Form       string // contacts only: itemised or summary
	Columns    []ColumnMap
}

// ColumnMap is a field and the header it was read from, as written.
type ColumnMap struct {
	Field  string
	Header string
}

func (r *reader) summarise() {
	s, in := r.sum, r.in
	s.Members = len(in.Members)
	s.DuplicateMembers = len(in.DuplicateMembers)
	s.Handovers = len(in.Handovers)
	s.Groups = len(in.Groups)
	s.HasExternalIDs = in.HasExternalIDs

	// The handover sheet decides for the members it names: departing when
	// its date is after as-of or absent, departed on or before (docs/spec.md §2.4).
	planned := map[string]audit.Status{}
	for _, h := range in.Handovers {
		k := audit.Key(h.UserID)
		if st, ok := planned[k]; ok && (st == audit.Departed || !h.HasDate) {
			continue
		}
		if h.HasDate && !h.DepartureDate.After(s.AsOf) {
			planned[k] = audit.Departed
		} else {
			planned[k] = audit.Departing
		}
	}
	for _, m := range in.Members {
		st := m.Status
		if p, ok := planned[audit.Key(m.UserID)]; ok {
			st = p
		}
		switch st {
		case audit.Departing:
			s.Departing++
		case audit.Departed:
			s.Departed++
		case audit.StatusUnknown:
			s.StatusUnknown++
		}
		s.Customers += m.Customers
		s.ExternalContacts += m.ExternalContacts
	}
	s.UnknownOwners = len(in.UnknownOwners)
	for _, u := range in.UnknownOwners {
		s.UnknownOwnerContacts += u.Count
	}
	s.Customers += in.UnknownOwnerCustomers
	s.ExternalContacts += s.UnknownOwnerContacts - in.UnknownOwnerCustomers
	for _, d := range in.DuplicateContacts {
		s.DuplicateContacts += d.Count
	}
}

// summaryText is the Summary's wording in one language.
// Print writes the summary for `auditor validate`. lang "en" is English;
// anything else is Chinese, as rules.Text.In.
func (s *Summary) Print(w io.Writer, lang string) error {
	// Counts as digits, as this summary has always printed them.
	t := func(id string, args ...any) string {
		a := catalog.Args{}
		for i := 0; i+1 < len(args); i += 2 {
			v := args[i+1]
			if n, ok := v.(int); ok {
				v = strconv.Itoa(n)
			}
			a[args[i].(string)] = v
		}
		return catalog.T(lang, "ingest.summary."+id, a)
	}
	sep := t("sep")
	var b strings.Builder
	line := func(indent int, format string, a ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	line(0, "%s", t("inputs"))
	for _, f := range s.Files {
		kind := f.Format
		if f.Format == "csv" {
			kind = t("csv", "encoding", f.Encoding)
		}
		sha := f.SHA256
		if len(sha) > 12 {
			sha = sha[:12]
		}
		line(1, "%-8s %s  (%s, sha256 %s…)", f.Role, f.Path, kind, sha)
		if f.Note != "" {
			line(2, "%s", f.Note)
		}
		for _, sh := range f.Sheets {
			where := ""
			if sh.Name != "" {
				where = t("sheet", "sheet", sh.Name)
			}
			if sh.Skipped {
				why := sh.Why
				if lang != "en" && sh.WhyZH != "" {
					why = sh.WhyZH
				}
				if why == "" {
					why = t("skipped")
				}
				line(2, "%s%s", where, why)
				continue
			}
			form := ""
			switch sh.Form {
			case "itemised":
				form = sep + t("itemised")
			case "summary":
				form = sep + t("summary")
			}
			if sh.HeaderRows == 2 {
				form += sep + t("two_rows", "from", sh.HeaderRow-1, "to", sh.HeaderRow)
			}
			line(2, "%s%s%s", where, t("header", "row", sh.HeaderRow, "rows", sh.Rows), form)
			cols := make([]string, len(sh.Columns))
			for i, c := range sh.Columns {
				cols[i] = c.Field + " ← " + c.Header
			}
			line(3, "%s", strings.Join(cols, ", "))
		}
	}
	if p := s.Profile; p != nil {
		line(0, "%s", t("profile"))
		if p.Company != "" {
			line(1, "company: %s", p.Company)
		}
		if p.Verified != nil {
			line(1, "verified: %v", *p.Verified)
		}
		if p.DailyActiveUsers != nil {
			line(1, "daily_active_users: %d", *p.DailyActiveUsers)
		}
		if p.EnterpriseCap != nil {
			line(1, "enterprise_cap: %d", *p.EnterpriseCap)
		}
		if p.MemberCapDefault != nil {
			line(1, "member_cap_default: %d", *p.MemberCapDefault)
		}
		if p.NearCapRatio != nil {
			line(1, "near_cap_ratio: %g", *p.NearCapRatio)
		}
	}
	line(0, "%s", t("assumed"))
	assumed := s.Assumed
	if lang != "en" && len(s.AssumedZH) == len(s.Assumed) {
		assumed = s.AssumedZH
	}
	if len(assumed) == 0 {
		line(1, "%s", t("none"))
	}
	for _, a := range assumed {
		line(1, "- %s", a)
	}
	line(0, "%s", t("members", "count", s.Members))
	if s.DuplicateMembers > 0 {
		line(1, "%s", t("dup_members", "count", s.DuplicateMembers))
	}
	asOf := s.AsOf.String()
	if asOf == "" {
		asOf = "-"
	}
	line(0, "%s", t("departing", "date", asOf, "departing", s.Departing, "departed", s.Departed))
	if s.StatusUnknown > 0 {
		line(1, "%s", t("unknown_status", "count", s.StatusUnknown))
	}
	if s.Handovers > 0 {
		line(1, "%s", t("handovers", "count", s.Handovers))
	}
	line(0, "%s", t("contacts", "customers", s.Customers, "external", s.ExternalContacts))
	if s.UnknownOwners > 0 {
		line(1, "%s", t("unknown_owners", "owners", s.UnknownOwners, "contacts", s.UnknownOwnerContacts))
	}
	if s.DuplicateContacts > 0 {
		line(1, "%s", t("dup_contacts", "count", s.DuplicateContacts))
	}
	if !s.HasExternalIDs {
		line(1, "%s", t("no_ids"))
	}
	line(0, "%s", t("groups", "count", s.Groups))
	line(0, "%s", t("problems", "count", s.Problems))
	_, err := io.WriteString(w, b.String())
	return err
}
