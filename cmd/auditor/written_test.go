package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
)

// TestPrintVerdictFoldsHandoverFiles: a split run's handover sheets are one
// line, the folder and its count, not one line per file.
func TestPrintVerdictFoldsHandoverFiles(t *testing.T) {
	out := filepath.Join("r", "out")
	written := []string{filepath.Join(out, "audit-2026-11-30.pdf")}
	for _, n := range []string{"a.pdf", "b.pdf", "c.pdf"} {
		written = append(written, filepath.Join(out, "handover", n))
	}
	written = append(written, filepath.Join(out, "audit-2026-11-30.json"))
	var buf bytes.Buffer
	printVerdict(&buf, &audit.Result{}, "en", written)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	got := strings.Join(lines[len(lines)-3:], "|")
	want := strings.Join([]string{written[0], filepath.Join(out, "handover") + string(filepath.Separator) + " (3 files)", written[4]}, "|")
	if got != want {
		t.Errorf("printed %q; want %q", got, want)
	}
}
