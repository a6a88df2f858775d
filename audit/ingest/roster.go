package ingest

import (
	"fmt"
	"strconv"

	"github.com/wecom-audit/auditor/audit"
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
// (docs/spec.md §2.1), in English and Chinese. The order is the order of the
// assumed lines.
var assumedCols = []struct {
	field                    int
	absent, absentZH         string // %s: file
	someMissed, someMissedZH string // %s: members, %s: file
}{
	{rScope,
		"no such column in %s, scope inferred from the contact exports",
		"%s 中没有此列，客户联系范围按联系人导出推断",
		"empty or unreadable for %s in %s, their scope inferred from the contact exports",
		"%[2]s 中有 %[1]s为空或无法识别，其客户联系范围按联系人导出推断"},
	{rActivated,
		"no such column in %s, every member assumed activated",
		"%s 中没有此列，所有成员按已激活处理",
		"empty or unreadable for %s in %s, assumed activated",
		"%[2]s 中有 %[1]s为空或无法识别，按已激活处理"},
	{rRealName,
		"no such column in %s, every member assumed real-name verified",
		"%s 中没有此列，所有成员按已实名认证处理",
		"empty or unreadable for %s in %s, assumed real-name verified",
		"%[2]s 中有 %[1]s为空或无法识别，按已实名认证处理"},
	{rLastLogin,
		"no such column in %s, every member assumed to have logged in recently",
		"%s 中没有此列，所有成员按近期登录过处理",
		"empty or unreadable for %s in %s, assumed to have logged in recently",
		"%[2]s 中有 %[1]s为空或无法识别，按近期登录过处理"},
	{rCap,
		"no such column in %s, every member assumed to have the default cap",
		"%s 中没有此列，所有成员按默认客户上限计算",
		"empty or unreadable for %s in %s, assumed to have the default cap",
		"%[2]s 中有 %[1]s为空或无法识别，按默认客户上限计算"},
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
				r.probs.add(t.place(n, rUserID), "no userid on this row; the row is ignored", "该行没有账号，已忽略")
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
				r.probs.add(t.place(n, rUserID),
					fmt.Sprintf("userid %s already appears on row %d (userids are case-insensitive); the first row is used and this one ignored", uid, first.Row.Row),
					fmt.Sprintf("账号 %s 已在第 %d 行出现（账号不区分大小写）；以第一行为准，本行忽略", uid, first.Row.Row))
				return
			}
			m := &audit.Member{UserID: uid, Row: t.place(n, rUserID)}
			r.readMember(t, row, n, m, missed)
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
		return &InputError{File: src.path, Sheet: ss.Name, Msg: fmt.Sprintf(
			"has a header on row %d but no member rows with a userid below it", ss.HeaderRow)}
	}
	for _, k := range dupOrder {
		r.in.DuplicateMembers = append(r.in.DuplicateMembers, audit.OwnerCount{UserID: r.idx[k].UserID, Count: dupRows[k]})
	}
	t := src.read
	r.in.Gaps.NoStatusColumn = !hasColumn(t, rosterRole.Fields[rStatus].Name)
	for _, a := range assumedCols {
		name := rosterRole.Fields[a.field].Name
		if !hasColumn(t, name) {
			r.assume(name+": "+fmt.Sprintf(a.absent, src.base), name+"："+fmt.Sprintf(a.absentZH, src.base))
		} else if c := missed[a.field]; c > 0 {
			r.assume(name+": "+fmt.Sprintf(a.someMissed, plural(c, "member", "members"), src.base),
				name+"："+fmt.Sprintf(a.someMissedZH, fmt.Sprintf("%d 名成员", c), src.base))
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
func (r *reader) assume(en, zh string) {
	r.in.Assumed = append(r.in.Assumed, en)
	r.in.AssumedZH = append(r.in.AssumedZH, zh)
	r.sum.Assumed = append(r.sum.Assumed, en)
	r.sum.AssumedZH = append(r.sum.AssumedZH, zh)
}

// plural writes "1 member", "3 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
		m.Departments = splitDepartments(t.text(row, rDepartment))
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
			r.badValue(t, n, rStatus, s,
				"a status (在职/active, 待离职/离职中/departing, 已离职/离职/departed, 退出企业/quit); the member's status is unknown",
				"在职状态（在职/active、待离职/离职中/departing、已离职/离职/departed、退出企业/quit）；该成员的在职状态按未知处理")
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
			r.badValue(t, n, rScope, s,
				"yes or no (是/否, 已开启/未开启, yes/no, true/false, 1/0, Y/N); scope is inferred from the contact exports",
				"是或否（是/否、已开启/未开启、yes/no、true/false、1/0、Y/N）；按客户联系导出推断")
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
			r.probs.add(t.place(n, rCap),
				fmt.Sprintf("customer cap %q is not a whole number from 1 to %d; the default cap is used", s, r.opt.MemberCapMax),
				fmt.Sprintf("客户上限 %q 不是 1 到 %d 之间的整数；按默认上限计算", s, r.opt.MemberCapMax))
		default:
			m.Cap = cp
		}
	}
	if t.h.has(rActivated) && !t.unknown(row, rActivated) {
		s := t.text(row, rActivated)
		a, ok := parseActivation(s)
		if !ok {
			r.badValue(t, n, rActivated, s,
				"an activation state (已激活/未激活/已禁用/退出企业, or yes/no); whether the member may receive customers is unknown",
				"激活状态（已激活/未激活/已禁用/退出企业，或是/否）；该成员能否接替客户按未知处理")
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
			r.badValue(t, n, rRealName, s,
				"yes or no (是/否, 已实名/未实名, yes/no, …); assumed verified",
				"是或否（是/否、已实名/未实名、yes/no 等）；按已实名处理")
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

// badValue records a cell that does not read as what its column holds.
func (r *reader) badValue(t *table, n, f int, value, wantEN, wantZH string) {
	r.probs.add(t.place(n, f),
		fmt.Sprintf("cannot read %s as %s", strconv.Quote(value), wantEN),
		fmt.Sprintf("无法识别 %s，应为%s", strconv.Quote(value), wantZH))
}

func (r *reader) badDate(t *table, n, f int, value string) {
	r.probs.add(t.place(n, f),
		fmt.Sprintf("cannot read %s as a date (write 2026-11-03, 2026/11/3 or 2026年11月3日); left empty", strconv.Quote(cleanText(value))),
		fmt.Sprintf("无法把 %s 识别为日期（请写作 2026-11-03、2026/11/3 或 2026年11月3日）；按空值处理", strconv.Quote(cleanText(value))))
}
