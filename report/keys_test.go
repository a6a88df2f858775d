package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/audit"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/rules"
)

// asked finds a message asked for by a literal key, with the id prefix its
// call adds: the report's labels (L, Lv, a writer's l, lf and L methods),
// and catalogue ids given whole (catalog.T, usage, a message error).
var asked = []struct {
	prefix string
	re     *regexp.Regexp
}{
	{"report.", regexp.MustCompile(`(?:\bL|\bLv|\bd\.l|\bd\.lf|\bb\.L)\("([a-z0-9_.]+)"`)},
	{"", regexp.MustCompile(`(?:catalog\.T\([^,()]+, |\busage\(|rules\.Msg\()"([a-z0-9_.]+)"`)},
	{"cli.verify.", regexp.MustCompile(`\bsay\("([a-z0-9_.]+)"`)},
	{"sheets.reconcile.", regexp.MustCompile(`\breconcileLabel\("([a-z0-9_.]+)"`)},
}

// TestLabelsComplete: every message the report, the command line and the
// page ask for by a literal key is in the catalogue, and so is every value
// of the keys they build (severities, statuses, levels, roles); a missing
// one would print its key.
func TestLabelsComplete(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../cmd/auditor", "../serve", "../pipeline"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range asked {
			for _, m := range a.re.FindAllStringSubmatch(string(b), -1) {
				prefix := a.prefix
				if prefix == "report." && strings.HasPrefix(filepath.Base(f), "plan_xlsx") {
					prefix = "sheets.plan." // the plan workbook's b.L
				}
				id := prefix + m[1]
				if strings.HasSuffix(id, ".") || strings.HasSuffix(id, "_") {
					continue // completed at run time: checked below
				}
				n++
				if !catalog.Has(id) {
					t.Errorf("%s asks for %s, which the catalogue lacks", f, id)
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d keys found: the patterns no longer match the calls", n)
	}
	var built []string
	for _, s := range rules.Severities {
		built = append(built, s.String())
	}
	for _, s := range []audit.Status{audit.Active, audit.Departing, audit.Departed} {
		built = append(built, s.String())
	}
	for _, s := range []audit.HandoverState{audit.HandoverReady, audit.HandoverBlocked, audit.HandoverUnknown} {
		built = append(built, "handover_"+s.String())
	}
	for _, v := range []audit.VerdictLevel{audit.VerdictReady, audit.VerdictAtRisk, audit.VerdictIncomplete, audit.VerdictBlocked} {
		built = append(built, "level_"+v.String())
	}
	for _, r := range []string{"roster", "contacts", "groups", "plan", "profile", "rules", "workbook"} {
		built = append(built, "role_"+r)
	}
	for _, k := range built {
		if !catalog.Has("report." + k) {
			t.Errorf("report.%s missing", k)
		}
	}
	for _, r := range []string{"roster", "contacts", "groups", "plan", "profile"} {
		if !catalog.Has("cli.role." + r) {
			t.Errorf("cli.role.%s missing", r)
		}
	}
}
