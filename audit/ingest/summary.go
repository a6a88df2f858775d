package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/wecom-audit/auditor/audit"
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
type summaryText struct {
	inputs, sheet, csv, skipped, header, itemised, summary, assumed, none,
	members, dupMembers, departing, handovers, contacts, unknown, dupContacts,
	noIDs, groups, problems, profile, sep, twoRows, unknownStatus string
}

var summaryTexts = map[string]summaryText{
	"en": {
		inputs: "Inputs", sheet: "sheet %s: ", csv: "CSV, %s", skipped: "skipped: no header with the required columns in its first 50 rows",
		header: "header on row %d, %d data rows", itemised: "itemised (one row per contact)", summary: "summary (counts per member)",
		assumed: "Assumed", none: "nothing",
		members: "Members: %d", dupMembers: "userids on more than one roster row (the first row is used): %d",
		departing: "Departing members (as of %s): %d departing, %d departed", handovers: "Handover sheet rows: %d",
		contacts: "Contacts: %d customers, %d plain external contacts", unknown: "owners not in the roster: %d, holding %d of those contacts",
		dupContacts: "repeated contact rows counted once: %d", noIDs: "external ids missing from the itemised contacts: customers a receiver already has cannot be told (no overlap credit)",
		groups: "Customer groups: %d", problems: "Data problems: %d", profile: "Enterprise profile", sep: ", ",
		twoRows: "header over rows %d–%d", unknownStatus: "members whose status cannot be read (formula, error value or a word that is not a status): %d",
	},
	"zh": {
		inputs: "输入文件", sheet: "工作表 %s：", csv: "CSV，%s", skipped: "已跳过：前 50 行中没有含必需列的表头",
		header: "表头在第 %d 行，数据 %d 行", itemised: "明细（每行一个联系人）", summary: "汇总（每个成员一行）",
		assumed: "假定", none: "无",
		members: "成员：%d", dupMembers: "%d 个账号在通讯录中出现多次（以第一行为准）",
		departing: "离职成员（截至 %s）：待离职 %d，已离职 %d", handovers: "离职交接表行数：%d",
		contacts: "联系人：客户 %d，外部联系人 %d", unknown: "%d 个所属成员不在通讯录中，持有其中 %d 个联系人",
		dupContacts: "%d 行重复联系人只计一次", noIDs: "明细联系人表缺少客户ID：无法判断接替人是否已有同一客户（不扣除重合）",
		groups: "客户群：%d", problems: "数据问题：%d", profile: "企业信息", sep: "，",
		twoRows: "表头占第 %d–%d 行", unknownStatus: "%d 名成员的在职状态无法读取（公式、错误值或无法识别的文字）",
	},
}

// Print writes the summary for `auditor validate`. lang "en" is English;
// anything else is Chinese, as rules.Text.In.
func (s *Summary) Print(w io.Writer, lang string) error {
	t, ok := summaryTexts[lang]
	if !ok {
		t = summaryTexts["zh"]
	}
	var b strings.Builder
	line := func(indent int, format string, a ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	line(0, "%s", t.inputs)
	for _, f := range s.Files {
		kind := f.Format
		if f.Format == "csv" {
			kind = fmt.Sprintf(t.csv, f.Encoding)
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
				where = fmt.Sprintf(t.sheet, sh.Name)
			}
			if sh.Skipped {
				why := sh.Why
				if lang != "en" && sh.WhyZH != "" {
					why = sh.WhyZH
				}
				if why == "" {
					why = t.skipped
				}
				line(2, "%s%s", where, why)
				continue
			}
			form := ""
			switch sh.Form {
			case "itemised":
				form = t.sep + t.itemised
			case "summary":
				form = t.sep + t.summary
			}
			if sh.HeaderRows == 2 {
				form += t.sep + fmt.Sprintf(t.twoRows, sh.HeaderRow-1, sh.HeaderRow)
			}
			line(2, "%s"+t.header+"%s", where, sh.HeaderRow, sh.Rows, form)
			cols := make([]string, len(sh.Columns))
			for i, c := range sh.Columns {
				cols[i] = c.Field + " ← " + c.Header
			}
			line(3, "%s", strings.Join(cols, ", "))
		}
	}
	if p := s.Profile; p != nil {
		line(0, "%s", t.profile)
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
	line(0, "%s", t.assumed)
	assumed := s.Assumed
	if lang != "en" && len(s.AssumedZH) == len(s.Assumed) {
		assumed = s.AssumedZH
	}
	if len(assumed) == 0 {
		line(1, "%s", t.none)
	}
	for _, a := range assumed {
		line(1, "- %s", a)
	}
	line(0, t.members, s.Members)
	if s.DuplicateMembers > 0 {
		line(1, t.dupMembers, s.DuplicateMembers)
	}
	asOf := s.AsOf.String()
	if asOf == "" {
		asOf = "-"
	}
	line(0, t.departing, asOf, s.Departing, s.Departed)
	if s.StatusUnknown > 0 {
		line(1, t.unknownStatus, s.StatusUnknown)
	}
	if s.Handovers > 0 {
		line(1, t.handovers, s.Handovers)
	}
	line(0, t.contacts, s.Customers, s.ExternalContacts)
	if s.UnknownOwners > 0 {
		line(1, t.unknown, s.UnknownOwners, s.UnknownOwnerContacts)
	}
	if s.DuplicateContacts > 0 {
		line(1, t.dupContacts, s.DuplicateContacts)
	}
	if !s.HasExternalIDs {
		line(1, "%s", t.noIDs)
	}
	line(0, t.groups, s.Groups)
	line(0, t.problems, s.Problems)
	_, err := io.WriteString(w, b.String())
	return err
}
