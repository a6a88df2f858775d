package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerify: auditor verify says whether a folder's reports belong
// together and match their inputs.
func TestVerify(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, append([]string{"audit", "--out", out, "--lang", "en"}, sample()...)...); code > 1 {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "verify", out)
	if code != 0 || !strings.Contains(stdout, "belong together and match their inputs") {
		t.Fatalf("one run's set: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"✓ audit-2026-11-30.xlsx", "✓ audit-2026-11-30.pdf", "✓ input ../../samples/roster.xlsx (roster)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}

	// A run killed between its renames, or a second run with other
	// formats: a workbook of another run beside this JSON.
	xlsx := filepath.Join(out, "audit-2026-11-30.xlsx")
	keep, _ := os.ReadFile(xlsx)
	os.WriteFile(xlsx, append(keep, 0), 0o644)
	os.WriteFile(filepath.Join(out, "audit-2026-11-30.html"), []byte("x"), 0o644)
	code, stdout, _ = runCLI(t, "verify", "--lang", "zh", out)
	if code != 1 {
		t.Errorf("mixed set: exit %d; want 1\n%s", code, stdout)
	}
	for _, want := range []string{"✗ audit-2026-11-30.xlsx：不是与 audit-2026-11-30.json 同一次运行写出的文件", "✗ audit-2026-11-30.html", "2 处不符"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}

	code, _, stderr = runCLI(t, "verify", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "holds no JSON report") {
		t.Errorf("empty folder: exit %d: %s", code, stderr)
	}
}

// TestVerifyInputChanged: an input rewritten after the report was written
// is said to have changed; one that is gone is said to be unchecked, not
// passed.
func TestVerifyInputChanged(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	roster, contacts := filepath.Join(dir, "roster.csv"), filepath.Join(dir, "contacts.csv")
	os.WriteFile(roster, []byte("userid\na\n"), 0o644)
	os.WriteFile(contacts, []byte("添加人账号,客户ID\na,wm1\n"), 0o644)
	if code, _, stderr := runCLI(t, "audit", "--lang", "en", "--format", "json", "--as-of", "2026-11-30",
		"--roster", roster, "--contacts", contacts, "--out", out); code > 1 {
		t.Fatalf("audit: exit %d: %s", code, stderr)
	}
	os.WriteFile(roster, []byte("userid\na\nb\n"), 0o644)
	os.Remove(contacts)
	code, stdout, _ := runCLI(t, "verify", out)
	if code != 1 {
		t.Errorf("exit %d; want 1\n%s", code, stdout)
	}
	for _, want := range []string{"✗ input " + roster + " (roster): has changed since the report was written",
		"? input " + contacts + " (contacts): not found, cannot be checked", "1 mismatch;"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
