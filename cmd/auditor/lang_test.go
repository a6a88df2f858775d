package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFatalErrorsInUsersLanguage: with --lang zh, or --lang auto on a
// Chinese locale, a fatal error is said in Chinese and still names the file
// and the row; with --lang en, or no Chinese locale, in English. Bad input
// exits 2 either way.
func TestFatalErrorsInUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	outcomes := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(outcomes, []byte("客户ID,原跟进成员,接替状态\nwm1,wangfang,接替完毕\nwm2,wangfang,已转走\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile.yaml")
	if err := os.WriteFile(profile, []byte("company: x\nverified: maybe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reconcileArgs := func(lang ...string) []string {
		return append([]string{"reconcile"}, sample(append([]string{"--outcomes", outcomes, "--out", filepath.Join(dir, "out"), "--quiet"}, lang...)...)...)
	}
	for _, tc := range []struct {
		name   string
		locale string
		args   []string
		want   []string // every one in stderr
	}{
		{"bad outcome sheet, --lang zh", "C", reconcileArgs("--lang", "zh"), []string{"f.csv", "第 3 行", "接替状态"}},
		{"bad outcome sheet, --lang en", "zh_CN.UTF-8", reconcileArgs("--lang", "en"), []string{"f.csv, row 3, column 接替状态"}},
		{"bad outcome sheet, auto on a Chinese locale", "zh_CN.UTF-8", reconcileArgs(), []string{"f.csv", "第 3 行"}},
		{"bad outcome sheet, auto elsewhere", "en_US.UTF-8", reconcileArgs("--lang=auto"), []string{"f.csv, row 3"}},
		{"no inputs, --lang zh", "C", []string{"audit", "--lang", "zh"}, []string{"缺少通讯录（--roster）和客户联系导出（--contacts）"}},
		{"no inputs, --lang en", "C", []string{"audit", "--lang", "en"}, []string{"no roster (通讯录, --roster) and no contact export"}},
		{"misspelt flag, --lang zh", "C", []string{"audit", "--lang", "zh", "--rooster", "x"}, []string{"未知的参数 --rooster；是不是 --roster？"}},
		{"no such file, Chinese locale", "zh_CN.UTF-8", []string{"validate", filepath.Join(dir, "nothing.xlsx")}, []string{"nothing.xlsx：文件或文件夹不存在"}},
		{"unknown member, --lang zh", "C", append([]string{"check"}, sample("--member", "nobody", "--lang", "zh")...), []string{"中没有成员 \"nobody\""}},
		{"bad profile, --lang zh", "C", append([]string{"audit"}, append(sample("--lang", "zh", "--out", filepath.Join(dir, "out2")), "--profile", profile)...), []string{"profile.yaml", "第 2 行"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", tc.locale)
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", "")
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitUnusable {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUnusable, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
		})
	}
}
