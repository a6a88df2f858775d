package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-audit/auditor/samples"
)

// The one answer per leaver (issue 22): every JSON that lists leavers —
// audit departing[], check --format json, plan leavers[] and reconcile
// leavers[] without outcomes — carries the same decision object for each,
// and each handover sheet of the PDF says the same gate. Run over the
// showcase samples and over generated enterprises of several seeds.
func TestOneDecisionEverywhere(t *testing.T) {
	type dataset struct {
		name string
		args []string // input flags, --as-of included
	}
	sets := []dataset{{"samples", sample()}}
	seeds := []uint64{1, 2, 3, 7, 11, 42}
	if testing.Short() {
		seeds = seeds[:2]
	}
	for _, seed := range seeds {
		dir := t.TempDir()
		if err := samples.Generate(dir, samples.Config{Members: 160, Contacts: 2500, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		f := samples.Files
		sets = append(sets, dataset{fmt.Sprintf("seed-%d", seed), []string{
			"--roster", filepath.Join(dir, f.Roster), "--contacts", filepath.Join(dir, f.Contacts),
			"--groups", filepath.Join(dir, f.Groups), "--plan", filepath.Join(dir, f.Plan),
			"--profile", filepath.Join(dir, f.Profile), "--as-of", "2026-11-30"}})
	}
	// An outcome file that concerns no leaver: reconcile without outcomes.
	none := filepath.Join(t.TempDir(), "no-outcomes.json")
	if err := os.WriteFile(none, []byte(`{"errcode":0,"errmsg":"ok","customer":[],"next_cursor":""}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, havePDF := exec.LookPath("pdftotext")
	for _, ds := range sets {
		t.Run(ds.name, func(t *testing.T) {
			out := t.TempDir()
			formats := "json,pdf"
			if havePDF != nil {
				formats = "json"
			}
			mustRun(t, append([]string{"audit"}, append(ds.args, "--out", out, "--quiet", "--lang", "en", "--format", formats)...)...)
			mustRun(t, append([]string{"plan"}, append(ds.args, "--out", out, "--quiet")...)...)
			mustRun(t, append([]string{"reconcile"}, append(ds.args, "--out", out, "--quiet", "--format", "json", "--outcomes", none)...)...)

			audit := decisions(t, filepath.Join(out, "audit-2026-11-30.json"), "departing")
			if len(audit) == 0 {
				t.Fatal("no leavers in the audit: the test would compare nothing")
			}
			t.Logf("%d leavers", len(audit))
			for _, other := range []struct{ file, list string }{
				{"plan-2026-11-30.json", "leavers"}, {"reconcile-2026-11-30.json", "leavers"},
			} {
				got := decisions(t, filepath.Join(out, other.file), other.list)
				for id, d := range audit {
					if g, ok := got[id]; !ok {
						t.Errorf("%s: %s is missing", other.file, id)
					} else if !bytes.Equal(g, d) {
						t.Errorf("%s: %s's decision differs from the audit's\naudit: %s\n%s: %s", other.file, id, d, other.file, g)
					}
				}
				for id := range got {
					if _, ok := audit[id]; !ok {
						t.Errorf("%s: %s is a leaver the audit does not list", other.file, id)
					}
				}
			}
			for id, d := range audit {
				code, stdout, stderr := runCLI(t, append([]string{"check"}, append(ds.args, "--member", id, "--format", "json", "--quiet")...)...)
				if code == 2 {
					t.Fatalf("check --member %s: exit 2: %s", id, stderr)
				}
				var doc struct {
					Decision json.RawMessage `json:"decision"`
				}
				if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
					t.Fatalf("check --member %s: %v", id, err)
				}
				if g := compact(t, doc.Decision); !bytes.Equal(g, d) {
					t.Errorf("check --member %s: decision differs from the audit's\naudit: %s\ncheck: %s", id, d, g)
				}
			}
			if havePDF == nil {
				pdfGates(t, filepath.Join(out, "audit-2026-11-30.pdf"), filepath.Join(out, "audit-2026-11-30.json"))
			}
		})
	}
}

func mustRun(t *testing.T, args ...string) {
	t.Helper()
	if code, _, stderr := runCLI(t, args...); code == 2 {
		t.Fatalf("%s: exit 2: %s", args[0], stderr)
	}
}

func compact(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decisions reads file's list of leavers: userid → compact decision.
func decisions(t *testing.T, file, list string) map[string][]byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var ls []struct {
		UserID   string          `json:"userid"`
		Decision json.RawMessage `json:"decision"`
	}
	if err := json.Unmarshal(doc[list], &ls); err != nil {
		t.Fatalf("%s: %s: %v", file, list, err)
	}
	m := map[string][]byte{}
	for _, l := range ls {
		if len(l.Decision) == 0 || string(l.Decision) == "null" {
			t.Errorf("%s: %s carries no decision", file, l.UserID)
			continue
		}
		m[l.UserID] = compact(t, l.Decision)
	}
	return m
}

// pdfGates holds each handover sheet's "May the account be deleted" to the
// JSON's delete_account for that leaver.
func pdfGates(t *testing.T, pdf, jsonFile string) {
	t.Helper()
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Departing []struct {
			UserID   string `json:"userid"`
			Decision struct {
				Gate string `json:"delete_account"`
			} `json:"decision"`
		} `json:"departing"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	words := map[string]string{"not_yet": "Not yet", "allowed": "May be deleted", "unknown": "Unknown"}
	gateRE := regexp.MustCompile(`May the account be deleted\s+(Not yet|May be deleted|Unknown)`)
	// Each sheet starts "Handover sheet N of M" and names its leaver in the
	// running header just before; the gate is on its first page.
	sheets := regexp.MustCompile(`Handover sheet \d+ of \d+\n`).Split(string(text), -1)
	found := 0
	for _, l := range doc.Departing {
		for i := 1; i < len(sheets); i++ {
			prev := sheets[i-1]
			if !strings.Contains(prev[max(0, len(prev)-600):], "("+l.UserID+")") {
				continue
			}
			m := gateRE.FindStringSubmatch(sheets[i])
			if m == nil {
				t.Errorf("PDF: %s's handover sheet has no gate", l.UserID)
			} else if m[1] != words[l.Decision.Gate] {
				t.Errorf("PDF: %s's handover sheet says %q, the JSON %q", l.UserID, m[1], l.Decision.Gate)
			}
			found++
			break
		}
	}
	t.Logf("PDF: %d of %d handover sheets' gates compared", found, len(doc.Departing))
	if found == 0 && len(doc.Departing) > 0 {
		t.Errorf("PDF: no handover sheet found for any of %d leavers", len(doc.Departing))
	}
}
