package ingest

import (
	"strconv"
	"strings"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

var (
	rUserID        = rosterRole.field("userid")
	rName          = rosterRole.field("name")
	rDepartment    = rosterRole.field("department")
	rStatus        = rosterRole.field("status")
	rDepartureDate = rosterRole.field("departure_date")
	rScope         = rosterRole.field("customer_contact")
	rCap           = rosterRole.field("customer_cap")
	rActivated     = rosterRole.field("activated")
	rRealName      = rosterRole.field("real_name")
	rLastLogin     = rosterRole.field("last_login")
	rReceiver      = rosterRole.field("receiver")
)

// assumedCols are the roster columns whose absence (or an empty or
// unreadable cell) makes a check pass by assumption, said once per column
// (docs/spec.md §2.1): catalogue messages ingest.assumed.<key>.absent and
// .missed. The order is the order of the assumed lines.
var assumedCols = []struct {
	field int
	key   string
}{
	{rScope, "scope"},
	{rActivated, "activated"},
	{rRealName, "real_name"},
	{rLastLogin, "last_login"},
	{rCap, "cap"},
}

func (r *reader) readRoster() error {
	src, err := r.open("roster", r.opt.Roster)
	if err != nil {
		return err
	}
	missed := map[int]int{} // field → members with an empty or unreadable cell
	dupRows := map[string]int{}
	var dupOrder []string
	err = r.sheets(src, rosterRole, false, func(t *table) error {
		return r.rows(t, func(row []Cell, n int) {
			if t.unknown(row, rUserID) {
				return // reported: the row is ignored
			}
			raw := t.h.cell(row, rUserID).Text
			uid, marks := userIDMarks(raw)
			if marks != "" {
				r.markProblem(t, n, rUserID, raw, uid, marks)
			}
			if uid == "" {
				r.probs.add(t.place(n, rUserID), rules.Msg("ingest.roster.no_userid", nil))
				return
			}
			k := audit.Key(uid)
			if first, dup := r.idx[k]; dup {
				// The first row wins (docs/spec.md §3); later ones are reported.
				if dupRows[k] == 0 {
					dupOrder = append(dupOrder, k)
					dupRows[k] = 1
				}
				dupRows[k]++
				r.probs.add(t.place(n, rUserID), rules.Msg("ingest.roster.duplicate", catalog.Args{"userid": uid, "row": strconv.Itoa(first.Row)}))
				return
			}
			m := &audit.Member{UserID: uid, Row: n}
			r.readMember(t, row, n, m, missed)
			// Kept to the end of the run: not as parts of the row.
			detach(&m.UserID, &m.Name, &m.Receiver, &m.CapInvalid)
			k = audit.Key(m.UserID)
			r.idx[k] = m
			r.in.Members = append(r.in.Members, m)
			if m.Status.Leaving() {
				r.leavers[k] = true
			}
			if m.Receiver != "" {
				r.receivers[audit.Key(m.Receiver)] = true
			}
		})
	})
	if err != nil {
		src.wb.Close()
		return err
	}
	if len(r.in.Members) == 0 {
		ss := src.read
		src.wb.Close()
		return inputError(InputError{File: src.path, Sheet: ss.Name}, "ingest.error.no_members", catalog.Args{"row": strconv.Itoa(ss.HeaderRow)})
	}
	for _, k := range dupOrder {
		r.in.DuplicateMembers = append(r.in.DuplicateMembers, audit.OwnerCount{UserID: r.idx[k].UserID, Count: dupRows[k]})
	}
	t := src.read
	r.in.Gaps.NoStatusColumn = !hasColumn(t, rosterRole.Fields[rStatus].Name)
	for _, a := range assumedCols {
		name := rosterRole.Fields[a.field].Name
		if !hasColumn(t, name) {
			r.assume(rules.Msg("ingest.assumed."+a.key+".absent", catalog.Args{"field": name, "file": src.base}))
		} else if c := missed[a.field]; c > 0 {
			r.assume(rules.Msg("ingest.assumed."+a.key+".missed", catalog.Args{"field": name, "file": src.base, "members": c}))
		}
	}
	return r.close(src)
}

func hasColumn(s *SheetSummary, field string) bool {
	for _, c := range s.Columns {
		if c.Field == field {
			return true
		}
	}
	return false
}

// assume records an assumption: in English in Inputs.Assumed (the
// report's list), and in both languages in the summary.
func (r *reader) assume(msg rules.Text) {
	en, zh := msg.In("en"), msg.In("zh")
	r.in.Assumed = append(r.in.Assumed, en)
	r.in.AssumedZH = append(r.in.AssumedZH, zh)
	r.sum.Assumed = append(r.sum.Assumed, en)
	r.sum.AssumedZH = append(r.sum.AssumedZH, zh)
}

// readMember reads the optional columns of a roster row into m. A bad cell
// is a data problem and leaves that field as if empty; the row is kept.
//
// A cell that cannot be read (a formula without a saved result, an error
// value) has been reported by checkUnreadable; here it makes the field
// unknown: StatusUnknown, ReceiverUnknown, Tri Unknown, no date, the
// default cap — never what a blank cell means where that differs.
func (r *reader) readMember(t *table, row []Cell, n int, m *audit.Member, missed map[int]int) {
	if !t.unknown(row, rName) {
		m.Name = t.text(row, rName)
	}
	if !t.unknown(row, rDepartment) {
		m.Departments = r.splitDepartments(t.text(row, rDepartment))
	}
	if t.unknown(row, rReceiver) {
		m.ReceiverUnknown = true
	} else {
		raw := t.h.cell(row, rReceiver).Text
		var marks string
		if m.Receiver, marks = userIDMarks(raw); marks != "" {
			r.markProblem(t, n, rReceiver, raw, m.Receiver, marks)
		}
	}
	for _, f := range []int{rScope, rCap, rActivated, rRealName, rLastLogin} {
		if t.unknown(row, f) {
			missed[f]++
		}
	}

	if t.unknown(row, rStatus) {
		m.Status = audit.StatusUnknown
	} else if s := t.text(row, rStatus); s != "" {
		st, ok := parseStatus(s)
		if !ok {
			r.badValue(t, n, rStatus, s, "ingest.want.status")
			st = audit.StatusUnknown
		}
		m.Status = st
	}
	if c := t.h.cell(row, rDepartureDate); !unreadable(c) && cleanText(c.Text) != "" {
		d, ok := parseDate(c)
		if !ok {
			r.badDate(t, n, rDepartureDate, c.Text)
		}
		m.DepartureDate = d
	}
	if t.h.has(rScope) && !t.unknown(row, rScope) {
		s := t.text(row, rScope)
		v, ok := parseTri(s)
		if !ok {
			r.badValue(t, n, rScope, s, "ingest.want.scope")
		}
		m.ScopeRoster = v
		if v == audit.Unknown {
			missed[rScope]++
		}
	}
	if t.h.has(rCap) && !t.unknown(row, rCap) {
		s := t.text(row, rCap)
		switch cp, ok := parseInt(s); {
		case s == "":
			missed[rCap]++
		case !ok || cp <= 0 || cp > r.opt.MemberCapMax:
			// invalid-member-cap: the engine uses the default and says so;
			// the assumed line counts the member too (it covers every
			// member given the default).
			m.CapInvalid = s
			missed[rCap]++
			r.probs.add(t.place(n, rCap), rules.Msg("ingest.roster.bad_cap", catalog.Args{"value": strconv.Quote(s), "max": strconv.Itoa(r.opt.MemberCapMax)}))
		default:
			m.Cap = cp
		}
	}
	if t.h.has(rActivated) && !t.unknown(row, rActivated) {
		s := t.text(row, rActivated)
		a, ok := parseActivation(s)
		if !ok {
			r.badValue(t, n, rActivated, s, "ingest.want.activation")
			a.Unreadable = true
		}
		m.Activated, m.Disabled, m.ActivationUnreadable = a.Activated, a.Disabled, a.Unreadable
		if a.Activated == audit.Unknown && !a.Disabled && !a.Unreadable {
			missed[rActivated]++
		}
	}
	if t.h.has(rRealName) && !t.unknown(row, rRealName) {
		s := t.text(row, rRealName)
		v, ok := parseRealName(s)
		if !ok {
			r.badValue(t, n, rRealName, s, "ingest.want.real_name")
		}
		m.RealName = v
		if v == audit.Unknown {
			missed[rRealName]++
		}
	}
	if t.h.has(rLastLogin) && !t.unknown(row, rLastLogin) {
		c := t.h.cell(row, rLastLogin)
		if cleanText(c.Text) == "" {
			missed[rLastLogin]++
		} else if d, ok := parseDate(c); ok {
			m.LastLogin = d
		} else {
			r.badDate(t, n, rLastLogin, c.Text)
			missed[rLastLogin]++
		}
	}
}

// splitDepartments is splitDepartments(s), one list (of strings of their
// own, not parts of the row) for every member with the same cell.
func (r *reader) splitDepartments(s string) []string {
	if ds, ok := r.departments[s]; ok {
		return ds
	}
	ds := splitDepartments(s)
	for i := range ds {
		detach(&ds[i])
	}
	r.departments[strings.Clone(s)] = ds
	return ds
}

// badValue records a cell that does not read as what its column holds;
// want is the catalogue message saying what it should hold and what is
// done instead.
func (r *reader) badValue(t *table, n, f int, value, want string) {
	r.probs.add(t.place(n, f), rules.Msg("ingest.value.bad", catalog.Args{"value": strconv.Quote(value), "want": rules.Msg(want, nil)}))
}

func (r *reader) badDate(t *table, n, f int, value string) {
	r.probs.add(t.place(n, f), rules.Msg("ingest.value.bad_date", catalog.Args{"value": strconv.Quote(cleanText(value))}))
}
