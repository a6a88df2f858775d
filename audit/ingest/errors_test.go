package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/catalog"
)

// TestInputErrorIn: an input error says the same line in the reader's
// language, naming file, sheet, row and column; In("en") is Error().
func TestInputErrorIn(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    *InputError
		en, zh string
	}{
		{"cell", &InputError{File: "roster.xlsx", Sheet: "成员列表", Row: 20, Column: "状态", Msg: "bad"},
			"roster.xlsx, sheet 成员列表, row 20, column 状态: bad", "roster.xlsx，工作表 成员列表，第 20 行，列 状态：bad"},
		{"line", &InputError{File: "profile.yaml", Row: 1200, Lines: true, Msg: "bad"},
			"profile.yaml, line 1200: bad", "profile.yaml，第 1200 行：bad"},
		{"catalogued", inputError(InputError{File: "--roster"}, "ingest.error.no_roster", nil),
			"--roster: no roster given; the roster (通讯录) is required", "--roster：未提供通讯录；通讯录是必需的"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.err.Error(); got != c.en {
				t.Errorf("Error() = %q, want %q", got, c.en)
			}
			if got := c.err.In("en"); got != c.en {
				t.Errorf("In(en) = %q, want %q", got, c.en)
			}
			if got := c.err.In("zh"); got != c.zh {
				t.Errorf("In(zh) = %q, want %q", got, c.zh)
			}
			var l catalog.Localizer
			if !errors.As(error(c.err), &l) {
				t.Error("an InputError is not a catalog.Localizer")
			}
		})
	}
}

// TestNoHeaderIn: the commonest input error, a sheet without the required
// header, in both languages; its English is what it always was.
func TestNoHeaderIn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(path, []byte("名字,部门\n张三,销售\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Read(Options{Roster: path, Contacts: []string{path}})
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an InputError", err)
	}
	en := "roster.csv: no header row with the required column userid (looked for 账号, 帐号, UserID, 成员账号, userid) in the first 50 rows; row 1 reads: 名字, 部门"
	zh := "roster.csv：前 50 行中没有含必需列的表头：userid（查找了 账号, 帐号, UserID, 成员账号, userid）；第 1 行为：名字, 部门"
	prefix := dir + string(filepath.Separator)
	if got := strings.TrimPrefix(ie.Error(), prefix); got != en {
		t.Errorf("Error() = %q\nwant      %q", got, en)
	}
	if got := strings.TrimPrefix(ie.In("zh"), prefix); got != zh {
		t.Errorf("In(zh) = %q\nwant      %q", got, zh)
	}
}
