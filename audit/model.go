// Package audit holds the domain model of an offboarding audit and the
// engine: pure functions of (inputs, rule set, as-of date). Nothing here
// opens files, reads the clock or prints.
package audit

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/wecom-audit/auditor/capacity"
	"github.com/wecom-audit/auditor/rules"
)

// Date is a calendar day. The zero value means "no date".
//
// It is a day number, days since 0001-01-01 (the zero time.Time's day, so
// that the zero Date is still the zero time): 4 bytes where a time.Time is
// 24. A member holds two dates, a leaver three, each of its actions and
// contacts one; in a layoff of 200,000 members that was ~25 MB of the
// audit's live heap (issue 24).
type Date struct{ d int32 }

// unixDay is 1970-01-01's day number.
const unixDay = 719162

const secondsPerDay = 24 * 60 * 60

// NewDate returns the calendar day y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	// Midnight UTC: a whole number of days from 1970, exactly divided.
	return Date{int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/secondsPerDay + unixDay)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseISODate reads YYYY-MM-DD.
func ParseISODate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, err
	}
	return DateOf(t), nil
}

func (d Date) IsZero() bool { return d.d == 0 }

// Time is the day at midnight UTC; the zero time for the zero date.
func (d Date) Time() time.Time {
	if d.d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d.d-unixDay)*secondsPerDay, 0).UTC()
}

func (d Date) AddDays(n int) Date { return Date{d.d + int32(n)} }
func (d Date) Before(o Date) bool { return d.d < o.d }
func (d Date) After(o Date) bool  { return d.d > o.d }
func (d Date) Equal(o Date) bool  { return d.d == o.d }
func (d Date) Year() int          { return d.Time().Year() }
func (d Date) Month() time.Month  { return d.Time().Month() }

// DaysUntil returns the whole days from d to o (negative when o is earlier).
// Through time.Duration, as ever: a span beyond 292 years (from the zero
// date) saturates as it always did, so no count written changes.
func (d Date) DaysUntil(o Date) int { return int(o.Time().Sub(d.Time()).Hours() / 24) }

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// Tri is a yes/no value that may be unknown (column absent or cell empty).
type Tri int8

const (
	Unknown Tri = iota
	Yes
	No
)

func (t Tri) String() string {
	switch t {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// Bool is the value for JSON: unknown is null, so that a pipeline never
// reads "unknown" as "no".
func (t Tri) Bool() *bool {
	switch t {
	case Yes:
		v := true
		return &v
	case No:
		v := false
		return &v
	}
	return nil
}

// Status is a member's employment status.
type Status int8

const (
	Active Status = iota
	Departing
	Departed
	// StatusUnknown: the roster's status cell holds a value that cannot be
	// known — a formula without a saved result or an error value such as
	// #N/A (issue 12). The member may be leaving or not; never read as
	// active, as a blank cell is.
	StatusUnknown
)

func (s Status) String() string {
	switch s {
	case Departing:
		return "departing"
	case Departed:
		return "departed"
	case StatusUnknown:
		return "unknown"
	}
	return "active"
}

// Leaving reports whether the member is known to be departing or departed.
func (s Status) Leaving() bool { return s == Departing || s == Departed }

// Key is the case-insensitive form of a userid: WeCom treats userids
// case-insensitively (D19). Members are matched by Key and shown as written.
func Key(userid string) string { return strings.ToLower(strings.TrimSpace(userid)) }

// Place locates a value in an input: file, sheet (empty for CSV), 1-based row
// and the column header as written.
type Place struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
}

// DataProblem is a value that could not be read, or an inconsistency between
// inputs. The row it sits on is kept where the rest of it is usable.
type DataProblem struct {
	Place
	// Problem is what is wrong, said by the renderers in their language.
	Problem rules.Text `json:"-"`
}

// MarshalJSON writes the place and the problem in English: the form the
// reconcile JSON has always had. The audit JSON renders its own, in the
// report's language (report/json.go).
func (p DataProblem) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Place
		Problem string `json:"problem"`
	}{p.Place, p.Problem.In("en")})
}

// Member is one roster row (the first one, when a userid repeats).
type Member struct {
	UserID      string // as written
	Name        string
	Departments []string // first is the main department (D19)
	// Row is the member's row in the roster, 1-based. Only the number:
	// the file, sheet and column are the roster's own, and a Place per
	// member was 56 of a member's 224 bytes (issue 24).
	Row int

	Status        Status
	DepartureDate Date // zero when absent or unreadable

	// ScopeRoster is the roster's customer_contact value (Unknown when absent).
	ScopeRoster Tri
	// Cap is the roster's customer_cap; 0 when absent or empty.
	Cap int
	// CapInvalid holds the written value when the roster's cap is not a
	// positive whole number or is above the maximum (invalid-member-cap).
	CapInvalid string

	Activated Tri
	Disabled  bool // 已禁用: cannot log in
	// ActivationUnreadable: the activation cell holds a word that is not an
	// activation state; whether the member may receive is unknown, never
	// assumed activated.
	ActivationUnreadable bool
	RealName             Tri
	LastLogin            Date // zero when unknown
	Receiver             string
	// ReceiverUnknown: the roster's receiver cell cannot be read (a formula
	// without a saved result, an error value): there may be a receiver,
	// and who it is is unknown — not the same as a blank cell (no receiver).
	ReceiverUnknown bool

	// Filled from the contact exports and the groups file.
	Customers        int
	ExternalContacts int
	Groups           int
	// ContactRows tells that the contact exports list this member at all,
	// which is what scope is inferred from (docs/spec.md §2.1 note).
	ContactRows bool
	// InCustomerExport is set when a contacts file without a kind column (a
	// customer export, D20) lists this member: the export says it is in scope.
	InCustomerExport bool
}

