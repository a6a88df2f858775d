package ingest

import (
	"strings"
	"testing"

	"golang.org/x/text/width"

	"github.com/wecom-audit/auditor/rules"
)

func TestNormHeader(t *testing.T) {
	same := [][]string{
		{"Leave Date", "leave_date", "ＬｅａｖｅＤａｔｅ", "LEAVE-DATE", " leave\u3000date ", "leave\ndate"},
		{"UserID", "userid", "user_id", "User Id", "ＵＳＥＲＩＤ"},
		{"客户 ID", "客户ID", "客户ｉｄ"},
	}
	for _, group := range same {
		want := normHeader(group[0])
		for _, h := range group[1:] {
			if got := normHeader(h); got != want {
				t.Errorf("normHeader(%q) = %q; want %q (as %q)", h, got, want, group[0])
			}
		}
	}
	if normHeader("external_userid") == normHeader("userid") {
		t.Error("external_userid normalises to userid")
	}
}

// variants are the spellings one alias must match in: case, spaces,
// underscores and hyphens, full width.
func variants(a string) []string {
	return []string{
		a,
		strings.ToUpper(a),
		" " + a + " ",
		strings.ReplaceAll(a, "_", " "),
		strings.ReplaceAll(a, "_", "-"),
		width.Widen.String(a),
	}
}

func TestEveryAliasMatches(t *testing.T) {
	for _, role := range []*roleSpec{rosterRole, contactsRole, groupsRole, planRole} {
		for fi, f := range role.Fields {
			for _, a := range f.Aliases {
				for _, v := range variants(a) {
					row := []Cell{{Text: "unrelated"}, {Text: v}}
					// Supply the required columns other than this one.
					for ri, rf := range role.Fields {
						if rf.Required && ri != fi {
							row = append(row, Cell{Text: rf.Aliases[0]})
						}
					}
					h, ok := role.matchHeader(row)
					if !ok {
						t.Errorf("%s: header %q (alias of %s) not accepted", role.Role, v, f.Name)
						continue
					}
					if h.Col[fi] != 1 {
						t.Errorf("%s: header %q mapped to column %d, want 1 (field %s)", role.Role, v, h.Col[fi], f.Name)
					}
					if h.Text[fi] != strings.TrimSpace(v) {
						t.Errorf("%s: header as written = %q, want %q", role.Role, h.Text[fi], strings.TrimSpace(v))
					}
				}
			}
		}
	}
}

func TestSpecAliases(t *testing.T) {
	// docs/spec.md §2's tables, at least: every alias listed there must be known.
	spec := map[*roleSpec]map[string][]string{
		rosterRole: {
			"userid":           {"账号", "帐号", "UserID", "成员账号", "userid"},
			"name":             {"姓名", "成员", "name"},
			"department":       {"部门", "department"},
			"status":           {"状态", "在职状态", "员工状态", "status"},
			"departure_date":   {"离职日期", "离职时间", "departure_date", "leave_date"},
			"customer_contact": {"客户联系", "客户联系权限", "使用客户联系", "客户联系使用范围", "customer_contact", "in_scope"},
			"customer_cap":     {"客户上限", "客户数上限", "customer_cap"},
			"activated":        {"激活状态", "账号状态", "activated"},
			"real_name":        {"实名认证", "实名", "real_name_verified"},
			"last_login":       {"最近登录时间", "最后登录时间", "last_login"},
			"receiver":         {"接替人", "接替成员", "接替人账号", "receiver", "takeover_userid"},
		},
		contactsRole: {
			"owner":             {"添加人账号", "所属成员账号", "跟进成员账号", "成员账号", "owner_userid", "userid"},
			"external_id":       {"客户ID", "外部联系人ID", "external_userid", "contact_id"},
			"contact_name":      {"客户名称", "客户昵称", "外部联系人", "名称", "name"},
			"kind":              {"联系人类型", "类型", "关系类型", "kind", "type"},
			"added_at":          {"添加时间", "added_at"},
			"customers":         {"客户数", "customers"},
			"external_contacts": {"外部联系人数", "external_contacts"},
		},
		groupsRole: {
			"chat_id": {"群ID", "客户群ID", "chat_id"},
			"name":    {"群名称", "群名"},
			"owner":   {"群主账号", "群主", "owner_userid"},
			"members": {"群人数", "成员数", "member_count"},
		},
		planRole: {
			"userid":         {"离职人账号", "离职成员账号", "交接人账号", "handover_userid", "userid"},
			"departure_date": {"离职日期", "departure_date"},
			"receiver":       {"接替人账号", "接替人", "接替成员", "receiver", "takeover_userid"},
			"count":          {"数量", "分配数量", "count"},
		},
	}
	for role, fields := range spec {
		for field, aliases := range fields {
			fi := role.field(field)
			for _, a := range aliases {
				if got, ok := role.index[normHeader(a)]; !ok || got != fi {
					t.Errorf("%s: alias %q does not map to %s", role.Role, a, field)
				}
			}
		}
	}
}

