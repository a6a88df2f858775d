package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wecom-audit/auditor/audit/ingest"
	"github.com/wecom-audit/auditor/catalog"
	"github.com/wecom-audit/auditor/pipeline"
)

// Inputs may be given as arguments (files, folders, globs) as well as by
// flag: each file's role is recognised by ingest.DetectRole, the code the
// serve page uses, so the command line and the page agree on what a file
// is. A flag names a role outright and wins over what is found for that role.

// scanExts are the files a folder is searched for; anything else in a
// folder (reports, PDFs, Go sources) is passed over, since a CSV reader
// would find a "header" in almost any text file.
var scanExts = map[string]bool{".xlsx": true, ".xlsm": true, ".csv": true, ".yaml": true, ".yml": true}

// roleFlag is the flag that names each role, in the order roles are listed.
var roleFlags = []struct{ role, flag string }{
	{"roster", "roster"},
	{"contacts", "contacts"},
	{"groups", "groups"},
	{"plan", "plan"},
	{"profile", "profile"},
}

// roleName is a role in both languages (catalogue cli.role.*): the English
// name, then the Chinese name the export has in WeCom's console, whatever
// the user's language.
func roleName(role string) string {
	if !catalog.Has("cli.role." + role) {
		return role
	}
	return catalog.T("en", "cli.role."+role, nil) + " (" + catalog.T("zh", "cli.role."+role, nil) + ")"
}

// expandGlob returns the files a flag value or argument names: itself when
// it exists or holds no glob pattern, else the matches (cmd.exe does not
// expand globs, and a quoted glob is not expanded by any shell).
func expandGlob(what, p string) ([]string, error) {
	if _, err := os.Stat(p); err == nil || !strings.ContainsAny(p, "*?[") {
		return []string{p}, nil
	}
	m, err := filepath.Glob(p)
	if err != nil {
		return nil, usage("cli.input.bad_pattern", catalog.Args{"what": what, "pattern": strconv.Quote(p), "error": err.Error()})
	}
	if len(m) == 0 {
		return nil, usage("cli.input.no_match", catalog.Args{"what": what, "pattern": strconv.Quote(p)})
	}
	return m, nil
}

// found is one file an argument brought in, with what DetectRole made of it.
type found struct {
	path     string
	explicit bool // named as a file (or glob match), not found in a folder
	guess    ingest.Guess
	err      error
}

