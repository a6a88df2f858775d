package reconcile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// TestSheetWordErrors: the words an outcome sheet may hold come from
// rules/vocabulary.yaml, and an unreadable cell's error still lists them.
func TestSheetWordErrors(t *testing.T) {
	rs := rules.Reconcile()
	for _, c := range []struct{ name, csv, want, zh string }{
		{"status", "客户ID,原跟进成员,接替状态\nwm1,wangfang,已转走\n",
			`f.csv, row 2, column 接替状态: "已转走" is not a takeover status: want 接替完毕, 等待接替, 客户拒绝, 接替成员客户达到上限 (or 1–4)`,
			`f.csv，第 2 行，列 接替状态："已转走" 不是接替状态：应为 接替完毕, 等待接替, 客户拒绝, 接替成员客户达到上限（或 1–4）`},
		{"route", "客户ID,原跟进成员,接替状态,继承类型\nwm1,wangfang,接替完毕,转走\n",
			`f.csv, row 2, column 继承类型: "转走" is not 在职继承 or 离职继承`,
			`f.csv，第 2 行，列 继承类型："转走" 不是 在职继承 或 离职继承`},
		{"no customer", "原跟进成员,接替状态\nwangfang,接替完毕\n",
			"no customer column: want one of 客户ID, 外部联系人ID, external_userid, customer_id, 客户名称, 客户, 客户昵称, customer, customer_name",
			"没有客户列：应为 客户ID"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.csv")
			if err := os.WriteFile(path, []byte(c.csv), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := ReadOutcomes([]string{path}, rs)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one containing %q", err, c.want)
			}
			var l catalog.Localizer
			if !errors.As(err, &l) || !strings.Contains(l.In("zh"), c.zh) {
				t.Errorf("In(zh) of %v does not contain %q", err, c.zh)
			}
		})
	}
	for _, c := range []struct {
		in   string
		want int
	}{{"已接替", 1}, {"Cap  Reached", 4}, {"客户已拒绝", 3}, {"pending", 2}} {
		if got, ok := sheetStatus(c.in, rs); !ok || got != c.want {
			t.Errorf("sheetStatus(%q) = %d, %v; want %d", c.in, got, ok, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want Route
	}{{"在职", RouteOnJob}, {" On-Job ", RouteOnJob}, {"离职继承", RouteResigned}, {"", RouteUnknown}} {
		if got, ok := sheetRoute(c.in); !ok || got != c.want {
			t.Errorf("sheetRoute(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}