func TestHeaderNotLookAlike(t *testing.T) {
	// A header must equal an alias, not contain one.
	for _, h := range []string{"external_userid", "userid2", "帐号：成员的唯一标识", "添加人", "客户", "成员账号名称"} {
		if _, ok := rosterRole.matchHeader([]Cell{{Text: h}}); ok {
			t.Errorf("roster header %q accepted as userid", h)
		}
	}
	if h, _ := contactsRole.matchHeader([]Cell{{Text: "添加人"}, {Text: "添加人账号"}}); h.Col[cOwner] != 1 {
		t.Errorf("owner column = %d, want 1 (添加人 is the name, 添加人账号 the userid)", h.Col[cOwner])
	}
	// Two columns for one field: the leftmost wins.
	h, _ := rosterRole.matchHeader([]Cell{{Text: "UserID"}, {Text: "帐号"}})
	if h.Col[rUserID] != 0 || h.Text[rUserID] != "UserID" {
		t.Errorf("duplicate userid headers: got column %d %q", h.Col[rUserID], h.Text[rUserID])
	}
}

// sliceSheet is a Sheet over rows in memory, for header tests.
type sliceSheet struct {
	rows [][]Cell
	n    int
}

func (s *sliceSheet) Name() string   { return "mem" }
func (s *sliceSheet) Next() bool     { s.n++; return s.n <= len(s.rows) }
func (s *sliceSheet) Row() []Cell    { return s.rows[s.n-1] }
func (s *sliceSheet) RowNumber() int { return s.n }
func (s *sliceSheet) Err() error     { return nil }
func (s *sliceSheet) Close() error   { return nil }

func textRow(cells ...string) []Cell {
	row := make([]Cell, len(cells))
	for i, c := range cells {
		row[i] = Cell{Text: c, Kind: KindString}
	}
	return row
}

func TestFindHeader(t *testing.T) {
	var rows [][]Cell
	for i := 0; i < 8; i++ {
		rows = append(rows, textRow("填写须知：说明 帐号"))
	}
	rows = append(rows, textRow("姓名", "帐号", "部门"), textRow("张三", "zhangsan", "销售部"))
	s := &sliceSheet{rows: rows}
	h, ok, _, err := findHeader(s, rosterRole)
	if !ok || err != nil || h.Row != 9 || h.Col[rUserID] != 1 || h.Col[rDepartment] != 2 {
		t.Fatalf("findHeader = %+v, %v, %v", h, ok, err)
	}
	// The stream continues after the header.
	if !s.Next() || s.Row()[1].Text != "zhangsan" {
		t.Fatal("data row does not follow the header")
	}

	// Row 51 is too far down.
	rows = nil
	for i := 0; i < headerSearchRows; i++ {
		rows = append(rows, textRow("x", "y"))
	}
	rows = append(rows, textRow("帐号"))
	_, ok, pv, _ := findHeader(&sliceSheet{rows: rows}, rosterRole)
	if ok {
		t.Fatal("header on row 51 accepted")
	}
	if pv.Row != 1 || !strings.Contains(pv.text().In("en"), "row 1 reads: x, y") {
		t.Errorf("preview = %q", pv.text().In("en"))
	}
	// Row 50 is not.
	rows = rows[1:]
	if h, ok, _, _ := findHeader(&sliceSheet{rows: rows}, rosterRole); !ok || h.Row != 50 {
		t.Errorf("header on row 50: ok=%v row=%d", ok, h.Row)
	}
}

// TestHeaderFoldAgreesWithVocabulary: the vocabulary is validated with
// rules.FoldHeader; the reader compares header cells with normHeader. They
// must agree on every alias, or a validated file could still collide here.
func TestHeaderFoldAgreesWithVocabulary(t *testing.T) {
	v := rules.Vocabulary()
	for role, fields := range v.Headers {
		for _, f := range fields {
			for _, a := range f.Aliases {
				if got, want := normHeader(a), rules.FoldHeader(a); got != want {
					t.Errorf("%s.%s: normHeader(%q) = %q, rules.FoldHeader = %q", role, f.Field, a, got, want)
				}
			}
		}
	}
}