// resolveInputs turns the input flags and arguments into the files to read.
// It prints the roles it recognised to stderr before the run when any
// argument was given; it refuses (exit 2) a file given by flag whose header
// is another role's, two files found for a role that takes one, and an
// argument that is no input.
func resolveInputs(c *cli.Context, stderr io.Writer) (pipeline.Files, error) {
	files := pipeline.Files{Profile: c.String("profile"), Rules: c.String("rules")}
	flagged := map[string][]string{}
	for _, rf := range roleFlags[:4] {
		var vals []string
		if rf.role == "contacts" {
			vals = c.StringSlice("contacts")
		} else if v := c.String(rf.flag); v != "" {
			vals = []string{v}
		}
		for _, v := range vals {
			m, err := expandGlob("--"+rf.flag, v)
			if err != nil {
				return files, err
			}
			if rf.role != "contacts" && len(m) > 1 {
				return files, usage("cli.input.many_matches", catalog.Args{"flag": rf.flag, "pattern": strconv.Quote(v), "n": len(m), "files": strings.Join(m, ", ")})
			}
			for _, p := range m {
				if err := checkRole(rf.role, rf.flag, p); err != nil {
					return files, err
				}
			}
			flagged[rf.role] = append(flagged[rf.role], m...)
		}
	}
	if files.Profile != "" {
		flagged["profile"] = []string{files.Profile}
	}

	var fs []found
	var skipped []string
	for _, a := range c.Args().Slice() {
		m, err := expandGlob("argument", a)
		if err != nil {
			return files, err
		}
		for _, p := range m {
			st, err := os.Stat(p)
			if err != nil {
				return files, usage("cli.input.no_such_file", catalog.Args{"path": p})
			}
			if !st.IsDir() {
				fs = append(fs, found{path: p, explicit: true})
				continue
			}
			ents, err := os.ReadDir(p)
			if err != nil {
				return files, usage("cli.input.folder", catalog.Args{"path": p, "error": err.Error()})
			}
			for _, e := range ents {
				n := e.Name()
				// Hidden files and Excel's lock files (~$name.xlsx, present
				// while the workbook is open) are never inputs.
				if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "~$") {
					continue
				}
				if !scanExts[strings.ToLower(filepath.Ext(n))] {
					skipped = append(skipped, filepath.Join(p, n))
					continue
				}
				fs = append(fs, found{path: filepath.Join(p, n)})
			}
		}
	}
	if len(fs) == 0 && len(skipped) == 0 && c.NArg() == 0 {
		return assign(files, flagged)
	}

	byRole := map[string][]string{}
	var unknown []found
	for i := range fs {
		f := &fs[i]
		f.guess, f.err = ingest.DetectRole(f.path)
		if f.err != nil || f.guess.Role == "" {
			if f.explicit {
				if f.err != nil {
					return files, f.err
				}
				return files, usage("cli.input.not_recognised", catalog.Args{"path": f.path, "why": f.guess.Why})
			}
			unknown = append(unknown, *f)
			continue
		}
		byRole[f.guess.Role] = append(byRole[f.guess.Role], f.path)
	}

	for _, rf := range roleFlags {
		if got := byRole[rf.role]; len(got) > 1 && rf.role != "contacts" && len(flagged[rf.role]) == 0 {
			return files, usage("cli.input.several", catalog.Args{"n": len(got), "role": roleName(rf.role), "files": strings.Join(got, ", "), "flag": rf.flag})
		}
	}
	lang := userLang(c.String("lang"))
	fmt.Fprintln(stderr, "auditor: "+catalog.T(lang, "cli.inputs.recognised", nil))
	for _, rf := range roleFlags {
		got := byRole[rf.role]
		if len(flagged[rf.role]) > 0 {
			for _, p := range flagged[rf.role] {
				fmt.Fprintf(stderr, "  %s: %s (--%s)\n", roleName(rf.role), p, rf.flag)
			}
			for _, p := range got {
				if !containsPath(flagged[rf.role], p) {
					fmt.Fprintln(stderr, catalog.T(lang, "cli.inputs.not_used_given", catalog.Args{"role": roleName(rf.role), "path": p, "flag": rf.flag}))
				}
			}
			continue
		}
		for _, p := range got {
			fmt.Fprintf(stderr, "  %s: %s\n", roleName(rf.role), p)
		}
		flagged[rf.role] = got
	}
	for _, f := range unknown {
		why := f.guess.Why.In(lang)
		if f.err != nil {
			why = errorIn(f.err, lang)
		}
		fmt.Fprintln(stderr, catalog.T(lang, "cli.inputs.not_used", catalog.Args{"path": f.path, "why": why}))
	}
	if len(skipped) > 0 {
		sort.Strings(skipped)
		fmt.Fprintln(stderr, catalog.T(lang, "cli.inputs.passed_over", catalog.Args{"files": strings.Join(skipped, ", ")}))
	}
	return assign(files, flagged)
}

func assign(files pipeline.Files, by map[string][]string) (pipeline.Files, error) {
	one := func(role string) string {
		if v := by[role]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	files.Roster, files.Contacts, files.Groups, files.Plan = one("roster"), by["contacts"], one("groups"), one("plan")
	if p := one("profile"); p != "" {
		files.Profile = p
	}
	switch {
	case files.Roster == "" && len(files.Contacts) == 0:
		return files, usage("cli.input.missing_both", nil)
	case files.Roster == "":
		return files, usage("cli.input.missing_roster", nil)
	case len(files.Contacts) == 0:
		return files, usage("cli.input.missing_contacts", nil)
	}
	return files, nil
}

// checkRole refuses a file given by --flag whose header is plainly another
// role's. A file whose role cannot be told (no header found, unreadable) is
// left to the reader, whose message names the sheet, row and column.
func checkRole(role, flag, path string) error {
	g, err := ingest.DetectRole(path)
	if err != nil || g.Role == "" || g.Role == role {
		return nil
	}
	var cols []string
	for _, c := range g.Columns {
		cols = append(cols, c.Header)
		if len(cols) == 4 {
			break
		}
	}
	hint := "--" + g.Role
	if g.Role == "profile" {
		hint = "--profile"
	}
	return usage("cli.input.wrong_role", catalog.Args{"flag": flag, "path": path, "looks": roleName(g.Role), "want": roleName(role),
		"header": strings.Join(cols, ", "), "hint": hint})
}

func containsPath(list []string, p string) bool {
	for _, x := range list {
		if filepath.Clean(x) == filepath.Clean(p) {
			return true
		}
	}
	return false
}
