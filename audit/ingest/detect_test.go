package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetectRole(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, body, role string
		row              int
	}{
		{"roster.csv", "通讯录导出\n账号,姓名,部门,状态,离职日期\nzhangsan,张三,销售部,在职,\n", "roster", 2},
		{"customers.csv", "添加人账号,客户名称,客户ID,添加时间\nzhangsan,客户甲,wm1,2026-01-02\n", "contacts", 1},
		{"summary.csv", "成员账号,客户数,外部联系人数\nzhangsan,10,2\n", "contacts", 1},
		{"handover.csv", "离职人账号,离职日期,接替人账号,数量\nzhangsan,2026-12-01,lisi,10\n", "plan", 1},
		{"groups.csv", "群ID,群名称,群主账号,群人数\nc1,群一,zhangsan,20\n", "groups", 1},
		// a tie between roster (userid, name) and contacts (owner, name): roster
		{"tie.csv", "userid,name\nzhangsan,Zhang San\n", "roster", 1},
		{"profile.yaml", "verified: true\ndaily_active_users: 80\n", "profile", 0},
		{"nothing.csv", "a,b,c\n1,2,3\n", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := DetectRole(write(tc.name, tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if g.Role != tc.role || g.HeaderRow != tc.row {
				t.Fatalf("role %q row %d, want %q row %d (%+v)", g.Role, g.HeaderRow, tc.role, tc.row, g)
			}
			if tc.role != "" && tc.role != "profile" && len(g.Columns) == 0 {
				t.Fatal("no mapped columns")
			}
			if tc.role == "" && g.Why.IsZero() {
				t.Fatal("no reason given for an unknown role")
			}
		})
	}
	if _, err := DetectRole(write("bad.yaml", "verifed: true\n")); err == nil {
		t.Fatal("a profile with an unknown key was accepted")
	}
	if _, err := DetectRole(write("doc.xlsx", "%PDF-1.4 junk")); err == nil {
		t.Fatal("a PDF named .xlsx was accepted")
	}
}

// The sample enterprise's files are recognised for what they are.
func TestDetectRoleSamples(t *testing.T) {
	for name, role := range map[string]string{
		"roster.xlsx": "roster", "customers.xlsx": "contacts", "external-contacts.csv": "contacts",
		"contact-summary.xlsx": "contacts", "groups.xlsx": "groups", "handover.xlsx": "plan", "profile.yaml": "profile",
	} {
		g, err := DetectRole(filepath.Join("..", "..", "samples", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if g.Role != role {
			t.Errorf("%s: role %q, want %q (%+v)", name, g.Role, role, g)
		}
	}
}
