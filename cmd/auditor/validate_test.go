package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateExactCounts: validate counts every problem of a kind, however
// many the reader listed one by one (it lists 1,000 a column).
func TestValidateExactCounts(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "roster.csv")
	os.WriteFile(roster, []byte("userid\na\n"), 0o644)
	var b strings.Builder
	b.WriteString("userid,类型\n")
	const rows = 2345
	for range rows {
		b.WriteString("a,微信用户\n")
	}
	contacts := filepath.Join(dir, "c.csv")
	os.WriteFile(contacts, []byte(b.String()), 0o644)
	for _, tt := range []struct{ lang, count, rest string }{
		{"en", "c.csv › 类型: 2,345 problems", "… and 2,325 more of this kind not listed"},
		{"zh", "c.csv › 类型: 2,345 条", "……另有 2,325 条同类问题未列出"},
	} {
		code, stdout, stderr := runCLI(t, "validate", "--lang", tt.lang, "--as-of", "2026-11-30", "--roster", roster, "--contacts", contacts)
		if code != 1 {
			t.Fatalf("%s: exit %d; stderr %s", tt.lang, code, stderr)
		}
		for _, want := range []string{tt.count, tt.rest} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.lang, want, stdout)
			}
		}
		if strings.Contains(stdout, "1,001") || strings.Contains(stdout, "1001") {
			t.Errorf("%s: the listing cap shows as a count:\n%s", tt.lang, stdout)
		}
	}
}
