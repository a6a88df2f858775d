package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/report"
)

// TestRulesFileDigestIsOfTheBytesParsed: the trail records the SHA-256 of
// the rules file as it was parsed, taken in the same read (loadRules), not
// of a second read of the path: replaced after the parse, the file's new
// bytes are not what the audit used.
func TestRulesFileDigestIsOfTheBytesParsed(t *testing.T) {
	dir := t.TempDir()
	rulesPath := filepath.Join(dir, "rules.yaml")
	first := []byte("reconcile:\n  limits:\n    onjob_transfers_per_window: 1\n")
	if err := os.WriteFile(rulesPath, first, 0o644); err != nil {
		t.Fatal(err)
	}
	samples := filepath.Join("..", "samples")
	s, err := Read(Files{
		Roster:   filepath.Join(samples, "roster.xlsx"),
		Contacts: []string{filepath.Join(samples, "customers.xlsx")},
		Rules:    rulesPath,
	}, Options{AsOf: audit.NewDate(2026, 11, 30)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rulesPath, []byte(strings.Replace(string(first), "1\n", "2\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	var opt report.Options
	if err := s.Trail(&opt, []string{"auditor", "audit"}, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(first)
	if opt.RulesFile == nil || opt.RulesFile.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("rules file recorded as %+v; want the SHA-256 of the bytes parsed, %x", opt.RulesFile, sum)
	}
}
