package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyInto copies files of samples/ into dir under new names (name → sample).
func copyInto(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		b, err := os.ReadFile(filepath.Join("../../samples", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInputsFromFolders runs the commands on folders, globs and files as
// arguments: roles recognised as the page does, listed on stderr before the
// run; ambiguity and mismatched flags refused with exit 2.
func TestInputsFromFolders(t *testing.T) {
	// What was recognised is said in the locale's language here (no --lang).
	t.Setenv("LC_ALL", "C")
	exports := t.TempDir()
	// HR's own names, with a comma and no hint of the role in them.
	copyInto(t, exports, map[string]string{
		"通讯录导出.xlsx":      "roster.xlsx",
		"客户,11月.xlsx":     "customers.xlsx",
		"external.csv":    "external-contacts.csv",
		"汇总.xlsx":         "contact-summary.xlsx",
		"群.xlsx":          "groups.xlsx",
		"交接表.xlsx":        "handover.xlsx",
		"profile.yaml":    "profile.yaml",
		"notes.txt":       "profile.yaml",
		"~$通讯录导出.xlsx":    "roster.xlsx", // Excel's lock file: never an input
		".hidden.csv":     "external-contacts.csv",
		"sub/roster.xlsx": "roster.xlsx", // folders are not searched below the top
	})
	if err := os.WriteFile(filepath.Join(exports, "readme.csv"), []byte("just,some\nwords,here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	twoRosters := t.TempDir()
	copyInto(t, twoRosters, map[string]string{"a.xlsx": "roster.xlsx", "b.xlsx": "roster.xlsx", "c.xlsx": "customers.xlsx"})
	onlyRoster := t.TempDir()
	copyInto(t, onlyRoster, map[string]string{"a.xlsx": "roster.xlsx"})
	s := "../../samples/"
	asOf := []string{"--as-of", "2026-11-30"}
	tests := []struct {
		name   string
		args   []string
		exit   int
		stdout string
		stderr []string
		absent []string
	}{
		{"folder, flags after it", append([]string{"validate", exports}, asOf...), 1, "",
			[]string{"roster (通讯录): " + filepath.Join(exports, "通讯录导出.xlsx"), filepath.Join(exports, "客户,11月.xlsx"),
				"customer groups (客户群): ", "handover sheet (离职交接表): ", "enterprise profile (企业档案): ",
				"not used: " + filepath.Join(exports, "readme.csv"), "passed over", "notes.txt"},
			[]string{"~$", ".hidden", "sub"}},
		{"folder with the roster given by flag", append([]string{"check", "--member", "zhangsan", exports, "--roster", s + "roster.xlsx"}, asOf...), 0, "zhangsan",
			[]string{"roster (通讯录): " + s + "roster.xlsx (--roster)", "not used, --roster was given"}, nil},
		{"two rosters in a folder", append([]string{"audit", twoRosters}, asOf...), 2, "",
			[]string{"2 files look like the roster", "a.xlsx", "b.xlsx", "--roster"}, nil},
		{"no contacts found", append([]string{"validate", onlyRoster}, asOf...), 2, "",
			[]string{"no contact export", "docs/exports.md"}, nil},
		{"nothing at all", []string{"audit"}, 2, "", []string{"no roster", "--roster"}, nil},
		{"files as arguments", append([]string{"check", "--member", "zhangsan", s + "roster.xlsx", s + "customers.xlsx"}, asOf...), 0, "zhangsan",
			[]string{"contacts (客户联系): " + s + "customers.xlsx"}, nil},
		{"quoted glob for --contacts", append([]string{"check", "--member", "zhangsan", "--roster", s + "roster.xlsx", "--contacts", s + "c*.xlsx"}, asOf...), 0, "zhangsan", nil, nil},
		{"glob matching nothing", append([]string{"validate", "--roster", s + "roster.xlsx", "--contacts", s + "nothing*.xlsx"}, asOf...), 2, "",
			[]string{"no file matches"}, nil},
		{"comma in a file name is not split", append([]string{"check", "--member", "zhangsan", "--roster", s + "roster.xlsx", "--contacts", filepath.Join(exports, "客户,11月.xlsx")}, asOf...), 0, "zhangsan", nil, nil},
		{"contacts given as roster", append([]string{"audit", "--roster", s + "external-contacts.csv", "--contacts", s + "customers.xlsx"}, asOf...), 2, "",
			[]string{"looks like the contacts (客户联系), not the roster (通讯录)", "give it as --contacts"}, nil},
		{"roster given as contacts", append([]string{"plan", "--roster", s + "roster.xlsx", "--contacts", s + "roster.xlsx"}, asOf...), 2, "",
			[]string{"looks like the roster (通讯录), not the contacts"}, nil},
		{"an argument that is no input", append([]string{"validate", "--roster", s + "roster.xlsx", s + "generate.go"}, asOf...), 2, "",
			[]string{"generate.go: not recognised as an input"}, nil},
		{"a missing argument", append([]string{"validate", "nowhere/"}, asOf...), 2, "", []string{"nowhere/: no such file or folder"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if args[0] == "audit" || args[0] == "plan" {
				args = append(args, "--out", t.TempDir(), "--format", "json")
				if args[0] == "plan" {
					args = args[:len(args)-2]
				}
			}
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.exit, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, stdout)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, stderr)
				}
			}
		})
	}
}

// TestInputsFolderAuditsAsFlags: a folder gives the same report as the
// same files named by flag.
func TestInputsFolderAuditsAsFlags(t *testing.T) {
	dir := t.TempDir()
	copyInto(t, dir, map[string]string{"r.xlsx": "roster.xlsx", "c.xlsx": "customers.xlsx", "g.xlsx": "groups.xlsx"})
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, "audit", dir, "--as-of", "2026-11-30", "--out", a, "--format", "json"); code != 0 {
		t.Fatalf("folder: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "audit", "--roster", filepath.Join(dir, "r.xlsx"), "--contacts", filepath.Join(dir, "c.xlsx"),
		"--groups", filepath.Join(dir, "g.xlsx"), "--as-of", "2026-11-30", "--out", b, "--format", "json"); code != 0 {
		t.Fatalf("flags: exit %d: %s", code, stderr)
	}
	ja, _ := os.ReadFile(filepath.Join(a, "audit-2026-11-30.json"))
	jb, _ := os.ReadFile(filepath.Join(b, "audit-2026-11-30.json"))
	// The audit trail holds the command line, which differs; the findings do not.
	cut := func(j []byte) string {
		s := string(j)
		if i := strings.Index(s, `"findings"`); i >= 0 {
			return s[i:]
		}
		return s
	}
	if len(ja) == 0 || cut(ja) != cut(jb) {
		t.Errorf("folder and flags give different findings:\n%.400s\n---\n%.400s", cut(ja), cut(jb))
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"misspelt flag", []string{"audit", "--rostr", "x.xlsx"}, "unknown flag --rostr; did you mean --roster?"},
		{"misspelt flag of check", []string{"check", "--membr", "x"}, "did you mean --member?"},
		{"misspelt flag of the app", []string{"--cpuprofil", "x", "rules"}, "unknown flag --cpuprofil"},
		{"unknown flag far from any", []string{"validate", "--zzzzzzzz"}, "unknown flag --zzzzzzzz (auditor validate --help"},
		{"lang cn", append([]string{"validate"}, sample("--lang", "cn")...), "--lang cn: unknown language; for Chinese reports give --lang zh"},
		{"lang fr", append([]string{"audit"}, sample("--lang", "fr")...), "--lang fr: unknown language; want auto, zh or en"},
		{"missing history folder", append([]string{"audit"}, sample("--history", "no-such-folder")...), "--history no-such-folder: no such folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %s", code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			// One line: no help text around it, not said twice.
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 || strings.Contains(stdout, "USAGE") {
				t.Errorf("want one line of error, got %d more lines:\nstdout: %s\nstderr: %s", n, stdout, stderr)
			}
		})
	}
}