// ContactDetail is a contact kept for the reports: only for members that may
// leave (named leaving in the roster or the handover sheet), so memory grows
// with those, not with every contact row. It holds no Place: no report says
// where a leaver's contact was read, and a Place was half of its size.
type ContactDetail struct {
	ExternalID string
	Name       string
	Customer   bool
	AddedAt    Date
}

// Group is one customer group chat (客户群).
type Group struct {
	ChatID  string
	Name    string
	Owner   string // as written
	Members int
}

// Handover is one row of HR's handover sheet (离职交接表, docs/spec.md §2.4).
//
// Its place is the row's number and the sheet it is on (Sheet, shared by
// every row of the sheet; Place puts them together) rather than a Place of
// its own: a 100,000-row sheet's rows repeated the file, sheet and column,
// 48 of a row's 112 bytes (issue 24). The flags sit together for the same
// reason.
type Handover struct {
	UserID        string
	DepartureDate Date
	HasDate       bool // the cell was present and readable
	HasCount      bool // a count was given
	// ReceiverUnknown and CountUnknown: the cell holds a formula without a
	// saved result or an error value (issue 12). Unlike a blank receiver
	// (none) or a blank count (share what is left evenly), the value is
	// unknown, so the split of this member's customers is unknown.
	ReceiverUnknown bool
	CountUnknown    bool
	Receiver        string
	Count           int // customers to this receiver
	Row             int // 1-based row number
	// Sheet is the file, sheet and userid column the row was read from,
	// its Row unused; nil when the handovers were not read from a file.
	Sheet *Place
}

// Place is where the row is: its sheet's file, sheet and column, and Row.
func (h Handover) Place() Place {
	var p Place
	if h.Sheet != nil {
		p = *h.Sheet
	}
	p.Row = h.Row
	return p
}

// Profile is the enterprise profile (docs/spec.md §2.6). Pointers are nil when the
// profile (or the field) is absent.
type Profile struct {
	Company          string
	Verified         *bool
	DailyActiveUsers *int
	EnterpriseCap    *int
	MemberCapDefault *int
	NearCapRatio     *float64
	// ExpansionLeadDays and Campaigns feed the capacity forecast (issue 28).
	ExpansionLeadDays *int
	Campaigns         []capacity.Campaign
}

// InputFile describes one input for the report's inputs list.
type InputFile struct {
	Role   string `json:"role"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	// Sheets lists every sheet looked at, read or skipped, and why
	// (issue 12); empty for the profile.
	Sheets []InputSheet `json:"-"`
}

// InputSheet is one sheet of an input file as the readers took it.
type InputSheet struct {
	Name      string // "" for a CSV file
	Read      bool   // its rows were read as the file's role
	HeaderRow int    // 0 when no header was found
	Rows      int    // data rows read
	// Skipped says why the sheet was not read, in English and Chinese.
	Skipped, SkippedZH string
}

// OwnerCount is a count for a userid as written (unknown owners, duplicates).
type OwnerCount struct {
	UserID string
	Count  int
}

// Inputs is everything read from the files, aggregated per member. Memory is
// O(members + details of possible leavers + hashed ids of leavers and receivers).
type Inputs struct {
	Members    []*Member // roster order, duplicates removed
	Groups     []Group
	Handovers  []Handover
	Profile    Profile
	HasProfile bool
	// Gaps are the inputs the readers did not get (zero: none missing).
	Gaps Gaps

	Files    []InputFile
	Problems []DataProblem
	// Assumed lists what was assumed for absent columns, once per column,
	// in English; AssumedZH holds the same lines in Chinese, in step.
	Assumed   []string
	AssumedZH []string
	// ChineseHeaders is true when the inputs' headers are mostly Chinese
	// (picks the report language for --lang auto).
	ChineseHeaders bool

	// DuplicateMembers: userid as first written, and the rows with it.
	DuplicateMembers []OwnerCount
	// UnknownOwners: contacts whose owner is not in the roster.
	UnknownOwners []OwnerCount
	// UnknownOwnerCustomers is the number of customer relationships among them
	// (they still count against the enterprise cap).
	UnknownOwnerCustomers int
	// DuplicateContacts: owner and extra rows with a repeated external id.
	DuplicateContacts []OwnerCount
	// HasExternalIDs is true when every contacts file carried external ids,
	// which overlap credit needs (docs/spec.md §3, receiver load).
	HasExternalIDs bool

	// CustomerIDs holds hashed external ids of the customers of members that
	// are leavers or receivers, sorted, for overlap credit (D15).
	CustomerIDs map[string][]uint64
	// Details holds contacts of possible leavers, by member key.
	Details map[string][]ContactDetail
	// Growth is the customers' add times by member and week (issue 28).
	Growth *capacity.Growth
}

// Member returns the member with the userid (case-insensitively), or nil.
func (in *Inputs) Member(userid string) *Member {
	k := Key(userid)
	for _, m := range in.Members {
		if Key(m.UserID) == k {
			return m
		}
	}
	return nil
}

// Index returns the members by key.
func (in *Inputs) Index() map[string]*Member {
	idx := make(map[string]*Member, len(in.Members))
	for _, m := range in.Members {
		idx[Key(m.UserID)] = m
	}
	return idx
}