func TestInterspersed(t *testing.T) {
	got := interspersedFor(t, []string{"auditor", "audit", "dir", "--out", "o", "--quiet", "--format=json", "x.csv", "--", "-odd"})
	want := "auditor audit --out o --quiet --format=json -- dir x.csv -odd"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, " "), want)
	}
	// A command without input arguments is left as it is.
	got = interspersedFor(t, []string{"auditor", "rules", "x", "--format", "json"})
	if strings.Join(got, " ") != "auditor rules x --format json" {
		t.Errorf("rules: %q", got)
	}
}

func interspersedFor(t *testing.T, args []string) []string {
	t.Helper()
	var out, errb bytes.Buffer
	return interspersed(newApp(args, &out, &errb, new(func() error)), args)
}

func TestSamplesOutNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	hr := []byte("HR's own roster")
	if err := os.WriteFile(filepath.Join(dir, "roster.xlsx"), hr, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "samples", "--out", dir, "--members", "5", "--contacts", "20")
	if code != 2 || !strings.Contains(stderr, "already holds roster.xlsx, not written by auditor samples; nothing was written") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "roster.xlsx")); !bytes.Equal(b, hr) {
		t.Fatal("HR's roster.xlsx was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "contacts.xlsx")); err == nil {
		t.Fatal("contacts.xlsx written beside a refused roster")
	}
	// Its own folder may be written again.
	own := filepath.Join(t.TempDir(), "new")
	for i := range 2 {
		if code, _, stderr := runCLI(t, "samples", "--out", own, "--members", "5", "--contacts", "20"); code != 0 {
			t.Fatalf("run %d: exit %d: %s", i+1, code, stderr)
		}
	}
	// And the folder it wrote is an input folder.
	if code, _, stderr := runCLI(t, "validate", own, "--as-of", "2026-11-30"); code > 1 {
		t.Fatalf("validate the samples folder: exit %d: %s", code, stderr)
	}
}

// TestPlainProgress: with stderr not a terminal, a line every plainEvery
// while a sheet is read, and none before the first row.
func TestPlainProgress(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, false)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return now }
	p.update("contacts.xlsx", "Sheet1", 0, -1)
	for i := 1; i <= 12; i++ {
		now = now.Add(time.Second)
		p.update("contacts.xlsx", "Sheet1", int64(i)*1000, float64(i)/12)
	}
	p.finish()
	want := "auditor: reading contacts.xlsx · Sheet1: 5,000 rows (42%), 5s\n" +
		"auditor: reading contacts.xlsx · Sheet1: 10,000 rows (83%), 10s\n" +
		"auditor: reading contacts.xlsx · Sheet1: 12,000 rows (100%), 12s\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// A quick sheet says nothing.
	b.Reset()
	p.update("roster.xlsx", "", 10, -1)
	p.finish()
	if b.Len() != 0 {
		t.Errorf("a quick sheet wrote %q", b.String())
	}
}

// TestBarNotBeforeFirstRow: the terminal bar is not drawn before a row is
// read (it read "100% (0/-, 0 rows/hr)").
func TestBarNotBeforeFirstRow(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, true)
	p.update("roster.xlsx", "Sheet1", 0, 1)
	if b.Len() != 0 || p.bar != nil {
		t.Errorf("bar drawn before the first row: %q", b.String())
	}
	p.update("roster.xlsx", "Sheet1", 5, 0.5)
	if p.bar == nil {
		t.Error("no bar after rows were read")
	}
	p.finish()
}

func TestReportWritingProgress(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, append([]string{"audit"}, sample("--out", out, "--format", "xlsx,json")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"auditor: writing audit-2026-11-30.xlsx\n", "auditor: writing audit-2026-11-30.json\n"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	_, _, quiet := runCLI(t, append([]string{"audit"}, sample("--out", out, "--format", "json", "--quiet")...)...)
	if strings.Contains(quiet, "writing") {
		t.Errorf("--quiet still says %q", quiet)
	}
}
